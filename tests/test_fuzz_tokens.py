"""Property-based fuzzing (Hypothesis) of token input and of pasted errors: any bytes in a token file, any text in
HF_TOKEN or at the prompt, any pasted text → never an exception, and the canary shown nowhere but masked."""
from __future__ import annotations

import json
from typing import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hf_doctor.checks import secrets
from hf_doctor.checks.explain import explain
from hf_doctor.checks.hub import hub_token
from hf_doctor.checks.hub_client import HF_TOKEN, SAVED_LOGIN, TOKEN_FILE, TokenSource, read_token_bytes
from hf_doctor.checks.result import Outcome, jsonable

from .fakes import FakeContext, en, ko
from .test_secrets import CANARY, leaks

pytestmark = pytest.mark.slow   # minutes in all: see README, Development

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# What a copy, an editor or a shell can put around or inside a token.
NOISE = st.sampled_from(["", " ", "\n", "\r\n", "\t", "\x0b", "\x0c", "\x00", "\x7f", "\x1b[2J", "\u3000", "\u200b",
                         "\ufeff", '"', "'", "é", "ｆ", "\udce9"])
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "latin-1", "cp1252"])


# What pasting puts inside a token: a space, a line break, the NUL of UTF-16, a zero-width character.
INSIDE = st.sampled_from(["", " ", "\n", "\n    ", "\t", "\x00", "\u200b", "\u3000"])


@st.composite
def pasted(draw: st.DrawFn) -> str:
    """The canary as pasted: noise around it, a split inside it, sometimes in full-width letters."""
    token = CANARY
    if draw(st.booleans()):
        token = "".join(chr(ord(ch) + 0xFEE0) for ch in token)
    cut = draw(st.integers(0, len(token)))
    return draw(NOISE) + token[:cut] + draw(INSIDE) + token[cut:] + draw(NOISE)


@st.composite
def mangled(draw: st.DrawFn) -> str:
    """The canary with noise before, after and at one place inside it, sometimes in full-width letters."""
    token = CANARY
    if draw(st.booleans()):   # its first letters typed full-width
        wide = draw(st.integers(0, len(token)))
        token = "".join(chr(ord(ch) + 0xFEE0) for ch in token[:wide]) + token[wide:]
    cut = draw(st.integers(0, len(token)))
    return draw(NOISE) + token[:cut] + draw(NOISE) + token[cut:] + draw(NOISE) + draw(st.text(max_size=5))


@pytest.fixture(autouse=True)
def fresh_registry() -> Iterator[None]:
    secrets.forget_all()
    yield
    secrets.forget_all()


class RejectingHub:
    """whoami answers as the Hub does to a token it does not know."""

    def whoami(self, token: str) -> None:
        raise type("HfHubHTTPError", (Exception,), {})(f"401 Client Error: Unauthorized (token {token!r})")


def shown(result: Outcome) -> str:
    """Everything a row says, in both languages, and its data as JSON."""
    said = [say(text) for say in (en, ko) for text in (result.summary, *result.details)]
    fixes = [json.dumps(result.fix.to_json(say), ensure_ascii=False) for say in (en, ko)] if result.fix else []
    return "\n".join([*said, *fixes, json.dumps(jsonable(result.data), ensure_ascii=False)])


@SETTINGS
@given(text=mangled(), encoding=ENCODINGS, like_the_libraries=st.booleans(), extra=st.binary(max_size=8))
def test_any_token_file_is_read_without_an_exception_and_shown_masked(text: str, encoding: str,
                                                                      like_the_libraries: bool, extra: bytes) -> None:
    secrets.forget_all()
    data = text.encode(encoding, errors="replace") + extra
    stored = read_token_bytes(data, like_the_libraries)
    assert stored.text is None or isinstance(stored.text, str)
    if stored.text is None:
        return
    source = SAVED_LOGIN if like_the_libraries else TOKEN_FILE
    token = TokenSource(source, stored.text, stored.problem, stored.note)
    result = hub_token(FakeContext(tokens=(token,), hub_client=RejectingHub()))
    assert result.status.value in ("pass", "warn", "fail")
    # What leaves the process passes through the funnel (a Hub error quoting a token sent is only masked there).
    assert not leaks(secrets.scrub(shown(result))), shown(result)


@SETTINGS
@given(value=st.one_of(mangled(), st.text(min_size=1, max_size=60)))
def test_any_hf_token_value_is_judged_without_an_exception(value: str) -> None:
    secrets.forget_all()
    result = hub_token(FakeContext(tokens=(TokenSource(HF_TOKEN, value),), hub_client=RejectingHub()))
    assert result.status.value in ("pass", "warn", "fail") and not leaks(secrets.scrub(shown(result)))


@SETTINGS
@given(before=st.text(max_size=200), token=pasted(), after=st.text(max_size=200),
       phrase=st.sampled_from(["", "Invalid user token", "No module named 'x'", "CUDA out of memory",
                               "Access to model org/x is restricted. You must be authenticated to access it."]))
def test_any_pasted_text_is_explained_and_the_token_is_never_shown(before: str, token: str, after: str,
                                                                    phrase: str) -> None:
    secrets.forget_all()
    result = explain(f"{before}{phrase} {token} {after}")
    text = "\n".join(json.dumps(result.to_json(say), ensure_ascii=False) for say in (en, ko))
    assert not leaks(text), text


@SETTINGS
@given(text=st.text(max_size=300))
def test_any_text_is_explained_without_an_exception(text: str) -> None:
    assert explain(text).cause


@SETTINGS
@given(around=st.text(max_size=100), token=mangled())
def test_the_funnel_masks_a_remembered_token_in_any_text(around: str, token: str) -> None:
    secrets.forget_all()
    secrets.remember(token)
    assert not leaks(secrets.scrub(around + token + around))
