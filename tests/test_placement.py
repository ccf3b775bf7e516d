"""device_map="auto" predicted on a skeleton (checks/placement.py) against what from_pretrained really does."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

import pytest

from hf_doctor.checks import placement
from hf_doctor.checks.fit import FitPlan, ModelShape, placement_of
from hf_doctor.checks.gpu_probe import GpuInfo, GpuProbe
from hf_doctor.checks.units import GIB
from hf_doctor.emulator.catalog import LLAMA_31_8B_CONFIG

SMALL_LLAMA: Dict[str, Any] = {"model_type": "llama", "architectures": ["LlamaForCausalLM"], "hidden_size": 256,
                               "intermediate_size": 688, "num_attention_heads": 4, "num_key_value_heads": 2,
                               "num_hidden_layers": 8, "vocab_size": 2048, "tie_word_embeddings": False}


@pytest.mark.parametrize("tied", [False, True])
def test_the_prediction_is_the_device_map_from_pretrained_computes(tmp_path: Path, tied: bool) -> None:
    """A real load of a saved model with device_map="auto" on a host whose RAM holds only part of it: the real
    hf_device_map (CPU and disk) has the layers the skeleton predicted, on the same devices."""
    torch = pytest.importorskip("torch")
    from transformers import AutoModelForCausalLM, LlamaConfig, LlamaForCausalLM
    from transformers.integrations import accelerate as integration

    settings = {**{k: v for k, v in SMALL_LLAMA.items() if k != "model_type"}, "tie_word_embeddings": tied}
    torch.manual_seed(0)
    LlamaForCausalLM(LlamaConfig(**settings)).save_pretrained(tmp_path / "model")
    total = sum(p.numel() * 4 for p in LlamaForCausalLM(LlamaConfig(**settings)).parameters())
    host = placement.rounded(int(total * 0.6))   # 90 % of it for weights: some layers must go to disk
    predicted = placement.predict({**SMALL_LLAMA, "tie_word_embeddings": tied}, "float32", [], host)
    with placement._hardware(integration, {"cpu": host}):
        model = AutoModelForCausalLM.from_pretrained(tmp_path / "model", dtype=torch.float32, device_map="auto",
                                                     offload_folder=str(tmp_path / "offload"))
    real = placement.layers_by_device(model, model.hf_device_map)
    assert real == dict(predicted.layers)
    assert real["disk"] > 0 and real["cpu"] > 0 and sum(real.values()) == 8


def test_layers_are_counted_by_the_longest_entry_that_names_them() -> None:
    torch = pytest.importorskip("torch")
    from transformers import AutoConfig, AutoModelForCausalLM

    settings = {k: v for k, v in SMALL_LLAMA.items() if k != "model_type"}
    with torch.device("meta"):
        model = AutoModelForCausalLM.from_config(AutoConfig.for_model("llama", **settings))
    assert placement.layers_by_device(model, {"": 0}) == {"gpu": 8, "cpu": 0, "disk": 0}
    split = {"model.embed_tokens": 0, **{f"model.layers.{i}": 0 for i in range(5)}, "model.layers.5": "cpu",
             "model.layers.6": "cpu", "model.layers.7": "disk", "model.norm": "disk", "lm_head": "disk"}
    assert placement.layers_by_device(model, split) == {"gpu": 5, "cpu": 2, "disk": 1}
    assert placement.layers_by_device(model, {"model": "cpu", "lm_head": 0}) == {"gpu": 0, "cpu": 8, "disk": 0}


def test_an_architecture_transformers_does_not_know_is_estimated_and_says_why() -> None:
    shape = ModelShape(parameters=8_000_000_000, embedding_parameters=1_000_000_000, layers=32)
    probe = GpuProbe(gpus=(GpuInfo(0, "Tesla T4", int(14.75 * GIB), int(14.75 * GIB), (7, 5)),), source="nvml")
    where = placement_of({"model_type": "no-such-architecture", "num_hidden_layers": 32}, shape, "float16", probe,
                         12 * GIB)
    assert (where.source, where.reason) == ("estimate", "unknown_architecture")
    assert where.layers["gpu"] + where.layers["cpu"] + where.layers["disk"] == 32 and 0 < where.layers["cpu"]
    assert placement_of(None, shape, "float16", probe, 12 * GIB).reason == "missing_config"


def test_the_estimate_fills_the_gpu_then_ram_then_disk() -> None:
    layer = GIB
    roomy = placement.estimate(10, 10 * layer + GIB, GIB, [20 * GIB], 64 * GIB, "missing_config")
    assert dict(roomy.layers) == {"gpu": 10, "cpu": 0, "disk": 0} and not roomy.offloaded
    split = placement.estimate(10, 10 * layer + GIB, GIB, [int(7.5 * GIB / 0.9)], int(2.5 * GIB / 0.9), "x")
    assert dict(split.layers) == {"gpu": 6, "cpu": 2, "disk": 2} and split.offloaded
    assert sum(split.weight_bytes.values()) == 11 * GIB


def test_a_plan_keeps_the_placement_under_the_same_keys_as_the_generation() -> None:
    torch_free = [int(14.75 * GIB)]
    where = placement.predict(LLAMA_31_8B_CONFIG, "float16", torch_free, 11 * GIB)
    shown = where.to_json()
    assert {"gpu", "cpu", "disk"} <= set(shown) and shown["source"] == "skeleton"
    assert shown["gpu"] + shown["cpu"] + shown["disk"] == 32
    assert "placement" in FitPlan.OPTIONAL and "placements" in FitPlan.OPTIONAL


def test_budgets_are_rounded_down_by_less_than_one_percent() -> None:
    for value in (int(14.75 * GIB), int(11.53 * GIB), 17_000_000, 1023, 0):
        kept = placement.rounded(value)
        assert kept <= value and value - kept <= value / 64 and placement.rounded(kept) == kept
    assert placement.rounded(int(14.75 * GIB)) == int(14.75 * GIB)   # the T4's published budget is on the grid


def test_a_prediction_is_kept_and_found_again_for_the_same_inputs(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HF_DOCTOR_CACHE", str(tmp_path))
    gpu, host = [int(14.75 * GIB)], 11 * GIB
    assert placement.cached(LLAMA_31_8B_CONFIG, "float16", *placement.budgets(gpu, host)) is None
    first = placement.predict(LLAMA_31_8B_CONFIG, "float16", gpu, host)
    kept = list((tmp_path / "placements").glob("*.json"))
    assert len(kept) == 1 and not list((tmp_path / "placements").glob("*.tmp"))
    again = placement.cached(LLAMA_31_8B_CONFIG, "float16", *placement.budgets(gpu, host + 1000))   # a wobble
    assert again is not None and dict(again.layers) == dict(first.layers) and again.source == "skeleton"
    # Another budget, dtype or config is another prediction, never the kept one.
    assert placement.cached(LLAMA_31_8B_CONFIG, "bfloat16", *placement.budgets(gpu, host)) is None
    assert placement.cached(LLAMA_31_8B_CONFIG, "float16", *placement.budgets(gpu, 3 * GIB)) is None
    assert placement.predict(LLAMA_31_8B_CONFIG, "float16", gpu, 3 * GIB).layers != first.layers


def test_a_prediction_leaves_the_callers_config_as_it_was(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """transformers fills nested config dicts (rope_scaling) in place; model.fit's config is shared with other
    checks and is the cache's key."""
    import copy

    monkeypatch.setenv("HF_DOCTOR_CACHE", str(tmp_path))   # a fresh cache: the skeleton is really built
    config = copy.deepcopy(LLAMA_31_8B_CONFIG)
    placement.predict(config, "float16", [int(14.75 * GIB)], 11 * GIB)
    assert config == LLAMA_31_8B_CONFIG
