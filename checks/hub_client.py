"""The Hub as the checks see it: huggingface_hub's own client, pointed at an endpoint, plus token discovery.

Token discovery is written here once: where a token can come from (the source names), in which order the
libraries look (:func:`token_sources`), how each source is read into a value with a diagnosis when it is no
usable token (:func:`read_token_bytes`, :func:`read_saved_login`) and how a token is cleaned before it is sent
(:func:`clean_token`). The context, hub.settings and the guided run's "replace the saved token?" question all use
these. Every value read is remembered by :mod:`checks.secrets`, so that no output can show it.

huggingface_hub is imported inside each method: a check that never talks to the Hub never pays for it.
"""
from __future__ import annotations

import codecs
import threading
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

from . import secrets
from .hub_wait import API_TIMEOUT_S, bounded, quiet
from .text import Msg, Text

NETWORK_TIMEOUT_S = API_TIMEOUT_S

# Where a token can come from, in the contract's order of precedence. The report's data names the source with
# these values (scripts read them); a summary says them through hub.source_label.
TOKEN_FILE = "--token-file"          # --token-file FILE or stdin
PROMPT = "prompt"                    # typed at a hidden prompt (the guided run, the notebook)
HF_TOKEN = "HF_TOKEN"
HUGGING_FACE_HUB_TOKEN = "HUGGING_FACE_HUB_TOKEN"   # the legacy variable huggingface_hub still reads
SAVED_LOGIN = "saved login"          # hf auth login's token file (HF_TOKEN_PATH)
COLAB_SECRET = "Colab secret"        # the notebook's secret HF_TOKEN, readable only inside the kernel
ENV_SOURCES = (HF_TOKEN, HUGGING_FACE_HUB_TOKEN)

# A token file holds one token of 37 characters: anything longer is not one (and /dev/zero never ends).
MAX_TOKEN_BYTES = 4096


@dataclass(frozen=True)
class TokenSource:
    """A place a token was found. ``raw`` is the value exactly as stored: never printed, never in a repr.

    ``problem`` says why what is stored there cannot be sent at all (a clause: "is UTF-16 text, which
    huggingface_hub cannot read"), decided when it was read; ``note`` how it was read when that was not plain
    UTF-8 (a detail line: "read as UTF-16, the encoding PowerShell writes")."""

    source: str                                   # one of the names above
    raw: str = field(repr=False)
    problem: Optional[Text] = None
    note: Optional[Text] = None

    def __post_init__(self) -> None:
        secrets.remember(self.raw)


@dataclass(frozen=True)
class ColabSecret:
    """What Colab's secret store said about HF_TOKEN: found, not_granted, missing, or n/a outside Colab."""

    state: str
    raw: Optional[str] = field(default=None, repr=False)

    def __post_init__(self) -> None:
        secrets.remember(self.raw)


def clean_token(raw: str) -> str:
    """The token as huggingface_hub sends it: line breaks removed, surrounding spaces stripped (exactly as much
    as the library cleans, so that hub.token judges what is really sent)."""
    return raw.replace("\r", "").replace("\n", "").strip()


def without_final_newline(text: str) -> str:
    """A file's (or stdin's) final newline is how text ends, not a pasting mistake: only the rest is judged."""
    return text[:-2] if text.endswith("\r\n") else text[:-1] if text.endswith("\n") else text


# How bytes were read as text: plain UTF-8, or one of the encodings Windows tools write.
UTF8 = "utf8"
UTF8_BOM = "utf8_bom"            # Notepad's "UTF-8 with BOM", PowerShell 5's Out-File -Encoding utf8
UTF16 = "utf16"                    # PowerShell 5's `>` and Out-File: UTF-16 with a byte order mark
UTF16_NO_BOM = "utf16_no_bom"    # the same without its mark (a program that wrote it by hand)
NOT_UTF8 = "not_utf8"            # neither: read as Latin-1 (Windows-1252 and Latin-1 files), byte for byte


