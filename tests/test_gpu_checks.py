"""gpu.device, gpu.bf16 and torch.build over the cards people meet, compared as whole outcomes."""
from __future__ import annotations

import json

import pytest

from hf_doctor.checks import causes, gpu_probe, gpus
from hf_doctor.checks.gpu import (
    COLAB_GPU_FIX, CPU_ONLY_FIX, KAGGLE_GPU_FIX, Bf16Support, GpuDevice, gpu_bf16, gpu_device, torch_build,
    torch_wheel_for,
)
from hf_doctor.checks.gpu_probe import GpuInfo, GpuProbe
from hf_doctor.checks.result import Fix, Outcome, Status, jsonable
from hf_doctor.checks.units import GIB

from .fakes import FakeContext, card, en, ko, nvml_probe, stack
from .test_env_checks import said, said_fix

T4 = nvml_probe(card("Tesla T4", 15.0, (7, 5), 14.6), driver="550.54.15", cuda="12.4")
L4 = nvml_probe(card("NVIDIA L4", 22.5, (8, 9)), driver="550.54.15", cuda="12.4")
A100 = nvml_probe(card("NVIDIA A100-SXM4-40GB", 40.0, (8, 0)), driver="535.104.05", cuda="12.2")
V100 = nvml_probe(card("Tesla V100-SXM2-16GB", 16.0, (7, 0)), driver="535.104.05", cuda="12.2")
H100 = nvml_probe(card("NVIDIA H100 80GB HBM3", 80.0, (9, 0)), driver="570.86.15", cuda="12.8")
K80 = nvml_probe(card("Tesla K80", 11.0, (3, 7)), driver="470.82.01", cuda="11.4")
NO_GPU = GpuProbe()

FLOAT16_FIX = Fix(
    "Load the model in float16: pass `dtype=torch.float16` to from_pretrained (or pipeline). transformers 5 loads "
    "the checkpoint's own dtype when the script names none (`dtype=\"auto\"`: bfloat16 for Llama 3.x, Qwen, Gemma), "
    "so a script that never mentions a dtype runs emulated bfloat16 on this card. Native bfloat16 needs compute "
    "capability 8.0 (A100, L4, H100).",
    url="https://developer.nvidia.com/cuda-gpus",
)


def device_data(probe: GpuProbe) -> dict:
    """gpu.device's data as the report has always had it."""
    return {
        "count": len(probe.gpus),
        "gpus": [g.to_json() for g in probe.gpus],
        "driver_version": probe.driver_version,
        "cuda_driver_version": probe.cuda_driver_version,
        "source": probe.source,
        "simulated": probe.simulated,
    }


def bf16_data(capability, native: bool) -> dict:  # type: ignore[no-untyped-def]
    return {"compute_capability": list(capability), "native": native,
            "recommended_dtype": "bfloat16" if native else "float16"}


