"""scripts/install.py, which the README's set-up commands run: a torch this machine can use, an installed one kept.

The script's decisions are run for real, in a fresh interpreter that has no torch, with pip standing in as a
recorder (tests reach no index). Real pip is run for what the script relies on: an index that cannot be reached
fails in seconds, and `pip install .` leaves an installed torch alone.
"""
from __future__ import annotations

import importlib.util
import json
import os
import socket
import stat
import subprocess
import sys
import time
import venv
from pathlib import Path
from types import ModuleType
from typing import Dict, List

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "install.py"


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("install_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["install_script"] = module   # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


install = load()


@pytest.mark.parametrize("platform, torch, driver, reason, cpu_index", [
    ("linux", None, False, "cpu", install.CPU_INDEX),
    ("linux", "2.5.1+cu121", False, "kept", None),     # Colab's own build, even where no GPU is attached
    ("linux", "2.5.1+cu121", True, "kept", None),
    ("linux", None, True, "driver", None),
    ("darwin", None, False, "pypi", None),              # PyPI's macOS and Windows builds have no CUDA
    ("win32", None, False, "pypi", None),
])
def test_the_plan_for_each_kind_of_machine(platform: str, torch: str, driver: bool, reason: str,
                                           cpu_index: str) -> None:
    chosen = install.plan(install.Machine(platform=platform, torch=torch, nvidia_driver=driver), {})
    assert (chosen.reason, chosen.cpu_index) == (reason, cpu_index)


def test_a_mirror_of_the_cpu_index_can_be_named() -> None:
    machine = install.Machine(platform="linux", torch=None, nvidia_driver=False)
    assert install.plan(machine, {"HF_DOCTOR_TORCH_INDEX": "https://mirror.example/cpu"}).cpu_index == \
        "https://mirror.example/cpu"


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment: no torch, nothing but the standard library, as on a new laptop."""
    home = tmp_path_factory.mktemp("bare-venv")
    venv.EnvBuilder(with_pip=False).create(home)
    return home / "bin" / "python"


def recording_pip(folder: Path, fail_when: str) -> Path:
    """A `pip` package that writes each argument list to calls.jsonl, and fails where an argument contains
    `fail_when` (an index that cannot be reached)."""
    package = folder / "pip"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "__main__.py").write_text(
        "import json, os, sys\n"
        f"with open({str(folder / 'calls.jsonl')!r}, 'a') as log:\n"
        "    log.write(json.dumps({'args': sys.argv[1:], 'cwd': os.getcwd()}) + '\\n')\n"
        f"sys.exit(1 if any({fail_when!r} in arg for arg in sys.argv[1:]) else 0)\n", encoding="utf-8")
    return folder / "calls.jsonl"


def run_script(python: Path, folder: Path, *args: str, env: Dict[str, str]) -> subprocess.CompletedProcess:
    base = {name: value for name, value in os.environ.items()
            if not name.startswith(("PIP_", "HF_DOCTOR_", "LC_", "LANG"))}
    return subprocess.run([str(python), str(SCRIPT), *args], cwd=folder,
                          env={**base, "PYTHONPATH": str(folder), **env},
                          capture_output=True, text=True, timeout=60)


def calls(log: Path) -> List[Dict[str, object]]:
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []


def no_driver_path() -> str:
    """PATH without nvidia-smi (the standard tools only), whatever this machine has."""
    return os.pathsep.join(part for part in os.environ.get("PATH", "").split(os.pathsep)
                           if part and not (Path(part) / "nvidia-smi").exists())


@pytest.mark.skipif(not sys.platform.startswith("linux") or Path("/proc/driver/nvidia/version").exists(),
                    reason="the CPU build is what a Linux machine without an NVIDIA driver gets")
def test_no_torch_no_driver_tries_the_cpu_index_then_falls_back_to_pypi(bare_python: Path, tmp_path: Path) -> None:
    unreachable = "http://127.0.0.1:9/cpu"
    log = recording_pip(tmp_path, fail_when=unreachable)
    done = run_script(bare_python, tmp_path, env={"HF_DOCTOR_TORCH_INDEX": unreachable,
                                                  "PATH": no_driver_path()})
    assert done.returncode == 0, done.stderr
    seen = calls(log)
    assert [call["args"] for call in seen] == [
        ["install", "--index-url", unreachable, *install.UNREACHABLE_BOUND, "torch"],
        ["install", "."],
    ]
    assert seen[1]["cwd"] == str(ROOT)   # `.` is this project wherever the command was typed
    lines = done.stdout.splitlines()
    assert lines[0].startswith("No NVIDIA driver and no torch") and unreachable in lines[0]
    assert lines[1].startswith(f"{unreachable} could not be reached (pip exit code 1): torch comes from PyPI")
    assert lines[2] == "Installing ."


def test_an_installed_torch_is_never_touched(bare_python: Path, tmp_path: Path) -> None:
    log = recording_pip(tmp_path, fail_when="never")
    # What a Colab runtime has: torch's metadata on the path.
    info = tmp_path / "torch-2.5.1+cu121.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: torch\nVersion: 2.5.1+cu121\n", encoding="utf-8")
    done = run_script(bare_python, tmp_path, ".[test]", env={"HF_DOCTOR_LANG": "ko"})
    assert done.returncode == 0, done.stderr
    assert [call["args"] for call in calls(log)] == [["install", ".[test]"]]
    assert done.stdout.splitlines()[0] == "torch 2.5.1+cu121이(가) 이미 설치되어 있습니다. 그대로 둡니다."


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for nvidia-smi")
def test_a_machine_with_an_nvidia_driver_takes_pypis_torch(bare_python: Path, tmp_path: Path) -> None:
    log = recording_pip(tmp_path, fail_when="never")
    tools = tmp_path / "tools"
    tools.mkdir()
    smi = tools / "nvidia-smi"
    smi.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    smi.chmod(smi.stat().st_mode | stat.S_IXUSR)
    done = run_script(bare_python, tmp_path, env={"PATH": os.pathsep.join([str(tools), no_driver_path()])})
    assert done.returncode == 0, done.stderr
    assert [call["args"] for call in calls(log)] == [["install", "."]]


def test_pips_failure_to_install_hf_doctor_is_the_scripts_exit_code(bare_python: Path, tmp_path: Path) -> None:
    log = recording_pip(tmp_path, fail_when=".")
    info = tmp_path / "torch-2.13.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: torch\nVersion: 2.13.0\n", encoding="utf-8")
    done = run_script(bare_python, tmp_path, env={})
    assert done.returncode == 1 and len(calls(log)) == 1


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_real_pip_gives_up_on_an_unreachable_index_in_seconds(tmp_path: Path) -> None:
    """The script's first step, with real pip: a refused index fails (exit 1) and does not hang."""
    index = f"http://127.0.0.1:{closed_port()}/cpu"
    env = {name: value for name, value in os.environ.items() if not name.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull   # this machine's find-links and mirrors would answer instead
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--no-deps", "--target",
                           str(tmp_path / "target"), "--index-url", index, *install.UNREACHABLE_BOUND, "torch"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "No matching distribution found for torch" in done.stderr
    assert time.monotonic() - started < 30


def test_real_pip_keeps_the_installed_torch_when_installing_hf_doctor() -> None:
    """No bound on torch: with this environment's torch installed, `pip install .` installs hf-doctor alone."""
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--no-index", "--no-build-isolation",
                           "--quiet", "--report", "-", "."], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    installed = [item["metadata"]["name"] for item in json.loads(done.stdout)["install"]]
    assert installed == ["hf-doctor"]
