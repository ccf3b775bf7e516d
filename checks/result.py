"""The values a check returns and the runner reports."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional, Tuple


class Status(str, enum.Enum):
    """How a check ended. ``error`` is reserved for a bug in hf-doctor itself."""

    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    SKIP = "skip"
    ERROR = "error"


@dataclass(frozen=True)
class Fix:
    """What to do about a problem: prose, the exact commands to paste, and where to read more."""

    text: str
    commands: Tuple[str, ...] = ()
    url: Optional[str] = None

    def to_json(self) -> dict:
        return {"text": self.text, "commands": list(self.commands), "url": self.url}


@dataclass(frozen=True)
class Outcome:
    """What a check function decides. The runner adds the id, the title and the duration."""

    status: Status
    summary: str
    details: Tuple[str, ...] = ()
    cause: Optional[str] = None
    fix: Optional[Fix] = None
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CheckResult:
    """One row of the report."""

    id: str
    title: str
    status: Status
    summary: str
    details: Tuple[str, ...] = ()
    cause: Optional[str] = None
    fix: Optional[Fix] = None
    data: Mapping[str, Any] = field(default_factory=dict)
    duration_s: float = 0.0

    @property
    def ok(self) -> bool:
        """Passed or only warned: dependants may run."""
        return self.status in (Status.PASS, Status.WARN)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status.value,
            "summary": self.summary,
            "details": list(self.details),
            "cause": self.cause,
            "fix": self.fix.to_json() if self.fix else None,
            "data": _jsonable(self.data),
            "duration_s": round(self.duration_s, 4),
        }


def passed(summary: str, data: Optional[Mapping[str, Any]] = None, details: Tuple[str, ...] = ()) -> Outcome:
    return Outcome(Status.PASS, summary, details=details, data=dict(data or {}))


def skipped(summary: str, data: Optional[Mapping[str, Any]] = None) -> Outcome:
    return Outcome(Status.SKIP, summary, data=dict(data or {}))


def problem(
    status: Status,
    summary: str,
    cause: str,
    fix: Fix,
    data: Optional[Mapping[str, Any]] = None,
    details: Tuple[str, ...] = (),
) -> Outcome:
    """A warning or a failure: always with a cause id and a fix."""
    return Outcome(status, summary, details=details, cause=cause, fix=fix, data=dict(data or {}))


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    return value
