"""`lint`'s reading of a script: every trap of the seed tutorial on its line, nothing on a clean script, notebooks
with shell lines and magics, and files that are not scripts at all."""
from __future__ import annotations

import json
from pathlib import Path
from typing import List, Tuple

import pytest

from hf_doctor.checks import causes
from hf_doctor.checks.lint import MAX_BYTES, LintError, Report, Unit, lint_path, lint_units, read_units

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "colab_llama31_tutorial.py"
TOKEN = "hf_" + "Zq7" * 11 + "wXyZ"   # the shape of a token, no real one


def found(report: Report) -> List[Tuple[int, str]]:
    return [(f.where.line, f.cause) for f in report.findings]


def script(text: str) -> Report:
    return lint_units([Unit(None, tuple(text.splitlines()))])


@pytest.mark.skipif(not SEED.is_file(), reason="the seed tutorial is not beside this checkout (../shared/seed)")
def test_the_seed_tutorials_traps_in_the_code_each_on_its_line() -> None:
    report = lint_path(SEED)
    lines = SEED.read_text(encoding="utf-8").splitlines()

    def line_of(text: str, after: int = 0) -> int:
        return next(n for n, line in enumerate(lines, start=1) if n > after and text in line)

    pipeline = line_of("text_gen_pipeline = pipeline(")
    assert found(report) == [
        (line_of("input("), causes.TOKEN_TYPED),
        (line_of("torch_dtype=torch.bfloat16,  #"), causes.ARGUMENT_RENAMED),
        (line_of("device_map=", after=pipeline), causes.PIPELINE_PLACEMENT_IGNORED),
        (line_of("torch_dtype=", after=pipeline), causes.PIPELINE_PLACEMENT_IGNORED),
        (line_of('f"System:'), causes.CHAT_PROMPT_BY_HAND),
        (line_of("<|eot_id|>"), causes.STOP_TOKEN_HARDCODED),
        (line_of("[len(chat_prompt):]"), causes.ANSWER_CUT_BY_LENGTH),
    ]
    plan = report.plan
    assert plan.model is not None and plan.model.value == "meta-llama/Meta-Llama-3.1-8B"
    assert plan.model.where.line == line_of('model_id = "')
    assert plan.dtype is not None and plan.dtype.value == "bfloat16"
    assert plan.dtype.where.line == line_of("torch_dtype=torch.bfloat16,  #")
    assert plan.device_map is not None and plan.device_map.value == "auto"
    assert plan.loads_model is not None and plan.loads_model.line == line_of("AutoModelForCausalLM.from_pretrained(")
    assert plan.chat_prompt is not None and [v.value for v in plan.stop_tokens] == ["<|eot_id|>"]
    fixed = {f.cause: f.fixed for f in report.findings}
    assert fixed[causes.TOKEN_TYPED] == ""
    assert (fixed[causes.ARGUMENT_RENAMED] or "").startswith("dtype=torch.bfloat16,")


CLEAN = '''\
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer, pipeline

model_id = "meta-llama/Llama-3.1-8B-Instruct"
tokenizer = AutoTokenizer.from_pretrained(model_id)
model = AutoModelForCausalLM.from_pretrained(model_id, dtype="auto", device_map="auto")
generator = pipeline("text-generation", model=model, tokenizer=tokenizer)
messages = [{"role": "user", "content": "Recommend five places to visit in Korea."}]
outputs = generator(messages, max_new_tokens=256, return_full_text=False)
print(outputs[0]["generated_text"])
'''


def test_a_clean_script_has_no_finding_and_its_plan_is_read() -> None:
    report = script(CLEAN)
    assert report.findings == []
    assert report.plan.model is not None and report.plan.model.value == "meta-llama/Llama-3.1-8B-Instruct"
    assert report.plan.model.where.line == 4
    assert report.plan.dtype is not None and report.plan.dtype.value == "auto"
    assert report.plan.chat_prompt is None and report.plan.stop_tokens == []


def test_a_token_in_the_code_is_found_on_every_line_it_is_on_and_shown_masked() -> None:
    report = script(f'from huggingface_hub import login\nlogin("{TOKEN}")\n# old one: {TOKEN}\n')
    assert found(report) == [(2, causes.TOKEN_IN_CODE), (3, causes.TOKEN_IN_CODE)]
    assert all(TOKEN not in f.code and f.code.count("wXyZ") == 1 for f in report.findings)


