"""``lint``: the first-run traps in a user's own script, read without running it.

A tutorial's script is where a first-time user starts, and most of its lines can bite on today's stack. This
module reads a ``.py`` file or an ``.ipynb`` notebook with :mod:`ast` (nothing is imported or executed) and
returns two things:

- :class:`Finding` values for the traps the code shows by itself: a token written into the code or typed with
  ``input()``, the deprecated ``torch_dtype=``, placement arguments given to a pipeline around a model that is
  already placed, a chat prompt built by hand, a stop token spelled out, an answer cut from the output by the
  prompt's length;
- a :class:`Plan`: what the script will ask of this machine and the Hub (the model id, the dtype, the device
  map, whether it prompts like a chat), each with the line it comes from, so that the same checks as ``check
  --model`` can judge it and their verdicts land on the right line (``wizard/lint.py``).

Lines are 1-based as an editor shows them; in a notebook a place is a cell (1-based position among all cells, as
the notebook shows them from the top) and a line inside it. Shell lines (``!pip …``) and magics (``%time``,
``%%capture``) are not Python: they are blanked before parsing so that the other lines keep their numbers.
"""
from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple, Union

from packaging.version import InvalidVersion, Version

from . import causes, ids, knowledge
from .files import NotARegularFile, TooLarge, read_capped
from .hub import mask
from .planning import Examined
from .result import Fix, Status
from .text import Msg, Text

MAX_BYTES = 2_000_000  # a script or notebook larger than this is not a tutorial's first run; say so, read nothing

_TOKEN = re.compile(r"hf_[A-Za-z0-9]{30,}")
_ROLE_PREFIX = re.compile(r"(?:^|\n|\{)\s*(?:System|User|Human|Assistant|AI|Bot)\s*:", re.IGNORECASE)
_SPECIAL_TOKEN = re.compile(r"^<\|?[\w.-]+\|?>$|^\[/?[A-Z_]+\]$")
_LOADERS = ("from_pretrained",)
_PLACEMENT_ARGUMENTS = ("device_map", "torch_dtype", "dtype", "device")


class LintError(Exception):
    """The file cannot be read as a script: the message is a :class:`Msg` for the user, never a traceback."""

    def __init__(self, message: Msg) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Where:
    """A place in the user's file: ``line`` (1-based), and the notebook ``cell`` (1-based) when there is one."""

    line: int
    cell: Optional[int] = None

    def to_json(self) -> Dict[str, Optional[int]]:
        return {"cell": self.cell, "line": self.line}


@dataclass(frozen=True)
class Unit:
    """One piece of Python the user runs: the whole ``.py`` file, or one code cell of a notebook."""

    cell: Optional[int]
    lines: Tuple[str, ...]  # as the user wrote them, for quoting
    outputs: Tuple[str, ...] = ()  # a notebook cell's saved output, as text lines (what input() echoed, …)

    def line(self, number: int) -> str:
        return self.lines[number - 1].strip() if 0 < number <= len(self.lines) else ""


@dataclass(frozen=True)
class Finding:
    """A trap in the code. ``code`` is the line as written (a token in it masked); ``fixed`` the line to write
    instead, ``""`` when the line should go, ``None`` when the fix depends on what the checks find."""

    where: Where
    cause: str
    why: Text
    code: str
    fixed: Optional[str]


@dataclass(frozen=True)
class Value:
    """A value the script passes, with the place it is written."""

    value: str
    where: Where


@dataclass
class Plan:
    """What the script will ask for when it runs: what ``check --model`` judges against this machine and the Hub."""

    model: Optional[Value] = None          # the first model id given to a loader or pipeline
    dtype: Optional[Value] = None          # "bfloat16", "float16", "float32", "auto"
    device_map: Optional[Value] = None     # "auto", "cuda", …
    loads_model: Optional[Where] = None    # the from_pretrained of a model (not a tokenizer)
    chat_prompt: Optional[Where] = None    # a prompt built with role prefixes by hand
    stop_tokens: List[Value] = field(default_factory=list)  # special tokens spelled out as stop tokens
    quantized: bool = False                # a quantization_config / load_in_4bit is given
    system: Optional[str] = None           # the chat's system and user texts, where the code spells them out
    instruction: Optional[str] = None
    max_new_tokens: Optional[int] = None   # the generation's settings, as given
    sample: bool = False


