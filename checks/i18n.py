"""Message ids to words, from gettext catalogues (read with Babel), in a language the caller names.

The English sentences are the templates (``messages.pot``): each entry's ``msgctxt`` is the message id that code
uses, its ``msgid`` the English text, ``msgid_plural`` the English plural. A translation is one ``<lang>.po`` file
with the same entries and ``msgstr`` filled in, its plural forms chosen by its own ``Plural-Forms`` header. So
Poedit, Weblate, ``msgmerge`` and ``msginit`` open them as they are, and a new language is one new file.

Nothing here knows a "current" language: every call names the language it renders in. The checks' own
templates live beside them (``checks/messages.pot``); the front end adds its own and the translations
(``hf_doctor.i18n``). Files are read on first use, once.
"""
from __future__ import annotations

import gettext
import re
import threading
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, Optional, Sequence, Tuple

from .text import Join, Msg, Text

SOURCE_LANGUAGE = "en"
HERE = Path(__file__).resolve().parent
CHECKS_TEMPLATE = HERE / "messages.pot"

# {name}, {name!r}, {name:.2f}: the names a text's placeholders use.
_PLACEHOLDER = re.compile(r"(?<!\{)\{(\w+)(?:![rsa])?(?::[^{}]*)?\}")


def placeholders(text: str) -> Tuple[str, ...]:
    """The parameter names ``text`` uses, in order of first use."""
    return tuple(dict.fromkeys(_PLACEHOLDER.findall(text)))


class Entry:
    """One message: its forms (one, or one per plural form) and the function that picks the form for ``count``."""

    __slots__ = ("forms", "plural", "comments")

    def __init__(self, forms: Tuple[str, ...], plural: Optional[Callable[[int], int]], comments: Tuple[str, ...]):
        self.forms = forms
        self.plural = plural
        self.comments = comments

    @property
    def is_plural(self) -> bool:
        return self.plural is not None

    def text(self, params: Dict[str, Any]) -> str:
        if self.plural is None:
            return self.forms[0]
        count = params.get("count")
        index = self.plural(int(count)) if isinstance(count, (int, float)) else len(self.forms) - 1
        return self.forms[min(index, len(self.forms) - 1)]


def _read(path: Path) -> Any:
    from babel.messages.pofile import read_po   # imported on first render: the checks alone never need it

    with open(path, "rb") as handle:
        return read_po(handle, abort_invalid=True)


def _plural_function(expr: Optional[str]) -> Callable[[int], int]:
    return gettext.c2py(expr or "(n != 1)")


def _entries(path: Path, translated: bool) -> Dict[str, Entry]:
    catalog = _read(path)
    plural = _plural_function(catalog.plural_expr) if translated else _plural_function("(n != 1)")
    found: Dict[str, Entry] = {}
    for message in catalog:
        if not message.id or not message.context:
            continue   # the header
        if isinstance(message.id, (list, tuple)):
            forms = tuple(message.string) if translated else tuple(message.id)
            entry = Entry(forms, plural, tuple(message.auto_comments))
        else:
            entry = Entry((message.string if translated else message.id,), None, tuple(message.auto_comments))
        if not translated or all(entry.forms):   # an empty msgstr is "not translated yet": English is used
            found[message.context] = entry
    return found


class Catalogue:
    """English templates plus the translations in one folder (``<lang>.po`` each)."""

    def __init__(self, templates: Sequence[Path], translations: Optional[Path] = None) -> None:
        self.templates = tuple(templates)
        self.translations = translations
        self._loaded: Dict[str, Dict[str, Entry]] = {}
        self._lock = threading.Lock()

    def languages(self) -> Tuple[str, ...]:
        """English, then every language that has a file."""
        found = sorted(p.stem for p in self.translations.glob("*.po")) if self.translations else []
        return (SOURCE_LANGUAGE, *[lang for lang in found if lang != SOURCE_LANGUAGE])

    def entries(self, lang: str) -> Dict[str, Entry]:
        with self._lock:
            if lang not in self._loaded:
                self._loaded[lang] = self._load(lang)
            return self._loaded[lang]

    def _load(self, lang: str) -> Dict[str, Entry]:
        if lang == SOURCE_LANGUAGE:
            merged: Dict[str, Entry] = {}
            for template in self.templates:
                for key, entry in _entries(template, translated=False).items():
                    if key in merged:
                        raise ValueError(f"message id {key!r} is defined twice")
                    merged[key] = entry
            return merged
        if lang not in self.languages():
            raise ValueError(f"unknown language {lang!r}; choose from {', '.join(self.languages())}")
        assert self.translations is not None
        return _entries(self.translations / f"{lang}.po", translated=True)

    def ids(self) -> Iterator[str]:
        return iter(self.entries(SOURCE_LANGUAGE))

    def has(self, message_id: str) -> bool:
        return message_id in self.entries(SOURCE_LANGUAGE)

    def entry(self, lang: str, message_id: str) -> Entry:
        """The entry in ``lang``, the English one where ``lang`` has none yet; ``KeyError`` for an unknown id."""
        english = self.entries(SOURCE_LANGUAGE)[message_id]
        return self.entries(lang).get(message_id, english) if lang != SOURCE_LANGUAGE else english

    def render(self, text: Any, lang: str) -> str:
        """A text in ``lang``: a message with its placeholders filled (messages inside it rendered too)."""
        if isinstance(text, Msg):
            params = {key: self.render(value, lang) if isinstance(value, (Msg, Join)) else value
                      for key, value in text.params.items()}
            return self.entry(lang, text.id).text(params).format(**params)
        if isinstance(text, Join):
            return text.sep.join(self.render(part, lang) for part in text.parts)
        return "" if text is None else str(text)

    def renderer(self, lang: str) -> Callable[[Text], str]:
        return lambda text: self.render(text, lang)


# The checks' own sentences in English: what data["reason"] keeps for scripts, and what a Msg's str() says.
CHECKS = Catalogue([CHECKS_TEMPLATE])


def english(text: Text) -> str:
    try:
        return CHECKS.render(text, SOURCE_LANGUAGE)
    except KeyError:   # a front-end message: only the front end's catalogue knows it
        return repr(text) if isinstance(text, (Msg, Join)) else str(text)
