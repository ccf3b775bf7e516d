"""Settings that change how huggingface_hub talks to the Hub, named when they matter."""
from __future__ import annotations

from typing import List, Mapping, Optional, Tuple
from urllib.parse import urlsplit

from . import causes
from .context import Context
from .messages import t
from .result import Fix, Outcome, Status, passed, problem

PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy")
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def hub_settings(ctx: Context) -> Outcome:
    """Offline mode, a non-default endpoint, proxies, and where a token could come from (hub.token judges it)."""
    paths = ctx.hub_paths()
    env = ctx.env
    proxies = [name for name in PROXY_VARIABLES if env.get(name)]
    no_proxy = env.get("NO_PROXY", env.get("no_proxy", ""))
    endpoint = _without_userinfo(paths.endpoint)
    custom_endpoint = paths.endpoint.rstrip("/") != paths.default_endpoint.rstrip("/")
    env_token_name, env_token = _env_token(env)
    saved = (ctx.read_text(paths.token) or "").strip()

    notes: List[str] = []
    if custom_endpoint:
        notes.append(t("env.settings.custom_endpoint", endpoint=endpoint, default=paths.default_endpoint))
    if paths.offline:
        notes.append(t("env.settings.offline_note"))
    if proxies:
        notes.append(t("env.settings.proxy", variables=", ".join(proxies)))
    if env_token_name and saved:
        notes.append(t("env.settings.token_variable_and_login", name=env_token_name))
    elif env_token_name:
        notes.append(t("env.settings.token_variable", name=env_token_name))
    elif saved:
        notes.append(t("env.settings.saved_login"))
    details: Tuple[str, ...] = ()
    if env.get("HF_HUB_DISABLE_IMPLICIT_TOKEN"):
        details += (t("env.settings.implicit_token_disabled"),)
    if env.get("HF_HUB_ENABLE_HF_TRANSFER"):
        details += (t("env.settings.hf_transfer_ignored"),)

    data = {
        "endpoint": endpoint,
        "default_endpoint": not custom_endpoint,
        "offline": paths.offline,
        "proxy_variables": proxies,
        "no_proxy": no_proxy or None,
        "token_variable": env_token_name,
        "saved_login": bool(saved),
        "token_used": env_token_name if env_token else ("saved login" if saved else None),
        "cache": paths.cache,
    }

    if paths.offline:
        return problem(
            Status.WARN,
            t("env.settings.offline"),
            causes.NETWORK_OFFLINE,
            Fix(t("env.settings.offline.fix"),
                commands=("unset HF_HUB_OFFLINE TRANSFORMERS_OFFLINE",)),
            data=data, details=details,
        )
    host = urlsplit(paths.endpoint).hostname or ""
    if proxies and host in LOOPBACK and not any(h.strip() in LOOPBACK for h in no_proxy.split(",")):
        return problem(
            Status.WARN,
            t("env.settings.proxy_local", endpoint=endpoint, proxies=", ".join(proxies)),
            causes.NETWORK_OFFLINE,
            Fix(t("env.settings.proxy_local.fix"), commands=("export NO_PROXY=127.0.0.1,localhost",)),
            data=data, details=details,
        )
    return passed("; ".join(notes) if notes else t("env.settings.default"), data, details=details)


def _env_token(env: Mapping[str, str]) -> Tuple[Optional[str], Optional[str]]:
    # huggingface_hub reads HF_TOKEN first, then the legacy HUGGING_FACE_HUB_TOKEN.
    for name in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"):
        if env.get(name):
            return name, env[name]
    return None, None


def _without_userinfo(url: str) -> str:
    parts = urlsplit(url)
    if parts.username or parts.password:
        return url.replace(parts.netloc, (parts.hostname or "") + (f":{parts.port}" if parts.port else ""), 1)
    return url
