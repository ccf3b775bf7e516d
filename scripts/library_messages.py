"""The messages the installed libraries can print: every ``raise X("…")``, ``warnings.warn("…")`` and
``logger.warning/error("…")`` text in huggingface_hub, transformers, accelerate, torch (and bitsandbytes when
installed), read from their source with ``ast`` (never imported or run). An f-string becomes a template whose
placeholders are ``{}``; concatenated and %-formatted strings are joined the same way.

    python scripts/library_messages.py                       # every message: package<TAB>file<TAB>template
    python scripts/library_messages.py --grep "cache folder" # those containing a phrase (case-insensitive)
    python scripts/library_messages.py --snapshot FILE       # record today's messages (JSON)
    python scripts/library_messages.py --new-since FILE      # messages that are not in a recorded snapshot
    python scripts/library_messages.py --model-types > checks/model_types.py   # the model types transformers knows
    python scripts/library_messages.py --transformers-api checks/transformers_api.json.gz   # the names it defines
    python scripts/library_messages.py --transformers-history checks/transformers_history.json.gz
        # what each release in HISTORY_RELEASES up to the installed one defined (their wheels are downloaded once
        # with pip into --releases-cache and read with ast, never installed)

The snapshot recorded with hf-doctor: tests/data/library_messages.json.gz (the versions it was read from inside).

hf-doctor's curated table (hf_doctor.checks.library_knowledge) maps some of these templates to causes; its test
checks that each is still found here, so an upgrade that rewords one shows up.
"""
from __future__ import annotations

import argparse
import ast
import gzip
import importlib.util
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Set, Tuple

from packaging.version import Version

PACKAGES = ("huggingface_hub", "transformers", "accelerate", "torch", "bitsandbytes")
HOLE = "{}"
MIN_LITERAL = 12          # a template whose text is mostly placeholders says nothing
LOG_METHODS = {"warning", "warn", "error", "critical", "exception", "warning_once", "warning_advice", "info"}
# torch is large; its Python sources that can print what people paste (not its tests or code generators).
SKIP_PARTS = {"tests", "test", "testing", "_vendor", "benchmarks", "codegen", "onnx", "_dynamo", "_inductor",
              "fx", "jit", "export", "_export", "_functorch", "ao", "distributed", "_higher_order_ops", "_refs",
              "_prims", "_decomp", "sparse", "masked", "_numpy", "package", "_library", "_subclasses", "nested",
              "mtia", "xpu", "_strobelight", "compiler", "_logging", "profiler", "_lazy", "func", "_custom_op",
              "_prims_common", "signal", "quantization", "models"}
Message = Tuple[str, str, str]           # package, file inside the package, template


def template(node: ast.AST) -> Optional[str]:
    """The text of a string expression with ``{}`` for what is computed at run time, or None when it is no
    string expression at all."""
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                parts.append(value.value)
            else:
                parts.append(HOLE)
        return "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = template(node.left), template(node.right)
        if left is None and right is None:
            return None
        return (left if left is not None else HOLE) + (right if right is not None else HOLE)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):    # "%s not found" % name
        left = template(node.left)
        if left is None:
            return None
        for spec in ("%s", "%r", "%d", "%i", "%f", "%.2f"):
            left = left.replace(spec, HOLE)
        return left
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        base = template(node.func.value)
        if base is None:
            return None
        return _format_holes(base)
    return None


def _format_holes(text: str) -> str:
    """``"{name} is {0:.2f}"`` → ``"{} is {}"`` (escaped braces kept)."""
    out, i = [], 0
    while i < len(text):
        if text.startswith("{{", i) or text.startswith("}}", i):
            out.append(text[i])
            i += 2
        elif text[i] == "{":
            end = text.find("}", i)
            if end < 0:
                out.append(text[i:])
                break
            out.append(HOLE)
            i = end + 1
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _message_of(call: ast.Call) -> Optional[str]:
    for arg in call.args[:1]:
        found = template(arg)
        if found is not None:
            return found
    return None


