"""model.generate: load the model and generate in a child process, then judge the answer and the speed."""
from __future__ import annotations

import enum
import json
import os
import subprocess
import sys
from dataclasses import MISSING, dataclass, fields, replace
from typing import Any, Dict, List, Mapping, Optional, Tuple

from . import causes, gpus, ids
from .context import Context
from .download import needed_files
from .fit import EFFECTIVE_BANDWIDTH, checkpoint_bytes, cpu_dtype, cpu_native_bf16, shape_from
from .hub import ModelUnavailable, model_metadata
from .hub_errors import diagnose
from .i18n import english
from .result import Fix, Outcome, Record, Status, passed, problem, skipped
from .text import Msg, Text, join
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
# When speed is not judged. A model whose expected work per token is under 10 ms is timed mostly on Python's own
# per-token cost (logits processing, stopping criteria, the streamer) and the OS scheduler, which vary from about
# 2 to 25 ms per token on healthy machines (the tiny demo model: 43 to 2,100 tokens/s on idle machines); a third
# of such an expectation says nothing about the hardware. And under 8 decoded tokens are too few to time.
MIN_JUDGED_S_PER_TOKEN = 0.010
MIN_TIMED_TOKENS = 8
MIN_REPEATS = 4         # one token this many times or more, and nothing else, is not an answer
DTYPES = ("float16", "bfloat16", "float32")   # what GenerationOptions.dtype may ask for
# What a chat template adds around the system prompt and the instruction: special tokens, role headers, and
# templates that write a date line (Llama 3.1's "Cutting Knowledge Date: …", about 40 tokens in all).
TEMPLATE_TOKENS = 64


def prompt_tokens_bound(system: str, prompt: str) -> int:
    """At most how many tokens the prompt takes, without its tokenizer: byte-level BPE (Llama 3, Qwen, GPT-2)
    and SentencePiece with byte fallback (Llama 2, Mistral, Gemma) never use more tokens than the text has UTF-8
    bytes, and the template adds at most TEMPLATE_TOKENS."""
    return len(system.encode("utf-8")) + len(prompt.encode("utf-8")) + TEMPLATE_TOKENS


@dataclass(frozen=True)
class GenerationOptions:
    prompt: Optional[str] = None          # None: the seed's instruction
    sample: bool = False                  # greedy by default, so runs compare
    max_new_tokens: int = 64
    load_in_4bit: bool = False
    stream: bool = False                  # stream the text to stderr as it comes
    dtype: Optional[str] = None           # one of DTYPES (a course profile's); None: model.fit's choice
    context: Optional[int] = None         # tokens model.fit plans the KV cache for (--context)

    def context_tokens(self) -> int:
        """``context``, else what the smoke test holds at most: its prompt and its new tokens."""
        if self.context:
            return self.context
        return prompt_tokens_bound(SYSTEM_PROMPT, self.prompt or INSTRUCTION) + self.max_new_tokens


@dataclass(frozen=True)
class Expectation:
    tokens_per_s: float
    bandwidth_bound: float
    overhead_bound: float
    bandwidth_gbs: float
    source: str                           # the GPU's data sheet, or "measured host bandwidth"


class SpeedVerdict(str, enum.Enum):
    """How the measured decode speed compares with what this hardware should reach."""

    HEALTHY = "healthy"   # at least a third of the expectation
    SLOW = "slow"
    NOT_JUDGED = "not_judged"   # nothing to compare with, too few tokens, or a model too small to time

    def __str__(self) -> str:
        return self.value


