"""`hf-doctor summarize`: a class of generated reports, broken files beside them, every output, a real browser."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

import pytest
from click.testing import CliRunner

from hf_doctor.checks.engine import run_checks
from hf_doctor.checks.registry import all_checks
from hf_doctor.checks.report import SCHEMA, Report
from hf_doctor.i18n import Speaker
from hf_doctor.summarize import as_csv, summarize
from hf_doctor.summarize.aggregating import Summary, aggregate
from hf_doctor.summarize.as_csv import CSV_COLUMNS, render_csv, write_csv
from hf_doctor.summarize.as_html import render_html
from hf_doctor.summarize.as_text import render_text
from hf_doctor.summarize.reading import load
from hf_doctor.textui import display_width

from .browser import BROWSER_TIMEOUT_S
from .fakes import NOW, FakeContext, en

ROOT = Path(__file__).resolve().parent.parent
EN, KO = Speaker("en"), Speaker("ko")
T4, A100 = "Tesla T4", "NVIDIA A100-SXM4-80GB"
HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff]")


# ----------------------------------------------------------------------------------------- a class of reports


def report(student: Optional[str], verdict: Optional[str], *, gpu: Optional[str] = T4, count: int = 1,
           simulated: Optional[str] = None, problems: Sequence[Tuple[str, str, Optional[str]]] = (),
           speed: Optional[float] = None, device: str = "cuda", **top: Any) -> Dict[str, Any]:
    """A report as `hf-doctor check --report` writes it; ``problems`` are (check id, status, cause)."""
    gpus = [{"index": i, "name": gpu, "memory_total": 15 * 1024**3, "memory_free": None,
             "compute_capability": [7, 5], "known_as": None} for i in range(count if gpu else 0)]
    checks: List[Dict[str, Any]] = [
        _check("python.version", "pass"),
        _check("gpu.device", "pass" if gpu else "warn", None if gpu else "gpu_missing",
               {"count": len(gpus), "gpus": gpus, "driver_version": None, "cuda_driver_version": None,
                "source": "simulated" if simulated else "nvml", "simulated": bool(simulated)}),
    ]
    checks += [_check(check, status, cause) for check, status, cause in problems]
    if speed is not None:
        checks.append(_check("model.generate", "pass", None,
                             {"device": device, "gpu_name": gpu if device == "cuda" else None,
                              "decode_tokens_per_s": speed, "new_tokens": 64}))
    body: Dict[str, Any] = {"schema": SCHEMA, "tool": {"name": "hf-doctor", "version": "0.1.0"},
                            "created_at": "2026-11-24T20:00:00+00:00", "model": "meta-llama/Llama-3.2-1B-Instruct",
                            "simulated_gpu": simulated, "verdict": verdict, "checks": checks}
    if student is not None:
        body["student"] = student
    if verdict is None:
        del body["verdict"]
    body.update(top)
    return body


def _check(check_id: str, status: str, cause: Optional[str] = None, data: Optional[dict] = None) -> Dict[str, Any]:
    return {"id": check_id, "title": check_id, "status": status, "summary": "…", "details": [], "cause": cause,
            "fix": None if cause is None else {"text": "…", "commands": [], "url": None}, "data": data or {},
            "duration_s": 0.01}


GATED = ("hub.access", "fail", "gated_not_requested")
BF16 = ("gpu.bf16", "warn", "bf16_unsupported")

# file name -> report. 13 reports, 12 distinct students (김민준 twice), one named by its file only.
CLASS: Dict[str, Dict[str, Any]] = {
    "01.json": report("김민준", "ready", speed=21.5, user="minjun", profile={"name": "colab-t4"}),
    "02.json": report("이서연", "ready", speed=19.0),
    "03.json": report("박지호", "ready_with_warnings", gpu=None, speed=2.5, device="cpu"),
    "04.json": report("최유나", "not_ready", problems=[GATED]),
    "05.json": report("alice", "not_ready", gpu="NVIDIA L4", problems=[("hub.token", "fail", "token_invalid"), GATED]),
    "06.json": report("bob", "ready_with_warnings", problems=[BF16], speed=20.0),
    "07.json": report("정하은", "ready_with_warnings", simulated="T4", problems=[BF16]),
    "kim_retry.json": report("김민준 ", "not_ready", problems=[("model.fit", "fail", "cuda_oom")]),
    "carol_report.json": report(None, "ready", gpu=A100, speed=80.0),
    "10.json": report("dave", "ready", gpu=A100, count=2, speed=90.0),
    "11.json": report("한지민", "not_ready", problems=[GATED, BF16]),
    "12.json": report("eve", None, gpu=None, problems=[("torch.build", "error", None), GATED], user=None,
                      profile=None),
}

# file name -> (contents, the reason it is skipped)
BROKEN: Dict[str, Tuple[bytes, str]] = {
    "truncated.json": (b'{"schema": "hf-doctor.report/1", "checks": [', "invalid_json"),
    "list.json": (b"[1, 2, 3]", "not_object"),
    "foreign.json": (json.dumps({"schema": "other-tool/2", "checks": []}).encode(), "foreign_schema"),
    "no_checks.json": (json.dumps({"schema": SCHEMA, "verdict": "ready"}).encode(), "no_checks"),
    "empty.json": (b"", "empty"),
    "photo.json": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "not_text"),
}


def engine_report() -> Dict[str, Any]:
    """One report made by the real checks on a fake machine without a GPU (gpu.device warns gpu_missing)."""
    results = run_checks(all_checks(), FakeContext())
    return Report(tuple(results), NOW, student="frank").to_json(EN)


@pytest.fixture
def classroom(tmp_path: Path) -> Dict[str, Path]:
    """A folder of reports and broken files, one more broken file outside it, an empty folder, a missing path."""
    folder = tmp_path / "class"
    folder.mkdir()
    for name, body in CLASS.items():
        (folder / name).write_text(json.dumps(body, ensure_ascii=False, indent=2), encoding="utf-8")
    (folder / "frank.json").write_text(json.dumps(engine_report()), encoding="utf-8")
    (folder / "notes.txt").write_text("not a report, not a .json: ignored", encoding="utf-8")
    for name, (raw, _) in BROKEN.items():
        if name != "photo.json":
            (folder / name).write_bytes(raw)
    outside = tmp_path / "photo.json"
    outside.write_bytes(BROKEN["photo.json"][0])
    (tmp_path / "empty_folder").mkdir()
    return {"folder": folder, "outside": outside, "empty_folder": tmp_path / "empty_folder",
            "missing": tmp_path / "nope.json", "root": tmp_path}


def arguments(paths: Dict[str, Path]) -> List[str]:
    # The folder, one of its files again (one report, not a duplicate), and the odd ones.
    return [str(paths["folder"]), str(paths["folder"] / "02.json"), str(paths["outside"]),
            str(paths["empty_folder"]), str(paths["missing"])]


@pytest.fixture
def summary(classroom: Dict[str, Path]) -> Summary:
    loaded, skipped = load(arguments(classroom))
    return aggregate(loaded, skipped)


# ----------------------------------------------------------------------------------------- load and aggregate


def test_every_report_is_read_once_and_every_broken_file_is_skipped_with_its_reason(
        classroom: Dict[str, Path], summary: Summary) -> None:
    assert len(summary.rows) == len(CLASS) + 1
    reasons = {Path(s.path).name: s.reason for s in summary.skipped}
    expected = {name: reason for name, (_, reason) in BROKEN.items()}
    expected.update({"empty_folder": "no_reports_in_dir", "nope.json": "missing"})
    assert reasons == expected
    truncated = next(s for s in summary.skipped if s.reason == "invalid_json")
    assert truncated.params == {"line": 1, "column": 45}
    foreign = next(s for s in summary.skipped if s.reason == "foreign_schema")
    assert en(foreign.message) == "Not an hf-doctor report (schema: other-tool/2)."


def test_rows_carry_names_verdicts_gpus_problems_and_speeds(summary: Summary) -> None:
    rows = {(r.student, Path(r.file).name): r for r in summary.rows}
    assert [r.student for r in summary.rows] == sorted((r.student for r in summary.rows), key=str.casefold)
    carol = rows["carol_report", "carol_report.json"]          # no "student" key: the file's name
    assert (carol.gpu.name, carol.tokens_per_s, carol.generation_gpu) == (A100, 80.0, A100)
    dave = rows["dave", "10.json"]
    assert (dave.gpu.count, dave.gpu.simulated) == (2, False)
    haeun = rows["정하은", "07.json"]
    assert (haeun.gpu.name, haeun.gpu.simulated, haeun.tokens_per_s) == (T4, True, None)
    jiho = rows["박지호", "03.json"]
    assert (jiho.gpu.known, jiho.gpu.count, jiho.generation_gpu) == (True, 0, "CPU")
    alice = rows["alice", "05.json"]
    assert [p.label() for p in alice.failing] == ["hub.token (token_invalid)", "hub.access (gated_not_requested)"]
    assert alice.causes == ("token_invalid", "gated_not_requested")
    eve = rows["eve", "12.json"]
    assert eve.verdict == "not_ready"                          # no verdict key: decided from the statuses
    assert [p.label() for p in eve.failing] == ["torch.build", "hub.access (gated_not_requested)"]
    minjun = rows["김민준", "01.json"]
    assert (minjun.user, minjun.profile) == ("minjun", "colab-t4")


def test_the_same_name_twice_is_shown_twice_and_flagged(summary: Summary) -> None:
    flagged = [(r.student, Path(r.file).name) for r in summary.rows if r.duplicate]
    assert flagged == [("김민준", "01.json"), ("김민준", "kim_retry.json")]   # a trailing space does not hide it


def test_class_counts_causes_and_speeds(summary: Summary) -> None:
    frank = next(r for r in summary.rows if r.student == "frank")
    assert frank.verdict == "ready_with_warnings" and "gpu_missing" in frank.causes
    assert dict(summary.verdicts) == {"ready": 4, "ready_with_warnings": 4, "not_ready": 5}
    causes = {c.cause: (c.students, round(c.share, 3)) for c in summary.causes}
    assert causes["gated_not_requested"] == (4, round(4 / 13, 3))
    assert causes["bf16_unsupported"] == (3, round(3 / 13, 3))
    assert causes["cuda_oom"] == (1, round(1 / 13, 3))
    assert summary.causes[0].cause == "gated_not_requested" and summary.causes[0].checks == ("hub.access",)
    counts = [c.students for c in summary.causes]
    assert counts == sorted(counts, reverse=True)
    speeds = {s.gpu: (s.runs, s.median, s.minimum, s.maximum) for s in summary.speeds}
    assert speeds == {T4: (3, 20.0, 19.0, 21.5), A100: (2, 85.0, 80.0, 90.0), "CPU": (1, 2.5, 2.5, 2.5)}
    assert summary.speeds[0].gpu == T4


def test_a_report_with_odd_but_valid_values_is_read_without_surprises(tmp_path: Path) -> None:
    """A blank name (the file's name instead), no verdict (decided from the checks), a profile given by name,
    a NaN speed (as versions before strict JSON wrote one they could not measure) and an unknown check."""
    odd = report("  ", None, speed=float("nan"))
    odd["checks"] += [{"id": "hub.token", "status": "warn", "cause": None}, {"id": "new.check", "status": "skip"}]
    odd["profile"] = "just-a-name"
    path = tmp_path / "odd one.json"
    path.write_text(json.dumps(odd), encoding="utf-8")   # json writes NaN, as Python's json.dump did
    loaded, skipped = load([path])
    assert not skipped
    row = aggregate(loaded, skipped).rows[0]
    assert (row.student, row.verdict, row.tokens_per_s, row.profile) == ("odd one", "ready_with_warnings", None,
                                                                          "just-a-name")
    assert [p.label() for p in row.warnings] == ["hub.token"]


MALFORMED = [   # (how the report is broken, the field named, what the reason quotes)
    (lambda r: r["checks"][1]["data"].update(gpus=1), "checks[1].data.gpus", "1"),
    (lambda r: r["checks"][1]["data"].update(count=10 ** 400), "checks[1].data.count", "1000000000"),
    (lambda r: r["checks"][-1]["data"].update(decode_tokens_per_s=10 ** 400), "checks[2].data.decode_tokens_per_s",
     "100000"),
    (lambda r: r["checks"][-1]["data"].update(decode_tokens_per_s=-3), "checks[2].data.decode_tokens_per_s", "-3"),
    (lambda r: r["checks"][0].update(status=["fail"]), "checks[0].status", '["fail"]'),
    (lambda r: r["checks"][0].update(id=7), "checks[0].id", "7"),
    (lambda r: r["checks"][0].update(cause=3), "checks[0].cause", "3"),
    (lambda r: r["checks"].append("not a check"), "checks[3]", "not a check"),
    (lambda r: r.update(verdict="maybe"), "verdict", "maybe"),
    (lambda r: r.update(student=["eve"]), "student", '["eve"]'),
    (lambda r: r.update(student="e" * 5000), "student", "eeee"),
    (lambda r: r.update(profile={"name": {}}), "profile.name", "{}"),
]


@pytest.mark.parametrize("breaks, field, quoted", MALFORMED)
def test_a_malformed_report_is_named_with_its_field_and_the_class_is_still_summarized(
        tmp_path: Path, breaks: Any, field: str, quoted: str) -> None:
    """Issue 14 item 3: `gpus: 1`, a 400-digit speed or a status given as a list made the whole summary an
    internal error (exit 3, no CSV, no page). The broken report is left out, one line naming its file and field;
    the others are summarized and written."""
    bad = report("mallory", "ready", speed=20.0)
    breaks(bad)
    (tmp_path / "bad.json").write_text(json.dumps(bad), encoding="utf-8")
    (tmp_path / "good.json").write_text(json.dumps(report("alice", "ready", speed=20.0)), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    result = CliRunner().invoke(summarize, [str(tmp_path / "bad.json"), str(tmp_path / "good.json"), "--csv",
                                            str(out / "c.csv"), "--html", str(out / "c.html")], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    assert "alice" in result.stdout and "mallory" not in result.stdout
    reason = [line for line in result.stdout.splitlines() if "bad.json" in line]
    assert len(reason) == 1 and f"{field} is {quoted}" in reason[0], reason
    assert len(reason[0]) < 300
    rows = csv.DictReader(io.StringIO((out / "c.csv").read_text(encoding="utf-8-sig")))
    assert [row["student"] for row in rows] == ["alice"]
    assert "alice" in (out / "c.html").read_text(encoding="utf-8")


def test_a_report_from_before_the_rename_is_still_read(tmp_path: Path) -> None:
    old = report("Minji", "not_ready", problems=[("hub.access", "fail", "gated_pending")],
                 schema="hf-preflight.report/1", tool={"name": "hf-preflight", "version": "0.1.0"})
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    loaded, skipped = load([path])
    assert not skipped and aggregate(loaded, skipped).rows[0].student == "Minji"


# ----------------------------------------------------------------------------------------- text


def test_the_text_table_lists_everyone_and_lines_up_hangul(summary: Summary) -> None:
    text = render_text(summary, EN)
    lines = text.splitlines()
    assert lines[:2] == ["hf-doctor · class summary", "Reports read: 13 · files skipped: 8"]
    assert "Ready: 4  ·  Ready, with warnings: 4  ·  Not ready: 5" in text
    header = next(i for i, line in enumerate(lines) if line.startswith("  Student"))
    rows = lines[header + 2: header + 2 + len(summary.rows)]
    column = display_width(lines[header].split("Verdict")[0])
    for row, line in zip(summary.rows, rows):
        label = {"ready": "Ready", "ready_with_warnings": "Ready, with warnings", "not_ready": "Not ready"}
        assert display_width(line.split(label[row.verdict])[0]) == column, line
    assert "김민준 [duplicate name: kim_retry.json]" in text
    assert "Tesla T4 (simulated)" in text and "2 × NVIDIA A100-SXM4-80GB" in text
    assert "✗ hub.token (token_invalid)  ✗ hub.access (gated_not_requested)" in text
    assert "  gated_not_requested" in text and "31%" in text
    assert "CPU (no GPU used)" in text
    assert "photo.json: Not a text file (not UTF-8)" in text
    assert "Not valid JSON (line 1, column 45)" in text


def test_the_text_table_speaks_korean(summary: Summary) -> None:
    text = render_text(summary, KO)
    for korean in ("수업 전체 요약", "학생별 결과", "준비 안 됨", "GPU별 생성 속도", "건너뛴 파일", "이름 중복", "빈 파일입니다"):
        assert korean in text
    assert "Ready" not in text


def test_ascii_only_text_has_no_marks_outside_ascii_but_the_names(summary: Summary) -> None:
    text = render_text(summary, EN, ascii_only=True)
    assert "XX hub.token" in text and "BUG torch.build" in text and "✗" not in text and "·" not in text


# Readable at 80 columns (issue 12): the students' table was about 180 columns wide, folded by the terminal into
# a jumble. At a terminal's width every line fits (a path longer than the line stays whole) and nothing is lost.

def fits(text: str, width: int) -> List[str]:
    """The lines wider than ``width``, except one word alone (a long path, never cut)."""
    return [line for line in text.splitlines() if display_width(line) > width and len(line.split()) > 1]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("width", [80, 60])
def test_the_text_fits_the_terminal_and_still_names_everyone(summary: Summary, lang: str, width: int) -> None:
    from collections import Counter

    from hf_doctor.summarize.labels import gpu_label, verdict_label

    say = Speaker(lang)
    text = render_text(summary, say, width=width)
    assert not fits(text, width), "\n".join(fits(text, width))
    lines = text.splitlines()
    for row in summary.rows:
        name = next(i for i, line in enumerate(lines) if line.strip().startswith(row.student.strip()) and
                    (not row.duplicate or Path(row.file).name in line))
        # The student's verdict, GPU and every problem follow the name, before the next student.
        end = next(i for i in range(name + 1, len(lines)) if not lines[i].startswith("   "))
        block = "\n".join(lines[name:end])
        assert verdict_label(say, row.verdict) in block and gpu_label(say, row.gpu) in block, block
        for problem in (*row.failing, *row.warnings):
            assert problem.label() in block, block
    for cause in summary.causes:
        assert f"  {cause.cause} " in text
    for item in summary.skipped:
        assert str(item.path) in text
    # The same words as the unlimited table, give or take the headers the stacked list repeats per student.
    whole = Counter(render_text(summary, say).split())
    shown = Counter(text.split())
    assert not {word: n for word, n in (whole - shown).items() if word not in header_words(say)}


def header_words(say: Speaker) -> set:
    columns = ("student", "verdict", "gpu", "speed", "problems", "cause", "count", "share", "checks", "runs",
               "median", "range")
    return {word.rstrip(":") for column in columns for word in say.t(f"summary.col.{column}").split()} | {"-" * n
            for n in range(1, 200)}


def test_a_wide_terminal_keeps_the_students_table(summary: Summary) -> None:
    assert render_text(summary, EN, width=300) == render_text(summary, EN)
    stacked = render_text(summary, EN, width=80)
    assert "  Student " not in stacked and "      Verdict: Ready, with warnings  ·  GPU: Tesla T4  ·  Tokens/s: 20.0" \
        in stacked


def test_ascii_only_text_at_80_columns(summary: Summary) -> None:
    text = render_text(summary, EN, ascii_only=True, width=80)
    assert not fits(text, 80)
    assert "      XX hub.token (token_invalid)" in text and "BUG torch.build" in text and "✗" not in text


def test_table_narrows_its_widest_columns_and_wraps_their_cells() -> None:
    from hf_doctor.textui import table

    rows = [["NVIDIA A100-SXM4-80GB", "2", "a long list, of checks, that wraps"], ["T4", "10", "short"]]
    assert table(["GPU", "Runs", "Found by"], rows, right={1}) == table(["GPU", "Runs", "Found by"], rows, right={1},
                                                                       width=200)
    narrow = table(["GPU", "Runs", "Found by"], rows, right={1}, width=40)
    # The widest columns give up a column each in turn, never below their longest word.
    assert narrow == ["  GPU              Runs  Found by",
                      "  ---------------  ----  ---------------",
                      "  NVIDIA              2  a long list, of",
                      "  A100-SXM4-80GB         checks, that",
                      "                         wraps",
                      "  T4                 10  short"]
    assert all(display_width(line) <= 40 for line in narrow)


# ----------------------------------------------------------------------------------------- CSV


def test_csv_has_a_bom_one_row_per_report_and_the_documented_columns(summary: Summary, tmp_path: Path) -> None:
    path = tmp_path / "class.csv"
    write_csv(summary, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 13
    for column in CSV_COLUMNS:
        assert f"``{column}``" in (as_csv.__doc__ or "")
    by_file = {Path(r["file"]).name: r for r in rows}
    assert by_file["01.json"]["student"] == "김민준" and by_file["01.json"]["duplicate"] == "true"
    assert by_file["07.json"]["gpu"] == T4 and by_file["07.json"]["gpu_simulated"] == "true"
    assert by_file["03.json"]["gpu"] == "none" and by_file["03.json"]["generation_gpu"] == "CPU"
    assert by_file["05.json"]["failing"] == "hub.token (token_invalid); hub.access (gated_not_requested)"
    assert by_file["11.json"]["warnings"] == "gpu.bf16 (bf16_unsupported)"
    assert by_file["11.json"]["causes"] == "gated_not_requested; bf16_unsupported"
    assert by_file["10.json"]["tokens_per_s"] == "90.00" and by_file["10.json"]["gpu_count"] == "2"
    assert by_file["12.json"]["verdict"] == "not_ready" and by_file["12.json"]["tokens_per_s"] == ""


def test_csv_defuses_what_excel_would_run_as_a_formula(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text(json.dumps(report('=HYPERLINK("http://example.invalid","hi")', "ready")), encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(render_csv(aggregate(*load([path]))))))
    assert rows[0]["student"] == '\'=HYPERLINK("http://example.invalid","hi")'


# ----------------------------------------------------------------------------------------- HTML


class Tables(HTMLParser):
    """The tables of a page by id: header texts and the rows' cell texts; plus the html lang and any script."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: Dict[str, Dict[str, list]] = {}
        self.lang: Optional[str] = None
        self.charset: Optional[str] = None
        self.forbidden: List[str] = []
        self._table: Optional[str] = None
        self._cell: Optional[List[str]] = None
        self._row: Optional[List[str]] = None
        self._header = False
        self.text: List[str] = []

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, Optional[str]]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang")
        elif tag == "meta" and "charset" in values:
            self.charset = values["charset"]
        elif tag in ("script", "link", "img", "iframe", "object") or any(
                (v or "").startswith(("http:", "https:", "//")) for k, v in attrs if k in ("src", "href")):
            self.forbidden.append(tag)
        elif tag == "table":
            self._table = values.get("id") or "?"
            self.tables[self._table] = {"headers": [], "rows": []}
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell, self._header = [], tag == "th"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._table and self._row is not None:
            text = " ".join("".join(self._cell).split())
            (self.tables[self._table]["headers"] if self._header else self._row).append(text)
            self._cell = None
        elif tag == "tr" and self._table and self._row:
            self.tables[self._table]["rows"].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def parse(page: str) -> Tables:
    parser = Tables()
    parser.feed(page)
    parser.close()
    return parser


