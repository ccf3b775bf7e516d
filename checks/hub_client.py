"""The Hub as the checks see it: huggingface_hub's own client, pointed at an endpoint, plus token discovery.

Token discovery is written here once: where a token can come from (the source names), in which order the
libraries look (:func:`token_sources`), how the saved login is read (:func:`read_saved_login`) and how a token
is cleaned before it is sent (:func:`clean_token`). The context, hub.settings and the guided run's "replace the
saved token?" question all use these.

huggingface_hub is imported inside each method: a check that never talks to the Hub never pays for it.
"""
from __future__ import annotations

import threading
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

from .hub_wait import API_TIMEOUT_S, bounded, quiet

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


@dataclass(frozen=True)
class TokenSource:
    """A place a token was found. ``raw`` is the value exactly as stored: never printed, never in a repr."""

    source: str                                   # one of the names above
    raw: str = field(repr=False)


@dataclass(frozen=True)
class ColabSecret:
    """What Colab's secret store said about HF_TOKEN: found, not_granted, missing, or n/a outside Colab."""

    state: str
    raw: Optional[str] = field(default=None, repr=False)


def clean_token(raw: str) -> str:
    """The token as huggingface_hub sends it: line breaks removed, surrounding spaces stripped (exactly as much
    as the library cleans, so that hub.token judges what is really sent)."""
    return raw.replace("\r", "").replace("\n", "").strip()


def without_final_newline(text: str) -> str:
    """A file's (or stdin's) final newline is how text ends, not a pasting mistake: only the rest is judged."""
    return text[:-2] if text.endswith("\r\n") else text[:-1] if text.endswith("\n") else text


def _read_file(path: str) -> Optional[str]:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def read_saved_login(path: str, read_text: Callable[[str], Optional[str]] = _read_file) -> Optional[str]:
    """The token ``hf auth login`` saved at ``path`` (HF_TOKEN_PATH) exactly as stored, without the file's final
    newline; None when there is no file or only blanks. ``read_text`` is the context's way to read a file (a
    test's fake machine has its own)."""
    text = read_text(path)
    if not text or not text.strip():
        return None
    return without_final_newline(text)


def saved_login_token(path: str, read_text: Callable[[str], Optional[str]] = _read_file) -> Optional[str]:
    """The saved login's token as the libraries would send it (cleaned), or None when nobody logged in."""
    stored = read_saved_login(path, read_text)
    return clean_token(stored) if stored is not None else None


def token_sources(env: Mapping[str, str], saved_login: Optional[str], explicit: Optional[TokenSource] = None,
                  secret: Optional[ColabSecret] = None) -> Tuple[TokenSource, ...]:
    """Every token found, in the contract's order (the first one is what the libraries send), as stored.

    ``explicit`` is one handed over (``--token-file`` or a hidden prompt), ``env`` the process environment,
    ``saved_login`` what :func:`read_saved_login` read, ``secret`` what Colab's secret store said.
    """
    found: List[TokenSource] = []
    if explicit is not None:
        found.append(explicit)
    found += [TokenSource(name, env[name]) for name in ENV_SOURCES if env.get(name)]
    if saved_login is not None:
        found.append(TokenSource(SAVED_LOGIN, saved_login))
    if secret is not None and secret.state == "found" and secret.raw:
        found.append(TokenSource(COLAB_SECRET, secret.raw))
    return tuple(found)


class HubClient:
    """Thin wrapper so that checks call the real client and tests can swap the endpoint.

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
        return bounded(lambda: self._api().whoami(token=token))  # type: ignore[no-any-return]

    def auth_check(self, repo_id: str, token: Optional[str]) -> None:
        bounded(lambda: self._api().auth_check(repo_id, token=token or False))

    def model_info(self, repo_id: str, token: Optional[str], files: bool = False) -> Dict[str, Any]:
        """Public metadata (also for gated repos): with ``files``, every file's size and the safetensors
        parameter counts by dtype that the Hub computed from the headers."""
        key = (repo_id, token, files)
        with self._lock:
            if key not in self._infos:
                info = bounded(lambda: self._api().model_info(repo_id, token=token or False, files_metadata=files))
                result: Dict[str, Any] = {"id": info.id, "sha": info.sha, "gated": info.gated, "private": info.private,
                                          "license": card_license(info.card_data, info.tags)}
                if files:
                    result["files"] = {s.rfilename: s.size for s in info.siblings or []}
                    # The Hub's sha256 of each LFS file: what a cached copy is checked against.
                    result["sha256"] = {s.rfilename: s.lfs.sha256 for s in info.siblings or []
                                        if getattr(s, "lfs", None) is not None and getattr(s.lfs, "sha256", None)}
                    result["parameters"] = dict(info.safetensors.parameters) if info.safetensors else None
                    result["model_type"] = (info.config or {}).get("model_type")
                self._infos[key] = result
            return dict(self._infos[key])

    def xet_enabled(self, repo_id: str, token: Optional[str]) -> Optional[bool]:
        """Whether the Hub stores this repo's large files on Xet (the repo's ``xetEnabled``, asked for with
        ``expand``), None when the Hub does not say. Metadata only: nothing here makes a download use Xet."""
        info = bounded(lambda: self._api().model_info(repo_id, token=token or False,
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
        metadata = bounded(lambda: self._api().get_safetensors_metadata(repo_id, token=token or False))
        return dict(metadata.parameter_count)

    def config(self, repo_id: str, token: Optional[str]) -> Dict[str, Any]:
        """``config.json``, through the cache like transformers reads it."""
        import json

        from huggingface_hub import hf_hub_download

        path = bounded(lambda: hf_hub_download(repo_id, "config.json", token=token or False, endpoint=self.endpoint,
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
                                     token=token or False, endpoint=self.endpoint, cache_dir=self.cache_dir)

    def model_ids(self, author: str, token: Optional[str]) -> List[str]:
        return bounded(lambda: [m.id for m in self._api().list_models(author=author, limit=1000,
                                                                      token=token or False)])


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
