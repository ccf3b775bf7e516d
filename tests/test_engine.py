from __future__ import annotations

import socket
import threading

import pytest

from hf_doctor.checks import causes
from hf_doctor.checks.engine import BUG_FIX, Blocked, Check, run_checks, validate
from hf_doctor.checks.result import CheckResult, Fix, Outcome, Status, passed, problem

from .fakes import en

OK = passed("fine", {"n": 1})
BROKEN = problem(Status.FAIL, "broken", causes.DISK_FULL, Fix("free space"))


def returning(outcome: Outcome):  # type: ignore[no-untyped-def]
    return lambda ctx: outcome


def crash(ctx: object) -> Outcome:
    raise RuntimeError("boom")


def test_results_come_back_whole_in_declared_order() -> None:
    checks = [Check("b.second", title="Second", func=returning(BROKEN)), Check("a.first", title="First", func=returning(OK))]
    results = run_checks(checks, ctx=None)
    assert [r.id for r in results] == ["b.second", "a.first"]
    assert results[0] == CheckResult(
        "b.second", "Second", Status.FAIL, "broken", cause="disk_full", fix=Fix("free space"),
        duration_s=results[0].duration_s,
    )
    assert results[1].data == {"n": 1} and results[1].status is Status.PASS


def test_checks_run_concurrently() -> None:
    # Both checks wait for each other: only concurrent execution lets either pass.
    barrier = threading.Barrier(2, timeout=5)

    def meet(ctx: object) -> Outcome:
        barrier.wait()
        return OK

    results = run_checks([Check("x.one", title="One", func=meet), Check("x.two", title="Two", func=meet)], ctx=None)
    assert [r.status for r in results] == [Status.PASS, Status.PASS]


def test_a_crash_becomes_an_error_result_that_names_the_bug() -> None:
    [result] = run_checks([Check("x.crash", title="Crash", func=crash)], ctx=None)
    assert result.status is Status.ERROR
    assert en(result.summary) == "hf-doctor crashed in this check (RuntimeError: boom); this is a bug in hf-doctor"
    assert result.cause == causes.UNKNOWN and result.fix == BUG_FIX
    assert result.details[0].startswith("Traceback") and result.details[-1] == "RuntimeError: boom"


def test_a_check_that_returns_the_wrong_type_is_a_bug_too() -> None:
    [result] = run_checks([Check("x.bad", title="Bad", func=lambda ctx: "pass")], ctx=None)
    assert result.status is Status.ERROR and "TypeError" in en(result.summary)


def test_a_hanging_check_is_abandoned_after_its_timeout_and_the_others_still_report() -> None:
    release = threading.Event()

    def hang(ctx: object) -> Outcome:
        release.wait(30)
        return OK

    checks = [Check("x.hang", title="Hang", func=hang, timeout_s=0.2), Check("x.ok", title="Fine", func=returning(OK))]
    try:
        hung, fine = run_checks(checks, ctx=None)
    finally:
        release.set()
    assert hung.status is Status.ERROR
    assert en(hung.summary) == "Did not finish within 0.2 s; this is a bug in hf-doctor"
    assert hung.data == {"timeout_s": 0.2}
    assert fine.status is Status.PASS


def test_a_timed_out_check_that_finishes_later_does_not_change_its_result() -> None:
    release = threading.Event()
    finished = threading.Event()

    def slow(ctx: object) -> Outcome:
        release.wait(30)
        finished.set()
        return OK

    [result] = run_checks([Check("x.slow", title="Slow", func=slow, timeout_s=0.1)], ctx=None)
    release.set()
    assert finished.wait(5)
    assert result.status is Status.ERROR


