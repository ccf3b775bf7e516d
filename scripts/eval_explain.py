"""Accuracy of ``explain`` on the collected messages (tests/data/explain): the originals, ``train/`` and ``heldout/``.

    python scripts/eval_explain.py            # the originals and train/: accuracy, per cause, and every miss
    python scripts/eval_explain.py --heldout  # also heldout/, as numbers only (overall and per cause)
    python scripts/eval_explain.py --folder DIR --quiet   # a new round of messages, before any rule is written on it

Held-out misses are never listed: ``heldout/`` is measured, not read, so the numbers keep meaning something.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Dict, List, Tuple

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "explain"


def load(path: Path) -> Tuple[Dict[str, str], str]:
    head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    fields = dict(line[2:].split(": ", 1) for line in head.splitlines() if line.startswith("# ") and ": " in line)
    return fields, body


def measure(folder: Path, show_misses: bool) -> Tuple[int, int, Dict[str, List[int]]]:
    from hf_doctor.checks.explain import explain

    per: Dict[str, List[int]] = {}
    right = total = 0
    for path in sorted(folder.glob("*.txt")):
        fields, body = load(path)
        got = explain(body).cause
        ok = got == fields["cause"]
        per.setdefault(fields["cause"], [0, 0])
        per[fields["cause"]][0] += ok
        per[fields["cause"]][1] += 1
        right += ok
        total += 1
        if show_misses and not ok:
            print(f"  miss {path.name}: got {got}")
    return right, total, per


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heldout", action="store_true", help="also measure heldout/ (numbers only)")
    parser.add_argument("--quiet", action="store_true", help="no list of misses")
    parser.add_argument("--folder", action="append", default=[], type=Path,
                        help="also measure this folder of messages in the same format (per cause, like heldout/)")
    args = parser.parse_args(argv)
    # (name, folder, list the misses, print per cause): held-out misses are never listed
    sets = [("originals", DATA, not args.quiet, False), ("train", DATA / "train", not args.quiet, False)]
    sets += [(str(folder), folder, not args.quiet, True) for folder in args.folder]
    if args.heldout:
        sets.append(("heldout", DATA / "heldout", False, True))
    for name, folder, show, per_cause in sets:
        right, total, per = measure(folder, show)
        print(f"{name}: {right}/{total} = {right / total:.3f}")
        if per_cause:
            for cause, (ok, n) in sorted(per.items()):
                mark = "" if n < 5 or ok / n >= 0.8 else "  (< 0.8)"
                print(f"  {cause:28} {ok:3}/{n:<3} {ok / n:.2f}{mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
