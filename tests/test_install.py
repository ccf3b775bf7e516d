"""What `pip install .` puts on a machine: one import package, hf_doctor, and a user's own files win."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_an_install_is_one_namespace_and_a_users_checks_py_and_wizard_py_stay_theirs(tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                                      demo_hub) -> None:
    site = tmp_path / "site"
    # This environment's setuptools builds it (no index: tests reach no other host).
    built = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                            "--no-build-isolation", "--target", str(site), str(ROOT)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    top = {entry.name for entry in site.iterdir()}
    assert "hf_doctor" in top and not top & {"checks", "wizard", "checks.py", "wizard.py"}, sorted(top)
    assert {name for name in top if not name.endswith(".dist-info")} <= {"hf_doctor", "bin"}, sorted(top)
    assert (site / "hf_doctor" / "locale" / "ko.po").is_file() and (site / "hf_doctor" / "messages.pot").is_file()
    assert (site / "hf_doctor" / "checks" / "messages.pot").is_file()
    assert (site / "hf_doctor" / "checks" / "transformers_api.json.gz").is_file()    # what explain knows was removed
    assert (site / "hf_doctor" / "checks" / "transformers_history.json.gz").is_file()  # ... and in which release

    # A notebook's folder with files of the same names as our folders in the repository.
    folder = tmp_path / "notebook"
    folder.mkdir()
    (folder / "checks.py").write_text("MINE = 'checks.py of the user'\n", encoding="utf-8")
    (folder / "wizard.py").write_text("MINE = 'wizard.py of the user'\n", encoding="utf-8")
    env = {**os.environ, **demo_hub.environment(), "HF_HOME": str(tmp_path / "home"),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))}

    imported = subprocess.run(
        [sys.executable, "-c", "import checks, wizard, hf_doctor; print(checks.MINE, wizard.MINE, hf_doctor.__file__)"],
        cwd=folder, env=env, capture_output=True, text=True, timeout=60)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.startswith("checks.py of the user wizard.py of the user ")
    assert imported.stdout.strip().endswith(str(site / "hf_doctor" / "__init__.py"))

    for command in ([str(site / "bin" / "hf-doctor"), "check", "--json"],
                    [sys.executable, "-m", "hf_doctor", "check", "--json"]):
        done = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode in (0, 1), done.stderr
        report = json.loads(done.stdout)
        assert report["schema"] == "hf-doctor.report/1" and report["tool"]["name"] == "hf-doctor"
        assert all(check["status"] != "error" for check in report["checks"]), done.stdout
