"""The Hub: can we reach it, which token is used and is it valid, and may it read the model."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from . import causes
from .context import Context
from .hub_client import TokenSource
from .hub_errors import diagnose
from .libs import hub_cli_era
from .python_env import platform_kind
from .result import Fix, Outcome, Status, passed, problem, skipped

HUB = "https://huggingface.co"       # where people click, also when the API endpoint is a mirror or the emulator
TOKENS_PAGE = f"{HUB}/settings/tokens"
GATED_PAGE = f"{HUB}/settings/gated-repos"
TOKEN_LENGTH = 37                    # "hf_" + 34 letters and digits


@dataclass(frozen=True)
class TokenShape:
    """What is wrong with a token's text, found before any request."""

    cleaned: str = field(repr=False)
    fatal: Optional[str] = None       # a problem the Hub will reject for certain
    notes: Tuple[str, ...] = ()       # problems the libraries work around, or oddities
    trimmed: bool = False


def mask(token: str) -> str:
    """At most ``hf_…`` and the last four characters: enough to recognise a token, never to use it."""
    if len(token) < 8:
        return "…"
    return ("hf_…" if token.startswith("hf_") else "…") + token[-4:]


def inspect_token(raw: str) -> TokenShape:
    """Spaces, quotes, newlines, a missing ``hf_``, non-ASCII characters and odd lengths, without the Hub."""
    cleaned = raw.replace("\r", "").replace("\n", "").strip()   # huggingface_hub cleans exactly this much
    trimmed = cleaned != raw
    notes: List[str] = []
    if trimmed:
        notes.append("it was stored with surrounding spaces or a newline (trimmed)")
    fatal = None
    foreign = [i for i, ch in enumerate(cleaned) if not ch.isascii()]
    if len(cleaned) >= 2 and cleaned[0] in "'\"" and cleaned[-1] == cleaned[0]:
        fatal = "is wrapped in quotes"
    elif foreign:
        fatal = (f"contains {len(foreign)} non-ASCII character{'s' if len(foreign) > 1 else ''} (at position "
                 f"{', '.join(str(i + 1) for i in foreign[:3])}), as a Korean or Japanese input method can type "
                 "full-width letters")
    elif re.search(r"\s", cleaned):
        fatal = "contains a space"
    elif cleaned.startswith("api_org"):
        fatal = "is an organization API token, which huggingface_hub no longer accepts"
    elif not cleaned.startswith("hf_"):
        fatal = "does not start with hf_ (access tokens do; was something else pasted?)"
    elif len(cleaned) != TOKEN_LENGTH:
        notes.append(f"it is {len(cleaned)} characters long; access tokens are {TOKEN_LENGTH}")
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
        raise ModelUnavailable(skipped("No model given (use --model)"))
    token = request_token(ctx)
    try:
        return ctx.hub().model_info(ctx.model, token, files=True), token
    except Exception as exc:  # noqa: BLE001
        reason = diagnose(exc).reason
        raise ModelUnavailable(skipped(f"Cannot read {ctx.model}'s metadata from the Hub: {reason}")) from exc