CASES = [
    # id, probe, torch cuda, gpu.device summary, gpu.bf16 outcome, torch.build status/cause/summary
    ("T4", T4, "12.6", "Tesla T4 · 15.00 GiB (14.60 GiB free) · compute capability 7.5 · driver 550.54.15",
     Outcome(Status.WARN, "Tesla T4 (compute capability 7.5) has no native bfloat16: torch only emulates it, slowly",
             cause=causes.BF16_UNSUPPORTED, fix=FLOAT16_FIX, data=bf16_data((7, 5), False)),
     (Status.PASS, None, "torch 2.9.0+cu126 (CUDA 12.6); driver supports CUDA 12.4")),
    ("L4", L4, "12.6", "NVIDIA L4 · 22.50 GiB (22.50 GiB free) · compute capability 8.9 · driver 550.54.15",
     Outcome(Status.PASS, "Compute capability 8.9: native bfloat16", data=bf16_data((8, 9), True)),
     (Status.PASS, None, "torch 2.9.0+cu126 (CUDA 12.6); driver supports CUDA 12.4")),
    ("A100", A100, "12.6", "NVIDIA A100-SXM4-40GB · 40.00 GiB (40.00 GiB free) · compute capability 8.0 · driver 535.104.05",
     Outcome(Status.PASS, "Compute capability 8.0: native bfloat16", data=bf16_data((8, 0), True)),
     (Status.PASS, None, "torch 2.9.0+cu126 (CUDA 12.6); driver supports CUDA 12.2")),
    ("V100", V100, "12.6", "Tesla V100-SXM2-16GB · 16.00 GiB (16.00 GiB free) · compute capability 7.0 · driver 535.104.05",
     Outcome(Status.WARN, "Tesla V100-SXM2-16GB (compute capability 7.0) has no native bfloat16: torch only emulates it, slowly",
             cause=causes.BF16_UNSUPPORTED, fix=FLOAT16_FIX, data=bf16_data((7, 0), False)),
     (Status.PASS, None, "torch 2.9.0+cu126 (CUDA 12.6); driver supports CUDA 12.2")),
    ("H100", H100, "12.8", "NVIDIA H100 80GB HBM3 · 80.00 GiB (80.00 GiB free) · compute capability 9.0 · driver 570.86.15",
     Outcome(Status.PASS, "Compute capability 9.0: native bfloat16", data=bf16_data((9, 0), True)),
     (Status.PASS, None, "torch 2.9.0+cu126 (CUDA 12.8); driver supports CUDA 12.8")),
    ("cpu-only torch, T4 present", T4, None,
     "Tesla T4 · 15.00 GiB (14.60 GiB free) · compute capability 7.5 · driver 550.54.15",
     Outcome(Status.WARN, "Tesla T4 (compute capability 7.5) has no native bfloat16: torch only emulates it, slowly",
             cause=causes.BF16_UNSUPPORTED, fix=FLOAT16_FIX, data=bf16_data((7, 5), False)),
     (Status.FAIL, causes.TORCH_CUDA_MISMATCH,
      "torch 2.9.0+cu126 is a CPU-only build, but this machine has an NVIDIA Tesla T4")),
    ("K80", K80, "12.6", "Tesla K80 · 11.00 GiB (11.00 GiB free) · compute capability 3.7 · driver 470.82.01",
     Outcome(Status.WARN, "Tesla K80 (compute capability 3.7) has no native bfloat16: torch only emulates it, slowly",
             cause=causes.BF16_UNSUPPORTED, fix=FLOAT16_FIX, data=bf16_data((3, 7), False)),
     (Status.FAIL, causes.TORCH_CUDA_MISMATCH,
      "torch 2.9.0+cu126 (CUDA 12.6) has no kernels for the Tesla K80 (compute capability 3.7)")),
]


@pytest.mark.parametrize("name, probe, cuda, device_summary, bf16, build", CASES, ids=[c[0] for c in CASES])
def test_gpu_cases(name, probe, cuda, device_summary, bf16, build) -> None:  # type: ignore[no-untyped-def]
    ctx = FakeContext(probe=probe, torch_cuda=cuda)
    assert said(gpu_device(ctx)) == Outcome(Status.PASS, device_summary, data=device_data(probe))
    assert said(gpu_bf16(ctx)) == bf16
    result = torch_build(ctx)
    assert (result.status, result.cause, en(result.summary)) == build


@pytest.mark.parametrize("name, probe", [(c[0], c[1]) for c in CASES] + [("none", NO_GPU)])
def test_the_records_keep_the_report_json(name: str, probe: GpuProbe) -> None:
    # Typed for the modules that read them; in the report, byte for byte the keys and values it always had.
    ctx = FakeContext(probe=probe)
    device = GpuDevice.of(gpu_device(ctx))  # type: ignore[arg-type]
    assert device == GpuDevice.from_probe(probe)
    assert json.dumps(jsonable(device)) == json.dumps(device_data(probe))
    bf16 = gpu_bf16(ctx).data
    if probe.gpus:
        capability = probe.gpus[0].compute_capability
        assert bf16 == Bf16Support.for_capability(capability)
        assert json.dumps(jsonable(bf16)) == json.dumps(bf16_data(capability, gpus.native_bf16(capability)))
    else:
        assert bf16 == {}


def test_the_device_record_answers_what_other_modules_ask() -> None:
    two = nvml_probe(card("Tesla T4", 15.0, (7, 5), 14.5), card("NVIDIA L4", 22.5, (8, 9)))
    device = GpuDevice.from_probe(two)
    assert device.names() == ["Tesla T4", "NVIDIA L4"]
    assert device.count == 2
    # Free memory where the probe read it, else the card's total.
    assert device.memory_budget() == int(14.5 * GIB) + int(22.5 * GIB)
    unread = GpuProbe(gpus=(GpuInfo(0, "Tesla T4", int(15 * GIB), memory_free=None),))
    assert GpuDevice.from_probe(unread).memory_budget() == int(15 * GIB)
    assert GpuDevice.from_probe(NO_GPU).names() == [] and GpuDevice.from_probe(NO_GPU).memory_budget() == 0


