#!/usr/bin/env python3
"""Benchmark: `hf-doctor check --json` against `transformers env`, run alternately, medians and their ratio.

Both commands answer "what is this environment?"; hf-doctor checks more (GPU through NVML, disk, Hub
settings, library conflicts) and must still take at most half the time (target: ratio <= 0.5), because it
never imports torch or transformers to do it. Run from anywhere with the project installed:

    python scripts/bench_check.py [--runs 5]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Dict, List, Sequence

TARGET = 0.5


def timed(argv: Sequence[str], env: Dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(list(argv), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):  # 1 = "not ready" is a valid answer for hf-doctor
        sys.exit(f"{' '.join(argv)} failed with exit code {done.returncode}:\n{done.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (at least 5)")
    args = parser.parse_args()
    runs = max(args.runs, 5)

    bindir = os.path.dirname(sys.executable)
    transformers_cli = shutil.which("transformers", path=bindir + os.pathsep + os.environ.get("PATH", ""))
    if transformers_cli is None:
        sys.exit("the `transformers` command is not installed next to this Python")
    commands = {
        "hf-doctor check --json": [sys.executable, "-m", "hf_doctor", "check", "--json"],
        "transformers env": [transformers_cli, "env"],
    }
    with tempfile.TemporaryDirectory() as home:
        # A private HF_HOME: neither command reads or writes the real cache, and no token is involved.
        env = {**os.environ, "HF_HOME": home, "HF_HUB_DISABLE_TELEMETRY": "1", "HF_HUB_OFFLINE": "1"}
        env.pop("HF_TOKEN", None)
        for argv in commands.values():  # one untimed warm-up each: the first run pays for cold file caches
            timed(argv, env)
        times: Dict[str, List[float]] = {name: [] for name in commands}
        for _ in range(runs):  # alternate, so drift in machine load hits both alike
            for name, argv in commands.items():
                times[name].append(timed(argv, env))

    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, values in times.items():
        print(f"{name:<28} median {medians[name]:.3f} s   runs: " + ", ".join(f"{v:.3f}" for v in values))
    ratio = medians["hf-doctor check --json"] / medians["transformers env"]
    verdict = "meets" if ratio <= TARGET else "MISSES"
    print(f"ratio hf-doctor / transformers env = {ratio:.3f}  ({verdict} the target <= {TARGET})")
    sys.exit(0 if ratio <= TARGET else 1)


if __name__ == "__main__":
    main()
