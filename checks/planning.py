"""The checks of ``check --model`` with what the Hub says of the model kept beside them: what ``lint`` judges a
user's script against and what ``script`` builds one from."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict

from .core import Request, World, finish
from .engine import run_checks
from .hub import ModelUnavailable, model_metadata
from .report import Report


@dataclass(frozen=True)
class Examined:
    """The report of every check for the request, and the model's Hub metadata (``{}`` when it could not be
    read: the report's hub.access row says why)."""

    report: Report
    info: Dict[str, Any] = field(default_factory=dict)

    @property
    def chat_template(self) -> bool:
        """Whether the model has a chat template (a base model has none)."""
        return bool(self.info.get("chat_template"))


def examine(request: Request, world: World) -> Examined:
    """Run the request's checks; then read the model's metadata through the same context, whose Hub client
    already holds it (no second request)."""
    request = request.with_profile()
    started = world.clock()
    context = world.context(request)
    results = run_checks(request.checks(), context)
    report = finish(request, results, context, world.clock() - started)
    return Examined(report, metadata(context))


def metadata(context: Any) -> Dict[str, Any]:
    """The model's Hub metadata as hub.access reads it, ``{}`` when there is no model or it cannot be read."""
    if not getattr(context, "model", None):
        return {}
    try:
        info, _ = model_metadata(context)
    except ModelUnavailable:
        return {}
    return info
