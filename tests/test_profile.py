"""Course profiles: loading an instructor's TOML file, and judging a run's results against it."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Dict, Optional

import pytest

from hf_doctor.checks import causes
from hf_doctor.checks.engine import Blocked
from hf_doctor.checks.fit import FitPlan, FitVerdict
from hf_doctor.checks.generation import GenerationFacts
from hf_doctor.checks.gpu import Bf16Support, GpuDevice
from hf_doctor.checks.profile import CHECK_ID, ProfileError, judge, load
from hf_doctor.checks.python_env import PythonFacts
from hf_doctor.checks.registry import all_checks
from hf_doctor.checks.result import CheckResult, Status
from hf_doctor.checks.text import Msg

from .fakes import card, en, ko

IDS = [check.id for check in all_checks("some/model", smoke=True)]

COURSE = """\
name = "NLP 101 · week 1"
model = "hf-doctor/tiny-chat"
min_python = "3.10"
gpu_required = true
min_gpu_memory_gb = 15
dtype = "float16"
max_generation_s = 30
min_tokens_per_s = 10
must_pass = ["hub.access", "model.generate"]
"""


def write(tmp_path: Path, text: str, name: str = "course.toml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def result(check: str, status: Status = Status.PASS, cause: Optional[str] = None, data: Any = None) -> CheckResult:
    return CheckResult(check, check, status, "", cause=cause, data=data if data is not None else {})


T4 = card("Tesla T4", 14.75, (7, 5))


def python(version: str) -> PythonFacts:
    return PythonFacts(version=version, required={}, minimum=None)


def plan(need_bytes: Dict[str, int], budget: int) -> FitPlan:
    """model.fit's plan with the numbers the profile reads; the rest are a small model's."""
    return FitPlan(parameters=10**9, weights_bytes={}, kv_cache_bytes=None, context_tokens=2048, overhead={},
                   host_available_bytes=None, download_bytes=0, disk_free_bytes=None, verdict=FitVerdict.FITS_GPU,
                   gpu="Tesla T4", gpu_budget_bytes=budget, dtype="float16", need_bytes=need_bytes)


GENERATED = GenerationFacts(
    device="cuda", gpu_name="Tesla T4", dtype="float16", quantization=None, placement={"gpu": 16, "cpu": 0, "disk": 0},
    chat_template=True, eos_token_ids=(1,), prompt_tokens=60, new_tokens=64, stop_reason="length", load_s=12.0,
    time_to_first_token_s=0.08, generate_s=4.0, decode_tokens_per_s=20.0, peak_gpu_bytes=None, peak_host_bytes=None,
    parameters=10**9, layers=16, bytes_per_token=2 * 10**9, host_bandwidth_gbs=None, text="", token_ids=())


def generated(generate_s: float, speed: float) -> GenerationFacts:
    return replace(GENERATED, generate_s=generate_s, decode_tokens_per_s=speed)


def results(**override: Any) -> Dict[str, CheckResult]:
    """A T4 machine on which everything worked: 3.11, the model fits in float16, 20 tokens/s in 4 s."""
    base = {
        "python.version": result("python.version", data=python("3.11.7")),
        "gpu.device": result("gpu.device", data=GpuDevice((T4,))),
        "gpu.bf16": result("gpu.bf16", Status.WARN, causes.BF16_UNSUPPORTED, Bf16Support.for_capability((7, 5))),
        "hub.access": result("hub.access"),
        "model.fit": result("model.fit", data=plan({"float16": 3 * 10**9, "int4": 10**9}, 15 * 10**9)),
        "model.download": result("model.download"),
        "model.generate": result("model.generate", data=generated(4.0, 20.0)),
    }
    base.update(override)
    return base


def test_a_profile_loads_with_every_key(tmp_path: Path) -> None:
    profile = load(write(tmp_path, COURSE), IDS)
    assert profile.name == "NLP 101 · week 1" and profile.model == "hf-doctor/tiny-chat"
    assert profile.must_pass == ("hub.access", "model.generate") and profile.needs_generation
    described = profile.to_json()
    assert described["file"] == "course.toml" and len(described["sha256"]) == 64
    assert described["requirements"]["min_gpu_memory_gb"] == 15


def test_only_a_name_is_required(tmp_path: Path) -> None:
    profile = load(write(tmp_path, 'name = "Intro"\n'), IDS)
    assert profile.dtype == "auto" and not profile.gpu_required and not profile.needs_generation
    verdict = judge(profile, list(results().values()))
    assert verdict.status is Status.PASS and verdict.data["requirements"] == []


@pytest.mark.parametrize("text, says", [
    ("name = ", "is not valid TOML"),
    ('name = "x"\ngpu = true\n', "unknown key 'gpu'"),
    ('name = "x"\ngpu_required = "yes"\n', "gpu_required = 'yes' is not a valid value"),
    ('name = "x"\nmin_gpu_memory_gb = true\n', "min_gpu_memory_gb = True is not a valid value"),
    ('name = "x"\nmin_tokens_per_s = -1\n', "min_tokens_per_s = -1 is not a valid value"),
    ('name = "x"\nmin_python = "three"\n', "min_python = 'three' is not a valid value"),
    ('name = "x"\ndtype = "fp16"\n', "dtype = 'fp16' is not one of auto, float16"),
    ('name = "x"\nmust_pass = ["hub.acess"]\n', "must_pass names 'hub.acess', which is not a check id"),
    ('model = "x/y"\n', "needs a name"),
])
def test_a_broken_profile_says_what_is_wrong_in_one_sentence(tmp_path: Path, text: str, says: str) -> None:
    with pytest.raises(ProfileError) as raised:
        load(write(tmp_path, text), IDS)
    assert says in str(raised.value) and "\n" not in str(raised.value).strip()
    # The CLI shows the message in the user's language; str() is its English.
    assert isinstance(raised.value.message, Msg) and en(raised.value.message) == str(raised.value)


def test_a_missing_profile_file(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="cannot read the profile"):
        load(str(tmp_path / "nope.toml"), IDS)


def test_a_machine_that_meets_the_profile(tmp_path: Path) -> None:
    verdict = judge(load(write(tmp_path, COURSE), IDS), list(results().values()))
    assert verdict.id == CHECK_ID and verdict.status is Status.PASS, verdict.details
    assert en(verdict.summary) == "Meets the course profile \u201cNLP 101 · week 1\u201d (8 requirements)"
    assert all(en(line).startswith("✓") for line in verdict.details)


@pytest.mark.parametrize("override, cause, requirement", [
    ({"python.version": result("python.version", data=python("3.9.18"))}, causes.PYTHON_TOO_OLD, "min_python"),
    ({"gpu.device": result("gpu.device", Status.WARN, causes.GPU_MISSING, GpuDevice(()))}, causes.GPU_MISSING,
     "gpu_required"),
    ({"gpu.device": result("gpu.device", data=GpuDevice((replace(T4, memory_total=8 * 10**9),)))},
     causes.CUDA_OOM, "min_gpu_memory_gb"),
    ({"model.fit": result("model.fit", data=plan({"float16": 16 * 10**9}, 15 * 10**9))},
     causes.CUDA_OOM, "dtype"),
    ({"model.generate": result("model.generate", data=generated(95.0, 0.7))},
     causes.MODEL_OFFLOADED_SLOW, "max_generation_s"),
    ({"hub.access": result("hub.access", Status.FAIL, causes.GATED_PENDING),
      "model.download": result("model.download", Status.SKIP, data=Blocked(("hub.access",))),
      "model.generate": result("model.generate", Status.SKIP, data=Blocked(("model.download",)))},
     causes.GATED_PENDING, "max_generation_s"),
])
def test_each_shortfall_fails_with_its_root_cause(tmp_path: Path, override: Dict[str, CheckResult], cause: str,
                                                 requirement: str) -> None:
    verdict = judge(load(write(tmp_path, COURSE), IDS), list(results(**override).values()))
    assert verdict.status is Status.FAIL and verdict.cause == cause
    failed = [r for r in verdict.data["requirements"] if not r["ok"]]
    assert failed[0]["key"] == requirement
    assert verdict.fix is not None


def test_bfloat16_required_on_a_t4(tmp_path: Path) -> None:
    profile = load(write(tmp_path, 'name = "bf16 class"\ndtype = "bfloat16"\n'), IDS)
    verdict = judge(profile, list(results().values()))
    assert (verdict.status, verdict.cause) == (Status.FAIL, causes.BF16_UNSUPPORTED)


def test_the_judgement_in_korean(tmp_path: Path) -> None:
    profile = load(write(tmp_path, COURSE), IDS)
    verdict = judge(profile, list(results(**{"gpu.device": result("gpu.device", data=GpuDevice(()))}).values()))
    assert ko(verdict.title) == "수업 프로필"
    assert "충족하지 못했습니다" in ko(verdict.summary) and "GPU 유무" in ko(verdict.summary)
    # The report's data stays English whatever the reader's language.
    gpu = next(r for r in verdict.data["requirements"] if r["key"] == "gpu_required")
    assert (gpu["required"], gpu["actual"]) == ("an NVIDIA GPU", "no GPU")


def test_a_broken_profile_is_said_in_korean(tmp_path: Path) -> None:
    with pytest.raises(ProfileError) as raised:
        load(write(tmp_path, 'name = "x"\ngpu = true\n'), IDS)
    assert "알 수 없는 키 'gpu'" in ko(raised.value.message)


# ---------------------------------------------------------------- issue 12: the course's dtype, listed and used

CPU_ONLY = {"gpu.device": result("gpu.device", Status.WARN, causes.GPU_MISSING, GpuDevice(())),
            "gpu.bf16": result("gpu.bf16", Status.SKIP),
            # a CPU plan: no GPU budget
            "model.fit": result("model.fit", data=replace(plan({"bfloat16": 10**9, "float32": 2 * 10**9}, 0),
                                                          gpu_budget_bytes=None)),
            "model.generate": result("model.generate", data=replace(
                GENERATED, device="cpu", gpu_name=None, dtype="float16", placement={"gpu": 0, "cpu": 2, "disk": 0}))}


def dtype_row(verdict: CheckResult) -> Dict[str, Any]:
    (row,) = [r for r in verdict.data["requirements"] if r["key"] == "dtype"]
    return row


def test_a_float16_course_on_a_machine_without_a_gpu_lists_its_dtype(tmp_path: Path) -> None:
    """The issue: on a CPU-only machine dtype = "float16" was not among the requirements listed."""
    verdict = judge(load(write(tmp_path, COURSE), IDS), list(results(**CPU_ONLY).values()))
    row = dtype_row(verdict)
    assert (row["required"], row["actual"], row["ok"]) == ("float16", "float16 · CPU", True)
    assert any(en(line) == "✓ dtype: needs float16, has float16 · CPU" for line in verdict.details), \
        [en(line) for line in verdict.details]
    # The run still fails the course, for the GPU it lacks, not for the dtype.
    assert verdict.status is Status.FAIL and verdict.cause == causes.GPU_MISSING


def test_a_generation_in_another_dtype_does_not_meet_the_course(tmp_path: Path) -> None:
    ran_fp32 = result("model.generate", data=replace(CPU_ONLY["model.generate"].data, dtype="float32"))
    rows = results(**{**CPU_ONLY, "model.generate": ran_fp32})
    verdict = judge(load(write(tmp_path, COURSE), IDS), list(rows.values()))
    assert (dtype_row(verdict)["actual"], dtype_row(verdict)["ok"]) == ("float32 · CPU", False)


@pytest.mark.parametrize("dtype, ok, cause", [("float16", True, causes.GPU_MISSING),
                                               ("4bit", False, causes.GPU_MISSING)])
def test_without_a_gpu_or_a_generation_the_dtype_row_is_still_there(tmp_path: Path, dtype: str, ok: bool,
                                                                     cause: str) -> None:
    profile = load(write(tmp_path, f'name = "c"\ndtype = "{dtype}"\n'), IDS)
    rows = {k: v for k, v in CPU_ONLY.items() if k != "model.generate"}
    verdict = judge(profile, [r for k, r in results(**rows).items() if k != "model.generate"])
    row = dtype_row(verdict)
    assert (row["actual"], row["ok"]) == ("no GPU", ok)
    assert verdict.status is (Status.PASS if ok else Status.FAIL)
    if not ok:
        assert verdict.cause == cause


@pytest.mark.parametrize("dtype, generation_dtype, four_bit", [
    ("float16", "float16", False), ("bfloat16", "bfloat16", False), ("float32", "float32", False),
    ("4bit", None, True), ("auto", None, False),
])
def test_the_generation_loads_in_the_courses_dtype(tmp_path: Path, dtype: str, generation_dtype: Optional[str],
                                                   four_bit: bool) -> None:
    from hf_doctor.checks.core import Request

    profile = load(write(tmp_path, f'name = "c"\nmodel = "x/y"\ndtype = "{dtype}"\nmax_generation_s = 30\n'), IDS)
    generation = Request(profile=profile).with_profile().generation
    assert (generation.dtype, generation.load_in_4bit) == (generation_dtype, four_bit)


DEEP = "[" * 5000 + "]" * 5000


@pytest.mark.parametrize("text, says", [
    ('name = "x"\nmin_gpu_memory_gb = 1' + "0" * 400 + "\n", "min_gpu_memory_gb = 100000000000000000000000000000000000000…"
     " is not a valid value: give a number greater than 0 and at most 10,000"),
    ('name = "x"\nmax_generation_s = 1' + "0" * 400 + "\n", "max_generation_s = 1000000"),
    ('name = "x"\nmin_tokens_per_s = nan\n', "min_tokens_per_s = nan is not a valid value"),
    ('name = "x"\nmax_generation_s = inf\n', "max_generation_s = inf is not a valid value"),
    ('name = "x"\nmin_gpu_memory_gb = -inf\n', "min_gpu_memory_gb = -inf is not a valid value"),
    ('name = "x"\nmust_pass = ' + DEEP + "\n", "is not valid TOML: its values are nested too deeply"),
    ('name = "x"\nmust_pass = [[["hub.access"]]]\n', "must_pass names [['hub.access']], which is not a check id"),
    ('name = "\\u001b]0;owned\\u0007x"\n', "name = '\\x1b]0;owned\\x07x' is not a valid value"),
    ('name = "' + "x" * 500 + '"\n', "name = 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…"),
    ('name = "x"\nmodel = "meta llama/x"\n', "model = 'meta llama/x' is not a model id: it has a space in it"),
    ('name = "x"\n' + "#" * 70_000 + "\n", "too large for a profile (at most 64 KiB)"),
])
def test_a_hostile_profile_is_one_sentence_naming_the_file_and_the_key(tmp_path: Path, text: str, says: str) -> None:
    """Issue 14 item 11: a 400-digit number (OverflowError after the download and the generation ran), must_pass
    nested 5,000 deep (RecursionError), nan and inf (accepted, then written as NaN and Infinity)."""
    with pytest.raises(ProfileError) as raised:
        load(write(tmp_path, text), IDS)
    message = str(raised.value)
    assert says in message and "course.toml" in message and "\n" not in message and len(message) < 500, message


def test_a_profile_saved_with_a_bom_is_read(tmp_path: Path) -> None:
    """Issue 14 item 11: Notepad's UTF-8 starts with a BOM, which made the profile "not valid TOML"."""
    path = tmp_path / "course.toml"
    path.write_bytes('\ufeffname = "NLP 101"\nmin_gpu_memory_gb = 15\n'.encode("utf-8"))
    profile = load(str(path), IDS)
    assert (profile.name, profile.min_gpu_memory_gb) == ("NLP 101", 15.0)
    assert isinstance(profile.min_gpu_memory_gb, float)


