"""One output sink for a run: the only thing that writes to the screen while the checks run.

A run shows four kinds of output, and they must take turns on one screen: a live status line (what is being
checked, and the download's bytes and speed), what the checks announce (``ctx.notify``), the answer the
generation child streams, and finally the table. Libraries that draw their own bars (huggingface_hub, hf_xet
through it, tqdm) are silenced for the run, in this process and in the children it starts, since their bars and
ours would overwrite each other.

Modes: ``RICH`` (a terminal: a transient live line that disappears before anything else is written) and
``PLAIN`` (piped, --no-color, --json, --markdown: what checks announce, once, as lines on stderr, and no progress
at all; stdout holds the report alone).

A check's message whose id contains ``.progress.`` is a transient progress update: the live line shows the
latest, a log never keeps it. ``…progress.finished`` ends the progress of that step.

In a terminal the generation child writes its streamed answer to the stderr it inherits. So that the live line
never draws over it, the sink takes file descriptor 2 for the run and forwards what arrives there, after clearing
the live line: the answer, or a library's warning, is written whole and the live line comes back only at the next
progress update. After an interruption nothing more is forwarded (a dying child has nothing to tell the user).
"""
from __future__ import annotations

import contextlib
import os
import sys
import threading
from typing import Any, Iterator, Optional

import click

from .checks import secrets
from .checks.text import Msg, Text
from .i18n import Speaker
from .progress import library_progress_silenced