def test_no_gpu_is_a_warning_with_count_zero_and_bf16_skipped() -> None:
    ctx = FakeContext(probe=NO_GPU, torch_cuda=None, packages=stack(torch="2.13.0+cpu"))
    assert said(gpu_device(ctx)) == Outcome(Status.WARN, "No NVIDIA GPU found", cause=causes.GPU_MISSING,
                                            fix=said_fix(CPU_ONLY_FIX), data=device_data(NO_GPU))
    assert gpu_device(ctx).data.count == 0
    assert said(gpu_bf16(ctx)) == Outcome(Status.SKIP, "No GPU: bfloat16 support does not apply")
    assert said(torch_build(ctx)) == Outcome(
        Status.PASS, "torch 2.13.0+cpu: a CPU-only build; no GPU here, so it runs on the CPU",
        data={"version": "2.13.0+cpu", "cuda": None, "hip": None})


@pytest.mark.parametrize("environment, modules, fix", [
    ({"COLAB_RELEASE_TAG": "release-colab_20261101-060000_RC00"}, set(), COLAB_GPU_FIX),
    ({}, {"google.colab"}, COLAB_GPU_FIX),
    ({"VERTEX_PRODUCT": "COLAB_ENTERPRISE"}, set(), COLAB_GPU_FIX),
    ({"KAGGLE_KERNEL_RUN_TYPE": "Interactive"}, set(), KAGGLE_GPU_FIX),
    ({}, set(), CPU_ONLY_FIX),
])
def test_the_no_gpu_fix_fits_the_runtime(environment, modules, fix) -> None:  # type: ignore[no-untyped-def]
    assert gpu_device(FakeContext(env=environment, modules=modules)).fix == fix


def test_the_cpu_fix_speaks_of_this_machine_not_of_the_demo() -> None:
    """`hf-doctor check` on a laptop is not the demo: its fix never mentions the tiny demo model (issue 12)."""
    fix = gpu_device(FakeContext(probe=NO_GPU)).fix
    assert fix == CPU_ONLY_FIX and fix is not None
    assert "demo" not in en(fix.text).lower() and "데모" not in ko(fix.text)
    assert en(fix.text).startswith("Without an NVIDIA GPU models run on the CPU: small models (up to about 1B parameters)")
    assert "1B" in ko(fix.text) and fix.commands == ("hf-doctor check --gpu T4",)


def test_colab_fix_names_the_menu() -> None:
    assert en(COLAB_GPU_FIX.text).startswith("Colab gives this notebook no GPU. Runtime → Change runtime type → T4 GPU")
    assert ko(COLAB_GPU_FIX.text).startswith("Colab이 이 노트북에 GPU를 할당하지 않았습니다. 런타임 → 런타임 유형 변경")
    assert COLAB_GPU_FIX.url == "https://colab.research.google.com/notebooks/gpu.ipynb"
    assert KAGGLE_GPU_FIX.url == "https://www.kaggle.com/docs/efficient-gpu-usage"


def test_a_driver_that_does_not_answer_is_named() -> None:
    probe = GpuProbe(error="nvidia-smi: NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.")
    result = gpu_device(FakeContext(probe=probe))
    assert (result.status, result.cause) == (Status.WARN, causes.GPU_MISSING)
    assert en(result.summary) == ("No NVIDIA GPU found: nvidia-smi: NVIDIA-SMI has failed because it couldn't "
                              "communicate with the NVIDIA driver.")


def test_cuda_visible_devices_hiding_the_gpu_is_a_warning() -> None:
    result = gpu_device(FakeContext(probe=T4, env={"CUDA_VISIBLE_DEVICES": ""}))
    assert (result.status, result.cause) == (Status.WARN, causes.GPU_MISSING)
    assert en(result.summary).endswith("but CUDA_VISIBLE_DEVICES='' hides it from torch")
    assert en(result.summary).startswith("Tesla T4 · 15.00 GiB (14.60 GiB free) · ")
    assert said_fix(result.fix) == Fix("Unset CUDA_VISIBLE_DEVICES (or list the GPU's index) before starting Python.",
                             commands=("unset CUDA_VISIBLE_DEVICES",))


def test_two_gpus_are_counted() -> None:
    probe = nvml_probe(card("Tesla T4", 15.0, (7, 5)), card("Tesla T4", 15.0, (7, 5)))
    result = gpu_device(FakeContext(probe=probe))
    assert en(result.summary).startswith("2 × Tesla T4 · ")
    assert ko(result.summary).startswith("Tesla T4 2개 · ")
    device = GpuDevice.of(result)  # type: ignore[arg-type]
    assert device is not None and device.count == 2 and [g.index for g in device.gpus] == [0, 1]
    assert [g["index"] for g in jsonable(result.data)["gpus"]] == [0, 1]


