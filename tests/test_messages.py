"""The message catalogue (gettext: English templates, one .po per language): complete, in sync, every message
renderable in every language with the parameters the code passes, and a third language is one new file."""
from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Dict, Iterator, Optional, Set, Tuple

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from hf_doctor.checks.i18n import CHECKS_TEMPLATE, Catalogue, placeholders
from hf_doctor.checks.registry import all_checks
from hf_doctor.checks.text import Join, Msg
from hf_doctor.i18n import CATALOGUE, LANGUAGES, Speaker, language

ROOT = Path(__file__).resolve().parent.parent
FRONT_TEMPLATE = ROOT / "wizard" / "messages.pot"
LOCALE = ROOT / "wizard" / "locale"
SOURCES = sorted((ROOT / "checks").rglob("*.py")) + sorted((ROOT / "wizard").rglob("*.py"))
HANGUL = re.compile("[가-힣]")

# The checks' sentences and the front end's are kept apart, each with its own code (contract: front-end
# sentences stay with the front end).
AREAS = {CHECKS_TEMPLATE: ("common", "env", "hub", "model", "cause", "lint"),
         FRONT_TEMPLATE: ("ui", "flow", "report", "summary", "explain", "script", "lint")}

# Names that read the same in Korean: a product, a language, an acronym.
SAME_IN_BOTH = {"common.check.python.version", "common.check.gpu.device"}
# English that quotes Korean on purpose: the seed tutorial's instruction, which the generation sends as it is.
QUOTES_KOREAN = {"common.check.model.generate.about"}


def entries(path: Path) -> Dict[str, object]:
    with open(path, "rb") as handle:
        return {m.context: m for m in read_po(handle) if m.id and m.context}


def forms(message: object) -> Tuple[str, ...]:
    value = message.id  # type: ignore[attr-defined]
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


def translations(message: object) -> Tuple[str, ...]:
    value = message.string  # type: ignore[attr-defined]
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


def declared(message_id: str) -> Set[str]:
    """The parameters a message declares: every placeholder its English forms use."""
    entry = CATALOGUE.entry("en", message_id)
    names = {name for form in entry.forms for name in placeholders(form)}
    return names | ({"count"} if entry.is_plural else set())


TEMPLATES = {**entries(CHECKS_TEMPLATE), **entries(FRONT_TEMPLATE)}


@pytest.mark.parametrize("path", sorted(LOCALE.glob("*.po")), ids=lambda p: p.name)
def test_each_translation_has_exactly_the_templates_entries_with_the_same_english(path: Path) -> None:
    translated = entries(path)
    assert set(translated) == set(TEMPLATES), (
        f"missing: {sorted(set(TEMPLATES) - set(translated))}, stale: {sorted(set(translated) - set(TEMPLATES))}")
    for key, message in translated.items():
        assert forms(message) == forms(TEMPLATES[key]), f"{key}: the English changed, translate it again"


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_every_message_is_translated_with_the_same_placeholders(key: str) -> None:
    english = forms(TEMPLATES[key])
    assert all(text.strip() for text in english), key
    for lang in LANGUAGES[1:]:
        translated = translations(entries_of(lang)[key])
        assert all(text.strip() for text in translated), f"{key} is not translated to {lang}"
        for text in translated:
            assert set(placeholders(text)) <= declared(key), f"{key} in {lang} uses an undeclared placeholder"
            assert set(placeholders(text)) | {"count"} >= set(placeholders(english[-1])), key
    korean = translations(entries_of("ko")[key])
    # Placeholders, code (ids, commands) and statuses are never translated: a text of only those needs no Korean.
    words = re.sub(r"\{[^{}]*\}|`[^`]*`|\b(?:pass|warn|fail|skip|error)\b", "", english[0])
    if key not in SAME_IN_BOTH and re.search(r"[A-Za-z]", words):
        assert all(HANGUL.search(text) for text in korean), f"{key} is not translated"
        assert key in QUOTES_KOREAN or not any(HANGUL.search(text) for text in english), f"{key}: Korean in English"


_PO: Dict[str, Dict[str, object]] = {}


