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


def test_a_typed_token_is_found_where_it_is_typed_even_when_passed_on_cells_later() -> None:
    notebook = [Unit(1, ('token = input("HF token: ")',)),
                Unit(3, ("from transformers import AutoTokenizer",
                         'tok = AutoTokenizer.from_pretrained("org/model", token=token)'))]
    report = lint_units(notebook)
    assert [(f.where.cell, f.where.line, f.cause) for f in report.findings] == [(1, 1, causes.TOKEN_TYPED)]


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
