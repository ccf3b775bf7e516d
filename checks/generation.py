"""model.generate: load the model and generate in a child process, then judge the speed against this GPU."""
from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, replace
from typing import Any, Dict, List, Optional, Tuple

from . import causes, gpus
from .context import Context
from .download import needed_files
from .fit import EFFECTIVE_BANDWIDTH, checkpoint_bytes, cpu_dtype, shape_from
from .hub import ModelUnavailable, model_metadata
from .hub_errors import diagnose
from .result import Fix, Outcome, Status, passed, problem, skipped
from .units import size

# The seed tutorial's prompt: its system prompt and its Korean instruction.
SYSTEM_PROMPT = ("You are a helpful AI assistant. Please answer the user's questions kindly. "
                 "당신은 유능한 AI 어시스턴트 입니다. 사용자의 질문에 대해 친절하게 답변해주세요.")
INSTRUCTION = "대한민국의 관광지 5곳만 추천해달라."
DEFAULT_TIMEOUT_S = 900.0
# gpus.md: plain generate() costs about 0.9 ms per decoder layer per token on a fast host, 3.7 ms on a Colab T4 host.
LAYER_OVERHEAD_S = 0.9e-3
T4_LAYER_OVERHEAD_S = 3.7e-3
HEALTHY_SHARE = 1 / 3   # under a third of the expectation means something is wrong (gpus.md)


@dataclass(frozen=True)
class GenerationOptions:
    prompt: Optional[str] = None          # None: the seed's instruction
    sample: bool = False                  # greedy by default, so runs compare
    max_new_tokens: int = 64
    load_in_4bit: bool = False
    stream: bool = False                  # stream the text to stderr as it comes


@dataclass(frozen=True)
class Expectation:
    tokens_per_s: float
    bandwidth_bound: float
    overhead_bound: float
    bandwidth_gbs: float
    source: str                           # the GPU's data sheet, or "measured host bandwidth"


def expect(result: Dict[str, Any]) -> Optional[Expectation]:
    """seconds per token ≈ max(bytes per token / (0.6 × bandwidth), layers × per-layer overhead) (gpus.md)."""
    layers = result.get("layers") or 0
    if result.get("device") == "cuda":
        spec = gpus.lookup(result.get("gpu_name") or "")
        if spec is None:
            return None
        bandwidth, source = float(spec.bandwidth_gbs), f"{spec.key} data sheet"
        overhead = T4_LAYER_OVERHEAD_S if spec.key == "T4" else LAYER_OVERHEAD_S
    else:
        if not result.get("host_bandwidth_gbs"):
            return None
        bandwidth, source = float(result["host_bandwidth_gbs"]), "measured host bandwidth"
        overhead = LAYER_OVERHEAD_S
    bandwidth_s = result["bytes_per_token"] / (EFFECTIVE_BANDWIDTH * bandwidth * 1e9)
    overhead_s = layers * overhead
    seconds = max(bandwidth_s, overhead_s)
    return Expectation(1 / seconds if seconds else float("inf"), 1 / bandwidth_s if bandwidth_s else float("inf"),
                       1 / overhead_s if overhead_s else float("inf"), bandwidth, source)


