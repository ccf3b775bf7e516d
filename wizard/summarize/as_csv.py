"""The class summary as CSV, one row per report.

Columns (stable English names and ids whatever ``--lang`` says, because scripts and spreadsheets read them;
the file is UTF-8 with a BOM so that Excel shows Korean names):

``student``        the report's ``student``, else the file name without its extension
``file``           the report's path as given (or as found in a folder given)
``duplicate``      ``true`` when another report carries the same name (compared case- and space-insensitively)
``user``           the report's ``user`` (the Hub user), when present
``profile``        the name of the report's ``profile``, when present
``model``          the model checked, when one was
``created_at``     when the report was written
``verdict``        ``ready`` | ``ready_with_warnings`` | ``not_ready`` | ``unknown``
``gpu``            the GPU's name from ``gpu.device``; ``none`` without one; empty when not reported
``gpu_count``      how many GPUs ``gpu.device`` saw (empty when not reported)
``gpu_simulated``  ``true`` when the GPU was simulated with ``--gpu`` (planning, not the student's machine)
``failing``        checks that failed or could not run, ``id (cause)`` joined by ``; ``
``warnings``       checks that warned, the same way
``causes``         the distinct cause ids of both, joined by ``; ``
``tokens_per_s``   ``model.generate``'s decode speed, when the report has one
``generation_gpu`` the GPU that generation ran on (``CPU`` when it ran on the CPU)
"""
from __future__ import annotations

import csv
import io
import os
from typing import List, Optional, Sequence, Union

from .aggregating import Problem, Row, Summary

CSV_COLUMNS = ("student", "file", "duplicate", "user", "profile", "model", "created_at", "verdict", "gpu",
               "gpu_count", "gpu_simulated", "failing", "warnings", "causes", "tokens_per_s", "generation_gpu")


def render_csv(summary: Summary) -> str:
    """One row per report; see the module docstring for the columns. Without the BOM: :func:`write_csv` adds it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)   # \r\n line ends and quoting, as Excel expects
    writer.writerow(CSV_COLUMNS)
    for row in summary.rows:
        writer.writerow(_cells(row))
    return buffer.getvalue()


def write_csv(summary: Summary, path: Union["os.PathLike[str]", str]) -> None:
    # utf-8-sig writes the BOM that makes Excel read the file as UTF-8 (Korean names otherwise turn to mojibake);
    # "replace" for what UTF-8 cannot hold (a lone surrogate from a hostile report or an undecodable file name).
    with open(path, "w", encoding="utf-8-sig", errors="replace", newline="") as handle:
        handle.write(render_csv(summary))


def _cells(row: Row) -> List[str]:
    gpu = "" if not row.gpu.known else (row.gpu.name or "?") if row.gpu.count else "none"
    return [
        _cell(row.student), _cell(row.file), _bool(row.duplicate), _cell(row.user), _cell(row.profile),
        _cell(row.model), _cell(row.created_at), _cell(row.verdict), _cell(gpu),
        _cell(str(row.gpu.count) if row.gpu.known else ""), _bool(row.gpu.simulated),
        _cell(_problems(row.failing)), _cell(_problems(row.warnings)), _cell("; ".join(row.causes)),
        _cell("" if row.tokens_per_s is None else f"{row.tokens_per_s:.2f}"), _cell(row.generation_gpu),
    ]


# What makes a spreadsheet read a cell as a formula (OWASP's list, and the full-width forms that Excel in an East
# Asian locale takes for them), even after spaces or tabs, which a spreadsheet skips.
FORMULA_STARTS = "=+-@\t\r\n\uff1d\uff0b\uff0d\uff20"


def _cell(value: Optional[str]) -> str:
    """Text from a student's file is data (names, and ids a hostile file may make up): a cell that a spreadsheet
    would run as a formula (CSV injection: ``=HYPERLINK(…)``, ``+cmd|…``, ``@SUM(…)``, a tab before ``=``)
    starts with an apostrophe instead, which Excel and LibreOffice show as text and do not display."""
    if not value:
        return ""
    stripped = value.lstrip(" \t\r\n\u3000")
    return "'" + value if value[0] in FORMULA_STARTS or (stripped and stripped[0] in FORMULA_STARTS) else value


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _problems(problems: Sequence[Problem]) -> str:
    return "; ".join(problem.label() for problem in problems)
