"""hf-preflight's front end: the command line, the interactive flow and the rendering of results."""
from __future__ import annotations

from typing import Any, Dict

from checks import __version__

__all__ = ["__version__", "run"]


def run(*args: Any, **kwargs: Any) -> Dict[str, Any]:
    """The check in a notebook kernel, shown as HTML; returns the report. See ``wizard.notebook.run``."""
    from .notebook import run as run_in_kernel   # imported on use: `import wizard` stays cheap

    return run_in_kernel(*args, **kwargs)
