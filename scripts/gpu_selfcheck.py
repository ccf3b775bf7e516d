#!/usr/bin/env python3
"""Self-check on a machine with an NVIDIA GPU: hf-doctor's predictions and measurements against the libraries'.

Four comparisons, each a row of one table (hf-doctor's figure, the reference, and whether they agree):
  (a) the GPU probe (checks/gpu_probe.py: NVML, else nvidia-smi) against
      ``nvidia-smi --query-gpu=name,memory.total,memory.used,driver_version,compute_cap --format=csv,noheader,nounits``;
  (b) a random-weight Llama shaped like Llama-3.2-1B (built here, nothing downloaded), generated in bf16 and fp16:
      the decode tokens/s hf-doctor's generation code reports (checks/generate_child.py's timed generate and
      speed_facts) against an independent timing of plain ``model.generate`` calls, with torch.cuda.synchronize
      around each: (N - 1) tokens over the time N new tokens take minus the time one takes (the prefill);
  (c) model.fit's placement (checks/placement.py: transformers' own device_map="auto" on the config's skeleton)
      against the real ``hf_device_map`` of ``from_pretrained(..., device_map="auto")`` (no max_memory, as the
      seed loads) of the same model saved in a temporary folder, both on a machine that reports room on GPU 0 for
      about half the weights (the readout both are given), so that offload is forced;
  (d) the peak GPU memory of loading and generating (torch.cuda.max_memory_allocated) against model.fit's estimate
      (checks/fit.py's gpu_need for the same shape, dtype and tokens): the estimate must cover the peak, and not
      by more than the stated CUDA context plus a quarter.

Without a GPU it says so and runs what means something on a CPU: (a) reports what both sides see (nothing), (b)
and (d) are skipped, and (c) compares the predicted and real CPU/disk split of a small random Llama (RAM reported
for about half of it, so the rest goes to disk), which is the same code path.

Exit 0 when every comparison that ran agrees (a machine without a GPU included), 1 when one disagrees.

    python scripts/gpu_selfcheck.py [--max-new-tokens 128] [--prompt-tokens 32] [--runs 3]
"""
from __future__ import annotations

import argparse
import gc
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hf_doctor.checks import generate_child, placement  # noqa: E402
from hf_doctor.checks.context import SystemContext  # noqa: E402
from hf_doctor.checks.fit import CUDA_CONTEXT_BYTES, gpu_need, shape_from  # noqa: E402
from hf_doctor.checks.gpu_probe import GpuProbe  # noqa: E402

MIB = 1024**2
SMI_QUERY = "name,memory.total,memory.used,driver_version,compute_cap"
# Llama-3.2-1B's config.json (meta-llama/Llama-3.2-1B), without its weights: 1,235,814,400 parameters.
LLAMA_32_1B: Dict[str, Any] = {
    "hidden_size": 2048, "intermediate_size": 8192, "num_hidden_layers": 16, "num_attention_heads": 32,
    "num_key_value_heads": 8, "head_dim": 64, "vocab_size": 128256, "tie_word_embeddings": True,
    "max_position_embeddings": 131072, "rope_theta": 500000.0, "rms_norm_eps": 1e-05,
    "rope_scaling": {"factor": 32.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                     "original_max_position_embeddings": 8192, "rope_type": "llama3"},
    "bos_token_id": 128000, "eos_token_id": 128001,
}
# A small Llama for the CPU's placement comparison: the same layer structure, a few MB.
SMALL_LLAMA: Dict[str, Any] = {
    "hidden_size": 256, "intermediate_size": 688, "num_hidden_layers": 8, "num_attention_heads": 8,
    "num_key_value_heads": 4, "vocab_size": 4096, "tie_word_embeddings": True, "max_position_embeddings": 2048,
}
# How far hf-doctor's reported decode rate may be from the independent timing (the target).
SPEED_TOLERANCE = 0.05
MEMORY_SLACK = 0.25


@dataclass(frozen=True)
class Row:
    """One comparison: what hf-doctor says, what the reference says, and the verdict (agree, DISAGREE, skip)."""

    what: str
    doctor: str
    reference: str
    verdict: str

    @property
    def failed(self) -> bool:
        return self.verdict.startswith("DISAGREE")


def agree(ok: bool) -> str:
    return "agree" if ok else "DISAGREE"