def test_cpu_only_torch_fix_points_at_a_wheel_the_driver_supports() -> None:
    result = torch_build(FakeContext(probe=T4, torch_cuda=None, env={"COLAB_GPU": "1"}))
    assert said_fix(result.fix) == Fix(
        "Install a torch built for a CUDA the driver supports (≤ 12.4). On Colab, Runtime → Disconnect and "
        "delete runtime restores the torch the runtime came with.",
        commands=("pip install --force-reinstall torch --index-url https://download.pytorch.org/whl/cu126",),
        url="https://pytorch.org/get-started/locally/",
    )


def test_a_cuda_build_newer_than_the_driver_fails() -> None:
    old_driver = nvml_probe(card("Tesla T4", 15.0, (7, 5)), driver="470.82.01", cuda="11.4")
    result = torch_build(FakeContext(probe=old_driver, torch_cuda="12.6"))
    assert (result.status, result.cause) == (Status.FAIL, causes.TORCH_CUDA_MISMATCH)
    assert en(result.summary) == ("torch 2.9.0+cu126 (CUDA 12.6) needs a driver for CUDA 12.6; driver 470.82.01 "
                              "supports CUDA 11.4 at most")
    assert result.fix is not None and result.fix.commands == ()  # no published wheel is old enough
    assert en(result.fix.text).startswith("Update the NVIDIA driver, or install a torch built for a CUDA the driver supports (≤ 11.4).")


def test_torch_missing_is_left_to_libs_versions() -> None:
    assert said(torch_build(FakeContext(packages=stack(torch=None)))) == Outcome(Status.SKIP, "torch is not installed")


@pytest.mark.parametrize("key, name, capability, native, memory_gib", [
    ("T4", "Tesla T4", (7, 5), False, 14.75),
    ("L4", "NVIDIA L4", (8, 9), True, 22.06),
    ("V100", "Tesla V100-SXM2-16GB", (7, 0), False, 15.77),
    ("P100", "Tesla P100-PCIE-16GB", (6, 0), False, 15.89),
    ("A100-40GB", "NVIDIA A100-SXM4-40GB", (8, 0), True, 39.39),
    ("A100-80GB", "NVIDIA A100-SXM4-80GB", (8, 0), True, 79.15),
    ("H100", "NVIDIA H100 80GB HBM3", (9, 0), True, 79.11),
])
def test_simulated_gpus(key: str, name: str, capability, native: bool, memory_gib: float) -> None:  # type: ignore[no-untyped-def]
    ctx = FakeContext(simulated_gpu=key)   # planning on a machine without a GPU: what --gpu is for
    device = gpu_device(ctx)
    assert device.status is Status.PASS
    assert en(device.summary) == "{} (simulated) · {:.2f} GiB · compute capability {}.{}".format(
        name, memory_gib, *capability)
    assert device.data.simulated is True and device.data.source == "simulated"
    assert device.data.gpus[0].memory_total == int(memory_gib * GIB)
    bf16 = gpu_bf16(ctx)
    assert jsonable(bf16.data) == bf16_data(capability, native)
    assert bf16.data.native is native
    assert bf16.cause == (None if native else causes.BF16_UNSUPPORTED)
    assert torch_build(ctx).status is Status.SKIP


def test_simulating_no_gpu() -> None:
    result = gpu_device(FakeContext(simulated_gpu="none", probe=T4))   # planning for no GPU is a choice
    assert (result.status, en(result.summary), result.data.count) == (Status.WARN, "No GPU (simulated)", 0)


@pytest.mark.parametrize("driver, wheel", [
    ("12.4", "12.6"), ("12.6", "12.6"), ("12.9", "12.8"), ("13.0", "13.0"), ("11.4", None), (None, "13.0"),
])
def test_torch_wheel_for_driver(driver, wheel) -> None:  # type: ignore[no-untyped-def]
    assert torch_wheel_for(driver) == wheel


# ---------------------------------------------------------------- a TPU runtime, a GPU other than planned

COLAB_TPU_ENV = {"COLAB_RELEASE_TAG": "release-colab_20260801", "COLAB_GPU": "0", "TPU_ACCELERATOR_TYPE": "v6e-1"}


def tpu_json(kind, evidence):  # type: ignore[no-untyped-def]
    return {"accelerator_type": kind, "evidence": list(evidence), "torch_xla": "torch_xla" in evidence}


