"""The Hub: can we reach it, which token is used and is it valid, and may it read the model."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from . import causes, knowledge
from .context import Context
from .hub_client import TokenSource
from .hub_errors import diagnose
from .knowledge import HUB, TOKENS_PAGE
from .libs import hub_cli_era
from .messages import t
from .python_env import platform_kind
from .result import Fix, Outcome, Status, passed, problem, skipped

TOKEN_LENGTH = 37                    # "hf_" + 34 letters and digits


@dataclass(frozen=True)
class TokenShape:
    """What is wrong with a token's text, found before any request."""

    cleaned: str = field(repr=False)
    fatal: Optional[str] = None       # a problem the Hub will reject for certain (a predicate: "is wrapped in quotes")
    notes: Tuple[str, ...] = ()       # problems the libraries work around, or oddities (whole clauses)
    trimmed: bool = False


def mask(token: str) -> str:
    """At most ``hf_…`` and the last four characters: enough to recognise a token, never to use it."""
    if len(token) < 8:
        return "…"
    return ("hf_…" if token.startswith("hf_") else "…") + token[-4:]


def source_label(source: str) -> str:
    """A token source as a summary names it: translated where it is words, as it is where it is a name or a flag.

    ``data["source"]`` keeps the English name: scripts read it."""
    if source == "saved login":
        return t("hub.source.saved_login")
    if source == "Colab secret":
        return t("hub.source.colab_secret")
    if source == "prompt":
        return t("hub.source.prompt")
    return source


def inspect_token(raw: str) -> TokenShape:
    """Spaces, quotes, newlines, a missing ``hf_``, non-ASCII characters and odd lengths, without the Hub."""
    cleaned = raw.replace("\r", "").replace("\n", "").strip()   # huggingface_hub cleans exactly this much
    trimmed = cleaned != raw
    notes: List[str] = []
    if trimmed:
        notes.append(t("hub.shape.trimmed"))
    fatal = None
    foreign = [i for i, ch in enumerate(cleaned) if not ch.isascii()]
    if len(cleaned) >= 2 and cleaned[0] in "'\"" and cleaned[-1] == cleaned[0]:
        fatal = t("hub.shape.quoted")
    elif foreign:
        positions = ", ".join(str(i + 1) for i in foreign[:3])
        if len(foreign) == 1:
            fatal = t("hub.shape.non_ascii.one", positions=positions)
        else:
            fatal = t("hub.shape.non_ascii.many", count=len(foreign), positions=positions)
    elif re.search(r"\s", cleaned):
        fatal = t("hub.shape.space")
    elif cleaned.startswith("api_org"):
        fatal = t("hub.shape.org_token")
    elif not cleaned.startswith("hf_"):
        fatal = t("hub.shape.no_prefix")
    elif len(cleaned) != TOKEN_LENGTH:
        notes.append(t("hub.shape.length", length=len(cleaned), expected=TOKEN_LENGTH))
    return TokenShape(cleaned, fatal, tuple(notes), trimmed)


def request_token(ctx: Context) -> Optional[str]:
    """The token the libraries will send (the first source, cleaned as huggingface_hub cleans it), or None."""
    sources = ctx.token_sources()
    return inspect_token(sources[0].raw).cleaned if sources else None


