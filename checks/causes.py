"""Cause ids: one id names one root cause wherever it is found (contract.md, "Cause ids").

The first block is the shared contract; the second holds the ids hf-doctor added (listed in the README).
"""
from __future__ import annotations

PYTHON_TOO_OLD = "python_too_old"
GPU_MISSING = "gpu_missing"
BF16_UNSUPPORTED = "bf16_unsupported"
TORCH_CUDA_MISMATCH = "torch_cuda_mismatch"
ACCELERATE_MISSING = "accelerate_missing"
TRANSFORMERS_TOO_OLD = "transformers_too_old"
DISK_FULL = "disk_full"
CPU_RAM_OOM = "cpu_ram_oom"
CUDA_OOM = "cuda_oom"
MODEL_OFFLOADED_SLOW = "model_offloaded_slow"
NETWORK_OFFLINE = "network_offline"
RATE_LIMITED = "rate_limited"
TOKEN_MISSING = "token_missing"
TOKEN_INVALID = "token_invalid"
TOKEN_SCOPE = "token_scope"
GATED_UNAUTHENTICATED = "gated_unauthenticated"
GATED_NOT_REQUESTED = "gated_not_requested"
GATED_PENDING = "gated_pending"
GATED_REJECTED = "gated_rejected"
REPO_NOT_FOUND = "repo_not_found"
REVISION_OR_FILE_NOT_FOUND = "revision_or_file_not_found"
CHAT_TEMPLATE_MISSING = "chat_template_missing"
UNKNOWN = "unknown"

# Added by hf-doctor (contract.md allows additions; none of these renames a contract id).
LIBRARY_MISSING = "library_missing"
LIBRARY_CONFLICT = "library_conflict"
TOKEN_SHADOWED = "token_shadowed"
REMOTE_CODE = "remote_code"
CACHE_NOT_WRITABLE = "cache_not_writable"
DOWNLOAD_STALLED = "download_stalled"
GPU_NOT_AS_PLANNED = "gpu_not_as_planned"
TRANSFORMERS_TOO_NEW = "transformers_too_new"
FLOAT16_OVERFLOW = "float16_overflow"
PICKLE_WEIGHTS = "pickle_weights"
TORCH_LOAD_REFUSED = "torch_load_refused"
CACHE_DAMAGED = "cache_damaged"

# Found by `hf-doctor lint` in a user's script: a trap in the code itself, whatever the machine.
TOKEN_IN_CODE = "token_in_code"
TOKEN_TYPED = "token_typed"
ARGUMENT_RENAMED = "argument_renamed"
PIPELINE_PLACEMENT_IGNORED = "pipeline_placement_ignored"
CHAT_PROMPT_BY_HAND = "chat_prompt_by_hand"
STOP_TOKEN_HARDCODED = "stop_token_hardcoded"
ANSWER_CUT_BY_LENGTH = "answer_cut_by_length"

CONTRACT = frozenset(
    {
        PYTHON_TOO_OLD, GPU_MISSING, BF16_UNSUPPORTED, TORCH_CUDA_MISMATCH, ACCELERATE_MISSING,
        TRANSFORMERS_TOO_OLD, DISK_FULL, CPU_RAM_OOM, CUDA_OOM, MODEL_OFFLOADED_SLOW, NETWORK_OFFLINE,
        RATE_LIMITED, TOKEN_MISSING, TOKEN_INVALID, TOKEN_SCOPE, GATED_UNAUTHENTICATED, GATED_NOT_REQUESTED,
        GATED_PENDING, GATED_REJECTED, REPO_NOT_FOUND, REVISION_OR_FILE_NOT_FOUND, CHAT_TEMPLATE_MISSING, UNKNOWN,
    }
)
ADDED = frozenset({LIBRARY_MISSING, LIBRARY_CONFLICT, TOKEN_SHADOWED, REMOTE_CODE, CACHE_NOT_WRITABLE,
                   DOWNLOAD_STALLED, GPU_NOT_AS_PLANNED, TRANSFORMERS_TOO_NEW, FLOAT16_OVERFLOW, PICKLE_WEIGHTS,
                   TORCH_LOAD_REFUSED, CACHE_DAMAGED})
IN_CODE = frozenset({TOKEN_IN_CODE, TOKEN_TYPED, ARGUMENT_RENAMED, PIPELINE_PLACEMENT_IGNORED, CHAT_PROMPT_BY_HAND,
                     STOP_TOKEN_HARDCODED, ANSWER_CUT_BY_LENGTH})
ALL = CONTRACT | ADDED | IN_CODE
