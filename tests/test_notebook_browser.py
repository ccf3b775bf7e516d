"""The notebook as its user sees it: ``hf_doctor.run()`` in a real kernel (nbclient, which like papermill and
``nbconvert --execute`` takes no input), its HTML output rendered by headless Chromium under stylesheets shaped like
JupyterLab's, classic Jupyter's and Colab's, which align table cells to the right and centre tables.

The kernel is a subprocess: it inherits this process's environment, so it talks only to the local Hub (HF_ENDPOINT)
and carries the network guard (PYTHONPATH's sitecustomize), as does the generation it starts in turn.
"""
from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
from pathlib import Path
from typing import Any, Dict, List

import pytest

from .browser import BROWSER_TIMEOUT_S

nbformat = pytest.importorskip("nbformat", reason="the kernel run needs nbclient (test extras)")
nbclient = pytest.importorskip("nbclient", reason="the kernel run needs nbclient (test extras)")
pytest.importorskip("ipykernel", reason="the kernel run needs ipykernel (test extras)")

KERNEL_TIMEOUT_S = 300

# The rules that matter, written in the shape each front end's stylesheet has them (JupyterLab 4's rendermime
# base.css, classic Jupyter's .rendered_html, and a Colab-like dark output frame with bare element selectors):
# cells aligned right and vertically centred, tables centred with a fixed layout, striped rows, themed <pre>.
FRONTENDS = {
    "jupyterlab": ("jp-RenderedHTMLCommon jp-RenderedHTML jp-OutputArea-output", """
        .jp-RenderedHTMLCommon { font-family: sans-serif; font-size: 14px; color: rgba(0,0,0,.87); }
        .jp-RenderedHTMLCommon table { border-collapse: collapse; border-spacing: 0; border: none;
          font-size: 13px; table-layout: fixed; margin-left: auto; margin-bottom: 1em; margin-right: auto; }
        .jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th, .jp-RenderedHTMLCommon tr { vertical-align: middle;
          padding: .5em; line-height: normal; white-space: normal; max-width: none; border: none; }
        :not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td, :not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon th,
        :not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon tr { text-align: right; }
        .jp-RenderedHTMLCommon tbody tr:nth-child(odd) { background: #fff; }
        .jp-RenderedHTMLCommon tbody tr:nth-child(even) { background: #f5f5f5; }
        .jp-RenderedHTMLCommon pre { border: 0; background-color: #fff; color: rgba(0,0,0,.87); margin: 1em 2em;
          padding: 0; white-space: pre-wrap; }"""),
    "classic": ("rendered_html output_subarea output_html", """
        .rendered_html { color: #000; font-size: 14px; }
        .rendered_html table { margin-left: auto; margin-right: auto; border: none; border-collapse: collapse;
          border-spacing: 0; color: black; font-size: 12px; table-layout: fixed; }
        .rendered_html tr, .rendered_html th, .rendered_html td { text-align: right; vertical-align: middle;
          padding: .5em .5em; line-height: normal; white-space: normal; max-width: none; border: none; }
        .rendered_html tbody tr:nth-child(odd) { background: #f5f5f5; }
        .rendered_html pre { margin: 1em 2em; padding: 0; background-color: #fff; }"""),
    "colab": ("output-html", """
        .output-html { background: #383838; color: #e3e3e3; font-family: Roboto, sans-serif; }
        table { margin: 0 auto; border-collapse: collapse; }
        td, th { text-align: right; vertical-align: middle; padding: 4px 8px; }
        pre { color: #d5d5d5; background: #1e1e1e; }"""),
}

