"""Rendering, golden-tested at a fixed width without colour. UPDATE_GOLDEN=1 rewrites the expected files."""
from __future__ import annotations

import io
import os
from pathlib import Path
from typing import List

import pytest

from checks.context import MemoryInfo
from checks.engine import run_checks
from checks.registry import ENVIRONMENT
from checks.result import CheckResult, Status
from checks.units import GIB
from wizard.render import header, render_plain, render_rich, verdict_line

from .fakes import FakeContext, card, nvml_probe, stack

GOLDEN = Path(__file__).parent / "golden"


def frozen(results: List[CheckResult]) -> List[CheckResult]:
    """Durations vary from run to run; golden files show them, so pin them."""
    from dataclasses import replace

    return [replace(r, duration_s=0.001) for r in results]


def colab_t4_in_trouble() -> List[CheckResult]:
    """A Colab T4 runtime where someone pip-installed a CPU torch and forgot accelerate."""
    ctx = FakeContext(
        env={"COLAB_RELEASE_TAG": "release-colab_20261101-060000_RC00", "COLAB_GPU": "1"},
        probe=nvml_probe(card("Tesla T4", 15.0, (7, 5), 14.6)),
        torch_cuda=None,
        packages=stack(accelerate=None, torch="2.13.0+cpu"),
        mem=MemoryInfo(int(12.7 * GIB), int(11.2 * GIB)),
    )
    return frozen(run_checks(ENVIRONMENT, ctx))


def laptop_planning_for_t4() -> List[CheckResult]:
    return frozen(run_checks(ENVIRONMENT, FakeContext(simulated_gpu="T4")))


def assert_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_plain_colab_t4_in_trouble() -> None:
    text = render_plain(colab_t4_in_trouble(), title=header("0.1.0", None), width=100)
    assert_golden("plain_colab_t4_in_trouble.txt", text)


def test_plain_laptop_planning_for_t4_verbose() -> None:
    text = render_plain(laptop_planning_for_t4(), title=header("0.1.0", "T4"), width=100, verbose=True)
    assert_golden("plain_planning_t4_verbose.txt", text)


def test_plain_ascii_fallback() -> None:
    text = render_plain(colab_t4_in_trouble(), title=header("0.1.0", None), width=100, ascii_only=True)
    assert text.isascii()
    assert "[XX ] Libraries" in text and "-> https://" in text and "(the installed libraries need >= 3.11)" in text


def test_rich_colab_t4_in_trouble() -> None:
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=100, color_system=None, force_terminal=False, legacy_windows=False)
    render_rich(console, colab_t4_in_trouble(), title=header("0.1.0", None))
    # rich pads every cell to the table's width; the padding is not content.
    text = "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"
    assert_golden("rich_colab_t4_in_trouble.txt", text)


def test_commands_are_never_wrapped() -> None:
    text = render_plain(colab_t4_in_trouble(), title="t", width=60)
    assert "$ pip install --force-reinstall torch --index-url https://download.pytorch.org/whl/cu126" in text


@pytest.mark.parametrize("statuses, line", [
    ([Status.PASS], "Ready: every check passed."),
    ([Status.PASS, Status.WARN, Status.SKIP], "Ready, with 1 warning: a first run can work; the fixes above make it better."),
    ([Status.FAIL, Status.FAIL, Status.WARN],
     "Not ready: 2 checks failed. Apply the fixes above, then run `hf-preflight check` again."),
    ([Status.PASS, Status.ERROR],
     "Not ready: some checks could not run. hf-preflight hit a bug in 1 check; please report it."),
])
def test_verdict_line(statuses, line) -> None:  # type: ignore[no-untyped-def]
    results = [CheckResult(f"x.{i}", "X", s, "s") for i, s in enumerate(statuses)]
    assert verdict_line(results) == line
