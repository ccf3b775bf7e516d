"""Reading a class's report files: each one is a report (:class:`Loaded`) or the reason it is not (:class:`Skipped`).

The files come from students (a wrong file, a truncated download, a photo renamed .json, or one written to
break the tool), so nothing here raises for a file's contents: every way a file can be wrong is a skip reason,
which names a ``summary.skip.*`` message.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, List, Mapping, Tuple, Union

from hf_doctor.checks.report import SCHEMA

# Reports written before the rename (hf-preflight 0.1) have the same shape under their old schema name.
READABLE_SCHEMAS = (SCHEMA, "hf-preflight.report/1")
from hf_doctor.checks.text import Msg
from hf_doctor.checks.units import size

# A report is a few kilobytes; anything this big was handed in by mistake (a model file, a video).
MAX_REPORT_BYTES = 16 * 1024 * 1024

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
class Loaded:
    """A file that holds an ``hf-doctor.report/1`` report (a JSON object with a list of checks)."""

    path: str
    report: Mapping[str, Any]


def load(paths: Iterable[PathLike]) -> Tuple[List[Loaded], List[Skipped]]:
    """Read every path (a folder: its ``*.json`` files, sorted); what is not a report is skipped with a reason."""
    loaded: List[Loaded] = []
    skipped: List[Skipped] = []
    seen = set()
    for path in _expand(paths, skipped):
        key = _identity(path)
        if key in seen:       # the same file given twice (a folder and a file in it) is one report, not a duplicate
            continue
        seen.add(key)
        outcome = read_report(path)
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
    name = str(path)
    raw = _read_bytes(path)
    if isinstance(raw, Skipped):
        return raw
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
    return Loaded(name, report)


def _read_bytes(path: Path) -> Union[bytes, Skipped]:
    name = str(path)
    try:
        if not path.exists():
            return Skipped(name, "missing")
        if not path.is_file():   # a folder inside a folder given, a FIFO, a device
            return Skipped(name, "not_a_file")
        length = path.stat().st_size
        if length > MAX_REPORT_BYTES:
            return Skipped(name, "too_large", {"size": size(length)})
        with open(path, "rb") as handle:
            raw = handle.read(MAX_REPORT_BYTES + 1)   # a file that grows while it is read stops here
    except OSError as exc:
        return Skipped(name, "unreadable", {"error": exc.strerror or type(exc).__name__})
    except ValueError:   # a path with a NUL byte
        return Skipped(name, "missing")
    if len(raw) > MAX_REPORT_BYTES:
        return Skipped(name, "too_large", {"size": size(len(raw))})
    return raw


def _shown(schema: Any) -> str:
    """The schema a foreign file names, as the skip reason quotes it."""
    if isinstance(schema, str) and schema:
        return schema
    try:
        return json.dumps(schema)
    except (ValueError, RecursionError):
        return type(schema).__name__


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
