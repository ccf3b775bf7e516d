"""model.fit, model.compat and model.download against the local Hub, big models planned from metadata only."""
from __future__ import annotations

import hashlib
import json
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Optional

import pytest

from hf_doctor.checks import causes
from hf_doctor.checks.compat import judge_config, model_compat
from hf_doctor.checks.context import DiskUsage, HubPaths, MemoryInfo, PackageInfo, SystemContext
from hf_doctor.checks.download import _Stalled, _watched, model_download, needed_files
from hf_doctor.checks.fit import FitPlan, FitVerdict, ModelShape, kv_cache_bytes, model_fit, shape_from, weight_bytes
from hf_doctor.checks.generation import GenerationOptions
from hf_doctor.checks.gpu_probe import GpuInfo, GpuProbe
from hf_doctor.checks.result import Status, jsonable
from hf_doctor.checks.text import Msg
from hf_doctor.checks.units import GIB
from hf_doctor.emulator import scenarios
from hf_doctor.emulator.catalog import LLAMA_31_8B_CONFIG
from hf_doctor.emulator.scenario import Fault, Repo, Scenario
from hf_doctor.emulator.server import HubEmulator

from .fakes import FakeContext, en, ko

LLAMA, TINY = scenarios.LLAMA, scenarios.TINY_CHAT
STUDENT = scenarios.TOKENS["student"]


def context(hub, model: str, gpu: Optional[str] = None, **kw) -> SystemContext:  # type: ignore[no-untyped-def]
    return SystemContext(simulated_gpu=gpu, model=model, token=STUDENT, endpoint=hub.endpoint, **kw)


# ---------------------------------------------------------------- the arithmetic

LLAMA_SHAPE = shape_from(8_030_261_248, LLAMA_31_8B_CONFIG)


def test_llama_8b_in_16_bits_is_14_96_gib() -> None:
    assert round(weight_bytes(LLAMA_SHAPE, "bfloat16") / GIB, 2) == 14.96
    assert weight_bytes(LLAMA_SHAPE, "float32") == 4 * 8_030_261_248


def test_4_bit_keeps_the_embeddings_in_16_bits() -> None:
    embeddings = 2 * 128_256 * 4096  # untied input and output embeddings
    assert LLAMA_SHAPE.embedding_parameters == embeddings
    expected = (8_030_261_248 - embeddings) * 0.5 * 1.03 + embeddings * 2
    assert weight_bytes(LLAMA_SHAPE, "int4") == int(expected)


def test_kv_cache_per_token() -> None:
    # 2 (K and V) × 32 layers × 8 kv heads × 128 head_dim × 2 bytes = 128 KiB per token
    assert kv_cache_bytes(LLAMA_SHAPE, 1) == 131_072
    assert kv_cache_bytes(ModelShape(10), 2048) is None


def test_kv_cache_follows_grouped_query_attention_and_the_dtype() -> None:
    # Llama-3.1-8B has 32 heads but 8 KV heads: a quarter of what full multi-head attention would cache.
    full = shape_from(8_030_261_248, {**LLAMA_31_8B_CONFIG, "num_key_value_heads": 32})
    assert kv_cache_bytes(full, 1) == 4 * kv_cache_bytes(LLAMA_SHAPE, 1) == 524_288
    assert kv_cache_bytes(LLAMA_SHAPE, 4096, "float32") == 2 * kv_cache_bytes(LLAMA_SHAPE, 4096, "int4") == GIB
    assert LLAMA_SHAPE.sliding_window is None and LLAMA_SHAPE.sliding_layers == 0


# Real config.json shapes (the fields the KV cache reads), as the Hub serves them.
MISTRAL_7B_V01 = {"model_type": "mistral", "hidden_size": 4096, "num_attention_heads": 32, "num_key_value_heads": 8,
                  "num_hidden_layers": 32, "sliding_window": 4096, "vocab_size": 32000}
GEMMA_2_9B = {"model_type": "gemma2", "hidden_size": 3584, "head_dim": 256, "num_attention_heads": 16,
              "num_key_value_heads": 8, "num_hidden_layers": 42, "sliding_window": 4096, "vocab_size": 256000,
              "cache_implementation": "hybrid"}
GEMMA_3_1B = {"model_type": "gemma3_text", "hidden_size": 1152, "head_dim": 256, "num_attention_heads": 4,
              "num_key_value_heads": 1, "num_hidden_layers": 26, "sliding_window": 512, "sliding_window_pattern": 6,
              "vocab_size": 262144}
GEMMA_3_1B_SAVED = {**{k: v for k, v in GEMMA_3_1B.items() if k != "sliding_window_pattern"},
                    "layer_types": ["full_attention" if (i + 1) % 6 == 0 else "sliding_attention"
                                    for i in range(26)]}
QWEN_25_7B = {"model_type": "qwen2", "hidden_size": 3584, "num_attention_heads": 28, "num_key_value_heads": 4,
              "num_hidden_layers": 28, "sliding_window": 131072, "use_sliding_window": False,
              "max_window_layers": 28, "vocab_size": 152064}
QWEN_SLIDING = {**QWEN_25_7B, "sliding_window": 4096, "use_sliding_window": True, "max_window_layers": 21}


