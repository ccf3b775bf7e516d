#!/usr/bin/env python3
"""Install hf-doctor with a torch this machine can use: the README's set-up commands run this.

    python scripts/install.py            # pip install .
    python scripts/install.py ".[test]"  # pip install ".[test]"

PyPI's torch for Linux carries CUDA (several GB of `nvidia-*` wheels) whether or not the machine has an NVIDIA
GPU. So, before `pip install .`:

- torch already installed (Colab, Kaggle, a user's own build): nothing is done to it. hf-doctor puts no version
  bound on torch, so pip keeps it.
- Linux, no torch, no NVIDIA driver: the CPU build from PyTorch's CPU index (``HF_DOCTOR_TORCH_INDEX`` names
  another index, a mirror). Where that index cannot be reached (a network that lets only PyPI through), torch
  comes from PyPI, as plain `pip install .` would take it, and this says so.
- Otherwise (an NVIDIA driver, macOS, Windows: PyPI's build is the right one) plain `pip install .`.

Only the standard library: it runs before anything is installed. Messages in Korean where the locale or
HF_DOCTOR_LANG asks for it, as hf-doctor itself does.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Sequence

ROOT = Path(__file__).resolve().parent.parent
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
# An index that does not answer costs seconds, not pip's default minutes of retries.
UNREACHABLE_BOUND = ("--timeout", "15", "--retries", "1")

MESSAGES: Dict[str, Dict[str, str]] = {
    "en": {
        "kept": "torch {version} is already installed: it stays as it is.",
        "driver": "An NVIDIA driver is present: torch comes from PyPI, with CUDA.",
        "pypi": "torch comes from PyPI (its build for this system needs no CUDA libraries).",
        "cpu": "No NVIDIA driver and no torch: installing torch's CPU build (about 200 MB, not several GB of CUDA "
               "libraries) from {index}",
        "fallback": "{index} could not be reached (pip exit code {code}): torch comes from PyPI instead, which on "
                    "Linux means several GB of CUDA libraries. Nothing else changes.",
        "install": "Installing {target}",
    },
    "ko": {
        "kept": "torch {version}이(가) 이미 설치되어 있습니다. 그대로 둡니다.",
        "driver": "NVIDIA 드라이버가 있습니다. torch는 PyPI에서 CUDA 빌드로 설치합니다.",
        "pypi": "torch는 PyPI에서 설치합니다(이 시스템용 빌드에는 CUDA 라이브러리가 필요 없습니다).",
        "cpu": "NVIDIA 드라이버도 torch도 없습니다. torch CPU 빌드(수 GB의 CUDA 라이브러리 대신 약 200 MB)를 "
               "{index}에서 설치합니다",
        "fallback": "{index}에 연결할 수 없습니다(pip 종료 코드 {code}). torch는 대신 PyPI에서 설치하며, "
                    "리눅스에서는 수 GB의 CUDA 라이브러리가 함께 설치됩니다. 그 밖에는 달라지는 것이 없습니다.",
        "install": "{target} 설치 중",
    },
}


@dataclass(frozen=True)
class Machine:
    platform: str                  # sys.platform
    torch: Optional[str]           # the installed torch's version, or None
    nvidia_driver: bool


@dataclass(frozen=True)
class Plan:
    reason: str                    # a MESSAGES key
    cpu_index: Optional[str]       # try torch from this index first; None: straight to `pip install`


def this_machine() -> Machine:
    try:
        torch: Optional[str] = metadata.version("torch")
    except metadata.PackageNotFoundError:
        torch = None
    driver = shutil.which("nvidia-smi") is not None or Path("/proc/driver/nvidia/version").exists()
    return Machine(platform=sys.platform, torch=torch, nvidia_driver=driver)


def plan(machine: Machine, environ: Mapping[str, str]) -> Plan:
    if machine.torch is not None:
        return Plan("kept", None)
    if machine.nvidia_driver:
        return Plan("driver", None)
    if not machine.platform.startswith("linux"):
        return Plan("pypi", None)
    return Plan("cpu", environ.get("HF_DOCTOR_TORCH_INDEX") or CPU_INDEX)


def language(environ: Mapping[str, str]) -> str:
    for name in ("HF_DOCTOR_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    return "en"


def pip(*args: str) -> List[str]:
    return [sys.executable, "-m", "pip", "install", *args]


def main(argv: Sequence[str]) -> int:
    target = argv[0] if argv else "."
    say = MESSAGES[language(os.environ)]
    machine = this_machine()
    chosen = plan(machine, os.environ)
    print(say[chosen.reason].format(version=machine.torch, index=chosen.cpu_index), flush=True)
    if chosen.cpu_index is not None:
        code = subprocess.call(pip("--index-url", chosen.cpu_index, *UNREACHABLE_BOUND, "torch"))
        if code != 0:
            print(say["fallback"].format(index=chosen.cpu_index, code=code), flush=True)
    print(say["install"].format(target=target), flush=True)
    return subprocess.call(pip(target), cwd=ROOT)


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:   # pip has said what it was doing; a second traceback tells the user nothing
        sys.exit(130)
