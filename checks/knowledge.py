"""What each cause means and how to fix it: the one place that the checks and ``explain`` read.

The sentences are messages (``cause.<id>.title``, ``.explain``, ``.fix`` in checks/messages.pot, said in the
reader's language by the front end); this module adds what is never translated: the commands to paste and the
page to read. Every link a fix gives comes from here (``PAGES``, ``model_page``, ``model_search``). A fix that
names a model gets the model's page as its link.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional, Tuple

from . import causes
from .result import Fix
from .text import Msg

HUB = "https://huggingface.co"       # where people click, also when the API endpoint is a mirror or the emulator
TOKENS_PAGE = f"{HUB}/settings/tokens"
GATED_PAGE = f"{HUB}/settings/gated-repos"

# Every page a fix links to, by name: a moved page is mended here once.
PAGES: Dict[str, str] = {
    "tokens": TOKENS_PAGE,
    "gated_repos": GATED_PAGE,
    "models": f"{HUB}/models",
    "rate_limits": f"{HUB}/docs/hub/rate-limits",
    "download_guide": f"{HUB}/docs/huggingface_hub/guides/download",
    "manage_cache": f"{HUB}/docs/huggingface_hub/guides/manage-cache",
    "big_modeling": f"{HUB}/docs/accelerate/usage_guides/big_modeling",
    "quantization": f"{HUB}/docs/transformers/quantization/bitsandbytes",
    "chat_templating": f"{HUB}/docs/transformers/chat_templating",
    "custom_models": f"{HUB}/docs/transformers/custom_models",
    "pickle_security": f"{HUB}/docs/hub/security-pickle",
    "transformers_install": f"{HUB}/docs/transformers/installation",
    "transformers_releases": "https://github.com/huggingface/transformers/releases",
    "hub_status": "https://status.huggingface.co",
    "python_downloads": "https://www.python.org/downloads/",
    "cuda_gpus": "https://developer.nvidia.com/cuda-gpus",
    "pytorch_install": "https://pytorch.org/get-started/locally/",
    "colab_gpu": "https://colab.research.google.com/notebooks/gpu.ipynb",
    "kaggle_gpu": "https://www.kaggle.com/docs/efficient-gpu-usage",
    "colab_secrets": "https://colab.research.google.com/notebooks/io.ipynb",
    "pipelines": f"{HUB}/docs/transformers/main_classes/pipelines",
    "text_generation": f"{HUB}/docs/transformers/llm_tutorial",
    "from_pretrained": f"{HUB}/docs/transformers/models",
    "auto_classes": f"{HUB}/docs/transformers/model_doc/auto",
}


@dataclass(frozen=True)
class Remedy:
    """The untranslated half of a fix. ``model_page``: link the model's page when the model is known (``url``
    otherwise)."""

    commands: Tuple[str, ...] = ()
    url: Optional[str] = None
    model_page: bool = False


REMEDIES: Dict[str, Remedy] = {
    causes.PYTHON_TOO_OLD: Remedy(("python3 --version",), PAGES["python_downloads"]),
    causes.GPU_MISSING: Remedy(("nvidia-smi", 'python -c "import torch; print(torch.cuda.is_available())"')),
    causes.BF16_UNSUPPORTED: Remedy((), PAGES["cuda_gpus"]),
    causes.TORCH_CUDA_MISMATCH: Remedy(
        ("nvidia-smi", 'python -c "import torch; print(torch.__version__, torch.version.cuda)"'),
        PAGES["pytorch_install"]),
    causes.ACCELERATE_MISSING: Remedy(("pip install -U accelerate",)),
    causes.TRANSFORMERS_TOO_OLD: Remedy(("pip install -U transformers",)),
    causes.DISK_FULL: Remedy(("df -h", "hf cache ls")),
    causes.CPU_RAM_OOM: Remedy(("free -h",)),
    causes.CUDA_OOM: Remedy(("nvidia-smi", "pip install bitsandbytes"), PAGES["quantization"]),
    causes.MODEL_OFFLOADED_SLOW: Remedy(("pip install bitsandbytes",), PAGES["big_modeling"]),
    causes.NETWORK_OFFLINE: Remedy((), PAGES["hub_status"]),
    causes.RATE_LIMITED: Remedy(("hf auth login",), PAGES["rate_limits"]),
    causes.TOKEN_MISSING: Remedy(("hf auth login",), PAGES["tokens"]),
    causes.TOKEN_INVALID: Remedy(("hf auth login --force",), PAGES["tokens"]),
    causes.TOKEN_SCOPE: Remedy((), PAGES["tokens"]),
    causes.GATED_UNAUTHENTICATED: Remedy(("hf auth login",), PAGES["tokens"], model_page=True),
    causes.GATED_NOT_REQUESTED: Remedy((), PAGES["gated_repos"], model_page=True),
    causes.GATED_PENDING: Remedy((), PAGES["gated_repos"]),
    causes.GATED_REJECTED: Remedy((), PAGES["gated_repos"]),
    causes.REPO_NOT_FOUND: Remedy((), PAGES["models"]),
    causes.REVISION_OR_FILE_NOT_FOUND: Remedy((), PAGES["download_guide"], model_page=True),
    causes.CHAT_TEMPLATE_MISSING: Remedy((), PAGES["chat_templating"]),
    causes.LIBRARY_MISSING: Remedy(("python -m pip install -U transformers accelerate huggingface_hub",)),
    causes.LIBRARY_CONFLICT: Remedy(("pip install -U transformers huggingface_hub accelerate", "pip check")),
    causes.TOKEN_SHADOWED: Remedy(("unset HF_TOKEN",)),
    causes.REMOTE_CODE: Remedy((), PAGES["custom_models"], model_page=True),
    causes.CACHE_NOT_WRITABLE: Remedy(("export HF_HOME=/path/to/a/writable/folder/huggingface",),
                                      PAGES["manage_cache"]),
    causes.DOWNLOAD_STALLED: Remedy(('pip install -U "hf_xet>=1.5.2"', "export HF_HUB_DISABLE_XET=1")),
    causes.GPU_NOT_AS_PLANNED: Remedy(("nvidia-smi", "hf-doctor check"), PAGES["colab_gpu"]),
    causes.TRANSFORMERS_TOO_NEW: Remedy(("pip install bitsandbytes",), PAGES["quantization"]),
    # Whether this GPU computes bfloat16 natively (the first fix); else float32, or 4-bit with float32 compute.
    causes.FLOAT16_OVERFLOW: Remedy(
        ('python -c "import torch; print(torch.cuda.is_bf16_supported(including_emulation=False))"',),
        PAGES["quantization"]),
    causes.PICKLE_WEIGHTS: Remedy((), PAGES["pickle_security"], model_page=True),
    causes.TORCH_LOAD_REFUSED: Remedy(('pip install -U "torch>=2.6"',), PAGES["pickle_security"]),
    causes.CACHE_DAMAGED: Remedy(("hf cache prune",), PAGES["manage_cache"]),
    causes.UNKNOWN: Remedy(("hf-doctor check",)),
    causes.TOKEN_IN_CODE: Remedy(("hf auth login",), PAGES["tokens"]),
    causes.TOKEN_TYPED: Remedy(("hf auth login",), PAGES["colab_secrets"]),
    causes.ARGUMENT_RENAMED: Remedy((), PAGES["from_pretrained"]),
    causes.PIPELINE_PLACEMENT_IGNORED: Remedy((), PAGES["pipelines"]),
    causes.CHAT_PROMPT_BY_HAND: Remedy((), PAGES["chat_templating"]),
    causes.STOP_TOKEN_HARDCODED: Remedy((), PAGES["text_generation"]),
    causes.ANSWER_CUT_BY_LENGTH: Remedy((), PAGES["pipelines"]),
}


def model_page(repo_id: str) -> str:
    """A model's own page on the Hub: its gate, its files, its card."""
    return f"{HUB}/{repo_id}"