@pytest.mark.parametrize("config, window, sliding", [
    (MISTRAL_7B_V01, 4096, 32), (GEMMA_2_9B, 4096, 21), (GEMMA_3_1B, 512, 22), (GEMMA_3_1B_SAVED, 512, 22),
    (QWEN_25_7B, None, 0), (QWEN_SLIDING, 4096, 7), (LLAMA_31_8B_CONFIG, None, 0),
])
def test_sliding_window_layers_are_read_as_transformers_builds_the_cache(config, window, sliding) -> None:  # type: ignore[no-untyped-def]
    from transformers import AutoConfig
    from transformers.cache_utils import get_layer_types_and_kwargs

    shape = shape_from(10**9, config)
    assert (shape.sliding_window, shape.sliding_layers) == (window, sliding)
    # The library's own reading of the same config.json: the cache layers DynamicCache would build.
    fields = {k: v for k, v in config.items() if k != "model_type"}
    types, kwargs = get_layer_types_and_kwargs(AutoConfig.for_model(config["model_type"], **fields))
    assert sum(kind == "sliding_attention" for kind in types) == sliding
    assert {k["sliding_window"] for k in kwargs if "sliding_window" in k} == ({window} if sliding else set())


def test_a_sliding_layer_caches_at_most_its_window() -> None:
    mistral = shape_from(7_241_732_096, MISTRAL_7B_V01)
    per_token = 2 * 32 * 8 * 128 * 2   # K and V, 32 layers, 8 KV heads, head_dim 128, 16 bits: 128 KiB
    assert kv_cache_bytes(mistral, 2048) == 2048 * per_token
    assert kv_cache_bytes(mistral, 32768) == kv_cache_bytes(mistral, 4096) == 4096 * per_token   # 512 MiB
    gemma = shape_from(999_885_952, GEMMA_3_1B)
    # 4 full layers keep all 32,768 tokens, 22 sliding layers the last 512; 1 KV head × 256 × 2 × 2 bytes each.
    assert kv_cache_bytes(gemma, 32768) == (4 * 32768 + 22 * 512) * 1024 == 145_752_064
    assert kv_cache_bytes(gemma, 100) == 26 * 100 * 1024


def test_shape_without_config_still_plans() -> None:
    shape = shape_from(1_000_000_000, None, "llama")
    assert weight_bytes(shape, "int4") == int(900_000_000 * 0.5 * 1.03 + 100_000_000 * 2)


# ---------------------------------------------------------------- model.fit

class ColabT4(SystemContext):
    """A Colab T4 runtime's host: 12.7 GiB of RAM, about 11.5 GiB of it free."""

    def memory(self) -> MemoryInfo:
        return MemoryInfo(int(12.7 * GIB), int(11.5 * GIB))


def accelerate_layers(config: dict, dtype: str, gpu_free: int, host_free: int) -> dict:
    """An independent placement: accelerate's public infer_auto_device_map on a skeleton, with the budgets
    from_pretrained(device_map="auto") documents for one GPU and no max_memory (90 % of each)."""
    import torch
    from accelerate import infer_auto_device_map, init_empty_weights
    from transformers import AutoConfig, AutoModelForCausalLM

    from hf_doctor.checks.placement import layers_by_device

    settings = dict(config)
    with init_empty_weights():
        model = AutoModelForCausalLM.from_config(AutoConfig.for_model(settings.pop("model_type"), **settings),
                                                 dtype=getattr(torch, dtype))
    device_map = infer_auto_device_map(model, max_memory={0: int(gpu_free * 0.9), "cpu": int(host_free * 0.9)},
                                       no_split_module_classes=model._no_split_modules)
    return layers_by_device(model, device_map)


def test_llama_8b_on_a_t4_loads_as_the_tutorial_does_with_layers_in_ram_and_fits_in_4_bit(demo_hub  # type: ignore[no-untyped-def]
                                                                                           ) -> None:
    """The seed's case: what device_map="auto" computes for a T4 and Colab's RAM, not "does not fit"."""
    result = model_fit(ColabT4(simulated_gpu="T4", model=LLAMA, token=STUDENT, endpoint=demo_hub.endpoint))
    plan = FitPlan.of(result)
    assert plan is not None and plan.placement is not None
    expected = accelerate_layers(LLAMA_31_8B_CONFIG, "float16", int(14.75 * GIB), int(11.5 * GIB))
    assert {kind: plan.placement[kind] for kind in ("gpu", "cpu", "disk")} == expected
    assert expected["cpu"] > 0 and expected["disk"] == 0 and plan.placement["source"] == "skeleton"
    assert (result.status, result.cause) == (Status.WARN, causes.MODEL_OFFLOADED_SLOW)
    assert en(result.summary).startswith(
        f"8.03 B parameters in float16, loaded with device_map=\"auto\" as the tutorial does: {expected['gpu']} of "
        f"32 layers on the Tesla T4 (simulated), {expected['cpu']} in CPU RAM (")
    assert plan.parameters == 8_030_261_248 and plan.verdict is FitVerdict.OFFLOAD and plan.slowdown > 1
    assert plan.offloaded_bytes == plan.placement["weight_bytes"]["cpu"]
    assert plan.dtype == "float16" and plan.recommended == "int4"  # a T4 has no native bf16
    assert result.fix is not None and "load_in_4bit=True" in en(result.fix.text)
    assert "pip install bitsandbytes" in result.fix.commands   # Colab has no bitsandbytes
    assert plan.placements is not None and set(plan.placements) == {"float16", "int4"}
    assert plan.placements["int4"]["cpu"] == 0 and plan.placements["int4"]["source"] == "estimate"
    assert "Qwen/Qwen2.5-3B-Instruct" in plan.smaller_models or plan.smaller_models
    shown = jsonable(plan)
    assert shown["verdict"] == "offload" and shown["recommended"] == "int4"
    assert shown["placement"]["gpu"] == expected["gpu"]
    assert any(en(line).startswith("device_map=\"auto\" in float16, as transformers places the model's skeleton")
               for line in result.details)


