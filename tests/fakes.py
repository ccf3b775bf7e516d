"""A fake machine for the checks: every fact a check reads is a field a test sets."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Dict, Mapping, Optional, Sequence, Set, Tuple

from hf_doctor.checks import gpu_probe
from hf_doctor.checks.context import DiskUsage, HubPaths, MemoryInfo, PackageInfo, PlatformInfo
from hf_doctor.checks.gpu_probe import CommandResult, GpuInfo, GpuProbe
from hf_doctor.checks.hub_client import ColabSecret, StoredToken, TokenSource, read_saved_login
from hf_doctor.checks.text import Text
from hf_doctor.checks.units import GIB
from hf_doctor.i18n import Speaker

NOW = dt.datetime(2026, 11, 24, 20, 0, 0, tzinfo=dt.timezone.utc)


def en(text: Text) -> str:
    """A check's text (a message, a join or a string) as an English reader sees it."""
    return Speaker("en")(text)


def ko(text: Text) -> str:
    """The same text in Korean."""
    return Speaker("ko")(text)


def stack(**versions: Optional[str]) -> Dict[str, PackageInfo]:
    """A consistent, current ML stack; ``name=None`` removes a package, ``name="x.y"`` changes its version."""
    packages = {
        "torch": PackageInfo("torch", "2.9.0+cu126", ">=3.10", ("filelock", "typing-extensions>=4.10.0")),
        "transformers": PackageInfo("transformers", "5.24.0", ">=3.11.0", (
            "huggingface-hub<3.0,>=1.31.0", "tokenizers<0.24.0,>=0.23.1", "safetensors>=0.8.0",
            'accelerate>=1.1.0; extra == "torch"')),
        "accelerate": PackageInfo("accelerate", "1.15.0", ">=3.10.0", (
            "torch>=2.0.0", "huggingface_hub>=0.21.0", "safetensors>=0.4.3")),
        "huggingface_hub": PackageInfo("huggingface_hub", "2.4.0", ">=3.10.0", ("httpx2<3,>=2.0.0",)),
        "tokenizers": PackageInfo("tokenizers", "0.23.3", ">=3.10", ("huggingface-hub>=0.16.4,<3.0",)),
        "safetensors": PackageInfo("safetensors", "0.8.0", ">=3.10", ()),
    }
    for name, version in versions.items():
        if version is None:
            packages.pop(name, None)
        else:
            packages[name] = replace(packages[name], version=version)
    return packages


def torch_version_py(cuda: Optional[str]) -> str:
    return f"__version__ = 'x'\ndebug = False\ncuda: Optional[str] = {cuda!r}\nhip: Optional[str] = None\n"


def card(name: str, total_gib: float, capability: Tuple[int, int], free_gib: Optional[float] = None) -> GpuInfo:
    free = int((free_gib if free_gib is not None else total_gib) * GIB)
    return GpuInfo(0, name, int(total_gib * GIB), free, capability)


def nvml_probe(*cards: GpuInfo, driver: str = "550.54.15", cuda: str = "12.4") -> GpuProbe:
    indexed = tuple(replace(c, index=i) for i, c in enumerate(cards))
    return GpuProbe(gpus=indexed, driver_version=driver, cuda_driver_version=cuda, source="nvml")


class FakeHub:
    """A Hub that answers: reachable, and every other question left to tests that use the real emulator."""

    def ping(self, timeout: float = 5.0) -> None:
        return None


@dataclass
class FakeContext:
    env: Dict[str, str] = field(default_factory=dict)
    simulated_gpu: Optional[str] = None
    python: Tuple[int, int, int] = (3, 11, 7)
    platform_info: PlatformInfo = PlatformInfo("Linux", "6.1.85+", "x86_64")
    modules: Set[str] = field(default_factory=set)
    packages: Dict[str, PackageInfo] = field(default_factory=stack)
    torch_cuda: Optional[str] = "12.6"
    texts: Dict[str, str] = field(default_factory=dict)
    disk: Optional[DiskUsage] = DiskUsage("/home/user/.cache/huggingface/hub", 100 * GIB, 60 * GIB)
    mem: Optional[MemoryInfo] = MemoryInfo(int(12.7 * GIB), int(11.5 * GIB))
    commands: Dict[Tuple[str, ...], CommandResult] = field(default_factory=dict)
    probe: GpuProbe = GpuProbe()           # the machine's own cards (`--gpu` simulates another in gpu_probe)
    nodes: Tuple[str, ...] = ()            # device files such as /dev/accel0 or /dev/vfio/0 (a TPU)
    model: Optional[str] = None
    tokens: Tuple[TokenSource, ...] = ()
    secret: ColabSecret = ColabSecret("n/a")
    hub_client: object = field(default_factory=FakeHub)
    notices: list = field(default_factory=list)
    paths: HubPaths = HubPaths(
        cache="/home/user/.cache/huggingface/hub",
        token="/home/user/.cache/huggingface/token",
        endpoint="https://huggingface.co",
    )

    def python_version(self) -> Tuple[int, int, int]:
        return self.python

    def platform(self) -> PlatformInfo:
        return self.platform_info

    def has_module(self, name: str) -> bool:
        return name in self.modules

    def package(self, name: str) -> Optional[PackageInfo]:
        return self.packages.get(name)

    def package_file(self, name: str, path: str) -> Optional[str]:
        if name == "torch" and path == "torch/version.py" and "torch" in self.packages:
            return torch_version_py(self.torch_cuda)
        return None

    def disk_usage(self, path: str) -> Optional[DiskUsage]:
        return self.disk

    def memory(self) -> Optional[MemoryInfo]:
        return self.mem

    def run(self, argv: Sequence[str], timeout: float) -> Optional[CommandResult]:
        return self.commands.get(tuple(argv))

    def gpu_probe(self) -> GpuProbe:
        if self.simulated_gpu is not None:
            return gpu_probe.simulated(self.simulated_gpu)
        return self.probe

    def machine_gpu_probe(self) -> GpuProbe:
        return self.probe

    def accelerator_nodes(self) -> Tuple[str, ...]:
        return self.nodes

    def hub_paths(self) -> HubPaths:
        return self.paths

    def read_text(self, path: str) -> Optional[str]:
        return self.texts.get(path)

    def now(self) -> dt.datetime:
        return NOW

    def token_sources(self) -> Tuple[TokenSource, ...]:
        return self.tokens

    def saved_login(self) -> StoredToken:
        return read_saved_login(self.paths.token, self.read_text)

    def colab_secret(self) -> ColabSecret:
        return self.secret

    def hub(self):  # type: ignore[no-untyped-def]
        return self.hub_client

    def notify(self, message: str) -> None:
        self.notices.append(message)


def fake_factory(**fields: object):  # type: ignore[no-untyped-def]
    """A ``context_factory`` for the CLI: ``--gpu`` becomes the fake's simulated GPU, ``--model`` its model."""
    def make(simulated_gpu: Optional[str] = None, model: Optional[str] = None,
             token: Optional[str] = None, **ignored: object) -> FakeContext:
        tokens = (TokenSource("--token-file", token),) if token is not None else ()
        return FakeContext(simulated_gpu=simulated_gpu, model=model, tokens=tokens, **fields)  # type: ignore[arg-type]
    return make


def env(**values: str) -> Mapping[str, str]:
    return dict(values)
