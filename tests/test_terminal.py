"""The real program in a real pseudo-terminal, its bytes rendered by a terminal emulator (pyte): what a user sees.

Asserting on the rendered screen and its scrollback, not on the byte stream, catches what text assertions cannot:
a bar drawn over a line, a spinner left behind, output after the verdict. The demo is run at 80 and 120 columns.
"""
from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path
from typing import Any, List, Tuple

import pytest

from hf_doctor.emulator import scenarios

pexpect = pytest.importorskip("pexpect", reason="the pty tests need pexpect (test extras)")
pyte = pytest.importorskip("pyte", reason="the pty tests need pyte (test extras)")

ROOT = Path(__file__).resolve().parent.parent
ROWS = 40
SPINNER = re.compile("[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]")
# What huggingface_hub's, hf_xet's and tqdm's bars leave on a screen, and our own live line's text.
DEBRIS = ("%|", "it/s]", "B/s]", "Reconstructing", "Reconstruction complete", "Download complete", "Fetching ",
          "Downloading bytes", "Checking…", "검사 중…")


def spawn(columns: int, *args: str, env: Any = None) -> Any:
    environment = {**os.environ, **(env or {}), "TERM": "xterm-256color", "COLUMNS": str(columns),
                   "LINES": str(ROWS)}
    environment.pop("NO_COLOR", None)
    return pexpect.spawn(sys.executable, ["-m", "hf_doctor", *args], env=environment, cwd=str(ROOT), timeout=240,
                         dimensions=(ROWS, columns))


def rendered(columns: int, data: bytes) -> List[str]:
    """Scrollback and screen as lines of text, as a terminal of that width shows them (trailing blanks cut)."""
    screen = pyte.HistoryScreen(columns, ROWS, history=10_000, ratio=0.001)
    pyte.ByteStream(screen).feed(data)

    def row(line: Any) -> str:
        # a wide character takes two cells; pyte keeps it in the first and an empty string in the second
        return "".join(line[x].data for x in range(columns)).rstrip()

    lines = [row(line) for line in screen.history.top] + [row(screen.buffer[y]) for y in range(screen.lines)]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def run(columns: int, *args: str, env: Any = None) -> Tuple[int, List[str]]:
    child = spawn(columns, *args, env=env)
    data = child.read()        # everything until the program exits
    child.close()
    return child.exitstatus, rendered(columns, data)


def assert_clean(lines: List[str], verdict: str) -> None:
    """No progress debris anywhere; one table; the verdict last, with only its own wrapped tail after it."""
    screen = "\n".join(lines)
    for debris in DEBRIS:
        assert debris not in screen, (debris, screen)
    assert not SPINNER.search(screen), screen
    starts = [i for i, line in enumerate(lines) if line.startswith(verdict)]
    assert len(starts) == 1, screen
    tail = lines[starts[0] + 1:]
    assert len(tail) <= 2, screen           # the verdict's own wrapped words, ending with its elapsed time
    assert re.search(r"\(\d+(\.\d+)? ?(s|초)\)$", (lines[starts[0]:] or [""])[-1]), screen


@pytest.mark.parametrize("columns", [80, 120])
def test_the_demo_screen_in_english(columns: int) -> None:
    code, lines = run(columns, "demo")
    assert code == 0, "\n".join(lines)
    assert_clean(lines, "Ready")
    screen = "\n".join(lines)
    assert screen.count("hf-doctor 0.1.0 · environment check") == 1
    assert screen.count("Downloading 5 files of hf-doctor/tiny-chat") == 1     # announced once, never redrawn
    assert any(line.startswith("✓   Download") for line in lines)
    assert all(len(line) <= columns for line in lines)
    assert_ends_with_the_answer(lines, "The model's answer:", "Ready")


def assert_ends_with_the_answer(lines: List[str], heading: str, verdict: str) -> None:
    """The screen ends with the tiny model's answer to the seed's question, shown once and whole (no U+FFFD from a
    half-decoded Hangul syllable), then the verdict, and nothing after it."""
    text = [line for line in lines if line.strip()]
    assert [line for line in text if line == heading] == [heading], "\n".join(lines)
    start = text.index(heading)
    answer = text[start + 1:]
    end = next(i for i, line in enumerate(answer) if line.startswith(verdict))
    assert "\n".join(text).count("경복궁") == 1 and "\ufffd" not in "\n".join(lines)
    assert answer[0].strip() == "대한민국의 관광지 5곳을 추천합니다."
    assert [line.strip()[:2] for line in answer[1:end]] == ["1.", "2.", "3.", "4.", "5."]
    assert all(not line.startswith(" ") for line in answer[end + 1:])   # only the verdict's own wrapped tail


@pytest.mark.parametrize("columns", [80, 120])
def test_the_demo_screen_in_korean(columns: int) -> None:
    code, lines = run(columns, "demo", "--lang", "ko")
    assert code == 0, "\n".join(lines)
    assert_clean(lines, "준비")
    screen = "\n".join(lines)
    assert screen.count("hf-doctor 0.1.0 · 환경 검사") == 1
    assert screen.count("hf-doctor/tiny-chat에서 파일 5개") == 1
    assert_ends_with_the_answer(lines, "모델의 답:", "준비")


