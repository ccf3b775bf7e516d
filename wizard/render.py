"""Turning results into text: a rich table for a terminal, plain text otherwise. The only place with glyphs."""
from __future__ import annotations

import codecs
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, List, Optional, Sequence

from hf_doctor.checks.messages import current_language, t
from hf_doctor.checks.report import NOT_READY, READY, verdict
from hf_doctor.checks.result import CheckResult, Fix, Status

if TYPE_CHECKING:  # rich is imported only when a terminal gets the rich table
    from rich.console import Console


@dataclass(frozen=True)
class Mark:
    glyph: str
    ascii: str
    style: str


MARKS = {
    Status.PASS: Mark("✓", "ok", "green"),
    Status.WARN: Mark("!", "!!", "yellow"),
    Status.FAIL: Mark("✗", "XX", "red"),
    Status.SKIP: Mark("-", "--", "dim"),
    Status.ERROR: Mark("☠", "BUG", "bold magenta"),
}

TITLE_WIDTH = 17

# For a terminal that cannot encode them (rare since PEP 538/540 and UTF-8 consoles, but it happens).
ASCII = str.maketrans({"→": "->", "≥": ">=", "≤": "<=", "·": "-", "×": "x", "…": "...", "✓": "ok", "✗": "XX",
                       "☠": "BUG", "–": "-"})


def stream_encoding(stream: Any = None) -> str:
    """The encoding of ``stream`` (stdout by default), by its canonical codec name; ASCII when unknown."""
    name = getattr(stream or sys.stdout, "encoding", None) or "ascii"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "ascii"


def can_encode(text: str, stream: Any = None) -> bool:
    """Whether ``stream`` (stdout by default) can show ``text`` as it is."""
    try:
        text.encode(stream_encoding(stream))
    except UnicodeEncodeError:
        return False
    return True


def header(version: str, simulated_gpu: Optional[str]) -> str:
    if simulated_gpu:
        return t("ui.header.simulated", version=version, gpu=simulated_gpu)
    return t("ui.header.plain", version=version)


def verdict_line(results: Sequence[CheckResult], elapsed: Optional[float] = None) -> str:
    counts = Counter(r.status for r in results)
    outcome = verdict(results)
    if outcome == READY:
        sentences = [t("ui.verdict.ready")]
    elif outcome == NOT_READY:
        failed = counts[Status.FAIL]
        sentences = [t(f"ui.verdict.failed.{_plural(failed)}", count=failed) if failed else t("ui.verdict.not_run")]
        bugs = counts[Status.ERROR]
        if bugs:
            sentences.append(t(f"ui.verdict.bug.{_plural(bugs)}", count=bugs))
    else:
        warned = counts[Status.WARN]
        sentences = [t(f"ui.verdict.warned.{_plural(warned)}", count=warned)]
    line = " ".join(sentences)   # whole sentences, each from the catalogue
    if elapsed is not None:
        line = t("ui.verdict.elapsed", verdict=line, seconds=f"{elapsed:.2f}")
    return line


def duration_line(result: CheckResult) -> str:
    """The last verbose line of a check: its id and how long it took."""
    return t("ui.detail.duration", id=result.id, seconds=f"{result.duration_s:.3f}")


def fix_lines(fix: Fix) -> List[str]:
    lines = [f"{t('ui.fix.label')} {fix.text}"]
    lines += [f"$ {command}" for command in fix.commands]
    if fix.url:
        lines.append(f"→ {fix.url}")
    return lines


def render_plain(
    results: Sequence[CheckResult],
    *,
    title: str,
    width: int = 100,
    verbose: bool = False,
    ascii_only: bool = False,
    encoding: str = "ascii",
    elapsed: Optional[float] = None,
    with_verdict: bool = True,
) -> str:
    """The report as plain text: one line per check, the fix under each problem, then the verdict.

    Titles are padded and lines wrapped by display width, so that Korean (two columns a syllable) aligns.
    ``ascii_only`` is the fallback for a terminal that cannot print the marks: ASCII marks and arrows, and what
    ``encoding`` cannot print replaced by "?" (a Korean Windows console, cp949, prints Hangul but not ✓).
    """
    def fallback(text: str) -> str:
        return text.translate(ASCII).encode(encoding, "replace").decode(encoding)

    # The fallback is applied to each piece before padding, so that widths are those printed.
    plain: Callable[[str], str] = fallback if ascii_only else str
    indent = " " * (6 + TITLE_WIDTH + 1)
    out = [plain(title), ""]
    for result in results:
        mark = MARKS[result.status]
        glyph = mark.ascii if ascii_only else mark.glyph
        lead = f"[{glyph:^3}] {pad(plain(result.title), TITLE_WIDTH)} "
        out += _wrap(plain(result.summary), width, lead, indent)
        extra: List[str] = []
        if result.fix is not None and result.status is not Status.PASS:
            extra += fix_lines(result.fix)
        if verbose:
            extra += [f"· {detail}" for detail in result.details]
            extra.append(f"· {duration_line(result)}")
        for line in map(plain, extra):
            if line.startswith(("$ ", "→ ", "-> ")):
                out.append(indent + line)  # never wrap what people copy
            else:
                out += _wrap(line, width, indent, indent + "  ")
    if with_verdict:
        out += ["", plain(verdict_line(results, elapsed))]
    text = "\n".join(out) + "\n"
    return fallback(text) if ascii_only else text


