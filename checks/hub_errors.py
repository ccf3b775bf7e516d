"""What a Hub exception means, by root cause: one table that the checks share.

It reads a live exception (its classes and its response's status), which pasted text does not carry;
`explain` reads text with its own rules (checks/explain.py). Both end in the same cause ids and the same fixes
(checks/knowledge.py).

Classification goes by class name along the exception's MRO (so it works with huggingface_hub 0.x on requests
and 1.x/2.x on httpx/httpx2 without importing either), then by status code and the server's message, which is
the only thing that tells the gate states apart (hub-api.md §5.2).
"""
from __future__ import annotations

import errno
import re
from dataclasses import dataclass, field
from typing import Mapping, Optional

from . import causes
from .i18n import english
from .text import Msg


@dataclass(frozen=True)
class Diagnosis:
    """A cause and why, as the catalogue's ``hub.reason.<name>`` with its ``params``."""

    cause: str
    name: str
    status: Optional[int] = None
    params: Mapping[str, object] = field(default_factory=dict)

    @property
    def reason(self) -> Msg:
        """A short phrase for the summary."""
        return Msg(f"hub.reason.{self.name}", **self.params)

    @property
    def english(self) -> str:
        """The same phrase in English, for the report's data (scripts read it)."""
        return english(self.reason)


def _found(cause: str, name: str, code: Optional[int] = None, **params: object) -> Diagnosis:
    return Diagnosis(cause, name, code, params)


def _names(exc: BaseException) -> set:
    return {cls.__name__ for cls in type(exc).__mro__}


def _status(exc: BaseException) -> Optional[int]:
    response = getattr(exc, "response", None)
    code = getattr(response, "status_code", None)
    return code if isinstance(code, int) else None


def _chain(exc: BaseException):  # type: ignore[no-untyped-def]
    seen = set()
    current: Optional[BaseException] = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _network_name(exc: BaseException) -> Optional[str]:
    """Which way a request never got an answer, as a ``hub.reason.<name>`` name, or None."""
    for link in _chain(exc):
        names, text = _names(link), str(link)
        lowered = text.lower()
        if "OfflineModeIsEnabled" in names:
            return "offline_mode"
        if "ProxyError" in names or "proxy" in lowered and ("connect" in lowered or "tunnel" in lowered):
            return "proxy"
        if "SSLError" in names or "certificate" in lowered or "ssl" in lowered:
            return "tls"
        if any(hint in lowered for hint in ("name or service not known", "nodename nor servname",
                                            "temporary failure in name resolution", "getaddrinfo failed",
                                            "no address associated")):
            return "dns"
        if names & {"TimeoutException", "ConnectTimeout", "ReadTimeout", "Timeout", "TimeoutError"}:
            return "timeout"
        if "connection refused" in lowered or "ConnectionRefusedError" in names:
            return "refused"
        if names & {"ConnectError", "ConnectionError", "NetworkError", "RemoteProtocolError"} and not _status(link):
            return "connection_failed"
    return None


def _cache_name(exc: BaseException) -> Optional[str]:
    """A cache folder that may not be written, as a ``hub.reason.<name>`` name, or None.

    A read-only file system is always a folder; "permission denied" only counts with a file name, since a
    socket can be refused with the same errno."""
    for link in _chain(exc):
        code = getattr(link, "errno", None)
        if not isinstance(link, OSError) or code is None:
            continue
        if code == errno.EROFS:
            return "cache_read_only"
        if code in (errno.EACCES, errno.EPERM) and getattr(link, "filename", None):
            return "cache_permission"
    return None


def _unsendable(exc: BaseException) -> bool:
    """A token the HTTP client refused to put in a header (a character outside latin-1 or ASCII, a control
    character): the library's text quotes the header, token and all, so it never reaches a row."""
    for link in _chain(exc):
        text = str(link)
        if isinstance(link, UnicodeEncodeError) or "Illegal header value" in text:
            return True
        if "LocalProtocolError" in _names(link) and "header" in text.lower():
            return True
    return False