# Computed in the page and written into it, so that --dump-dom carries the answer out: for every table cell of
# every output, its computed text-align, where its first line of text starts against the cell's left padding,
# where the table starts against its output's left edge, and the contrast of every command box.
PROBE = """
<script>
function luminance(colour) {
  const [r, g, b] = colour.match(/[0-9.]+/g).slice(0, 3).map(Number).map(v => {
    v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const found = [];
for (const output of document.querySelectorAll("[data-frontend]")) {
  const frontend = output.dataset.frontend;
  for (const table of output.querySelectorAll("table")) {
    found.push({frontend, what: "table", offset: table.getBoundingClientRect().left
                - output.getBoundingClientRect().left - parseFloat(getComputedStyle(output).paddingLeft)});
  }
  for (const td of output.querySelectorAll("td")) {
    const style = getComputedStyle(td);
    const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT,
      {acceptNode: n => n.textContent.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP});
    const text = walker.nextNode();
    const range = document.createRange();
    range.selectNodeContents(text);
    const first = range.getClientRects()[0];
    found.push({frontend, what: "td", check: td.parentElement.dataset.check, text: text.textContent.slice(0, 40),
                align: style.textAlign, indent: first.left - td.getBoundingClientRect().left
                - parseFloat(style.borderLeftWidth) - parseFloat(style.paddingLeft)});
  }
  for (const pre of output.querySelectorAll("pre")) {
    const style = getComputedStyle(pre);
    const [a, b] = [luminance(style.color), luminance(style.backgroundColor)].sort((x, y) => y - x);
    found.push({frontend, what: "pre", align: style.textAlign, contrast: (a + 0.05) / (b + 0.05)});
  }
}
const out = document.createElement("pre");
out.id = "probe";
out.textContent = JSON.stringify(found);
document.body.appendChild(out);
</script>
"""


def page(outputs: List[str], frontend: str) -> str:
    classes, css = FRONTENDS[frontend]
    cells = "".join(f'<div class="{classes}" data-frontend="{frontend}" style="padding:8px">{html}</div>'
                    for html in outputs)
    return (f'<!doctype html><html><head><meta charset="utf-8"><style>{css}</style></head>'
            f'<body style="margin:0;width:1200px">{cells}{PROBE}</body></html>')


def run_notebook(kernel: str, cells: List[str]) -> Any:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    # allow_errors: an error is an output this test reads and reports, not an exception that hides the others.
    nbclient.NotebookClient(notebook, kernel_name=kernel, timeout=KERNEL_TIMEOUT_S, allow_errors=True).execute()
    return notebook


def shown(cell: Any) -> Dict[str, List[str]]:
    """What a cell shows, by kind: HTML outputs, stdout, and the red boxes (stderr, errors)."""
    seen: Dict[str, List[str]] = {"html": [], "stdout": [], "red": []}
    for output in cell.outputs:
        if output.output_type == "stream":
            seen["stdout" if output.name == "stdout" else "red"].append(output.text)
        elif output.output_type == "error":
            seen["red"].append(f"{output.ename}: {output.evalue}")
        elif "text/html" in output.get("data", {}):
            seen["html"].append(output.data["text/html"])
    return seen


