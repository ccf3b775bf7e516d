"""The demo's child process (`hf-doctor check` against the local Hub) and Ctrl-C, with no traceback from either.

Ctrl-C reaches both processes (one process group). Once the child's entry point runs, the child owns it: it says
where it stopped, once, and exits 130, which becomes ours; we wait. Before that, the child is still starting
Python and importing hf_doctor, where a KeyboardInterrupt can only end in a traceback. So the child starts with
Ctrl-C ignored and says when it takes it over (a byte on a pipe, ``READY_FD``); a Ctrl-C before that byte is ours:
the child is stopped and this process says the line.
"""
from __future__ import annotations

import os
import signal
import subprocess
import threading
from typing import Dict, List, Optional

READY_FD = "HF_DOCTOR_READY_FD"


def take_over_ctrl_c() -> None:
    """In the child's entry point: tell the parent, then let Ctrl-C raise KeyboardInterrupt here.

    Told first: a Ctrl-C between the two steps is then lost (pressed again, it works), never said twice."""
    ready = os.environ.pop(READY_FD, None)
    if ready is None:
        return
    try:
        fd = int(ready)
        os.write(fd, b"1")
        os.close(fd)
    except (ValueError, OSError):   # not ours after all (an inherited variable): nothing to tell
        return
    signal.signal(signal.SIGINT, signal.default_int_handler)


def run(argv: List[str], env: Dict[str, str], stdin_text: str) -> int:
    """Run the child to its end; its exit code. KeyboardInterrupt when Ctrl-C came before it could say so."""
    if os.name != "posix" or threading.current_thread() is not threading.main_thread():
        return subprocess.run(argv, env=env, input=stdin_text, text=True, check=False).returncode
    read_end, write_end = os.pipe()
    os.set_blocking(read_end, False)
    state = {"started": False, "stopped_early": False}
    child: Optional[subprocess.Popen] = None

    def started() -> bool:
        if not state["started"]:
            try:
                state["started"] = os.read(read_end, 1) == b"1"
            except BlockingIOError:   # nothing written yet
                pass
        return state["started"]

    def on_ctrl_c(signum: int, frame: object) -> None:
        if not started():
            state["stopped_early"] = True
            if child is not None:   # else stopped as soon as it exists
                child.terminate()

    # A handler of ours meanwhile, not SIG_IGN: SIG_IGN is what the child inherits until it takes Ctrl-C over.
    previous = signal.signal(signal.SIGINT, on_ctrl_c)
    try:
        child = subprocess.Popen(argv, env={**env, READY_FD: str(write_end)}, stdin=subprocess.PIPE, text=True,
                                 pass_fds=(write_end,),
                                 preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
        if state["stopped_early"]:
            child.terminate()
        os.close(write_end)
        write_end = -1
        child.communicate(stdin_text)
    finally:
        signal.signal(signal.SIGINT, previous)
        os.close(read_end)
        if write_end >= 0:
            os.close(write_end)
    if state["stopped_early"] or child.returncode < 0:   # < 0: killed by a signal, with nothing said
        raise KeyboardInterrupt
    return child.returncode
