"""Rendering, golden-tested at a fixed width without colour. UPDATE_GOLDEN=1 rewrites the expected files."""
from __future__ import annotations

import io
import os
import re
from collections import Counter
from pathlib import Path
from typing import List

import pytest

from hf_doctor.checks.context import MemoryInfo
from hf_doctor.checks.engine import run_checks
from hf_doctor.checks import ids
from hf_doctor.checks.registry import by_ids
from hf_doctor.checks.generation import GenerationFacts
from hf_doctor.checks.result import CheckResult, Fix, Status
from hf_doctor.checks.units import GIB
from hf_doctor.i18n import Speaker
from hf_doctor.render import header, render_plain, render_rich, verdict_line

from .fakes import FakeContext, card, nvml_probe, stack  # noqa: F401

GOLDEN = Path(__file__).parent / "golden"
# The machine's checks the golden files show, named by id: a check added to the registry later does not change them.
ENVIRONMENT = by_ids(ids.PYTHON_VERSION, ids.RUNTIME_PLATFORM, ids.LIBS_VERSIONS, ids.GPU_DEVICE, ids.GPU_BF16,
                     ids.TORCH_BUILD, ids.HOST_MEMORY, ids.DISK_SPACE, ids.HUB_SETTINGS)
EN, KO = Speaker("en"), Speaker("ko")


def frozen(results: List[CheckResult]) -> List[CheckResult]:
    """Durations vary from run to run; golden files show them, so pin them."""
    from dataclasses import replace

    return [replace(r, duration_s=0.001) for r in results]


def colab_t4_in_trouble() -> List[CheckResult]:
    """A Colab T4 runtime where someone pip-installed a CPU torch and forgot accelerate."""
    ctx = FakeContext(
        env={"COLAB_RELEASE_TAG": "release-colab_20261101-060000_RC00", "COLAB_GPU": "1"},
        probe=nvml_probe(card("Tesla T4", 15.0, (7, 5), 14.6)),
        torch_cuda=None,
        packages=stack(accelerate=None, torch="2.13.0+cpu"),
        mem=MemoryInfo(int(12.7 * GIB), int(11.2 * GIB)),
    )
    return frozen(run_checks(ENVIRONMENT, ctx))


def laptop_planning_for_t4() -> List[CheckResult]:
    return frozen(run_checks(ENVIRONMENT, FakeContext(simulated_gpu="T4")))


def assert_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_plain_colab_t4_in_trouble() -> None:
    text = render_plain(EN, colab_t4_in_trouble(), title=header(EN, "0.1.0", None), width=100)
    assert_golden("plain_colab_t4_in_trouble.txt", text)


def test_plain_laptop_planning_for_t4_verbose() -> None:
    text = render_plain(EN, laptop_planning_for_t4(), title=header(EN, "0.1.0", "T4"), width=100, verbose=True)
    assert_golden("plain_planning_t4_verbose.txt", text)


def test_plain_ascii_fallback() -> None:
    text = render_plain(EN, colab_t4_in_trouble(), title=header(EN, "0.1.0", None), width=100, ascii_only=True)
    assert text.isascii()
    assert "[XX ] Libraries" in text and "-> https://" in text and "(the installed libraries need >= 3.11)" in text


def test_rich_colab_t4_in_trouble() -> None:
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=100, color_system=None, force_terminal=False, legacy_windows=False)
    render_rich(EN, console, colab_t4_in_trouble(), title=header(EN, "0.1.0", None))
    # rich pads every cell to the table's width; the padding is not content.
    text = "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"
    assert_golden("rich_colab_t4_in_trouble.txt", text)


def test_commands_are_never_wrapped() -> None:
    text = render_plain(EN, colab_t4_in_trouble(), title="t", width=60)
    assert "$ pip install --force-reinstall torch --index-url https://download.pytorch.org/whl/cu126" in text


