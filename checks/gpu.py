"""The GPU: is there one, can torch use it, and does it compute in bfloat16 natively."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

from . import causes, gpus, knowledge
from .context import Context
from .gpu_probe import GpuInfo, GpuProbe
from .python_env import TpuRuntime, platform_kind, tpu_runtime
from .result import Fix, Outcome, Record, Status, passed, problem, skipped
from .text import Join, Msg, Text, join
from .units import gib

# What to do on a machine without a GPU, by runtime. Messages, not sentences: a front end says them.
COLAB_GPU_FIX = Fix(Msg("env.gpu.missing.fix_colab"), url=knowledge.PAGES["colab_gpu"])
KAGGLE_GPU_FIX = Fix(Msg("env.gpu.missing.fix_kaggle"), url=knowledge.PAGES["kaggle_gpu"])
CPU_ONLY_FIX = Fix(Msg("env.gpu.missing.fix_cpu"), commands=("hf-doctor check --gpu T4",))

# CUDA builds of torch that download.pytorch.org publishes, newest last (torch 2.9 and later).
TORCH_CUDA_WHEELS = ("12.6", "12.8", "13.0")


@dataclass(frozen=True)
class GpuDevice(Record):
    """gpu.device's data: the NVIDIA cards found (none is a valid answer) and the driver that reported them."""

    gpus: Tuple[GpuInfo, ...] = ()
    driver_version: Optional[str] = None
    cuda_driver_version: Optional[str] = None   # the newest CUDA the driver supports, "12.4"
    source: str = "none"                        # nvml | nvidia-smi | simulated | none
    simulated: bool = False
    tpu: Optional[TpuRuntime] = None            # a TPU runtime, which has no NVIDIA GPU
    runtime_gpus: Tuple[GpuInfo, ...] = ()      # with `--gpu`: the cards this machine really has

    @classmethod
    def from_probe(cls, probe: GpuProbe, tpu: Optional[TpuRuntime] = None,
                   runtime_gpus: Tuple[GpuInfo, ...] = ()) -> "GpuDevice":
        return cls(probe.gpus, probe.driver_version, probe.cuda_driver_version, probe.source, probe.simulated,
                   tpu, runtime_gpus)

    @property
    def count(self) -> int:
        return len(self.gpus)

    def names(self) -> List[str]:
        """The cards' names as the driver reports them ("Tesla T4"), one per card."""
        return [g.name for g in self.gpus]

    def memory_budget(self) -> int:
        """Bytes a model can have across all cards: each card's free memory where the probe read it, else
        its total (a simulated card is empty)."""
        return sum(g.usable_memory for g in self.gpus)

    def to_json(self) -> Dict[str, Any]:
        # The report's keys since the first release, in their order; "count" is kept for scripts. The later
        # keys appear only where they say something: a TPU runtime, a simulated card that is not this machine's.
        data: Dict[str, Any] = {
            "count": self.count,
            "gpus": [g.to_json() for g in self.gpus],
            "driver_version": self.driver_version,
            "cuda_driver_version": self.cuda_driver_version,
            "source": self.source,
            "simulated": self.simulated,
        }
        if self.tpu is not None:
            data["tpu"] = self.tpu.to_json()
        if self.runtime_gpus:
            data["runtime_gpus"] = [g.to_json() for g in self.runtime_gpus]
        return data


@dataclass(frozen=True)
class Bf16Support(Record):
    """gpu.bf16's data: the weakest card's compute capability and whether it computes in bfloat16 natively."""

    compute_capability: Tuple[int, int]
    native: bool
    recommended_dtype: str   # "bfloat16" where native, else "float16" (never emulated bfloat16)

    @classmethod
    def for_capability(cls, capability: Tuple[int, int]) -> "Bf16Support":
        native = gpus.native_bf16(capability)   # the one place the rule lives
        return cls(tuple(capability), native, "bfloat16" if native else "float16")  # type: ignore[arg-type]

    def to_json(self) -> Dict[str, Any]:
        return {**super().to_json(), "compute_capability": list(self.compute_capability)}


