"""Course profiles: what an instructor requires of every student's machine, judged against a run's results.

A profile is a small TOML file::

    name = "NLP 101 · week 1"
    model = "Qwen/Qwen2.5-0.5B-Instruct"
    min_python = "3.10"
    gpu_required = true
    min_gpu_memory_gb = 15          # GB as data sheets count them (10^9 bytes): a T4 has 15.8
    dtype = "float16"               # auto | float16 | bfloat16 | float32 | 4bit
    max_generation_s = 30
    min_tokens_per_s = 10
    must_pass = ["hub.access", "model.generate"]

Every key but ``name`` is optional. Loading checks the whole file before anything runs and says what is wrong
in one sentence naming the file and the key (``ProfileError``): it reads at most :data:`MAX_PROFILE_BYTES` of a
regular file (UTF-8, with or without a BOM), and turns every value into its type (a number into a finite float in
its range, never NaN, infinity or a 400-digit integer), so that judging cannot fail later, after the download and
the generation ran. Judging reads only the results, so a saved report could be judged the same way.
"""
from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

from packaging.version import InvalidVersion, Version

from . import causes, ids
from .engine import Blocked
from .files import NotARegularFile, TooLarge, read_capped
from .fit import FitPlan
from .generation import GenerationFacts
from .gpu import Bf16Support, GpuDevice
from .i18n import english
from .python_env import PythonFacts
from .result import CheckResult, Fix, Status
from .text import Join, Msg, Text, join
from .units import size

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.9/3.10 only
    import tomli as tomllib

CHECK_ID = ids.COURSE_PROFILE
DTYPES = ("auto", "float16", "bfloat16", "float32", "4bit")
# The checks whose results the generation requirements read: a profile that names them needs --smoke.
SMOKE_CHECKS = (ids.MODEL_DOWNLOAD, ids.MODEL_GENERATE)

# A profile is a dozen lines; a file this big is a different file given by mistake.
MAX_PROFILE_BYTES = 64 * 1024
MAX_NAME = 100
# The numbers' ranges: above them, a requirement no machine meets (and no float holds a 400-digit integer).
LIMITS = {"min_gpu_memory_gb": 10_000, "max_generation_s": 86_400, "min_tokens_per_s": 1_000_000}

_TYPES: Dict[str, Tuple[type, ...]] = {
    "name": (str,), "model": (str,), "min_python": (str,), "gpu_required": (bool,),
    "min_gpu_memory_gb": (int, float), "dtype": (str,), "max_generation_s": (int, float),
    "min_tokens_per_s": (int, float), "must_pass": (list,),
}


class ProfileError(ValueError):
    """The profile file cannot be used; ``message`` says why in one sentence (a front end shows it as a usage
    error, in its language); ``str()`` is the English sentence, for logs."""

    def __init__(self, message: Msg) -> None:
        super().__init__(english(message))
        self.message = message


@dataclass(frozen=True)
class Profile:
    name: str
    path: str
    sha256: str
    model: Optional[str] = None
    min_python: Optional[str] = None
    gpu_required: bool = False
    min_gpu_memory_gb: Optional[float] = None
    dtype: str = "auto"
    max_generation_s: Optional[float] = None
    min_tokens_per_s: Optional[float] = None
    must_pass: Tuple[str, ...] = field(default_factory=tuple)

    @property
    def needs_generation(self) -> bool:
        """Whether judging needs the download and the timed generation (``check --smoke``)."""
        return (self.max_generation_s is not None or self.min_tokens_per_s is not None
                or any(check in SMOKE_CHECKS for check in self.must_pass))

    @property
    def generation_dtype(self) -> Optional[str]:
        """The dtype the timed generation loads in for this course (None: model.fit's choice; 4-bit is its own
        option, load_in_4bit)."""
        return self.dtype if self.dtype in ("float16", "bfloat16", "float32") else None

    def to_json(self) -> Dict[str, Any]:
        """What the report says of the profile: enough to tell which file every student used."""
        return {"name": self.name, "file": os.path.basename(self.path), "sha256": self.sha256,
                "requirements": {key: (list(value) if isinstance(value, tuple) else value)
                                 for key, value in self._requirements().items()}}

    def _requirements(self) -> Dict[str, Any]:
        keys = ("model", "min_python", "gpu_required", "min_gpu_memory_gb", "dtype", "max_generation_s",
                "min_tokens_per_s", "must_pass")
        return {key: getattr(self, key) for key in keys}


