"""Turning results into text: a rich table for a terminal, plain text otherwise, HTML for a notebook.

Every renderer takes a :class:`~hf_doctor.i18n.Speaker` and says the results' messages in its language. The
layout of a fix (the sentence, the commands to paste, the page to read) is :func:`fix_lines`, shared by every
renderer, each styling its kinds of line its own way.

What a result says may quote the outside world (a Hub's message, a GPU's name, a repo id, a profile's name, the
model's answer), so every text bound for a terminal passes through :func:`~hf_doctor.textui.visible`: an escape
sequence in it is shown, never run by the terminal.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, List, Optional, Sequence, Tuple

from .checks.report import NOT_READY, READY, verdict
from .checks.result import CheckResult, Fix, Status
from .checks.text import Msg
from .i18n import Speaker
from .textui import MARKS, TITLE_WIDTH, display_width, fallback, pad, visible, wrap

if TYPE_CHECKING:  # rich is imported only when a terminal gets the rich table
    from rich.console import Console


def header(say: Speaker, version: str, simulated_gpu: Optional[str]) -> str:
    if simulated_gpu:
        return say.t("ui.header.simulated", version=version, gpu=simulated_gpu)
    return say.t("ui.header.plain", version=version)


def verdict_message(results: Sequence[CheckResult], elapsed: Optional[float] = None,
                    failed: str = "ui.verdict.failed") -> Msg:
    """The closing line as a message: whole sentences, each from the catalogue, with plurals by count. ``failed``
    is the sentence for failures, which says how to run the check again (a notebook has its own)."""
    counts = Counter(r.status for r in results)
    outcome = verdict(results)
    if outcome == READY:
        parts = [Msg("ui.verdict.ready")]
    elif outcome == NOT_READY:
        parts = [Msg(failed, count=counts[Status.FAIL]) if counts[Status.FAIL] else Msg("ui.verdict.not_run")]
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


def answer_of(results: Sequence[CheckResult]) -> Optional[str]:
    """The text the timed generation produced, when one ran and said something."""
    from .checks.generation import GenerationFacts

    facts = next((GenerationFacts.of(r) for r in results if GenerationFacts.of(r) is not None), None)
    text = facts.text.strip() if facts is not None else ""
    return text or None


def answer_lines(say: Speaker, results: Sequence[CheckResult], width: int) -> List[str]:
    """The model's answer as the closing block before the verdict: a heading, then its lines wrapped (indented),
    so that a run ends with what the model said and the verdict on it."""
    text = answer_of(results)
    if text is None:
        return []
    lines = [say.t("ui.answer.heading")]
    for paragraph in text.splitlines():   # the model's words: whatever it generated, shown, never run
        lines += wrap(visible(paragraph, prose=True), width, "  ", "  ") if paragraph.strip() else [""]
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
    answer: bool = False,
) -> str:
    """The report as plain text: one line per check, the fix under each problem, then the verdict.

    Titles are padded and lines wrapped by display width, so that Korean (two columns a syllable) aligns.
    ``ascii_only`` is the fallback for a terminal that cannot print the marks: ASCII marks and arrows, and what
    ``encoding`` cannot print replaced by "?" (a Korean Windows console, cp949, prints Hangul but not ✓).
    """
    # Escapes shown and the fallback applied to each piece before padding, so that widths are those printed.
    encode: Callable[[str], str] = (lambda text: fallback(text, encoding)) if ascii_only else str

    def plain(text: str, prose: bool = True) -> str:
        return encode(visible(text, prose))

    indent = " " * (6 + TITLE_WIDTH + 1)
    out = [*wrap(plain(title), width, "", ""), ""]
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
            out += [indent + plain(text, prose=False)] if copied else wrap(plain(text), width, indent, indent + "  ")
    block = answer_lines(say, results, width) if answer else []
    if block:
        out += ["", *map(encode, block)]
    if with_verdict:
        out += ["", *wrap(plain(verdict_line(say, results, elapsed)), width, "", "")]
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
    answer: bool = False,
) -> None:
    """The same content as ``render_plain``, with coloured marks, wrapped to the console's width.

    Every line is wrapped here, by display width with :func:`~hf_doctor.textui.wrap`, and handed to rich
    unwrapped: rich's own wrapping measures a line's trailing space by characters, not columns, so a Korean line
    that ends one column short of the width lost its last word to an ellipsis (``… GPU …``). Texts are given as
    ``Text``, never as markup, so that a ``[...]`` in a message is shown as written.
    """
    writer = _RichWriter(console)
    writer.paragraph(title, "", "", style="bold")
    console.print()
    for result in results:
        writer.result(say, result, verbose)
    console.print()
    block = answer_lines(say, results, writer.width) if answer else []
    for number, line in enumerate(block):
        writer.show(writer.Text(line, style="bold" if number == 0 else ""))
    if block:
        console.print()
    if with_verdict:
        style = {READY: "bold green", NOT_READY: "bold red"}.get(verdict(results), "bold yellow")
        writer.paragraph(verdict_line(say, results, elapsed), "", "", style=style)


class _RichWriter:
    """Prints lines wrapped here, by display width, to a rich console that neither wraps nor crops them
    (soft_wrap): our lines fit, and a word wider than the line (a long path) is left whole for the terminal."""

    INDENT = " " * (3 + 1 + TITLE_WIDTH + 1)

    def __init__(self, console: "Console") -> None:
        from rich.text import Text

        self.console = console
        self.width = console.width
        self.Text = Text

    def show(self, line: Any) -> None:
        self.console.print(line, soft_wrap=True)

    def paragraph(self, text: str, first: str, rest: str, style: str = "", label: str = "",
                  label_style: str = "") -> None:
        for number, line in enumerate(wrap(visible(text, prose=True), self.width, first, rest)):
            styled = self.Text(line, style=style)
            if number == 0 and label and line[len(first):].startswith(label):
                styled.stylize(label_style, len(first), len(first) + len(label))
            self.show(styled)

    def result(self, say: Speaker, result: CheckResult, verbose: bool) -> None:
        """One check: its mark, title and summary, the fix under a problem, and the details when verbose."""
        mark, indent = MARKS[result.status], self.INDENT
        lead = self.Text.assemble((mark.glyph, mark.style), " " * max(1, 4 - display_width(mark.glyph)),
                                  (pad(visible(say(result.title), prose=True), TITLE_WIDTH), "bold"), " ")
        summary = visible(say(result.summary), prose=True)
        lines = wrap(summary, self.width, " " * display_width(lead.plain), indent)
        self.show(self.Text.assemble(lead, lines[0].lstrip(" ")))
        for line in lines[1:]:
            self.show(self.Text(line))
        if _needs_fix(result):
            for fix in fix_lines(say, result.fix):
                if fix.kind == "text":
                    self.paragraph(f"{fix.label} {fix.text}", indent, indent, label=fix.label,
                                   label_style=mark.style)
                else:   # what people copy is never wrapped by us: long lines are left to the terminal
                    lead_text, style = ("$ ", "cyan") if fix.kind == "command" else ("→ ", "blue")
                    self.show(self.Text(indent + lead_text + visible(fix.text), style=style))
        if verbose:
            for text in (*[say(detail) for detail in result.details], duration_line(say, result)):
                self.paragraph("· " + text, indent, indent, style="dim")


HTML_COLOURS = {Status.PASS: "#1a7f37", Status.WARN: "#9a6700", Status.FAIL: "#cf222e", Status.SKIP: "#6e7781",
                Status.ERROR: "#8250df"}


def render_html(say: Speaker, results: Sequence[CheckResult], *, title: str, elapsed: Optional[float] = None) -> str:
    """One self-contained table for a notebook cell: marks, summaries, fixes with copyable commands.

    Notebook front ends style every table for data frames: JupyterLab and classic Jupyter align each cell to the
    right, centre the table and stripe its rows; Colab's output frame has rules of its own. So every element says
    its alignment, spacing and colours itself, inline: an inline style beats any stylesheet rule of theirs, stays
    inside this output (a ``<style>`` block would restyle the whole page), and survives the sanitiser of an
    untrusted notebook, which drops ``<style>``. A command box sets its text colour with its background, so a
    dark theme does not put light text on it. The verdict is the notebook's: the check is run again by running
    the cell, not with ``hf-doctor check``.
    """
    from html import escape

    cell = "text-align:left;vertical-align:top;padding:4px 8px;border:none;line-height:1.4"
    rows = []
    for result in results:
        colour = HTML_COLOURS[result.status]
        fix = ""
        if _needs_fix(result):
            for line in fix_lines(say, result.fix):
                if line.kind == "text":
                    fix += (f'<div style="margin-top:4px;text-align:left"><b style="color:{colour}">'
                            f"{escape(line.label)}</b> {escape(line.text)}</div>")
                elif line.kind == "command":
                    fix += ('<pre style="margin:4px 0;padding:4px 6px;text-align:left;color:#1f2328;'
                            f'background:#f6f8fa;user-select:all">{escape(line.text)}</pre>')
                else:
                    fix += (f'<div style="text-align:left"><a href="{escape(line.text)}" target="_blank">'
                            f"{escape(line.text)}</a></div>")
        rows.append(
            f'<tr data-check="{escape(result.id)}" data-status="{result.status.value}">'
            f'<td style="{cell};color:{colour};font-weight:bold">{MARKS[result.status].glyph}</td>'
            f'<td style="{cell};white-space:nowrap"><b>{escape(say(result.title))}</b></td>'
            f'<td style="{cell};white-space:normal">{escape(say(result.summary))}{fix}</td></tr>')

    outcome = verdict(results)
    colour = {READY: HTML_COLOURS[Status.PASS], NOT_READY: HTML_COLOURS[Status.FAIL]}.get(outcome,
                                                                                         HTML_COLOURS[Status.WARN])
    closing = say(verdict_message(results, elapsed, failed="ui.verdict.failed_notebook"))
    return (f'<div class="hf-doctor" lang="{say.lang}">'
            f'<div style="font-weight:bold;text-align:left">{escape(title)}</div>'
            # margin: left, not centred; width and layout: the table's own, not the page's fixed layout
            '<table style="border-collapse:collapse;border:none;margin:4px auto 4px 0;width:auto;'
            'table-layout:auto;text-align:left">' + "".join(rows) + "</table>"
            f'<div style="font-weight:bold;text-align:left;color:{colour}">{escape(closing)}</div></div>')
