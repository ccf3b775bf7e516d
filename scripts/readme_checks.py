#!/usr/bin/env python3
"""Write the READMEs' table of checks from the registry and the message catalogue (never by hand).

Each row is a registered check, in the registry's order, then the course profile's row: its id, its title, what it
looks at and the problems it names (the catalogue's ``common.check.<id>``, ``.about`` and ``.causes``), in the
README's language. The table sits between two markers in README.md (English) and README.ko.md (Korean).

    python scripts/readme_checks.py          # rewrite both tables
    python scripts/readme_checks.py --check  # exit 1 when a table is not what the registry says
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Dict, List, Tuple

from hf_doctor.checks import ids, registry
from hf_doctor.checks.text import Msg
from hf_doctor.i18n import Speaker

ROOT = Path(__file__).resolve().parent.parent
BEGIN = "<!-- checks: written by scripts/readme_checks.py from the registry; do not edit by hand -->"
END = "<!-- checks: end -->"
READMES: Dict[str, Tuple[Path, Tuple[str, str, str, str]]] = {
    "en": (ROOT / "README.md", ("id", "title", "what it looks at", "problems it names (cause id)")),
    "ko": (ROOT / "README.ko.md", ("id", "제목", "무엇을 보는지", "알려 주는 문제 (원인 ID)")),
}


def check_ids() -> List[str]:
    return [check.id for check in registry.BY_ID.values()] + [ids.COURSE_PROFILE]


def table(lang: str) -> str:
    say = Speaker(lang)
    headings = READMES[lang][1]
    lines = ["| " + " | ".join(headings) + " |", "|---|---|---|---|"]
    for check_id in check_ids():
        cells = (f"`{check_id}`", say(Msg(f"common.check.{check_id}")), say(Msg(f"common.check.{check_id}.about")),
                 say(Msg(f"common.check.{check_id}.causes")))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def rewritten(text: str, lang: str) -> str:
    """``text`` with the part between the markers replaced by the table (ValueError without the markers)."""
    before, begin, rest = text.partition(BEGIN)
    _, end, after = rest.partition(END)
    if not begin or not end:
        raise ValueError(f"the markers are missing: {BEGIN} … {END}")
    return f"{before}{BEGIN}\n{table(lang)}\n{END}{after}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether the tables are up to date")
    args = parser.parse_args()
    stale = []
    for lang, (path, _) in READMES.items():
        text = path.read_text(encoding="utf-8")
        fresh = rewritten(text, lang)
        if fresh != text:
            stale.append(path.name)
            if not args.check:
                path.write_text(fresh, encoding="utf-8")
    if args.check and stale:
        print(f"out of date: {', '.join(stale)} (run python scripts/readme_checks.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
