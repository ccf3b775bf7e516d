"""The click command ``hf-doctor summarize``: read, aggregate, print the table, write the CSV and the page."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional, Tuple

import click

from hf_doctor.options import LANG_OPTION, command_speaker
from hf_doctor.textui import UNLIMITED, can_encode, fallback, stream_encoding, terminal_width

from .aggregating import aggregate
from .as_csv import write_csv
from .as_html import render_html, write_text
from .as_text import render_text, skipped_lines
from .reading import load


@click.command(name="summarize", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("reports", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write one row per student to this CSV file (UTF-8 with a BOM, for Excel).")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the summary as one self-contained HTML page.")
@LANG_OPTION
@click.pass_context
def summarize(ctx: click.Context, reports: Tuple[Path, ...], csv_path: Optional[Path], html_path: Optional[Path],
              lang: Optional[str]) -> None:
    """A classroom's reports (files written by `hf-doctor check --report FILE`, or folders of them) in one table.

    Exit 0 when at least one report was read, 2 when none could be.
    """
    # --lang here or on the group (`hf-doctor --lang ko summarize ...`), else HF_DOCTOR_LANG, else the locale.
    say = command_speaker(ctx)
    loaded, skipped = load(reports)
    if not loaded:
        for line in skipped_lines(skipped, say, terminal_width(sys.stderr, fallback=UNLIMITED)):
            _echo(line, err=True)
        raise click.UsageError(say.t("summary.error.none_read", skipped=len(skipped)))
    summary = aggregate(loaded, skipped)
    ascii_only = not can_encode("✗☠·×–한")
    # Fitted to a terminal's width (the students' table, ~180 columns, becomes a list); a file or a pipe, where
    # nothing folds lines, gets the whole table, a student a line.
    width = terminal_width(sys.stdout, fallback=UNLIMITED)
    _echo(render_text(summary, say, ascii_only=ascii_only, encoding=stream_encoding(),
                      width=None if width == UNLIMITED else width), nl=False)
    for path, write in ((csv_path, lambda p: write_csv(summary, p)),
                        (html_path, lambda p: write_text(p, render_html(summary, say)))):
        if path is None:
            continue
        try:
            write(path)
        except OSError as exc:
            raise click.UsageError(say.t("summary.error.write", path=path, error=exc.strerror or exc)) from exc
        _echo(say.t("summary.wrote", path=path), err=True)


def _echo(text: str, nl: bool = True, err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    if not can_encode(text, stream):
        # A console that cannot show Hangul (or a name with a character no encoding holds) still gets every line,
        # with ASCII marks and the characters it lacks replaced.
        text = fallback(text, stream_encoding(stream))
    click.echo(text, nl=nl, err=err)
