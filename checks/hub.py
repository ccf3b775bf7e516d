"""The Hub: can we reach it, which token is used and is it valid, and may it read the model."""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar, Dict, List, Optional, Tuple
from urllib.parse import urlsplit

from . import causes, ids, knowledge
from .context import Context
from .engine import Blocked
from .hub_client import (COLAB_SECRET, ENV_SOURCES, PROMPT, SAVED_LOGIN, TOKEN_FILE, TokenSource,
                         clean_token)
from .hub_errors import Diagnosis, diagnose
from .knowledge import PAGES
from .libs import hub_cli_era
from .python_env import platform_kind
from .result import Fix, Outcome, Record, Status, passed, problem, skipped
from .text import Msg, Text

TOKEN_LENGTH = 37                    # "hf_" + 34 letters and digits

# ``--token-file -`` read from a pipe: a source of its own for what a summary or a fix says (the token came on
# standard input, not from a file), but "--token-file" in the report's data, as it always was (scripts read it).
TOKEN_STDIN = "--token-file -"


def data_source(source: str) -> str:
    """A source's name as the report's data gives it."""
    return TOKEN_FILE if source == TOKEN_STDIN else source


@dataclass(frozen=True)
class TokenShape:
    """What is wrong with a token's text, found before any request."""

    cleaned: str = field(repr=False)
    fatal: Optional[Text] = None      # a problem the Hub will reject for certain (a predicate: "is wrapped in quotes")
    notes: Tuple[Text, ...] = ()      # problems the libraries work around, or oddities (whole clauses)
    trimmed: bool = False


@dataclass(frozen=True)
class TokenFacts(Record):
    """hub.token's data: which source the libraries use (its name, one of hub_client's), the token masked, every
    source found, and, once the Hub answered, for whom it is and whether it may read gated repos.

    ``source`` is always there (None: no token). ``token`` and ``sources`` come with a token; ``user``, ``role``
    and ``can_read_gated`` only when the Hub confirmed it (whoami always names the user); ``colab_secret`` only
    when Colab refused to hand the secret over. Absent facts are left out of the JSON, as they always were.
    """

    OPTIONAL: ClassVar[Tuple[str, ...]] = ("token", "sources", "user", "role", "can_read_gated", "colab_secret")

    source: Optional[str]
    token: Optional[str] = None                 # masked (mask()): never the token itself
    sources: Optional[Tuple[str, ...]] = None
    user: Optional[str] = None
    role: Optional[str] = None                  # read, write, fineGrained or oauth, as the Hub names it
    can_read_gated: Optional[bool] = None
    colab_secret: Optional[str] = None          # ColabSecret.state, when it explains a missing token


def mask(token: str) -> str:
    """At most ``hf_…`` and the last four characters: enough to recognise a token, never to use it. A character
    that cannot be shown as it is (a NUL, an escape, a line break) is shown as its escape (``\\x00``): it is what
    is wrong with the token, and raw it would move the cursor of the terminal showing it."""
    if len(token) < 8:
        return "…"
    end = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in token[-4:])
    return ("hf_…" if token.startswith("hf_") else "…") + end


# Token sources that are words (said in the reader's language); the others are a variable's name or a flag.
_SOURCE_WORDS = {SAVED_LOGIN: "hub.source.saved_login", COLAB_SECRET: "hub.source.colab_secret",
                 PROMPT: "hub.source.prompt", TOKEN_STDIN: "hub.source.stdin"}


def source_label(source: str) -> Text:
    """A token source as a summary names it: a message where it is words, as it is where it is a name or a flag.

    The data (``TokenFacts.source``) keeps the name itself: scripts read it."""
    return Msg(_SOURCE_WORDS[source]) if source in _SOURCE_WORDS else source


