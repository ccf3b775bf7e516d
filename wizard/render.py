"""Turning results into text: a rich table for a terminal, plain text otherwise. The only place with glyphs."""
from __future__ import annotations

import textwrap
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, List, Optional, Sequence

from checks.report import NOT_READY, READY, verdict
from checks.result import CheckResult, Fix, Status

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
ASCII = str.maketrans({"→": "->", "≥": ">=", "≤": "<=", "·": "-", "×": "x", "…": "...", "✓": "ok", "✗": "XX"})


def header(version: str, simulated_gpu: Optional[str]) -> str:
    line = f"hf-preflight {version} · environment check"
    if simulated_gpu:
        line += f" · GPU simulated: {simulated_gpu} (planning, not this machine's GPU)"
    return line


def verdict_line(results: Sequence[CheckResult], elapsed: Optional[float] = None) -> str:
    counts = Counter(r.status for r in results)
    tail = f" ({elapsed:.2f} s)" if elapsed is not None else ""
    bugs = counts[Status.ERROR]
    bug_note = f" hf-preflight hit a bug in {_n(bugs, 'check')}; please report it." if bugs else ""
    outcome = verdict(results)
    if outcome == READY:
        return f"Ready: every check passed.{tail}"
    if outcome == NOT_READY:
        failed = counts[Status.FAIL]
        if failed:
            return (f"Not ready: {_n(failed, 'check')} failed. Apply the fixes above, then run "
                    f"`hf-preflight check` again.{bug_note}{tail}")
        return f"Not ready: some checks could not run.{bug_note}{tail}"
    return (f"Ready, with {_n(counts[Status.WARN], 'warning')}: a first run can work; the fixes above "
            f"make it better.{tail}")


def fix_lines(fix: Fix) -> List[str]:
    lines = [f"fix: {fix.text}"]
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
    elapsed: Optional[float] = None,
    with_verdict: bool = True,
) -> str:
    """The report as plain text: one line per check, the fix under each problem, then the verdict."""
    indent = " " * (6 + TITLE_WIDTH + 1)
    out = [title, ""]
    for result in results:
        mark = MARKS[result.status]
        glyph = mark.ascii if ascii_only else mark.glyph
        lead = f"[{glyph:^3}] {result.title:<{TITLE_WIDTH}} "
        out += _wrap(result.summary, width, lead, indent)
        extra: List[str] = []
        if result.fix is not None and result.status is not Status.PASS:
            extra += fix_lines(result.fix)
        if verbose:
            extra += [f"· {detail}" for detail in result.details]
            extra.append(f"· {result.id} in {result.duration_s:.3f} s")
        for line in extra:
            if line.startswith(("$ ", "→ ")):
                out.append(indent + line)  # never wrap what people copy
            else:
                out += _wrap(line, width, indent, indent + "  ")
    if with_verdict:
        out += ["", verdict_line(results, elapsed)]
    text = "\n".join(out) + "\n"
    if ascii_only:
        text = text.translate(ASCII).encode("ascii", "replace").decode("ascii")
    return text


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
            console.print(Padding(Text.assemble(("fix: ", mark.style), result.fix.text), (0, 0, 0, indent)))
            # What people copy is never wrapped by us: soft_wrap leaves long lines to the terminal.
            for command in result.fix.commands:
                console.print(Text(" " * indent + "$ " + command, style="cyan"), soft_wrap=True)
            if result.fix.url:
                console.print(Text(" " * indent + "→ " + result.fix.url, style="blue"), soft_wrap=True)
        if verbose:
            for line in (*result.details, f"{result.id} in {result.duration_s:.3f} s"):
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
            fix = f'<div style="margin-top:4px"><b style="color:{colour}">fix:</b> {escape(result.fix.text)}</div>'
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
    return (f'<div class="hf-preflight"><div style="font-weight:bold">{escape(title)}</div>'
            '<table style="border-collapse:collapse;text-align:left">' + "".join(rows) + "</table>"
            f'<div style="font-weight:bold;color:{colour}">{escape(verdict_line(results, elapsed))}</div></div>')


def _wrap(text: str, width: int, first: str, rest: str) -> List[str]:
    return textwrap.wrap(text, width=width, initial_indent=first, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False) or [first.rstrip()]


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")
