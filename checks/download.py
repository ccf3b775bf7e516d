"""model.download: only the files transformers reads, through huggingface_hub, with the disk checked first."""
from __future__ import annotations

import time
from typing import Dict, List

from . import causes
from .context import Context
from .hub import ModelUnavailable, model_metadata
from .hub_errors import diagnose
from .result import Fix, Outcome, Status, passed, problem
from .units import plural, size

# What from_pretrained reads for a causal LM and its tokenizer, at the repo's root.
CONFIG_FILES = ("config.json", "generation_config.json")
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json",
                   "tokenizer.model", "vocab.json", "merges.txt", "vocab.txt", "chat_template.jinja",
                   "chat_template.json")
SAFETENSORS_INDEX = "model.safetensors.index.json"
BIN_INDEX = "pytorch_model.bin.index.json"


def needed_files(files: Dict[str, int]) -> List[str]:
    """The files transformers needs: safetensors weights (else .bin), config, generation config, tokenizer and
    chat templates. Never ``original/`` (a second copy in Meta's format), GGUF, ONNX or other frameworks' files."""
    root = {name for name in files if "/" not in name}
    chosen = [name for name in CONFIG_FILES + TOKENIZER_FILES if name in root]
    chosen += sorted(name for name in files if name.startswith("additional_chat_templates/"))
    safetensors = sorted(name for name in root if name.endswith(".safetensors"))
    if safetensors:
        chosen += safetensors + ([SAFETENSORS_INDEX] if SAFETENSORS_INDEX in root else [])
    else:
        chosen += sorted(name for name in root if name.startswith("pytorch_model") and name.endswith(".bin"))
        chosen += [BIN_INDEX] if BIN_INDEX in root else []
    return chosen


def model_download(ctx: Context) -> Outcome:
    """Downloads what transformers needs, resumes what an earlier run left, and says how much and how fast."""
    try:
        info, token = model_metadata(ctx)
    except ModelUnavailable as unavailable:
        return unavailable.outcome
    hub = ctx.hub()
    repo_id, files = info["id"], info.get("files") or {}
    wanted = needed_files(files)
    skipped_files = sorted(set(files) - set(wanted))
    missing = [name for name in wanted if not hub.cached(repo_id, name)]
    total = sum(files.get(name, 0) for name in wanted)
    to_fetch = sum(files.get(name, 0) for name in missing)
    data = {"repo": repo_id, "files": wanted, "total_bytes": total, "to_download_bytes": to_fetch,
            "skipped_files": skipped_files, "skipped_bytes": sum(files[n] for n in skipped_files)}
    disk = ctx.disk_usage(ctx.hub_paths().cache)
    if disk is not None and to_fetch > disk.free:
        return problem(Status.FAIL, f"{size(to_fetch)} to download, {size(disk.free)} free for the Hub cache",
                       causes.DISK_FULL,
                       Fix("Free disk space, or set HF_HOME to a bigger disk, then run again.",
                           commands=("export HF_HOME=/path/to/bigger/disk/huggingface",)),
                       data=data)
    if missing:
        listing = ", ".join(f"{name} ({size(files.get(name, 0))})" for name in missing)
        ctx.notify(f"Downloading {plural(len(missing), 'file')} of {repo_id}, {size(to_fetch)} "
                   f"(of {size(total)} needed): {listing}")
    started = time.monotonic()
    try:
        folder = hub.download(repo_id, wanted, token)
    except Exception as exc:  # noqa: BLE001
        diagnosis = diagnose(exc)
        data["reason"] = diagnosis.reason
        return problem(Status.FAIL, f"The download stopped: {diagnosis.reason}", diagnosis.cause,
                       Fix("Run the same command again: finished files are kept and the download continues "
                           "where it stopped."), data=data)
    seconds = time.monotonic() - started
    data.update(seconds=round(seconds, 3), folder=folder,
                bytes_per_s=round(to_fetch / seconds) if seconds > 0 and to_fetch else None)
    left_out = (f"; left out {plural(len(skipped_files), 'file')} ({size(data['skipped_bytes'])}) that "
                "transformers never reads") if skipped_files else ""
    if not missing:
        return passed(f"All {plural(len(wanted), 'file')} ({size(total)}) already in the cache{left_out}", data)
    speed = f" at {to_fetch / seconds / 1e6:.1f} MB/s" if seconds > 0 else ""
    return passed(f"Downloaded {len(missing)} of {plural(len(wanted), 'file')}, {size(to_fetch)} in {seconds:.1f} s"
                  f"{speed}{left_out}", data)
