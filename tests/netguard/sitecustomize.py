"""Loaded by every Python subprocess a test starts (the tests put this folder on PYTHONPATH): any connection
outside loopback is refused and written to the file HF_DOCTOR_NET_GUARD names, which the test checks."""
from __future__ import annotations

import os
import socket

from loopback import allowed

_LOG = os.environ.get("HF_DOCTOR_NET_GUARD")

if _LOG:
    def _guard(real):  # type: ignore[no-untyped-def]
        def connect(sock, address):  # type: ignore[no-untyped-def]
            if sock.family in (socket.AF_INET, socket.AF_INET6) and not allowed(address):
                with open(_LOG, "a", encoding="utf-8") as log:
                    log.write(f"{os.getpid()} {address!r}\n")
                raise ConnectionRefusedError(f"tests may reach loopback addresses only, not {address!r}")
            return real(sock, address)
        return connect

    socket.socket.connect = _guard(socket.socket.connect)  # type: ignore[method-assign]
    socket.socket.connect_ex = _guard(socket.socket.connect_ex)  # type: ignore[method-assign]