def decode_text(data: bytes) -> Tuple[str, str]:
    """``data`` as text, and which of the encodings above it was read in. Never raises: bytes that are no
    UTF-8 are read as Latin-1, where every byte is a character."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), UTF8_BOM
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), UTF16
    unmarked = _utf16_without_bom(data)
    if unmarked is not None:
        return data.decode(unmarked, errors="replace"), UTF16_NO_BOM
    try:
        return data.decode("utf-8"), UTF8
    except UnicodeDecodeError:
        return data.decode("latin-1"), NOT_UTF8


def _utf16_without_bom(data: bytes) -> Optional[str]:
    """``utf-16-le`` or ``utf-16-be`` when ``data`` is ASCII text written two bytes a character (every other
    byte a NUL, the others not), None otherwise."""
    if len(data) < 4:
        return None
    even, odd = data[0::2], data[1::2]
    if not odd.strip(b"\0") and even.strip(b"\0") == even:
        return "utf-16-le"
    if not even.strip(b"\0") and odd.strip(b"\0") == odd:
        return "utf-16-be"
    return None


@dataclass(frozen=True)
class StoredToken:
    """A token file read: its text (without the final newline), or None when there is no file or only blanks;
    ``problem`` and ``note`` as in TokenSource."""

    text: Optional[str] = field(repr=False)
    problem: Optional[Text] = None
    note: Optional[Text] = None


def read_token_bytes(data: bytes, like_the_libraries: bool) -> StoredToken:
    """A token file's bytes as a validated value, never an exception.

    ``like_the_libraries``: the file is the saved login, which huggingface_hub reads as UTF-8 text: any other
    encoding is a ``problem`` (the libraries fail on it, or send garbage), named with what PowerShell or Notepad
    wrote. Otherwise (``--token-file``, hf-doctor's own input) a UTF-16 or UTF-8-with-BOM file is read as what it
    is, and ``note`` says so; only bytes that are no text of any kind are a ``problem``."""
    if len(data) > MAX_TOKEN_BYTES:
        secrets.remember(data[:MAX_TOKEN_BYTES].decode("latin-1"))
        return StoredToken(None, Msg("hub.stored.too_long", limit=MAX_TOKEN_BYTES))
    text, encoding = decode_text(data)
    secrets.remember(text)
    if not text.strip():
        return StoredToken(None)
    text = without_final_newline(text)
    if encoding == UTF8:
        return StoredToken(text)
    if encoding == NOT_UTF8:
        return StoredToken(text, Msg("hub.stored.not_utf8"))
    if like_the_libraries:
        return StoredToken(text, Msg(f"hub.stored.{encoding}"))
    return StoredToken(text, note=Msg(f"hub.stored.read_as.{encoding}"))


def read_token_file(path: str, like_the_libraries: bool) -> StoredToken:
    """The token file at ``path`` (at most MAX_TOKEN_BYTES of it): no file, or one that cannot be read, is no
    token; what is in it is judged by :func:`read_token_bytes`."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_TOKEN_BYTES + 1)
    except (OSError, ValueError):
        return StoredToken(None)
    return read_token_bytes(data, like_the_libraries)


def read_saved_login(path: str, read_text: Optional[Callable[[str], Optional[str]]] = None) -> StoredToken:
    """The token ``hf auth login`` saved at ``path`` (HF_TOKEN_PATH), judged as huggingface_hub will read it.
    ``read_text`` replaces the file system with a test's fake machine (text, as stored)."""
    if read_text is None:
        return read_token_file(path, like_the_libraries=True)
    text = read_text(path)
    return read_token_bytes(text.encode("utf-8", errors="surrogateescape") if text else b"", like_the_libraries=True)


def saved_login_token(path: str, read_text: Optional[Callable[[str], Optional[str]]] = None) -> Optional[str]:
    """The saved login's token as the libraries would send it (cleaned), or None when nobody logged in or the
    file cannot be sent as it is (hub.token says why)."""
    stored = read_saved_login(path, read_text)
    return clean_token(stored.text) if stored.text is not None and stored.problem is None else None


def env_sources(env: Mapping[str, str]) -> List[TokenSource]:
    """HF_TOKEN and its legacy name, as set."""
    return [TokenSource(name, env[name]) for name in ENV_SOURCES if env.get(name)]


def token_sources(env: Mapping[str, str], saved_login: Optional[StoredToken],
                  explicit: Optional[TokenSource] = None,
                  secret: Optional[ColabSecret] = None) -> Tuple[TokenSource, ...]:
    """Every token found, in the contract's order (the first one is what the libraries send), as stored.

    ``explicit`` is one handed over (``--token-file`` or a hidden prompt), ``env`` the process environment,
    ``saved_login`` what :func:`read_saved_login` read, ``secret`` what Colab's secret store said.
    """
    found: List[TokenSource] = []
    if explicit is not None:
        found.append(explicit)
    found += env_sources(env)
    if saved_login is not None and saved_login.text is not None:
        found.append(TokenSource(SAVED_LOGIN, saved_login.text, saved_login.problem, saved_login.note))
    if secret is not None and secret.state == "found" and secret.raw:
        found.append(TokenSource(COLAB_SECRET, secret.raw))
    return tuple(found)


class UnsendableToken(ValueError):
    """A token no HTTP header may carry (a space, a control or non-ASCII character): it is never sent. The text
    says so in the HTTP client's own words (hub_errors reads them) and names no character of it."""

    def __init__(self) -> None:
        super().__init__("Illegal header value: the token (not shown) has characters an HTTP header cannot carry; "
                         "it was not sent")


def sendable(token: Optional[str]) -> Any:
    """What the client passes as ``token=``: the token when it is printable ASCII without spaces, ``False`` (no
    token, not even the saved login) without one; raises UnsendableToken otherwise. The checks never hand a
    malformed token over; this is the last line of defence, so that none leaves, even in an error message."""
    if not token:
        return False
    if not all("!" <= ch <= "~" for ch in token):
        raise UnsendableToken()
    return token


class HubClient:
    """Thin wrapper so that checks call the real client and tests can swap the endpoint. A token goes out only
    through :func:`sendable`.

    Every call that asks the Hub is bounded (checks/hub_wait.py): at most API_TIMEOUT_S seconds and a few quiet
    retries, then HubUnanswered, which hub_errors.diagnose names as a network cause."""

    def __init__(self, endpoint: str, cache_dir: Optional[str] = None) -> None:
        self.endpoint = endpoint.rstrip("/")
        self.cache_dir = cache_dir   # None: huggingface_hub's own (HF_HUB_CACHE)
        # Four model checks ask for the same metadata at once: one request answers them all.
        self._infos: Dict[Tuple[str, Optional[str], bool], Dict[str, Any]] = {}
        self._lock = threading.Lock()

    def _api(self) -> Any:
        from huggingface_hub import HfApi

        return HfApi(endpoint=self.endpoint)

    def ping(self, timeout: float = NETWORK_TIMEOUT_S) -> None:
        """One cheap API request through huggingface_hub's session, bounded and without retries."""
        from huggingface_hub.utils import get_session, hf_raise_for_status

        response = get_session().get(f"{self.endpoint}/api/models", params={"limit": 1}, timeout=timeout)
        hf_raise_for_status(response)

    def whoami(self, token: str) -> Dict[str, Any]:
        return bounded(lambda: self._api().whoami(token=sendable(token) or None))  # type: ignore[no-any-return]

    def auth_check(self, repo_id: str, token: Optional[str]) -> None:
        bounded(lambda: self._api().auth_check(repo_id, token=sendable(token)))

    def model_info(self, repo_id: str, token: Optional[str], files: bool = False) -> Dict[str, Any]:
        """Public metadata (also for gated repos): with ``files``, every file's size and the safetensors
        parameter counts by dtype that the Hub computed from the headers."""
        key = (repo_id, token, files)
        with self._lock:
            if key not in self._infos:
                info = bounded(lambda: self._api().model_info(repo_id, token=sendable(token), files_metadata=files))
                result: Dict[str, Any] = {"id": info.id, "sha": info.sha, "gated": info.gated, "private": info.private,
                                          "license": card_license(info.card_data, info.tags)}
                if files:
                    result["files"] = {s.rfilename: s.size for s in info.siblings or []}
                    # The Hub's sha256 of each LFS file: what a cached copy is checked against.
                    result["sha256"] = {s.rfilename: s.lfs.sha256 for s in info.siblings or []
                                        if getattr(s, "lfs", None) is not None and getattr(s.lfs, "sha256", None)}
                    result["parameters"] = dict(info.safetensors.parameters) if info.safetensors else None
                    result["model_type"] = (info.config or {}).get("model_type")
                    # A chat model: a template in tokenizer_config.json (as the Hub lists it) or its own file.
                    tokenizer_config = (info.config or {}).get("tokenizer_config") or {}
                    result["chat_template"] = bool(tokenizer_config.get("chat_template")) or any(
                        name in result["files"] for name in ("chat_template.jinja", "chat_template.json"))
                self._infos[key] = result
            return dict(self._infos[key])

    def xet_enabled(self, repo_id: str, token: Optional[str]) -> Optional[bool]:
        """Whether the Hub stores this repo's large files on Xet (the repo's ``xetEnabled``, asked for with
        ``expand``), None when the Hub does not say. Metadata only: nothing here makes a download use Xet."""
        info = bounded(lambda: self._api().model_info(repo_id, token=sendable(token),
                                                      expand=["xetEnabled"]))  # type: ignore[list-item]
        # Kept as the Hub spells it by 2.x's ModelInfo (unknown keys become attributes); some 1.x releases
        # parsed it into ``xet_enabled``.
        for name in ("xetEnabled", "xet_enabled"):
            value = getattr(info, name, None)
            if isinstance(value, bool):
                return value
        return None

    def safetensors_parameters(self, repo_id: str, token: Optional[str]) -> Dict[str, int]:
        """Parameter counts from the safetensors headers themselves (Range requests, no weights)."""
        metadata = bounded(lambda: self._api().get_safetensors_metadata(repo_id, token=sendable(token)))
        return dict(metadata.parameter_count)

    def config(self, repo_id: str, token: Optional[str]) -> Dict[str, Any]:
        """``config.json``, through the cache like transformers reads it."""
        import json

        from huggingface_hub import hf_hub_download

        path = bounded(lambda: hf_hub_download(repo_id, "config.json", token=sendable(token), endpoint=self.endpoint,
                                               cache_dir=self.cache_dir))
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)  # type: ignore[no-any-return]

    def cached_config(self, repo_id: str) -> Optional[Dict[str, Any]]:
        """``config.json`` from the local cache alone (no request), None when it is not there or not readable."""
        import json

        from huggingface_hub import try_to_load_from_cache

        path = try_to_load_from_cache(repo_id, "config.json", cache_dir=self.cache_dir)
        if not isinstance(path, str):
            return None
        try:
            with open(path, encoding="utf-8") as handle:
                found = json.load(handle)
        except (OSError, ValueError):
            return None
        return found if isinstance(found, dict) else None

    def cached(self, repo_id: str, filename: str) -> bool:
        """Whether the main revision's copy of a file is already in the local cache."""
        from huggingface_hub import try_to_load_from_cache

        return isinstance(try_to_load_from_cache(repo_id, filename, cache_dir=self.cache_dir), str)

    def cached_path(self, repo_id: str, filename: str) -> Optional[str]:
        """Where the main revision's copy of a file is in the local cache (None: not there)."""
        from huggingface_hub import try_to_load_from_cache

        found = try_to_load_from_cache(repo_id, filename, cache_dir=self.cache_dir)
        return found if isinstance(found, str) else None

    def local_snapshot(self, repo_id: str, files: List[str]) -> str:
        """The cached snapshot holding these files, without any request (raises when something is missing)."""
        from huggingface_hub import snapshot_download

        return snapshot_download(repo_id, allow_patterns=files, local_files_only=True,  # type: ignore[no-any-return]
                                 cache_dir=self.cache_dir)

    def download(self, repo_id: str, files: List[str], token: Optional[str]) -> str:
        """Exactly these files, through huggingface_hub (progress bars, cache reuse, retries). Not bounded here: a
        download takes as long as it takes; model.download's watchdog bounds its stalls and retries. Its retry
        messages are kept quiet (and noted for the watchdog)."""
        from huggingface_hub import snapshot_download

        with quiet():
            return snapshot_download(repo_id, allow_patterns=files,  # type: ignore[no-any-return]
                                     token=sendable(token), endpoint=self.endpoint, cache_dir=self.cache_dir)

    def model_ids(self, author: str, token: Optional[str]) -> List[str]:
        return bounded(lambda: [m.id for m in self._api().list_models(author=author, limit=1000,
                                                                      token=sendable(token))])


