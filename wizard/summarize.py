"""`hf-doctor summarize REPORT...`: a classroom's JSON reports in one table (terminal, CSV, HTML).

The work is four plain functions, usable without click: :func:`load` reads the files (anything that is not an
``hf-doctor.report/1`` report becomes a :class:`Skipped` with its reason, never an exception), :func:`aggregate`
turns the reports into a :class:`Summary`, and :func:`render_text`, :func:`render_csv`, :func:`render_html` show it.

CSV columns (one row per report, stable English names and ids whatever ``--lang`` says, because scripts and
spreadsheets read them; the file is UTF-8 with a BOM so that Excel shows Korean names):

``student``        the report's ``student``, else the file name without its extension
``file``           the report's path as given (or as found in a folder given)
``duplicate``      ``true`` when another report carries the same name (compared case- and space-insensitively)
``user``           the report's ``user`` (the Hub user), when present
``profile``        the name of the report's ``profile``, when present
``model``          the model checked, when one was
``created_at``     when the report was written
``verdict``        ``ready`` | ``ready_with_warnings`` | ``not_ready`` | ``unknown``
``gpu``            the GPU's name from ``gpu.device``; ``none`` without one; empty when not reported
``gpu_count``      how many GPUs ``gpu.device`` saw (empty when not reported)
``gpu_simulated``  ``true`` when the GPU was simulated with ``--gpu`` (planning, not the student's machine)
``failing``        checks that failed or could not run, ``id (cause)`` joined by ``; ``
``warnings``       checks that warned, the same way
``causes``         the distinct cause ids of both, joined by ``; ``
``tokens_per_s``   ``model.generate``'s decode speed, when the report has one
``generation_gpu`` the GPU that generation ran on (``CPU`` when it ran on the CPU)
"""
from __future__ import annotations

import csv
import io
import json
import math
import os
import statistics
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from html import escape
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

import click

from hf_doctor.checks.messages import current_language, speaking, t
from hf_doctor.checks.report import NOT_READY, READY, READY_WITH_WARNINGS, SCHEMA
from hf_doctor.checks.result import Status
from hf_doctor.checks.units import size

from .options import LANG_OPTION
from .render import ASCII, MARKS, can_encode, display_width

UNKNOWN_VERDICT = "unknown"
VERDICTS = (READY, READY_WITH_WARNINGS, NOT_READY)
# A report is a few kilobytes; anything this big was handed in by mistake (a model file, a video).
MAX_REPORT_BYTES = 16 * 1024 * 1024

CSV_COLUMNS = ("student", "file", "duplicate", "user", "profile", "model", "created_at", "verdict", "gpu",
               "gpu_count", "gpu_simulated", "failing", "warnings", "causes", "tokens_per_s", "generation_gpu")

VERDICT_COLOURS = {READY: "#1a7f37", READY_WITH_WARNINGS: "#9a6700", NOT_READY: "#cf222e", UNKNOWN_VERDICT: "#6e7781"}


# --------------------------------------------------------------------------------------------------- the data


@dataclass(frozen=True)
class Skipped:
    """A file that is not a report we can read, and why (``reason`` names a ``summary.skip.*`` message)."""

    path: str
    reason: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        return t(f"summary.skip.{self.reason}", **self.params)


@dataclass(frozen=True)
class Loaded:
    """A file that holds an ``hf-doctor.report/1`` report."""

    path: str
    report: Mapping[str, Any]


@dataclass(frozen=True)
class Problem:
    check: str
    status: str                     # fail | error | warn
    cause: Optional[str]

    def label(self) -> str:
        return f"{self.check} ({self.cause})" if self.cause else self.check


@dataclass(frozen=True)
class Gpu:
    """What ``gpu.device`` saw: ``known`` is False when the report does not say."""

    known: bool
    name: Optional[str] = None      # None with count 0: no GPU
    count: int = 0
    simulated: bool = False