# ---------------------------------------------------------------- (a) the probe against nvidia-smi

def query_nvidia_smi() -> Tuple[Optional[List[Dict[str, str]]], str]:
    """nvidia-smi's own answer, one dict a card; None (with why) where it cannot be asked."""
    if shutil.which("nvidia-smi") is None:
        return None, "nvidia-smi not found"
    done = subprocess.run(["nvidia-smi", f"--query-gpu={SMI_QUERY}", "--format=csv,noheader,nounits"],
                          capture_output=True, text=True, timeout=30, check=False)
    if done.returncode != 0:
        return None, (done.stdout.strip() or done.stderr.strip() or f"exit code {done.returncode}").splitlines()[0]
    cards = []
    for line in done.stdout.strip().splitlines():
        cells = [cell.strip() for cell in line.split(",")]
        if len(cells) >= 5:
            cards.append(dict(zip(SMI_QUERY.split(","), cells)))
    return cards, "ok"


def probe_rows(probe: GpuProbe, cards: Optional[List[Dict[str, str]]], why: str) -> List[Row]:
    """Name, total memory (to the MiB nvidia-smi rounds to), memory in use (NVML's total - free counts the
    driver's reserved memory that newer nvidia-smi leaves out of memory.used: within 1 GiB), driver and compute
    capability, card by card."""
    if not probe.gpus and not cards:
        return [Row("GPU probe", f"no NVIDIA GPU ({probe.source})", f"no NVIDIA GPU ({why})", "agree")]
    rows = [Row("GPU count", f"{len(probe.gpus)} ({probe.source})", f"{len(cards or [])} (nvidia-smi)",
                agree(len(probe.gpus) == len(cards or [])))]
    for card, smi in zip(probe.gpus, cards or []):
        tag = f"GPU {card.index}"
        total = float(smi["memory.total"]) * MIB
        rows.append(Row(f"{tag} name", card.name, smi["name"], agree(card.name == smi["name"])))
        rows.append(Row(f"{tag} memory.total", f"{card.memory_total / MIB:.0f} MiB", f"{total / MIB:.0f} MiB",
                        agree(abs(card.memory_total - total) < MIB)))
        if card.memory_free is not None and smi.get("memory.used", "").replace(".", "").isdigit():
            used = card.memory_total - card.memory_free
            reference = float(smi["memory.used"]) * MIB
            rows.append(Row(f"{tag} memory.used", f"{used / MIB:.0f} MiB (total - free)",
                            f"{reference / MIB:.0f} MiB", agree(abs(used - reference) <= 1024 * MIB)))
        rows.append(Row(f"{tag} driver", str(probe.driver_version), smi["driver_version"],
                        agree(probe.driver_version == smi["driver_version"])))
        capability = ".".join(map(str, card.compute_capability)) if card.compute_capability else "?"
        rows.append(Row(f"{tag} compute_cap", capability, smi.get("compute_cap", "?"),
                        agree(capability == smi.get("compute_cap"))))
    return rows


# ---------------------------------------------------------------- the model

def llama_config(values: Dict[str, Any]) -> Any:
    from transformers import LlamaConfig

    return LlamaConfig(**values)


def save_random_model(config: Any, folder: Path, dtype: Any, device: str) -> int:
    """A random-weight model of ``config`` built on ``device`` in ``dtype`` and saved (safetensors) in
    ``folder``; returns its parameter count."""
    import torch
    from transformers import LlamaForCausalLM

    torch.manual_seed(0)
    with torch.device(device):
        model = LlamaForCausalLM._from_config(config, dtype=dtype)
    parameters = sum(p.numel() for p in model.parameters())
    model.save_pretrained(folder)
    del model
    release()
    return int(parameters)


def release() -> None:
    import torch

    gc.collect()
    if torch.cuda.is_available():
        torch.cuda.empty_cache()


def prompt_inputs(tokens: int, vocab: int, device: str) -> Dict[str, Any]:
    import torch

    generator = torch.Generator().manual_seed(1)
    ids = torch.randint(10, vocab - 10, (1, tokens), generator=generator)
    return {"input_ids": ids.to(device), "attention_mask": torch.ones_like(ids).to(device)}


