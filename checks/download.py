"""model.download: only the files transformers reads, through huggingface_hub, with the disk checked first."""
from __future__ import annotations

import hashlib
import os
import socket
import stat
import struct
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Tuple

from . import causes, knowledge
from .context import Context
from .host import cache_disk
from .hub import ModelUnavailable, model_metadata
from .hub_errors import diagnose
from .hub_wait import Background, bounded, verdict
from .libs import HF_XET_UPGRADE, hf_xet_outdated, hf_xet_version, xet_disabled
from .result import Fix, Outcome, Status, passed, problem
from .text import Join, Msg
from .units import size

# What from_pretrained reads for a causal LM and its tokenizer, at the repo's root.
CONFIG_FILES = ("config.json", "generation_config.json")
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json",
                   "tokenizer.model", "vocab.json", "merges.txt", "vocab.txt", "chat_template.jinja",
                   "chat_template.json")
SAFETENSORS_INDEX = "model.safetensors.index.json"
BIN_INDEX = "pytorch_model.bin.index.json"
# How long a download may receive nothing before the watchdog stops it: longer than huggingface_hub's own read
# timeout (10 s) and retry pause, so a transfer the library resumes by itself is not cut short.
STALL_AFTER_S = 60.0
ALIVE_BYTES = 64 * 1024          # received on the process's connections since the last sign of life: still alive
_TCP_BYTES_RECEIVED = 128        # offset of tcpi_bytes_received in Linux's struct tcp_info (kernel 4.1 and later)


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


def model_download(ctx: Context, stall_after: float = STALL_AFTER_S) -> Outcome:
    """Downloads what transformers needs, resumes what an earlier run left, and says how much and how fast.

    A download that receives no byte for ``stall_after`` seconds is stopped with its own cause and fix."""
    try:
        info, token = model_metadata(ctx)
    except ModelUnavailable as unavailable:
        return unavailable.outcome
    hub = ctx.hub()
    repo_id, files = info["id"], info.get("files") or {}
    chosen = _select(files, lambda name: hub.cached(repo_id, name))
    data = {"repo": repo_id, "files": chosen.wanted, "total_bytes": chosen.total, "to_download_bytes": chosen.to_fetch,
            "skipped_files": chosen.skipped, "skipped_bytes": chosen.skipped_bytes}
    # "Already in the cache" only for a copy that is whole: a file cut short or changed on disk would be used
    # as it is (huggingface_hub never checks it again) and fail later, inside from_pretrained.
    damaged = _damaged(hub, repo_id, [n for n in chosen.wanted if n not in chosen.missing], files,
                       info.get("sha256") or {})
    if damaged:
        data["damaged"] = [dict(d._asdict()) for d in damaged]
        return problem(Status.FAIL, Msg("model.download.damaged.summary", count=len(damaged),
                                        listing=Join(", ", tuple(_damage_phrase(d) for d in damaged))),
                       causes.CACHE_DAMAGED,
                       Fix(Msg("model.download.damaged.fix"), commands=(
                           f"hf download {repo_id} {' '.join(d.file for d in damaged)} --force-download",)),
                       data=data)
    blobs = _blobs_folder(ctx, repo_id)
    leftovers = _leftovers(blobs)
    if leftovers:
        data["leftover_partial_files"] = [{"path": path, "bytes": n} for path, n in leftovers]
    data["xet"] = xet = _xet_facts(ctx, repo_id, token)
    disk = cache_disk(ctx)   # None where the cache can be no folder (disk.space says so)
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
        folder = _watched(ctx, lambda: hub.download(repo_id, chosen.wanted, token), repo_id,
                          chosen.to_fetch if chosen.missing else 0, stall_after)
    except _Stalled as stalled:
        data.update(stalled_after_s=round(stall_after, 3), received_bytes=stalled.received)
        return problem(Status.FAIL,
                       Msg("model.download.stalled.summary", repo=repo_id, seconds=f"{stall_after:g}",
                           done=size(stalled.received), size=size(chosen.to_fetch)),
                       causes.DOWNLOAD_STALLED, _stalled_fix(xet), data=data)
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
    if leftovers:
        # Never removed without asking: `hf cache prune` lists them and asks before it deletes.
        return problem(Status.WARN, Msg("model.download.leftovers", summary=_summary(chosen, seconds),
                                        count=len(leftovers), size=size(sum(n for _, n in leftovers))),
                       causes.CACHE_DAMAGED, Fix(Msg("model.download.leftovers.fix"), commands=("hf cache prune",)),
                       data=data)
    return passed(_summary(chosen, seconds), data)


