"""``hf_doctor.run()``: the check inside a notebook kernel, where Colab secrets are readable, shown as HTML.

A ``!hf-doctor`` shell cell runs in a separate process that Colab's secret store does not serve; the kernel
itself can read the secret through huggingface_hub, so this is the way to check a Colab notebook's real setup.
``%hf_doctor`` (after ``%load_ext hf_doctor``, or ``import hf_doctor`` in IPython) is the same as a line magic.
"""
from __future__ import annotations

import getpass
import os
import shlex
import time
from typing import Any, Dict, List, Optional, Tuple

from hf_doctor.checks import __version__
from hf_doctor.checks.context import SystemContext
from hf_doctor.checks.engine import run_checks
from hf_doctor.checks.generation import GenerationOptions
from hf_doctor.checks.messages import LANGUAGES, language, speaking, t
from hf_doctor.checks.registry import all_checks
from hf_doctor.checks.report import build_report

from .render import header, render_html

MAGIC_USAGE = "%hf_doctor --model ID [--gpu T4] [--smoke] [--lang ko]"


def run(model: Optional[str] = None, gpu: Optional[str] = None, smoke: bool = False, ask_token: bool = True,
        prompt: Optional[str] = None, max_new_tokens: int = 64, display: bool = True,
        lang: Optional[str] = None) -> Dict[str, Any]:
    """Run the checks in this kernel, display them as an HTML table, and return the JSON report (a dict).

    When a model is named and no token is found anywhere (HF_TOKEN, the saved login, the Colab secret), a hidden
    prompt asks for one; Enter skips it. The token stays in memory and is never shown.

    ``lang`` ("en" or "ko") is the language of the prompt and the table; by default HF_DOCTOR_LANG, else the
    locale. The kernel's language is what it was after the run.
    """
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(t("ui.error.unknown_language", value=repr(lang), choices=", ".join(LANGUAGES)))
    with speaking(language(lang, os.environ)):
        return _run(model, gpu, smoke, ask_token, GenerationOptions(prompt=prompt, max_new_tokens=max_new_tokens),
                    display)


def _run(model: Optional[str], gpu: Optional[str], smoke: bool, ask_token: bool, generation: GenerationOptions,
         display: bool) -> Dict[str, Any]:
    context = SystemContext(simulated_gpu=gpu, model=model, generation=generation)
    if model and ask_token and not context.token_sources():
        typed = getpass.getpass(t("ui.notebook.token_prompt"))
        if typed.strip():
            context = SystemContext(simulated_gpu=gpu, model=model, token=typed, token_source="prompt",
                                    generation=generation)
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


class MagicUsageError(ValueError):
    """A ``%hf_doctor`` line that cannot be run; the message is in the language the line asked for."""


def magic(line: str) -> None:
    """``%hf_doctor --model ID [--gpu T4] [--smoke] [--lang ko]``: ``hf_doctor.run()`` as an IPython line magic.

    It shows the same HTML table; call ``hf_doctor.run()`` to keep the report. A bad line is one UsageError line.
    """
    from IPython.core.error import UsageError

    try:
        options = parse_magic_line(line)
    except MagicUsageError as exc:
        raise UsageError(str(exc)) from None
    run(**options)


def parse_magic_line(line: str) -> Dict[str, Any]:
    """The magic's line as ``run()``'s keyword arguments (shell quoting allowed: ``--model 'a/b'``)."""
    try:
        tokens: List[str] = shlex.split(line)
    except ValueError as exc:   # an unclosed quote
        with speaking(language(None, os.environ)):
            raise MagicUsageError(t("ui.magic.unparsable", error=exc, usage=MAGIC_USAGE)) from None
    values: Dict[str, Any] = {}
    problem: Optional[Tuple[str, Dict[str, str]]] = None   # the first one: ui.magic.<kind> and its parameters
    i = 0
    while i < len(tokens):   # read on after a problem: a later --lang says in which language to report it
        name, equals, value = tokens[i].partition("=")
        if name == "--smoke" and not equals:
            values["smoke"] = True
        elif name in ("--model", "--gpu", "--lang"):
            if not equals:
                if i + 1 == len(tokens) or tokens[i + 1].startswith("--"):
                    problem = problem or ("missing_value", {"option": name})
                    i += 1
                    continue
                i += 1
                value = tokens[i]
            values[name[2:]] = value
        else:
            problem = problem or ("unknown_argument", {"argument": repr(tokens[i])})
        i += 1
    lang = values.get("lang")
    # Errors are said in the language the line asked for, when it names one that exists.
    with speaking(language(lang if lang in LANGUAGES else None, os.environ)):
        if problem is not None:
            kind, params = problem
            raise MagicUsageError(t(f"ui.magic.{kind}", usage=MAGIC_USAGE, **params))
        if lang is not None and lang not in LANGUAGES:
            raise MagicUsageError(t("ui.error.unknown_language", value=repr(lang), choices=", ".join(LANGUAGES)))
        if "gpu" in values:
            values["gpu"] = _gpu(values["gpu"])
    return values


def _gpu(value: str) -> str:
    from hf_doctor.checks.gpus import NO_GPU, SIMULATABLE

    from .options import gpu_key   # the command line's spelling rules ("t4" is T4); click is light

    key = gpu_key(value)
    if key is None:
        raise MagicUsageError(t("ui.error.unknown_gpu", value=repr(value), choices=", ".join((*SIMULATABLE, NO_GPU))))
    return key
