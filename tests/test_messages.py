"""The message catalogue: complete in both languages, every key used, every key used defined."""
from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Optional, Set

import pytest

from hf_doctor.checks import messages
from hf_doctor.checks.messages import CATALOGUE, LANGUAGES, current_language, language, set_language, speaking, t, tr
from hf_doctor.checks.registry import all_checks

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "checks").rglob("*.py")) + sorted((ROOT / "wizard").rglob("*.py"))
SOURCES = [p for p in SOURCES if "messages" not in p.relative_to(ROOT).parts]
HANGUL = re.compile("[가-힣]")

# Names that read the same in Korean: a product, a language, an acronym.
SAME_IN_BOTH = {"common.check.python.version", "common.check.gpu.device"}


def placeholders(text: str) -> Set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def source_text() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in SOURCES)


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_message_exists_in_both_languages_with_the_same_placeholders(key: str) -> None:
    texts = CATALOGUE[key]
    assert set(texts) == set(LANGUAGES), key
    assert all(texts[lang].strip() for lang in LANGUAGES), key
    assert placeholders(texts["en"]) == placeholders(texts["ko"]), key
    if key not in SAME_IN_BOTH:
        assert HANGUL.search(texts["ko"]), f"{key} is not translated"
        assert not HANGUL.search(texts["en"]), f"{key} has Korean in its English"


def test_keys_carry_their_area_name() -> None:
    for area in messages.AREAS:
        name = area.__name__.rsplit(".", 1)[-1]
        for key in area.MESSAGES:
            assert key.startswith(name + "."), f"{key} lives in checks/messages/{name}.py"


def test_every_key_the_code_uses_is_defined_and_every_defined_key_is_used() -> None:
    text = source_text()
    used = set(re.findall(r"""\bt[r]?\((?:\w+, )?\s*["']([a-z_0-9]+\.[a-z_0-9.]+)["']""", text))
    # Keys made at run time, like f"common.check.{check.id}": every key under such a prefix counts as used.
    areas = "|".join(area.__name__.rsplit(".", 1)[-1] for area in messages.AREAS)
    prefixes = set(re.findall(rf"""\bf["']((?:{areas})\.[a-z_0-9.]*)\{{""", text))
    missing = sorted(key for key in used if key not in CATALOGUE)
    assert not missing, f"used but not in the catalogue: {missing}"
    unused = sorted(key for key in CATALOGUE if key not in used and not key.startswith(tuple(prefixes)))
    assert not unused, f"in the catalogue but never used: {unused}"


def test_every_check_has_a_title_in_the_catalogue() -> None:
    for check in all_checks("some/model", smoke=True):
        assert f"common.check.{check.id}" in CATALOGUE, check.id


def test_korean_falls_back_to_nothing_and_english_is_the_default() -> None:
    assert current_language() == "en"
    assert t("common.check.hub.token") == "Hub token"
    with speaking("ko"):
        assert t("common.check.hub.token") == "Hub 토큰"
    assert tr("ko", "common.check.disk.space") == "디스크 공간"
    assert current_language() == "en"
    with pytest.raises(ValueError):
        set_language("fr")
    with pytest.raises(KeyError):
        t("common.no.such.key")


@pytest.mark.parametrize("flag, env, expected", [
    ("ko", {}, "ko"), (None, {"HF_DOCTOR_LANG": "ko"}, "ko"), (None, {"LANG": "ko_KR.UTF-8"}, "ko"),
    (None, {"LC_ALL": "ko"}, "ko"), (None, {"LANG": "en_US.UTF-8"}, "en"), ("en", {"LANG": "ko_KR.UTF-8"}, "en"),
    (None, {"HF_DOCTOR_LANG": "en", "LANG": "ko_KR.UTF-8"}, "en"), (None, {"LANG": "C.UTF-8"}, "en"),
    (None, {}, "en"),
])
def test_language_resolution(flag: Optional[str], env: dict, expected: str) -> None:
    assert language(flag, env) == expected
