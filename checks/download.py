"""model.download: only the files transformers reads, through huggingface_hub, with the disk checked first."""
from __future__ import annotations

import time
from typing import Dict, List

from . import causes
from .context import Context
from .hub import ModelUnavailable, model_metadata
from .hub_errors import diagnose
from .result import Fix, Outcome, Status, passed, problem
from .text import Msg
from .units import size

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


def file_count(n: int) -> Msg:
    """"1 file", "5 files": the count as a noun phrase (the catalogue's plural forms choose the word)."""
    return Msg("model.download.files", count=n)


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
        return problem(Status.FAIL, Msg("model.download.disk.summary", size=size(to_fetch), free=size(disk.free)),
                       causes.DISK_FULL,
                       Fix(Msg("model.download.disk.fix"),
                           commands=("export HF_HOME=/path/to/bigger/disk/huggingface",)),
                       data=data)
    if missing:
        listing = ", ".join(f"{name} ({size(files.get(name, 0))})" for name in missing)
        # Progress for the person waiting: a message the front end says in its language (file names stay names).
        ctx.notify(Msg("model.download.notify", files=file_count(len(missing)), repo=repo_id, size=size(to_fetch),
                       total=size(total), listing=listing))
    started = time.monotonic()
    try:
        folder = hub.download(repo_id, wanted, token)
    except Exception as exc:  # noqa: BLE001
        diagnosis = diagnose(exc)
        data["reason"] = diagnosis.english   # data stays English: scripts read it
        return problem(Status.FAIL, Msg("model.download.failed.summary", reason=diagnosis.reason), diagnosis.cause,
                       Fix(Msg("model.download.failed.fix")), data=data)
    seconds = time.monotonic() - started
    data.update(seconds=round(seconds, 3), folder=folder,
                bytes_per_s=round(to_fetch / seconds) if seconds > 0 and to_fetch else None)
    # Whole sentences: with or without the files left out (and, downloaded, with or without a measurable speed).
    left_out = {"skipped": file_count(len(skipped_files)), "skipped_size": size(data["skipped_bytes"])}
    if not missing:
        if skipped_files:
            return passed(Msg("model.download.cached_left_out", files=file_count(len(wanted)), size=size(total),
                              **left_out), data)
        return passed(Msg("model.download.cached", files=file_count(len(wanted)), size=size(total)), data)
    done = {"done": len(missing), "files": file_count(len(wanted)), "size": size(to_fetch), "seconds": f"{seconds:.1f}"}
    if seconds > 0:
        speed = f"{to_fetch / seconds / 1e6:.1f}"
        if skipped_files:
            return passed(Msg("model.download.done_left_out", speed=speed, **done, **left_out), data)
        return passed(Msg("model.download.done", speed=speed, **done), data)
    if skipped_files:
        return passed(Msg("model.download.done_instant_left_out", **done, **left_out), data)
    return passed(Msg("model.download.done_instant", **done), data)
