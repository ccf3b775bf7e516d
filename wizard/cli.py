"""The ``hf-doctor`` command line. It imports click and the checks' engine, nothing heavy."""
from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from typing import IO, Any, Callable, FrozenSet, List, Optional, Sequence, Tuple

import click

from .checks import __version__, causes, core, secrets
from .checks.context import Context, SystemContext
from .checks.generation import GenerationOptions
from .checks.hub import TOKEN_STDIN
from .checks.hub_client import MAX_TOKEN_BYTES, TOKEN_FILE, read_token_bytes, save_login, saved_login_token
from .checks.profile import Profile, ProfileError
from .checks.profile import load as load_profile
from .checks.registry import BY_ID
from .checks.report import ExitCode, Report, dumps, exit_code
from .checks.result import CheckResult
from .checks.text import Msg, Text, join
from .entry import ctrl_c_behind
from .i18n import LANGUAGES, Speaker, language
from .markdown import render_markdown
from .options import (GPU_OPTION, JSON_OPTION, LANG_OPTION, MODEL_CALLBACK, NO_COLOR_OPTION, VERBOSE_OPTION,
                      command_speaker)
from .render import header, render_plain, render_rich
from .sink import RICH, Sink
from .textui import PROSE_WIDTH, can_encode, stream_encoding, terminal_width