class ModelUnavailable(Exception):
    """The model's metadata could not be read: ``outcome`` says why, as the check's result."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.summary)
        self.outcome = outcome


def model_metadata(ctx: Context) -> Tuple[Dict[str, Any], Optional[str]]:
    """``--model``'s metadata with its files' sizes, and the token to send; raises ModelUnavailable."""
    if not ctx.model:
        raise ModelUnavailable(skipped(t("hub.no_model")))
    token = request_token(ctx)
    try:
        return ctx.hub().model_info(ctx.model, token, files=True), token
    except Exception as exc:  # noqa: BLE001
        reason = diagnose(exc).reason
        raise ModelUnavailable(skipped(t("hub.metadata.unreadable", model=ctx.model, reason=reason))) from exc


def hub_network(ctx: Context) -> Outcome:
    """Can the Hub endpoint be reached now: one bounded request, each way of failing named."""
    paths = ctx.hub_paths()
    data = {"endpoint": paths.endpoint, "offline": paths.offline}
    if paths.offline:
        return problem(
            Status.FAIL, t("hub.network.offline"),
            causes.NETWORK_OFFLINE,
            Fix(t("hub.network.offline.fix"),
                commands=("unset HF_HUB_OFFLINE TRANSFORMERS_OFFLINE",)),
            data=data)
    try:
        ctx.hub().ping()
    except Exception as exc:  # noqa: BLE001 - every failure is a diagnosis
        diagnosis = diagnose(exc)
        data["reason"] = diagnosis.english   # data stays English: scripts read it
        if diagnosis.cause == causes.RATE_LIMITED:
            return problem(Status.FAIL, t("hub.network.rate_limited", endpoint=paths.endpoint,
                                          reason=diagnosis.reason), causes.RATE_LIMITED,
                           knowledge.fix_for(causes.RATE_LIMITED), data=data)
        return problem(
            Status.FAIL, t("hub.network.unreachable", endpoint=paths.endpoint, reason=diagnosis.reason),
            causes.NETWORK_OFFLINE,
            knowledge.fix_for(causes.NETWORK_OFFLINE),
            data=data)
    return passed(t("hub.network.ok", endpoint=paths.endpoint), data)


def hub_token(ctx: Context) -> Outcome:
    """Which token the libraries will use (never its value), whether it is well-formed, valid, and for whom."""
    sources = ctx.token_sources()
    if not sources:
        return _no_token(ctx)
    chosen = sources[0]
    shape = inspect_token(chosen.raw)
    masked = mask(shape.cleaned)
    label = source_label(chosen.source)
    data: Dict[str, object] = {"source": chosen.source, "token": masked,
                               "sources": [s.source for s in sources]}
    if shape.fatal:
        return problem(
            Status.FAIL, t("hub.token.malformed", source=label, masked=masked, problem=shape.fatal),
            causes.TOKEN_INVALID, _replace_token_fix(chosen.source, t("hub.token.lead.copy_again")),
            data=data, details=shape.notes)
    try:
        identity = ctx.hub().whoami(shape.cleaned)
    except Exception as exc:  # noqa: BLE001
        diagnosis = diagnose(exc)
        if diagnosis.cause == causes.TOKEN_INVALID:
            return problem(
                Status.FAIL, t("hub.token.rejected", source=label, masked=masked), causes.TOKEN_INVALID,
                _replace_token_fix(chosen.source, t("hub.token.lead.create_new")),
                data=data, details=shape.notes)
        return problem(Status.WARN, t("hub.token.unverified", source=label, reason=diagnosis.reason),
                       diagnosis.cause, Fix(t("hub.token.unverified.fix")), data=data)

    access = (identity.get("auth") or {}).get("accessToken") or {}
    role = access.get("role", "oauth")
    fine = access.get("fineGrained") or {}
    can_read_gated = bool(fine.get("canReadGatedRepos")) if role == "fineGrained" else True
    data.update(user=identity.get("name"), role=role, can_read_gated=can_read_gated)
    kind = "fine-grained" if role == "fineGrained" else role
    summary = t("hub.token.valid", masked=masked, source=label, user=identity.get("name"), kind=kind)
    details = shape.notes

    if not can_read_gated:
        return problem(
            Status.WARN, t("hub.token.no_gated", summary=summary), causes.TOKEN_SCOPE,
            knowledge.fix_for(causes.TOKEN_SCOPE),
            data=data, details=details)
    shadowed = [s for s in sources[1:] if s.source == "saved login" and inspect_token(s.raw).cleaned != shape.cleaned]
    if shadowed and chosen.source in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"):
        return problem(
            Status.WARN, t("hub.token.shadowed", summary=summary, source=chosen.source,
                           other=mask(inspect_token(shadowed[0].raw).cleaned)), causes.TOKEN_SHADOWED,
            Fix(t("hub.token.shadowed.fix", source=chosen.source), commands=(f"unset {chosen.source}",)),
            data=data, details=details)
    if shape.trimmed:
        return problem(
            Status.WARN, t("hub.token.trimmed", summary=summary), causes.TOKEN_INVALID,
            _replace_token_fix(chosen.source, t("hub.token.lead.strip_spaces")),
            data=data, details=details)
    return passed(summary, data, details=details)


def hub_access(ctx: Context) -> Outcome:
    """May this token read the model: the one fix that works for each of a dozen access failures."""
    model = ctx.model
    if not model:
        return skipped(t("hub.no_model"))
    sources = ctx.token_sources()
    shape = inspect_token(sources[0].raw) if sources else None
    token = shape.cleaned if shape else None
    data: Dict[str, object] = {"model": model, "token_source": sources[0].source if sources else None}
    if shape is not None and shape.fatal:
        # Sending it would only earn a 401 (or fail to encode at all): the token is the problem, not the repo.
        return problem(Status.FAIL, t("hub.access.token_malformed", model=model),
                       causes.TOKEN_INVALID, _access_fix(causes.TOKEN_INVALID, model, ctx), data=data)
    invalid = _invalid_repo_id(model)
    if invalid:
        # huggingface_hub's own words stay as they are.
        return problem(Status.FAIL, t("hub.access.invalid_id", model=model, problem=invalid), causes.REPO_NOT_FOUND,
                       Fix(t("hub.access.invalid_id.fix"), url=f"{HUB}/models"), data=data)
    try:
        ctx.hub().auth_check(model, token)
    except Exception as exc:  # noqa: BLE001
        diagnosis = diagnose(exc)
        # data stays English: scripts read it
        data.update(cause_detail=diagnosis.english, http_status=diagnosis.status)
        if diagnosis.cause == causes.REPO_NOT_FOUND:
            return _not_found(ctx, model, token, diagnosis.reason, data)
        return problem(Status.FAIL, t("hub.access.denied", model=model, reason=diagnosis.reason), diagnosis.cause,
                       _access_fix(diagnosis.cause, model, ctx), data=data)

    try:
        info = ctx.hub().model_info(model, token, files=True)
    except Exception:  # noqa: BLE001 - the access answer above stands; the details are a bonus
        info = {}
    data.update(canonical_id=info.get("id", model), gated=info.get("gated"), private=info.get("private"))
    if info.get("id") and info["id"] != model:
        return problem(
            Status.WARN, t("hub.access.renamed", model=model, new=info["id"]),
            causes.REPO_NOT_FOUND, Fix(t("hub.access.renamed.fix", new=info["id"]),
                                       commands=(f"hf-doctor check --model {info['id']}",),
                                       url=f"{HUB}/{info['id']}"), data=data)
    gated = info.get("gated")
    if token:
        summary = (t("hub.access.ok.token_gated", model=model, gated=gated) if gated
                   else t("hub.access.ok.token", model=model))
    else:
        summary = (t("hub.access.ok.anonymous_gated", model=model, gated=gated) if gated
                   else t("hub.access.ok.anonymous", model=model))
    return passed(summary, data)


def _no_token(ctx: Context) -> Outcome:
    secret = ctx.colab_secret()
    kind = platform_kind(ctx)
    login = "hf auth login" if hub_cli_era(ctx) else "huggingface-cli login"
    if secret.state == "not_granted":
        return problem(
            Status.WARN, t("hub.token.colab_not_granted"), causes.TOKEN_MISSING,
            Fix(t("hub.token.colab_not_granted.fix")), data={"source": None, "colab_secret": "not_granted"})
    if kind in ("colab", "colab_enterprise") and not ctx.platform().in_notebook_kernel:
        return problem(
            Status.WARN, t("hub.token.colab_shell"), causes.TOKEN_MISSING,
            Fix(t("hub.token.colab_shell.fix")), data={"source": None})
    return problem(
        Status.WARN, t("hub.token.missing"), causes.TOKEN_MISSING,
        Fix(t("hub.token.missing.fix"), commands=(login,), url=TOKENS_PAGE),
        data={"source": None})


def _replace_token_fix(source: str, lead: str) -> Fix:
    """``lead`` (what to do with the token itself, a catalogue sentence), then where to put it for ``source``."""
    if source == "saved login":
        return Fix(t("hub.token.replace.saved_login", lead=lead), commands=("hf auth login --force",),
                   url=TOKENS_PAGE)
    if source == "Colab secret":
        return Fix(t("hub.token.replace.colab_secret", lead=lead), url=TOKENS_PAGE)
    if source == "--token-file":
        return Fix(t("hub.token.replace.token_file", lead=lead), url=TOKENS_PAGE)
    if source == "prompt":
        return Fix(t("hub.token.replace.prompt", lead=lead), url=TOKENS_PAGE)
    return Fix(t("hub.token.replace.env", lead=lead, source=source),
               commands=(f"unset {source}", "hf auth login"), url=TOKENS_PAGE)


def _access_fix(cause: str, model: str, ctx: Context) -> Fix:
    """The fix for each way hub.access can fail: the shared one (checks/knowledge.py), so that it reads the same
    here and in `explain`, with the model's page where that is where the fix happens."""
    return knowledge.fix_for(cause, model=model)


