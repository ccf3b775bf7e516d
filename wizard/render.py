"""Turning results into text: a rich table for a terminal, plain text otherwise, HTML for a notebook.

Every renderer takes a :class:`~hf_doctor.i18n.Speaker` and says the results' messages in its language. The
layout of a fix (the sentence, the commands to paste, the page to read) is :func:`fix_lines`, shared by every
renderer, each styling its kinds of line its own way.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, List, Optional, Sequence, Tuple

from .checks.report import NOT_READY, READY, verdict
from .checks.result import CheckResult, Fix, Status
from .checks.text import Msg
from .i18n import Speaker
from .textui import MARKS, TITLE_WIDTH, fallback, pad, wrap

if TYPE_CHECKING:  # rich is imported only when a terminal gets the rich table
    from rich.console import Console


def header(say: Speaker, version: str, simulated_gpu: Optional[str]) -> str:
    if simulated_gpu:
        return say.t("ui.header.simulated", version=version, gpu=simulated_gpu)
    return say.t("ui.header.plain", version=version)


def verdict_message(results: Sequence[CheckResult], elapsed: Optional[float] = None) -> Msg:
    """The closing line as a message: whole sentences, each from the catalogue, with plurals by count."""
    counts = Counter(r.status for r in results)
    outcome = verdict(results)
    if outcome == READY:
        parts = [Msg("ui.verdict.ready")]
    elif outcome == NOT_READY:
        failed = counts[Status.FAIL]
        parts = [Msg("ui.verdict.failed", count=failed) if failed else Msg("ui.verdict.not_run")]
        bugs = counts[Status.ERROR]
        if bugs:
            parts.append(Msg("ui.verdict.bug", count=bugs))
    else:
        parts = [Msg("ui.verdict.warned", count=counts[Status.WARN])]
    line: Any = parts[0] if len(parts) == 1 else Msg("ui.verdict.sentences", first=parts[0], second=parts[1])
    if elapsed is not None:
        line = Msg("ui.verdict.elapsed", verdict=line, seconds=f"{elapsed:.2f}")
    return line


def verdict_line(say: Speaker, results: Sequence[CheckResult], elapsed: Optional[float] = None) -> str:
    return say(verdict_message(results, elapsed))


def duration_line(say: Speaker, result: CheckResult) -> str:
    """The last verbose line of a check: its id and how long it took."""
    return say.t("ui.detail.duration", id=result.id, seconds=f"{result.duration_s:.3f}")


@dataclass(frozen=True)
class FixLine:
    """One line of a fix: ``kind`` is "text" (the label and the sentence), "command" (to paste, never wrapped)
    or "link"."""

    kind: str
    text: str
    label: str = ""


def fix_lines(say: Speaker, fix: Any) -> List[FixLine]:
    """The fix of a result (a ``Fix``) or of a saved report (its ``{"text", "commands", "url"}``), in the one
    layout every renderer shows: the sentence, each command, the link."""
    if isinstance(fix, Fix):
        text, commands, url = say(fix.text), fix.commands, fix.url
    else:
        text, commands, url = str(fix.get("text") or ""), fix.get("commands") or (), fix.get("url")
    lines = [FixLine("text", text, label=say.t("ui.fix.label"))]
    lines += [FixLine("command", str(command)) for command in commands]
    if url:
        lines.append(FixLine("link", str(url)))
    return lines


def _needs_fix(result: CheckResult) -> bool:
    return result.fix is not None and result.status is not Status.PASS


def render_plain(
    say: Speaker,
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
    # The fallback is applied to each piece before padding, so that widths are those printed.
    plain: Callable[[str], str] = (lambda text: fallback(text, encoding)) if ascii_only else str
    indent = " " * (6 + TITLE_WIDTH + 1)
    out = [plain(title), ""]
    for result in results:
        mark = MARKS[result.status]
        glyph = mark.ascii if ascii_only else mark.glyph
        lead = f"[{glyph:^3}] {pad(plain(say(result.title)), TITLE_WIDTH)} "
        out += wrap(plain(say(result.summary)), width, lead, indent)
        extra: List[Tuple[str, bool]] = []   # (line, whether people copy it: never wrapped)
        if _needs_fix(result):
            for line in fix_lines(say, result.fix):
                if line.kind == "text":
                    extra.append((f"{line.label} {line.text}", False))
                else:
                    extra.append((("$ " if line.kind == "command" else "→ ") + line.text, True))
        if verbose:
            extra += [(f"· {say(detail)}", False) for detail in result.details]
            extra.append((f"· {duration_line(say, result)}", False))
        for text, copied in extra:
            out += [indent + plain(text)] if copied else wrap(plain(text), width, indent, indent + "  ")
    if with_verdict:
        out += ["", plain(verdict_line(say, results, elapsed))]
    text = "\n".join(out) + "\n"
    return fallback(text, encoding) if ascii_only else text


def render_rich(
    say: Speaker,
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
        row.add_row(Text(mark.glyph, style=mark.style), say(result.title), say(result.summary))
        console.print(row)
        if _needs_fix(result):
            for line in fix_lines(say, result.fix):
                if line.kind == "text":
                    console.print(Padding(Text.assemble((line.label + " ", mark.style), line.text),
                                          (0, 0, 0, indent)))
                else:   # what people copy is never wrapped by us: soft_wrap leaves long lines to the terminal
                    lead, style = ("$ ", "cyan") if line.kind == "command" else ("→ ", "blue")
                    console.print(Text(" " * indent + lead + line.text, style=style), soft_wrap=True)
        if verbose:
            for text in (*[say(detail) for detail in result.details], duration_line(say, result)):
                console.print(Padding(Text("· " + text, style="dim"), (0, 0, 0, indent)))
    console.print()
    if not with_verdict:
        return
    outcome = verdict(results)
    style = {READY: "bold green", NOT_READY: "bold red"}.get(outcome, "bold yellow")
    console.print(Text(verdict_line(say, results, elapsed), style=style))


HTML_COLOURS = {Status.PASS: "#1a7f37", Status.WARN: "#9a6700", Status.FAIL: "#cf222e", Status.SKIP: "#6e7781",
                Status.ERROR: "#8250df"}


def render_html(say: Speaker, results: Sequence[CheckResult], *, title: str, elapsed: Optional[float] = None) -> str:
    """One self-contained table for a notebook cell: marks, summaries, fixes with copyable commands."""
    from html import escape

    rows = []
    for result in results:
        colour = HTML_COLOURS[result.status]
        fix = ""
        if _needs_fix(result):
            for line in fix_lines(say, result.fix):
                if line.kind == "text":
                    fix += (f'<div style="margin-top:4px"><b style="color:{colour}">{escape(line.label)}</b> '
                            f"{escape(line.text)}</div>")
                elif line.kind == "command":
                    fix += (f'<pre style="margin:4px 0;padding:4px 6px;background:#f6f8fa;user-select:all">'
                            f"{escape(line.text)}</pre>")
                else:
                    fix += f'<div><a href="{escape(line.text)}" target="_blank">{escape(line.text)}</a></div>'
        rows.append(
            f'<tr data-check="{escape(result.id)}" data-status="{result.status.value}">'
            f'<td style="color:{colour};font-weight:bold;text-align:center">{MARKS[result.status].glyph}</td>'
            f'<td style="white-space:nowrap"><b>{escape(say(result.title))}</b></td>'
            f"<td>{escape(say(result.summary))}{fix}</td></tr>")
    outcome = verdict(results)
    colour = {READY: HTML_COLOURS[Status.PASS], NOT_READY: HTML_COLOURS[Status.FAIL]}.get(outcome,
                                                                                         HTML_COLOURS[Status.WARN])
    return (f'<div class="hf-doctor" lang="{say.lang}"><div style="font-weight:bold">{escape(title)}</div>'
            '<table style="border-collapse:collapse;text-align:left">' + "".join(rows) + "</table>"
            f'<div style="font-weight:bold;color:{colour}">{escape(verdict_line(say, results, elapsed))}</div></div>')