@pytest.mark.parametrize("statuses, line", [
    ([Status.PASS], "Ready: every check passed."),
    ([Status.PASS, Status.WARN, Status.SKIP], "Ready, with 1 warning: a first run can work; the fixes above make it better."),
    ([Status.FAIL, Status.FAIL, Status.WARN],
     "Not ready: 2 checks failed. Apply the fixes above, then run `hf-doctor check` again."),
    ([Status.PASS, Status.ERROR],
     "Not ready: some checks could not run. hf-doctor hit a bug in 1 check; please report it."),
])
def test_verdict_line(statuses, line) -> None:  # type: ignore[no-untyped-def]
    results = [CheckResult(f"x.{i}", "X", s, "s") for i, s in enumerate(statuses)]
    assert verdict_line(EN, results) == line


# Korean: each Hangul syllable takes two terminal columns, so titles are padded and lines wrapped by display width.

def korean_results() -> List[CheckResult]:
    return frozen(run_checks(ENVIRONMENT, FakeContext(simulated_gpu="T4", packages=stack(accelerate=None))))


def test_display_width_counts_hangul_twice() -> None:
    from hf_doctor.textui import display_width, pad

    assert display_width("Model access") == 12
    assert display_width("모델 접근 권한") == 14
    assert display_width("ｈｆ") == 4          # full-width letters, as a Korean input method types them
    assert pad("라이브러리", 17) == "라이브러리" + " " * 7
    assert pad("a much too long title", 5) == "a much too long title"


def test_plain_korean_titles_and_summaries_line_up() -> None:
    from hf_doctor.textui import display_width

    results = korean_results()
    text = render_plain(KO, results, title=header(KO, "0.1.0", "T4"), width=80, verbose=True)
    lines = text.splitlines()
    # The title, 87 columns, is wrapped between words like every other line.
    assert lines[:2] == ["hf-doctor 0.1.0 · 환경 검사 · 시뮬레이션한 GPU: T4 (계획용이며 이 컴퓨터의 GPU가", "아닙니다)"]
    assert " ".join(lines[:2]) == "hf-doctor 0.1.0 · 환경 검사 · 시뮬레이션한 GPU: T4 (계획용이며 이 컴퓨터의 GPU가 아닙니다)"
    for result in results:
        mark = {Status.PASS: "✓", Status.WARN: "!", Status.FAIL: "✗", Status.SKIP: "-"}[result.status]
        title = KO(result.title)
        row = next(line for line in lines if line.startswith(f"[ {mark} ] {title} "))
        summary_column = display_width(row) - display_width(row[6 + len(title):].lstrip())
        assert summary_column == 24, row   # "[ ✓ ] " + 17 columns of title + " ", as in English
    assert any(line.startswith("[ ✗ ] 라이브러리        ") for line in lines)
    assert "                        해결 방법: " in text and "· libs.versions: 0.001초" in text
    # Wrapped between words at the same column as English (commands are never wrapped); the title and the verdict
    # too, since issue 12.
    assert all(display_width(line) <= 80 for line in lines if not line.lstrip().startswith(("$ ", "→ ")))


def test_wrap_measures_columns_and_otherwise_matches_textwrap() -> None:
    import textwrap

    from hf_doctor.textui import display_width
    from hf_doctor.textui import wrap as _wrap

    samples = ["", "one", "a  double  space and a verylongwordthatdoesnotfitanywhere at all", "x " * 70,
               "tabs\there and\nnewlines", "Load the model in float16 instead: `dtype=torch.float16` in from_pretrained"]
    for text in samples:
        for width in (10, 30, 60):
            assert _wrap(text, width, "> ", "  ") == (textwrap.wrap(
                text, width=width, initial_indent="> ", subsequent_indent="  ", break_long_words=False,
                break_on_hyphens=False) or [">"])
    korean = _wrap("허깅페이스 토큰이 없습니다. 게이트 모델을 읽으려면 토큰이 필요합니다.", 30, "", "")
    assert korean == ["허깅페이스 토큰이 없습니다.", "게이트 모델을 읽으려면 토큰이", "필요합니다."]
    assert all(display_width(line) <= 30 for line in korean)