def inspect_token(raw: str) -> TokenShape:
    """Spaces, quotes, newlines, a missing ``hf_``, non-ASCII characters and odd lengths, without the Hub."""
    cleaned = clean_token(raw)
    trimmed = cleaned != raw
    notes: List[Text] = []
    if trimmed:
        notes.append(Msg("hub.shape.trimmed"))
    fatal = None
    foreign = [i for i, ch in enumerate(cleaned) if not ch.isascii()]
    # Invisible characters (NUL, BEL, DEL...) that a copy from a terminal or a document brings along: the HTTP
    # client refuses them in a header, in words that quote the whole token.
    control = [i for i, ch in enumerate(cleaned) if unicodedata.category(ch) == "Cc" and not ch.isspace()]
    if len(cleaned) >= 2 and cleaned[0] in "'\"" and cleaned[-1] == cleaned[0]:
        fatal = Msg("hub.shape.quoted")
    elif foreign:
        positions = ", ".join(str(i + 1) for i in foreign[:3])   # numbers, the same in every language
        fatal = Msg("hub.shape.non_ascii", count=len(foreign), positions=positions)
    elif control:
        fatal = Msg("hub.shape.control", count=len(control), positions=", ".join(str(i + 1) for i in control[:3]))
    elif re.search(r"\s", cleaned):
        fatal = Msg("hub.shape.space")
    elif cleaned.startswith("api_org"):
        fatal = Msg("hub.shape.org_token")
    elif not cleaned.startswith("hf_"):
        fatal = Msg("hub.shape.no_prefix")
    elif len(cleaned) != TOKEN_LENGTH:
        notes.append(Msg("hub.shape.length", length=len(cleaned), expected=TOKEN_LENGTH))
    return TokenShape(cleaned, fatal, tuple(notes), trimmed)


def shape_of(source: TokenSource) -> TokenShape:
    """What is wrong with the token from ``source``: its text (:func:`inspect_token`), or what was found when the
    source was read (a file huggingface_hub cannot read), and how it was read when that is worth saying."""
    shape = inspect_token(source.raw)
    notes = shape.notes + ((source.note,) if source.note is not None else ())
    return replace(shape, fatal=source.problem or shape.fatal, notes=notes)


def usable_token(ctx: Context, model: str) -> Optional[str]:
    """The token the libraries will send (the first source, cleaned as huggingface_hub cleans it), or None
    without one. A malformed one is never sent: ModelUnavailable, pointing at hub.token, which says why."""
    sources = ctx.token_sources()
    if not sources:
        return None
    shape = shape_of(sources[0])
    if shape.fatal:
        # Never sent: the HTTP client would refuse it, or the Hub answer 401 (hub.token says which).
        raise ModelUnavailable(_token_blocked(Msg("hub.access.token_malformed", model=model)))
    return shape.cleaned


