"""Where ``device_map="auto"`` will put each layer, computed by transformers and accelerate themselves.

The model's skeleton is built on the meta device from ``config.json`` (no weights, a few tens of milliseconds once
the modeling code is imported), and transformers' own ``_get_device_map`` places it, exactly as
``from_pretrained(..., device_map="auto")`` does with no ``max_memory``: the same 90 % of a single GPU's free memory
(10 % kept as a buffer), 90 % of the free host RAM, the model's no-split modules and tied weights. Only the
hardware it reads is replaced: the detected GPUs' free memory, or the ``--gpu`` card's, and the host's free RAM,
so a laptop can predict a Colab T4.

Where the skeleton cannot be built (no config.json, torch, transformers or accelerate missing, an architecture the
installed transformers does not know, a 4-bit plan without bitsandbytes) the placement is estimated from the
parameter count, and the data says which (``source``) and why (``reason``).
"""
from __future__ import annotations

import copy
import hashlib
import json
import logging
import os
import re
import tempfile
import threading
from importlib import metadata
from pathlib import Path
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple

SKELETON, ESTIMATE = "skeleton", "estimate"
KINDS = ("gpu", "cpu", "disk")
# What transformers keeps back when it chooses for itself; only the estimate needs it written down.
ESTIMATE_GPU_SHARE = 0.9
ESTIMATE_CPU_SHARE = 0.9
DTYPES = ("float32", "bfloat16", "float16")   # what a skeleton can be built in (torch's attribute names)
# The budgets a prediction is made for keep their 7 leading bits (rounded down by less than 1 %): free memory
# wobbles by a few MiB from run to run, and a prediction for slightly less room errs toward offload. Rounded, a
# repeat run finds its placement in the cache.
SIGNIFICANT_BITS = 7
CACHE_VERSION = 1
_LIBRARIES_LOCK = threading.Lock()   # the hardware readout is swapped inside transformers for one call at a time
# One thread imports transformers at a time: its lazy modules, imported from two threads at once (the warm-up and
# model.fit), can raise ImportError on a half-initialised module.
_IMPORT_LOCK = threading.Lock()


@dataclass(frozen=True)
class Placement:
    """Decoder layers and weight bytes per kind of device, as loading with ``device_map="auto"`` would place them.
    ``layers`` has the shape of model.generate's ``placement`` (which counts the real ``hf_device_map``)."""

    layers: Mapping[str, int]
    weight_bytes: Mapping[str, int]
    source: str                     # SKELETON or ESTIMATE
    reason: Optional[str] = None    # why an estimate: missing_config, missing_library, unknown_architecture, …

    @property
    def total_layers(self) -> int:
        return sum(self.layers.values())

    @property
    def offloaded(self) -> bool:
        return bool(self.layers.get("cpu") or self.layers.get("disk")
                    or self.weight_bytes.get("cpu") or self.weight_bytes.get("disk"))

    def to_json(self) -> Dict[str, Any]:
        values: Dict[str, Any] = {"gpu": self.layers.get("gpu", 0), "cpu": self.layers.get("cpu", 0),
                                  "disk": self.layers.get("disk", 0), "source": self.source,
                                  "weight_bytes": dict(self.weight_bytes)}
        if self.reason is not None:
            values["reason"] = self.reason
        return values


