"""The checks of ``check --model`` with what the Hub says of the model kept beside them: what ``lint`` judges a
user's script against and what ``script`` builds one from."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Optional

from . import ids
from .core import Request, World, check_in_context
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

    def version(self, package: str) -> Optional[str]:
        """The installed version of ``package`` as libs.versions found it (None: not installed, not checked)."""
        libs = self.report.result(ids.LIBS_VERSIONS)
        versions = libs.data.get("versions") if libs is not None and isinstance(libs.data, dict) else None
        return (versions or {}).get(package)


def examine(request: Request, world: World) -> Examined:
    """Run the request's checks; then read the model's metadata through the same context, whose Hub client
    already holds it (no second request)."""
    report, context = check_in_context(request, world)
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
