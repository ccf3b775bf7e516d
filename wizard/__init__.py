"""hf-doctor's front end: the command line, the interactive flow and the rendering of results."""
from __future__ import annotations

import sys
from typing import Any, Dict

from .checks import __version__

__all__ = ["__version__", "load_ipython_extension", "run"]


def run(*args: Any, **kwargs: Any) -> Dict[str, Any]:
    """The check in a notebook kernel, shown as HTML; returns the report. See ``hf_doctor.notebook.run``."""
    from .notebook import run as run_in_kernel   # imported on use: `import hf_doctor` stays cheap

    return run_in_kernel(*args, **kwargs)


def _hf_doctor(line: str) -> None:
    """%hf_doctor --model ID [--gpu T4] [--smoke] [--context N] [--profile FILE] [--student NAME] [--lang ko]

    Run the checks in this kernel and show them as a table (what `hf_doctor.run()` does; it also returns the report).
    """
    from .notebook import magic   # imported on use, like run()

    magic(line)


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext hf_doctor``: registers the ``%hf_doctor`` line magic."""
    ipython.register_magic_function(_hf_doctor, magic_kind="line", magic_name="hf_doctor")


def _register_in_a_running_ipython() -> None:
    """``import hf_doctor`` inside IPython registers the magic too; IPython itself is never imported here."""
    ipython_module = sys.modules.get("IPython")
    shell = getattr(ipython_module, "get_ipython", lambda: None)() if ipython_module else None
    if shell is not None and hasattr(shell, "register_magic_function"):
        load_ipython_extension(shell)


_register_in_a_running_ipython()
