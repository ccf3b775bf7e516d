"""The libraries' own messages (issue 15): the curated table is still what the installed libraries print, each
of its templates is recognised by construction, and the extraction tool shows what is new after an upgrade."""
from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest
from packaging.version import Version

from hf_doctor.checks import causes
from hf_doctor.checks.explain import explain
from hf_doctor.checks.library_knowledge import TABLE, LibraryMessage

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import library_messages  # noqa: E402

SNAPSHOT = ROOT / "tests" / "data" / "library_messages.json.gz"
# Sample values a template's holes are filled with: a repo id, a path, a number, a name (each gives a different
# neighbourhood to the words around the hole).
SAMPLES = ("org/some-model", "/home/user/.cache/huggingface/hub/models--org--x", "4.5", "flash_attn")
_FILES: Dict[str, List[str]] = {}


def _messages(entry: LibraryMessage) -> List[str]:
    key = f"{entry.package}/{entry.file}"
    if key not in _FILES:
        root = library_messages.package_root(entry.package)
        path = root / entry.file if root else None
        source = path.read_text(encoding="utf-8") if path and path.exists() else ""
        _FILES[key] = list(library_messages.messages_in(source))
    return _FILES[key]


@pytest.mark.parametrize("entry", TABLE, ids=[f"{e.package}:{e.template[:40]}" for e in TABLE])
def test_each_curated_template_is_still_printed_by_the_installed_library(entry: LibraryMessage) -> None:
    if importlib.util.find_spec(entry.package) is None:
        pytest.skip(f"{entry.package} is not installed")
    assert any(entry.template in message for message in _messages(entry)), \
        f"{entry.package} {entry.file} no longer prints {entry.template!r}: see scripts/library_messages.py --grep"


@pytest.mark.parametrize("sample", SAMPLES)
@pytest.mark.parametrize("entry", TABLE, ids=[f"{e.package}:{e.template[:40]}" for e in TABLE])
def test_each_curated_template_is_recognised_by_construction(entry: LibraryMessage, sample: str) -> None:
    # a model type is one transformers has released (one it never did is the repo's own: not "too old")
    text = entry.template.replace("model type `{}`", "model type `gemma3`").replace("{}", sample)
    assert explain(text).cause == entry.cause, text
    # as a traceback's last line, and wrapped by a terminal at 60 columns
    wrapped = re.sub(r"(.{60}) ", lambda m: m.group(1) + "\n", text)
    assert explain(f"Traceback (most recent call last):\n  File \"x.py\", line 1\nError: {wrapped}").cause == \
        entry.cause, wrapped


def test_every_cause_of_the_table_is_a_known_cause() -> None:
    assert {entry.cause for entry in TABLE} <= causes.ALL


def test_the_tool_turns_raises_warnings_and_logs_into_templates() -> None:
    source = '''
import warnings, logging
logger = logging.getLogger(__name__)
def f(name, size):
    raise OSError(f"{name} does not appear to have a file named {size}.")
    warnings.warn("The target location " + name + " only has free disk space.")
    logger.warning("Loading %s took %d seconds in total" % (name, size))
    raise ValueError("Unrecognized configuration class {} for this kind of AutoModel".format(name))
    print("not a message")
'''
    assert sorted(library_messages.messages_in(source)) == sorted([
        "{} does not appear to have a file named {}.", "The target location {} only has free disk space.",
        "Loading {} took {} seconds in total", "Unrecognized configuration class {} for this kind of AutoModel"])


def test_the_tool_lists_the_messages_new_since_a_snapshot() -> None:
    snapshot = library_messages.read_snapshot(SNAPSHOT)
    assert snapshot["versions"] and len(snapshot["messages"]) > 1000   # type: ignore[arg-type]
    old = {"messages": [["transformers", "utils/hub.py", "an old message"]]}
    now = [("transformers", "utils/hub.py", "an old message"), ("transformers", "moved.py", "an old message"),
           ("transformers", "utils/hub.py", "a new message {}")]
    assert library_messages.new_since(old, now) == [("transformers", "utils/hub.py", "a new message {}")]
    # against the recorded snapshot, the installed huggingface_hub's messages are compared the same way
    installed = [m for m in library_messages.extract(["huggingface_hub"])[0]]
    fresh = library_messages.new_since(snapshot, installed)
    assert len(fresh) < len(installed)


