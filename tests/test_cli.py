"""`hf-doctor check` through click's CliRunner on a fake machine, and once for real as a subprocess."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from hf_doctor.checks.registry import all_checks
from hf_doctor.cli import cli

from .fakes import FakeContext, fake_factory, stack

IDS = [check.id for check in all_checks()]
ROOT = Path(__file__).resolve().parent.parent


def invoke(*args: str, **fake: object):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), obj={"context_factory": fake_factory(**fake)})


def by_id(report: dict) -> dict:
    return {c["id"]: c for c in report["checks"]}


def verdict_of(stdout: str) -> str:
    """The last paragraph, the verdict, its wrapped lines joined again."""
    return " ".join(stdout.rstrip().split("\n\n")[-1].split("\n"))


def test_json_report_on_a_machine_without_gpu() -> None:
    result = invoke("check", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)  # stdout holds the report and nothing else
    assert report["schema"] == "hf-doctor.report/1"
    assert report["tool"]["name"] == "hf-doctor"
    assert report["created_at"] == "2026-11-24T20:00:00+00:00"
    assert report["model"] is None and report["simulated_gpu"] is None
    assert report["verdict"] == "ready_with_warnings"
    assert [c["id"] for c in report["checks"]] == IDS
    gpu = by_id(report)["gpu.device"]
    assert (gpu["status"], gpu["cause"], gpu["data"]["count"]) == ("warn", "gpu_missing", 0)
    for check in report["checks"]:
        assert set(check) == {"id", "title", "status", "summary", "details", "cause", "fix", "data", "duration_s",
                              "messages"}
        assert set(check["messages"]) == {"title", "summary", "details", "fix"}
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
        "hf-doctor 0.1.0 · environment check · GPU simulated: T4 (planning, not this machine's GPU)")
    assert "Tesla T4 (simulated)" in result.stdout


def test_a_failed_check_exits_1_and_the_output_carries_the_fix() -> None:
    result = invoke("check", packages=stack(accelerate=None))
    assert result.exit_code == 1
    assert "[ ✗ ] Libraries         accelerate is not installed" in result.stdout
    assert "$ pip install accelerate" in result.stdout
    assert verdict_of(result.stdout).startswith("Not ready: 1 check failed.")


def test_a_crashing_check_exits_3_and_still_renders_every_row() -> None:
    class Broken(FakeContext):
        def memory(self):  # type: ignore[no-untyped-def]
            raise RuntimeError("boom")

    result = CliRunner().invoke(cli, ["check", "--json"], obj={"context_factory": lambda **kw: Broken()})
    assert result.exit_code == 3
    memory = by_id(json.loads(result.stdout))["host.memory"]
    assert memory["status"] == "error" and "bug in hf-doctor" in memory["summary"]


def test_report_file_holds_the_same_report(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    result = invoke("check", "--json", "--report", str(target))
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(result.stdout)


@pytest.mark.parametrize("args, message", [
    (["check", "--gpu", "RTX9999"], "hf-doctor: Invalid value for '--gpu': unknown GPU 'RTX9999'; choose one of "
                                    "T4, L4, V100, P100, A100-40GB, A100-80GB, H100, none "
                                    "(see `hf-doctor check --help`)"),
    (["check", "--frobnicate"], "hf-doctor: No such option"),  # the rest of this one is click's wording
    (["chek"], "hf-doctor: No such command 'chek'. Did you mean 'check'? (see `hf-doctor --help`)"),
    (["check", "--report", "/nonexistent/dir/report.json"],
     "hf-doctor: cannot write the report to /nonexistent/dir/report.json: No such file or directory "
     "(see `hf-doctor check --help`)"),
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
    # one line that names the step (here the checks themselves), no traceback
    assert (result.exit_code, result.stderr.strip()) == (130, "hf-doctor: interrupted during the checks")


def _ctrl_c_while_a_class_is_made() -> BaseException:
    """What Python raises when Ctrl-C lands while a class is made, as in an import: 3.11 and older wrap it
    ("RuntimeError: Error calling __set_name__ …", the interrupt as its cause), newer ones do not."""
    class Field:
        def __set_name__(self, owner: type, name: str) -> None:
            raise KeyboardInterrupt

    try:
        type("Holder", (), {"raw": Field()})
    except BaseException as exc:  # noqa: BLE001 - whichever Python raises
        return exc
    raise AssertionError("the class was made")


def test_a_ctrl_c_python_wrapped_is_still_an_interruption() -> None:
    from hf_doctor.entry import ctrl_c_behind

    assert isinstance(ctrl_c_behind(_ctrl_c_while_a_class_is_made()), KeyboardInterrupt)
    bug = RuntimeError("a bug")
    assert ctrl_c_behind(bug) is None
    looped = ValueError("twice")
    looped.__context__ = bug
    bug.__context__ = looped
    assert ctrl_c_behind(looped) is None

    def interrupted(**options):  # type: ignore[no-untyped-def]
        raise _ctrl_c_while_a_class_is_made()

    result = CliRunner().invoke(cli, ["check"], obj={"context_factory": interrupted})
    assert (result.exit_code, result.stderr.strip()) == (130, "hf-doctor: interrupted")


def test_a_ctrl_c_python_wrapped_while_the_program_starts_is_one_line_and_130(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Ctrl-C in the first moment, while the command line is imported: one line and 130, as for any interruption;
    any other error there still surfaces."""
    from hf_doctor import entry, sink

    def interrupted() -> None:
        raise _ctrl_c_while_a_class_is_made()

    monkeypatch.setattr(sink, "scrub_standard_streams", interrupted)
    with pytest.raises(SystemExit) as stopped:
        entry.main()
    assert stopped.value.code == 130 and capsys.readouterr().err == "\nhf-doctor: interrupted\n"

    def broken() -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(sink, "scrub_standard_streams", broken)
    with pytest.raises(RuntimeError, match="a bug"):
        entry.main()


