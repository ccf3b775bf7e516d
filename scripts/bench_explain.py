"""How long ``explain`` takes on a long traceback: a 10,000-line log (frames, progress lines, a chained
HTTPError, the Hub's sentence at the end) and the same log with the cause nowhere (``unknown``: every rule runs
to the end), and a log whose 10,000 lines all differ (nothing to fold). Prints seconds and the ratio to the one-second budget; no assertion (speed lives in benchmarks).

    python scripts/bench_explain.py [--lines 10000] [--repeat 5]
"""
from __future__ import annotations

import argparse
import sys
import time
from typing import List

FRAME = ('  File "/usr/local/lib/python3.11/site-packages/transformers/modeling_utils.py", line {n}, in from_pretrained\n'
         "    resolved = cached_file(path, name, **kwargs)\n")
PROGRESS = "Downloading shards:  {p}%|#####     | {n}/10000 [00:{s:02d}<00:10, 1.2it/s]\n"
TAIL = ("requests.exceptions.HTTPError: 403 Client Error: Forbidden for url: "
        "https://huggingface.co/meta-llama/Llama-3.1-8B/resolve/main/config.json\n\n"
        "The above exception was the direct cause of the following exception:\n\n"
        "huggingface_hub.errors.GatedRepoError: 403 Client Error. Cannot access gated repo for url "
        "https://huggingface.co/meta-llama/Llama-3.1-8B/resolve/main/config.json.\n"
        "Your request to access model meta-llama/Llama-3.1-8B is awaiting a review from the repo authors.\n")


def log(lines: int, tail: str) -> str:
    parts: List[str] = ["Traceback (most recent call last):\n"]
    n = 1
    while n < lines:
        parts.append(FRAME.format(n=n) if n % 3 else PROGRESS.format(p=n % 100, n=n, s=n % 60))
        n += 2 if n % 3 else 1
    return "".join(parts) + tail


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    from hf_doctor.checks.explain import explain

    import hashlib

    distinct = "".join(f"INFO step {hashlib.sha1(str(i).encode()).hexdigest()} loss ok\n"
                       for i in range(args.lines)) + TAIL
    for name, text in (("gated_pending at the end", log(args.lines, TAIL)),
                       ("no cause anywhere (unknown)", log(args.lines, "ValueError: shapes do not match\n")),
                       ("every line different (worst case)", distinct)):
        explain(text)                      # warm: the patterns compile once per process
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            result = explain(text)
            times.append(time.perf_counter() - started)
        best, worst = min(times), max(times)
        print(f"{name}: {text.count(chr(10))} lines, {len(text) / 1024:.0f} KiB -> {result.cause}; "
              f"best {best:.3f} s, worst {worst:.3f} s ({worst / 1.0:.2f} of the 1 s budget)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
