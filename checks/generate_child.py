"""The timed generation, run by model.generate in a child process (``run()``, after SIGINT's default action is
restored: generation.CHILD_START; ``python -m hf_doctor.checks.generate_child`` works too).

It reads a JSON spec on stdin and writes one JSON result on stdout; streamed text goes to stderr. Running apart
means an out-of-memory error, a CUDA hang or a segfault kills this process, never hf-doctor.
The child says no sentence of its own: the streamed text is the model's answer and the result is data, which the
parent turns into messages. So it is never told a language.
torch and transformers are imported inside the functions that use them: importing this module costs nothing
(``gpus`` is plain data).
"""
from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Tuple

from .gpus import native_bf16
from .placement import layers_by_device

WARMUP_TOKENS = 2
BANDWIDTH_PROBE_BYTES = 256 * 1024**2


def rss(field: str) -> Optional[int]:
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(field):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def reset_host_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
            handle.write("5")  # VmHWM := VmRSS, so the peak we read is this step's
    except OSError:
        pass


def host_bandwidth_gbs(torch: Any) -> float:
    """Measured host memory bandwidth: the best of three 256 MiB copies (read + write)."""
    source = torch.ones(BANDWIDTH_PROBE_BYTES // 4, dtype=torch.float32)
    target = torch.empty_like(source)
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        target.copy_(source)
        best = min(best, time.perf_counter() - started)
    return 2 * BANDWIDTH_PROBE_BYTES / best / 1e9


class Device:
    """Where the model runs, and the one way the timed steps read the clock: after a device sync, so that the work
    queued on the GPU is counted where it was launched and not wherever the next blocking call happens to be."""

    def __init__(self, torch: Any) -> None:
        self.torch = torch
        self.cuda: bool = torch.cuda.is_available()

    def sync(self) -> None:
        if self.cuda:
            self.torch.cuda.synchronize()

    def now(self) -> float:
        self.sync()
        return time.perf_counter()


@dataclass(frozen=True)
class Generation:
    """The timed generate(): the prompt's length, the ids it added after the prompt, and its clock readings."""

    prompt_tokens: int
    new_ids: List[int]
    started: float              # just before the timed generate(), after the warm-up
    seconds: float              # the whole timed generate(), prefill included
    token_times: List[float]    # when each new token was handed over (the clock's stamps)
    nonfinite_steps: int = 0    # steps whose raw scores held nan or inf


def import_torch() -> Any:
    """torch, with transformers silenced: this process's only output is the streamed answer and the result."""
    import torch
    from transformers.utils import logging

    logging.disable_progress_bar()   # our own output is the streamed answer
    logging.set_verbosity_error()
    return torch


def choose_dtype(device: Device, spec: Mapping[str, Any]) -> Tuple[Any, str]:
    """The dtype a course profile asks for where this machine can run it, else model.fit's choice; and why."""
    torch = device.torch
    asked = spec.get("dtype")
    if asked in ("float16", "float32") or (asked == "bfloat16" and not device.cuda):
        return getattr(torch, asked), "profile"   # a CPU computes all three (slowly in 16-bit: the course's choice)
    if device.cuda:
        # The same rule as gpu.bf16 and model.fit (gpus.native_bf16): never emulated bf16.
        if native_bf16(torch.cuda.get_device_capability(0)):
            return torch.bfloat16, "gpu_native_bf16"
        return torch.float16, "gpu_no_native_bf16"
    # On the CPU: the dtype model.fit chose (checks.fit.cpu_dtype), with its reason.
    return (torch.bfloat16 if spec.get("cpu_bfloat16") else torch.float32), str(spec.get("cpu_dtype_reason") or "")


def load_options(dtype: Any, cuda: bool, spec: Mapping[str, Any]) -> Tuple[Dict[str, Any], Optional[str]]:
    """from_pretrained's keyword arguments, and the quantization they ask for (None or "4bit-nf4").
    On a GPU, accelerate places the layers (spilling to the CPU or disk when they do not fit); 4-bit only there."""
    options: Dict[str, Any] = {"dtype": dtype}
    if not cuda:
        return options, None
    options["device_map"] = "auto"
    if not spec.get("load_in_4bit"):
        return options, None
    from transformers import BitsAndBytesConfig   # only when asked: bitsandbytes is optional

    options["quantization_config"] = BitsAndBytesConfig(
        load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_compute_dtype=dtype)
    return options, "4bit-nf4"


def load_model(device: Device, folder: str, options: Dict[str, Any]) -> Tuple[Any, Any, float]:
    """(tokenizer, model, seconds the model took to load). The memory peaks are reset first, so that the result's
    peaks are this model's; the clock times the model's load alone."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    if device.cuda:
        device.torch.cuda.reset_peak_memory_stats()
    tokenizer = AutoTokenizer.from_pretrained(folder)
    reset_host_peak()
    load_started = device.now()
    model = AutoModelForCausalLM.from_pretrained(folder, **options)
    model.eval()
    return tokenizer, model, device.now() - load_started


def layer_count(model: Any) -> int:
    return int(getattr(model.config, "num_hidden_layers", 0) or 0)


def count_placement(model: Any, cuda: bool) -> Dict[str, int]:
    """How many decoder layers accelerate put on the GPU, the CPU and disk (counted as model.fit predicts them:
    placement.layers_by_device); without a device map the whole model is on the one device."""
    device_map = getattr(model, "hf_device_map", None)
    if device_map:
        return layers_by_device(model, device_map)
    placement = {"gpu": 0, "cpu": 0, "disk": 0}
    placement["gpu" if cuda else "cpu"] = layer_count(model)
    return placement


def build_inputs(tokenizer: Any, model: Any, spec: Mapping[str, Any]) -> Tuple[bool, Dict[str, Any]]:
    """(whether the chat template was used, the prompt's tensors on the model's first device). A chat model gets
    the system prompt and the prompt through its own template; a base model has none, so it gets the plain text."""
    chat = bool(getattr(tokenizer, "chat_template", None))
    encoded: Any
    if chat:
        messages = [{"role": "system", "content": spec["system"]}, {"role": "user", "content": spec["prompt"]}]
        encoded = tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt",
                                                return_dict=True)
    else:
        encoded = tokenizer(spec["prompt"], return_tensors="pt")
    device = next(model.parameters()).device
    return chat, {k: v.to(device) for k, v in dict(encoded).items()}


def stop_tokens(model: Any, tokenizer: Any) -> Tuple[List[int], Optional[int]]:
    """(end-of-sequence ids, pad id): whatever the model's generation config and tokenizer declare, nothing
    hard-coded. Without a declared pad id, the first end-of-sequence id pads."""
    eos: List[int] = []
    for candidate in (model.generation_config.eos_token_id, tokenizer.eos_token_id):
        for token_id in (candidate if isinstance(candidate, (list, tuple)) else [candidate]):
            if token_id is not None and int(token_id) not in eos:
                eos.append(int(token_id))
    pad = model.generation_config.pad_token_id
    if pad is None:
        pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else (eos[0] if eos else None)
    return eos, pad


def sampling_options(spec: Mapping[str, Any]) -> Dict[str, Any]:
    """The seed tutorial's sampling when asked; greedy otherwise, so that runs compare.

    Sampling from scores that hold nan or inf stops torch: on the CPU with "probability tensor contains either
    inf, nan or element < 0", on a GPU with a device-side assert (seen on an H200 in float16). remove_invalid_values
    lets the run finish, and the raw scores (output_logits, taken before any processor) still show the nan and inf
    that model.generate judges. Greedy decoding needs no such help."""
    if spec.get("sample"):
        return {"do_sample": True, "temperature": 1.0, "top_p": 0.9, "remove_invalid_values": True}
    # greedy: silence the sampling defaults a generation config may carry (they would only warn)
    return {"do_sample": False, "temperature": None, "top_p": None, "top_k": None}


def make_clock(device: Device, tokenizer: Any, stream: bool) -> Any:
    """A streamer that timestamps each new token as generate() hands it over and, when asked, streams the text so
    far to stderr.

    No device sync of its own: generate() already waits for each step's token before the next (its stopping
    check reads the token on the host), so the stamps follow the device step by step, and a sync or a copy to the
    host per token here would slow the very generation being timed (about 40 % for a 1B model on an H200, where
    a step is a few milliseconds). Streaming needs the ids on the host at once; it pays for that copy."""
    from transformers.generation.streamers import BaseStreamer

    class Clock(BaseStreamer):
        def __init__(self) -> None:
            self.times: List[float] = []
            self.pending: List[Any] = []   # the tokens as generate() handed them over (kept on the device)
            self.shown: List[int] = []
            self.prompt_seen = False
            self.printed = ""

        def put(self, value: Any) -> None:
            if not self.prompt_seen:        # the first call is the prompt
                self.prompt_seen = True
                return
            self.times.append(time.perf_counter())
            self.pending.append(value)
            if stream:
                self.shown.extend(int(t) for t in value.reshape(-1).tolist())
                self._show(final=False)

        def _show(self, final: bool) -> None:
            # Decode everything so far and print the new part: a token alone may be half a character (byte-level
            # tokenizers split Hangul into several tokens), which decodes as U+FFFD until the rest arrives, so such
            # a tail waits, as transformers' TextStreamer does.
            text = str(tokenizer.decode(self.shown, skip_special_tokens=True))
            if not final and text.endswith("\ufffd"):
                return
            sys.stderr.write(text[len(self.printed):])
            sys.stderr.flush()
            self.printed = text

        def end(self) -> None:
            if stream:
                self._show(final=True)
                sys.stderr.write("\n")
                sys.stderr.flush()

    return Clock()


def timed_generate(device: Device, model: Any, inputs: Dict[str, Any], options: Dict[str, Any],
                   max_new_tokens: int, clock: Any) -> Generation:
    """A short warm-up generate() first, so the timed one pays no first-call costs; then the timed one."""
    prompt_tokens = int(inputs["input_ids"].shape[-1])
    torch = device.torch
    with torch.inference_mode():   # no autograd bookkeeping at all (cheaper than no_grad)
        model.generate(**inputs, max_new_tokens=WARMUP_TOKENS, **options)   # warm-up: kernels, caches, allocator
        started = device.now()
        # The raw scores come back too (output_logits: before any processor, which may write -inf on purpose),
        # so that nan or inf from the weights or an overflowing dtype is seen; counted after the clock stops.
        output = model.generate(**inputs, max_new_tokens=max_new_tokens, streamer=clock, output_logits=True,
                                return_dict_in_generate=True, **options)
        seconds = device.now() - started
        nonfinite = sum(int(not bool(torch.isfinite(step).all())) for step in (output.logits or ()))
    return Generation(prompt_tokens, output.sequences[0][prompt_tokens:].tolist(), started, seconds, clock.times,
                      nonfinite)


def speed_facts(run: Generation) -> Dict[str, Optional[float]]:
    """The time to the first token, and the decode rate without the first token: its wait is the prefill."""
    times = run.token_times
    decode_s = times[-1] - times[0] if len(times) > 1 else 0.0
    return {"time_to_first_token_s": times[0] - run.started if times else None,
            "generate_s": run.seconds,
            "decode_tokens_per_s": (len(times) - 1) / decode_s if decode_s > 0 else None}


def peak_facts(device: Device) -> Dict[str, Optional[int]]:
    """The memory peaks since load_model reset them. Read before the host bandwidth probe, which allocates."""
    return {"peak_gpu_bytes": int(device.torch.cuda.max_memory_allocated()) if device.cuda else None,
            "peak_host_bytes": rss("VmHWM")}


def weight_facts(model: Any) -> Dict[str, int]:
    """The model's size, for the parent's speed expectation."""
    parameters = sum(p.numel() for p in model.parameters())
    embedding: Any = model.get_input_embeddings()
    embedding_parameters = embedding.weight.numel() if embedding is not None else 0
    weight_bytes = sum(p.numel() * p.element_size() for p in model.parameters())
    return {
        "parameters": int(parameters),
        "layers": layer_count(model),
        # Bytes read per decoded token: every weight but the input embedding (a lookup reads one row).
        "bytes_per_token": int(weight_bytes * (parameters - embedding_parameters) / parameters) if parameters else 0,
    }


def main() -> None:
    spec: Dict[str, Any] = json.loads(sys.stdin.read())
    started = time.perf_counter()
    device = Device(import_torch())
    dtype, dtype_reason = choose_dtype(device, spec)
    options, quantization = load_options(dtype, device.cuda, spec)
    tokenizer, model, load_s = load_model(device, spec["folder"], options)
    placement = count_placement(model, device.cuda)
    chat, inputs = build_inputs(tokenizer, model, spec)
    eos, pad = stop_tokens(model, tokenizer)
    generate_options = dict(eos_token_id=eos or None, pad_token_id=pad, **sampling_options(spec))
    clock = make_clock(device, tokenizer, bool(spec.get("stream")))
    run = timed_generate(device, model, inputs, generate_options, int(spec["max_new_tokens"]), clock)
    result = {
        "device": "cuda" if device.cuda else "cpu",
        "gpu_name": device.torch.cuda.get_device_name(0) if device.cuda else None,
        "dtype": str(dtype).replace("torch.", ""),
        "dtype_reason": dtype_reason or None,
        "quantization": quantization,
        "placement": placement,
        "chat_template": chat,
        "eos_token_ids": eos,
        "prompt_tokens": run.prompt_tokens,
        "new_tokens": len(run.new_ids),
        "stop_reason": "eos" if run.new_ids and run.new_ids[-1] in eos else "length",
        "load_s": load_s,
        **speed_facts(run),
        **peak_facts(device),
        **weight_facts(model),
        "host_bandwidth_gbs": None if device.cuda else host_bandwidth_gbs(device.torch),
        "text": tokenizer.decode(run.new_ids, skip_special_tokens=True),
        "token_ids": run.new_ids,
        "total_s": time.perf_counter() - started,
        "nonfinite_steps": run.nonfinite_steps,
    }
    sys.stdout.write(json.dumps(result) + "\n")


def run() -> None:
    """main(), ended quietly by Ctrl-C: the parent is interrupted too and says so in one line; a traceback of
    ours would only bury it (exit 130, as a shell reports an interrupted command)."""
    try:
        main()
    except KeyboardInterrupt:
        sys.stderr.flush()
        os._exit(130)   # no interpreter teardown: torch's atexit handlers must not print either


if __name__ == "__main__":
    run()