def load(path: str, known_checks: Sequence[str]) -> Profile:
    """Read and validate a profile; ``known_checks`` are the ids ``must_pass`` may name."""
    raw = _read(path)
    try:
        values = tomllib.loads(raw.decode("utf-8-sig"))   # Notepad saves UTF-8 with a BOM
    except UnicodeDecodeError as exc:
        raise ProfileError(Msg("common.profile.not_utf8", path=path)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(Msg("common.profile.not_toml", path=path, reason=str(exc))) from exc
    except RecursionError as exc:   # arrays nested thousands deep: tomllib recurses once a level
        raise ProfileError(Msg("common.profile.too_deep", path=path)) from exc

    unknown = sorted(set(values) - set(_TYPES))
    if unknown:
        raise ProfileError(Msg("common.profile.unknown_key", path=path, key=unknown[0][:40],
                               known=", ".join(_TYPES)))
    for key, value in values.items():
        if not isinstance(value, _TYPES[key]) or (isinstance(value, bool) and bool not in _TYPES[key]):
            raise _wrong(path, key, value)
    name = values.get("name", "").strip()
    if not name:
        raise ProfileError(Msg("common.profile.no_name", path=path))
    if len(name) > MAX_NAME or not name.isprintable():   # the reports and every terminal show it
        raise _wrong(path, "name", values["name"])
    if "min_python" in values:
        try:
            Version(values["min_python"])
        except InvalidVersion as exc:
            raise _wrong(path, "min_python", values["min_python"]) from exc
    model = values.get("model")
    if model is not None:
        from .hub import invalid_repo_id

        problem = invalid_repo_id(model)
        if problem is not None:
            raise ProfileError(Msg("common.profile.bad_model", path=path, value=_shown(model), problem=problem))
    if values.get("dtype", "auto") not in DTYPES:
        raise ProfileError(Msg("common.profile.bad_dtype", path=path, value=values["dtype"][:40],
                               known=", ".join(DTYPES)))
    must_pass = values.get("must_pass", [])
    for check in must_pass:
        if not isinstance(check, str) or check not in known_checks:
            raise ProfileError(Msg("common.profile.unknown_check", path=path, check=_shown(check),
                                   known=", ".join(known_checks)))
    numbers = {key: _number(path, key, values[key]) for key in LIMITS if key in values}
    return Profile(
        name=name, path=path, sha256=hashlib.sha256(raw).hexdigest(), model=model,
        min_python=values.get("min_python"), gpu_required=values.get("gpu_required", False),
        min_gpu_memory_gb=numbers.get("min_gpu_memory_gb"), dtype=values.get("dtype", "auto"),
        max_generation_s=numbers.get("max_generation_s"), min_tokens_per_s=numbers.get("min_tokens_per_s"),
        must_pass=tuple(must_pass))


def _read(path: str) -> bytes:
    """The file's bytes: a regular file of at most MAX_PROFILE_BYTES, opened without waiting on a FIFO."""
    try:
        return read_capped(path, MAX_PROFILE_BYTES)
    except NotARegularFile:   # a folder, a FIFO, /dev/zero
        raise ProfileError(Msg("common.profile.not_a_file", path=path)) from None
    except TooLarge:
        raise ProfileError(Msg("common.profile.too_large", path=path, limit=size(MAX_PROFILE_BYTES))) from None
    except OSError as exc:
        raise ProfileError(Msg("common.profile.unreadable", path=path, reason=exc.strerror or str(exc))) from exc
    except ValueError as exc:   # a path with a NUL byte
        raise ProfileError(Msg("common.profile.unreadable", path=path, reason=type(exc).__name__)) from exc


def _number(path: str, key: str, value: Any) -> float:
    """A requirement's number as a finite float greater than 0 and at most its limit; TOML's nan and inf, and an
    integer too large for a float, are not numbers a course can ask for."""
    if not 0 < value <= LIMITS[key]:   # nan compares False; inf and a 400-digit integer exceed the limit
        raise ProfileError(Msg("common.profile.bad_number", path=path, key=key, value=_shown(value),
                               limit=f"{LIMITS[key]:,}"))
    return float(value)


def _wrong(path: str, key: str, value: Any) -> ProfileError:
    return ProfileError(Msg("common.profile.wrong_type", path=path, key=key, value=_shown(value)))


def _shown(value: Any) -> str:
    """A value as the error quotes it: its repr (control characters escaped), cut short (a 400-digit number, a
    list nested thousands deep)."""
    try:
        text = repr(value)
    except (RecursionError, ValueError):
        text = type(value).__name__
    return text if len(text) <= 40 else text[:39] + "…"


@dataclass(frozen=True)
class Requirement:
    """One line of the judgement: what the course asks, what this machine has, and the cause when it falls short.
    ``required`` and ``actual`` are texts (a number with its unit, a name, or a message such as "no GPU")."""

    key: str
    required: Text
    actual: Optional[Text]
    ok: bool
    cause: Optional[str] = None

    def to_json(self) -> Dict[str, Any]:
        # The report's data is English whatever the reader's language: scripts and summarize read it.
        return {"key": self.key, "required": _english(self.required), "actual": _english(self.actual),
                "ok": self.ok, "cause": self.cause}


def _english(text: Optional[Text]) -> Optional[str]:
    return english(text) if isinstance(text, (Msg, Join)) else text


def judge(profile: Profile, results: Sequence[CheckResult]) -> CheckResult:
    """The profile's own result: pass when every requirement holds, else fail with the first shortfall's cause."""
    by_id = {r.id: r for r in results}
    judged = [req for rule in _RULES for req in rule(profile, by_id)]
    failed = [req for req in judged if not req.ok]
    data = {"profile": profile.name, "requirements": [req.to_json() for req in judged]}
    details = tuple(_line(req) for req in judged)
    title = Msg(f"common.check.{CHECK_ID}")
    if not failed:
        return CheckResult(CHECK_ID, title, Status.PASS,
                           Msg("common.profile.met", name=profile.name, count=len(judged)),
                           details=details, data=data)
    names = join(", ", (Msg(f"common.profile.req.{req.key}") for req in failed))
    return CheckResult(
        CHECK_ID, title, Status.FAIL,
        Msg("common.profile.unmet", name=profile.name, failed=len(failed), count=len(judged), names=names),
        details=details, cause=failed[0].cause or causes.UNKNOWN,
        fix=Fix(Msg("common.profile.fix", names=names)), data=data)


def _line(req: Requirement) -> Msg:
    mark = "✓" if req.ok else "✗"
    actual = Msg("common.profile.actual_unknown") if req.actual is None else req.actual
    return Msg("common.profile.line", mark=mark, requirement=Msg(f"common.profile.req.{req.key}"),
               required=req.required, actual=actual)


Rule = Callable[[Profile, Mapping[str, CheckResult]], List[Requirement]]


def _python(profile: Profile, by_id: Mapping[str, CheckResult]) -> List[Requirement]:
    if profile.min_python is None:
        return []
    facts = PythonFacts.of(by_id.get(ids.PYTHON_VERSION))
    current = facts.version if facts is not None else None
    ok = current is not None and Version(current) >= Version(profile.min_python)
    return [Requirement("min_python", f"≥ {profile.min_python}", current, ok, causes.PYTHON_TOO_OLD)]


def _gpu(profile: Profile, by_id: Mapping[str, CheckResult]) -> List[Requirement]:
    device = GpuDevice.of(by_id.get(ids.GPU_DEVICE))
    cards = device.gpus if device is not None else ()
    found: Text = ", ".join(device.names()) if device is not None and cards else Msg("common.profile.no_gpu")
    out = []
    if profile.gpu_required:
        out.append(Requirement("gpu_required", Msg("common.profile.a_gpu"), found, bool(cards), causes.GPU_MISSING))
    if profile.min_gpu_memory_gb is not None:
        memory = max((int(card.memory_total or 0) for card in cards), default=0)
        out.append(Requirement("min_gpu_memory_gb", f"≥ {profile.min_gpu_memory_gb:g} GB",
                               f"{memory / 1e9:.1f} GB" if cards else found,
                               memory >= profile.min_gpu_memory_gb * 1e9,
                               causes.CUDA_OOM if cards else causes.GPU_MISSING))
    return out


def _dtype(profile: Profile, by_id: Mapping[str, CheckResult]) -> List[Requirement]:
    if profile.dtype == "auto":
        return []
    if profile.dtype == "bfloat16":
        bf16 = Bf16Support.of(by_id.get(ids.GPU_BF16))
        native = bf16 is not None and bf16.native
        return [Requirement("dtype", "bfloat16", Msg("common.profile.native") if native else
                            Msg("common.profile.not_native"), native, causes.BF16_UNSUPPORTED)]
    plan = FitPlan.of(by_id.get(ids.MODEL_FIT))
    priced = (plan.need_bytes or {}) if plan is not None else {}
    need = priced.get("int4" if profile.dtype == "4bit" else profile.dtype)
    budget = plan.gpu_budget_bytes if plan is not None else None
    if need is not None and budget is not None:
        return [Requirement("dtype", profile.dtype, f"{need / 1e9:.1f} / {budget / 1e9:.1f} GB", need <= budget,
                            causes.CUDA_OOM)]
    # No GPU memory to price it against (no GPU, or no model): the row is still listed, never silently left out.
    return [_dtype_without_fit(profile, by_id)]


def _dtype_without_fit(profile: Profile, by_id: Mapping[str, CheckResult]) -> Requirement:
    """The dtype requirement from what the generation ran in, or, without one, from whether there is a GPU: a CPU
    computes float16, bfloat16 and float32 (the generation loads the course's dtype there too), but not 4-bit."""
    device = GpuDevice.of(by_id.get(ids.GPU_DEVICE))
    has_gpu = device is not None and bool(device.gpus)
    # 4-bit needs bitsandbytes on a GPU: without a GPU that is the root; with one, the missing library.
    cause = causes.GPU_MISSING if not has_gpu else causes.LIBRARY_MISSING if profile.dtype == "4bit" else causes.UNKNOWN
    facts = GenerationFacts.of(by_id.get(ids.MODEL_GENERATE))
    if facts is not None:
        ran = f"{facts.dtype}{f', {facts.quantization}' if facts.quantization else ''} · {facts.gpu_name or 'CPU'}"
        ok = facts.quantization is not None if profile.dtype == "4bit" else facts.dtype == profile.dtype
        return Requirement("dtype", profile.dtype, ran, ok, cause)
    if not has_gpu:
        return Requirement("dtype", profile.dtype, Msg("common.profile.no_gpu"), profile.dtype != "4bit", cause)
    fit = by_id.get(ids.MODEL_FIT)
    if fit is not None and not fit.ok:   # the model could not be priced: not measured, for the fit's own cause
        return Requirement("dtype", profile.dtype, None, False, _root_cause(by_id, ids.MODEL_FIT))
    # A GPU and no model to price: any CUDA GPU loads float16, float32 and 4-bit (bfloat16 is judged above).
    return Requirement("dtype", profile.dtype, ", ".join(device.names()) if device is not None else None, True)


def _generation(profile: Profile, by_id: Mapping[str, CheckResult]) -> List[Requirement]:
    result = by_id.get(ids.MODEL_GENERATE)
    facts = GenerationFacts.of(result)
    # A generation that did not run fails for its blocker's cause; a slow one for its own cause (no GPU, say),
    # and without one, slowness is offloading's signature.
    if result is None or not result.ok:
        cause = _root_cause(by_id, ids.MODEL_GENERATE)
    else:
        cause = result.cause or causes.MODEL_OFFLOADED_SLOW
    out = []
    if profile.max_generation_s is not None:
        seconds = facts.generate_s if facts is not None else None
        out.append(Requirement("max_generation_s", f"≤ {profile.max_generation_s:g} s",
                               f"{seconds:.1f} s" if seconds is not None else None,
                               seconds is not None and seconds <= profile.max_generation_s, cause))
    if profile.min_tokens_per_s is not None:
        speed = facts.decode_tokens_per_s if facts is not None else None
        out.append(Requirement("min_tokens_per_s", f"≥ {profile.min_tokens_per_s:g} tokens/s",
                               f"{speed:.1f} tokens/s" if speed is not None else None,
                               speed is not None and speed >= profile.min_tokens_per_s, cause))
    return out


def _must_pass(profile: Profile, by_id: Mapping[str, CheckResult]) -> List[Requirement]:
    out = []
    for check in profile.must_pass:
        result = by_id.get(check)
        status = result.status.value if result is not None else None
        ok = result is not None and result.ok
        out.append(Requirement("must_pass", check, status, ok, None if ok else _root_cause(by_id, check)))
    return out


def _root_cause(by_id: Mapping[str, CheckResult], check: str) -> str:
    """A skipped check has no cause of its own: it is the cause of the check that blocked it."""
    seen = set()
    while check not in seen:
        seen.add(check)
        result = by_id.get(check)
        if result is None:
            break
        if result.cause:
            return result.cause
        blocked = Blocked.of(result)
        if blocked is None or not blocked.blocked_by:
            break
        check = blocked.blocked_by[0]
    return causes.UNKNOWN


_RULES: Tuple[Rule, ...] = (_python, _gpu, _dtype, _generation, _must_pass)
