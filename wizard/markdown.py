"""A report as Markdown, for pasting into an issue, a forum post or a class chat.

It renders the JSON report (a dict), not live results, so a saved report renders the same later. What a
person copies (commands) goes in code blocks; table cells are escaped so that a summary cannot break the table,
and a control character (an escape sequence in a Hub's message) is shown as its escape.
"""
from __future__ import annotations

from typing import Any, Dict, List, Mapping

from .i18n import Speaker
from .render import fix_lines
from .textui import visible

MARKS = {"pass": "✅", "warn": "⚠️", "fail": "❌", "skip": "➖", "error": "🐞"}


def render_markdown(say: Speaker, report: Mapping[str, Any]) -> str:
    """The whole report: a header line, the facts, one table row per check, then each fix."""
    verdict = str(report.get("verdict", ""))
    tool = report.get("tool") or {}
    lines = [f"### hf-doctor {tool.get('version', '')} · {say.t(f'report.verdict.{verdict}')}", ""]
    facts = _facts(say, report)
    if facts:
        lines += [" · ".join(facts), ""]
    lines += [f"| | {say.t('report.column.check')} | {say.t('report.column.result')} |", "|---|---|---|"]
    checks: List[Dict[str, Any]] = list(report.get("checks") or [])
    for check in checks:
        mark = MARKS.get(str(check.get("status")), "")
        lines.append(f"| {mark} | {_cell(check.get('title', check.get('id', '')))} | {_cell(check.get('summary', ''))} |")
    problems = [c for c in checks if c.get("fix") and c.get("status") != "pass"]
    if problems:
        lines += ["", f"**{say.t('report.fixes')}**", ""]
        for check in problems:
            layout = fix_lines(say, check["fix"])
            lines.append(f"- **{check.get('title', check['id'])}** (`{check.get('cause')}`): {layout[0].text}")
            commands = [line.text for line in layout if line.kind == "command"]
            if commands:
                lines += ["  ```sh", *[f"  {command}" for command in commands], "  ```"]
            lines += [f"  <{line.text}>" for line in layout if line.kind == "link"]
    # A saved report is a file from outside: whatever its values hold is shown, never run by a terminal, and a
    # line break inside a value cannot start a line (or break the table) of its own.
    return "\n".join(visible(line) for line in lines) + "\n"


def _facts(say: Speaker, report: Mapping[str, Any]) -> List[str]:
    facts = []
    if report.get("student"):
        facts.append(f"**{say.t('report.student')}:** {_inline(report['student'])}")
    if report.get("user"):
        facts.append(f"**{say.t('report.user')}:** {_inline(report['user'])}")
    if report.get("model"):
        facts.append(f"**{say.t('report.model')}:** `{report['model']}`")
    profile = report.get("profile")
    if isinstance(profile, Mapping) and profile.get("name"):
        facts.append(f"**{say.t('report.profile')}:** {_inline(profile['name'])}")
    if report.get("simulated_gpu"):
        facts.append(f"**{say.t('report.simulated_gpu')}:** {_inline(report['simulated_gpu'])}")
    if report.get("created_at"):
        facts.append(str(report["created_at"]))
    return facts


def _cell(text: Any) -> str:
    return _inline(text).replace("|", "\\|")


def _inline(text: Any) -> str:
    """One line, with the characters that would start Markdown markup escaped."""
    value = " ".join(str(text).split())
    for char in ("\\", "*", "_", "`", "<", ">", "[", "]"):
        value = value.replace(char, "\\" + char)
    return value
