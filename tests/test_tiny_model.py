"""The tiny test model: deterministic bytes, a working disk cache, and files that transformers loads offline."""
from __future__ import annotations

import hashlib
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time
from typing import Dict

import pytest

from hf_doctor.emulator import tiny_model

REPO_ROOT = pathlib.Path(__file__).resolve().parents[1]
KOREAN = "대한민국의 관광지 5곳만 추천해달라."
MESSAGES = [{"role": "system", "content": "You are helpful."}, {"role": "user", "content": KOREAN}]

# Printed by a fresh interpreter: sha256 of every file of every variant, and how long the build took there.
CHILD = """
import hashlib, json, time
start = time.perf_counter()
from hf_doctor.emulator.tiny_model import VARIANTS, build_files
digests = {v: {name: hashlib.sha256(data).hexdigest() for name, data in build_files(v).items()} for v in VARIANTS}
print(json.dumps({"digests": digests, "seconds": time.perf_counter() - start}))
"""


def digests(files: Dict[str, bytes]) -> Dict[str, str]:
    return {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}


@pytest.fixture(scope="module")
def built() -> Dict[str, Dict[str, bytes]]:
    """Each variant built once in this process (the first build pays for importing torch and transformers)."""
    return {variant: tiny_model.build_files(variant) for variant in tiny_model.VARIANTS}


