"""Settings that change how huggingface_hub talks to the Hub, named when they matter."""
from __future__ import annotations

from typing import List, Tuple
from urllib.parse import urlsplit

from . import causes
from .context import Context
from .hub_client import ENV_SOURCES, saved_login_token, token_sources
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
    endpoint = _without_userinfo(paths.endpoint)
    custom_endpoint = paths.endpoint.rstrip("/") != paths.default_endpoint.rstrip("/")
    saved = saved_login_token(paths.token, ctx.read_text)
    # The environment and the saved login, in the libraries' order (a --token-file or Colab secret is
    # hub.token's business): the first one is what a plain `from_pretrained` sends.
    sources = token_sources(env, saved)
    env_token_name = next((s.source for s in sources if s.source in ENV_SOURCES), None)

    notes: List[Text] = []
    if custom_endpoint:
        notes.append(Msg("env.settings.custom_endpoint", endpoint=endpoint, default=paths.default_endpoint))
    if paths.offline:
        notes.append(Msg("env.settings.offline_note"))
    if proxies:
        notes.append(Msg("env.settings.proxy", variables=", ".join(proxies)))
    if env_token_name and saved:
        notes.append(Msg("env.settings.token_variable_and_login", name=env_token_name))
    elif env_token_name:
        notes.append(Msg("env.settings.token_variable", name=env_token_name))
    elif saved:
        notes.append(Msg("env.settings.saved_login"))
    details: Tuple[Text, ...] = ()
    if env.get("HF_HUB_DISABLE_IMPLICIT_TOKEN"):
        details += (Msg("env.settings.implicit_token_disabled"),)
    if env.get("HF_HUB_ENABLE_HF_TRANSFER"):
        details += (Msg("env.settings.hf_transfer_ignored"),)

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

    host = urlsplit(paths.endpoint).hostname or ""
    if not paths.offline and proxies and host in LOOPBACK and \
            not any(h.strip() in LOOPBACK for h in no_proxy.split(",")):
        return problem(
            Status.WARN,
            Msg("env.settings.proxy_local", endpoint=endpoint, proxies=", ".join(proxies)),
            causes.NETWORK_OFFLINE,
            Fix(Msg("env.settings.proxy_local.fix"), commands=("export NO_PROXY=127.0.0.1,localhost",)),
            data=data, details=details,
        )
    return passed(join("; ", notes) if notes else Msg("env.settings.default"), data, details=details)


def _without_userinfo(url: str) -> str:
    parts = urlsplit(url)
    if parts.username or parts.password:
        return url.replace(parts.netloc, (parts.hostname or "") + (f":{parts.port}" if parts.port else ""), 1)
    return url
