"""Settings that change how huggingface_hub talks to the Hub, named when they matter."""
from __future__ import annotations

from typing import List, Mapping, Optional, Tuple
from urllib.parse import urlsplit

from . import causes
from .context import Context, HubPaths
from .hub_client import ENV_SOURCES, clean_token, token_sources
from .result import Fix, Outcome, Status, passed, problem
from .text import Msg, Text, join

PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy")
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def hub_settings(ctx: Context) -> Outcome:
    """Offline mode, a non-default endpoint, proxies, and where a token could come from (hub.token judges it).

    Offline mode is named here, not judged: hub.network fails on it with the one fix (one cause, one fix)."""
    paths = ctx.hub_paths()
    env = ctx.env
    proxies = [name for name in PROXY_VARIABLES if env.get(name)]
    no_proxy = env.get("NO_PROXY", env.get("no_proxy", ""))
    endpoint = _without_userinfo(paths.endpoint)   # the report is shared: never a password from the URL
    custom_endpoint = paths.endpoint.rstrip("/") != paths.default_endpoint.rstrip("/")
    stored = ctx.saved_login()
    saved = clean_token(stored.text) if stored.text is not None else None
    # The environment and the saved login, in the libraries' order (a --token-file or Colab secret is
    # hub.token's business): the first one is what a plain `from_pretrained` sends.
    sources = token_sources(env, stored)
    env_token_name = next((s.source for s in sources if s.source in ENV_SOURCES), None)
    data = {
        "endpoint": endpoint,
        "default_endpoint": not custom_endpoint,
        "offline": paths.offline,
        "proxy_variables": proxies,
        "no_proxy": no_proxy or None,
        "token_variable": env_token_name,
        "saved_login": bool(saved),
        "token_used": sources[0].source if sources else None,
        "cache": paths.cache,
    }
    details = _ignored_settings(env)
    if not paths.offline and _proxy_catches_local_hub(paths.endpoint, proxies, no_proxy):
        return problem(
            Status.WARN,
            Msg("env.settings.proxy_local", endpoint=endpoint, proxies=", ".join(proxies)),
            causes.NETWORK_OFFLINE,
            Fix(Msg("env.settings.proxy_local.fix"), commands=("export NO_PROXY=127.0.0.1,localhost",)),
            data=data, details=details,
        )
    notes = _notes(paths, endpoint, custom_endpoint, proxies, env_token_name, bool(saved))
    return passed(join("; ", notes) if notes else Msg("env.settings.default"), data, details=details)


def _notes(paths: HubPaths, endpoint: str, custom_endpoint: bool, proxies: List[str],
           env_token_name: Optional[str], saved: bool) -> List[Text]:
    """What the summary names, each only when it differs from a fresh install's default."""
    notes: List[Text] = []
    if custom_endpoint:
        notes.append(Msg("env.settings.custom_endpoint", endpoint=endpoint, default=paths.default_endpoint))
    if paths.offline:
        notes.append(Msg("env.settings.offline_note"))
    if proxies:
        notes.append(Msg("env.settings.proxy", variables=", ".join(proxies)))
    # Both sources named together: the variable wins, and a saved login behind it is easily forgotten.
    if env_token_name and saved:
        notes.append(Msg("env.settings.token_variable_and_login", name=env_token_name))
    elif env_token_name:
        notes.append(Msg("env.settings.token_variable", name=env_token_name))
    elif saved:
        notes.append(Msg("env.settings.saved_login"))
    return notes


def _ignored_settings(env: Mapping[str, str]) -> Tuple[Text, ...]:
    """Variables whose effect does not show in a run: the implicit token switched off (a plain
    `from_pretrained` sends none), and hf_transfer, which huggingface_hub 1.0 ignores. Details, not notes:
    they explain a surprise rather than describe the setup."""
    details: Tuple[Text, ...] = ()
    if env.get("HF_HUB_DISABLE_IMPLICIT_TOKEN"):
        details += (Msg("env.settings.implicit_token_disabled"),)
    if env.get("HF_HUB_ENABLE_HF_TRANSFER"):
        details += (Msg("env.settings.hf_transfer_ignored"),)
    return details


def _proxy_catches_local_hub(endpoint: str, proxies: List[str], no_proxy: str) -> bool:
    """A proxy variable without NO_PROXY for the loopback sends requests for a local Hub (the emulator, a
    mirror on this machine) to the proxy, which cannot reach them."""
    host = urlsplit(endpoint).hostname or ""
    return bool(proxies) and host in LOOPBACK and not any(h.strip() in LOOPBACK for h in no_proxy.split(","))


def _without_userinfo(url: str) -> str:
    parts = urlsplit(url)
    if parts.username or parts.password:
        return url.replace(parts.netloc, (parts.hostname or "") + (f":{parts.port}" if parts.port else ""), 1)
    return url