def messages_in(source: str) -> Iterator[str]:
    """Each message ``source`` raises, warns or logs."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return
    for node in ast.walk(tree):
        call: Optional[ast.Call] = None
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            call = node.exc
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = node.func.attr
            if name == "warn" and isinstance(owner, ast.Name) and owner.id == "warnings":
                call = node
            elif name in LOG_METHODS and isinstance(owner, ast.Name) and "log" in owner.id.lower():
                call = node
        if call is None:
            continue
        text = _message_of(call)
        if text is not None:
            text = " ".join(text.split())
            if len(text.replace(HOLE, "").strip()) >= MIN_LITERAL:
                yield text


def package_root(package: str) -> Optional[Path]:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def extract(packages: Sequence[str] = PACKAGES) -> Tuple[List[Message], List[str]]:
    """Every message of the installed ``packages`` (sorted, unique) and the packages that are not installed."""
    found: Set[Message] = set()
    missing: List[str] = []
    for package in packages:
        root = package_root(package)
        if root is None:
            missing.append(package)
            continue
        for path in sorted(root.rglob("*.py")):
            relative = path.relative_to(root)
            if package == "torch" and SKIP_PARTS & set(relative.parts[:-1]):
                continue
            try:
                source = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            for text in messages_in(source):
                found.add((package, relative.as_posix(), text))
    return sorted(found), missing


MAPPING_FILES = ("models/auto/auto_mappings.py", "models/auto/configuration_auto.py")


def model_types(root: Path) -> List[str]:
    """The model types (config.json's ``model_type``) a transformers source tree knows: the keys of its
    ``CONFIG_MAPPING_NAMES`` (a list of pairs in 4.x's configuration_auto.py, moved to auto_mappings.py and
    extended with ``.update({...})`` in 5.x), read with ``ast``."""
    names: Set[str] = set()
    for name in MAPPING_FILES:
        path = root / name
        if not path.exists():
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            target = None
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, value = node.targets[0], node.value
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "update"
                  and node.args):
                target, value = node.func.value, node.args[0]
            if not (isinstance(target, ast.Name) and target.id == "CONFIG_MAPPING_NAMES"):
                continue
            for inner in ast.walk(value):
                keys = ([k for k in inner.keys if k is not None] if isinstance(inner, ast.Dict) else
                        [inner.elts[0]] if isinstance(inner, ast.Tuple) and len(inner.elts) == 2 else [])
                names.update(k.value for k in keys if isinstance(k, ast.Constant) and isinstance(k.value, str))
    return sorted(names)


def model_types_module(types: Sequence[str], version: str) -> str:
    body = "".join(f"    {name!r},\n" for name in types)
    return (f'"""The model types transformers {version} knows (config.json\'s ``model_type``), read from its source by\n'
            "``python scripts/library_messages.py --model-types``. ``explain`` asks it whether a model type that an\n"
            'older transformers did not recognise exists in any release: one that does not is the repo\'s own."""\n'
            f"TRANSFORMERS_VERSION = {version!r}\n\nMODEL_TYPES = frozenset((\n{body}))\n")


def _assigned(body: Iterable[ast.stmt]) -> Iterator[str]:
    """The names a block of statements defines: its classes, functions and assignments to a plain name."""
    for node in body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node.name
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            yield from (target.id for target in targets if isinstance(target, ast.Name))


def _bound(body: Iterable[ast.stmt]) -> Iterator[str]:
    """The names a module's own statements bind, and so the names ``from module import name`` finds: its classes,
    functions, assignments to plain names (or tuples of them) and imports, also inside ``if``, ``try`` and ``with``
    blocks (``if is_torch_available(): …``). A star import binds names no syntax tree shows; those are not read."""
    for node in body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node.name
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                elements = target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target]
                yield from (element.id for element in elements if isinstance(element, ast.Name))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            yield from ((alias.asname or alias.name).split(".")[0] for alias in node.names if alias.name != "*")
        elif isinstance(node, (ast.If, ast.Try, ast.With)):
            yield from _bound(node.body)
            yield from _bound(getattr(node, "orelse", []))
            yield from _bound(getattr(node, "finalbody", []))
            for handler in getattr(node, "handlers", []):
                yield from _bound(handler.body)