class DoctorGroup(click.Group):
    """Bad arguments give one line and exit 2; Ctrl-C exits 130; a crash exits 3. Never a raw traceback.

    The commands most runs do not need (``explain``, ``summarize``) are imported only when they are asked for,
    click's documented lazy loading, so that ``check`` starts as fast as before they existed.
    """

    LAZY = {"explain": "hf_doctor.explain:explain", "summarize": "hf_doctor.summarize:summarize",
            "script": "hf_doctor.script:script", "lint": "hf_doctor.lint:lint"}

    def list_commands(self, ctx: click.Context) -> List[str]:
        return sorted([*super().list_commands(ctx), *self.LAZY])

    def get_command(self, ctx: click.Context, cmd_name: str) -> Optional[click.Command]:
        if cmd_name in self.LAZY:
            import importlib

            module, name = self.LAZY[cmd_name].split(":")
            command: click.Command = getattr(importlib.import_module(module), name)
            return command
        return super().get_command(ctx, cmd_name)

    def main(self, args: Optional[Sequence[str]] = None, prog_name: Optional[str] = None,
             complete_var: Optional[str] = None, standalone_mode: bool = True, **extra: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        code = self._run(argv, prog_name, complete_var, **extra)
        if standalone_mode:
            sys.exit(code)
        return code

    def _run(self, argv: List[str], prog_name: Optional[str], complete_var: Optional[str], **extra: Any) -> int:
        # "hf-doctor: " before each error is the program's name, the same in every language. An error is said
        # in the language the line asked for (a --lang anywhere on it), else HF_DOCTOR_LANG, else the locale.
        def say() -> Speaker:
            return Speaker(language(_lang_in(argv), os.environ))

        try:
            code = super().main(argv, prog_name or "hf-doctor", complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            message = exc.format_message()
            if exc.ctx:
                message = say().t("ui.error.usage_hint", message=message, command=exc.ctx.command_path)
            click.echo(f"hf-doctor: {message}", err=True)
            code = ExitCode.USAGE
        except (click.Abort, KeyboardInterrupt) as exc:
            code = _interrupted(exc, say())
        except click.ClickException as exc:
            click.echo(f"hf-doctor: {exc.format_message()}", err=True)
            code = exc.exit_code
        except Exception as exc:  # noqa: BLE001 - the last line of defence: a bug, reported as one
            ctrl_c = ctrl_c_behind(exc)     # a Ctrl-C that Python wrapped (Python 3.11: in a class being made)
            if ctrl_c is not None:
                return int(_interrupted(ctrl_c, say()))
            click.echo(f"hf-doctor: {say().t('ui.error.internal', error=f'{type(exc).__name__}: {exc}')}", err=True)
            if os.environ.get("HF_DOCTOR_DEBUG"):
                traceback.print_exc()
            code = ExitCode.INTERNAL
        return int(code or 0)


def _interrupted(exc: BaseException, speaker: Speaker) -> ExitCode:
    """One line, naming the step when the run knew it (the sink's Interrupted); never a traceback. (click turns a
    KeyboardInterrupt into Abort, keeping it as the cause.)"""
    step = getattr(exc, "step", None) or getattr(exc.__cause__, "step", None)
    message = (speaker.t("ui.error.interrupted_during", step=speaker(step)) if step is not None
               else speaker.t("ui.error.interrupted"))
    click.echo(f"hf-doctor: {message}", err=True)
    return ExitCode.INTERRUPTED


def _lang_in(argv: Sequence[str]) -> Optional[str]:
    """The last valid ``--lang`` value before a ``--`` (None when there is none): an error in parsing the line is
    said in that language too, though click never got as far as the option."""
    found: Optional[str] = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            value: Optional[str] = argv[i + 1]
        elif arg.startswith("--lang="):
            value = arg[len("--lang="):]
        else:
            value = None
        if value in LANGUAGES:
            found = value
    return found


@click.group(name="hf-doctor", cls=DoctorGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hf-doctor")
@click.option("--model", metavar="REPO_ID", callback=MODEL_CALLBACK,
              help="The model to check (the wizard asks when it is not given).")
@GPU_OPTION
@LANG_OPTION
@click.pass_context
def cli(ctx: click.Context, model: Optional[str], simulated_gpu: Optional[str], lang: Optional[str]) -> None:
    """Check that this machine can run a Hugging Face model, and say how to fix what cannot.

    Without a command: a guided run in a terminal; without a terminal, the same as `check`.
    """
    if ctx.invoked_subcommand is not None:
        return
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        ctx.invoke(check, model=model, simulated_gpu=simulated_gpu, lang=lang)
        return
    ctx.exit(_guided(command_speaker(ctx), model, simulated_gpu))


def _guided(say: Speaker, model: Optional[str], simulated_gpu: Optional[str]) -> int:
    from .flow import Flow, QuestionaryPrompter

    console = _console()
    # No line stays up between steps (the prompts own the screen then); the download shows its bytes and speed.
    sink = Sink(say, RICH, console)

    def show(results: List[CheckResult], title: str, final: bool) -> None:
        console.print()
        render_rich(say, console, results, title=title, with_verdict=final)

    world = core.World(notify=sink.notify)
    flow = Flow(say=say, prompter=QuestionaryPrompter(say), world=world, show=show, tell=console.print, model=model,
                gpu=simulated_gpu, save_token=_save_token, saved_token=_saved_token, script_folder=Path("."))
    with sink.running():
        return flow.run()


def _save_token(token: str) -> Optional[Text]:
    """huggingface_hub's own login (whoami names the token, HF_TOKEN_PATH written 0600, the name in
    stored_tokens), never replacing another stored token: what to say when a name was taken."""
    saved = save_login(token)
    if saved.taken is None and saved.kept is None:
        return None
    said: List[Text] = [Msg("flow.say.saved_as", name=saved.name)]
    if saved.taken is not None:
        said.append(Msg("flow.say.name_taken", name=saved.taken))
    if saved.kept is not None:
        said.append(Msg("flow.say.previous_kept", name=saved.kept))
    return join(" ", said)


def _saved_token() -> Optional[str]:
    from huggingface_hub import constants

    return saved_login_token(constants.HF_TOKEN_PATH)


def _fail_on_option(ctx: click.Context, param: click.Parameter, values: Tuple[str, ...]) -> Optional[FrozenSet[str]]:
    """``--fail-on a,b --fail-on c`` as the set {a, b, c} of cause ids (None when not given); an id that is not a
    cause id is a usage error that lists the valid ones."""
    if not values:
        return None
    given = [part.strip() for value in values for part in value.split(",") if part.strip()]
    unknown = [cause for cause in given if cause not in causes.ALL]
    if unknown or not given:
        say = command_speaker(ctx)
        value = repr(unknown[0] if unknown else ",".join(values))
        raise click.BadParameter(say.t("ui.error.unknown_cause", value=value, choices=", ".join(sorted(causes.ALL))))
    return frozenset(given)


@cli.command()
@GPU_OPTION
@click.option("--model", metavar="REPO_ID", callback=MODEL_CALLBACK,
              help="Also check access to this model repo, e.g. meta-llama/Llama-3.1-8B.")
@click.option("--smoke", is_flag=True,
              help="With --model: also download what transformers needs and run a timed generation.")
@click.option("--prompt", help="The instruction for the generation (default: the seed tutorial's Korean one).")
@click.option("--sample", is_flag=True, help="Sample (temperature 1.0, top-p 0.9) instead of greedy decoding.")
@click.option("--max-new-tokens", type=click.IntRange(1, 4096), default=64, show_default=True,
              help="Tokens to generate.")
@click.option("--load-in-4bit", is_flag=True, help="Generate with the model loaded in 4-bit (bitsandbytes, CUDA).")
@click.option("--context", type=click.IntRange(1, 10_000_000), metavar="TOKENS",
              help="Plan the KV cache for this many tokens of context (default: the test generation's prompt plus "
                   "--max-new-tokens).")
@click.option("--token-file", type=click.File("rb"),
              help="Read the token from this file ('-' for stdin) instead of HF_TOKEN or the saved login.")
@JSON_OPTION
@click.option("--markdown", "as_markdown", is_flag=True,
              help="Print the report as Markdown, for pasting into an issue or a chat, and nothing else.")
@LANG_OPTION
@click.option("--report", "report_path", type=click.Path(dir_okay=False, writable=True),
              help="Also write the report to this file: JSON, or Markdown when the name ends in .md.")
@click.option("--profile", "profile_path", type=click.Path(dir_okay=False),
              help="Judge against a course profile (a TOML file from your instructor); sets its model.")
@click.option("--fail-on", "fail_on", metavar="CAUSE[,CAUSE…]", multiple=True, callback=_fail_on_option,
              help="Exit 1 only when one of these cause ids is found, as a failure or a warning (e.g. "
                   "gpu_missing,torch_load_refused); every other finding stays in the report but leaves the exit "
                   "code 0 (3 if a check crashed). Repeat it or separate ids with commas.")
@click.option("--student", metavar="NAME", help="A name of your choice for the report (nothing else identifies you).")
@click.option("--include-user", is_flag=True, help="Also put your Hub user name in the report.")
@VERBOSE_OPTION
@NO_COLOR_OPTION
@click.pass_context
def check(ctx: click.Context, simulated_gpu: Optional[str], model: Optional[str], smoke: bool,
          prompt: Optional[str], sample: bool, max_new_tokens: int, load_in_4bit: bool, context: Optional[int],
          token_file: Optional[IO[bytes]], as_json: bool, as_markdown: bool, lang: Optional[str],
          report_path: Optional[str], profile_path: Optional[str], fail_on: Optional[FrozenSet[str]],
          student: Optional[str], include_user: bool, verbose: bool, no_color: bool) -> None:
    """Run every check without asking anything; exit 0 ready, 1 not ready (with --fail-on: one of its causes
    found)."""
    say = command_speaker(ctx)
    make_context: Callable[..., Context] = (ctx.obj or {}).get("context_factory", SystemContext)
    if as_json and as_markdown:
        raise click.UsageError(say.t("ui.error.json_and_markdown"))
    profile = _profile(say, profile_path, model)
    token, token_note = _read_token(say, token_file)
    request = core.Request(
        model=model, smoke=smoke, simulated_gpu=simulated_gpu,
        # The token stays in memory: never an argument, never printed (the context holds it for the checks).
        token=token, token_source=_token_source(token_file), token_note=token_note,
        generation=GenerationOptions(prompt=prompt, sample=sample, max_new_tokens=max_new_tokens,
                                     load_in_4bit=load_in_4bit, context=context),
        profile=profile, student=_student(say, student), include_user=include_user).with_profile()
    if request.smoke and not request.model:
        raise click.UsageError(say.t("ui.error.smoke_needs_model"))
    # One sink owns the screen until the report is printed: its live line and the download's progress; then the
    # table, the model's answer (shown once, at the end, not streamed), the verdict, and nothing after it.
    sink = Sink.choose(say, quiet=as_json or as_markdown, color=not no_color, status=say.t("ui.progress.checking"))
    world = core.World(make_context=make_context, notify=sink.notify)
    with sink.running():
        report = core.check(request, world)

    document = report.to_json(say)
    if report_path:
        _write_report(say, document, report_path)
    if as_json:
        click.echo(dumps(document))
    elif as_markdown:
        click.echo(render_markdown(say, document), nl=False)
    else:
        _show(say, report, verbose, sink.console)
    ctx.exit(int(exit_code(report.results, fail_on)))



def _read_token(say: Speaker, source: Optional[IO[bytes]]) -> Tuple[Optional[str], Optional[Text]]:
    """The token of ``--token-file``, and how its file was read when that was not plain UTF-8 (hub.token says
    it). ``-`` in a terminal is a person typing: a hidden prompt, as getpass asks (on the terminal, never echoed);
    from a pipe or a file at most a token file's size is read, in the encoding it is in (PowerShell writes UTF-16);
    what is no text or far too long to be a token is a usage error that names the file."""
    if source is None:
        return None, None
    if _typed_at_terminal(source):
        import getpass

        return getpass.getpass(say.t("ui.ask.token_file") + " "), None
    try:
        data = source.read(MAX_TOKEN_BYTES + 1)
    except (OSError, ValueError) as exc:
        raise click.BadParameter(str(getattr(exc, "strerror", None) or exc), param_hint="'--token-file'") from exc
    stored = read_token_bytes(data, like_the_libraries=False)
    if stored.problem is not None:
        name = getattr(source, "name", "-")
        raise click.UsageError(say.t("ui.error.token_file", name="-" if name == "<stdin>" else str(name),
                                     problem=say(stored.problem)))
    return (stored.text if stored.text is not None else ""), stored.note


def _token_source(source: Optional[IO[bytes]]) -> str:
    """Where ``--token-file`` took the token from, for what the rows say: piped to ``-`` (the demo passes its
    token so) is standard input; a file, or ``-`` typed at the hidden prompt, is ``--token-file``."""
    if source is None or getattr(source, "name", None) != "<stdin>":
        return TOKEN_FILE
    return TOKEN_FILE if _typed_at_terminal(source) else TOKEN_STDIN


def _typed_at_terminal(source: IO[bytes]) -> bool:
    """Whether ``--token-file``'s stream is a terminal, where a person types (a closed or odd stream is not)."""
    try:
        return source.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _student(say: Speaker, name: Optional[str]) -> Optional[str]:
    """The name a student chose for the report: one line of printable text, at most 100 characters."""
    if name is None:
        return None
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > 100 or not cleaned.isprintable():
        raise click.BadParameter(say.t("ui.error.student_name"), param_hint="'--student'")
    return cleaned


def _profile(say: Speaker, path: Optional[str], model: Optional[str]) -> Optional[Profile]:
    """The course profile, checked whole before anything runs; a broken one is a usage error."""
    if path is None:
        return None
    known = list(BY_ID)
    try:
        profile = load_profile(path, known)
    except ProfileError as exc:
        raise click.UsageError(say(exc.message)) from exc
    if model and profile.model and model != profile.model:
        raise click.UsageError(say.t("ui.error.profile_model", model=model, profile=profile.name,
                                     expected=profile.model))
    if profile.needs_generation and not (model or profile.model):
        raise click.UsageError(say.t("ui.error.profile_needs_model", profile=profile.name))
    return profile


@cli.command()
@click.option("--scenario", "scenario_name", default="default", metavar="NAME",
              help="Which first-run failure to show (see --list). Default: a run that works.")
@click.option("--list", "list_scenarios", is_flag=True, help="List the scenarios and exit.")
@GPU_OPTION
@JSON_OPTION
@LANG_OPTION
@VERBOSE_OPTION
@NO_COLOR_OPTION
@click.pass_context
def demo(ctx: click.Context, scenario_name: str, list_scenarios: bool, simulated_gpu: Optional[str], as_json: bool,
         lang: Optional[str], verbose: bool, no_color: bool) -> None:
    """Run the whole check offline, against a local Hub and a tiny model built here."""
    from .emulator import scenarios

    say = command_speaker(ctx)
    if list_scenarios:
        width = max(len(name) for name in scenarios.CASES)
        for name, listed in scenarios.CASES.items():
            click.echo(f"{name:<{width}}  {say(listed.description)}")
        return
    case = scenarios.CASES.get(scenario_name)
    if case is None:
        raise click.BadParameter(say.t("ui.error.unknown_scenario", name=repr(scenario_name)),
                                 param_hint="'--scenario'")
    flags = [flag for flag, on in (("--json", as_json), ("--verbose", verbose), ("--no-color", no_color)) if on]
    if simulated_gpu:
        flags += ["--gpu", simulated_gpu]
    flags += ["--lang", say.lang]
    ctx.exit(run_demo(say, case, flags, announce=not as_json))


def run_demo(say: Speaker, case: Any, flags: List[str], announce: bool = True) -> int:
    """Start the local Hub, then run `hf-doctor check` against it in a child process, as a user would.

    The child gets a fresh HF_HOME (nothing of the user's cache or saved token is read or written), the
    emulator's endpoint, and the scenario's token on stdin (never in its argument list).
    """
    import tempfile

    from . import child
    from .emulator import scenarios
    from .emulator.server import HubEmulator

    with tempfile.TemporaryDirectory(prefix="hf-doctor-demo-") as home, HubEmulator(scenarios.build()) as hub:
        env = {k: v for k, v in os.environ.items() if k not in _DEMO_CLEARED}
        env.update(hub.environment(), HF_HOME=home, **case.env)
        if announce:
            # Wrapped between words by display width: a terminal folding it would cut a (Korean) word in half.
            # Not a terminal (a log file): nothing folds it, each line is left whole.
            from .textui import UNLIMITED, wrap_lines

            banner = say.t("ui.demo.banner", name=case.name, description=case.description, endpoint=hub.endpoint,
                           model=case.model)
            width = terminal_width(sys.stderr, limit=PROSE_WIDTH, fallback=UNLIMITED)
            click.echo("\n".join(wrap_lines(banner, width, "", "  ")), err=True)
        argv = [sys.executable, "-m", "hf_doctor", "check", "--model", case.model, *(["--smoke"] if case.smoke else []),
                *flags]
        token = case.token
        if token is not None:
            argv += ["--token-file", "-"]
        return child.run(argv, env, token if token is not None else "")


# The demo must not use, or send to the local Hub, whatever the user has configured for the real one.
_DEMO_CLEARED = ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_ENDPOINT",
                 "HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "HF_TOKEN_PATH", "HF_HOME")


def _show(say: Speaker, report: Report, verbose: bool, console: Any) -> None:
    title = header(say, __version__, report.simulated_gpu)
    results, elapsed = list(report.results), report.elapsed_s
    if console is not None:
        render_rich(say, console, results, title=title, verbose=verbose, elapsed=elapsed, answer=True)
        return
    width = terminal_width(sys.stdout, limit=PROSE_WIDTH, fallback=100)
    click.echo(render_plain(say, results, title=title, width=width, verbose=verbose,
                            ascii_only=not can_encode("✓☠→"), encoding=stream_encoding(), elapsed=elapsed,
                            answer=True), nl=False)


def _console() -> Any:
    from rich.console import Console

    return Console(highlight=False)


def _write_report(say: Speaker, report: dict, path: str) -> None:
    # The secrets' last line of defence, as for everything printed (sink.ScrubbedStream).
    text = render_markdown(say, report) if path.lower().endswith(".md") else dumps(report) + "\n"
    try:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(secrets.scrub(text))
    except OSError as exc:
        raise click.UsageError(say.t("ui.error.report_unwritable", path=path, reason=exc.strerror or exc)) from exc




def main() -> None:
    code = cli.main(prog_name="hf-doctor", standalone_mode=False)
    _end(int(code or 0))


def _end(code: int) -> None:
    """Exit with ``code``, without waiting for Hub work left running: after Ctrl-C, or after a Hub call hf-doctor
    gave up on. A normal exit would wait for huggingface_hub's download threads (non-daemon workers of its
    thread pool), which go on retrying for a minute after the user was told the run stopped. So the output is
    flushed, this process's own partial downloads are removed (what the library would do on failure), and the
    process ends now."""
    from .checks.download import discard_own_partial_files
    from .checks.hub_wait import QUIET

    if code != ExitCode.INTERRUPTED and not QUIET.busy():
        sys.exit(code)
    discard_own_partial_files()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)