class AnswerVerdict(str, enum.Enum):
    """What the answer's text and scores say: a real answer, or what was wrong with it."""

    OK = "ok"
    EMPTY = "empty"               # no new token, or only tokens that decode to no text
    REPEATED = "repeated"         # one token, MIN_REPEATS times or more, and nothing else
    WHITESPACE = "whitespace"     # text, but only spaces and line breaks
    NONFINITE = "nonfinite"       # nan or inf among the model's raw scores

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class GenerationFacts(Record):
    """``model.generate``'s data: what the child measured (its JSON result, key for key), then the expectation
    and the verdict. The report shows exactly these keys, as it always did."""

    device: str                                  # "cuda" or "cpu"
    gpu_name: Optional[str]
    dtype: str
    quantization: Optional[str]
    placement: Mapping[str, int]                 # layers on "gpu", "cpu", "disk"
    chat_template: bool
    eos_token_ids: Tuple[int, ...]
    prompt_tokens: int
    new_tokens: int
    stop_reason: str                             # "eos" or "length"
    load_s: float
    time_to_first_token_s: Optional[float]
    generate_s: float
    decode_tokens_per_s: Optional[float]
    peak_gpu_bytes: Optional[int]
    peak_host_bytes: Optional[int]
    parameters: int
    layers: int
    bytes_per_token: int
    host_bandwidth_gbs: Optional[float]
    text: str
    token_ids: Tuple[int, ...]
    total_s: Optional[float] = None
    dtype_reason: Optional[str] = None            # why this dtype: profile, gpu_(no_)native_bf16, or model.fit's CPU reason
    nonfinite_steps: Optional[int] = None         # steps whose raw scores held nan or inf (older children: None)
    answer_verdict: AnswerVerdict = AnswerVerdict.OK
    expected: Optional[Mapping[str, Any]] = None  # the expectation's numbers and their source, when there is one
    share_of_expected: Optional[float] = None
    verdict: SpeedVerdict = SpeedVerdict.HEALTHY

    OPTIONAL = ("total_s", "dtype_reason", "nonfinite_steps", "expected")

    @classmethod
    def from_child(cls, result: Mapping[str, Any], **judged: Any) -> "GenerationFacts":
        """The child's result (a measurement it does not send is None) with what the parent judged."""
        values = {f.name: result.get(f.name) for f in fields(cls) if f.name in result or f.default is MISSING}
        for name in ("eos_token_ids", "token_ids"):
            values[name] = tuple(values.get(name) or ())
        return cls(**{**values, **judged})


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


# How the child starts: SIGINT's default action (die at once, silently) before anything else runs, then the module
# (``python -m hf_doctor.checks.generate_child`` would import the package first, with Python's Ctrl-C handler, which
# prints a KeyboardInterrupt traceback of the child's when Ctrl-C lands in an import or in the generation).
# A SIGINT that was ignored where we started (nohup, a background job) stays ignored.
CHILD_START = ("import signal\n"
               "if signal.getsignal(signal.SIGINT) is signal.default_int_handler:\n"
               "    signal.signal(signal.SIGINT, signal.SIG_DFL)\n"
               "from hf_doctor.checks.generate_child import run\n"
               "run()\n")


@dataclass(frozen=True)
class ChildFailure:
    """Why the child gave no result: a sentence of ours (``kind``, a key under model.generate.child.) or, for
    ``kind == "raw"``, the last line the child printed (a library's own error text, kept as it is)."""

    kind: str
    params: Mapping[str, object]

    @property
    def message(self) -> Text:
        if self.kind == "raw":
            return str(self.params["line"])
        return Msg(f"model.generate.child.{self.kind}", **self.params)