def test_with_little_ram_part_of_llama_8b_would_go_to_disk_and_only_4_bit_loads(demo_hub  # type: ignore[no-untyped-def]
                                                                               ) -> None:
    class TinyRam(SystemContext):
        def memory(self) -> MemoryInfo:
            return MemoryInfo(4 * GIB, 3 * GIB)

    result = model_fit(TinyRam(simulated_gpu="T4", model=LLAMA, token=STUDENT, endpoint=demo_hub.endpoint))
    plan = FitPlan.of(result)
    assert plan is not None and plan.placement is not None
    expected = accelerate_layers(LLAMA_31_8B_CONFIG, "float16", int(14.75 * GIB), 3 * GIB)
    assert expected["disk"] > 0
    assert {kind: plan.placement[kind] for kind in ("gpu", "cpu", "disk")} == expected
    assert (result.status, result.cause, plan.verdict) == (Status.FAIL, causes.CUDA_OOM, FitVerdict.QUANTIZED)
    assert en(result.summary) == ("8.03 B parameters do not fit on the Tesla T4 (simulated) in 16 bits "
                                  "(16.2 GiB > 14.75 GiB); in 4-bit they take 6.1 GiB")


def test_llama_8b_on_an_a100_40gb_fits_in_bf16(demo_hub) -> None:  # type: ignore[no-untyped-def]
    result = model_fit(context(demo_hub, LLAMA, "A100-40GB"))
    assert result.status is Status.PASS and result.data.dtype == "bfloat16"
    assert en(result.summary) == ("8.03 B parameters fit on the NVIDIA A100-SXM4-40GB (simulated) in bfloat16: "
                                  "16.25 GiB of 39.39 GiB")