@dataclass
class Report:
    """What :func:`lint_units` found: the traps in the code alone and the plan for the checks."""

    units: Tuple[Unit, ...]
    findings: List[Finding]
    plan: Plan

    def line(self, where: Where) -> str:
        return _line_at(self.units, where)


def _line_at(units: Sequence[Unit], where: Where) -> str:
    """The line at ``where`` as written, a token in it masked ("" for a place no unit has)."""
    return next((_masked(unit.line(where.line)) for unit in units if unit.cell == where.cell), "")


def read_units(path: Path) -> Tuple[Unit, ...]:
    """The Python of a ``.py`` file or of an ``.ipynb`` notebook's code cells. Raises :class:`LintError`."""
    try:
        raw = read_capped(path, MAX_BYTES)
    except (IsADirectoryError, NotARegularFile):
        raise LintError(Msg("lint.error.not_a_file", path=str(path))) from None
    except TooLarge as large:
        raise LintError(Msg("lint.error.too_large", path=str(path), size=large.size, limit=MAX_BYTES)) from None
    except (OSError, ValueError) as exc:   # ValueError: a path with a NUL byte
        raise LintError(Msg("lint.error.unreadable", path=str(path),
                            reason=getattr(exc, "strerror", None) or type(exc).__name__)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LintError(Msg("lint.error.not_utf8", path=str(path), offset=exc.start))
    if path.suffix.lower() == ".ipynb":
        return _notebook_units(path, text)
    return (Unit(None, tuple(text.splitlines())),)


def _notebook_units(path: Path, text: str) -> Tuple[Unit, ...]:
    try:
        notebook = json.loads(text)
    except ValueError as exc:
        raise LintError(Msg("lint.error.notebook", path=str(path), reason=str(exc)[:120]))
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list):
        raise LintError(Msg("lint.error.notebook", path=str(path), reason="no list of cells"))
    units = []
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(part for part in source if isinstance(part, str))
        if isinstance(source, str):
            units.append(Unit(number, tuple(source.splitlines()), _output_lines(cell.get("outputs"))))
    return tuple(units)


def _output_lines(outputs: object) -> Tuple[str, ...]:
    """The text a code cell's saved outputs show: streams, plain-text results and error messages."""
    lines: List[str] = []
    for output in outputs if isinstance(outputs, list) else []:
        if not isinstance(output, dict):
            continue
        data = output.get("data")
        pieces = [output.get("text"), data.get("text/plain") if isinstance(data, dict) else None,
                  output.get("evalue")]
        for piece in pieces:
            if isinstance(piece, list):
                piece = "".join(part for part in piece if isinstance(part, str))
            if isinstance(piece, str):
                lines += piece.splitlines()
    return tuple(lines)


def _python(unit: Unit) -> str:
    """The unit's lines with shell lines and magics blanked (``pass`` at their indent), so numbers stay put; a
    cell magic (``%%bash``) makes the whole cell something other than Python."""
    if unit.lines and unit.lines[0].lstrip().startswith("%%"):
        return ""
    out = []
    for line in unit.lines:
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        out.append(indent + "pass" if stripped.startswith(("!", "%")) or re.match(r"\w+\s*=\s*[!%]", stripped)
                   else line)
    return "\n".join(out)


def _masked(line: str) -> str:
    return _TOKEN.sub(lambda found: mask(found.group(0)), line)


def lint_units(units: Sequence[Unit]) -> Report:
    """Read every unit in order (a notebook runs top to bottom): the findings and the plan."""
    reader = _Reader(tuple(units))
    for unit in units:
        reader.read(unit)
    findings = sorted(reader.findings, key=lambda f: ((f.where.cell or 0), f.where.line))
    return Report(tuple(units), findings, reader.plan)


