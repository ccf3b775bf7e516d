"""Text for a terminal, shared by every renderer: status marks, display width (Hangul takes two columns),
wrapping and padding by that width, aligned text tables, and the ASCII fallback for a console that cannot encode
the marks."""
from __future__ import annotations

import codecs
import re
import sys
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterable, List, Sequence

from .checks.result import Status


@dataclass(frozen=True)
class Mark:
    glyph: str
    ascii: str
    style: str


MARKS = {
    Status.PASS: Mark("✓", "ok", "green"),
    Status.WARN: Mark("!", "!!", "yellow"),
    Status.FAIL: Mark("✗", "XX", "red"),
    Status.SKIP: Mark("-", "--", "dim"),
    Status.ERROR: Mark("☠", "BUG", "bold magenta"),
}

TITLE_WIDTH = 17

# For a terminal that cannot encode them (rare since PEP 538/540 and UTF-8 consoles, but it happens).
ASCII = str.maketrans({"→": "->", "≥": ">=", "≤": "<=", "·": "-", "×": "x", "…": "...", "✓": "ok", "✗": "XX",
                       "☠": "BUG", "–": "-"})


def stream_encoding(stream: Any = None) -> str:
    """The encoding of ``stream`` (stdout by default), by its canonical codec name; ASCII when unknown."""
    name = getattr(stream or sys.stdout, "encoding", None) or "ascii"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "ascii"


def can_encode(text: str, stream: Any = None) -> bool:
    """Whether ``stream`` (stdout by default) can show ``text`` as it is."""
    try:
        text.encode(stream_encoding(stream))
    except UnicodeEncodeError:
        return False
    return True


def display_width(text: str) -> int:
    """Terminal columns: East Asian wide and full-width characters (Hangul, CJK) take two, combining marks none."""
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
               for ch in text)


def pad(text: str, width: int) -> str:
    """``text.ljust(width)``, counting display columns instead of characters."""
    return text + " " * max(0, width - display_width(text))


_SPACES = re.compile(r"( +)")
_WHITESPACE = str.maketrans({c: " " for c in "\t\n\x0b\x0c\r"})


def wrap(text: str, width: int, first: str, rest: str) -> List[str]:
    """``textwrap.wrap`` (no broken words, no hyphen breaks) measuring display columns instead of characters.

    For text of single-width characters it gives exactly what textwrap gives; Korean text is wrapped between
    words (Korean separates them with spaces) at the same column as English.
    """
    chunks = [chunk for chunk in _SPACES.split(text.expandtabs().translate(_WHITESPACE)) if chunk]
    chunks.reverse()   # a stack: the next chunk is the last
    lines: List[str] = []
    while chunks:
        indent = rest if lines else first
        room = width - display_width(indent)
        if lines and not chunks[-1].strip():
            del chunks[-1]   # a line after the first never starts with spaces
        line: List[str] = []
        used = 0
        while chunks and used + display_width(chunks[-1]) <= room:
            used += display_width(chunks[-1])
            line.append(chunks.pop())
        if not line and chunks:
            line.append(chunks.pop())   # a word wider than the line goes on a line of its own, unbroken
        if line and not line[-1].strip():
            del line[-1]
        if line:
            lines.append(indent + "".join(line))
    return lines or [first.rstrip()]




def table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Iterable[int] = ()) -> List[str]:
    """Columns padded by display width; ``right`` columns aligned right; the last column is never padded."""
    right = set(right)
    widths = [max([display_width(h)] + [display_width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    last = len(headers) - 1

    def line(cells: Sequence[str]) -> str:
        parts = []
        for i, cell in enumerate(cells):
            gap = " " * (widths[i] - display_width(cell))
            parts.append(gap + cell if i in right else (cell if i == last else cell + gap))
        return ("  " + "  ".join(parts)).rstrip()

    return [line(headers), "  " + "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


def fallback(text: str, encoding: str) -> str:
    """``text`` as a console in ``encoding`` can print it: ASCII marks and arrows, "?" for what is left."""
    return text.translate(ASCII).encode(encoding, "replace").decode(encoding)
