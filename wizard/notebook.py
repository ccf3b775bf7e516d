"""``hf_doctor.run()``: the check inside a notebook kernel, where Colab secrets are readable, shown as HTML.

A ``!hf-doctor`` shell cell runs in a separate process that Colab's secret store does not serve; the kernel
itself can read the secret through huggingface_hub, so this is the way to check a Colab notebook's real setup.
``%hf_doctor`` (after ``%load_ext hf_doctor``, or ``import hf_doctor`` in IPython) is the same as a line magic.
"""
from __future__ import annotations

import getpass
import os
import shlex
from dataclasses import replace
from html import escape as html_escape
from typing import Any, Dict, List, Optional, Tuple

from .checks import __version__, causes, core, secrets
from .checks.generation import GenerationOptions
from .checks.hub_client import PROMPT
from .checks.ids import HUB_TOKEN
from .checks.planning import examine
from .checks.profile import ProfileError
from .checks.profile import load as load_profile
from .checks.registry import BY_ID
from .checks.report import Report
from .checks.text import Msg
from .i18n import LANGUAGES, Speaker, language
from .progress import library_progress_silenced
from .render import header, render_html
from .script import python_script, recipe_for

MAGIC_USAGE = "%hf_doctor --model ID [--gpu T4] [--smoke] [--context N] [--profile FILE] [--student NAME] [--lang ko]"


def run(model: Optional[str] = None, gpu: Optional[str] = None, smoke: bool = False, ask_token: bool = True,
        prompt: Optional[str] = None, max_new_tokens: int = 64, display: bool = True,
        lang: Optional[str] = None, profile: Optional[str] = None, student: Optional[str] = None,
        include_user: bool = False, context: Optional[int] = None) -> Dict[str, Any]:
    """Run the checks in this kernel, display them as an HTML table, and return the JSON report (a dict).

    When a model is named and no token is found anywhere (HF_TOKEN, the saved login, the Colab secret), a hidden
    prompt asks for one; Enter skips it. The token stays in memory and is never shown. A front end that cannot
    take input (a notebook run by nbclient, papermill or ``nbconvert --execute``) is not asked: the run goes on
    without a token and the token row says how to give the kernel one. There is deliberately no ``token=``
    argument: a token written in a cell is saved in the .ipynb file, which is what people share.

    With a model that can run here, the report also holds ``"script"``: a program that runs it on this machine
    (``hf-doctor script``'s), shown folded under the table, to paste into the next cell.

    ``lang`` ("en" or "ko") is the language of the prompt, the table and the report; by default HF_DOCTOR_LANG,
    else the locale. ``profile`` (a course profile's TOML file) and ``student`` (a name for the report) work as
    ``check --profile`` and ``--student`` do; ``context`` (tokens) the KV cache is planned for, as ``--context``.
    """
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(Speaker(language(None, os.environ)).t(
            "ui.error.unknown_language", value=repr(lang), choices=", ".join(LANGUAGES)))
    say = Speaker(language(lang, os.environ))
    request = core.Request(model=model, simulated_gpu=gpu, smoke=smoke, student=student, include_user=include_user,
                           profile=_profile(say, profile), generation=GenerationOptions(
                               prompt=prompt, max_new_tokens=max_new_tokens, context=context)).with_profile()
    cannot_ask = False
    with library_progress_silenced():   # from the first look at huggingface_hub, which imports tqdm
        world = core.World()
        if request.model and ask_token and not world.context(request).token_sources():
            typed = _ask_token(say)
            cannot_ask = typed is None
            if typed and typed.strip():
                request = replace(request, token=typed, token_source=PROMPT)
        examined = examine(request, world)
    report = examined.report
    if cannot_ask:
        report = _say_how_to_pass_a_token(report)
    document = report.to_json(say)
    recipe = recipe_for(examined, say, prompt) if request.model else None
    if recipe is not None:   # the offer: code that runs this model here, for the next cell
        document["script"] = python_script(recipe, say)
    if display:
        html = render_html(say, list(report.results), title=header(say, __version__, request.simulated_gpu),
                           elapsed=report.elapsed_s)
        _display(html + (_script_html(say, recipe.model, document["script"]) if recipe is not None else ""))
    return document


