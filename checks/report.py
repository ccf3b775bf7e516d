"""The JSON report (schema ``hf-preflight.report/1`` in contract.md) and the verdict it carries."""
from __future__ import annotations

import datetime as _dt
from typing import Any, Dict, Optional, Sequence

from . import __version__
from .result import CheckResult, Status

SCHEMA = "hf-preflight.report/1"

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
) -> Dict[str, Any]:
    return {
        "schema": SCHEMA,
        "tool": {"name": "hf-preflight", "version": __version__},
        "created_at": created_at.isoformat(),
        "model": model,
        "simulated_gpu": simulated_gpu,
        "verdict": verdict(results),
        "checks": [r.to_json() for r in results],
    }