def test_a_token_in_a_notebooks_saved_output_is_found_and_shown_masked(tmp_path: Path) -> None:
    cells = [{"cell_type": "code", "source": 'token = input("token: ")', "outputs": [
        {"output_type": "stream", "name": "stdout", "text": [f"token: {TOKEN}\n"]}]},
             {"cell_type": "code", "source": "print(1)", "outputs": [
                 {"output_type": "execute_result", "data": {"text/plain": "1"}}, "junk"]}]
    path = tmp_path / "echoed.ipynb"
    path.write_text(json.dumps({"cells": cells, "nbformat": 4, "nbformat_minor": 4, "metadata": {}}))
    report = lint_path(path)
    assert [(f.where.cell, f.cause) for f in report.findings] == [(1, causes.TOKEN_IN_CODE), (1, causes.TOKEN_TYPED)]
    assert report.findings[0].code == "token: hf_…wXyZ" and report.findings[0].why.id == "lint.token_in_output"


def test_a_typed_token_is_found_where_it_is_typed_even_when_passed_on_cells_later() -> None:
    notebook = [Unit(1, ('token = input("HF token: ")',)),
                Unit(3, ("from transformers import AutoTokenizer",
                         'tok = AutoTokenizer.from_pretrained("org/model", token=token)'))]
    report = lint_units(notebook)
    assert [(f.where.cell, f.where.line, f.cause) for f in report.findings] == [(1, 1, causes.TOKEN_TYPED)]
    assert report.findings[0].code == 'token = input("HF token: ")'   # the line of its own cell, not ""


def test_a_token_typed_straight_into_the_environment_is_found_by_what_input_asks_for() -> None:
    report = script('import os\nos.environ["HF_TOKEN"] = input("허깅페이스 토큰을 입력하세요: ")\n')
    assert found(report) == [(2, causes.TOKEN_TYPED)]


def test_input_that_is_not_a_token_is_not_a_finding() -> None:
    assert script('name = input("Your name: ")\nprint(name)\n').findings == []


def test_a_pipeline_that_loads_the_model_itself_may_take_its_placement() -> None:
    report = script('from transformers import pipeline\n'
                    'pipe = pipeline("text-generation", model="org/model", device_map="auto", torch_dtype="float16")\n')
    assert found(report) == [(2, causes.ARGUMENT_RENAMED)]
    assert report.plan.model is not None and report.plan.model.value == "org/model"
    assert report.plan.dtype is not None and report.plan.dtype.value == "float16"


def test_a_notebook_with_shell_lines_magics_and_markdown_keeps_cell_and_line_numbers(tmp_path: Path) -> None:
    cells = [
        {"cell_type": "markdown", "source": ["# Llama on Colab\n"]},
        {"cell_type": "code", "source": ["!pip install -q transformers\n", "%env HF_HUB_ENABLE_HF_TRANSFER=1\n",
                                         "import torch\n"]},
        {"cell_type": "code", "source": "%%capture\n!nvidia-smi\n"},
        {"cell_type": "code", "source": ["from transformers import AutoModelForCausalLM\n",
                                         "files = !ls\n",
                                         "model = AutoModelForCausalLM.from_pretrained(\n",
                                         "    \"org/model\", torch_dtype=torch.bfloat16)\n"]},
    ]
    path = tmp_path / "tutorial.ipynb"
    path.write_text(json.dumps({"cells": cells, "nbformat": 4, "nbformat_minor": 5, "metadata": {}}))
    report = lint_path(path)
    assert [(f.where.cell, f.where.line, f.cause) for f in report.findings] == [(4, 4, causes.ARGUMENT_RENAMED)]
    assert report.plan.model is not None and (report.plan.model.where.cell, report.plan.model.where.line) == (4, 4)
    assert report.line(report.findings[0].where).startswith('"org/model", torch_dtype=')


def test_a_syntax_error_is_a_finding_on_its_line_and_other_cells_are_still_read() -> None:
    report = lint_units([Unit(1, ("x = (",)), Unit(2, ('y = input("token?")', "login(token=y)"))])
    assert [(f.where.cell, f.cause) for f in report.findings] == [(1, causes.UNKNOWN), (2, causes.TOKEN_TYPED)]


