#!/usr/bin/env python3
"""Benchmark: model.fit's memory estimator against real loads on the CPU.

Builds three random-weight Llama models locally (about 10M, 100M and 500M parameters, stored in float32 as
save_pretrained writes a freshly initialised model), predicts the peak memory of loading each in bfloat16 (the
dtype model.fit recommends on a CPU) with ``checks.fit.cpu_load_peak``, then loads each in a fresh process and
measures the peak resident memory increase (VmHWM, reset through /proc/self/clear_refs just before the load).
The child first loads hf-doctor's tiny model once, so one-time library costs (lazily imported modeling code)
are not counted as the model's, and runs one forward pass after loading, so the weights are used, not only
mapped. Target: every error within ±15 %.

    python scripts/bench_fit.py [--keep DIR]

Linux only (it reads /proc). Needs about 2.5 GB of disk for the three checkpoints and 4 GB of RAM.
"""
from __future__ import annotations

import argparse
import json
import os
import struct
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Dict, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hf_doctor.checks.fit import checkpoint_bytes, cpu_load_peak, shape_from  # noqa: E402
from hf_doctor.emulator.scenario import Repo, RepoFile  # noqa: E402

TARGET = 0.15
# name -> hidden size, layers, intermediate size, vocabulary
SIZES: Dict[str, Tuple[int, int, int, int]] = {
    "10M": (256, 4, 1024, 8192),
    "100M": (768, 12, 3072, 32000),
    "500M": (1536, 16, 4096, 32000),
}

BUILD = """
import sys, torch
from transformers import LlamaConfig, LlamaForCausalLM
hidden, layers, inter, vocab = map(int, sys.argv[1:5])
config = LlamaConfig(hidden_size=hidden, num_hidden_layers=layers, intermediate_size=inter, vocab_size=vocab,
                     num_attention_heads=hidden // 64, num_key_value_heads=max(hidden // 256, 1),
                     tie_word_embeddings=False)
torch.manual_seed(0)
LlamaForCausalLM(config).save_pretrained(sys.argv[5])
"""

MEASURE = """
import gc, sys, torch
from transformers import AutoModelForCausalLM

def status(field):
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field):
                return int(line.split()[1]) * 1024

ids = torch.tensor([[1, 2, 3, 4, 5, 6, 7, 8]])
warm = AutoModelForCausalLM.from_pretrained(sys.argv[2], dtype=torch.bfloat16)
with torch.no_grad():
    warm(ids)
del warm
gc.collect()
with open("/proc/self/clear_refs", "w") as handle:
    handle.write("5")  # reset the peak (VmHWM) to the current resident size
before = status("VmRSS")
model = AutoModelForCausalLM.from_pretrained(sys.argv[1], dtype=torch.bfloat16)
with torch.no_grad():
    model(ids)
print(status("VmHWM") - before)
"""


def stored_parameters(folder: Path) -> Dict[str, int]:
    """Parameter counts by dtype from the safetensors headers, as the Hub (and the local Hub) computes them."""
    repo = Repo("local/bench")
    for path in folder.glob("*.safetensors"):
        with open(path, "rb") as handle:
            (length,) = struct.unpack("<Q", handle.read(8))
            head = struct.pack("<Q", length) + handle.read(length)
        repo.files[path.name] = RepoFile(path.name, size=path.stat().st_size, head=head)
    return repo.safetensors_parameters()


def run(code: str, *args: str) -> str:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_VERBOSITY": "error", "HF_HUB_DISABLE_PROGRESS_BARS": "1"}
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        sys.exit(f"child failed:\n{done.stderr}")
    return done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="build the checkpoints here and keep them (reused next time)")
    args = parser.parse_args()

    from hf_doctor.emulator import tiny_model

    with tempfile.TemporaryDirectory(prefix="bench-fit-") as scratch:
        root = args.keep or Path(scratch)
        warm = Path(scratch) / "warm-up"
        warm.mkdir(parents=True)
        for name, content in tiny_model.cached_files("base").items():
            (warm / name).write_bytes(content)

        print(f"{'model':<6} {'parameters':>12} {'predicted':>11} {'measured':>11} {'error':>7}")
        worst = 0.0
        for name, (hidden, layers, inter, vocab) in SIZES.items():
            folder = root / f"llama-{name}"
            if not (folder / "config.json").exists():
                run(BUILD, str(hidden), str(layers), str(inter), str(vocab), str(folder))
            parameters = stored_parameters(folder)
            config = json.loads((folder / "config.json").read_text())
            shape = replace(shape_from(sum(parameters.values()), config), checkpoint_bytes=checkpoint_bytes(parameters))
            predicted = cpu_load_peak(shape, "bfloat16")
            measured = int(run(MEASURE, str(folder), str(warm)))
            error = (predicted - measured) / measured
            worst = max(worst, abs(error))
            print(f"{name:<6} {shape.parameters:>12,} {predicted / 1e6:>8.1f} MB {measured / 1e6:>8.1f} MB "
                  f"{error:>+6.1%}")
    verdict = "meets" if worst <= TARGET else "MISSES"
    print(f"largest error {worst:.1%} ({verdict} the target ±{TARGET:.0%})")
    sys.exit(0 if worst <= TARGET else 1)


if __name__ == "__main__":
    main()
