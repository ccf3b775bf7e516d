"""Every sentence a user reads, in English and Korean: one catalogue, one lookup.

The catalogue is split by area (one module each, every key prefixed with its module's name) so that a check's
sentences sit beside each other; :data:`CATALOGUE` is their union and a key may appear only once. Check ids,
cause ids, JSON keys, commands and URLs are never translated: they are placeholders or stay outside the text.

The language is chosen once per run (``--lang``, else ``HF_DOCTOR_LANG``, else the locale) with
:func:`set_language`; :func:`t` then fills in the sentence in that language. A sentence missing in Korean
falls back to English (tests forbid that); a key missing altogether is a bug and raises ``KeyError``.
"""
from __future__ import annotations

import contextlib
from typing import Dict, Iterator, Mapping, Optional

from . import cause, common, env, explain, flow, hub, model, report, summary, ui

LANGUAGES = ("en", "ko")
AREAS = (cause, common, env, explain, flow, hub, model, report, summary, ui)


def _merge() -> Dict[str, Dict[str, str]]:
    merged: Dict[str, Dict[str, str]] = {}
    for area in AREAS:
        for key, texts in area.MESSAGES.items():
            if key in merged:
                raise ValueError(f"message key {key!r} is defined twice")
            merged[key] = texts
    return merged


CATALOGUE: Dict[str, Dict[str, str]] = _merge()

_current = "en"


def language(flag: Optional[str], env: Mapping[str, str]) -> str:
    """--lang, else HF_DOCTOR_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG); English by default."""
    for value in (flag, env.get("HF_DOCTOR_LANG"), env.get("LC_ALL"), env.get("LC_MESSAGES"), env.get("LANG")):
        if value:
            code = value.split("_")[0].split(".")[0].split("-")[0].lower()
            if code in LANGUAGES:
                return code
            if flag is not None and value == flag:
                return "en"
    return "en"


def set_language(lang: str) -> None:
    """Speak ``lang`` from now on (the CLI and ``wizard.run`` call this once, before any check runs)."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose from {', '.join(LANGUAGES)}")
    _current = lang


def current_language() -> str:
    return _current


@contextlib.contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Speak ``lang`` inside the block, and whatever was spoken before after it."""
    before = _current
    set_language(lang)
    try:
        yield
    finally:
        set_language(before)


def t(key: str, /, **params: object) -> str:
    """The sentence ``key`` in the current language, with its placeholders filled."""
    return tr(_current, key, **params)


def tr(lang: str, key: str, /, **params: object) -> str:
    """The sentence ``key`` in ``lang`` (English when that language lacks it), with its placeholders filled."""
    texts = CATALOGUE[key]
    return (texts.get(lang) or texts["en"]).format(**params)


def has(key: str) -> bool:
    return key in CATALOGUE