def hub_network(ctx: Context) -> Outcome:
    """Can the Hub endpoint be reached now: one bounded request, each way of failing named."""
    paths = ctx.hub_paths()
    data = {"endpoint": paths.endpoint, "offline": paths.offline}
    if paths.offline:
        return problem(
            Status.FAIL, "Offline mode is on (HF_HUB_OFFLINE): the Hub is not asked, only cached files load",
            causes.NETWORK_OFFLINE,
            Fix("Unset HF_HUB_OFFLINE (and TRANSFORMERS_OFFLINE) to download.",
                commands=("unset HF_HUB_OFFLINE TRANSFORMERS_OFFLINE",)),
            data=data)
    try:
        ctx.hub().ping()
    except Exception as exc:  # noqa: BLE001 - every failure is a diagnosis
        diagnosis = diagnose(exc)
        data["reason"] = diagnosis.reason
        if diagnosis.cause == causes.RATE_LIMITED:
            return problem(Status.FAIL, f"{paths.endpoint}: {diagnosis.reason}", causes.RATE_LIMITED,
                           Fix("Wait a few minutes and try again; logged-in requests get a larger quota.",
                               commands=("hf auth login",), url=f"{HUB}/docs/hub/rate-limits"), data=data)
        return problem(
            Status.FAIL, f"Cannot reach {paths.endpoint}: {diagnosis.reason}", causes.NETWORK_OFFLINE,
            Fix("Check the internet connection. Behind a proxy, set HTTPS_PROXY; with a self-signed proxy "
                "certificate, point SSL_CERT_FILE at it. If HF_ENDPOINT is set, check it.",
                url="https://status.huggingface.co"),
            data=data)
    return passed(f"{paths.endpoint} answers", data)


def hub_token(ctx: Context) -> Outcome:
    """Which token the libraries will use (never its value), whether it is well-formed, valid, and for whom."""
    sources = ctx.token_sources()
    if not sources:
        return _no_token(ctx)
    chosen = sources[0]
    shape = inspect_token(chosen.raw)
    masked = mask(shape.cleaned)
    data: Dict[str, object] = {"source": chosen.source, "token": masked,
                               "sources": [s.source for s in sources]}
    if shape.fatal:
        return problem(
            Status.FAIL, f"The token from {chosen.source} ({masked}) {shape.fatal}", causes.TOKEN_INVALID,
            _replace_token_fix(chosen.source, "Copy the token again from your token settings, exactly as shown"),
            data=data, details=shape.notes)
    try:
        identity = ctx.hub().whoami(shape.cleaned)
    except Exception as exc:  # noqa: BLE001
        diagnosis = diagnose(exc)
        if diagnosis.cause == causes.TOKEN_INVALID:
            return problem(
                Status.FAIL, f"The Hub rejected the token from {chosen.source} ({masked}): revoked, expired or "
                "mistyped", causes.TOKEN_INVALID,
                _replace_token_fix(chosen.source, "Create a new Read token and use it instead"),
                data=data, details=shape.notes)
        return problem(Status.WARN, f"Could not verify the token from {chosen.source}: {diagnosis.reason}",
                       diagnosis.cause, Fix("Run the check again once the Hub can be reached."), data=data)

    access = (identity.get("auth") or {}).get("accessToken") or {}
    role = access.get("role", "oauth")
    fine = access.get("fineGrained") or {}
    can_read_gated = bool(fine.get("canReadGatedRepos")) if role == "fineGrained" else True
    data.update(user=identity.get("name"), role=role, can_read_gated=can_read_gated)
    kind = "fine-grained" if role == "fineGrained" else role
    summary = f"{masked} from {chosen.source}: valid, user {identity.get('name')}, {kind} token"
    details = shape.notes

    if not can_read_gated:
        return problem(
            Status.WARN, summary + ", but it may not read public gated repos (Llama, Gemma, …)", causes.TOKEN_SCOPE,
            Fix("Edit the token on your token settings page: under Repositories, tick \"Read access to contents of "
                "all public gated repos you can access\", then save. Or create a plain Read token.",
                url=TOKENS_PAGE),
            data=data, details=details)
    shadowed = [s for s in sources[1:] if s.source == "saved login" and inspect_token(s.raw).cleaned != shape.cleaned]
    if shadowed and chosen.source in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"):
        return problem(
            Status.WARN, f"{summary}; {chosen.source} wins over the different token saved by `hf auth login` "
            f"({mask(inspect_token(shadowed[0].raw).cleaned)})", causes.TOKEN_SHADOWED,
            Fix(f"Unset {chosen.source} to use the saved login, or log in again with the token you mean to use.",
                commands=(f"unset {chosen.source}",)),
            data=data, details=details)
    if shape.trimmed:
        return problem(
            Status.WARN, f"{summary}; it was stored with extra spaces or a newline, which were trimmed",
            causes.TOKEN_INVALID,
            _replace_token_fix(chosen.source, "Store the token without surrounding spaces or newlines"),
            data=data, details=details)
    return passed(summary, data, details=details)


