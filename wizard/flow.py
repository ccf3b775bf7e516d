"""The guided run: environment → token → model → access → fit → download → generation → summary.

It asks only what flags and the environment left open, through a ``Prompter`` (questionary in a terminal, a
scripted fake in tests), and reuses the checks step by step: each step runs its checks with the earlier
results as ``prior``, so dependencies hold across steps.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, List, Optional, Protocol, Sequence, Tuple

from hf_doctor.checks.engine import Check, run_checks
from hf_doctor.checks.messages import t
from hf_doctor.checks.generation import GenerationOptions
from hf_doctor.checks.models import smaller_models
from hf_doctor.checks.registry import ENVIRONMENT, HUB, MODEL, SMOKE
from hf_doctor.checks.result import CheckResult, Status
from hf_doctor.checks.units import size

from .exitcodes import ExitCode, for_results


class Prompter(Protocol):
    def select(self, message: str, choices: Sequence[Tuple[str, str]]) -> str: ...   # (value, label) pairs
    def text(self, message: str) -> str: ...
    def password(self, message: str) -> str: ...
    def confirm(self, message: str, default: bool = True) -> bool: ...


class QuestionaryPrompter:
    """Real prompts. questionary answers None on Ctrl-C: that becomes KeyboardInterrupt, handled by the flow."""

    @staticmethod
    def _answer(value: object) -> object:
        if value is None:
            raise KeyboardInterrupt
        return value

    def select(self, message: str, choices: Sequence[Tuple[str, str]]) -> str:
        import questionary

        options = [questionary.Choice(label, value) for value, label in choices]
        # questionary's own hint ("(Use arrow keys)") is English; ours follows the language.
        return str(self._answer(questionary.select(message, choices=options, instruction=t("flow.hint.select")).ask()))

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
    prompter: Prompter
    make_context: Callable[..., object]                 # (simulated_gpu=, model=, token=, token_source=, generation=)
    show: Callable[[List[CheckResult], str, bool], None]   # results, title, whether it is the final summary
    say: Callable[[str], None]
    model: Optional[str] = None
    gpu: Optional[str] = None
    token: Optional[str] = field(default=None, repr=False)
    save_token: Callable[[str], None] = lambda token: None
    saved_token: Callable[[], Optional[str]] = lambda: None
    options: GenerationOptions = GenerationOptions(stream=True)
    results: List[CheckResult] = field(default_factory=list)
    step: str = ""

    def context(self) -> object:
        return self.make_context(simulated_gpu=self.gpu, model=self.model, token=self.token,
                                 token_source="prompt", generation=self.options)

    def run(self) -> int:
        try:
            self._run()
        except KeyboardInterrupt:
            self.say(t("flow.say.stopped", step=self.step or t("flow.step.environment")))
            return int(ExitCode.INTERRUPTED)
        self.step = t("flow.step.summary")
        self.show(self.results, self.step, True)
        return int(for_results(self.results))

    def _checks(self, checks: Sequence[Check], title: str) -> List[CheckResult]:
        self.step = title
        rerun = {check.id for check in checks}
        fresh = run_checks(checks, self.context(), prior=[r for r in self.results if r.id not in rerun])
        self.results = [r for r in self.results if r.id not in {f.id for f in fresh}] + fresh
        self.show(fresh, title, False)
        return fresh

    def _retrying(self, checks: Sequence[Check], title: str) -> bool:
        """Run, and after a failure offer retry (once the user fixed it), skip, or quit. True when it passed."""
        while True:
            fresh = self._checks(checks, title)
            failed = [r for r in fresh if r.status in (Status.FAIL, Status.ERROR)]
            if not failed:
                return True
            answer = self.prompter.select(t("flow.ask.failed", title=failed[0].title), [
                ("retry", t("flow.choice.retry")), ("skip", t("flow.choice.skip")),
                ("quit", t("flow.choice.quit"))])
            if answer == "skip":
                self.say(t("flow.say.skipped"))
                return False
            if answer == "quit":
                raise KeyboardInterrupt

    def _run(self) -> None:
        self._checks(ENVIRONMENT, t("flow.step.environment"))
        self._token_step()
        while True:
            if not self.model:
                self.model = self._choose_model()
            if not self._retrying(MODEL[:1], t("flow.step.access", model=self.model)):
                return
            fit = self._checks(MODEL[1:], t("flow.step.fit", model=self.model))[-1]
            if fit.data.get("verdict") != "quantized":
                break
            answer = self.prompter.select(t("flow.ask.quantize", model=self.model), [
                ("4bit", t("flow.choice.4bit")), ("smaller", t("flow.choice.smaller")),
                ("anyway", t("flow.choice.anyway"))])
            if answer == "smaller":
                self.model = None
                continue
            if answer == "4bit":
                self.options = replace(self.options, load_in_4bit=True)
                self._checks(MODEL[2:], t("flow.step.fit", model=self.model))
            break
        if self.gpu is not None:   # planning for another GPU: nothing is downloaded or run here
            return
        fit = next(r for r in self.results if r.id == "model.fit")
        download = int(fit.data.get("download_bytes") or 0)
        if download and not self.prompter.confirm(t("flow.ask.download", model=self.model,
                                                     size=size(download)), default=True):
            return
        self._checks(SMOKE[:1], t("flow.step.download"))
        self._checks(SMOKE[1:], t("flow.step.generate"))

    def _token_step(self) -> None:
        fresh = self._checks(HUB, t("flow.step.token"))
        token = next((r for r in fresh if r.id == "hub.token"), None)
        if token is None or token.cause not in ("token_missing", "token_invalid"):
            return
        while True:
            typed = self.prompter.password(t("flow.ask.token")).strip()
            if not typed:
                return
            self.token = typed
            result = next(r for r in self._checks(HUB[1:], t("flow.step.token")) if r.id == "hub.token")
            if result.status in (Status.PASS, Status.WARN) and result.cause != "token_invalid":
                break
        if not self.prompter.confirm(t("flow.ask.save_token"), default=False):
            self.say(t("flow.say.not_saved"))
            return
        saved = self.saved_token()
        if saved and saved != typed and not self.prompter.confirm(t("flow.ask.replace_token"), default=False):
            self.say(t("flow.say.not_saved"))
            return
        self.save_token(typed)
        self.say(t("flow.say.saved"))

    def _choose_model(self) -> str:
        self.step = t("flow.step.model")
        device = next((r for r in self.results if r.id == "gpu.device"), None)
        gpus = device.data.get("gpus", []) if device else []
        budget = sum(int(g.get("memory_free") or g.get("memory_total") or 0) for g in gpus) or 8 * 1024**3
        choices = [(s.repo_id, f"{s.repo_id} ({s.parameters / 1e9:.1f} B)") for s in smaller_models(budget, 2.0, None, 4)]
        choices.append(("", t("flow.ask.model_other")))
        picked = self.prompter.select(t("flow.ask.model"), choices)
        while not picked:
            typed = self.prompter.text(t("flow.ask.repo_id")).strip()
            reason = _invalid(typed)
            if reason is None:
                return typed
            self.say(t("flow.error.repo_id", reason=reason))
        return picked


def _invalid(repo_id: str) -> Optional[str]:
    from huggingface_hub.utils import HFValidationError, validate_repo_id

    try:
        validate_repo_id(repo_id)
    except HFValidationError as exc:
        return str(exc).splitlines()[0]
    return None
