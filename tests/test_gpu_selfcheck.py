"""scripts/gpu_selfcheck.py on a machine without a GPU: the paths it can run here (the probe's comparison, with no
GPU and with a stand-in nvidia-smi, and the CPU/disk placement), its table and its exit code. No timings."""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

import pytest

from hf_doctor.checks.context import SystemContext

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "gpu_selfcheck.py"

pytestmark = pytest.mark.skipif(bool(SystemContext().gpu_probe().gpus) or shutil.which("nvidia-smi") is not None,
                                reason="a machine with an NVIDIA GPU: run scripts/gpu_selfcheck.py itself")

# Answers the two queries as nvidia-smi does: the probe's (index,...,memory.free,...) and the script's
# (name,...,memory.used,...); DRIVER_FOR_SCRIPT lets the second disagree with the first.
FAKE_SMI = """#!/bin/sh
case "$*" in
  *memory.free*) echo "0, NVIDIA H200, 143771, 143000, 570.86.15, 9.0" ;;
  *memory.used*) echo "NVIDIA H200, 143771, 771, ${DRIVER_FOR_SCRIPT:-570.86.15}, 9.0" ;;
  *) echo "| NVIDIA-SMI 570.86.15    Driver Version: 570.86.15    CUDA Version: 12.8 |" ;;
esac
"""


def run(tmp_path: Path, fake_smi: bool = False, **env: str) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
    path = os.environ.get("PATH", "")
    if fake_smi:
        tool = tmp_path / "bin" / "nvidia-smi"
        tool.parent.mkdir(exist_ok=True)
        tool.write_text(FAKE_SMI)
        tool.chmod(tool.stat().st_mode | stat.S_IEXEC)
        path = f"{tool.parent}{os.pathsep}{path}"
    return subprocess.run([sys.executable, str(SCRIPT), "--runs", "1"], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PATH": path, "CUDA_VISIBLE_DEVICES": "", **env})


def rows(stdout: str) -> Dict[str, List[str]]:
    """The table's rows by their first cell: the cells are separated by two spaces or more."""
    import re

    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("comparison"))
    found = {}
    for line in lines[start + 1:]:
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) >= 4:
            found[cells[0]] = cells[1:]
    return found


def test_without_a_gpu_it_says_so_compares_the_placement_and_exits_0(tmp_path: Path) -> None:
    done = run(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("no CUDA device (torch ")
    table = rows(done.stdout)
    assert table["GPU probe"] == ["no NVIDIA GPU (none)", "no NVIDIA GPU (nvidia-smi not found)", "agree"]
    assert table["decode tokens/s"][-1] == table["peak GPU memory"][-1] == "skip (no GPU)"
    placement = next(cells for name, cells in table.items() if name.startswith("placement (cpu: "))
    # max_memory holds half the weights: some layers stay on the CPU, the others go to disk, on both sides.
    assert placement[0].endswith(" predicted") and placement[1].endswith(" hf_device_map")
    assert "cpu " in placement[1] and "disk " in placement[1]
    assert placement[2] == "agree"
    assert done.stdout.rstrip().endswith("0 of 4 comparisons disagree")


def test_the_probe_is_compared_field_by_field_with_nvidia_smi(tmp_path: Path) -> None:
    done = run(tmp_path, fake_smi=True)
    assert done.returncode == 0, done.stdout + done.stderr
    table = rows(done.stdout)
    assert table["GPU count"] == ["1 (nvidia-smi)", "1 (nvidia-smi)", "agree"]
    assert table["GPU 0 name"] == ["NVIDIA H200", "NVIDIA H200", "agree"]
    assert table["GPU 0 memory.total"] == ["143771 MiB", "143771 MiB", "agree"]
    assert table["GPU 0 memory.used"] == ["771 MiB (total - free)", "771 MiB", "agree"]
    assert table["GPU 0 compute_cap"] == ["9.0", "9.0", "agree"]


def test_a_disagreement_is_shown_and_exits_1(tmp_path: Path) -> None:
    done = run(tmp_path, fake_smi=True, DRIVER_FOR_SCRIPT="575.51.03")
    assert done.returncode == 1
    assert rows(done.stdout)["GPU 0 driver"] == ["570.86.15", "575.51.03", "DISAGREE"]
    assert done.stdout.rstrip().endswith("comparisons disagree: GPU 0 driver")