def greedy(new_tokens: int) -> Dict[str, Any]:
    """Greedy, exactly ``new_tokens`` new tokens (random weights may pick the end-of-sequence id early)."""
    return {"do_sample": False, "temperature": None, "top_p": None, "top_k": None, "min_new_tokens": new_tokens,
            "pad_token_id": 0}


# ---------------------------------------------------------------- (b) tokens/s, (d) peak memory

def reported_rate(model: Any, inputs: Dict[str, Any], new_tokens: int) -> float:
    """The decode tokens/s as model.generate reports it: generate_child's timed generate and speed_facts."""
    import torch

    device = generate_child.Device(torch)
    clock = generate_child.make_clock(device, None, stream=False)
    run = generate_child.timed_generate(device, model, inputs, greedy(new_tokens), new_tokens, clock)
    rate = generate_child.speed_facts(run)["decode_tokens_per_s"]
    return float(rate or 0.0)


def independent_rate(model: Any, inputs: Dict[str, Any], new_tokens: int) -> float:
    """Decode tokens/s from plain generate calls alone: (N - 1) / (time for N new tokens - time for 1)."""
    import torch

    def timed(count: int) -> float:
        torch.cuda.synchronize()
        started = time.perf_counter()
        with torch.inference_mode():
            model.generate(**inputs, max_new_tokens=count, **greedy(count))
        torch.cuda.synchronize()
        return time.perf_counter() - started

    timed(2)   # warm-up, as the reported timing has
    first, whole = timed(1), timed(new_tokens)
    return (new_tokens - 1) / (whole - first)


def generation_rows(folder: Path, config: Dict[str, Any], parameters: int, args: argparse.Namespace) -> List[Row]:
    """bf16 (where native) and fp16: both rates each, median of ``runs``; the bf16 load also gives (d)."""
    import torch
    from transformers import AutoModelForCausalLM

    rows: List[Row] = []
    dtypes = [torch.bfloat16, torch.float16] if torch.cuda.is_bf16_supported(including_emulation=False) \
        else [torch.float16]
    for dtype in dtypes:
        name = str(dtype).replace("torch.", "")
        release()
        torch.cuda.reset_peak_memory_stats()
        model = AutoModelForCausalLM.from_pretrained(folder, dtype=dtype, device_map={"": 0}).eval()
        inputs = prompt_inputs(args.prompt_tokens, int(config["vocab_size"]), "cuda")
        reported = statistics.median(reported_rate(model, inputs, args.max_new_tokens) for _ in range(args.runs))
        peak = int(torch.cuda.max_memory_allocated())
        independent = statistics.median(independent_rate(model, inputs, args.max_new_tokens)
                                        for _ in range(args.runs))
        gap = abs(reported - independent) / independent
        rows.append(Row(f"decode tokens/s {name}", f"{reported:.1f} (model.generate's clock)",
                        f"{independent:.1f} (plain generate, synced)",
                        agree(gap <= SPEED_TOLERANCE) + f" ({gap:.1%})"))
        if dtype is dtypes[0]:
            rows.append(memory_row(config, parameters, name, peak, args.prompt_tokens + args.max_new_tokens))
        del model
    release()
    return rows


def memory_row(config: Dict[str, Any], parameters: int, dtype: str, peak: int, tokens: int) -> Row:
    """model.fit's estimate for this shape must cover the measured peak, without more slack than its stated
    CUDA context plus a quarter of the peak (more would call fitting models too big)."""
    estimate = gpu_need(shape_from(parameters, config), dtype, tokens)
    ok = peak <= estimate and estimate - CUDA_CONTEXT_BYTES <= peak * (1 + MEMORY_SLACK)
    return Row(f"peak GPU memory {dtype}, {tokens} tokens",
               f"{estimate / MIB:.0f} MiB estimated ({(estimate - CUDA_CONTEXT_BYTES) / MIB:.0f} without the context)",
               f"{peak / MIB:.0f} MiB max_memory_allocated", agree(ok) + f" ({estimate / peak:.2f}x)")


# ---------------------------------------------------------------- (c) placement

