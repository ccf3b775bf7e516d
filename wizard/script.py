"""The script ``hf-doctor script`` writes: a short program that runs one model on this machine, as the checks
found it (the dtype native here, 4-bit when only that fits, the chat template when the model has one).

The program depends on transformers, torch and accelerate only, never on hf-doctor, and reads as a beginner's
example: each step has one comment in the chosen language, the token never appears (huggingface_hub finds it),
and it prints how long the load took and the speed of the answer. :func:`python_script` gives it as a ``.py``
file, :func:`notebook` as an ``.ipynb`` whose cells are the same steps.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import click
from packaging.version import InvalidVersion, Version

from .checks import core, ids
from .checks.fit import FitPlan, FitVerdict
from .checks.generation import INSTRUCTION, SYSTEM_PROMPT
from .checks.gpu import Bf16Support, GpuDevice
from .checks.planning import Examined, examine
from .checks.result import Status
from .checks.text import Msg, Text
from .i18n import Speaker
from .options import GPU_OPTION, LANG_OPTION, NO_COLOR_OPTION, command_speaker
from .render import render_plain, render_rich
from .sink import Sink
from .textui import PROSE_WIDTH, terminal_width, wrap_lines

COMMENT_WIDTH = 100   # display columns (Hangul takes two), as a code editor shows them
# transformers 4.56 renamed from_pretrained's torch_dtype= to dtype= (the old name warns, then goes away).
DTYPE_ARGUMENT_SINCE = Version("4.56")


@dataclass(frozen=True)
class Recipe:
    """What the script does. ``device`` is ``"gpu"`` or ``"cpu"``; ``dtype`` the weights' (or, in 4-bit, the
    compute) dtype; ``where`` names the machine in the header ("Tesla T4", "the CPU")."""

    model: str
    device: str
    dtype: str
    four_bit: bool
    chat: bool
    prompt: str
    system: Optional[str] = None
    where: str = ""
    max_new_tokens: int = 256
    sample: bool = False
    dtype_argument: str = "dtype"


def dtype_argument(transformers_version: Optional[str]) -> str:
    """``dtype`` for the installed transformers, ``torch_dtype`` for one older than 4.56 (unknown: the new name)."""
    try:
        return "torch_dtype" if transformers_version and Version(transformers_version) < DTYPE_ARGUMENT_SINCE \
            else "dtype"
    except InvalidVersion:
        return "dtype"


Say = Callable[[Text], str]


def _comment(say: Say, message: Msg) -> List[str]:
    return wrap_lines(say(message), COMMENT_WIDTH, "# ", "# ")


def _literal(text: str) -> str:
    """A Python string literal in double quotes that keeps Hangul readable (JSON's escapes are Python's too)."""
    return json.dumps(text, ensure_ascii=False)


def _printed(say: Say, message: Msg) -> str:
    """``print(f"…")`` of a message whose placeholders are the script's own expressions (``{load_s:.1f}``)."""
    return "print(f" + _literal(say(message)) + ")"


def steps(recipe: Recipe, say: Say) -> List[Tuple[str, List[str]]]:
    """The program as (title, lines) steps: the ``.py`` joins them, the notebook makes each a cell."""
    names = ["AutoModelForCausalLM", "AutoTokenizer"] + (["BitsAndBytesConfig"] if recipe.four_bit else []) + \
        ["TextStreamer"]
    imports = ["import time", "", "import torch", f"from transformers import {', '.join(names)}"]
    header = _comment(say, Msg("script.comment.header", model=recipe.model, where=recipe.where)) + \
        _comment(say, Msg("script.comment.token"))
    setup = header + [""] + imports + ["", f"MODEL_ID = {_literal(recipe.model)}"]

    load: List[str] = []
    dtype = f"torch.{recipe.dtype}"
    if recipe.four_bit:
        load += _comment(say, Msg("script.comment.load_4bit", dtype=recipe.dtype)) + [
            "#   pip install bitsandbytes",
            'quantization = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4",',
            f"                                  bnb_4bit_compute_dtype={dtype})"]
        arguments = 'quantization_config=quantization, device_map="auto"'
    elif recipe.device == "gpu":
        load += _comment(say, Msg("script.comment.load_gpu", dtype=recipe.dtype))
        arguments = f'{recipe.dtype_argument}={dtype}, device_map="auto"'
    else:
        load += _comment(say, Msg("script.comment.load_cpu", dtype=recipe.dtype))
        arguments = f"{recipe.dtype_argument}={dtype}"
    load += ["started = time.perf_counter()",
             "tokenizer = AutoTokenizer.from_pretrained(MODEL_ID)",
             f"model = AutoModelForCausalLM.from_pretrained(MODEL_ID, {arguments})",
             "load_s = time.perf_counter() - started",
             _printed(say, Msg("script.print.loaded", seconds="{load_s:.1f}"))]

    prompt: List[str] = []
    if recipe.chat:
        prompt += _comment(say, Msg("script.comment.chat")) + ["messages = ["]
        if recipe.system:
            prompt.append(f'    {{"role": "system", "content": {_literal(recipe.system)}}},')
        prompt += [f'    {{"role": "user", "content": {_literal(recipe.prompt)}}},', "]",
                   "inputs = tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors=\"pt\",",
                   "                                       return_dict=True).to(model.device)"]
    else:
        prompt += _comment(say, Msg("script.comment.base")) + [
            f"prompt = {_literal(recipe.prompt)}",
            'inputs = tokenizer(prompt, return_tensors="pt").to(model.device)']

    sampling = "do_sample=True, temperature=1.0, top_p=0.9" if recipe.sample else "do_sample=False"
    generate = _comment(say, Msg("script.comment.generate")) + [
        "streamer = TextStreamer(tokenizer, skip_prompt=True, skip_special_tokens=True)",
        "started = time.perf_counter()",
        f"output = model.generate(**inputs, max_new_tokens={recipe.max_new_tokens}, {sampling}, streamer=streamer)",
        "seconds = time.perf_counter() - started",
        'new_tokens = output.shape[-1] - inputs["input_ids"].shape[-1]',
        _printed(say, Msg("script.print.speed", tokens="{new_tokens}", seconds="{seconds:.1f}",
                          speed="{new_tokens / seconds:.1f}"))]
    return [("setup", setup), ("load", load), ("prompt", prompt), ("generate", generate)]