class Unavailable(Exception):
    """The skeleton could not be placed; ``reason`` is a short code the data carries."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def kind_of(device: Any) -> str:
    text = str(device)
    return "disk" if text == "disk" else "cpu" if text in ("cpu", "meta") else "gpu"


def layers_by_device(model: Any, device_map: Mapping[str, Any]) -> Dict[str, int]:
    """How many decoder layers (the model's no-split blocks) each kind of device holds under ``device_map``: a
    layer's device is that of the longest entry naming it or one of its parents (``""`` is the whole model)."""
    counts = {kind: 0 for kind in KINDS}
    blocks = set(getattr(model, "_no_split_modules", None) or ())
    names = [name for name, module in model.named_modules() if type(module).__name__ in blocks and name]
    if not names:   # no declared blocks: count numbered children of a ModuleList (".layers.3", ".h.3")
        names = [name for name, _ in model.named_modules() if re.search(r"\.\d+$", name)
                 and not re.search(r"\.\d+\.", name)]
    for name in names:
        owner = max((key for key in device_map if key == "" or name == key or name.startswith(key + ".")),
                    key=len, default=None)
        if owner is not None:
            counts[kind_of(device_map[owner])] += 1
    return counts


WARM_UP_MODULES = ("torch", "transformers.integrations.accelerate", "transformers.generation.utils",
                   "transformers.models.auto.modeling_auto")


def import_libraries() -> None:
    """Import what ``predict`` needs (torch, transformers' placement, and what every decoder's modeling code
    imports, torch._dynamo among them: most of a first skeleton's time)."""
    import importlib

    with _IMPORT_LOCK:
        for name in WARM_UP_MODULES:
            importlib.import_module(name)


def rounded(value: int) -> int:
    """``value`` with its SIGNIFICANT_BITS leading bits kept, the rest zero: 14.75 GiB stays 14.75 GiB, 11.53 GiB
    becomes 11.5 GiB."""
    value = max(int(value), 0)
    step = 1 << max(value.bit_length() - SIGNIFICANT_BITS, 0)
    return value - value % step


def budgets(gpu_free: Sequence[int], host_free: Optional[int]) -> Tuple[List[int], Optional[int]]:
    """The free memory a prediction is made for: each figure rounded down (``rounded``)."""
    return [rounded(free) for free in gpu_free], None if host_free is None else rounded(host_free)


def _cache_file(config: Mapping[str, Any], dtype: str, gpu_free: Sequence[int], host_free: Optional[int]
                ) -> Optional[Path]:
    """Where the prediction for these inputs is kept: one file per config, dtype, budget and library versions
    (a new transformers may place differently), under $HF_DOCTOR_CACHE/placements (~/.cache/hf-doctor)."""
    try:
        versions = [metadata.version(name) for name in ("torch", "transformers", "accelerate")]
    except metadata.PackageNotFoundError:
        return None
    key = json.dumps([CACHE_VERSION, versions, dict(config), dtype, list(gpu_free), host_free], sort_keys=True,
                     default=str)
    root = Path(os.environ.get("HF_DOCTOR_CACHE") or Path.home() / ".cache" / "hf-doctor")
    return root / "placements" / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}.json"


def cached(config: Mapping[str, Any], dtype: str, gpu_free: Sequence[int], host_free: Optional[int]
           ) -> Optional[Placement]:
    """The prediction made earlier for these inputs (rounded: ``budgets``), if one was kept."""
    path = _cache_file(config, dtype, *budgets(gpu_free, host_free))
    try:
        kept = json.loads(path.read_text(encoding="utf-8")) if path is not None else None
        return Placement(layers=kept["layers"], weight_bytes=kept["weight_bytes"], source=SKELETON) if kept else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _keep(placement: Placement, config: Mapping[str, Any], dtype: str, gpu_free: Sequence[int],
          host_free: Optional[int]) -> None:
    """Written to a new file and renamed into place: a reader never sees half a file. A cache that cannot be
    written only costs the next run the skeleton again."""
    path = _cache_file(config, dtype, gpu_free, host_free)
    if path is None or path.exists():
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, suffix=".tmp", delete=False, encoding="utf-8") as out:
            json.dump({"layers": dict(placement.layers), "weight_bytes": dict(placement.weight_bytes)}, out)
        os.replace(out.name, path)
    except OSError:
        pass


def predict(config: Mapping[str, Any], dtype: str, gpu_free: Sequence[int], host_free: Optional[int]) -> Placement:
    """The placement transformers computes for this config in ``dtype`` (float32, bfloat16 or float16) on GPUs
    with ``gpu_free`` bytes free each and ``host_free`` bytes of free RAM (both rounded down: ``budgets``), kept
    for the next run with the same inputs. Raises Unavailable."""
    gpu_free, host_free = budgets(gpu_free, host_free)
    kept = cached(config, dtype, gpu_free, host_free)
    if kept is not None:
        return kept
    found = _predict(config, dtype, gpu_free, host_free)
    _keep(found, config, dtype, gpu_free, host_free)
    return found


