"""The host: RAM that every model passes through on its way to the GPU, and disk for the Hub cache."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from . import causes, knowledge
from .context import Context, DiskUsage
from .libs import hub_cli_era
from .result import Fix, Outcome, Status, passed, problem, skipped
from .text import Msg
from .units import GIB, gib

# Below this much available RAM even a 1B model (about 2.5 GB in 16 bits) struggles to load.
LOW_MEMORY = 4 * GIB
# Below this much free disk, only small models fit in the cache (an 8B model is about 16 GB in 16 bits).
LOW_DISK = 10 * GIB
NO_DISK = 1 * GIB


def host_memory(ctx: Context) -> Outcome:
    """Host RAM: on Colab (12.7 GiB) loading a model too large for it kills the session without a message."""
    memory = ctx.memory()
    if memory is None:
        return skipped(Msg("env.memory.unreadable"))
    data = {"total": memory.total, "available": memory.available}
    if memory.available is None:
        return passed(Msg("env.memory.total", total=gib(memory.total)), data)
    summary = Msg("env.memory.ok", total=gib(memory.total), available=gib(memory.available))
    if memory.available < LOW_MEMORY:
        return problem(
            Status.WARN,
            Msg("env.memory.low", available=gib(memory.available), total=gib(memory.total)),
            causes.CPU_RAM_OOM,
            Fix(Msg("env.memory.low.fix")),
            data=data,
        )
    return passed(summary, data)


def cache_disk(ctx: Context) -> Optional[DiskUsage]:
    """The disk under the Hub cache, None where there is none to measure (see :func:`no_cache_folder`)."""
    usage = ctx.disk_usage(ctx.hub_paths().cache)
    return None if usage is None or no_cache_folder(usage) else usage


def no_cache_folder(usage: DiskUsage) -> bool:
    """Whether the cache cannot be a folder there at all: the nearest existing part of its path is a file
    (``HF_HOME=/etc/hostname``), or the file system holds no bytes (a pseudo file system: ``/proc``, ``/sys``).
    Its "0 bytes free" is then no full disk, and the fix is another HF_HOME, not freeing space."""
    return usage.total == 0 or Path(usage.path).is_file()


def disk_space(ctx: Context) -> Outcome:
    """Free disk where the Hub cache lives (HF_HUB_CACHE / HF_HOME), before any download starts."""
    cache = ctx.hub_paths().cache
    usage = ctx.disk_usage(cache)
    if usage is None:
        return skipped(Msg("env.disk.unmeasurable", cache=cache))
    data = {"cache": cache, "measured_path": usage.path, "total": usage.total, "free": usage.free}
    if no_cache_folder(usage):
        return problem(Status.FAIL, Msg("env.disk.no_folder", cache=cache, path=usage.path), causes.CACHE_NOT_WRITABLE,
                       knowledge.fix_for(causes.CACHE_NOT_WRITABLE), data=data)
    summary = Msg("env.disk.ok", free=gib(usage.free), total=gib(usage.total), cache=cache)
    if usage.free >= LOW_DISK:
        return passed(summary, data)
    list_cache = "hf cache ls" if hub_cli_era(ctx) else "huggingface-cli scan-cache"
    return problem(
        Status.FAIL if usage.free < NO_DISK else Status.WARN,
        Msg("env.disk.low", free=gib(usage.free), cache=cache),
        causes.DISK_FULL,
        Fix(Msg("env.disk.low.fix", list_cache=list_cache),
            commands=(list_cache, "export HF_HOME=/path/to/bigger/disk/huggingface"),
            url=knowledge.PAGES["manage_cache"]),
        data=data,
    )
