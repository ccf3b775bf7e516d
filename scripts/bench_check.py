#!/usr/bin/env python3
"""Benchmark: `hf-doctor check --json` against `transformers env`, run alternately, medians and their ratio.

Both commands answer "what is this environment?"; hf-doctor checks more (GPU through NVML, disk, Hub
settings, library conflicts) and must still take at most half the time (target: ratio <= 0.5), because it
never imports torch or transformers to do it.

Two more rows plan the seed's model for a T4 against the local Hub (`check --json --model
meta-llama/Llama-3.1-8B --gpu T4`): model.fit imports transformers and places the model's skeleton the way
device_map="auto" would, and keeps the placement; "first run" has an empty placement cache every time (what a
user's first check of a model costs), "repeat run" finds the one kept by the run before. Target: within 1.0x the
time of `transformers env`. Run from anywhere with the project installed:

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
MODEL_TARGET = 1.0


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
    from hf_doctor.emulator import scenarios
    from hf_doctor.emulator.server import HubEmulator

    plain, first, repeat = ("hf-doctor check --json", "check --model (T4), first run", "check --model (T4), repeat run")
    model_argv = [sys.executable, "-m", "hf_doctor", "check", "--json", "--model", scenarios.LLAMA, "--gpu", "T4"]
    commands = {
        plain: [sys.executable, "-m", "hf_doctor", "check", "--json"],
        first: model_argv,
        repeat: model_argv,
        "transformers env": [transformers_cli, "env"],
    }
    with tempfile.TemporaryDirectory() as home, tempfile.TemporaryDirectory() as kept, \
            HubEmulator(scenarios.build()) as hub:
        # A private HF_HOME: no command reads or writes the real cache. The model row asks the local Hub, with
        # the demo's student token (the emulator's, not a real one); the others are offline.
        offline = {**os.environ, "HF_HOME": home, "HF_HUB_DISABLE_TELEMETRY": "1", "HF_HUB_OFFLINE": "1"}
        offline.pop("HF_TOKEN", None)
        online = {**offline, **hub.environment(), "HF_TOKEN": scenarios.TOKENS["student"]}
        online.pop("HF_HUB_OFFLINE")
        envs = {plain: offline, first: online, repeat: {**online, "HF_DOCTOR_CACHE": kept}, "transformers env": offline}
        for name, argv in commands.items():  # one untimed warm-up each: cold file caches, config.json cached
            timed(argv, envs[name])
        times: Dict[str, List[float]] = {name: [] for name in commands}
        for _ in range(runs):  # alternate, so drift in machine load hits all alike
            for name, argv in commands.items():
                if name == first:   # a placement cache of its own, empty: the skeleton is built every time
                    with tempfile.TemporaryDirectory() as empty:
                        times[name].append(timed(argv, {**envs[name], "HF_DOCTOR_CACHE": empty}))
                    continue
                times[name].append(timed(argv, envs[name]))

    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, values in times.items():
        print(f"{name:<32} median {medians[name]:.3f} s   runs: " + ", ".join(f"{v:.3f}" for v in values))
    ratio = medians[plain] / medians["transformers env"]
    print(f"ratio hf-doctor / transformers env = {ratio:.3f}  "
          f"({'meets' if ratio <= TARGET else 'MISSES'} the target <= {TARGET})")
    met = ratio <= TARGET
    for name in (first, repeat):
        model_ratio = medians[name] / medians["transformers env"]
        met = met and model_ratio <= MODEL_TARGET
        print(f"ratio {name} / transformers env = {model_ratio:.3f}  "
              f"({'meets' if model_ratio <= MODEL_TARGET else 'MISSES'} the target <= {MODEL_TARGET})")
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
