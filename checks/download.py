"""model.download: only the files transformers reads, through huggingface_hub, with the disk checked first."""
from __future__ import annotations

import contextlib
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Iterator, List

from . import causes, knowledge
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


@dataclass(frozen=True)
class _Selection:
    """What model.download will fetch: the files transformers needs, those not in the cache yet, the rest left out."""

    wanted: List[str]
    missing: List[str]
    skipped: List[str]
    total: int          # bytes of everything wanted, cached or not
    to_fetch: int       # bytes still to download
    skipped_bytes: int


def _select(files: Dict[str, int], cached: Callable[[str], bool]) -> _Selection:
    wanted = needed_files(files)
    skipped = sorted(set(files) - set(wanted))
    missing = [name for name in wanted if not cached(name)]
    return _Selection(wanted, missing, skipped, total=sum(files.get(name, 0) for name in wanted),
                      to_fetch=sum(files.get(name, 0) for name in missing),
                      skipped_bytes=sum(files[n] for n in skipped))


def model_download(ctx: Context) -> Outcome:
    """Downloads what transformers needs, resumes what an earlier run left, and says how much and how fast."""
    try:
        info, token = model_metadata(ctx)
    except ModelUnavailable as unavailable:
        return unavailable.outcome
    hub = ctx.hub()
    repo_id, files = info["id"], info.get("files") or {}
    chosen = _select(files, lambda name: hub.cached(repo_id, name))
    data = {"repo": repo_id, "files": chosen.wanted, "total_bytes": chosen.total, "to_download_bytes": chosen.to_fetch,
            "skipped_files": chosen.skipped, "skipped_bytes": chosen.skipped_bytes}
    disk = ctx.disk_usage(ctx.hub_paths().cache)
    # Checked before a byte moves: a full disk found halfway through would waste the time spent until then.
    if disk is not None and chosen.to_fetch > disk.free:
        return problem(Status.FAIL,
                       Msg("model.download.disk.summary", size=size(chosen.to_fetch), free=size(disk.free)),
                       causes.DISK_FULL,
                       Fix(Msg("model.download.disk.fix"),
                           commands=("export HF_HOME=/path/to/bigger/disk/huggingface",)),
                       data=data)
    if chosen.missing:
        listing = ", ".join(f"{name} ({size(files.get(name, 0))})" for name in chosen.missing)
        # Progress for the person waiting: a message the front end says in its language (file names stay names).
        ctx.notify(Msg("model.download.notify", files=file_count(len(chosen.missing)), repo=repo_id,
                       size=size(chosen.to_fetch), total=size(chosen.total), listing=listing))
    started = time.monotonic()
    try:
        with _progress(ctx, repo_id, chosen.to_fetch if chosen.missing else 0):
            folder = hub.download(repo_id, chosen.wanted, token)
    except Exception as exc:  # noqa: BLE001
        diagnosis = diagnose(exc)
        data["reason"] = diagnosis.english   # data stays English: scripts read it
        # Running it again resumes a download the network cut; any other cause has its own fix (a read-only
        # cache, a token, a gate), which running it again would only meet once more.
        resumable = diagnosis.cause in (causes.NETWORK_OFFLINE, causes.UNKNOWN)
        fix = Fix(Msg("model.download.failed.fix")) if resumable else knowledge.fix_for(diagnosis.cause, model=repo_id)
        return problem(Status.FAIL, Msg("model.download.failed.summary", reason=diagnosis.reason), diagnosis.cause,
                       fix, data=data)
    seconds = time.monotonic() - started
    data.update(seconds=round(seconds, 3), folder=folder,
                bytes_per_s=round(chosen.to_fetch / seconds) if seconds > 0 and chosen.to_fetch else None)
    return passed(_summary(chosen, seconds), data)


@contextlib.contextmanager
def _progress(ctx: Context, repo_id: str, to_fetch: int) -> Iterator[None]:
    """Bytes so far and speed, as transient ``.progress.`` messages twice a second while the download runs.

    Read from the size of the repo's blobs in the cache (finished and ``.incomplete`` files), which every way
    huggingface_hub downloads (HTTP, hf_xet) fills as it goes: the front end silences the libraries' own bars and
    shows this instead."""
    if not to_fetch:
        yield
        return
    blobs = Path(ctx.hub_paths().cache) / f"models--{repo_id.replace('/', '--')}" / "blobs"
    before, started, stop = _bytes_in(blobs), time.monotonic(), threading.Event()

    def report() -> None:
        while not stop.wait(0.5):
            done = min(max(_bytes_in(blobs) - before, 0), to_fetch)
            seconds = time.monotonic() - started
            ctx.notify(Msg("model.download.progress.running", repo=repo_id, done=size(done), size=size(to_fetch),
                           speed=f"{done / seconds / 1e6:.1f}" if seconds > 0 else "0.0"))

    watcher = threading.Thread(target=report, name="model.download:progress", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        stop.set()
        watcher.join()
        ctx.notify(Msg("model.download.progress.finished", repo=repo_id, size=size(to_fetch)))


def _bytes_in(folder: Path) -> int:
    try:
        return sum(entry.stat().st_size for entry in os.scandir(folder) if entry.is_file())
    except OSError:   # not there yet, or a file renamed while it was listed: the next look will do
        return 0


def _summary(chosen: _Selection, seconds: float) -> Msg:
    """Whole sentences: all cached or downloaded now, with or without the files left out, and (downloaded) with
    or without a speed, since a download too fast for the clock has none to give."""
    left_out = {"skipped": file_count(len(chosen.skipped)), "skipped_size": size(chosen.skipped_bytes)}
    if not chosen.missing:
        if chosen.skipped:
            return Msg("model.download.cached_left_out", files=file_count(len(chosen.wanted)),
                       size=size(chosen.total), **left_out)
        return Msg("model.download.cached", files=file_count(len(chosen.wanted)), size=size(chosen.total))
    done = {"done": len(chosen.missing), "files": file_count(len(chosen.wanted)), "size": size(chosen.to_fetch),
            "seconds": f"{seconds:.1f}"}
    if seconds > 0:
        speed = f"{chosen.to_fetch / seconds / 1e6:.1f}"
        if chosen.skipped:
            return Msg("model.download.done_left_out", speed=speed, **done, **left_out)
        return Msg("model.download.done", speed=speed, **done)
    if chosen.skipped:
        return Msg("model.download.done_instant_left_out", **done, **left_out)
    return Msg("model.download.done_instant", **done)
