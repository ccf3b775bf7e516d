"""The guided run: environment → token → model → access → fit → download → generation → summary.

It asks only what flags and the environment left open, through a ``Prompter`` (questionary in a terminal, a
scripted fake in tests), and runs each step's checks through the core with the earlier results as ``prior``, so
dependencies hold across steps. Steps name their checks by id (``STEPS``): a check added to the registry joins a
step only when it is named here, and a test makes sure every check has a step.

No dead ends: every one of the seven steps is shown under its number, also one that is not run (its rows say
why); a failed step's Retry first asks again for what the user can change there (the repo id, the token); Skip
leaves that one step failed and goes on; Quit ends "not ready" (exit 1), Ctrl-C "interrupted" (exit 130).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Dict, List, Optional, Protocol, Sequence, Tuple

from .checks import causes, core, ids, registry
from .checks.fit import FitPlan
from .checks.generation import GenerationOptions
from .checks.gpu import GpuDevice
from .checks.hub import TokenFacts, invalid_repo_id, source_label
from .checks.hub_client import PROMPT
from .checks.models import starter_models
from .checks.planning import Examined, metadata
from .checks.report import ExitCode
from .checks.result import CheckResult, Status
from .checks.text import Msg, Text
from .checks.units import GIB, size
from .i18n import Speaker
from .script import python_script, recipe_for, script_stem, write_beside

# The steps, in order, with the checks each runs. "access" runs again after a retry; "fit" after a choice of 4-bit.
STEPS: Dict[str, Tuple[str, ...]] = {
    "environment": tuple(check.id for check in registry.ENVIRONMENT),
    "token": (ids.HUB_NETWORK, ids.HUB_TOKEN),
    "access": (ids.HUB_ACCESS,),
    "fit": (ids.MODEL_COMPAT, ids.MODEL_FIT),
    "download": (ids.MODEL_DOWNLOAD,),
    "generate": (ids.MODEL_GENERATE,),
}

# When a GPU is found but nothing says how much memory it has, models are suggested for this much memory.
DEFAULT_BUDGET_BYTES = 8 * GIB
# Without a GPU the model runs on the CPU, where every token reads all the weights from RAM: models up to about
# 1.7 B parameters (16-bit weights within 4 GiB) answer in seconds there; bigger ones make a first run a wait.
CPU_BUDGET_BYTES = 4 * GIB

# A failed access whose cause the user fixes by typing something else: Retry asks for it again first.
RETYPE_REPO_ID = (causes.REPO_NOT_FOUND,)
RETYPE_TOKEN = (causes.TOKEN_INVALID, causes.GATED_UNAUTHENTICATED)


class Quit(Exception):
    """The user chose Quit: the run ends "not ready" (exit 1), unlike Ctrl-C (exit 130)."""


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
    # Saves a token as the login; returns what to say when it is more than "Saved" (the name it was stored under).
    save_token: Callable[[str], Optional[Text]] = lambda token: None
    saved_token: Callable[[], Optional[str]] = lambda: None
    script_folder: Optional[Path] = None   # where the offer at the end writes its script (None: no offer)
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
        except Quit:
            # The user stopped before the machine was ready: "not ready", which scripts tell apart from Ctrl-C.
            self.tell(self.say.t("flow.say.stopped", step=self.step))
            return int(ExitCode.NOT_READY)
        self.step = self.say.t("flow.step.summary")
        context = self.world.context(self.request)
        report = core.finish(self.request, self.results, context)
        self.show(list(report.results), self.step, True)
        if self.script_folder is not None:
            try:
                self._offer_script(Examined(report, metadata(context)))
            except KeyboardInterrupt:
                self.tell(self.say.t("flow.say.stopped", step=self.step))
                return int(ExitCode.INTERRUPTED)
        return int(report.exit_code)

    def _offer_script(self, examined: Examined) -> None:
        """After the summary: a script that runs this model here, written only when the user says yes (never
        over a file: run_<name>.py is numbered when taken)."""
        recipe = recipe_for(examined, self.say, self.request.generation.prompt)
        if recipe is None or self.script_folder is None:
            return
        if not self.prompter.confirm(self.say.t("flow.ask.script", model=recipe.model), default=True):
            return
        try:
            path = write_beside(self.script_folder, script_stem(recipe.model), ".py", python_script(recipe, self.say))
        except OSError as exc:   # a folder that cannot be written: said, and the run's verdict stands
            self.tell(self.say.t("script.error.unwritable", path=str(self.script_folder),
                                 reason=exc.strerror or str(exc)))
            return
        self.tell(self.say.t("flow.say.script_written", path=str(path)))

    def _checks(self, check_ids: Sequence[str], title: str) -> List[CheckResult]:
        self.step = title
        rerun = set(check_ids)
        fresh = core.run(self.request, self.world, registry.by_ids(*check_ids),
                         prior=[r for r in self.results if r.id not in rerun])
        self.results = [r for r in self.results if r.id not in rerun] + fresh
        self.show(fresh, title, False)
        return fresh

    def _not_run(self, check_ids: Sequence[str], title: str, reason: Text) -> None:
        """A step that is not run is still shown under its number, with rows that say why, here and in the
        summary: no verdict hides a step nobody ran."""
        self.step = title
        rows = [CheckResult(id=check_id, title=registry.BY_ID[check_id].label, status=Status.SKIP, summary=reason)
                for check_id in check_ids]
        self.results = [r for r in self.results if r.id not in check_ids] + rows
        self.show(rows, title, False)

    def _result(self, check_id: str) -> Optional[CheckResult]:
        return next((r for r in self.results if r.id == check_id), None)

    def _retrying(self, check_ids: Sequence[str], title: Callable[[], str]) -> bool:
        """Run, and after a failure offer retry, skip (this step only), or quit. True when it passed.

        Retry first asks again for what the user can change here (a mistyped repo id, a rejected token); for the
        other causes the fix happens elsewhere (a page, a setting) and Retry checks again once it is done.
        ``title`` is asked each time: a retyped repo id changes it."""
        while True:
            fresh = self._checks(check_ids, title())
            failed = [r for r in fresh if r.status in (Status.FAIL, Status.ERROR)] or self._token_blocks(fresh)
            if not failed:
                return True
            cause = failed[0].cause if failed[0].id in (ids.HUB_ACCESS, ids.HUB_TOKEN) else None
            retry = ("flow.choice.retry_repo" if cause in RETYPE_REPO_ID
                     else "flow.choice.retry_token" if cause in RETYPE_TOKEN else "flow.choice.retry")
            answer = self.prompter.select(self.say.t("flow.ask.failed", title=failed[0].title), [
                ("retry", self.say.t(retry)), ("skip", self.say.t("flow.choice.skip")),
                ("quit", self.say.t("flow.choice.quit"))])
            if answer == "skip":
                self.tell(self.say.t("flow.say.skipped"))
                return False
            if answer == "quit":
                raise Quit
            if cause in RETYPE_REPO_ID:
                self.request = replace(self.request, model=self._ask_repo_id())
            elif cause in RETYPE_TOKEN:
                self._ask_token()

    def _token_blocks(self, fresh: Sequence[CheckResult]) -> List[CheckResult]:
        """The token's failed row, where it stopped one of ``fresh`` (a rejected token is one failing row, the
        token's; access is skipped, pointing at it): this step cannot be done until the token is replaced."""
        token = self._result(ids.HUB_TOKEN)
        stopped = any(ids.HUB_TOKEN in getattr(r.data, "blocked_by", ()) for r in fresh if r.status == Status.SKIP)
        return [token] if stopped and token is not None and token.status == Status.FAIL else []

    def _run(self) -> None:
        self._checks(STEPS["environment"], self.say.t("flow.step.environment"))
        self._token_step()
        while True:
            self._model_step()
            # Skipping a failed access skips that step only: the fit is planned from public metadata anyway,
            # and the steps after it say what they could not do.
            self._retrying(STEPS["access"], lambda: self.say.t("flow.step.access", model=self.request.model))
            if not self._fit_step():
                break
            self.request = replace(self.request, model=None)   # a smaller model: back to step 3
        self._download_and_generate()

    def _model_step(self) -> None:
        """Step 3, shown also when --model answered it, so that the numbers run 1 to 7 as the user sees them."""
        title = self.say.t("flow.step.model")
        self.step = title
        self.show([], title, False)
        if self.request.model:
            self.tell(self.say.t("flow.say.model_given", model=self.request.model))
        else:
            self.request = replace(self.request, model=self._choose_model())

    def _fit_step(self) -> bool:
        """Step 5, and the choice when the model fits the GPU only in 4-bit (in 16 bits it would not load, or load
        with layers in RAM). True when the user wants a smaller model."""
        model = self.request.model
        title = self.say.t("flow.step.fit", model=model)
        self._checks(STEPS["fit"], title)
        plan = FitPlan.of(self._result(ids.MODEL_FIT))
        if plan is None or plan.recommended != "int4":
            return False
        choices = [("4bit", self.say.t("flow.choice.4bit")), ("smaller", self.say.t("flow.choice.smaller")),
                   ("anyway", self.say.t("flow.choice.anyway"))]
        answer = self.prompter.select(self.say.t("flow.ask.quantize", model=model), choices)
        # 4-bit on this machine needs bitsandbytes: without it the generation would load 16 bits, which do not
        # fit. Say so and ask again (Quit added: installing may not be possible here). A simulated GPU is another
        # machine: what is installed here does not count, the step rows and a note say what that one needs.
        while (answer == "4bit" and self.request.simulated_gpu is None
               and self.world.context(self.request).package("bitsandbytes") is None):
            self.tell(self.say.t("flow.say.no_bitsandbytes"))
            answer = self.prompter.select(self.say.t("flow.ask.quantize", model=model),
                                          [*choices, ("quit", self.say.t("flow.choice.quit"))])
        if answer == "quit":
            raise Quit
        if answer == "smaller":
            return True
        if answer == "4bit":
            self.request = replace(self.request, generation=replace(self.request.generation, load_in_4bit=True))
            self._checks((ids.MODEL_FIT,), title)
            if self.request.simulated_gpu is not None:
                self.tell(self.say.t("flow.say.bitsandbytes_there", gpu=self.request.simulated_gpu))
        return False   # "anyway": the fit's failure and its fix stay, and the download waits on it

    def _download_and_generate(self) -> None:
        """Steps 6 and 7: run, or shown as not run with the reason (planning for another GPU, a declined
        download); a failure offers retry, skip or quit like access."""
        model = self.request.model
        download, generate = self.say.t("flow.step.download"), self.say.t("flow.step.generate")
        if self.request.simulated_gpu is not None:   # planning for another GPU: nothing is downloaded or run here
            reason = Msg("flow.not_run.simulated", gpu=self.request.simulated_gpu, model=model)
            self._not_run(STEPS["download"], download, reason)
            self._not_run(STEPS["generate"], generate, reason)
            return
        access, fit = self._result(ids.HUB_ACCESS), self._result(ids.MODEL_FIT)
        plan = FitPlan.of(fit)
        size_bytes = int(plan.download_bytes or 0) if plan is not None else 0
        # Asked only when the download can start: after a failed access or fit its rows say what blocks it.
        if (size_bytes and access is not None and access.ok and fit is not None and fit.ok
                and not self.prompter.confirm(self.say.t("flow.ask.download", model=model, size=size(size_bytes)),
                                              default=True)):
            reason = Msg("flow.not_run.declined", model=model)
            self._not_run(STEPS["download"], download, reason)
            self._not_run(STEPS["generate"], generate, reason)
            return
        self._retrying(STEPS["download"], lambda: download)
        self._retrying(STEPS["generate"], lambda: generate)

    def _token_step(self) -> None:
        fresh = self._checks(STEPS["token"], self.say.t("flow.step.token"))
        token = next((r for r in fresh if r.id == ids.HUB_TOKEN), None)
        if token is None or token.cause not in (causes.TOKEN_MISSING, causes.TOKEN_INVALID):
            return
        self._ask_token()

    def _ask_token(self) -> None:
        """The hidden prompt, until the Hub accepts a token or the user presses Enter; then whether to save it.

        Enter means no token: one typed before and rejected is forgotten (else even a public model would be
        asked for with it), and the token row is judged again without it."""
        title = self.say.t("flow.step.token")
        while True:
            typed = self.prompter.password(self.say.t("flow.ask.token")).strip()
            if not typed:
                if self.request.token is not None:
                    self.request = replace(self.request, token=None)
                    self._checks((ids.HUB_TOKEN,), title)
                self._tell_token_still_sent()
                return
            self.request = replace(self.request, token=typed, token_source=PROMPT)
            result = self._checks((ids.HUB_TOKEN,), title)[-1]
            if result.status in (Status.PASS, Status.WARN) and result.cause != causes.TOKEN_INVALID:
                break
        if not self.prompter.confirm(self.say.t("flow.ask.save_token"), default=False):
            self.tell(self.say.t("flow.say.not_saved"))
            return
        saved = self.saved_token()
        if saved and saved != typed and not self.prompter.confirm(self.say.t("flow.ask.replace_token"), default=False):
            self.tell(self.say.t("flow.say.not_saved"))
            return
        note = self.save_token(typed)
        self.tell(self.say(note) if note is not None else self.say.t("flow.say.saved"))

    def _tell_token_still_sent(self) -> None:
        """Nothing typed, but a rejected token in the environment or the saved login is what the libraries send:
        say so, since "without one" cannot unset it (its row above says how)."""
        row = self._result(ids.HUB_TOKEN)
        facts = TokenFacts.of(row)
        if row is not None and not row.ok and facts is not None and facts.source is not None:
            self.tell(self.say.t("flow.say.token_still_sent", source=source_label(facts.source)))

    def _choose_model(self) -> str:
        """A short list that fits this machine (its GPU, else its CPU) and this token (gated models only for a
        token that may read them, and after the others), or a repo id typed in."""
        device = GpuDevice.of(self._result(ids.GPU_DEVICE))
        if device is not None and device.count:
            budget, question = device.memory_budget() or DEFAULT_BUDGET_BYTES, "flow.ask.model"
        else:
            memory = self._result(ids.HOST_MEMORY)
            available = memory.data.get("available") if memory is not None and isinstance(memory.data, dict) else None
            budget = min(CPU_BUDGET_BYTES, available or CPU_BUDGET_BYTES)
            question = "flow.ask.model_cpu"
        token = self._result(ids.HUB_TOKEN)
        facts = TokenFacts.of(token)
        gated = (token is not None and token.ok and facts is not None and facts.source is not None
                 and facts.can_read_gated is not False)
        choices = [(s.repo_id, f"{s.repo_id} ({s.parameters / 1e9:.1f} B)") for s in starter_models(budget, gated)]
        choices.append(("", self.say.t("flow.ask.model_other")))
        picked = self.prompter.select(self.say.t(question), choices)
        return picked or self._ask_repo_id()

    def _ask_repo_id(self) -> str:
        while True:
            typed = self.prompter.text(self.say.t("flow.ask.repo_id")).strip()
            # Read as the request reads --model (a model page's address pasted from the browser is its repo id).
            model = replace(self.request, model=typed).model or typed
            reason = invalid_repo_id(str(model))
            if reason is None:
                return model
            self.tell(self.say.t("flow.error.repo_id", reason=reason))