def model_search(query: str) -> str:
    """The Hub's model search for ``query`` (a repo name: letters, digits, '-', '_' and '.')."""
    return f"{PAGES['models']}?search={query}"


def title(cause: str) -> Msg:
    """A few words naming the cause."""
    return Msg(f"cause.{cause}.title")


def explanation(cause: str) -> Msg:
    """Two or three plain sentences: what this cause is and why it happens."""
    return Msg(f"cause.{cause}.explain")


def fix_for(cause: str, model: Optional[str] = None, commands: Optional[Tuple[str, ...]] = None) -> Fix:
    """The usual fix for ``cause``; ``model`` links its page where that is where the fix happens, and
    ``commands`` replaces the generic commands when the caller knows better ones (the module to install)."""
    remedy = REMEDIES[cause]
    url = model_page(model) if remedy.model_page and model else remedy.url
    return Fix(Msg(f"cause.{cause}.fix"), commands=commands if commands is not None else remedy.commands, url=url)


# What ``explain`` says of an error it recognises as none of the causes, by reading: its explanation and its fix
# (the cause stays ``unknown``: no check of hf-doctor's would find it).
# explain's readings of a text that say more than its cause's own explanation and fix (keyed by reading).
READINGS: Dict[str, Tuple[Msg, Fix]] = {
    # the model type transformers did not recognise is in no release: the repo's own architecture
    "repo_architecture": (Msg("cause.unknown.repo_architecture.explain"),
                          Fix(Msg("cause.unknown.repo_architecture.fix"), url=PAGES["custom_models"])),
    # an ImportError from a folder of the user's named like the package
    "shadowed_package": (Msg("cause.unknown.shadowed_package.explain"),
                         Fix(Msg("cause.unknown.shadowed_package.fix"))),
    # what filled up is a container's shared memory (/dev/shm), not the disk or the RAM
    "shared_memory": (Msg("cause.unknown.shared_memory.explain"), Fix(Msg("cause.unknown.shared_memory.fix"))),
    # cause transformers_too_new: a name the code asks for that no transformers hf-doctor read has any more
    "removed_name": (Msg("cause.transformers_too_new.removed_name.explain"),
                     Fix(Msg("cause.transformers_too_new.removed_name.fix"))),
    # a local folder that holds none of the weight files transformers reads
    "local_weights": (Msg("cause.unknown.local_weights.explain"), Fix(Msg("cause.unknown.local_weights.fix"))),
    # cause transformers_too_new: a strict state_dict load off only by the embeddings' position_ids buffer
    "position_ids": (Msg("cause.transformers_too_new.position_ids.explain"),
                     Fix(Msg("cause.transformers_too_new.position_ids.fix"))),
}


