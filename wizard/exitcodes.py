"""Exit codes (contract.md): scripts and classroom tooling read them."""
from __future__ import annotations

import enum
from typing import Sequence

from hf_doctor.checks.result import CheckResult, Status


class ExitCode(enum.IntEnum):
    READY = 0          # warnings allowed
    NOT_READY = 1      # at least one check failed
    USAGE = 2
    INTERNAL = 3       # a bug in hf-doctor
    INTERRUPTED = 130


def for_results(results: Sequence[CheckResult]) -> ExitCode:
    """A failure is the user's to fix and wins over an error, which is ours."""
    statuses = {r.status for r in results}
    if Status.FAIL in statuses:
        return ExitCode.NOT_READY
    if Status.ERROR in statuses:
        return ExitCode.INTERNAL
    return ExitCode.READY
