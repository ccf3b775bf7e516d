"""``hf-doctor explain [FILE]``: a pasted error or traceback in, its root cause and fix out."""
from __future__ import annotations

import json
import os
import stat
import sys
from typing import IO, Optional, Tuple

import click

from hf_doctor.checks import core
from hf_doctor.checks.explain import Explanation, explain as diagnose_text
from hf_doctor.checks.explain_live import Live, checked, cleared, confirm, live_cause
from hf_doctor.checks.hub_client import decode_text
from hf_doctor.checks.knowledge import title as knowledge_title
from hf_doctor.checks.text import Msg
from hf_doctor.checks.units import size

from .i18n import Speaker
from .options import LANG_OPTION, command_speaker
from .render import fix_lines
from .textui import DEFAULT_WIDTH, PROSE_WIDTH, terminal_width, wrap_lines

# Enough for any traceback; a log file larger than this is read from its end, where the error is; a pipe (or a
# device such as /dev/zero, which never ends) only as far as this.
MAX_BYTES = 1024 * 1024


@click.command()
@click.argument("source", type=click.File("rb"), required=False, metavar="[FILE]")
@click.option("--json", "as_json", is_flag=True,
              help='Print {"cause", "summary", "fix", "evidence", "confidence", "second", "model", "live"} as JSON.')
@click.option("--offline", is_flag=True, help="Read the text alone: ask neither the Hub nor this machine's GPU.")
@LANG_OPTION
@click.pass_context
def explain(ctx: click.Context, source: Optional[IO[bytes]], as_json: bool, offline: bool,
            lang: Optional[str]) -> None:
    """Name the cause of an error message or traceback (FILE, or standard input) and say how to fix it; unless
    --offline, confirm it with the Hub (the repo the text names, with your token) and this machine's GPU."""
    say = command_speaker(ctx)
    if source is None:
        if sys.stdin.isatty():
            click.echo(say.t("explain.paste"), err=True)
        source = sys.stdin.buffer
    text, truncated = _read(source)
    if truncated is not None:
        click.echo(say(truncated), err=True)
    if not text.strip():
        raise click.UsageError(say.t("explain.empty"))
    result = diagnose_text(text)
    live: Optional[Tuple[Live, ...]] = None
    if not offline:
        make_context = (ctx.obj or {}).get("context_factory")
        live = confirm(result, core.World() if make_context is None else core.World(make_context=make_context))
    if as_json:
        report = result.to_json(say)
        report["live"] = None if not live else {
            "checked": checked(live), "cause": live_cause(live), "cleared": cleared(result.cause, live),
            "agrees": live_cause(live) in (None, result.cause) if checked(live) else None,
            "checks": [row.to_json(say) for row in live]}
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        click.echo(render(result, say, width=terminal_width(limit=PROSE_WIDTH), live=live or ()), nl=False)


def _read(source: IO[bytes], limit: int = MAX_BYTES) -> Tuple[str, Optional[Msg]]:
    """At most ``limit`` bytes of ``source``, as text, and what to say when that was not all of it. The limit is
    set before reading: a regular file larger than it is read from its end (where the error is), anything else (a
    pipe, a terminal, /dev/zero) up to it. Bytes are read in the encoding they are in (a log saved by PowerShell
    is UTF-16), never refused."""
    length = _file_length(source)
    if length is not None and length > limit:
        source.seek(length - limit)
        data = source.read(limit)
        truncated: Optional[Msg] = Msg("explain.truncated_file", name=getattr(source, "name", "-"),
                                       size=size(limit))
    else:
        data = source.read(limit + 1)
        truncated = Msg("explain.truncated_stream", size=size(limit)) if len(data) > limit else None
        data = data[:limit]
    return decode_text(data)[0], truncated


def _file_length(source: IO[bytes]) -> Optional[int]:
    """The size of ``source`` when it is a regular file that can be read from anywhere, else None."""
    try:
        info = os.fstat(source.fileno())
        return info.st_size if stat.S_ISREG(info.st_mode) and source.seekable() else None
    except (OSError, ValueError, AttributeError):
        return None


def render(result: Explanation, say: Speaker, width: int = DEFAULT_WIDTH, live: Tuple[Live, ...] = ()) -> str:
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
    if result.confidence:
        lines += ["", *wrap_lines(say.t("explain.confidence", level=say.t(f"explain.confidence.{result.confidence}")),
                                  width, "", "  ")]
        if result.second:
            lines += wrap_lines(say.t("explain.second", cause=result.second, title=say(knowledge_title(result.second))),
                                width, "", "  ")
    if live:
        found = live_cause(live)
        lines += ["", *wrap_lines(say.t("explain.live"), width)]
        for row in live:
            lines += wrap_lines(say.t("explain.live.row", check=row.check, status=row.status, summary=say(row.summary)),
                                width, "  · ", "    ")
        if not checked(live):
            lines += wrap_lines(say.t("explain.live.unchecked"), width, "", "  ")
        elif found is None and cleared(result.cause, live):
            lines += wrap_lines(say.t("explain.live.cleared"), width, "", "  ")
        elif found is None or found == result.cause:
            lines += wrap_lines(say.t("explain.live.agrees"), width, "", "  ")
        else:
            lines += wrap_lines(say.t("explain.live.differs", cause=found, title=say(knowledge_title(found))),
                                width, "", "  ")
    return "\n".join(lines) + "\n"
