"""The checks, in the order people read them. Ids are permanent (contract.md): never derive them from names.

A check's title is its catalogue entry ``common.check.<id>``; the guided flow names its steps' checks by id
(``STEPS``), so appending a check here never moves another one to a different step.
"""
from __future__ import annotations

from typing import Dict, Optional, Tuple

from . import ids
from .compat import model_compat
from .download import model_download
from .engine import Check
from .fit import model_fit
from .fit import warm_up as fit_warm_up
from .generation import DEFAULT_TIMEOUT_S, model_generate
from .gpu import gpu_bf16, gpu_device, torch_build
from .host import disk_space, host_memory
from .hub import hub_access, hub_network, hub_token
from .hub_settings import hub_settings
from .hub_wait import API_TIMEOUT_S
from .libs import libs_versions
from .python_env import python_version, runtime_platform

# nvidia-smi can take a few seconds to wake a driver; everything else answers in milliseconds.
GPU_TIMEOUT_S = 20.0

ENVIRONMENT: Tuple[Check, ...] = (
    Check(ids.PYTHON_VERSION, python_version),
    Check(ids.RUNTIME_PLATFORM, runtime_platform),
    Check(ids.LIBS_VERSIONS, libs_versions),
    Check(ids.GPU_DEVICE, gpu_device, timeout_s=GPU_TIMEOUT_S),
    Check(ids.GPU_BF16, gpu_bf16, depends_on=(ids.GPU_DEVICE,), timeout_s=GPU_TIMEOUT_S),
    Check(ids.TORCH_BUILD, torch_build, depends_on=(ids.GPU_DEVICE,), timeout_s=GPU_TIMEOUT_S),
    Check(ids.HOST_MEMORY, host_memory),
    Check(ids.DISK_SPACE, disk_space),
    Check(ids.HUB_SETTINGS, hub_settings),
)

# The network checks share one deadline, above what their Hub calls may take: each call is bounded at
# API_TIMEOUT_S (checks/hub_wait.py), and a check makes at most three in a row (model.fit: the metadata, the
# parameter count, config.json), so a slow Hub is a network cause in the row, never this deadline.
HUB_TIMEOUT_S = max(20.0, 4 * API_TIMEOUT_S + 5)

HUB: Tuple[Check, ...] = (
    Check(ids.HUB_NETWORK, hub_network, timeout_s=HUB_TIMEOUT_S),
    Check(ids.HUB_TOKEN, hub_token, depends_on=(ids.HUB_NETWORK,), timeout_s=HUB_TIMEOUT_S),
)

MODEL: Tuple[Check, ...] = (
    Check(ids.HUB_ACCESS, hub_access, depends_on=(ids.HUB_NETWORK,), timeout_s=HUB_TIMEOUT_S),
    Check(ids.MODEL_COMPAT, model_compat, depends_on=(ids.HUB_ACCESS,), timeout_s=HUB_TIMEOUT_S),
    # Planning needs only public metadata, so it runs even when access is still pending.
    Check(ids.MODEL_FIT, model_fit, depends_on=(ids.HUB_NETWORK,), timeout_s=HUB_TIMEOUT_S,
          warm_up=fit_warm_up),
)

# A download has no natural deadline; the check's own progress shows it is alive.
DOWNLOAD_TIMEOUT_S = 6 * 3600.0

SMOKE: Tuple[Check, ...] = (
    Check(ids.MODEL_DOWNLOAD, model_download, depends_on=(ids.HUB_ACCESS, ids.MODEL_FIT),
          timeout_s=DOWNLOAD_TIMEOUT_S),
    # The check kills its child process at DEFAULT_TIMEOUT_S; the runner's deadline is only the last resort.
    Check(ids.MODEL_GENERATE, model_generate, depends_on=(ids.MODEL_DOWNLOAD,), timeout_s=DEFAULT_TIMEOUT_S + 60),
)

BY_ID: Dict[str, Check] = {check.id: check for check in ENVIRONMENT + HUB + MODEL + SMOKE}


def all_checks(model: Optional[str] = None, smoke: bool = False) -> Tuple[Check, ...]:
    """Every check that applies: the model checks only when a model is named, the download with --smoke."""
    if not model:
        return ENVIRONMENT + HUB
    return ENVIRONMENT + HUB + MODEL + (SMOKE if smoke else ())


def by_ids(*check_ids: str) -> Tuple[Check, ...]:
    """The registered checks with these ids, in the registry's order (a KeyError names an unknown id)."""
    wanted = set(check_ids)
    unknown = wanted - set(BY_ID)
    if unknown:
        raise KeyError(f"no such check: {', '.join(sorted(unknown))}")
    return tuple(check for check in BY_ID.values() if check.id in wanted)
