"""The timed generation, run as ``python -m hf_doctor.checks.generate_child`` by model.generate in a child process.

It reads a JSON spec on stdin and writes one JSON result on stdout; streamed text goes to stderr. Running apart
means an out-of-memory error, a CUDA hang or a segfault kills this process, never hf-doctor.
The child says no sentence of its own: the streamed text is the model's answer and the result is data, which the
parent turns into messages. So it is never told a language.
torch and transformers are imported inside main(): importing this module costs nothing (``gpus`` is plain data).
"""
from __future__ import annotations

import json
import sys
import time
from typing import Any, Dict, List, Optional

from .gpus import native_bf16

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


def main() -> None:
    spec: Dict[str, Any] = json.loads(sys.stdin.read())
    started = time.perf_counter()
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.generation.streamers import BaseStreamer
    from transformers.utils import logging

    logging.disable_progress_bar()   # our own output is the streamed answer
    logging.set_verbosity_error()

    cuda = torch.cuda.is_available()

    def sync() -> None:
        if cuda:
            torch.cuda.synchronize()

    if cuda:
        # The same rule as gpu.bf16 and model.fit (gpus.native_bf16): never emulated bf16.
        dtype = torch.bfloat16 if native_bf16(torch.cuda.get_device_capability(0)) else torch.float16
    else:
        # On the CPU: the dtype model.fit chose (checks.fit.cpu_dtype), float32 unless RAM is tight.
        dtype = torch.bfloat16 if spec.get("cpu_bfloat16") else torch.float32
    options: Dict[str, Any] = {"dtype": dtype}
    quantization = None
    if cuda:
        options["device_map"] = "auto"
        if spec.get("load_in_4bit"):
            from transformers import BitsAndBytesConfig

            options["quantization_config"] = BitsAndBytesConfig(
                load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_compute_dtype=dtype)
            quantization = "4bit-nf4"
        torch.cuda.reset_peak_memory_stats()

    tokenizer = AutoTokenizer.from_pretrained(spec["folder"])
    reset_host_peak()
    sync()
    load_started = time.perf_counter()
    model = AutoModelForCausalLM.from_pretrained(spec["folder"], **options)
    model.eval()
    sync()
    load_s = time.perf_counter() - load_started

    placement = {"gpu": 0, "cpu": 0, "disk": 0}
    for where in (getattr(model, "hf_device_map", None) or {}).values():
        text = str(where)
        placement["disk" if text == "disk" else "cpu" if text == "cpu" else "gpu"] += 1
    if not getattr(model, "hf_device_map", None):
        placement["gpu" if cuda else "cpu"] = int(getattr(model.config, "num_hidden_layers", 0) or 0)

    chat = bool(getattr(tokenizer, "chat_template", None))
    inputs: Any
    if chat:
        messages = [{"role": "system", "content": spec["system"]}, {"role": "user", "content": spec["prompt"]}]
        inputs = tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt",
                                               return_dict=True)
    else:
        inputs = tokenizer(spec["prompt"], return_tensors="pt")
    device = next(model.parameters()).device
    inputs = {k: v.to(device) for k, v in dict(inputs).items()}
    prompt_tokens = int(inputs["input_ids"].shape[-1])

    # Stop tokens: whatever the model's generation config and tokenizer declare, nothing hard-coded.
    eos: List[int] = []
    for candidate in (model.generation_config.eos_token_id, tokenizer.eos_token_id):
        for token_id in (candidate if isinstance(candidate, (list, tuple)) else [candidate]):
            if token_id is not None and int(token_id) not in eos:
                eos.append(int(token_id))
    pad = model.generation_config.pad_token_id
    if pad is None:
        pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else (eos[0] if eos else None)
    sampling: Dict[str, Any] = {"do_sample": False}
    if spec.get("sample"):
        sampling = {"do_sample": True, "temperature": 1.0, "top_p": 0.9}
    else:
        sampling.update(temperature=None, top_p=None, top_k=None)  # greedy: silence sampling defaults

    class Clock(BaseStreamer):
        """Timestamps each new token as generate() hands it over (after a device sync), and streams the text."""

        def __init__(self) -> None:
            self.times: List[float] = []
            self.ids: List[int] = []
            self.prompt_seen = False
            self.printed = ""

        def put(self, value: Any) -> None:
            if not self.prompt_seen:        # the first call is the prompt
                self.prompt_seen = True
                return
            sync()
            self.times.append(time.perf_counter())
            self.ids.extend(int(t) for t in value.reshape(-1).tolist())
            if spec.get("stream"):
                text = str(tokenizer.decode(self.ids, skip_special_tokens=True))
                sys.stderr.write(text[len(self.printed):])
                sys.stderr.flush()
                self.printed = text

        def end(self) -> None:
            if spec.get("stream"):
                sys.stderr.write("\n")
                sys.stderr.flush()

    common = dict(eos_token_id=eos or None, pad_token_id=pad, **sampling)
    with torch.inference_mode():   # no autograd bookkeeping at all (cheaper than no_grad)
        model.generate(**inputs, max_new_tokens=WARMUP_TOKENS, **common)   # warm-up: kernels, caches, allocator
        sync()
        clock = Clock()
        generate_started = time.perf_counter()
        output = model.generate(**inputs, max_new_tokens=int(spec["max_new_tokens"]), streamer=clock, **common)
        sync()
        generate_s = time.perf_counter() - generate_started

    new_ids = output[0][prompt_tokens:].tolist()
    decode_s = clock.times[-1] - clock.times[0] if len(clock.times) > 1 else 0.0
    parameters = sum(p.numel() for p in model.parameters())
    embedding: Any = model.get_input_embeddings()
    embedding_parameters = embedding.weight.numel() if embedding is not None else 0
    weight_bytes = sum(p.numel() * p.element_size() for p in model.parameters())
    result = {
        "device": "cuda" if cuda else "cpu",
        "gpu_name": torch.cuda.get_device_name(0) if cuda else None,
        "dtype": str(dtype).replace("torch.", ""),
        "quantization": quantization,
        "placement": placement,
        "chat_template": chat,
        "eos_token_ids": eos,
        "prompt_tokens": prompt_tokens,
        "new_tokens": len(new_ids),
        "stop_reason": "eos" if new_ids and new_ids[-1] in eos else "length",
        "load_s": load_s,
        "time_to_first_token_s": clock.times[0] - generate_started if clock.times else None,
        "generate_s": generate_s,
        "decode_tokens_per_s": (len(clock.times) - 1) / decode_s if decode_s > 0 else None,
        "peak_gpu_bytes": int(torch.cuda.max_memory_allocated()) if cuda else None,
        "peak_host_bytes": rss("VmHWM"),
        "parameters": int(parameters),
        "layers": int(getattr(model.config, "num_hidden_layers", 0) or 0),
        # Bytes read per decoded token: every weight but the input embedding (a lookup reads one row).
        "bytes_per_token": int(weight_bytes * (parameters - embedding_parameters) / parameters) if parameters else 0,
        "host_bandwidth_gbs": None if cuda else host_bandwidth_gbs(torch),
        "text": tokenizer.decode(new_ids, skip_special_tokens=True),
        "token_ids": new_ids,
        "total_s": time.perf_counter() - started,
    }
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