def test_the_model_types_explain_knows_are_those_of_the_installed_transformers() -> None:
    """checks/model_types.py is read from transformers' source; an upgrade that adds model types shows here
    (refresh it with ``python scripts/library_messages.py --model-types > checks/model_types.py``)."""
    from hf_doctor.checks.model_types import MODEL_TYPES, TRANSFORMERS_VERSION

    root = library_messages.package_root("transformers")
    if root is None:
        pytest.skip("transformers is not installed")
    installed = set(library_messages.model_types(root))
    assert len(installed) > 300 and {"llama", "qwen2", "gemma3", "gpt-sw3"} <= installed
    assert installed - MODEL_TYPES == set(), f"model types new since transformers {TRANSFORMERS_VERSION}"


@pytest.mark.parametrize("model_type", ["llava_pythia", "my_custom_lm", "internlm-xcomposer-x9"])
def test_a_model_type_no_release_knows_is_not_an_old_transformers(model_type: str) -> None:
    """Upgrading transformers cannot help with an architecture that is the repo's own: no answer is better than
    that wrong fix; a type of a release stays "too old"."""
    from hf_doctor.checks.model_types import MODEL_TYPES

    template = next(e.template for e in TABLE if "model type `{}`" in e.template)
    assert model_type not in MODEL_TYPES
    assert explain(template.replace("{}", model_type)).cause != causes.TRANSFORMERS_TOO_OLD
    for known in sorted(MODEL_TYPES)[::97]:
        assert explain(template.replace("{}", known)).cause == causes.TRANSFORMERS_TOO_OLD, known


@pytest.mark.parametrize("stride", [41, 89])
def test_a_key_error_on_a_released_model_type_while_loading_is_an_old_transformers(stride: int) -> None:
    """transformers 4.x's mapping raises a bare KeyError for a model type it predates; a key that no release
    knows, or one raised outside loading a model, says nothing about transformers."""
    from hf_doctor.checks.model_types import MODEL_TYPES

    frame = ('  File "/usr/lib/python3.10/site-packages/transformers/models/auto/configuration_auto.py", line 710, '
             "in __getitem__\n    raise KeyError(key)\n")
    for known in sorted(MODEL_TYPES)[::stride]:
        assert explain(f"{frame}KeyError: '{known}'\n").cause == causes.TRANSFORMERS_TOO_OLD, known
        user_code = f'  File "app.py", line 3, in <module>\n    value = settings["{known}"]\nKeyError: \'{known}\'\n'
        assert explain(user_code).cause == causes.UNKNOWN, known
    assert explain(f"{frame}KeyError: 'my_private_arch'\n").cause != causes.TRANSFORMERS_TOO_OLD


# A library's check of another package's version, as the libraries word it: "requires torch>=2.8", "peft version
# must be >= X", "`huggingface_hub` version 0.31.4 or higher". Chosen by this shape, not by explain's patterns.
VERSION_CHECK = re.compile(
    r"\b(?:requires?|need|must|please)\b.{0,80}\b(torch|pytorch|peft|deepspeed|bitsandbytes|huggingface_hub|tokenizers|"
    r"safetensors|diffusers|trl|triton|torchvision|torchao|torchdata|numpy)\b[`'\"]? ?(?:version )?"
    r"(?:>=|[\d{][\w.{}]* or (?:later|higher|newer))", re.IGNORECASE)
VERSION_CAUSES = {causes.LIBRARY_CONFLICT, causes.TRANSFORMERS_TOO_OLD, causes.ACCELERATE_MISSING,
                  causes.TORCH_LOAD_REFUSED, causes.BF16_UNSUPPORTED, causes.GPU_MISSING}