@dataclass(frozen=True)
class SavedLogin:
    """Where :func:`save_login` put a token: the name it is stored under in huggingface_hub's stored tokens;
    ``taken`` the name the Hub gave it when a different token already had that name (kept as it was); ``kept``
    the name given to the saved login it replaced, when no stored token held that one (else it would be lost)."""

    name: str
    taken: Optional[str] = None
    kept: Optional[str] = None


def _free_name(name: str, stored: Mapping[str, str], token: str) -> str:
    """``name``, or ``name (2)``, ``name (3)``…: the first that is free or already holds this very token."""
    candidate, number = name, 2
    while candidate in stored and stored[candidate] != token:
        candidate, number = f"{name} ({number})", number + 1
    return candidate


def save_login(token: str, endpoint: Optional[str] = None) -> SavedLogin:
    """What ``hf auth login`` does (whoami names the token; it is stored by that name, made the active login
    at HF_TOKEN_PATH, 0600), without its one loss: login() replaces a stored token of the same name, here a
    different token keeps its name and this one gets a free one. The saved login it replaces is stored too
    when no name holds it. Raises what whoami raises (the guided run saves only a token the Hub accepted)."""
    from huggingface_hub import HfApi, constants
    from huggingface_hub.utils import _auth

    identity = bounded(lambda: HfApi(endpoint=endpoint).whoami(token=sendable(token)))
    access = (identity.get("auth") or {}).get("accessToken") or {}
    name = str(access.get("displayName") or f"oauth-{identity.get('name')}")
    save = getattr(_auth, "_save_token", None)
    if save is None:   # huggingface_hub before 0.25 stores one token only: login() is all there is
        from huggingface_hub import login

        login(token=token, add_to_git_credential=False)
        return SavedLogin(name)
    stored = _auth.get_stored_tokens()
    for value in stored.values():
        secrets.remember(value)
    chosen = _free_name(name, stored, token)
    kept = None
    previous = saved_login_token(str(constants.HF_TOKEN_PATH))
    if previous and previous != token and previous not in stored.values():
        kept = _free_name("saved before hf-doctor", {**stored, chosen: token}, previous)
        save(previous, kept)
    save(token, chosen)
    from huggingface_hub import _login

    _login._set_active_token(chosen, add_to_git_credential=False)   # HF_TOKEN_PATH, as `hf auth switch` does
    return SavedLogin(chosen, name if chosen != name else None, kept)