def test_ctrl_c_names_the_download_then_the_generation() -> None:
    """The step follows what the checks said: the download of a model, then its test generation."""
    from hf_doctor.checks.text import Msg

    def during(*said: Msg):  # type: ignore[no-untyped-def]
        def factory(**options):  # type: ignore[no-untyped-def]
            for text in said:
                options["notify"](text)
            raise KeyboardInterrupt
        return factory

    started = Msg("model.download.progress.running", repo="acme/tiny", done="1 KiB", size="2 KiB", speed="1.0")
    finished = Msg("model.download.progress.finished", repo="acme/tiny", size="2 KiB")
    result = CliRunner().invoke(cli, ["check"], obj={"context_factory": during(started)})
    assert (result.exit_code, result.stderr.strip()) == (130, "hf-doctor: interrupted during the download of acme/tiny")
    result = CliRunner().invoke(cli, ["check", "--lang", "ko"], obj={"context_factory": during(started, finished)})
    assert (result.exit_code, result.stderr.strip()) == (130, "hf-doctor: acme/tiny 생성 테스트 중에 중단했습니다")
    assert "Traceback" not in result.output


def test_progress_stays_out_of_plain_and_json_output() -> None:
    """Piped and --json: the check's announcement once on stderr, never a progress update; stdout the report."""
    from hf_doctor.checks.text import Msg

    seen = {}

    def factory(**options):  # type: ignore[no-untyped-def]
        from huggingface_hub.utils import are_progress_bars_disabled

        seen.update(bars_off=are_progress_bars_disabled(), child_env=os.environ.get("HF_HUB_DISABLE_PROGRESS_BARS"))
        options["notify"](Msg("model.download.notify", files=Msg("model.download.files", count=1), repo="acme/tiny",
                              size="2 KiB", total="2 KiB", listing="model.safetensors (2 KiB)"))
        options["notify"](Msg("model.download.progress.running", repo="acme/tiny", done="1 KiB", size="2 KiB",
                              speed="1.0"))
        options["notify"](Msg("model.download.progress.finished", repo="acme/tiny", size="2 KiB"))
        return FakeContext()

    before = os.environ.get("HF_HUB_DISABLE_PROGRESS_BARS")
    plain = CliRunner().invoke(cli, ["check"], obj={"context_factory": factory})
    announced = "Downloading 1 file of acme/tiny, 2 KiB (of 2 KiB needed): model.safetensors (2 KiB)\n"
    assert plain.exit_code == 0 and plain.stderr == announced
    # huggingface_hub's bars are off during the run, here and in the children it starts; restored afterwards
    assert seen == {"bars_off": True, "child_env": "1"}
    assert os.environ.get("HF_HUB_DISABLE_PROGRESS_BARS") == before
    quiet = CliRunner().invoke(cli, ["check", "--json"], obj={"context_factory": factory})
    assert quiet.exit_code == 0 and quiet.stderr == announced and json.loads(quiet.stdout)["schema"]