def test_the_libraries_checks_of_another_packages_version_are_recognised() -> None:
    """Every such check in the recorded messages of huggingface_hub, transformers, accelerate and torch (a
    deprecation notice aside) is read as a version cause; the few that are not are listed when this fails."""
    snapshot = library_messages.read_snapshot(SNAPSHOT)
    checks = [text for _, _, text in snapshot["messages"]  # type: ignore[attr-defined]
              if VERSION_CHECK.search(text) and not re.search(r"deprecat|will be removed", text, re.IGNORECASE)]
    missed = [text for text in checks if explain(text.replace("{}", "2.4")).cause not in VERSION_CAUSES]
    assert len(checks) >= 30 and len(missed) <= len(checks) // 10, missed


# A library saying that a package its code needs is not there, or not in a version it can use, as the libraries word
# it: "requires `kernels` to be installed", "You need to install sacremoses to use …", "Install it with `pip install
# tiktoken`". Chosen by this shape, not by explain's patterns; advice and fallbacks (nothing fails) are left out.
INSTALL = re.compile(r"\bpip3? install\b|\b(?:be|is not|not|have \S+) installed\b|\binstall (?:it|them)\b",
                     re.IGNORECASE)
ADVICE = re.compile(r"deprecat|will be removed|fall(?:ing|s)? back|instead|recommended|will not be|optional|"
                    r"already installed|is installed but|\bskill|extension|\bRun `?hf\b", re.IGNORECASE)
INSTALL_CAUSES = {causes.LIBRARY_MISSING, causes.LIBRARY_CONFLICT, causes.ACCELERATE_MISSING,
                  causes.TRANSFORMERS_TOO_OLD}


def test_the_libraries_requests_to_install_a_package_are_recognised() -> None:
    """Every such request in the recorded messages of huggingface_hub, transformers, accelerate and torch is read
    as a missing or mismatched package; the few that are not (a numbered install step, a sentence about a GPU) are
    listed when this fails."""
    snapshot = library_messages.read_snapshot(SNAPSHOT)
    requests = [text for _, _, text in snapshot["messages"]  # type: ignore[attr-defined]
                if INSTALL.search(text) and not ADVICE.search(text)]
    missed = [text for text in requests if explain(text.replace("{}", "2.4")).cause not in INSTALL_CAUSES]
    assert len(requests) >= 150 and len(missed) <= len(requests) // 10, missed


def test_the_names_explain_knows_transformers_defines_are_those_of_the_installed_transformers() -> None:
    """checks/transformers_api.json.gz is read from transformers' source; an upgrade shows here (refresh it with
    ``python scripts/library_messages.py --transformers-api checks/transformers_api.json.gz``, and the releases'
    history with ``--transformers-history checks/transformers_history.json.gz``)."""
    root = library_messages.package_root("transformers")
    if root is None:
        pytest.skip("transformers is not installed")
    recorded = _api()
    installed = library_messages.api(root)
    assert recorded["version"] == library_messages.versions(["transformers"])["transformers"]
    assert {key: value for key, value in recorded.items() if key != "version"} == installed
    # the history of each name over the releases read ends with the installed release, as read above
    history = _history()
    last = len(history["releases"]) - 1
    assert history["releases"][-1] == recorded["version"] and history["releases"][0] == "4.20.1"
    assert history["releases"] == sorted(history["releases"], key=Version)
    defined = set(recorded["names"])  # type: ignore[call-overload]
    assert {name for name, runs in history["names"].items() if runs[-1][1] == last} <= defined
    assert not {name for name, runs in history["names"].items() if runs[-1][1] != last} & defined
    for cls, (members, bases) in recorded["classes"].items():  # type: ignore[attr-defined]
        entry = history["classes"][cls]
        assert {m for m, runs in entry["members"].items() if runs[-1][1] == last} == set(members), cls
        assert {b for b, runs in entry["bases"].items() if runs[-1][1] == last} == set(bases), cls
    # and what each module file binds, there too
    bound = {module: set(names) for module, names in library_messages.module_names(root).items()}
    assert {module: set(entry["always"]) | {name for name, runs in entry["names"].items() if runs[-1][1] == last}
            for module, entry in history["modules"].items() if entry["at"][-1][1] == last} == bound
    assert "is_torch_greater_or_equal_than_1_13" in bound["pytorch_utils"]
    assert {"LlamaForCausalLM", "DynamicCache", "apply_chat_template"} <= set(recorded["names"])
    assert "llama" in recorded["auto"]["AutoModelForCausalLM"] and recorded["configs"]["LlamaConfig"] == ["llama"]
    assert {"attn_implementation", "device_map", "quantization_config", "token"} <= set(recorded["loading"])