def test_a_failing_demo_ends_with_its_verdict(demo_hub: Any) -> None:
    code, lines = run(80, "demo", "--scenario", "gated-pending")
    assert code == 1
    assert_clean(lines, "Not ready")


def test_token_file_dash_in_a_terminal_asks_without_echo(demo_hub: Any, tmp_path: Path) -> None:
    """`--token-file -` with a person at the keyboard: a hidden prompt, the token never on the screen."""
    token = scenarios.TOKENS["student"]
    child = spawn(100, "check", "--token-file", "-", "--model", scenarios.TINY_CHAT,
                  env={**demo_hub.environment(), "HF_HOME": str(tmp_path)})
    child.expect("Paste your Hugging Face token")
    child.sendline(token)
    data = child.before + child.after + child.read()
    child.close()
    lines = rendered(100, data)
    screen = "\n".join(lines)
    assert child.exitstatus == 0, screen
    assert token not in screen and token[-8:] not in screen
    assert "it is not shown as you type" in lines[0]
    assert any("hf_…" in line and "from --token-file: valid" in line for line in lines), screen
    assert_clean(lines, "Ready")


def test_ctrl_c_at_the_token_prompt_is_one_line_and_130(demo_hub: Any, tmp_path: Path) -> None:
    child = spawn(100, "check", "--token-file", "-", env={**demo_hub.environment(), "HF_HOME": str(tmp_path)})
    child.expect("Paste your Hugging Face token")
    child.sendintr()
    data = child.before + child.after + child.read()
    child.close()
    lines = rendered(100, data)
    assert child.exitstatus == 130, lines
    assert "Traceback" not in "\n".join(lines)
    assert lines[-1] == "hf-doctor: interrupted"


@pytest.fixture(scope="module")
def interpreter_start() -> float:
    """How long this machine's Python takes to start, with this environment (the slowest of three, as a machine
    busy with the rest of the suite starts it): before that, a Ctrl-C meets CPython's own start-up, which no code
    of ours has run yet to handle."""
    import subprocess

    times = []
    for _ in range(3):
        began = time.monotonic()
        subprocess.run([sys.executable, "-c", "pass"], check=True, timeout=60)
        times.append(time.monotonic() - began)
    return max(times)


@pytest.mark.parametrize("delay", [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.6, 0.9, 1.5])
def test_ctrl_c_anywhere_in_the_demo_is_one_line_and_130(delay: float, interpreter_start: float) -> None:
    """From the first moment our code runs (hf_doctor importing, the demo's child starting) to the generation:
    one line, last, exit 130, and no traceback from the demo, its child, the generation child or the local Hub.
    ``delay`` counts from the moment the interpreter has started."""
    child = spawn(100, "demo")
    time.sleep(interpreter_start + delay)
    child.sendintr()
    data = child.read()
    child.close()
    lines = rendered(100, data)
    screen = "\n".join(lines)
    assert child.exitstatus == 130, screen
    for debris in ("Traceback", "KeyboardInterrupt", "Exception occurred", "Error"):
        assert debris not in screen, screen
    said = [line for line in lines if line.startswith("hf-doctor: interrupted")]
    assert said == [lines[-1]], screen


SINK_SCRIPT = r'''
import subprocess, sys
from hf_doctor.checks.text import Msg
from hf_doctor.i18n import Speaker
from hf_doctor.sink import Sink

say = Speaker("en")
sink = Sink.choose(say, quiet=False, color=True, status=say.t("ui.progress.checking"))
child = ("import sys\nfor piece in ('The answer', ' comes', ' in pieces', '\\n'):\n"
         "    sys.stderr.write(piece); sys.stderr.flush()\n")
with sink.running():
    sink.notify(Msg("model.download.progress.running", repo="a/b", done="1 KiB", size="2 KiB", speed="1.0"))
    sink.notify(Msg("model.download.progress.finished", repo="a/b", size="2 KiB"))
    subprocess.run([sys.executable, "-c", child], check=True)   # inherits stderr, as the generation child does
    sink.notify(Msg("model.download.progress.running", repo="a/b", done="2 KiB", size="2 KiB", speed="1.0"))
    print("from this process", file=sys.stderr, flush=True)
sink.console.print("THE TABLE")
'''


@pytest.mark.parametrize("columns", [80, 120])
def test_the_streamed_answer_and_the_live_line_take_turns(columns: int) -> None:
    """A child's stream on the inherited stderr, mid-run progress and the table: each whole, in order, no debris."""
    environment = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(ROWS)}
    child = pexpect.spawn(sys.executable, ["-c", SINK_SCRIPT], env=environment, cwd=str(ROOT), timeout=60,
                          dimensions=(ROWS, columns))
    data = child.read()
    child.close()
    lines = rendered(columns, data)
    assert child.exitstatus == 0, lines
    assert lines == ["The answer comes in pieces", "from this process", "THE TABLE"], lines
