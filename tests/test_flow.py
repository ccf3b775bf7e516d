"""The guided flow, driven by a scripted prompter against the local Hub, and the real program in a pty."""
from __future__ import annotations

import re
from typing import Any, List, Sequence, Tuple

import pytest

from hf_doctor.checks import registry
from hf_doctor.checks.context import SystemContext
from hf_doctor.checks.core import World
from hf_doctor.checks.fit import FitPlan
from hf_doctor.checks.generation import GenerationFacts
from hf_doctor.checks.result import CheckResult
from hf_doctor.emulator import scenarios
from hf_doctor.flow import STEPS, Flow
from hf_doctor.i18n import Speaker

from .fakes import en

EN = Speaker("en")
t = EN.t

T = scenarios.TOKENS


class ScriptedPrompter:
    """Answers from a script; records every question, so a test can see nothing is asked twice."""

    def __init__(self, *answers: Any) -> None:
        self.answers = list(answers)
        self.asked: List[Tuple[str, str]] = []

    def _next(self, kind: str, message: str) -> Any:
        self.asked.append((kind, message))
        answer = self.answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def select(self, message: str, choices: Sequence[Tuple[str, str]]) -> str:
        answer = self._next("select", message)
        assert answer in [value for value, _ in choices], (answer, choices)
        return str(answer)

    def text(self, message: str) -> str:
        return str(self._next("text", message))

    def password(self, message: str) -> str:
        return str(self._next("password", message))

    def confirm(self, message: str, default: bool = True) -> bool:
        return bool(self._next("confirm", message))


def flow(hub, tmp_path, prompter: ScriptedPrompter, lang: str = "en",  # type: ignore[no-untyped-def]
         **options: Any) -> Tuple[Flow, List[str], List[str]]:
    shown: List[str] = []
    said: List[str] = []
    saved: List[str] = []

    def make(**kw: Any) -> SystemContext:
        return SystemContext(endpoint=hub.endpoint, cache=str(tmp_path), **kw)

    def show(results: List[CheckResult], title: str, final: bool) -> None:
        shown.append(title)

    run = Flow(say=Speaker(lang), prompter=prompter, world=World(make_context=make), show=show, tell=said.append,
               save_token=saved.append, **options)
    run.saved = saved  # type: ignore[attr-defined]
    return run, shown, said


def statuses(run: Flow) -> dict:
    return {r.id: (r.status.value, r.cause) for r in run.results}