def render_rich(
    console: "Console",
    results: Sequence[CheckResult],
    *,
    title: str,
    verbose: bool = False,
    elapsed: Optional[float] = None,
    with_verdict: bool = True,
) -> None:
    """The same content as ``render_plain``, as a rich table with coloured marks."""
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    indent = 3 + 1 + TITLE_WIDTH + 1
    console.print(Text(title, style="bold"))
    console.print()
    for result in results:
        mark = MARKS[result.status]
        row = Table.grid(padding=(0, 1, 0, 0))
        row.add_column(width=3, no_wrap=True)
        row.add_column(width=TITLE_WIDTH, no_wrap=True, style="bold")
        row.add_column(ratio=1)
        row.add_row(Text(mark.glyph, style=mark.style), result.title, result.summary)
        console.print(row)
        if result.fix is not None and result.status is not Status.PASS:
            label = t("ui.fix.label") + " "
            console.print(Padding(Text.assemble((label, mark.style), result.fix.text), (0, 0, 0, indent)))
            # What people copy is never wrapped by us: soft_wrap leaves long lines to the terminal.
            for command in result.fix.commands:
                console.print(Text(" " * indent + "$ " + command, style="cyan"), soft_wrap=True)
            if result.fix.url:
                console.print(Text(" " * indent + "→ " + result.fix.url, style="blue"), soft_wrap=True)
        if verbose:
            for line in (*result.details, duration_line(result)):
                console.print(Padding(Text("· " + line, style="dim"), (0, 0, 0, indent)))
    console.print()
    if not with_verdict:
        return
    outcome = verdict(results)
    style = {READY: "bold green", NOT_READY: "bold red"}.get(outcome, "bold yellow")
    console.print(Text(verdict_line(results, elapsed), style=style))


HTML_COLOURS = {Status.PASS: "#1a7f37", Status.WARN: "#9a6700", Status.FAIL: "#cf222e", Status.SKIP: "#6e7781",
                Status.ERROR: "#8250df"}


def render_html(results: Sequence[CheckResult], *, title: str, elapsed: Optional[float] = None) -> str:
    """One self-contained table for a notebook cell: marks, summaries, fixes with copyable commands."""
    from html import escape

    rows = []
    for result in results:
        colour = HTML_COLOURS[result.status]
        fix = ""
        if result.fix is not None and result.status is not Status.PASS:
            fix = (f'<div style="margin-top:4px"><b style="color:{colour}">{escape(t("ui.fix.label"))}</b> '
                   f"{escape(result.fix.text)}</div>")
            fix += "".join(f'<pre style="margin:4px 0;padding:4px 6px;background:#f6f8fa;user-select:all">'
                           f"{escape(command)}</pre>" for command in result.fix.commands)
            if result.fix.url:
                fix += f'<div><a href="{escape(result.fix.url)}" target="_blank">{escape(result.fix.url)}</a></div>'
        rows.append(
            f'<tr data-check="{escape(result.id)}" data-status="{result.status.value}">'
            f'<td style="color:{colour};font-weight:bold;text-align:center">{MARKS[result.status].glyph}</td>'
            f'<td style="white-space:nowrap"><b>{escape(result.title)}</b></td>'
            f"<td>{escape(result.summary)}{fix}</td></tr>")
    outcome = verdict(results)
    colour = {READY: HTML_COLOURS[Status.PASS], NOT_READY: HTML_COLOURS[Status.FAIL]}.get(outcome,
                                                                                         HTML_COLOURS[Status.WARN])
    return (f'<div class="hf-doctor" lang="{current_language()}"><div style="font-weight:bold">{escape(title)}</div>'
            '<table style="border-collapse:collapse;text-align:left">' + "".join(rows) + "</table>"
            f'<div style="font-weight:bold;color:{colour}">{escape(verdict_line(results, elapsed))}</div></div>')


def display_width(text: str) -> int:
    """Terminal columns: East Asian wide and full-width characters (Hangul, CJK) take two, combining marks none."""
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
               for ch in text)


def pad(text: str, width: int) -> str:
    """``text.ljust(width)``, counting display columns instead of characters."""
    return text + " " * max(0, width - display_width(text))


_SPACES = re.compile(r"( +)")
_WHITESPACE = str.maketrans({c: " " for c in "\t\n\x0b\x0c\r"})


def _wrap(text: str, width: int, first: str, rest: str) -> List[str]:
    """``textwrap.wrap`` (no broken words, no hyphen breaks) measuring display columns instead of characters.

    For text of single-width characters it gives exactly what textwrap gives; Korean text is wrapped between
    words (Korean separates them with spaces) at the same column as English.
    """
    chunks = [chunk for chunk in _SPACES.split(text.expandtabs().translate(_WHITESPACE)) if chunk]
    chunks.reverse()   # a stack: the next chunk is the last
    lines: List[str] = []
    while chunks:
        indent = rest if lines else first
        room = width - display_width(indent)
        if lines and not chunks[-1].strip():
            del chunks[-1]   # a line after the first never starts with spaces
        line: List[str] = []
        used = 0
        while chunks and used + display_width(chunks[-1]) <= room:
            used += display_width(chunks[-1])
            line.append(chunks.pop())
        if not line and chunks:
            line.append(chunks.pop())   # a word wider than the line goes on a line of its own, unbroken
        if line and not line[-1].strip():
            del line[-1]
        if line:
            lines.append(indent + "".join(line))
    return lines or [first.rstrip()]


def _plural(count: int) -> str:
    """The catalogue's plural form for ``count``: English says "1 check" but "0 checks" and "2 checks"."""
    return "one" if count == 1 else "other"
