"""Reading a file the user names (a course profile, a class's reports, a script to lint) without trusting it: a
regular file only, capped before it is read, and opened without waiting on a FIFO."""
from __future__ import annotations

import errno
import os
import stat
from typing import Union


class NotARegularFile(Exception):
    """A FIFO, a socket, a device (/dev/zero): nothing a file's reader should open and wait on."""


class TooLarge(Exception):
    """More bytes than the reader takes: ``size`` is what the file holds (at least)."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def read_capped(path: Union[str, "os.PathLike[str]"], limit: int) -> bytes:
    """At most ``limit`` bytes of the regular file at ``path``, or TooLarge when it holds more (judged by its
    size before reading, and again by what was read: a file that grows meanwhile). Opening never waits for a
    FIFO's writer (O_NONBLOCK); what was opened is judged, not the name. Raises NotARegularFile, TooLarge, and
    what opening raises (OSError, IsADirectoryError for a folder; ValueError for a path with a NUL byte)."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    facts = os.fstat(descriptor)
    if not stat.S_ISREG(facts.st_mode):   # judged before a file object is made
        os.close(descriptor)
        if stat.S_ISDIR(facts.st_mode):   # as opening a folder fails where the system refuses it outright
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        raise NotARegularFile(path)
    with os.fdopen(descriptor, "rb") as handle:
        if facts.st_size > limit:
            raise TooLarge(facts.st_size)
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(len(data))
    return data
