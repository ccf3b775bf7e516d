"""The guided run: environment → token → model → access → fit → download → generation → summary.

It asks only what flags and the environment left open, through a ``Prompter`` (questionary in a terminal, a
scripted fake in tests), and runs each step's checks through the core with the earlier results as ``prior``, so
dependencies hold across steps. Steps name their checks by id (``STEPS``): a check added to the registry joins a
step only when it is named here, and a test makes sure every check has a step.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, Dict, List, Optional, Protocol, Sequence, Tuple

from .checks import causes, core, ids, registry
from .checks.fit import FitPlan, FitVerdict
from .checks.generation import GenerationOptions
from .checks.gpu import GpuDevice
from .checks.hub import invalid_repo_id
from .checks.hub_client import PROMPT
from .checks.models import smaller_models
from .checks.report import ExitCode
from .checks.result import CheckResult, Status
from .checks.units import size
from .i18n import Speaker

# The steps, in order, with the checks each runs. "access" runs again after a retry; "fit" after a choice of 4-bit.
STEPS: Dict[str, Tuple[str, ...]] = {
    "environment": tuple(check.id for check in registry.ENVIRONMENT),
    "token": (ids.HUB_NETWORK, ids.HUB_TOKEN),
    "access": (ids.HUB_ACCESS,),
    "fit": (ids.MODEL_COMPAT, ids.MODEL_FIT),
    "download": (ids.MODEL_DOWNLOAD,),
    "generate": (ids.MODEL_GENERATE,),
}

# When no GPU is found (or nothing says how much memory it has), models are suggested for this much memory.
DEFAULT_BUDGET_BYTES = 8 * 1024**3


class Prompter(Protocol):
    def select(self, message: str, choices: Sequence[Tuple[str, str]]) -> str: ...   # (value, label) pairs
    def text(self, message: str) -> str: ...
    def password(self, message: str) -> str: ...
    def confirm(self, message: str, default: bool = True) -> bool: ...


class QuestionaryPrompter:
    """Real prompts. questionary answers None on Ctrl-C: that becomes KeyboardInterrupt, handled by the flow."""

    def __init__(self, say: Speaker) -> None:
        self.say = say

    @staticmethod
    def _answer(value: object) -> object:
        if value is None:
            raise KeyboardInterrupt
        return value

    def select(self, message: str, choices: Sequence[Tuple[str, str]]) -> str:
        import questionary

        options = [questionary.Choice(label, value) for value, label in choices]
        # questionary's own hint ("(Use arrow keys)") is English; ours follows the language.
        return str(self._answer(questionary.select(message, choices=options,
                                                   instruction=self.say.t("flow.hint.select")).ask()))

    def text(self, message: str) -> str:
        import questionary

        return str(self._answer(questionary.text(message).ask()))

    def password(self, message: str) -> str:
        import questionary

        return str(self._answer(questionary.password(message).ask()))   # hidden input, never echoed

    def confirm(self, message: str, default: bool = True) -> bool:
        import questionary

        return bool(self._answer(questionary.confirm(message, default=default).ask()))


@dataclass
class Flow:
    say: Speaker
    prompter: Prompter
    world: core.World
    show: Callable[[List[CheckResult], str, bool], None]   # results, title, whether it is the final summary
    tell: Callable[[str], None]
    model: Optional[str] = None
    gpu: Optional[str] = None
    save_token: Callable[[str], None] = lambda token: None
    saved_token: Callable[[], Optional[str]] = lambda: None
    request: core.Request = field(default_factory=lambda: core.Request(
        token_source=PROMPT, generation=GenerationOptions(stream=True)))
    results: List[CheckResult] = field(default_factory=list)
    step: str = ""

    def __post_init__(self) -> None:
        self.request = replace(self.request, model=self.model or self.request.model,
                               simulated_gpu=self.gpu or self.request.simulated_gpu)

    def run(self) -> int:
        try:
            self._run()
        except KeyboardInterrupt:
            self.tell(self.say.t("flow.say.stopped", step=self.step or self.say.t("flow.step.environment")))
            return int(ExitCode.INTERRUPTED)
        self.step = self.say.t("flow.step.summary")
        report = core.finish(self.request, self.results, self.world.context(self.request))
        self.show(list(report.results), self.step, True)
        return int(report.exit_code)

    def _checks(self, check_ids: Sequence[str], title: str) -> List[CheckResult]:
        self.step = title
        rerun = set(check_ids)
        fresh = core.run(self.request, self.world, registry.by_ids(*check_ids),
                         prior=[r for r in self.results if r.id not in rerun])
        self.results = [r for r in self.results if r.id not in rerun] + fresh
        self.show(fresh, title, False)
        return fresh

    def _result(self, check_id: str) -> Optional[CheckResult]:
        return next((r for r in self.results if r.id == check_id), None)

    def _retrying(self, check_ids: Sequence[str], title: str) -> bool:
        """Run, and after a failure offer retry (once the user fixed it), skip, or quit. True when it passed."""
        while True:
            fresh = self._checks(check_ids, title)
            failed = [r for r in fresh if r.status in (Status.FAIL, Status.ERROR)]
            if not failed:
                return True
            answer = self.prompter.select(self.say.t("flow.ask.failed", title=failed[0].title), [
                ("retry", self.say.t("flow.choice.retry")), ("skip", self.say.t("flow.choice.skip")),
                ("quit", self.say.t("flow.choice.quit"))])
            if answer == "skip":
                self.tell(self.say.t("flow.say.skipped"))
                return False
            if answer == "quit":
                raise KeyboardInterrupt

    def _run(self) -> None:
        self._checks(STEPS["environment"], self.say.t("flow.step.environment"))
        self._token_step()
        while True:
            if not self.request.model:
                self.request = replace(self.request, model=self._choose_model())
            model = self.request.model
            if not self._retrying(STEPS["access"], self.say.t("flow.step.access", model=model)):
                return
            self._checks(STEPS["fit"], self.say.t("flow.step.fit", model=model))
            plan = FitPlan.of(self._result(ids.MODEL_FIT))
            if plan is None or plan.verdict != FitVerdict.QUANTIZED:
                break
            answer = self.prompter.select(self.say.t("flow.ask.quantize", model=model), [
                ("4bit", self.say.t("flow.choice.4bit")), ("smaller", self.say.t("flow.choice.smaller")),
                ("anyway", self.say.t("flow.choice.anyway"))])
            if answer == "smaller":
                self.request = replace(self.request, model=None)
                continue
            if answer == "4bit":
                self.request = replace(self.request, generation=replace(self.request.generation, load_in_4bit=True))
                self._checks((ids.MODEL_FIT,), self.say.t("flow.step.fit", model=model))
            break
        if self.request.simulated_gpu is not None:   # planning for another GPU: nothing is downloaded or run here
            return
        plan = FitPlan.of(self._result(ids.MODEL_FIT))
        download = int(plan.download_bytes or 0) if plan is not None else 0
        if download and not self.prompter.confirm(self.say.t("flow.ask.download", model=self.request.model,
                                                             size=size(download)), default=True):
            return
        self._checks(STEPS["download"], self.say.t("flow.step.download"))
        self._checks(STEPS["generate"], self.say.t("flow.step.generate"))

    def _token_step(self) -> None:
        fresh = self._checks(STEPS["token"], self.say.t("flow.step.token"))
        token = next((r for r in fresh if r.id == ids.HUB_TOKEN), None)
        if token is None or token.cause not in (causes.TOKEN_MISSING, causes.TOKEN_INVALID):
            return
        while True:
            typed = self.prompter.password(self.say.t("flow.ask.token")).strip()
            if not typed:
                return
            self.request = replace(self.request, token=typed, token_source=PROMPT)
            result = self._checks((ids.HUB_TOKEN,), self.say.t("flow.step.token"))[-1]
            if result.status in (Status.PASS, Status.WARN) and result.cause != causes.TOKEN_INVALID:
                break
        if not self.prompter.confirm(self.say.t("flow.ask.save_token"), default=False):
            self.tell(self.say.t("flow.say.not_saved"))
            return
        saved = self.saved_token()
        if saved and saved != typed and not self.prompter.confirm(self.say.t("flow.ask.replace_token"), default=False):
            self.tell(self.say.t("flow.say.not_saved"))
            return
        self.save_token(typed)
        self.tell(self.say.t("flow.say.saved"))

    def _choose_model(self) -> str:
        self.step = self.say.t("flow.step.model")
        device = GpuDevice.of(self._result(ids.GPU_DEVICE))
        budget = (device.memory_budget() if device is not None else 0) or DEFAULT_BUDGET_BYTES
        choices = [(s.repo_id, f"{s.repo_id} ({s.parameters / 1e9:.1f} B)") for s in smaller_models(budget, 2.0, None, 4)]
        choices.append(("", self.say.t("flow.ask.model_other")))
        picked = self.prompter.select(self.say.t("flow.ask.model"), choices)
        while not picked:
            typed = self.prompter.text(self.say.t("flow.ask.repo_id")).strip()
            reason = invalid_repo_id(typed)
            if reason is None:
                return typed
            self.tell(self.say.t("flow.error.repo_id", reason=reason))
        return picked