def lint_path(path: Path) -> Report:
    return lint_units(read_units(path))


Node = Union[ast.expr, ast.stmt]


class _Reader:
    """Walks each unit's syntax tree, remembering what names were bound to (across cells, last one wins)."""

    def __init__(self, units: Tuple[Unit, ...]) -> None:
        self.units = units
        self.findings: List[Finding] = []
        self.plan = Plan()
        self.bound: Dict[str, ast.expr] = {}      # name → the expression last assigned to it
        self.models: set = set()                  # names bound to a loaded model
        self.pipelines: set = set()               # names bound to a pipeline
        self.outputs: set = set()                 # names bound to a pipeline's output, or a text taken from it
        self.prompts: set = set()                 # names bound to a hand-built chat prompt
        self.prompt_builders: set = set()         # functions that build one
        self.typed_tokens: Dict[str, Where] = {}  # names bound to input()
        self._reported: set = set()
        self._cells: Dict[int, Optional[int]] = {}  # a bound literal's cell (a name may be used cells later)

    # -- plumbing

    def read(self, unit: Unit) -> None:
        self.unit = unit
        for number, line in enumerate(unit.lines, start=1):
            if _TOKEN.search(line):
                self._add(number, causes.TOKEN_IN_CODE, Msg("lint.token_in_code"), "")
        shown = next((line for line in unit.outputs if _TOKEN.search(line)), None)
        if shown is not None:   # in the saved output: the cell's place, the output's line (masked) as the code
            self._add(1, causes.TOKEN_IN_CODE, Msg("lint.token_in_output"), None, code=_masked(shown.strip()))
        source = _python(unit)
        try:
            tree = ast.parse(source)
        except SyntaxError as exc:
            self._add(exc.lineno or 1, causes.UNKNOWN, Msg("lint.syntax_error", reason=exc.msg or "syntax error"),
                      None)
            return
        for node in _statements(tree):
            self._statement(node)

    def where(self, node: Node) -> Where:
        return Where(getattr(node, "lineno", 1), self.unit.cell)

    def _add(self, line: int, cause: str, why: Msg, fixed: Optional[str], place: Optional[Where] = None,
             code: Optional[str] = None) -> None:
        """A finding at ``line`` of this unit (or at ``place``, a line of an earlier cell), once: ``code`` is the
        line as written unless given."""
        where = place or Where(line, self.unit.cell)
        key = (where.cell, where.line, cause, why.id)
        if key in self._reported:
            return
        self._reported.add(key)
        shown = code if code is not None else _line_at(self.units, where)
        self.findings.append(Finding(where, cause, why, shown, fixed))

    # -- statements

    def _statement(self, node: ast.stmt) -> None:
        if isinstance(node, ast.FunctionDef) and _builds_chat_prompt(node):
            self.prompt_builders.add(node.name)
            self._chat_prompt(node)
        for call in _calls(node):
            self._call(call)
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    self._bind(target.id, node.value)
        for sub in ast.walk(node):
            if isinstance(sub, ast.Subscript):
                self._slice(sub)

    def _bind(self, name: str, value: ast.expr) -> None:
        self.bound[name] = value
        self._cells[id(value)] = self.unit.cell
        for group in (self.models, self.pipelines, self.outputs, self.prompts):
            group.discard(name)
        self.typed_tokens.pop(name, None)
        if isinstance(value, ast.Call):
            callee = _callee(value)
            if callee == "input":
                self.typed_tokens[name] = self.where(value)
            elif callee == "from_pretrained" and _loads_a_model(value):
                self.models.add(name)
            elif callee == "pipeline":
                self.pipelines.add(name)
            elif isinstance(value.func, ast.Name) and (value.func.id in self.pipelines):
                self.outputs.add(name)
            elif isinstance(value.func, ast.Name) and value.func.id in self.prompt_builders:
                self.prompts.add(name)
        if _is_output_text(value, self.outputs):
            self.outputs.add(name)
        if _has_role_prefix(value):
            self.prompts.add(name)
            self._chat_prompt(value)
        self._messages(value)

    def _messages(self, value: ast.expr) -> None:
        """``[{"role": "system", "content": …}, {"role": "user", "content": …}]``: the texts the user meant to
        send, kept for the script ``lint --fix`` writes."""
        if not isinstance(value, ast.List):
            return
        for item in value.elts:
            if not isinstance(item, ast.Dict):
                continue
            entry = {self._string(k): v for k, v in zip(item.keys, item.values) if k is not None}
            role = self._string(entry["role"]) if "role" in entry else None
            content = self._text(entry["content"]) if "content" in entry else None
            if content and role == "system" and self.plan.system is None:
                self.plan.system = content
            elif content and role == "user" and self.plan.instruction is None:
                self.plan.instruction = content

    def _text(self, node: ast.expr) -> Optional[str]:
        """A string literal, a name bound to one, or an f-string made of such names and literals."""
        if isinstance(node, ast.JoinedStr):
            parts = []
            for part in node.values:
                if isinstance(part, ast.Constant) and isinstance(part.value, str):
                    parts.append(part.value)
                elif isinstance(part, ast.FormattedValue) and part.format_spec is None and part.conversion == -1:
                    text = self._string(part.value)
                    if text is None:
                        return None
                    parts.append(text)
                else:
                    return None
            return "".join(parts)
        return self._string(node)

    # -- calls

    def _call(self, call: ast.Call) -> None:
        callee = _callee(call)
        keywords = {k.arg: k.value for k in call.keywords if k.arg}
        for name in ("token", "use_auth_token"):
            value = keywords.get(name)
            if isinstance(value, ast.Name) and value.id in self.typed_tokens:
                typed = self.typed_tokens[value.id]
                self._typed(typed)
        if callee in ("login", "notebook_login") and call.args and isinstance(call.args[0], ast.Name) \
                and call.args[0].id in self.typed_tokens:
            self._typed(self.typed_tokens[call.args[0].id])
        if callee == "input" and call.args:
            asked = self._string(call.args[0]) or ""
            if re.search(r"token|토큰", asked, re.IGNORECASE):
                self._typed(self.where(call))
        if callee == "from_pretrained":
            self._loader(call, keywords)
        elif callee == "pipeline":
            self._pipeline(call, keywords)
        elif callee == "convert_tokens_to_ids" and call.args:
            literal = self._string(call.args[0])
            if literal is not None and _SPECIAL_TOKEN.match(literal):
                self.plan.stop_tokens.append(Value(literal, self.where(call)))
                self._add(call.lineno, causes.STOP_TOKEN_HARDCODED, Msg("lint.stop_token_hardcoded", token=literal), None)
        if (isinstance(call.func, ast.Name) and call.func.id in self.pipelines) or callee == "generate":
            self._generation(call, keywords)

    def _typed(self, typed: Where) -> None:
        self._add(typed.line, causes.TOKEN_TYPED, Msg("lint.token_typed"), "", place=typed)

    def _loader(self, call: ast.Call, keywords: Dict[str, ast.expr]) -> None:
        given = call.args[0] if call.args else keywords.get("pretrained_model_name_or_path")
        if given is not None and self.plan.model is None:
            self.plan.model = self._value(given)
        if not _loads_a_model(call):
            return
        if self.plan.loads_model is None:
            self.plan.loads_model = self.where(call)
        self._placement(call, keywords)
        if "torch_dtype" in keywords:
            node = next(k for k in call.keywords if k.arg == "torch_dtype")
            self._add(node.value.lineno, causes.ARGUMENT_RENAMED, Msg("lint.torch_dtype"), _renamed_line(
                self.unit.line(node.value.lineno)))

    def _placement(self, call: ast.Call, keywords: Dict[str, ast.expr]) -> None:
        for name in ("dtype", "torch_dtype"):
            if name in keywords and self.plan.dtype is None:
                dtype = _dtype(keywords[name], self)
                if dtype:
                    self.plan.dtype = Value(dtype, self.where(keywords[name]))
        if "device_map" in keywords and self.plan.device_map is None:
            device_map = self._string(keywords["device_map"])
            if device_map:
                self.plan.device_map = Value(device_map, self.where(keywords["device_map"]))
        if {"quantization_config", "load_in_4bit", "load_in_8bit"} & set(keywords):
            self.plan.quantized = True

    def _pipeline(self, call: ast.Call, keywords: Dict[str, ast.expr]) -> None:
        model = keywords.get("model", call.args[1] if len(call.args) > 1 else None)
        if isinstance(model, ast.Name) and model.id in self.models:
            for keyword in call.keywords:
                if keyword.arg in _PLACEMENT_ARGUMENTS:
                    self._add(keyword.value.lineno, causes.PIPELINE_PLACEMENT_IGNORED,
                              Msg("lint.pipeline_placement_ignored", argument=keyword.arg), "")
            return
        value = self._value(model) if model is not None else None
        if value is not None:
            if self.plan.model is None:
                self.plan.model = value
            if self.plan.loads_model is None:
                self.plan.loads_model = self.where(call)
            self._placement(call, keywords)
            if "torch_dtype" in keywords:
                node = keywords["torch_dtype"]
                self._add(node.lineno, causes.ARGUMENT_RENAMED, Msg("lint.torch_dtype"),
                          _renamed_line(self.unit.line(node.lineno)))

    def _generation(self, call: ast.Call, keywords: Dict[str, ast.expr]) -> None:
        tokens = keywords.get("max_new_tokens")
        if isinstance(tokens, ast.Constant) and isinstance(tokens.value, int) and not isinstance(tokens.value, bool):
            self.plan.max_new_tokens = tokens.value
        sample = keywords.get("do_sample")
        if isinstance(sample, ast.Constant) and sample.value is True:
            self.plan.sample = True
        prompt = call.args[0] if call.args else keywords.get("text_inputs")
        if isinstance(prompt, ast.Name) and prompt.id in self.prompts and self.plan.chat_prompt is None:
            self.plan.chat_prompt = self.where(call)

    def _chat_prompt(self, node: Node) -> None:
        lines = [sub.lineno for sub in ast.walk(node) if isinstance(sub, ast.Constant)
                 and isinstance(sub.value, str) and _ROLE_PREFIX.search(sub.value)]
        where = Where(min(lines), self.unit.cell) if lines else self.where(node)
        if self.plan.chat_prompt is None:
            self.plan.chat_prompt = where
        self._add(where.line, causes.CHAT_PROMPT_BY_HAND, Msg("lint.chat_prompt_by_hand"), None)

    def _slice(self, node: ast.Subscript) -> None:
        """``text[len(prompt):]`` on a pipeline's output: the answer cut by the prompt's length."""
        index = node.slice
        if not (isinstance(index, ast.Slice) and index.upper is None and isinstance(index.lower, ast.Call)
                and _callee(index.lower) == "len"):
            return
        if _is_output_text(node.value, self.outputs):
            self._add(node.lineno, causes.ANSWER_CUT_BY_LENGTH, Msg("lint.answer_cut_by_length"), None)

    def _string(self, node: ast.expr) -> Optional[str]:
        """A string the expression certainly is: a literal, or a name last bound to one."""
        value = self._value(node)
        return value.value if value is not None else None

    def _value(self, node: ast.expr) -> Optional[Value]:
        """The string literal behind an expression, with the place it is written (``model_id = "…"``)."""
        for _ in range(8):
            if isinstance(node, ast.Name) and node.id in self.bound:
                node = self.bound[node.id]
                continue
            break
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return Value(node.value, Where(node.lineno, self._cells.get(id(node), self.unit.cell)))
        return None


