"""The interpreter and the runtime around it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

from . import causes, knowledge
from .context import Context
from .result import Fix, Outcome, Record, Status, passed, problem
from .text import Msg, Text
from .units import version_text

# The libraries whose Requires-Python decides which Python a first run needs.
STACK = ("transformers", "huggingface_hub", "accelerate", "torch")

# Product names read the same in every language; the generic "terminal" is a message, said in the reader's.
PLATFORM_LABELS = {
    "colab": "Google Colab",
    "colab_enterprise": "Colab Enterprise",
    "kaggle": "Kaggle",
    "jupyter": "Jupyter",
}


def platform_label(kind: str) -> Text:
    """How a detect_platform kind is shown: a product name, or the message "terminal"."""
    return PLATFORM_LABELS.get(kind) or Msg("env.platform.terminal")


@dataclass(frozen=True)
class PythonFacts(Record):
    """python.version's data: this interpreter's version ("3.11.7"), each stack library's Requires-Python, and
    the strictest lower bound among them ("3.11"; None when no library declares one)."""

    version: str
    required: Dict[str, str]
    minimum: Optional[str]


@dataclass(frozen=True)
class TpuRuntime(Record):
    """A Google TPU runtime (Colab's "TPU" runtimes, a Cloud TPU VM): what showed it, and its type where the
    runtime names it ("v5litepod-1", "v6e-1"); torch here is a CPU build, with torch_xla beside it."""

    accelerator_type: Optional[str]
    evidence: Tuple[str, ...]         # the variables, device files and modules that showed it
    torch_xla: bool

    def label(self) -> str:
        """How the TPU is named in a sentence: "TPU v6e-1", or plain "TPU" where the type is not known."""
        return f"TPU {self.accelerator_type}" if self.accelerator_type else "TPU"


# The TPU stack's own modules: torch_xla (PyTorch/XLA) and libtpu, which Colab's TPU runtimes install.
TPU_MODULES = ("torch_xla", "libtpu")


def detect_tpu(env: Mapping[str, str], has_module: Callable[[str], bool],
               nodes: Tuple[str, ...]) -> Optional[TpuRuntime]:
    """A TPU runtime, from what TPU hosts have: ``TPU_ACCELERATOR_TYPE`` (Cloud TPU VMs), ``COLAB_TPU_ADDR`` (Colab's
    older TPU-node runtimes), ``/dev/accel<N>`` (TPU v2 to v4). ``/dev/vfio/<N>`` (v5e, v6e) and ``TPU_NAME``
    count only with torch_xla or libtpu installed: VFIO also passes other devices through to virtual machines, and
    ``TPU_NAME`` is a name people set themselves."""
    kind = env.get("TPU_ACCELERATOR_TYPE", "").strip() or None
    modules = tuple(m for m in TPU_MODULES if has_module(m))
    strong = tuple(name for name in ("TPU_ACCELERATOR_TYPE", "COLAB_TPU_ADDR") if env.get(name, "").strip())
    strong += tuple(n for n in nodes if n.startswith("/dev/accel"))
    weak = tuple(n for n in nodes if n.startswith("/dev/vfio/")) + (("TPU_NAME",) if env.get("TPU_NAME") else ())
    if not strong and not (weak and modules):
        return None
    return TpuRuntime(kind, strong + weak + modules, "torch_xla" in modules)


def tpu_runtime(ctx: Context) -> Optional[TpuRuntime]:
    """detect_tpu for this context's machine."""
    return detect_tpu(ctx.env, ctx.has_module, ctx.accelerator_nodes())


def python_version(ctx: Context) -> Outcome:
    """The interpreter against the Requires-Python of the installed stack: older means no current releases."""
    current = ".".join(str(part) for part in ctx.python_version())
    required: Dict[str, str] = {}
    unmet: List[Tuple[str, str, str]] = []
    lowest: Optional[Version] = None
    for name in STACK:
        info = ctx.package(name)
        if info is None or not info.requires_python:
            continue
        try:
            spec = SpecifierSet(info.requires_python)
        except InvalidSpecifier:
            continue
        required[name] = info.requires_python
        if not spec.contains(current, prereleases=True):
            unmet.append((name, info.version, info.requires_python))
        bound = _lower_bound(spec)
        if bound is not None and (lowest is None or bound > lowest):
            lowest = bound
    minimum = version_text(str(lowest)) if lowest else None
    data = PythonFacts(current, required, minimum)

    if unmet:
        name, version, spec_text = unmet[0]
        return problem(
            Status.FAIL,
            Msg("env.python.too_old", current=current, name=name, version=version, spec=spec_text),
            causes.PYTHON_TOO_OLD,
            Fix(
                Msg("env.python.too_old.fix", minimum=minimum),
                commands=(f"python{minimum} -m venv .venv", ". .venv/bin/activate", "pip install -U torch transformers accelerate huggingface_hub"),
                url=knowledge.PAGES["python_downloads"],
            ),
            data=data,
            details=tuple(Msg("env.python.needs", name=n, version=v, spec=s) for n, v, s in unmet),
        )
    if not required:
        return passed(Msg("env.python.no_stack", current=current), data)
    return passed(Msg("env.python.ok", current=current, minimum=minimum), data)


def runtime_platform(ctx: Context) -> Outcome:
    """Where this runs (Colab, Kaggle, Jupyter, a terminal): the fixes differ, so every other check needs it."""
    info = ctx.platform()
    kind = detect_platform(ctx.env, ctx.has_module, info.in_notebook_kernel)
    os_name = info.system
    if info.system == "Linux" and "microsoft" in info.release.lower():
        os_name = "Linux (WSL)"
    data: Dict[str, Any] = {
        "platform": kind,
        "notebook_kernel": info.in_notebook_kernel,
        "os": info.system,
        "os_release": info.release,
        "arch": info.machine,
        "python_implementation": info.python_implementation,
    }
    tpu = tpu_runtime(ctx)
    data["tpu"] = tpu
    where: Text = platform_label(kind)
    if kind in ("colab", "colab_enterprise", "kaggle") and not info.in_notebook_kernel:
        where = Msg("env.platform.outside_kernel", where=where)
    if tpu is not None:
        where = Msg("env.platform.tpu", where=where, tpu=tpu.label())
    return passed(Msg("env.platform.summary", where=where, os=os_name, release=info.release, arch=info.machine), data)


def platform_kind(ctx: Context) -> str:
    """detect_platform for this context's machine: the one way every check asks where it runs."""
    return detect_platform(ctx.env, ctx.has_module, ctx.platform().in_notebook_kernel)


def detect_platform(env: Mapping[str, str], has_module: Callable[[str], bool], in_notebook_kernel: bool) -> str:
    """Colab Enterprise, Colab, Kaggle, Jupyter or a plain terminal, from variables these runtimes set."""
    if env.get("VERTEX_PRODUCT") == "COLAB_ENTERPRISE":
        return "colab_enterprise"
    if "COLAB_RELEASE_TAG" in env or "COLAB_GPU" in env or has_module("google.colab"):
        return "colab"
    if "KAGGLE_KERNEL_RUN_TYPE" in env or "KAGGLE_URL_BASE" in env:
        return "kaggle"
    if in_notebook_kernel or "JPY_PARENT_PID" in env:
        return "jupyter"
    return "terminal"


def _lower_bound(spec: SpecifierSet) -> Optional[Version]:
    bounds = [Version(s.version) for s in spec if s.operator in (">=", ">", "~=", "==") and "*" not in s.version]
    return max(bounds) if bounds else None