def module_names(root: Path) -> Dict[str, List[str]]:
    """For each module file of a transformers source tree (``pytorch_utils``, ``models.llama.modeling_llama``; not
    a package's ``__init__``, whose names transformers imports lazily), the names ``from transformers.<module>
    import <name>`` finds there (:func:`_bound`)."""
    modules: Dict[str, List[str]] = {}
    for path in sorted(root.rglob("*.py")):
        if path.name == "__init__.py":
            continue
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, SyntaxError):
            continue
        modules[".".join(path.relative_to(root).with_suffix("").parts)] = sorted(set(_bound(tree.body)))
    return modules


def _instance_attributes(cls: ast.ClassDef) -> Iterator[str]:
    """The attributes a class's methods set on ``self`` (``self.x = …``, ``self.x: T = …``), and ``*`` when one
    of them sets attributes by name (``setattr(self, key, …)``): then any attribute may be there."""
    for node in ast.walk(cls):
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) and \
                isinstance(node.value, ast.Name) and node.value.id == "self":
            yield node.attr
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "setattr" and \
                node.args and isinstance(node.args[0], ast.Name) and node.args[0].id == "self":
            yield "*"


def auto_classes(root: Path) -> Dict[str, List[str]]:
    """For each of transformers' Auto model classes (``AutoModelForCausalLM``, …), the model types it loads: the
    keys of the ``*_MAPPING_NAMES`` behind its ``_model_mapping`` (models/auto/modeling_auto.py), read with ``ast``."""
    path = root / "models" / "auto" / "modeling_auto.py"
    if not path.exists():
        return {}
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: Dict[str, Set[str]] = {}                  # MODEL_FOR_X_MAPPING_NAMES -> model types
    lazy: Dict[str, str] = {}                        # MODEL_FOR_X_MAPPING -> MODEL_FOR_X_MAPPING_NAMES
    for node in tree.body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)):
            continue
        target, value = node.targets[0].id, node.value
        if target.endswith("_MAPPING_NAMES"):
            names[target] = {inner.elts[0].value for inner in ast.walk(value)
                             if isinstance(inner, ast.Tuple) and len(inner.elts) == 2
                             and isinstance(inner.elts[0], ast.Constant) and isinstance(inner.elts[0].value, str)}
        elif isinstance(value, ast.Call) and len(value.args) == 2 and isinstance(value.args[1], ast.Name):
            lazy[target] = value.args[1].id
    found: Dict[str, List[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name.startswith("Auto"):
            for statement in node.body:
                if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Name) and any(
                        isinstance(t, ast.Name) and t.id == "_model_mapping" for t in statement.targets):
                    found[node.name] = sorted(names.get(lazy.get(statement.value.id, ""), set()))
    return found


def config_classes(root: Path) -> Dict[str, List[str]]:
    """For each configuration class transformers maps a model type to, those model types (CONFIG_MAPPING_NAMES)."""
    found: Dict[str, Set[str]] = {}
    for name in MAPPING_FILES:
        path = root / name
        if not path.exists():
            continue
        for inner in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(inner, ast.Tuple) and len(inner.elts) == 2 and all(
                    isinstance(e, ast.Constant) and isinstance(e.value, str) for e in inner.elts) and \
                    inner.elts[1].value.endswith("Config"):
                found.setdefault(inner.elts[1].value, set()).add(inner.elts[0].value)
    return {name: sorted(types) for name, types in sorted(found.items())}


def api(root: Path) -> Dict[str, object]:
    """What a transformers source tree defines, read with ``ast``: its :func:`definitions`; ``auto``, the model
    types each Auto model class loads; ``configs``, the model types of each configuration class; ``loading``, the
    keyword arguments of ``from_pretrained``."""
    return dict(definitions(root), auto=auto_classes(root), configs=config_classes(root),
                loading=loading_arguments(root))


def definitions(root: Path) -> Dict[str, object]:
    """``names``: every class, function and module-level name anywhere in a transformers source tree, and every
    attribute a class's methods set on ``self`` (a name that is not there was removed, whatever module it was
    imported from); ``classes``: for the classes outside ``models/`` (the caches, tokenizers, configurations,
    generation and pipelines that code calls methods on), the members each defines (its methods, class attributes
    and what its methods set on ``self``; ``*`` for any) and the names of its bases."""
    names: Set[str] = set()
    classes: Dict[str, List[Set[str]]] = {}
    for path in sorted(root.rglob("*.py")):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, SyntaxError):
            continue
        names.update(_assigned(tree.body))
        names.update(node.name for node in ast.walk(tree)
                     if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)))
        names.update(attribute for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
                     for attribute in _instance_attributes(node) if attribute != "*")
        if path.relative_to(root).parts[0] == "models":
            continue
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                members, bases = classes.setdefault(node.name, [set(), set()])
                members.update(_assigned(node.body))
                members.update(_instance_attributes(node))
                bases.update(ast.unparse(base.value if isinstance(base, ast.Subscript) else base).split(".")[-1]
                             for base in node.bases)
    return {"names": sorted(name for name in names if not name.startswith("__")),
            "classes": {name: [sorted(members), sorted(bases)] for name, (members, bases) in sorted(classes.items())}}


