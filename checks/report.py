"""The JSON report (schema ``hf-doctor.report/1`` in contract.md) and the verdict it carries."""
from __future__ import annotations

import datetime as _dt
import os
import re
from typing import Any, Dict, Optional, Sequence

from . import __version__
from .messages import current_language
from .result import CheckResult, Status

SCHEMA = "hf-doctor.report/1"

READY = "ready"
READY_WITH_WARNINGS = "ready_with_warnings"
NOT_READY = "not_ready"


def verdict(results: Sequence[CheckResult]) -> str:
    """Not ready when any check failed or could not run (an error); warnings still allow a run."""
    statuses = {r.status for r in results}
    if statuses & {Status.FAIL, Status.ERROR}:
        return NOT_READY
    if Status.WARN in statuses:
        return READY_WITH_WARNINGS
    return READY


def build_report(
    results: Sequence[CheckResult],
    created_at: _dt.datetime,
    model: Optional[str] = None,
    simulated_gpu: Optional[str] = None,
    student: Optional[str] = None,
    include_user: bool = False,
    profile: Optional[Dict[str, Any]] = None,
    home: Optional[str] = None,
) -> Dict[str, Any]:
    """The report, safe to share: no token ever; the Hub user name only with ``include_user``; paths under the
    home directory (``home``, else this user's) written from ``~``, since they often carry the login name."""
    checks = [r.to_json() for r in results]
    user = next((c["data"].get("user") for c in checks if c["id"] == "hub.token"), None)
    if user and not include_user:
        for check in checks:
            _forget_user(check, str(user))
    home = home if home is not None else os.path.expanduser("~")
    if home and home not in ("/", "~"):
        checks = [_tilde(check, home.rstrip("/")) for check in checks]
    return {
        "schema": SCHEMA,
        "tool": {"name": "hf-doctor", "version": __version__},
        "created_at": created_at.isoformat(),
        "lang": current_language(),
        "student": student,
        "user": user if include_user else None,
        "profile": profile,
        "model": model,
        "simulated_gpu": simulated_gpu,
        "verdict": verdict(results),
        "checks": checks,
    }


HIDDEN_USER = "‹user›"


def _forget_user(check: Dict[str, Any], user: str) -> None:
    """The Hub user name out of a check's data and text (it is the one identifying fact the checks learn)."""
    data = check.get("data") or {}
    if "user" in data:
        data["user"] = None
    pattern = re.compile(rf"(?<![\w-]){re.escape(user)}(?![\w-])")
    check["summary"] = pattern.sub(HIDDEN_USER, check["summary"])
    check["details"] = [pattern.sub(HIDDEN_USER, line) for line in check.get("details") or []]


def _tilde(value: Any, home: str) -> Any:
    if isinstance(value, str):
        return re.sub(rf"{re.escape(home)}(?![\w.-])", "~", value)
    if isinstance(value, dict):
        return {key: _tilde(item, home) for key, item in value.items()}
    if isinstance(value, list):
        return [_tilde(item, home) for item in value]
    return value
