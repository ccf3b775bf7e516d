"""The secrets this process has seen, and :func:`scrub`, the last line of defence that keeps them in.

Every place that reads a token (each source in hub_client, the guided run's prompt, huggingface_hub's stored
tokens) hands the value to :func:`remember`. Every text that leaves the process passes through :func:`scrub` in
one place: the standard streams (installed by the entry point), the report and Markdown writers, and what a
generation child forwards. A check that never meant to show a token cannot show it by accident, whatever
library exception quoted it and however that exception rendered it:

* as it is, or ``repr``'d in a bytes literal (``b'Bearer hf_…\\x00'``) or escaped (``\\x00``, ``\\u3000``);
* as UTF-16 read as if it were UTF-8 or Latin-1 (a NUL, or its ``\\x00`` escape, between the characters);
* split by whitespace (a token pasted in pieces, or folded onto a second line);
* in full-width letters (``ｈｆ＿…``, what an East Asian input method types), plain or escaped
  (``\\uff48``, UTF-8 bytes ``\\xef\\xbd\\x88``, percent-encoded in a link ``%EF%BD%88``);
* cut short: any 12 characters or more of its beginning (an evidence line cut at its width), or its last 16.

Each occurrence becomes the mask (``hf_…`` and the last four characters), what the checks show anyway.

One pattern is compiled once per secret when it is remembered, never per text; its every step is bounded (a gap
is at most 12 characters), so scrubbing is linear in the text, and free while no secret is known.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from typing import Dict, List, Optional, Pattern

# Shorter secrets would mask ordinary words: a real token is 37 characters, the shortest accepted here 8.
MIN_LENGTH = 8
# A cut-off token is still a secret when this many of its first characters are shown, or this many of its last.
MIN_PREFIX = 12
MIN_SUFFIX = 16
# What an encoding or a paste can put between two characters of a secret: whitespace, control characters (NUL:
# UTF-16 read as UTF-8), zero-width characters, or the escapes repr() and json write for them.
_GAP_UNIT = (r"(?:[\s\x00-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff]"
             r"|\\(?:x[01][0-9a-f]|x7f|x[89][0-9a-f]|u00[01][0-9a-f]|u007f|u3000|u200[b-d]|u2060|ufeff|0|[ntrvf]))")
_GAP = f"{_GAP_UNIT}{{0,12}}"

_lock = threading.Lock()
_patterns: Dict[str, Pattern[str]] = {}


def visible(value: str) -> str:
    """The characters of a secret that any rendering keeps: full-width letters read as the ASCII they stand
    for (NFKC), without whitespace, control or zero-width characters."""
    folded = unicodedata.normalize("NFKC", value)
    return "".join(ch for ch in folded if not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf"))


def _char(ch: str) -> str:
    """One character of a secret in every form it can be written: itself, its full-width twin, and their
    escapes (``\\uff48``, UTF-8 bytes ``\\xef\\xbd\\x88``, percent-encoded ``%EF%BD%88``)."""
    forms = [re.escape(ch)]
    if "!" <= ch <= "~":
        wide = chr(ord(ch) + 0xFEE0)
        forms += [re.escape(wide), rf"\\u{ord(wide):04x}",
                  "".join(rf"\\x{b:02x}" for b in wide.encode("utf-8")),
                  "".join(f"%{b:02x}" for b in wide.encode("utf-8"))]
    return "(?:" + "|".join(forms) + ")"


def _pattern(core: str) -> str:
    """The secret's first MIN_PREFIX characters, then as many of the others as follow (nested, so a cut-off
    token matches as far as it goes), any gap allowed between two characters."""
    head = _GAP.join(_char(ch) for ch in core[:MIN_PREFIX])
    tail = ""
    for ch in reversed(core[MIN_PREFIX:]):
        tail = f"(?:{_GAP}{_char(ch)}{tail})?"
    return head + tail


def remember(value: Optional[str]) -> None:
    """Keep ``value`` (a token as it was read, in whatever shape) out of everything this process writes."""
    if not value:
        return
    core = visible(value)
    if len(core) < MIN_LENGTH:
        return
    with _lock:
        if core in _patterns:
            return
        pattern = _pattern(core) if len(core) >= MIN_PREFIX else _GAP.join(_char(ch) for ch in core)
        if len(core) >= MIN_SUFFIX + 4:
            # Its end alone, when something before (another masker, a cut) has already eaten its beginning.
            pattern = f"{pattern}|{_GAP.join(_char(ch) for ch in core[-MIN_SUFFIX:])}"
        _patterns[core] = re.compile(pattern, re.IGNORECASE)


def forget_all() -> None:
    """Tests only: a fresh registry."""
    with _lock:
        _patterns.clear()


def known() -> int:
    """How many secrets are remembered (tests and the funnel's fast path)."""
    return len(_patterns)


def masked(core: str) -> str:
    """What a secret becomes: as checks.hub.mask shows a token (``hf_…`` and its last four characters)."""
    return ("hf_…" if core.lower().startswith("hf_") else "…") + core[-4:]


def scrub(text: str) -> str:
    """``text`` with every remembered secret, in any of the forms above, replaced by its mask."""
    if not _patterns or not text:
        return text
    with _lock:
        # The longest first: a token remembered with a character too many (a quote pasted inside it) is masked
        # whole before the same token without it could mask only the part before that character.
        found = sorted(_patterns.items(), key=lambda item: -len(item[0]))
    for core, pattern in found:
        shown = masked(core)
        text = pattern.sub(lambda _: shown, text)   # a function: the mask is text, never a template
    return text


def scrub_bytes(data: bytes, encoding: str = "utf-8") -> bytes:
    """Bytes written on their way out (a forwarded stream): scrubbed as text in ``encoding``."""
    if not _patterns:
        return data
    return scrub(data.decode(encoding, errors="surrogateescape")).encode(encoding, errors="surrogateescape")


def values() -> List[str]:
    """The remembered secrets (their visible characters), for tests that look for them in output."""
    with _lock:
        return list(_patterns)


__all__ = ["MIN_LENGTH", "MIN_PREFIX", "forget_all", "known", "masked", "remember", "scrub", "scrub_bytes",
           "values", "visible"]
