"""wizard.run() in an IPython shell: it returns the report and displays the HTML table."""
from __future__ import annotations

import pytest

IPython = pytest.importorskip("IPython", reason="the notebook function is tested under IPython (test extras)")


def test_run_in_ipython_displays_html_and_returns_the_report(demo_hub, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    from checks.context import SystemContext
    from wizard.emulator import scenarios

    original = SystemContext.__init__

    def pointed_at_the_local_hub(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        original(self, *args, **{**kwargs, "endpoint": demo_hub.endpoint})

    monkeypatch.setattr(SystemContext, "__init__", pointed_at_the_local_hub)
    monkeypatch.setenv("HF_TOKEN", scenarios.TOKENS["waiting"])
    shell = InteractiveShell.instance()
    with capture_output() as captured:
        shell.run_cell(f"import wizard\nreport = wizard.run(model={scenarios.LLAMA!r}, gpu='T4')", store_history=False)
    report = shell.user_ns["report"]
    assert report["schema"] == "hf-preflight.report/1" and report["simulated_gpu"] == "T4"
    checks = {c["id"]: c for c in report["checks"]}
    assert checks["hub.access"]["cause"] == "gated_pending"
    html = captured.outputs[0].data["text/html"]
    assert '<tr data-check="hub.access" data-status="fail">' in html
    assert "https://huggingface.co/settings/gated-repos" in html
    assert scenarios.TOKENS["waiting"] not in html


def test_a_missing_token_is_asked_for_with_a_hidden_prompt(demo_hub, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import getpass

    from checks.context import SystemContext
    from wizard import notebook
    from wizard.emulator import scenarios

    original = SystemContext.__init__
    monkeypatch.setattr(SystemContext, "__init__",
                        lambda self, *a, **kw: original(self, *a, **{**kw, "endpoint": demo_hub.endpoint}))
    asked = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt: asked.append(prompt) or scenarios.TOKENS["student"])
    report = notebook.run(model=scenarios.TINY_CHAT, display=False)
    checks = {c["id"]: c for c in report["checks"]}
    assert asked == ["Hugging Face token (hidden; press Enter to skip): "]
    assert checks["hub.token"]["data"]["source"] == "prompt" and checks["hub.access"]["status"] == "pass"