def loading_arguments(root: Path) -> List[str]:
    """The keyword arguments ``PreTrainedModel.from_pretrained`` takes: its parameters and what it takes out of
    ``**kwargs`` (``kwargs.pop("name", …)``). A release that does not know one passes it on to the model's
    ``__init__``, which refuses it."""
    tree = ast.parse((root / "modeling_utils.py").read_text(encoding="utf-8"))
    found: Set[str] = set()
    for cls in tree.body:
        if not (isinstance(cls, ast.ClassDef) and cls.name == "PreTrainedModel"):
            continue
        for method in cls.body:
            if isinstance(method, ast.FunctionDef) and method.name == "from_pretrained":
                arguments = method.args
                found.update(a.arg for a in arguments.args[1:] + arguments.kwonlyargs)
                found.update(call.args[0].value for call in ast.walk(method) if isinstance(call, ast.Call)
                             and isinstance(call.func, ast.Attribute) and call.func.attr in ("pop", "get")
                             and isinstance(call.func.value, ast.Name) and call.func.value.id == "kwargs"
                             and call.args and isinstance(call.args[0], ast.Constant)
                             and isinstance(call.args[0].value, str))
    return sorted(name for name in found if not name.startswith("_"))


# The transformers releases the history reads: the last patch of every minor release from 4.20 (mid-2022, the
# oldest that Colab notebooks still pin) to the newest. A name or a member one of them lacks between releases
# that have it was removed there (and maybe put back later); one the older ones lack was added.
HISTORY_RELEASES = (
    "4.20.1 4.21.3 4.22.2 4.23.1 4.24.0 4.25.1 4.26.1 4.27.4 4.28.1 4.29.2 4.30.2 4.31.0 4.32.1 4.33.3 4.34.1 4.35.2 "
    "4.36.2 4.37.2 4.38.2 4.39.3 4.40.2 4.41.2 4.42.4 4.43.4 4.44.2 4.45.2 4.46.3 4.47.1 4.48.3 4.49.0 4.50.3 4.51.3 "
    "4.52.4 4.53.3 4.54.1 4.55.4 4.56.2 4.57.6 5.0.0 5.1.0 5.2.0 5.3.0 5.4.0 5.5.4 5.6.2 5.7.0 5.8.1 5.9.0 5.10.4 "
    "5.11.0 5.12.1 5.13.1 5.14.1 5.15.1 5.16.1 5.17.0 5.18.0 5.19.0 5.20.2 5.21.1 5.22.2 5.23.0 5.24.0").split()


