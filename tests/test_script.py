"""`hf-doctor script`: a program that runs the model here, written from what the checks found, then run for real
as its own process (and as a notebook in a real kernel) against the local Hub."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

import pytest

from hf_doctor.emulator import scenarios
from hf_doctor.i18n import Speaker
from hf_doctor.script import Recipe, dtype_argument, notebook, python_script

nbformat = pytest.importorskip("nbformat", reason="the kernel run needs nbclient (test extras)")
nbclient = pytest.importorskip("nbclient", reason="the kernel run needs nbclient (test extras)")

HANGUL = "가-힣"


def env_for(hub, home: Path, user: str = "student") -> Dict[str, str]:  # type: ignore[no-untyped-def]
    env = {**os.environ, **hub.environment(), "HF_HOME": str(home), "HF_TOKEN": scenarios.TOKENS[user]}
    env.pop("HF_DOCTOR_LANG", None)
    return env


def hf_doctor(args: List[str], env: Dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hf_doctor", *args], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.parametrize("lang, loaded", [("en", "Loaded in "), ("ko", "불러오기: ")])
def test_the_written_script_runs_on_its_own_and_answers(demo_hub, tmp_path: Path, lang: str, loaded: str) -> None:  # type: ignore[no-untyped-def]
    env = env_for(demo_hub, tmp_path / "home")
    made = hf_doctor(["script", "--model", scenarios.TINY_CHAT, "--lang", lang], env, tmp_path)
    assert made.returncode == 0, made.stdout + made.stderr
    path = tmp_path / "run_tiny-chat.py"
    text = path.read_text(encoding="utf-8")
    assert "hf_doctor" not in text and "import hf" not in text          # no dependency on hf-doctor
    assert scenarios.TOKENS["student"] not in text and "token=" not in text  # the token never in the code
    assert "apply_chat_template" in text and "eos_token_id" not in text
    assert (lang == "ko") == any("가" <= c <= "힣" for c in "".join(l for l in text.splitlines() if l.startswith("#")))
    ran = subprocess.run([sys.executable, str(path)], env=env, cwd=tmp_path, capture_output=True, text=True,
                         timeout=300)
    assert ran.returncode == 0, ran.stderr[-2000:]
    assert loaded in ran.stdout and "경복궁" in ran.stdout    # the tiny model's answer, streamed
    assert ("tokens/s" if lang == "en" else "초당") in ran.stdout.splitlines()[-1]


def test_a_base_model_gets_plain_text_and_says_why(demo_hub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    made = hf_doctor(["script", "--model", scenarios.TINY_BASE], env_for(demo_hub, tmp_path / "home"), tmp_path)
    text = (tmp_path / "run_tiny-base.py").read_text(encoding="utf-8")
    assert made.returncode == 0 and "apply_chat_template" not in text and "-Instruct" in text


def test_the_seeds_model_on_a_t4_is_planned_in_4bit_float16_and_nothing_is_overwritten(demo_hub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env = env_for(demo_hub, tmp_path / "home")
    first = hf_doctor(["script", "--model", scenarios.LLAMA, "--gpu", "T4"], env, tmp_path)
    second = hf_doctor(["script", "--model", scenarios.LLAMA, "--gpu", "T4"], env, tmp_path)
    assert first.returncode == second.returncode == 0, first.stdout
    text = (tmp_path / "run_Llama-3.1-8B.py").read_text(encoding="utf-8")
    assert "BitsAndBytesConfig(load_in_4bit=True" in text and "bnb_4bit_compute_dtype=torch.float16" in text
    assert "pip install bitsandbytes" in text and "bfloat16" not in text
    assert (tmp_path / "run_Llama-3.1-8B-2.py").read_text(encoding="utf-8") == text
    taken = tmp_path / "mine.py"
    taken.write_text("print('mine')\n")
    refused = hf_doctor(["script", "--model", scenarios.TINY_CHAT, "--output", str(taken)], env, tmp_path)
    assert refused.returncode == 2 and "never writes over" in refused.stderr
    assert taken.read_text() == "print('mine')\n"


def test_no_script_where_the_model_cannot_be_read_and_the_reason_is_shown(demo_hub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    made = hf_doctor(["script", "--model", "hf-doctor/no-such-model"], env_for(demo_hub, tmp_path / "home"), tmp_path)
    assert made.returncode == 1 and "No script for hf-doctor/no-such-model" in made.stdout
    assert not list(tmp_path.glob("run_*"))


def test_dtype_argument_follows_the_installed_transformers() -> None:
    assert [dtype_argument(v) for v in ("4.40.2", "4.55.4", "4.56.0", "5.2.0", None, "garbage")] == \
        ["torch_dtype", "torch_dtype", "dtype", "dtype", "dtype", "dtype"]


@pytest.mark.parametrize("recipe", [
    Recipe("org/chat", "gpu", "bfloat16", False, True, "안녕 \"따옴표\" {중괄호}", system="sys \\ back"),
    Recipe("org/base", "cpu", "float32", False, False, "Once upon a time", dtype_argument="torch_dtype"),
    Recipe("org/big", "gpu", "float16", True, True, "q", sample=True, max_new_tokens=17),
])
def test_every_written_script_is_valid_python_that_names_what_it_loads(recipe: Recipe) -> None:
    import ast

    for lang in ("en", "ko"):
        text = python_script(recipe, Speaker(lang))
        tree = ast.parse(text)
        literals = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)}
        assert recipe.model in literals and recipe.prompt in literals
        assert (f"MODEL_ID, {recipe.dtype_argument}=" in text) != recipe.four_bit
        cells = notebook(recipe, Speaker(lang))["cells"]
        ast.parse("\n".join("".join(cell["source"]) for cell in cells[1:]))  # type: ignore[index]


def test_the_notebook_runs_in_a_real_kernel(demo_hub, kernel_env: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    env = env_for(demo_hub, tmp_path / "home")
    made = hf_doctor(["script", "--model", scenarios.TINY_CHAT, "--notebook"], env, tmp_path)
    assert made.returncode == 0, made.stdout
    for name in ("HF_HOME", "HF_TOKEN"):
        monkeypatch.setenv(name, env[name])
    book = nbformat.read(str(tmp_path / "run_tiny-chat.ipynb"), as_version=4)
    nbclient.NotebookClient(book, kernel_name=kernel_env, timeout=300).execute()
    printed = "".join(o.get("text", "") for cell in book.cells if cell.cell_type == "code" for o in cell.outputs)
    assert "경복궁" in printed and "tokens/s" in printed