def test_rich_korean_titles_line_up() -> None:
    from rich.console import Console

    from hf_doctor.textui import display_width

    results = korean_results()
    buffer = io.StringIO()
    console = Console(file=buffer, width=100, color_system=None, force_terminal=False, legacy_windows=False)
    render_rich(KO, console, results, title=header(KO, "0.1.0", "T4"))
    lines = buffer.getvalue().splitlines()
    for result in results:
        title = KO(result.title)
        row = next(line for line in lines if line[4:].startswith(title + " "))
        assert display_width(row) - display_width(row[4 + len(title):].lstrip()) == 22, row
    assert any(line.startswith("                      해결 방법: ") for line in lines)
    assert any(line.startswith("준비되지 않음: 검사 1개가 실패했습니다. ") for line in lines)


def test_ascii_fallback_keeps_hangul_where_the_terminal_encodes_it() -> None:
    """A Korean Windows console (cp949) prints Hangul but not the marks: ASCII marks, Korean text, aligned."""
    results = korean_results()
    text = render_plain(KO, results, title=header(KO, "0.1.0", None), width=100, ascii_only=True, encoding="cp949")
    ascii_text = render_plain(KO, results, title="t", width=100, ascii_only=True)
    assert "[XX ] 라이브러리        accelerate" in text and "-> https://" in text and "✓" not in text
    text.encode("cp949")
    assert ascii_text.isascii()


def test_verdict_line_in_korean() -> None:
    def results(*statuses: Status) -> List[CheckResult]:
        return [CheckResult(f"x.{i}", "X", s, "s") for i, s in enumerate(statuses)]

    assert verdict_line(KO, results(Status.PASS), 0.314) == "준비 완료: 모든 검사를 통과했습니다. (0.31초)"
    assert verdict_line(KO, results(Status.WARN, Status.WARN)).startswith("준비 완료, 경고 2개: ")
    assert verdict_line(KO, results(Status.FAIL, Status.ERROR)) == (
        "준비되지 않음: 검사 1개가 실패했습니다. 위의 해결 방법을 적용한 뒤 `hf-doctor check`를 다시 "
        "실행하세요. 검사 1개에서 hf-doctor의 버그가 발생했습니다. 알려 주세요.")


def test_verdict_plurals_and_elapsed_in_english() -> None:
    assert verdict_line(EN, [CheckResult("x", "X", Status.FAIL, "s")], 1.5) == (
        "Not ready: 1 check failed. Apply the fixes above, then run `hf-doctor check` again. (1.50 s)")
    errors = [CheckResult(f"x.{i}", "X", Status.ERROR, "s") for i in range(2)]
    assert verdict_line(EN, errors) == "Not ready: some checks could not run. hf-doctor hit a bug in 2 checks; please report it."
    assert verdict_line(EN, [CheckResult("x", "X", Status.WARN, "s")] * 3).startswith("Ready, with 3 warnings: ")


# Words never lost (issue 12): rich wrapped a Korean line that ended one column short of the width by dropping its
# last word for an ellipsis ("이 컴퓨터에는 GPU …"). Every word of every title, summary, fix and verdict must reach
# the screen, at any width, in both languages.

def cpu_only_results() -> List[CheckResult]:
    """A laptop without an NVIDIA GPU and a CPU build of torch: the demo's machine, where the words were lost."""
    ctx = FakeContext(torch_cuda=None, packages=stack(torch="2.13.0+cpu"))
    return frozen(run_checks(ENVIRONMENT, ctx))


def said_words(say: Speaker, results: List[CheckResult], title: str, verbose: bool) -> "Counter[str]":

    from hf_doctor.render import fix_lines

    texts = [title, verdict_line(say, results)]
    for result in results:
        texts += [say(result.title), say(result.summary)]
        if result.fix is not None and result.status is not Status.PASS:
            texts += [line.label + " " + line.text if line.kind == "text" else line.text
                      for line in fix_lines(say, result.fix)]
        if verbose:
            texts += [say(detail) for detail in result.details]
    return Counter(word for text in texts for word in text.split())


def rich_text(say: Speaker, results: List[CheckResult], title: str, width: int, verbose: bool) -> str:
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False, legacy_windows=False)
    render_rich(say, console, results, title=title, verbose=verbose)
    return buffer.getvalue()