def test_the_fit_plans_the_test_generation_and_says_what_4k_and_32k_would_need(demo_hub) -> None:  # type: ignore[no-untyped-def]
    result = model_fit(context(demo_hub, LLAMA, "A100-40GB"))
    plan = FitPlan.of(result)
    assert plan is not None and plan.dtype == "bfloat16"
    # By default the context is what the test generation holds at most: its prompt and its 64 new tokens.
    assert plan.context_tokens == GenerationOptions().context_tokens() < 512
    assert plan.kv_cache_bytes == plan.context_tokens * 131_072
    assert plan.kv_cache_bytes_at == {"4096": GIB // 2, "32768": 4 * GIB}
    assert plan.need_bytes is not None and plan.need_bytes_at is not None
    assert plan.need_bytes_at["32768"] - plan.need_bytes["bfloat16"] == 4 * GIB - plan.kv_cache_bytes
    assert en(result.details[-1]) == ("a 4k context: KV cache 0.50 GiB, 16.7 GiB in all in bfloat16; "
                                      "32k: KV cache 4.00 GiB, 20.2 GiB in all")
    assert _hangul(ko(result.details[-1]))
    # The keys the report always had come first, in their order; the new ones after them.
    shown = list(jsonable(plan))
    assert shown[:2] == ["parameters", "weights_bytes"] and shown[-2:] == ["kv_cache_bytes_at", "need_bytes_at"]


def test_on_a_cpu_a_longer_context_is_counted_in_the_dtype_the_plan_loads(demo_hub) -> None:  # type: ignore[no-untyped-def]
    result = model_fit(context(demo_hub, TINY, "none"))
    plan = FitPlan.of(result)
    assert plan is not None and plan.gpu is None and plan.dtype in ("float32", "bfloat16")
    # K and V × 2 layers × 2 KV heads × head_dim 16, in 4 bytes (float32) or 2 (bfloat16)
    per_token = 2 * 2 * 2 * 16 * (4 if plan.dtype == "float32" else 2)
    assert plan.kv_cache_bytes_at == {"4096": 4096 * per_token, "32768": 32768 * per_token}
    assert plan.need_bytes_at is not None and plan.need_bytes is not None
    assert plan.need_bytes_at["4096"] >= plan.need_bytes[plan.dtype]


def test_a_context_asked_for_is_the_context_planned(demo_hub) -> None:  # type: ignore[no-untyped-def]
    result = model_fit(context(demo_hub, LLAMA, "A100-40GB", generation=GenerationOptions(context=32768)))
    plan = FitPlan.of(result)
    assert plan is not None and (plan.context_tokens, plan.kv_cache_bytes) == (32768, 4 * GIB)
    assert en(result.details[1]) == "KV cache for 32768 tokens: 4.00 GiB"
    assert en(result.summary) == ("8.03 B parameters fit on the NVIDIA A100-SXM4-40GB (simulated) in bfloat16: "
                                  "20.21 GiB of 39.39 GiB")


def test_a_context_beyond_the_models_positions_is_planned_and_said(demo_hub) -> None:  # type: ignore[no-untyped-def]
    """Llama-3.1-8B has 131072 positions: 200000 tokens can be planned in memory, and the row says the model was not
    made for them; 131072 itself is within its reach."""
    beyond = model_fit(context(demo_hub, LLAMA, "H100", generation=GenerationOptions(context=200_000)))
    assert ("a context of 200000 tokens is longer than the 131072 positions the model has (max_position_embeddings): "
            "the memory is planned, but its answers past 131072 tokens are not to be trusted") in map(en, beyond.details)
    within = model_fit(context(demo_hub, LLAMA, "H100", generation=GenerationOptions(context=131_072)))
    assert not any("max_position_embeddings" in en(line) for line in within.details)


def test_planning_works_while_access_is_still_pending(demo_hub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ctx = SystemContext(simulated_gpu="T4", model=LLAMA, token=scenarios.TOKENS["waiting"], endpoint=demo_hub.endpoint,
                        cache=str(tmp_path))
    result = model_fit(ctx)
    assert result.data.parameters == 8_030_261_248 and result.cause == causes.MODEL_OFFLOADED_SLOW
    assert "unknown (config.json not readable)" in en(result.details[1])
    # No config.json to build a skeleton from: the placement is estimated, and the data says why.
    assert result.data.placement["source"] == "estimate" and result.data.placement["reason"] == "missing_config"
    assert any(en(line).startswith("device_map=\"auto\" in float16, estimated from the sizes")
               for line in result.details)
    # No layer count without config.json: the share of the weights in RAM is said, and it is what the RAM gets
    # after 90 % of the T4 (not the whole model, which made "0 of 0 layers … 145× slower").
    assert en(result.summary).startswith("8.03 B parameters in float16, loaded with device_map=\"auto\" as the "
                                         "tutorial does: ") and " of 0 layers" not in en(result.summary)
    placed = result.data.placement["weight_bytes"]
    assert placed["gpu"] == int(14.75 * GIB * 0.9) and placed["cpu"] == result.data.offloaded_bytes
    assert result.data.slowdown < 10


class SmallGpu(SystemContext):
    def gpu_probe(self) -> GpuProbe:
        return GpuProbe(gpus=(GpuInfo(0, "NVIDIA GeForce RTX 3050", 4 * GIB, 4 * GIB, (8, 6)),), source="nvml")

    def memory(self) -> MemoryInfo:
        return MemoryInfo(64 * GIB, 48 * GIB)


def test_a_small_gpu_with_much_ram_fits_only_with_offload(demo_hub) -> None:  # type: ignore[no-untyped-def]
    result = model_fit(SmallGpu(model=LLAMA, token=STUDENT, endpoint=demo_hub.endpoint))
    assert (result.status, result.cause) == (Status.WARN, causes.MODEL_OFFLOADED_SLOW)
    assert result.data.verdict is FitVerdict.OFFLOAD and result.data.slowdown > 10
    assert " in CPU RAM (" in en(result.summary) and result.data.placement["cpu"] > 0


class LittleRam(SystemContext):
    def memory(self) -> MemoryInfo:
        return MemoryInfo(int(12.7 * GIB), int(11 * GIB))


def test_no_gpu_judges_against_host_ram(demo_hub) -> None:  # type: ignore[no-untyped-def]
    result = model_fit(LittleRam(simulated_gpu="none", model=LLAMA, token=STUDENT, endpoint=demo_hub.endpoint))
    assert (result.status, result.cause) == (Status.FAIL, causes.CPU_RAM_OOM)
    tiny = model_fit(LittleRam(simulated_gpu="none", model=TINY, token=STUDENT, endpoint=demo_hub.endpoint))
    assert tiny.status is Status.PASS and en(tiny.summary).startswith("No GPU: ")
    assert tiny.data.verdict is FitVerdict.FITS_CPU and jsonable(tiny.data)["gpu"] is None


class FullDisk(SystemContext):
    def disk_usage(self, path: str) -> DiskUsage:
        return DiskUsage(path, 100 * GIB, 20 * 1024**2)


def test_a_disk_too_small_is_caught_before_the_download(demo_hub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # 20 MiB free: Llama's 15 GiB of needed files do not fit.
    fit = model_fit(FullDisk(simulated_gpu="A100-40GB", model=LLAMA, token=STUDENT, endpoint=demo_hub.endpoint,
                             cache=str(tmp_path)))
    assert (fit.status, fit.cause) == (Status.FAIL, causes.DISK_FULL)
    assert fit.data.verdict is FitVerdict.NO_DISK and "gpu" not in jsonable(fit.data)   # no device was chosen
    before = len(demo_hub.log)
    download = model_download(FullDisk(model=LLAMA, token=STUDENT, endpoint=demo_hub.endpoint, cache=str(tmp_path)))
    assert (download.status, download.cause) == (Status.FAIL, causes.DISK_FULL)
    assert not [e for e in demo_hub.log[before:] if "/resolve/" in e.path or e.path.startswith("/lfs/")]
    assert download.data["xet"]["repo_xet_enabled"] is True   # Llama is stored on Xet; the local Hub says so


# ---------------------------------------------------------------- model.compat

def test_llama_3_1_with_a_recent_transformers_passes(demo_hub) -> None:  # type: ignore[no-untyped-def]
    result = model_compat(context(demo_hub, LLAMA))
    assert result.status is Status.PASS and en(result.summary).endswith(
        "knows llama (LlamaForCausalLM), rope scaling llama3")


class OldTransformers(SystemContext):
    def package(self, name: str) -> Optional[PackageInfo]:
        info = super().package(name)
        return PackageInfo("transformers", "4.40.2", ">=3.8.0") if name == "transformers" else info


def test_llama_3_1_rope_scaling_needs_transformers_4_43(demo_hub) -> None:  # type: ignore[no-untyped-def]
    result = model_compat(OldTransformers(model=LLAMA, token=STUDENT, endpoint=demo_hub.endpoint))
    assert (result.status, result.cause) == (Status.FAIL, causes.TRANSFORMERS_TOO_OLD)
    assert en(result.summary) == ("transformers 4.40.2 cannot load this model: rope scaling of type 'llama3' "
                                  "(needs ≥ 4.43)")
    assert result.fix is not None and result.fix.commands == ('pip install -U "transformers>=4.43"',)


def test_a_base_model_pinned_to_an_old_transformers_triggers_compat() -> None:
    # A config written by transformers 5 read by a 4.x install: the saved version is newer than the installed one.
    config = {"model_type": "llama", "architectures": ["LlamaForCausalLM"], "transformers_version": "5.1.0"}
    result = judge_config(config, "4.46.3", frozenset({"llama"}))
    assert (result.status, result.cause) == (Status.WARN, causes.TRANSFORMERS_TOO_OLD)


@pytest.mark.parametrize("config, status, cause", [
    ({"model_type": "qwen3", "architectures": ["Qwen3ForCausalLM"]}, Status.FAIL, causes.TRANSFORMERS_TOO_OLD),
    ({"model_type": "mystery", "auto_map": {"AutoModelForCausalLM": "modeling_mystery.M"}}, Status.WARN,
     causes.REMOTE_CODE),
    ({"model_type": "llama", "rope_scaling": {"type": "linear", "factor": 2.0}}, Status.PASS, None),
])
def test_compat_rules(config, status, cause) -> None:  # type: ignore[no-untyped-def]
    result = judge_config(config, "4.44.0", frozenset({"llama", "mistral"}) | frozenset(f"m{i}" for i in range(60)))
    assert (result.status, result.cause) == (status, cause)


def test_the_installed_transformers_model_types_are_read_without_importing_it() -> None:
    from hf_doctor.checks.compat import known_model_types

    known = known_model_types(SystemContext())
    assert known is not None and {"llama", "qwen2", "gemma2"} <= known


# ---------------------------------------------------------------- model.download

LLAMA_FILES = {f: 1 for f in (
    ".gitattributes", "LICENSE", "README.md", "USE_POLICY.md", "config.json", "generation_config.json",
    "model-00001-of-00004.safetensors", "model-00002-of-00004.safetensors", "model-00003-of-00004.safetensors",
    "model-00004-of-00004.safetensors", "model.safetensors.index.json", "original/consolidated.00.pth",
    "original/params.json", "original/tokenizer.model", "special_tokens_map.json", "tokenizer.json",
    "tokenizer_config.json")}


def test_only_what_transformers_reads_is_downloaded() -> None:
    assert needed_files(LLAMA_FILES) == [
        "config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
        "model-00001-of-00004.safetensors", "model-00002-of-00004.safetensors", "model-00003-of-00004.safetensors",
        "model-00004-of-00004.safetensors", "model.safetensors.index.json"]


def test_bin_weights_only_when_there_are_no_safetensors() -> None:
    both = {"config.json": 1, "model.safetensors": 1, "pytorch_model.bin": 1, "model.gguf": 1, "onnx/model.onnx": 1}
    assert needed_files(both) == ["config.json", "model.safetensors"]
    old = {"config.json": 1, "pytorch_model.bin": 1, "tf_model.h5": 1, "flax_model.msgpack": 1}
    assert needed_files(old) == ["config.json", "pytorch_model.bin"]


def _weights_scenario() -> Scenario:
    scenario = Scenario()
    repo = Repo("acme/weights")
    repo.add("config.json", json.dumps({"model_type": "llama"}).encode())
    repo.add("model.safetensors", bytes(range(256)) * 8192)   # 2 MiB through the LFS CDN
    repo.add("README.md", b"# weights\n")
    repo.add("original/consolidated.00.pth", b"\0" * 4096)
    scenario.add_repo(repo)
    return scenario


def test_download_then_nothing_on_the_second_run(tmp_path: Path) -> None:
    scenario = _weights_scenario()
    with HubEmulator(scenario) as hub:
        ctx = SystemContext(model="acme/weights", endpoint=hub.endpoint, cache=str(tmp_path))
        first = model_download(ctx)
        assert first.status is Status.PASS, en(first.summary)
        assert first.data["files"] == ["config.json", "model.safetensors"]
        assert first.data["skipped_files"] == ["README.md", "original/consolidated.00.pth"]
        folder = Path(first.data["folder"])
        assert (folder / "model.safetensors").read_bytes() == scenario.repos["acme/weights"].files["model.safetensors"].content
        assert not (folder / "original").exists() and not (folder / "README.md").exists()
        before = len(hub.log)
        second = model_download(ctx)
        gets = [e for e in hub.log[before:] if e.method == "GET" and ("/resolve/" in e.path or "/lfs/" in e.path)]
    assert second.status is Status.PASS and second.data["to_download_bytes"] == 0 and gets == []
    assert en(second.summary).startswith("All 2 files (2.0 MiB) already in the cache")


def test_an_interrupted_download_is_finished_by_the_next_run(tmp_path: Path) -> None:
    scenario = _weights_scenario()
    scenario.faults.append(Fault("cut", path="/lfs/", after_bytes=100_000))
    with HubEmulator(scenario) as hub:
        ctx = SystemContext(model="acme/weights", endpoint=hub.endpoint, cache=str(tmp_path))
        broken = model_download(ctx)
        assert broken.status is Status.FAIL and broken.fix is not None
        assert "downloaded again from its start" in en(broken.fix.text)
        scenario.faults.clear()
        done = model_download(ctx)
    assert done.status is Status.PASS, en(done.summary)
    path = Path(done.data["folder"]) / "model.safetensors"
    assert path.read_bytes() == scenario.repos["acme/weights"].files["model.safetensors"].content


class OldXet(SystemContext):
    """A machine whose hf_xet predates 1.5.2 and where HF_HUB_DISABLE_XET is not set."""

    def package(self, name: str) -> Optional[PackageInfo]:
        return PackageInfo("hf_xet", "1.4.0") if name == "hf_xet" else super().package(name)


def test_a_stalled_download_is_stopped_with_its_cause_and_the_next_run_gets_the_right_bytes(tmp_path, capfd) -> None:  # type: ignore[no-untyped-def]
    scenario = _weights_scenario()
    # Headers and 100 kB of the weights, then nothing for 4 s: longer than the watchdog's bound below.
    scenario.faults.append(Fault("stall", path="/lfs/", times=1, after_bytes=100_000, seconds=4))
    with HubEmulator(scenario) as hub:
        ctx = SystemContext(model="acme/weights", endpoint=hub.endpoint, cache=str(tmp_path))
        stalled = model_download(ctx, stall_after=1.0)
        assert (stalled.status, stalled.cause) == (Status.FAIL, causes.DOWNLOAD_STALLED)
        assert en(stalled.summary).startswith("The download of acme/weights stalled: no data for 1 s after ")
        assert en(stalled.summary).endswith(" of 2.0 MiB, so it was stopped")
        assert stalled.fix is not None and stalled.fix.commands == ()   # plain HTTP: running it again is the fix
        assert en(stalled.fix.text).startswith("Run the same command again")
        xet = stalled.data["xet"]   # a repo not on Xet, and HF_HUB_DISABLE_XET=1 (conftest): never through Xet
        assert (xet["repo_xet_enabled"], xet["xet_disabled"], xet["in_use"]) == (False, True, False)
        assert "folder" not in stalled.data
        scenario.faults.clear()
        done = model_download(ctx)
    assert done.status is Status.PASS, en(done.summary)
    served = scenario.repos["acme/weights"].files["model.safetensors"].content
    got = (Path(done.data["folder"]) / "model.safetensors").read_bytes()
    assert hashlib.sha256(got).hexdigest() == hashlib.sha256(served).hexdigest()
    assert not list((tmp_path / "models--acme--weights" / "blobs").glob("*.incomplete"))
    assert "Traceback" not in capfd.readouterr().err


def test_a_stall_through_xet_says_to_turn_xet_off_and_upgrade_an_old_hf_xet(tmp_path: Path) -> None:
    scenario = _weights_scenario()
    scenario.repos["acme/weights"].xet = True
    scenario.faults.append(Fault("stall", path="/lfs/", times=1, after_bytes=100_000, seconds=4))
    with HubEmulator(scenario) as hub:
        ctx = OldXet(model="acme/weights", endpoint=hub.endpoint, cache=str(tmp_path))
        # Only hf-doctor's judgement reads this: the client under test stays on HTTP (the emulator never offers Xet).
        ctx.env = {k: v for k, v in ctx.env.items() if k != "HF_HUB_DISABLE_XET"}
        stalled = model_download(ctx, stall_after=1.0)
        scenario.faults.clear()
        # The stopped attempt is left to end by itself; the next run waits for it and finds the file whole.
        assert model_download(ctx).status is Status.PASS
    assert (stalled.status, stalled.cause) == (Status.FAIL, causes.DOWNLOAD_STALLED)
    assert stalled.data["xet"] == {"repo_xet_enabled": True, "hf_xet": "1.4.0", "xet_disabled": False, "in_use": True}
    assert stalled.fix is not None
    assert stalled.fix.commands == ("export HF_HUB_DISABLE_XET=1", 'pip install -U "hf_xet>=1.5.2"')
    assert "HF_HUB_DISABLE_XET=1" in en(stalled.fix.text) and "HF_HUB_DISABLE_XET=1" in ko(stalled.fix.text)


def _trickle(pieces: int, pause: float) -> str:
    """A download that receives ``pieces`` × 100 kB over a local connection, ``pause`` seconds apart, and writes
    nothing to the cache meanwhile (as the HTTP path does until it has 10 MiB of a file)."""
    server = socket.create_server(("127.0.0.1", 0))

    def send() -> None:
        peer, _ = server.accept()
        with peer:
            for _ in range(pieces):
                peer.sendall(b"x" * 100_000)
                time.sleep(pause)

    threading.Thread(target=send, daemon=True).start()
    with socket.create_connection(server.getsockname()) as client:
        received = 0
        while received < pieces * 100_000:
            received += len(client.recv(1 << 16))
    server.close()
    return "/snapshot"


def _receives_then_hangs() -> str:
    _trickle(1, 0.0)
    time.sleep(3.0)
    return "/snapshot"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="connection byte counts are read on Linux")
def test_a_slow_download_that_keeps_receiving_is_not_taken_for_a_stall(tmp_path: Path) -> None:
    ctx = FakeContext(paths=HubPaths(cache=str(tmp_path), token=str(tmp_path / "token"), endpoint="http://x"))
    # 2.4 s with nothing on disk, against a bound of 1.5 s: only the bytes arriving say it is alive.
    assert _watched(ctx, lambda: _trickle(8, 0.3), "acme/weights", 10**9, stall_after=1.5) == "/snapshot"
    with pytest.raises(_Stalled):   # bytes, then nothing for longer than the bound: a stall
        _watched(ctx, _receives_then_hangs, "acme/weights", 10**9, stall_after=1.5)


@pytest.mark.parametrize("error", [
    OSError(30, "Read-only file system", "/mnt/hf_cache/hub/models--acme--weights"),
    PermissionError(13, "Permission denied", "/mnt/hf_cache/hub/models--acme--weights/blobs"),
])
def test_a_cache_that_cannot_be_written_gets_its_cause_and_fix_not_run_it_again(tmp_path: Path, error) -> None:  # type: ignore[no-untyped-def]
    """A read-only or someone else's HF_HOME: running the same command again would fail the same way (issue 12)."""
    from hf_doctor.checks.hub_client import HubClient

    class ReadOnlyHub(HubClient):
        def download(self, repo_id, files, token):  # type: ignore[no-untyped-def]
            raise error

    class ReadOnlyCache(SystemContext):
        def hub(self) -> HubClient:
            return ReadOnlyHub(self.hub_paths().endpoint, str(tmp_path))

    with HubEmulator(_weights_scenario()) as hub:
        result = model_download(ReadOnlyCache(model="acme/weights", endpoint=hub.endpoint, cache=str(tmp_path)))
    assert (result.status, result.cause) == (Status.FAIL, causes.CACHE_NOT_WRITABLE)
    assert result.fix is not None and "Run the same command again" not in en(result.fix.text)
    assert en(result.fix.text).startswith("Point HF_HOME at a folder you may write to")
    assert result.fix.commands == ("export HF_HOME=/path/to/a/writable/folder/huggingface",)
    assert "Errno" not in en(result.summary) and en(result.summary).startswith("The download stopped: ")
    assert "쓰기" in ko(result.fix.text) and result.data["reason"] == en(result.summary)[len("The download stopped: "):]


# ---------------------------------------------------------------- the real program

def run_check(hub, home: Path, *args: str):  # type: ignore[no-untyped-def]
    import os
    import subprocess
    import sys

    env = {**os.environ, **hub.environment(), "HF_HOME": str(home), "HF_TOKEN": STUDENT}
    done = subprocess.run([sys.executable, "-m", "hf_doctor", "check", "--json", *args], capture_output=True, text=True,
                          env=env, cwd=Path(__file__).resolve().parent.parent, timeout=180)
    return done, {c["id"]: c for c in json.loads(done.stdout)["checks"]}


def test_check_plans_llama_for_a_t4_and_an_a100(demo_hub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    done, report = run_check(demo_hub, tmp_path, "--model", LLAMA, "--gpu", "T4")
    fit = report["model.fit"]
    # The real command on this machine's RAM: transformers' placement of the skeleton, with 4-bit as the fix.
    assert (fit["status"], fit["cause"], fit["data"]["parameters"]) == ("warn", "model_offloaded_slow", 8_030_261_248)
    placement = fit["data"]["placement"]
    assert placement["source"] == "skeleton" and placement["gpu"] + placement["cpu"] + placement["disk"] == 32
    assert placement["gpu"] < 32 and f"{placement['gpu']} of 32 layers on the Tesla T4" in fit["summary"]
    assert "load_in_4bit=True" in fit["fix"]["text"] and fit["data"]["recommended"] == "int4"
    assert report["model.compat"]["status"] == "pass" and done.returncode == 0   # a warning: it loads, slowly
    done, report = run_check(demo_hub, tmp_path, "--model", LLAMA, "--gpu", "A100-40GB")
    assert (report["model.fit"]["status"], report["model.fit"]["data"]["dtype"]) == ("pass", "bfloat16")


def test_smoke_downloads_only_the_needed_files_and_nothing_the_second_time(demo_hub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    done, report = run_check(demo_hub, tmp_path, "--model", TINY, "--smoke")
    download = report["model.download"]
    assert download["status"] == "pass", download["summary"]
    # config.json is already cached: model.fit read it through the same cache
    assert "Downloading 5 files of hf-doctor/tiny-chat" in done.stderr and "model.safetensors (419 KiB)" in done.stderr
    assert "README.md" not in download["data"]["files"] and download["data"]["to_download_bytes"] > 0
    before = len(demo_hub.log)
    done, report = run_check(demo_hub, tmp_path, "--model", TINY, "--smoke")
    assert report["model.download"]["data"]["to_download_bytes"] == 0
    assert not [e for e in demo_hub.log[before:] if e.method == "GET" and "/resolve/" in e.path]


def test_cpu_load_peak_counts_the_checkpoint_pages_when_converting() -> None:
    from dataclasses import replace

    from hf_doctor.checks.fit import checkpoint_bytes, cpu_load_peak

    shape = replace(shape_from(1_000_000, None), checkpoint_bytes=checkpoint_bytes({"F32": 1_000_000}))
    assert cpu_load_peak(shape, "float32") == 4_000_000          # memory-mapped: the file's pages are the weights
    assert cpu_load_peak(shape, "bfloat16") == 2_000_000 + 4_000_000


# ---------------------------------------------------------------- in Korean

def _hangul(text: Optional[str]) -> bool:
    import re

    return bool(text) and re.search("[가-힣]", text or "") is not None


class Steady:
    """Free memory and disk that do not move between two runs of the same check."""

    def memory(self) -> MemoryInfo:
        return MemoryInfo(int(12.7 * GIB), int(11 * GIB))

    def disk_usage(self, path: str) -> DiskUsage:
        return DiskUsage(path, 100 * GIB, 60 * GIB)


class SteadySmallGpu(Steady, SmallGpu):
    def memory(self) -> MemoryInfo:
        return SmallGpu.memory(self)


class SteadyContext(Steady, SystemContext):
    pass


class SteadyTinyRam(SteadyContext):
    """So little RAM that device_map="auto" would put layers on disk, which from_pretrained refuses."""

    def memory(self) -> MemoryInfo:
        return MemoryInfo(4 * GIB, 2 * GIB)


@pytest.mark.parametrize("machine, gpu, shape, cause, verdict", [
    (SteadyContext, "T4", LLAMA_SHAPE, causes.MODEL_OFFLOADED_SLOW, "offload"),
    (SteadyTinyRam, "T4", LLAMA_SHAPE, causes.CUDA_OOM, "quantized"),
    (SteadySmallGpu, None, LLAMA_SHAPE, causes.MODEL_OFFLOADED_SLOW, "offload"),
    (SteadyContext, "T4", shape_from(70_000_000_000, None, "llama"), causes.CUDA_OOM, "no_fit"),
    (SteadyContext, "none", LLAMA_SHAPE, causes.CPU_RAM_OOM, "no_fit"),
])
def test_fit_failures_read_in_korean_with_the_same_facts(machine, gpu, shape, cause, verdict) -> None:  # type: ignore[no-untyped-def]
    from hf_doctor.checks.fit import judge

    ctx = machine(simulated_gpu=gpu)
    result = judge(ctx, shape, 0)
    assert result.cause == cause and result.fix is not None
    assert _hangul(ko(result.summary)) and _hangul(ko(result.fix.text)), result
    assert all(_hangul(ko(line)) for line in result.details)
    assert not _hangul(en(result.summary)) and not _hangul(en(result.fix.text))
    # What machines read is the same in every language: the check itself never knows the language.
    assert judge(ctx, shape, 0) == result
    assert result.data.verdict == verdict


def test_the_4_bit_fix_keeps_its_code_and_the_simulated_gpu_is_marked_in_korean() -> None:
    from hf_doctor.checks.fit import judge

    result = judge(SteadyTinyRam(simulated_gpu="T4"), LLAMA_SHAPE, 0)
    assert ko(result.summary).startswith("8.03 B 파라미터 모델은 16비트로는 Tesla T4 (시뮬레이션)에 들어가지 않습니다")
    assert result.data.gpu == "Tesla T4 (simulated)"
    assert result.fix is not None and ('`quantization_config=BitsAndBytesConfig(load_in_4bit=True, '
                                       'bnb_4bit_quant_type="nf4", bnb_4bit_compute_dtype=torch.float16)`'
                                       in ko(result.fix.text))
    assert "접근 승인 필요" in ko(result.fix.text)   # gated suggestions say so
    assert "gated" in en(result.fix.text)


def test_compat_failures_read_in_korean() -> None:
    known = frozenset({"llama"}) | frozenset(f"m{i}" for i in range(60))
    too_old = judge_config({"model_type": "qwen3", "rope_scaling": {"rope_type": "llama3"}}, "4.40.2", known)
    remote = judge_config({"model_type": "mystery", "auto_map": {"AutoModel": "m.M"}}, "4.44.0", known)
    fine = judge_config({"model_type": "llama", "architectures": ["LlamaForCausalLM"]}, "4.44.0", known)
    assert ko(too_old.summary) == ("transformers 4.40.2 버전으로는 이 모델을 불러올 수 없습니다: 설치된 transformers가 "
                                   "'qwen3' 아키텍처를 지원하지 않음 (4.51 이상 필요); rope scaling 유형 'llama3' "
                                   "(4.43 이상 필요)")
    assert too_old.fix is not None and too_old.fix.commands == ('pip install -U "transformers>=4.51"',)
    assert _hangul(ko(too_old.fix.text)) and remote.fix is not None and _hangul(ko(remote.fix.text))
    assert _hangul(ko(remote.summary)) and remote.cause == causes.REMOTE_CODE
    assert ko(fine.summary) == "transformers 4.44.0 버전이 llama (LlamaForCausalLM) 모델을 지원합니다"


def test_download_speaks_korean_and_its_data_does_not(tmp_path: Path) -> None:
    notes: list = []
    with HubEmulator(_weights_scenario()) as hub:
        ctx = SystemContext(model="acme/weights", endpoint=hub.endpoint, cache=str(tmp_path), notify=notes.append)
        first = model_download(ctx)
        second = model_download(ctx)
    # Progress is a message too: the front end says it in its language.
    assert notes and isinstance(notes[0], Msg)
    assert ko(notes[0]).startswith("acme/weights에서 파일 2개(") and "model.safetensors (2.0 MiB)" in ko(notes[0])
    assert en(notes[0]).startswith("Downloading 2 files of acme/weights")
    assert first.status is Status.PASS and ko(first.summary).startswith("파일 2개 중 2개를 다운로드했습니다 (2.0 MiB, ")
    assert ko(first.summary).endswith("transformers가 읽지 않는 파일 2개(4 KiB)는 제외했습니다")
    assert ko(second.summary).startswith("필요한 파일 2개(2.0 MiB)가 모두 이미 캐시에 있습니다.")
    assert first.data["skipped_files"] == ["README.md", "original/consolidated.00.pth"]


def test_a_full_disk_reads_in_korean(demo_hub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    download = model_download(FullDisk(model=LLAMA, token=STUDENT, endpoint=demo_hub.endpoint, cache=str(tmp_path)))
    assert download.cause == causes.DISK_FULL and download.fix is not None
    assert _hangul(ko(download.summary)) and _hangul(ko(download.fix.text))
    assert download.fix.commands == ("export HF_HOME=/path/to/bigger/disk/huggingface",)
