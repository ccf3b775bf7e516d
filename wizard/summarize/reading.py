"""Reading a class's report files: each one is a report (:class:`Loaded`) or the reason it is not (:class:`Skipped`).

The files come from students (a wrong file, a truncated download, a photo renamed .json, or one written to
break the tool), so nothing here raises for a file's contents: every way a file can be wrong is a skip reason,
which names a ``summary.skip.*`` message.

Reading is bounded before it starts: at most :data:`MAX_REPORT_BYTES` of a file, :data:`MAX_TOTAL_BYTES` of all
of them and :data:`MAX_REPORTS` files (a device, a FIFO, a file that never ends or a folder of a million files
cannot hold the command), and linear in what it reads. A report is then validated into typed values
(:class:`Loaded`, :class:`CheckEntry`): every value summarize reads must have the type and range hf-doctor writes,
or the report is left out, its reason naming the field (``checks[3].status``) and what it should be. A value
that is merely absent (a report from an older version, a check that did not run) is ``None``; so is ``NaN``,
which versions before strict JSON wrote for a speed they could not measure.
"""
from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple, Union

from hf_doctor.checks import ids
from hf_doctor.checks.files import NotARegularFile, TooLarge, read_capped
from hf_doctor.checks.report import NOT_READY, READY, READY_WITH_WARNINGS, SCHEMA
from hf_doctor.checks.result import Status
from hf_doctor.checks.text import Msg
from hf_doctor.checks.units import size

# Reports written before the rename (hf-preflight 0.1) have the same shape under their old schema name.
READABLE_SCHEMAS = (SCHEMA, "hf-preflight.report/1")
VERDICTS = (READY, READY_WITH_WARNINGS, NOT_READY)
STATUSES = tuple(status.value for status in Status)

# A report is a few kilobytes (tens with --verbose details); anything this big was handed in by mistake (a model
# file, a video). A class of a thousand students fits many times in the total.
MAX_REPORT_BYTES = 4 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_REPORTS = 5000
# A name, an id, a GPU's name or a date longer than this was not written by hf-doctor (a student's name is at
# most 100 characters there).
MAX_TEXT = 200

PathLike = Union["os.PathLike[str]", str]


@dataclass(frozen=True)
class Skipped:
    """A file that is not a report we can read, and why (``reason`` names a ``summary.skip.*`` message)."""

    path: str
    reason: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> Msg:
        """Why, as a message the renderer says in its language."""
        return Msg(f"summary.skip.{self.reason}", **self.params)


@dataclass(frozen=True)
class CheckEntry:
    """One check of a report, as summarize reads it; ``data`` holds only the keys summarize reads, validated."""

    id: str
    status: str                        # pass | warn | fail | skip | error
    cause: Optional[str] = None
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Loaded:
    """A file that holds a valid ``hf-doctor.report/1`` report, in typed values (None: not in the report)."""

    path: str
    checks: Tuple[CheckEntry, ...]
    student: Optional[str] = None
    user: Optional[str] = None
    profile: Optional[str] = None      # the profile's name
    model: Optional[str] = None
    created_at: Optional[str] = None
    simulated_gpu: Optional[str] = None
    verdict: Optional[str] = None


class Malformed(Exception):
    """A value of a report that hf-doctor would not have written: ``field`` is its path, ``expected`` a
    ``summary.expected.*`` message id."""

    def __init__(self, field_path: str, value: Any, expected: str) -> None:
        super().__init__(field_path)
        self.field = field_path
        self.value = value
        self.expected = expected


def load(paths: Iterable[PathLike]) -> Tuple[List[Loaded], List[Skipped]]:
    """Read every path (a folder: its ``*.json`` files, sorted); what is not a report is skipped with a reason."""
    loaded: List[Loaded] = []
    skipped: List[Skipped] = []
    seen = set()
    budget = MAX_TOTAL_BYTES
    for path in _expand(paths, skipped):
        key = _identity(path)
        if key in seen:       # the same file given twice (a folder and a file in it) is one report, not a duplicate
            continue
        seen.add(key)
        if len(seen) > MAX_REPORTS or budget <= 0:
            skipped.append(_over_limit(str(path)))
            continue
        raw = _read_bytes(path, budget)
        if isinstance(raw, Skipped):
            skipped.append(raw)
            continue
        budget -= len(raw)
        outcome = parse_report(str(path), raw)
        if isinstance(outcome, Loaded):
            loaded.append(outcome)
        else:
            skipped.append(outcome)
    return loaded, skipped


