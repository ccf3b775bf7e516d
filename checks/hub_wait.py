"""How long hf-doctor waits for the Hub, and how it keeps huggingface_hub's retries bounded and quiet.

huggingface_hub's API calls (model_info, whoami, auth_check) have no timeout of their own (its shared client is
built with ``timeout=None``), and its downloads retry a 429 or a 5xx up to five times, sleeping 1, 2, 4, 8 and 8 s
(or what ``Retry-After`` asks, plus one), logging "Retrying in Ns" each time (``utils/_http.py``,
``_http_backoff_base``). A check's own deadline would then fire first and call a slow Hub a bug in hf-doctor.

So every Hub call runs here: in a daemon thread that the check waits for at most ``timeout`` seconds, while
a logging filter keeps the library's retry messages off the user's screen and notes what each one said (the
status, the wait asked for). A call gives up, with the Hub's own answer as the reason, after ``RETRIES``
retries or when the Hub asks for a longer wait than is left; a call abandoned so is left to finish in its
daemon thread (it cannot be killed), quietly: the filter stays on while such a thread lives.

The bounds are read from the environment once, so that tests can scale time down:
``HF_DOCTOR_HUB_TIMEOUT`` (seconds one Hub call may take, default 10, huggingface_hub's own
``HF_HUB_ETAG_TIMEOUT``) and ``HF_DOCTOR_HUB_RETRIES`` (retries of a 429/5xx or a lost connection allowed to
one call, default 2).
"""
from __future__ import annotations

import contextlib
import logging
import os
import re
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Dict, Generic, Iterator, List, Optional, TypeVar

T = TypeVar("T")


def _number(name: str, default: float, low: float, high: float) -> float:
    """A positive bound from the environment; anything unreadable or out of range is the default."""
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if low <= value <= high else default


API_TIMEOUT_S = _number("HF_DOCTOR_HUB_TIMEOUT", 10.0, 0.05, 600.0)
RETRIES = int(_number("HF_DOCTOR_HUB_RETRIES", 2, 0, 5))
POLL_S = 0.05

# The loggers whose warnings are huggingface_hub's retries: http_backoff's, and http_get's "Trying to resume".
_LOGGERS = ("huggingface_hub.utils._http", "huggingface_hub.file_download")
_STATUS = re.compile(r"HTTP Error (\d{3}) thrown")
_WAIT = re.compile(r"(?:Waiting|Retrying in) (\d+(?:\.\d+)?)s")
# "Rate limited. Waiting {t+1}s": a pause the Hub asked for (Retry-After, or RateLimit's t), plus the library's 1 s.
_ASKED = "Rate limited. Waiting"


@dataclass(frozen=True)
class Retry:
    """One retry the library announced: when, the HTTP status that caused it (None: a lost connection), and
    the pause it is about to take (None where the message names none)."""

    at: float
    status: Optional[int] = None
    wait_s: Optional[float] = None
    asked_s: Optional[float] = None      # the wait the Hub asked for (Retry-After), when it asked


class HubUnanswered(Exception):
    """A Hub call given up: no answer within ``seconds``, or the Hub kept answering ``status`` (429, 5xx).
    ``retry_after`` is the wait a 429 asked for. The text never holds a URL or a header: only numbers."""

    def __init__(self, seconds: float, status: Optional[int] = None, retries: int = 0,
                 retry_after: Optional[float] = None) -> None:
        super().__init__(f"no answer within {seconds:g} s" if status is None else f"HTTP {status} after {retries} retries")
        self.seconds, self.status, self.retries, self.retry_after = seconds, status, retries, retry_after