def _api() -> Dict[str, object]:
    return _read("transformers_api.json.gz")


def _history() -> Dict[str, Any]:
    """checks/transformers_history.json.gz: what each release read defined (``python scripts/library_messages.py
    --transformers-history checks/transformers_history.json.gz``)."""
    return _read("transformers_history.json.gz")


def _read(name: str) -> Dict[str, Any]:
    import gzip
    import json

    return json.loads(gzip.decompress((ROOT / "checks" / name).read_bytes()))  # type: ignore[no-any-return]


@pytest.mark.parametrize("stride", [97, 89])
def test_a_name_transformers_still_defines_is_never_read_as_removed(stride: int) -> None:
    # every stride-th name the newest transformers defines, imported from it: an older one lacked it ("too old")
    for name in _api()["names"][::stride]:  # type: ignore[index]
        for text in (f"ImportError: cannot import name '{name}' from 'transformers'",
                     f"AttributeError: module 'transformers' has no attribute '{name}'"):
            assert explain(text).cause != causes.TRANSFORMERS_TOO_NEW, text


@pytest.mark.parametrize("stride", [7, 11])
def test_a_member_a_transformers_class_still_has_is_never_read_as_removed(stride: int) -> None:
    # every stride-th class of the library's core (caches, tokenizers, configurations, generation), each with one
    # of its own members and one of its first base's: the installed transformers has them; only one that a
    # release in between lacked is read as removed there (and the answer says when it came back)
    classes: Dict[str, List[List[str]]] = _api()["classes"]  # type: ignore[assignment]
    back = 0
    for name, (members, bases) in list(classes.items())[::stride]:
        inherited = [m for base in bases[:1] for m in classes.get(base, [[]])[0]][:1]
        for member in [m for m in members if not m.startswith("__")][:1] + inherited:
            found = explain(f"AttributeError: '{name}' object has no attribute '{member}'")
            if found.cause == causes.TRANSFORMERS_TOO_NEW:
                back += 1
                assert found.summary.id == "cause.transformers_too_new.removed_between.explain", (name, member)  # type: ignore[union-attr]
    assert back <= len(classes) // stride // 10


