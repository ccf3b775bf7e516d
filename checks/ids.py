"""Check ids (contract.md): permanent names that users, profiles and scripts use. Code names them by these
constants, never by a string literal of its own."""
from __future__ import annotations

PYTHON_VERSION = "python.version"
RUNTIME_PLATFORM = "runtime.platform"
LIBS_VERSIONS = "libs.versions"
GPU_DEVICE = "gpu.device"
GPU_BF16 = "gpu.bf16"
TORCH_BUILD = "torch.build"
HOST_MEMORY = "host.memory"
DISK_SPACE = "disk.space"
HUB_SETTINGS = "hub.settings"
HUB_NETWORK = "hub.network"
HUB_TOKEN = "hub.token"
HUB_ACCESS = "hub.access"
MODEL_COMPAT = "model.compat"
MODEL_FIT = "model.fit"
MODEL_DOWNLOAD = "model.download"
MODEL_GENERATE = "model.generate"
COURSE_PROFILE = "course.profile"   # not a check of the registry: the verdict of a course profile, one more row
