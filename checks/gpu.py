"""The GPU: is there one, can torch use it, and does it compute in bfloat16 natively."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Tuple

from . import causes, gpus
from .context import Context
from .gpu_probe import GpuProbe
from .python_env import platform_kind
from .result import Fix, Outcome, Status, passed, problem, skipped
from .units import gib

COLAB_GPU_FIX = Fix(
    "Colab gives this notebook no GPU. Runtime → Change runtime type → T4 GPU → Save, then run hf-preflight again.",
    url="https://colab.research.google.com/notebooks/gpu.ipynb",
)
KAGGLE_GPU_FIX = Fix(
    "This Kaggle notebook has no accelerator. Settings → Accelerator → GPU T4 x2 (needs a verified phone number), "
    "then run hf-preflight again.",
    url="https://www.kaggle.com/docs/efficient-gpu-usage",
)
CPU_ONLY_FIX = Fix(
    "Without an NVIDIA GPU models run on the CPU: fine for the tiny demo model and slow beyond about 1B "
    "parameters. Use a machine with an NVIDIA GPU, or plan for one with `--gpu T4`.",
    commands=("hf-preflight check --gpu T4",),
)

# CUDA builds of torch that download.pytorch.org publishes, newest last (torch 2.9 and later).
TORCH_CUDA_WHEELS = ("12.6", "12.8", "13.0")


def gpu_device(ctx: Context) -> Outcome:
    """Which NVIDIA GPUs are here (NVML or nvidia-smi, CUDA untouched); none is the most common first-run trap."""
    probe = ctx.gpu_probe()
    data = _probe_data(probe)
    if not probe.gpus:
        label = "No GPU (simulated)" if probe.simulated else "No NVIDIA GPU found"
        if probe.error:
            return problem(
                Status.WARN, f"{label}: {probe.error}", causes.GPU_MISSING,
                Fix("An NVIDIA driver seems installed but does not answer. Restart the machine; if that does "
                    "not help, reinstall the NVIDIA driver.", commands=("nvidia-smi",)),
                data=data,
            )
        return problem(Status.WARN, label, causes.GPU_MISSING, _no_gpu_fix(ctx), data=data)

    first = probe.gpus[0]
    count = f"{len(probe.gpus)} × " if len(probe.gpus) > 1 else ""
    name = f"{first.name} (simulated)" if probe.simulated else first.name
    memory = gib(first.memory_total, 2)
    if first.memory_free is not None and not probe.simulated:
        memory += f" ({gib(first.memory_free, 2)} free)"
    parts = [f"{count}{name}", memory]
    if first.compute_capability:
        parts.append("compute capability {}.{}".format(*first.compute_capability))
    if probe.driver_version:
        parts.append(f"driver {probe.driver_version}")
    summary = " · ".join(parts)

    hidden = ctx.env.get("CUDA_VISIBLE_DEVICES")
    if not probe.simulated and hidden is not None and hidden.strip() in ("", "-1", "NoDevFiles"):
        return problem(
            Status.WARN,
            f"{summary}, but CUDA_VISIBLE_DEVICES={hidden!r} hides it from torch",
            causes.GPU_MISSING,
            Fix("Unset CUDA_VISIBLE_DEVICES (or list the GPU's index) before starting Python.",
                commands=("unset CUDA_VISIBLE_DEVICES",)),
            data=data,
        )
    return passed(summary, data)


def gpu_bf16(ctx: Context) -> Outcome:
    """Native bfloat16 needs compute capability ≥ 8.0; torch.cuda.is_bf16_supported() says True on a T4 (emulated)."""
    probe = ctx.gpu_probe()
    if not probe.gpus:
        return skipped("No GPU: bfloat16 support does not apply")
    known = [g for g in probe.gpus if g.compute_capability]
    if not known:
        return skipped("The GPU's compute capability is unknown")
    weakest = min(known, key=lambda g: g.compute_capability or (0, 0))
    capability = weakest.compute_capability or (0, 0)
    native = gpus.native_bf16(capability)
    data = {
        "compute_capability": list(capability),
        "native": native,
        "recommended_dtype": "bfloat16" if native else "float16",
    }
    cc = "{}.{}".format(*capability)
    if native:
        return passed(f"Compute capability {cc}: native bfloat16", data)
    return problem(
        Status.WARN,
        f"{weakest.name} (compute capability {cc}) has no native bfloat16: torch only emulates it, slowly",
        causes.BF16_UNSUPPORTED,
        Fix("Load the model in float16 instead: `dtype=torch.float16` in from_pretrained "
            "(`torch_dtype=` on transformers before 4.56). Native bfloat16 needs compute capability 8.0 "
            "(A100, L4, H100)."),
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
        return skipped("torch is not installed")
    data = {"version": build.version, "cuda": build.cuda, "hip": build.hip}
    probe = ctx.gpu_probe()
    if probe.simulated:
        return skipped(f"torch {build.version} is judged on the machine that runs the model, not a simulated GPU", data)
    what = f"torch {build.version}" + (f" (CUDA {build.cuda})" if build.cuda else "")
    if not probe.gpus:
        kind = "a CUDA build" if build.cuda else "a CPU-only build"
        return passed(f"{what}: {kind}; no GPU here, so it runs on the CPU", data)

    gpu = probe.gpus[0]
    data["driver_cuda"] = probe.cuda_driver_version
    if build.cuda is None:
        return problem(
            Status.FAIL,
            f"{what} is {'a ROCm' if build.hip else 'a CPU-only'} build, but this machine has an NVIDIA {gpu.name}",
            causes.TORCH_CUDA_MISMATCH,
            _cuda_wheel_fix(probe, ctx),
            data=data,
        )
    capability = gpu.compute_capability
    if capability is not None and capability < (5, 0) and _major(build.cuda) >= 12:
        return problem(
            Status.FAIL,
            "{} has no kernels for the {} (compute capability {}.{})".format(what, gpu.name, *capability),
            causes.TORCH_CUDA_MISMATCH,
            Fix("CUDA 12 dropped Kepler GPUs such as the K80: current torch cannot use this card. "
                "Use a newer GPU (on Colab or Kaggle, a T4)."),
            data=data,
        )
    if probe.cuda_driver_version and _major(build.cuda) > _major(probe.cuda_driver_version):
        return problem(
            Status.FAIL,
            f"{what} needs a driver for CUDA {build.cuda}; driver {probe.driver_version} supports CUDA "
            f"{probe.cuda_driver_version} at most",
            causes.TORCH_CUDA_MISMATCH,
            _cuda_wheel_fix(probe, ctx, driver_too_old=True),
            data=data,
        )
    driver = f"; driver supports CUDA {probe.cuda_driver_version}" if probe.cuda_driver_version else ""
    return passed(f"{what}{driver}", data)


def _no_gpu_fix(ctx: Context) -> Fix:
    kind = platform_kind(ctx)
    if kind in ("colab", "colab_enterprise"):
        return COLAB_GPU_FIX
    if kind == "kaggle":
        return KAGGLE_GPU_FIX
    return CPU_ONLY_FIX


def _cuda_wheel_fix(probe: GpuProbe, ctx: Context, driver_too_old: bool = False) -> Fix:
    driver = probe.cuda_driver_version
    colab = platform_kind(ctx) in ("colab", "colab_enterprise")
    lead = "Update the NVIDIA driver, or install" if driver_too_old else "Install"
    text = f"{lead} a torch built for a CUDA the driver supports"
    text += f" (≤ {driver})." if driver else "."
    if colab:
        text += " On Colab, Runtime → Disconnect and delete runtime restores the torch the runtime came with."
    wheel = torch_wheel_for(driver)
    commands: Tuple[str, ...] = ()
    if wheel:
        tag = "cu" + wheel.replace(".", "")
        commands = (f"pip install --force-reinstall torch --index-url https://download.pytorch.org/whl/{tag}",)
    return Fix(text, commands=commands, url="https://pytorch.org/get-started/locally/")


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


def _probe_data(probe: GpuProbe) -> dict:
    return {
        "count": len(probe.gpus),
        "gpus": [g.to_json() for g in probe.gpus],
        "driver_version": probe.driver_version,
        "cuda_driver_version": probe.cuda_driver_version,
        "source": probe.source,
        "simulated": probe.simulated,
    }


def _assigned(source: str, name: str) -> Optional[str]:
    match = re.search(rf"^{name}\s*(?::[^=\n]*)?=\s*['\"]([^'\"]+)['\"]", source, re.MULTILINE)
    return match.group(1) if match else None


def _key(version: str) -> Tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", version)[:2])


def _major(version: str) -> int:
    return _key(version)[0]