@pytest.mark.parametrize("stride", [13, 17])
def test_a_name_no_transformers_release_defines_any_more_is_code_written_for_an_older_one(stride: int) -> None:
    # names the newest transformers does not define: its own names with a suffix no release used
    names = set(_api()["names"])  # type: ignore[arg-type]
    for name in sorted(names)[::stride * 20]:
        gone = name + "Legacy2" if name[:1].isupper() else name + "_legacy2"
        assert gone not in names
        remote = ('  File "/root/.cache/huggingface/modules/transformers_modules/org/m/modeling_m.py", line 9, in '
                  f"<module>\n    from transformers import {gone}\n")
        text = f"{remote}ImportError: cannot import name '{gone}' from 'transformers' (/usr/lib/python3/site-" \
               f"packages/transformers/__init__.py)"
        found = explain(text)
        assert found.cause == causes.TRANSFORMERS_TOO_NEW and found.second != causes.TRANSFORMERS_TOO_OLD, text
        # imported by a library that declares which transformers it works with: the two releases do not fit
        by_peft = text.replace("/root/.cache/huggingface/modules/transformers_modules/org/m/modeling_m.py",
                               "/usr/lib/python3/site-packages/peft/utils/other.py")
        assert explain(by_peft).cause == causes.LIBRARY_CONFLICT, by_peft
        attribute = f"AttributeError: module 'transformers.generation.utils' has no attribute '{gone}'"
        assert explain(attribute).cause == causes.TRANSFORMERS_TOO_NEW, attribute
    # a member no core class has: removed, where the class and its bases are all transformers' own (a base from
    # torch or a class that answers any attribute leaves it unknown)
    read = [explain(f"AttributeError: '{name}' object has no attribute 'get_legacy2_cache'").cause
            for name in list(_api()["classes"])[::stride]]  # type: ignore[call-overload]
    assert set(read) <= {causes.TRANSFORMERS_TOO_NEW, causes.UNKNOWN}
    assert read.count(causes.TRANSFORMERS_TOO_NEW) >= len(read) // 2, read


@pytest.mark.parametrize("stride", [101, 103])
def test_a_name_that_misspells_one_transformers_defines_is_a_misspelling_with_the_right_spelling(stride: int) -> None:
    # every stride-th public name with an underscore or a capital inside, written without its underscores or in
    # lower case: no release is at fault, and the fix names the spelling transformers uses
    from hf_doctor.checks.i18n import english

    names = set(_api()["names"])  # type: ignore[arg-type]
    spelled = [n for n in sorted(names) if not n.startswith("_") and ("_" in n.strip("_") or n[1:] != n[1:].lower())]
    for name in spelled[::stride]:
        # (a name that looks like a token, hf_ and six letters, is never repeated in an answer)
        for asked in {a for a in (name.replace("_", ""), name.lower()) if not re.search(r"hf_[a-z0-9]{6}", a)} - names:
            found = explain(f"ImportError: cannot import name '{asked}' from 'transformers' (/usr/lib/python3/"
                            f"site-packages/transformers/__init__.py)")
            assert found.cause == causes.UNKNOWN, asked
            fix = english(found.fix.text)
            meant = [n for n in re.findall(r"`(\w+)`", fix) if n != asked]
            assert f"`{asked}`" in fix and len(meant) == 1 and meant[0] in names, fix
            assert meant[0].replace("_", "").lower() == asked.replace("_", "").lower(), fix


@pytest.mark.parametrize("stride", [37, 41])
def test_a_configuration_an_auto_class_refuses_is_too_old_only_when_a_newer_release_loads_it_so(stride: int) -> None:
    # sampled pairs of an Auto model class and a configuration class, in transformers' own refusal: when the newest
    # transformers loads that model type with that class the installed one is too old; when it does not, the code
    # picked the wrong class, and the fix names classes that do load it
    from hf_doctor.checks.i18n import english

    data = _api()
    autos: Dict[str, List[str]] = data["auto"]  # type: ignore[assignment]
    configs: Dict[str, List[str]] = data["configs"]  # type: ignore[assignment]
    pairs = [(auto, config) for auto in sorted(autos) for config in sorted(configs)][::stride]
    wrong = 0
    for auto, config in pairs:
        text = (f"ValueError: Unrecognized configuration class <class 'transformers.models.x.configuration_x.{config}'>"
                f" for this kind of AutoModel: {auto}.\nModel type should be one of BertConfig, GPT2Config.")
        found = explain(text)
        if set(configs[config]) & set(autos[auto]):
            assert found.cause == causes.TRANSFORMERS_TOO_OLD, text
            continue
        loading = [a for a in autos if set(configs[config]) & set(autos[a])]
        assert found.cause == (causes.UNKNOWN if loading else causes.TRANSFORMERS_TOO_OLD), text
        named = re.findall(r"`(\w+)`", english(found.fix.text)) if loading else []
        assert set(named) - {auto, "AutoProcessor"} <= set(loading), (text, named)
        wrong += bool(loading)
    assert wrong >= len(pairs) // 2, wrong


