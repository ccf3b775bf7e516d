"""Everything the checks read from the machine comes through a context, so tests can hand them a fake one.

``SystemContext`` reads the real machine. Nothing here imports torch or transformers: package facts come from
their installed metadata (``importlib.metadata``), GPU facts from NVML or nvidia-smi.
"""
from __future__ import annotations

import datetime as _dt
import importlib.metadata as metadata
import importlib.util
import os
import platform as _platform
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Protocol, Sequence, Tuple

from .gpu_probe import CommandResult, GpuProbe, probe, simulated
from .hub_client import (TOKEN_FILE, ColabSecret, HubClient, StoredToken, TokenSource, colab_secret,
                         read_saved_login, token_sources, without_final_newline)
from .text import Msg, Text


@dataclass(frozen=True)
class PackageInfo:
    name: str
    version: str
    requires_python: Optional[str] = None
    requires: Tuple[str, ...] = ()        # Requires-Dist lines, markers included


@dataclass(frozen=True)
class PlatformInfo:
    system: str                           # Linux, Darwin, Windows
    release: str
    machine: str                          # x86_64, aarch64, arm64
    python_implementation: str = "CPython"
    in_notebook_kernel: bool = False      # running inside an IPython/Jupyter kernel


@dataclass(frozen=True)
class DiskUsage:
    path: str                             # the existing folder that was measured
    total: int
    free: int


@dataclass(frozen=True)
class MemoryInfo:
    total: int
    available: Optional[int]


@dataclass(frozen=True)
class HubPaths:
    """Where huggingface_hub keeps things, resolved as huggingface_hub resolves them."""

    cache: str
    token: str
    endpoint: str
    default_endpoint: str = "https://huggingface.co"
    offline: bool = False


class Context(Protocol):
    """The machine, as a check sees it."""

    env: Mapping[str, str]
    simulated_gpu: Optional[str]
    model: Optional[str]

    def python_version(self) -> Tuple[int, int, int]: ...
    def platform(self) -> PlatformInfo: ...
    def has_module(self, name: str) -> bool: ...
    def package(self, name: str) -> Optional[PackageInfo]: ...
    def package_file(self, name: str, path: str) -> Optional[str]: ...
    def disk_usage(self, path: str) -> Optional[DiskUsage]: ...
    def memory(self) -> Optional[MemoryInfo]: ...
    def run(self, argv: Sequence[str], timeout: float) -> Optional[CommandResult]: ...
    def gpu_probe(self) -> GpuProbe: ...
    def machine_gpu_probe(self) -> GpuProbe: ...
    def accelerator_nodes(self) -> Tuple[str, ...]: ...
    def hub_paths(self) -> HubPaths: ...
    def read_text(self, path: str) -> Optional[str]: ...
    def now(self) -> _dt.datetime: ...
    def token_sources(self) -> Tuple[TokenSource, ...]: ...
    def saved_login(self) -> StoredToken: ...
    def colab_secret(self) -> ColabSecret: ...
    def hub(self) -> HubClient: ...
    def notify(self, message: Text) -> None: ...


class _Once:
    """A value computed once, on first use, even when several check threads ask at the same time."""

    def __init__(self, compute: Callable[[], Any]) -> None:
        self._compute = compute
        self._lock = threading.Lock()
        self._done = False
        self._value: Any = None

    def get(self) -> Any:
        with self._lock:
            if not self._done:
                self._value = self._compute()
                self._done = True
            return self._value