RESULT_SETS = {"cpu_only": cpu_only_results, "planning_t4": lambda: korean_results(),
               "colab_in_trouble": lambda: colab_t4_in_trouble()}


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("name", sorted(RESULT_SETS))
@pytest.mark.parametrize("verbose", [False, True])
def test_every_word_reaches_the_screen_at_80_and_100_columns_and_any_width_between(
        lang: str, name: str, verbose: bool) -> None:

    from hf_doctor.textui import display_width

    say = Speaker(lang)
    results = RESULT_SETS[name]()
    title = header(say, "0.1.0", None)
    expected = said_words(say, results, title, verbose)
    for width in (80, 100, *range(60, 121, 3)):
        for kind, text in (("rich", rich_text(say, results, title, width, verbose)),
                           ("plain", render_plain(say, results, title=title, width=width, verbose=verbose))):
            shown = Counter(text.split())
            missing = expected - shown
            assert not missing, f"{kind} at {width} columns lost {sorted(missing)}:\n{text}"
            assert "…" not in text.replace("hf_…", ""), f"{kind} at {width} columns cut a line:\n{text}"
            for line in text.splitlines():
                if not line.lstrip().startswith(("$ ", "→ ")) and " " in line.strip():   # commands are never wrapped
                    assert display_width(line.rstrip()) <= width, f"{kind} at {width}: {line!r}"


def test_rich_shows_brackets_in_a_message_as_written() -> None:
    """A summary is text, not rich markup: "[bold]" or ":warning:" in a message is shown as it is."""
    results = [CheckResult("x.y", "Title [note]", Status.WARN, "see [bold]this[/bold] :warning: here")]
    text = rich_text(EN, results, "t", 80, False)
    assert "see [bold]this[/bold] :warning: here" in text and "Title [note]" in text


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_demo_banner_is_wrapped_between_words(monkeypatch, lang: str) -> None:  # type: ignore[no-untyped-def]
    """`hf-doctor demo` in a 40-column terminal: the banner's lines are folded between words, none cut."""
    import contextlib

    from click.testing import CliRunner

    from hf_doctor import child
    from hf_doctor.cli import cli
    from hf_doctor.emulator import scenarios, server
    from hf_doctor.textui import display_width

    class Hub:
        endpoint = "http://127.0.0.1:1"

        def environment(self) -> dict:
            return {"HF_ENDPOINT": self.endpoint}

    monkeypatch.setattr(scenarios, "build", lambda: None)
    monkeypatch.setattr(server, "HubEmulator", lambda scenario: contextlib.nullcontext(Hub()))
    monkeypatch.setattr(child, "run", lambda argv, env, stdin_text: 0)
    wide = CliRunner().invoke(cli, ["demo", "--scenario", "gated-pending", "--lang", lang], env={"COLUMNS": "500"})
    narrow = CliRunner().invoke(cli, ["demo", "--scenario", "gated-pending", "--lang", lang], env={"COLUMNS": "40"})
    assert wide.exit_code == narrow.exit_code == 0, narrow.output
    assert len(wide.stderr.splitlines()) == 3 and len(narrow.stderr.splitlines()) > 4
    assert Counter(narrow.stderr.split()) == Counter(wide.stderr.split())
    for line in narrow.stderr.splitlines():
        assert display_width(line) <= 40 or len(line.split()) == 1, line


def test_terminal_width_and_paragraphs(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import io as _io

    from hf_doctor.textui import terminal_width, wrap_lines

    monkeypatch.setenv("COLUMNS", "73")
    assert terminal_width() == 73 and terminal_width(limit=60) == 60
    monkeypatch.delenv("COLUMNS")
    assert terminal_width(_io.StringIO()) == 80 and terminal_width(_io.StringIO(), fallback=500) == 500
    # Each line of a message is a paragraph of its own; an empty line stays empty.
    assert wrap_lines("one two three\n\nfour five", 9, "", "  ") == ["one two", "  three", "", "four five"]


# ----------------------------------------------------------------------------------------- text from outside

# What a terminal would act on: C0 and C1 controls but the line break, DEL, a bidi override.
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]")
HOSTILE_GPU = "\x1b]0;owned\x07Tesla\x1b[2J\x1b[1;1H T4\u202e"


