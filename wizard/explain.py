"""``hf-doctor explain [FILE]``: a pasted error or traceback in, its root cause and fix out."""
from __future__ import annotations

import json
import sys
from typing import IO, Optional

import click

from hf_doctor.checks.explain import Explanation, explain as diagnose_text

from .i18n import Speaker
from .options import LANG_OPTION, command_speaker
from .render import fix_lines
from .textui import DEFAULT_WIDTH, PROSE_WIDTH, terminal_width, wrap_lines

# Enough for any traceback; a log file larger than this is read from its end, where the error is.
MAX_BYTES = 1_000_000


@click.command()
@click.argument("source", type=click.File("rb"), required=False, metavar="[FILE]")
@click.option("--json", "as_json", is_flag=True, help='Print {"cause", "summary", "fix", "evidence"} as JSON.')
@LANG_OPTION
@click.pass_context
def explain(ctx: click.Context, source: Optional[IO[bytes]], as_json: bool, lang: Optional[str]) -> None:
    """Name the cause of an error message or traceback (FILE, or standard input) and say how to fix it."""
    say = command_speaker(ctx)
    if source is None:
        if sys.stdin.isatty():
            click.echo(say.t("explain.paste"), err=True)
        source = sys.stdin.buffer
    text = _read(source)
    if not text.strip():
        raise click.UsageError(say.t("explain.empty"))
    result = diagnose_text(text)
    if as_json:
        click.echo(json.dumps(result.to_json(say), indent=2, ensure_ascii=False))
    else:
        click.echo(render(result, say, width=terminal_width(limit=PROSE_WIDTH)), nl=False)


def _read(source: IO[bytes]) -> str:
    data = source.read()
    if len(data) > MAX_BYTES:
        data = data[-MAX_BYTES:]
    return data.decode("utf-8", errors="replace")


def render(result: Explanation, say: Speaker, width: int = DEFAULT_WIDTH) -> str:
    """The explanation as plain text in ``say``'s language: the cause, what it means, the fix with its commands,
    the evidence (the user's own lines, their words as they were).

    Prose is wrapped between words at ``width`` display columns (Hangul takes two), never inside a word: a
    terminal folding a long line would cut words in half. Commands and links are never wrapped (people copy them);
    a word wider than the line (a long path) stays whole on a line of its own.
    """
    lines = [*wrap_lines(say.t("explain.cause", cause=result.cause, title=result.title), width, "", "  "), "",
             *wrap_lines(say(result.summary), width), ""]
    for line in fix_lines(say, result.fix):   # the fix's layout, as every renderer shows it
        if line.kind == "text":
            lines += wrap_lines(say.t("explain.fix", text=line.text), width, "", "  ")
        else:
            lines.append(("  $ " if line.kind == "command" else "  → ") + line.text)
    if result.evidence:
        lines += ["", *wrap_lines(say.t("explain.evidence"), width)]
        for evidence in result.evidence:
            lines += wrap_lines(evidence, width, "  · ", "    ")
    return "\n".join(lines) + "\n"