class SystemContext:
    """The real machine.

    ``simulated_gpu`` (a `--gpu` name, or ``none``) replaces the probed GPUs; ``model`` is the repo to check
    access to; ``token`` is one the user handed over explicitly (``--token-file``); ``endpoint`` and ``cache``
    override the Hub endpoint and cache folder huggingface_hub resolved (tests point them at the local emulator
    and a fresh folder); ``notify`` receives progress messages of long steps; ``generation`` holds the options
    of the timed generation (prompt, sampling, token limit, 4-bit).
    """

    def __init__(self, simulated_gpu: Optional[str] = None, model: Optional[str] = None,
                 token: Optional[str] = None, endpoint: Optional[str] = None, cache: Optional[str] = None,
                 notify: Optional[Callable[[Text], None]] = None, generation: Any = None,
                 token_source: str = TOKEN_FILE, token_note: Optional[Text] = None) -> None:
        self.env: Mapping[str, str] = dict(os.environ)
        self.simulated_gpu = simulated_gpu
        self.model = model
        self._explicit_token = token
        self._explicit_source = token_source     # TOKEN_FILE, or PROMPT for a hidden prompt
        self._explicit_note = token_note         # how --token-file was read, when not as plain UTF-8
        self._endpoint = endpoint
        self._cache = cache
        self._notify = notify
        self.generation = generation   # checks.generation.GenerationOptions for model.generate, or None
        self._gpu = _Once(self._probe_gpu)
        self._machine_gpu = _Once(lambda: probe(self.run, _load_nvml))
        self._hub = _Once(self._hub_paths)
        self._colab = _Once(self._read_colab_secret)
        # Read once, when a check first asks: the RAM free before this run's own imports (model.fit's torch among
        # them) took their share, the same figure for every check that plans with it.
        self._memory = _Once(self._read_memory)
        self._hub_client = _Once(lambda: HubClient(self.hub_paths().endpoint, self._cache))

    def python_version(self) -> Tuple[int, int, int]:
        return sys.version_info[:3]

    def platform(self) -> PlatformInfo:
        return PlatformInfo(
            system=_platform.system(),
            release=_platform.release(),
            machine=_platform.machine(),
            python_implementation=_platform.python_implementation(),
            in_notebook_kernel="ipykernel" in sys.modules,
        )

    def has_module(self, name: str) -> bool:
        try:
            return importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            return False

    def package(self, name: str) -> Optional[PackageInfo]:
        dist = _distribution(name)
        if dist is None:
            return None
        meta = dist.metadata
        return PackageInfo(
            name=name,
            version=dist.version,
            requires_python=meta["Requires-Python"] if "Requires-Python" in meta else None,
            requires=tuple(dist.requires or ()),
        )

    def package_file(self, name: str, path: str) -> Optional[str]:
        dist = _distribution(name)
        return None if dist is None else self.read_text(str(dist.locate_file(path)))

    def disk_usage(self, path: str) -> Optional[DiskUsage]:
        # The cache folder may not exist yet: measure the nearest folder that does.
        current = Path(path).expanduser()
        while not current.exists() and current != current.parent:
            current = current.parent
        try:
            usage = shutil.disk_usage(current)
        except OSError:
            return None
        return DiskUsage(str(current), usage.total, usage.free)

    def memory(self) -> Optional[MemoryInfo]:
        return self._memory.get()  # type: ignore[no-any-return]

    def _read_memory(self) -> Optional[MemoryInfo]:
        meminfo = self.read_text("/proc/meminfo")
        if meminfo:
            values: Dict[str, int] = {}
            for line in meminfo.splitlines():
                key, _, rest = line.partition(":")
                parts = rest.split()
                if parts and parts[0].isdigit():
                    values[key] = int(parts[0]) * 1024
            if "MemTotal" in values:
                return MemoryInfo(values["MemTotal"], values.get("MemAvailable"))
        try:  # macOS and others; psutil comes with accelerate
            import psutil

            vm = psutil.virtual_memory()
            return MemoryInfo(int(vm.total), int(vm.available))
        except Exception:  # noqa: BLE001 - no way to read memory is a "cannot tell", not a crash
            return None

    def run(self, argv: Sequence[str], timeout: float) -> Optional[CommandResult]:
        if shutil.which(argv[0]) is None:
            return None
        try:
            done = subprocess.run(list(argv), capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            return CommandResult(124, "", Msg("env.gpu.command_timeout", program=argv[0], seconds=f"{timeout:g}"))
        except OSError as exc:
            return CommandResult(126, "", str(exc))
        return CommandResult(done.returncode, done.stdout, done.stderr)

    def gpu_probe(self) -> GpuProbe:
        return self._gpu.get()  # type: ignore[no-any-return]

    def machine_gpu_probe(self) -> GpuProbe:
        """The cards this machine really has, also when `--gpu` simulates another one (the plan is then for a
        card that is not here, which the GPU check says)."""
        if self.simulated_gpu is None:
            return self.gpu_probe()
        return self._machine_gpu.get()  # type: ignore[no-any-return]

    def accelerator_nodes(self) -> Tuple[str, ...]:
        """The device files a TPU shows up as: ``/dev/accel0``… (TPU v2 to v4) and ``/dev/vfio/0``… (v5e, v6e;
        ``/dev/vfio/vfio`` is VFIO's control file, not a device)."""
        found: List[str] = []
        for pattern in ("accel[0-9]*", "vfio/[0-9]*"):
            found += sorted(str(p) for p in Path("/dev").glob(pattern))
        return tuple(found)

    def hub_paths(self) -> HubPaths:
        return self._hub.get()  # type: ignore[no-any-return]

    def read_text(self, path: str) -> Optional[str]:
        try:
            return Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def now(self) -> _dt.datetime:
        return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)

    def token_sources(self) -> Tuple[TokenSource, ...]:
        """Every token found, in the contract's order, as stored (the check judges the formatting)."""
        explicit = (TokenSource(self._explicit_source, without_final_newline(self._explicit_token),
                                note=self._explicit_note)
                    if self._explicit_token is not None else None)
        return token_sources(self.env, self.saved_login(), explicit, self.colab_secret())

    def saved_login(self) -> StoredToken:
        """The saved login (HF_TOKEN_PATH), read as huggingface_hub reads it, with what keeps it from being sent."""
        return read_saved_login(self.hub_paths().token)

    def colab_secret(self) -> ColabSecret:
        return self._colab.get()  # type: ignore[no-any-return]

    def hub(self) -> HubClient:
        return self._hub_client.get()  # type: ignore[no-any-return]

    def notify(self, message: Text) -> None:
        """Tell the person waiting what a long step is doing (a message: the front end says it in its language
        and decides where it goes)."""
        if self._notify is not None:
            self._notify(message)

    def _read_colab_secret(self) -> ColabSecret:
        # Only a notebook kernel can read Colab secrets; asking from anywhere else proves nothing.
        if not self.platform().in_notebook_kernel:
            return ColabSecret("n/a")
        return colab_secret()

    def _hub_paths(self) -> HubPaths:
        paths = _hub_paths()
        if self._endpoint:
            paths = replace(paths, endpoint=self._endpoint.rstrip("/"))
        if self._cache:
            paths = replace(paths, cache=self._cache)
        return paths

    def _probe_gpu(self) -> GpuProbe:
        if self.simulated_gpu is not None:
            return simulated(self.simulated_gpu)
        return probe(self.run, _load_nvml)


def _distribution(name: str) -> Optional[metadata.Distribution]:
    # Python 3.9's importlib.metadata does not normalise "huggingface_hub" to "huggingface-hub".
    for candidate in (name, name.replace("_", "-")):
        try:
            return metadata.distribution(candidate)
        except metadata.PackageNotFoundError:
            continue
    return None


def _load_nvml() -> Any:
    import pynvml  # from nvidia-ml-py; a pure-Python ctypes binding, cheap to import

    return pynvml


def _hub_paths() -> HubPaths:
    # huggingface_hub resolves HF_HOME, HF_HUB_CACHE, the legacy HUGGINGFACE_HUB_CACHE, XDG_CACHE_HOME,
    # HF_TOKEN_PATH, HF_ENDPOINT and HF_HUB_OFFLINE when it is imported: use its answer, not a copy of its rules.
    from huggingface_hub import constants

    default = getattr(constants, "_HF_DEFAULT_ENDPOINT", "https://huggingface.co")
    return HubPaths(
        cache=str(constants.HF_HUB_CACHE),
        token=str(constants.HF_TOKEN_PATH),
        endpoint=str(constants.ENDPOINT),
        default_endpoint=str(default),
        offline=bool(constants.HF_HUB_OFFLINE),
    )
