"""The program's entry point: the ``hf-doctor`` command and ``python -m hf_doctor``.

Importing the command line takes a noticeable moment (click, rich, the checks). A Ctrl-C in that moment is an
interruption like any other: one line and exit 130, not a traceback through the import machinery.
"""
from __future__ import annotations

import sys
from typing import Optional

INTERRUPTED = 130   # ExitCode.INTERRUPTED (checks/report.py), not imported: that import could be the one interrupted


def main() -> None:
    try:
        from .child import take_over_ctrl_c   # a child of the demo: Ctrl-C was ignored until here

        take_over_ctrl_c()
        # Before anything can write: every text this process prints passes through the secrets' scrubber.
        from .sink import scrub_standard_streams

        scrub_standard_streams()
        from .cli import main as run_command_line
    except BaseException as error:  # noqa: BLE001 - only a Ctrl-C is handled here, anything else goes on
        if ctrl_c_behind(error) is None:
            raise
        sys.stderr.write(f"\nhf-doctor: {_interrupted()}\n")
        sys.exit(INTERRUPTED)
    run_command_line()


def ctrl_c_behind(error: Optional[BaseException]) -> Optional[KeyboardInterrupt]:
    """The Ctrl-C behind ``error``: itself, or one in the chain it was raised from or while handling. Python 3.11
    and older turn a KeyboardInterrupt that lands while a class is made (a dataclass field's ``__set_name__``, in an
    import) into "RuntimeError: Error calling __set_name__ …", with the interrupt as its cause."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, KeyboardInterrupt):
            return error
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return None


def _interrupted() -> str:
    """"interrupted" in the user's language, when the catalogue can be read in the moment left."""
    try:
        import os

        from .i18n import Speaker, language

        return Speaker(language(None, os.environ)).t("ui.error.interrupted")
    except BaseException:  # noqa: BLE001 - a second Ctrl-C, or anything else: the English word will do
        return "interrupted"
