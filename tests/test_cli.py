"""`hf-preflight check` through click's CliRunner on a fake machine, and once for real as a subprocess."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from checks.registry import all_checks
from wizard.cli import cli

from .fakes import FakeContext, fake_factory, stack

IDS = [check.id for check in all_checks()]
ROOT = Path(__file__).resolve().parent.parent


def invoke(*args: str, **fake: object):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), obj={"context_factory": fake_factory(**fake)})


def by_id(report: dict) -> dict:
    return {c["id"]: c for c in report["checks"]}


def test_json_report_on_a_machine_without_gpu() -> None:
    result = invoke("check", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)  # stdout holds the report and nothing else
    assert report["schema"] == "hf-preflight.report/1"
    assert report["tool"]["name"] == "hf-preflight"
    assert report["created_at"] == "2026-11-24T20:00:00+00:00"
    assert report["model"] is None and report["simulated_gpu"] is None
    assert report["verdict"] == "ready_with_warnings"
    assert [c["id"] for c in report["checks"]] == IDS
    gpu = by_id(report)["gpu.device"]
    assert (gpu["status"], gpu["cause"], gpu["data"]["count"]) == ("warn", "gpu_missing", 0)
    for check in report["checks"]:
        assert set(check) == {"id", "title", "status", "summary", "details", "cause", "fix", "data", "duration_s"}
        assert (check["cause"] is None) == (check["status"] == "pass" or check["status"] == "skip")


def test_simulated_t4_reports_bf16_unsupported() -> None:
    result = invoke("check", "--json", "--gpu", "t4")
    report = json.loads(result.stdout)
    assert report["simulated_gpu"] == "T4"
    bf16 = by_id(report)["gpu.bf16"]
    assert bf16["status"] == "warn" and bf16["cause"] == "bf16_unsupported"
    assert bf16["data"]["compute_capability"] == [7, 5] and bf16["data"]["native"] is False
    assert bf16["fix"]["text"].startswith("Load the model in float16")
    assert by_id(report)["gpu.device"]["data"]["simulated"] is True
    assert result.exit_code == 0


def test_simulated_a100_passes_bf16() -> None:
    report = json.loads(invoke("check", "--json", "--gpu", "A100-40GB").stdout)
    bf16 = by_id(report)["gpu.bf16"]
    assert (bf16["status"], bf16["cause"], bf16["fix"]) == ("pass", None, None)


def test_human_output_says_the_gpu_is_simulated() -> None:
    result = invoke("check", "--gpu", "T4")
    assert result.stdout.splitlines()[0] == (
        "hf-preflight 0.1.0 · environment check · GPU simulated: T4 (planning, not this machine's GPU)")
    assert "Tesla T4 (simulated)" in result.stdout


def test_a_failed_check_exits_1_and_the_output_carries_the_fix() -> None:
    result = invoke("check", packages=stack(accelerate=None))
    assert result.exit_code == 1
    assert "[ ✗ ] Libraries         accelerate is not installed" in result.stdout
    assert "$ pip install accelerate" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("Not ready: 1 check failed.")


def test_a_crashing_check_exits_3_and_still_renders_every_row() -> None:
    class Broken(FakeContext):
        def memory(self):  # type: ignore[no-untyped-def]
            raise RuntimeError("boom")

    result = CliRunner().invoke(cli, ["check", "--json"], obj={"context_factory": lambda **kw: Broken()})
    assert result.exit_code == 3
    memory = by_id(json.loads(result.stdout))["host.memory"]
    assert memory["status"] == "error" and "bug in hf-preflight" in memory["summary"]


def test_report_file_holds_the_same_report(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    result = invoke("check", "--json", "--report", str(target))
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(result.stdout)


@pytest.mark.parametrize("args, message", [
    (["check", "--gpu", "RTX9999"], "hf-preflight: Invalid value for '--gpu': unknown GPU 'RTX9999'; choose one of "
                                    "T4, L4, V100, P100, A100-40GB, A100-80GB, H100, none "
                                    "(see `hf-preflight check --help`)"),
    (["check", "--frobnicate"], "hf-preflight: No such option"),  # the rest of this one is click's wording
    (["chek"], "hf-preflight: No such command 'chek'. Did you mean 'check'? (see `hf-preflight --help`)"),
    (["check", "--report", "/nonexistent/dir/report.json"],
     "hf-preflight: cannot write the report to /nonexistent/dir/report.json: No such file or directory "
     "(see `hf-preflight check --help`)"),
])
def test_bad_arguments_give_one_line_and_exit_2(args, message) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(cli, args, obj={"context_factory": fake_factory()})
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1
    assert result.stderr.endswith("--help`)\n")


def test_ctrl_c_exits_130() -> None:
    def interrupted(**options):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    result = CliRunner().invoke(cli, ["check"], obj={"context_factory": interrupted})
    assert (result.exit_code, result.stderr.strip()) == (130, "hf-preflight: interrupted")


def test_bare_command_runs_the_check_until_the_wizard_exists() -> None:
    result = invoke()
    assert result.exit_code == 0
    assert result.stdout.startswith("hf-preflight 0.1.0 · environment check")


def test_version() -> None:
    assert invoke("--version").stdout == "hf-preflight, version 0.1.0\n"


def test_real_subprocess_on_this_machine(tmp_path: Path, demo_hub) -> None:  # type: ignore[no-untyped-def]
    """The real program, real context: every environment check reported, and JSON alone on stdout."""
    env = {**os.environ, **demo_hub.environment(), "HF_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "wizard", "check", "--json"], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120)
    report = json.loads(done.stdout)
    assert done.returncode == 0, done.stdout + done.stderr
    assert [c["id"] for c in report["checks"]] == IDS
    assert all(c["status"] != "error" for c in report["checks"])
    assert by_id(report)["disk.space"]["data"]["cache"] == str(tmp_path / "hub")
    if shutil.which("nvidia-smi") is None:
        gpu = by_id(report)["gpu.device"]
        assert (gpu["status"], gpu["data"]["count"]) == ("warn", 0)


def test_real_subprocess_plain_output_without_a_tty(tmp_path: Path, demo_hub) -> None:  # type: ignore[no-untyped-def]
    env = {**os.environ, **demo_hub.environment(), "HF_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "wizard", "check", "--gpu", "T4"], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 0
    assert "\x1b[" not in done.stdout  # no colour codes when stdout is not a terminal
    assert "[ ! ] Native bfloat16" in done.stdout


def test_smoke_needs_a_model() -> None:
    result = invoke("check", "--smoke")
    assert result.exit_code == 2
    assert result.stderr.startswith("hf-preflight: --smoke needs --model")


def test_token_from_stdin_is_used_and_never_echoed(demo_hub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from wizard.emulator import scenarios

    token = scenarios.TOKENS["student"]
    env = {**os.environ, **demo_hub.environment(), "HF_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "wizard", "check", "--model", scenarios.TINY_CHAT, "--token-file", "-",
                           "--json"], input=token + "\n", capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    hub_token = by_id(json.loads(done.stdout))["hub.token"]
    # a file's (or stdin's) final newline is not a pasting mistake
    assert hub_token["data"]["source"] == "--token-file" and hub_token["status"] == "pass"
    assert token not in done.stdout + done.stderr
