"""``explain``'s live confirmation: what the pasted text says, compared with what the Hub and this machine say now.

A gated repo's states (not requested, pending, rejected) and a fine-grained token without the gated permission
read alike in a pasted 403, but not to the Hub: when the text names a repo, the ``hub.access`` check asks the Hub
about it with the user's token (through the engine, the same code and the same bounded waits as ``check``).
When the text names a GPU or dtype problem, ``gpu.device`` and ``gpu.bf16`` say what this machine has.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, FrozenSet, List, Optional, Tuple

from . import causes, core, ids
from .explain import Explanation
from .result import CheckResult
from .result import Render
from .text import Text

HUB_CAUSES: FrozenSet[str] = frozenset({
    causes.GATED_UNAUTHENTICATED, causes.GATED_NOT_REQUESTED, causes.GATED_PENDING, causes.GATED_REJECTED,
    causes.TOKEN_SCOPE, causes.REPO_NOT_FOUND, causes.REVISION_OR_FILE_NOT_FOUND})
TOKEN_CAUSES: FrozenSet[str] = frozenset({causes.TOKEN_MISSING, causes.TOKEN_INVALID, causes.TOKEN_SHADOWED})
GPU_CAUSES: FrozenSet[str] = frozenset({causes.BF16_UNSUPPORTED, causes.GPU_MISSING, causes.TORCH_CUDA_MISMATCH,
                                        causes.CUDA_OOM, causes.GPU_NOT_AS_PLANNED, causes.FLOAT16_OVERFLOW})


@dataclass(frozen=True)
class Live:
    """One check's answer now: its id, status, the cause it found (None when it passed) and its summary.
    ``asked``: one of the checks that confirm the text; the others are what stopped them (the network)."""

    check: str
    status: str
    cause: Optional[str]
    summary: Text
    asked: bool = True

    def to_json(self, render: Render) -> Dict[str, Any]:
        return {"check": self.check, "status": self.status, "cause": self.cause, "summary": render(self.summary),
                "asked": self.asked}


def targets(result: Explanation) -> Tuple[str, ...]:
    """The checks that can confirm ``result`` on this machine (none for a cause only the text can tell)."""
    if result.cause in HUB_CAUSES or (result.second in HUB_CAUSES and result.model):
        return (ids.HUB_TOKEN, ids.HUB_ACCESS) if result.model else (ids.HUB_TOKEN,)
    if result.cause in TOKEN_CAUSES:
        return (ids.HUB_TOKEN, ids.HUB_ACCESS) if result.model else (ids.HUB_TOKEN,)
    # a Hub out of reach, said of a repo the text names: asking for that repo shows whether the Hub answers here now
    # and, if it does, what it says of the repo (gated, not found) that the text could not
    if result.cause == causes.NETWORK_OFFLINE and result.model:
        return (ids.HUB_TOKEN, ids.HUB_ACCESS)
    if result.cause in GPU_CAUSES:
        return (ids.GPU_DEVICE, ids.GPU_BF16)
    return ()


def confirm(result: Explanation, world: core.World) -> Tuple[Live, ...]:
    """Run the checks that can confirm ``result`` (and the ones they depend on) for the repo the text names, with
    the user's token as ``check`` finds it; their answers, in the checks' order."""
    wanted = targets(result)
    if not wanted:
        return ()
    request = core.Request(model=result.model)
    every = {check.id: check for check in request.checks()}
    chosen: List[str] = []

    def need(check_id: str) -> None:
        if check_id in every and check_id not in chosen:
            for dep in every[check_id].depends_on:
                need(dep)
            chosen.append(check_id)

    for check_id in wanted:
        need(check_id)
    order = [check.id for check in request.checks()]
    checks = [every[check_id] for check_id in sorted(chosen, key=order.index)]
    rows: List[CheckResult] = core.run(request, world, checks)
    # The asked checks, and any check before them that failed: a skipped hub.access says why only through it.
    return tuple(Live(row.id, row.status.value, row.cause, row.summary, row.id in wanted) for row in rows
                 if row.id in wanted or row.status.value in ("fail", "error"))


def checked(live: Tuple[Live, ...]) -> bool:
    """Whether any asked check ran (rather than being skipped because the Hub or a token could not be used)."""
    return any(row.asked and row.status != "skip" for row in live)


# What a check that passes now shows to be over: access granted rules out every gated, repo and token cause of
# the text, and a Hub out of reach; a native-bf16 GPU rules out bf16_unsupported; a GPU found rules out gpu_missing.
CLEARED_BY_PASS: Dict[str, FrozenSet[str]] = {
    ids.HUB_ACCESS: HUB_CAUSES | TOKEN_CAUSES | {causes.NETWORK_OFFLINE}, ids.HUB_TOKEN: TOKEN_CAUSES,
    ids.GPU_BF16: frozenset({causes.BF16_UNSUPPORTED}), ids.GPU_DEVICE: frozenset({causes.GPU_MISSING})}


def cleared(cause: str, live: Tuple[Live, ...]) -> bool:
    """Whether an asked check passes now where the text's ``cause`` would make it fail: what was pasted no
    longer happens on this machine (access granted since, another machine's GPU)."""
    return any(row.asked and row.status == "pass" and cause in CLEARED_BY_PASS.get(row.check, frozenset())
               for row in live)


def live_cause(live: Tuple[Live, ...]) -> Optional[str]:
    """The cause the asked checks found, the last of them first (hub.access after hub.token); None when all
    passed or none ran."""
    for row in reversed(live):
        if row.asked and row.cause and row.status != "skip":
            return row.cause
    return None