def _not_found(ctx: Context, model: str, token: Optional[str], reason: str, data: Dict[str, object]) -> Outcome:
    suggestions = _close_matches(ctx, model, token)
    data["did_you_mean"] = suggestions
    if suggestions:
        summary = t("hub.access.not_found.suggest", model=model, suggestion=suggestions[0])
    else:
        summary = t("hub.access.not_found", model=model)
    text = t("hub.access.not_found.fix") if token is not None else t("hub.access.not_found.fix_anonymous")
    commands = tuple(f"hf-doctor check --model {s}" for s in suggestions[:1])
    name = model.split("/")[-1]
    return problem(Status.FAIL, summary, causes.REPO_NOT_FOUND,
                   Fix(text, commands=commands, url=f"{HUB}/models?search={name}"), data=data)


def _close_matches(ctx: Context, model: str, token: Optional[str]) -> List[str]:
    """Repos of the same author whose names are close to the one asked for."""
    if "/" not in model:
        return []
    author, name = model.split("/", 1)
    try:
        candidates = ctx.hub().model_ids(author, token)
    except Exception:  # noqa: BLE001 - no suggestion is better than a crash
        return []
    by_name = {c.split("/", 1)[-1].lower(): c for c in candidates}
    close = difflib.get_close_matches(name.lower(), list(by_name), n=3, cutoff=0.6)
    return [by_name[c] for c in close]


def _invalid_repo_id(model: str) -> Optional[str]:
    """huggingface_hub's own validation (the rules the Hub enforces), as a sentence, or None when valid."""
    from huggingface_hub.utils import HFValidationError, validate_repo_id

    try:
        validate_repo_id(model)
    except HFValidationError as exc:
        return str(exc).splitlines()[0].rstrip(".")
    return None


__all__ = ["TokenSource", "hub_access", "hub_network", "hub_token", "inspect_token", "mask", "source_label"]