class Damage(NamedTuple):
    """A cached file that is not the Hub's: ``problem`` is ``size`` (``found`` bytes instead of ``expected``) or
    ``sha256`` (the right size, other bytes)."""

    file: str
    problem: str
    found: int
    expected: int


def _damaged(hub: Any, repo_id: str, cached: List[str], sizes: Dict[str, int],
             sha256: Dict[str, str]) -> List[Damage]:
    """The cached files whose size differs from the Hub's, or (LFS files) whose sha256 does."""
    found = []
    for name in cached:
        path = hub.cached_path(repo_id, name)
        if path is None:
            continue
        try:
            actual = os.path.getsize(path)
        except OSError:
            continue
        expected = sizes.get(name)
        if expected is not None and actual != expected:
            found.append(Damage(name, "size", actual, expected))
        elif name in sha256 and _sha256(path) not in (None, sha256[name]):
            found.append(Damage(name, "sha256", actual, actual))
    return found


def _sha256(path: str) -> Optional[str]:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def _damage_phrase(damage: Damage) -> Msg:
    if damage.problem == "size":
        return Msg("model.download.damaged.size", file=damage.file, found=size(damage.found),
                   expected=size(damage.expected))
    return Msg("model.download.damaged.sha256", file=damage.file)


def _blobs_folder(ctx: Context, repo_id: str) -> Path:
    return Path(ctx.hub_paths().cache) / f"models--{repo_id.replace('/', '--')}" / "blobs"


def _leftovers(blobs: Path) -> List[Tuple[str, int]]:
    """``*.incomplete`` files that an earlier, killed run left in the repo's cache (path, bytes). huggingface_hub
    names each attempt's file uniquely, so no later run reuses them: they only take disk space. An attempt of
    this process that a check gave up on (a notebook runs the checks again in the same process) is still
    being written, and removed by the library when it ends: not a leftover."""
    ours = set(_own_partial_files())
    try:
        entries = [e for e in os.scandir(blobs) if e.name.endswith(".incomplete") and e.is_file()
                   and os.path.realpath(e.path) not in ours]
    except OSError:
        return []
    found = []
    for entry in entries:
        try:
            found.append((entry.path, entry.stat().st_size))
        except OSError:
            continue
    return sorted(found)


def _xet_facts(ctx: Context, repo_id: str, token: Optional[str]) -> Dict[str, Any]:
    """Whether this download can go through Xet: the repo Xet-backed (the Hub's ``xetEnabled``; None when it
    cannot say), hf_xet installed, HF_HUB_DISABLE_XET not set."""
    try:
        backed = ctx.hub().xet_enabled(repo_id, token)
    except Exception:  # noqa: BLE001 - an unanswered question, not a failed download
        backed = None
    version, disabled = hf_xet_version(ctx), xet_disabled(ctx.env)
    return {"repo_xet_enabled": backed, "hf_xet": version, "xet_disabled": disabled,
            "in_use": bool(backed) and version is not None and not disabled}


def _stalled_fix(xet: Dict[str, Any]) -> Fix:
    """Run it again; through Xet, run it over plain HTTP (and, with an hf_xet known to freeze, upgrade it)."""
    if not xet["in_use"]:
        return Fix(Msg("model.download.stalled.fix"))
    commands: Tuple[str, ...] = ("export HF_HUB_DISABLE_XET=1",)
    if hf_xet_outdated(xet["hf_xet"]):
        commands += (HF_XET_UPGRADE,)
    return Fix(Msg("model.download.stalled.fix_xet"), commands=commands)


class _Stalled(Exception):
    """No byte arrived for the watchdog's bound; ``received`` bytes had come before."""

    def __init__(self, received: int) -> None:
        super().__init__(received)
        self.received = received