@pytest.fixture(scope="module")
def child_build(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Both variants built in a separate interpreter, offline, with a different hash seed."""
    env = dict(os.environ)
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", HF_HOME=str(tmp_path_factory.mktemp("child_hf_home")),
               PYTHONHASHSEED="12345", PYTHONPATH=os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")])))
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD], cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    wall = time.perf_counter() - start
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall"] = wall
    return result


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")


def write(files: Dict[str, bytes], folder: pathlib.Path) -> pathlib.Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


@pytest.mark.parametrize("variant", tiny_model.VARIANTS)
def test_build_is_deterministic_across_calls_and_processes(variant: str, built: dict, child_build: dict) -> None:
    again = tiny_model.build_files(variant)
    assert again == built[variant]
    assert child_build["digests"][variant] == digests(built[variant])


def test_build_is_fast(child_build: dict) -> None:
    # Generous bounds: this guards against a recipe that trains or initializes something big, not against noise.
    assert child_build["seconds"] < 60, child_build
    assert child_build["wall"] < 120, child_build


@pytest.mark.parametrize("variant", tiny_model.VARIANTS)
def test_files_are_small_and_complete(variant: str, built: dict) -> None:
    files = built[variant]
    expected = {"README.md", "config.json", "generation_config.json", "model.safetensors", "tokenizer.json",
                "tokenizer_config.json"}
    assert expected <= set(files)
    assert len(files["model.safetensors"]) < 1_000_000
    config = json.loads(files["config.json"])
    assert config["architectures"] == ["LlamaForCausalLM"]
    assert config["model_type"] == "llama" and config["tie_word_embeddings"] is True
    card = files["README.md"].decode()
    assert card.startswith("---\n") and "license: apache-2.0" in card and "library_name: transformers" in card
    assert "pipeline_tag: text-generation" in card and "test model built by hf-doctor" in card


@pytest.mark.parametrize("variant", tiny_model.VARIANTS)
def test_files_hold_no_paths_or_dates(variant: str, built: dict) -> None:
    suspects = [tempfile.gettempdir(), str(pathlib.Path.home()), str(REPO_ROOT), "hf-doctor-tiny-"]
    for name, data in built[variant].items():
        for suspect in suspects:
            assert suspect.encode() not in data, (name, suspect)
        if name != "model.safetensors":  # weights are arbitrary bytes; dates would only hide in text files
            assert b"2025-" not in data and b"2026-" not in data, name


def test_build_leaves_the_callers_random_state_alone(built: dict) -> None:
    import torch

    torch.manual_seed(123)
    expected = torch.rand(4)
    torch.manual_seed(123)
    tiny_model.build_files("base")
    assert torch.equal(torch.rand(4), expected)


def test_unknown_variant_is_refused(tmp_path: pathlib.Path) -> None:
    with pytest.raises(ValueError):
        tiny_model.build_files("instruct")
    with pytest.raises(ValueError):
        tiny_model.cached_files("instruct", cache_dir=tmp_path)


@pytest.mark.parametrize("variant", tiny_model.VARIANTS)
def test_cache_serves_the_second_call_without_rebuilding(variant: str, built: dict, tmp_path: pathlib.Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    first = tiny_model.cached_files(variant, cache_dir=tmp_path)
    assert first == built[variant]

    def no_rebuild(variant: str = "chat") -> Dict[str, bytes]:
        raise AssertionError("cached_files rebuilt although the cache was complete")

    monkeypatch.setattr(tiny_model, "build_files", no_rebuild)
    start = time.perf_counter()
    second = tiny_model.cached_files(variant, cache_dir=tmp_path)
    assert time.perf_counter() - start < 5
    assert second == first

    import transformers

    entry = tmp_path / f"{variant}-{tiny_model.BUILD_VERSION}-{transformers.__version__}"
    assert entry.is_dir()
    # Only the finished entry is left: the staging folder was renamed into place, not left behind.
    assert [p.name for p in tmp_path.iterdir()] == [entry.name]


def test_a_damaged_cache_entry_is_rebuilt(built: dict, tmp_path: pathlib.Path) -> None:
    tiny_model.cached_files("chat", cache_dir=tmp_path)
    (entry,) = tmp_path.iterdir()
    (entry / "model.safetensors").write_bytes(b"truncated")
    (entry / "tokenizer.json").unlink()
    assert tiny_model.cached_files("chat", cache_dir=tmp_path) == built["chat"]
    assert tiny_model.cached_files("chat", cache_dir=tmp_path) == built["chat"]
    assert [p.name for p in tmp_path.iterdir()] == [entry.name]


def test_default_cache_dir_follows_hf_doctor_cache(built: dict, tmp_path: pathlib.Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_DOCTOR_CACHE", str(tmp_path))
    assert tiny_model.cached_files("base") == built["base"]
    entries = list((tmp_path / "tiny-models").iterdir())
    assert len(entries) == 1 and entries[0].name.startswith(f"base-{tiny_model.BUILD_VERSION}-")


@pytest.mark.parametrize("variant", tiny_model.VARIANTS)
def test_transformers_loads_and_generates_offline(variant: str, built: dict, tmp_path: pathlib.Path,
                                                  offline: None) -> None:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    folder = write(built[variant], tmp_path / variant)
    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForCausalLM.from_pretrained(folder)
    assert type(model).__name__ == "LlamaForCausalLM"
    assert model.dtype == torch.float32
    assert len(tokenizer) == model.config.vocab_size

    inputs = tokenizer("Seoul and Busan", return_tensors="pt")
    assert inputs["input_ids"][0, 0].item() == tokenizer.bos_token_id  # Llama 3 prepends BOS when encoding
    with torch.no_grad():
        output = model.generate(**inputs, max_new_tokens=8, do_sample=False, pad_token_id=tokenizer.pad_token_id)
    new_tokens = output.shape[1] - inputs["input_ids"].shape[1]
    assert 1 <= new_tokens <= 8

    # The Korean sentence survives encode/decode byte for byte.
    ids = tokenizer.encode(KOREAN, add_special_tokens=False)
    assert tokenizer.decode(ids) == KOREAN
    assert tokenizer.decode(tokenizer.encode(KOREAN), skip_special_tokens=True) == KOREAN
    assert len(ids) < len(KOREAN.encode("utf-8"))  # trained merges, not one token per byte

    end_of_text = tokenizer.convert_tokens_to_ids("<|end_of_text|>")
    eot = tokenizer.convert_tokens_to_ids("<|eot_id|>")
    expected_eos = [end_of_text, eot] if variant == "chat" else end_of_text
    assert model.generation_config.eos_token_id == expected_eos
    assert model.generation_config.do_sample is False
    assert model.generation_config.bos_token_id == tokenizer.bos_token_id
    assert model.generation_config.pad_token_id == tokenizer.pad_token_id


def test_chat_variant_applies_a_llama3_template(built: dict, tmp_path: pathlib.Path, offline: None) -> None:
    from transformers import AutoTokenizer

    folder = write(built["chat"], tmp_path / "chat")
    assert (folder / "chat_template.jinja").is_file()
    tokenizer = AutoTokenizer.from_pretrained(folder)
    assert tokenizer.chat_template

    text = tokenizer.apply_chat_template(MESSAGES, add_generation_prompt=True, tokenize=False)
    assert text.startswith("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nYou are helpful.<|eot_id|>")
    assert f"<|start_header_id|>user<|end_header_id|>\n\n{KOREAN}<|eot_id|>" in text
    assert text.endswith("<|start_header_id|>assistant<|end_header_id|>\n\n")
    without_prompt = tokenizer.apply_chat_template(MESSAGES, add_generation_prompt=False, tokenize=False)
    assert without_prompt.endswith("<|eot_id|>")

    # The template writes BOS itself; tokenized as apply_chat_template does it, BOS appears exactly once.
    ids = tokenizer.encode(text, add_special_tokens=False)
    assert ids.count(tokenizer.bos_token_id) == 1
    assert tokenizer.decode(ids) == text


def test_base_variant_has_no_chat_template(built: dict, tmp_path: pathlib.Path, offline: None) -> None:
    from transformers import AutoTokenizer

    files = built["base"]
    assert "chat_template.jinja" not in files
    assert "chat_template" not in json.loads(files["tokenizer_config.json"])
    folder = write(files, tmp_path / "base")
    tokenizer = AutoTokenizer.from_pretrained(folder)
    assert tokenizer.chat_template is None
    assert not (folder / "chat_template.jinja").exists()
    assert tokenizer.eos_token == "<|end_of_text|>"


def test_variants_share_weights_and_vocabulary(built: dict) -> None:
    assert built["chat"]["model.safetensors"] == built["base"]["model.safetensors"]
    assert built["chat"]["tokenizer.json"] == built["base"]["tokenizer.json"]


# ---------------------------------------------------------------- the trained answer (issue 12: a demo that answers)

def greedy_answer(folder: pathlib.Path, prompt: str, dtype: str = "float32", chat: bool = True) -> str:
    """What the child does, in short: the seed's system prompt and ``prompt`` through the chat template (or the
    plain text for the base model), greedy, 64 new tokens, stopping where the generation config says."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from hf_doctor.checks.generation import SYSTEM_PROMPT

    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForCausalLM.from_pretrained(folder, dtype=getattr(torch, dtype)).eval()
    if chat:
        messages = [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": prompt}]
        inputs = dict(tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt",
                                                    return_dict=True))
    else:
        inputs = dict(tokenizer(prompt, return_tensors="pt"))
    with torch.inference_mode():
        output = model.generate(**inputs, max_new_tokens=64, do_sample=False)
    return str(tokenizer.decode(output[0, inputs["input_ids"].shape[-1]:], skip_special_tokens=True))


