"""The words the text table and the page share: verdicts, GPUs and names as a reader sees them, in the
language of the :class:`~hf_doctor.i18n.Speaker` given (the CSV keeps ids instead)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from hf_doctor.i18n import Speaker

from .aggregating import CPU, Gpu, Row


def verdict_label(say: Speaker, verdict: str) -> str:
    return say.t(f"summary.verdict.{verdict}")


def gpu_label(say: Speaker, gpu: Gpu) -> str:
    if not gpu.known:
        return say.t("summary.gpu.unknown")
    name = say.t("summary.gpu.none") if not gpu.count else (f"{gpu.count} × " if gpu.count > 1 else "") + (
        gpu.name or "?")
    return say.t("summary.gpu.simulated", name=name) if gpu.simulated else name


def speed_gpu_label(say: Speaker, gpu: str) -> str:
    return say.t("summary.gpu.cpu") if gpu == CPU else gpu


def duplicate_label(say: Speaker, row: Row) -> str:
    """The flag beside a name that two reports carry: which file this one is."""
    return say.t("summary.duplicate", file=Path(row.file).name)


def number(value: Optional[float]) -> str:
    return "" if value is None else f"{value:.1f}"