def card_license(card: Any, tags: Optional[List[str]]) -> Optional[Dict[str, Optional[str]]]:
    """The licence the model card declares, as the Hub gives it with the model's metadata: ``cardData.license``
    (an id such as ``llama3.1`` or ``apache-2.0``, or ``other`` with a ``license_name`` and ``license_link``),
    else the ``license:<id>`` tag the Hub derives from it; None when the card names none."""
    def field_(name: str) -> Optional[str]:
        value = getattr(card, name, None) if card is not None else None
        if isinstance(value, list):   # a card may list several; the first is the one the Hub shows
            value = value[0] if value else None
        return str(value) if value else None

    license_id = field_("license") or next((t.split(":", 1)[1] for t in tags or () if t.startswith("license:")), None)
    if license_id is None:
        return None
    return {"id": license_id, "name": field_("license_name"), "link": field_("license_link")}


def colab_secret() -> ColabSecret:
    """The Colab secret HF_TOKEN, read through huggingface_hub (which asks Colab once per process).

    huggingface_hub turns a refused access into a warning and returns None; the warning is how we tell a
    secret the notebook may not read from a secret that does not exist.
    """
    try:
        from huggingface_hub.utils import _auth
    except ImportError:
        return ColabSecret("n/a")
    reader = getattr(_auth, "_get_token_from_google_colab", None)
    if reader is None:
        return ColabSecret("n/a")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = reader()
    if value:
        return ColabSecret("found", value)
    if any("has not been granted" in str(w.message) for w in caught):
        return ColabSecret("not_granted")
    return ColabSecret("missing")
