"""The checks, in the order people read them. Ids are permanent (contract.md): never derive them from names."""
from __future__ import annotations

from typing import Optional, Tuple

from .engine import Check
from .gpu import gpu_bf16, gpu_device, torch_build
from .host import disk_space, host_memory
from .compat import model_compat
from .download import model_download
from .fit import model_fit
from .generation import DEFAULT_TIMEOUT_S, model_generate
from .hub import hub_access, hub_network, hub_token
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

# The network checks share one deadline: huggingface_hub's API calls have no timeout of their own, and the
# ping that hub.network makes first is bounded at 5 s, so a dead endpoint is caught there.
HUB_TIMEOUT_S = 20.0

HUB: Tuple[Check, ...] = (
    Check("hub.network", "Hub network", hub_network, timeout_s=HUB_TIMEOUT_S),
    Check("hub.token", "Hub token", hub_token, depends_on=("hub.network",), timeout_s=HUB_TIMEOUT_S),
)

MODEL: Tuple[Check, ...] = (
    Check("hub.access", "Model access", hub_access, depends_on=("hub.network",), timeout_s=HUB_TIMEOUT_S),
    Check("model.compat", "Model support", model_compat, depends_on=("hub.access",), timeout_s=HUB_TIMEOUT_S),
    # Planning needs only public metadata, so it runs even when access is still pending.
    Check("model.fit", "Will it fit", model_fit, depends_on=("hub.network",), timeout_s=HUB_TIMEOUT_S),
)

# A download has no natural deadline; the check's own progress shows it is alive.
DOWNLOAD_TIMEOUT_S = 6 * 3600.0

SMOKE: Tuple[Check, ...] = (
    Check("model.download", "Download", model_download, depends_on=("hub.access", "model.fit"),
          timeout_s=DOWNLOAD_TIMEOUT_S),
    # The check kills its child process at DEFAULT_TIMEOUT_S; the runner's deadline is only the last resort.
    Check("model.generate", "Generation", model_generate, depends_on=("model.download",),
          timeout_s=DEFAULT_TIMEOUT_S + 60),
)


def all_checks(model: Optional[str] = None, smoke: bool = False) -> Tuple[Check, ...]:
    """Every check that applies: the model checks only when a model is named, the download with --smoke."""
    if not model:
        return ENVIRONMENT + HUB
    return ENVIRONMENT + HUB + MODEL + (SMOKE if smoke else ())
