"""checks/secrets.py: a token this process has read never leaves it, in any form an exception can render it."""
from __future__ import annotations

import io
import json
import warnings
from typing import Callable, Iterator, List

import pytest

from hf_doctor.checks import secrets
from hf_doctor.checks.hub_client import TokenSource
from hf_doctor.sink import ScrubbedStream

CANARY = "hf_CanaryCanaryCanaryCanaryCanary0042"
BODY = CANARY[3:]
WIDE = "".join(chr(ord(ch) + 0xFEE0) for ch in CANARY)


@pytest.fixture(autouse=True)
def fresh_registry() -> Iterator[None]:
    secrets.forget_all()
    yield
    secrets.forget_all()


def _decodings(text: str) -> List[str]:
    """``text`` and what it reads as once its escapes are undone (\\x.., \\u...., %XX, UTF-8 bytes)."""
    from urllib.parse import unquote

    found = [text, unquote(text)]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)   # "\_" and such: kept as they are
            unescaped = text.encode("latin-1", "backslashreplace").decode("unicode_escape")
        found += [unescaped, unescaped.encode("latin-1", "ignore").decode("utf-8", "ignore")]
    except UnicodeError:
        pass
    return found


def leaks(text: str) -> List[str]:
    """The forms of the canary (or 12 characters of it) still readable in ``text``, however it is escaped."""
    forms = (CANARY, BODY, CANARY[:12], BODY[-16:])
    return [form for decoded in _decodings(text) for form in forms if form in secrets.visible(decoded)]


# Every way an exception, a repr or an encoding renders a token, as the issue lists them.
RENDERINGS: List[Callable[[str], str]] = [
    lambda t: t,
    lambda t: f"Illegal header value {('Bearer ' + t + chr(0)).encode()!r}",
    lambda t: repr(t + "\x0b"),
    lambda t: ascii(t + "\x7f"),
    lambda t: t.encode("utf-16-le").decode("latin-1"),            # UTF-16 read as if it were Latin-1
    lambda t: t.encode("utf-16").decode("utf-8", errors="replace"),  # ... or UTF-8
    lambda t: repr(t.encode("utf-16")),
    lambda t: f"token = '{t[:10]} {t[10:20]}  {t[20:]}'",        # split by spaces
    lambda t: f"{t[:19]}\n        {t[19:]}",                      # folded onto the next line, indented
    lambda t: "".join(chr(ord(ch) + 0xFEE0) for ch in t),         # full-width
    lambda t: ascii("".join(chr(ord(ch) + 0xFEE0) for ch in t)),
    lambda t: repr("".join(chr(ord(ch) + 0xFEE0) for ch in t).encode()),
    lambda t: json.dumps({"token": "".join(chr(ord(ch) + 0xFEE0) for ch in t)}),
    lambda t: "https://x/?t=" + "".join(f"%{b:02X}" for b in "".join(chr(ord(ch) + 0xFEE0) for ch in t).encode()),
    lambda t: t[:20] + "…",                                        # cut off at a line's width
    lambda t: t.upper(),
]


@pytest.mark.parametrize("render", RENDERINGS, ids=[f"form{i}" for i in range(len(RENDERINGS))])
def test_every_rendering_of_a_remembered_token_is_masked(render: Callable[[str], str]) -> None:
    shown = render(CANARY)
    assert leaks(shown) or render is RENDERINGS[-1]   # the test's own detector sees each form
    secrets.remember(CANARY + "\x00")                  # remembered as read: a malformed token
    scrubbed = secrets.scrub(shown)
    assert not leaks(scrubbed), scrubbed
    assert "hf_…0042" in scrubbed or "…0042" in scrubbed


def test_a_token_read_from_any_source_is_remembered() -> None:
    TokenSource("HF_TOKEN", " " + CANARY + "\n")
    assert secrets.scrub(f"x {CANARY} y") == "x hf_…0042 y"


def test_text_without_secrets_is_left_as_it_is() -> None:
    secrets.remember(CANARY)
    text = "hf_xet stalled; Canary 0042; hf_…0042 ｈｅｌｌｏ \x00 \\x00 " + "a" * 1000
    assert secrets.scrub(text) == text
    assert secrets.scrub("") == ""


def test_short_values_are_not_secrets() -> None:
    secrets.remember("hf_abc")
    secrets.remember("")
    secrets.remember(None)
    assert secrets.known() == 0 and secrets.scrub("hf_abc") == "hf_abc"


def test_scrubbing_a_megabyte_is_linear() -> None:
    """Behaviour: output of any size is written within a bounded time (the patterns never backtrack far)."""
    import time

    secrets.remember(CANARY)
    text = ("hf_Can aryCanary h" * 60_000) + CANARY
    started = time.monotonic()
    assert secrets.scrub(text).endswith("hf_…0042")
    assert time.monotonic() - started < 20


def test_the_standard_streams_scrub_text_and_bytes() -> None:
    secrets.remember(CANARY)
    raw = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)
    stream = ScrubbedStream(raw)
    stream.write(f"text {CANARY}\n")
    stream.writelines([f"lines {CANARY}\n"])
    stream.buffer.write(f"bytes {CANARY}\n".encode())
    stream.flush()
    written = raw.buffer.getvalue().decode()   # type: ignore[attr-defined]
    assert CANARY not in written and written.count("hf_…0042") == 3
    assert stream.encoding == "utf-8" and not stream.isatty()
