"""Property: whatever text is given as ``--model``, the run ends in a diagnosis, never an exception.

The model checks run in process against the local Hub (the demo's), with arbitrary text as the repo id: valid
ids that do not exist, ids that break one of the Hub's rules, page addresses, control characters, very long
text. The command line itself is fuzzed too, for what it decides before any check runs (an empty id).
"""
from __future__ import annotations

import functools
import json

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hf_doctor.checks import causes, core, ids, registry
from hf_doctor.checks.context import SystemContext
from hf_doctor.checks.hub import invalid_repo_id
from hf_doctor.checks.result import Status
from hf_doctor.cli import cli
from hf_doctor.emulator import scenarios

pytestmark = pytest.mark.slow   # minutes in all: see README, Development

# Repo-id-like text: the id's own alphabet with the characters that break it, plus anything at all.
_PART = st.text(alphabet=st.sampled_from("abcXYZ019_.-/ :?#%~\\\t\n\x00\x1b\u200bｈ한"), max_size=40)
REPO_IDS = st.one_of(
    _PART,
    st.builds(lambda a, b: f"{a}/{b}", _PART, _PART),
    st.builds(lambda a: f"https://huggingface.co/{a}", _PART),
    st.text(max_size=300),
    st.sampled_from(["", " ", "/", "//", "a/b/c", "-a/b", "a--b/c", "a/b.git", "x" * 97 + "/y", scenarios.TINY_CHAT,
                     scenarios.LLAMA, "nobody/missing", "huggingface.co/" + scenarios.TINY_CHAT + "/tree/main"]),
)

MODEL_ROWS = (ids.HUB_ACCESS, ids.MODEL_COMPAT, ids.MODEL_FIT)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(model=REPO_IDS)
@example(model="[")               # found by this test: urlsplit's "Invalid IPv6 URL" was an internal error, exit 3
@example(model="http://[::1/x")
def test_any_model_text_is_a_diagnosis(demo_hub, model: str) -> None:  # type: ignore[no-untyped-def]
    request = core.Request(model=model)
    world = core.World(make_context=functools.partial(SystemContext, endpoint=demo_hub.endpoint))
    checks = registry.HUB + registry.MODEL if request.model else registry.HUB
    results = core.run(request, world, checks)
    assert [r.status for r in results if r.status is Status.ERROR] == [], [(r.id, r.summary) for r in results]
    report = core.finish(request, results, None)
    json.dumps(report.to_json(_English()))
    rows = {r.id: r for r in results}
    if request.model and invalid_repo_id(str(request.model)) is not None:
        # One failing row names the id; the rows that need metadata point at it.
        assert (rows[ids.HUB_ACCESS].status, rows[ids.HUB_ACCESS].cause) == (Status.FAIL, causes.REPO_NOT_FOUND)
        assert rows[ids.MODEL_FIT].status is Status.SKIP
    for check_id in MODEL_ROWS:
        if check_id in rows:
            assert rows[check_id].cause in causes.ALL | {None}


class _English:
    lang = "en"

    def __call__(self, text):  # type: ignore[no-untyped-def]
        from hf_doctor.checks.i18n import english

        return english(text)


@settings(max_examples=25, deadline=None)
@given(model=st.text(alphabet=st.sampled_from(" \t\n\r\x0b\x0c"), max_size=5))
def test_an_empty_or_blank_model_is_a_usage_error_never_a_silent_run(model: str) -> None:
    result = CliRunner().invoke(cli, ["check", "--model", model, "--json"])
    assert result.exit_code == 2, result.output
    assert "the model id is empty" in result.stderr
