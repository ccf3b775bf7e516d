"""The options that several commands take, declared once (and ``gpu_key``, the ``--gpu`` spelling rules)."""
from __future__ import annotations

from typing import Optional

import click

from .checks.gpus import NO_GPU, SIMULATABLE
from .i18n import LANGUAGES, Speaker, speaker


def gpu_key(value: str) -> Optional[str]:
    """The canonical spelling of a simulatable GPU ("t4" -> "T4"), or None when there is no such GPU."""
    for key in (*SIMULATABLE, NO_GPU):
        if key.lower() == value.strip().lower():
            return key
    return None


def _gpu_option(ctx: click.Context, param: click.Parameter, value: Optional[str]) -> Optional[str]:
    """Case-insensitive, answered with the canonical spelling ("t4" -> "T4")."""
    if value is None:
        return None
    key = gpu_key(value)
    if key is not None:
        return key
    say = speaker(_lang_of(ctx))
    raise click.BadParameter(say.t("ui.error.unknown_gpu", value=repr(value), choices=", ".join((*SIMULATABLE, NO_GPU))))


def _model_option(ctx: click.Context, param: click.Parameter, value: Optional[str]) -> Optional[str]:
    """``--model ""`` (an unset shell variable: ``--model "$MODEL"``) is a mistake to say, never a run without
    the model checks that still ends "Ready"."""
    if value is None or value.strip():
        return value
    raise click.BadParameter(speaker(_lang_of(ctx)).t("ui.error.empty_model"))


# Options that several commands take, declared once.
GPU_OPTION = click.option("--gpu", "simulated_gpu", metavar="|".join((*SIMULATABLE, NO_GPU)), callback=_gpu_option,
                          help="Plan for this GPU instead of the one in this machine (marked as simulated).")
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print the JSON report, and nothing else, on stdout.")
VERBOSE_OPTION = click.option("--verbose", "-v", is_flag=True, help="Show the details behind each result.")
MODEL_CALLBACK = _model_option
NO_COLOR_OPTION = click.option("--no-color", is_flag=True, help="Plain text, even in a terminal.")


def _lang_of(ctx: click.Context) -> Optional[str]:
    """The --lang given on this command line so far (it is eager, so parsed before the other options)."""
    while ctx is not None:
        if ctx.params.get("lang"):
            return str(ctx.params["lang"])
        ctx = ctx.parent  # type: ignore[assignment]
    return None


def command_speaker(ctx: click.Context) -> Speaker:
    """The Speaker of a command: its --lang (or the group's: ``hf-doctor --lang ko check``), else HF_DOCTOR_LANG,
    else the locale."""
    return speaker(_lang_of(ctx))


LANG_OPTION = click.option("--lang", type=click.Choice(LANGUAGES), is_eager=True,
                           help="Language of everything said: " + " or ".join(LANGUAGES)
                           + " (default: HF_DOCTOR_LANG, else the locale).")
