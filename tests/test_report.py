"""Reports for sharing: what they carry (a chosen name), what they never carry, and their Markdown form."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from typing import Any, Dict, Sequence

from hf_doctor.checks import __version__, causes
from hf_doctor.checks.report import HIDDEN_USER, SCHEMA, Report
from hf_doctor.checks.result import CheckResult, Fix, Status
from hf_doctor.checks.text import Msg, from_json
from hf_doctor.i18n import Speaker
from hf_doctor.markdown import render_markdown

NOW = dt.datetime(2026, 11, 24, 20, 0, tzinfo=dt.timezone.utc)
HOME = "/home/minji"
RESULTS = [
    CheckResult("disk.space", Msg("common.check.disk.space"), Status.PASS,
                f"40.0 GiB free for the Hub cache ({HOME}/.cache/hub)", data={"path": f"{HOME}/.cache/hub"}),
    CheckResult("hub.token", Msg("common.check.hub.token"), Status.PASS,
                Msg("hub.token.valid", masked="hf_…Ab12", source=Msg("hub.source.saved_login"), user="kim-minji",
                    kind="read"),
                details=("user kim-minji belongs to no organization",), data={"user": "kim-minji", "role": "read"}),
    CheckResult("hub.access", Msg("common.check.hub.access"), Status.FAIL, "meta-llama/Llama-3.1-8B: awaiting | review",
                cause=causes.GATED_PENDING, fix=Fix("Wait for the authors.", commands=("hf auth whoami",),
                                                     url="https://huggingface.co/settings/gated-repos")),
]


def build_report(results: Sequence[CheckResult], now: dt.datetime, lang: str = "en", home: str = HOME,
                 **facts: Any) -> Dict[str, Any]:
    return Report(tuple(results), now, **facts).to_json(Speaker(lang), home=home)


def test_a_shared_report_names_the_student_and_not_the_hub_user() -> None:
    report = build_report(RESULTS, NOW, model="meta-llama/Llama-3.1-8B", student="Minji (group B)", home=HOME)
    assert report["schema"] == SCHEMA and report["student"] == "Minji (group B)" and report["user"] is None
    text = json.dumps(report, ensure_ascii=False)
    assert "kim-minji" not in text and "/home/minji" not in text
    token = next(c for c in report["checks"] if c["id"] == "hub.token")
    assert token["summary"] == f"hf_…Ab12 from saved login: valid, user {HIDDEN_USER}, read token"
    assert token["data"]["user"] is None
    assert token["messages"]["summary"]["params"]["user"] == HIDDEN_USER   # the message form forgets it too
    assert report["checks"][0]["data"]["path"] == "~/.cache/hub"


def test_include_user_keeps_the_hub_user_name() -> None:
    report = build_report(RESULTS, NOW, include_user=True, home=HOME)
    assert report["user"] == "kim-minji"
    assert "user kim-minji" in report["checks"][1]["summary"]


def test_the_home_directory_is_only_replaced_as_a_whole_path_component() -> None:
    results = [CheckResult("disk.space", "Disk space", Status.PASS, f"{HOME}x and {HOME}/a and {HOME}")]
    summary = build_report(results, NOW, home=HOME)["checks"][0]["summary"]
    assert summary == f"{HOME}x and ~/a and ~"


def test_markdown_for_pasting_into_an_issue() -> None:
    report = build_report(RESULTS, NOW, model="meta-llama/Llama-3.1-8B", student="Minji", home=HOME,
                          profile={"name": "NLP 101", "file": "course.toml", "sha256": "0" * 64})
    text = render_markdown(Speaker("en"), report)
    lines = text.splitlines()
    assert lines[0] == f"### hf-doctor {__version__} · not ready"
    assert "**Student:** Minji" in lines[2] and "**Profile:** NLP 101" in lines[2]
    assert "| ❌ | Model access | meta-llama/Llama-3.1-8B: awaiting \\| review |" in lines
    assert "- **Model access** (`gated_pending`): Wait for the authors." in lines
    assert "  hf auth whoami" in lines and "  <https://huggingface.co/settings/gated-repos>" in lines
    assert "kim-minji" not in text


def test_markdown_in_korean() -> None:
    report = build_report(RESULTS, NOW, lang="ko", student="민지")
    text = render_markdown(Speaker("ko"), report)
    assert text.startswith(f"### hf-doctor {__version__} · 준비 안 됨") and "**학생:** 민지" in text
    assert "**해결 방법**" in text


def test_every_text_keeps_its_message_id_and_parameters_so_it_can_be_said_again_in_another_language() -> None:
    korean = build_report(RESULTS, NOW, lang="ko", include_user=True)
    assert korean["lang"] == "ko"
    token = korean["checks"][1]
    assert token["title"] == "Hub 토큰" and "사용자 kim-minji" in token["summary"]
    assert token["messages"]["title"] == {"id": "common.check.hub.token", "params": {}}
    assert token["messages"]["summary"]["id"] == "hub.token.valid"
    assert token["messages"]["details"] == ["user kim-minji belongs to no organization"]   # a plain text stays
    english = Speaker("en")
    assert english(from_json(token["messages"]["summary"])) == (
        "hf_…Ab12 from saved login: valid, user kim-minji, read token")
    access = korean["checks"][2]
    assert access["messages"]["fix"] == "Wait for the authors." and access["fix"]["text"] == "Wait for the authors."


def test_a_user_name_that_looks_like_a_message_id_part_leaves_the_ids_alone() -> None:
    results = [CheckResult("hub.token", Msg("common.check.hub.token"), Status.PASS,
                           Msg("hub.token.valid", masked="hf_…Ab12", source="HF_TOKEN", user="hub", kind="read"),
                           data={"user": "hub"})]
    token = build_report(results, NOW)["checks"][0]
    assert token["messages"]["summary"]["id"] == "hub.token.valid"
    assert token["messages"]["summary"]["params"]["user"] == HIDDEN_USER


def test_markdown_shows_escape_sequences_from_outside_and_keeps_each_value_on_its_line() -> None:
    """Issue 14 item 4: `--markdown` prints to the terminal; a Hub message, a fix command or a student's name with
    an escape sequence or a line break came out raw."""
    results = [CheckResult("hub.access", "Model access", Status.FAIL, "said: \x1b]0;owned\x07 ok\nsecond",
                           cause=causes.GATED_PENDING, fix=Fix("Ask \x1b[2J", commands=("hf download a\rb\n# x",),
                                                                url="https://x\x1b[2J"))]
    text = render_markdown(Speaker("en"), build_report(results, NOW, student="eve\x1b[31m", model="a/b\x1b[H"))
    assert not any(ch in text for ch in "\x1b\x07\r"), repr(text)
    assert "said: \\x1b\\]0;owned\\x07 ok second" in text and "eve\\x1b\\[31m" in text and "a/b\\x1b[H" in text
    assert "  hf download a\\rb\\n# x" in text.splitlines()


def test_a_report_never_holds_nan_or_infinity() -> None:
    """Issue 14 item 11 / deliverable 3: a profile's nan or a measured infinity was written as NaN/Infinity,
    which is not JSON. Such a number is null in the report, and what is written is strict JSON."""
    from hf_doctor.checks.report import dumps

    results = [CheckResult("model.generate", "Generation", Status.PASS, "ok",
                           data={"decode_tokens_per_s": float("inf"), "ratio": float("nan"), "list": [1.5, float("-inf")]})]
    report = build_report(results, NOW, profile={"name": "x", "requirements": {"min_tokens_per_s": float("nan")}})
    text = dumps(report)
    assert "NaN" not in text and "Infinity" not in text
    data = json.loads(text, parse_constant=lambda name: pytest.fail(f"{name} in the report"))["checks"][0]["data"]
    assert data == {"decode_tokens_per_s": None, "ratio": None, "list": [1.5, None]}
    assert report["profile"]["requirements"]["min_tokens_per_s"] is None
