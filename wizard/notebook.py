"""``wizard.run()``: the check inside a notebook kernel, where Colab secrets are readable, shown as HTML.

A ``!hf-preflight`` shell cell runs in a separate process that Colab's secret store does not serve; the kernel
itself can read the secret through huggingface_hub, so this is the way to check a Colab notebook's real setup.
"""
from __future__ import annotations

import getpass
import time
from typing import Any, Dict, Optional

from checks import __version__
from checks.context import SystemContext
from checks.engine import run_checks
from checks.generation import GenerationOptions
from checks.registry import all_checks
from checks.report import build_report

from .render import header, render_html


def run(model: Optional[str] = None, gpu: Optional[str] = None, smoke: bool = False, ask_token: bool = True,
        prompt: Optional[str] = None, max_new_tokens: int = 64, display: bool = True) -> Dict[str, Any]:
    """Run the checks in this kernel, display them as an HTML table, and return the JSON report (a dict).

    When a model is named and no token is found anywhere (HF_TOKEN, the saved login, the Colab secret), a hidden
    prompt asks for one; Enter skips it. The token stays in memory and is never shown.
    """
    context = SystemContext(simulated_gpu=gpu, model=model,
                            generation=GenerationOptions(prompt=prompt, max_new_tokens=max_new_tokens))
    if model and ask_token and not context.token_sources():
        typed = getpass.getpass("Hugging Face token (hidden; press Enter to skip): ")
        if typed.strip():
            context = SystemContext(simulated_gpu=gpu, model=model, token=typed, token_source="prompt",
                                    generation=GenerationOptions(prompt=prompt, max_new_tokens=max_new_tokens))
    started = time.monotonic()
    results = run_checks(all_checks(model, smoke), context)
    elapsed = time.monotonic() - started
    if display:
        _display(render_html(results, title=header(__version__, gpu), elapsed=elapsed))
    return build_report(results, context.now(), model=model, simulated_gpu=gpu)


def _display(html: str) -> None:
    try:
        from IPython.display import HTML, display
    except ImportError:  # not in IPython: nothing to display, the report is still returned
        return
    display(HTML(html))
