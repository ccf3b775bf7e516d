"""The runner: owns concurrency, time and failure, so that a check only has to decide.

Every check runs in its own daemon thread as soon as the checks it depends on have finished; results
come back in declared order. A check that raises becomes an ``error`` result, one that outlives its
timeout is abandoned (a daemon thread cannot be killed, but it cannot keep the process alive either),
and one whose dependency did not pass or warn is skipped with the reason.
"""
from __future__ import annotations

import threading
import time
import traceback
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from . import causes
from .result import CheckResult, Fix, Outcome, Record, Status
from .text import Join, Msg, Text

CheckFunc = Callable[[Any], Outcome]

@dataclass(frozen=True)
class Blocked(Record):
    """A skipped check's data: the checks whose failure stopped it (a profile follows them to the root cause)."""

    blocked_by: Tuple[str, ...]


BUG_FIX = Fix(Msg("common.bug.fix"), commands=("hf-doctor check --verbose",))


@dataclass(frozen=True)
class Check:
    """A registered diagnostic: a stable dotted id, the function that decides, what it waits for, how long.

    Its title is the catalogue's ``common.check.<id>``; ``title`` replaces it only for checks that tests define.
    ``warm_up``, when given, is called with the context as soon as the run starts, while the check still waits
    for its dependencies (model.fit imports transformers meanwhile); what it raises is ignored: the check itself
    then meets the error. The run ends only once it has (within the check's timeout): a process never exits
    in the middle of an import.
    """

    id: str
    func: CheckFunc
    depends_on: Tuple[str, ...] = ()
    timeout_s: float = 10.0
    title: Optional[Text] = None
    warm_up: Optional[Callable[[Any], None]] = None

    @property
    def label(self) -> Text:
        return self.title if self.title is not None else Msg(f"common.check.{self.id}")


class _Slot:
    def __init__(self, check: Check) -> None:
        self.check = check
        self.started = threading.Event()
        self.done = threading.Event()
        self.started_at = 0.0
        self.result: Optional[CheckResult] = None
        self._lock = threading.Lock()

    def settle(self, result: CheckResult) -> None:
        """Record the result unless one is already there (a timed-out check may still finish later)."""
        with self._lock:
            if self.result is None:
                self.result = result
        self.done.set()


def validate(checks: Sequence[Check], prior: Sequence[str] = ()) -> None:
    """Ids are unique and every dependency is declared before its dependant (so there are no cycles)."""
    seen: Dict[str, object] = {check_id: None for check_id in prior}
    for check in checks:
        if check.id in seen:
            raise ValueError(f"duplicate check id {check.id!r}")
        for dep in check.depends_on:
            if dep not in seen:
                raise ValueError(f"check {check.id!r} depends on {dep!r}, which is not declared before it")
        seen[check.id] = check


def run_checks(
    checks: Sequence[Check],
    ctx: Any,
    *,
    clock: Callable[[], float] = time.monotonic,
    prior: Sequence[CheckResult] = (),
) -> List[CheckResult]:
    """Run ``checks`` against ``ctx`` concurrently and return one result per check, in declared order.

    ``prior`` holds results of checks run earlier (the wizard runs them step by step): dependencies on them are
    judged from those results.
    """
    validate(checks, [r.id for r in prior])
    slots = {check.id: _Slot(check) for check in checks}
    settled: Dict[str, _Slot] = {}
    for result in prior:
        slot = _Slot(Check(result.id, _never, title=result.title))
        slot.settle(result)
        settled[result.id] = slot

    warming: List[Tuple[threading.Thread, float]] = []
    for slot in slots.values():
        if slot.check.warm_up is not None:
            warm = threading.Thread(target=_warm, args=(slot.check.warm_up, ctx), name=f"warm:{slot.check.id}",
                                    daemon=True)
            warm.start()
            warming.append((warm, clock() + slot.check.timeout_s))
        thread = threading.Thread(
            target=_run_slot, args=(slot, {**settled, **slots}, ctx, clock), name=f"check:{slot.check.id}",
            daemon=True,
        )
        thread.start()

    # Dependencies come earlier in the declared order, so by the time we wait on a slot its dependencies
    # are settled and its thread has started (or is about to): its own timeout counts from its start.
    results: List[CheckResult] = []
    for slot in slots.values():
        slot.started.wait()
        remaining = slot.started_at + slot.check.timeout_s - clock()
        if not slot.done.wait(max(remaining, 0.0)):
            slot.settle(_timed_out(slot.check, clock() - slot.started_at))
        assert slot.result is not None
        results.append(slot.result)
    for warm, deadline in warming:
        warm.join(max(deadline - clock(), 0.0))
    return results


def _run_slot(slot: _Slot, slots: Dict[str, _Slot], ctx: Any, clock: Callable[[], float]) -> None:
    check = slot.check
    for dep in check.depends_on:
        slots[dep].done.wait()
    slot.started_at = clock()
    slot.started.set()

    blocked = [slots[dep].result for dep in check.depends_on]
    blocking = [r for r in blocked if r is not None and not r.ok]
    if blocking:
        names = Join(", ", tuple(Msg("common.skipped.blocker", title=r.title, id=r.id, status=r.status.value)
                                 for r in blocking))
        outcome = Outcome(Status.SKIP, Msg("common.skipped.blocked", names=names),
                          data=Blocked(tuple(r.id for r in blocking)))
    else:
        try:
            outcome = check.func(ctx)
            if not isinstance(outcome, Outcome):
                raise TypeError(f"check returned {type(outcome).__name__}, not Outcome")
        except Exception as exc:  # noqa: BLE001 - any crash is reported as a result, never raised
            outcome = _crashed(exc)
    slot.settle(_result(check, outcome, clock() - slot.started_at))


def _warm(warm_up: Callable[[Any], None], ctx: Any) -> None:
    try:
        warm_up(ctx)
    except Exception:  # noqa: BLE001 - only a head start: the check meets the same error and reports it
        pass


def _never(ctx: Any) -> Outcome:
    raise AssertionError("a prior result is never run again")


def _result(check: Check, outcome: Outcome, duration: float) -> CheckResult:
    return CheckResult(
        id=check.id,
        title=check.label,
        status=outcome.status,
        summary=outcome.summary,
        details=outcome.details,
        cause=outcome.cause,
        fix=outcome.fix,
        data=outcome.data,
        duration_s=duration,
    )


def _crashed(exc: BaseException) -> Outcome:
    lines = traceback.format_exception(type(exc), exc, exc.__traceback__)
    return Outcome(
        Status.ERROR,
        Msg("common.bug.crashed", error=f"{type(exc).__name__}: {exc}"),
        details=tuple("".join(lines).rstrip().splitlines()),
        cause=causes.UNKNOWN,
        fix=BUG_FIX,
    )


def _timed_out(check: Check, elapsed: float) -> CheckResult:
    outcome = Outcome(
        Status.ERROR,
        Msg("common.bug.timed_out", seconds=f"{check.timeout_s:g}"),
        cause=causes.UNKNOWN,
        fix=BUG_FIX,
        data={"timeout_s": check.timeout_s},
    )
    return _result(check, outcome, elapsed)
