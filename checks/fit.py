"""Will the model fit, and in which dtype: predicted from the Hub's metadata before a byte is downloaded.

The arithmetic (gpus.md): 16-bit weights take 2 bytes a parameter; 8-bit (bitsandbytes LLM.int8) 1 byte and
4-bit NF4 about 0.5 byte (+3 % for the quantisation constants) for the linear layers, with the input and output
embeddings kept in 16 bits; the KV cache takes 2 × layers × kv_heads × head_dim × 2 bytes per token (4 in float32),
a sliding-window layer for at most its window of tokens, and the context planned for is ``--context``, else the
smoke test's prompt and new tokens (``GenerationOptions.context_tokens``). On top
comes a stated runtime overhead: 0.5 GiB for the CUDA context and cuBLAS workspace, and 5 % of the weights for
activations and allocator slack at batch size 1.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

from . import causes, gpus, knowledge
from .compat import pickle_weights
from .context import Context, MemoryInfo
from .download import needed_files
from .gpu_probe import GpuProbe
from .host import cache_disk
from .hub import ModelUnavailable, model_metadata
from .hub_errors import diagnose
from .knowledge import PAGES
from .models import Suggestion, smaller_models
from .placement import SKELETON, Placement, Unavailable, cached, estimate, import_libraries, predict
from .result import Fix, Outcome, Record, Status, passed, problem, skipped
from .text import Msg, Text, join
from .units import GIB, count, gib, size

DEFAULT_CONTEXT_TOKENS = 2048   # the context cpu_dtype keeps room for
LONGER_CONTEXTS = (4096, 32768)  # what the plan also says a longer context would need
CUDA_CONTEXT_BYTES = int(0.5 * GIB)
ACTIVATION_SHARE = 0.05
NF4_OVERHEAD = 1.03
# accelerate's CPU offload moves the offloaded weights to the GPU for every token, over PCIe (~12 GB/s in
# practice); disk offload reads them back from the disk (~1.5 GB/s on cloud SSDs).
PCIE_BYTES_PER_S = 12e9
DISK_BYTES_PER_S = 1.5e9
EFFECTIVE_BANDWIDTH = 0.6   # the share of peak bandwidth batch-1 decoding reaches (gpus.md)
BYTES_PER_PARAMETER = {"float32": 4.0, "bfloat16": 2.0, "float16": 2.0}
SAFETENSORS_DTYPE_BYTES = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1,
                           "BOOL": 1, "F8_E4M3": 1, "F8_E5M2": 1}


class FitVerdict(str, enum.Enum):
    """Where the model can run, as ``model.fit`` judges it (the report shows the plain value)."""

    FITS_GPU = "fits_gpu"      # on the GPU in 16 bits, or in 4-bit when the user chose 4-bit
    FITS_CPU = "fits_cpu"      # no GPU, and it fits in RAM
    QUANTIZED = "quantized"    # only in 4-bit (``recommended``)
    OFFLOAD = "offload"        # only with part of it in CPU RAM
    NO_FIT = "no_fit"
    NO_DISK = "no_disk"        # the download alone does not fit on the disk

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class FitPlan(Record):
    """``model.fit``'s data: the arithmetic and the verdict, under the keys the report always had.

    The fields after ``verdict`` exist once the plan chose a device: ``gpu`` is the card's name (None on the CPU),
    ``dtype`` what it would load in, ``need_bytes`` the memory each candidate dtype needs. A plan stopped by the
    disk (``no_disk``) has none of them.
    """

    parameters: int
    weights_bytes: Mapping[str, int]
    kv_cache_bytes: Optional[int]
    context_tokens: int
    overhead: Mapping[str, Any]
    host_available_bytes: Optional[int]
    download_bytes: int
    disk_free_bytes: Optional[int]
    verdict: Optional[FitVerdict] = None
    gpu: Optional[str] = None                      # data["gpu"]: the same in every language ("… (simulated)")
    gpu_budget_bytes: Optional[int] = None
    dtype: Optional[str] = None                    # bfloat16, float16, float32 or int4
    need_bytes: Optional[Mapping[str, int]] = None
    smaller_models: Optional[Tuple[str, ...]] = None
    recommended: Optional[str] = None              # "int4" when only 4-bit fits
    offloaded_bytes: Optional[int] = None
    slowdown: Optional[float] = None
    cpu_dtype_reason: Optional[CpuDtypeReason] = None   # a plan on the CPU: why its dtype
    # Where device_map="auto" puts the layers (placement.Placement.to_json: gpu/cpu/disk layers, source, bytes):
    # ``placement`` for the plan in ``dtype`` (the tutorial's load), ``placements`` for each candidate plan.
    placement: Optional[Mapping[str, Any]] = None
    placements: Optional[Mapping[str, Mapping[str, Any]]] = None
    # A longer context, by its token count ("4096", "32768"): the KV cache and what the plan needs in all, in the
    # plan's dtype (None for a plan without a dtype or a config that does not give the cache's shape).
    kv_cache_bytes_at: Optional[Mapping[str, int]] = None
    need_bytes_at: Optional[Mapping[str, int]] = None

    OPTIONAL = ("verdict", "gpu_budget_bytes", "dtype", "need_bytes", "smaller_models", "recommended",
                "offloaded_bytes", "slowdown", "cpu_dtype_reason", "placement", "placements", "kv_cache_bytes_at",
                "need_bytes_at")

    def to_json(self) -> Dict[str, Any]:
        values = super().to_json()
        if self.dtype is None:   # no device chosen (stopped by the disk): no "gpu" key, as before
            values.pop("gpu", None)
        return values


def checkpoint_bytes(parameters_by_dtype: Dict[str, int]) -> int:
    """Bytes of the stored weights, from the safetensors parameter counts by dtype."""
    return sum(count * SAFETENSORS_DTYPE_BYTES.get(dtype, 2) for dtype, count in parameters_by_dtype.items())


@dataclass(frozen=True)
class ModelShape:
    parameters: int
    embedding_parameters: Optional[int] = None   # input (+ untied output) embeddings: never quantised
    layers: Optional[int] = None
    kv_heads: Optional[int] = None
    head_dim: Optional[int] = None
    model_type: Optional[str] = None
    checkpoint_bytes: Optional[int] = None       # the weights as stored (safetensors dtypes)
    sliding_window: Optional[int] = None         # tokens a sliding-window layer keeps in its KV cache
    sliding_layers: int = 0                      # how many layers attend through that window


def shape_from(parameters: int, config: Optional[Dict[str, Any]], model_type: Optional[str] = None) -> ModelShape:
    """Parameters from the Hub, the rest from config.json (text configs nest under ``text_config``)."""
    if not config:
        return ModelShape(parameters, model_type=model_type)
    text = config.get("text_config") or config
    hidden, vocab = text.get("hidden_size"), text.get("vocab_size")
    heads = text.get("num_attention_heads")
    embeddings = None
    if hidden and vocab:
        tied = config.get("tie_word_embeddings", text.get("tie_word_embeddings", True))
        embeddings = int(vocab) * int(hidden) * (1 if tied else 2)
    head_dim = text.get("head_dim") or (int(hidden) // int(heads) if hidden and heads else None)
    layers = text.get("num_hidden_layers")
    window, sliding = sliding_layout(text, layers, config.get("model_type", model_type))
    return ModelShape(
        parameters=parameters,
        embedding_parameters=embeddings,
        layers=layers,
        kv_heads=text.get("num_key_value_heads") or heads,
        head_dim=head_dim,
        model_type=config.get("model_type", model_type),
        sliding_window=window,
        sliding_layers=sliding,
    )


# Configs that name no layer_types but alternate sliding and full layers, as their transformers config classes
# compute it: layer i slides unless (i + 1) is a multiple of the pattern.
SLIDING_PATTERNS = {"gemma2": 2, "gemma3": 6, "gemma3_text": 6}


def sliding_layout(text: Mapping[str, Any], layers: Optional[int],
                   model_type: Optional[str] = None) -> Tuple[Optional[int], int]:
    """(the sliding window, how many layers use it) as transformers' cache reads config.json
    (cache_utils.get_layer_types_and_kwargs): ``layer_types`` where the config lists them ("sliding_attention"),
    else the model's own rule (Gemma 2 and 3 alternate; Qwen2's ``use_sliding_window`` from ``max_window_layers``
    on), else every layer slides when ``sliding_window`` is set (Mistral 7B v0.1, Phi-3)."""
    window = text.get("sliding_window")
    if not window or not layers or text.get("use_sliding_window") is False:
        return None, 0
    types = text.get("layer_types")
    if isinstance(types, list) and types:
        return int(window), sum(1 for kind in types[:int(layers)] if kind == "sliding_attention")
    pattern = text.get("sliding_window_pattern") or SLIDING_PATTERNS.get(str(text.get("model_type") or model_type))
    if pattern:
        return int(window), sum(1 for i in range(int(layers)) if (i + 1) % int(pattern))
    if text.get("use_sliding_window") and text.get("max_window_layers") is not None:
        return int(window), max(int(layers) - int(text["max_window_layers"]), 0)
    return int(window), int(layers)


def weight_bytes(shape: ModelShape, dtype: str) -> int:
    """Bytes the weights take in ``dtype``: float32, bfloat16, float16, int8 or int4."""
    if dtype in BYTES_PER_PARAMETER:
        return int(shape.parameters * BYTES_PER_PARAMETER[dtype])
    # Without config.json, assume a tenth of the parameters are embeddings (typical of 1B-8B decoders).
    embeddings = shape.embedding_parameters if shape.embedding_parameters is not None else shape.parameters // 10
    linear = max(shape.parameters - embeddings, 0)
    per_linear = 1.0 if dtype == "int8" else 0.5 * NF4_OVERHEAD
    return int(linear * per_linear + embeddings * 2)


def kv_cache_bytes(shape: ModelShape, tokens: int, dtype: str = "bfloat16") -> Optional[int]:
    """Keys and values of every layer for ``tokens`` tokens: kv_heads × head_dim each (grouped-query attention
    has fewer kv heads than heads), in the model's compute dtype (16 bits for 4-bit and 8-bit weights too); a
    sliding-window layer holds at most its window. None when config.json did not give the shape."""
    if not (shape.layers and shape.kv_heads and shape.head_dim):
        return None
    sliding = min(shape.sliding_layers, shape.layers) if shape.sliding_window else 0
    cached = (shape.layers - sliding) * tokens + sliding * min(tokens, shape.sliding_window or 0)
    return 2 * shape.kv_heads * shape.head_dim * (4 if dtype == "float32" else 2) * cached


def gpu_need(shape: ModelShape, dtype: str, tokens: int) -> int:
    """Weights + KV cache + the stated overhead: what the GPU must hold to generate."""
    weights = weight_bytes(shape, dtype)
    return (weights + (kv_cache_bytes(shape, tokens, dtype) or 0) + CUDA_CONTEXT_BYTES
            + int(weights * ACTIVATION_SHARE))


def cpu_load_peak(shape: ModelShape, dtype: str) -> int:
    """Peak resident memory of ``from_pretrained`` on the CPU.

    safetensors files are memory-mapped: loaded in their own dtype, the tensors *are* the file's pages, so the
    weights count once. Converted to another dtype, every page of the file is read while the converted copy is
    built, and both are resident at the peak (file pages count in RSS until the kernel reclaims them).
    scripts/bench_fit.py measures this against real loads.
    """
    weights = weight_bytes(shape, dtype)
    stored = shape.checkpoint_bytes
    if stored is None or stored == weights:
        return weights
    return weights + stored


def cpu_need(shape: ModelShape, dtype: str, tokens: int) -> int:
    """On the CPU there is no CUDA context: the load peak, or the weights with the KV cache and activations."""
    weights = weight_bytes(shape, dtype)
    running = weights + (kv_cache_bytes(shape, tokens, dtype) or 0) + int(weights * ACTIVATION_SHARE)
    return max(running, cpu_load_peak(shape, dtype))


# The CPU features torch's bfloat16 kernels run natively on (what torch.cpu._is_avx512_bf16_supported() and
# _is_amx_tile_supported() read on x86; "bf16" is the aarch64 name), as /proc/cpuinfo lists them: read without
# importing torch, and tests/test_model_checks.py holds the two readings equal on the machine that runs them.
CPU_BF16_FEATURES = frozenset({"avx512_bf16", "amx_bf16", "bf16"})


class CpuDtypeReason(str, enum.Enum):
    """Why the CPU plan loads in its dtype (``cpu_dtype_reason`` in the data)."""

    NATIVE_BF16 = "native_bf16"        # the CPU computes bfloat16 natively: half the bytes per token, faster
    NO_NATIVE_BF16 = "no_native_bf16"  # bfloat16 would be emulated: float32 is faster
    RAM_TIGHT = "ram_tight"            # float32 would crowd the RAM: bfloat16 although emulated

    def __str__(self) -> str:
        return self.value


def cpu_native_bf16(ctx: Context) -> Optional[bool]:
    """Whether this machine's CPU has native bfloat16 kernels; None where the CPU's features cannot be read."""
    text = ctx.read_text("/proc/cpuinfo")
    if text is None:
        return None
    features = set()
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("flags", "Features"):
            features.update(value.split())
    return bool(features & CPU_BF16_FEATURES)


def cpu_dtype(shape: ModelShape, host_free: Optional[int], native_bf16: Optional[bool] = None
              ) -> Tuple[str, CpuDtypeReason]:
    """bfloat16 on a CPU with native bfloat16 kernels (half the bytes to read per token: faster, as
    scripts/bench_generate.py measures); elsewhere float32 where it fits with room to spare (emulated bfloat16 is
    slower), bfloat16 where float32 would crowd the RAM. model.generate loads with the same choice."""
    if native_bf16:
        return "bfloat16", CpuDtypeReason.NATIVE_BF16
    if host_free is not None and cpu_need(shape, "float32", DEFAULT_CONTEXT_TOKENS) * 2 <= host_free:
        return "float32", CpuDtypeReason.NO_NATIVE_BF16
    return "bfloat16", CpuDtypeReason.RAM_TIGHT


def offload_slowdown(gpu_bytes: int, offloaded: int, bandwidth_gbs: float, to_disk: bool) -> float:
    """How many times slower a token gets when ``offloaded`` bytes cross PCIe (or come from disk) each step."""
    on_gpu = gpu_bytes / (EFFECTIVE_BANDWIDTH * bandwidth_gbs * 1e9)
    moved = offloaded / (DISK_BYTES_PER_S if to_disk else PCIE_BYTES_PER_S)
    return (on_gpu + moved) / on_gpu if on_gpu else float("inf")


def planned_context(ctx: Context) -> int:
    """The tokens the KV cache is planned for: ``--context``, else the smoke test's prompt and new tokens."""
    from .generation import GenerationOptions   # generation imports this module

    options = getattr(ctx, "generation", None) or GenerationOptions()
    return int(options.context_tokens())