class ModelUnavailable(Exception):
    """The model's metadata could not be read: ``outcome`` says why, as the check's result."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.summary)
        self.outcome = outcome


def model_metadata(ctx: Context) -> Tuple[Dict[str, Any], Optional[str]]:
    """``--model``'s metadata with its files' sizes, and the token to send; raises ModelUnavailable.

    Where the repo id or the token is the problem, the row that names it is pointed at, not repeated: one
    cause, one failing row."""
    model = ctx.model
    if not model:
        raise ModelUnavailable(skipped(Msg("hub.no_model")))
    if invalid_repo_id(model) is not None:
        raise ModelUnavailable(skipped(Msg("hub.metadata.invalid_id", model=model), Blocked((ids.HUB_ACCESS,))))
    token = usable_token(ctx, model)
    try:
        return ctx.hub().model_info(model, token, files=True), token
    except Exception as exc:  # noqa: BLE001
        diagnosis = diagnose(exc)
        if diagnosis.cause == causes.TOKEN_INVALID:
            raise ModelUnavailable(_token_blocked(Msg("hub.access.token_rejected", model=model))) from exc
        raise ModelUnavailable(skipped(Msg("hub.metadata.unreadable", model=model, reason=diagnosis.reason))) from exc


def _token_blocked(summary: Msg) -> Outcome:
    """A model row that the token stops: skipped, pointing at hub.token, which fails with the one fix."""
    return skipped(summary, Blocked((ids.HUB_TOKEN,)))


def hub_network(ctx: Context) -> Outcome:
    """Can the Hub endpoint be reached now: one bounded request, each way of failing named.

    Offline mode is judged here, once: hub.settings only names it, so that one cause gives one fix."""
    paths = ctx.hub_paths()
    data = {"endpoint": paths.endpoint, "offline": paths.offline}
    if paths.offline:
        return problem(
            Status.FAIL, Msg("hub.network.offline"),
            causes.NETWORK_OFFLINE,
            Fix(Msg("hub.network.offline.fix"), commands=("unset HF_HUB_OFFLINE TRANSFORMERS_OFFLINE",)),
            data=data)
    try:
        ctx.hub().ping()
    except Exception as exc:  # noqa: BLE001 - every failure is a diagnosis
        diagnosis = diagnose(exc)
        data["reason"] = diagnosis.english   # data stays English: scripts read it
        if diagnosis.cause == causes.RATE_LIMITED:
            return problem(Status.FAIL, Msg("hub.network.rate_limited", endpoint=paths.endpoint,
                                            reason=diagnosis.reason), causes.RATE_LIMITED,
                           knowledge.fix_for(causes.RATE_LIMITED), data=data)
        return problem(
            Status.FAIL, Msg("hub.network.unreachable", endpoint=paths.endpoint, reason=diagnosis.reason),
            causes.NETWORK_OFFLINE,
            knowledge.fix_for(causes.NETWORK_OFFLINE),
            data=data)
    return passed(Msg("hub.network.ok", endpoint=paths.endpoint), data)


def hub_token(ctx: Context) -> Outcome:
    """Which token the libraries will use (never its value), whether it is well-formed, valid, and for whom."""
    sources = ctx.token_sources()
    if not sources:
        return _no_token(ctx)
    chosen = sources[0]
    shape = shape_of(chosen)
    facts = TokenFacts(source=data_source(chosen.source), token=mask(shape.cleaned),
                       sources=tuple(data_source(s.source) for s in sources))
    if shape.fatal:
        # Sending it would only earn a 401: the text itself says what is wrong, without asking the Hub.
        return problem(
            Status.FAIL, Msg("hub.token.malformed", source=source_label(chosen.source), masked=mask(shape.cleaned),
                             problem=shape.fatal),
            causes.TOKEN_INVALID, _replace_token_fix(chosen.source, Msg("hub.token.lead.copy_again")),
            data=facts, details=shape.notes)
    try:
        identity = ctx.hub().whoami(shape.cleaned)
    except Exception as exc:  # noqa: BLE001
        return _not_confirmed(chosen, shape, facts, diagnose(exc))
    return _judge_valid(sources, shape, _with_identity(facts, identity), identity.get("name"))


def _not_confirmed(chosen: TokenSource, shape: TokenShape, facts: TokenFacts, diagnosis: Diagnosis) -> Outcome:
    """whoami failed: the Hub rejected the token (replace it), or could not be asked (a warning, since the
    token may well be fine)."""
    label, masked = source_label(chosen.source), mask(shape.cleaned)
    if diagnosis.cause == causes.TOKEN_INVALID:
        return problem(
            Status.FAIL, Msg("hub.token.rejected", source=label, masked=masked), causes.TOKEN_INVALID,
            _replace_token_fix(chosen.source, Msg("hub.token.lead.create_new")),
            data=facts, details=shape.notes)
    return problem(Status.WARN, Msg("hub.token.unverified", source=label, reason=diagnosis.reason),
                   diagnosis.cause, Fix(Msg("hub.token.unverified.fix")), data=facts)


def _with_identity(facts: TokenFacts, identity: Dict[str, Any]) -> TokenFacts:
    """The facts whoami confirmed: the user, the token's role and whether it may read gated repos."""
    access = (identity.get("auth") or {}).get("accessToken") or {}
    # whoami's answer has no role for an OAuth login; "oauth" is the name TokenFacts.role gives it.
    role = access.get("role", "oauth")
    fine = access.get("fineGrained") or {}
    # Only fine-grained tokens can be denied gated repos; read, write and OAuth tokens always may.
    can_read_gated = bool(fine.get("canReadGatedRepos")) if role == "fineGrained" else True
    return replace(facts, user=identity.get("name"), role=role, can_read_gated=can_read_gated)