@dataclass(frozen=True)
class Row:
    """One report, as the class table shows it."""

    student: str
    file: str
    verdict: str
    gpu: Gpu
    failing: Tuple[Problem, ...] = ()
    warnings: Tuple[Problem, ...] = ()
    tokens_per_s: Optional[float] = None
    generation_gpu: Optional[str] = None   # a GPU name, "CPU", or None when there is no speed
    user: Optional[str] = None
    profile: Optional[str] = None
    model: Optional[str] = None
    created_at: Optional[str] = None
    duplicate: bool = False

    @property
    def causes(self) -> Tuple[str, ...]:
        seen: Dict[str, None] = {}
        for problem in (*self.failing, *self.warnings):
            if problem.cause:
                seen.setdefault(problem.cause, None)
        return tuple(seen)


@dataclass(frozen=True)
class CauseCount:
    cause: str
    students: int                   # reports with this cause, each counted once
    share: float                    # of the reports read
    checks: Tuple[str, ...]         # the check ids that named it


@dataclass(frozen=True)
class Speed:
    gpu: str                        # a GPU name, or "CPU"
    runs: int
    median: float
    minimum: float
    maximum: float


@dataclass(frozen=True)
class Summary:
    rows: Tuple[Row, ...]
    skipped: Tuple[Skipped, ...]
    verdicts: Mapping[str, int]     # ready, ready_with_warnings, not_ready always; unknown when any
    causes: Tuple[CauseCount, ...]
    speeds: Tuple[Speed, ...]


CPU = "CPU"


# --------------------------------------------------------------------------------------------------- loading


def load(paths: Iterable[os.PathLike[str] | str]) -> Tuple[List[Loaded], List[Skipped]]:
    """Read every path (a folder: its ``*.json`` files, sorted); what is not a report is skipped with a reason."""
    loaded: List[Loaded] = []
    skipped: List[Skipped] = []
    seen = set()
    for path in _expand(paths, skipped):
        key = _identity(path)
        if key in seen:       # the same file given twice (a folder and a file in it) is one report, not a duplicate
            continue
        seen.add(key)
        outcome = read_report(path)
        (loaded if isinstance(outcome, Loaded) else skipped).append(outcome)  # type: ignore[arg-type]
    return loaded, skipped


