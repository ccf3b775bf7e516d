"""What a Hub exception means, by root cause: one table that the checks (and later `explain`) share.

Classification goes by class name along the exception's MRO (so it works with huggingface_hub 0.x on requests
and 1.x/2.x on httpx/httpx2 without importing either), then by status code and the server's message, which is
the only thing that tells the gate states apart (hub-api.md §5.2).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from . import causes


@dataclass(frozen=True)
class Diagnosis:
    cause: str
    reason: str                      # a short phrase for the summary
    status: Optional[int] = None


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


def network_reason(exc: BaseException) -> Optional[str]:
    """Why a request never got an answer (offline mode, DNS, proxy, TLS, timeout, refused), or None."""
    for link in _chain(exc):
        names, text = _names(link), str(link)
        lowered = text.lower()
        if "OfflineModeIsEnabled" in names:
            return "offline mode is enabled (HF_HUB_OFFLINE)"
        if "ProxyError" in names or "proxy" in lowered and ("connect" in lowered or "tunnel" in lowered):
            return "the proxy refused or failed the connection"
        if "SSLError" in names or "certificate" in lowered or "ssl" in lowered:
            return "the TLS certificate could not be verified (a proxy or SSL_CERT_FILE problem)"
        if any(hint in lowered for hint in ("name or service not known", "nodename nor servname",
                                            "temporary failure in name resolution", "getaddrinfo failed",
                                            "no address associated")):
            return "the Hub's host name could not be resolved (DNS: no network?)"
        if names & {"TimeoutException", "ConnectTimeout", "ReadTimeout", "Timeout", "TimeoutError"}:
            return "the Hub did not answer in time"
        if "connection refused" in lowered or "ConnectionRefusedError" in names:
            return "the connection was refused"
        if names & {"ConnectError", "ConnectionError", "NetworkError", "RemoteProtocolError"} and not _status(link):
            return "the connection failed"
    return None


def diagnose(exc: BaseException) -> Diagnosis:
    """The root cause of an exception raised by whoami, auth_check, model_info or a download."""
    names, status = _names(exc), _status(exc)
    text = str(exc)
    if "HFValidationError" in names:
        return Diagnosis(causes.REPO_NOT_FOUND, "this is not a valid repo id")
    if "GatedRepoError" in names:
        if status == 401 or "Please log in" in text or "must be authenticated" in text:
            return Diagnosis(causes.GATED_UNAUTHENTICATED, "the repo is gated and no token was sent", status)
        if "awaiting a review" in text:
            return Diagnosis(causes.GATED_PENDING, "your access request is awaiting the authors' review", status)
        if "has been rejected" in text or "has been reset" in text:
            return Diagnosis(causes.GATED_REJECTED, "the authors rejected (or reset) your access request", status)
        return Diagnosis(causes.GATED_NOT_REQUESTED, "you have not requested access to this gated repo", status)
    if "enable access to public gated repositories" in text:
        return Diagnosis(causes.TOKEN_SCOPE, "this fine-grained token may not read public gated repos", status)
    if "DisabledRepoError" in names:
        return Diagnosis(causes.REPO_NOT_FOUND, "the repo has been disabled", status)
    if "RevisionNotFoundError" in names or "EntryNotFoundError" in names:
        return Diagnosis(causes.REVISION_OR_FILE_NOT_FOUND, "the revision or file does not exist", status)
    if "RepositoryNotFoundError" in names:
        return Diagnosis(causes.REPO_NOT_FOUND, "no such repo for this user (a typo, a rename, or a private repo)",
                         status)
    if status == 401 or "Invalid user token" in text or "Invalid credentials" in text:
        return Diagnosis(causes.TOKEN_INVALID, "the Hub rejected the token (revoked, expired or mistyped)", status)
    if status == 429:
        return Diagnosis(causes.RATE_LIMITED, "the Hub is rate-limiting these requests (429)", status)
    if status is not None and status >= 500:
        return Diagnosis(causes.NETWORK_OFFLINE, f"the Hub answered {status} (an outage on its side)", status)
    reason = network_reason(exc)
    if reason:
        return Diagnosis(causes.NETWORK_OFFLINE, reason, status)
    return Diagnosis(causes.UNKNOWN, f"{type(exc).__name__}: {text.splitlines()[0] if text else ''}".strip(), status)
