"""The click command ``hf-doctor summarize``: read, aggregate, print the table, write the CSV and the page."""
from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import Callable, Iterable, Optional, Set, Tuple

import click

from hf_doctor.options import LANG_OPTION, command_speaker
from hf_doctor.textui import UNLIMITED, can_encode, fallback, stream_encoding, terminal_width

from .aggregating import aggregate
from .as_csv import CSV_COLUMNS, render_csv
from .as_html import GENERATOR, render_html
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
    # Checked before anything is printed or written: never an input, never a file that is not ours to replace.
    inputs = _identities([item.path for item in loaded] + [item.path for item in skipped])
    outputs = [(path, kind) for path, kind in ((csv_path, "csv"), (html_path, "html")) if path is not None]
    for path, kind in outputs:
        refusal = _refusal(path, kind, inputs)
        if refusal is not None:
            raise click.UsageError(say.t(refusal, path=path))
    if csv_path is not None and html_path is not None and (
            os.path.abspath(csv_path) == os.path.abspath(html_path)
            or _identity_of(csv_path) is not None and _identity_of(csv_path) == _identity_of(html_path)):
        raise click.UsageError(say.t("summary.error.same_output", path=csv_path))
    summary = aggregate(loaded, skipped)
    ascii_only = not can_encode("✗☠·×–한")
    # Fitted to a terminal's width (the students' table, ~180 columns, becomes a list); a file or a pipe, where
    # nothing folds lines, gets the whole table, a student a line.
    width = terminal_width(sys.stdout, fallback=UNLIMITED)
    _echo(render_text(summary, say, ascii_only=ascii_only, encoding=stream_encoding(),
                      width=None if width == UNLIMITED else width), nl=False)
    # utf-8-sig writes the BOM that makes Excel read the CSV as UTF-8 (Korean names otherwise turn to mojibake).
    texts: Iterable[Tuple[Optional[Path], Callable[[], str], str]] = (
        (csv_path, lambda: render_csv(summary), "utf-8-sig"), (html_path, lambda: render_html(summary, say), "utf-8"))
    for target, render, encoding in texts:
        if target is None:
            continue
        try:
            _replace(target, render(), encoding)
        except OSError as exc:
            raise click.UsageError(say.t("summary.error.write", path=target, error=exc.strerror or exc)) from exc
        _echo(say.t("summary.wrote", path=target), err=True)


# What a file of ours starts with: what summarize may replace when it is given again as --csv or --html.
_OURS = {"csv": ("\ufeff" + ",".join(CSV_COLUMNS[:4])).encode("utf-8"), "html": GENERATOR.encode("utf-8")}


def _refusal(path: Path, kind: str, inputs: Set[Tuple[int, int]]) -> Optional[str]:
    """Why ``path`` must not be written (a message id), or None. A report read now is never overwritten (given as
    --html, a student's report was replaced by the page); nor is an existing file that this command did not write
    (a spreadsheet of marks named class.csv): a summary written before is replaced, which is what running the
    command again after more reports arrive needs. A device or a pipe (``--csv /dev/stdout``) holds nothing to
    lose."""
    identity = _identity_of(path)
    if identity is None:
        return None
    if identity in inputs:
        return "summary.error.input"
    try:
        facts = os.stat(path)
        if not stat.S_ISREG(facts.st_mode):
            return None if not stat.S_ISDIR(facts.st_mode) else "summary.error.not_ours"
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return None   # writing it says why it cannot be written
    if not facts.st_size or (head.startswith(_OURS[kind]) if kind == "csv" else _OURS[kind] in head):
        return None
    return "summary.error.not_ours"


def _identities(paths: Iterable[str]) -> Set[Tuple[int, int]]:
    found = {_identity_of(Path(path)) for path in paths}
    return {identity for identity in found if identity is not None}


def _identity_of(path: Path) -> Optional[Tuple[int, int]]:
    """The file itself (device and inode), whichever name, link or hard link it is given by; None if there is none."""
    try:
        facts = os.stat(path)
    except (OSError, ValueError):
        return None
    return facts.st_dev, facts.st_ino


def _replace(path: Path, text: str, encoding: str) -> None:
    """Write ``text`` whole or not at all: into a new file beside ``path``, then renamed over it, so that a full disk
    or a Ctrl-C leaves the previous summary as it was. A device or a pipe is written to directly. "replace" for what
    the encoding cannot hold (a lone surrogate from a hostile report or an undecodable file name)."""
    data = text.encode(encoding, "replace")
    try:
        regular = stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        regular = True
    if not regular:
        with open(path, "wb") as handle:
            handle.write(data)
        return
    folder = os.path.dirname(os.path.abspath(path))
    descriptor, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _echo(text: str, nl: bool = True, err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    if not can_encode(text, stream):
        # A console that cannot show Hangul (or a name with a character no encoding holds) still gets every line,
        # with ASCII marks and the characters it lacks replaced.
        text = fallback(text, stream_encoding(stream))
    click.echo(text, nl=nl, err=err)
