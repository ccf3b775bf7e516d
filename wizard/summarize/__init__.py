"""`hf-doctor summarize REPORT...`: a classroom's JSON reports in one table (terminal, CSV, HTML).

The work is plain functions, usable without click, one module each:

- :mod:`.reading` reads the files: anything that is not an ``hf-doctor.report/1`` report becomes a ``Skipped``
  with its reason, never an exception (the files are handed in by students: broken, foreign or hostile);
- :mod:`.aggregating` turns the reports into a ``Summary`` (one ``Row`` per report, verdicts, causes, speeds);
- :mod:`.as_text`, :mod:`.as_csv` and :mod:`.as_html` show it (the CSV columns are documented in :mod:`.as_csv`),
  the text and the page in the language of the ``Speaker`` they are given;
- :mod:`.command` is the click command.

Nothing a report's checks said (titles, summaries, fixes) is shown: only ids (checks, causes, verdicts), names
(students, files, GPUs) and numbers, so a class's Korean reports summarized with ``--lang en`` read as English
apart from the names the students gave.

Only the command is imported here: ``hf-doctor`` loads it lazily (``hf_doctor.summarize:summarize``).
"""
from __future__ import annotations

from .command import summarize

__all__ = ["summarize"]