def _judge_valid(sources: Tuple[TokenSource, ...], shape: TokenShape, facts: TokenFacts,
                 user: Optional[str]) -> Outcome:
    """A token the Hub accepted: a warning where it cannot read gated repos, hides a different saved login, or
    only worked because the libraries trimmed it; else a pass."""
    chosen = sources[0]
    kind = "fine-grained" if facts.role == "fineGrained" else facts.role   # the Hub's own names for token kinds
    summary = Msg("hub.token.valid", masked=mask(shape.cleaned), source=source_label(chosen.source), user=user,
                  kind=kind)
    details = shape.notes
    if not facts.can_read_gated:
        return problem(
            Status.WARN, Msg("hub.token.no_gated", summary=summary), causes.TOKEN_SCOPE,
            knowledge.fix_for(causes.TOKEN_SCOPE),
            data=facts, details=details)
    shadowed = [s for s in sources[1:] if s.source == SAVED_LOGIN and clean_token(s.raw) != shape.cleaned]
    # A variable that overrides a different saved login: `hf auth login` seems to do nothing until it is unset.
    if shadowed and chosen.source in ENV_SOURCES:
        return problem(
            Status.WARN, Msg("hub.token.shadowed", summary=summary, source=chosen.source,
                             other=mask(clean_token(shadowed[0].raw))), causes.TOKEN_SHADOWED,
            Fix(Msg("hub.token.shadowed.fix", source=chosen.source), commands=(f"unset {chosen.source}",)),
            data=facts, details=details)
    # Valid only once trimmed, as huggingface_hub trims it: a warning, fixed where the token is stored.
    if shape.trimmed:
        return problem(
            Status.WARN, Msg("hub.token.trimmed", summary=summary), causes.TOKEN_INVALID,
            _replace_token_fix(chosen.source, Msg("hub.token.lead.strip_spaces")),
            data=facts, details=details)
    return passed(summary, facts, details=details)


def hub_access(ctx: Context) -> Outcome:
    """May this token read the model: the one fix that works for each of a dozen access failures. A model id
    given as the address of its page (pasted from the browser) was read as the id it means: the row says so."""
    outcome = _access(ctx)
    pasted = getattr(ctx.model, "pasted", None)
    if pasted and ctx.model:
        return replace(outcome, summary=Msg("hub.access.pasted", summary=outcome.summary, url=pasted,
                                            model=str(ctx.model)))
    return outcome


def _access(ctx: Context) -> Outcome:
    model = str(ctx.model) if ctx.model else None
    if not model:
        return skipped(Msg("hub.no_model"))
    sources = ctx.token_sources()
    shape = shape_of(sources[0]) if sources else None
    token = shape.cleaned if shape else None
    data: Dict[str, object] = {"model": model, "token_source": data_source(sources[0].source) if sources else None}
    if shape is not None and shape.fatal:
        # Sending it would only earn a 401 (or fail to encode at all): the token is the problem, not the repo, and
        # hub.token fails with its one fix.
        return _token_blocked(Msg("hub.access.token_malformed", model=model))
    invalid = invalid_repo_id(model)
    if invalid:
        return problem(Status.FAIL, Msg("hub.access.invalid_id", model=model, problem=invalid), causes.REPO_NOT_FOUND,
                       Fix(Msg("hub.access.invalid_id.fix"), url=PAGES["models"]), data=data)
    try:
        ctx.hub().auth_check(model, token)
    except Exception as exc:  # noqa: BLE001
        diagnosis = diagnose(exc)
        if diagnosis.cause == causes.TOKEN_INVALID:
            # The Hub rejected the token itself (whoami says so too): hub.token's row is the one that fails.
            return _token_blocked(Msg("hub.access.token_rejected", model=model))
        # data stays English: scripts read it
        data.update(cause_detail=diagnosis.english, http_status=diagnosis.status)
        if diagnosis.cause == causes.REPO_NOT_FOUND:
            return _not_found(ctx, model, token, data)
        return problem(Status.FAIL, Msg("hub.access.denied", model=model, reason=diagnosis.reason), diagnosis.cause,
                       _access_fix(diagnosis.cause, model), data=data)

    try:
        info = ctx.hub().model_info(model, token, files=True)
    except Exception:  # noqa: BLE001 - the access answer above stands; the details are a bonus
        info = {}
    data.update(canonical_id=info.get("id", model), gated=info.get("gated"), private=info.get("private"),
                license=info.get("license"))
    details = license_details(info.get("license"), info.get("gated"))
    if info.get("id") and info["id"] != model:
        return problem(
            Status.WARN, Msg("hub.access.renamed", model=model, new=info["id"]),
            causes.REPO_NOT_FOUND, Fix(Msg("hub.access.renamed.fix", new=info["id"]),
                                       commands=(f"hf-doctor check --model {info['id']}",),
                                       url=knowledge.model_page(info["id"])), data=data, details=details)
    gated = info.get("gated")
    if token:
        summary = (Msg("hub.access.ok.token_gated", model=model, gated=gated) if gated
                   else Msg("hub.access.ok.token", model=model))
    else:
        summary = (Msg("hub.access.ok.anonymous_gated", model=model, gated=gated) if gated
                   else Msg("hub.access.ok.anonymous", model=model))
    return passed(summary, data, details=details)