def release_definitions(version: str, cache: Path) -> Dict[str, object]:
    """The :func:`definitions` of one transformers release and its :func:`module_names`, read from its wheel
    (``pip download``, into ``cache`` once, as is what was read from it)."""
    saved = cache / f"transformers-{version}.definitions.json.gz"
    if saved.exists():
        data: Dict[str, object] = json.loads(gzip.decompress(saved.read_bytes()))
        if "modules" in data:               # (what an older script read lacks the modules: read the wheel again)
            return data
    wheels = cache / "wheels"
    wheel = next(wheels.glob(f"transformers-{version}-*.whl"), None)
    if wheel is None:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:",
                        f"transformers=={version}", "--dest", str(wheels)], check=True)
        wheel = next(wheels.glob(f"transformers-{version}-*.whl"))
    with zipfile.ZipFile(wheel) as archive, tempfile.TemporaryDirectory() as folder:
        archive.extractall(folder, [name for name in archive.namelist()
                                    if name.startswith("transformers/") and name.endswith(".py")])
        data = dict(definitions(Path(folder) / "transformers"), modules=module_names(Path(folder) / "transformers"))
    _write_json_gz(saved, data)
    return data


def _write_json_gz(path: Path, data: object) -> None:
    """Compact JSON, gzip-compressed with no timestamp: the same data gives the same bytes."""
    path.write_bytes(gzip.compress(json.dumps(data, separators=(",", ":")).encode(), 9, mtime=0))


def _spans(present: Iterable[int]) -> List[List[int]]:
    """Release indices as runs: [[first, last], …] (both included)."""
    runs: List[List[int]] = []
    for index in sorted(present):
        if runs and runs[-1][1] == index - 1:
            runs[-1][1] = index
        else:
            runs.append([index, index])
    return runs


def history(releases: Sequence[Tuple[str, Dict[str, object]]]) -> Dict[str, object]:
    """What each release defines, as the runs of releases (indices into ``releases``) that define it: ``names``,
    only those some release in the middle lacks or the oldest lacks (a name every release defines says nothing
    of a version); ``classes``, for each class outside ``models/``: the releases that define it (``at``), its
    bases and its own members (each with its runs). Which members a class has through its bases is worked out
    when it is asked. ``modules``, for each module file: the releases that have it (``at``), the names it binds in
    every one of them (``always``) and the runs of the others (``names``)."""
    names: Dict[str, Set[int]] = {}
    classes: Dict[str, Dict[str, object]] = {}
    modules: Dict[str, Tuple[Set[int], Dict[str, Set[int]]]] = {}
    for index, (_, data) in enumerate(releases):
        for module, bound in data["modules"].items():  # type: ignore[attr-defined]
            at, held = modules.setdefault(module, (set(), {}))
            at.add(index)
            for name in bound:
                held.setdefault(name, set()).add(index)
        for name in data["names"]:  # type: ignore[attr-defined]
            names.setdefault(name, set()).add(index)
        for cls, (members, bases) in data["classes"].items():  # type: ignore[attr-defined]
            entry = classes.setdefault(cls, {"at": set(), "bases": {}, "members": {}})
            entry["at"].add(index)  # type: ignore[attr-defined]
            for base in bases:
                entry["bases"].setdefault(base, set()).add(index)  # type: ignore[attr-defined]
            for member in members:
                entry["members"].setdefault(member, set()).add(index)  # type: ignore[attr-defined]
    everywhere = [[0, len(releases) - 1]]
    return {"releases": [version for version, _ in releases],
            "names": {name: _spans(at) for name, at in sorted(names.items()) if _spans(at) != everywhere},
            "classes": {cls: {"at": _spans(entry["at"]),  # type: ignore[arg-type]
                              "bases": {base: _spans(at) for base, at in sorted(entry["bases"].items())},  # type: ignore[attr-defined]
                              "members": {member: _spans(at) for member, at in sorted(entry["members"].items())}}  # type: ignore[attr-defined]
                        for cls, entry in sorted(classes.items())},
            "modules": {module: {"at": _spans(at),
                                 "always": sorted(name for name, held in bound.items() if held == at),
                                 "names": {name: _spans(held) for name, held in sorted(bound.items()) if held != at}}
                        for module, (at, bound) in sorted(modules.items())}}