def model_fit(ctx: Context, tokens: Optional[int] = None) -> Outcome:
    """Fits on the GPU in which dtype, only with offload, only quantised, or not at all: before any download."""
    try:
        info, token = model_metadata(ctx)
    except ModelUnavailable as unavailable:
        return _unanswered(unavailable)
    hub = ctx.hub()
    try:
        config: Optional[Dict[str, Any]] = hub.config(info["id"], token)
    except Exception:  # noqa: BLE001 - a gated config.json without access: plan from the parameter count alone
        config = None
    try:
        parameters = (info.get("parameters") or pickle_parameters(info.get("files") or {}, config)
                      or hub.safetensors_parameters(info["id"], token))
    except Exception as exc:  # noqa: BLE001
        return skipped(Msg("model.fit.skip.parameters", model=info["id"], reason=diagnose(exc).reason))
    total = sum(parameters.values())
    shape = replace(shape_from(total, config, info.get("model_type")), checkpoint_bytes=checkpoint_bytes(parameters))
    files = info.get("files") or {}
    download = sum(files.get(name, 0) for name in needed_files(files) if not hub.cached(info["id"], name))
    return judge(ctx, shape, download, tokens or planned_context(ctx), config)


def _unanswered(unavailable: ModelUnavailable) -> Outcome:
    """The metadata could not be read. Where the Hub did not answer (an outage, a 429, a timeout, something
    unknown) nothing else names it: hub.access may well have passed, so a skipped row here would let the run
    say "Ready" with nothing planned, downloaded or generated. That is this row's failure, with the Hub's
    reason and a retry. Where the repo or the token is the problem, the row that names it fails; this one is
    skipped, pointing there (model_metadata's outcome)."""
    reason = unavailable.__cause__
    if reason is None:
        return unavailable.outcome
    diagnosis = diagnose(reason)
    if diagnosis.cause not in (causes.NETWORK_OFFLINE, causes.RATE_LIMITED, causes.UNKNOWN):
        return unavailable.outcome
    fix = (Fix(Msg("model.fit.unanswered.fix"), url=PAGES["hub_status"]) if diagnosis.cause == causes.NETWORK_OFFLINE
           else knowledge.fix_for(diagnosis.cause))
    return problem(Status.FAIL, unavailable.outcome.summary, diagnosis.cause, fix,
                   data={"reason": diagnosis.english, "http_status": diagnosis.status})


