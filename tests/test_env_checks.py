"""python.version, runtime.platform, libs.versions, host.memory, disk.space and hub.settings on a fake machine."""
from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Callable, Dict

import pytest

from hf_doctor.checks import causes
from hf_doctor.checks.context import DiskUsage, HubPaths, MemoryInfo, PackageInfo, PlatformInfo
from hf_doctor.checks.gpu import gpu_bf16, gpu_device, torch_build
from hf_doctor.checks.host import disk_space, host_memory
from hf_doctor.checks.hub import hub_network
from hf_doctor.checks.hub_settings import hub_settings
from hf_doctor.checks.libs import libs_versions
from hf_doctor.checks.python_env import PythonFacts, TpuRuntime, detect_tpu, python_version, runtime_platform
from hf_doctor.checks.result import Fix, Outcome, Status, jsonable
from hf_doctor.checks.text import Text
from hf_doctor.checks.units import GIB

from .fakes import FakeContext, card, en, ko, nvml_probe, stack


def said(outcome: Outcome, say: Callable[[Text], str] = en) -> Outcome:
    """An outcome as a reader meets it: its texts said in English (or ``say``'s language), its data as the
    report's JSON. Tests compare whole outcomes this way."""
    return replace(outcome, summary=say(outcome.summary), details=tuple(say(d) for d in outcome.details),
                   fix=said_fix(outcome.fix, say) if outcome.fix else None, data=jsonable(outcome.data))


def said_fix(fix: Fix, say: Callable[[Text], str] = en) -> Fix:
    return Fix(say(fix.text), fix.commands, fix.url)


# ---------------------------------------------------------------- python.version

REQUIRED = {"transformers": ">=3.11.0", "huggingface_hub": ">=3.10.0", "accelerate": ">=3.10.0", "torch": ">=3.10"}


def test_python_new_enough_names_the_strictest_requirement() -> None:
    assert said(python_version(FakeContext(python=(3, 12, 11)))) == Outcome(
        Status.PASS, "Python 3.12.11 (the installed libraries need ≥ 3.11)",
        data={"version": "3.12.11", "required": REQUIRED, "minimum": "3.11"},
    )


def test_python_older_than_transformers_needs_fails() -> None:
    result = python_version(FakeContext(python=(3, 10, 12)))
    assert said(result) == Outcome(
        Status.FAIL,
        "Python 3.10.12 is too old for transformers 5.24.0 (needs Python >=3.11.0)",
        details=("transformers 5.24.0 needs Python >=3.11.0",),
        cause=causes.PYTHON_TOO_OLD,
        fix=Fix(
            "Use Python 3.11 or newer in a fresh virtual environment, then reinstall the libraries. On Colab the "
            "Python version comes with the runtime: Runtime → Change runtime type → Runtime version → Latest (Python 3.13).",
            commands=("python3.11 -m venv .venv", ". .venv/bin/activate",
                      "pip install -U torch transformers accelerate huggingface_hub"),
            url="https://www.python.org/downloads/",
        ),
        data={"version": "3.10.12", "required": REQUIRED, "minimum": "3.11"},
    )


def test_python_with_no_stack_installed_passes_and_says_so() -> None:
    result = python_version(FakeContext(packages={}))
    assert (result.status, en(result.summary)) == (
        Status.PASS, "Python 3.11.7 (no ML libraries installed yet to compare with)")
    assert result.data == PythonFacts("3.11.7", {}, None)


def test_python_facts_are_typed_and_keep_the_report_keys() -> None:
    # Other modules (course profiles) read the record's fields; the report keeps the keys it always had.
    facts = PythonFacts.of(python_version(FakeContext(python=(3, 12, 11))))  # type: ignore[arg-type]
    assert facts == PythonFacts("3.12.11", REQUIRED, "3.11")
    assert json.dumps(jsonable(facts)) == json.dumps({"version": "3.12.11", "required": REQUIRED, "minimum": "3.11"})
    assert jsonable(python_version(FakeContext(packages={})).data) == {"version": "3.11.7", "required": {},
                                                                       "minimum": None}


# ---------------------------------------------------------------- runtime.platform