def hub_access(ctx: Context) -> Outcome:
    """May this token read the model: the one fix that works for each of a dozen access failures."""
    model = ctx.model
    if not model:
        return skipped("No model given (use --model)")
    sources = ctx.token_sources()
    shape = inspect_token(sources[0].raw) if sources else None
    token = shape.cleaned if shape else None
    data: Dict[str, object] = {"model": model, "token_source": sources[0].source if sources else None}
    if shape is not None and shape.fatal:
        # Sending it would only earn a 401 (or fail to encode at all): the token is the problem, not the repo.
        return problem(Status.FAIL, f"{model}: not checked, the token is malformed (see Hub token)",
                       causes.TOKEN_INVALID, _access_fix(causes.TOKEN_INVALID, model, ctx), data=data)
    invalid = _invalid_repo_id(model)
    if invalid:
        return problem(Status.FAIL, f"{model!r} is not a valid repo id: {invalid}", causes.REPO_NOT_FOUND,
                       Fix("Repo ids look like owner/name, e.g. meta-llama/Llama-3.2-1B-Instruct: letters, digits, "
                           "'-', '_' and '.', no spaces. Copy it from the model page's title.",
                           url=f"{HUB}/models"), data=data)
    try:
        ctx.hub().auth_check(model, token)
    except Exception as exc:  # noqa: BLE001
        diagnosis = diagnose(exc)
        data.update(cause_detail=diagnosis.reason, http_status=diagnosis.status)
        if diagnosis.cause == causes.REPO_NOT_FOUND:
            return _not_found(ctx, model, token, diagnosis.reason, data)
        return problem(Status.FAIL, f"{model}: {diagnosis.reason}", diagnosis.cause,
                       _access_fix(diagnosis.cause, model, ctx), data=data)

    try:
        info = ctx.hub().model_info(model, token, files=True)
    except Exception:  # noqa: BLE001 - the access answer above stands; the details are a bonus
        info = {}
    data.update(canonical_id=info.get("id", model), gated=info.get("gated"), private=info.get("private"))
    who = "Your token" if token else "Without a token, you"
    gate = f" (gated: {info['gated']}, access granted)" if info.get("gated") else ""
    if info.get("id") and info["id"] != model:
        return problem(
            Status.WARN, f"{model} was renamed to {info['id']}: the Hub redirects for now; use the new id",
            causes.REPO_NOT_FOUND, Fix(f"Use \"{info['id']}\" in your code.",
                                       commands=(f"hf-preflight check --model {info['id']}",),
                                       url=f"{HUB}/{info['id']}"), data=data)
    return passed(f"{who} can read {model}{gate}", data)


def _no_token(ctx: Context) -> Outcome:
    secret = ctx.colab_secret()
    kind = platform_kind(ctx)
    login = "hf auth login" if hub_cli_era(ctx) else "huggingface-cli login"
    if secret.state == "not_granted":
        return problem(
            Status.WARN, "A Colab secret HF_TOKEN exists, but this notebook was not granted access to it",
            causes.TOKEN_MISSING,
            Fix("Open Secrets (the key icon in Colab's left bar), switch on \"Notebook access\" for HF_TOKEN, "
                "then Runtime → Restart session and run again."), data={"source": None, "colab_secret": "not_granted"})
    if kind in ("colab", "colab_enterprise") and not ctx.platform().in_notebook_kernel:
        return problem(
            Status.WARN, "No token visible: a `!` shell command cannot read Colab secrets", causes.TOKEN_MISSING,
            Fix("Run hf-preflight from a Python cell (`import wizard; wizard.run()`), or hand the secret to the "
                "shell first: `import os; from google.colab import userdata; "
                "os.environ['HF_TOKEN'] = userdata.get('HF_TOKEN')`."), data={"source": None})
    return problem(
        Status.WARN, "No token found: public models download without one, gated ones (Llama, Gemma) need it",
        causes.TOKEN_MISSING,
        Fix("Create a Read token on your token settings page, then log in with it (the prompt hides what you type).",
            commands=(login,), url=TOKENS_PAGE),
        data={"source": None})