def _statements(tree: ast.Module) -> Iterator[ast.stmt]:
    """Top-level statements, and those inside ``try``/``with``/``if`` blocks (a tutorial wraps its loading in
    ``try``): what runs when the cell runs. Function bodies are read only where the function is a prompt builder."""
    stack: List[ast.stmt] = list(reversed(tree.body))
    while stack:
        node = stack.pop()
        yield node
        inner: List[ast.stmt] = []
        if isinstance(node, ast.Try):
            inner = node.body + [s for h in node.handlers for s in h.body] + node.orelse + node.finalbody
        elif isinstance(node, (ast.With, ast.If, ast.For, ast.While)):
            inner = node.body + getattr(node, "orelse", [])
        stack.extend(reversed(inner))


def _calls(node: ast.stmt) -> Iterator[ast.Call]:
    """The calls a statement makes itself (not those inside nested blocks, which :func:`_statements` visits)."""
    if isinstance(node, (ast.Try, ast.With, ast.If, ast.For, ast.While, ast.FunctionDef, ast.AsyncFunctionDef,
                         ast.ClassDef)):
        heads: List[ast.AST] = []
        if isinstance(node, ast.With):
            heads = [item.context_expr for item in node.items]
        elif isinstance(node, (ast.If, ast.While)):
            heads = [node.test]
        elif isinstance(node, ast.For):
            heads = [node.iter]
        for head in heads:
            yield from (sub for sub in ast.walk(head) if isinstance(sub, ast.Call))
        return
    yield from (sub for sub in ast.walk(node) if isinstance(sub, ast.Call))