def _script_html(say: Speaker, model: str, code: str) -> str:
    """The script under the table, folded: its summary says what it is and where else it is kept."""
    return (f'<details class="hf-doctor-script" style="margin-top:8px"><summary>'
            f'{html_escape(say.t("ui.notebook.script", model=model))}</summary>'
            '<pre style="margin:4px 0;padding:6px 8px;text-align:left;white-space:pre-wrap;color:#1f2328;'
            f'background:#f6f8fa">{html_escape(code)}</pre></details>')


def _ask_token(say: Speaker) -> Optional[str]:
    """What was typed at the hidden prompt ("" when skipped), or None when this front end takes no input."""
    try:
        return getpass.getpass(say.t("ui.notebook.token_prompt"))
    except (NotImplementedError, EOFError):   # ipykernel's StdinNotImplementedError is a NotImplementedError
        return None


def _say_how_to_pass_a_token(report: Report) -> Report:
    """The token row's fix for a notebook that could not be asked: the usual advice ("log in, the prompt hides
    what you type") cannot be followed from a cell that takes no input. Its commands and page stay; a refused
    Colab secret keeps its own fix (the secret is there, only access is missing)."""
    def fixed(result: Any) -> Any:
        if (result.id != HUB_TOKEN or result.cause != causes.TOKEN_MISSING or result.fix is None
                or getattr(result.data, "colab_secret", None) == "not_granted"):
            return result
        return replace(result, fix=replace(result.fix, text=Msg("ui.notebook.no_input.fix")))

    return replace(report, results=tuple(fixed(result) for result in report.results))


def _profile(say: Speaker, path: Optional[str]) -> Optional[Any]:
    if path is None:
        return None
    try:
        return load_profile(path, list(BY_ID))
    except ProfileError as exc:
        raise ValueError(say(exc.message)) from None


def _display(html: str) -> None:
    try:
        from IPython.display import HTML, display
    except ImportError:  # not in IPython: nothing to display, the report is still returned
        return
    display(HTML(secrets.scrub(html)))   # the secrets' last line of defence, as for the command's streams


class MagicUsageError(ValueError):
    """A ``%hf_doctor`` line that cannot be run; the message is in the language the line asked for."""


def magic(line: str) -> None:
    """``%hf_doctor --model ID [--gpu T4] [--smoke] [--context N] [--profile FILE] [--student NAME] [--lang ko]``:
    ``hf_doctor.run()`` as an IPython line magic.

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
        say = Speaker(language(None, os.environ))
        raise MagicUsageError(say.t("ui.magic.unparsable", error=exc, usage=MAGIC_USAGE)) from None
    values: Dict[str, Any] = {}
    problem: Optional[Tuple[str, Dict[str, str]]] = None   # the first one: ui.magic.<kind> and its parameters
    i = 0
    while i < len(tokens):   # read on after a problem: a later --lang says in which language to report it
        name, equals, value = tokens[i].partition("=")
        if name == "--smoke" and not equals:
            values["smoke"] = True
        elif name in ("--model", "--gpu", "--lang", "--profile", "--student", "--context"):
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
    say = Speaker(language(lang if lang in LANGUAGES else None, os.environ))
    if problem is not None:
        kind, params = problem
        raise MagicUsageError(say.t(f"ui.magic.{kind}", usage=MAGIC_USAGE, **params))
    if lang is not None and lang not in LANGUAGES:
        raise MagicUsageError(say.t("ui.error.unknown_language", value=repr(lang), choices=", ".join(LANGUAGES)))
    if "gpu" in values:
        values["gpu"] = _gpu(say, values["gpu"])
    if "context" in values:
        values["context"] = _tokens(say, "--context", values["context"])
    return values


def _tokens(say: Speaker, option: str, value: str) -> int:
    """A token count, as ``check --context`` takes it: a whole number from 1."""
    if not value.isdigit() or int(value) < 1:
        raise MagicUsageError(say.t("ui.magic.not_a_count", option=option, value=repr(value), usage=MAGIC_USAGE))
    return int(value)


def _gpu(say: Speaker, value: str) -> str:
    from hf_doctor.checks.gpus import NO_GPU, SIMULATABLE

    from .options import gpu_key   # the command line's spelling rules ("t4" is T4); click is light

    key = gpu_key(value)
    if key is None:
        raise MagicUsageError(say.t("ui.error.unknown_gpu", value=repr(value),
                                    choices=", ".join((*SIMULATABLE, NO_GPU))))
    return key
