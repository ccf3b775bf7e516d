"""The product's catalogue: the checks' sentences, the front end's own, and every translation; and the choice of
language for a run (``--lang``, else ``HF_DOCTOR_LANG``, else the locale).

The front end's English sentences are ``wizard/messages.pot`` (kept with the front end); the translations of
everything are ``locale/<lang>.po`` beside it, one file per language. A front end renders with a
:class:`Speaker` for the language it was asked for; nothing here is global state.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Optional, Tuple

from .checks.i18n import CHECKS_TEMPLATE, Catalogue
from .checks.text import Msg, Text

HERE = Path(__file__).resolve().parent
CATALOGUE = Catalogue([CHECKS_TEMPLATE, HERE / "messages.pot"], HERE / "locale")
LANGUAGES: Tuple[str, ...] = CATALOGUE.languages()


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


class Speaker:
    """Says texts in one language: ``say(text)`` for a check's text (a message, a join or a plain string),
    ``say.t("ui.fix.label", **params)`` for a sentence the front end names by id."""

    def __init__(self, lang: str, catalogue: Catalogue = CATALOGUE) -> None:
        if lang not in catalogue.languages():
            raise ValueError(f"unknown language {lang!r}; choose from {', '.join(catalogue.languages())}")
        self.lang = lang
        self.catalogue = catalogue

    def __call__(self, text: Text) -> str:
        return self.catalogue.render(text, self.lang)

    def t(self, message_id: str, /, **params: Any) -> str:
        """The message ``message_id`` (a front-end sentence the caller names by id)."""
        return self.catalogue.render(Msg(message_id, **params), self.lang)


def speaker(lang: Optional[str] = None, env: Optional[Mapping[str, str]] = None) -> Speaker:
    import os

    return Speaker(language(lang, os.environ if env is None else env))
