"""hf_doctor.run() in an IPython shell: it returns the report and displays the HTML table."""
from __future__ import annotations

import pytest

IPython = pytest.importorskip("IPython", reason="the notebook function is tested under IPython (test extras)")


def test_run_in_ipython_displays_html_and_returns_the_report(demo_hub, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    from hf_doctor.checks.context import SystemContext
    from hf_doctor.emulator import scenarios

    original = SystemContext.__init__

    def pointed_at_the_local_hub(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        original(self, *args, **{**kwargs, "endpoint": demo_hub.endpoint})

    monkeypatch.setattr(SystemContext, "__init__", pointed_at_the_local_hub)
    monkeypatch.setenv("HF_TOKEN", scenarios.TOKENS["waiting"])
    shell = InteractiveShell.instance()
    with capture_output() as captured:
        shell.run_cell(f"import hf_doctor\nreport = hf_doctor.run(model={scenarios.LLAMA!r}, gpu='T4')", store_history=False)
    report = shell.user_ns["report"]
    assert report["schema"] == "hf-doctor.report/1" and report["simulated_gpu"] == "T4"
    checks = {c["id"]: c for c in report["checks"]}
    assert checks["hub.access"]["cause"] == "gated_pending"
    html = captured.outputs[0].data["text/html"]
    assert '<tr data-check="hub.access" data-status="fail">' in html
    assert "https://huggingface.co/settings/gated-repos" in html
    assert scenarios.TOKENS["waiting"] not in html


def test_a_missing_token_is_asked_for_with_a_hidden_prompt(demo_hub, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import getpass

    from hf_doctor.checks.context import SystemContext
    from hf_doctor import notebook
    from hf_doctor.emulator import scenarios

    original = SystemContext.__init__
    monkeypatch.setattr(SystemContext, "__init__",
                        lambda self, *a, **kw: original(self, *a, **{**kw, "endpoint": demo_hub.endpoint}))
    asked = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt: asked.append(prompt) or scenarios.TOKENS["student"])
    report = notebook.run(model=scenarios.TINY_CHAT, display=False)
    checks = {c["id"]: c for c in report["checks"]}
    assert asked == ["Hugging Face token (hidden; press Enter to skip): "]
    assert checks["hub.token"]["data"]["source"] == "prompt" and checks["hub.access"]["status"] == "pass"


def test_run_offers_a_script_that_runs_the_model_here_folded_under_the_table(demo_hub, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import ast

    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    from hf_doctor.emulator import scenarios

    pointed_at(demo_hub, monkeypatch)
    monkeypatch.setenv("HF_TOKEN", scenarios.TOKENS["student"])
    shell = InteractiveShell.instance()
    with capture_output() as captured:
        shell.run_cell(f"import hf_doctor\nreport = hf_doctor.run(model={scenarios.LLAMA!r}, gpu='T4')",
                       store_history=False)
    code = shell.user_ns["report"]["script"]
    ast.parse(code)
    assert 'MODEL_ID = "meta-llama/Llama-3.1-8B"' in code and "BitsAndBytesConfig(load_in_4bit=True" in code
    html = captured.outputs[0].data["text/html"]
    assert '<details class="hf-doctor-script"' in html and "MODEL_ID = &quot;meta-llama/Llama-3.1-8B&quot;" in html
    assert scenarios.TOKENS["student"] not in html + code
    assert "script" not in hf_doctor_run_without_model()


def hf_doctor_run_without_model() -> dict:
    from hf_doctor import notebook

    return notebook.run(gpu="T4", display=False, ask_token=False)


def pointed_at(hub, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from hf_doctor.checks.context import SystemContext

    original = SystemContext.__init__
    monkeypatch.setattr(SystemContext, "__init__",
                        lambda self, *a, **kw: original(self, *a, **{**kw, "endpoint": hub.endpoint}))


def test_run_in_korean_shows_a_korean_table_and_restores_the_language(demo_hub, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import getpass

    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    from hf_doctor.emulator import scenarios

    pointed_at(demo_hub, monkeypatch)
    asked = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt: asked.append(prompt) or scenarios.TOKENS["waiting"])
    shell = InteractiveShell.instance()
    with capture_output() as captured:
        shell.run_cell(f"import hf_doctor\nreport = hf_doctor.run(model={scenarios.LLAMA!r}, gpu='T4', lang='ko')",
                       store_history=False)
    assert asked == ["Hugging Face 토큰 (화면에 표시되지 않습니다. 건너뛰려면 Enter): "]
    html = captured.outputs[0].data["text/html"]
    assert '<div class="hf-doctor" lang="ko">' in html
    assert "hf-doctor 0.1.0 · 환경 검사 · 시뮬레이션한 GPU: T4" in html
    assert "<b>모델 접근 권한</b>" in html and "해결 방법:</b>" in html and "준비되지 않음: 검사 1개가 실패했습니다." in html   # access; model.fit warns (it loads, offloaded)
    assert '<tr data-check="hub.access" data-status="fail">' in html   # ids and statuses are never translated
    assert shell.user_ns["report"]["checks"][-1]["title"] == "메모리 적합성"
    assert scenarios.TOKENS["waiting"] not in html
    # Nothing of the Korean run stays behind in the kernel: the next run speaks the default language again.
    with capture_output() as captured:
        shell.run_cell("hf_doctor.run(gpu='T4', ask_token=False)", store_history=False)
    assert "hf-doctor 0.1.0 · environment check" in captured.outputs[0].data["text/html"]


def test_run_follows_hf_doctor_lang(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from hf_doctor import notebook

    shown = []
    monkeypatch.setattr(notebook, "_display", shown.append)
    monkeypatch.setenv("HF_DOCTOR_LANG", "ko")
    report = notebook.run(gpu="T4", display=True)
    assert report["checks"][0]["id"] == "python.version" and "환경 검사" in shown[0]
    with pytest.raises(ValueError, match="'fr'"):
        notebook.run(lang="fr")
    monkeypatch.delenv("HF_DOCTOR_LANG")
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        notebook.run(lang="fr")


def test_the_hf_doctor_magic(demo_hub, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    from hf_doctor.emulator import scenarios

    pointed_at(demo_hub, monkeypatch)
    monkeypatch.setenv("HF_TOKEN", scenarios.TOKENS["waiting"])
    shell = InteractiveShell.instance()
    shell.run_line_magic("load_ext", "hf_doctor")
    with capture_output() as captured:
        shell.run_cell(f"%hf_doctor --model {scenarios.LLAMA} --gpu t4 --lang ko", store_history=False)
    html = captured.outputs[0].data["text/html"]
    assert "시뮬레이션한 GPU: T4" in html and '<tr data-check="hub.access" data-status="fail">' in html
    assert not captured.stderr
    with capture_output() as english:
        shell.run_cell("%hf_doctor --gpu T4", store_history=False)
    assert "environment check · GPU simulated: T4" in english.outputs[0].data["text/html"]


@pytest.mark.parametrize("line, error", [
    ("--frobnicate --lang ko",
     "UsageError: 알 수 없는 인자 '--frobnicate'입니다. 사용법: %hf_doctor --model ID [--gpu T4] [--smoke] [--context N] [--profile FILE] [--student NAME] [--lang ko]"),
    ("--model", "UsageError: --model needs a value; usage: %hf_doctor --model ID [--gpu T4] [--smoke] [--context N] [--profile FILE] [--student NAME] [--lang ko]"),
    ("--gpu RTX9999 --lang=ko", "UsageError: 알 수 없는 GPU 'RTX9999'입니다. 다음 중에서 고르세요: T4, L4, V100, P100, "
                                "A100-40GB, A100-80GB, H100, none"),
    ("--lang fr", "UsageError: unknown language 'fr'; choose one of en, ko"),
    ("--model 'a/b", "UsageError: cannot read these arguments (No closing quotation); usage: "
                     "%hf_doctor --model ID [--gpu T4] [--smoke] [--context N] [--profile FILE] [--student NAME] [--lang ko]"),
])
def test_a_bad_magic_line_is_one_usage_error_line(line: str, error: str) -> None:
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    import hf_doctor

    shell = InteractiveShell.instance()
    hf_doctor.load_ipython_extension(shell)
    with capture_output() as captured:
        shell.run_cell(f"%hf_doctor {line}", store_history=False)
    assert captured.stderr.strip() == error and not captured.outputs


def test_magic_lines_become_run_arguments() -> None:
    from hf_doctor.notebook import parse_magic_line

    assert parse_magic_line("") == {}
    assert parse_magic_line("--model 'org/a model' --gpu=a100-80gb --smoke --lang ko") == {
        "model": "org/a model", "gpu": "A100-80GB", "smoke": True, "lang": "ko"}
    assert parse_magic_line("--model a/b --context 32768") == {"model": "a/b", "context": 32768}
    with pytest.raises(ValueError, match="--context needs a whole number of tokens, not 'lots'"):
        parse_magic_line("--context lots")


def test_import_hf_doctor_stays_light_and_registers_the_magic_in_a_running_ipython() -> None:
    import subprocess
    import sys

    heavy = subprocess.run([sys.executable, "-c", "import sys, hf_doctor; print(sorted(m for m in sys.modules if m in "
                            "('torch', 'transformers', 'IPython', 'click', 'rich', 'huggingface_hub')))"],
                           capture_output=True, text=True, timeout=60)
    assert heavy.stdout.strip() == "[]", heavy.stderr
    in_ipython = subprocess.run([sys.executable, "-c", (
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "shell = InteractiveShell.instance()\n"
        "import hf_doctor\n"
        "print('hf_doctor' in shell.magics_manager.magics['line'])")], capture_output=True, text=True, timeout=60)
    assert in_ipython.stdout.strip() == "True", in_ipython.stderr


def test_profiles_and_student_names_work_in_the_notebook_as_on_the_command_line(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from hf_doctor import notebook

    profile = tmp_path / "course.toml"
    profile.write_text('name = "NLP 101"\ngpu_required = true\nmin_gpu_memory_gb = 15\n', encoding="utf-8")
    report = notebook.run(gpu="T4", profile=str(profile), student="Minji", display=False, ask_token=False)
    assert report["student"] == "Minji" and report["profile"]["name"] == "NLP 101"
    judged = report["checks"][-1]
    assert judged["id"] == "course.profile" and judged["status"] == "pass"
    assert notebook.parse_magic_line(f"--gpu T4 --profile {profile} --student Minji") == {
        "gpu": "T4", "profile": str(profile), "student": "Minji"}
    broken = tmp_path / "broken.toml"
    broken.write_text('name = "x"\nmin_gpu_memory = 16\n', encoding="utf-8")
    with pytest.raises(ValueError, match="unknown key 'min_gpu_memory'"):
        notebook.run(gpu="T4", profile=str(broken), display=False)


def test_a_frontend_without_input_runs_on_without_a_token_and_the_row_says_how_to_pass_one(demo_hub, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """nbclient, papermill and nbconvert --execute refuse input: ipykernel's getpass raises
    StdinNotImplementedError. Before, that error was the cell's output; now it is the token row's fix."""
    import getpass

    from IPython.core.error import StdinNotImplementedError

    from hf_doctor import notebook
    from hf_doctor.emulator import scenarios

    pointed_at(demo_hub, monkeypatch)

    def no_input(prompt: str) -> str:
        raise StdinNotImplementedError("getpass was called, but this frontend does not support input requests.")

    monkeypatch.setattr(getpass, "getpass", no_input)
    shown = []
    monkeypatch.setattr(notebook, "_display", shown.append)
    report = notebook.run(model=scenarios.LLAMA, gpu="T4")
    checks = {c["id"]: c for c in report["checks"]}
    token = checks["hub.token"]
    assert token["status"] == "warn" and token["cause"] == "token_missing" and token["data"]["source"] is None
    assert token["fix"]["text"].startswith("This notebook cannot ask for a token: its front end takes no input.")
    assert "HF_TOKEN" in token["fix"]["text"] and "run this cell again" in token["fix"]["text"]
    assert token["fix"]["commands"] in (["hf auth login"], ["huggingface-cli login"])   # the command it speaks of
    assert checks["hub.access"]["status"] == "fail"   # the run went on: the gated model needs the token
    assert "This notebook cannot ask for a token" in shown[0]
    # Korean, too; and a run that finds a token is never given the no-input advice.
    korean = {c["id"]: c for c in notebook.run(model=scenarios.LLAMA, gpu="T4", lang="ko", display=False)["checks"]}
    assert korean["hub.token"]["fix"]["text"].startswith("이 노트북은 토큰을 물어볼 수 없습니다.")
    monkeypatch.setenv("HF_TOKEN", scenarios.TOKENS["student"])
    found = {c["id"]: c for c in notebook.run(model=scenarios.LLAMA, gpu="T4", display=False)["checks"]}
    assert found["hub.token"]["status"] == "pass"


def test_the_notebook_verdict_says_to_run_the_cell_again() -> None:
    from hf_doctor.checks.result import CheckResult, Fix, Status
    from hf_doctor.checks.text import Msg
    from hf_doctor.i18n import Speaker
    from hf_doctor.render import render_html

    failed = CheckResult("hub.access", Msg("common.check.hub.access"), Status.FAIL, "no access",
                         fix=Fix("ask for access"))
    bug = CheckResult("disk.space", Msg("common.check.disk.space"), Status.ERROR, "boom")
    english = render_html(Speaker("en"), [failed], title="t", elapsed=1.5)
    assert "Not ready: 1 check failed. Apply the fixes above, then run this cell again. (1.50 s)" in english
    assert "hf-doctor check" not in english
    both = render_html(Speaker("en"), [failed, failed, bug], title="t")
    assert ("Not ready: 2 checks failed. Apply the fixes above, then run this cell again. "
            "hf-doctor hit a bug in 1 check; please report it.") in both
    korean = render_html(Speaker("ko"), [failed], title="t")
    assert "준비되지 않음: 검사 1개가 실패했습니다. 위의 해결 방법을 적용한 뒤 이 셀을 다시 실행하세요." in korean


def test_every_cell_of_the_notebook_table_says_its_own_alignment() -> None:
    """Jupyter's stylesheets align td to the right and centre tables; an inline style beats them (the browser
    test proves it under their CSS)."""
    import re

    from hf_doctor.checks.result import CheckResult, Fix, Status
    from hf_doctor.checks.text import Msg
    from hf_doctor.i18n import Speaker
    from hf_doctor.render import render_html

    row = CheckResult("gpu.device", Msg("common.check.gpu.device"), Status.WARN, "no GPU",
                      fix=Fix("use one", commands=("hf-doctor check --gpu T4",), url="https://example.org/"))
    html = render_html(Speaker("en"), [row], title="t")
    cells = re.findall(r"<(td|pre|table)\b([^>]*)>", html)
    assert len(cells) == 5
    assert all("text-align:left" in attributes for _, attributes in cells), cells
    assert "<style" not in html   # dropped by an untrusted notebook's sanitiser, and it would restyle the page


def test_progress_bars_are_off_during_the_run_and_restored_after(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from huggingface_hub.utils import are_progress_bars_disabled, disable_progress_bars, enable_progress_bars

    from hf_doctor import notebook

    seen = []
    real_examine = notebook.examine

    def watched(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append((are_progress_bars_disabled(), are_progress_bars_disabled("huggingface_hub.x")))
        return real_examine(*args, **kwargs)

    monkeypatch.setattr(notebook, "examine", watched)
    enable_progress_bars()
    disable_progress_bars("peft")   # a user's own choice for one group survives the run
    try:
        notebook.run(gpu="T4", display=False)
        assert seen == [(True, True)]
        assert not are_progress_bars_disabled() and are_progress_bars_disabled("peft")
    finally:
        enable_progress_bars()
