"""A class in numbers: one :class:`Row` per report, the verdicts, the causes and the generation speeds by GPU.

It reads reports already validated into typed values by :mod:`.reading` (a malformed one never gets here), so
nothing here checks a type, and nothing here can fail on what a student handed in.
"""
from __future__ import annotations

import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from hf_doctor.checks import ids
from hf_doctor.checks.report import NOT_READY, READY, READY_WITH_WARNINGS

from .reading import VERDICTS, CheckEntry, Loaded, Skipped

UNKNOWN_VERDICT = "unknown"
CPU = "CPU"
FAILING = ("fail", "error")
WARNING = "warn"


@dataclass(frozen=True)
class Problem:
    check: str
    status: str                     # fail | error | warn
    cause: Optional[str]

    def label(self) -> str:
        return f"{self.check} ({self.cause})" if self.cause else self.check


@dataclass(frozen=True)
class Gpu:
    """What ``gpu.device`` saw: ``known`` is False when the report does not say."""

    known: bool
    name: Optional[str] = None      # None with count 0: no GPU
    count: int = 0
    simulated: bool = False


@dataclass(frozen=True)
class Row:
    """One report, as the class table shows it."""

    student: str
    file: str
    verdict: str
    gpu: Gpu
    failing: Tuple[Problem, ...] = ()
    warnings: Tuple[Problem, ...] = ()
    tokens_per_s: Optional[float] = None
    generation_gpu: Optional[str] = None   # a GPU name, "CPU", or None when there is no speed
    user: Optional[str] = None
    profile: Optional[str] = None
    model: Optional[str] = None
    created_at: Optional[str] = None
    duplicate: bool = False

    @property
    def causes(self) -> Tuple[str, ...]:
        seen: Dict[str, None] = {}
        for problem in (*self.failing, *self.warnings):
            if problem.cause:
                seen.setdefault(problem.cause, None)
        return tuple(seen)


@dataclass(frozen=True)
class CauseCount:
    cause: str
    students: int                   # reports with this cause, each counted once
    share: float                    # of the reports read
    checks: Tuple[str, ...]         # the check ids that named it


@dataclass(frozen=True)
class Speed:
    gpu: str                        # a GPU name, or "CPU"
    runs: int
    median: float
    minimum: float
    maximum: float


@dataclass(frozen=True)
class Summary:
    rows: Tuple[Row, ...]
    skipped: Tuple[Skipped, ...]
    verdicts: Mapping[str, int]     # ready, ready_with_warnings, not_ready always; unknown when any
    causes: Tuple[CauseCount, ...]
    speeds: Tuple[Speed, ...]


def aggregate(loaded: Sequence[Loaded], skipped: Sequence[Skipped] = ()) -> Summary:
    """The class in numbers: one row per report (sorted by name), verdict counts, causes, speeds by GPU."""
    rows = [_row(item) for item in loaded]
    names = Counter(_name_key(row.student) for row in rows)
    rows = [row if names[_name_key(row.student)] == 1 else replace(row, duplicate=True) for row in rows]
    rows.sort(key=lambda row: (_name_key(row.student), row.file))
    return Summary(tuple(rows), tuple(skipped), _verdicts(rows), _causes(rows), _speeds(rows))


def _verdicts(rows: Sequence[Row]) -> Dict[str, int]:
    verdicts = Counter(row.verdict for row in rows)
    counts = {v: verdicts[v] for v in VERDICTS}
    if verdicts[UNKNOWN_VERDICT]:
        counts[UNKNOWN_VERDICT] = verdicts[UNKNOWN_VERDICT]
    return counts


def _causes(rows: Sequence[Row]) -> Tuple[CauseCount, ...]:
    """Most frequent first; a cause counts once per report, whichever checks named it."""
    reports: Counter[str] = Counter()
    checks: Dict[str, Dict[str, None]] = {}
    for row in rows:
        reports.update(row.causes)
        for problem in (*row.failing, *row.warnings):
            if problem.cause:
                checks.setdefault(problem.cause, {}).setdefault(problem.check, None)
    return tuple(CauseCount(cause, count, count / len(rows), tuple(checks[cause]))
                 for cause, count in sorted(reports.items(), key=lambda item: (-item[1], item[0])))


def _speeds(rows: Sequence[Row]) -> Tuple[Speed, ...]:
    """By the GPU generation ran on, the GPU with most runs first."""
    by_gpu: Dict[str, List[float]] = {}
    for row in rows:
        if row.tokens_per_s is not None and row.generation_gpu is not None:
            by_gpu.setdefault(row.generation_gpu, []).append(row.tokens_per_s)
    return tuple(Speed(gpu, len(values), statistics.median(values), min(values), max(values))
                 for gpu, values in sorted(by_gpu.items(), key=lambda item: (-len(item[1]), item[0])))


def _row(item: Loaded) -> Row:
    by_id = {check.id: check for check in item.checks}
    problems = [Problem(c.id, c.status, c.cause) for c in item.checks if c.status in (*FAILING, WARNING)]
    gpu = _gpu(by_id.get(ids.GPU_DEVICE), item.simulated_gpu)
    speed, generation_gpu = _speed(by_id.get(ids.MODEL_GENERATE), gpu)
    return Row(
        student=_student(item.student, item.path),
        file=item.path,
        verdict=item.verdict or _verdict(item.checks),
        gpu=gpu,
        failing=tuple(p for p in problems if p.status in FAILING),
        warnings=tuple(p for p in problems if p.status == WARNING),
        tokens_per_s=speed,
        generation_gpu=generation_gpu,
        user=item.user,
        profile=item.profile,
        model=item.model,
        created_at=item.created_at,
    )


def _student(name: Optional[str], path: str) -> str:
    # NFC: a Korean name typed on one machine and a file name from macOS (NFD) must read, and compare, the same.
    return unicodedata.normalize("NFC", " ".join((name or Path(path).stem).split()))


def _name_key(name: str) -> str:
    return unicodedata.normalize("NFC", " ".join(name.split())).casefold()


def _verdict(checks: Sequence[CheckEntry]) -> str:
    """A report without a verdict of its own: decided from its checks, as hf_doctor.checks.report.verdict does."""
    statuses = {check.status for check in checks}
    if not statuses:
        return UNKNOWN_VERDICT
    if statuses & set(FAILING):
        return NOT_READY
    return READY_WITH_WARNINGS if WARNING in statuses else READY


def _gpu(check: Optional[CheckEntry], simulated_key: Optional[str]) -> Gpu:
    if check is None or not check.data:
        if simulated_key:   # no gpu.device row, but the report says which card it planned for
            none = simulated_key.lower() == "none"
            return Gpu(True, None if none else simulated_key, 0 if none else 1, True)
        return Gpu(False)
    data = check.data
    simulated = data["simulated"] or bool(simulated_key)
    names = data["names"]
    count = data["count"] if data["count"] is not None else len(names)
    if not count:
        return Gpu(True, None, 0, simulated)
    return Gpu(True, next((n for n in names if n), None) or simulated_key, count, simulated)


def _speed(check: Optional[CheckEntry], gpu: Gpu) -> Tuple[Optional[float], Optional[str]]:
    value = check.data.get("decode_tokens_per_s") if check is not None else None
    if value is None or value <= 0:
        return None, None
    # The generation ran on the student's real machine, even when gpu.device planned for a simulated card.
    if check is not None and check.data.get("device") == "cpu":
        return value, CPU
    name = check.data.get("gpu_name") if check is not None else None
    if name is None and gpu.name and not gpu.simulated:
        name = gpu.name
    return value, name or "?"