def _predict(config: Mapping[str, Any], dtype: str, gpu_free: Sequence[int], host_free: Optional[int]) -> Placement:
    if dtype not in DTYPES:
        raise Unavailable("quantized")
    try:
        with _IMPORT_LOCK:
            import torch
            from transformers import AutoConfig, AutoModelForCausalLM
            from transformers.integrations import accelerate as integration
    except ImportError:
        raise Unavailable("missing_library") from None
    if not hasattr(integration, "_get_device_map") or not hasattr(integration, "accelerate_max_memory"):
        raise Unavailable("missing_library")   # accelerate missing, or a transformers that places differently
    try:
        settings = copy.deepcopy(dict(config))   # transformers fills in nested dicts (rope_scaling) in place
        model_type = settings.pop("model_type", None)
        if not model_type:
            raise Unavailable("missing_config")
        with _IMPORT_LOCK:   # the architecture's modeling code is imported here, on first use
            built = AutoConfig.for_model(model_type, **settings)
            with torch.device("meta"):
                model = AutoModelForCausalLM.from_config(built, dtype=getattr(torch, dtype))
    except Unavailable:
        raise
    except Exception:  # noqa: BLE001 - an architecture (or a config) this transformers cannot build
        raise Unavailable("unknown_architecture") from None
    hardware: Dict[Any, int] = {index: int(free) for index, free in enumerate(gpu_free)}
    if host_free is not None:
        hardware["cpu"] = int(host_free)
    with _hardware(integration, hardware):
        device_map = integration._get_device_map(model, "auto", None, None)
    sizes, _ = integration.compute_module_sizes(model)
    weight_bytes = {kind: 0 for kind in KINDS}
    for name, device in device_map.items():
        weight_bytes[kind_of(device)] += int(sizes.get(name, 0))
    return Placement(layers=layers_by_device(model, device_map), weight_bytes=weight_bytes, source=SKELETON)


@contextmanager
def _hardware(integration: Any, hardware: Mapping[Any, int]) -> Iterator[None]:
    """transformers asks accelerate what the machine has (``get_max_memory(None)``); for this call the answer is
    ``hardware``. Everything the libraries do with the answer (the 90 % rules, balancing) stays theirs. accelerate's
    warning that a GPU index is not present on this machine (a simulated card) is not shown."""
    real = integration.accelerate_max_memory

    def readout(max_memory: Any = None) -> Any:
        return dict(hardware) if max_memory is None else real(max_memory)

    quiet = logging.getLogger("accelerate.utils.modeling")
    with _LIBRARIES_LOCK:
        integration.accelerate_max_memory = readout
        level = quiet.level
        quiet.setLevel(logging.ERROR)
        try:
            yield
        finally:
            integration.accelerate_max_memory = real
            quiet.setLevel(level)


def estimate(layers: Optional[int], total_bytes: int, fixed_bytes: int, gpu_free: Sequence[int],
             host_free: Optional[int], reason: str) -> Placement:
    """The placement from sizes alone: the embeddings and head (``fixed_bytes``) go first, then equal layers while
    90 % of the GPUs' free memory lasts, then 90 % of the free RAM, then the disk. Without a layer count (no
    config.json) the weights are split by bytes, and no layer is counted."""
    gpu_room = int(sum(gpu_free) * ESTIMATE_GPU_SHARE)
    cpu_room = int(host_free * ESTIMATE_CPU_SHARE) if host_free is not None else 0
    if not layers:
        gpu_bytes = min(total_bytes, gpu_room)
        cpu_bytes = min(total_bytes - gpu_bytes, cpu_room)
        return Placement(layers={"gpu": 0, "cpu": 0, "disk": 0},
                         weight_bytes={"gpu": gpu_bytes, "cpu": cpu_bytes, "disk": total_bytes - gpu_bytes - cpu_bytes},
                         source=ESTIMATE, reason=reason)
    per_layer = max(total_bytes - fixed_bytes, 0) / layers
    on_gpu = 0 if fixed_bytes > gpu_room else min(layers, int((gpu_room - fixed_bytes) // per_layer) if per_layer else layers)
    on_cpu = min(layers - on_gpu, int(cpu_room // per_layer) if per_layer else layers - on_gpu)
    gpu_bytes = int(on_gpu * per_layer) + (fixed_bytes if fixed_bytes <= gpu_room else 0)
    cpu_bytes = int(on_cpu * per_layer) + (0 if fixed_bytes <= gpu_room else fixed_bytes)
    return Placement(layers={"gpu": on_gpu, "cpu": on_cpu, "disk": layers - on_gpu - on_cpu},
                     weight_bytes={"gpu": gpu_bytes, "cpu": cpu_bytes, "disk": max(total_bytes - gpu_bytes - cpu_bytes, 0)},
                     source=ESTIMATE, reason=reason)


__all__ = ["ESTIMATE", "SKELETON", "Placement", "Unavailable", "estimate", "kind_of", "layers_by_device", "predict",
           "budgets", "cached", "import_libraries"]