@pytest.mark.parametrize("environment, modules, kernel, expected, summary_start", [
    ({"COLAB_RELEASE_TAG": "release-colab_20261101"}, set(), True, "colab", "Google Colab · "),
    ({"COLAB_RELEASE_TAG": "release-colab_20261101"}, set(), False, "colab",
     "Google Colab (shell, outside the notebook kernel) · "),
    ({"VERTEX_PRODUCT": "COLAB_ENTERPRISE", "COLAB_RELEASE_TAG": "x"}, set(), True, "colab_enterprise", "Colab Enterprise · "),
    ({"KAGGLE_KERNEL_RUN_TYPE": "Interactive"}, set(), True, "kaggle", "Kaggle · "),
    ({}, set(), True, "jupyter", "Jupyter · "),
    ({"JPY_PARENT_PID": "42"}, set(), False, "jupyter", "Jupyter · "),
    ({}, {"google.colab"}, True, "colab", "Google Colab · "),
    ({}, set(), False, "terminal", "terminal · "),
])
def test_runtime_platform(environment, modules, kernel, expected, summary_start) -> None:  # type: ignore[no-untyped-def]
    info = PlatformInfo("Linux", "6.1.85+", "x86_64", in_notebook_kernel=kernel)
    result = runtime_platform(FakeContext(env=environment, modules=modules, platform_info=info))
    assert said(result) == Outcome(Status.PASS, summary_start + "Linux 6.1.85+ · x86_64", data={
        "platform": expected, "notebook_kernel": kernel, "os": "Linux", "os_release": "6.1.85+",
        "arch": "x86_64", "python_implementation": "CPython", "tpu": None})


COLAB_TPU = {"COLAB_RELEASE_TAG": "release-colab_20260801", "COLAB_GPU": "0", "TPU_ACCELERATOR_TYPE": "v6e-1"}


@pytest.mark.parametrize("environment, modules, nodes, expected", [
    # A Colab TPU runtime as it is: the type in the environment, the chips as VFIO devices, torch_xla installed.
    (COLAB_TPU, {"torch_xla", "libtpu"}, ("/dev/vfio/0",),
     TpuRuntime("v6e-1", ("TPU_ACCELERATOR_TYPE", "/dev/vfio/0", "torch_xla", "libtpu"), True)),
    # TPU v2 to v4 show up as /dev/accel<N>, which is enough on its own.
    ({}, set(), ("/dev/accel0", "/dev/accel1"), TpuRuntime(None, ("/dev/accel0", "/dev/accel1"), False)),
    # Colab's older TPU-node runtimes only had the address of the remote TPU.
    ({"COLAB_TPU_ADDR": "10.0.0.2:8470"}, set(), (), TpuRuntime(None, ("COLAB_TPU_ADDR",), False)),
    ({"TPU_NAME": "local"}, {"torch_xla"}, (), TpuRuntime(None, ("TPU_NAME", "torch_xla"), True)),
    # VFIO passes other devices through too, and TPU_NAME is a name: neither alone is a TPU.
    ({}, set(), ("/dev/vfio/0",), None),
    ({"TPU_NAME": "mine"}, set(), (), None),
    ({"TPU_ACCELERATOR_TYPE": " "}, {"torch_xla"}, (), None),
    ({"COLAB_GPU": "0"}, set(), (), None),
])
def test_detect_tpu(environment, modules, nodes, expected) -> None:  # type: ignore[no-untyped-def]
    assert detect_tpu(environment, modules.__contains__, nodes) == expected


def test_a_colab_tpu_runtime_is_named() -> None:
    info = PlatformInfo("Linux", "6.6.97+", "x86_64", in_notebook_kernel=True)
    ctx = FakeContext(env=COLAB_TPU, modules={"torch_xla"}, nodes=("/dev/vfio/0",), platform_info=info)
    result = runtime_platform(ctx)
    assert en(result.summary) == "Google Colab, TPU runtime (TPU v6e-1) · Linux 6.6.97+ · x86_64"
    assert ko(result.summary) == "Google Colab, TPU 런타임 (TPU v6e-1)에서 실행 중 · Linux 6.6.97+ · x86_64"
    assert jsonable(result.data)["tpu"] == {"accelerator_type": "v6e-1",
                                            "evidence": ["TPU_ACCELERATOR_TYPE", "/dev/vfio/0", "torch_xla"],
                                            "torch_xla": True}


def test_wsl_is_named() -> None:
    info = PlatformInfo("Linux", "5.15.153.1-microsoft-standard-WSL2", "x86_64")
    assert en(runtime_platform(FakeContext(platform_info=info)).summary) == (
        "terminal · Linux (WSL) 5.15.153.1-microsoft-standard-WSL2 · x86_64")


# ---------------------------------------------------------------- libs.versions

