"""The class summary as plain text for a terminal: the header, the verdicts, the students, the causes, the
speeds and the skipped files. Columns are aligned by display width (Hangul takes two cells) with the shared
:func:`hf_doctor.textui.table`."""
from __future__ import annotations

from typing import AbstractSet, Callable, List, Optional, Sequence

from hf_doctor.checks.result import Status
from hf_doctor.i18n import Speaker
from hf_doctor.textui import MARKS, UNLIMITED, display_width, fallback, table, visible, wrap, wrap_lines

from .aggregating import Problem, Row, Summary
from .labels import duplicate_label, gpu_label, number, speed_gpu_label, verdict_label
from .reading import Skipped


def render_text(summary: Summary, say: Speaker, ascii_only: bool = False, encoding: str = "utf-8",
                width: Optional[int] = None) -> str:
    """Everything, in ``say``'s language. ``ascii_only`` is the fallback for a console that cannot print the
    marks: ASCII marks, and what ``encoding`` cannot show replaced, in each cell before the columns are padded
    (so that they line up as printed).

    ``width``: the terminal's columns. Every line then fits (but a word wider than the line, a long path, which
    is never cut): prose is wrapped between words, tables narrow their columns and wrap their cells, and the
    students, whose table is about 180 columns wide, are listed one after another (name, then verdict, GPU and
    speed, then one line per problem) when their table does not fit. Nothing is left out. ``None``: no limit.
    """
    plain = _plain(ascii_only, encoding)
    limit = width if width is not None else UNLIMITED

    def prose(text: str, first: str = "", rest: str = "  ") -> List[str]:
        return wrap_lines(plain(text), limit, first, rest)

    out = [*prose(say.t("summary.title")),
           *prose(say.t("summary.counts", reports=len(summary.rows), skipped=len(summary.skipped))),
           "", *_joined([f"{verdict_label(say, v)}: {n}" for v, n in summary.verdicts.items()], limit, plain)]
    if summary.rows:
        out += ["", *prose(say.t("summary.section.students")), *_students(summary.rows, say, ascii_only, plain, width)]
        out += ["", *prose(say.t("summary.section.causes")), *_causes(summary, say, plain, width)]
        out += ["", *prose(say.t("summary.section.speeds")), *_speeds(summary, say, plain, width)]
    if summary.skipped:
        out += ["", *skipped_lines(summary.skipped, say, width)]
    if summary.rows:
        out += ["", *prose(say.t("summary.legend"), rest="")]
    # Again over the tables' lines, whose cells went through it already: it changes nothing there.
    return "\n".join(plain(line) for line in out) + "\n"


def skipped_lines(skipped: Sequence[Skipped], say: Speaker, width: Optional[int] = None) -> List[str]:
    """The skipped files and why: the end of the table, and all the command says when nothing could be read.
    With ``width``, each is wrapped between words, continued four columns in."""
    limit = width if width is not None else UNLIMITED
    # visible: the path and a foreign file's schema, which the reason quotes, come from the students.
    return [*wrap_lines(say.t("summary.section.skipped"), limit, "", "  "),
            *(line for item in skipped
              for line in wrap(visible(f"{item.path}: {say(item.message)}"), limit, "  ", "    "))]


def _plain(ascii_only: bool, encoding: str) -> Callable[[str], str]:
    if ascii_only:
        return lambda text: fallback(visible(text), encoding)
    return visible


def _students(rows: Sequence[Row], say: Speaker, ascii_only: bool, plain: Callable[[str], str],
              width: Optional[int]) -> List[str]:
    headers = ["summary.col.student", "summary.col.verdict", "summary.col.gpu", "summary.col.speed",
               "summary.col.problems"]
    cells = [[_student(row, say), verdict_label(say, row.verdict), gpu_label(say, row.gpu), number(row.tokens_per_s),
              _marked(row, ascii_only)] for row in rows]
    lines = _table(say, headers, cells, plain, right={3})
    if width is None or all(display_width(line) <= width for line in lines):
        return lines
    return _stacked(rows, say, ascii_only, plain, width)


def _stacked(rows: Sequence[Row], say: Speaker, ascii_only: bool, plain: Callable[[str], str],
             width: int) -> List[str]:
    """The students one after another, for a terminal too narrow for their table: the name; the verdict, the GPU
    and the speed, each after its column's header; then each failing check and warning on a line of its own."""
    out: List[str] = []
    for row in rows:
        facts = [(say.t("summary.col.verdict"), verdict_label(say, row.verdict)),
                 (say.t("summary.col.gpu"), gpu_label(say, row.gpu)),
                 (say.t("summary.col.speed"), number(row.tokens_per_s))]
        out += wrap(plain(_student(row, say)), width, "  ", "    ")
        out += _joined([plain(f"{label}: {value}") for label, value in facts if value], width, plain, "      ")
        for problem in (*row.failing, *row.warnings):
            out += wrap(plain(f"{_mark(problem, ascii_only)} {problem.label()}"), width, "      ", "        ")
    return out


def _joined(items: Sequence[str], width: int, plain: Callable[[str], str], indent: str = "") -> List[str]:
    """Items joined by "  ·  " on as few lines as ``width`` allows, an item split across lines only when it is
    wider than a line by itself."""
    separator = plain("  ·  ")
    lines: List[str] = []
    for item in items:
        if lines and display_width(lines[-1] + separator + item) <= width:
            lines[-1] += separator + item
        else:
            lines += wrap(item, width, indent, indent + "  ")
    return lines


def _causes(summary: Summary, say: Speaker, plain: Callable[[str], str], width: Optional[int]) -> List[str]:
    if not summary.causes:
        return wrap_lines("  " + say.t("summary.empty.causes"), width or UNLIMITED, "", "  ")
    headers = ["summary.col.cause", "summary.col.count", "summary.col.share", "summary.col.checks"]
    cells = [[c.cause, str(c.students), f"{c.share:.0%}", ", ".join(c.checks)] for c in summary.causes]
    return _table(say, headers, cells, plain, right={1, 2}, width=width)


def _speeds(summary: Summary, say: Speaker, plain: Callable[[str], str], width: Optional[int]) -> List[str]:
    if not summary.speeds:
        return wrap_lines("  " + say.t("summary.empty.speeds"), width or UNLIMITED, "", "  ")
    headers = ["summary.col.gpu", "summary.col.runs", "summary.col.median", "summary.col.range"]
    cells = [[speed_gpu_label(say, s.gpu), str(s.runs), number(s.median), f"{number(s.minimum)}–{number(s.maximum)}"]
             for s in summary.speeds]
    return _table(say, headers, cells, plain, right={1, 2, 3}, width=width)


def _table(say: Speaker, headers: Sequence[str], cells: Sequence[Sequence[str]], plain: Callable[[str], str],
           right: AbstractSet[int], width: Optional[int] = None) -> List[str]:
    return table([plain(say.t(h)) for h in headers], [[plain(c) for c in row] for row in cells], right=right,
                 width=width)


def _student(row: Row, say: Speaker) -> str:
    return f"{row.student} [{duplicate_label(say, row)}]" if row.duplicate else row.student


def _mark(problem: Problem, ascii_only: bool) -> str:
    found = MARKS[Status(problem.status)]
    return found.ascii if ascii_only else found.glyph


def _marked(row: Row, ascii_only: bool) -> str:
    return "  ".join(f"{_mark(p, ascii_only)} {p.label()}" for p in (*row.failing, *row.warnings))