RICH, PLAIN = "rich", "plain"


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during a run, with the step the run was in (the command line names it in its one line)."""

    def __init__(self, step: Optional[Text]) -> None:
        super().__init__()
        self.step = step


def is_progress(text: Text) -> bool:
    return isinstance(text, Msg) and ".progress." in text.id


def step_of(text: Text) -> Optional[Msg]:
    """What the run is doing once a check says ``text``: downloading a model, then (when its download is done)
    the test generation, the only check that waits for the download."""
    if not isinstance(text, Msg) or not text.id.startswith("model.download."):
        return None
    model = text.params.get("repo")
    if text.id.endswith(".progress.finished"):
        return Msg("ui.step.generate", model=model)
    return Msg("ui.step.download", model=model)


class Sink:
    """Where a run's output goes. ``notify`` is what checks call (through ``World.notify``); ``running`` is the
    span of the checks; ``console`` is the rich console the final table is printed on (RICH only)."""

    def __init__(self, say: Speaker, mode: str, console: Any = None, status: Optional[str] = None) -> None:
        self.say = say
        self.mode = mode
        self.console = console
        self.status = status          # the live line's text between progress updates; None: no line then
        self.step: Optional[Text] = Msg("ui.step.checks")
        self._lock = threading.RLock()
        self._live: Any = None
        self._spinner: Any = None
        self._progress: Optional[str] = None
        self._mid_line = False        # forwarded output ended without a newline
        self._saved_fd: Optional[int] = None
        self._forwarding = False

    @classmethod
    def choose(cls, say: Speaker, quiet: bool, color: bool, status: Optional[str] = None) -> "Sink":
        if not quiet and color and sys.stdout.isatty():
            from rich.console import Console

            return cls(say, RICH, Console(highlight=False), status)
        return cls(say, PLAIN)

    # ---------------------------------------------------------------- what checks call

    def notify(self, text: Text) -> None:
        with self._lock:
            self.step = step_of(text) or self.step
            if is_progress(text):
                if self.mode == RICH:
                    finished = isinstance(text, Msg) and text.id.endswith(".progress.finished")
                    self._progress = None if finished else self.say(text)
                    self._show_live()
                return
            if self.mode == RICH:
                self._end_line()
                self.console.print(self.say(text))
            else:
                click.echo(self.say(text), err=True)

    # ---------------------------------------------------------------- the run

    @contextlib.contextmanager
    def running(self) -> Iterator["Sink"]:
        """The checks run inside: library bars silenced, the live line up (RICH), stderr forwarded (RICH in a
        terminal). On leaving, the live line is gone, so whatever comes next (the table) starts on a clean line.
        Ctrl-C becomes :class:`Interrupted`, naming the step."""
        with library_progress_silenced():
            # Only a line that stays up for the whole run can meet the streamed answer; a guided run's line is up
            # during its download alone.
            reader = self._take_stderr() if self.mode == RICH and self.status is not None else None
            try:
                with self._lock:
                    self._show_live()
                yield self
            except KeyboardInterrupt:
                with self._lock:
                    self._forwarding = False
                raise Interrupted(self.step) from None
            finally:
                with self._lock:
                    self._stop_live()
                self._give_back_stderr(reader)
                self._end_line()

    def _text(self) -> Optional[str]:
        return self._progress or self.status

    def _show_live(self) -> None:
        text = self._text()
        if self.mode != RICH or self._mid_line:
            return
        if text is None:
            self._stop_live()
            return
        if self._live is None:
            from rich.live import Live
            from rich.spinner import Spinner

            self._spinner = Spinner("dots", text=text)
            # Our own stderr forwarding replaces rich's redirection, which would hold lines back until it stops.
            self._live = Live(self._spinner, console=self.console, transient=True, refresh_per_second=10,
                              redirect_stdout=False, redirect_stderr=False)
            self._live.start()
        else:
            self._spinner.update(text=text)

    def _stop_live(self) -> None:
        if self._live is not None:
            self._live.stop()      # transient: the line is erased
            self._live = None

    def _end_line(self) -> None:
        """A newline after forwarded output that stopped mid-line, so the next output starts a line of its own."""
        with self._lock:
            if self._mid_line:
                self._write(b"\n")
                self._mid_line = False

    def _write(self, data: bytes) -> None:
        fd = self._saved_fd if self._saved_fd is not None else 2
        try:
            os.write(fd, data)
        except OSError:
            pass

    # ---------------------------------------------------------------- stderr, forwarded

    def _take_stderr(self) -> Optional[threading.Thread]:
        try:
            sys.stderr.flush()
            if not os.isatty(2):
                return None   # stderr is a file or a pipe: nothing there can collide with the live line
            saved = os.dup(2)
            read, write = os.pipe()
            os.dup2(write, 2)
            os.close(write)
        except (OSError, ValueError):
            return None
        self._saved_fd, self._forwarding = saved, True
        reader = threading.Thread(target=self._forward, args=(read,), name="hf-doctor:stderr", daemon=True)
        reader.start()
        return reader

    def _forward(self, read: int) -> None:
        try:
            while True:
                data = os.read(read, 4096)
                if not data:
                    return
                with self._lock:
                    if not self._forwarding:
                        continue   # after Ctrl-C: drained, not shown
                    # The live line stays down until the next progress update: the answer arrives in small
                    # pieces, and a line drawn between them would flicker over it.
                    self._stop_live()
                    self._write(secrets.scrub_bytes(data))
                    self._mid_line = not data.endswith(b"\n")
        finally:
            os.close(read)

    def _give_back_stderr(self, reader: Optional[threading.Thread]) -> None:
        if self._saved_fd is None:
            return
        try:
            sys.stderr.flush()
        except (OSError, ValueError):
            pass
        os.dup2(self._saved_fd, 2)     # closes the pipe's last write end held here
        if reader is not None:
            reader.join(timeout=2.0)   # a child abandoned on timeout may hold the pipe open: do not wait for it
        with self._lock:
            self._forwarding = False
            os.close(self._saved_fd)
            self._saved_fd = None


# ---------------------------------------------------------------- the last line of defence for secrets

class ScrubbedBinary:
    """A binary stream whose writes pass through :func:`checks.secrets.scrub_bytes` (``sys.stdout.buffer``:
    click writes there when the text stream's encoding is wrong for the terminal)."""

    def __init__(self, stream: Any, encoding: str) -> None:
        self._stream = stream
        self._encoding = encoding

    def write(self, data: Any) -> int:
        self._stream.write(secrets.scrub_bytes(bytes(data), self._encoding))
        return len(data)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class ScrubbedStream:
    """``sys.stdout`` or ``sys.stderr`` as every writer in this process sees it (click, rich, tracebacks,
    warnings, the libraries' bars): each write passes through :func:`checks.secrets.scrub`, so that a token this
    process read cannot reach the screen or a pipe in any form. Everything else is the stream's own.

    A write is scrubbed whole: the writers here write whole lines or whole renderables, never a token in two
    pieces (a piece of at least 12 characters is still caught)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(secrets.scrub(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    @property
    def buffer(self) -> Any:
        return ScrubbedBinary(self._stream.buffer, getattr(self._stream, "encoding", None) or "utf-8")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def scrub_standard_streams() -> None:
    """Route ``sys.stdout`` and ``sys.stderr`` through the scrubber, once, at the entry point; the token
    variables are remembered now, before anything could print them."""
    for name in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"):
        secrets.remember(os.environ.get(name))
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is not None and not isinstance(stream, ScrubbedStream):
            setattr(sys, name, ScrubbedStream(stream))
