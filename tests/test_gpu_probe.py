"""The GPU probe over a fake NVML module and fake nvidia-smi output: parsing, fallbacks, and never CUDA."""
from __future__ import annotations

from types import SimpleNamespace
from typing import Dict, List, Optional, Sequence, Tuple

import pytest

from hf_doctor.checks import gpu_probe
from hf_doctor.checks.gpu_probe import CommandResult, GpuInfo, GpuProbe, probe, probe_nvidia_smi, probe_nvml
from hf_doctor.checks.text import Msg

from .fakes import en, ko

MIB = 1024**2


class NVMLError(Exception):
    pass


class NVMLError_LibraryNotFound(NVMLError):  # noqa: N801 - the name pynvml uses
    pass


class NVMLError_DriverNotLoaded(NVMLError):  # noqa: N801
    pass


def fake_nvml(cards: List[Tuple[str, int, int, Tuple[int, int]]], init_error: Optional[Exception] = None):  # type: ignore[no-untyped-def]
    calls: List[str] = []

    def init() -> None:
        calls.append("init")
        if init_error:
            raise init_error

    return SimpleNamespace(
        NVMLError=NVMLError,
        calls=calls,
        nvmlInit=init,
        nvmlShutdown=lambda: calls.append("shutdown"),
        nvmlDeviceGetCount=lambda: len(cards),
        nvmlDeviceGetHandleByIndex=lambda i: i,
        nvmlDeviceGetName=lambda h: cards[h][0].encode(),  # old bindings return bytes
        nvmlDeviceGetMemoryInfo=lambda h: SimpleNamespace(total=cards[h][1], free=cards[h][2], used=0),
        nvmlDeviceGetCudaComputeCapability=lambda h: cards[h][3],
        nvmlSystemGetDriverVersion=lambda: "550.54.15",
        nvmlSystemGetCudaDriverVersion=lambda: 12040,
    )


def test_nvml_reads_every_card_and_shuts_down() -> None:
    nvml = fake_nvml([("Tesla T4", 15360 * MIB, 15101 * MIB, (7, 5)), ("Tesla T4", 15360 * MIB, 15360 * MIB, (7, 5))])
    assert probe_nvml(nvml) == GpuProbe(
        gpus=(GpuInfo(0, "Tesla T4", 15360 * MIB, 15101 * MIB, (7, 5)), GpuInfo(1, "Tesla T4", 15360 * MIB, 15360 * MIB, (7, 5))),
        driver_version="550.54.15", cuda_driver_version="12.4", source="nvml",
    )
    assert nvml.calls == ["init", "shutdown"]


def test_nvml_without_a_driver_library_is_simply_no_gpu() -> None:
    assert probe_nvml(fake_nvml([], NVMLError_LibraryNotFound())) == GpuProbe()


def test_nvml_with_a_driver_that_is_not_loaded_says_so() -> None:
    assert probe_nvml(fake_nvml([], NVMLError_DriverNotLoaded("Driver Not Loaded"))).error == "NVML: Driver Not Loaded"


SMI_QUERY = ("nvidia-smi", "--query-gpu=index,name,memory.total,memory.free,driver_version,compute_cap",
             "--format=csv,noheader,nounits")
SMI_OLD_QUERY = ("nvidia-smi", "--query-gpu=index,name,memory.total,memory.free,driver_version",
                 "--format=csv,noheader,nounits")
SMI_HEADER = """+-----------------------------------------------------------------------------------------+
| NVIDIA-SMI 550.54.15              Driver Version: 550.54.15      CUDA Version: 12.4     |
|-----------------------------------------+------------------------+----------------------+
"""


def runner(answers: Dict[Tuple[str, ...], Optional[CommandResult]]):  # type: ignore[no-untyped-def]
    asked: List[Tuple[str, ...]] = []

    def run(argv: Sequence[str], timeout: float) -> Optional[CommandResult]:
        asked.append(tuple(argv))
        return answers.get(tuple(argv))

    run.asked = asked  # type: ignore[attr-defined]
    return run


def test_nvidia_smi_csv_is_parsed() -> None:
    run = runner({
        SMI_QUERY: CommandResult(0, "0, Tesla T4, 15360, 15101, 550.54.15, 7.5\n"),
        ("nvidia-smi",): CommandResult(0, SMI_HEADER),
    })
    assert probe_nvidia_smi(run) == GpuProbe(
        gpus=(GpuInfo(0, "Tesla T4", 15360 * MIB, 15101 * MIB, (7, 5)),),
        driver_version="550.54.15", cuda_driver_version="12.4", source="nvidia-smi",
    )