@pytest.mark.parametrize("model_class", ["LlamaForCausalLM", "MistralForCausalLM", "Qwen2VLForConditionalGeneration"])
def test_a_model_refusing_an_argument_from_pretrained_takes_now_is_an_older_transformers(model_class: str) -> None:
    """A transformers that does not know one of from_pretrained's arguments hands it on to the model's class, which
    refuses it: every argument the newest from_pretrained takes reads so, in Python's words before and after 3.10
    (the unnamed "__init__()" only where from_pretrained called it); an argument it does not take does not."""
    loading = _api()["loading"]
    assert isinstance(loading, list) and len(loading) >= 20
    frame = ('  File "/site-packages/transformers/modeling_utils.py", line 3450, in from_pretrained\n'
             "    model = cls(config, *model_args, **model_kwargs)\n")
    for argument in loading:
        named = f"TypeError: {model_class}.__init__() got an unexpected keyword argument '{argument}'"
        assert explain(named).cause == causes.TRANSFORMERS_TOO_OLD, argument
        bare = f"TypeError: __init__() got an unexpected keyword argument '{argument}'"
        assert explain(frame + bare).cause == causes.TRANSFORMERS_TOO_OLD, argument
        assert explain(bare).cause != causes.TRANSFORMERS_TOO_OLD, argument
    for argument in ("temperatur", "model_name", "use_flash_attention_3"):
        text = f"TypeError: {model_class}.__init__() got an unexpected keyword argument '{argument}'"
        assert explain(text).cause != causes.TRANSFORMERS_TOO_OLD, argument


@pytest.mark.parametrize("stride", [7, 5])
def test_a_core_class_refusing_an_argument_it_has_now_is_an_older_transformers(stride: int) -> None:
    """Trainer, a configuration, a cache refusing an argument that the newest one keeps (as a member: a dataclass
    field, what __init__ sets on self) is an older transformers."""
    from hf_doctor.checks.explain import _defines

    classes = _api()["classes"]
    assert isinstance(classes, dict)
    pairs = [(name, member) for name in ("Trainer", "TrainingArguments", "GenerationConfig", "DynamicCache")
             for member in classes[name][0][::stride] if member.isidentifier() and not member.startswith("_")
             and _defines(name, member)]
    assert len(pairs) >= 10
    for name, member in pairs:
        text = f"TypeError: {name}.__init__() got an unexpected keyword argument '{member}'"
        assert explain(text).cause == causes.TRANSFORMERS_TOO_OLD, (name, member)


def _minor(release: str) -> str:
    return ".".join(release.split(".")[:2])


@pytest.mark.parametrize("stride", [41, 43])
def test_a_name_or_model_type_a_later_release_brought_is_answered_with_that_release(stride: int) -> None:
    # every stride-th model class and configuration class that came after the oldest release read, and stayed: asked
    # of a transformers that lacks it, the answer upgrades to the release that brought it; so for each model type
    # of such a configuration that transformers did not recognise
    history = _history()
    last = len(history["releases"]) - 1
    came = sorted((name, runs[0][0]) for name, runs in history["names"].items()
                  if len(runs) == 1 and 0 < runs[0][0] and runs[0][1] == last and
                  re.fullmatch(r"[A-Z]\w+(?:ForCausalLM|ForConditionalGeneration|Config)", name))
    configs: Dict[str, List[str]] = _api()["configs"]  # type: ignore[assignment]
    upgraded = 0
    for name, first in came[::stride]:
        command = f'python -m pip install -U "transformers>={_minor(history["releases"][first])}"'
        found = explain(f"ImportError: cannot import name '{name}' from 'transformers' (/usr/local/lib/python3.11/"
                        "dist-packages/transformers/__init__.py)")
        assert found.cause == causes.TRANSFORMERS_TOO_OLD and found.fix.commands == (command,), (name, found.cause)
        for kind in configs.get(name, [])[:1]:
            found = explain(f"ValueError: The checkpoint you are trying to load has model type `{kind}` but "
                            "Transformers does not recognize this architecture.")
            assert found.cause == causes.TRANSFORMERS_TOO_OLD and found.fix.commands == (command,), kind
            upgraded += 1
    assert len(came) // stride >= 20 and upgraded >= 5