def _name(node: ast.expr) -> str:
    """The last name of ``a.b.c`` or ``c``; "" for anything else (a call, a subscript)."""
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def _callee(call: ast.Call) -> str:
    return _name(call.func)


def _owner(call: ast.Call) -> str:
    """``AutoModelForCausalLM`` in ``AutoModelForCausalLM.from_pretrained(…)``."""
    return _name(call.func.value) if isinstance(call.func, ast.Attribute) else ""


def _loads_a_model(call: ast.Call) -> bool:
    owner = _owner(call)
    return "Model" in owner or owner.endswith(("ForCausalLM", "LMHeadModel"))


def _dtype(node: ast.expr, reader: _Reader) -> Optional[str]:
    """``torch.bfloat16`` → ``"bfloat16"``; ``"auto"`` / ``"float16"`` as written."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "torch":
        return {"bf16": "bfloat16", "half": "float16", "float": "float32"}.get(node.attr, node.attr)
    return reader._string(node)


def _renamed_line(line: str) -> str:
    return re.sub(r"\btorch_dtype\s*=", "dtype=", line)


def _has_role_prefix(node: ast.expr) -> bool:
    """A string (or f-string) that starts a line with ``User:`` / ``Assistant:``: a chat prompt by hand."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str) and _ROLE_PREFIX.search(sub.value):
            return True
    return False


