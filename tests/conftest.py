"""Every test runs on a private HF_HOME, without a token, and may reach loopback addresses only."""
from __future__ import annotations

import json
import os
import socket
import sys
import tempfile
from pathlib import Path
from typing import Any, Iterator, List

import pytest

from .browser import chromium  # noqa: F401 - the install-or-skip browser fixture, shared by every test module
from .netguard.loopback import allowed

NETGUARD = Path(__file__).resolve().parent / "netguard"

# huggingface_hub reads these once, when it is first imported (hub-api.md §2.1): set them before any test
# module can import it, so that even in-process code never sees the real home, token or endpoint.
_SESSION_HOME = tempfile.mkdtemp(prefix="hf-doctor-tests-")
os.environ["HF_HOME"] = _SESSION_HOME
os.environ["HF_DOCTOR_CACHE"] = os.path.join(_SESSION_HOME, "hf-doctor")   # the tiny models
for _name in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "HF_TOKEN_PATH",
              "HF_ENDPOINT", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_DISABLE_IMPLICIT_TOKEN"):
    os.environ.pop(_name, None)
os.environ.update(HF_HUB_DISABLE_TELEMETRY="1", HF_HUB_DISABLE_XET="1", HF_HUB_DISABLE_UPDATE_CHECK="1",
                  NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")


class NetworkGuard:
    """Refuses, and remembers, any connection to an address outside 127.0.0.0/8 and ::1."""

    def __init__(self) -> None:
        self.attempts: List[Any] = []

    allowed = staticmethod(allowed)

    def wrap(self, real: Any) -> Any:
        guard = self

        def connect(sock: socket.socket, address: Any) -> Any:
            if sock.family in (socket.AF_INET, socket.AF_INET6) and not guard.allowed(address):
                guard.attempts.append(address)
                raise ConnectionRefusedError(f"tests may reach loopback addresses only, not {address!r}")
            return real(sock, address)

        return connect


@pytest.fixture(autouse=True)
def isolated_hub(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("hf_home")
    monkeypatch.setenv("HF_HOME", str(home))
    for name in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "HF_TOKEN_PATH",
                 "HF_ENDPOINT", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests read English unless they ask otherwise, whatever the machine's locale."""
    for name in ("HF_DOCTOR_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    yield


@pytest.fixture(scope="session")
def demo_hub() -> Iterator[Any]:
    """The demo's local Hub, shared by the tests that only read from it."""
    from hf_doctor.emulator import scenarios
    from hf_doctor.emulator.server import HubEmulator

    with HubEmulator(scenarios.build()) as hub:
        yield hub


@pytest.fixture(autouse=True)
def network_guard(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """In this process, and in every Python subprocess a test starts (through netguard/sitecustomize.py)."""
    guard = NetworkGuard()
    monkeypatch.setattr(socket.socket, "connect", guard.wrap(socket.socket.connect))
    monkeypatch.setattr(socket.socket, "connect_ex", guard.wrap(socket.socket.connect_ex))
    log = tmp_path_factory.mktemp("netguard") / "attempts.log"
    monkeypatch.setenv("HF_DOCTOR_NET_GUARD", str(log))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(NETGUARD), os.environ.get("PYTHONPATH")])))
    yield guard
    assert not guard.attempts, f"a test tried to leave the machine: {guard.attempts}"
    children = log.read_text(encoding="utf-8") if log.exists() else ""
    assert not children, f"a subprocess tried to leave the machine:\n{children}"


@pytest.fixture()
def kernel_env(demo_hub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A kernel spec of its own (this interpreter, whatever kernels the machine has), a clean IPython profile,
    and the local Hub: everything passes to the kernel through the environment."""
    spec = tmp_path / "jupyter" / "kernels" / "hf-doctor-test"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "hf-doctor test", "language": "python"}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    monkeypatch.setenv("HF_ENDPOINT", demo_hub.endpoint)
    yield "hf-doctor-test"
