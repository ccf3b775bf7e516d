"""Good small instruct models to suggest when a model does not fit, by family, with their sizes.

Parameter counts as the Hub's safetensors metadata gives them (model pages, 2024-2025 releases). Gated ones
need an access request like Llama 3.1 does; the others download with any token or none.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple


@dataclass(frozen=True)
class Suggestion:
    repo_id: str
    parameters: int
    family: str
    gated: bool = False


CATALOGUE: Tuple[Suggestion, ...] = (
    Suggestion("Qwen/Qwen2.5-0.5B-Instruct", 494_032_768, "qwen2"),
    Suggestion("HuggingFaceTB/SmolLM2-1.7B-Instruct", 1_711_376_384, "llama"),
    Suggestion("meta-llama/Llama-3.2-1B-Instruct", 1_235_814_400, "llama", gated=True),
    Suggestion("Qwen/Qwen2.5-1.5B-Instruct", 1_543_714_304, "qwen2"),
    Suggestion("google/gemma-2-2b-it", 2_614_341_888, "gemma2", gated=True),
    Suggestion("Qwen/Qwen2.5-3B-Instruct", 3_085_938_688, "qwen2"),
    Suggestion("meta-llama/Llama-3.2-3B-Instruct", 3_212_749_824, "llama", gated=True),
    Suggestion("microsoft/Phi-3.5-mini-instruct", 3_821_079_552, "phi3"),
    Suggestion("Qwen/Qwen2.5-7B-Instruct", 7_615_616_512, "qwen2"),
    Suggestion("meta-llama/Llama-3.1-8B-Instruct", 8_030_261_248, "llama", gated=True),
)


def smaller_models(budget_bytes: float, bytes_per_parameter: float, family: Optional[str],
                   limit: int = 3) -> Tuple[Suggestion, ...]:
    """The largest catalogue models whose 16-bit weights (plus 20 % headroom) fit the budget; same family first."""
    fitting = [s for s in CATALOGUE if s.parameters * bytes_per_parameter * 1.2 <= budget_bytes]
    fitting.sort(key=lambda s: (s.family != family, -s.parameters))
    return tuple(fitting[:limit])


def starter_models(budget_bytes: float, gated: bool, limit: int = 4) -> Tuple[Suggestion, ...]:
    """Models to offer someone choosing a first model: 16-bit weights (plus 20 % headroom) within the budget, the
    largest first. A gated one only when ``gated`` (a token that may read gated repos), at most one and last:
    each needs an access request first, which a newcomer's first run should not wait on."""
    fitting = sorted((s for s in CATALOGUE if s.parameters * 2.0 * 1.2 <= budget_bytes), key=lambda s: -s.parameters)
    open_ = [s for s in fitting if not s.gated]
    closed = [s for s in fitting if s.gated][:1] if gated else []
    return tuple(open_[:limit - len(closed)] + closed)
