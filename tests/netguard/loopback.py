"""The one rule of the test network: loopback addresses only (127.0.0.0/8, ::1, localhost)."""
from __future__ import annotations

import ipaddress
from typing import Any


def allowed(address: Any) -> bool:
    if not isinstance(address, tuple):  # AF_UNIX paths
        return True
    host = str(address[0])
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: resolving it would already leave the machine
        return False