def _builds_chat_prompt(node: ast.FunctionDef) -> bool:
    """A function that adds ``"User: …"`` / ``"Assistant: "`` pieces to a string and returns it."""
    return any(_has_role_prefix(sub.value) for sub in ast.walk(node)
               if isinstance(sub, (ast.AugAssign, ast.Assign, ast.Return)) and sub.value is not None)


def _is_output_text(node: ast.expr, outputs: set) -> bool:
    """``outputs[0]["generated_text"]``, a name bound to it, or the output itself."""
    if isinstance(node, ast.Name):
        return node.id in outputs
    while isinstance(node, ast.Subscript):
        key = node.slice
        if isinstance(key, ast.Constant) and key.value == "generated_text":
            return True
        node = node.value
    return isinstance(node, ast.Name) and node.id in outputs


# -- judged against this machine and the Hub

# Where a check's finding lands in the script: the line that asks for what the check judged.
_MODEL_LINE = (ids.HUB_ACCESS,)
_DTYPE_LINE = (ids.GPU_BF16,)
_LOAD_LINE = (ids.MODEL_FIT, ids.MODEL_COMPAT)


@dataclass(frozen=True)
class Judged:
    """A finding with its verdict: ``status`` (warn: it runs, badly; fail: it will not run) and its fix; a
    machine-wide problem (no GPU, a library) has no ``where``."""

    finding: Finding
    status: Status
    fix: Fix
    title: Text

    @property
    def where(self) -> Optional[Where]:
        return self.finding.where if self.finding.where.line else None