def test_html_is_one_self_contained_page_with_every_table(summary: Summary) -> None:
    page = render_html(summary, EN)
    parsed = parse(page)
    assert page.startswith("<!DOCTYPE html>") and parsed.lang == "en" and parsed.charset == "utf-8"
    assert not parsed.forbidden and "<style>" in page and "Malgun Gothic" in page and "Noto Sans KR" in page
    tables = parsed.tables
    assert set(tables) == {"verdicts", "students", "causes", "speeds", "skipped"}
    assert tables["verdicts"]["rows"] == [["Ready", "4"], ["Ready, with warnings", "4"], ["Not ready", "5"]]
    students = tables["students"]
    assert students["headers"] == ["Student", "Verdict", "GPU", "Failing checks", "Warnings", "Tokens/s"]
    assert len(students["rows"]) == 13
    haeun = next(r for r in students["rows"] if r[0].startswith("정하은"))
    assert haeun[1:] == ["Ready, with warnings", "Tesla T4 (simulated)", "", "! gpu.bf16 (bf16_unsupported)", ""]
    assert sum("duplicate name" in r[0] for r in students["rows"]) == 2
    assert tables["causes"]["rows"][0] == ["gated_not_requested", "4", "31%", "hub.access"]
    assert tables["speeds"]["rows"][0] == ["Tesla T4", "3", "20.0", "19.0–21.5"]
    assert len(tables["skipped"]["rows"]) == 8


