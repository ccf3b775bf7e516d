"""`explain` on real messages collected from public trackers and the libraries' source (tests/data/explain)."""
from __future__ import annotations

import json
import re
import sys
import textwrap
from pathlib import Path
from typing import Callable, Dict, Iterator, Optional, Tuple

import pytest
from click.testing import CliRunner

from hf_doctor.checks import causes
from hf_doctor.checks.explain import RULES, explain
from hf_doctor.checks.knowledge import REMEDIES, fix_for
from hf_doctor.checks.text import Msg
from hf_doctor.explain import explain as explain_command
from hf_doctor.i18n import Speaker

from .fakes import en, ko

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import eval_explain  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "explain"
HANGUL = re.compile("[가-힣]")


# A data file: '# key: value' header lines, a blank line, then the message exactly as it was printed; read as
# scripts/eval_explain.py reads it, which also measures a folder.
load = eval_explain.load


CASES = sorted(DATA.glob("*.txt"))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_names_the_cause_of_each_collected_message(path: Path) -> None:
    fields, body = load(path)
    assert fields.get("source"), f"{path.name} does not say where it came from"
    assert path.name.startswith(fields["cause"] + "--"), "the file name starts with its expected cause"
    assert explain(body).cause == fields["cause"], fields.get("note")


def test_the_collection_covers_every_cause_and_some_strangers() -> None:
    found = {load(path)[0]["cause"] for path in CASES}
    pasted = causes.ALL - causes.IN_CODE   # lint's causes are read in code, not in an error message
    assert pasted <= found, f"no collected message for {sorted(pasted - found)}"
    assert sum(load(path)[0]["cause"] == causes.UNKNOWN for path in CASES) >= 5


def test_every_cause_has_knowledge_and_every_rule_names_a_known_cause() -> None:
    assert set(REMEDIES) == causes.ALL
    assert {rule.cause for rule in RULES} <= causes.ALL
    for cause in causes.ALL:
        fix = fix_for(cause)
        assert en(fix.text) and (fix.commands or fix.url), cause
        assert HANGUL.search(ko(fix.text)), cause


def test_root_cause_not_last_line() -> None:
    # transformers' last line blames the repo id; the Hub's sentence above it says the request is pending.
    text = ("huggingface_hub.errors.GatedRepoError: 403 Client Error.\n"
            "Your request to access model meta-llama/Llama-3.1-8B is awaiting a review from the repo authors.\n\n"
            "OSError: meta-llama/Llama-3.1-8B is not a local folder and is not a valid model identifier listed on "
            "'https://huggingface.co/models'")
    result = explain(text)
    assert result.cause == causes.GATED_PENDING
    assert result.evidence == ("Your request to access model meta-llama/Llama-3.1-8B is awaiting a review from the "
                               "repo authors.",)
    # A 401 that says Repository Not Found is a typo or a private repo, not a bad token.
    assert explain("RepositoryNotFoundError: 401 Client Error. Repository Not Found for url: "
                   "https://huggingface.co/meta-lama/Llama-3.1-8B/resolve/main/config.json").cause == \
        causes.REPO_NOT_FOUND


def test_a_gated_model_links_its_own_page() -> None:
    result = explain("Access to model google/gemma-2-2b-it is restricted and you are not in the authorized list. "
                     "Visit https://huggingface.co/google/gemma-2-2b-it to ask for access.")
    assert result.cause == causes.GATED_NOT_REQUESTED
    assert result.fix.url == "https://huggingface.co/google/gemma-2-2b-it"


@pytest.mark.parametrize("text", ["", "hello", "ValueError: operands could not be broadcast together with shapes",
                                  "KeyError: 'labels'", "401"])
def test_unknown_rather_than_a_guess(text: str) -> None:
    result = explain(text)
    assert result.cause == causes.UNKNOWN and result.evidence == ()
    assert "hf-doctor check" in result.fix.commands


def test_a_token_in_the_pasted_text_never_reaches_the_evidence() -> None:
    token = "hf_" + "AbCdEfGhIjKlMnOpQrStUvWxYz01234567"
    result = explain(f"login(token='{token}')\nrequests.exceptions.HTTPError: Invalid user token")
    assert result.cause == causes.TOKEN_INVALID
    assert token not in json.dumps(result.to_json(en)) and token not in json.dumps(result.to_json(ko))


def test_command_reads_a_file_or_stdin_and_speaks_json_and_korean(tmp_path: Path) -> None:
    runner = CliRunner()
    path = DATA / "gated_pending--prov-gigapath.txt"
    done = runner.invoke(explain_command, [str(path), "--offline"])
    assert done.exit_code == 0 and done.output.startswith("Cause: Access request pending (gated_pending)")
    assert "→ https://huggingface.co/settings/gated-repos" in done.output

    done = runner.invoke(explain_command, ["--json", "--offline"], input="torch.OutOfMemoryError: CUDA out of memory.")
    report = json.loads(done.output)
    assert {"cause", "summary", "fix", "evidence", "confidence", "second"} <= set(report) and report["cause"] == "cuda_oom"

    done = runner.invoke(explain_command, ["--json", "--offline", "--lang", "ko"], input="Torch not compiled with CUDA enabled")
    report = json.loads(done.output)
    # with nothing saying an NVIDIA GPU is there, no GPU is the likelier reading; the wrong build is the runner-up
    assert report["cause"] == "gpu_missing" and report["second"] == "torch_cuda_mismatch"
    assert HANGUL.search(report["summary"]) and HANGUL.search(report["fix"]["text"])

    done = runner.invoke(explain_command, ["--offline", "--lang", "ko"],
                         input="Torch not compiled with CUDA enabled\n| NVIDIA-SMI 550.54   Driver Version: 550.54 |")
    assert done.exit_code == 0 and done.output.startswith("원인: ") and "(torch_cuda_mismatch)" in done.output
    assert "해결: " in done.output and "· Torch not compiled with CUDA enabled" in done.output