def versions(packages: Iterable[str] = PACKAGES) -> Dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for package in packages:
        try:
            out[package] = version(package.replace("_", "-"))
        except PackageNotFoundError:
            pass
    return out


def new_since(snapshot: Dict[str, object], current: Sequence[Message]) -> List[Message]:
    """Messages of ``current`` whose (package, template) the snapshot does not hold (a file move is no news)."""
    known = {(m[0], m[2]) for m in snapshot.get("messages", [])}  # type: ignore[union-attr]
    return [m for m in current if (m[0], m[2]) not in known]


def read_snapshot(path: Path) -> Dict[str, object]:
    """A snapshot written by ``--snapshot`` (gzip-compressed when its name ends in .gz)."""
    data = path.read_bytes()
    return json.loads(gzip.decompress(data) if path.suffix == ".gz" else data)  # type: ignore[no-any-return]


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--grep", help="only messages containing this phrase (case-insensitive)")
    parser.add_argument("--snapshot", metavar="FILE", help="write today's messages to FILE (JSON)")
    parser.add_argument("--new-since", metavar="FILE", help="only messages not in this snapshot")
    parser.add_argument("--packages", nargs="*", default=list(PACKAGES))
    parser.add_argument("--model-types", action="store_true", help="print checks/model_types.py for the installed "
                                                                     "transformers")
    parser.add_argument("--transformers-api", metavar="FILE", help="write what the installed transformers defines "
                                                                     "to FILE (gzip-compressed JSON)")
    parser.add_argument("--transformers-history", metavar="FILE", help="write what each release in HISTORY_RELEASES "
                                                                         "up to the installed one defined to FILE")
    parser.add_argument("--releases-cache", metavar="DIR", default=str(Path.home() / ".cache" / "hf-doctor" /
                                                                       "transformers-releases"),
                        help="with --transformers-history: where the wheels of HISTORY_RELEASES and what was read from "
                             "them are kept (downloaded once with pip)")
    args = parser.parse_args(argv)
    if args.transformers_api or args.transformers_history or args.model_types:
        root = package_root("transformers")
        if root is None:
            print("# transformers: not installed", file=sys.stderr)
            return 1
        installed = versions(["transformers"])["transformers"]
        if args.transformers_api:
            _write_json_gz(Path(args.transformers_api), dict(api(root), version=installed))
        if args.transformers_history:
            cache = Path(args.releases_cache)
            (cache / "wheels").mkdir(parents=True, exist_ok=True)
            releases = [(version, release_definitions(version, cache)) for version in HISTORY_RELEASES
                        if Version(version) < Version(installed)]
            newest = dict(definitions(root), modules=module_names(root))
            _write_json_gz(Path(args.transformers_history), history(releases + [(installed, newest)]))
        if args.model_types:
            sys.stdout.write(model_types_module(model_types(root), installed))
        return 0
    found, missing = extract(args.packages)
    for package in missing:
        print(f"# {package}: not installed, not read", file=sys.stderr)
    if args.snapshot:
        data = (json.dumps({"versions": versions(args.packages), "messages": [list(m) for m in found]},
                           indent=0) + "\n").encode("utf-8")
        Path(args.snapshot).write_bytes(gzip.compress(data) if args.snapshot.endswith(".gz") else data)
        print(f"# {len(found)} messages written to {args.snapshot}", file=sys.stderr)
        return 0
    if args.new_since:
        found = new_since(read_snapshot(Path(args.new_since)), found)
    if args.grep:
        found = [m for m in found if args.grep.lower() in m[2].lower()]
    for package, file, text in found:
        print(f"{package}\t{file}\t{text}")
    print(f"# {len(found)} messages", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