def test_an_old_nvidia_smi_without_compute_cap_falls_back_to_the_gpu_table() -> None:
    run = runner({
        SMI_QUERY: CommandResult(2, 'Field "compute_cap" is not a valid field to query.\n'),
        SMI_OLD_QUERY: CommandResult(0, "0, Tesla V100-SXM2-16GB, 16160, 16150, 470.82.01\n"),
        ("nvidia-smi",): CommandResult(0, "CUDA Version: 11.4"),
    })
    result = probe_nvidia_smi(run)
    assert result.gpus == (GpuInfo(0, "Tesla V100-SXM2-16GB", 16160 * MIB, 16150 * MIB, (7, 0)),)
    assert result.cuda_driver_version == "11.4"


def test_nvidia_smi_that_cannot_reach_the_driver_reports_why() -> None:
    message = ("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. "
               "Make sure that the latest NVIDIA driver is installed and running.\n")
    run = runner({SMI_QUERY: CommandResult(9, message)})
    result = probe_nvidia_smi(run)
    assert result.gpus == () and result.source == "none"
    # nvidia-smi's own words stay as they are, in every language.
    assert en(result.error) == ko(result.error) == "nvidia-smi: " + message.strip()


def test_nvidia_smi_that_says_nothing_is_named_by_its_exit_code() -> None:
    result = probe_nvidia_smi(runner({SMI_QUERY: CommandResult(9, "")}))
    assert en(result.error) == "nvidia-smi: exit code 9"
    assert ko(result.error) == "nvidia-smi: 종료 코드 9"


def test_nvidia_smi_that_timed_out_is_named_in_the_readers_language() -> None:
    # The runner's note (a message, not the program's output) is said by the front end.
    note = Msg("env.gpu.command_timeout", program="nvidia-smi", seconds="8")
    result = probe_nvidia_smi(runner({SMI_QUERY: CommandResult(124, "", note)}))
    assert en(result.error) == "nvidia-smi: nvidia-smi did not answer within 8 s"
    assert ko(result.error) == "nvidia-smi: nvidia-smi이(가) 8초 안에 응답하지 않았습니다"


def test_probe_prefers_nvml_and_never_runs_nvidia_smi_when_nvml_answers() -> None:
    run = runner({})
    nvml = fake_nvml([("NVIDIA L4", 23034 * MIB, 22700 * MIB, (8, 9))])
    assert probe(run, lambda: nvml).source == "nvml"
    assert run.asked == []  # type: ignore[attr-defined]


def test_probe_falls_back_to_nvidia_smi_without_the_bindings() -> None:
    def no_bindings() -> None:
        raise ImportError("No module named 'pynvml'")

    run = runner({
        SMI_QUERY: CommandResult(0, "0, NVIDIA L4, 23034, 22700, 550.54.15, 8.9\n"),
        ("nvidia-smi",): CommandResult(0, SMI_HEADER),
    })
    assert probe(run, no_bindings).source == "nvidia-smi"


def test_probe_with_nothing_installed_is_an_empty_probe() -> None:
    assert probe(runner({}), lambda: fake_nvml([], NVMLError_LibraryNotFound())) == GpuProbe()


@pytest.mark.parametrize("name, key", [
    ("Tesla T4", "T4"), ("NVIDIA L4", "L4"), ("NVIDIA A100-SXM4-40GB", "A100-40GB"), ("NVIDIA A100-PCIE-40GB", "A100-40GB"),
    ("NVIDIA A100-SXM4-80GB", "A100-80GB"), ("NVIDIA A100 80GB PCIe", "A100-80GB"), ("NVIDIA H100 80GB HBM3", "H100"),
    ("NVIDIA H100 PCIe", "H100-PCIe"), ("Tesla V100-SXM2-16GB", "V100"), ("Tesla V100-SXM2-32GB", "V100-32GB"),
    ("Tesla P100-PCIE-16GB", "P100"), ("Tesla K80", "K80"), ("NVIDIA GeForce RTX 4090", None),
])
def test_probed_names_map_to_the_gpu_table(name: str, key: Optional[str]) -> None:
    from hf_doctor.checks.gpus import lookup

    spec = lookup(name)
    assert (spec.key if spec else None) == key


def test_simulated_probe_uses_the_table() -> None:
    result = gpu_probe.simulated("t4")
    assert result.simulated and result.gpus[0].name == "Tesla T4" and result.gpus[0].compute_capability == (7, 5)
    with pytest.raises(ValueError):
        gpu_probe.simulated("RTX 9999")