def _expand(paths: Iterable[os.PathLike[str] | str], skipped: List[Skipped]) -> List[Path]:
    files: List[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            try:
                found = sorted(p for p in path.iterdir() if p.suffix.lower() == ".json" and not p.is_dir())
            except OSError as exc:
                skipped.append(Skipped(str(path), "unreadable", {"error": exc.strerror or str(exc)}))
                continue
            if not found:
                skipped.append(Skipped(str(path), "no_reports_in_dir"))
            files += found
        else:
            files.append(path)
    return files


def _identity(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return str(path)


def read_report(path: Path) -> Loaded | Skipped:
    """One file: a report, or the reason it is not one."""
    name = str(path)
    try:
        if not path.exists():
            return Skipped(name, "missing")
        if not path.is_file():
            return Skipped(name, "not_a_file")
        length = path.stat().st_size
        if length > MAX_REPORT_BYTES:
            return Skipped(name, "too_large", {"size": size(length)})
        raw = path.read_bytes()
    except OSError as exc:
        return Skipped(name, "unreadable", {"error": exc.strerror or type(exc).__name__})
    try:
        text = raw.decode("utf-8-sig")   # Notepad and some editors start a UTF-8 file with a BOM
    except UnicodeDecodeError:
        return Skipped(name, "not_text")
    if not text.strip():
        return Skipped(name, "empty")
    if "\x00" in text:
        return Skipped(name, "not_text")
    try:
        report = json.loads(text)
    except json.JSONDecodeError as exc:
        return Skipped(name, "invalid_json", {"line": exc.lineno, "column": exc.colno})
    except (ValueError, RecursionError):   # absurdly deep nesting
        return Skipped(name, "invalid_json", {"line": 1, "column": 1})
    if not isinstance(report, dict):
        return Skipped(name, "not_object")
    schema = report.get("schema")
    if schema != SCHEMA:
        shown = schema if isinstance(schema, str) and schema else json.dumps(schema)
        return Skipped(name, "foreign_schema", {"schema": _clip(str(shown), 60)})
    if not isinstance(report.get("checks"), list):
        return Skipped(name, "no_checks")
    return Loaded(name, report)


# --------------------------------------------------------------------------------------------------- aggregating


def aggregate(loaded: Sequence[Loaded], skipped: Sequence[Skipped] = ()) -> Summary:
    """The class in numbers: one row per report (sorted by name), verdict counts, causes, speeds by GPU."""
    rows = [_row(item) for item in loaded]
    names = Counter(_name_key(row.student) for row in rows)
    rows = [row if names[_name_key(row.student)] == 1 else _with_duplicate(row) for row in rows]
    rows.sort(key=lambda row: (_name_key(row.student), row.file))

    verdicts = Counter(row.verdict for row in rows)
    verdict_counts = {v: verdicts[v] for v in VERDICTS}
    if verdicts[UNKNOWN_VERDICT]:
        verdict_counts[UNKNOWN_VERDICT] = verdicts[UNKNOWN_VERDICT]

    cause_rows: Counter[str] = Counter()
    cause_checks: Dict[str, Dict[str, None]] = {}
    for row in rows:
        cause_rows.update(row.causes)
        for problem in (*row.failing, *row.warnings):
            if problem.cause:
                cause_checks.setdefault(problem.cause, {}).setdefault(problem.check, None)
    causes = tuple(CauseCount(cause, count, count / len(rows), tuple(cause_checks[cause]))
                   for cause, count in sorted(cause_rows.items(), key=lambda item: (-item[1], item[0])))

    by_gpu: Dict[str, List[float]] = {}
    for row in rows:
        if row.tokens_per_s is not None and row.generation_gpu is not None:
            by_gpu.setdefault(row.generation_gpu, []).append(row.tokens_per_s)
    speeds = tuple(Speed(gpu, len(values), statistics.median(values), min(values), max(values))
                   for gpu, values in sorted(by_gpu.items(), key=lambda item: (-len(item[1]), item[0])))
    return Summary(tuple(rows), tuple(skipped), verdict_counts, causes, speeds)


def _row(item: Loaded) -> Row:
    report = item.report
    checks = [c for c in report.get("checks") or [] if isinstance(c, dict) and isinstance(c.get("id"), str)]
    by_id = {c["id"]: c for c in checks}
    failing, warnings = [], []
    for check in checks:
        status = check.get("status")
        cause = check.get("cause") if isinstance(check.get("cause"), str) and check.get("cause") else None
        if status in ("fail", "error"):
            failing.append(Problem(check["id"], str(status), cause))
        elif status == "warn":
            warnings.append(Problem(check["id"], "warn", cause))
    gpu = _gpu(by_id.get("gpu.device"), report.get("simulated_gpu"))
    speed, generation_gpu = _speed(by_id.get("model.generate"), gpu)
    profile = report.get("profile")
    return Row(
        student=_student(report.get("student"), item.path),
        file=item.path,
        verdict=_verdict(report.get("verdict"), checks),
        gpu=gpu,
        failing=tuple(failing),
        warnings=tuple(warnings),
        tokens_per_s=speed,
        generation_gpu=generation_gpu,
        user=_text(report.get("user")),
        profile=_text(profile.get("name")) if isinstance(profile, dict) else _text(profile),
        model=_text(report.get("model")),
        created_at=_text(report.get("created_at")),
    )


def _student(value: Any, path: str) -> str:
    name = _text(value) or Path(path).stem
    # NFC: a Korean name typed on one machine and a file name from macOS (NFD) must read, and compare, the same.
    return unicodedata.normalize("NFC", " ".join(name.split()))


def _name_key(name: str) -> str:
    return unicodedata.normalize("NFC", " ".join(name.split())).casefold()


def _with_duplicate(row: Row) -> Row:
    return replace(row, duplicate=True)


def _verdict(value: Any, checks: Sequence[Mapping[str, Any]]) -> str:
    if value in VERDICTS:
        return str(value)
    statuses = {c.get("status") for c in checks}
    if not statuses:
        return UNKNOWN_VERDICT
    if statuses & {"fail", "error"}:   # as hf_doctor.checks.report.verdict decides
        return NOT_READY
    return READY_WITH_WARNINGS if "warn" in statuses else READY


def _gpu(check: Optional[Mapping[str, Any]], simulated_gpu: Any) -> Gpu:
    simulated_key = _text(simulated_gpu)
    data = check.get("data") if check is not None else None
    if not isinstance(data, dict):
        if simulated_key:   # no gpu.device row, but the report says which card it planned for
            none = simulated_key.lower() == "none"
            return Gpu(True, None if none else simulated_key, 0 if none else 1, True)
        return Gpu(False)
    simulated = bool(data.get("simulated")) or bool(simulated_key)
    gpus = [g for g in data.get("gpus") or [] if isinstance(g, dict)]
    names = [_text(g.get("name")) for g in gpus]
    count = data.get("count") if isinstance(data.get("count"), int) else len(gpus)
    if not count:
        return Gpu(True, None, 0, simulated)
    return Gpu(True, next((n for n in names if n), None) or simulated_key, count, simulated)


def _speed(check: Optional[Mapping[str, Any]], gpu: Gpu) -> Tuple[Optional[float], Optional[str]]:
    data = check.get("data") if check is not None else None
    if not isinstance(data, dict):
        return None, None
    value = data.get("decode_tokens_per_s")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        return None, None
    # The generation ran on the student's real machine, even when gpu.device planned for a simulated card.
    if data.get("device") == "cpu":
        return float(value), CPU
    name = _text(data.get("gpu_name"))
    if name is None and gpu.name and not gpu.simulated:
        name = gpu.name
    return float(value), name or "?"


def _text(value: Any) -> Optional[str]:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------------------------------- words


def verdict_label(verdict: str) -> str:
    return t(f"summary.verdict.{verdict}")


def gpu_label(gpu: Gpu) -> str:
    if not gpu.known:
        return t("summary.gpu.unknown")
    name = t("summary.gpu.none") if not gpu.count else (f"{gpu.count} × " if gpu.count > 1 else "") + (gpu.name or "?")
    return t("summary.gpu.simulated", name=name) if gpu.simulated else name


def speed_gpu_label(gpu: str) -> str:
    return t("summary.gpu.cpu") if gpu == CPU else gpu


def student_label(row: Row) -> str:
    if row.duplicate:
        return f"{row.student} [{t('summary.duplicate', file=Path(row.file).name)}]"
    return row.student


def _number(value: Optional[float]) -> str:
    return "" if value is None else f"{value:.1f}"


def _problems(problems: Sequence[Problem]) -> str:
    return "; ".join(problem.label() for problem in problems)


def _marked(row: Row, ascii_only: bool) -> str:
    def mark(problem: Problem) -> str:
        found = MARKS[Status(problem.status)]
        return found.ascii if ascii_only else found.glyph

    return "  ".join(f"{mark(p)} {p.label()}" for p in (*row.failing, *row.warnings))


# --------------------------------------------------------------------------------------------------- text


def render_text(summary: Summary, lang: Optional[str] = None, ascii_only: bool = False) -> str:
    """Plain text for a terminal: the header, the verdicts, the students, the causes, the speeds, the skipped."""
    with speaking(lang or current_language()):
        out = [t("summary.title"), t("summary.counts", reports=len(summary.rows), skipped=len(summary.skipped)), ""]
        out.append("  ·  ".join(f"{verdict_label(v)}: {n}" for v, n in summary.verdicts.items()))
        if summary.rows:
            out += ["", t("summary.section.students")]
            out += _table(
                [t("summary.col.student"), t("summary.col.verdict"), t("summary.col.gpu"), t("summary.col.speed"),
                 t("summary.col.problems")],
                [[student_label(r), verdict_label(r.verdict), gpu_label(r.gpu), _number(r.tokens_per_s),
                  _marked(r, ascii_only)] for r in summary.rows],
                right={3})
            out += ["", t("summary.section.causes")]
            if summary.causes:
                out += _table([t("summary.col.cause"), t("summary.col.count"), t("summary.col.share"),
                               t("summary.col.checks")],
                              [[c.cause, str(c.students), f"{c.share:.0%}", ", ".join(c.checks)]
                               for c in summary.causes], right={1, 2})
            else:
                out.append("  " + t("summary.empty.causes"))
            out += ["", t("summary.section.speeds")]
            if summary.speeds:
                out += _table([t("summary.col.gpu"), t("summary.col.runs"), t("summary.col.median"),
                               t("summary.col.range")],
                              [[speed_gpu_label(s.gpu), str(s.runs), _number(s.median),
                                f"{_number(s.minimum)}–{_number(s.maximum)}"] for s in summary.speeds],
                              right={1, 2, 3})
            else:
                out.append("  " + t("summary.empty.speeds"))
        if summary.skipped:
            out += ["", *skipped_lines(summary.skipped)]
        if summary.rows:
            out += ["", t("summary.legend")]
        text = "\n".join(out) + "\n"
    if ascii_only:
        text = text.translate(ASCII)
    return text


def skipped_lines(skipped: Sequence[Skipped]) -> List[str]:
    lines = [t("summary.section.skipped")]
    for item in skipped:
        lines.append(f"  {item.path}: {item.text()}")
    return lines


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Iterable[int] = ()) -> List[str]:
    """Columns padded by display width (Hangul takes two cells); the last column is never padded."""
    right = set(right)
    widths = [max([display_width(h)] + [display_width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    last = len(headers) - 1

    def line(cells: Sequence[str]) -> str:
        parts = []
        for i, cell in enumerate(cells):
            gap = " " * (widths[i] - display_width(cell))
            parts.append(gap + cell if i in right else (cell if i == last else cell + gap))
        return ("  " + "  ".join(parts)).rstrip()

    return [line(headers), "  " + "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


# --------------------------------------------------------------------------------------------------- CSV


def render_csv(summary: Summary) -> str:
    """One row per report; see the module docstring for the columns. Without the BOM: :func:`write_csv` adds it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)   # \r\n line ends and quoting, as Excel expects
    writer.writerow(CSV_COLUMNS)
    for row in summary.rows:
        gpu = "" if not row.gpu.known else (row.gpu.name or "?") if row.gpu.count else "none"
        writer.writerow([
            _cell(row.student), _cell(row.file), _bool(row.duplicate), _cell(row.user), _cell(row.profile),
            _cell(row.model), _cell(row.created_at), row.verdict, _cell(gpu),
            str(row.gpu.count) if row.gpu.known else "", _bool(row.gpu.simulated),
            _problems(row.failing), _problems(row.warnings), "; ".join(row.causes),
            "" if row.tokens_per_s is None else f"{row.tokens_per_s:.2f}", _cell(row.generation_gpu),
        ])
    return buffer.getvalue()


def write_csv(summary: Summary, path: os.PathLike[str] | str) -> None:
    # utf-8-sig writes the BOM that makes Excel read the file as UTF-8 (Korean names otherwise turn to mojibake).
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        handle.write(render_csv(summary))


def _cell(value: Optional[str]) -> str:
    """Text the students wrote is data: a leading = + - @ would make Excel run it as a formula (CSV injection)."""
    if not value:
        return ""
    return "'" + value if value[0] in "=+-@\t\r" else value


def _bool(value: bool) -> str:
    return "true" if value else "false"


# --------------------------------------------------------------------------------------------------- HTML

FONTS = ('system-ui, -apple-system, "Segoe UI", "Apple SD Gothic Neo", "Malgun Gothic", "맑은 고딕", '
         '"Noto Sans KR", "Noto Sans CJK KR", "Nanum Gothic", "NanumGothic", Roboto, "Helvetica Neue", Arial, '
         "sans-serif")

CSS = """
body { font-family: %(fonts)s; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1f2328;
       line-height: 1.5; word-break: keep-all; overflow-wrap: anywhere; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; }
h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; padding-bottom: .25rem; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid #d0d7de; padding: .3rem .6rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code, .id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "D2Coding", monospace; font-size: .9em; }
.file { color: #57606a; font-size: .85em; }
.verdict { font-weight: 600; white-space: nowrap; }
.dup { background: #fff8c5; }
.flag { display: inline-block; margin-left: .3rem; padding: 0 .3rem; border-radius: .3rem; background: #d4a72c;
        color: #1f2328; font-size: .8em; }
.sim { color: #8250df; }
.counts { color: #57606a; }
ul.problems { margin: 0; padding-left: 1.1rem; }
.legend { color: #57606a; font-size: .9em; margin-top: 2rem; }
%(verdicts)s
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
"""


def render_html(summary: Summary, lang: Optional[str] = None) -> str:
    """One self-contained page: inline CSS, no script, no external asset; its text in ``lang``."""
    lang = lang or current_language()
    with speaking(lang):
        colours = "\n".join(f".v-{v} {{ color: {c}; }}" for v, c in VERDICT_COLOURS.items())
        css = CSS % {"fonts": FONTS, "verdicts": colours}
        title = t("summary.title")
        parts = [
            "<!DOCTYPE html>",
            f'<html lang="{escape(lang)}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title>",
            f"<style>{css}</style>",
            "</head>",
            "<body>",
            f"<h1>{escape(title)}</h1>",
            f'<p class="counts">{escape(t("summary.counts", reports=len(summary.rows), skipped=len(summary.skipped)))}'
            "</p>",
            f'<h2>{escape(t("summary.section.verdicts"))}</h2>',
            _html_table("verdicts", [t("summary.col.verdict"), t("summary.col.count")],
                        [[f'<span class="verdict v-{v}">{escape(verdict_label(v))}</span>', _num(str(n))]
                         for v, n in summary.verdicts.items()]),
            f'<h2>{escape(t("summary.section.students"))}</h2>',
            _html_table("students",
                        [t("summary.col.student"), t("summary.col.verdict"), t("summary.col.gpu"),
                         t("summary.col.failing"), t("summary.col.warnings"), t("summary.col.speed")],
                        [_html_student(row) for row in summary.rows],
                        row_attrs=[_row_attrs(row) for row in summary.rows]),
            f'<h2>{escape(t("summary.section.causes"))}</h2>',
            _html_table("causes", [t("summary.col.cause"), t("summary.col.count"), t("summary.col.share"),
                                   t("summary.col.checks")],
                        [[f'<code>{escape(c.cause)}</code>', _num(str(c.students)), _num(f"{c.share:.0%}"),
                          ", ".join(f'<code>{escape(check)}</code>' for check in c.checks)] for c in summary.causes])
            if summary.causes else f'<p>{escape(t("summary.empty.causes"))}</p>',
            f'<h2>{escape(t("summary.section.speeds"))}</h2>',
            _html_table("speeds", [t("summary.col.gpu"), t("summary.col.runs"), t("summary.col.median"),
                                   t("summary.col.range")],
                        [[escape(speed_gpu_label(s.gpu)), _num(str(s.runs)), _num(_number(s.median)),
                          _num(f"{_number(s.minimum)}–{_number(s.maximum)}")] for s in summary.speeds])
            if summary.speeds else f'<p>{escape(t("summary.empty.speeds"))}</p>',
            f'<h2>{escape(t("summary.section.skipped"))}</h2>',
            _html_table("skipped", [t("summary.col.file"), t("summary.col.reason")],
                        [[f'<span class="id">{escape(s.path)}</span>', escape(s.text())] for s in summary.skipped])
            if summary.skipped else f'<p>{escape(t("summary.empty.skipped"))}</p>',
            f'<p class="legend">{escape(t("summary.legend"))}</p>',
            "</body>",
            "</html>",
        ]
    return "\n".join(parts) + "\n"


def _html_student(row: Row) -> List[str]:
    name = escape(row.student)
    if row.duplicate:
        name += f'<span class="flag">{escape(t("summary.duplicate", file=Path(row.file).name))}</span>'
    name += f'<div class="file">{escape(row.file)}</div>'
    gpu = escape(gpu_label(row.gpu))
    if row.gpu.simulated:
        gpu = f'<span class="sim">{gpu}</span>'
    return [name, f'<span class="verdict v-{row.verdict}">{escape(verdict_label(row.verdict))}</span>', gpu,
            _html_problems(row.failing), _html_problems(row.warnings), _num(_number(row.tokens_per_s))]


def _html_problems(problems: Sequence[Problem]) -> str:
    if not problems:
        return ""
    items = "".join(f'<li><span class="id">{escape(MARKS[Status(p.status)].glyph)} {escape(p.check)}</span>'
                    + (f' (<code>{escape(p.cause)}</code>)' if p.cause else "") + "</li>" for p in problems)
    return f'<ul class="problems">{items}</ul>'


def _row_attrs(row: Row) -> str:
    attrs = f' data-verdict="{escape(row.verdict)}"'
    return attrs + (' class="dup" data-duplicate="true"' if row.duplicate else "")


class _Num(str):
    """A cell's text that _html_table escapes and aligns right (numbers line up)."""


def _num(text: str) -> str:
    return _Num(text)


def _html_table(table_id: str, headers: Sequence[str], rows: Sequence[Sequence[str]],
                row_attrs: Optional[Sequence[str]] = None) -> str:
    """Cells arrive as HTML (already escaped), numbers as _Num (escaped here); headers as text."""
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = []
    for index, cells in enumerate(rows):
        tds = []
        for cell in cells:
            if isinstance(cell, _Num):
                tds.append(f'<td class="num">{escape(str(cell))}</td>')
            else:
                tds.append(f"<td>{cell}</td>")
        attrs = row_attrs[index] if row_attrs else ""
        body.append(f"<tr{attrs}>{''.join(tds)}</tr>")
    return (f'<table id="{table_id}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


def write_text(path: os.PathLike[str] | str, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


# --------------------------------------------------------------------------------------------------- command


@click.command(name="summarize", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("reports", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write one row per student to this CSV file (UTF-8 with a BOM, for Excel).")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the summary as one self-contained HTML page.")
@LANG_OPTION
def summarize(reports: Tuple[Path, ...], csv_path: Optional[Path], html_path: Optional[Path],
              lang: Optional[str]) -> None:
    """A classroom's reports (files written by `hf-doctor check --report FILE`, or folders of them) in one table.

    Exit 0 when at least one report was read, 2 when none could be.
    """
    loaded, skipped = load(reports)
    if not loaded:
        for line in skipped_lines(skipped):
            _echo(line, err=True)
        raise click.UsageError(t("summary.error.none_read", skipped=len(skipped)))
    summary = aggregate(loaded, skipped)
    spoken = current_language()
    _echo(render_text(summary, spoken, ascii_only=not can_encode("✗☠·×–한")), nl=False)
    for path, write in ((csv_path, lambda p: write_csv(summary, p)),
                        (html_path, lambda p: write_text(p, render_html(summary, spoken)))):
        if path is None:
            continue
        try:
            write(path)
        except OSError as exc:
            raise click.UsageError(t("summary.error.write", path=path, error=exc.strerror or exc)) from exc
        _echo(t("summary.wrote", path=path), err=True)


def _echo(text: str, nl: bool = True, err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    if not can_encode(text, stream):
        # A terminal that cannot show Hangul still gets every line, with the characters it lacks replaced.
        encoding = getattr(stream, "encoding", None) or "ascii"
        text = text.encode(encoding, "replace").decode(encoding)
    click.echo(text, nl=nl, err=err)
