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
from hf_doctor.checks.text import Msg
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
        self.offered: List[List[Tuple[str, str]]] = []   # the choices of each select, in order

    def _next(self, kind: str, message: str) -> Any:
        self.asked.append((kind, message))
        answer = self.answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def select(self, message: str, choices: Sequence[Tuple[str, str]]) -> str:
        self.offered.append(list(choices))
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
         context: type = SystemContext, **options: Any) -> Tuple[Flow, List[str], List[str]]:
    shown: List[str] = []
    said: List[str] = []
    saved: List[str] = []

    def make(**kw: Any) -> SystemContext:
        return context(endpoint=hub.endpoint, cache=str(tmp_path), **kw)  # type: ignore[no-any-return]

    def show(results: List[CheckResult], title: str, final: bool) -> None:
        shown.append(title)

    run = Flow(say=Speaker(lang), prompter=prompter, world=World(make_context=make), show=show, tell=said.append,
               save_token=saved.append, **options)
    run.saved = saved  # type: ignore[attr-defined]
    return run, shown, said


def statuses(run: Flow) -> dict:
    return {r.id: (r.status.value, r.cause) for r in run.results}


def row(run: Flow, check_id: str) -> CheckResult:
    return next(r for r in run.results if r.id == check_id)


def test_a_newcomer_gets_from_nothing_to_a_generated_answer(demo_hub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    prompter = ScriptedPrompter(T["student"], True, True)   # token, save it, download
    run, shown, said = flow(demo_hub, tmp_path, prompter, model=scenarios.TINY_CHAT)
    assert run.run() == 0
    assert [kind for kind, _ in prompter.asked] == ["password", "confirm", "confirm"]
    assert len(set(prompter.asked)) == len(prompter.asked)   # no question twice
    assert run.saved == [T["student"]]  # type: ignore[attr-defined]
    assert said == [t("flow.say.saved"), t("flow.say.model_given", model=scenarios.TINY_CHAT)]
    generated = next(r for r in run.results if r.id == "model.generate")
    facts = GenerationFacts.of(generated)
    assert generated.ok and facts is not None and facts.new_tokens >= 1   # a warning only for speed on a busy machine
    assert generated.status.value == "pass" or facts.verdict == "slow"
    assert statuses(run)["hub.token"] == ("pass", None)
    assert shown[-1] == "Summary" and shown[0] == "Step 1 of 7 · this machine"


def test_the_end_offers_a_script_that_runs_the_model_here_and_writes_it_only_on_a_yes(demo_hub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "work"
    folder.mkdir()
    taken = folder / "run_tiny-chat.py"
    taken.write_text("# the user's own file\n")
    prompter = ScriptedPrompter(T["student"], False, True, True)   # token, don't save, download, yes: a script
    run, _, said = flow(demo_hub, tmp_path, prompter, model=scenarios.TINY_CHAT, script_folder=folder)
    assert run.run() == 0
    assert prompter.asked[-1] == ("confirm", t("flow.ask.script", model=scenarios.TINY_CHAT))
    written = folder / "run_tiny-chat-2.py"                # the taken name is left alone
    assert said[-1] == t("flow.say.script_written", path=str(written))
    assert taken.read_text() == "# the user's own file\n"
    assert "apply_chat_template" in written.read_text(encoding="utf-8")
    assert T["student"] not in written.read_text(encoding="utf-8")

    declined = ScriptedPrompter(T["student"], False, False)   # the files are in the cache now: no download asked
    again, _, _ = flow(demo_hub, tmp_path, declined, model=scenarios.TINY_CHAT, script_folder=folder)
    assert again.run() == 0 and declined.asked[-1][1] == t("flow.ask.script", model=scenarios.TINY_CHAT)
    assert sorted(p.name for p in folder.iterdir()) == ["run_tiny-chat-2.py", "run_tiny-chat.py"]


def test_no_script_is_offered_for_a_model_that_cannot_run_here(demo_hub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    prompter = ScriptedPrompter(T["student"], False, "quit")   # token, don't save; the repo is not found: quit
    run, _, _ = flow(demo_hub, tmp_path, prompter, model="hf-doctor/no-such-model", script_folder=tmp_path)
    assert run.run() == 1
    assert all(message != t("flow.ask.script", model="hf-doctor/no-such-model") for _, message in prompter.asked)
    assert not list(tmp_path.glob("run_*"))


def test_an_invalid_token_is_asked_again_and_not_saved_without_a_yes(demo_hub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    prompter = ScriptedPrompter(scenarios.REVOKED, T["student"], False, False)   # bad, good, don't save, no download
    run, _, said = flow(demo_hub, tmp_path, prompter, model=scenarios.TINY_CHAT)
    assert run.run() == 0
    assert [kind for kind, _ in prompter.asked] == ["password", "password", "confirm", "confirm"]
    assert run.saved == [] and said == [t("flow.say.not_saved"),  # type: ignore[attr-defined]
                                        t("flow.say.model_given", model=scenarios.TINY_CHAT)]
    # Declined: the download is not run, and its row says so rather than leaving the step out.
    declined = t("flow.not_run.declined", model=scenarios.TINY_CHAT)
    assert [(statuses(run)[i], en(row(run, i).summary)) for i in ("model.download", "model.generate")] == [
        (("skip", None), declined)] * 2


def test_gated_pending_then_skip(demo_hub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    prompter = ScriptedPrompter(T["waiting"], False, "retry", "skip")
    run, _, said = flow(demo_hub, tmp_path, prompter, model=scenarios.LLAMA)
    assert run.run() == 1
    assert statuses(run)["hub.access"] == ("fail", "gated_pending")
    assert [kind for kind, _ in prompter.asked] == ["password", "confirm", "select", "select"]
    assert said[-1] == t("flow.say.skipped")
    assert prompter.offered[0][0] == ("retry", t("flow.choice.retry"))   # the fix is on the Hub: check again


def test_a_model_too_big_for_a_t4_then_4_bit(demo_hub, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HF_TOKEN", T["student"])
    prompter = ScriptedPrompter("4bit")
    run, _, said = flow(demo_hub, tmp_path, prompter, model=scenarios.LLAMA, gpu="T4")
    assert run.run() == 0
    fit = next(r for r in run.results if r.id == "model.fit")
    plan = FitPlan.of(fit)
    assert fit.status.value == "pass" and plan is not None and plan.dtype == "int4"
    assert "in 4-bit, as chosen" in en(fit.summary)
    assert prompter.asked == [("select", t("flow.ask.quantize", model=scenarios.LLAMA))]
    # Planning for a T4 this machine does not have: download and generation are not run here, and say so.
    reason = t("flow.not_run.simulated", gpu="T4", model=scenarios.LLAMA)
    assert [(statuses(run)[i], en(row(run, i).summary)) for i in ("model.download", "model.generate")] == [
        (("skip", None), reason)] * 2
    assert t("flow.say.bitsandbytes_there", gpu="T4") in said


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


# The dead ends a new user met in the guided run (issue 12), each walked through as the user would.

def test_enter_after_a_rejected_token_means_no_token(demo_hub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """"Continue without one" after a rejected token: the rejected token is forgotten, so a public model is
    read without a token instead of failing with the rejected one."""
    prompter = ScriptedPrompter(scenarios.REVOKED, "", False)   # rejected, then Enter; no download
    run, _, _ = flow(demo_hub, tmp_path, prompter, model=scenarios.TINY_CHAT)
    assert run.run() == 0
    assert run.request.token is None
    assert statuses(run)["hub.token"] == ("warn", "token_missing")
    assert statuses(run)["hub.access"] == ("pass", None)
    assert [kind for kind, _ in prompter.asked] == ["password", "password", "confirm"]


def test_enter_with_a_rejected_token_in_the_environment_says_it_is_still_sent(  # type: ignore[no-untyped-def]
        demo_hub, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("HF_TOKEN", scenarios.REVOKED)
    prompter = ScriptedPrompter("", "skip")   # Enter; skip access, which the rejected token stops
    run, _, said = flow(demo_hub, tmp_path, prompter, model=scenarios.TINY_CHAT)
    assert run.run() == 1
    assert not prompter.answers and prompter.asked[1] == ("select", t("flow.ask.failed", title="Hub token"))
    assert said[0] == t("flow.say.token_still_sent", source="HF_TOKEN")
    assert statuses(run)["hub.token"] == ("fail", "token_invalid")


@pytest.mark.parametrize("mistyped", ["hf-doctor/tiny-chta", "not a/valid id"])
def test_retry_after_a_wrong_repo_id_asks_for_it_again(demo_hub, tmp_path, monkeypatch,  # type: ignore[no-untyped-def]
                                                       mistyped: str) -> None:
    monkeypatch.setenv("HF_TOKEN", T["student"])
    prompter = ScriptedPrompter("retry", scenarios.TINY_CHAT, False)   # retry: the id again; no download
    run, shown, _ = flow(demo_hub, tmp_path, prompter, model=mistyped)
    assert run.run() == 0
    assert prompter.offered[0][0] == ("retry", t("flow.choice.retry_repo"))
    assert prompter.asked[1] == ("text", t("flow.ask.repo_id"))
    assert run.request.model == scenarios.TINY_CHAT and statuses(run)["hub.access"] == ("pass", None)
    assert t("flow.step.access", model=scenarios.TINY_CHAT) in shown   # the step is named by the id retyped


def test_retry_after_a_gated_model_without_a_token_asks_for_one(demo_hub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # no token; access needs one: retry pastes a token (not saved); the fit is planned for an A100 (no download)
    prompter = ScriptedPrompter("", "retry", T["student"], False)
    run, _, _ = flow(demo_hub, tmp_path, prompter, model=scenarios.LLAMA, gpu="A100-80GB")
    assert run.run() == 0
    assert prompter.offered[0][0] == ("retry", t("flow.choice.retry_token"))
    assert [kind for kind, _ in prompter.asked] == ["password", "select", "password", "confirm"]
    assert statuses(run)["hub.token"] == ("pass", None) and statuses(run)["hub.access"] == ("pass", None)


def test_retry_after_a_rejected_token_asks_for_another(demo_hub, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HF_TOKEN", scenarios.REVOKED)
    # Enter; retry: a good token this time, not saved; no download
    prompter = ScriptedPrompter("", "retry", T["student"], False, False)
    run, _, said = flow(demo_hub, tmp_path, prompter, model=scenarios.TINY_CHAT)
    assert run.run() == 0 and not prompter.answers
    assert prompter.offered[0][0] == ("retry", t("flow.choice.retry_token"))
    assert prompter.asked[2] == ("password", t("flow.ask.token"))
    assert said[0] == t("flow.say.token_still_sent", source="HF_TOKEN")
    assert statuses(run)["hub.token"] == ("pass", None) and statuses(run)["hub.access"] == ("pass", None)


def test_skip_skips_one_step(demo_hub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Skipping a pending access still plans the fit, and the later steps say what they could not do."""
    prompter = ScriptedPrompter(T["waiting"], False, "skip")
    run, shown, _ = flow(demo_hub, tmp_path, prompter, model=scenarios.LLAMA, gpu="A100-80GB")
    assert run.run() == 1
    assert statuses(run)["model.fit"] == ("pass", None)
    assert t("flow.step.fit", model=scenarios.LLAMA) in shown
    assert statuses(run)["model.compat"][0] == "skip"   # blocked by the failed access, saying so


def test_skip_at_a_failed_access_still_reaches_the_download_and_generation_steps(  # type: ignore[no-untyped-def]
        demo_hub, tmp_path) -> None:
    prompter = ScriptedPrompter(T["waiting"], False, "skip")
    run, shown, _ = flow(demo_hub, tmp_path, prompter, model=scenarios.LLAMA)
    assert run.run() == 1
    assert shown[-3:] == [t("flow.step.download"), t("flow.step.generate"), "Summary"]
    assert "Skipped because Model access" in en(row(run, "model.download").summary)
    assert len(prompter.asked) == 3   # no download question for a download that cannot start


def numbers(shown: List[str]) -> List[int]:
    """The step numbers shown, in order; a step shown again at once (the token judged again) counted once."""
    found = [int(m.group(1)) for m in (re.match(r"Step (\d) of 7 · ", title) for title in shown) if m]
    return [n for i, n in enumerate(found) if i == 0 or found[i - 1] != n]


def test_steps_are_numbered_as_shown(demo_hub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """1 to 7 in order, step 3 included, whether --model answered it or not, also when planning for another GPU."""
    prompter = ScriptedPrompter(T["student"], False, False)
    run, shown, _ = flow(demo_hub, tmp_path, prompter, model=scenarios.TINY_CHAT)
    run.run()
    assert numbers(shown) == [1, 2, 3, 4, 5, 6, 7] and "Step 3 of 7 · the model" in shown
    run, shown, _ = flow(demo_hub, tmp_path, ScriptedPrompter("", "", scenarios.TINY_BASE), gpu="T4")
    run.run()
    assert numbers(shown) == [1, 2, 3, 4, 5, 6, 7]


def test_the_model_list_fits_a_machine_without_a_gpu_and_without_a_token(  # type: ignore[no-untyped-def]
        demo_hub, tmp_path) -> None:
    from hf_doctor.checks.models import CATALOGUE
    from hf_doctor.flow import CPU_BUDGET_BYTES

    gated = {s.repo_id for s in CATALOGUE if s.gated}
    prompter = ScriptedPrompter("", KeyboardInterrupt())   # no token; stop at the model list
    run, shown, _ = flow(demo_hub, tmp_path, prompter, gpu="none")
    assert run.run() == 130
    offered = [value for value, _ in prompter.offered[0]]
    assert offered[0] == "HuggingFaceTB/SmolLM2-1.7B-Instruct" and offered[-1] == ""
    assert not gated & set(offered)   # no access request, and no token to make one with
    sizes = {s.repo_id: s.parameters for s in CATALOGUE}
    assert all(sizes[repo] * 2 * 1.2 <= CPU_BUDGET_BYTES for repo in offered[:-1])
    assert prompter.asked[1] == ("select", t("flow.ask.model_cpu"))
    assert shown[-1] == "Step 3 of 7 · the model"


def test_the_model_list_with_a_gpu_and_a_token_puts_gated_models_last(  # type: ignore[no-untyped-def]
        demo_hub, tmp_path, monkeypatch) -> None:
    from hf_doctor.checks.models import CATALOGUE

    monkeypatch.setenv("HF_TOKEN", T["student"])
    gated = {s.repo_id for s in CATALOGUE if s.gated}
    prompter = ScriptedPrompter(KeyboardInterrupt())
    run, _, _ = flow(demo_hub, tmp_path, prompter, gpu="T4")
    run.run()
    offered = [value for value, _ in prompter.offered[0]][:-1]
    assert offered[0] == "microsoft/Phi-3.5-mini-instruct" and offered[0] not in gated
    # This token may read gated repos: one gated model, last (it needs an access request first).
    assert [repo in gated for repo in offered] == [False, False, False, True]
    assert prompter.asked[0] == ("select", t("flow.ask.model"))


class ProbedT4WithoutBitsandbytes(SystemContext):
    """This machine, with a real (probed, not simulated) T4 and no bitsandbytes installed."""

    def gpu_probe(self):  # type: ignore[no-untyped-def]
        from .fakes import card, nvml_probe

        return nvml_probe(card("Tesla T4", 15.0, (7, 5)))

    def package(self, name: str):  # type: ignore[no-untyped-def]
        return None if name == "bitsandbytes" else super().package(name)


def test_4_bit_without_bitsandbytes_says_so_and_does_not_end_ready(  # type: ignore[no-untyped-def]
        demo_hub, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("HF_TOKEN", T["student"])
    prompter = ScriptedPrompter("4bit", "quit")
    run, _, said = flow(demo_hub, tmp_path, prompter, context=ProbedT4WithoutBitsandbytes, model=scenarios.LLAMA)
    assert run.run() == 1
    assert said[-2:] == [t("flow.say.no_bitsandbytes"), t("flow.say.stopped", step=t("flow.step.fit",
                                                                                       model=scenarios.LLAMA))]
    assert [value for value, _ in prompter.offered[1]] == ["4bit", "smaller", "anyway", "quit"]
    assert run.request.generation.load_in_4bit is False
    # In 16 bits it would load with layers in RAM (slow); its fix is 4-bit, which says `pip install bitsandbytes`
    assert statuses(run)["model.fit"] == ("warn", "model_offloaded_slow")
    assert "pip install bitsandbytes" in row(run, "model.fit").fix.commands  # type: ignore[union-attr]


def test_4_bit_without_bitsandbytes_then_a_smaller_model(  # type: ignore[no-untyped-def]
        demo_hub, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("HF_TOKEN", T["student"])
    prompter = ScriptedPrompter("4bit", "smaller", "", scenarios.TINY_CHAT, False)   # type the tiny one; no download
    run, shown, _ = flow(demo_hub, tmp_path, prompter, context=ProbedT4WithoutBitsandbytes, model=scenarios.LLAMA)
    assert run.run() == 1   # the probed T4 does not match this machine's CPU-only torch: torch.build fails
    assert run.request.model == scenarios.TINY_CHAT and statuses(run)["model.fit"][0] == "pass"
    assert numbers(shown) == [1, 2, 3, 4, 5, 3, 4, 5, 6, 7]   # back to step 3 for another model


def test_quit_is_not_ready_and_ctrl_c_is_interrupted(demo_hub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    run, _, said = flow(demo_hub, tmp_path, ScriptedPrompter(T["waiting"], False, "quit"), model=scenarios.LLAMA)
    assert run.run() == 1
    assert said[-1] == t("flow.say.stopped", step=t("flow.step.access", model=scenarios.LLAMA))
    run, _, said = flow(demo_hub, tmp_path, ScriptedPrompter(T["waiting"], False, KeyboardInterrupt()),
                        model=scenarios.LLAMA)
    assert run.run() == 130
    assert said[-1] == t("flow.say.stopped", step=t("flow.step.access", model=scenarios.LLAMA))


def test_every_check_of_the_registry_has_one_step() -> None:
    """Steps name their checks by id: a check added to the registry must be given a step, and only one."""
    named = [check_id for ids in STEPS.values() for check_id in ids]
    assert sorted(named) == sorted(registry.BY_ID) and len(named) == len(set(named))


def terminal(hub, home, *args: str):  # type: ignore[no-untyped-def]
    """``python -m wizard ARGS`` in a real pty against the local Hub, run in ``home`` (where the offered script
    goes), and the StringIO that records what it shows."""
    import io
    import os
    import sys

    pexpect = pytest.importorskip("pexpect", reason="the pty test needs pexpect (test extras)")
    env = {**os.environ, **hub.environment(), "HF_HOME": str(home), "COLUMNS": "120", "TERM": "xterm"}
    child = pexpect.spawn(sys.executable, ["-m", "hf_doctor", *args], env=env, cwd=str(home), encoding="utf-8",
                          timeout=120, dimensions=(50, 120))
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
    child.expect(r"Save a script that runs hf-doctor/tiny-chat on this machine\?")
    child.sendline("y")
    child.expect("Saved run_tiny-chat.py")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert T["student"] not in transcript.getvalue()   # the hidden prompt never echoes it
    assert "hf_…" in transcript.getvalue()
    assert 'MODEL_ID = "hf-doctor/tiny-chat"' in (tmp_path / "run_tiny-chat.py").read_text(encoding="utf-8")


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
    assert child.exitstatus == 1   # "quit" stops the run, saying where: not ready (Ctrl-C is 130)
    assert "1/7단계 · 이 컴퓨터" in text and "접근 요청이 작성자의 검토를 기다리고" in text
    assert "해결 방법: 기다리세요" in text and "화살표 키로 고른 뒤 Enter" in text and "에서 멈췄습니다" in text
    assert T["waiting"] not in text


# ---------------------------------------------------------------- issue 14: saving never loses a stored token

def test_saving_a_token_never_replaces_another_stored_under_the_same_name(demo_hub, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The guided run's save, through huggingface_hub against the local Hub: a different token already stored
    under the name the Hub gives this one keeps it; the saved login being replaced is kept too."""
    from huggingface_hub import HfApi, constants
    from huggingface_hub.utils import get_stored_tokens

    from hf_doctor.cli import _save_token

    monkeypatch.setattr(constants, "ENDPOINT", demo_hub.endpoint)
    monkeypatch.setattr(constants, "HF_TOKEN_PATH", str(tmp_path / "token"))
    monkeypatch.setattr(constants, "HF_STORED_TOKENS_PATH", str(tmp_path / "stored_tokens"))
    name = HfApi(endpoint=demo_hub.endpoint).whoami(token=T["student"])["auth"]["accessToken"]["displayName"]
    (tmp_path / "stored_tokens").write_text(f"[{name}]\nhf_token = {T['writer']}\n", encoding="utf-8")
    (tmp_path / "token").write_text(T["newcomer"], encoding="utf-8")   # a login stored under no name

    said = _save_token(T["student"])

    assert get_stored_tokens() == {name: T["writer"], f"{name} (2)": T["student"],
                                   "saved before hf-doctor": T["newcomer"]}
    assert (tmp_path / "token").read_text(encoding="utf-8") == T["student"]
    assert said is not None and en(said) == (
        f"Saved as the token named {name} (2). huggingface_hub and transformers will find it from now on. "
        f"A different token was already stored as {name}: it is kept as it was (`hf auth switch` changes between "
        f"them). The token saved before is kept as saved before hf-doctor.")
    # The same token again: the name it already has, nothing new stored.
    again = _save_token(T["student"])
    assert again is not None and en(again).startswith(f"Saved as the token named {name} (2).")
    assert len(get_stored_tokens()) == 3


def test_the_guided_run_says_under_which_name_it_saved(demo_hub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    prompter = ScriptedPrompter(T["student"], True, False)   # token, save it, no download
    run, _, said = flow(demo_hub, tmp_path, prompter, model=scenarios.TINY_CHAT)
    run.save_token = lambda token: Msg("flow.say.saved_as", name="student (2)")
    assert run.run() == 0
    assert said[0] == "Saved as the token named student (2). huggingface_hub and transformers will find it from now on."