def test_the_notebook_as_a_user_sees_it(kernel_env: str, chromium: str, tmp_path: Path) -> None:
    from hf_doctor.emulator import scenarios

    notebook = run_notebook(kernel_env, [
        # A gated model without a token, in a front end that cannot ask for one: not ready.
        f"import hf_doctor\nreport = hf_doctor.run(model={scenarios.LLAMA!r}, gpu='T4')",
        # A public model downloaded and run, in Korean: huggingface_hub's bars and tqdm's widget notice.
        f"korean = hf_doctor.run(model={scenarios.TINY_CHAT!r}, smoke=True, lang='ko')",
        "from huggingface_hub.utils import are_progress_bars_disabled\n"
        "print(report['checks'][-1]['id'], are_progress_bars_disabled())",
    ])
    english, korean, after = (shown(cell) for cell in notebook.cells)
    for cell in (english, korean, after):
        assert not cell["red"], "a red box in the notebook:\n" + "\n".join(cell["red"])
    assert len(english["html"]) == len(korean["html"]) == 1
    # Progress bars were off for the run only: the user's next download shows its bar again.
    assert after["stdout"] == ["model.fit False\n"]

    table = english["html"][0]
    assert '<tr data-check="hub.access" data-status="fail">' in table
    assert "This notebook cannot ask for a token: its front end takes no input." in table
    assert "then run this cell again." in table and "hf-doctor check`" not in table
    assert '<tr data-check="model.download" data-status="pass">' in korean["html"][0]
    assert "이 노트북은 토큰을 물어볼 수 없습니다." in korean["html"][0]

    outputs = english["html"] + korean["html"]
    for frontend in FRONTENDS:
        probed = probe(chromium, tmp_path, page(outputs, frontend), frontend)
        cells = [p for p in probed if p["what"] == "td"]
        assert len(cells) == 3 * sum(html.count("<tr ") for html in outputs) > 0, (frontend, len(cells))
        right = [p for p in cells if p["align"] not in ("left", "start")]
        assert not right, f"{frontend}: cells not aligned left: {right[:3]}"
        # The first line of each cell starts at the cell's left padding: it reads from the left.
        indented = [p for p in cells if abs(p["indent"]) > 1.5]
        assert not indented, f"{frontend}: text does not start at the cell's left edge: {indented[:3]}"
        tables = [p for p in probed if p["what"] == "table"]
        assert len(tables) == 2 and all(abs(p["offset"]) <= 4 for p in tables), (frontend, tables)
        boxes = [p for p in probed if p["what"] == "pre"]
        assert boxes and all(p["align"] == "left" and p["contrast"] >= 4.5 for p in boxes), (frontend, boxes)

    for frontend in ("jupyterlab", "colab"):
        picture = screenshot(chromium, tmp_path, page(outputs, frontend), frontend)
        print(f"notebook screenshot ({frontend}): {picture}")
    if shutil.which("fc-list") and not subprocess.run(["fc-list", ":lang=ko"], capture_output=True,
                                                       text=True).stdout.strip():
        print("no Korean font here (Debian: fonts-nanum): the screenshots show the Korean table as boxes")


def probe(chromium: str, tmp_path: Path, html: str, frontend: str) -> List[Dict[str, Any]]:
    path = tmp_path / f"notebook-{frontend}.html"
    path.write_text(html, encoding="utf-8")
    done = browse(chromium, tmp_path, frontend, ["--window-size=1280,4000", "--dump-dom", path.as_uri()])
    start = done.stdout.index('<pre id="probe">') + len('<pre id="probe">')
    import html as html_module

    return json.loads(html_module.unescape(done.stdout[start:done.stdout.index("</pre>", start)]))


def screenshot(chromium: str, tmp_path: Path, html: str, frontend: str) -> Path:
    """A picture of the outputs under ``frontend``'s stylesheet, kept under the test's folder (and copied to
    $HF_DOCTOR_ARTEFACTS when set): the probe judges alignment; a person can look at the rest."""
    source = tmp_path / f"shot-{frontend}.html"
    source.write_text(html.replace(PROBE, ""), encoding="utf-8")
    picture = tmp_path / f"notebook-{frontend}.png"
    browse(chromium, tmp_path, f"shot-{frontend}", ["--hide-scrollbars", "--window-size=1240,2600",
                                                     f"--screenshot={picture}", source.as_uri()])
    data = picture.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1240, 2600)
    artefacts = os.environ.get("HF_DOCTOR_ARTEFACTS")
    if artefacts:
        Path(artefacts).mkdir(parents=True, exist_ok=True)
        shutil.copy(picture, Path(artefacts) / picture.name)
    return picture


def browse(chromium: str, tmp_path: Path, name: str, arguments: List[str]) -> "subprocess.CompletedProcess[str]":
    done = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--disable-extensions", "--disable-background-networking", "--disable-component-update",
         f"--user-data-dir={tmp_path / ('profile-' + name)}", *arguments],
        capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=BROWSER_TIMEOUT_S)
    assert done.returncode == 0, done.stderr[-2000:]
    return done
