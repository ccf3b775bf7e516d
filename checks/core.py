"""The one core every front end goes through: a request and a world in, results and a report out.

``check``, ``demo``, the notebook's ``run()``, ``%hf_doctor`` and the guided flow differ only in how they ask
and how they render. What to check (the registry's checks for this request), how the run is timed, how a course
profile judges it, and the verdict and exit code (``Report``) are decided here once.
"""
from __future__ import annotations

import datetime as _dt
import time
from dataclasses import dataclass, field, replace
from typing import Any, Callable, List, Optional, Sequence, Tuple

from . import registry
from .context import Context, SystemContext
from .engine import Check, run_checks
from .generation import GenerationOptions
from .hub import model_id
from .hub_client import TOKEN_FILE
from .profile import Profile
from .profile import judge as judge_profile
from .report import Report
from .result import CheckResult
from .text import Text


@dataclass(frozen=True)
class Request:
    """What to check, for whom, with which options. ``token`` is one handed over explicitly (a file, stdin, a
    hidden prompt): it stays in memory, never in a repr."""

    model: Optional[str] = None
    smoke: bool = False
    simulated_gpu: Optional[str] = None
    token: Optional[str] = field(default=None, repr=False)
    token_source: str = TOKEN_FILE
    token_note: Optional[Text] = None     # how the token's file was read, when not as plain UTF-8 (hub.token says it)
    generation: GenerationOptions = GenerationOptions()
    profile: Optional[Profile] = None
    student: Optional[str] = None
    include_user: bool = False

    def __post_init__(self) -> None:
        # A model page's address pasted as --model is read, here once, as the repo id it names (hub.access says
        # so); every check then sees the id.
        object.__setattr__(self, "model", model_id(self.model))

    def with_profile(self) -> "Request":
        """The request as its course profile completes it: its model, the generation when it judges one, and
        4-bit or the dtype it asks for."""
        profile = self.profile
        if profile is None:
            return self
        return replace(self, model=self.model or profile.model, smoke=self.smoke or profile.needs_generation,
                       generation=replace(self.generation,
                                          load_in_4bit=self.generation.load_in_4bit or profile.dtype == "4bit",
                                          dtype=self.generation.dtype or profile.generation_dtype))

    def checks(self) -> Tuple[Check, ...]:
        return registry.all_checks(self.model, self.smoke)


@dataclass(frozen=True)
class World:
    """Where the checks run: the machine and Hub (through a context), the wall clock, and where long steps
    report progress. Tests hand in a fake context factory; front ends choose ``notify``."""

    make_context: Callable[..., Context] = SystemContext
    clock: Callable[[], float] = time.monotonic
    notify: Optional[Callable[[Text], None]] = None

    def context(self, request: Request) -> Context:
        return self.make_context(simulated_gpu=request.simulated_gpu, model=request.model, token=request.token,
                                 token_source=request.token_source, token_note=request.token_note,
                                 generation=request.generation, notify=self.notify)


def run(request: Request, world: World, checks: Optional[Sequence[Check]] = None,
        prior: Sequence[CheckResult] = ()) -> List[CheckResult]:
    """Run ``checks`` (by default every check the request needs) and return their results in order.

    ``prior`` holds results of an earlier step (the guided flow runs its steps one by one): checks that depend
    on them are judged from those results.
    """
    return run_checks(request.checks() if checks is None else checks, world.context(request), prior=prior)


def finish(request: Request, results: Sequence[CheckResult], context: Any, elapsed_s: float = 0.0) -> Report:
    """The report of a run: the course profile's verdict appended when there is one."""
    rows = list(results)
    if request.profile is not None:
        rows.append(judge_profile(request.profile, rows))
    return Report(results=tuple(rows), created_at=_now(context), elapsed_s=elapsed_s, model=request.model,
                  simulated_gpu=request.simulated_gpu, student=request.student, include_user=request.include_user,
                  profile=request.profile.to_json() if request.profile is not None else None)


def check(request: Request, world: World) -> Report:
    """Everything the request asks for, in one go: what ``hf-doctor check`` does."""
    return check_in_context(request, world)[0]


def check_in_context(request: Request, world: World) -> Tuple[Report, Context]:
    """:func:`check`, and the context the checks ran in: what they read of the machine and the Hub is still
    there to ask (``planning.examine`` reads the model's metadata from it without a second request)."""
    request = request.with_profile()
    started = world.clock()
    context = world.context(request)
    results = run_checks(request.checks(), context)
    return finish(request, results, context, world.clock() - started), context


def _now(context: Any) -> _dt.datetime:
    now = getattr(context, "now", None)
    return now() if callable(now) else _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)
