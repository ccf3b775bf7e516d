"""model.compat: can the installed transformers load this model, read from config.json, nothing executed."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Dict, FrozenSet, List, Mapping, Optional, Sequence, Tuple

from packaging.version import InvalidVersion, Version

from . import causes, ids, knowledge
from .context import Context
from .download import needed_files
from .hub import ModelUnavailable, usable_token
from .hub_errors import diagnose
from .knowledge import PAGES
from .result import Fix, Outcome, Status, passed, problem, skipped
from .text import Msg, Text, join

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
        return skipped(Msg("model.compat.skip.no_model"))
    if installed is None:
        return skipped(Msg("model.compat.skip.no_transformers",
                           libraries=Msg(f"common.check.{ids.LIBS_VERSIONS}")))   # that check's title
    try:
        token = usable_token(ctx, model)
    except ModelUnavailable as unavailable:
        return unavailable.outcome
    try:
        info = ctx.hub().model_info(model, token, files=True)
        config = ctx.hub().config(info["id"], token)
    except Exception as exc:  # noqa: BLE001
        return skipped(Msg("model.compat.skip.config", model=model, reason=diagnose(exc).reason))
    torch = ctx.package("torch")
    return judge_weights(judge_config(config, installed.version, known_model_types(ctx)), info["id"],
                         info.get("files") or {}, installed.version, torch.version if torch else None,
                         torch_load_minimum(ctx))


# transformers (4.52 and later) refuses torch.load on an older torch: its own words, in utils/import_utils.py.
_TORCH_LOAD_CHECK = re.compile(r'def check_torch_load_is_safe\(\)[^\n]*\n\s*if not is_torch_greater_or_equal\("([0-9.]+)"')


def torch_load_minimum(ctx: Context) -> Optional[str]:
    """The torch version below which the installed transformers refuses ``torch.load`` (read from its source:
    ``check_torch_load_is_safe``), or None when this transformers has no such check."""
    match = _TORCH_LOAD_CHECK.search(ctx.package_file("transformers", "transformers/utils/import_utils.py") or "")
    return match.group(1) if match else None


def pickle_weights(files: Mapping[str, int]) -> List[str]:
    """The pickle files ``from_pretrained`` would ``torch.load``: its ``pytorch_model*.bin`` weights, read only
    when the repo has no safetensors weights (the same choice model.download makes)."""
    return [name for name in needed_files(dict(files)) if name.endswith(".bin")]


def weights_format(files: Mapping[str, int]) -> Optional[str]:
    """``safetensors`` or ``pickle``: what ``from_pretrained`` would read (model.download's choice of files);
    None when it would read neither."""
    loaded = needed_files(dict(files))
    if any(name.endswith(".safetensors") for name in loaded):
        return "safetensors"
    return "pickle" if any(name.endswith(".bin") for name in loaded) else None


def judge_weights(outcome: Outcome, repo_id: str, files: Mapping[str, int], transformers: str,
                  torch: Optional[str], minimum: Optional[str]) -> Outcome:
    """What loading the weights runs: safetensors run nothing; pickle files run the unpickler, and transformers
    refuses them outright on a torch older than ``minimum``. A failure of the config outranks this; a pickle
    warning never hides another warning (remote code, a newer saving version), it joins it as a detail."""
    pickled = pickle_weights(files)
    data = dict(outcome.data)
    data["weights_format"] = weights_format(files)
    if not pickled:
        return replace(outcome, data=data)
    data["pickle_files"] = pickled
    names = _file_list(pickled)
    refused = torch is not None and minimum is not None and _below(torch, minimum)
    data["torch_load_refused"] = refused
    if refused and outcome.status is not Status.FAIL:
        return problem(
            Status.FAIL,
            Msg("model.compat.torch_load_refused.summary", files=names, torch=torch, transformers=transformers,
                minimum=minimum),
            causes.TORCH_LOAD_REFUSED,
            Fix(Msg("model.compat.torch_load_refused.fix", minimum=minimum),
                commands=(f'pip install -U "torch>={minimum}"',), url=knowledge.PAGES["pickle_security"]),
            data=data, details=outcome.details + ((outcome.summary,) if outcome.status is Status.WARN else ()))
    detail = Msg("model.compat.detail.pickle", files=names)
    if outcome.status is not Status.PASS:
        return replace(outcome, data=data, details=outcome.details + (detail,))
    return problem(
        Status.WARN, Msg("model.compat.pickle.summary", files=names), causes.PICKLE_WEIGHTS,
        Fix(Msg("model.compat.pickle.fix"), url=knowledge.model_page(repo_id)),
        data=data, details=outcome.details + (outcome.summary,))


def _file_list(names: Sequence[str]) -> str:
    """File names as a list (names, the same in every language): the first three, then how many more."""
    shown = ", ".join(names[:3])
    return shown + (f", … (+{len(names) - 3})" if len(names) > 3 else "")


def _below(installed: str, minimum: str) -> bool:
    """As transformers compares (``is_torch_greater_or_equal``): the release part of the installed version,
    so 2.6.0+cu124 and 2.6.0.dev2025 count as 2.6."""
    version = _version(installed)
    return version is not None and Version(version.base_version) < Version(minimum)


def judge_config(config: Dict[str, Any], installed: str, known: Optional[FrozenSet[str]]) -> Outcome:
    model_type = str(config.get("model_type", ""))
    architectures = config.get("architectures") or []
    rope = config.get("rope_scaling") or config.get("rope_parameters") or {}
    rope_type = rope.get("rope_type") or rope.get("type") if isinstance(rope, dict) else None
    saved_with = config.get("transformers_version")
    data = {"model_type": model_type, "architectures": architectures, "rope_type": rope_type,
            "saved_with": saved_with, "installed": installed, "remote_code": bool(config.get("auto_map"))}
    version = _version(installed)
    needs: List[Tuple[str, Text]] = []   # (minimum version, why: a clause from the catalogue)
    native = known is None or model_type in known
    if not native and not config.get("auto_map"):
        minimum = FIRST_RELEASE.get(model_type)
        needs.append((minimum or "", Msg("model.compat.reason.architecture", model_type=repr(model_type))))
    if rope_type in ROPE_TYPES:
        needs.append((ROPE_TYPES[rope_type], Msg("model.compat.reason.rope", rope_type=repr(rope_type))))
    unmet = [(m, why) for m, why in needs if not m or version is None or version < Version(m)]
    if unmet:
        minimum = max((m for m, _ in unmet if m), key=Version, default="")
        spec = f"transformers>={minimum}" if minimum else "transformers"
        return problem(
            Status.FAIL,
            Msg("model.compat.too_old.summary", installed=installed, reasons=join("; ", (
                Msg("model.compat.reason.needs", reason=why, minimum=m) if m else why for m, why in unmet))),
            causes.TRANSFORMERS_TOO_OLD,
            Fix(Msg("model.compat.too_old.fix"),
                commands=(f'pip install -U "{spec}"',),
                url=PAGES["transformers_releases"]),
            data=data)
    if not native and config.get("auto_map"):
        return problem(
            Status.WARN,
            Msg("model.compat.remote_code.summary", model_type=repr(model_type)),
            causes.REMOTE_CODE,
            Fix(Msg("model.compat.remote_code.fix")),
            data=data)
    saved = _version(str(saved_with)) if saved_with else None
    if saved is not None and version is not None and saved.major > version.major:
        return problem(
            Status.WARN, Msg("model.compat.saved_newer.summary", saved_with=saved_with, installed=installed),
            causes.TRANSFORMERS_TOO_OLD,
            Fix(Msg("model.compat.saved_newer.fix"), commands=("pip install -U transformers",)), data=data)
    # The model as names, the same in every language: "llama (LlamaForCausalLM)".
    known_as = f"{model_type} ({', '.join(architectures)})" if architectures else model_type
    if rope_type and rope_type != "default":
        return passed(Msg("model.compat.ok_rope", installed=installed, model=known_as, rope_type=rope_type), data)
    return passed(Msg("model.compat.ok", installed=installed, model=known_as), data)


def _version(text: str) -> Optional[Version]:
    try:
        return Version(text)
    except InvalidVersion:
        return None