def entries_of(lang: str) -> Dict[str, object]:
    if lang not in _PO:
        _PO[lang] = entries(LOCALE / f"{lang}.po")
    return _PO[lang]


def test_ids_carry_their_area_name_and_live_with_their_code() -> None:
    for template, areas in AREAS.items():
        for key in entries(template):
            assert key.split(".")[0] in areas, f"{key} does not belong in {template.relative_to(ROOT)}"


def test_every_entry_has_a_translator_comment_or_speaks_for_itself() -> None:
    """Placeholders are named for the translator; a plural says which parameter picks the form."""
    for key, message in TEMPLATES.items():
        comments = " ".join(message.auto_comments)  # type: ignore[attr-defined]
        for name in declared(key) - {"count"}:
            assert "{%s}" % name in comments, f"{key}: the comment does not name {{{name}}}"
        if isinstance(message.id, (list, tuple)):  # type: ignore[attr-defined]
            assert "{count}" in comments, key


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_renders_in_every_language_with_its_declared_parameters(lang: str) -> None:
    say = Speaker(lang)
    for key in TEMPLATES:
        params = {name: 2 if name == "count" else f"<{name}>" for name in declared(key)}
        text = say(Msg(key, **params))
        assert text.strip() and "{" not in text.replace("{{", ""), (key, text)


def test_a_missing_parameter_is_an_error_the_tests_catch_not_a_silent_gap() -> None:
    with pytest.raises(KeyError):
        Speaker("en")(Msg("ui.error.unknown_gpu", value="'t5'"))   # {choices} not given
    with pytest.raises(KeyError):
        Speaker("en")(Msg("common.no.such.id"))


def calls() -> Iterator[Tuple[Path, int, str, Optional[Set[str]]]]:
    """Every ``Msg("id", ...)`` and ``say.t("id", ...)`` in the code: the id and the keyword names it passes
    (None when it passes ``**params``, which the test cannot see)."""
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            named = (isinstance(func, ast.Name) and func.id == "Msg") or (
                isinstance(func, ast.Attribute) and func.attr == "t")
            first = node.args[0]
            if not named or not isinstance(first, ast.Constant) or not isinstance(first.value, str):
                continue
            keywords: Optional[Set[str]] = {k.arg for k in node.keywords if k.arg is not None}
            if any(k.arg is None for k in node.keywords):
                keywords = None
            yield path, node.lineno, first.value, keywords


def test_every_call_passes_exactly_the_parameters_its_message_declares() -> None:
    wrong = []
    for path, line, key, keywords in calls():
        where = f"{path.relative_to(ROOT)}:{line} {key}"
        if not CATALOGUE.has(key):
            wrong.append(f"{where}: no such message")
        elif keywords is not None and keywords != declared(key):
            wrong.append(f"{where}: passes {sorted(keywords)}, declares {sorted(declared(key))}")
    assert not wrong, "\n".join(wrong)


