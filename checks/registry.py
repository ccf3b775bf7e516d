"""The checks, in the order people read them. Ids are permanent (contract.md): never derive them from names."""
from __future__ import annotations

from typing import Tuple

from .engine import Check
from .gpu import gpu_bf16, gpu_device, torch_build
from .host import disk_space, host_memory
from .hub_settings import hub_settings
from .libs import libs_versions
from .python_env import python_version, runtime_platform

# nvidia-smi can take a few seconds to wake a driver; everything else answers in milliseconds.
GPU_TIMEOUT_S = 20.0

ENVIRONMENT: Tuple[Check, ...] = (
    Check("python.version", "Python", python_version),
    Check("runtime.platform", "Runtime", runtime_platform),
    Check("libs.versions", "Libraries", libs_versions),
    Check("gpu.device", "GPU", gpu_device, timeout_s=GPU_TIMEOUT_S),
    Check("gpu.bf16", "Native bfloat16", gpu_bf16, depends_on=("gpu.device",), timeout_s=GPU_TIMEOUT_S),
    Check("torch.build", "torch build", torch_build, depends_on=("gpu.device",), timeout_s=GPU_TIMEOUT_S),
    Check("host.memory", "Host memory", host_memory),
    Check("disk.space", "Disk space", disk_space),
    Check("hub.settings", "Hub settings", hub_settings),
)


def all_checks() -> Tuple[Check, ...]:
    return ENVIRONMENT