def wrong_auto_class(asked: str, loading: str) -> Tuple[Msg, Fix]:
    """explain's reading of a configuration refused by the Auto class the code used (``asked``) that no
    transformers release loads with it; ``loading``: the Auto classes that do load it (from transformers' source)."""
    return (Msg("cause.unknown.wrong_auto_class.explain", asked=asked, loading=loading),
            Fix(Msg("cause.unknown.wrong_auto_class.fix", asked=asked, loading=loading),
                url=PAGES["auto_classes"]))


def misspelled_name(asked: str, name: str) -> Tuple[Msg, Fix]:
    """explain's reading of a name asked of transformers (``asked``) that misspells one it defines (``name``):
    other underscores or case. Both are names from the pasted text and transformers' source, never a token."""
    return (Msg("cause.unknown.misspelled_name.explain", asked=asked, name=name),
            Fix(Msg("cause.unknown.misspelled_name.fix", asked=asked, name=name)))


def own_class(cls: str, attribute: str) -> Tuple[Msg, Fix]:
    """explain's reading of a class named like transformers' own that transformers does not define (``cls``: a
    repo's remote code or an app's copy of a model) missing ``attribute``: it was written for an older
    transformers. Both are names from the pasted text, never a token."""
    return (Msg("cause.transformers_too_new.own_class.explain", cls=cls, attribute=attribute),
            Fix(Msg("cause.transformers_too_new.removed_name.fix")))


def added_in(name: str, added: str) -> Tuple[Msg, Fix]:
    """explain's reading of a too-old transformers asked for ``name`` (a name or a model type, from the pasted
    text, never a token) that came in release ``added``, read from the releases hf-doctor read."""
    return (Msg("cause.transformers_too_old.added_in.explain", name=name, added=added),
            Fix(Msg("cause.transformers_too_old.added_in.fix", added=added),
                (f'python -m pip install -U "transformers>={added}"',), PAGES["transformers_releases"]))


def removed_in(name: str, last: str, removed: str, back: Optional[str]) -> Tuple[Msg, Fix]:
    """explain's reading of a name or member (``name``, from the pasted text, never a token) that transformers
    removed in release ``removed`` (``last``: the release before; ``back``: the release that brought it back, if
    one did), read from the releases hf-doctor read. The fix installs a release that has it."""
    url = PAGES["transformers_releases"]
    if back is None:
        return (Msg("cause.transformers_too_new.removed_in.explain", name=name, last=last, removed=removed),
                Fix(Msg("cause.transformers_too_new.removed_in.fix", name=name),
                    (f'python -m pip install "transformers<{removed}"',), url))
    return (Msg("cause.transformers_too_new.removed_between.explain", name=name, removed=removed, back=back),
            Fix(Msg("cause.transformers_too_new.removed_between.fix", name=name, back=back),
                (f'python -m pip install -U "transformers>={back}"',), url))


def removed_argument(cls: str, argument: str) -> Tuple[Msg, Fix]:
    """explain's reading of one of transformers' core classes (``cls``) refusing ``argument``, which its newest
    release no longer has: the code was written for an older transformers. Both are names from the pasted text,
    never a token."""
    return (Msg("cause.transformers_too_new.removed_argument.explain", cls=cls, argument=argument),
            Fix(Msg("cause.transformers_too_new.removed_argument.fix", argument=argument),
                url=PAGES["transformers_releases"]))
