"""The canary: one token fed through every source and every malformed variant of issue 14, through the real
program (check against the local Hub, --report, --markdown, --json, explain, the guided run), and found in no
output in any of the forms an exception can render it (tests/test_secrets.py: leaks)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple

import pytest

from hf_doctor.emulator import scenarios
from hf_doctor.emulator.scenario import Token
from hf_doctor.emulator.server import HubEmulator

from .test_secrets import CANARY, WIDE, leaks

pytestmark = pytest.mark.slow   # minutes in all: see README, Development

ROOT = Path(__file__).resolve().parent.parent

# (name, source, value as stored, sent: whether the Hub may see a token at all)
VARIANTS: List[Tuple[str, str, bytes, bool]] = [
    ("env-plain", "HF_TOKEN", CANARY.encode(), True),
    ("env-vertical-tab", "HF_TOKEN", (CANARY[:20] + "\x0b" + CANARY[20:]).encode(), False),
    ("legacy-env-split", "HUGGING_FACE_HUB_TOKEN", (CANARY[:15] + " " + CANARY[15:]).encode(), False),
    ("env-full-width", "HF_TOKEN", WIDE.encode(), False),
    ("saved-nul", "saved", (CANARY + "\0\n").encode(), False),
    ("saved-utf16", "saved", CANARY.encode("utf-16"), False),
    ("saved-utf8-bom", "saved", CANARY.encode("utf-8-sig"), False),
    ("saved-latin1", "saved", (CANARY + "é").encode("latin-1"), False),
    ("file-utf16-no-bom", "file", CANARY.encode("utf-16-le"), True),
    ("file-del", "file", (CANARY + "\x7f\n").encode(), False),
    ("stdin-nul", "stdin", (CANARY + "\0").encode(), False),
    ("file-quoted", "file", f'"{CANARY}"\n'.encode(), False),
    ("file-latin1", "file", (CANARY + "é").encode("latin-1"), False),
]
# Each run shows the report one way on standard output and writes it another way to --report.
MODES = [["--verbose"], ["--json"], ["--markdown"]]
REPORTS = ["report.json", "report.md"]


@pytest.fixture(scope="module")
def canary_hub() -> Iterator[HubEmulator]:
    scenario = scenarios.build()
    scenario.add_token(Token(CANARY, "student"))
    with HubEmulator(scenario) as hub:
        yield hub


def run(hub: HubEmulator, home: Path, source: str, stored: bytes, flags: List[str]) -> Tuple[str, int]:
    """Every output of one `hf-doctor check --model` run with the canary stored at ``source``."""
    home.mkdir(parents=True, exist_ok=True)
    env: Dict[str, str] = {**os.environ, **hub.environment(), "HF_HOME": str(home / "hf"), "HF_DOCTOR_DEBUG": "1"}
    argv = [sys.executable, "-m", "hf_doctor", "check", "--model", scenarios.TINY_CHAT, *flags]
    stdin: Optional[bytes] = None
    if source in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"):
        env[source] = stored.decode()
    elif source == "saved":
        (home / "token").write_bytes(stored)
        env["HF_TOKEN_PATH"] = str(home / "token")
    elif source == "file":
        (home / "token.txt").write_bytes(stored)
        argv += ["--token-file", str(home / "token.txt")]
    else:
        argv += ["--token-file", "-"]
        stdin = stored
    done = subprocess.run(argv, input=stdin, capture_output=True, env=env, cwd=ROOT, timeout=180)
    written = [path.read_bytes() for path in home.glob("report.*")]
    everything = b"\n".join([done.stdout, done.stderr, *written])
    return everything.decode("utf-8", errors="replace"), done.returncode


@pytest.mark.parametrize("index", range(len(VARIANTS)), ids=[v[0] for v in VARIANTS])
def test_the_canary_leaves_through_no_output_of_check(canary_hub: HubEmulator, tmp_path: Path, index: int) -> None:
    name, source, stored, sent = VARIANTS[index]
    flags = [*MODES[index % len(MODES)], "--report", str(tmp_path / REPORTS[index % len(REPORTS)])]
    before = len(canary_hub.log)
    output, code = run(canary_hub, tmp_path, source, stored, flags)
    assert code in (0, 1, 2), output            # never 3, an internal error
    assert "Traceback" not in output and "this is a bug" not in output
    assert not leaks(output), (name, leaks(output))
    if not sent:   # a malformed token is sent nowhere
        assert not any(entry.with_token for entry in canary_hub.log[before:]), name


PASTED = [
    f"HTTPError: 401 Invalid user token {CANARY}",
    f"requests.exceptions.HTTPError: Invalid user token ({CANARY[:14]} {CANARY[14:]})",
    f"Invalid credentials in Authorization header: {repr(('Bearer ' + CANARY + chr(0)).encode())}",
    f"login(token='{WIDE}') -> Invalid user token",
    f"Cannot access gated repo for url https://huggingface.co/{CANARY}/llama/resolve/main/config.json",
    f"ModuleNotFoundError: No module named '{CANARY}'",
    CANARY.encode("utf-16").decode("latin-1") + " Invalid user token",
]


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_the_canary_pasted_into_explain_is_shown_nowhere(tmp_path: Path, as_json: bool) -> None:
    for text in PASTED:
        done = subprocess.run([sys.executable, "-m", "hf_doctor", "explain", "--offline", *(["--json"] if as_json else [])],
                              input=text.encode("utf-8"), capture_output=True, cwd=ROOT, timeout=60)
        output = (done.stdout + done.stderr).decode("utf-8", errors="replace")
        assert done.returncode == 0 and not leaks(output), (text, output)


def test_the_canary_typed_in_the_guided_run_is_shown_nowhere(canary_hub: HubEmulator, tmp_path: Path) -> None:
    """The hidden prompt gets the canary malformed, then whole; the run's every line and row is searched."""
    from .fakes import en
    from .test_flow import ScriptedPrompter, flow

    prompter = ScriptedPrompter(CANARY + "\x7f", CANARY[:18] + " " + CANARY[18:], WIDE, CANARY, False, False)
    before = len(canary_hub.log)
    guided, shown, said = flow(canary_hub, tmp_path, prompter, model=scenarios.TINY_CHAT)
    assert guided.run() == 0
    rows = json.dumps([r.to_json(en) for r in guided.results], ensure_ascii=False)
    texts = "\n".join([*shown, *said, rows, *(en(r.summary) for r in guided.results)])
    assert not leaks(texts)
    # Only the whole canary reached the Hub: three malformed ones were judged without a request.
    assert sum(entry.with_token and entry.path == "/api/whoami-v2" for entry in canary_hub.log[before:]) == 1


CASES_TRIED = len(VARIANTS) + 2 * len(PASTED) + 4   # the tally in the closing note (4 prompts in the guided run)