def python_script(recipe: Recipe, say: Say) -> str:
    return "\n\n".join("\n".join(lines) for _, lines in steps(recipe, say)) + "\n"


def notebook(recipe: Recipe, say: Say) -> Dict[str, object]:
    """An nbformat 4 notebook: a title cell, then one code cell per step."""
    cells: List[Dict[str, object]] = [{"cell_type": "markdown", "metadata": {}, "source": [
        say(Msg("script.notebook.title", model=recipe.model, where=recipe.where))]}]
    for _, lines in steps(recipe, say):
        source = [line + "\n" for line in lines]
        source[-1] = source[-1].rstrip("\n")
        cells.append({"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                      "source": source})
    return {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                                        "name": "python3"},
                                         "language_info": {"name": "python"}},
            "nbformat": 4, "nbformat_minor": 4}


def recipe_for(examined: Examined, say: Say, prompt: Optional[str] = None, max_new_tokens: int = 256,
               sample: bool = False) -> Optional[Recipe]:
    """The recipe model.fit's plan allows, or None where no plan runs the model here (it does not fit, the
    disk is too small, or the model could not be read: the report says which)."""
    report = examined.report
    plan = FitPlan.of(report.result(ids.MODEL_FIT))
    if plan is None or plan.verdict is None or plan.dtype is None or report.model is None:
        return None
    if plan.verdict in (FitVerdict.NO_FIT, FitVerdict.NO_DISK):
        return None
    four_bit = plan.dtype == "int4" or plan.recommended == "int4"
    dtype = plan.dtype
    if dtype == "int4":   # the user chose 4-bit: it computes in the GPU's native 16-bit type
        bf16 = Bf16Support.of(report.result(ids.GPU_BF16))
        dtype = bf16.recommended_dtype if bf16 is not None else "float16"
    device = GpuDevice.of(report.result(ids.GPU_DEVICE))
    on_gpu = plan.gpu is not None and plan.verdict is not FitVerdict.FITS_CPU
    if not on_gpu:
        where = say(Msg("script.where.cpu"))
    elif device is not None and device.simulated and device.gpus:
        where = say(Msg("script.where.simulated", gpu=device.gpus[0].name))
    else:
        where = plan.gpu or ""
    chat = examined.chat_template
    return Recipe(model=report.model, device="gpu" if on_gpu else "cpu", dtype=dtype, four_bit=four_bit and on_gpu,
                  chat=chat, prompt=prompt or INSTRUCTION, system=SYSTEM_PROMPT if chat else None, where=where,
                  max_new_tokens=max_new_tokens, sample=sample,
                  dtype_argument=dtype_argument(examined.version("transformers")))


@click.command()
@click.option("--model", required=True, metavar="REPO_ID", help="The model the script runs, e.g. meta-llama/Llama-3.1-8B-Instruct.")
@GPU_OPTION
@click.option("--notebook", "as_notebook", is_flag=True, help="Write a Jupyter/Colab notebook (.ipynb) instead of a .py file.")
@click.option("--output", type=click.Path(dir_okay=False), help="The file to write (never an existing one). "
              "Default: run_<model name>.py (or .ipynb) in this folder, numbered if that name is taken.")