class _Quiet(logging.Filter):
    """Drops the library's retry warnings (noting each one) while a Hub call of ours is alive."""

    def __init__(self) -> None:
        super().__init__()
        self.lock = threading.Lock()
        self.alive = 0
        self.retries: List[Retry] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.WARNING:
            return True
        try:
            text = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is not ours to judge
            return True
        status, wait = _STATUS.search(text), _WAIT.search(text)
        if status or wait or "Trying to resume" in text or "thrown while requesting" in text:
            pause = float(wait.group(1)) if wait else None
            asked = pause - 1 if pause is not None and _ASKED in text else None
            with self.lock:
                self.retries.append(Retry(time.monotonic(), int(status.group(1)) if status else None, pause, asked))
        return False   # quiet: what the library says while we wait is ours to say, once, in the row

    def enter(self) -> None:
        with self.lock:
            self.alive += 1
            if self.alive == 1:
                for name in _LOGGERS:
                    logging.getLogger(name).addFilter(self)

    def leave(self) -> None:
        with self.lock:
            self.alive -= 1
            if self.alive == 0:
                for name in _LOGGERS:
                    logging.getLogger(name).removeFilter(self)
                self.retries.clear()

    def busy(self) -> bool:
        """Whether a Hub call of ours is still running (one given up runs on in its daemon thread)."""
        with self.lock:
            return self.alive > 0

    def since(self, started: float) -> List[Retry]:
        with self.lock:
            return [r for r in self.retries if r.at >= started]


QUIET = _Quiet()


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """The library's retry warnings are kept off the screen (and noted) inside."""
    QUIET.enter()
    try:
        yield
    finally:
        QUIET.leave()


def verdict(started: float, deadline: Optional[float], retries: int = RETRIES,
            longest_pause: Optional[float] = None, counted_since: Optional[float] = None) -> Optional[HubUnanswered]:
    """Whether a call started at ``started`` should be given up now: more retries since ``counted_since`` (a
    download counts from its last progress) than allowed, or a pause that would end after ``deadline`` or last
    longer than ``longest_pause`` (default: three Hub calls' worth; a 429 may ask for minutes). None: keep
    waiting."""
    seen = QUIET.since(started)
    if not seen:
        return None
    counted = [r for r in seen if r.at >= (counted_since or started)]
    statuses = [r.status for r in seen if r.status is not None]
    status = statuses[-1] if statuses else None
    asked = [r.asked_s for r in seen if r.asked_s is not None]
    # Two records per retry where the library logs both the status and the pause: count the pauses.
    count = len([r for r in counted if r.wait_s is not None]) or len(counted)
    limit = 3 * API_TIMEOUT_S if longest_pause is None else longest_pause
    too_long = any((r.wait_s or 0.0) > limit or (deadline is not None and r.at + (r.wait_s or 0.0) > deadline)
                   for r in seen)
    if count > retries or too_long:
        return HubUnanswered(round(time.monotonic() - started, 1), status, count,
                             asked[-1] if asked and status == 429 else None)
    return None


class Background(Generic[T]):
    """``call()`` running in a daemon thread, the library's retries noted and kept quiet (QUIET) from now until
    it ends; a caller that stops waiting leaves it behind. :meth:`result` is its value, or raises what it raised."""

    def __init__(self, call: Callable[[], T], name: str) -> None:
        self._outcome: Dict[str, Any] = {}
        self._finished = threading.Event()
        QUIET.enter()
        threading.Thread(target=self._run, args=(call,), name=name, daemon=True).start()

    def _run(self, call: Callable[[], T]) -> None:
        try:
            self._outcome["value"] = call()
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting caller, never a thread traceback
            self._outcome["error"] = exc
        finally:
            self._finished.set()
            QUIET.leave()

    def wait(self, seconds: float) -> bool:
        """True once the call has ended (within ``seconds``)."""
        return self._finished.wait(seconds)

    def result(self) -> T:
        if "error" in self._outcome:
            raise self._outcome["error"]
        return self._outcome["value"]  # type: ignore[no-any-return]


def bounded(call: Callable[[], T], timeout: Optional[float] = None, retries: int = RETRIES) -> T:
    """``call()``'s value, waited for at most ``timeout`` seconds (default API_TIMEOUT_S) and at most ``retries``
    library retries; else HubUnanswered. What ``call`` raises is raised here, unchanged."""
    limit = API_TIMEOUT_S if timeout is None else timeout
    started = time.monotonic()
    deadline = started + limit
    running = Background(call, "hub-call")
    while not running.wait(POLL_S):
        given_up = verdict(started, deadline, retries)
        if given_up is not None:
            raise given_up
        if time.monotonic() >= deadline:
            seen = QUIET.since(started)
            statuses = [r.status for r in seen if r.status is not None]
            raise HubUnanswered(limit, statuses[-1] if statuses else None, len(seen))
    return running.result()