def test_a_profile_that_is_not_a_file_is_said_at_once(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "fifo.toml")   # opening it never waits for a writer
    for path in (tmp_path / "fifo.toml", Path("/dev/zero")):
        with pytest.raises(ProfileError, match="is not a regular file"):
            load(str(path), IDS)
    with pytest.raises(ProfileError, match="cannot read the profile .*: Is a directory"):
        load(str(tmp_path), IDS)


@pytest.mark.parametrize("line", ["min_gpu_memory_gb = 1" + "0" * 400, "min_tokens_per_s = nan", "max_generation_s = inf",
                                  "must_pass = " + DEEP])
def test_check_with_a_hostile_profile_stops_before_anything_runs(tmp_path: Path, line: str) -> None:
    from click.testing import CliRunner

    from hf_doctor.cli import cli

    from .fakes import fake_factory

    ran = []
    path = tmp_path / "course.toml"
    path.write_text(f'name = "x"\nmodel = "a/b"\n{line}\n', encoding="utf-8")
    factory = fake_factory()
    result = CliRunner().invoke(cli, ["check", "--json", "--smoke", "--profile", str(path)],
                                obj={"context_factory": lambda **kw: ran.append(kw) or factory(**kw)})
    assert result.exit_code == 2 and not ran, result.output
    assert "course.toml" in result.stderr and "internal error" not in result.output and "NaN" not in result.output
