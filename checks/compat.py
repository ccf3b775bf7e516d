"""model.compat: can the installed transformers load this model, read from config.json, nothing executed."""
from __future__ import annotations

import re
from typing import Any, Dict, FrozenSet, List, Optional, Tuple

from packaging.version import InvalidVersion, Version

from . import causes
from .context import Context
from .hub import request_token
from .hub_errors import diagnose
from .result import Fix, Outcome, Status, passed, problem, skipped

# The first transformers release that knows each architecture (its release notes), for the message. Whether the
# installed version knows a model_type is read from its own source, not from this table.
FIRST_RELEASE = {
    "llama": "4.28", "mistral": "4.34", "mixtral": "4.36", "qwen2": "4.37", "gemma": "4.38", "phi3": "4.40",
    "qwen2_moe": "4.40", "gemma2": "4.42", "gemma3": "4.50", "gemma3_text": "4.50", "qwen3": "4.51",
    "llama4": "4.51", "smollm3": "4.53",
}
# Fields of config.json that need a newer transformers than the architecture itself.
ROPE_TYPES = {"llama3": "4.43", "yarn": "4.38", "longrope": "4.44"}


def known_model_types(ctx: Context) -> Optional[FrozenSet[str]]:
    """The model types the installed transformers registers, read from its source (importing it takes seconds)."""
    # transformers 5 moved the table to auto_mappings.py; configuration_auto.py still adds to it.
    source = "".join(ctx.package_file("transformers", f"transformers/models/auto/{name}.py") or ""
                     for name in ("auto_mappings", "configuration_auto"))
    names = re.findall(r'\(\s*"([a-z0-9_\-]+)"\s*,\s*"[A-Za-z0-9]+Config"\s*\)', source)
    return frozenset(names) if len(names) > 50 else None


def model_compat(ctx: Context) -> Outcome:
    """Architecture, rope scaling and remote code against the installed transformers, with the upgrade command."""
    model = ctx.model
    installed = ctx.package("transformers")
    if not model:
        return skipped("No model given (use --model)")
    if installed is None:
        return skipped("transformers is not installed (see Libraries)")
    token = request_token(ctx)
    try:
        repo_id = ctx.hub().model_info(model, token, files=True)["id"]
        config = ctx.hub().config(repo_id, token)
    except Exception as exc:  # noqa: BLE001
        return skipped(f"Cannot read {model}'s config.json: {diagnose(exc).reason}")
    return judge_config(config, installed.version, known_model_types(ctx))


def judge_config(config: Dict[str, Any], installed: str, known: Optional[FrozenSet[str]]) -> Outcome:
    model_type = str(config.get("model_type", ""))
    architectures = config.get("architectures") or []
    rope = config.get("rope_scaling") or config.get("rope_parameters") or {}
    rope_type = rope.get("rope_type") or rope.get("type") if isinstance(rope, dict) else None
    saved_with = config.get("transformers_version")
    data = {"model_type": model_type, "architectures": architectures, "rope_type": rope_type,
            "saved_with": saved_with, "installed": installed, "remote_code": bool(config.get("auto_map"))}
    version = _version(installed)
    needs: List[Tuple[str, str]] = []   # (minimum version, why)
    native = known is None or model_type in known
    if not native and not config.get("auto_map"):
        minimum = FIRST_RELEASE.get(model_type)
        needs.append((minimum or "", f"this transformers does not know the {model_type!r} architecture"))
    if rope_type in ROPE_TYPES:
        needs.append((ROPE_TYPES[rope_type], f"rope scaling of type {rope_type!r}"))
    unmet = [(m, why) for m, why in needs if not m or version is None or version < Version(m)]
    if unmet:
        minimum = max((m for m, _ in unmet if m), key=Version, default="")
        spec = f"transformers>={minimum}" if minimum else "transformers"
        return problem(
            Status.FAIL,
            f"transformers {installed} cannot load this model: " + "; ".join(
                why + (f" (needs ≥ {m})" if m else "") for m, why in unmet),
            causes.TRANSFORMERS_TOO_OLD,
            Fix("Upgrade transformers, then restart the Python process (on Colab: Runtime → Restart session).",
                commands=(f'pip install -U "{spec}"',),
                url="https://github.com/huggingface/transformers/releases"),
            data=data)
    if not native and config.get("auto_map"):
        return problem(
            Status.WARN,
            f"{model_type!r} ships its own Python code: loading it needs trust_remote_code=True, which runs that "
            "code on your machine (hf-preflight does not run it)",
            causes.REMOTE_CODE,
            Fix("Read the repo's modeling files before passing trust_remote_code=True, or prefer a model that "
                "transformers supports natively."),
            data=data)
    saved = _version(str(saved_with)) if saved_with else None
    if saved is not None and version is not None and saved.major > version.major:
        return problem(
            Status.WARN, f"Saved with transformers {saved_with}, newer than your {installed}: loading may fail",
            causes.TRANSFORMERS_TOO_OLD,
            Fix("Upgrade transformers if loading fails.", commands=("pip install -U transformers",)), data=data)
    arch = f" ({', '.join(architectures)})" if architectures else ""
    rope_note = f", rope scaling {rope_type}" if rope_type and rope_type != "default" else ""
    return passed(f"transformers {installed} knows {model_type}{arch}{rope_note}", data)


def _version(text: str) -> Optional[Version]:
    try:
        return Version(text)
    except InvalidVersion:
        return None
