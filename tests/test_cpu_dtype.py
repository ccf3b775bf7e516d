"""The CPU's dtype: bfloat16 where the CPU has native bfloat16 kernels, float32 where it would be emulated (issue 13).

scripts/bench_generate.py measures why: on an AVX512-BF16 CPU the seed's bfloat16 decodes about twice as fast as
float32 (half the bytes per token); on a CPU without it, float32 is the faster one.
"""
from __future__ import annotations

import platform
import sys
from pathlib import Path

import pytest

from hf_doctor.checks.context import MemoryInfo, SystemContext
from hf_doctor.checks.download import model_download
from hf_doctor.checks.fit import CpuDtypeReason, FitPlan, ModelShape, cpu_dtype, cpu_native_bf16, model_fit
from hf_doctor.checks.generation import GenerationFacts, GenerationOptions, model_generate
from hf_doctor.checks.result import Status, jsonable
from hf_doctor.checks.units import GIB
from hf_doctor.emulator import scenarios

from .fakes import FakeContext

STUDENT = scenarios.TOKENS["student"]
X86_WITH = "processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512f avx512_bf16 amx_tile\n\nprocessor\t: 1\nflags\t\t: fpu\n"
X86_WITHOUT = "processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512f avx512_vnni\n"
ARM_WITH = "processor\t: 0\nFeatures\t: fp asimd evtstrm aes sve bf16 i8mm\n"
ARM_WITHOUT = "processor\t: 0\nFeatures\t: fp asimd evtstrm aes\n"


@pytest.mark.parametrize("cpuinfo, native", [(X86_WITH, True), (X86_WITHOUT, False), (ARM_WITH, True),
                                             (ARM_WITHOUT, False), (None, None)])
def test_native_bf16_is_read_from_the_cpus_features(cpuinfo: str, native: bool) -> None:
    ctx = FakeContext(texts={"/proc/cpuinfo": cpuinfo} if cpuinfo is not None else {})
    assert cpu_native_bf16(ctx) is native   # type: ignore[arg-type]


SMALL = ModelShape(parameters=100_000_000)


@pytest.mark.parametrize("native, free, dtype, reason", [
    (True, 64 * GIB, "bfloat16", CpuDtypeReason.NATIVE_BF16),
    (False, 64 * GIB, "float32", CpuDtypeReason.NO_NATIVE_BF16),
    (None, 64 * GIB, "float32", CpuDtypeReason.NO_NATIVE_BF16),     # unknown: as before, float32
    (False, 500_000_000, "bfloat16", CpuDtypeReason.RAM_TIGHT),     # float32 would crowd the RAM
    (True, 500_000_000, "bfloat16", CpuDtypeReason.NATIVE_BF16),
])
def test_the_cpu_dtype_and_its_reason(native: bool, free: int, dtype: str, reason: CpuDtypeReason) -> None:
    assert cpu_dtype(SMALL, free, native) == (dtype, reason)


@pytest.mark.skipif(not (sys.platform.startswith("linux") and platform.machine() in ("x86_64", "AMD64")),
                    reason="torch reads these x86 features itself; elsewhere there is nothing to compare")
def test_the_cpuinfo_reading_agrees_with_torch_on_this_machine() -> None:
    """hf-doctor reads /proc/cpuinfo so that model.fit never imports torch; torch must see the same CPU."""
    torch = pytest.importorskip("torch")
    by_torch = bool(torch.cpu._is_avx512_bf16_supported() or torch.cpu._is_amx_tile_supported())
    assert cpu_native_bf16(SystemContext()) is by_torch


def test_model_fit_and_model_generate_choose_the_same_dtype_for_the_same_reason(demo_hub, tmp_path: Path  # type: ignore[no-untyped-def]
                                                                                 ) -> None:
    """The real checks against the local Hub, on this machine's CPU, whatever it has."""
    ctx = SystemContext(model=scenarios.TINY_CHAT, token=STUDENT, endpoint=demo_hub.endpoint, cache=str(tmp_path),
                        generation=GenerationOptions(max_new_tokens=8))
    native = cpu_native_bf16(ctx)
    plan = FitPlan.of(model_fit(ctx))
    assert plan is not None and plan.dtype == ("bfloat16" if native else "float32")
    assert jsonable(plan)["cpu_dtype_reason"] == ("native_bf16" if native else "no_native_bf16")
    assert model_download(ctx).status is Status.PASS
    generated = GenerationFacts.of(model_generate(ctx))
    assert generated is not None
    assert (generated.dtype, generated.dtype_reason) == (plan.dtype, str(plan.cpu_dtype_reason))


def test_a_machine_without_native_bf16_plans_float32_for_a_model_that_fits(demo_hub) -> None:  # type: ignore[no-untyped-def]
    class WithoutBf16(SystemContext):
        def read_text(self, path: str):  # type: ignore[no-untyped-def]
            return X86_WITHOUT if path == "/proc/cpuinfo" else super().read_text(path)

        def memory(self) -> MemoryInfo:
            return MemoryInfo(64 * GIB, 60 * GIB)

    plan = FitPlan.of(model_fit(WithoutBf16(model=scenarios.TINY_CHAT, token=STUDENT, endpoint=demo_hub.endpoint)))
    assert plan is not None and (plan.dtype, plan.cpu_dtype_reason) == ("float32", CpuDtypeReason.NO_NATIVE_BF16)