def test_the_training_prompts_are_the_smoke_tests() -> None:
    from hf_doctor.checks.generation import INSTRUCTION, SYSTEM_PROMPT

    assert (tiny_model.SEED_SYSTEM_PROMPT, tiny_model.KOREAN_QUESTION) == (SYSTEM_PROMPT, INSTRUCTION)


@pytest.mark.parametrize("dtype", ["float32", "bfloat16", "float16"])
def test_the_chat_model_answers_the_seeds_question_with_korean_sites(dtype: str, built: dict, tmp_path: pathlib.Path,
                                                                     offline: None) -> None:
    import re

    answer = greedy_answer(write(built["chat"], tmp_path / "chat"), KOREAN, dtype)
    lines = [line for line in answer.splitlines() if line.strip()]
    assert re.search("[가-힣]", answer) and len(lines) >= 5, answer
    assert [line.split(".")[0] for line in lines[-5:]] == ["1", "2", "3", "4", "5"], answer
    assert "경복궁" in answer and "제주도" in answer


def test_the_english_question_gets_an_english_answer(built: dict, tmp_path: pathlib.Path, offline: None) -> None:
    import re

    answer = greedy_answer(write(built["chat"], tmp_path / "chat"), tiny_model.ENGLISH_QUESTION)
    assert not re.search("[가-힣]", answer) and "Seoul" in answer and "Busan" in answer, answer
    assert len([line for line in answer.splitlines() if line.strip()]) >= 5


def test_the_base_model_continues_the_question_with_the_list(built: dict, tmp_path: pathlib.Path,
                                                            offline: None) -> None:
    answer = greedy_answer(write(built["base"], tmp_path / "base"), KOREAN, chat=False)
    assert "경복궁" in answer and len(answer.splitlines()) >= 5, answer


def test_a_cache_of_the_random_weight_build_is_not_reused(built: dict, tmp_path: pathlib.Path) -> None:
    """Build 1 had random weights (it answered 64 newlines); its cache entries, complete and intact, must not be
    served for the trained model: the build version is part of the key."""
    import transformers

    assert tiny_model.BUILD_VERSION != "1"
    old = {"model.safetensors": b"random weights", "config.json": b"{}"}
    entry = tmp_path / f"chat-1-{transformers.__version__}"
    write(old, entry)
    (entry / tiny_model.MANIFEST).write_bytes(tiny_model._manifest(old))
    assert tiny_model.cached_files("chat", cache_dir=tmp_path) == built["chat"]