VERSIONS = {"torch": "2.9.0+cu126", "transformers": "5.24.0", "accelerate": "1.15.0",
            "huggingface_hub": "2.4.0", "tokenizers": "0.23.3", "safetensors": "0.8.0"}
LISTING = "torch 2.9.0+cu126, transformers 5.24.0, accelerate 1.15.0, hub 2.4.0, tokenizers 0.23.3, safetensors 0.8.0"
INSTALL_URL = "https://huggingface.co/docs/transformers/installation"


def test_a_consistent_stack_passes() -> None:
    assert said(libs_versions(FakeContext())) == Outcome(Status.PASS, LISTING, data={
        "versions": VERSIONS, "problems": [], "hf_xet": None, "xet_disabled": False})


def with_hf_xet(version: str) -> Dict[str, PackageInfo]:
    return {**stack(), "hf_xet": PackageInfo("hf_xet", version, ">=3.8", ())}


def test_an_hf_xet_known_to_freeze_downloads_is_a_warning_with_the_upgrade_command() -> None:
    result = libs_versions(FakeContext(packages=with_hf_xet("1.5.1")))
    assert (result.status, result.cause) == (Status.WARN, causes.DOWNLOAD_STALLED)
    assert en(result.summary) == "hf_xet 1.5.1 can freeze a download with no error (fixed in 1.5.2)"
    assert result.fix is not None and result.fix.commands == ('pip install -U "hf_xet>=1.5.2"',)
    assert en(result.details[-1]) == f"installed: {LISTING}, hf_xet 1.5.1"
    assert result.data["hf_xet"] == "1.5.1"


def test_a_fixed_hf_xet_is_listed_and_passes() -> None:
    result = libs_versions(FakeContext(packages=with_hf_xet("1.5.2")))
    assert result.status is Status.PASS and en(result.summary) == f"{LISTING}, hf_xet 1.5.2"
    assert result.data["problems"] == [] and result.data["hf_xet"] == "1.5.2"


def test_xet_turned_off_is_said_and_an_old_hf_xet_then_does_not_matter() -> None:
    result = libs_versions(FakeContext(packages=with_hf_xet("1.4.0"), env={"HF_HUB_DISABLE_XET": "1"}))
    assert result.status is Status.PASS and result.data["xet_disabled"] is True
    assert [en(d) for d in result.details] == ["HF_HUB_DISABLE_XET is set: downloads use plain HTTP, not hf_xet"]


def test_an_old_hf_xet_beside_a_broken_stack_keeps_the_failure_first() -> None:
    packages = with_hf_xet("1.4.0")
    del packages["accelerate"]
    result = libs_versions(FakeContext(packages=packages))
    assert (result.status, result.cause) == (Status.FAIL, causes.ACCELERATE_MISSING)
    assert result.fix is not None and result.fix.commands == ("pip install accelerate", 'pip install -U "hf_xet>=1.5.2"')
    assert result.data["problems"] == [causes.ACCELERATE_MISSING, causes.DOWNLOAD_STALLED]


def test_accelerate_missing_fails_with_the_pip_command() -> None:
    result = libs_versions(FakeContext(packages=stack(accelerate=None)))
    assert said(result) == Outcome(
        Status.FAIL,
        "accelerate is not installed",
        details=("accelerate is not installed",
                 "installed: torch 2.9.0+cu126, transformers 5.24.0, hub 2.4.0, tokenizers 0.23.3, safetensors 0.8.0"),
        cause=causes.ACCELERATE_MISSING,
        fix=Fix('`device_map="auto"` and `low_cpu_mem_usage=True` need accelerate. Install it, then restart the '
                "Python process (on Colab: Runtime → Restart session) so transformers sees it.",
                commands=("pip install accelerate",), url=INSTALL_URL),
        data={"versions": {**VERSIONS, "accelerate": None}, "problems": [causes.ACCELERATE_MISSING], "hf_xet": None,
              "xet_disabled": False},
    )


def test_transformers_4_with_hub_1_is_named_for_what_breaks() -> None:
    old = stack(transformers="4.46.3")
    old["transformers"] = replace(old["transformers"], requires=("huggingface-hub<1.0,>=0.23.2", "tokenizers<0.21,>=0.20"))
    result = libs_versions(FakeContext(packages=old))
    assert result.status is Status.FAIL and result.cause == causes.TRANSFORMERS_TOO_OLD
    assert en(result.summary) == (
        "transformers 4.46.3 predates huggingface_hub 2.4.0: it catches only the requests-era Hub errors, so an "
        "access error surfaces as a raw traceback instead of a message (and 1 more)")
    # The generic hub conflict is explained by the named one; the tokenizers conflict is still listed.
    assert tuple(en(d) for d in result.details[1:]) == (
        "transformers 4.46.3 needs tokenizers<0.21,>=0.20, found 0.23.3",
        "installed: torch 2.9.0+cu126, transformers 4.46.3, accelerate 1.15.0, hub 2.4.0, tokenizers 0.23.3, "
        "safetensors 0.8.0",
    )
    assert result.fix is not None and result.fix.commands == ("pip install -U transformers",)


