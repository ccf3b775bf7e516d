"""The values a check returns and the runner reports."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field, fields
from typing import Any, Callable, ClassVar, Dict, Mapping, Optional, Tuple, Type, TypeVar

from .text import Text, to_json

Render = Callable[[Text], str]   # a front end's way to say a text in the report's language


class Status(str, enum.Enum):
    """How a check ended. ``error`` is reserved for a bug in hf-doctor itself."""

    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    SKIP = "skip"
    ERROR = "error"


@dataclass(frozen=True)
class Fix:
    """What to do about a problem: prose (a message), the exact commands to paste, and where to read more."""

    text: Text
    commands: Tuple[str, ...] = ()
    url: Optional[str] = None

    def to_json(self, render: Render) -> dict:
        return {"text": render(self.text), "commands": list(self.commands), "url": self.url}


@dataclass(frozen=True)
class Outcome:
    """What a check function decides. The runner adds the id, the title and the duration."""

    status: Status
    summary: Text
    details: Tuple[Text, ...] = ()
    cause: Optional[str] = None
    fix: Optional[Fix] = None
    data: Any = field(default_factory=dict)   # a Mapping, or a typed record with to_json() (see data.py)


@dataclass(frozen=True)
class CheckResult:
    """One row of the report. Its texts are messages; a front end says them in its language."""

    id: str
    title: Text
    status: Status
    summary: Text
    details: Tuple[Text, ...] = ()
    cause: Optional[str] = None
    fix: Optional[Fix] = None
    data: Any = field(default_factory=dict)
    duration_s: float = 0.0

    @property
    def ok(self) -> bool:
        """Passed or only warned: dependants may run."""
        return self.status in (Status.PASS, Status.WARN)

    def to_json(self, render: Render) -> dict:
        """The report's row: the texts said by ``render``, and under ``messages`` the same texts as message ids
        with their parameters, so that the row can be said again in another language."""
        return {
            "id": self.id,
            "title": render(self.title),
            "status": self.status.value,
            "summary": render(self.summary),
            "details": [render(detail) for detail in self.details],
            "cause": self.cause,
            "fix": self.fix.to_json(render) if self.fix else None,
            "data": jsonable(self.data),
            "duration_s": round(self.duration_s, 4),
            "messages": {
                "title": to_json(self.title),
                "summary": to_json(self.summary),
                "details": [to_json(detail) for detail in self.details],
                "fix": to_json(self.fix.text) if self.fix else None,
            },
        }


def passed(summary: Text, data: Any = None, details: Tuple[Text, ...] = ()) -> Outcome:
    return Outcome(Status.PASS, summary, details=details, data=_data(data))


def skipped(summary: Text, data: Any = None) -> Outcome:
    return Outcome(Status.SKIP, summary, data=_data(data))


def problem(
    status: Status,
    summary: Text,
    cause: str,
    fix: Fix,
    data: Any = None,
    details: Tuple[Text, ...] = (),
) -> Outcome:
    """A warning or a failure: always with a cause id and a fix."""
    return Outcome(status, summary, details=details, cause=cause, fix=fix, data=_data(data))


def _data(data: Any) -> Any:
    """A typed record stays as it is (readers get its fields); a mapping is copied."""
    if data is None:
        return {}
    return data if hasattr(data, "to_json") else dict(data)


def jsonable(value: Any) -> Any:
    """``data`` as JSON: typed records by their ``to_json()``, enums by value, tuples as lists."""
    if hasattr(value, "to_json") and not isinstance(value, type):
        return jsonable(value.to_json())
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    return value


R = TypeVar("R", bound="Record")


class Record:
    """Typed data that one check hands to others (a frozen dataclass declared beside the check that makes it).

    Readers get fields, not dict keys: ``FitPlan.of(result)`` is the record, or None when the check did not
    produce one (it failed early, or was skipped). In the JSON report a record is its fields, under the same
    keys the report always had (``to_json``); ``None`` fields listed in ``OPTIONAL`` are left out.
    """

    OPTIONAL: ClassVar[Tuple[str, ...]] = ()

    def to_json(self) -> Dict[str, Any]:
        values = {f.name: getattr(self, f.name) for f in fields(self)}  # type: ignore[arg-type]
        return {key: value for key, value in values.items() if not (value is None and key in self.OPTIONAL)}

    @classmethod
    def of(cls: Type[R], result: Optional["CheckResult"]) -> Optional[R]:
        data = result.data if result is not None else None
        return data if isinstance(data, cls) else None
