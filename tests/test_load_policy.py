"""What loading a model runs and allows: pickle-only weights (and transformers' refusal of torch.load on a torch
older than 2.6), the model card's licence, and ``check --fail-on`` through the real command line."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Optional

import pytest
from click.testing import CliRunner

from hf_doctor.checks import causes
from hf_doctor.checks.compat import judge_config, judge_weights, model_compat, pickle_weights, torch_load_minimum
from hf_doctor.checks.context import PackageInfo, SystemContext
from hf_doctor.checks.hub import hub_access
from hf_doctor.checks.result import Status
from hf_doctor.cli import cli
from hf_doctor.emulator import scenarios

from .fakes import en, fake_factory, ko

STUDENT = scenarios.TOKENS["student"]
KNOWN = frozenset({"llama", "mistral"}) | frozenset(f"m{i}" for i in range(60))


def context(hub, model: str) -> SystemContext:  # type: ignore[no-untyped-def]
    return SystemContext(model=model, token=STUDENT, endpoint=hub.endpoint)


class WithTorch(SystemContext):
    """This machine, with another torch version installed."""

    torch_version = "2.5.1+cu124"

    def package(self, name: str) -> Optional[PackageInfo]:
        info = super().package(name)
        return PackageInfo("torch", self.torch_version, None) if name == "torch" else info


# ---------------------------------------------------------------- pickle weights

def test_the_installed_transformers_refuses_torch_load_before_2_6() -> None:
    # Read from its own source (utils/import_utils.py check_torch_load_is_safe), not assumed.
    assert torch_load_minimum(SystemContext()) == "2.6"


def test_only_the_bin_files_transformers_would_load_count() -> None:
    assert pickle_weights({"config.json": 1, "pytorch_model.bin": 10}) == ["pytorch_model.bin"]
    sharded = {"pytorch_model-00001-of-00002.bin": 5, "pytorch_model-00002-of-00002.bin": 5,
               "pytorch_model.bin.index.json": 1}
    assert pickle_weights(sharded) == ["pytorch_model-00001-of-00002.bin", "pytorch_model-00002-of-00002.bin"]
    # safetensors beside the pickle: transformers takes the safetensors; Meta's original/*.pth is never read.
    assert pickle_weights({"model.safetensors": 10, "pytorch_model.bin": 10}) == []
    assert pickle_weights({"model.safetensors": 10, "original/consolidated.00.pth": 10}) == []


def test_a_pickle_only_repo_warns_that_unpickling_runs_code(demo_hub) -> None:  # type: ignore[no-untyped-def]
    result = model_compat(context(demo_hub, scenarios.PICKLE))
    assert (result.status, result.cause) == (Status.WARN, causes.PICKLE_WEIGHTS)
    assert en(result.summary).startswith("Weights only as pickle files (pytorch_model.bin), no safetensors: "
                                         "unpickling a file can run code")
    assert result.data["weights_format"] == "pickle" and result.data["pickle_files"] == ["pytorch_model.bin"]
    assert result.data["torch_load_refused"] is False
    assert result.fix is not None and result.fix.url == f"https://huggingface.co/{scenarios.PICKLE}"
    # The architecture verdict is still there, as a detail.
    assert any("knows llama" in en(line) for line in result.details)
    assert "pickle" in ko(result.summary)


def test_with_torch_older_than_2_6_loading_fails_with_the_upgrade(demo_hub) -> None:  # type: ignore[no-untyped-def]
    result = model_compat(WithTorch(model=scenarios.PICKLE, token=STUDENT, endpoint=demo_hub.endpoint))
    assert (result.status, result.cause) == (Status.FAIL, causes.TORCH_LOAD_REFUSED)
    installed = SystemContext().package("transformers")
    assert installed is not None
    assert en(result.summary) == (
        f"Weights only as pickle files (pytorch_model.bin) and torch 2.5.1+cu124: transformers {installed.version} "
        "refuses torch.load before torch 2.6 (CVE-2025-32434), so from_pretrained will fail")
    assert result.fix is not None and result.fix.commands == ('pip install -U "torch>=2.6"',)
    assert "safetensors" in en(result.fix.text)
    assert result.data["torch_load_refused"] is True


@pytest.mark.parametrize("version, refused", [("2.6.0+cu124", False), ("2.6.0.dev20250101", False),
                                              ("2.5.1", True), ("2.4.0+cpu", True), ("2.11.0", False)])
def test_the_torch_version_is_compared_as_transformers_compares_it(version: str, refused: bool) -> None:
    outcome = judge_config({"model_type": "llama", "architectures": ["LlamaForCausalLM"]}, "5.0.0", KNOWN)
    result = judge_weights(outcome, "org/m", {"pytorch_model.bin": 1}, "5.0.0", version, "2.6")
    assert result.cause == (causes.TORCH_LOAD_REFUSED if refused else causes.PICKLE_WEIGHTS)


def test_no_refusal_without_the_check_in_transformers_or_without_torch() -> None:
    outcome = judge_config({"model_type": "llama"}, "4.46.0", KNOWN)
    assert judge_weights(outcome, "org/m", {"pytorch_model.bin": 1}, "4.46.0", "2.4.0", None).cause == \
        causes.PICKLE_WEIGHTS
    assert judge_weights(outcome, "org/m", {"pytorch_model.bin": 1}, "5.0.0", None, "2.6").cause == \
        causes.PICKLE_WEIGHTS


def test_a_stronger_finding_keeps_the_row_and_the_pickle_joins_as_a_detail() -> None:
    remote = judge_config({"model_type": "mystery", "auto_map": {"AutoModelForCausalLM": "m.M"}}, "5.0.0", KNOWN)
    result = judge_weights(remote, "org/m", {"pytorch_model.bin": 1}, "5.0.0", "2.11.0", "2.6")
    assert (result.status, result.cause) == (Status.WARN, causes.REMOTE_CODE)
    assert en(result.details[-1]) == ("Weights: pickle files only (pytorch_model.bin); unpickling can run code "
                                      "hidden in a file")
    # A config transformers cannot read fails first; the refusal is still in the data.
    too_old = judge_config({"model_type": "qwen3"}, "4.44.0", KNOWN)
    result = judge_weights(too_old, "org/m", {"pytorch_model.bin": 1}, "4.44.0", "2.5.0", "2.6")
    assert (result.cause, result.data["torch_load_refused"]) == (causes.TRANSFORMERS_TOO_OLD, True)
    # The remote-code warning gives way to the refusal, which stops the load, and stays as a detail.
    result = judge_weights(remote, "org/m", {"pytorch_model.bin": 1}, "5.0.0", "2.5.0", "2.6")
    assert result.cause == causes.TORCH_LOAD_REFUSED and "ships its own Python code" in en(result.details[-1])


def test_safetensors_repos_say_so_and_stay_as_they_were(demo_hub) -> None:  # type: ignore[no-untyped-def]
    result = model_compat(context(demo_hub, scenarios.LLAMA))
    assert result.status is Status.PASS and result.data["weights_format"] == "safetensors"
    assert "pickle_files" not in result.data


def test_many_pickle_shards_are_counted_not_listed() -> None:
    files = {f"pytorch_model-0000{i}-of-00005.bin": 1 for i in range(1, 6)}
    result = judge_weights(judge_config({"model_type": "llama"}, "5.0.0", KNOWN), "org/m", files, "5.0.0", "2.9.0",
                           "2.6")
    assert "pytorch_model-00003-of-00005.bin, … (+2)" in en(result.summary)
    assert len(result.data["pickle_files"]) == 5


def test_a_pickle_only_repo_is_still_planned_from_its_file_sizes(demo_hub) -> None:  # type: ignore[no-untyped-def]
    from hf_doctor.checks.fit import model_fit, pickle_parameters

    # No safetensors header to count: the pickle's bytes over the dtype config.json names (float32 by default).
    assert pickle_parameters({"pytorch_model.bin": 4_000_000}, {"torch_dtype": "bfloat16"}) == {"BF16": 2_000_000}
    assert pickle_parameters({"pytorch_model.bin": 4_000_000}, None) == {"F32": 1_000_000}
    assert pickle_parameters({"model.safetensors": 4_000_000}, None) is None
    result = model_fit(SystemContext(simulated_gpu="none", model=scenarios.PICKLE, token=STUDENT,
                                     endpoint=demo_hub.endpoint))
    assert result.status is Status.PASS
    tiny = model_fit(SystemContext(simulated_gpu="none", model=scenarios.TINY_CHAT, token=STUDENT,
                                   endpoint=demo_hub.endpoint))
    # The same model as safetensors: the pickle's zip framing (a few KB, whatever the model's size) is all that
    # the count from its size adds; for this 107 K-parameter model that is under 2 %.
    assert 0 <= result.data.parameters - tiny.data.parameters < 0.02 * tiny.data.parameters


# ---------------------------------------------------------------- the licence

def test_the_llama_licence_comes_with_the_access_answer(demo_hub) -> None:  # type: ignore[no-untyped-def]
    before = len(demo_hub.log)
    result = hub_access(context(demo_hub, scenarios.LLAMA))
    assert result.status is Status.PASS
    assert result.data["license"] == {"id": "llama3.1", "name": None, "link": None}
    assert [en(line) for line in result.details] == [
        "Licence (from the model card): llama3.1. The repo is gated: asking for access on the model's page means "
        "accepting this licence; read it first."]
    # No request of its own: the licence came with the model info the row already asked for.
    assert sum("/api/models/" in entry.path and "auth-check" not in entry.path
               for entry in demo_hub.log[before:]) == 1


def test_an_other_licence_names_itself_and_asks_to_be_read(demo_hub) -> None:  # type: ignore[no-untyped-def]
    result = hub_access(context(demo_hub, scenarios.PICKLE))
    assert result.data["license"] == {"id": "other", "name": "tiny-pickle-license", "link": "LICENSE"}
    assert [en(line) for line in result.details] == [
        "Licence (from the model card): other (tiny-pickle-license · LICENSE): the authors' own terms, not a "
        "standard licence; read and accept them before you use the model."]


def test_a_standard_licence_is_only_named(demo_hub) -> None:  # type: ignore[no-untyped-def]
    result = hub_access(context(demo_hub, scenarios.TINY_CHAT))
    assert [en(line) for line in result.details] == ["Licence (from the model card): apache-2.0"]
    assert ko(result.details[0]) == "라이선스(모델 카드): apache-2.0"


# ---------------------------------------------------------------- check --fail-on, the real command line

def run_check(hub, home: Path, *args: str) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    env = {**os.environ, **hub.environment(), "HF_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "hf_doctor", "check", "--gpu", "none", "--token-file", "-",
                           "--json", *args], input=STUDENT, capture_output=True, text=True, env=env, timeout=300)


def causes_found(done: subprocess.CompletedProcess) -> dict:  # type: ignore[type-arg]
    return {c["id"]: (c["status"], c["cause"]) for c in json.loads(done.stdout)["checks"]}


def test_fail_on_a_cause_that_is_found_exits_1(demo_hub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    done = run_check(demo_hub, tmp_path, "--model", scenarios.PICKLE, "--fail-on", "cuda_oom,pickle_weights")
    assert causes_found(done)["model.compat"] == ("warn", "pickle_weights")
    assert done.returncode == 1, done.stderr
    # Without --fail-on the same warnings leave the run ready.
    assert run_check(demo_hub, tmp_path, "--model", scenarios.PICKLE).returncode == 0


def test_fail_on_ignores_failures_it_does_not_name(demo_hub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    done = run_check(demo_hub, tmp_path, "--model", "hf-doctor/tiny-chta", "--fail-on", "pickle_weights",
                     "--fail-on", "torch_load_refused")
    assert causes_found(done)["hub.access"] == ("fail", "repo_not_found")
    assert json.loads(done.stdout)["verdict"] == "not_ready"   # the report still says what it found
    assert done.returncode == 0, done.stderr
    named = run_check(demo_hub, tmp_path, "--model", "hf-doctor/tiny-chta", "--fail-on", "repo_not_found")
    assert named.returncode == 1


@pytest.mark.parametrize("value", ["pickle_weights,no_such_cause", "Pickle_Weights", ","])
def test_an_unknown_cause_is_a_usage_error_listing_the_valid_ones(value: str) -> None:
    result = CliRunner().invoke(cli, ["check", "--fail-on", value], obj={"context_factory": fake_factory()})
    assert result.exit_code == 2
    assert "Invalid value for '--fail-on': unknown cause id" in result.stderr
    assert all(cause in result.stderr for cause in causes.ALL)
    korean = CliRunner().invoke(cli, ["check", "--lang", "ko", "--fail-on", value],
                                obj={"context_factory": fake_factory()})
    assert korean.exit_code == 2 and "알 수 없는 원인 ID" in korean.stderr
