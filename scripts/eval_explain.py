"""Accuracy of ``explain`` on the collected messages (tests/data/explain): the originals, ``train/`` and ``heldout/``.

    python scripts/eval_explain.py            # the originals and train/: accuracy, per cause, and every miss
    python scripts/eval_explain.py --heldout  # also heldout/, as numbers only (overall and per cause)
    python scripts/eval_explain.py --folder DIR --quiet   # a new round of messages, before any rule is written on it
    python scripts/eval_explain.py --readings # blind readers of train/ messages against their labels, beside explain

Held-out misses are never listed: ``heldout/`` is measured, not read, so the numbers keep meaning something.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

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


def readings(path: Path) -> List[str]:
    """What careful people name from a message's text alone, against the cause its thread gave
    (``readings/readings.json``: two blind readers per message in each run, and the definitions they were given),
    with ``explain`` on the same messages beside them. ``split`` messages come from the first two rounds, which
    the hash split divided between heldout/ and train/: the population the held-out figure is measured on."""
    from hf_doctor.checks.explain import explain

    data: Dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    labels = {name: load(DATA / "train" / name)[0]["cause"] for name in data["messages"]}
    answers = {name: explain(load(DATA / "train" / name)[1]).cause for name in data["messages"]}
    lines = []
    for run, definitions in sorted(data["definitions"].items()):
        lines.append(f"run {run} (definitions: {definitions})")
        for population in ("split", "later", None):
            names = [name for name, entry in data["messages"].items()
                     if population is None or entry["population"] == population]
            pairs = {name: data["messages"][name]["runs"][run] for name in names}

            def share(count: int, total: int) -> str:
                return f"{count}/{total} = {count / total:.3f}" if total else "0/0"

            def count(test: Callable[[str, List[Any]], bool]) -> int:
                return sum(test(name, pair) for name, pair in pairs.items())

            readings_right = sum(reading[0] == labels[name] for name, pair in pairs.items() for reading in pair)
            decided = [(name, reading) for name, pair in pairs.items() for reading in pair if reading[2]]
            undecided = [(name, reading) for name, pair in pairs.items() for reading in pair if not reading[2]]
            lines += [
                f"  {population or 'all'}: {len(names)} messages",
                f"    a reading names the thread's cause      {share(readings_right, 2 * len(names))}",
                f"    both readers do                         "
                f"{share(count(lambda name, pair: all(r[0] == labels[name] for r in pair)), len(names))}",
                f"    the two readers agree                   "
                f"{share(count(lambda name, pair: pair[0][0] == pair[1][0]), len(names))}",
                f"    readings called decidable from the text {share(len(decided), 2 * len(names))}, right "
                f"{share(sum(reading[0] == labels[name] for name, reading in decided), len(decided))}",
                f"    the others, right                       "
                f"{share(sum(reading[0] == labels[name] for name, reading in undecided), len(undecided))}",
                f"    explain                                 "
                f"{share(sum(answers[name] == labels[name] for name in names), len(names))}",
            ]
    return lines


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heldout", action="store_true", help="also measure heldout/ (numbers only)")
    parser.add_argument("--quiet", action="store_true", help="no list of misses")
    parser.add_argument("--folder", action="append", default=[], type=Path,
                        help="also measure this folder of messages in the same format (per cause, like heldout/)")
    parser.add_argument("--readings", action="store_true",
                        help="blind readers' causes for train/ messages against their labels, beside explain's")
    args = parser.parse_args(argv)
    if args.readings:
        print("\n".join(readings(DATA / "readings" / "readings.json")))
        return 0
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