def _without_token() -> Dict[str, str]:
    """The child's environment: ours without any token. It loads a folder model.download filled and asks the
    Hub nothing, so a token could only leak from it (a library's warning on the stderr it shares with us)."""
    env = {name: value for name, value in os.environ.items() if name not in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN")}
    env.update(HF_TOKEN_PATH=os.devnull, HF_HUB_DISABLE_IMPLICIT_TOKEN="1")
    return env


def run_child(spec: Dict[str, Any], timeout_s: float, stream: bool) -> Tuple[Optional[Dict[str, Any]],
                                                                             Optional[ChildFailure]]:
    """Run hf_doctor.checks.generate_child; (result, why it failed). A timeout kills it; Ctrl-C reaches it like us
    (one process group): it dies quietly at once (CHILD_START), and we stop, kill and reap it and re-raise."""
    process = subprocess.Popen([sys.executable, "-c", CHILD_START], stdin=subprocess.PIPE, env=_without_token(),
                               stdout=subprocess.PIPE, stderr=None if stream else subprocess.PIPE, text=True)
    try:
        out, err = process.communicate(json.dumps(spec), timeout=timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return None, ChildFailure("timeout", {"seconds": f"{timeout_s:g}"})
    except BaseException:
        process.kill()
        process.wait()   # reaped before we go on: nothing of it prints after our own last line
        raise
    if process.returncode != 0:
        if process.returncode < 0:
            return None, ChildFailure("signal", {"signal": -process.returncode})
        tail = (err or "").strip().splitlines()[-1:]
        if tail:
            return None, ChildFailure("raw", {"line": tail[0]})
        return None, ChildFailure("exit_code", {"code": process.returncode})
    try:
        return json.loads(out.strip().splitlines()[-1]), None
    except (ValueError, IndexError):
        return None, ChildFailure("no_result", {})


def model_generate(ctx: Context, timeout_s: float = DEFAULT_TIMEOUT_S) -> Outcome:
    """Loads the model as model.fit recommends and generates, timed honestly, in a child process."""
    options: GenerationOptions = getattr(ctx, "generation", None) or GenerationOptions()
    try:
        info, _ = model_metadata(ctx)
        folder = ctx.hub().local_snapshot(info["id"], needed_files(info.get("files") or {}))  # model.download got it
    except ModelUnavailable as unavailable:
        return unavailable.outcome
    except Exception as exc:  # noqa: BLE001
        return skipped(Msg("model.generate.skip.not_cached", reason=diagnose(exc).reason))
    memory = ctx.memory()
    parameters = info.get("parameters") or {}
    shape = replace(shape_from(sum(parameters.values()), None), checkpoint_bytes=checkpoint_bytes(parameters))
    host_free = memory.available if memory else None
    cpu_choice, cpu_reason = cpu_dtype(shape, host_free, cpu_native_bf16(ctx))   # the dtype model.fit planned with
    spec = {
        "folder": folder,
        "system": SYSTEM_PROMPT,
        "prompt": options.prompt or INSTRUCTION,
        "max_new_tokens": options.max_new_tokens,
        "sample": options.sample,
        "load_in_4bit": options.load_in_4bit and ctx.package("bitsandbytes") is not None,
        "stream": options.stream,
        "cpu_bfloat16": cpu_choice == "bfloat16",
        "cpu_dtype_reason": str(cpu_reason),
        "dtype": options.dtype if options.dtype in DTYPES else None,   # a course profile's, when it names one
    }
    result, failure = run_child(spec, timeout_s, options.stream)
    if result is None:
        failure = failure or ChildFailure("no_result", {})
        error = english(failure.message)    # data: the same in every language
        fit = Msg(f"common.check.{ids.MODEL_FIT}")   # the title of the check to read
        return problem(
            Status.FAIL, Msg("model.generate.incomplete.summary", error=failure.message),
            causes.CUDA_OOM if "out of memory" in error.lower() else causes.UNKNOWN,
            Fix(Msg("model.generate.incomplete.fix_timeout", fit=fit) if failure.kind == "timeout"
                else Msg("model.generate.incomplete.fix", fit=fit)),
            data={"error": error, "timeout_s": timeout_s})
    return judge_generation(result, options)


def judge_generation(result: Dict[str, Any], options: GenerationOptions) -> Outcome:
    """The numbers, the answer, the expectation, and a verdict: healthy, or what went wrong with its likely reason.
    ``options`` is what the run was asked for (kept for callers; the result says what actually ran)."""
    expectation = expect(result)
    speed = result.get("decode_tokens_per_s")
    unjudged = _unjudged(result, expectation)
    share = speed / expectation.tokens_per_s if speed and expectation and unjudged is None else None
    verdict = (SpeedVerdict.NOT_JUDGED if share is None else
               SpeedVerdict.HEALTHY if share >= HEALTHY_SHARE else SpeedVerdict.SLOW)
    answer = judge_answer(result)
    data = GenerationFacts.from_child(
        result, answer_verdict=answer, expected=_expected_numbers(expectation),
        share_of_expected=round(share, 3) if share is not None else None, verdict=verdict)
    numbers = _numbers(result, share, expectation)
    details = _details(result) + ((unjudged,) if unjudged is not None else ())
    where = result["placement"]
    fit = Msg(f"common.check.{ids.MODEL_FIT}")   # the title of the check to read

    # One result, the most specific first. Scores that are not numbers make the answer noise: a failure.
    if answer is AnswerVerdict.NONFINITE:
        return _nonfinite(result, numbers, data, details)
    # An answer that is not text, from a model that has a chat template (a base model's rambling is explained
    # by its missing template, below): the machine worked, the model's answer did not.
    if answer is not AnswerVerdict.OK and result.get("chat_template"):
        return problem(Status.WARN, _answer_summary(answer, result, numbers), causes.UNKNOWN,
                       Fix(Msg("model.generate.answer.fix")), data=data, details=details)
    # Offloaded layers would also explain a slow run.
    if result.get("device") == "cuda" and (where["cpu"] or where["disk"]):
        return problem(Status.WARN, Msg("model.generate.offloaded.summary", cpu=where["cpu"], disk=where["disk"],
                                        numbers=numbers),
                       causes.MODEL_OFFLOADED_SLOW, Fix(Msg("model.generate.offloaded.fix", fit=fit)),
                       data=data, details=details)
    if not result.get("chat_template"):
        return problem(Status.WARN, Msg("model.generate.no_chat_template.summary", numbers=numbers),
                       causes.CHAT_TEMPLATE_MISSING, Fix(Msg("model.generate.no_chat_template.fix")),
                       data=data, details=details)
    if verdict is SpeedVerdict.SLOW:
        reason, cause, fix = _slow_reason(result)
        return problem(Status.WARN, Msg("model.generate.slow.summary", numbers=numbers, reason=reason), cause,
                       Fix(fix), data=data, details=details)
    return passed(numbers, data, details=details)


def _unjudged(result: Dict[str, Any], expectation: Optional[Expectation]) -> Optional[Msg]:
    """Why the speed is not judged (a detail line), or None when it is. With no expectation (a GPU gpus.md does
    not list) or no decode rate (one token) there is nothing to say beyond the numbers."""
    if expectation is None or not result.get("decode_tokens_per_s"):
        return None
    decoded = int(result.get("new_tokens") or 0) - 1   # the first token is the prefill's, not timed as decode
    if decoded < MIN_TIMED_TOKENS:
        return Msg("model.generate.detail.unjudged_short", tokens=decoded, minimum=MIN_TIMED_TOKENS)
    if 1 / expectation.tokens_per_s < MIN_JUDGED_S_PER_TOKEN:
        return Msg("model.generate.detail.unjudged_small", expected=f"{1000 / expectation.tokens_per_s:.1f}",
                   minimum=f"{MIN_JUDGED_S_PER_TOKEN * 1000:g}")
    return None


def judge_answer(result: Mapping[str, Any]) -> AnswerVerdict:
    """Whether the answer is one: scores that are numbers, and text that is not empty, not only whitespace and not
    one token over and over (a random-weight or broken model answers 64 newlines; that is not a pass)."""
    if result.get("nonfinite_steps"):
        return AnswerVerdict.NONFINITE
    stops = set(result.get("eos_token_ids") or ())
    content = [token for token in result.get("token_ids") or () if token not in stops]
    text = result.get("text") or ""
    if not content or not text:
        return AnswerVerdict.EMPTY
    if len(content) >= MIN_REPEATS and len(set(content)) == 1:
        return AnswerVerdict.REPEATED
    if not text.strip():
        return AnswerVerdict.WHITESPACE
    return AnswerVerdict.OK


def _answer_summary(answer: AnswerVerdict, result: Mapping[str, Any], numbers: Text) -> Msg:
    """What the answer was, shown so that whitespace is visible: '\\n' rather than an empty line."""
    text = result.get("text") or ""
    if answer is AnswerVerdict.REPEATED:
        stops = set(result.get("eos_token_ids") or ())
        repeats = len([token for token in result.get("token_ids") or () if token not in stops])
        one = text[:len(text) // repeats]
        token = repr(one) if one * repeats == text else f"#{result['token_ids'][0]}"
        return Msg("model.generate.answer.repeated.summary", token=token, repeats=repeats, numbers=numbers)
    if answer is AnswerVerdict.WHITESPACE:
        shown = repr(text[:24]) + ("…" if len(text) > 24 else "")
        return Msg("model.generate.answer.whitespace.summary", text=shown, numbers=numbers)
    return Msg("model.generate.answer.empty.summary", numbers=numbers)


def _nonfinite(result: Dict[str, Any], numbers: Text, data: "GenerationFacts", details: Tuple[Text, ...]) -> Outcome:
    """nan or inf in the model's scores, a failure that names the dtype. In float16 that is overflow: models trained
    in bfloat16 often pass float16's largest number (65504); the fix is a dtype with float32's range (bfloat16
    where the GPU, whose row is gpu.bf16, or the CPU has it natively; float32) or 4-bit with float32 compute. In
    another dtype it is the weights themselves (unknown)."""
    summary = Msg("model.generate.nonfinite.summary", dtype=result.get("dtype") or "?", steps=result["nonfinite_steps"],
                  total=max(int(result.get("new_tokens") or 0), int(result["nonfinite_steps"])), numbers=numbers)
    if result.get("dtype") == "float16":
        fix = (Msg("model.generate.nonfinite.fix_float16", bf16=Msg(f"common.check.{ids.GPU_BF16}"))
               if result.get("device") == "cuda" else Msg("model.generate.nonfinite.fix_float16_cpu"))
        return problem(Status.FAIL, summary, causes.FLOAT16_OVERFLOW, Fix(fix), data=data, details=details)
    return problem(Status.FAIL, summary, causes.UNKNOWN, Fix(Msg("model.generate.nonfinite.fix")),
                   data=data, details=details)


def _expected_numbers(expectation: Optional[Expectation]) -> Optional[Dict[str, Any]]:
    """The expectation as the report shows it (``expected``), rounded; None when there is nothing to compare."""
    if expectation is None:
        return None
    return {"tokens_per_s": round(expectation.tokens_per_s, 2),
            "bandwidth_bound_tokens_per_s": round(expectation.bandwidth_bound, 2),
            "overhead_bound_tokens_per_s": round(expectation.overhead_bound, 2),
            "bandwidth_gbs": round(expectation.bandwidth_gbs, 1), "source": expectation.source}


def _numbers(result: Dict[str, Any], share: Optional[float], expectation: Optional[Expectation]) -> Text:
    """The run in one sentence: tokens, device, dtype, load time, first-token time, and the decode speed (against
    the expectation when there is one; a single token has no decode speed)."""
    speed = result.get("decode_tokens_per_s")
    ttft = result["time_to_first_token_s"] or 0.0
    facts = {"tokens": result["new_tokens"], "device": result.get("gpu_name") or "CPU",
             "dtype": result["dtype"] + (f", {result['quantization']}" if result.get("quantization") else ""),
             "load": f"{result['load_s']:.1f}",
             "ttft": Msg("model.generate.seconds", seconds=f"{ttft:.2f}") if ttft >= 1 else f"{ttft * 1000:.0f} ms"}
    if not speed:
        return Msg("model.generate.numbers_one_token", **facts)
    if share is not None and expectation is not None:
        return Msg("model.generate.numbers_expected", speed=f"{speed:.1f}", share=f"{share:.0%}",
                   expected=f"{expectation.tokens_per_s:.0f}", **facts)
    return Msg("model.generate.numbers", speed=f"{speed:.1f}", **facts)


def _details(result: Dict[str, Any]) -> Tuple[Text, ...]:
    """The answer's start, the prompt's length and why generation stopped, where the layers went, the peaks."""
    where = result["placement"]
    peaks: List[Text] = []
    if result.get("peak_gpu_bytes"):
        peaks.append(f"GPU {size(result['peak_gpu_bytes'])}")
    if result.get("peak_host_bytes"):
        peaks.append(Msg("model.generate.detail.peak_host", size=size(result["peak_host_bytes"])))
    return (
        Msg("model.generate.detail.answer", text=result["text"].strip()[:300]),
        Msg("model.generate.detail.prompt_eos", tokens=result["prompt_tokens"]) if result["stop_reason"] == "eos"
        else Msg("model.generate.detail.prompt_length", tokens=result["prompt_tokens"]),
        Msg("model.generate.detail.layers", gpu=where["gpu"], cpu=where["cpu"], disk=where["disk"]),
        Msg("model.generate.detail.peak", memory=join(", ", peaks)))


def _slow_reason(result: Dict[str, Any]) -> Tuple[Msg, str, Msg]:
    """(the likely reason, its cause id, a fix that names the row explaining it). Never the fit row: a model that
    fits is green there, and a green row explains nothing."""
    gpu, bf16 = Msg(f"common.check.{ids.GPU_DEVICE}"), Msg(f"common.check.{ids.GPU_BF16}")
    if result.get("device") != "cuda":
        return Msg("model.generate.slow.reason.cpu"), causes.GPU_MISSING, Msg("model.generate.slow.fix_cpu", gpu=gpu)
    if result.get("dtype") == "float32":
        return (Msg("model.generate.slow.reason.float32"), causes.UNKNOWN,
                Msg("model.generate.slow.fix_float32", bf16=bf16))
    spec = gpus.lookup(result.get("gpu_name") or "")
    if result.get("dtype") == "bfloat16" and spec is not None and not spec.native_bf16:
        return (Msg("model.generate.slow.reason.bf16_emulated"), causes.BF16_UNSUPPORTED,
                Msg("model.generate.slow.fix_bf16", bf16=bf16))
    return Msg("model.generate.slow.reason.busy"), causes.UNKNOWN, Msg("model.generate.slow.fix_busy")
