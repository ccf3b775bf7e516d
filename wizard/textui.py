"""Text for a terminal, shared by every renderer: status marks, display width (Hangul takes two columns),
wrapping and padding by that width, aligned text tables, and the ASCII fallback for a console that cannot encode
the marks."""
from __future__ import annotations

import codecs
import os
import re
import sys
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterable, List, Optional, Sequence

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


def wrap_lines(text: str, width: int, first: str = "", rest: str = "") -> List[str]:
    """:func:`wrap` for text that may hold line breaks of its own: each of its lines is a paragraph, starting with
    ``first`` and continued with ``rest`` (an empty line stays empty), so that a message written as two lines is
    shown as two, each folded between words."""
    return [wrapped for line in text.split("\n") for wrapped in (wrap(line, width, first, rest) if line.strip() else [""])]


DEFAULT_WIDTH = 80
# Prose wider than this is hard to read, however wide the terminal: the table, explain, banners.
PROSE_WIDTH = 120
# A width no line reaches: text for a pipe or a file, where nothing folds lines, is left as it was written.
UNLIMITED = 1_000_000


def terminal_width(stream: Any = None, limit: Optional[int] = None, fallback: int = DEFAULT_WIDTH) -> int:
    """The columns of the terminal ``stream`` (stdout by default) shows: ``COLUMNS`` when set (as
    ``shutil.get_terminal_size`` reads it), else the terminal's own size, else ``fallback`` (a pipe, a file, a
    notebook). ``limit`` caps it: prose wider than about 120 columns is hard to read."""
    width = 0
    try:
        width = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        pass
    if width <= 0:
        try:
            width = os.get_terminal_size((stream or sys.stdout).fileno()).columns
        except (AttributeError, ValueError, OSError):
            width = 0
    width = width if width > 0 else fallback
    return min(width, limit) if limit else width


def _longest_word(text: str) -> int:
    return max([display_width(word) for word in text.split()] or [0])


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Iterable[int] = (),
          width: Optional[int] = None) -> List[str]:
    """Columns padded by display width; ``right`` columns aligned right; the last column is never padded.

    With ``width``, a table wider than that has its widest columns narrowed (never below their longest word)
    and their cells wrapped between words inside the column, a row taking as many lines as its tallest cell;
    nothing is cut. A table that cannot be made narrow enough that way comes out as narrow as it can.
    """
    right = set(right)
    widths = [max([display_width(h)] + [display_width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    if width is not None:
        floor = [max([_longest_word(h)] + [_longest_word(r[i]) for r in rows]) for i, h in enumerate(headers)]
        excess = 2 + sum(widths) + 2 * (len(widths) - 1) - width
        while excess > 0:
            shrinkable = [i for i, w in enumerate(widths) if w > floor[i]]
            if not shrinkable:
                break
            widest = max(shrinkable, key=lambda i: (widths[i], i))   # the widest; of equals, the rightmost
            widths[widest] -= 1
            excess -= 1
    last = len(headers) - 1

    def lines(cells: Sequence[str]) -> List[str]:
        wrapped = [wrap(cell, widths[i], "", "") if display_width(cell) > widths[i] else [cell]
                   for i, cell in enumerate(cells)]
        out = []
        for row in range(max(len(cell) for cell in wrapped)):
            parts = []
            for i, cell_lines in enumerate(wrapped):
                cell = cell_lines[row] if row < len(cell_lines) else ""
                gap = " " * (widths[i] - display_width(cell))
                parts.append(gap + cell if i in right else (cell if i == last else cell + gap))
            out.append(("  " + "  ".join(parts)).rstrip())
        return out

    body = [line for row in rows for line in lines(row)]
    return [*lines(headers), "  " + "  ".join("-" * w for w in widths), *body]


# Characters a terminal acts on instead of showing: C0 and C1 controls and DEL (an ESC starts a sequence that
# clears the screen, moves the cursor or retitles the window; U+009B is a one-character CSI), the bidirectional
# overrides and isolates that reorder what is shown (Trojan Source), the Unicode line and paragraph separators,
# and lone surrogates (no encoding holds them).
_UNSHOWN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(found: "re.Match[str]") -> str:
    char = found.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, prose: bool = False) -> str:
    """Text from outside (a student's report, a Hub message, a GPU's name, a repo id, a profile's name) as a
    terminal may print it: each character a terminal would act on is shown as its escape (ESC as ``\\x1b``),
    never sent raw and never silently dropped. ``prose``: text that :func:`wrap` folds, whose line breaks and tabs
    are layout and become spaces, as wrap makes them. Every renderer for a terminal passes such text through
    here, and only here."""
    if prose:
        text = text.expandtabs().translate(_WHITESPACE)
    return _UNSHOWN.sub(_escaped, text)


def fallback(text: str, encoding: str) -> str:
    """``text`` as a console in ``encoding`` can print it: ASCII marks and arrows, "?" for what is left."""
    return text.translate(ASCII).encode(encoding, "replace").decode(encoding)