def judge(report: Report, examined: Optional[Examined]) -> List[Judged]:
    """The traps of the code, and what this machine and the Hub make of the script's plan, each on the line that
    asks for it: the model id (renamed, gated, not found), the dtype (bfloat16 on a GPU without it), the load (does
    it fit, will device_map="auto" offload). A base model turns the hand-built chat prompt into the deeper trap:
    there is no chat template at all. Without ``examined`` (``--offline``) the code's own traps alone."""
    plan = report.plan
    base_model = examined is not None and bool(examined.info) and not examined.chat_template
    model = (examined.report.model if examined is not None else None) or (plan.model.value if plan.model else "")
    judged: List[Judged] = []
    for finding in report.findings:
        if finding.cause == causes.CHAT_PROMPT_BY_HAND and base_model:
            finding = Finding(finding.where, causes.CHAT_TEMPLATE_MISSING, Msg("lint.base_model_chat", model=model),
                              finding.code, None)
        elif finding.cause == causes.STOP_TOKEN_HARDCODED and base_model:
            token = next((v.value for v in plan.stop_tokens if v.where == finding.where), "")
            finding = Finding(finding.where, finding.cause, Msg("lint.stop_token_base", token=token, model=model),
                              finding.code, None)
        judged.append(Judged(finding, Status.WARN, knowledge.fix_for(finding.cause, model or None),
                             knowledge.title(finding.cause)))
    if examined is None:
        return judged
    for result in examined.report.results:
        if result.status not in (Status.FAIL, Status.WARN, Status.ERROR) or result.cause is None:
            continue
        where = _line_for(result, plan)
        if result.id in _DTYPE_LINE and not _asks_bfloat16(plan, examined):
            continue   # the script does not load bfloat16: this GPU's lack of it does not bite
        code = report.line(where) if where is not None else ""
        finding = Finding(where or Where(0), result.cause, result.summary, code, _fixed_line(result, code, plan))
        judged.append(Judged(finding, result.status, result.fix or knowledge.fix_for(result.cause),
                             result.title))
    return sorted(judged, key=lambda j: (j.where is None, (j.finding.where.cell or 0), j.finding.where.line))


def _asks_bfloat16(plan: Plan, examined: Examined) -> bool:
    """Whether loading as the script does gives bfloat16 weights: asked for by name, or ``dtype="auto"`` (in
    transformers 5 also no dtype at all) on a checkpoint stored in bfloat16."""
    asked = plan.dtype.value if plan.dtype is not None else None
    if asked == "bfloat16":
        return True
    if asked == "auto" or (asked is None and _transformers_major(examined) >= 5):
        stored = examined.info.get("parameters") or {}
        return bool(stored) and max(stored, key=lambda dtype: stored[dtype]) == "BF16"
    return False


def _transformers_major(examined: Examined) -> int:
    try:
        return Version(str(examined.version("transformers"))).major
    except InvalidVersion:
        return 0


def _line_for(result: Any, plan: Plan) -> Optional[Where]:
    if result.id in _MODEL_LINE and plan.model is not None:
        return plan.model.where
    if result.id in _DTYPE_LINE:
        return plan.dtype.where if plan.dtype is not None else plan.loads_model
    if result.id in _LOAD_LINE:
        if result.id == ids.MODEL_FIT and plan.device_map is not None:
            return plan.device_map.where
        return plan.loads_model
    return None


def _fixed_line(result: Any, code: str, plan: Plan) -> Optional[str]:
    """The line as it should read, where one line's change is the fix: the new id of a renamed model, float16
    for bfloat16 on a GPU without it."""
    data = result.data if isinstance(result.data, dict) else {}
    if result.id == ids.HUB_ACCESS and plan.model is not None and data.get("canonical_id") not in (None, plan.model.value):
        return code.replace(plan.model.value, str(data["canonical_id"]))
    if result.id == ids.GPU_BF16 and "bfloat16" in code:
        return _renamed_line(code.replace("bfloat16", "float16"))
    return None