def test_html_escapes_what_students_wrote(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text(json.dumps(report("<script>alert(1)</script>", "ready")), encoding="utf-8")
    page = render_html(aggregate(*load([path])), EN)
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_html_in_korean(summary: Summary) -> None:
    parsed = parse(render_html(summary, KO))
    assert parsed.lang == "ko"
    assert parsed.tables["students"]["headers"] == ["학생", "판정", "GPU 종류", "실패한 검사", "경고", "토큰/초"]
    assert parsed.tables["verdicts"]["rows"][2] == ["준비 안 됨", "5"]
    assert "Ready" not in "".join(parsed.text)


# ----------------------------------------------------------------------------------------- the command


def test_command_prints_the_table_writes_csv_and_html_and_exits_0(classroom: Dict[str, Path]) -> None:
    out = classroom["root"]
    result = CliRunner().invoke(summarize, [*arguments(classroom), "--csv", str(out / "c.csv"),
                                            "--html", str(out / "c.html"), "--lang", "ko"])
    assert result.exit_code == 0, result.output
    assert "학생별 결과" in result.stdout and "김민준" in result.stdout and "Traceback" not in result.output
    assert f"{out / 'c.csv'} 파일을 저장했습니다" in result.stderr
    assert (out / "c.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert parse((out / "c.html").read_text(encoding="utf-8")).lang == "ko"


def test_command_fits_the_terminal_it_prints_to(classroom: Dict[str, Path]) -> None:
    """An 80-column terminal gets lines of at most 80 columns; a pipe or a file (no COLUMNS) the whole table."""
    for lang in ("en", "ko"):
        narrow = CliRunner().invoke(summarize, [*arguments(classroom), "--lang", lang], env={"COLUMNS": "80"})
        assert narrow.exit_code == 0 and not fits(narrow.stdout, 80), "\n".join(fits(narrow.stdout, 80))
        assert all(name in narrow.stdout for name in ("alice", "김민준", "한지민", "carol_report", "frank"))
    piped = CliRunner().invoke(summarize, arguments(classroom), env={"COLUMNS": None})
    assert any(line.startswith("  Student ") for line in piped.stdout.splitlines())


def test_command_exits_2_when_nothing_could_be_read(classroom: Dict[str, Path]) -> None:
    folder = classroom["folder"]
    result = CliRunner().invoke(summarize, [str(folder / "list.json"), str(folder / "empty.json"),
                                            str(classroom["missing"])])
    assert result.exit_code == 2
    assert "no report could be read (3 skipped)" in result.stderr
    assert "list.json: JSON, but not an object" in result.stderr
    assert CliRunner().invoke(summarize, []).exit_code == 2


def test_command_exits_2_on_an_unwritable_output(classroom: Dict[str, Path]) -> None:
    result = CliRunner().invoke(summarize, [str(classroom["folder"]), "--csv",
                                            str(classroom["root"] / "no" / "such" / "dir" / "c.csv")])
    assert result.exit_code == 2 and "cannot write" in result.stderr and "Traceback" not in result.output


def test_command_as_a_process_never_shows_a_traceback(classroom: Dict[str, Path]) -> None:
    code = "from hf_doctor.summarize import summarize; summarize(prog_name='hf-doctor summarize')"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    ok = subprocess.run([sys.executable, "-c", code, *arguments(classroom)], cwd=ROOT, env=env,
                        capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert ok.returncode == 0 and "dave" in ok.stdout and "Traceback" not in ok.stderr, ok.stderr
    bad = subprocess.run([sys.executable, "-c", code, str(classroom["folder"] / "photo.json"),
                          str(classroom["outside"])], cwd=ROOT, env=env, capture_output=True, text=True,
                         encoding="utf-8", timeout=60)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr, bad.stderr


def test_korean_reports_summarized_in_english_say_nothing_in_korean_but_the_names(tmp_path: Path) -> None:
    """Issue 11's "done when": `check --lang ko --report r.json`, then `summarize r.json --lang en`. Summarize
    shows no text a check wrote (titles, summaries, fixes): only ids, names and numbers, and its own words."""
    results = run_checks(all_checks(), FakeContext(python=(3, 8, 18), simulated_gpu="T4"))
    korean = Report(tuple(results), NOW, student="김민준", simulated_gpu="T4",
                    profile={"name": "colab-t4"}).to_json(KO)
    assert HANGUL.search(json.dumps(korean["checks"], ensure_ascii=False))   # the report itself speaks Korean
    (tmp_path / "r.json").write_text(json.dumps(korean, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "broken.json").write_bytes(b"{")                             # a skipped file says why, too
    page = tmp_path / "class.html"
    result = CliRunner().invoke(summarize, [str(tmp_path), "--lang", "en", "--html", str(page)])
    assert result.exit_code == 0, result.output
    said = result.stdout + result.stderr
    assert "Students" in said and "김민준" in said and "python.version (python_too_old)" in said
    assert not HANGUL.search(said.replace("김민준", "")), said
    shown = re.sub(r"<style>.*?</style>", "", page.read_text(encoding="utf-8"), flags=re.S)   # the fonts' names
    assert "Students" in shown and not HANGUL.search(shown.replace("김민준", "")), shown
    assert HANGUL.search(render_text(aggregate(*load([tmp_path / "r.json"])), KO).replace("김민준", ""))


def test_a_hostile_report_reaches_neither_the_terminal_nor_excel(tmp_path: Path) -> None:
    """A terminal escape sequence and a lone surrogate in the name, and ids that Excel would run as formulas:
    the command still prints, writes both files and exits 0."""
    evil = report("\x1b]0;owned\x07\x1b[2Jeve\ud800", "not_ready", problems=[("=cmd|' /C calc'!A0", "fail", "=1+1")])
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(evil), encoding="utf-8")   # json writes the lone surrogate as \ud800
    (tmp_path / "foreign.json").write_text(json.dumps({"schema": "\x1b[31mred"}), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    result = CliRunner().invoke(summarize, [str(path), str(tmp_path / "foreign.json"), "--csv", str(out / "c.csv"),
                                            "--html", str(out / "c.html")])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output and "Traceback" not in result.output
    assert "owned" in result.stdout and "=cmd" in result.stdout and "[31mred" in result.stdout
    alone = CliRunner().invoke(summarize, [str(tmp_path / "foreign.json")])   # nothing read: said on stderr
    assert alone.exit_code == 2 and "[31mred" in alone.stderr and "\x1b" not in alone.stderr
    rows = list(csv.DictReader(io.StringIO((out / "c.csv").read_text(encoding="utf-8-sig"), newline="")))
    assert rows[0]["failing"].startswith("'=cmd") and rows[0]["causes"] == "'=1+1"
    assert "owned" in (out / "c.html").read_text(encoding="utf-8")


# ----------------------------------------------------------------------------------------- a real browser


def test_a_real_browser_renders_the_korean_page(chromium: str, summary: Summary, tmp_path: Path) -> None:
    page = tmp_path / "수업 요약.html"
    page.write_text(render_html(summary, KO), encoding="utf-8")
    done = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--disable-extensions", "--disable-background-networking", "--disable-component-update",
         f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=BROWSER_TIMEOUT_S)
    assert done.returncode == 0, done.stderr[-2000:]
    dom = parse(done.stdout)
    assert dom.lang == "ko"
    students = dom.tables["students"]
    assert students["headers"][:2] == ["학생", "판정"]
    assert len(students["rows"]) == len(summary.rows) == 13
    for name in ("김민준", "정하은", "한지민", "dave"):
        assert any(row[0].startswith(name) for row in students["rows"]), name
    assert sum("이름 중복" in row[0] for row in students["rows"]) == 2
    text = "".join(dom.text)
    for korean in ("수업 전체 요약", "학생별 결과", "수업 전체의 문제 원인", "GPU별 생성 속도", "건너뛴 파일"):
        assert korean in text


RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]")   # what a terminal acts on (the line break aside)


def test_escape_sequences_in_any_name_or_id_are_shown_never_run(tmp_path: Path) -> None:
    """Issue 14 item 4: a student's name, a check id, a cause, a GPU's name and a file's name reached the teacher's
    terminal raw (an OSC title change, a clear screen, a cursor move). Each is shown as its escapes instead."""
    evil = report("\x1b]0;owned\x07eve", "not_ready", gpu="Tesla\x1b[2J T4", speed=9.0,
                  problems=[("hub.\x1b[1;1Haccess", "fail", "gated\x9b2J"), ("gpu.bf16", "warn", "bf16\u202eok")])
    (tmp_path / "evil\x1b[31m.json").write_text(json.dumps(evil), encoding="utf-8")
    (tmp_path / "foreign.json").write_text(json.dumps({"schema": "\x1b[31mred\r"}), encoding="utf-8")
    for width in ("80", "400"):
        result = CliRunner().invoke(summarize, [str(tmp_path)], env={"COLUMNS": width})
        assert result.exit_code == 0, result.output
        assert not RAW.search(result.output), repr(RAW.search(result.output))
        for shown in ("\\x1b]0;owned\\x07eve", "Tesla\\x1b[2J T4", "hub.\\x1b[1;1Haccess", "gated\\x9b2J",
                      "bf16\\u202eok", "\\x1b[31mred\\r"):
            assert shown in result.stdout, (shown, result.stdout)


def test_reading_is_bounded_before_it_starts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A FIFO (opening it never waits for a writer), /dev/zero, a sparse 100 GB file (never read), and a class
    past the total: each named and skipped, the reports before them summarized."""
    from hf_doctor.summarize import reading

    os.mkfifo(tmp_path / "pipe.json")
    with open(tmp_path / "huge.json", "wb") as handle:
        handle.truncate(100 * 1024**3)
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.json").write_text(json.dumps(report(name, "ready")), encoding="utf-8")
    size = len((tmp_path / "a.json").read_bytes())
    monkeypatch.setattr(reading, "MAX_TOTAL_BYTES", 2 * size + 1)
    loaded, skipped = load([tmp_path, "/dev/zero"])
    assert [item.student for item in loaded] == ["a", "b"]
    reasons = {Path(item.path).name: item.reason for item in skipped}
    assert reasons == {"c.json": "over_limit", "huge.json": "too_large", "pipe.json": "not_a_file",
                       "zero": "not_a_file"}


FORMULAS = ['=HYPERLINK("http://example.invalid","hi")', "+cmd|' /C calc'!A0", "@SUM(A1:A9)", "\t=1+1",
            "-2+3", " =1+1", "\r=1", "\uff1d1+1"]


@pytest.mark.parametrize("formula", FORMULAS)
def test_no_csv_cell_can_start_a_formula_whatever_column_it_is_in(tmp_path: Path, formula: str) -> None:
    """Issue 14 item 4: every text column, the failing checks, the warnings and the causes included."""
    evil = report(formula, "not_ready", gpu=formula, speed=3.0, user=formula, model=formula, created_at=formula,
                  profile={"name": formula}, problems=[(formula, "fail", formula), (formula, "warn", None)])
    (tmp_path / f"{formula.strip()[:1]}x.json").write_text(json.dumps(evil), encoding="utf-8")
    rows = list(csv.reader(io.StringIO(render_csv(aggregate(*load([tmp_path]))), newline="")))
    cells = [cell for cell in rows[1]]
    assert sum(formula.strip() in cell for cell in cells) >= 9, cells   # names are read without their spaces
    for column, cell in zip(CSV_COLUMNS, cells):
        assert not cell.lstrip(" \t\r\n")[:1] in as_csv.FORMULA_STARTS, (column, cell)


def test_summarize_never_overwrites_a_report_or_a_file_that_is_not_its_own(classroom: Dict[str, Path]) -> None:
    """Issue 14 item 14: `summarize dir --html dir/rep1.json` replaced a student's report with the page. An input
    (by any name: a symbolic link too) and an existing file summarize did not write are refused, before anything
    is written; a summary written before is replaced, whole."""
    folder, root = classroom["folder"], classroom["root"]
    report_before = (folder / "01.json").read_bytes()
    (root / "link.json").symlink_to(folder / "02.json")
    marks = root / "marks.csv"
    marks.write_text("name,mark\nalice,A\n", encoding="utf-8")
    for option, target, says in (("--html", folder / "01.json", "it is one of the reports read"),
                                 ("--csv", folder / "list.json", "it is one of the reports read"),   # skipped, still an input
                                 ("--csv", root / "link.json", "it is one of the reports read"),
                                 ("--csv", marks, "is not a summary that hf-doctor wrote"),
                                 ("--html", root, "is a directory")):
        before = target.read_bytes() if target.is_file() else None
        result = CliRunner().invoke(summarize, [str(folder), option, str(target)])
        assert result.exit_code == 2 and says in result.stderr, (target, result.output)
        assert "Students" not in result.stdout                              # refused before anything was shown
        assert before is None or target.read_bytes() == before
    assert (folder / "01.json").read_bytes() == report_before
    same = CliRunner().invoke(summarize, [str(folder), "--csv", str(root / "s"), "--html", str(root / "s")])
    assert same.exit_code == 2 and "give each its own file" in same.stderr
    for _ in range(2):   # the second run replaces what the first wrote
        again = CliRunner().invoke(summarize, [str(folder), "--csv", str(root / "s.csv"), "--html", str(root / "s.html")])
        assert again.exit_code == 0, again.output
    assert not [p.name for p in root.iterdir() if p.name.startswith(".s.")]   # no temporary file left behind
