"""hf-preflight's front end: the command line, the interactive flow and the rendering of results."""
from __future__ import annotations

import sys
from typing import Any, Dict

from checks import __version__

__all__ = ["__version__", "load_ipython_extension", "run"]


def run(*args: Any, **kwargs: Any) -> Dict[str, Any]:
    """The check in a notebook kernel, shown as HTML; returns the report. See ``wizard.notebook.run``."""
    from .notebook import run as run_in_kernel   # imported on use: `import wizard` stays cheap

    return run_in_kernel(*args, **kwargs)


def _hf_preflight(line: str) -> None:
    """%hf_preflight --model ID [--gpu T4] [--smoke] [--lang ko]

    Run the checks in this kernel and show them as a table (what `wizard.run()` does; it also returns the report).
    """
    from .notebook import magic   # imported on use, like run()

    magic(line)


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext wizard``: registers the ``%hf_preflight`` line magic."""
    ipython.register_magic_function(_hf_preflight, magic_kind="line", magic_name="hf_preflight")


def _register_in_a_running_ipython() -> None:
    """``import wizard`` inside IPython registers the magic too; IPython itself is never imported here."""
    ipython_module = sys.modules.get("IPython")
    shell = getattr(ipython_module, "get_ipython", lambda: None)() if ipython_module else None
    if shell is not None and hasattr(shell, "register_magic_function"):
        load_ipython_extension(shell)


_register_in_a_running_ipython()