@pytest.mark.parametrize("content, key", [
    (b"\xff\xfeh\x00i\x00", "lint.error.not_utf8"),
    (b'{"cells": 3}', "lint.error.notebook"),
    (b"not json", "lint.error.notebook"),
])
def test_a_file_that_is_not_a_script_is_one_message_not_a_traceback(tmp_path: Path, content: bytes, key: str) -> None:
    path = tmp_path / ("x.ipynb" if key == "lint.error.notebook" else "x.py")
    path.write_bytes(content)
    with pytest.raises(LintError) as raised:
        read_units(path)
    assert raised.value.message.id == key


def test_a_missing_file_a_folder_and_a_huge_file_are_named_without_being_read(tmp_path: Path) -> None:
    with pytest.raises(LintError) as missing:
        read_units(tmp_path / "nope.py")
    assert missing.value.message.id == "lint.error.unreadable"
    with pytest.raises(LintError) as folder:
        read_units(tmp_path)
    assert folder.value.message.id == "lint.error.not_a_file"
    huge = tmp_path / "huge.py"
    with huge.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(LintError) as large:
        read_units(huge)
    assert large.value.message.id == "lint.error.too_large"


def test_a_utf8_file_with_a_bom_reads_like_any_other(tmp_path: Path) -> None:
    path = tmp_path / "bom.py"
    path.write_bytes(("\ufeff" + CLEAN).encode("utf-8"))
    assert lint_path(path).findings == []


# -- the command, against the local Hub (a real process, as a user runs it)

import os  # noqa: E402 - the command's tests below
import subprocess  # noqa: E402
import sys  # noqa: E402

from hf_doctor.emulator import scenarios  # noqa: E402

NOTEBOOK_TUTORIAL = [   # another tutorial's shape: a notebook, the traps spread over cells
    "!pip install -q transformers accelerate",
    "import torch\nfrom huggingface_hub import login\nfrom transformers import AutoModelForCausalLM, AutoTokenizer",
    f'login(token="{TOKEN}")',
    f'name = "{scenarios.LLAMA}"\ntok = AutoTokenizer.from_pretrained(name)\n'
    "lm = AutoModelForCausalLM.from_pretrained(name, torch_dtype=torch.bfloat16, device_map='auto')",
    'text = "User: what is the capital of Korea?\\nAssistant:"\n'
    "ids = tok(text, return_tensors='pt').to(lm.device)\n"
    "out = lm.generate(**ids, max_new_tokens=64, eos_token_id=tok.convert_tokens_to_ids('<|eot_id|>'))",
]


def lint_cli(hub, tmp_path: Path, *args: str, user: str = "student") -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    env = {**os.environ, **hub.environment(), "HF_HOME": str(tmp_path / "home"), "HF_TOKEN": scenarios.TOKENS[user],
           "COLUMNS": "100"}
    env.pop("HF_DOCTOR_LANG", None)
    return subprocess.run([sys.executable, "-m", "hf_doctor", "lint", *args], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)


def write_notebook(path: Path, sources: List[str]) -> Path:
    cells = [{"cell_type": "markdown", "metadata": {}, "source": "# Llama 3.1 on a T4"}] + [
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": source}
        for source in sources]
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 4}))
    return path


