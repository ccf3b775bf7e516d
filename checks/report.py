"""The report (schema ``hf-doctor.report/1`` in contract.md): the results of a run, its verdict and exit code
(derived here and nowhere else), and its JSON form in the language a front end renders it in."""
from __future__ import annotations

import datetime as _dt
import enum
import json
import math
import os
import re
from dataclasses import dataclass
from typing import AbstractSet, Any, Dict, Mapping, Optional, Protocol, Sequence, Tuple

from . import __version__
from .result import CheckResult, Status
from .text import Text

SCHEMA = "hf-doctor.report/1"
TOOL = "hf-doctor"

READY = "ready"
READY_WITH_WARNINGS = "ready_with_warnings"
NOT_READY = "not_ready"


class ExitCode(enum.IntEnum):
    """Exit codes (contract.md): scripts and classroom tooling read them."""

    READY = 0          # warnings allowed
    NOT_READY = 1      # at least one check failed
    USAGE = 2
    INTERNAL = 3       # a bug in hf-doctor
    INTERRUPTED = 130


def verdict(results: Sequence[CheckResult]) -> str:
    """Not ready when any check failed or could not run (an error); warnings still allow a run."""
    statuses = {r.status for r in results}
    if statuses & {Status.FAIL, Status.ERROR}:
        return NOT_READY
    if Status.WARN in statuses:
        return READY_WITH_WARNINGS
    return READY


def exit_code(results: Sequence[CheckResult], fail_on: Optional[AbstractSet[str]] = None) -> ExitCode:
    """A failure is the user's to fix and wins over an error, which is ours.

    With ``fail_on`` (``check --fail-on``: the cause ids a CI job or a course cares about) only those count: any
    of them found, as a failure or a warning, is "not ready"; every other finding is left to the report. A check
    that crashed still exits 3, since it may have hidden one of them."""
    statuses = {r.status for r in results}
    if fail_on is not None:
        if any(r.cause in fail_on and r.status in (Status.FAIL, Status.WARN) for r in results):
            return ExitCode.NOT_READY
        return ExitCode.INTERNAL if Status.ERROR in statuses else ExitCode.READY
    if Status.FAIL in statuses:
        return ExitCode.NOT_READY
    if Status.ERROR in statuses:
        return ExitCode.INTERNAL
    return ExitCode.READY


class Renderer(Protocol):
    """How a front end says a text: in one language, named by ``lang``."""

    lang: str

    def __call__(self, text: Text) -> str: ...


@dataclass(frozen=True)
class Report:
    """A finished run: what was asked, the results in order, when, and how long it took."""

    results: Tuple[CheckResult, ...]
    created_at: _dt.datetime
    elapsed_s: float = 0.0
    model: Optional[str] = None
    simulated_gpu: Optional[str] = None
    student: Optional[str] = None
    include_user: bool = False
    profile: Optional[Mapping[str, Any]] = None

    @property
    def verdict(self) -> str:
        return verdict(self.results)

    @property
    def exit_code(self) -> ExitCode:
        return exit_code(self.results)

    def result(self, check_id: str) -> Optional[CheckResult]:
        return next((r for r in self.results if r.id == check_id), None)

    def to_json(self, render: Renderer, home: Optional[str] = None) -> Dict[str, Any]:
        """The report, safe to share: no token ever; the Hub user name only with ``include_user``; paths under
        the home directory (``home``, else this user's) written from ``~``, since they often carry the login
        name. Texts are in ``render``'s language, each with its message id and parameters beside it."""
        checks = [r.to_json(render) for r in self.results]
        user = next((c["data"].get("user") for c in checks if c["id"] == "hub.token"), None)
        if user and not self.include_user:
            checks = [_forget_user(check, str(user)) for check in checks]
        home = home if home is not None else os.path.expanduser("~")
        if home and home not in ("/", "~"):
            checks = [_tilde(check, home.rstrip("/")) for check in checks]
        return finite({
            "schema": SCHEMA,
            "tool": {"name": TOOL, "version": __version__},
            "created_at": self.created_at.isoformat(),
            "lang": render.lang,
            "student": self.student,
            "user": user if self.include_user else None,
            "profile": dict(self.profile) if self.profile is not None else None,
            "model": self.model,
            "simulated_gpu": self.simulated_gpu,
            "verdict": self.verdict,
            "checks": checks,
        })


def finite(value: Any) -> Any:
    """``value`` with every NaN and infinity (a speed over a zero time, a ratio of nothing) made ``None``: JSON has
    no such numbers, and Python's ``NaN``/``Infinity`` break every other reader (``jq``, JavaScript, spreadsheets)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(item) for item in value]
    return value


def dumps(document: Any, indent: Optional[int] = 2) -> str:
    """Strict JSON, as every report and answer hf-doctor writes: non-ASCII as it is, never NaN or Infinity
    (``allow_nan=False`` after :func:`finite`, so a number that slipped through is an error, not a broken file)."""
    return json.dumps(finite(document), indent=indent, ensure_ascii=False, allow_nan=False)


HIDDEN_USER = "‹user›"


def _forget_user(check: Dict[str, Any], user: str) -> Dict[str, Any]:
    """The Hub user name out of a check's data and texts (it is the one identifying fact the checks learn)."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(user)}(?![\w-])")
    data = dict(check.get("data") or {})
    if "user" in data:
        data["user"] = None
    return {**check, "data": data, "summary": pattern.sub(HIDDEN_USER, check["summary"]),
            "details": [pattern.sub(HIDDEN_USER, line) for line in check.get("details") or []],
            "messages": _replace(check.get("messages"), pattern, HIDDEN_USER)}


def _replace(value: Any, pattern: "re.Pattern[str]", replacement: str) -> Any:
    if isinstance(value, str):
        return pattern.sub(replacement, value)
    if isinstance(value, dict):   # a message's id is a name of ours, never the user's words
        return {key: item if key == "id" else _replace(item, pattern, replacement) for key, item in value.items()}
    if isinstance(value, list):
        return [_replace(item, pattern, replacement) for item in value]
    return value


def _tilde(value: Any, home: str) -> Any:
    return _replace(value, re.compile(rf"{re.escape(home)}(?![\w.-])"), "~")