def _expand(paths: Iterable[PathLike], skipped: List[Skipped]) -> List[Path]:
    files: List[Path] = []
    for given in paths:
        path = Path(given)
        try:
            if not path.is_dir():
                files.append(path)
                continue
            found = sorted(p for p in path.iterdir() if p.suffix.lower() == ".json" and not p.is_dir())
        except OSError as exc:
            skipped.append(Skipped(str(path), "unreadable", {"error": exc.strerror or str(exc)}))
            continue
        except ValueError:   # a path with a NUL byte, which no file system accepts
            skipped.append(Skipped(str(path), "missing"))
            continue
        if not found:
            skipped.append(Skipped(str(path), "no_reports_in_dir"))
        files += found
    return files


def _identity(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError, ValueError):
        return str(path)


def read_report(path: Path) -> Union[Loaded, Skipped]:
    """One file: a report, or the reason it is not one."""
    raw = _read_bytes(path, MAX_TOTAL_BYTES)
    return raw if isinstance(raw, Skipped) else parse_report(str(path), raw)


def parse_report(name: str, raw: bytes) -> Union[Loaded, Skipped]:
    """A file's bytes: a report in typed values, or the reason they are not one."""
    try:
        text = raw.decode("utf-8-sig")   # Notepad and some editors start a UTF-8 file with a BOM
    except UnicodeDecodeError:
        return Skipped(name, "not_text")
    if not text.strip():
        return Skipped(name, "empty")
    if "\x00" in text:
        return Skipped(name, "not_text")
    try:
        report = json.loads(text)
    except json.JSONDecodeError as exc:
        return Skipped(name, "invalid_json", {"line": exc.lineno, "column": exc.colno})
    except (ValueError, RecursionError):   # absurdly deep nesting, an integer of a million digits
        return Skipped(name, "invalid_json", {"line": 1, "column": 1})
    if not isinstance(report, dict):
        return Skipped(name, "not_object")
    schema = report.get("schema")
    if schema not in READABLE_SCHEMAS:
        return Skipped(name, "foreign_schema", {"schema": _clip(_shown(schema), 60)})
    if not isinstance(report.get("checks"), list):
        return Skipped(name, "no_checks")
    try:
        return _typed(name, report)
    except Malformed as bad:
        return Skipped(name, "malformed", {"field": bad.field, "value": _clip(_shown(bad.value), 60),
                                           "expected": Msg(f"summary.expected.{bad.expected}")})


def _read_bytes(path: Path, budget: int) -> Union[bytes, Skipped]:
    """A regular file of at most :data:`MAX_REPORT_BYTES`, within what is left of the ``budget`` of all files,
    read as :func:`checks.files.read_capped` reads (judged by what was opened: a FIFO, a device, /dev/zero)."""
    name = str(path)
    limit = min(MAX_REPORT_BYTES, budget)
    try:
        return read_capped(path, limit)
    except (FileNotFoundError, ValueError):   # ValueError: a path with a NUL byte
        return Skipped(name, "missing")
    except (IsADirectoryError, NotARegularFile):   # a folder inside a folder given, a FIFO, a device, /dev/zero
        return Skipped(name, "not_a_file")
    except TooLarge as large:
        return Skipped(name, "too_large", {"size": size(large.size)}) if large.size > MAX_REPORT_BYTES \
            else _over_limit(name)
    except OSError as exc:
        return Skipped(name, "unreadable", {"error": exc.strerror or type(exc).__name__})


def _over_limit(name: str) -> Skipped:
    return Skipped(name, "over_limit", {"reports": MAX_REPORTS, "size": size(MAX_TOTAL_BYTES)})