@pytest.mark.skipif(not SEED.is_file(), reason="the seed tutorial is not beside this checkout (../shared/seed)")
def test_lint_names_every_trap_of_the_seed_tutorial_on_a_t4_by_its_line(demo_hub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    done = lint_cli(demo_hub, tmp_path, str(SEED), "--gpu", "T4", "--json")
    assert done.returncode == 0, done.stderr     # it runs, slowly and wrongly: traps, not failures
    found_ = {(f["line"], f["cause"]) for f in json.loads(done.stdout)["findings"]}
    lines = SEED.read_text(encoding="utf-8").splitlines()

    def line_of(text: str) -> int:
        return next(n for n, line in enumerate(lines, start=1) if text in line)

    dtype = line_of("torch_dtype=torch.bfloat16,  #")
    assert {(line_of("input("), "token_typed"),
            (line_of('model_id = "'), "repo_not_found"),            # renamed
            (dtype, "argument_renamed"), (dtype, "bf16_unsupported"),
            (line_of('device_map="auto",'), "model_offloaded_slow"),
            (line_of('f"System:'), "chat_template_missing"),       # a base model prompted as a chat
            (line_of("<|eot_id|>"), "stop_token_hardcoded"),
            (line_of("[len(chat_prompt):]"), "answer_cut_by_length")} <= found_
    assert sum(cause == "pipeline_placement_ignored" for _, cause in found_) == 2
    text = " ".join(lint_cli(demo_hub, tmp_path, str(SEED), "--gpu", "T4").stdout.split())
    assert "27 of 32 layers on the Tesla T4" in text and 'model_id = "meta-llama/Llama-3.1-8B"' in text


def test_lint_judges_a_notebook_against_the_hub_cell_by_cell_and_masks_the_token(demo_hub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_notebook(tmp_path / "llama.ipynb", NOTEBOOK_TUTORIAL)
    done = lint_cli(demo_hub, tmp_path, str(path), "--gpu", "T4", "--json", user="waiting")
    assert done.returncode == 1, done.stderr           # access pending: it will not run
    document = json.loads(done.stdout)
    places = {(f["cell"], f["line"], f["cause"]) for f in document["findings"]}
    assert {(4, 1, "token_in_code"), (5, 1, "gated_pending"), (5, 3, "argument_renamed"),
            (5, 3, "bf16_unsupported"), (6, 1, "chat_template_missing"),     # a base model: no chat template
            (6, 3, "stop_token_hardcoded")} <= places
    assert document["verdict"] == "will_fail"
    shown = lint_cli(demo_hub, tmp_path, str(path), "--gpu", "T4", user="waiting")
    assert "cell 4, line 1" in shown.stdout and TOKEN not in shown.stdout + done.stdout + shown.stderr
    assert "hf_…wXyZ" in shown.stdout


def test_lint_fix_writes_a_corrected_script_beside_the_original_and_never_over_a_file(demo_hub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_notebook(tmp_path / "llama.ipynb", NOTEBOOK_TUTORIAL)
    before = path.read_bytes()
    first = lint_cli(demo_hub, tmp_path, str(path), "--gpu", "T4", "--fix")
    second = lint_cli(demo_hub, tmp_path, str(path), "--gpu", "T4", "--fix")
    assert first.returncode == second.returncode == 0, first.stdout
    assert path.read_bytes() == before
    fixed = json.loads((tmp_path / "llama.fixed.ipynb").read_text(encoding="utf-8"))
    code = "".join("".join(cell["source"]) for cell in fixed["cells"] if cell["cell_type"] == "code")
    assert f'MODEL_ID = "{scenarios.LLAMA}"' in code and "BitsAndBytesConfig(load_in_4bit=True" in code
    assert "max_new_tokens=64" in code and TOKEN not in code and "eos_token_id" not in code
    assert (tmp_path / "llama.fixed-2.ipynb").exists() and "llama.fixed-2.ipynb" in second.stdout


def test_escape_sequences_in_the_users_code_are_shown_never_run_by_the_terminal(tmp_path: Path) -> None:
    path = tmp_path / "odd.py"
    path.write_text('from transformers import pipeline\n'
                    'pipe = pipeline("text-generation", model="org/m", torch_dtype="float16")  # \x1b]0;pwned\x07\x1b[2J\n')
    done = subprocess.run([sys.executable, "-m", "hf_doctor", "lint", str(path), "--offline"], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "HF_DOCTOR_LANG": "en"})
    assert done.returncode == 0 and "\x1b" not in done.stdout and "\\x1b]0;pwned" in done.stdout


def test_lint_offline_reads_the_code_alone(tmp_path: Path) -> None:
    path = tmp_path / "clean.py"
    path.write_text(CLEAN)
    done = subprocess.run([sys.executable, "-m", "hf_doctor", "lint", str(path), "--offline"], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "HF_DOCTOR_LANG": "en"})
    assert done.returncode == 0 and "No traps in the code itself" in done.stdout
    missing = subprocess.run([sys.executable, "-m", "hf_doctor", "lint", str(tmp_path / "nope.py")],
                             capture_output=True, text=True, timeout=120, env={**os.environ, "HF_DOCTOR_LANG": "en"})
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1 and "cannot be read" in missing.stderr