def real_placement(folder: Path, dtype: Any, hardware: Dict[Any, int], offload: Path) -> Dict[str, int]:
    """Decoder layers per device of a real ``from_pretrained(..., device_map="auto")`` (no max_memory, as the seed
    loads), on a machine that reports ``hardware`` free: the same readout hf-doctor's prediction is given."""
    from transformers import AutoModelForCausalLM
    from transformers.integrations import accelerate as integration

    with placement._hardware(integration, hardware):
        model = AutoModelForCausalLM.from_pretrained(folder, dtype=dtype, device_map="auto",
                                                     offload_folder=str(offload))
    layers = placement.layers_by_device(model, model.hf_device_map)
    del model
    release()
    return layers


def placement_row(folder: Path, config: Dict[str, Any], dtype: str, hardware: Dict[Any, int], offload: Path) -> Row:
    """hf-doctor's prediction (checks/placement.py: transformers' own device map on the config's skeleton) against
    the real load's hf_device_map, both for the same free GPU memory and RAM."""
    import torch

    # On the grid model.fit predicts for (placement.budgets), so that both sides see the same figures.
    gpus, host = placement.budgets([free for key, free in hardware.items() if isinstance(key, int)], hardware.get("cpu"))
    hardware = {**dict(enumerate(gpus)), **({"cpu": host} if host is not None else {})}
    predicted = dict(placement.predict(config, dtype, gpus, host).layers)
    real = real_placement(folder, getattr(torch, dtype), hardware, offload)
    budget = ", ".join(f"{k}: {v / MIB:.0f} MiB" for k, v in hardware.items())
    said = lambda layers: " · ".join(f"{k} {v}" for k, v in layers.items() if v)   # noqa: E731
    return Row(f"placement ({budget} free)", f"{said(predicted)} predicted", f"{said(real)} hf_device_map",
               agree(predicted == real))


# ---------------------------------------------------------------- the table

def table(rows: Sequence[Row]) -> str:
    headings = Row("comparison", "hf-doctor", "reference", "verdict")
    widths = [max(len(getattr(r, f)) for r in (headings, *rows)) for f in ("what", "doctor", "reference")]
    lines = []
    for row in (headings, *rows):
        cells = (row.what.ljust(widths[0]), row.doctor.ljust(widths[1]), row.reference.ljust(widths[2]), row.verdict)
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-new-tokens", type=int, default=128)
    parser.add_argument("--prompt-tokens", type=int, default=32)
    parser.add_argument("--runs", type=int, default=3, help="timed runs per dtype; the median counts")
    args = parser.parse_args(argv)

    torch = generate_child.import_torch()   # transformers quiet: no progress bars, no warnings around the table

    rows = probe_rows(SystemContext().gpu_probe(), *query_nvidia_smi())
    cuda = torch.cuda.is_available()
    with tempfile.TemporaryDirectory(prefix="hf-doctor-selfcheck-") as tmp:
        folder, offload = Path(tmp) / "model", Path(tmp) / "offload"
        if cuda:
            values = LLAMA_32_1B
            parameters = save_random_model(llama_config(values), folder, torch.bfloat16, "cuda")
            print(f"random-weight Llama (Llama-3.2-1B's shape): {parameters:,} parameters, torch {torch.__version__}, "
                  f"{torch.cuda.get_device_name(0)}", flush=True)
            rows += generation_rows(folder, values, parameters, args)
            weights = parameters * 2
            # GPU 0 reports room for about half the 16-bit weights, the RAM for all of them: offload forced, no disk.
            hardware: Dict[Any, int] = {0: weights // 2, "cpu": weights * 2}
        else:
            values = SMALL_LLAMA
            parameters = save_random_model(llama_config(values), folder, torch.float32, "cpu")
            print(f"no CUDA device (torch {torch.__version__}): tokens/s and peak GPU memory are skipped; placement "
                  f"compared on the CPU with a small random Llama ({parameters:,} parameters), RAM reported for about "
                  "half of it, the rest to disk", flush=True)
            rows += [Row("decode tokens/s", "-", "-", "skip (no GPU)"), Row("peak GPU memory", "-", "-", "skip (no GPU)")]
            hardware = {"cpu": parameters * 4 // 2}
        rows.append(placement_row(folder, {"model_type": "llama", **values}, "bfloat16" if cuda else "float32",
                                  hardware, offload))
    print(table(rows))
    failed = [row.what for row in rows if row.failed]
    print(f"{len(failed)} of {len(rows)} comparisons disagree" + (f": {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
