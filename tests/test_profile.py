"""Course profiles: loading an instructor's TOML file, and judging a run's results against it."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Optional

import pytest

from hf_doctor.checks import causes
from hf_doctor.checks.messages import speaking
from hf_doctor.checks.profile import CHECK_ID, ProfileError, judge, load
from hf_doctor.checks.registry import all_checks
from hf_doctor.checks.result import CheckResult, Status

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


def result(check: str, status: Status = Status.PASS, cause: Optional[str] = None, **data: Any) -> CheckResult:
    return CheckResult(check, check, status, "", cause=cause, data=data)


T4 = {"name": "Tesla T4", "memory_total": int(14.75 * 1024**3), "compute_capability": [7, 5]}


def results(**override: Any) -> Dict[str, CheckResult]:
    """A T4 machine on which everything worked: 3.11, the model fits in float16, 20 tokens/s in 4 s."""
    base = {
        "python.version": result("python.version", version="3.11.7"),
        "gpu.device": result("gpu.device", gpus=[T4], count=1),
        "gpu.bf16": result("gpu.bf16", Status.WARN, causes.BF16_UNSUPPORTED, native=False),
        "hub.access": result("hub.access"),
        "model.fit": result("model.fit", need_bytes={"float16": 3 * 10**9, "int4": 10**9},
                            gpu_budget_bytes=15 * 10**9),
        "model.download": result("model.download"),
        "model.generate": result("model.generate", generate_s=4.0, decode_tokens_per_s=20.0),
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


def test_a_missing_profile_file(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="cannot read the profile"):
        load(str(tmp_path / "nope.toml"), IDS)


def test_a_machine_that_meets_the_profile(tmp_path: Path) -> None:
    verdict = judge(load(write(tmp_path, COURSE), IDS), list(results().values()))
    assert verdict.id == CHECK_ID and verdict.status is Status.PASS, verdict.details
    assert verdict.summary == "Meets the course profile \u201cNLP 101 · week 1\u201d (8 requirements)"
    assert all(line.startswith("✓") for line in verdict.details)


@pytest.mark.parametrize("override, cause, requirement", [
    ({"python.version": result("python.version", version="3.9.18")}, causes.PYTHON_TOO_OLD, "min_python"),
    ({"gpu.device": result("gpu.device", Status.WARN, causes.GPU_MISSING, gpus=[], count=0)}, causes.GPU_MISSING,
     "gpu_required"),
    ({"gpu.device": result("gpu.device", gpus=[{**T4, "memory_total": 8 * 10**9}])}, causes.CUDA_OOM,
     "min_gpu_memory_gb"),
    ({"model.fit": result("model.fit", need_bytes={"float16": 16 * 10**9}, gpu_budget_bytes=15 * 10**9)},
     causes.CUDA_OOM, "dtype"),
    ({"model.generate": result("model.generate", generate_s=95.0, decode_tokens_per_s=0.7)},
     causes.MODEL_OFFLOADED_SLOW, "max_generation_s"),
    ({"hub.access": result("hub.access", Status.FAIL, causes.GATED_PENDING),
      "model.download": result("model.download", Status.SKIP, blocked_by=["hub.access"]),
      "model.generate": result("model.generate", Status.SKIP, blocked_by=["model.download"])},
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
    with speaking("ko"):
        verdict = judge(profile, list(results(**{"gpu.device": result("gpu.device", gpus=[])}).values()))
    assert verdict.title == "수업 프로필"
    assert "충족하지 못했습니다" in verdict.summary and "GPU 유무" in verdict.summary