def gpu_device(ctx: Context) -> Outcome:
    """Which NVIDIA GPUs are here (NVML or nvidia-smi, CUDA untouched); none is the most common first-run trap."""
    probe = ctx.gpu_probe()
    tpu = tpu_runtime(ctx)
    runtime = ctx.machine_gpu_probe() if probe.simulated else probe
    data = GpuDevice.from_probe(probe, tpu, runtime.gpus if probe.simulated else ())
    if not probe.gpus:
        if probe.simulated:   # a simulated probe never carries an error
            return problem(Status.WARN, Msg("env.gpu.missing_simulated"), causes.GPU_MISSING, _no_gpu_fix(ctx),
                           data=data)
        if tpu is not None:
            return problem(Status.WARN, Msg("env.gpu.tpu", tpu=tpu.label()), causes.GPU_MISSING, _tpu_fix(ctx),
                           data=data)
        if probe.error:
            return problem(
                Status.WARN, Msg("env.gpu.driver_silent", error=probe.error), causes.GPU_MISSING,
                Fix(Msg("env.gpu.driver_silent.fix"), commands=("nvidia-smi",)),
                data=data,
            )
        return problem(Status.WARN, Msg("env.gpu.missing"), causes.GPU_MISSING, _no_gpu_fix(ctx), data=data)

    first = probe.gpus[0]
    name: Text = Msg("env.gpu.simulated", name=first.name) if probe.simulated else first.name
    if len(probe.gpus) > 1:
        name = Msg("env.gpu.several", count=len(probe.gpus), name=name)
    memory: Text = gib(first.memory_total, 2)
    if first.memory_free is not None and not probe.simulated:
        memory = Msg("env.gpu.memory_free", total=memory, free=gib(first.memory_free, 2))
    parts: List[Text] = [name, memory]
    if first.compute_capability:
        parts.append(Msg("env.gpu.capability", cc="{}.{}".format(*first.compute_capability)))
    if probe.driver_version:
        parts.append(Msg("env.gpu.driver", version=probe.driver_version))
    summary = join(" · ", parts)

    if probe.simulated:
        other = _not_planned(first, runtime, tpu)
        if other is not None:
            got, key = other
            return problem(
                Status.WARN, Msg("env.gpu.not_planned", summary=summary, planned=first.name, got=got),
                causes.GPU_NOT_AS_PLANNED,
                Fix(Msg("env.gpu.not_planned.fix"), commands=(f"hf-doctor check --gpu {key}",) if key else ()),
                data=data)

    hidden = ctx.env.get("CUDA_VISIBLE_DEVICES")
    if not probe.simulated and hidden is not None and hidden.strip() in ("", "-1", "NoDevFiles"):
        return problem(
            Status.WARN,
            Msg("env.gpu.hidden", summary=summary, value=repr(hidden)),
            causes.GPU_MISSING,
            Fix(Msg("env.gpu.hidden.fix"),
                commands=("unset CUDA_VISIBLE_DEVICES",)),
            data=data,
        )
    return passed(summary, data)


def gpu_bf16(ctx: Context) -> Outcome:
    """Native bfloat16 on the weakest card (gpus.native_bf16); torch.cuda.is_bf16_supported() says True on a T4,
    where it is only emulated."""
    probe = ctx.gpu_probe()
    if not probe.gpus:
        return skipped(Msg("env.bf16.no_gpu"))
    known = [g for g in probe.gpus if g.compute_capability]
    if not known:
        return skipped(Msg("env.bf16.unknown"))
    weakest = min(known, key=lambda g: g.compute_capability or (0, 0))
    capability = weakest.compute_capability or (0, 0)
    data = Bf16Support.for_capability(capability)
    cc = "{}.{}".format(*capability)
    if data.native:
        return passed(Msg("env.bf16.native", cc=cc), data)
    return problem(
        Status.WARN,
        Msg("env.bf16.emulated", name=weakest.name, cc=cc),
        causes.BF16_UNSUPPORTED,
        knowledge.fix_for(causes.BF16_UNSUPPORTED),
        data=data,
    )


@dataclass(frozen=True)
class TorchBuild:
    version: str
    cuda: Optional[str]
    hip: Optional[str]


def read_torch_build(ctx: Context) -> Optional[TorchBuild]:
    """torch's version and the CUDA it was built for, read from ``torch/version.py`` without importing torch."""
    info = ctx.package("torch")
    if info is None:
        return None
    source = ctx.package_file("torch", "torch/version.py") or ""
    return TorchBuild(info.version, _assigned(source, "cuda"), _assigned(source, "hip"))


def torch_build(ctx: Context) -> Outcome:
    """A CPU-only torch on a GPU machine, or a CUDA build the driver is too old for, wastes the GPU."""
    build = read_torch_build(ctx)
    if build is None:
        return skipped(Msg("env.torch.missing"))
    data = {"version": build.version, "cuda": build.cuda, "hip": build.hip}
    probe = ctx.gpu_probe()
    # A simulated card has no driver to match the build against: judging it would be a guess.
    if probe.simulated:
        return skipped(Msg("env.torch.simulated", version=build.version), data)
    what = f"torch {build.version}" + (f" (CUDA {build.cuda})" if build.cuda else "")
    if not probe.gpus:
        # Without a GPU either build runs (on the CPU): said, never judged.
        if build.cuda:
            return passed(Msg("env.torch.no_gpu_cuda", what=what), data)
        return passed(Msg("env.torch.no_gpu_cpu", what=what), data)

    data["driver_cuda"] = probe.cuda_driver_version
    mismatch = _build_mismatch(ctx, probe, build, what)
    if mismatch is not None:
        summary, fix = mismatch
        return problem(Status.FAIL, summary, causes.TORCH_CUDA_MISMATCH, fix, data=data)
    if probe.cuda_driver_version:
        return passed(Msg("env.torch.ok_driver", what=what, driver_cuda=probe.cuda_driver_version), data)
    return passed(Msg("env.torch.ok", what=what), data)