_SAFETENSORS_CODES = {"float32": "F32", "bfloat16": "BF16", "float16": "F16"}


def pickle_parameters(files: Mapping[str, int], config: Optional[Dict[str, Any]]) -> Optional[Dict[str, int]]:
    """Parameters of a repo whose weights are only pickle files (no safetensors header to count): their bytes
    over the size of the dtype config.json names (float32 when it names none, as torch.save wrote them before
    16-bit checkpoints were usual). None when the repo has safetensors weights or no pickle ones."""
    pickled = pickle_weights(files)
    if not pickled:
        return None
    named = str((config or {}).get("dtype") or (config or {}).get("torch_dtype") or "float32")
    dtype = _SAFETENSORS_CODES.get(named, "F32")
    return {dtype: sum(files[name] for name in pickled) // SAFETENSORS_DTYPE_BYTES[dtype]}


def judge(ctx: Context, shape: ModelShape, download: int, tokens: int = DEFAULT_CONTEXT_TOKENS,
          config: Optional[Mapping[str, Any]] = None) -> Outcome:
    """The verdict for a model of this shape on this machine (or the simulated GPU); ``download`` is what is
    still to be downloaded of the files transformers needs; ``config`` (config.json) lets transformers place
    the model's skeleton, else the placement is estimated."""
    probe = ctx.gpu_probe()
    host_free = _host_free(ctx.memory())
    disk = cache_disk(ctx)   # None where the cache can be no folder (disk.space says so)
    plan = FitPlan(
        parameters=shape.parameters,
        weights_bytes={d: weight_bytes(shape, d) for d in ("float32", "bfloat16", "int8", "int4")},
        kv_cache_bytes=kv_cache_bytes(shape, tokens),
        context_tokens=tokens,
        overhead={"cuda_context_bytes": CUDA_CONTEXT_BYTES, "activation_share": ACTIVATION_SHARE},
        host_available_bytes=host_free,
        download_bytes=download,
        disk_free_bytes=disk.free if disk else None,
    )
    details = _arithmetic(plan, shape) + _beyond_trained_context(config, tokens)
    # The disk comes first: a model that cannot be downloaded will not run anywhere, whatever the memory says.
    if disk is not None and download > disk.free:
        return problem(Status.FAIL, Msg("model.fit.no_disk.summary", download=gib(download), free=gib(disk.free)),
                       causes.DISK_FULL, Fix(Msg("model.fit.no_disk.fix")),
                       data=replace(plan, verdict=FitVerdict.NO_DISK), details=details)
    params = count(shape.parameters)
    if not probe.gpus:
        return _longer_contexts(_judge_cpu(shape, tokens, host_free, cpu_native_bf16(ctx), params, plan, details),
                                shape, cpu_need)
    return _longer_contexts(_judge_gpu(ctx, probe, shape, tokens, host_free, _Draft(params, plan, details), config),
                            shape, gpu_need)


def _beyond_trained_context(config: Optional[Mapping[str, Any]], tokens: int) -> Tuple[Text, ...]:
    """A detail when the context planned for is longer than the model's positions (``max_position_embeddings``):
    the memory can be planned, but generation past it is not what the model was trained for."""
    text = (config or {}).get("text_config") or config or {}
    limit = text.get("max_position_embeddings") if isinstance(text, Mapping) else None
    if not isinstance(limit, int) or tokens <= limit:
        return ()
    return (Msg("model.fit.detail.context_beyond_positions", tokens=tokens, limit=limit),)


def _longer_contexts(outcome: Outcome, shape: ModelShape, need: Callable[[ModelShape, str, int], int]) -> Outcome:
    """The verdict with what a 4k and a 32k context would take: the KV cache, and the need in the plan's dtype
    (on its device: ``need`` is gpu_need or cpu_need), in the data and as one detail line."""
    plan = outcome.data
    if not isinstance(plan, FitPlan) or plan.dtype is None or kv_cache_bytes(shape, 1) is None:
        return outcome
    kv = {str(tokens): kv_cache_bytes(shape, tokens, plan.dtype) or 0 for tokens in LONGER_CONTEXTS}
    total = {str(tokens): need(shape, plan.dtype, tokens) for tokens in LONGER_CONTEXTS}
    (short, long) = (str(tokens) for tokens in LONGER_CONTEXTS)
    line = Msg("model.fit.detail.longer_context", tokens=_context_said(LONGER_CONTEXTS[0]), kv=gib(kv[short], 2),
               need=gib(total[short]), dtype=plan.dtype, long_tokens=_context_said(LONGER_CONTEXTS[1]),
               long_kv=gib(kv[long], 2), long_need=gib(total[long]))
    return replace(outcome, data=replace(plan, kv_cache_bytes_at=kv, need_bytes_at=total),
                   details=outcome.details + (line,))


def _context_said(tokens: int) -> str:
    """A context length as people say it: 4k, 32k (a power-of-two multiple of 1,024), else the number."""
    return f"{tokens // 1024}k" if tokens % 1024 == 0 else f"{tokens:,}"


def _host_free(memory: Optional[MemoryInfo]) -> Optional[int]:
    """The RAM a load can use: what the OS reports as available, else the total where it reports no such
    figure; None when the memory could not be read at all."""
    if memory is None:
        return None
    return memory.available if memory.available is not None else memory.total


def _kv_line(shape: ModelShape, tokens: int, kv: Optional[int]) -> Msg:
    """The KV cache for the planned context, saying which layers keep only their sliding window."""
    if kv is None:
        return Msg("model.fit.detail.kv_cache_unknown", tokens=tokens)
    if shape.sliding_window and shape.sliding_layers:
        return Msg("model.fit.detail.kv_cache_sliding", tokens=tokens, size=gib(kv, 2), sliding=shape.sliding_layers,
                   layers=shape.layers, window=shape.sliding_window)
    return Msg("model.fit.detail.kv_cache", tokens=tokens, size=gib(kv, 2))


def _arithmetic(plan: FitPlan, shape: ModelShape) -> Tuple[Text, ...]:
    """The details every verdict shows, so that a reader can redo the sum: the weights in each dtype, the KV
    cache for the context (or that the config did not give its size), and the stated overhead."""
    weights, kv, tokens = plan.weights_bytes, plan.kv_cache_bytes, plan.context_tokens
    return (
        Msg("model.fit.detail.weights", fp32=gib(weights["float32"]), bits16=gib(weights["bfloat16"]),
            bits8=gib(weights["int8"]), bits4=gib(weights["int4"])),
        _kv_line(shape, tokens, kv),
        Msg("model.fit.detail.overhead", cuda=gib(CUDA_CONTEXT_BYTES), share=f"{ACTIVATION_SHARE:.0%}"))


@dataclass(frozen=True)
class _Draft:
    """What every GPU verdict carries along: the parameter count as said, the plan so far, and the details."""

    params: str
    plan: FitPlan
    details: Tuple[Text, ...]

    def with_plan(self, **changes: Any) -> "_Draft":
        return replace(self, plan=replace(self.plan, **changes))


@dataclass(frozen=True)
class _Gpu:
    """The GPU side of the sum: the first card (names, and the dtype it computes 16 bits in), the memory of all
    cards together, and what the model needs there in that dtype and in 4-bit."""

    name: str          # data["gpu"]: the same in every language ("… (simulated)")
    shown: Text        # the name as a summary says it
    card: str          # the name the driver reports, for the bandwidth table
    budget: int
    dtype: str
    need16: int
    need4: int


def _free_memory(probe: GpuProbe) -> List[int]:
    return [g.usable_memory for g in probe.gpus]


def _gpu_dtype(probe: GpuProbe) -> str:
    """bfloat16 only where the first card computes it natively: emulated bfloat16 is slow, float16 is not."""
    capability = probe.gpus[0].compute_capability
    return "bfloat16" if capability is not None and gpus.native_bf16(capability) else "float16"


def _gpu_side(probe: GpuProbe, shape: ModelShape, tokens: int) -> _Gpu:
    card = probe.gpus[0]
    budget = sum(_free_memory(probe))
    dtype = _gpu_dtype(probe)
    return _Gpu(name=card.name + (" (simulated)" if probe.simulated else ""),
                shown=Msg("model.fit.gpu_simulated", name=card.name) if probe.simulated else card.name,
                card=card.name, budget=budget, dtype=dtype,
                need16=gpu_need(shape, dtype, tokens), need4=gpu_need(shape, "int4", tokens))


def warm_up(ctx: Context) -> None:
    """model.fit's head start (engine.Check.warm_up), while it waits for the Hub: where a GPU (real or planned
    with --gpu) will have it place a skeleton, the libraries are imported now, unless this config's placement for
    this machine is already kept from an earlier run (its config.json in the Hub cache, the prediction in ours)."""
    probe = ctx.gpu_probe()
    if not probe.gpus:
        return
    host_free = _host_free(ctx.memory())   # before the imports below take their share of the RAM
    model = getattr(ctx, "model", None)
    try:
        config = ctx.hub().cached_config(model) if model else None
    except Exception:  # noqa: BLE001 - no cache to read: the head start is taken
        config = None
    if config and cached(config, _gpu_dtype(probe), _free_memory(probe), host_free) is not None:
        return
    import_libraries()


def placement_of(config: Optional[Mapping[str, Any]], shape: ModelShape, dtype: str, probe: GpuProbe,
                 host_free: Optional[int]) -> Placement:
    """Where ``from_pretrained(..., dtype=dtype, device_map="auto")`` puts the layers: from the skeleton where
    transformers can build it, else estimated from the sizes (the data says which, and why)."""
    reason = "missing_config"
    if config:
        try:
            return predict(config, dtype, _free_memory(probe), host_free)
        except Unavailable as unavailable:
            reason = unavailable.reason
    return _estimated(shape, dtype, probe, host_free, reason)


def _estimated(shape: ModelShape, dtype: str, probe: GpuProbe, host_free: Optional[int], reason: str) -> Placement:
    """placement.estimate for this shape in ``dtype`` (int4 keeps its embeddings in 16 bits, like weight_bytes)."""
    embeddings = shape.embedding_parameters or shape.parameters // 10
    fixed = int(embeddings * BYTES_PER_PARAMETER.get(dtype, 2.0))
    return estimate(shape.layers, weight_bytes(shape, dtype), fixed, _free_memory(probe), host_free, reason)


def _judge_gpu(ctx: Context, probe: GpuProbe, shape: ModelShape, tokens: int, host_free: Optional[int],
               draft: _Draft, config: Optional[Mapping[str, Any]] = None) -> Outcome:
    """What loading as the tutorial does (16 bits, device_map="auto") would do, as transformers places it: all
    on the GPU; some layers in CPU RAM (runs, slowly); some on disk (from_pretrained refuses without an
    offload_folder). A 4-bit plan that fits the GPU is the fix, or a pass where the user chose 4-bit."""
    gpu = _gpu_side(probe, shape, tokens)
    where = placement_of(config, shape, gpu.dtype, probe, host_free)
    where4 = _estimated(shape, "int4", probe, host_free, "quantized")
    draft = draft.with_plan(gpu=gpu.name, gpu_budget_bytes=gpu.budget, dtype=gpu.dtype,
                            need_bytes={gpu.dtype: gpu.need16, "int8": gpu_need(shape, "int8", tokens),
                                        "int4": gpu.need4},
                            placement=where.to_json(), placements={gpu.dtype: where.to_json(), "int4": where4.to_json()})
    draft = replace(draft, details=draft.details + (_placement_detail(where, gpu.dtype),))
    chosen = getattr(ctx, "generation", None)
    if chosen is not None and chosen.load_in_4bit and gpu.need4 <= gpu.budget:
        return passed(Msg("model.fit.fits_4bit", params=draft.params, gpu=gpu.shown, need=size(gpu.need4),
                          budget=gib(gpu.budget, 2)),
                      replace(draft.plan, verdict=FitVerdict.FITS_GPU, dtype="int4", placement=where4.to_json()),
                      details=draft.details)
    if not where.offloaded:
        return passed(Msg("model.fit.fits_gpu", params=draft.params, gpu=gpu.shown, dtype=gpu.dtype,
                          need=size(gpu.need16), budget=gib(gpu.budget, 2)),
                      replace(draft.plan, verdict=FitVerdict.FITS_GPU), details=draft.details)
    # Too big in 16 bits: from here on every verdict names the smaller models that would fit in 16 bits.
    suggestions = smaller_models(gpu.budget - CUDA_CONTEXT_BYTES, 2.0, shape.model_type)
    draft = draft.with_plan(smaller_models=tuple(s.repo_id for s in suggestions))
    smaller = _smaller(suggestions)
    fits4 = gpu.need4 <= gpu.budget
    if not where.layers.get("disk") and not where.weight_bytes.get("disk"):
        return _offload(ctx, gpu, draft, smaller, where, fits4)
    if fits4:
        return _in_4bit(ctx, gpu, draft, smaller)
    return problem(
        Status.FAIL,
        Msg("model.fit.no_fit.summary", params=draft.params, need16=gib(gpu.need16), need4=gib(gpu.need4),
            budget=gib(gpu.budget, 2), gpu=gpu.shown),
        causes.CUDA_OOM,
        Fix(Msg("model.fit.no_fit.fix_smaller", smaller=smaller) if smaller else Msg("model.fit.no_fit.fix")),
        data=replace(draft.plan, verdict=FitVerdict.NO_FIT), details=draft.details)


def _placement_detail(where: Placement, dtype: str) -> Msg:
    key = "model.fit.detail.placement" if where.source == SKELETON else "model.fit.detail.placement_estimated"
    return Msg(key, dtype=dtype, gpu=where.layers.get("gpu", 0), cpu=where.layers.get("cpu", 0),
               disk=where.layers.get("disk", 0))


def _four_bit(ctx: Context, dtype: str) -> Tuple[str, Tuple[str, ...]]:
    """The 4-bit fix's code, and ``pip install bitsandbytes`` where it is missing (Colab has none)."""
    # 4-bit NF4 rather than 8-bit: smaller, and faster to generate with (LLM.int8's outlier handling is slow).
    code = ("quantization_config=BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type=\"nf4\", "
            f"bnb_4bit_compute_dtype=torch.{dtype})")
    return code, () if ctx.package("bitsandbytes") else ("pip install bitsandbytes",)


def _in_4bit(ctx: Context, gpu: _Gpu, draft: _Draft, smaller: Optional[Text]) -> Outcome:
    """Loaded as the tutorial does, part of it would go to disk (from_pretrained refuses that without an
    offload_folder); in 4-bit it fits on the GPU: a failure whose fix is 4-bit."""
    code, commands = _four_bit(ctx, gpu.dtype)
    return problem(
        Status.FAIL,
        Msg("model.fit.quantized.summary", params=draft.params, gpu=gpu.shown, need=gib(gpu.need16),
            budget=gib(gpu.budget, 2), need4=gib(gpu.need4)),
        causes.CUDA_OOM,
        Fix(Msg("model.fit.quantized.fix_smaller", code=code, dtype=gpu.dtype, smaller=smaller) if smaller
            else Msg("model.fit.quantized.fix", code=code),
            commands=commands, url=PAGES["quantization"]),
        data=replace(draft.plan, verdict=FitVerdict.QUANTIZED, recommended="int4"), details=draft.details)


def _offload(ctx: Context, gpu: _Gpu, draft: _Draft, smaller: Optional[Text], where: Placement,
             fits4: bool) -> Outcome:
    """Loaded as the tutorial does, it loads, with some layers in CPU RAM: every token waits for them to cross
    PCIe. The fix is 4-bit where that fits the GPU, else a smaller model or a bigger GPU."""
    offloaded = where.weight_bytes.get("cpu", 0) or max(gpu.need16 - gpu.budget, 0)
    spec = gpus.lookup(gpu.card)
    # A card the table does not know is taken at 300 GB/s, a modest card's bandwidth: a faster one would only
    # make the slowdown larger.
    on_gpu = where.weight_bytes.get("gpu", 0) or gpu.budget
    slowdown = offload_slowdown(on_gpu, offloaded, spec.bandwidth_gbs if spec else 300.0, to_disk=False)
    layers = where.layers
    if fits4:
        code, commands = _four_bit(ctx, gpu.dtype)
        fix = Fix(Msg("model.fit.offload.fix_4bit_smaller", code=code, need4=gib(gpu.need4), smaller=smaller)
                  if smaller else Msg("model.fit.offload.fix_4bit", code=code, need4=gib(gpu.need4)),
                  commands=commands, url=PAGES["quantization"])
    else:
        fix = Fix(Msg("model.fit.offload.fix_smaller", smaller=smaller) if smaller else Msg("model.fit.offload.fix"),
                  url=PAGES["big_modeling"])
    # Without config.json there is no layer count to say: the weights' share in RAM is said instead.
    summary = (Msg("model.fit.offload.summary", params=draft.params, dtype=gpu.dtype, gpu=gpu.shown,
                   gpu_layers=layers.get("gpu", 0), layers=where.total_layers, cpu_layers=layers.get("cpu", 0),
                   offloaded=gib(offloaded), slowdown=f"{slowdown:.0f}") if where.total_layers
               else Msg("model.fit.offload.summary_bytes", params=draft.params, dtype=gpu.dtype, gpu=gpu.shown,
                        offloaded=gib(offloaded), slowdown=f"{slowdown:.0f}"))
    return problem(
        Status.WARN, summary, causes.MODEL_OFFLOADED_SLOW, fix,
        data=replace(draft.plan, verdict=FitVerdict.OFFLOAD, offloaded_bytes=offloaded, slowdown=round(slowdown, 1),
                     recommended="int4" if fits4 else None),
        details=draft.details)


def _smaller(suggestions: Sequence[Suggestion], mark_gated: bool = True) -> Optional[Text]:
    """The suggested models as one phrase ("Qwen/Qwen2.5-3B-Instruct (3.1 B), …"), None when there are none.
    Repo ids and sizes are names, the same in every language; only "gated" is a word."""
    if not suggestions:
        return None
    return join(", ", (Msg("model.fit.smaller_gated", repo=s.repo_id, billions=f"{s.parameters / 1e9:.1f}")
                       if s.gated and mark_gated else f"{s.repo_id} ({s.parameters / 1e9:.1f} B)"
                       for s in suggestions))


def _judge_cpu(shape: ModelShape, tokens: int, host_free: Optional[int], native_bf16: Optional[bool], params: str,
               plan: FitPlan, details: Tuple[Text, ...]) -> Outcome:
    dtype, reason = cpu_dtype(shape, host_free, native_bf16)
    need = cpu_need(shape, dtype, tokens)
    plan = replace(plan, gpu=None, dtype=dtype, cpu_dtype_reason=reason, need_bytes={"bfloat16": cpu_need(shape, "bfloat16", tokens),
                                                            "float32": cpu_need(shape, "float32", tokens)})
    if host_free is None:
        # No data, as the report always had for this skip: nothing to plan with.
        return skipped(Msg("model.fit.cpu.unknown"))
    if need <= host_free:
        return passed(Msg("model.fit.cpu.fits", params=params, dtype=dtype, need=size(need), free=size(host_free)),
                      replace(plan, verdict=FitVerdict.FITS_CPU), details=details)
    need = cpu_need(shape, "bfloat16", tokens)
    suggestions = smaller_models(host_free, 2.0, shape.model_type)
    plan = replace(plan, verdict=FitVerdict.NO_FIT, smaller_models=tuple(s.repo_id for s in suggestions))
    # On the CPU the suggestions were never marked gated (the sentence asks for a GPU first).
    smaller = _smaller(suggestions, mark_gated=False)
    return problem(
        Status.FAIL, Msg("model.fit.cpu.no_fit", params=params, need=gib(need), free=gib(host_free)),
        causes.CPU_RAM_OOM,
        Fix(Msg("model.fit.cpu.fix_smaller", smaller=smaller) if smaller else Msg("model.fit.cpu.fix")),
        data=plan, details=details)


__all__ = ["CpuDtypeReason", "FitPlan", "FitVerdict", "ModelShape", "checkpoint_bytes", "cpu_dtype",
           "cpu_load_peak", "cpu_native_bf16", "gpu_need", "judge", "kv_cache_bytes", "model_fit", "planned_context",
           "shape_from", "sliding_layout", "weight_bytes"]