def _typed(name: str, report: Mapping[str, Any]) -> Loaded:
    """The report's values that summarize reads, each checked for the type and range hf-doctor writes."""
    checks = tuple(_check(f"checks[{index}]", entry) for index, entry in enumerate(report["checks"]))
    profile = report.get("profile")
    # A profile is what `check --profile` wrote (an object with its name), or a name alone.
    if isinstance(profile, dict):
        profile_name = _text("profile.name", profile.get("name"))
    else:
        profile_name = _text("profile", profile)
    verdict = report.get("verdict")
    if verdict is not None and verdict not in VERDICTS:
        raise Malformed("verdict", verdict, "verdict")
    return Loaded(name, checks, student=_text("student", report.get("student")),
                  user=_text("user", report.get("user")), profile=profile_name,
                  model=_text("model", report.get("model")), created_at=_text("created_at", report.get("created_at")),
                  simulated_gpu=_text("simulated_gpu", report.get("simulated_gpu")), verdict=verdict)


def _check(where: str, entry: Any) -> CheckEntry:
    if not isinstance(entry, dict):
        raise Malformed(where, entry, "check")
    check_id = _text(f"{where}.id", entry.get("id"))
    if check_id is None:
        raise Malformed(f"{where}.id", entry.get("id"), "id")
    status = entry.get("status")
    if status not in STATUSES:
        raise Malformed(f"{where}.status", status, "status")
    data = entry.get("data")
    if data is not None and not isinstance(data, dict):
        raise Malformed(f"{where}.data", data, "object")
    read = _DATA.get(check_id)
    return CheckEntry(check_id, status, _text(f"{where}.cause", entry.get("cause")),
                      read(f"{where}.data", data) if read is not None and data is not None else {})


def _gpu_device(where: str, data: Mapping[str, Any]) -> Dict[str, Any]:
    listed = data.get("gpus")
    if listed is not None and not isinstance(listed, list):
        raise Malformed(f"{where}.gpus", listed, "list")
    names = []
    for index, gpu in enumerate(listed or []):
        if not isinstance(gpu, dict):
            raise Malformed(f"{where}.gpus[{index}]", gpu, "object")
        names.append(_text(f"{where}.gpus[{index}].name", gpu.get("name")))
    count = data.get("count")
    if count is not None and (isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= 1024):
        raise Malformed(f"{where}.count", count, "count")
    simulated = data.get("simulated")
    if simulated is not None and not isinstance(simulated, bool):
        raise Malformed(f"{where}.simulated", simulated, "boolean")
    return {"names": tuple(names), "count": count, "simulated": bool(simulated)}


def _model_generate(where: str, data: Mapping[str, Any]) -> Dict[str, Any]:
    speed = data.get("decode_tokens_per_s")
    if speed is not None:
        if isinstance(speed, bool) or not isinstance(speed, (int, float)):
            raise Malformed(f"{where}.decode_tokens_per_s", speed, "speed")
        if isinstance(speed, float) and math.isnan(speed):
            speed = None   # what versions before strict JSON wrote for a speed they could not measure
        elif not 0 <= speed <= 1e9:   # compared as it is: a 400-digit integer is never turned into a float
            raise Malformed(f"{where}.decode_tokens_per_s", speed, "speed")
    return {"decode_tokens_per_s": None if speed is None else float(speed),
            "device": _text(f"{where}.device", data.get("device")),
            "gpu_name": _text(f"{where}.gpu_name", data.get("gpu_name"))}


_DATA = {ids.GPU_DEVICE: _gpu_device, ids.MODEL_GENERATE: _model_generate}


def _text(where: str, value: Any) -> Optional[str]:
    """A text of the report: None when absent or blank; anything else than a short string is malformed."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise Malformed(where, value, "text")
    if len(value) > MAX_TEXT:
        raise Malformed(where, value, "short_text")
    return value.strip() or None


def _shown(value: Any) -> str:
    """A value of a file (a foreign schema, a malformed field), as the skip reason quotes it: a string as it is,
    anything else as JSON, cut short before it is written out (a 400-digit number, a list of a million items)."""
    if isinstance(value, str) and value:
        return value[:MAX_TEXT]
    try:   # the file is at most MAX_REPORT_BYTES: this is bounded, then cut short
        return json.dumps(value, ensure_ascii=False)
    except (ValueError, RecursionError):
        return type(value).__name__


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
