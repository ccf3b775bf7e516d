"""GPU facts in one place: the cards people meet, and the decisions made from them.

Figures from ../shared/docs/gpus.md, which cites vendor data sheets and public benchmarks: NVIDIA/PNY T4 manual
(320 GB/s); L4 spec sheets (300 GB/s, CC 8.9); A100/H100 data sheets via glennklockwood.com; T4's 14.75 GiB from
PyTorch out-of-memory messages ("14.75 GiB total capacity", oobabooga/text-generation-webui#171).

``memory_bytes`` is the usable memory, what ``torch.cuda.get_device_properties(0).total_memory`` reports, which is
what a model actually gets. For the T4 it is the published 14.75 GiB; for the other cards it is an estimate
from the "total capacity" that PyTorch out-of-memory messages print for them in public issue threads.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Tuple

GIB = 1024**3

# Native bfloat16 arithmetic arrived with Ampere (compute capability 8.0). Below that, torch emulates it.
BF16_MIN_CAPABILITY = (8, 0)


@dataclass(frozen=True)
class GpuSpec:
    key: str                       # the name `--gpu` takes
    name: str                      # as NVML / nvidia-smi report it
    memory_bytes: int              # usable memory (see the module docstring)
    bandwidth_gbs: float           # peak memory bandwidth, GB/s (decimal)
    compute_capability: Tuple[int, int]
    where: str
    pattern: str                   # matches the probed name (case-insensitive)

    @property
    def native_bf16(self) -> bool:
        return native_bf16(self.compute_capability)


# Order matters for lookup: the more specific patterns first.
GPUS: Tuple[GpuSpec, ...] = (
    GpuSpec("K80", "Tesla K80", int(11.17 * GIB), 240, (3, 7), "old Colab/Kaggle", r"\bK80\b"),
    GpuSpec("P100", "Tesla P100-PCIE-16GB", int(15.89 * GIB), 732, (6, 0), "Kaggle, old Colab", r"\bP100\b"),
    GpuSpec("V100-32GB", "Tesla V100-SXM2-32GB", int(31.74 * GIB), 900, (7, 0), "cloud", r"\bV100\b.*32\s*GB"),
    GpuSpec("V100", "Tesla V100-SXM2-16GB", int(15.77 * GIB), 900, (7, 0), "old Colab Pro", r"\bV100\b"),
    GpuSpec("T4", "Tesla T4", int(14.75 * GIB), 320, (7, 5), "Colab free tier", r"\bT4\b"),
    GpuSpec("L4", "NVIDIA L4", int(22.06 * GIB), 300, (8, 9), "Colab paid", r"\bL4\b"),
    GpuSpec("A100-80GB", "NVIDIA A100-SXM4-80GB", int(79.15 * GIB), 2039, (8, 0), "cloud", r"\bA100\b.*80\s*GB"),
    GpuSpec("A100-40GB", "NVIDIA A100-SXM4-40GB", int(39.39 * GIB), 1555, (8, 0), "Colab paid", r"\bA100\b"),
    GpuSpec("H100-PCIe", "NVIDIA H100 PCIe", int(79.11 * GIB), 2000, (9, 0), "cloud", r"\bH100\b.*PCIE"),
    GpuSpec("H100", "NVIDIA H100 80GB HBM3", int(79.11 * GIB), 3350, (9, 0), "Colab paid (2026)", r"\bH100\b"),
)

# The names `--gpu` takes, in the order people meet the cards (Colab free tier first).
SIMULATABLE: Tuple[str, ...] = ("T4", "L4", "V100", "P100", "A100-40GB", "A100-80GB", "H100")
NO_GPU = "none"


def native_bf16(capability: Tuple[int, int]) -> bool:
    """True when the card computes in bfloat16 natively (not through torch's emulation)."""
    return tuple(capability) >= BF16_MIN_CAPABILITY


def by_key(key: str) -> Optional[GpuSpec]:
    """The spec for a `--gpu` name, case-insensitively."""
    for spec in GPUS:
        if spec.key.lower() == key.lower():
            return spec
    return None


def lookup(probed_name: str) -> Optional[GpuSpec]:
    """The spec for a name as NVML reports it ("Tesla T4", "NVIDIA A100-SXM4-80GB"), if the card is known."""
    for spec in GPUS:
        if re.search(spec.pattern, probed_name, re.IGNORECASE):
            return spec
    return None
