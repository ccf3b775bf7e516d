"""The libraries' own messages that name a root cause: a curated table of (package, file, template, cause).

Each template is a message (or its distinctive beginning) exactly as ``scripts/library_messages.py`` extracts it
from the installed library's source with ``ast``: an f-string's computed parts are ``{}``. ``explain`` compiles
every template into a pattern (``{}`` matches any short text, a space any run of blanks and line breaks, so a
terminal's wrapping does not hide it), so a wording the libraries print is recognised by construction.
tests/test_library_knowledge.py checks that each template is still found in the installed libraries (an upgrade
shows which ones changed) and that each, filled with sample values, is explained as its cause.

Read from: huggingface_hub 2.4.0, transformers 5.24.0, accelerate 1.15.0, torch 2.14.1 and 2.13.0 (bitsandbytes was not
installed where the table was made; its messages here come from the other libraries that print them). The
messages torch prints from C++ ("CUDA out of memory", "no kernel image is available") are not in its Python
source: explain's hand-written rules cover them, citing their source.
"""
from __future__ import annotations

from typing import NamedTuple, Tuple

from . import causes


class LibraryMessage(NamedTuple):
    package: str
    file: str
    template: str
    cause: str
    strength: int = 3          # explain.STRONG; 1 (HINT) for a wrapper's last line that many causes end in


_ = LibraryMessage
HUB, TF, ACC, TORCH = "huggingface_hub", "transformers", "accelerate", "torch"