def _watched(ctx: Context, download: Callable[[], str], repo_id: str, to_fetch: int, stall_after: float) -> str:
    """Runs ``download``, and while it fetches ``to_fetch`` bytes says how far it got twice a second and stops
    waiting (raising _Stalled) once nothing has arrived for ``stall_after`` seconds.

    Progress is read from the size of the repo's blobs in the cache (finished and ``.incomplete`` files), which
    every way huggingface_hub downloads (HTTP, hf_xet) fills as it goes: the front end silences the libraries'
    own bars and shows this instead. The HTTP path writes 10 MiB at a time, so on a slow link the file can stay
    the same size for long: bytes arriving on the process's TCP connections count as life too (Linux).
    The download runs in a daemon thread that is left behind when it stalls: huggingface_hub writes each attempt
    to its own ``.incomplete`` file, moves it into place only once its size is right and removes it when the
    attempt fails, so what the abandoned attempt leaves in the cache is whole or nothing."""
    if not to_fetch:
        return bounded(download)   # nothing to fetch: only the Hub's listing, one bounded call
    blobs = _blobs_folder(ctx, repo_id)
    before = _bytes_in(blobs)
    last_seen, sockets, arrived = before, _socket_bytes() or {}, 0
    started = last_change = time.monotonic()
    # The library's retries are noted (and kept quiet) from now on, whichever thread logs them.
    running = Background(download, "model.download")
    try:
        while not running.wait(min(0.5, stall_after / 4)):
            now, seen, on_sockets = time.monotonic(), _bytes_in(blobs), _socket_bytes() or {}
            arrived += sum(max(n - sockets.get(key, 0), 0) for key, n in on_sockets.items())
            sockets = on_sockets
            if seen != last_seen or arrived >= ALIVE_BYTES:
                last_seen, last_change, arrived = seen, now, 0
            done = min(max(seen - before, 0), to_fetch)
            if now - last_change >= stall_after:
                raise _Stalled(done)
            # A 429, a 5xx or a lost connection that the library retries without a byte arriving in between:
            # bounded (HF_DOCTOR_HUB_RETRIES), and a pause longer than three Hub calls' worth (a 429's
            # Retry-After of minutes) is not waited for, whatever else progressed; the Hub's answer is the reason.
            given_up = verdict(started, None, counted_since=last_change)
            if given_up is not None:
                raise given_up
            ctx.notify(Msg("model.download.progress.running", repo=repo_id, done=size(done), size=size(to_fetch),
                           speed=f"{done / (now - started) / 1e6:.1f}" if now > started else "0.0"))
    finally:
        # Ends the live progress line (the front end's ".progress.finished"), whatever ended the wait.
        ctx.notify(Msg("model.download.progress.finished", repo=repo_id, size=size(to_fetch)))
    return str(running.result())


def _socket_bytes() -> Optional[Dict[int, int]]:
    """Bytes received so far on each TCP connection of this process, by socket inode (Linux: TCP_INFO's
    ``tcpi_bytes_received``); None where the system cannot tell. Other connections (a notebook kernel's) count
    too, which is why a few bytes do not make a download alive: ALIVE_BYTES do."""
    try:
        names = os.listdir("/proc/self/fd")
    except OSError:
        return None
    found: Dict[int, int] = {}
    for name in names:
        try:
            mode = os.stat(f"/proc/self/fd/{name}")
            if not stat.S_ISSOCK(mode.st_mode):
                continue
            with socket.socket(fileno=os.dup(int(name))) as sock:   # a duplicate: closing it leaves ours open
                info = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 256)
        except (OSError, ValueError, AttributeError):   # gone meanwhile, not TCP, or no TCP_INFO here
            continue
        if len(info) >= _TCP_BYTES_RECEIVED + 8:
            found[mode.st_ino] = struct.unpack_from("=Q", info, _TCP_BYTES_RECEIVED)[0]
    return found


def _own_partial_files() -> List[str]:
    """The ``*.incomplete`` files in a Hub cache's ``blobs`` folder that this process holds open: its own
    downloads in progress (Linux: /proc/self/fd; elsewhere none can be told apart)."""
    try:
        names = os.listdir("/proc/self/fd")
    except OSError:
        return []
    found = set()
    for name in names:
        try:
            target = os.readlink(f"/proc/self/fd/{name}")
        except OSError:
            continue
        if target.endswith(".incomplete") and os.path.basename(os.path.dirname(target)) == "blobs":
            found.add(target)
    return sorted(found)


def discard_own_partial_files() -> List[str]:
    """Removes this process's own partial downloads and returns their paths. For a process about to end without
    waiting for its downloads (Ctrl-C, a download given up): huggingface_hub names each attempt's file uniquely
    and deletes it itself when the attempt fails, which an ending process leaves it no time to do. Only files
    this process holds open are touched, never another program's download, never a finished file."""
    removed = []
    for path in _own_partial_files():
        try:
            os.unlink(path)
            removed.append(path)
        except OSError:
            continue
    return removed


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