def _build_mismatch(ctx: Context, probe: GpuProbe, build: TorchBuild, what: str) -> Optional[Tuple[Msg, Fix]]:
    """Why this torch cannot use the first card, with the fix, or None when it can: no CUDA in the build (a
    CPU-only or ROCm wheel), no kernels for the card, or a build newer than the driver."""
    gpu = probe.gpus[0]
    if build.cuda is None:
        if build.hip:
            return Msg("env.torch.rocm", what=what, gpu=gpu.name), _cuda_wheel_fix(probe, ctx)
        return Msg("env.torch.cpu_only", what=what, gpu=gpu.name), _cuda_wheel_fix(probe, ctx)
    capability = gpu.compute_capability
    # CUDA 12 builds of torch ship no kernels for cards older than compute capability 5.0.
    if capability is not None and capability < (5, 0) and _major(build.cuda) >= 12:
        return (Msg("env.torch.no_kernels", what=what, gpu=gpu.name, cc="{}.{}".format(*capability)),
                Fix(Msg("env.torch.no_kernels.fix")))
    # Only the major version is compared: CUDA's minor-version compatibility runs a 12.6 build on a 12.4 driver.
    if probe.cuda_driver_version and _major(build.cuda) > _major(probe.cuda_driver_version):
        return (Msg("env.torch.driver_too_old", what=what, cuda=build.cuda, driver=probe.driver_version,
                    driver_cuda=probe.cuda_driver_version),
                _cuda_wheel_fix(probe, ctx, driver_too_old=True))
    return None


def _no_gpu_fix(ctx: Context) -> Fix:
    kind = platform_kind(ctx)
    if kind in ("colab", "colab_enterprise"):
        return COLAB_GPU_FIX
    if kind == "kaggle":
        return KAGGLE_GPU_FIX
    return CPU_ONLY_FIX


def _not_planned(planned: GpuInfo, runtime: GpuProbe, tpu: Optional[TpuRuntime]
                 ) -> Optional[Tuple[str, Optional[str]]]:
    """What this machine has instead of the `--gpu` card, with its `--gpu` key where the table knows it; None
    when it has that card, or nothing to compare with (planning on a laptop without a GPU is what --gpu is for).
    Colab gives another GPU than the one asked for when that one is not available; only its web page says so,
    nothing on the machine does, so the card found is compared with the card planned for."""
    if runtime.gpus:
        card = runtime.gpus[0]
        spec, wanted = gpus.lookup(card.name), gpus.lookup(planned.name)
        if spec is not None and wanted is not None:
            return None if spec.key == wanted.key else (card.name, spec.key)
        return None if card.name == planned.name else (card.name, None)
    if tpu is not None:
        return tpu.label(), None
    return None


def _tpu_fix(ctx: Context) -> Fix:
    if platform_kind(ctx) in ("colab", "colab_enterprise"):
        return Fix(Msg("env.gpu.tpu.fix_colab"), url=knowledge.PAGES["colab_gpu"])
    return Fix(Msg("env.gpu.tpu.fix"), commands=("hf-doctor check --gpu T4",))


def _cuda_wheel_fix(probe: GpuProbe, ctx: Context, driver_too_old: bool = False) -> Fix:
    driver = probe.cuda_driver_version
    colab = platform_kind(ctx) in ("colab", "colab_enterprise")
    # driver_too_old is only decided from a known driver CUDA version, so it always comes with one.
    text: Text
    if driver is None:
        text = Msg("env.torch.fix.install")
    elif driver_too_old:
        text = Msg("env.torch.fix.update_max", driver=driver)
    else:
        text = Msg("env.torch.fix.install_max", driver=driver)
    if colab:
        text = Join(" ", (text, Msg("env.torch.fix.colab")))
    wheel = torch_wheel_for(driver)
    commands: Tuple[str, ...] = ()
    if wheel:
        tag = "cu" + wheel.replace(".", "")
        commands = (f"pip install --force-reinstall torch --index-url https://download.pytorch.org/whl/{tag}",)
    return Fix(text, commands=commands, url=knowledge.PAGES["pytorch_install"])


def torch_wheel_for(driver_cuda: Optional[str]) -> Optional[str]:
    """The newest published CUDA build the driver runs: same major version (CUDA's minor-version
    compatibility lets a 12.6 build run on a 12.4 driver), no newer than the driver where possible."""
    if driver_cuda is None:
        return TORCH_CUDA_WHEELS[-1]
    same_major = [w for w in TORCH_CUDA_WHEELS if _major(w) == _major(driver_cuda)]
    not_newer = [w for w in same_major if _key(w) <= _key(driver_cuda)]
    if not_newer:
        return not_newer[-1]
    return same_major[0] if same_major else None


def _assigned(source: str, name: str) -> Optional[str]:
    match = re.search(rf"^{name}\s*(?::[^=\n]*)?=\s*['\"]([^'\"]+)['\"]", source, re.MULTILINE)
    return match.group(1) if match else None


def _key(version: str) -> Tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", version)[:2])


def _major(version: str) -> int:
    return _key(version)[0]