def test_bare_command_runs_the_check_until_the_wizard_exists() -> None:
    result = invoke()
    assert result.exit_code == 0
    assert result.stdout.startswith("hf-doctor 0.1.0 · environment check")


def test_version() -> None:
    assert invoke("--version").stdout == "hf-doctor, version 0.1.0\n"


def test_real_subprocess_on_this_machine(tmp_path: Path, demo_hub) -> None:  # type: ignore[no-untyped-def]
    """The real program, real context: every environment check reported, and JSON alone on stdout."""
    env = {**os.environ, **demo_hub.environment(), "HF_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "hf_doctor", "check", "--json"], capture_output=True, text=True,
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
    done = subprocess.run([sys.executable, "-m", "hf_doctor", "check", "--gpu", "T4"], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 0
    assert "\x1b[" not in done.stdout  # no colour codes when stdout is not a terminal
    assert "[ ! ] Native bfloat16" in done.stdout


def test_context_sets_the_kv_cache_model_fit_plans_for(demo_hub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from hf_doctor.checks.context import SystemContext
    from hf_doctor.emulator import scenarios

    def factory(**options: object) -> SystemContext:
        options["token"] = scenarios.TOKENS["student"]   # the gated repo's config.json gives the cache's shape
        return SystemContext(endpoint=demo_hub.endpoint, cache=str(tmp_path), **options)  # type: ignore[arg-type]

    def fit(*args: str) -> dict:
        result = CliRunner().invoke(cli, ["check", "--model", scenarios.LLAMA, "--gpu", "A100-80GB", "--json", *args],
                                    obj={"context_factory": factory})
        return by_id(json.loads(result.stdout))["model.fit"]["data"]

    asked, default = fit("--context", "32768"), fit()
    assert (asked["context_tokens"], asked["kv_cache_bytes"]) == (32768, 4 * 1024**3)   # 128 KiB a token
    assert default["context_tokens"] < 512 and default["kv_cache_bytes"] == default["context_tokens"] * 131_072
    assert asked["kv_cache_bytes_at"] == default["kv_cache_bytes_at"] == {"4096": 2**29, "32768": 2**32}
    refused = invoke("check", "--context", "0")
    assert refused.exit_code == 2 and "--context" in refused.stderr


def test_smoke_needs_a_model() -> None:
    result = invoke("check", "--smoke")
    assert result.exit_code == 2
    assert result.stderr.startswith("hf-doctor: --smoke needs --model")


def test_token_from_stdin_is_used_and_never_echoed(demo_hub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from hf_doctor.emulator import scenarios

    token = scenarios.TOKENS["student"]
    env = {**os.environ, **demo_hub.environment(), "HF_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "hf_doctor", "check", "--model", scenarios.TINY_CHAT, "--token-file", "-",
                           "--json"], input=token + "\n", capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    hub_token = by_id(json.loads(done.stdout))["hub.token"]
    # a file's (or stdin's) final newline is not a pasting mistake
    assert hub_token["data"]["source"] == "--token-file" and hub_token["status"] == "pass"
    assert token not in done.stdout + done.stderr


# Korean: --lang ko, or HF_DOCTOR_LANG=ko, for everything hf-doctor says (click's own wording aside).

def assert_korean_check_output(stdout: str) -> None:
    lines = stdout.rstrip().splitlines()
    assert lines[0] == "hf-doctor 0.1.0 · 환경 검사"
    assert any(line.startswith("[ ✗ ] 라이브러리        ") for line in lines)      # padded by display width
    assert any(line.startswith("[ ✓ ] 시스템 메모리     ") for line in lines)
    assert "해결 방법: " in stdout and "$ pip install accelerate" in stdout
    assert verdict_of(stdout).startswith("준비되지 않음: 검사 1개가 실패했습니다. 위의 해결 방법을 적용한 뒤 ")


def test_lang_ko_gives_the_korean_header_titles_and_verdict() -> None:
    result = invoke("check", "--lang", "ko", packages=stack(accelerate=None))
    assert result.exit_code == 1
    assert_korean_check_output(result.stdout)
    # No language is left behind for the next run in the same process (a test, a notebook kernel).
    assert invoke("check").stdout.startswith("hf-doctor 0.1.0 · environment check\n")


def test_hf_doctor_lang_ko_works_the_same() -> None:
    result = CliRunner().invoke(cli, ["check"], obj={"context_factory": fake_factory(packages=stack(accelerate=None))},
                                env={"HF_DOCTOR_LANG": "ko"})
    assert result.exit_code == 1
    assert_korean_check_output(result.stdout)
    english = CliRunner().invoke(cli, ["check", "--lang", "en"], obj={"context_factory": fake_factory()},
                                 env={"HF_DOCTOR_LANG": "ko"})
    assert english.stdout.startswith("hf-doctor 0.1.0 · environment check\n")


def test_korean_json_keeps_ids_and_causes() -> None:
    report = json.loads(invoke("check", "--json", "--gpu", "T4", "--lang", "ko").stdout)
    bf16 = by_id(report)["gpu.bf16"]
    assert (bf16["id"], bf16["title"], bf16["cause"]) == ("gpu.bf16", "bfloat16 지원", "bf16_unsupported")
    assert report["verdict"] == "ready_with_warnings"


@pytest.mark.parametrize("args, message", [
    (["check", "--lang", "ko", "--gpu", "RTX9999"],
     "hf-doctor: Invalid value for '--gpu': 알 수 없는 GPU 'RTX9999'입니다. 다음 중에서 고르세요: T4, L4, V100, "
     "P100, A100-40GB, A100-80GB, H100, none (`hf-doctor check --help`를 참고하세요)\n"),
    # click fails to parse before any option is processed: --lang is read ahead, so the hint is Korean anyway
    (["check", "--frobnicate", "--lang=ko"],
     "hf-doctor: No such option '--frobnicate'. (`hf-doctor check --help`를 참고하세요)\n"),
    (["--lang", "ko", "chek"],
     "hf-doctor: No such command 'chek'. Did you mean 'check'? (`hf-doctor --help`를 참고하세요)\n"),
    (["check", "--smoke", "--lang", "ko"],
     "hf-doctor: --smoke에는 --model이 필요합니다 (어떤 모델을 다운로드할까요?) "
     "(`hf-doctor check --help`를 참고하세요)\n"),
    (["demo", "--scenario", "nope", "--lang", "ko"],
     "hf-doctor: Invalid value for '--scenario': 알 수 없는 시나리오 'nope'입니다. `hf-doctor demo --list`로 "
     "목록을 볼 수 있습니다 (`hf-doctor demo --help`를 참고하세요)\n"),
])
def test_usage_errors_in_korean(args, message) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(cli, args, obj={"context_factory": fake_factory()})
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_interruption_and_internal_errors_in_korean() -> None:
    def interrupted(**options):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    def broken(**options):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    result = CliRunner().invoke(cli, ["check", "--lang", "ko"], obj={"context_factory": interrupted})
    assert (result.exit_code, result.stderr.strip()) == (130, "hf-doctor: 검사 중에 중단했습니다")
    result = CliRunner().invoke(cli, ["check"], obj={"context_factory": broken}, env={"HF_DOCTOR_LANG": "ko"})
    assert (result.exit_code, result.stderr) == (3, "hf-doctor: 내부 오류입니다 (RuntimeError: boom). "
                                                    "hf-doctor의 버그입니다\n")
    result = CliRunner().invoke(cli, ["check"], obj={"context_factory": broken})
    assert result.stderr == "hf-doctor: internal error (RuntimeError: boom); this is a bug in hf-doctor\n"


def test_demo_list_and_banner_in_korean(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The banner, without starting the local Hub or a child: both are replaced, the child's argv is kept."""
    import contextlib

    from hf_doctor import child
    from hf_doctor.emulator import scenarios, server

    listing = CliRunner().invoke(cli, ["demo", "--list", "--lang", "ko"])
    assert "gated-pending          접근을 요청했고, 아직 작성자의 검토를 기다리는 중\n" in listing.stdout

    class Hub:
        endpoint = "http://127.0.0.1:1"

        def environment(self) -> dict:
            return {"HF_ENDPOINT": self.endpoint}

    children = []
    monkeypatch.setattr(scenarios, "build", lambda: None)
    monkeypatch.setattr(server, "HubEmulator", lambda scenario: contextlib.nullcontext(Hub()))
    monkeypatch.setattr(child, "run", lambda argv, env, stdin_text: children.append(argv) or 0)
    result = CliRunner().invoke(cli, ["demo", "--scenario", "gated-pending", "--lang", "ko"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ("데모 · 시나리오 gated-pending: 접근을 요청했고, 아직 작성자의 검토를 기다리는 중\n"
                             "로컬 Hub http://127.0.0.1:1 (인터넷 연결 필요 없음) · 모델 meta-llama/Llama-3.1-8B\n\n")
    assert children[0][-4:] == ["--lang", "ko", "--token-file", "-"]


# ---------------------------------------------------------------- reports for sharing and course profiles

def test_student_name_markdown_and_a_markdown_report_file(tmp_path: Path) -> None:
    target = tmp_path / "minji.md"
    result = invoke("check", "--markdown", "--student", "  Kim   Minji ", "--report", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("### hf-doctor ") and "**Student:** Kim Minji" in result.stdout
    assert target.read_text(encoding="utf-8") == result.stdout


@pytest.mark.parametrize("args, says", [
    (("--json", "--markdown"), "choose one"),
    (("--student", "a\tb\x07"), "one line of printable text"),
    (("--student", "x" * 101), "at most 100 characters"),
])
def test_report_options_misused_are_usage_errors(args: tuple, says: str) -> None:
    result = invoke("check", *args)
    assert result.exit_code == 2 and says in result.stderr


def test_a_profile_is_judged_and_named_in_the_report(tmp_path: Path) -> None:
    profile = tmp_path / "course.toml"
    profile.write_text('name = "GPU class"\ngpu_required = true\nmin_python = "3.9"\n', encoding="utf-8")
    result = invoke("check", "--json", "--profile", str(profile))
    report = json.loads(result.stdout)
    assert report["profile"]["name"] == "GPU class" and report["profile"]["file"] == "course.toml"
    judged = by_id(report)["course.profile"]
    assert (judged["status"], judged["cause"]) == ("fail", "gpu_missing")
    assert result.exit_code == 1


@pytest.mark.parametrize("text, args, says", [
    ('name = "x"\nmin_gpu_memory = 16\n', (), "unknown key 'min_gpu_memory'"),
    ('name = "x"\nmodel = "a/b"\n', ("--model", "c/d"), "differs from the model of the profile"),
    ('name = "x"\nmin_tokens_per_s = 5\n', (), "names no model"),
])
def test_a_profile_that_cannot_be_used_is_a_usage_error(tmp_path: Path, text: str, args: tuple, says: str) -> None:
    profile = tmp_path / "course.toml"
    profile.write_text(text, encoding="utf-8")
    result = invoke("check", "--profile", str(profile), *args)
    assert result.exit_code == 2 and says in result.stderr and "Traceback" not in result.output