def test_a_newcomer_gets_from_nothing_to_a_generated_answer(demo_hub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    prompter = ScriptedPrompter(T["student"], True, True)   # token, save it, download
    run, shown, said = flow(demo_hub, tmp_path, prompter, model=scenarios.TINY_CHAT)
    assert run.run() == 0
    assert [kind for kind, _ in prompter.asked] == ["password", "confirm", "confirm"]
    assert len(set(prompter.asked)) == len(prompter.asked)   # no question twice
    assert run.saved == [T["student"]] and said == [t("flow.say.saved")]  # type: ignore[attr-defined]
    generated = next(r for r in run.results if r.id == "model.generate")
    facts = GenerationFacts.of(generated)
    assert generated.ok and facts is not None and facts.new_tokens >= 1   # a warning only for speed on a busy machine
    assert generated.status.value == "pass" or facts.verdict == "slow"
    assert statuses(run)["hub.token"] == ("pass", None)
    assert shown[-1] == "Summary" and shown[0] == "Step 1 of 7 · this machine"


def test_an_invalid_token_is_asked_again_and_not_saved_without_a_yes(demo_hub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    prompter = ScriptedPrompter(scenarios.REVOKED, T["student"], False, False)   # bad, good, don't save, no download
    run, _, said = flow(demo_hub, tmp_path, prompter, model=scenarios.TINY_CHAT)
    assert run.run() == 0
    assert [kind for kind, _ in prompter.asked] == ["password", "password", "confirm", "confirm"]
    assert run.saved == [] and said == [t("flow.say.not_saved")]  # type: ignore[attr-defined]
    assert "model.download" not in statuses(run)


def test_gated_pending_then_skip(demo_hub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    prompter = ScriptedPrompter(T["waiting"], False, "retry", "skip")
    run, _, said = flow(demo_hub, tmp_path, prompter, model=scenarios.LLAMA)
    assert run.run() == 1
    assert statuses(run)["hub.access"] == ("fail", "gated_pending")
    assert [kind for kind, _ in prompter.asked] == ["password", "confirm", "select", "select"]
    assert said[-1] == t("flow.say.skipped")


def test_a_model_too_big_for_a_t4_then_4_bit(demo_hub, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HF_TOKEN", T["student"])
    prompter = ScriptedPrompter("4bit")
    run, _, _ = flow(demo_hub, tmp_path, prompter, model=scenarios.LLAMA, gpu="T4")
    assert run.run() == 0
    fit = next(r for r in run.results if r.id == "model.fit")
    plan = FitPlan.of(fit)
    assert fit.status.value == "pass" and plan is not None and plan.dtype == "int4"
    assert "in 4-bit, as chosen" in en(fit.summary)
    assert prompter.asked == [("select", t("flow.ask.quantize", model=scenarios.LLAMA))]


def test_choosing_a_model_validates_the_typed_id(demo_hub, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HF_TOKEN", T["student"])
    prompter = ScriptedPrompter("", "not a/valid id", scenarios.TINY_BASE, False)
    run, _, said = flow(demo_hub, tmp_path, prompter)
    assert run.run() == 0
    assert run.request.model == scenarios.TINY_BASE
    assert said[0].startswith("Not a repo id: ")


def test_ctrl_c_stops_cleanly_and_says_where(demo_hub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    run, _, said = flow(demo_hub, tmp_path, ScriptedPrompter(KeyboardInterrupt()), model=scenarios.TINY_CHAT)
    assert run.run() == 130
    assert said == ["Stopped at: Step 2 of 7 · your Hugging Face token."]


def test_korean_questions(demo_hub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    prompter = ScriptedPrompter("", False)   # no token; no download
    run, shown, _ = flow(demo_hub, tmp_path, prompter, lang="ko", model=scenarios.TINY_CHAT)
    run.run()
    assert prompter.asked[0] == ("password", "토큰을 붙여 넣으세요 (화면에 표시되지 않습니다. 토큰 없이 계속하려면 Enter):")
    assert shown[0] == "1/7단계 · 이 컴퓨터" and shown[-1] == "요약"


def test_every_check_of_the_registry_has_one_step() -> None:
    """Steps name their checks by id: a check added to the registry must be given a step, and only one."""
    named = [check_id for ids in STEPS.values() for check_id in ids]
    assert sorted(named) == sorted(registry.BY_ID) and len(named) == len(set(named))


def terminal(hub, home, *args: str):  # type: ignore[no-untyped-def]
    """``python -m wizard ARGS`` in a real pty against the local Hub, and the StringIO that records what it shows."""
    import io
    import os
    import sys
    from pathlib import Path

    pexpect = pytest.importorskip("pexpect", reason="the pty test needs pexpect (test extras)")
    env = {**os.environ, **hub.environment(), "HF_HOME": str(home), "COLUMNS": "120", "TERM": "xterm"}
    child = pexpect.spawn(sys.executable, ["-m", "hf_doctor", *args], env=env,
                          cwd=str(Path(__file__).resolve().parent.parent), encoding="utf-8", timeout=120,
                          dimensions=(50, 120))
    transcript = io.StringIO()
    child.logfile_read = transcript
    return pexpect, child, transcript


def test_the_real_terminal_program_through_a_pseudo_terminal(demo_hub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """hf-doctor in a real pty, answering its real prompts: from nothing to a generated answer."""
    pexpect, child, transcript = terminal(demo_hub, tmp_path, "--model", scenarios.TINY_CHAT)
    child.expect("Paste your token")
    child.sendline(T["student"])
    child.expect("Save this token")
    child.sendline("n")
    child.expect(r"Download .* for hf-doctor/tiny-chat\?")
    child.sendline("y")
    child.expect("Ready")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert T["student"] not in transcript.getvalue()   # the hidden prompt never echoes it
    assert "hf_…" in transcript.getvalue()


def test_the_real_terminal_program_in_korean(demo_hub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`hf-doctor --lang ko` in a real pty: the prompts, the statuses and the fixes are Korean."""
    pexpect, child, transcript = terminal(demo_hub, tmp_path, "--lang", "ko", "--model", scenarios.LLAMA)
    child.expect("토큰을 붙여 넣으세요")
    child.sendline(T["waiting"])
    child.expect("저장할까요")
    child.sendline("n")
    child.expect("문제를 고친 뒤")             # access is still pending: retry, skip or quit
    child.send("\x1b[B\x1b[B")                # down twice, to "종료" (quit)
    child.send("\r")
    child.expect(pexpect.EOF)
    child.close()
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", transcript.getvalue())   # without the terminal's escapes
    assert child.exitstatus == 130   # "quit" stops the run as Ctrl-C does, saying where
    assert "1/7단계 · 이 컴퓨터" in text and "접근 요청이 작성자의 검토를 기다리고" in text
    assert "해결 방법: 기다리세요" in text and "화살표 키로 고른 뒤 Enter" in text and "에서 멈췄습니다" in text
    assert T["waiting"] not in text