@pytest.mark.parametrize("dependency", [returning(BROKEN), crash])
def test_a_check_whose_dependency_did_not_pass_is_skipped_with_the_reason(dependency) -> None:  # type: ignore[no-untyped-def]
    ran = []
    checks = [
        Check("hub.network", dependency),
        Check("hub.access", lambda ctx: ran.append(1) or OK, depends_on=("hub.network",)),
        Check("model.fit", lambda ctx: ran.append(2) or OK, depends_on=("hub.access",)),
    ]
    first, second, third = run_checks(checks, ctx=None)
    assert ran == []
    assert second.status is Status.SKIP
    assert en(second.summary) == f"Skipped because Hub network (hub.network: {first.status.value}) did not pass"
    assert second.data == Blocked(("hub.network",)) and second.data.to_json() == {"blocked_by": ("hub.network",)}
    assert en(third.summary) == "Skipped because Model access (hub.access: skip) did not pass"


def test_a_warning_does_not_block_dependants() -> None:
    warned = problem(Status.WARN, "slow", causes.RATE_LIMITED, Fix("wait"))
    checks = [Check("a.warn", title="Warn", func=returning(warned)), Check("b.after", title="After", func=returning(OK), depends_on=("a.warn",))]
    assert run_checks(checks, ctx=None)[1].status is Status.PASS


def test_dependants_wait_for_their_dependency_before_starting() -> None:
    order = []

    def first(ctx: object) -> Outcome:
        order.append("first")
        return OK

    def second(ctx: object) -> Outcome:
        order.append("second")
        return OK

    run_checks([Check("a.one", title="One", func=first), Check("b.two", title="Two", func=second, depends_on=("a.one",))], ctx=None)
    assert order == ["first", "second"]


@pytest.mark.parametrize("checks, message", [
    ([Check("a.x", title="A", func=returning(OK)), Check("a.x", title="A again", func=returning(OK))], "duplicate check id 'a.x'"),
    ([Check("b.y", title="B", func=returning(OK), depends_on=("a.x",))], "check 'b.y' depends on 'a.x', which is not declared before it"),
])
def test_registry_mistakes_are_caught_before_anything_runs(checks, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError) as info:
        validate(checks)
    assert str(info.value) == message


def test_the_network_guard_refuses_and_reports_non_loopback_connections(network_guard) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    assert network_guard.attempts == [("192.0.2.1", 80)]
    network_guard.attempts.clear()  # the guard itself worked; do not fail this test for it


def test_subprocesses_are_guarded_too(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os
    import subprocess
    import sys

    code = "import socket\ntry:\n    socket.create_connection(('192.0.2.1', 80), timeout=1)\nexcept ConnectionRefusedError:\n    print('refused')"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "refused"
    log = os.environ["HF_DOCTOR_NET_GUARD"]
    assert "192.0.2.1" in open(log, encoding="utf-8").read()
    os.remove(log)  # the guard worked; do not fail this test for it


def test_prior_results_satisfy_dependencies() -> None:
    earlier = run_checks([Check("hub.network", returning(BROKEN))], ctx=None)
    later = run_checks([Check("hub.access", returning(OK), depends_on=("hub.network",))], ctx=None,
                       prior=earlier)
    assert later[0].status is Status.SKIP and Blocked.of(later[0]) == Blocked(("hub.network",))


def test_a_warm_up_starts_before_the_dependencies_settle_and_ends_before_the_run_does() -> None:
    """model.fit imports transformers while it waits for the Hub: the dependency here settles only once the warm-up
    has started, and the run returns only after it has finished; its failure is the check's to meet, not a crash."""
    warming = threading.Event()
    finished = threading.Event()
    seen = []

    def warm(ctx: object) -> None:
        seen.append(ctx)
        warming.set()
        finished.wait(5)

    def dependency(ctx: object) -> Outcome:
        assert warming.wait(5), "the warm-up had not started while the dependency ran"
        return OK

    def later(ctx: object) -> Outcome:
        finished.set()
        return OK

    def failing(ctx: object) -> None:
        raise ImportError("no torch")

    checks = [Check("a.dep", title="Dep", func=dependency),
              Check("b.later", title="Later", func=later, depends_on=("a.dep",), warm_up=warm),
              Check("c.other", title="Other", func=returning(OK), warm_up=failing)]
    results = run_checks(checks, ctx="the context")
    assert [r.status for r in results] == [Status.PASS] * 3 and seen == ["the context"]
    assert not [t for t in threading.enumerate() if t.name.startswith("warm:")]