def test_a_dependency_older_than_required_gets_the_exact_install_command() -> None:
    result = libs_versions(FakeContext(packages=stack(huggingface_hub="1.20.0")))
    assert result.cause == causes.LIBRARY_CONFLICT
    assert en(result.summary) == "transformers 5.24.0 needs huggingface-hub<3.0,>=1.31.0, found 1.20.0"
    assert result.fix is not None and result.fix.commands == ('pip install "huggingface-hub<3.0,>=1.31.0"',)


def test_torch_too_old_for_accelerate_never_suggests_replacing_torch() -> None:
    result = libs_versions(FakeContext(packages=stack(torch="1.13.1+cu117")))
    assert result.cause == causes.LIBRARY_CONFLICT
    assert en(result.summary) == "accelerate 1.15.0 needs torch>=2.0.0, found 1.13.1+cu117"
    assert result.fix is not None and result.fix.commands == ()
    assert "Keep the torch your runtime came with" in en(result.fix.text)


def test_extras_requirements_are_not_conflicts() -> None:
    # transformers' `accelerate>=1.1.0; extra == "torch"` must not count against an older accelerate.
    assert libs_versions(FakeContext(packages=stack(accelerate="1.0.0"))).status is Status.PASS


def test_missing_torch_and_transformers_are_library_missing() -> None:
    result = libs_versions(FakeContext(packages=stack(torch=None, transformers=None)))
    assert result.cause == causes.LIBRARY_MISSING
    assert result.fix is not None and result.fix.commands == ("pip install torch", "pip install transformers")


# ---------------------------------------------------------------- host.memory and disk.space

def test_memory_passes_with_figures() -> None:
    assert said(host_memory(FakeContext())) == Outcome(
        Status.PASS, "12.7 GiB total, 11.5 GiB available",
        data={"total": int(12.7 * GIB), "available": int(11.5 * GIB)})


def test_little_memory_warns_cpu_ram_oom() -> None:
    result = host_memory(FakeContext(mem=MemoryInfo(int(12.7 * GIB), int(2.5 * GIB))))
    assert (result.status, result.cause, en(result.summary)) == (
        Status.WARN, causes.CPU_RAM_OOM, "Only 2.5 GiB of RAM available (12.7 GiB total)")


def test_unreadable_memory_is_skipped() -> None:
    assert host_memory(FakeContext(mem=None)).status is Status.SKIP


CACHE = "/home/user/.cache/huggingface/hub"


def test_disk_passes_with_the_cache_path() -> None:
    assert said(disk_space(FakeContext())) == Outcome(
        Status.PASS, f"60.0 GiB free of 100.0 GiB for the Hub cache ({CACHE})",
        data={"cache": CACHE, "measured_path": CACHE, "total": 100 * GIB, "free": 60 * GIB})