# What a library's message may carry of a token: the Authorization header's value, or a token itself.
_SECRET = re.compile(r"(?:Bearer\s+\S+|hf_[A-Za-z0-9]{4,})")


def _unanswered(exc: BaseException) -> Optional[Diagnosis]:
    """A call hf-doctor gave up (checks/hub_wait.py): the Hub kept answering 429 or 5xx, or did not answer in
    time; a network cause either way, never a bug."""
    if "HubUnanswered" not in _names(exc):
        return None
    status, seconds = getattr(exc, "status", None), getattr(exc, "seconds", 0)
    if status == 429:
        wait = getattr(exc, "retry_after", None)
        if wait:
            return _found(causes.RATE_LIMITED, "rate_limited_wait", 429, seconds=f"{wait:g}")
        return _found(causes.RATE_LIMITED, "rate_limited", 429)
    if isinstance(status, int) and status >= 500:
        return _found(causes.NETWORK_OFFLINE, "server_error", status, status=status)
    return _found(causes.NETWORK_OFFLINE, "slow", status, seconds=f"{seconds:g}")


def diagnose(exc: BaseException) -> Diagnosis:
    """The root cause of an exception raised by whoami, auth_check, model_info or a download."""
    names, status = _names(exc), _status(exc)
    text = str(exc)
    if _unsendable(exc):
        return _found(causes.TOKEN_INVALID, "token_unsendable")
    unanswered = _unanswered(exc)
    if unanswered is not None:
        return unanswered
    if "LocalEntryNotFoundError" in names and exc.__cause__ is not None:
        # hf_hub_download's "cannot find the file on the Hub nor in the cache" wraps why the Hub could not be
        # asked (a 429, a 503, a timeout): that is the cause, not a missing file.
        return diagnose(exc.__cause__)
    if "HFValidationError" in names:
        return _found(causes.REPO_NOT_FOUND, "invalid_repo_id")
    if "GatedRepoError" in names:
        if status == 401 or "Please log in" in text or "must be authenticated" in text:
            return _found(causes.GATED_UNAUTHENTICATED, "gated_unauthenticated", status)
        if "awaiting a review" in text:
            return _found(causes.GATED_PENDING, "gated_pending", status)
        if "has been rejected" in text or "has been reset" in text:
            return _found(causes.GATED_REJECTED, "gated_rejected", status)
        return _found(causes.GATED_NOT_REQUESTED, "gated_not_requested", status)
    if "enable access to public gated repositories" in text:
        return _found(causes.TOKEN_SCOPE, "token_scope", status)
    if "DisabledRepoError" in names:
        return _found(causes.REPO_NOT_FOUND, "repo_disabled", status)
    if "RevisionNotFoundError" in names or "EntryNotFoundError" in names:
        return _found(causes.REVISION_OR_FILE_NOT_FOUND, "revision_or_file_not_found", status)
    if "RepositoryNotFoundError" in names:
        return _found(causes.REPO_NOT_FOUND, "repo_not_found", status)
    if status == 401 or "Invalid user token" in text or "Invalid credentials" in text:
        return _found(causes.TOKEN_INVALID, "token_invalid", status)
    if status == 429:
        return _found(causes.RATE_LIMITED, "rate_limited", status)
    if status is not None and status >= 500:
        return _found(causes.NETWORK_OFFLINE, "server_error", status, status=status)
    cache = _cache_name(exc)
    if cache:
        return _found(causes.CACHE_NOT_WRITABLE, cache, status)
    network = _network_name(exc)
    if network:
        return _found(causes.NETWORK_OFFLINE, network, status)
    # The library's own words stay as they are (they are what a search engine or the Hub's forum knows), but for
    # anything that could be a token.
    first = _SECRET.sub("…", text.splitlines()[0]) if text else ""
    error = f"{type(exc).__name__}: {first}".strip()
    return _found(causes.UNKNOWN, "unknown", status, error=error)