def test_a_colab_tpu_runtime_is_named_and_sent_to_a_t4() -> None:
    ctx = FakeContext(env=COLAB_TPU_ENV, modules={"torch_xla"}, nodes=("/dev/vfio/0",), torch_cuda=None)
    result = gpu_device(ctx)
    assert said(result) == Outcome(
        Status.WARN, "No NVIDIA GPU: this is a TPU runtime (TPU v6e-1), and hf-doctor checks NVIDIA GPUs",
        cause=causes.GPU_MISSING,
        fix=Fix("The tutorial's code (device_map=\"auto\", 4-bit through bitsandbytes, CUDA) needs an NVIDIA GPU; "
                "on a TPU, torch runs on the CPU unless the code is written for torch_xla. Runtime → Change runtime "
                "type → T4 GPU → Save, then run hf-doctor again.",
                url="https://colab.research.google.com/notebooks/gpu.ipynb"),
        data={**device_data(NO_GPU), "tpu": tpu_json("v6e-1", ("TPU_ACCELERATOR_TYPE", "/dev/vfio/0", "torch_xla"))})
    assert ko(result.summary) == ("NVIDIA GPU가 없습니다: 이 런타임은 TPU 런타임(TPU v6e-1)이며, "
                                  "hf-doctor는 NVIDIA GPU를 검사합니다")
    # The rest of the GPU rows say what they say on any machine without a GPU.
    assert gpu_bf16(ctx).status is Status.SKIP and torch_build(ctx).status is Status.PASS


def test_a_tpu_outside_colab_gets_the_plan_for_a_gpu() -> None:
    result = gpu_device(FakeContext(nodes=("/dev/accel0",)))
    assert en(result.summary) == "No NVIDIA GPU: this is a TPU runtime (TPU), and hf-doctor checks NVIDIA GPUs"
    assert result.fix is not None and result.fix.commands == ("hf-doctor check --gpu T4",)
    assert "Use a machine with an NVIDIA GPU" in en(result.fix.text)


def test_vfio_without_the_tpu_stack_is_no_tpu() -> None:
    result = gpu_device(FakeContext(nodes=("/dev/vfio/0",)))
    assert said(result) == Outcome(Status.WARN, "No NVIDIA GPU found", cause=causes.GPU_MISSING,
                                   fix=said_fix(CPU_ONLY_FIX), data=device_data(NO_GPU))


SIMULATED_A100 = "NVIDIA A100-SXM4-40GB (simulated) · 39.39 GiB · compute capability 8.0"
NOT_PLANNED_FIX = (
    "Colab gives another accelerator when the one asked for is not available (it says so in a notice, and nothing "
    "on the machine records what was asked for). Plan for the card you have (run hf-doctor without --gpu), or "
    "change the runtime (Runtime → Change runtime type) and run hf-doctor again.")


def test_planning_for_an_a100_on_the_t4_colab_fell_back_to() -> None:
    ctx = FakeContext(env={"COLAB_RELEASE_TAG": "x", "COLAB_GPU": "1"}, simulated_gpu="A100-40GB", probe=T4)
    result = gpu_device(ctx)
    planned = gpu_probe.simulated("A100-40GB")
    assert said(result) == Outcome(
        Status.WARN,
        f"{SIMULATED_A100}; you planned for the NVIDIA A100-SXM4-40GB, but this runtime has a Tesla T4: "
        "the plans below are for a card that is not here",
        cause=causes.GPU_NOT_AS_PLANNED,
        fix=Fix(NOT_PLANNED_FIX, commands=("hf-doctor check --gpu T4",)),
        data={**device_data(planned), "runtime_gpus": [g.to_json() for g in T4.gpus]})
    assert "이 런타임에는 Tesla T4이(가) 있습니다" in ko(result.summary)


def test_planning_for_a_gpu_on_a_tpu_runtime_says_what_is_here() -> None:
    ctx = FakeContext(env=COLAB_TPU_ENV, modules={"torch_xla"}, nodes=("/dev/vfio/0",), simulated_gpu="T4")
    result = gpu_device(ctx)
    assert result.cause == causes.GPU_NOT_AS_PLANNED and result.fix is not None and result.fix.commands == ()
    assert en(result.summary).endswith("but this runtime has a TPU v6e-1: the plans below are for a card that is "
                                       "not here")


@pytest.mark.parametrize("machine", [NO_GPU, nvml_probe(card("Tesla T4", 15.0, (7, 5), 14.6))])
def test_planning_for_the_card_you_have_or_from_a_laptop_is_a_pass(machine: GpuProbe) -> None:
    result = gpu_device(FakeContext(simulated_gpu="T4", probe=machine))
    assert result.status is Status.PASS and result.cause is None
    assert ("runtime_gpus" in jsonable(result.data)) is bool(machine.gpus)
