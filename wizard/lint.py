"""``hf-doctor lint PATH``: the first-run traps of a user's script or notebook, each on its line, judged against this
machine (or ``--gpu``) and the Hub; ``--fix`` writes a corrected script next to it."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import click

from . import __version__
from .checks import core, ids
from .checks.generation import GenerationOptions
from .checks.lint import Judged, LintError, Report, Where, judge, lint_path
from .checks.planning import Examined
from .checks.result import Status
from .i18n import Speaker
from .options import GPU_OPTION, JSON_OPTION, LANG_OPTION, NO_COLOR_OPTION, command_speaker
from .render import fix_lines
from .script import recipe_for, run_checks_for, script_text, write_beside
from .textui import MARKS, PROSE_WIDTH, terminal_width, visible, wrap_lines

SCHEMA = "hf-doctor.lint/1"


@click.command()
@click.argument("path", type=click.Path(path_type=Path))
@GPU_OPTION
@JSON_OPTION
@click.option("--fix", "write_fix", is_flag=True,
              help="Also write a corrected script next to PATH (PATH itself is never changed).")
@click.option("--offline", is_flag=True, help="Read the code alone: ask neither this machine nor the Hub.")
@LANG_OPTION
@NO_COLOR_OPTION
@click.pass_context
def lint(ctx: click.Context, path: Path, simulated_gpu: Optional[str], as_json: bool, write_fix: bool,
         offline: bool, lang: Optional[str], no_color: bool) -> None:
    """Read a .py script or .ipynb notebook without running it and name each first-run trap by its line; exit 1
    when the script will fail here as it is."""
    say = command_speaker(ctx)
    if write_fix and offline:
        raise click.UsageError(say.t("lint.error.fix_offline"))
    try:
        report = lint_path(path)
    except LintError as exc:
        raise click.UsageError(say(exc.message)) from exc
    examined: Optional[Examined] = None
    if not offline:
        request = core.Request(model=report.plan.model.value if report.plan.model else None,
                               simulated_gpu=simulated_gpu,
                               generation=GenerationOptions(load_in_4bit=report.plan.quantized))
        examined, _ = run_checks_for(ctx, say, request, quiet=as_json, color=not no_color)
    judged = judge(report, examined)
    written = _write_fix(say, path, report, examined) if write_fix else None
    if as_json:
        click.echo(json.dumps(document(say, path, report, judged, examined, written), indent=2, ensure_ascii=False))
    else:
        click.echo(render(say, path, report, judged, examined, written, terminal_width(limit=PROSE_WIDTH)), nl=False)
    ctx.exit(1 if any(j.status in (Status.FAIL, Status.ERROR) for j in judged) else 0)


def _where(say: Speaker, where: Optional[Where]) -> str:
    if where is None:
        return ""
    if where.cell is not None:
        return say.t("lint.where.cell", cell=where.cell, line=where.line)
    return say.t("lint.where.line", line=where.line)


def render(say: Speaker, path: Path, report: Report, judged: Sequence[Judged], examined: Optional[Examined],
           written: Optional[Path], width: int) -> str:
    """Each trap: its place, its title, the line as written, why it bites, the fix and the line to write instead;
    then what concerns the whole machine; then the verdict."""
    model = report.plan.model.value if report.plan.model else None
    lines = wrap_lines(visible(say.t("lint.header", path=str(path), model=model) if model
                               else say.t("lint.header_no_model", path=str(path)), prose=True), width) + [""]
    in_code = [j for j in judged if j.where is not None]
    machine = [j for j in judged if j.where is None]
    for item in in_code:
        lines += _item(say, item, width)
    if machine:
        lines += [*wrap_lines(say.t("lint.machine"), width), ""]
        for item in machine:
            lines += _item(say, item, width)
    lines += wrap_lines(_verdict(say, judged, examined), width)
    if written is not None:
        lines += wrap_lines(say.t("lint.fixed_written", path=str(written)), width) + [f"  $ python {written}"
                                                                                    if written.suffix == ".py" else ""]
    elif judged:
        lines += wrap_lines(say.t("lint.fix_hint", path=str(path)), width)
    return "\n".join(line for line in lines) + "\n"


def _item(say: Speaker, item: Judged, width: int) -> List[str]:
    mark = MARKS[item.status].glyph
    place = _where(say, item.where)
    head = f"[{mark:^3}] " + (f"{place} · " if place else "") + f"{say(item.title)} ({item.finding.cause})"
    out = wrap_lines(head, width, "", "      ")
    # The user's own lines and the Hub's words come from outside: shown, never run by the terminal.
    if item.finding.code:
        out.append("      " + visible(item.finding.code))
    out += wrap_lines(visible(say(item.finding.why), prose=True), width, "      ", "      ")
    for line in fix_lines(say, item.fix):
        if line.kind == "text":
            out += wrap_lines(visible(f"{line.label} {line.text}", prose=True), width, "      ", "        ")
        else:
            out.append(("      $ " if line.kind == "command" else "      → ") + visible(line.text))
    fixed = item.finding.fixed
    if fixed == "":
        out += wrap_lines(say.t("lint.delete_line"), width, "      ", "      ")
    elif fixed is not None:
        out += wrap_lines(say.t("lint.write_instead"), width, "      ", "      ") + ["        " + visible(fixed)]
    return out + [""]


def _verdict(say: Speaker, judged: Sequence[Judged], examined: Optional[Examined]) -> str:
    failing = sum(j.status in (Status.FAIL, Status.ERROR) for j in judged)
    if failing:
        return say.t("lint.verdict.fail", count=len(judged), failing=failing)
    if judged:
        return say.t("lint.verdict.warn", count=len(judged))
    return say.t("lint.verdict.clean") if examined is not None else say.t("lint.verdict.clean_offline")


def document(say: Speaker, path: Path, report: Report, judged: Sequence[Judged], examined: Optional[Examined],
             written: Optional[Path]) -> Dict[str, Any]:
    """The JSON form (schema ``hf-doctor.lint/1``): the findings, and the report of the checks behind them."""
    failing = any(j.status in (Status.FAIL, Status.ERROR) for j in judged)
    return {
        "schema": SCHEMA,
        "tool": {"name": "hf-doctor", "version": __version__},
        "path": str(path),
        "model": report.plan.model.value if report.plan.model else None,
        "simulated_gpu": examined.report.simulated_gpu if examined else None,
        "verdict": "will_fail" if failing else ("traps" if judged else "clean"),
        "findings": [{
            **(j.where.to_json() if j.where else {"cell": None, "line": None}),
            "cause": j.finding.cause,
            "status": j.status.value,
            "title": say(j.title),
            "code": j.finding.code or None,
            "why": say(j.finding.why),
            "fixed_line": j.finding.fixed,
            "fix": j.fix.to_json(say),
        } for j in judged],
        "fixed_script": str(written) if written else None,
        "report": examined.report.to_json(say) if examined else None,
    }


def _write_fix(say: Speaker, path: Path, report: Report, examined: Optional[Examined]) -> Optional[Path]:
    """The corrected script, beside the original and never over any file: ``<name>.fixed.py`` (or
    ``.fixed.ipynb``), numbered when taken. None, said in the verdict, where no plan runs the model here."""
    if examined is None:
        return None
    plan = report.plan
    recipe = recipe_for(examined, say, plan.instruction, plan.max_new_tokens or 256, plan.sample)
    if recipe is None:
        raise click.ClickException(say.t("lint.error.no_fix", model=examined.report.model or "?"))
    access = examined.report.result(ids.HUB_ACCESS)
    canonical = access.data.get("canonical_id") if access is not None and isinstance(access.data, dict) else None
    recipe = replace(recipe, model=canonical or recipe.model,
                     system=(plan.system or recipe.system) if recipe.chat else None)
    text = script_text(recipe, say, as_notebook=path.suffix.lower() == ".ipynb")
    try:
        return write_beside(path.parent, f"{path.stem}.fixed", path.suffix or ".py", text)
    except OSError as exc:
        raise click.ClickException(say.t("script.error.unwritable", path=str(path.parent),
                                         reason=exc.strerror or str(exc))) from exc
