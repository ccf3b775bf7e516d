"""What NVIDIA GPUs this machine has, read through NVML or nvidia-smi without initialising CUDA.

Initialising CUDA (``import torch; torch.cuda.is_available()``) costs seconds and memory on the card, and a
wedged driver can hang it; NVML answers the same questions in milliseconds (accelerate's ``utils/imports.py``
does the same). ``nvidia-smi`` is the fallback where the NVML bindings are missing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, List, Optional, Sequence, Tuple

from . import gpus
from .text import Join, Msg, Text

MIB = 1024**2


@dataclass(frozen=True)
class CommandResult:
    returncode: int
    stdout: str
    # What the program printed on stderr; or, where it printed nothing because the runner stopped it (a timeout),
    # the runner's own note as a message, said in the reader's language.
    stderr: Text = ""


# argv, timeout -> result, or None when the program is not installed.
CommandRunner = Callable[[Sequence[str], float], Optional[CommandResult]]


@dataclass(frozen=True)
class GpuInfo:
    index: int
    name: str
    memory_total: int                               # bytes
    memory_free: Optional[int] = None               # bytes
    compute_capability: Optional[Tuple[int, int]] = None

    @property
    def usable_memory(self) -> int:
        """What a model can have on this card: its free memory where the probe read it (other processes hold
        the rest), else its total (a simulated card is empty)."""
        return self.memory_free if self.memory_free is not None else self.memory_total

    def to_json(self) -> dict:
        spec = gpus.lookup(self.name)
        return {
            "index": self.index,
            "name": self.name,
            "memory_total": self.memory_total,
            "memory_free": self.memory_free,
            "compute_capability": list(self.compute_capability) if self.compute_capability else None,
            "known_as": spec.key if spec else None,
        }


@dataclass(frozen=True)
class GpuProbe:
    gpus: Tuple[GpuInfo, ...] = ()
    driver_version: Optional[str] = None
    cuda_driver_version: Optional[str] = None       # the newest CUDA the driver supports, "12.4"
    source: str = "none"                            # nvml | nvidia-smi | simulated | none
    error: Optional[Text] = None                    # why nothing was found, when a driver seemed present

    @property
    def simulated(self) -> bool:
        return self.source == "simulated"


def simulated(key: str) -> GpuProbe:
    """A probe that reports the card `--gpu KEY` names (or no card for ``none``), marked as simulated."""
    if key.lower() == gpus.NO_GPU:
        return GpuProbe(source="simulated")
    spec = gpus.by_key(key)
    if spec is None:
        raise ValueError(f"unknown GPU {key!r}")
    card = GpuInfo(0, spec.name, spec.memory_bytes, spec.memory_bytes, spec.compute_capability)
    return GpuProbe(gpus=(card,), source="simulated")


def probe(run: CommandRunner, load_nvml: Callable[[], Any]) -> GpuProbe:
    """NVML first, then nvidia-smi; an empty probe (with the reason, if any) when neither finds a card."""
    nvml_error: Optional[Text] = None
    try:
        nvml = load_nvml()
    except ImportError:
        nvml = None
    if nvml is not None:
        result = probe_nvml(nvml)
        if result.gpus:
            return result
        nvml_error = result.error
    result = probe_nvidia_smi(run)
    if result.gpus or result.error:
        return result
    return GpuProbe(error=nvml_error)


def probe_nvml(nvml: Any) -> GpuProbe:
    """Read the cards through the ``pynvml`` module of nvidia-ml-py."""
    try:
        nvml.nvmlInit()
    except nvml.NVMLError as exc:
        if type(exc).__name__ == "NVMLError_LibraryNotFound":
            return GpuProbe()  # no driver library: no NVIDIA GPU here, nothing to report
        return GpuProbe(error=f"NVML: {exc}")
    try:
        found: List[GpuInfo] = []
        for index in range(nvml.nvmlDeviceGetCount()):
            handle = nvml.nvmlDeviceGetHandleByIndex(index)
            memory = nvml.nvmlDeviceGetMemoryInfo(handle)
            found.append(
                GpuInfo(
                    index=index,
                    name=_text(nvml.nvmlDeviceGetName(handle)),
                    memory_total=int(memory.total),
                    memory_free=int(memory.free),
                    compute_capability=tuple(nvml.nvmlDeviceGetCudaComputeCapability(handle)),  # type: ignore[arg-type]
                )
            )
        cuda = nvml.nvmlSystemGetCudaDriverVersion()  # e.g. 12040
        return GpuProbe(
            gpus=tuple(found),
            driver_version=_text(nvml.nvmlSystemGetDriverVersion()),
            cuda_driver_version=f"{cuda // 1000}.{(cuda % 1000) // 10}",
            source="nvml",
        )
    except nvml.NVMLError as exc:
        return GpuProbe(error=f"NVML: {exc}")
    finally:
        try:
            nvml.nvmlShutdown()
        except nvml.NVMLError:
            pass


_QUERY = "index,name,memory.total,memory.free,driver_version"


def probe_nvidia_smi(run: CommandRunner, timeout: float = 8.0) -> GpuProbe:
    """Read the cards from ``nvidia-smi``'s CSV query; compute capability where the driver can report it."""
    fields = _QUERY + ",compute_cap"
    out = run(["nvidia-smi", f"--query-gpu={fields}", "--format=csv,noheader,nounits"], timeout)
    if out is None:
        return GpuProbe()
    if out.returncode != 0 and "compute_cap" in out.stdout + _printed(out.stderr):
        # Drivers before 510 do not know the compute_cap field; the GPU table fills it in by name.
        fields = _QUERY
        out = run(["nvidia-smi", f"--query-gpu={fields}", "--format=csv,noheader,nounits"], timeout)
        if out is None:
            return GpuProbe()
    if out.returncode != 0:
        return GpuProbe(error=Join(": ", ("nvidia-smi", _failure(out))))

    found: List[GpuInfo] = []
    driver: Optional[str] = None
    for line in out.stdout.strip().splitlines():
        cells = [cell.strip() for cell in line.split(",")]
        if len(cells) < 5:
            continue
        index, name, total, free, driver = cells[:5]
        capability = _capability(cells[5]) if len(cells) > 5 else None
        if capability is None:
            spec = gpus.lookup(name)
            capability = spec.compute_capability if spec else None
        found.append(GpuInfo(int(index), name, int(float(total)) * MIB, _mib(free), capability))

    header = run(["nvidia-smi"], timeout)
    match = re.search(r"CUDA Version:\s*([0-9.]+)", header.stdout) if header else None
    return GpuProbe(
        gpus=tuple(found),
        driver_version=driver,
        cuda_driver_version=match.group(1) if match else None,
        source="nvidia-smi",
    )


def _printed(stream: Text) -> str:
    """A stream as the program printed it; a runner's note (a message) is not the program's output."""
    return stream if isinstance(stream, str) else ""


def _failure(out: CommandResult) -> Text:
    """Why a command failed: its first line of output in its own words, else the runner's note, else the exit
    code (only these last two are ours, and so messages)."""
    lines = (out.stdout.strip() or _printed(out.stderr).strip()).splitlines()
    if lines:
        return lines[0]
    if isinstance(out.stderr, (Msg, Join)):
        return out.stderr
    return Msg("env.gpu.exit_code", code=out.returncode)


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _mib(cell: str) -> Optional[int]:
    try:
        return int(float(cell)) * MIB
    except ValueError:
        return None


def _capability(cell: str) -> Optional[Tuple[int, int]]:
    match = re.fullmatch(r"(\d+)\.(\d+)", cell)
    return (int(match.group(1)), int(match.group(2))) if match else None