def run_child(spec: Dict[str, Any], timeout_s: float, stream: bool) -> Tuple[Optional[Dict[str, Any]], str]:
    """Run checks.generate_child; (result, error text). A timeout kills it; Ctrl-C reaches it like us."""
    process = subprocess.Popen([sys.executable, "-m", "checks.generate_child"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=None if stream else subprocess.PIPE, text=True)
    try:
        out, err = process.communicate(json.dumps(spec), timeout=timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return None, f"timeout after {timeout_s:g} s"
    except BaseException:
        process.kill()
        raise
    if process.returncode != 0:
        tail = (err or "").strip().splitlines()[-1:] or [f"exit code {process.returncode}"]
        if process.returncode < 0:
            tail = [f"killed by signal {-process.returncode} (often: out of memory)"]
        return None, tail[0]
    try:
        return json.loads(out.strip().splitlines()[-1]), ""
    except (ValueError, IndexError):
        return None, "the child process returned no result"


def model_generate(ctx: Context, timeout_s: float = DEFAULT_TIMEOUT_S) -> Outcome:
    """Loads the model as model.fit recommends and generates, timed honestly, in a child process."""
    options: GenerationOptions = getattr(ctx, "generation", None) or GenerationOptions()
    try:
        info, _ = model_metadata(ctx)
        folder = ctx.hub().local_snapshot(info["id"], needed_files(info.get("files") or {}))  # model.download got it
    except ModelUnavailable as unavailable:
        return unavailable.outcome
    except Exception as exc:  # noqa: BLE001
        return skipped(f"The model's files are not in the cache: {diagnose(exc).reason}")
    memory = ctx.memory()
    parameters = info.get("parameters") or {}
    shape = replace(shape_from(sum(parameters.values()), None), checkpoint_bytes=checkpoint_bytes(parameters))
    host_free = memory.available if memory else None
    spec = {
        "folder": folder,
        "system": SYSTEM_PROMPT,
        "prompt": options.prompt or INSTRUCTION,
        "max_new_tokens": options.max_new_tokens,
        "sample": options.sample,
        "load_in_4bit": options.load_in_4bit and ctx.package("bitsandbytes") is not None,
        "stream": options.stream,
        "cpu_bfloat16": cpu_dtype(shape, host_free) == "bfloat16",   # the dtype model.fit planned with
    }
    result, error = run_child(spec, timeout_s, options.stream)
    if result is None:
        timed_out = error.startswith("timeout")
        return problem(
            Status.FAIL, f"The generation did not complete: {error}",
            causes.CUDA_OOM if "out of memory" in error.lower() else causes.UNKNOWN,
            Fix("The child process was stopped; hf-preflight is fine. "
                + ("A load or generation this slow usually means the model is offloaded to CPU or disk: "
                   "see Will it fit." if timed_out else "See Will it fit for the memory this model needs.")),
            data={"error": error, "timeout_s": timeout_s})
    return judge_generation(result, options)


def judge_generation(result: Dict[str, Any], options: GenerationOptions) -> Outcome:
    """The numbers, the expectation, and a verdict: healthy, or slow with the likely reason."""
    data = dict(result)
    expectation = expect(result)
    speed = result.get("decode_tokens_per_s")
    if expectation is not None:
        data["expected"] = {"tokens_per_s": round(expectation.tokens_per_s, 2),
                            "bandwidth_bound_tokens_per_s": round(expectation.bandwidth_bound, 2),
                            "overhead_bound_tokens_per_s": round(expectation.overhead_bound, 2),
                            "bandwidth_gbs": round(expectation.bandwidth_gbs, 1), "source": expectation.source}
    share = speed / expectation.tokens_per_s if speed and expectation else None
    data["share_of_expected"] = round(share, 3) if share is not None else None
    healthy = share is None or share >= HEALTHY_SHARE
    data["verdict"] = "healthy" if healthy else "slow"

    where = result["placement"]
    device = result.get("gpu_name") or "CPU"
    ttft = result["time_to_first_token_s"] or 0.0
    numbers = (f"{result['new_tokens']} tokens on the {device} ({result['dtype']}"
               + (f", {result['quantization']}" if result.get("quantization") else "") + "): "
               f"load {result['load_s']:.1f} s, first token "
               + (f"{ttft:.2f} s, " if ttft >= 1 else f"{ttft * 1000:.0f} ms, ")
               + (f"{speed:.1f} tokens/s" if speed else "no decode rate (one token)")
               + (f" ({share:.0%} of the ~{expectation.tokens_per_s:.0f} expected)"
                  if share is not None and expectation is not None else ""))
    details: List[str] = [f"answer: {result['text'].strip()[:300]}",
                          f"prompt {result['prompt_tokens']} tokens, stopped on "
                          + ("an end-of-turn token" if result["stop_reason"] == "eos" else "the token limit"),
                          f"layers: {where['gpu']} on GPU, {where['cpu']} on CPU, {where['disk']} on disk",
                          "peak memory: " + ", ".join(
                              f"{label} {size(result[key])}" for label, key in
                              (("GPU", "peak_gpu_bytes"), ("host", "peak_host_bytes")) if result.get(key))]

    if result.get("device") == "cuda" and (where["cpu"] or where["disk"]):
        return problem(Status.WARN, f"Offloaded ({where['cpu']} layers on CPU, {where['disk']} on disk): {numbers}",
                       causes.MODEL_OFFLOADED_SLOW,
                       Fix("Part of the model did not fit on the GPU, so every token waits for weights to cross PCIe "
                           "(or come from disk). Load it in 4-bit or pick a smaller model: see Will it fit."),
                       data=data, details=tuple(details))
    if not result.get("chat_template"):
        return problem(Status.WARN, f"No chat template (a base model), so the prompt was continued as plain text: "
                       f"{numbers}", causes.CHAT_TEMPLATE_MISSING,
                       Fix("A base model continues text; for answers to a chat prompt use the model's -Instruct "
                           "variant (e.g. meta-llama/Llama-3.1-8B-Instruct instead of meta-llama/Llama-3.1-8B)."),
                       data=data, details=tuple(details))
    if not healthy:
        reason, cause = _slow_reason(result)
        return problem(Status.WARN, f"Slow: {numbers}; likely {reason}", cause,
                       Fix("Check Will it fit and the GPU rows above for the dtype and placement this machine needs."),
                       data=data, details=tuple(details))
    return passed(numbers, data, details=tuple(details))


def _slow_reason(result: Dict[str, Any]) -> Tuple[str, str]:
    if result.get("device") != "cuda":
        return "the CPU: no GPU is used", causes.GPU_MISSING
    if result.get("dtype") == "float32":
        return "float32 weights: twice the bytes of 16-bit", causes.UNKNOWN
    spec = gpus.lookup(result.get("gpu_name") or "")
    if result.get("dtype") == "bfloat16" and spec is not None and not spec.native_bf16:
        return "bfloat16 emulated on a GPU without native support", causes.BF16_UNSUPPORTED
    return "a busy GPU or host (another process?)", causes.UNKNOWN
