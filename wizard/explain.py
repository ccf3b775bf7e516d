"""``hf-doctor explain [FILE]``: a pasted error or traceback in, its root cause and fix out."""
from __future__ import annotations

import json
import sys
from typing import IO, Optional

import click

from hf_doctor.checks.explain import Explanation, explain as diagnose_text
from hf_doctor.checks.messages import t

from .options import LANG_OPTION

# Enough for any traceback; a log file larger than this is read from its end, where the error is.
MAX_BYTES = 1_000_000


@click.command()
@click.argument("source", type=click.File("rb"), required=False, metavar="[FILE]")
@click.option("--json", "as_json", is_flag=True, help='Print {"cause", "summary", "fix", "evidence"} as JSON.')
@LANG_OPTION
def explain(source: Optional[IO[bytes]], as_json: bool, lang: Optional[str]) -> None:
    """Name the cause of an error message or traceback (FILE, or standard input) and say how to fix it."""
    if source is None:
        if sys.stdin.isatty():
            click.echo(t("explain.paste"), err=True)
        source = sys.stdin.buffer
    text = _read(source)
    if not text.strip():
        raise click.UsageError(t("explain.empty"))
    result = diagnose_text(text)
    if as_json:
        click.echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(render(result), nl=False)


def _read(source: IO[bytes]) -> str:
    data = source.read()
    if len(data) > MAX_BYTES:
        data = data[-MAX_BYTES:]
    return data.decode("utf-8", errors="replace")


def render(result: Explanation) -> str:
    """The explanation as plain text: the cause, what it means, the fix with its commands, the evidence."""
    lines = [t("explain.cause", cause=result.cause, title=result.title), "", result.summary, "",
             t("explain.fix", text=result.fix.text)]
    lines += [f"  $ {command}" for command in result.fix.commands]
    if result.fix.url:
        lines.append(f"  → {result.fix.url}")
    if result.evidence:
        lines += ["", t("explain.evidence")] + [f"  · {line}" for line in result.evidence]
    return "\n".join(lines) + "\n"