def hostile_results() -> List[CheckResult]:
    """A GPU named with an OSC title change, a clear screen and a cursor move (through the real gpu.device), a
    Hub message and a fix command with escapes and a carriage return, and a model that answered with escapes."""
    machine = run_checks(by_ids(ids.GPU_DEVICE), FakeContext(probe=nvml_probe(card(HOSTILE_GPU, 15.0, (7, 5)))))
    hub = CheckResult(ids.HUB_ACCESS, "Model access", Status.FAIL, "The Hub said: \x1b[31mgated\x1b[0m\x9b2J",
                      details=("server: \x1b[H\x1b[2Jgone",), cause="gated_not_requested",
                      fix=Fix("Ask for access \x1b]0;x\x07", ("hf download 'a/b\rrm -rf ~'",), "https://x\x1b[2J"))
    facts = GenerationFacts(
        device="cpu", gpu_name=None, dtype="float32", quantization=None, placement={"cpu": 2}, chat_template=True,
        eos_token_ids=(1,), prompt_tokens=9, new_tokens=5, stop_reason="eos", load_s=1.0, time_to_first_token_s=0.1,
        generate_s=1.0, decode_tokens_per_s=5.0, peak_gpu_bytes=None, peak_host_bytes=None, parameters=1, layers=2,
        bytes_per_token=1, host_bandwidth_gbs=None, text="Paris\x1b]0;pwned\x07\n\x1b[2Jis the capital",
        token_ids=(2, 3, 4, 5, 1))
    answer = CheckResult(ids.MODEL_GENERATE, "Generation", Status.PASS, "ok", data=facts)
    return [*machine, hub, answer]


@pytest.mark.parametrize("say", [EN, KO])
def test_escape_sequences_from_outside_are_shown_never_run(say: Speaker) -> None:
    """Issue 14 item 4: a GPU name, a Hub message, a fix command, the model's answer or a simulated GPU's name
    reached the terminal raw (clear screen, cursor moves, a window title). Every renderer shows them as escapes."""
    from rich.console import Console

    results = hostile_results()
    title = header(say, "1.0", "\x1b[2JT4")
    plain = render_plain(say, results, title=title, width=100, verbose=True, answer=True)
    buffer = io.StringIO()
    render_rich(say, Console(file=buffer, force_terminal=True, width=100, color_system=None), results, title=title,
                verbose=True, answer=True)
    for text in (plain, buffer.getvalue()):
        assert not RAW.search(text), repr(RAW.search(text))
        for shown in ("\\x1b]0;owned\\x07Tesla\\x1b[2J\\x1b[1;1H T4\\u202e", "\\x1b[31mgated", "\\x9b2J",
                      "\\x1b[H\\x1b[2Jgone", "a/b\\rrm -rf ~", "Paris\\x1b]0;pwned\\x07", "\\x1b[2JT4"):
            assert shown in text, (shown, text)


@pytest.mark.parametrize("raw, shown", [
    ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),         # an OSC title change, which survives piping
    ("\x1b[2J\x1b[1;1H", "\\x1b[2J\\x1b[1;1H"),        # clear screen, cursor home
    ("\x9b2J", "\\x9b2J"),                              # the one-character CSI
    ("a\rb\nc\td\x00\x7f", "a\\rb\\nc\\td\\x00\\x7f"),
    ("abc\u202edef\u2066", "abc\\u202edef\\u2066"),    # bidi override and isolate
    ("lone \ud800", "lone \\ud800"),
    ("김민준 · Tesla T4 ✓ café \u200d", "김민준 · Tesla T4 ✓ café \u200d"),   # what is printable stays as it is
])
def test_visible_shows_what_a_terminal_would_act_on(raw: str, shown: str) -> None:
    from hf_doctor.textui import visible

    assert visible(raw) == shown and visible(shown) == shown


def test_visible_prose_folds_layout_whitespace_as_wrap_does() -> None:
    from hf_doctor.textui import visible

    assert visible("one\ntwo\tthree\r\x1b", prose=True) == "one two     three \\x1b"