@pytest.mark.parametrize("stride", [29, 31])
def test_a_name_the_newest_release_lacks_is_answered_with_the_release_that_removed_it(stride: int) -> None:
    # every stride-th public name some release read defined and the newest does not: removed in the release after
    # the last that had it, and that one is installed to get it back
    history = _history()
    last = len(history["releases"]) - 1
    gone = sorted((name, runs) for name, runs in history["names"].items()
                  if runs[0][0] == 0 and runs[-1][1] < last and re.fullmatch(r"[A-Z][a-z]\w+", name))
    for name, runs in gone[::stride]:
        removed = _minor(history["releases"][runs[-1][1] + 1])
        found = explain(f"ImportError: cannot import name '{name}' from 'transformers' (/usr/local/lib/python3.11/"
                        "dist-packages/transformers/__init__.py)")
        if found.summary.id == "cause.unknown.misspelled_name.explain":  # type: ignore[union-attr]
            continue      # DropPath, gone, is drop_path spelled otherwise: a misspelling first
        assert found.cause == causes.TRANSFORMERS_TOO_NEW, name
        assert found.fix.commands == (f'python -m pip install "transformers<{removed}"',), name
    assert len(gone) // stride >= 20


def _imported(module: str, name: str) -> str:
    return (f"ImportError: cannot import name '{name}' from 'transformers.{module}' (/usr/local/lib/python3.11/"
            f"dist-packages/transformers/{module.replace('.', '/')}.py)")


@pytest.mark.parametrize("stride", [37, 41])
def test_a_name_gone_from_a_module_file_is_answered_with_the_release_that_removed_it(stride: int) -> None:
    # every stride-th name a module file of the newest release no longer binds, though an older one did: removed
    # from that file in the release after the last that had it, wherever transformers defines it now
    history = _history()
    last = len(history["releases"]) - 1
    gone = sorted((module, name, runs) for module, entry in history["modules"].items() if entry["at"][-1][1] == last
                  for name, runs in entry["names"].items() if runs[-1][1] < last and re.fullmatch(r"[A-Za-z]\w+", name))
    for module, name, runs in gone[::stride]:
        found = explain(_imported(module, name))
        assert found.cause == causes.TRANSFORMERS_TOO_NEW, (module, name)
        removed = _minor(history["releases"][runs[-1][1] + 1])
        assert found.fix.commands == (f'python -m pip install "transformers<{removed}"',), (module, name)
    assert len(gone) // stride >= 20


@pytest.mark.parametrize("stride", [37, 41])
def test_a_name_a_module_file_gained_later_is_answered_with_the_release_that_brought_it(stride: int) -> None:
    # every stride-th name that a module file of every release read binds from some release on: an import of it
    # that fails is a transformers older than that release
    history = _history()
    last = len(history["releases"]) - 1
    came = sorted((module, name, runs[0][0]) for module, entry in history["modules"].items()
                  if entry["at"] == [[0, last]] for name, runs in entry["names"].items()
                  if len(runs) == 1 and runs[0][0] > 0 and runs[0][1] == last and re.fullmatch(r"[A-Za-z]\w+", name))
    for module, name, first in came[::stride]:
        found = explain(_imported(module, name))
        assert found.cause == causes.TRANSFORMERS_TOO_OLD, (module, name)
        added = _minor(history["releases"][first])
        assert found.fix.commands == (f'python -m pip install -U "transformers>={added}"',), (module, name)
    assert len(came) // stride >= 20
