"""The host: RAM that every model passes through on its way to the GPU, and disk for the Hub cache."""
from __future__ import annotations

from . import causes
from .context import Context
from .libs import hub_cli_era
from .result import Fix, Outcome, Status, passed, problem, skipped
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
        return skipped("Cannot read this machine's memory size")
    data = {"total": memory.total, "available": memory.available}
    if memory.available is None:
        return passed(f"{gib(memory.total)} total", data)
    summary = f"{gib(memory.total)} total, {gib(memory.available)} available"
    if memory.available < LOW_MEMORY:
        return problem(
            Status.WARN,
            f"Only {gib(memory.available)} of RAM available ({gib(memory.total)} total)",
            causes.CPU_RAM_OOM,
            Fix("Loading a model passes its weights through RAM: free memory (close other notebooks; on Colab, "
                "Runtime → Restart session) or choose a smaller model (1B parameters ≈ 2.5 GB in 16 bits)."),
            data=data,
        )
    return passed(summary, data)


def disk_space(ctx: Context) -> Outcome:
    """Free disk where the Hub cache lives (HF_HUB_CACHE / HF_HOME), before any download starts."""
    cache = ctx.hub_paths().cache
    usage = ctx.disk_usage(cache)
    if usage is None:
        return skipped(f"Cannot measure free space for {cache}")
    data = {"cache": cache, "measured_path": usage.path, "total": usage.total, "free": usage.free}
    summary = f"{gib(usage.free)} free of {gib(usage.total)} for the Hub cache ({cache})"
    if usage.free >= LOW_DISK:
        return passed(summary, data)
    list_cache = "hf cache ls" if hub_cli_era(ctx) else "huggingface-cli scan-cache"
    return problem(
        Status.FAIL if usage.free < NO_DISK else Status.WARN,
        f"Only {gib(usage.free)} free for the Hub cache ({cache})",
        causes.DISK_FULL,
        Fix("Free space, or move the cache to a bigger disk by setting HF_HOME (or HF_HUB_CACHE) before running. "
            f"`{list_cache}` shows what the cache holds; delete only what you no longer need.",
            commands=(list_cache, "export HF_HOME=/path/to/bigger/disk/huggingface"),
            url="https://huggingface.co/docs/huggingface_hub/guides/manage-cache"),
        data=data,
    )