def license_details(license_: Optional[Dict[str, Optional[str]]], gated: object) -> Tuple[Text, ...]:
    """The model card's licence as a detail line: its id (a name, the same in every language), and what it asks
    of the user where it asks something: a gated repo's licence is accepted with the access request, and
    ``other`` is the authors' own text, to be read at its link."""
    if not license_:
        return ()
    name = license_["id"] or ""
    if name == "other" and (license_.get("name") or license_.get("link")):
        shown = " · ".join(part for part in (license_.get("name"), license_.get("link")) if part)
        name = f"other ({shown})"
    if gated:
        return (Msg("hub.access.detail.license_gated", license=name),)
    if license_["id"] == "other":
        return (Msg("hub.access.detail.license_other", license=name),)
    return (Msg("hub.access.detail.license", license=name),)


def invalid_repo_id(repo_id: str) -> Optional[Msg]:
    """What is wrong with ``repo_id`` by huggingface_hub's own validation (the rules the Hub enforces), in our
    words (a phrase: "has a space in it"), or None when it is valid. The guided run asks with this too."""
    from huggingface_hub.utils import HFValidationError, validate_repo_id

    try:
        validate_repo_id(repo_id)
    except HFValidationError:
        return _repo_id_problem(repo_id)
    return None


_REPO_ID_PART = re.compile(r"[A-Za-z0-9_.-]+")


def _repo_id_problem(repo_id: str) -> Msg:
    """Which of the Hub's rules ``repo_id`` breaks, the most telling first (the library said it breaks one)."""
    if not repo_id.strip():
        return Msg("hub.repo_id.empty")
    if "://" in repo_id or repo_id.startswith(("huggingface.co/", "hf.co/", "www.")):
        return Msg("hub.repo_id.address")
    if re.search(r"\s", repo_id):
        return Msg("hub.repo_id.space")
    if repo_id.count("/") > 1:
        return Msg("hub.repo_id.slashes")
    parts = repo_id.split("/")
    if not all(_REPO_ID_PART.fullmatch(part) for part in parts):
        return Msg("hub.repo_id.characters")
    if any(part[0] in "-." or part[-1] in "-." for part in parts):
        return Msg("hub.repo_id.edges")
    if "--" in repo_id or ".." in repo_id:
        return Msg("hub.repo_id.doubled")
    if any(len(part) > 96 for part in parts):
        return Msg("hub.repo_id.length")
    return Msg("hub.repo_id.git") if repo_id.endswith(".git") else Msg("hub.repo_id.other")


class ModelId(str):
    """A repo id read from what was given: ``pasted`` is the web address it came from (a model page's URL, as
    people copy it from the browser), None when the id was given as an id. It is the id everywhere a string
    is used; hub.access says how it was read."""

    pasted: Optional[str]

    def __new__(cls, repo_id: str, pasted: Optional[str] = None) -> "ModelId":
        value = super().__new__(cls, repo_id)
        value.pasted = pasted
        return value

    def __reduce__(self) -> Any:
        return (ModelId, (str(self), self.pasted))


_HUB_HOSTS = ("huggingface.co", "www.huggingface.co", "hf.co")
# A model page's address goes on with one of these after the id: /tree/main, /blob/main/config.json...
_PAGE_TABS = ("tree", "blob", "resolve", "discussions", "commits", "commit", "edit", "raw", "settings")
# First path parts of the Hub's addresses that are not a model's page.
_NOT_MODEL_PAGES = ("datasets", "spaces", "settings", "docs", "api", "models", "organizations", "collections",
                    "papers", "blog", "join", "login", "new", "pricing", "posts", "learn", "tasks", "chat")