def test_every_message_is_used() -> None:
    text = "\n".join(path.read_text(encoding="utf-8") for path in SOURCES)
    # An id counts as used where a call names it, or where code keeps it in a string for later (a table of
    # column headings, a source's words).
    literals = {node.value for path in SOURCES for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    used = {key for _, _, key, _ in calls()} | (literals & set(TEMPLATES))
    # Ids made at run time, like f"common.check.{check.id}": every id under such a prefix counts as used.
    prefixes = tuple(set(re.findall(r"""\bf["']((?:[a-z_]+)\.[a-z_0-9.]*)\{""", text)))
    unused = sorted(key for key in TEMPLATES if key not in used and not key.startswith(prefixes))
    assert not unused, f"in the catalogue but never used: {unused}"


def test_every_check_has_a_title() -> None:
    for check in all_checks("some/model", smoke=True):
        assert CATALOGUE.has(f"common.check.{check.id}"), check.id
        assert Speaker("ko")(check.label) != Speaker("en")(check.label) or f"common.check.{check.id}" in SAME_IN_BOTH


def test_plural_forms_follow_each_languages_rule() -> None:
    en, ko = Speaker("en"), Speaker("ko")
    assert en(Msg("ui.verdict.failed", count=1)).startswith("Not ready: 1 check failed.")
    assert en(Msg("ui.verdict.failed", count=2)).startswith("Not ready: 2 checks failed.")
    assert en(Msg("ui.verdict.failed", count=0)).startswith("Not ready: 0 checks failed.")
    assert ko(Msg("ui.verdict.failed", count=1)).startswith("준비되지 않음: 검사 1개가")
    assert ko(Msg("ui.verdict.failed", count=5)).startswith("준비되지 않음: 검사 5개가")


def test_messages_nest_and_join_and_the_language_is_the_callers() -> None:
    blocker = Msg("common.skipped.blocker", title=Msg("common.check.disk.space"), id="disk.space", status="fail")
    text = Msg("common.skipped.blocked", names=Join(", ", (blocker, blocker)))
    assert Speaker("en")(text) == ("Skipped because Disk space (disk.space: fail), Disk space (disk.space: fail) "
                                   "did not pass")
    assert Speaker("ko")(text).startswith("디스크 공간 (disk.space: fail), 디스크 공간")
    assert Speaker("en")(Msg("common.check.hub.token")) == "Hub token"
    assert Speaker("ko")(Msg("common.check.hub.token")) == "Hub 토큰"
    with pytest.raises(ValueError):
        Speaker("fr")


def pseudo(text: str) -> str:
    """A pseudo-translation: brackets around the English, placeholders kept, letters accented where possible."""
    accented = str.maketrans("aeiouAEIOU", "áéíóúÁÉÍÓÚ")
    pieces = re.split(r"(\{[^{}]*\})", text)
    return "⟦" + "".join(p if p.startswith("{") else p.translate(accented) for p in pieces) + "⟧"


def test_a_third_language_is_one_new_file(tmp_path: Path) -> None:
    """A pseudo-locale written as one .po file beside the real translations: nothing else changes, and every
    message renders in it."""
    locale = tmp_path / "locale"
    locale.mkdir()
    for existing in LOCALE.glob("*.po"):
        (locale / existing.name).write_bytes(existing.read_bytes())
    catalog = Catalog(locale="eo")   # any locale Babel knows: the file's Plural-Forms header is what counts
    for key, message in TEMPLATES.items():
        english = forms(message)
        msgid = english if len(english) > 1 else english[0]
        string = tuple(pseudo(form) for form in english) if len(english) > 1 else pseudo(english[0])
        catalog.add(msgid, string, context=key)
    with open(locale / "xx.po", "wb") as handle:
        write_po(handle, catalog)

    catalogue = Catalogue([CHECKS_TEMPLATE, FRONT_TEMPLATE], locale)
    assert catalogue.languages() == ("en", "ko", "xx")
    say = Speaker("xx", catalogue)
    for key in TEMPLATES:
        params = {name: 1 if name == "count" else f"<{name}>" for name in declared(key)}
        text = say(Msg(key, **params))
        assert text.startswith("⟦") and text.endswith("⟧"), (key, text)
    assert say(Msg("common.check.hub.token")) == "⟦Húb tókén⟧"


def test_the_languages_are_the_files_there_are() -> None:
    assert LANGUAGES == ("en", *sorted(p.stem for p in LOCALE.glob("*.po")))


@pytest.mark.parametrize("flag, env, expected", [
    ("ko", {}, "ko"), (None, {"HF_DOCTOR_LANG": "ko"}, "ko"), (None, {"LANG": "ko_KR.UTF-8"}, "ko"),
    (None, {"LC_ALL": "ko"}, "ko"), (None, {"LANG": "en_US.UTF-8"}, "en"), ("en", {"LANG": "ko_KR.UTF-8"}, "en"),
    (None, {"HF_DOCTOR_LANG": "en", "LANG": "ko_KR.UTF-8"}, "en"), (None, {"LANG": "C.UTF-8"}, "en"),
    (None, {}, "en"),
])
def test_language_resolution(flag: Optional[str], env: dict, expected: str) -> None:
    assert language(flag, env) == expected