TABLE: Tuple[LibraryMessage, ...] = (
    # --- tokens and login
    _(HUB, "utils/_headers.py", "Token is required (`token=True`), but no token found.", causes.TOKEN_MISSING),
    _(HUB, "hf_api.py", "Token is required to call the /whoami-v2 endpoint, but no token found.", causes.TOKEN_MISSING),
    _(HUB, "_login.py", "Note: No active token is set and no environment variable `HF_TOKEN` is found.",
      causes.TOKEN_MISSING),
    _(HUB, "_sandbox.py", "A Hugging Face token is required to use sandboxes. Run `hf auth login` first.",
      causes.TOKEN_MISSING),
    _(HUB, "_oauth.py", "Your machine must be logged in to HF to debug an OAuth app locally.", causes.TOKEN_MISSING),
    _(HUB, "_login.py", "Note: Environment variable `HF_TOKEN` is set and is the current active token",
      causes.TOKEN_SHADOWED),
    _(HUB, "_login.py", "The environment variable `HF_TOKEN` is set and will override the access token you've "
                        "just switched to.", causes.TOKEN_SHADOWED),
    _(HUB, "utils/_auth.py", "Your Hugging Face access token has expired and could not be refreshed (session expired "
                             "or revoked). Run `hf auth login` to re-authenticate. ({})", causes.TOKEN_INVALID),
    _(HUB, "_login.py", "To log out, you must unset the `HF_TOKEN` secret in your Colab settings.",
      causes.TOKEN_SHADOWED),
    _(HUB, "_login.py", "To log out, you must clear out both `HF_TOKEN` and `HUGGING_FACE_HUB_TOKEN` environment "
                        "variables.", causes.TOKEN_SHADOWED),
    _(HUB, "_login.py", "You must use your personal account token, not an organization token.", causes.TOKEN_INVALID),
    # --- gated repos, repos, revisions, files
    _(TF, "utils/hub.py", "You are trying to access a gated repo. Make sure to have access to it at "
                          "https://huggingface.co/{}.", causes.GATED_UNAUTHENTICATED),
    _(ACC, "commands/estimate.py", "Repo for model `{}` is gated. You must be authenticated to access it.",
      causes.GATED_UNAUTHENTICATED),
    _(ACC, "commands/estimate.py", "Repo for model `{}` does not exist on the Hub.", causes.REPO_NOT_FOUND),
    _(HUB, "utils/_validators.py", "Repo id must be in the form 'repo_name' or 'namespace/repo_name': '{}'.",
      causes.REPO_NOT_FOUND),
    _(HUB, "utils/_validators.py", "Repo id must use alphanumeric chars, '-', '_' or '.'.", causes.REPO_NOT_FOUND),
    _(TF, "utils/hub.py", "{} is not a local folder and is not a valid model identifier listed on "
                          "'https://huggingface.co/models'", causes.REPO_NOT_FOUND, 1),
    _(TF, "utils/hub.py", "{} is not a local folder or a valid repository name on 'https://hf.co'.",
      causes.REPO_NOT_FOUND, 1),
    _(TF, "utils/hub.py", "{} is not a valid git identifier (branch name, tag name or commit id) that exists for "
                          "this model name.", causes.REVISION_OR_FILE_NOT_FOUND),
    _(TF, "modeling_utils.py", "{} does not appear to have a file named {} or {}.", causes.REVISION_OR_FILE_NOT_FOUND),
    _(TF, "modeling_utils.py", "Error no file named {} found in directory {}.", causes.REVISION_OR_FILE_NOT_FOUND),
    _(TF, "modeling_utils.py", "Error no file named {}, or {}, found in directory {}.",
      causes.REVISION_OR_FILE_NOT_FOUND),
    # --- no answer from the Hub
    _(HUB, "utils/_http.py", "Cannot reach {}: offline mode is enabled.", causes.NETWORK_OFFLINE),
    _(HUB, "file_download.py", "Cannot find the requested files in the disk cache and outgoing traffic has been "
                               "disabled.", causes.NETWORK_OFFLINE),
    _(HUB, "_snapshot_download.py", "Cannot find an appropriate cached snapshot folder for the specified revision on "
                                    "the local disk and outgoing traffic has been disabled.", causes.NETWORK_OFFLINE),
    _(TF, "utils/hub.py", "We couldn't connect to '{}' to load the files, and couldn't find them in the cached "
                          "files.", causes.NETWORK_OFFLINE),
    _(HUB, "_snapshot_download.py", "An error happened while trying to locate the files on the Hub, and we cannot "
                                    "find the appropriate snapshot folder for the specified revision on the local "
                                    "disk. Please check your internet connection and try again.",
      causes.NETWORK_OFFLINE),
    # a package (vLLM, SGLang) registers its own class for a model this transformers now ships: the package is
    # older than this transformers
    _(TF, "models/auto/auto_factory.py", "'{}' is already used by a Transformers model.", causes.LIBRARY_CONFLICT, 2),
    # raised from the HEAD call's own error, which a 4xx answer outranks (a status proves the network worked)
    _(HUB, "file_download.py", "An error happened while trying to locate the file on the Hub and we cannot find the "
                               "requested files in the local cache.", causes.NETWORK_OFFLINE, 2),
    _(TORCH, "hub.py", "It looks like there is no internet connection and the repo could not be found in the cache",
      causes.NETWORK_OFFLINE),
    _(HUB, "_snapshot_download.py", "is incomplete: {} file(s) are missing ({}). {} Re-run the download with network "
                                    "access to complete the snapshot.", causes.NETWORK_OFFLINE),
    _(HUB, "_snapshot_download.py", "Download the repo (e.g. with `snapshot_download`) to populate the cache first.",
      causes.NETWORK_OFFLINE),
    _(HUB, "utils/_http.py", "Rate limited. Waiting {}s before retry", causes.RATE_LIMITED),
    # --- the machine
    _(HUB, "file_download.py", "Not enough free disk space to download the file.", causes.DISK_FULL),
    _(HUB, "file_download.py", "The target location {} only has {} MB free disk space.", causes.DISK_FULL),
    _(TORCH, "amp/autocast_mode.py", "Current CUDA Device does not support bfloat16. Please switch dtype to float16.",
      causes.BF16_UNSUPPORTED),
    _(ACC, "accelerator.py", "bf16 mixed precision requires PyTorch >= 1.10 and a supported device.",
      causes.BF16_UNSUPPORTED),
    _(TORCH, "cuda/__init__.py", "Torch not compiled with CUDA enabled", causes.GPU_MISSING, 2),
    _(TORCH, "cuda/__init__.py", "PyTorch was compiled without CUDA support", causes.TORCH_CUDA_MISMATCH),
    _(ACC, "utils/bnb.py", "No GPU or Intel XPU found. A GPU or Intel XPU is needed for quantization.",
      causes.GPU_MISSING),
    _(TF, "quantizers/quantizer_nvfp4.py", "NVFP4 quantization requires a CUDA GPU.", causes.GPU_MISSING),
    _(TORCH, "serialization.py", "Attempting to deserialize object on a {} device but torch.{}.is_available() is "
                                 "False.", causes.GPU_MISSING),
    _(ACC, "utils/bnb.py", "No GPU found. A GPU is needed for quantization.", causes.GPU_MISSING),
    _(TF, "quantizers/quantizer_fbgemm_fp8.py", "Using fbgemm fp8 quantization requires a GPU or XPU",
      causes.GPU_MISSING),
    _(TF, "quantizers/quantizer_bnb_4bit.py", "Some modules are dispatched on the CPU or the disk. Make sure you "
                                              "have enough GPU RAM to fit the quantized model.", causes.CUDA_OOM),
    _(ACC, "big_modeling.py", "Some parameters are on the meta device because they were offloaded to the {}.",
      causes.MODEL_OFFLOADED_SLOW),
    _(TF, "integrations/accelerate.py", "The current `device_map` had weights offloaded to the disk",
      causes.MODEL_OFFLOADED_SLOW),
    _(ACC, "big_modeling.py", "We need an `offload_dir` to dispatch this model according to this `device_map`, the "
                              "following submodules need to be offloaded: {}.", causes.MODEL_OFFLOADED_SLOW),
    _(ACC, "utils/modeling.py", "At least one of the model submodule will be offloaded to disk, please pass along an "
                                "`offload_folder`.", causes.MODEL_OFFLOADED_SLOW),
    _(ACC, "big_modeling.py", "You can't move a model that has some modules offloaded to cpu or disk.",
      causes.MODEL_OFFLOADED_SLOW),
    _(ACC, "utils/modeling.py", "Based on the current allocation process, no modules could be assigned to the following "
                                "devices due to insufficient memory:", causes.MODEL_OFFLOADED_SLOW),
    # --- the libraries
    _(TF, "integrations/accelerate.py", "Using a `device_map`, `tp_plan`, `torch.device` context manager or "
                                        "setting `torch.set_default_device(device)` requires `accelerate`.",
      causes.ACCELERATE_MISSING),
    _(TF, "quantizers/quantizer_bnb_4bit.py", "Using `bitsandbytes` 4-bit quantization requires accelerate:",
      causes.ACCELERATE_MISSING),
    _(TF, "quantizers/quantizer_awq.py", "Loading an AWQ quantized model requires accelerate (`pip install "
                                         "accelerate`)", causes.ACCELERATE_MISSING),
    _(TF, "modeling_utils.py", "accelerate is required when loading a GGUF file `pip install accelerate`.",
      causes.ACCELERATE_MISSING),
    _(TF, "dynamic_module_utils.py", "This modeling file requires the following packages that were not found in "
                                     "your environment: {}.", causes.LIBRARY_MISSING),
    _(TF, "dynamic_module_utils.py", "Loading this model requires you to execute custom code contained in the model "
                                     "repository on your local machine.", causes.REMOTE_CODE),
    _(TF, "dynamic_module_utils.py", "Please pass the argument `trust_remote_code=True` to allow custom code to be "
                                     "run.", causes.REMOTE_CODE),
    _(TF, "generation/utils.py", "{} requires `trust_remote_code=True` in your `generate` call, since it loads "
                                 "https://hf.co/{}.", causes.REMOTE_CODE),
    _(TF, "utils/import_utils.py", "Due to a serious vulnerability issue in `torch.load`, even with "
                                   "`weights_only=True`, we now require users to upgrade torch to at least v2.6",
      causes.TORCH_LOAD_REFUSED),
    _(TF, "models/auto/configuration_auto.py", "The checkpoint you are trying to load has model type `{}` but "
                                               "Transformers does not recognize this architecture.",
      causes.TRANSFORMERS_TOO_OLD),
    _(TF, "models/auto/auto_factory.py", "Unrecognized configuration class {} for this kind of AutoModel: {}.",
      causes.TRANSFORMERS_TOO_OLD),
    _(TF, "models/auto/tokenization_auto.py", "Unrecognized configuration class {} to build an AutoTokenizer.",
      causes.TRANSFORMERS_TOO_OLD),
    _(TF, "utils/versions.py", "{} is required for a normal functioning of this module, but found {}=={}.",
      causes.LIBRARY_CONFLICT),
    _(TF, "tokenization_utils_base.py", "Cannot use chat template functions because tokenizer.chat_template is not "
                                        "set and no template argument was passed!", causes.CHAT_TEMPLATE_MISSING),
    _(TF, "processing_utils.py", "Cannot use apply_chat_template because this processor does not have a chat "
                                 "template.", causes.CHAT_TEMPLATE_MISSING),
)
