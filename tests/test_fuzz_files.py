"""Property tests of the files hf-doctor reads from outside: class reports (`summarize`) and course profiles
(`check --profile`). Whatever their shape, size, nesting or encoding: never an exception, a bad file named in one
line with its field, the good ones still summarized, nothing a terminal would act on printed, no NaN written."""
from __future__ import annotations

import csv
import io
import json
import math
import re
from pathlib import Path
from typing import Any, List

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hf_doctor.checks.profile import Profile, ProfileError, judge, load as load_profile
from hf_doctor.checks.registry import all_checks
from hf_doctor.i18n import Speaker
from hf_doctor.summarize.aggregating import aggregate
from hf_doctor.summarize.as_csv import FORMULA_STARTS, render_csv
from hf_doctor.summarize.as_html import render_html
from hf_doctor.summarize.as_text import render_text
from hf_doctor.summarize.reading import load

from .test_summarize import report

pytestmark = pytest.mark.slow   # minutes in all: see README, Development

EN, KO = Speaker("en"), Speaker("ko")
IDS = [check.id for check in all_checks("some/model", smoke=True)]
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]")   # what a terminal acts on (the line break aside)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                             HealthCheck.too_slow])

# Text with what hostile files carry: escapes, formulas, Hangul, lone surrogates, bidi overrides.
hostile_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["\x1b]0;owned\x07", "\x1b[2J", "=HYPERLINK(\"x\")", "+cmd|' /C calc'!A0", "@SUM(A1)", "\t=1",
                     "김민준", "\ud800", "\u202eevil", "ready", "fail", "warn", "gpu.device", "model.generate", ""]))
huge_number = st.one_of(st.integers(), st.integers(min_value=10 ** 300, max_value=10 ** 400),
                        st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([-1, 0, 10 ** 400]))
json_values = st.recursive(st.one_of(st.none(), st.booleans(), huge_number, hostile_text),
                           lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                   st.dictionaries(hostile_text, inner, max_size=4)),
                           max_leaves=12)
REPORT_KEYS = ["student", "user", "profile", "model", "created_at", "simulated_gpu", "verdict", "checks", "schema"]
CHECK_KEYS = ["id", "status", "cause", "data"]
DATA_KEYS = ["count", "gpus", "simulated", "decode_tokens_per_s", "device", "gpu_name"]


@st.composite
def broken_report(draw: st.DrawFn) -> bytes:
    """A real report with some of its values replaced by anything, or a whole document of anything, in one of
    the encodings a student's machine may write."""
    body: Any = report(draw(hostile_text), "ready", speed=draw(st.floats(0.1, 500)))
    for _ in range(draw(st.integers(0, 4))):
        where = draw(st.sampled_from(["top", "check", "data"]))
        value = draw(json_values)
        if where == "top":
            body[draw(st.sampled_from(REPORT_KEYS))] = value
        elif isinstance(body.get("checks"), list) and body["checks"]:
            check = body["checks"][draw(st.integers(0, len(body["checks"]) - 1))]
            if isinstance(check, dict) and where == "check":
                check[draw(st.sampled_from(CHECK_KEYS))] = value
            elif isinstance(check, dict) and isinstance(check.get("data"), dict):
                check["data"][draw(st.sampled_from(DATA_KEYS))] = value
    if draw(st.integers(0, 9)) == 0:
        body = draw(json_values)
    text = json.dumps(body, ensure_ascii=draw(st.booleans()))
    if draw(st.integers(0, 19)) == 0:
        text = text[: draw(st.integers(0, len(text)))]          # cut short
    if draw(st.integers(0, 19)) == 0:
        text = '{"schema": "hf-doctor.report/1", "checks": ' + "[" * 100_000   # nested beyond any parser
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "latin-1"]))
    return text.encode(encoding, "surrogatepass" if encoding.startswith("utf-8") else "replace")


CASES: List[int] = [0, 0]   # reports, profiles tried: the tally of the closing note


@SETTINGS
@given(files=st.lists(broken_report(), min_size=1, max_size=3))
def test_no_report_file_breaks_the_class_summary(tmp_path: Path, files: List[bytes]) -> None:
    CASES[0] += len(files)
    folder = tmp_path / f"class{CASES[0]}"
    folder.mkdir()
    (folder / "000-good.json").write_text(json.dumps(report("alice", "ready", speed=20.0)), encoding="utf-8")
    for index, raw in enumerate(files):
        (folder / f"{index:03}-student.json").write_bytes(raw)
    loaded, skipped = load([folder])
    assert len(loaded) + len(skipped) == len(files) + 1
    summary = aggregate(loaded, skipped)
    assert "alice" in [row.student for row in summary.rows]            # the good one is always summarized
    for say in (EN, KO):
        text = render_text(summary, say, width=80) + render_text(summary, say)
        assert not RAW.search(text), repr(RAW.search(text))
        for item in skipped:                                            # one line, naming the file
            said = say(item.message)
            assert "\n" not in said and len(said) < 400, said
        render_html(summary, say).encode("utf-8", "replace")
    for row in list(csv.reader(io.StringIO(render_csv(summary), newline="")))[1:]:
        assert all(not cell.lstrip(" \t\r\n")[:1] or cell.lstrip(" \t\r\n")[0] not in FORMULA_STARTS for cell in row)
    for row in summary.rows:
        assert row.tokens_per_s is None or math.isfinite(row.tokens_per_s)


# ----------------------------------------------------------------------------------------- profiles

PROFILE_KEYS = ["name", "model", "min_python", "gpu_required", "min_gpu_memory_gb", "dtype", "max_generation_s",
                "min_tokens_per_s", "must_pass", "gpus"]


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    return json.dumps(value)   # a TOML basic string is a JSON string, \u escapes included


toml_values = st.recursive(
    st.one_of(st.booleans(), huge_number, hostile_text, st.sampled_from(IDS + ["float16", "4bit", "3.10", "a/b"])),
    lambda inner: st.lists(inner, max_size=3), max_leaves=8)


@st.composite
def profile_file(draw: st.DrawFn) -> bytes:
    lines = [f'name = {toml_value(draw(hostile_text))}'] if draw(st.booleans()) else []
    for key in draw(st.lists(st.sampled_from(PROFILE_KEYS), max_size=5, unique=True)):
        lines.append(f"{key} = {toml_value(draw(toml_values))}")
    if draw(st.integers(0, 9)) == 0:
        lines.append("must_pass = " + "[" * draw(st.integers(100, 6000)) + "]" * 3)
    text = "\n".join(lines) + "\n"
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]))
    raw = text.encode(encoding, "surrogatepass" if encoding.startswith("utf-8") else "replace")
    return draw(st.binary(max_size=40)) if draw(st.integers(0, 14)) == 0 else raw


@SETTINGS
@given(raw=profile_file())
def test_no_profile_file_is_more_than_a_one_line_error(tmp_path: Path, raw: bytes) -> None:
    CASES[1] += 1
    path = tmp_path / "course.toml"
    path.write_bytes(raw)
    try:
        profile = load_profile(str(path), IDS)
    except ProfileError as error:
        for say in (EN, KO):
            said = say(error.message)
            assert "\n" not in said and "course.toml" in said and len(said) < 600, said
        return
    assert isinstance(profile, Profile) and profile.name.isprintable()
    for key in ("min_gpu_memory_gb", "max_generation_s", "min_tokens_per_s"):
        value = getattr(profile, key)
        assert value is None or (isinstance(value, float) and math.isfinite(value) and value > 0)
    json.dumps(profile.to_json(), allow_nan=False)
    judge(profile, [])
