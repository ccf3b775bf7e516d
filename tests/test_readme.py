"""The README's two set-up commands, CI's test command and the contract's ids stay in step."""
from __future__ import annotations

import re
from pathlib import Path

from hf_doctor.checks import causes
from hf_doctor.checks.registry import all_checks

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
README_KO = (ROOT / "README.ko.md").read_text(encoding="utf-8")   # the Korean mirror


def setup_commands(readme: str = README, heading: str = "## Set up") -> list:
    section = readme.split(heading, 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", section)


def test_readme_has_exactly_two_setup_commands() -> None:
    main_job, tests = setup_commands()
    assert main_job.endswith("python scripts/install.py && hf-doctor demo")
    assert tests.endswith('python scripts/install.py ".[test]" && python -m pytest')


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert setup_commands()[1] in ci


def test_the_tables_of_checks_are_what_the_registry_and_the_catalogue_say() -> None:
    """Both READMEs' tables are written by scripts/readme_checks.py; a stale one fails here, not in a user's eyes."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("readme_checks", ROOT / "scripts" / "readme_checks.py")
    assert spec is not None and spec.loader is not None
    readme_checks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(readme_checks)
    assert readme_checks.rewritten(README, "en") == README, "run python scripts/readme_checks.py"
    assert readme_checks.rewritten(README_KO, "ko") == README_KO, "run python scripts/readme_checks.py"


def test_readme_documents_every_check_and_every_added_cause() -> None:
    for check in all_checks(model="any/model", smoke=True):
        assert f"| `{check.id}` |" in README
    for cause in causes.ADDED | causes.IN_CODE:
        assert f"| `{cause}` |" in README


def test_cause_ids_are_the_contract_plus_additions() -> None:
    assert causes.ALL == causes.CONTRACT | causes.ADDED | causes.IN_CODE
    assert not (causes.CONTRACT & causes.ADDED) and not ((causes.CONTRACT | causes.ADDED) & causes.IN_CODE)
    assert len(causes.CONTRACT) == 23


def test_readme_lists_every_demo_scenario() -> None:
    from hf_doctor.emulator.scenarios import CASES

    for name in CASES:
        assert f"| `{name}` |" in README


def test_the_korean_readme_mirrors_the_english_one() -> None:
    """Same set-up commands verbatim, every check id and demo scenario README.md lists, each linking the other."""
    from hf_doctor.emulator.scenarios import CASES

    assert setup_commands(README_KO, "## 설치") == setup_commands()
    listed = re.findall(r"^\| `([a-z0-9._-]+)` \|", README, flags=re.MULTILINE)
    checks = [check.id for check in all_checks(model="any/model", smoke=True)]
    assert set(checks) | set(CASES) <= set(listed)
    for name in listed:
        assert f"| `{name}` |" in README_KO, name
    assert "(README.ko.md)" in README.split("\n## ", 1)[0] and "(README.md)" in README_KO.split("\n## ", 1)[0]