def test_command_refuses_empty_input_with_a_usage_error() -> None:
    done = CliRunner().invoke(explain_command, [], input="  \n")
    assert done.exit_code == 2 and "nothing to explain" in done.output


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_fix_reads_the_same_in_a_check_and_in_explain(demo_hub, tmp_path: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    """One knowledge base: the check that finds a cause and `explain` reading its error give the same fix."""
    from hf_doctor.checks.context import SystemContext
    from hf_doctor.checks.gpu import gpu_bf16
    from hf_doctor.checks.hub import hub_access
    from hf_doctor.emulator import scenarios

    say = Speaker(lang)
    pending = hub_access(SystemContext(model=scenarios.LLAMA, token=scenarios.TOKENS["waiting"],
                                       endpoint=demo_hub.endpoint, cache=str(tmp_path)))
    pasted = explain("Your request to access model meta-llama/Llama-3.1-8B is awaiting a review from the repo "
                     "authors.")
    assert pending.cause == pasted.cause == causes.GATED_PENDING and pending.fix == pasted.fix
    assert pending.fix is not None and pending.fix.to_json(say) == pasted.fix.to_json(say)

    bf16 = gpu_bf16(SystemContext(simulated_gpu="T4"))
    pasted = explain("ValueError: Bfloat16 is only supported on GPUs with compute capability of at least 8.0. "
                     "Your Tesla T4 GPU has compute capability 7.5.")
    assert bf16.cause == pasted.cause == causes.BF16_UNSUPPORTED and bf16.fix == pasted.fix
    assert bf16.fix is not None and bf16.fix.to_json(say) == pasted.fix.to_json(say)


# Words never lost or cut (issue 12): a terminal folds a long line at its last column, cutting a word in half
# (Korean words too). The prose is wrapped between words by display width; commands and links stay whole.

@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("width", [60, 80])
def test_prose_is_wrapped_between_words_by_display_width(lang: str, width: int) -> None:
    from collections import Counter

    from hf_doctor.explain import render
    from hf_doctor.textui import display_width

    say = Speaker(lang)
    for path in CASES:
        result = explain(load(path)[1])
        whole = render(result, say, width=10_000)          # every sentence on one line: the words as they are
        text = render(result, say, width=width)
        assert Counter(text.split()) == Counter(whole.split()), f"{path.name}: a word was cut or lost\n{text}"
        for line in text.splitlines():
            copied = line.startswith(("  $ ", "  → "))   # commands and links are never wrapped
            if not copied and len(line.split()) > 1 + line.lstrip().startswith("·"):
                assert display_width(line) <= width, f"{path.name}: {line!r} is wider than {width}"
        assert [line for line in text.splitlines() if line.startswith(("  $ ", "  → "))] == \
            [line for line in whole.splitlines() if line.startswith(("  $ ", "  → "))]


def test_the_command_wraps_at_the_terminal_width() -> None:
    from hf_doctor.textui import display_width

    done = CliRunner().invoke(explain_command, ["--offline", "--lang", "ko"], env={"COLUMNS": "60"},
                              input="Torch not compiled with CUDA enabled")
    assert done.exit_code == 0 and done.output.startswith("원인: ")
    prose = [line for line in done.output.splitlines() if not line.startswith(("  $ ", "  → "))]
    assert all(display_width(line) <= 60 for line in prose), done.output
    assert max(display_width(line) for line in prose) > 40   # wrapped at 60, not at some narrower width


# ---------------------------------------------------------------- issue 14: tokens pasted in pieces, long input

PASTED = "hf_" + "AbCdEfGhIjKlMnOpQrStUvWxYz01234567"
WIDE = "".join(chr(ord(ch) + 0xFEE0) for ch in PASTED)


@pytest.mark.parametrize("text", [
    f"HTTPError: Invalid user token '{PASTED[:12]} {PASTED[12:24]} {PASTED[24:]}'",
    f"HTTPError: Invalid user token '{PASTED[:20]}\n{PASTED[20:]}' (rejected)",
    f"HTTPError: Invalid user token: '{WIDE}'",
    f"Access to model {PASTED}/llama is restricted. You must have access to it and be authenticated to access it.",
    f"ModuleNotFoundError: No module named '{PASTED}'",
    f"OSError: {PASTED} is not a local folder and is not a valid model identifier listed on "
    f"'https://huggingface.co/models'",
], ids=["split-by-spaces", "split-by-a-newline", "full-width", "in-a-link", "in-a-command", "as-a-model-id"])
def test_a_pasted_token_in_pieces_or_full_width_is_shown_nowhere(text: str) -> None:
    from hf_doctor.checks import secrets

    secrets.forget_all()
    result = explain(text)
    for say in (en, ko):
        shown = json.dumps(result.to_json(say), ensure_ascii=False)
        folded = "".join(shown.split())
        assert PASTED[3:15] not in folded and PASTED[-12:] not in folded and WIDE[3:15] not in shown, shown
        assert PASTED[3:15] not in json.dumps(result.to_json(say))


def test_words_after_hf_are_no_token() -> None:
    from hf_doctor.checks import secrets

    secrets.forget_all()
    text = "hf_xet failed to download the file and stalled: the download hangs\nhf_hub_download raised OSError"
    result = explain(text)
    assert result.evidence[0].startswith("hf_xet failed to download the file") and secrets.known() == 0


@pytest.mark.parametrize("text", [
    "a" * 200_000,                                       # a long run of word characters (a base64 line)
    "\n" * 200_000,                                      # blank lines
    " \n" * 100_000,
    "401 " * 50_000,                                     # a phrase's first word, again and again on one line
    "403 " * 50_000 + "\n",
    "Cannot access gated " * 10_000,
    "undefined symbol: " * 11_000,
    "requires torch " * 13_000,
], ids=["word-run", "blank-lines", "blank-lines-with-spaces", "401s", "403s", "gated", "symbol", "requires"])
def test_explain_is_linear_in_what_it_reads(text: str) -> None:
    """Behaviour: a pasted log as large as `explain` accepts is explained within a bound (was 51 s for 100 KB of
    base64, 25 s for 100 KB of blank lines: quadratic); generous for a slow shared machine."""
    import time

    started = time.monotonic()
    explain(text)
    assert time.monotonic() - started < 15


def test_explain_reads_at_most_its_limit_from_a_device_that_never_ends(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "hf_doctor", "explain", "/dev/zero"], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "only its first 1.0 MiB was read" in done.stderr and "Cause: Unknown (unknown)" in done.stdout


def test_a_large_file_is_read_from_its_end_and_says_so(tmp_path: Path) -> None:
    log = tmp_path / "run.log"
    log.write_text("progress line\n" * 200_000 + "torch.OutOfMemoryError: CUDA out of memory.\n", encoding="utf-8")
    done = CliRunner().invoke(explain_command, [str(log), "--json", "--offline"])
    assert done.exit_code == 0 and json.loads(done.stdout)["cause"] == "cuda_oom"
    assert f"{log} is larger than 1.0 MiB: only its last 1.0 MiB was read" in done.stderr


def test_a_log_saved_by_powershell_is_read_in_its_encoding(tmp_path: Path) -> None:
    log = tmp_path / "run.log"
    log.write_bytes("torch.OutOfMemoryError: CUDA out of memory.\r\n".encode("utf-16"))
    done = CliRunner().invoke(explain_command, [str(log), "--json", "--offline"])
    assert json.loads(done.stdout)["cause"] == "cuda_oom"


# ---------------------------------------------------------------- issue 15: confidence, live confirmation

def test_every_answer_but_unknown_says_how_sure_and_unknown_suggests_a_check() -> None:
    for path in CASES:
        result = explain(load(path)[1])
        if result.cause == causes.UNKNOWN:
            assert result.confidence is None and result.evidence == () and "hf-doctor check" in result.fix.commands
        else:
            assert result.confidence in ("high", "medium", "low") and result.evidence, path.name
            assert result.second != result.cause


GATED_403 = ("requests.exceptions.HTTPError: 403 Client Error: Forbidden for url: "
             "https://huggingface.co/meta-llama/Llama-3.1-8B/resolve/main/config.json\n\n"
             "The above exception was the direct cause of the following exception:\n\n"
             "huggingface_hub.errors.GatedRepoError: 403 Client Error. Cannot access gated repo for url "
             "https://huggingface.co/meta-llama/Llama-3.1-8B/resolve/main/config.json.\n")


@pytest.mark.parametrize("user, live", [
    ("student", None), ("newcomer", "gated_not_requested"), ("waiting", "gated_pending"),
    ("rejected", "gated_rejected"), ("scoped", "token_scope")])
def test_the_hub_confirms_each_gated_state_the_text_cannot_tell(demo_hub, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                 monkeypatch: pytest.MonkeyPatch, user: str,
                                                                 live: str) -> None:
    """A pasted 403 on a gated repo reads the same for every state; the local Hub, asked with the user's token
    through the hub.access check, tells them apart. The text's verdict and the live one are separate fields."""
    from functools import partial

    from hf_doctor.checks.context import SystemContext
    from hf_doctor.emulator import scenarios

    monkeypatch.setenv("HF_TOKEN", scenarios.TOKENS[user])
    factory = partial(SystemContext, endpoint=demo_hub.endpoint, cache=str(tmp_path))
    done = CliRunner().invoke(explain_command, ["--json"], input=GATED_403, obj={"context_factory": factory})
    assert done.exit_code == 0, done.output
    report = json.loads(done.stdout)
    assert report["cause"] == causes.GATED_NOT_REQUESTED and report["model"] == scenarios.LLAMA
    checks = {row["check"]: row for row in report["live"]["checks"]}
    assert checks["hub.access"]["cause"] == live
    assert report["live"]["cause"] == live
    assert report["live"]["agrees"] == (live in (None, causes.GATED_NOT_REQUESTED))

    text = CliRunner().invoke(explain_command, [], input=GATED_403, obj={"context_factory": factory}).stdout
    assert "On this machine, now:" in text and "hub.access: " in text
    if live not in (None, causes.GATED_NOT_REQUESTED):
        assert "Now the Hub or this machine says otherwise: " in text and f"({live})" in text

    offline = json.loads(CliRunner().invoke(explain_command, ["--json", "--offline"], input=GATED_403,
                                            obj={"context_factory": factory}).stdout)
    assert offline["live"] is None and offline["cause"] == report["cause"]


@pytest.mark.parametrize("user", ["student", "waiting"])
def test_access_granted_since_the_error_says_the_error_no_longer_happens(demo_hub, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                         monkeypatch: pytest.MonkeyPatch,
                                                                         user: str) -> None:
    """A pasted "awaiting a review" whose user has access now: the live check passing is not "agreement"."""
    from functools import partial

    from hf_doctor.checks.context import SystemContext
    from hf_doctor.emulator import scenarios

    pasted = GATED_403 + f"Your request to access model {scenarios.LLAMA} is awaiting a review from the repo authors.\n"
    monkeypatch.setenv("HF_TOKEN", scenarios.TOKENS[user])
    factory = partial(SystemContext, endpoint=demo_hub.endpoint, cache=str(tmp_path))
    report = json.loads(CliRunner().invoke(explain_command, ["--json"], input=pasted,
                                           obj={"context_factory": factory}).stdout)
    assert report["cause"] == causes.GATED_PENDING and report["live"]["cleared"] is (user == "student")
    text = CliRunner().invoke(explain_command, [], input=pasted, obj={"context_factory": factory}).stdout
    assert ("does not happen here now" in text) is (user == "student")


@pytest.mark.parametrize("text, model", [
    ("OSError: Can't load config for 'google-t5/t5-small'. Otherwise, make sure it is the correct path",
     "google-t5/t5-small"),
    ("OSError: mistralai/Mistral-7B-v0.3 is not a local folder and is not a valid model identifier listed on "
     "'https://huggingface.co/models'", "mistralai/Mistral-7B-v0.3"),
    ("OSError: ./out/checkpoint-500 is not a local folder and is not a valid model identifier listed on "
     "'https://huggingface.co/models'", None),
    ("OSError: Can't load tokenizer for '/data/models/qwen'.", None)])
def test_the_repo_transformers_names_in_its_own_sentences_is_the_texts_model(text: str, model: Optional[str]) -> None:
    """A repo id of two parts that transformers quotes is the repo the live check asks about; a path is none."""
    assert explain(text).model == model


@pytest.mark.parametrize("user, live", [("student", None), ("newcomer", "gated_not_requested")])
def test_a_repo_transformers_could_not_load_is_asked_of_the_hub(demo_hub, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                monkeypatch: pytest.MonkeyPatch, user: str,
                                                                live: str) -> None:
    """transformers' "Can't load tokenizer for '<id>'" reads as a Hub out of reach, a hint; the repo it names is
    asked of the Hub: a gated repo never requested shows, and access that works here now clears the text's
    verdict."""
    from functools import partial

    from hf_doctor.checks.context import SystemContext
    from hf_doctor.emulator import scenarios

    pasted = (f"OSError: Can't load tokenizer for '{scenarios.LLAMA}'. If you were trying to load it from "
              "'https://huggingface.co/models', make sure you don't have a local directory with the same name.\n")
    monkeypatch.setenv("HF_TOKEN", scenarios.TOKENS[user])
    factory = partial(SystemContext, endpoint=demo_hub.endpoint, cache=str(tmp_path))
    report = json.loads(CliRunner().invoke(explain_command, ["--json"], input=pasted,
                                           obj={"context_factory": factory}).stdout)
    assert report["cause"] == causes.NETWORK_OFFLINE and report["model"] == scenarios.LLAMA
    assert report["live"]["cause"] == live and report["live"]["cleared"] is (live is None)


def test_a_gpu_check_that_passes_clears_only_the_causes_it_would_fail_on() -> None:
    from hf_doctor.checks.explain_live import Live, cleared

    native = (Live("gpu.device", "pass", None, ""), Live("gpu.bf16", "pass", None, ""))
    assert cleared(causes.BF16_UNSUPPORTED, native) and cleared(causes.GPU_MISSING, native)
    assert not cleared(causes.CUDA_OOM, native)
    assert not cleared(causes.BF16_UNSUPPORTED, (Live("gpu.bf16", "skip", None, ""),))


def test_a_hub_that_cannot_be_reached_confirms_nothing_and_says_so(tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing ran (the network failed, so the access check was skipped): never "does not contradict the text"."""
    import socket
    from functools import partial

    from hf_doctor.checks.context import SystemContext
    from hf_doctor.emulator import scenarios

    with socket.socket() as closed:          # a port nobody listens on: the connection is refused at once
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    monkeypatch.setenv("HF_TOKEN", scenarios.TOKENS["student"])
    factory = partial(SystemContext, endpoint=f"http://127.0.0.1:{port}", cache=str(tmp_path))
    report = json.loads(CliRunner().invoke(explain_command, ["--json"], input=GATED_403,
                                           obj={"context_factory": factory}).stdout)
    assert report["live"]["checked"] is False and report["live"]["agrees"] is None
    assert {row["check"]: row["cause"] for row in report["live"]["checks"]}["hub.network"] == causes.NETWORK_OFFLINE
    text = CliRunner().invoke(explain_command, [], input=GATED_403, obj={"context_factory": factory}).stdout
    assert "Not confirmed: " in text and "does not contradict" not in text


def test_a_gpu_problem_is_compared_with_this_machine_gpu() -> None:
    from hf_doctor.checks.explain_live import targets

    result = explain("ValueError: Bfloat16 is only supported on GPUs with compute capability of at least 8.0.")
    assert targets(result) == ("gpu.device", "gpu.bf16")
    assert targets(explain("KeyError: 'labels'")) == ()


def test_the_required_words_shortcut_never_skips_a_pattern_that_would_match() -> None:
    """``required`` lets explain skip a pattern whose words are absent; over every collected message outside the
    held-out set, and each message folded as a terminal may wrap it, no pattern that matches is skipped."""
    from hf_doctor.checks.explain import RULES, TEMPLATE_RULES, _clean, _may_match

    texts = [load(path)[1] for path in CASES + sorted((DATA / "train").glob("*.txt"))]
    patterns = [p for rule in RULES + TEMPLATE_RULES for p in rule.signs + rule.also]
    checked = 0
    for text in texts:
        for variant in (text, text.replace(" ", "\n", 3), text.upper()):
            clean = _clean(variant)
            folded = " ".join(clean.split()).casefold()
            for pattern in patterns:
                for haystack in (clean, " ".join(clean.split())):
                    if pattern.search(haystack):
                        checked += 1
                        assert _may_match(pattern, folded), (pattern.pattern, variant[:200])
    assert checked > 500


def test_a_long_log_searched_line_by_line_gives_the_whole_texts_first_match() -> None:
    """``Lines`` searches a pattern that cannot cross a line break only on the lines holding its required words.
    Over every collected message outside the held-out set (every other one in capitals), among lines that repeat
    common words (enough of them that some words are on more lines than it looks up), every rule's pattern gives
    the same first match as a search of the whole text."""
    from hf_doctor.checks.explain import RULES, Lines, _clean, one_line

    class Few(Lines):
        MOST = 3

    filler = "".join(f"step {i}: error code {i} in model http status response ok\n" for i in range(Few.MOST + 2))
    texts = [load(path)[1] for path in CASES + sorted((DATA / "train").glob("*.txt"))]
    patterns = [p for rule in RULES for p in rule.signs + rule.also]
    patterns = [p for p in patterns if one_line(p)]      # any other is searched whole
    local = 0
    for index, text in enumerate(texts):
        variant = filler + (_clean(text).upper() if index % 2 else _clean(text)) + "\n" + filler
        lines = Few(variant)
        for pattern in patterns:
            if lines.starts(pattern) is None:
                continue
            whole = pattern.search(variant)
            found = lines.search(pattern)
            assert (found and found.span()) == (whole and whole.span()), (pattern.pattern, variant[:200])
            local += whole is not None
    assert local > 500


@pytest.mark.parametrize("pattern, alone", [
    (r"Cannot access gated repo", True), (r"\b401\b[^\n]{0,60}Unauthorized", True), (r"[\w.-]+/[\w.-]+", True),
    (r"^[ \t]*MemoryError\b", True), (r"(?=foo)bar[^\n\"]*$", True),
    (r"error\s{1,4}code", False), (r"a\nb", False), (r"[^x]{0,9}y", False), (r"\W", False), (r"(?s:.)", False),
    (r"[\x00-\x7f]", False), (r"end\Z", False), (r"(a)\1", False), (r"(?-m:x$)", False)])
def test_a_pattern_is_one_line_when_no_match_can_hold_a_line_break(pattern: str, alone: bool) -> None:
    from hf_doctor.checks.explain import one_line

    assert one_line(re.compile(pattern, re.IGNORECASE | re.MULTILINE)) is alone


@pytest.mark.parametrize("frame", [
    ("urllib3/connection.py", "_new_conn"), ("urllib3/util/connection.py", "create_connection"),
    ("urllib3/connection.py", "_connect_tls_proxy"), ("urllib3/connectionpool.py", "_prepare_proxy"),
    ("ssl.py", "do_handshake"), ("httpcore/_backends/sync.py", "connect_tcp"), ("httpcore/_sync/connection.py",
                                                                              "start_tls")])
@pytest.mark.parametrize("error", ["OSError: [Errno 0] Error", "ssl.SSLZeroReturnError: TLS/SSL connection has been closed",
                                   "RuntimeError: something odd"])
def test_an_error_raised_while_connecting_is_the_network_whatever_it_is_called(frame, error) -> None:  # type: ignore[no-untyped-def]
    """The traceback's structure, not the error's name: a frame of the code that opens a connection was on the
    stack. A Hub answer further down (a 403) still wins: the network worked then."""
    path, function = frame
    trace = ("Traceback (most recent call last):\n"
             '  File "/app/run.py", line 3, in <module>\n    model = AutoModel.from_pretrained("org/model")\n'
             f'  File "/usr/lib/python3.11/site-packages/{path}", line 200, in {function}\n    sock = connect()\n'
             f"{error}\n")
    assert explain(trace).cause == causes.NETWORK_OFFLINE
    answered = trace + ("\nDuring handling of the above exception, another exception occurred:\n\n"
                        "huggingface_hub.errors.GatedRepoError: 403 Client Error. Cannot access gated repo for url "
                        "https://huggingface.co/org/model/resolve/main/config.json.\n")
    assert explain(answered).cause != causes.NETWORK_OFFLINE


@pytest.mark.parametrize("damage", [
    pytest.param(lambda body: body[:10] + "\n" + body[10:], id="line-break-inside"),
    pytest.param(lambda body: body[:12] + " " + body[12:], id="space-inside"),
    pytest.param(lambda body: body[:-1] + "\x00" + body[-1:], id="nul"),
    pytest.param(lambda body: body[:5] + "é" + body[5:], id="accented-letter"),
    pytest.param(lambda body: body[:4] + "…" + body[-4:], id="copied-masked"),
    pytest.param(lambda body: body.replace("a", "ａ", 1), id="full-width-letter"),
])
def test_the_real_client_error_for_a_damaged_token_is_the_token(demo_hub, damage) -> None:  # type: ignore[no-untyped-def]
    """What huggingface_hub and its HTTP library really raise for a token pasted with a line break, a blank, a
    NUL, a letter no header can carry or a copied masked form: the header is refused before any request, or the
    Hub refuses the token; the traceback, as the user would paste it, names the token."""
    import traceback

    from huggingface_hub import HfApi

    token = "hf_" + damage("abcdEFGHijklMNOPqrstUVWXyz0123456789"[:34])
    try:
        HfApi(endpoint=demo_hub.endpoint).whoami(token=token)
    except Exception:  # noqa: BLE001 - whatever the client raises is what users paste
        pasted = traceback.format_exc()
    else:
        pytest.fail("a damaged token was accepted")
    assert explain(pasted).cause == causes.TOKEN_INVALID, pasted.strip().splitlines()[-1]


@pytest.mark.parametrize("error, cause", [
    ("PermissionError: [Errno 13] {words}: '/home/u/.cache/huggingface/hub/models--org--m'", causes.CACHE_NOT_WRITABLE),
    ("OSError: [Errno 28] {words}", causes.DISK_FULL),
    ("OSError: [WinError 112] {words}", causes.DISK_FULL),
    ("OSError: [Errno 12] {words}", causes.CPU_RAM_OOM),
    ("OSError: {words} (os error 1455)", causes.CPU_RAM_OOM),
    ("ConnectionResetError: [Errno 104] {words}", causes.NETWORK_OFFLINE),
    ("ConnectionRefusedError: [WinError 10061] {words}", causes.NETWORK_OFFLINE),
    ("TimeoutError: [WinError 10060] {words}", causes.NETWORK_OFFLINE),
])
@pytest.mark.parametrize("words", ["허가 거부", "장치에 남은 공간이 없음", "设备上没有空间", "Zugriff verweigert", "Accès refusé"])
def test_the_operating_system_error_number_decides_in_any_language(error: str, cause: str, words: str) -> None:
    """The operating system translates its words (LC_MESSAGES, Windows' display language) but not its numbers:
    whatever words a Korean, Chinese or German system prints, the number names the cause."""
    trace = ("Traceback (most recent call last):\n  File \"/app/run.py\", line 3, in <module>\n"
             "    model = AutoModelForCausalLM.from_pretrained(\"org/m\")\n" + error.format(words=words) + "\n")
    assert explain(trace).cause == cause


def test_accuracy_on_messages_the_rules_were_not_written_on() -> None:
    """heldout/ is measured, never read (its misses are not listed here either, so nobody tunes on them): a change
    that loses what generalises shows as a drop below what it measured when issue 15 closed. train/ carries the
    judgment calls the closing note lists; each later round added harder messages to it (rounds 8 to 17: 1161
    messages, 0.62, 0.61, 0.68, 0.62, 0.73, 0.78, 0.61, 0.66, 0.69 and 0.71 when first measured), so its floor sits
    below what it measured then."""
    right, total, _ = eval_explain.measure(DATA / "heldout", show_misses=False)
    assert total >= 150 and right / total >= 0.85, f"held-out accuracy {right}/{total}"
    right, total, _ = eval_explain.measure(DATA / "train", show_misses=False)
    assert total >= 1810 and right / total >= 0.80, f"train accuracy {right}/{total}"


def test_the_blind_readings_are_of_train_messages_with_the_causes_their_readers_were_given() -> None:
    """readings/ holds two blind readers per message for train/ messages only (held-out is never read); the
    first two rounds' messages are the train side of the hash split; each run's readers chose among the ids of its
    definitions file, which are the causes explain names; the data README's figures are what the script prints."""
    import hashlib

    data = json.loads((DATA / "readings" / "readings.json").read_text(encoding="utf-8"))
    train = {path.name for path in (DATA / "train").glob("*.txt")}
    offered = {}
    for run, name in data["definitions"].items():
        offered[run] = set(re.findall(r"^\| `(\w+)` \|", (DATA / "readings" / name).read_text(encoding="utf-8"), re.M))
        assert offered[run] == causes.CONTRACT | causes.ADDED, run
    assert len(data["messages"]) >= 240
    for name, entry in data["messages"].items():
        assert name in train and not (DATA / "heldout" / name).exists(), name
        split = hashlib.sha256(name.encode()).digest()[0] >= 154
        assert entry["population"] in ("split", "later") and (entry["population"] == "later" or split), name
        for run, pair in entry["runs"].items():
            assert len(pair) == 2 and all(cause in offered[run] and (second is None or second in offered[run])
                                          and isinstance(decidable, bool) for cause, second, decidable in pair)
    printed = "\n".join(eval_explain.readings(DATA / "readings" / "readings.json"))
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| run 2, messages from the first two rounds"):]
    figures = re.findall(r"(\d+/\d+) = ", table[:table.index("\n\n")])
    assert len(figures) == 5 and all(figure in printed for figure in figures), figures


@pytest.mark.parametrize("on_gpu, total", [(0, 33), (5, 37), (27, 33), (32, 33), (33, 33), (81, 81)])
def test_llama_cpp_layers_left_on_the_cpu_are_an_offloaded_model(on_gpu: int, total: int) -> None:
    """llama.cpp (under ollama, llama-cpp-python) counts the layers it put on the GPU; fewer than the model has
    means the rest run on the CPU, all of them is no offloading at all."""
    for log in (f"load_tensors: offloading {on_gpu} repeating layers to GPU\n"
                f"load_tensors: offloaded {on_gpu}/{total} layers to GPU\n",
                f'msg="offload to cuda" layers.requested=-1 layers.model={total} layers.offload={on_gpu} '
                f'layers.split=""\n'):
        cause = explain(log).cause
        assert (cause == causes.MODEL_OFFLOADED_SLOW) is (on_gpu < total), log


@pytest.mark.parametrize("percent", [0, 2, 57, 99, 100])
@pytest.mark.parametrize("after", ["", "Traceback (most recent call last):\nOSError: Consistency check failed\n"])
def test_a_download_bar_that_stops_short_with_no_error_after_it_is_a_stall(percent: int, after: str) -> None:
    bar = f"model-00001-of-00004.safetensors:  {percent}%|███      | {percent * 49 // 10}M/4.90G [00:19<01:19, 45.7MB/s]\n"
    cause = explain("Loading model...\n" + bar + after).cause
    assert (cause == causes.DOWNLOAD_STALLED) is (percent < 100 and not after)


@pytest.mark.parametrize("path, shadowed", [
    (r"D:\ComfyUI_windows_portable\ComfyUI\custom_nodes\transformers\__init__.py", True),
    ("/home/me/project/transformers.py", True),
    ("/content/transformers/__init__.py", True),
    ("/usr/local/lib/python3.10/dist-packages/transformers/__init__.py", False),
    (r"C:\Users\me\venv\Lib\site-packages\transformers\__init__.py", False),
    (r"D:\ComfyUI_windows_portable\python_embeded\Lib\site-packages\transformers\__init__.py", False),
    ("/home/me/transformers/src/transformers/__init__.py", False),      # an editable install of a clone
])
def test_a_name_imported_from_the_users_own_folder_is_no_version_problem(path: str, shadowed: bool) -> None:
    """Python names the file it imported from: when that is a folder or file of the user's named like the package,
    the answer says so (with the line), not "transformers too old"."""
    text = f"ImportError: cannot import name 'BlipProcessor' from 'transformers' ({path})\n"
    found = explain(text)
    if shadowed:
        assert found.cause == causes.UNKNOWN and found.evidence and found.fix.text == Msg(
            "cause.unknown.shadowed_package.fix")
    else:
        assert found.cause == causes.TRANSFORMERS_TOO_OLD


def test_an_architecture_no_release_knows_says_why_it_is_no_cause_and_shows_the_line() -> None:
    text = "ValueError: The checkpoint you are trying to load has model type `llava_pythia` but Transformers does not " \
           "recognize this architecture.\n"
    found = explain(text)
    assert found.cause == causes.UNKNOWN and found.summary == Msg("cause.unknown.repo_architecture.explain")
    assert found.evidence == (text.strip(),) and found.confidence is None


def _prefixed(prefix: str) -> Callable[[str], str]:
    return lambda text: "\n".join(prefix + line for line in text.split("\n"))


def _wrapped(width: int) -> Callable[[str], str]:
    return lambda text: "\n".join(piece for line in text.split("\n") for piece in (
        textwrap.wrap(line, width, break_long_words=True, break_on_hyphens=False, drop_whitespace=False) or [""]))


# How wrappers and terminals hand a traceback on: each line after a timestamp (ComfyUI), a container's name (docker
# compose), a logger, a rank (torchrun), a process (vLLM, Ray), a quote mark (a reply); Windows line ends; colours;
# indented as code.
REWRAPS: Dict[str, Callable[[str], str]] = {
    "timestamp": _prefixed("2024-05-12T01:47:55.571987 - "), "docker": _prefixed("worker-1  | "),
    "logger": _prefixed("ERROR:root:"), "rank": _prefixed("[rank0]: "), "quote": _prefixed("> "),
    "process": _prefixed("(APIServer pid=75487) "), "ray": _prefixed("(RayWorkerWrapper pid=3021, ip=10.0.0.2) "),
    "indent": _prefixed("    "), "crlf": lambda text: text.replace("\n", "\r\n"),
    "colour": lambda text: re.sub(r"(\w*Error)", "\x1b[31m\\1\x1b[0m", text)}


def test_the_answer_does_not_depend_on_how_the_text_was_handed_on() -> None:
    """Every collected message explain names rightly is named the same when a wrapper prefixed its lines, when it
    comes with Windows line ends or colours; and almost always when a terminal wrapped it at 80 or 60 columns
    (the structure a wrap breaks, a frame or a progress bar, is not put back together)."""
    texts = [(fields["cause"], body) for fields, body in map(load, CASES + sorted((DATA / "train").glob("*.txt")))]
    right = [(cause, body) for cause, body in texts if explain(body).cause == cause]
    for name, hand_on in REWRAPS.items():
        changed = [cause for cause, body in right if explain(hand_on(body)).cause != cause]
        assert not changed, (name, changed)
    for width in (80, 60):
        changed = [cause for cause, body in right if explain(_wrapped(width)(body)).cause != cause]
        assert len(changed) <= len(right) // 40, (width, len(changed), len(right))


@pytest.mark.parametrize("listed, bound, too_old", [
    ("0.0.1, 0.0.3rc1, 0.2.1, 0.4.0", "0.8.1", True), ("1.0, 1.2.post1", "2.1", True),
    ("2.2.0, 2.3.0", "2.1", False), ("0.4.0, 0.9.0", "0.8.1", False), ("none", "2.1", False)])
def test_pip_offering_only_releases_older_than_the_bound_is_an_older_python(listed: str, bound: str,
                                                                              too_old: bool) -> None:
    """pip lists only the releases whose Requires-Python this interpreter meets: when all of them are older than
    the bound asked for, the newer ones need a newer Python. A list that reaches the bound, or no list, says
    nothing of the interpreter."""
    text = (f"ERROR: Could not find a version that satisfies the requirement some-package>={bound} (from other-app) "
            f"(from versions: {listed})\nERROR: No matching distribution found for some-package>={bound}\n")
    assert (explain(text).cause == causes.PYTHON_TOO_OLD) is too_old


@pytest.mark.parametrize("yours, too_old", [("3.6", True), ("3.9", False), ("3.12", False)])
def test_conda_naming_a_python_below_every_bound_is_an_older_python(yours: str, too_old: bool) -> None:
    text = ("UnsatisfiableError: The following specifications were found\nto be incompatible with the existing python "
            "installation in your environment:\n\nSpecifications:\n\n  - transformers=4.18.0 -> python[version='>=3.10,"
            f"<3.11.0a0|>=3.7,<3.8.0a0|>=3.8,<3.9.0a0']\n\nYour python: python={yours}\n")
    assert (explain(text).cause == causes.PYTHON_TOO_OLD) is too_old


@pytest.mark.parametrize("where, too_old", [("/opt/conda/lib/python3.7/site-packages/auto_gptq/modeling/_base.py", True),
                                            (r"C:\Python37\Lib\site-packages\somepkg\core.py", True),
                                            ("/home/me/project/train.py", False)])
def test_an_installed_package_the_interpreter_cannot_parse_is_an_older_python(where: str, too_old: bool) -> None:
    """A SyntaxError in an installed package: its releases are written for a newer Python. One in the user's own
    script is their code."""
    text = (f'  File "{where}", line 182\n    if (pos_ids := kwargs.get("position_ids", None)) is not None:\n'
            "                ^\nSyntaxError: invalid syntax\n")
    assert (explain(text).cause == causes.PYTHON_TOO_OLD) is too_old


@pytest.mark.parametrize("module, name", [("huggingface_hub.utils", "RepositoryNotFoundError"),
                                          ("huggingface_hub.errors", "GatedRepoError"),
                                          ("huggingface_hub", "RevisionNotFoundError")])
def test_an_error_class_named_in_an_import_line_is_not_that_error_raised(module: str, name: str) -> None:
    """A traceback shows the line each frame ran: an import of an error class names it without raising it. The
    module that cannot be found is what happened (two releases that do not fit); the same class raised is still
    its cause."""
    frame = f'  File "/site-packages/app/utils.py", line 17, in <module>\n    from {module} import {name}\n'
    missing = frame + f"ModuleNotFoundError: No module named '{module}._errors'\n"
    assert explain(missing).cause == causes.LIBRARY_CONFLICT
    numbered = f"     [27] from {module} import {name}\n\nModuleNotFoundError: No module named '{module}._errors'\n"
    assert explain(numbered).cause == causes.LIBRARY_CONFLICT
    assert explain(frame + f"{module}.{name}: 404 Client Error.").cause != causes.LIBRARY_CONFLICT
    wrapped = (f'  File "/site-packages/app/utils.py", line 17, in <module>\n    from {module} import\n{name}\n'
               f"ModuleNotFoundError: No module named '{module}._errors'\n")
    assert explain(wrapped).cause == causes.LIBRARY_CONFLICT
    listed = (f"----> 5 from {module} import (\n      6     InferenceClient,\n      7     {name},\n      8 )\n\n"
              f"ModuleNotFoundError: No module named '{module}._errors'\n")
    assert explain(listed).cause == causes.LIBRARY_CONFLICT


@pytest.mark.parametrize("text, cause", [
    ("ImportError: cannot import name \u2018LlamaFlashAttention2\u2019 from \u2018transformers.models.llama."
     "modeling_llama\u2019", causes.TRANSFORMERS_TOO_NEW),
    ("ImportError: cannot import name \u2018AutoModelForCausalLM\u2019 from \u2018transformers\u2019",
     causes.TRANSFORMERS_TOO_OLD),
    ("cannot import name 'AutoModelForSeq2SeqLM' from transformers", causes.TRANSFORMERS_TOO_OLD)])
def test_quotes_a_page_made_typographic_or_dropped_read_as_pythons(text: str, cause: str) -> None:
    assert explain(text).cause == cause


@pytest.mark.parametrize("text, shared", [
    ("RuntimeError: DataLoader worker (pid 729) is killed by signal: Bus error. It is possible that dataloader's "
     "workers are out of shared memory. Please try to raise your shared memory limit.", True),
    ("RuntimeError: unable to write to file </torch_739_144252761_4>: No space left on device (28)", True),
    ("OSError: [Errno 28] No space left on device: '/dev/shm/nccl-abc'", True),
    ("OSError: [Errno 28] No space left on device: '/root/.cache/huggingface/hub/models--x/blobs/abc'", False)])
def test_shared_memory_that_ran_out_is_no_full_disk(text: str, shared: bool) -> None:
    """A container's /dev/shm (64 MB by default) that DataLoader workers or NCCL fill is neither the disk nor the
    RAM: the answer says so, with its fix, and shows the line."""
    found = explain(text)
    if shared:
        assert found.cause == causes.UNKNOWN and found.evidence
        assert found.fix.text == Msg("cause.unknown.shared_memory.fix")
    else:
        assert found.cause == causes.DISK_FULL


@pytest.mark.parametrize("name, own", [("InternLM2Tokenizer", True), ("ChatGLMTokenizer", True), ("QWenTokenizer", True),
                                       ("LlamaTokenizer", False), ("Qwen2Tokenizer", False),
                                       ("GemmaTokenizerFast", False), ("LlamaTokenizerFast", False)])
def test_a_tokenizer_class_no_release_defines_is_the_repos_own_code(name: str, own: bool) -> None:
    """AutoTokenizer not finding the class a repo's tokenizer_config.json names: a class some transformers
    defines (or the slow twin of a …Fast one, merged in release 5) came in a later release; one none defines is
    the repo's own, which only trust_remote_code brings."""
    text = f"ValueError: Tokenizer class {name} does not exist or is not currently imported."
    assert explain(text).cause == (causes.REMOTE_CODE if own else causes.TRANSFORMERS_TOO_OLD)


@pytest.mark.parametrize("function", ["vocab_size", "get_vocab", "_tokenize"])
@pytest.mark.parametrize("repo, cls, attribute", [("THUDM/chatglm2-6b", "ChatGLMTokenizer", "tokenizer"),
                                                  ("baichuan-inc/Baichuan2-7B-Base", "BaichuanTokenizer", "sp_model")])
def test_a_repo_tokenizer_asked_for_its_vocabulary_before_its_init_is_a_newer_transformers(
        function: str, repo: str, cls: str, attribute: str) -> None:
    text = (f'  File "/root/.cache/huggingface/modules/transformers_modules/{repo.split("/")[1]}/tokenization_x.py", '
            f"line 108, in {function}\n    return self.{attribute}.n_words\n"
            f"AttributeError: '{cls}' object has no attribute '{attribute}'\n")
    assert explain(text).cause == causes.TRANSFORMERS_TOO_NEW
    # an app's copy of the repo's tokenizer was written for the same older transformers
    copied = text.replace("/root/.cache/huggingface/modules/transformers_modules/", "/home/me/project/")
    assert explain(copied).cause == causes.TRANSFORMERS_TOO_NEW
    mine = copied.replace(f"'{cls}'", "'Vocabulary'")
    assert explain(mine).cause != causes.TRANSFORMERS_TOO_NEW


@pytest.mark.parametrize("cls, attribute, too_new", [
    ("QWenLMHeadModel", "_validate_model_kwargs", True), ("MiniCPMVConfig", "use_return_dict", True),
    ("TeleChatForCausalLM", "_supports_cache_class", True), ("MossTokenizer", "encoder", True),
    ("Phi3VProcessor", "image_processor_class", True), ("MyDataset", "features", False),
    ("SentenceTransformer", "encode_multi", False), ("NoneType", "to", False)])
def test_a_class_named_like_transformers_own_that_it_does_not_define_is_code_for_an_older_one(
        cls: str, attribute: str, too_new: bool) -> None:
    """A model, configuration, tokenizer or processor class transformers does not define (a repo's remote code, an
    app's copy of a model) built on transformers' bases and missing what it reads from them: the code was written
    for an older transformers. A class named otherwise is the code's own business."""
    text = f"AttributeError: '{cls}' object has no attribute '{attribute}'"
    found = explain(text)
    assert (found.cause == causes.TRANSFORMERS_TOO_NEW) is too_new
    if too_new:      # says the class is the code's own, not transformers'
        assert found.summary == Msg("cause.transformers_too_new.own_class.explain", cls=cls, attribute=attribute)


@pytest.mark.parametrize("cls, argument, too_new", [
    ("TrainingArguments", "no_cuda", True), ("TrainingArguments", "per_gpu_train_batch_size", True),
    ("TrainingArguments", "Use_CPU", False), ("MyArguments", "no_cuda", False)])
def test_a_core_class_refusing_an_argument_its_newest_release_lacks_is_code_for_an_older_one(
        cls: str, argument: str, too_new: bool) -> None:
    """TrainingArguments and its kin refusing an argument the newest release's class has no member for (removed
    or renamed since): code for an older transformers, said with the class and the argument. One spelled like a
    member but for case or underscores is a misspelling; a class transformers does not define is not its business."""
    found = explain(f"TypeError: {cls}.__init__() got an unexpected keyword argument '{argument}'")
    assert (found.cause == causes.TRANSFORMERS_TOO_NEW) is too_new
    if too_new:
        assert found.summary == Msg("cause.transformers_too_new.removed_argument.explain", cls=cls, argument=argument)


@pytest.mark.parametrize("what, name, cause", [
    ("tokenizer", "google-t5/t5-base", causes.NETWORK_OFFLINE), ("config", "distilgpt2", causes.NETWORK_OFFLINE),
    ("the configuration", "./checkpoints/llama-7b", causes.REPO_NOT_FOUND),
    ("tokenizer", "/data/models/qwen", causes.REPO_NOT_FOUND),
    ("config", r"D:\\models\\mistral", causes.REPO_NOT_FOUND)])
def test_transformers_finding_nothing_for_an_id_or_a_path(what: str, name: str, cause: str) -> None:
    """"Can't load … for '<id>'" comes after transformers' lookups swallowed what went wrong: for a Hub id the
    likeliest is an unreachable Hub, for a local path a folder that is not there. Only a hint (low confidence): any
    clearer line outranks it."""
    text = (f"OSError: Can't load {what} for '{name}'. If you were trying to load it from "
            f"'https://huggingface.co/models', make sure you don't have a local directory with the same name.")
    found = explain(text)
    assert found.cause == cause and found.confidence == "low"
    assert explain(text + "\nOSError: [Errno 28] No space left on device").cause == causes.DISK_FULL


@pytest.mark.parametrize("pause, done, oom", [
    ("Press any key to continue . . .", "0/2", True), ("계속하려면 아무 키나 누르십시오 . . .", "1/3", True),
    ("Press any key to continue . . .", "4/4", False)])
def test_a_windows_launcher_pausing_while_the_shards_load_is_a_process_that_ran_out_of_memory(
        pause: str, done: str, oom: bool) -> None:
    """A launcher's batch file pausing right after an unfinished shards bar, no traceback between: the process
    was gone while the weights loaded. A finished bar says nothing of the kind."""
    text = (f"Free VRAM 7.5 GB\nLoading checkpoint shards:  33%|███      | {done} [00:04<00:09, 4.5s/it]\n{pause}\n")
    assert (explain(text).cause == causes.CPU_RAM_OOM) is oom


def test_transformers_placeholder_for_a_class_whose_backend_is_missing_is_a_missing_library() -> None:
    text = ("ValueError: The component <class 'transformers.models.llama.tokenization_llama._LazyModule.__getattr__."
            "<locals>.Placeholder'> of <class 'diffusers.pipelines.flux.pipeline_flux.FluxPipeline'> cannot be loaded")
    assert explain(text).cause == causes.LIBRARY_MISSING


@pytest.mark.parametrize("text, local", [
    ("OSError: Error no file named model.safetensors, or pytorch_model.bin, found in directory /data/qwen-gguf.", True),
    ("OSError: Error no file named pytorch_model.bin, tf_model.h5, model.ckpt.index or flax_model.msgpack found in "
     "directory ./output/checkpoint-500.", True),
    ("OSError: Error no file named diffusion_pytorch_model.bin found in directory ./sdxl/unet.", False)])
def test_a_local_folder_without_the_weights_transformers_reads_says_what_else_it_may_hold(text: str, local: bool) -> None:
    """from_pretrained on a folder that exists but holds no model.safetensors or pytorch_model.bin (nor their
    index): GGUF, GPTQ, a DeepSpeed checkpoint, an adapter alone or an unfinished download, none of them a Hub
    setting; the answer says so, with the line. diffusers' file of one component stays a missing file."""
    found = explain(text)
    if local:
        assert found.cause == causes.UNKNOWN and found.fix.text == Msg("cause.unknown.local_weights.fix")
        assert found.evidence == (text,)
    else:
        assert found.cause == causes.REVISION_OR_FILE_NOT_FOUND


@pytest.mark.parametrize("frame, too_new", [
    ('  File "/root/.cache/huggingface/modules/transformers_modules/m/modeling_m.py", line 90, in generate\n', True),
    ('  File "/home/me/train.py", line 12, in step\n', False)])
def test_a_class_asking_its_transformers_base_for_a_removed_method_is_code_for_an_older_one(
        frame: str, too_new: bool) -> None:
    text = f"{frame}    return super()._get_logits_warper(config)\nAttributeError: 'super' object has no attribute " \
           "'_get_logits_warper'"
    found = explain(text)
    assert (found.cause == causes.TRANSFORMERS_TOO_NEW) is too_new
    if too_new:
        assert found.summary == Msg("cause.transformers_too_new.removed_name.explain")


# A transformers of four releases, as scripts/library_messages.py records it (--transformers-api, and the
# releases' --transformers-history): LedgerCache lost peek_window in 4.41
# and got it back in 5.0 (in 4.42 it answered any attribute: neither had nor lacked), inherits seal from BaseLedger
# until 4.41, gained grow in 4.42; retired_helper is gone
# since 4.42, returned_helper was gone from 4.41 to 4.42, fresh_helper came in 4.42.
_RELEASES_READ = {
    "version": "5.0.0",
    "names": ["BaseLedger", "LedgerCache", "flush_rows", "fresh_helper", "grow", "peek_window", "returned_helper",
              "moved_helper", "gap_helper", "new_helper", "steady_helper"],
    "classes": {"LedgerCache": [["__init__", "grow", "peek_window"], ["BaseLedger"]], "BaseLedger": [["flush_rows"], []]},
    "history": {
        "releases": ["4.40.2", "4.41.2", "4.42.4", "5.0.0"],
        "names": {"retired_helper": [[0, 1]], "returned_helper": [[0, 0], [3, 3]], "fresh_helper": [[2, 3]],
                  "seal": [[0, 1]], "peek_window": [[0, 0], [3, 3]], "grow": [[2, 3]]},
        "classes": {
            "LedgerCache": {"at": [[0, 3]], "bases": {"BaseLedger": [[0, 3]]},
                            "members": {"__init__": [[0, 3]], "peek_window": [[0, 0], [3, 3]], "grow": [[2, 3]],
                                        "__getattr__": [[2, 2]]}},
            "BaseLedger": {"at": [[0, 3]], "bases": {}, "members": {"flush_rows": [[0, 3]], "seal": [[0, 1]]}}},
        # what ``from transformers.models.ledger.ledger_utils import …`` finds in each release (moved_helper moved
        # elsewhere)
        "modules": {"models.ledger.ledger_utils": {"at": [[0, 3]], "always": ["steady_helper"],
                                     "names": {"moved_helper": [[0, 1]], "gap_helper": [[0, 0], [3, 3]],
                                               "new_helper": [[2, 3]]}}}}}


@pytest.fixture
def releases_read(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from hf_doctor.checks import explain as module

    cached = (module._transformers_api, module._spellings, module._removed_member, module._removed_name,
              module._added_in, module._class_at, module._in_module)
    monkeypatch.setattr(module, "_recorded_api", lambda: _RELEASES_READ)
    monkeypatch.setattr(module, "_history", lambda: _RELEASES_READ["history"])
    for function in cached:
        function.cache_clear()
    yield
    for function in cached:
        function.cache_clear()


@pytest.mark.parametrize("asked, removed, back", [
    ("'LedgerCache' object has no attribute 'peek_window'", "4.41", "5.0"),
    ("'LedgerCache' object has no attribute 'seal'", "4.42", None),
    ("cannot import name 'returned_helper' from 'transformers'", None, None),
    ("cannot import name 'retired_helper' from 'transformers'", "4.42", None),
    ("'LedgerCache' object has no attribute 'grow'", None, None),
    ("cannot import name 'fresh_helper' from 'transformers'", None, None)])
def test_the_releases_read_say_when_a_name_was_removed_and_what_brings_it_back(
        releases_read: None, asked: str, removed: Optional[str], back: Optional[str]) -> None:
    """A name or a core class's member some release had and a later one lacked was removed there: the answer names
    the release that removed it and installs one that has it. A member the newest release has again was still
    removed from the releases between (the newest installs it); a name it defines again is not read as removed (it
    may be defined again elsewhere, as something else). One that only the older releases lack was added."""
    from hf_doctor.checks.i18n import english

    found = explain(f"AttributeError: {asked}" if "attribute" in asked else f"ImportError: {asked}")
    assert (found.cause == causes.TRANSFORMERS_TOO_NEW) is (removed is not None)
    if removed is None:
        return
    name = re.findall(r"'(\w+)'", asked)
    shown = ".".join(name) if "attribute" in asked else name[0]
    if back is None:
        last = {"4.42": "4.41", "4.41": "4.40"}[removed]
        assert found.summary == Msg("cause.transformers_too_new.removed_in.explain", name=shown, last=last, removed=removed)
        assert found.fix.commands == (f'python -m pip install "transformers<{removed}"',)
    else:
        assert found.summary == Msg("cause.transformers_too_new.removed_between.explain", name=shown, removed=removed,
                                    back=back)
        assert found.fix.commands == (f'python -m pip install -U "transformers>={back}"',)
    assert f"`{shown}`" in english(found.fix.text)


@pytest.mark.parametrize("name, cause, summary", [
    ("moved_helper", causes.TRANSFORMERS_TOO_NEW, ("removed_in", {"last": "4.41", "removed": "4.42"})),
    ("gap_helper", causes.TRANSFORMERS_TOO_NEW, ("removed_between", {"removed": "4.41", "back": "5.0"})),
    ("new_helper", causes.TRANSFORMERS_TOO_OLD, ("added_in", {"added": "4.42"})),
    ("steady_helper", None, None),
    ("returned_helper", None, None)])
def test_a_name_imported_from_a_module_file_is_judged_by_that_files_releases(
        releases_read: None, name: str, cause: Optional[str], summary: Optional[Tuple[str, Dict[str, str]]]) -> None:
    """``from transformers.models.ledger.ledger_utils import x`` finds what that file binds: a name gone from it is
    removed even where transformers defines it elsewhere since (moved), one back in the newest release was removed
    from the releases between, one only older releases lack there came later (an old transformers); one it has in
    every release read is no version's fault, and one it never had is left to what transformers defines anywhere."""
    text = (f"ImportError: cannot import name '{name}' from 'transformers.models.ledger.ledger_utils' "
            "(/usr/lib/python3.11/site-packages/transformers/models/ledger/ledger_utils.py)\n")
    found = explain(text)
    if cause is None:
        assert found.cause not in (causes.TRANSFORMERS_TOO_NEW, causes.TRANSFORMERS_TOO_OLD)
        return
    assert found.cause == cause and summary is not None
    kind, fields = summary
    # the name is shown with its module's own name: the whole dotted path would not fit a line
    assert found.summary == Msg(f"cause.{cause}.{kind}.explain", name=f"ledger_utils.{name}", **fields)


@pytest.mark.parametrize("keys, too_new", [
    ('"roberta.embeddings.position_ids"', True),
    ('"model.text_encoder.embeddings.position_ids", "model.vision.embeddings.position_ids"', True),
    ('"bert.embeddings.position_ids", "classifier.weight", "classifier.bias"', False),
    ('"lm_head.weight"', False)])
@pytest.mark.parametrize("kind", ["Missing", "Unexpected"])
def test_a_state_dict_off_only_by_position_ids_was_saved_with_another_transformers(
        keys: str, too_new: bool, kind: str) -> None:
    """transformers 3.1 saved the embeddings' position_ids buffer and 4.31 stopped: a strict load that trips on it
    alone is a checkpoint and a transformers of different eras. Other keys off is another story."""
    text = (f"RuntimeError: Error(s) in loading state_dict for RobertaForSequenceClassification:\n\t{kind} key(s) in "
            f"state_dict: {keys}. ")
    found = explain(text)
    assert (found.cause == causes.TRANSFORMERS_TOO_NEW) is too_new
    if too_new:      # its own explanation and fix (strict=False), not the generic "written for transformers 4"
        assert found.fix.text == Msg("cause.transformers_too_new.position_ids.fix")
        assert found.evidence == (f"{kind} key(s) in state_dict: {keys}.",)


@pytest.mark.parametrize("text, cause", [
    ("pkg_resources.DistributionNotFound: The 'torch>=2.1,<2.3' distribution was not found and is required by vllm",
     causes.LIBRARY_CONFLICT),
    ("pkg_resources.ContextualVersionConflict: (tokenizers 0.13.3 (/usr/lib/python3/site-packages), "
     "Requirement.parse('tokenizers<0.13,>=0.11.1'), {'transformers'})", causes.LIBRARY_CONFLICT),
    ("DEPRECATION: Python 2.7 reached the end of its life on January 1st, 2020. Please upgrade your Python.\n"
     "ERROR: Could not find a version that satisfies the requirement torch (from versions: none)\n"
     "ERROR: No matching distribution found for torch", causes.PYTHON_TOO_OLD),
    ("ValueError: You are trying to load the model files of the `variant=bf16`, but no such modeling files are "
     "available.", causes.REVISION_OR_FILE_NOT_FOUND),
    ("ValueError: 'use_cuda' set to True when cuda is unavailable. Make sure CUDA is available or set use_cuda=False.",
     causes.GPU_MISSING),
    ("  × No solution found when resolving dependencies:\n  ╰─▶ Because vllm==0.6.0 depends on torch==2.4.0 and you "
     "require torch==2.5.1, we can conclude that your requirements are unsatisfiable.", causes.LIBRARY_CONFLICT),
    ("RuntimeError: `onnxruntime-gpu` is installed, but GPU dependencies are not loaded. It is likely there is a "
     "conflicting install between `onnxruntime` and `onnxruntime-gpu`.", causes.LIBRARY_CONFLICT)])
def test_setuptools_pip_diffusers_and_wrappers_own_sentences(text: str, cause: str) -> None:
    """pkg_resources finding a requirement's version range unmet, pip warning that the Python reached its end of
    life before finding nothing to install, diffusers without the variant's weights, a wrapper's "cuda is
    unavailable", uv's resolver finding no solution, optimum finding two builds of onnxruntime."""
    assert explain(text).cause == cause


def test_a_distribution_missing_without_a_version_range_is_no_conflict() -> None:
    text = "pkg_resources.DistributionNotFound: The 'sentencepiece' distribution was not found and is required by app"
    assert explain(text).cause != causes.LIBRARY_CONFLICT


@pytest.mark.parametrize("text, cause", [
    ("AttributeError: No huggingface_hub attribute hf_api", causes.LIBRARY_CONFLICT),
    ("AttributeError: No huggingface_hub attribute HfFolder", causes.LIBRARY_CONFLICT),
    ("ERROR Failed to get JSON from https://huggingface.co/api/models/org/m/tree/main: CURL request failed: "
     "SSL connect error - curl_utils.cc:265", causes.NETWORK_OFFLINE),
    ("TypeError: fetch failed\n    at node:internal/deps/undici/undici:13502:13", causes.NETWORK_OFFLINE),
    ("ValueError: Backend should be defined in the BACKENDS_MAPPING. Offending backend: tf", causes.TRANSFORMERS_TOO_NEW),
    ("ValueError: Backends should be defined in the BACKENDS_MAPPING. Offending backend: flax",
     causes.TRANSFORMERS_TOO_NEW),
    ("`cutlassF` is not supported because:\n    dtype=torch.bfloat16 (supported: {torch.float32})\n"
     "    bf16 is only supported on A100+ GPUs", causes.BF16_UNSUPPORTED)])
def test_the_libraries_and_clients_own_sentences(text: str, cause: str) -> None:
    """huggingface_hub's lazy module, curl's and Node's failed connections, transformers 5 without a TensorFlow or
    Flax backend, xformers refusing bf16 below an A100."""
    assert explain(text).cause == cause


@pytest.mark.parametrize("path, damaged", [
    ("/root/.cache/huggingface/hub/models--org--m/snapshots/0123abcd/config.json", True),
    (r"C:\\Users\\me\\.cache\\huggingface\\hub\\models--org--m\\snapshots\\0123abcd\\model.safetensors", True),
    ("/home/u/.cache/torch/sentence_transformers/sbert.net_models_distilbert-base/modules.json", True),
    ("/home/u/data/train.jsonl", False), ("/root/.cache/huggingface/token", False)])
def test_a_file_missing_inside_a_cached_model_is_a_damaged_cache(path: str, damaged: bool) -> None:
    text = f"FileNotFoundError: [Errno 2] No such file or directory: '{path}'"
    assert (explain(text).cause == causes.CACHE_DAMAGED) is damaged


@pytest.mark.parametrize("text, cause", [
    ("_pickle.UnpicklingError: invalid load key, 'v'.", causes.CACHE_DAMAGED),
    ("Error: Could not create backend\n\nCaused by:\n    Could not start backend: Runtime compute cap 75 is not "
     "compatible with compile time compute cap 80", causes.TORCH_CUDA_MISMATCH),
    ("AssertionError: Flash Attention is not available, but is needed for dense attention", causes.LIBRARY_MISSING),
    ('ValueError: xformers is not available. Make sure it is installed correctly', causes.LIBRARY_MISSING),
    ("AttributeError: 'InternLM2ForCausalLM' object has no attribute 'generate'", causes.TRANSFORMERS_TOO_NEW),
    ("AttributeError: 'GPT2LMHeadModel' object has no attribute 'generate'", causes.TRANSFORMERS_TOO_OLD),
    ('  File "/usr/local/lib/python3.10/dist-packages/torch/nn/modules/module.py", line 585, in __getattr__\n'
     "    type(self).__name__, name))\nAttributeError: 'LlamaForCausalLM' object has no attribute 'generate'",
     causes.TRANSFORMERS_TOO_OLD),
    ("/usr/local/lib/python3.10/dist-packages/transformers/models/auto/configuration_auto.py in __getitem__(self, key)"
     "\n    709 if key not in self._mapping:\n--> 710 raise KeyError(key)", causes.TRANSFORMERS_TOO_OLD),
    ("Loading checkpoint shards:   0% 0/2 [00:00<?, ?it/s]^C", causes.CPU_RAM_OOM),
    ("[ERROR]An error happened while trying to locate the files on the Hub and we cannot find the appropriate "
     "snapshot folder for the specified revision on the local disk. Please check your internet connection and try "
     "again.", causes.NETWORK_OFFLINE)])
def test_more_of_the_libraries_words_and_shapes(text: str, cause: str) -> None:
    """A git-lfs pointer unpickled, a build for another compute capability, a kernel package an app checks for,
    a model class without generate() (a release's class: an old transformers; one of its own: written before
    4.50), transformers' type mapping refusing a key, shards loading when the process was killed, a library
    sentence of an older release that had one comma less."""
    assert explain(text).cause == cause


def test_a_kernel_package_not_available_on_a_gpu_is_no_missing_package() -> None:
    assert explain("RuntimeError: FlashAttention is not available on this GPU (sm_75)").cause != causes.LIBRARY_MISSING


@pytest.mark.parametrize("text, oom", [
    ("Loading weights [abc123] from /content/models/v1-5.ckpt\n^C\n\n", True),
    ("Creating model from config: /content/configs/sd_xl_base.yaml\n^C", True),
    ("Loading weights [abc123] from /home/me/models/v1-5.ckpt\n^C\n", False),
    ("Kernel Restarting\nThe kernel for llama/1.ipynb appears to have died. It will restart automatically.", True),
    ("WARNING:root:kernel 2d2b999f restarted\nKernelRestarter: restarting kernel (1/5), keep random ports", True)])
def test_a_colab_cell_cut_short_or_a_kernel_that_died_is_memory(text: str, oom: bool) -> None:
    """Colab's bare ^C at the end of a cell (whatever blank lines the paste kept after it), Jupyter's and Colab's
    kernel that died: the system's answer to a process out of memory, only hints. A ^C outside Colab is a person."""
    assert (explain(text).cause == causes.CPU_RAM_OOM) is oom


def test_a_person_pressing_ctrl_c_while_the_shards_load_is_no_memory_kill() -> None:
    text = ("Loading checkpoint shards:  50% 1/2 [00:03<00:03, 3.1s/it]^C\nTraceback (most recent call last):\n"
            '  File "/app/run.py", line 3, in <module>\nKeyboardInterrupt\n')
    assert explain(text).cause != causes.CPU_RAM_OOM


@pytest.mark.parametrize("library, conflict", [("torch_xla/_XLAC.cpython-311-x86_64-linux-gnu.so", True),
                                               ("somepkg/_C.cpython-310-x86_64-linux-gnu.so", True),
                                               ("torch/lib/libtorch_cuda.so", False)])
def test_an_installed_extension_missing_a_torch_symbol_was_built_for_another_torch(library: str, conflict: bool) -> None:
    """Any installed package's compiled extension that needs a torch C++ symbol this torch lacks was built against
    another torch; torch's own library missing one is no such pair."""
    text = (f"ImportError: /home/ray/anaconda3/lib/python3.11/site-packages/{library}: undefined symbol: "
            "_ZN5torch8autograd12VariableInfoC1ERKN2at6TensorE")
    assert (explain(text).cause == causes.LIBRARY_CONFLICT) is conflict


@pytest.mark.parametrize("cls, argument, too_new", [("LlamaDecoderLayer", "layer_idx", True),
                                                    ("LlamaAttention", "layer_idx", True),
                                                    ("LlamaForCausalLM", "config", False),
                                                    ("MyDecoderLayer", "layer_idx", False)])
def test_a_transformers_class_asking_for_an_argument_its_caller_lacks_is_code_for_an_older_one(
        cls: str, argument: str, too_new: bool) -> None:
    """A repo's or an app's copy of a model building transformers' classes the way an older release did: the
    newest one requires an argument it does not pass. Not `config`, which models always required, nor a class of
    the code's own."""
    text = f"TypeError: {cls}.__init__() missing 1 required positional argument: '{argument}'"
    assert (explain(text).cause == causes.TRANSFORMERS_TOO_NEW) is too_new


@pytest.mark.parametrize("path", ["/home/app/cache_root/huggingface", "/data/.cache/huggingface/hub"])
def test_a_cache_folder_refused_without_quotes_is_not_writable(path: str) -> None:
    assert explain(f"PermissionError: Permission denied: {path}").cause == causes.CACHE_NOT_WRITABLE


@pytest.mark.parametrize("sentence", [
    "ERROR: {a} 2.0.18 has requirement {b}<1.3,>=1.1, but you'll have {b} 1.3.1 which is incompatible.",
    "{a} 0.17.9 requires {b}<10.0dev,>=3.0.0, but you have {b} 10.0.1 which is incompatible.",
    "ERROR: pip's dependency resolver does not currently take into account all the packages that are installed. "
    "This behaviour is the source of the following dependency conflicts. {a} 1.4.2 requires {b}~=2.1, but you have "
    "{b} 3.0.0 which is incompatible.",
])
@pytest.mark.parametrize("a, b", [("fastai", "fastcore"), ("pandas-gbq", "pyarrow"), ("tensorflow", "keras")])
def test_pips_conflict_between_any_two_packages_is_a_hint_any_error_outranks(sentence: str, a: str, b: str) -> None:
    """pip's sentence of a conflict names the conflict, whatever the two packages; outside the Hugging Face stack it
    may be one of Colab's unrelated ones, so an error that follows it decides."""
    warning = sentence.format(a=a, b=b) + "\n"
    found = explain(warning)
    assert found.cause == causes.LIBRARY_CONFLICT and found.confidence == "low"
    # the line shown is the one that names the two packages, also when pip's preamble is a line of its own
    preamble, _, conflict = warning.rpartition("conflicts. ")
    shown = explain(f"{preamble}conflicts.\n{conflict}" if preamble else warning).evidence
    assert any(a in line and b in line for line in shown), shown
    oom = "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB.\n"
    assert explain(warning + "Traceback (most recent call last):\n" + oom).cause == causes.CUDA_OOM


@pytest.mark.parametrize("advice", [
    "consider setting trust_remote_code=True in LLM or using the --trust-remote-code flag in the CLI.",
    "Consider passing `trust_remote_code=True`.",
    "consider using --trust-remote-code when you start the server",
])
def test_advice_to_trust_remote_code_names_remote_code(advice: str) -> None:
    text = f"RuntimeError: Failed to load the tokenizer. If the tokenizer is a custom tokenizer, {advice}\n"
    assert explain(text).cause == causes.REMOTE_CODE


@pytest.mark.parametrize("kind, packages", [("metric", "['seqeval']"), ("dataset", "['librosa', 'soundfile']")])
def test_datasets_request_to_install_a_scripts_dependencies_is_a_missing_library(kind: str, packages: str) -> None:
    """datasets' load.py (1.x, 2.x): a metric's or a dataset's script imports packages that are not installed."""
    names = " ".join(re.findall(r"'(\w+)'", packages))
    text = (f"ImportError: To be able to use this {kind}, you need to install the following dependencies{packages} "
            f"using 'pip install {names}' for instance'\n")
    assert explain(text).cause == causes.LIBRARY_MISSING


@pytest.mark.parametrize("library, conflict", [("libtorch_cuda_cpp.so", True), ("libtorch_cuda_cu.so", True),
                                               ("libcudart.so.11.0", False)])
def test_an_extension_asking_for_a_library_of_torchs_old_split_cuda_build_was_built_for_another_torch(
        library: str, conflict: bool) -> None:
    """torch 1.8 to 1.12 split libtorch_cuda.so in two; an extension built against them (flash-attn, a compiled op)
    asks for a library later releases do not ship. A CUDA runtime library missing is the CUDA install."""
    text = ('  File "/usr/local/lib/python3.10/dist-packages/flash_attn/flash_attn_interface.py", line 5, in <module>\n'
            "    import flash_attn_2_cuda as flash_attn_cuda\n"
            f"ImportError: {library}: cannot open shared object file: No such file or directory\n")
    assert (explain(text).cause == causes.LIBRARY_CONFLICT) is conflict