def model_id(given: Optional[str]) -> Optional[str]:
    """``--model`` as the repo id it means: a model page's web address (``https://huggingface.co/org/name``,
    with or without the scheme, a ``/tree/main`` tail, a query or a fragment) becomes ``org/name`` (a ModelId
    that remembers the address); anything else is returned as it is, for hub.access to judge."""
    if given is None or isinstance(given, ModelId):
        return given
    text = given.strip()
    address = text if "://" in text else f"https://{text}"
    try:
        parts = urlsplit(address)
        host = (parts.hostname or "").lower()
    except ValueError:   # no address at all ("[" reads as a broken IPv6 host): hub.access judges it as an id
        return given
    if host not in _HUB_HOSTS or parts.scheme not in ("http", "https"):
        return given
    path = [part for part in parts.path.split("/") if part]
    if not path or path[0] in _NOT_MODEL_PAGES:
        return given
    for index, part in enumerate(path[:3]):
        if part in _PAGE_TABS and index > 0:
            path = path[:index]
            break
    if len(path) > 2:
        return given
    repo_id = "/".join(path)
    return ModelId(repo_id, text) if invalid_repo_id(repo_id) is None else given


def _no_token(ctx: Context) -> Outcome:
    secret = ctx.colab_secret()
    kind = platform_kind(ctx)
    login = "hf auth login" if hub_cli_era(ctx) else "huggingface-cli login"
    if secret.state == "not_granted":
        return problem(
            Status.WARN, Msg("hub.token.colab_not_granted"), causes.TOKEN_MISSING,
            Fix(Msg("hub.token.colab_not_granted.fix")), data=TokenFacts(source=None, colab_secret=secret.state))
    if kind in ("colab", "colab_enterprise") and not ctx.platform().in_notebook_kernel:
        return problem(
            Status.WARN, Msg("hub.token.colab_shell"), causes.TOKEN_MISSING,
            Fix(Msg("hub.token.colab_shell.fix")), data=TokenFacts(source=None))
    return problem(
        Status.WARN, Msg("hub.token.missing"), causes.TOKEN_MISSING,
        Fix(Msg("hub.token.missing.fix"), commands=(login,), url=PAGES["tokens"]),
        data=TokenFacts(source=None))


# Where a replaced token goes, for each source that is not an environment variable.
_REPLACE_IN = {SAVED_LOGIN: "hub.token.replace.saved_login", COLAB_SECRET: "hub.token.replace.colab_secret",
               TOKEN_FILE: "hub.token.replace.token_file", PROMPT: "hub.token.replace.prompt"}


def _replace_token_fix(source: str, lead: Text) -> Fix:
    """``lead`` (what to do with the token itself, a catalogue sentence), then where to put it for ``source``."""
    if source == SAVED_LOGIN:
        return Fix(Msg(_REPLACE_IN[source], lead=lead), commands=("hf auth login --force",), url=PAGES["tokens"])
    if source == TOKEN_STDIN:
        return Fix(Msg("hub.token.replace.stdin", lead=lead), url=PAGES["tokens"])
    if source in _REPLACE_IN:
        return Fix(Msg(_REPLACE_IN[source], lead=lead), url=PAGES["tokens"])
    return Fix(Msg("hub.token.replace.env", lead=lead, source=source),
               commands=(f"unset {source}", "hf auth login"), url=PAGES["tokens"])


def _access_fix(cause: str, model: str) -> Fix:
    """The fix for each way hub.access can fail: the shared one (checks/knowledge.py), so that it reads the same
    here and in `explain`, with the model's page where that is where the fix happens."""
    return knowledge.fix_for(cause, model=model)


def _not_found(ctx: Context, model: str, token: Optional[str], data: Dict[str, object]) -> Outcome:
    suggestions = _close_matches(ctx, model, token)
    data["did_you_mean"] = suggestions
    if suggestions:
        summary = Msg("hub.access.not_found.suggest", model=model, suggestion=suggestions[0])
    else:
        summary = Msg("hub.access.not_found", model=model)
    text = Msg("hub.access.not_found.fix") if token is not None else Msg("hub.access.not_found.fix_anonymous")
    commands = tuple(f"hf-doctor check --model {s}" for s in suggestions[:1])
    name = model.split("/")[-1]
    return problem(Status.FAIL, summary, causes.REPO_NOT_FOUND,
                   Fix(text, commands=commands, url=knowledge.model_search(name)), data=data)


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


__all__ = ["TOKEN_STDIN", "ModelId", "TokenFacts", "TokenSource", "data_source", "hub_access", "hub_network",
           "hub_token", "inspect_token", "invalid_repo_id", "mask", "model_id", "shape_of", "source_label",
           "usable_token"]