@click.option("--prompt", help="The instruction the script sends (default: the seed tutorial's Korean one).")
@click.option("--max-new-tokens", type=click.IntRange(1, 4096), default=256, show_default=True, help="Tokens to generate.")
@LANG_OPTION
@NO_COLOR_OPTION
@click.pass_context
def script(ctx: click.Context, model: str, simulated_gpu: Optional[str], as_notebook: bool, output: Optional[str],
           prompt: Optional[str], max_new_tokens: int, lang: Optional[str], no_color: bool) -> None:
    """Write a script (or notebook) that runs MODEL on this machine, as the checks found it; exit 1 when it
    cannot run here yet (the problems are listed above the file's name)."""
    say = command_speaker(ctx)
    if output is not None and Path(output).exists():   # refused before anything runs, never replaced
        raise click.UsageError(say.t("script.error.exists", path=output))
    examined, console = run_checks_for(ctx, say, core.Request(model=model, simulated_gpu=simulated_gpu),
                                       color=not no_color)
    problems = [r for r in examined.report.results if r.status in (Status.FAIL, Status.WARN, Status.ERROR)]
    width = terminal_width(limit=PROSE_WIDTH)
    if problems and console is not None:   # a terminal: the rows as `check` shows them
        render_rich(say, console, problems, title=say.t("script.problems"), with_verdict=False)
    elif problems:
        click.echo(render_plain(say, problems, title=say.t("script.problems"), width=width, with_verdict=False))
    recipe = recipe_for(examined, say, prompt, max_new_tokens)
    if recipe is None:
        click.echo("\n".join(wrap_lines(say.t("script.cannot", model=examined.report.model or model), width)))
        ctx.exit(1)
    text = script_text(recipe, say, as_notebook)
    try:
        written = (write_new(Path(output), text) if output is not None else
                   write_beside(Path("."), script_stem(recipe.model), ".ipynb" if as_notebook else ".py", text))
    except FileExistsError as exc:
        raise click.UsageError(say.t("script.error.exists", path=output)) from exc
    except OSError as exc:
        raise click.UsageError(say.t("script.error.unwritable", path=output or ".",
                                     reason=exc.strerror or str(exc))) from exc
    how = (say.t("script.how.4bit", dtype=recipe.dtype) if recipe.four_bit else say.t("script.how.dtype", dtype=recipe.dtype))
    lines = wrap_lines(say.t("script.written", path=str(written), model=recipe.model, where=recipe.where, how=how), width)
    lines += wrap_lines(say.t("script.run_notebook") if as_notebook else say.t("script.run"), width)
    if not as_notebook:
        lines.append(f"  $ python {_shell_word(str(written))}")
    click.echo("\n".join(lines))
    ctx.exit(1 if any(r.status in (Status.FAIL, Status.ERROR) for r in examined.report.results) else 0)


def run_checks_for(ctx: click.Context, say: Speaker, request: core.Request, quiet: bool = False,
                   color: bool = True) -> Tuple[Examined, Any]:
    """The checks of ``check --model``, with the live status line of a check while they run (``quiet``: none,
    for a JSON answer); and the sink's console (None without a terminal), to show rows as ``check`` does."""
    make_context = (ctx.obj or {}).get("context_factory")
    sink = Sink.choose(say, quiet=quiet, color=color, status=say.t("ui.progress.checking"))
    world = core.World(notify=sink.notify) if make_context is None else \
        core.World(make_context=make_context, notify=sink.notify)
    with sink.running():
        return examine(request, world), sink.console


def script_text(recipe: Recipe, say: Say, as_notebook: bool) -> str:
    """The script as the file holds it: Python, or the notebook's JSON."""
    return json.dumps(notebook(recipe, say), indent=1, ensure_ascii=False) + "\n" if as_notebook \
        else python_script(recipe, say)


def script_stem(model: str) -> str:
    """``run_<model name>``: the default name of a model's script."""
    return "run_" + "".join(c if c.isalnum() or c in "-_." else "_" for c in model.rstrip("/").split("/")[-1])


def write_new(path: Path, text: str) -> Path:
    """Write ``text`` to a file that must not exist yet, created exclusively: a file that appeared meanwhile is
    not overwritten either (FileExistsError)."""
    with open(path, "x", encoding="utf-8") as handle:
        handle.write(text)
    return path


def write_beside(folder: Path, stem: str, suffix: str, text: str) -> Path:
    """``text`` in ``folder/<stem><suffix>``, or ``<stem>-2``, ``-3``, …: the first name that is free, each
    created exclusively, so that no file, not even one that appears meanwhile, is ever written over."""
    number = 1
    while True:
        try:
            return write_new(folder / f"{stem}{'-' + str(number) if number > 1 else ''}{suffix}", text)
        except FileExistsError:
            number += 1


def _shell_word(text: str) -> str:
    import shlex

    return shlex.quote(text) if os.name != "nt" else text