def _replace_token_fix(source: str, lead: str) -> Fix:
    if source == "saved login":
        return Fix(f"{lead}, then save it with `hf auth login --force`.", commands=("hf auth login --force",),
                   url=TOKENS_PAGE)
    if source == "Colab secret":
        return Fix(f"{lead}, and paste it as the value of the HF_TOKEN secret (key icon in Colab's left bar).",
                   url=TOKENS_PAGE)
    if source == "--token-file":
        return Fix(f"{lead}, and write it to the token file alone on one line.", url=TOKENS_PAGE)
    if source == "prompt":
        return Fix(f"{lead}, and paste it again at the prompt.", url=TOKENS_PAGE)
    return Fix(f"{lead}, then set {source} to it (or unset {source} and use `hf auth login`).",
               commands=(f"unset {source}", "hf auth login"), url=TOKENS_PAGE)


def _access_fix(cause: str, model: str, ctx: Context) -> Fix:
    page = f"{HUB}/{model}"
    if cause == causes.GATED_UNAUTHENTICATED:
        return Fix("This model is gated: log in with a Read token, and request access on the model page.",
                   commands=("hf auth login",), url=page)
    if cause == causes.GATED_NOT_REQUESTED:
        return Fix("Open the model page while logged in, fill in the form and accept the license "
                   "(\"Agree and access repository\"). Then run this check again.", url=page)
    if cause == causes.GATED_PENDING:
        return Fix("The authors review requests by hand; this can take from minutes to days. Your requests and "
                   "their state are listed on the gated-repos settings page. Run this check again later.",
                   url=GATED_PAGE)
    if cause == causes.GATED_REJECTED:
        return Fix("The authors rejected (or reset) your request. See its state on the gated-repos settings page; "
                   "a reset request can be submitted again from the model page. Or choose a model that is not gated "
                   "(e.g. Qwen/Qwen2.5-1.5B-Instruct).", url=GATED_PAGE)
    if cause == causes.TOKEN_SCOPE:
        return Fix("Your fine-grained token may not read public gated repos. Edit it: tick \"Read access to contents "
                   "of all public gated repos you can access\", or create a plain Read token.", url=TOKENS_PAGE)
    if cause == causes.TOKEN_INVALID:
        return Fix("The Hub rejected the token (see hub.token). Create a new Read token and log in with it.",
                   commands=("hf auth login --force",), url=TOKENS_PAGE)
    if cause == causes.RATE_LIMITED:
        return Fix("Wait a few minutes and try again; logged-in requests get a larger quota.",
                   url=f"{HUB}/docs/hub/rate-limits")
    if cause == causes.NETWORK_OFFLINE:
        return Fix("Check the connection (see hub.network) and run the check again.")
    return Fix("Run `hf-preflight check --verbose` and compare the details with the model page.", url=page)


def _not_found(ctx: Context, model: str, token: Optional[str], reason: str, data: Dict[str, object]) -> Outcome:
    suggestions = _close_matches(ctx, model, token)
    data["did_you_mean"] = suggestions
    summary = f"No repo {model} is visible to you: a typo, a renamed repo, or a private one"
    if suggestions:
        summary += f". Did you mean {suggestions[0]}?"
    text = "Check the spelling against the model page's title (ids are case-sensitive)."
    if token is None:
        text += " If the repo is private, log in with a token that may read it."
    commands = tuple(f"hf-preflight check --model {s}" for s in suggestions[:1])
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


__all__ = ["TokenSource", "hub_access", "hub_network", "hub_token", "inspect_token", "mask"]
