"""The instructor's path, end to end, as the README tells it: a profile, students' reports, one HTML summary.

Each student runs the real program against the local Hub with their own cache; the summary is built from the
files they hand in.
"""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Dict, Optional

from hf_doctor.emulator import scenarios

ROOT = Path(__file__).resolve().parent.parent

PROFILE = f"""\
name = "NLP 101 · week 1"
model = "{scenarios.TINY_CHAT}"
min_python = "3.9"
max_generation_s = 120
must_pass = ["hub.token", "model.generate"]
"""

# name: (token on stdin, extra environment)
STUDENTS: Dict[str, tuple] = {
    "김민지": (scenarios.TOKENS["student"], {}),
    "Jisoo": (scenarios.REVOKED, {}),
    "Tom": (scenarios.TOKENS["student"], {"HF_HUB_OFFLINE": "1"}),
}


def student_run(hub, tmp_path: Path, profile: Path, name: str, token: Optional[str], extra: Dict[str, str]):  # type: ignore[no-untyped-def]
    home = tmp_path / f"home-{len(list(tmp_path.iterdir()))}"
    env = {**os.environ, **hub.environment(), "HF_HOME": str(home), **extra}
    report = tmp_path / "reports" / f"{name}.json"
    argv = [sys.executable, "-m", "hf_doctor", "check", "--profile", str(profile), "--student", name,
            "--report", str(report), "--no-color", "--token-file", "-"]
    done = subprocess.run(argv, input=token, env=env, capture_output=True, text=True, cwd=ROOT, timeout=300)
    return done, json.loads(report.read_text(encoding="utf-8"))


def test_profile_to_reports_to_one_html_summary(demo_hub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    profile = tmp_path / "course.toml"
    profile.write_text(PROFILE, encoding="utf-8")
    (tmp_path / "reports").mkdir()
    reports = {}
    for name, (token, extra) in STUDENTS.items():
        done, report = student_run(demo_hub, tmp_path, profile, name, token, extra)
        reports[name] = report
        assert token.strip() not in done.stdout + done.stderr + json.dumps(report)
        assert report["student"] == name and report["profile"]["name"] == "NLP 101 · week 1"
        judged = {c["id"]: c for c in report["checks"]}["course.profile"]
        assert done.returncode == (0 if judged["status"] == "pass" else 1), done.stdout

    verdicts = {name: {c["id"]: c for c in r["checks"]}["course.profile"] for name, r in reports.items()}
    assert verdicts["김민지"]["status"] == "pass"
    assert (verdicts["Jisoo"]["status"], verdicts["Jisoo"]["cause"]) == ("fail", "token_invalid")
    assert (verdicts["Tom"]["status"], verdicts["Tom"]["cause"]) == ("fail", "network_offline")
    token_check = {c["id"]: c for c in reports["김민지"]["checks"]}["hub.token"]    # no Hub user name without
    assert reports["김민지"]["user"] is None and token_check["data"]["user"] is None   # --include-user
    assert "user ‹user›" in token_check["summary"]

    page, table = tmp_path / "class.html", tmp_path / "class.csv"
    done = subprocess.run([sys.executable, "-m", "hf_doctor", "summarize", str(tmp_path / "reports"),
                           "--html", str(page), "--csv", str(table)],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    html = page.read_text(encoding="utf-8")
    assert all(name in html for name in STUDENTS) and "token_invalid" in html and "network_offline" in html
    rows = {row["student"]: row for row in csv.DictReader(table.read_text(encoding="utf-8-sig").splitlines())}
    assert rows["김민지"]["verdict"] in ("ready", "ready_with_warnings")
    assert rows["Jisoo"]["verdict"] == "not_ready" and "token_invalid" in rows["Jisoo"]["causes"]
    assert rows["김민지"]["profile"] == "NLP 101 · week 1"


def test_korean_reports_summarized_in_english_say_nothing_in_korean_but_the_names(demo_hub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`hf-doctor check --lang ko --report r.json`, then `hf-doctor summarize r.json --lang en`: the real
    program both times. The reports read as Korean; the summary of them is English, apart from the names."""
    import re

    hangul = re.compile("[가-힣]")
    profile = tmp_path / "course.toml"
    profile.write_text(PROFILE, encoding="utf-8")
    (tmp_path / "reports").mkdir()
    names = {"김민지": scenarios.TOKENS["student"], "Jisoo": scenarios.REVOKED}
    for name, token in names.items():
        home = tmp_path / f"home-{name}"
        report = tmp_path / "reports" / f"{len(list((tmp_path / 'reports').iterdir()))}.json"
        env = {**os.environ, **demo_hub.environment(), "HF_HOME": str(home)}
        subprocess.run([sys.executable, "-m", "hf_doctor", "check", "--lang", "ko", "--profile", str(profile),
                        "--student", name, "--report", str(report), "--json", "--token-file", "-"],
                       input=token, env=env, capture_output=True, text=True, cwd=ROOT, timeout=300)
        written = json.loads(report.read_text(encoding="utf-8"))
        assert written["lang"] == "ko" and all(hangul.search(c["title"]) or c["id"] in ("python.version", "gpu.device")
                                               for c in written["checks"])
    page = tmp_path / "class.html"
    done = subprocess.run([sys.executable, "-m", "hf_doctor", "summarize", str(tmp_path / "reports"), "--lang", "en",
                           "--html", str(page)], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    shown = done.stdout + done.stderr + re.sub(r"<style>.*?</style>", "", page.read_text(encoding="utf-8"),
                                               flags=re.DOTALL)
    assert "token_invalid" in shown and "Jisoo" in shown
    assert hangul.findall(shown.replace("김민지", "")) == []
