"""A real browser for the tests that look at HTML as people do: Debian's chromium, installed with apt-get when it is
missing and this runs as root; otherwise the tests that need it skip and say why. conftest.py shares the fixture."""
from __future__ import annotations

import os
import shutil
import subprocess
import time
from typing import Iterator

import pytest

# A page load or a screenshot; chromium's first start on a cold machine is the slow part.
BROWSER_TIMEOUT_S = 120
# apt-get update and install, on a slow mirror.
INSTALL_TIMEOUT_S = 300


@pytest.fixture(scope="session")
def chromium() -> Iterator[str]:
    """Debian's chromium: installed with apt-get when missing and possible (root), else the test is skipped."""
    found = shutil.which("chromium")
    if found is None:
        why = _install_chromium()
        found = shutil.which("chromium")
        if found is None:
            pytest.skip(f"chromium is not installed and cannot be installed here: {why}")
    yield found


def _install_chromium() -> str:
    """Why the install did not happen, or "" when it did."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "not running as root, so apt-get cannot install it"
    apt = shutil.which("apt-get")
    if apt is None:
        return "apt-get is not available"
    # Without the tests' network guard: apt's own hooks may be Python and must reach the mirror.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "HF_DOCTOR_NET_GUARD")}
    env["DEBIAN_FRONTEND"] = "noninteractive"
    install = [apt, "install", "-y", "-q", "--no-install-recommends", "chromium", "fonts-nanum"]
    deadline = time.monotonic() + INSTALL_TIMEOUT_S
    why = ""
    for attempt in ([install], [[apt, "update", "-q"], install]):   # stale package lists: update, then retry
        for command in attempt:
            left = deadline - time.monotonic()
            if left <= 0:
                return f"apt-get took longer than {INSTALL_TIMEOUT_S} s"
            try:
                done = subprocess.run(command, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                      timeout=left)
            except subprocess.TimeoutExpired:
                return f"`apt-get {command[1]}` took longer than {INSTALL_TIMEOUT_S} s"
            except OSError as exc:
                return f"`apt-get {command[1]}` could not start: {exc}"
            if done.returncode != 0:
                tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or [f"exit code {done.returncode}"]
                why = f"`apt-get {command[1]}` failed: {tail[0]}"
                break
        else:
            return ""
    return why
