"""The class summary as plain text for a terminal: the header, the verdicts, the students, the causes, the
speeds and the skipped files. Columns are aligned by display width (Hangul takes two cells) with the shared
:func:`hf_doctor.textui.table`."""
from __future__ import annotations

import unicodedata
from typing import AbstractSet, Callable, List, Sequence

from hf_doctor.checks.result import Status
from hf_doctor.i18n import Speaker
from hf_doctor.textui import MARKS, fallback, table

from .aggregating import Problem, Row, Summary
from .labels import duplicate_label, gpu_label, number, speed_gpu_label, verdict_label
from .reading import Skipped


def render_text(summary: Summary, say: Speaker, ascii_only: bool = False, encoding: str = "utf-8") -> str:
    """Everything, in ``say``'s language. ``ascii_only`` is the fallback for a console that cannot print the
    marks: ASCII marks, and what ``encoding`` cannot show replaced, in each cell before the columns are padded
    (so that they line up as printed)."""
    plain = _plain(ascii_only, encoding)
    out = [say.t("summary.title"), say.t("summary.counts", reports=len(summary.rows), skipped=len(summary.skipped)),
           "", "  ·  ".join(f"{verdict_label(say, v)}: {n}" for v, n in summary.verdicts.items())]
    if summary.rows:
        out += ["", say.t("summary.section.students"), *_students(summary.rows, say, ascii_only, plain)]
        out += ["", say.t("summary.section.causes"), *_causes(summary, say, plain)]
        out += ["", say.t("summary.section.speeds"), *_speeds(summary, say, plain)]
    if summary.skipped:
        out += ["", *skipped_lines(summary.skipped, say)]
    if summary.rows:
        out += ["", say.t("summary.legend")]
    # Again over the tables' lines, whose cells went through it already: it changes nothing there.
    return "\n".join(plain(line) for line in out) + "\n"


def skipped_lines(skipped: Sequence[Skipped], say: Speaker) -> List[str]:
    """The skipped files and why: the end of the table, and all the command says when nothing could be read."""
    # printable: the path and a foreign file's schema, which the reason quotes, come from the students.
    return [say.t("summary.section.skipped"), *(printable(f"  {item.path}: {say(item.message)}") for item in skipped)]


def printable(text: str) -> str:
    """A name from a student's file as a terminal may print it: control characters (an escape sequence that
    would recolour or retitle the teacher's terminal) shown as U+FFFD."""
    return "".join("\ufffd" if unicodedata.category(ch) == "Cc" else ch for ch in text)


def _plain(ascii_only: bool, encoding: str) -> Callable[[str], str]:
    if ascii_only:
        return lambda text: fallback(printable(text), encoding)
    return printable


def _students(rows: Sequence[Row], say: Speaker, ascii_only: bool, plain: Callable[[str], str]) -> List[str]:
    headers = ["summary.col.student", "summary.col.verdict", "summary.col.gpu", "summary.col.speed",
               "summary.col.problems"]
    cells = [[_student(row, say), verdict_label(say, row.verdict), gpu_label(say, row.gpu), number(row.tokens_per_s),
              _marked(row, ascii_only)] for row in rows]
    return _table(say, headers, cells, plain, right={3})


def _causes(summary: Summary, say: Speaker, plain: Callable[[str], str]) -> List[str]:
    if not summary.causes:
        return ["  " + say.t("summary.empty.causes")]
    headers = ["summary.col.cause", "summary.col.count", "summary.col.share", "summary.col.checks"]
    cells = [[c.cause, str(c.students), f"{c.share:.0%}", ", ".join(c.checks)] for c in summary.causes]
    return _table(say, headers, cells, plain, right={1, 2})


def _speeds(summary: Summary, say: Speaker, plain: Callable[[str], str]) -> List[str]:
    if not summary.speeds:
        return ["  " + say.t("summary.empty.speeds")]
    headers = ["summary.col.gpu", "summary.col.runs", "summary.col.median", "summary.col.range"]
    cells = [[speed_gpu_label(say, s.gpu), str(s.runs), number(s.median), f"{number(s.minimum)}–{number(s.maximum)}"]
             for s in summary.speeds]
    return _table(say, headers, cells, plain, right={1, 2, 3})


def _table(say: Speaker, headers: Sequence[str], cells: Sequence[Sequence[str]], plain: Callable[[str], str],
           right: AbstractSet[int]) -> List[str]:
    return table([plain(say.t(h)) for h in headers], [[plain(c) for c in row] for row in cells], right=right)


def _student(row: Row, say: Speaker) -> str:
    return f"{row.student} [{duplicate_label(say, row)}]" if row.duplicate else row.student


def _marked(row: Row, ascii_only: bool) -> str:
    def mark(problem: Problem) -> str:
        found = MARKS[Status(problem.status)]
        return found.ascii if ascii_only else found.glyph

    return "  ".join(f"{mark(p)} {p.label()}" for p in (*row.failing, *row.warnings))