@pytest.mark.parametrize("free, status", [(5 * GIB, Status.WARN), (GIB // 2, Status.FAIL)])
def test_low_disk_is_disk_full(free: int, status: Status) -> None:
    result = disk_space(FakeContext(disk=DiskUsage(CACHE, 100 * GIB, free)))
    assert (result.status, result.cause) == (status, causes.DISK_FULL)
    assert result.fix is not None and result.fix.commands == (
        "hf cache ls", "export HF_HOME=/path/to/bigger/disk/huggingface")


@pytest.mark.parametrize("measured, total", [("/proc/version", 0), (__file__, 100 * GIB)])
def test_a_cache_that_can_be_no_folder_is_not_a_full_disk(measured: str, total: int) -> None:
    """HF_HOME=/proc/version (a pseudo file system) or HF_HOME on a file: no folder can be made there, which
    freeing disk space would never fix (it was "0.0 GiB free", disk_full)."""
    result = disk_space(FakeContext(disk=DiskUsage(measured, total, 0)))
    assert (result.status, result.cause) == (Status.FAIL, causes.CACHE_NOT_WRITABLE)
    assert en(result.summary) == (f"The Hub cache ({CACHE}) cannot be made there: {measured} is a file or a pseudo "
                                  "file system, not a folder on a disk")


def test_hf_home_on_proc_version_is_named_so_through_the_real_program(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os
    import subprocess
    import sys

    environment = {**os.environ, "HF_HOME": "/proc/version", "HF_HUB_OFFLINE": "1"}
    done = subprocess.run([sys.executable, "-m", "hf_doctor", "check", "--json"], capture_output=True, text=True,
                          env=environment, timeout=120)
    rows = {c["id"]: c for c in json.loads(done.stdout)["checks"]}
    assert (rows["disk.space"]["status"], rows["disk.space"]["cause"]) == ("fail", "cache_not_writable")
    assert "disk_full" not in done.stdout


def test_low_disk_with_an_old_hub_names_the_old_cache_command() -> None:
    result = disk_space(FakeContext(disk=DiskUsage(CACHE, 100 * GIB, 5 * GIB), packages=stack(huggingface_hub="0.26.5")))
    assert result.fix is not None and result.fix.commands[0] == "huggingface-cli scan-cache"


# ---------------------------------------------------------------- hub.settings

TOKEN_PATH = "/home/user/.cache/huggingface/token"
SAVED = "hf_savedTokenAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
OTHER = "hf_otherTokenBBBBBBBBBBBBBBBBBBBBBBBBBBBB"


def settings_data(**changes: object) -> dict:
    data = {"endpoint": "https://huggingface.co", "default_endpoint": True, "offline": False, "proxy_variables": [],
            "no_proxy": None, "token_variable": None, "saved_login": False, "token_used": None, "cache": CACHE}
    data.update(changes)
    return data


def test_default_settings_pass() -> None:
    assert said(hub_settings(FakeContext())) == Outcome(Status.PASS, "Default endpoint, online, no proxy",
                                                        data=settings_data())


def test_offline_mode_is_named_and_hub_network_gives_its_one_fix() -> None:
    # One cause, one fix: hub.settings names offline mode; hub.network fails on it with the fix.
    ctx = FakeContext(paths=HubPaths(CACHE, TOKEN_PATH, "https://huggingface.co", offline=True))
    assert said(hub_settings(ctx)) == Outcome(Status.PASS, "offline mode (HF_HUB_OFFLINE)",
                                              data=settings_data(offline=True))
    network = hub_network(ctx)
    assert network.cause == causes.NETWORK_OFFLINE
    assert network.fix is not None and network.fix.commands == ("unset HF_HUB_OFFLINE TRANSFORMERS_OFFLINE",)


def test_a_mirror_endpoint_and_a_proxy_are_named_without_credentials() -> None:
    ctx = FakeContext(env={"HTTPS_PROXY": "http://user:secret@proxy.corp:3128"},
                      paths=HubPaths(CACHE, TOKEN_PATH, "https://mirror:pw@hf-mirror.com"))
    result = hub_settings(ctx)
    assert result.status is Status.PASS
    assert en(result.summary) == ("endpoint https://hf-mirror.com (not the default https://huggingface.co); "
                              "proxy from HTTPS_PROXY")
    assert "secret" not in repr(result) and "pw@" not in repr(result)


def test_a_proxy_in_front_of_a_local_endpoint_warns() -> None:
    ctx = FakeContext(env={"HTTP_PROXY": "http://proxy:3128"}, paths=HubPaths(CACHE, TOKEN_PATH, "http://127.0.0.1:8080"))
    result = hub_settings(ctx)
    assert (result.status, result.cause) == (Status.WARN, causes.NETWORK_OFFLINE)
    assert result.fix is not None and result.fix.commands == ("export NO_PROXY=127.0.0.1,localhost",)
    ctx.env["NO_PROXY"] = "localhost,127.0.0.1"
    assert hub_settings(ctx).status is Status.PASS


def test_hf_token_next_to_a_different_saved_login_is_named_without_showing_either() -> None:
    # hub.token judges which one wins; the settings only say both exist.
    ctx = FakeContext(env={"HF_TOKEN": OTHER}, texts={TOKEN_PATH: SAVED + "\n"})
    result = hub_settings(ctx)
    assert said(result) == Outcome(Status.PASS, "HF_TOKEN set and a saved login",
                             data=settings_data(token_variable="HF_TOKEN", saved_login=True, token_used="HF_TOKEN"))
    assert SAVED not in repr(result) and OTHER not in repr(result)


def test_hf_token_equal_to_the_saved_login_passes() -> None:
    ctx = FakeContext(env={"HF_TOKEN": SAVED}, texts={TOKEN_PATH: SAVED})
    result = hub_settings(ctx)
    assert (result.status, en(result.summary)) == (Status.PASS, "HF_TOKEN set and a saved login")


# ---------------------------------------------------------------- the same checks in Korean

HANGUL = re.compile("[가-힣]")
T4 = nvml_probe(card("Tesla T4", 15.0, (7, 5), 14.6), driver="550.54.15", cuda="12.4")

KOREAN_FAILURES = [
    ("python too old", python_version, FakeContext(python=(3, 10, 12)), causes.PYTHON_TOO_OLD),
    ("no GPU", gpu_device, FakeContext(), causes.GPU_MISSING),
    ("no GPU on Colab", gpu_device, FakeContext(env={"COLAB_GPU": "1"}), causes.GPU_MISSING),
    ("bf16 unsupported", gpu_bf16, FakeContext(probe=T4), causes.BF16_UNSUPPORTED),
    ("CPU-only torch with a GPU", torch_build, FakeContext(probe=T4, torch_cuda=None, env={"COLAB_GPU": "1"}),
     causes.TORCH_CUDA_MISMATCH),
    ("low memory", host_memory, FakeContext(mem=MemoryInfo(int(12.7 * GIB), int(2.5 * GIB))), causes.CPU_RAM_OOM),
    ("low disk", disk_space, FakeContext(disk=DiskUsage(CACHE, 100 * GIB, GIB // 2)), causes.DISK_FULL),
    ("accelerate missing", libs_versions, FakeContext(packages=stack(accelerate=None)), causes.ACCELERATE_MISSING),
    ("offline", hub_network, FakeContext(paths=HubPaths(CACHE, TOKEN_PATH, "https://huggingface.co", offline=True)),
     causes.NETWORK_OFFLINE),
]


@pytest.mark.parametrize("name, check, ctx, cause", KOREAN_FAILURES, ids=[c[0] for c in KOREAN_FAILURES])
def test_failures_read_korean_with_the_same_cause_commands_and_data(name, check, ctx, cause) -> None:  # type: ignore[no-untyped-def]
    # A check reads no language: one outcome, said in either language by the reader.
    result = check(ctx)
    assert check(ctx) == result
    english, korean = said(result, en), said(result, ko)
    assert result.cause == cause
    assert korean.fix is not None and english.fix is not None
    assert HANGUL.search(korean.summary), korean.summary
    assert HANGUL.search(korean.fix.text), korean.fix.text
    assert all(HANGUL.search(line) for line in korean.details), korean.details
    assert not HANGUL.search(english.summary + english.fix.text + "".join(english.details))
    # Only the prose changes: commands, links, the status and the facts are the same in both languages.
    assert (korean.status, korean.fix.commands, korean.fix.url, korean.data) == (
        english.status, english.fix.commands, english.fix.url, english.data)


def test_python_too_old_in_korean() -> None:
    result = python_version(FakeContext(python=(3, 10, 12)))
    assert ko(result.summary) == ("Python 3.10.12은(는) transformers 5.24.0을(를) 쓰기에 너무 오래되었습니다 "
                              "(Python >=3.11.0 필요)")
    assert result.fix is not None and result.fix.commands[0] == "python3.11 -m venv .venv"


def test_passing_machine_checks_read_korean_too() -> None:
    ctx = FakeContext(probe=T4)
    results = [check(ctx) for check in (python_version, runtime_platform, libs_versions, gpu_device,
                                         torch_build, host_memory, disk_space, hub_settings)]
    for result in results:
        assert result.status is Status.PASS and HANGUL.search(ko(result.summary)), ko(result.summary)
    assert ko(results[1].summary) == "터미널에서 실행 중 · Linux 6.1.85+ · x86_64"
    assert ko(results[3].summary) == ("Tesla T4 · 15.00 GiB (여유 14.60 GiB) · 연산 능력(compute capability) 7.5 · "
                                  "드라이버 550.54.15")


def test_product_names_stay_as_they_are_in_korean() -> None:
    info = PlatformInfo("Linux", "6.1.85+", "x86_64", in_notebook_kernel=False)
    result = runtime_platform(FakeContext(env={"COLAB_RELEASE_TAG": "x"}, platform_info=info))
    assert ko(result.summary).startswith("Google Colab (노트북 커널 밖의 셸)에서 실행 중 · ")
    assert result.data["platform"] == "colab"
