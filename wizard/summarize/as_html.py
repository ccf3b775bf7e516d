"""The class summary as one self-contained HTML page: inline CSS, no script, no external asset, every text from
a report escaped. Its words are in the language of the :class:`~hf_doctor.i18n.Speaker` given."""
from __future__ import annotations

import os
from html import escape
from typing import List, Optional, Sequence, Union

from hf_doctor.checks.report import NOT_READY, READY, READY_WITH_WARNINGS
from hf_doctor.checks.result import Status
from hf_doctor.i18n import Speaker
from hf_doctor.textui import MARKS

from .aggregating import UNKNOWN_VERDICT, Problem, Row, Summary
from .labels import duplicate_label, gpu_label, number, speed_gpu_label, verdict_label

# Marks a page as summarize's own: the command replaces such a page, and refuses to overwrite any other file.
GENERATOR = '<meta name="generator" content="hf-doctor summarize">'

VERDICT_COLOURS = {READY: "#1a7f37", READY_WITH_WARNINGS: "#9a6700", NOT_READY: "#cf222e", UNKNOWN_VERDICT: "#6e7781"}

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


def render_html(summary: Summary, say: Speaker) -> str:
    """One page: the header, then a section (a heading and a table, or a line saying it is empty) per part."""
    colours = "\n".join(f".v-{v} {{ color: {c}; }}" for v, c in VERDICT_COLOURS.items())
    title = say.t("summary.title")
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(say.lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        GENERATOR,
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{CSS % {'fonts': FONTS, 'verdicts': colours}}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="counts">'
        f'{escape(say.t("summary.counts", reports=len(summary.rows), skipped=len(summary.skipped)))}</p>',
        *_verdicts(summary, say),
        *_students(summary, say),
        *_causes(summary, say),
        *_speeds(summary, say),
        *_skipped(summary, say),
        f'<p class="legend">{escape(say.t("summary.legend"))}</p>',
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def write_text(path: Union["os.PathLike[str]", str], text: str) -> None:
    # "replace" for what UTF-8 cannot hold (a lone surrogate from a hostile report or an undecodable file name).
    with open(path, "w", encoding="utf-8", errors="replace", newline="\n") as handle:
        handle.write(text)


def _section(say: Speaker, heading: str, table: Optional[str], empty: Optional[str] = None) -> List[str]:
    """A heading and its table; ``empty``'s sentence instead when there is no table."""
    body = table if table is not None else f"<p>{escape(say.t(empty or ''))}</p>"
    return [f"<h2>{escape(say.t(heading))}</h2>", body]


def _verdicts(summary: Summary, say: Speaker) -> List[str]:
    rows = [[_verdict(say, v), _num(str(n))] for v, n in summary.verdicts.items()]
    return _section(say, "summary.section.verdicts",
                    _html_table("verdicts", say, ["summary.col.verdict", "summary.col.count"], rows))


def _students(summary: Summary, say: Speaker) -> List[str]:
    headers = ["summary.col.student", "summary.col.verdict", "summary.col.gpu", "summary.col.failing",
               "summary.col.warnings", "summary.col.speed"]
    table = _html_table("students", say, headers, [_student(row, say) for row in summary.rows],
                        row_attrs=[_row_attrs(row) for row in summary.rows])
    return _section(say, "summary.section.students", table)


def _causes(summary: Summary, say: Speaker) -> List[str]:
    headers = ["summary.col.cause", "summary.col.count", "summary.col.share", "summary.col.checks"]
    rows = [[f"<code>{escape(c.cause)}</code>", _num(str(c.students)), _num(f"{c.share:.0%}"),
             ", ".join(f"<code>{escape(check)}</code>" for check in c.checks)] for c in summary.causes]
    table = _html_table("causes", say, headers, rows) if summary.causes else None
    return _section(say, "summary.section.causes", table, "summary.empty.causes")


def _speeds(summary: Summary, say: Speaker) -> List[str]:
    headers = ["summary.col.gpu", "summary.col.runs", "summary.col.median", "summary.col.range"]
    rows = [[escape(speed_gpu_label(say, s.gpu)), _num(str(s.runs)), _num(number(s.median)),
             _num(f"{number(s.minimum)}–{number(s.maximum)}")] for s in summary.speeds]
    table = _html_table("speeds", say, headers, rows) if summary.speeds else None
    return _section(say, "summary.section.speeds", table, "summary.empty.speeds")


def _skipped(summary: Summary, say: Speaker) -> List[str]:
    rows = [[f'<span class="id">{escape(s.path)}</span>', escape(say(s.message))] for s in summary.skipped]
    table = _html_table("skipped", say, ["summary.col.file", "summary.col.reason"], rows) if rows else None
    return _section(say, "summary.section.skipped", table, "summary.empty.skipped")


def _student(row: Row, say: Speaker) -> List[str]:
    name = escape(row.student)
    if row.duplicate:
        name += f'<span class="flag">{escape(duplicate_label(say, row))}</span>'
    name += f'<div class="file">{escape(row.file)}</div>'
    gpu = escape(gpu_label(say, row.gpu))
    if row.gpu.simulated:
        gpu = f'<span class="sim">{gpu}</span>'
    return [name, _verdict(say, row.verdict), gpu, _problems(row.failing), _problems(row.warnings),
            _num(number(row.tokens_per_s))]


def _verdict(say: Speaker, verdict: str) -> str:
    return f'<span class="verdict v-{verdict}">{escape(verdict_label(say, verdict))}</span>'


def _problems(problems: Sequence[Problem]) -> str:
    if not problems:
        return ""
    items = "".join(f'<li><span class="id">{escape(MARKS[Status(p.status)].glyph)} {escape(p.check)}</span>'
                    + (f" (<code>{escape(p.cause)}</code>)" if p.cause else "") + "</li>" for p in problems)
    return f'<ul class="problems">{items}</ul>'


def _row_attrs(row: Row) -> str:
    attrs = f' data-verdict="{escape(row.verdict)}"'
    return attrs + (' class="dup" data-duplicate="true"' if row.duplicate else "")


class _Num(str):
    """A cell's text that _html_table escapes and aligns right (numbers line up)."""


def _num(text: str) -> str:
    return _Num(text)


def _html_table(table_id: str, say: Speaker, headers: Sequence[str], rows: Sequence[Sequence[str]],
                row_attrs: Optional[Sequence[str]] = None) -> str:
    """Headers are message ids; cells arrive as HTML (already escaped), numbers as _Num (escaped here)."""
    head = "".join(f'<th scope="col">{escape(say.t(h))}</th>' for h in headers)
    body = []
    for index, cells in enumerate(rows):
        tds = [f'<td class="num">{escape(str(cell))}</td>' if isinstance(cell, _Num) else f"<td>{cell}</td>"
               for cell in cells]
        attrs = row_attrs[index] if row_attrs else ""
        body.append(f"<tr{attrs}>{''.join(tds)}</tr>")
    return f'<table id="{table_id}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
