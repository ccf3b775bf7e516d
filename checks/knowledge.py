"""What each cause means and how to fix it: the one place that the checks and ``explain`` read.

The sentences live in the catalogue (``cause.<id>.title``, ``.explain``, ``.fix`` in checks/messages/cause.py);
this module adds what is never translated: the commands to paste and the page to read. A fix that names a
model gets the model's page as its link.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional, Tuple

from . import causes
from .messages import t
from .result import Fix

HUB = "https://huggingface.co"       # where people click, also when the API endpoint is a mirror or the emulator
TOKENS_PAGE = f"{HUB}/settings/tokens"
GATED_PAGE = f"{HUB}/settings/gated-repos"


@dataclass(frozen=True)
class Remedy:
    """The untranslated half of a fix. ``model_page``: link the model's page when the model is known (``url``
    otherwise)."""

    commands: Tuple[str, ...] = ()
    url: Optional[str] = None
    model_page: bool = False


REMEDIES: Dict[str, Remedy] = {
    causes.PYTHON_TOO_OLD: Remedy(("python3 --version",), "https://www.python.org/downloads/"),
    causes.GPU_MISSING: Remedy(("nvidia-smi", 'python -c "import torch; print(torch.cuda.is_available())"')),
    causes.BF16_UNSUPPORTED: Remedy((), "https://developer.nvidia.com/cuda-gpus"),
    causes.TORCH_CUDA_MISMATCH: Remedy(
        ("nvidia-smi", 'python -c "import torch; print(torch.__version__, torch.version.cuda)"'),
        "https://pytorch.org/get-started/locally/"),
    causes.ACCELERATE_MISSING: Remedy(("pip install -U accelerate",)),
    causes.TRANSFORMERS_TOO_OLD: Remedy(("pip install -U transformers",)),
    causes.DISK_FULL: Remedy(("df -h", "hf cache ls")),
    causes.CPU_RAM_OOM: Remedy(("free -h",)),
    causes.CUDA_OOM: Remedy(("nvidia-smi",)),
    causes.MODEL_OFFLOADED_SLOW: Remedy((), f"{HUB}/docs/accelerate/usage_guides/big_modeling"),
    causes.NETWORK_OFFLINE: Remedy((), "https://status.huggingface.co"),
    causes.RATE_LIMITED: Remedy(("hf auth login",), f"{HUB}/docs/hub/rate-limits"),
    causes.TOKEN_MISSING: Remedy(("hf auth login",), TOKENS_PAGE),
    causes.TOKEN_INVALID: Remedy(("hf auth login --force",), TOKENS_PAGE),
    causes.TOKEN_SCOPE: Remedy((), TOKENS_PAGE),
    causes.GATED_UNAUTHENTICATED: Remedy(("hf auth login",), TOKENS_PAGE, model_page=True),
    causes.GATED_NOT_REQUESTED: Remedy((), GATED_PAGE, model_page=True),
    causes.GATED_PENDING: Remedy((), GATED_PAGE),
    causes.GATED_REJECTED: Remedy((), GATED_PAGE),
    causes.REPO_NOT_FOUND: Remedy((), f"{HUB}/models"),
    causes.REVISION_OR_FILE_NOT_FOUND: Remedy((), f"{HUB}/docs/huggingface_hub/guides/download", model_page=True),
    causes.CHAT_TEMPLATE_MISSING: Remedy((), f"{HUB}/docs/transformers/chat_templating"),
    causes.LIBRARY_MISSING: Remedy(("python -m pip install -U transformers accelerate huggingface_hub",)),
    causes.LIBRARY_CONFLICT: Remedy(("pip install -U transformers huggingface_hub accelerate", "pip check")),
    causes.TOKEN_SHADOWED: Remedy(("unset HF_TOKEN",)),
    causes.REMOTE_CODE: Remedy((), f"{HUB}/docs/transformers/custom_models", model_page=True),
    causes.UNKNOWN: Remedy(("hf-doctor check",)),
}


def title(cause: str) -> str:
    return t(f"cause.{cause}.title")


def explanation(cause: str) -> str:
    """Two or three plain sentences: what this cause is and why it happens."""
    return t(f"cause.{cause}.explain")


def fix_for(cause: str, model: Optional[str] = None, commands: Optional[Tuple[str, ...]] = None) -> Fix:
    """The usual fix for ``cause``; ``model`` links its page where that is where the fix happens, and
    ``commands`` replaces the generic commands when the caller knows better ones (the module to install)."""
    remedy = REMEDIES[cause]
    url = f"{HUB}/{model}" if remedy.model_page and model else remedy.url
    return Fix(t(f"cause.{cause}.fix"), commands=commands if commands is not None else remedy.commands, url=url)
