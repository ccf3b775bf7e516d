"""hub.network, hub.token and hub.access: the real client against the local Hub, and the token kept secret."""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path
from typing import Optional

import pytest

from hf_doctor.checks import causes
from hf_doctor.checks.context import SystemContext
from hf_doctor.checks.engine import run_checks
from hf_doctor.checks.hub import TokenFacts, hub_access, hub_network, hub_token, inspect_token, mask
from hf_doctor.checks.hub_client import StoredToken, read_token_bytes
from hf_doctor.checks.hub_errors import diagnose
from hf_doctor.checks.i18n import CHECKS
from hf_doctor.checks.registry import all_checks
from hf_doctor.checks.result import Status, jsonable
from hf_doctor.emulator import scenarios
from hf_doctor.emulator.scenario import Fault
from hf_doctor.emulator.server import HubEmulator

from .fakes import en, ko

ROOT = Path(__file__).resolve().parent.parent
T = scenarios.TOKENS


def context(hub, model: Optional[str] = None, token: Optional[str] = None) -> SystemContext:  # type: ignore[no-untyped-def]
    return SystemContext(model=model, token=token, endpoint=hub.endpoint)


# ---------------------------------------------------------------- the token's text, before any request

@pytest.mark.parametrize("raw, fatal, trimmed", [
    (T["student"], None, False),
    (T["student"] + "\n", None, True),
    ("  " + T["student"] + " ", None, True),
    (f'"{T["student"]}"', "is wrapped in quotes", False),
    (T["student"][:10] + " " + T["student"][10:], "contains a space", False),
    (T["student"][:-2] + "ｈｆ", "contains 2 non-ASCII characters (at position 36, 37)", False),
    ("api_org_abcdefghijklmnopqrstuvwxyzABCDEFGH", "is an organization API token", False),
    ("sk-abcdefghijklmnopqrstuvwxyz0123456789", "does not start with hf_", False),
])
def test_token_shape(raw: str, fatal: Optional[str], trimmed: bool) -> None:
    shape = inspect_token(raw)
    assert en(shape.fatal).startswith(fatal or "") and (shape.fatal is None) == (fatal is None)
    assert shape.trimmed is trimmed
    assert raw.strip() not in repr(shape)  # the cleaned value is kept out of reprs


def test_mask_shows_at_most_the_prefix_and_four_characters() -> None:
    assert mask(T["student"]) == "hf_…" + T["student"][-4:]
    assert mask("short") == "…"


# ---------------------------------------------------------------- hub.network

def test_network_passes_against_the_local_hub(demo_hub) -> None:  # type: ignore[no-untyped-def]
    result = hub_network(context(demo_hub))
    assert (result.status, en(result.summary)) == (Status.PASS, f"{demo_hub.endpoint} answers")


def test_network_refused_is_network_offline_with_the_reason() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again when the block ends: nothing listens there
    result = hub_network(SystemContext(endpoint=f"http://127.0.0.1:{port}"))
    assert (result.status, result.cause) == (Status.FAIL, causes.NETWORK_OFFLINE)
    assert en(result.summary) == f"Cannot reach http://127.0.0.1:{port}: the connection was refused"


def test_network_429_is_rate_limited() -> None:
    scenario = scenarios.build()
    scenario.faults.append(Fault("rate_limit", path="/api/models"))
    with HubEmulator(scenario) as hub:
        result = hub_network(context(hub))
    assert (result.status, result.cause) == (Status.FAIL, causes.RATE_LIMITED)


# ---------------------------------------------------------------- hub.token and hub.access, in process

CASES = [
    # demo case, hub.token (status, cause), hub.access (status, cause)
    ("default", (Status.PASS, None), (Status.PASS, None)),
    ("gated-granted", (Status.PASS, None), (Status.PASS, None)),
    ("no-token", (Status.WARN, causes.TOKEN_MISSING), (Status.FAIL, causes.GATED_UNAUTHENTICATED)),
    ("not-requested", (Status.PASS, None), (Status.FAIL, causes.GATED_NOT_REQUESTED)),
    ("gated-pending", (Status.PASS, None), (Status.FAIL, causes.GATED_PENDING)),
    ("gated-rejected", (Status.PASS, None), (Status.FAIL, causes.GATED_REJECTED)),
    ("fine-grained-no-gated", (Status.WARN, causes.TOKEN_SCOPE), (Status.FAIL, causes.TOKEN_SCOPE)),
    # A token the Hub rejects, or that is malformed, fails one row, hub.token's: access points at it (skip).
    ("revoked-token", (Status.FAIL, causes.TOKEN_INVALID), (Status.SKIP, None)),
    ("token-with-space", (Status.WARN, causes.TOKEN_INVALID), (Status.PASS, None)),
    ("full-width-token", (Status.FAIL, causes.TOKEN_INVALID), (Status.SKIP, None)),
    ("typo", (Status.PASS, None), (Status.FAIL, causes.REPO_NOT_FOUND)),
    ("renamed", (Status.PASS, None), (Status.WARN, causes.REPO_NOT_FOUND)),
    ("private", (Status.PASS, None), (Status.FAIL, causes.REPO_NOT_FOUND)),
]


@pytest.mark.parametrize("name, token_result, access_result", CASES, ids=[c[0] for c in CASES])
def test_demo_cases_in_process(demo_hub, name, token_result, access_result) -> None:  # type: ignore[no-untyped-def]
    case = scenarios.CASES[name]
    ctx = context(demo_hub, case.model, case.token)
    token = hub_token(ctx)
    access = hub_access(ctx)
    assert (token.status, token.cause) == token_result, en(token.summary)
    assert (access.status, access.cause) == access_result, en(access.summary)
    if case.token:
        assert case.token.strip() not in repr((token, access))


def test_typo_gets_a_did_you_mean(demo_hub) -> None:  # type: ignore[no-untyped-def]
    result = hub_access(context(demo_hub, "hf-doctor/tiny-chta", T["student"]))
    assert en(result.summary).endswith("Did you mean hf-doctor/tiny-chat?")
    assert result.fix is not None and result.fix.commands == ("hf-doctor check --model hf-doctor/tiny-chat",)


def test_renamed_repo_names_the_new_id(demo_hub) -> None:  # type: ignore[no-untyped-def]
    result = hub_access(context(demo_hub, "meta-llama/Meta-Llama-3.1-8B", T["student"]))
    assert en(result.summary).startswith("meta-llama/Meta-Llama-3.1-8B was renamed to meta-llama/Llama-3.1-8B")


def test_pending_access_points_at_the_gated_repos_page(demo_hub) -> None:  # type: ignore[no-untyped-def]
    result = hub_access(context(demo_hub, scenarios.LLAMA, T["waiting"]))
    assert result.fix is not None and result.fix.url == "https://huggingface.co/settings/gated-repos"


def test_a_bad_repo_id_is_caught_before_any_request(demo_hub) -> None:  # type: ignore[no-untyped-def]
    before = len(demo_hub.log)
    result = hub_access(context(demo_hub, "meta-llama//Llama 3.1", T["student"]))
    assert (result.status, result.cause) == (Status.FAIL, causes.REPO_NOT_FOUND)
    assert len(demo_hub.log) == before


def test_hf_token_shadowing_a_different_saved_login_names_the_winner(demo_hub, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    class Ctx(SystemContext):
        def saved_login(self) -> StoredToken:
            return read_token_bytes(T["writer"].encode(), like_the_libraries=True)

    monkeypatch.setenv("HF_TOKEN", T["student"])
    result = hub_token(Ctx(endpoint=demo_hub.endpoint))
    assert (result.status, result.cause) == (Status.WARN, causes.TOKEN_SHADOWED)
    assert "HF_TOKEN wins over the different token saved by `hf auth login`" in en(result.summary)
    assert T["student"] not in repr(result) and T["writer"] not in repr(result)


def test_token_and_access_are_skipped_when_the_network_fails() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    ctx = SystemContext(model=scenarios.TINY_CHAT, token=T["student"], endpoint=f"http://127.0.0.1:{port}")
    by_id = {r.id: r for r in run_checks(all_checks(ctx.model), ctx)}
    assert by_id["hub.network"].status is Status.FAIL
    assert by_id["hub.token"].status is Status.SKIP and by_id["hub.access"].status is Status.SKIP


# ---------------------------------------------------------------- the real program, as a user runs it

def run_check(hub, tmp_path: Path, token: Optional[str], model: str, *extra: str, env: Optional[dict] = None):  # type: ignore[no-untyped-def]
    environment = {**os.environ, **hub.environment(), "HF_HOME": str(tmp_path), **(env or {})}
    environment.pop("HF_TOKEN", None)
    if token is not None:
        environment["HF_TOKEN"] = token
    return subprocess.run([sys.executable, "-m", "hf_doctor", "check", "--model", model, "--json", *extra],
                          capture_output=True, text=True, env=environment, cwd=ROOT, timeout=120)


MATRIX = [
    # (HF_TOKEN user or raw value, repo) -> hub.token (status, cause), hub.access (status, cause), exit code
    ("student", scenarios.TINY_CHAT, ("pass", None), ("pass", None), 0),
    (None, scenarios.TINY_CHAT, ("warn", "token_missing"), ("pass", None), 0),
    ("student", scenarios.LLAMA, ("pass", None), ("pass", None), 0),
    (None, scenarios.LLAMA, ("warn", "token_missing"), ("fail", "gated_unauthenticated"), 1),
    ("newcomer", scenarios.LLAMA, ("pass", None), ("fail", "gated_not_requested"), 1),
    ("waiting", scenarios.LLAMA, ("pass", None), ("fail", "gated_pending"), 1),
    ("rejected", scenarios.LLAMA, ("pass", None), ("fail", "gated_rejected"), 1),
    ("reset", scenarios.LLAMA, ("pass", None), ("fail", "gated_rejected"), 1),
    ("scoped", scenarios.LLAMA, ("warn", "token_scope"), ("fail", "token_scope"), 1),
    (None, "nobody/missing", ("warn", "token_missing"), ("fail", "repo_not_found"), 1),
    ("student", "nobody/missing", ("pass", None), ("fail", "repo_not_found"), 1),
    ("student", scenarios.PRIVATE, ("pass", None), ("fail", "repo_not_found"), 1),
    (scenarios.REVOKED, scenarios.TINY_CHAT, ("fail", "token_invalid"), ("skip", None), 1),
]


@pytest.mark.parametrize("who, repo, token_result, access_result, code", MATRIX)
def test_response_matrix_through_the_real_program(demo_hub, tmp_path, who, repo, token_result, access_result, code) -> None:  # type: ignore[no-untyped-def]
    token = T.get(who, who) if who else None
    done = run_check(demo_hub, tmp_path, token, repo)
    report = {c["id"]: c for c in json.loads(done.stdout)["checks"]}
    assert (report["hub.token"]["status"], report["hub.token"]["cause"]) == token_result
    assert (report["hub.access"]["status"], report["hub.access"]["cause"]) == access_result
    gpu_fails = report["torch.build"]["status"] == "fail"  # a machine whose own setup fails exits 1 anyway
    assert done.returncode == (1 if gpu_fails else code)


def test_offline_mode_is_named(demo_hub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    done = run_check(demo_hub, tmp_path, T["student"], scenarios.TINY_CHAT, env={"HF_HUB_OFFLINE": "1"})
    report = {c["id"]: c for c in json.loads(done.stdout)["checks"]}
    assert (report["hub.network"]["status"], report["hub.network"]["cause"]) == ("fail", "network_offline")
    assert report["hub.access"]["status"] == "skip" and done.returncode == 1


# ---------------------------------------------------------------- the canary

CANARY = "hf_CanaryCanaryCanaryCanaryCanary0042"


@pytest.mark.parametrize("valid", [True, False])
def test_the_token_never_appears_in_output_report_or_log(tmp_path, valid) -> None:  # type: ignore[no-untyped-def]
    scenario = scenarios.build()
    if valid:
        from hf_doctor.emulator.scenario import Token

        scenario.add_token(Token(CANARY, "student"))
    report = tmp_path / "report.json"
    with HubEmulator(scenario) as hub:
        outputs = []
        for flags in (["--json", "--report", str(report)], ["--verbose"], ["--verbose", "--no-color"]):
            environment = {**os.environ, **hub.environment(), "HF_HOME": str(tmp_path / "home"),
                           "HF_TOKEN": CANARY + "\n", "HF_DOCTOR_DEBUG": "1"}
            done = subprocess.run([sys.executable, "-m", "hf_doctor", "check", "--model", scenarios.LLAMA, *flags],
                                  capture_output=True, text=True, env=environment, cwd=ROOT, timeout=120)
            outputs += [done.stdout, done.stderr]
        log = json.dumps([entry.__dict__ for entry in hub.log])
    everything = "\n".join(outputs) + report.read_text(encoding="utf-8") + log
    assert CANARY not in everything and CANARY[3:] not in everything
    assert "hf_…0042" in everything  # what may be shown


# ---------------------------------------------------------------- naming the network failure

def _chained(outer: BaseException, inner: BaseException) -> BaseException:
    outer.__cause__ = inner
    return outer


@pytest.mark.parametrize("error, reason", [
    (ConnectionError("[Errno -2] Name or service not known"), "the Hub's host name could not be resolved (DNS: no network?)"),
    (ConnectionError("[Errno -3] Temporary failure in name resolution"), "the Hub's host name could not be resolved (DNS: no network?)"),
    (ConnectionError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate in certificate chain"),
     "the TLS certificate could not be verified (a proxy or SSL_CERT_FILE problem)"),
    (type("ProxyError", (ConnectionError,), {})("407 Proxy Authentication Required"), "the proxy refused or failed the connection"),
    (type("ConnectTimeout", (Exception,), {})("timed out"), "the Hub did not answer in time"),
    (ConnectionRefusedError("[Errno 111] Connection refused"), "the connection was refused"),
    (_chained(OSError("An error happened while trying to locate the file on the Hub"),
              type("OfflineModeIsEnabled", (ConnectionError,), {})("offline")), "offline mode is enabled (HF_HUB_OFFLINE)"),
])
def test_network_failures_are_named(error: BaseException, reason: str) -> None:
    from hf_doctor.checks.hub_errors import diagnose

    diagnosis = diagnose(error)
    assert (diagnosis.cause, en(diagnosis.reason)) == (causes.NETWORK_OFFLINE, reason)


def test_an_unknown_error_says_unknown() -> None:
    from hf_doctor.checks.hub_errors import diagnose

    assert diagnose(ValueError("something new")).cause == causes.UNKNOWN


# ---------------------------------------------------------------- Colab

def test_a_colab_secret_the_notebook_may_not_read_is_named() -> None:
    from hf_doctor.checks.context import PlatformInfo
    from hf_doctor.checks.hub_client import ColabSecret

    from .fakes import FakeContext

    ctx = FakeContext(env={"COLAB_RELEASE_TAG": "x"}, secret=ColabSecret("not_granted"),
                      platform_info=PlatformInfo("Linux", "6.1.85+", "x86_64", in_notebook_kernel=True))
    result = hub_token(ctx)
    assert (result.status, result.cause) == (Status.WARN, causes.TOKEN_MISSING)
    assert en(result.summary) == "A Colab secret HF_TOKEN exists, but this notebook was not granted access to it"
    assert result.fix is not None and "Notebook access" in en(result.fix.text)


def test_a_colab_shell_cell_is_told_it_cannot_see_secrets() -> None:
    from .fakes import FakeContext

    result = hub_token(FakeContext(env={"COLAB_RELEASE_TAG": "x"}))
    assert en(result.summary) == "No token visible: a `!` shell command cannot read Colab secrets"
    assert result.fix is not None and "userdata.get('HF_TOKEN')" in en(result.fix.text)


def test_a_colab_secret_is_used_after_env_and_saved_login(demo_hub) -> None:  # type: ignore[no-untyped-def]
    from hf_doctor.checks.hub_client import ColabSecret, TokenSource

    class Colab(SystemContext):
        def colab_secret(self) -> ColabSecret:
            return ColabSecret("found", T["student"])

    ctx = Colab(endpoint=demo_hub.endpoint)
    assert [s.source for s in ctx.token_sources()] == ["Colab secret"]
    result = hub_token(ctx)
    assert result.status is Status.PASS and TokenFacts.of(result).source == "Colab secret"
    assert TokenSource("x", "secret-value").__repr__() == "TokenSource(source='x', problem=None, note=None)"


# ---------------------------------------------------------------- in Korean

HANGUL = re.compile("[가-힣]")


def korean(result, *secrets: str) -> None:  # type: ignore[no-untyped-def]
    """The summary and the fix read Korean (and English in English); ids, cause ids and data stay as they were;
    no secret shows."""
    assert HANGUL.search(ko(result.summary)), ko(result.summary)
    assert result.fix is not None and HANGUL.search(ko(result.fix.text)), result.fix
    assert not HANGUL.search(en(result.summary) + en(result.fix.text))
    assert not any(HANGUL.search(str(value)) for value in jsonable(result.data).values()), result.data
    for secret in secrets:
        assert secret.strip() not in repr(result) and secret.strip()[3:] not in repr(result)


def test_a_malformed_token_in_korean(demo_hub) -> None:  # type: ignore[no-untyped-def]
    raw = scenarios.CASES["full-width-token"].token
    token = hub_token(context(demo_hub, scenarios.TINY_CHAT, raw))
    access = hub_access(context(demo_hub, scenarios.TINY_CHAT, raw))
    korean(token, raw)
    # Model access is not a second failure: a skip that points at the Hub token row, in Korean too.
    assert access.status is Status.SKIP and access.fix is None and raw.strip() not in repr(access)
    assert ko(access.summary) == f"{scenarios.TINY_CHAT}: 토큰 형식이 잘못되어 확인하지 않았습니다 (Hub 토큰 항목 참고)"
    assert ko(token.summary).startswith("--token-file에서 가져온 토큰(hf_…")
    assert "ASCII가 아닌 문자가 2개" in ko(token.summary) and TokenFacts.of(token).source == "--token-file"
    assert token.fix is not None and token.fix.url == "https://huggingface.co/settings/tokens"


def test_a_prompted_token_is_named_in_korean_but_stays_english_in_data(demo_hub) -> None:  # type: ignore[no-untyped-def]
    ctx = SystemContext(token='"' + T["student"] + '"', endpoint=demo_hub.endpoint, token_source="prompt")
    result = hub_token(ctx)
    korean(result, T["student"])
    assert ko(result.summary).startswith("입력 프롬프트에서 가져온 토큰") and TokenFacts.of(result).source == "prompt"
    assert en(hub_token(ctx).summary).startswith("The token from prompt (…")


def test_gated_pending_in_korean(demo_hub) -> None:  # type: ignore[no-untyped-def]
    result = hub_access(context(demo_hub, scenarios.LLAMA, T["waiting"]))
    korean(result, T["waiting"])
    assert result.cause == causes.GATED_PENDING and "검토" in ko(result.summary)
    assert result.data["cause_detail"] == "your access request is awaiting the authors' review"


def test_repo_not_found_with_a_suggestion_in_korean(demo_hub) -> None:  # type: ignore[no-untyped-def]
    result = hub_access(context(demo_hub, "hf-doctor/tiny-chta", T["student"]))
    korean(result, T["student"])
    assert ko(result.summary).endswith("hf-doctor/tiny-chat을(를) 찾으셨나요?")
    assert result.fix is not None and result.fix.commands == ("hf-doctor check --model hf-doctor/tiny-chat",)


def test_network_offline_in_korean() -> None:
    from hf_doctor.checks.context import HubPaths

    from .fakes import FakeContext

    paths = HubPaths(cache="/tmp/hub", token="/tmp/token", endpoint="https://huggingface.co", offline=True)
    result = hub_network(FakeContext(paths=paths))
    korean(result)
    assert result.cause == causes.NETWORK_OFFLINE
    assert result.fix is not None and result.fix.commands == ("unset HF_HUB_OFFLINE TRANSFORMERS_OFFLINE",)


def test_a_refused_connection_in_korean_keeps_the_english_reason_in_data() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = hub_network(SystemContext(endpoint=f"http://127.0.0.1:{port}"))
    korean(result)
    assert ko(result.summary) == f"http://127.0.0.1:{port}에 연결할 수 없습니다: 연결이 거부되었습니다"
    assert result.data["reason"] == "the connection was refused"


def test_a_valid_saved_login_is_named_in_korean(demo_hub) -> None:  # type: ignore[no-untyped-def]
    class Saved(SystemContext):
        def saved_login(self) -> StoredToken:
            return read_token_bytes((T["student"] + " \n").encode(), like_the_libraries=True)

    result = hub_token(Saved(endpoint=demo_hub.endpoint))
    korean(result, T["student"])
    assert ko(result.summary).startswith("저장된 로그인에서 가져온 hf_…")
    assert TokenFacts.of(result).source == "saved login"
    assert result.details and all(HANGUL.search(ko(line)) for line in result.details)
    assert result.fix is not None and result.fix.commands == ("hf auth login --force",)


@pytest.mark.parametrize("raw, many", [(T["student"][:-1] + "ｆ", False), (T["student"][:-2] + "ｈｆ", True)])
def test_non_ascii_characters_are_counted_in_whole_sentences(raw: str, many: bool) -> None:
    fatal = inspect_token(raw).fatal
    expected = "contains 2 non-ASCII characters (at position 36, 37)" if many else \
        "contains 1 non-ASCII character (at position 37)"
    assert en(fatal).startswith(expected + ", as a Korean or Japanese input method")
    assert HANGUL.search(ko(fatal)) and ko(fatal).startswith(f"ASCII가 아닌 문자가 {2 if many else 1}개")


def _access_causes() -> set:
    """Every cause hub.access hands to _access_fix: the malformed token, and each diagnosis but a missing repo."""
    import hf_doctor.checks.hub_errors

    text = Path(hf_doctor.checks.hub_errors.__file__).read_text(encoding="utf-8")
    named = {getattr(causes, name) for name in re.findall(r"causes\.([A-Z_]+)", text)}
    return (named - {causes.REPO_NOT_FOUND}) | {causes.TOKEN_INVALID}


def test_every_cause_hub_access_can_end_with_has_its_fix_in_both_languages() -> None:
    """The fixes are the shared knowledge's (the same `explain` gives), complete in both languages."""
    from hf_doctor.checks.knowledge import REMEDIES, fix_for

    found = _access_causes()
    assert {causes.GATED_PENDING, causes.UNKNOWN, causes.NETWORK_OFFLINE} <= found
    for cause in found:
        assert cause in REMEDIES, cause
        assert HANGUL.search(ko(fix_for(cause).text)), cause
        assert not HANGUL.search(en(fix_for(cause).text)), cause


def test_every_reason_in_the_catalogue_is_one_diagnose_can_give() -> None:
    import hf_doctor.checks.hub_errors

    text = Path(hf_doctor.checks.hub_errors.__file__).read_text(encoding="utf-8")
    for key in (key for key in CHECKS.ids() if key.startswith("hub.reason.")):
        assert f'"{key[len("hub.reason."):]}"' in text, key


@pytest.mark.parametrize("error", [
    ConnectionRefusedError("[Errno 111] Connection refused"),
    type("GatedRepoError", (Exception,), {})("Your request to access model x is awaiting a review"),
    type("RepositoryNotFoundError", (Exception,), {})("404"),
    type("HTTPError", (Exception,), {"response": type("R", (), {"status_code": 503})()})("503"),
    ValueError("something new"),
])
def test_every_reason_is_korean_in_korean_and_english_in_the_report(error: BaseException) -> None:
    from hf_doctor.checks.hub_errors import diagnose

    diagnosis = diagnose(error)
    assert HANGUL.search(ko(diagnosis.reason)) and not HANGUL.search(diagnosis.english)
    assert diagnosis.english == en(diagnosis.reason) and not HANGUL.search(en(diagnosis.reason))
    assert diagnose(error).cause == diagnosis.cause


def test_an_unknown_error_keeps_the_raw_text_in_both_languages() -> None:
    from hf_doctor.checks.hub_errors import diagnose

    assert en(diagnose(ValueError("something new")).reason) == "ValueError: something new"
    assert "ValueError: something new" in ko(diagnose(ValueError("something new")).reason)


# ---------------------------------------------------------------- hub.token's typed data

def test_token_facts_keep_the_json_keys_each_branch_always_had(demo_hub) -> None:  # type: ignore[no-untyped-def]
    from hf_doctor.checks.context import PlatformInfo
    from hf_doctor.checks.hub_client import ColabSecret

    from .fakes import FakeContext

    def data(result):  # type: ignore[no-untyped-def]
        assert isinstance(result.data, TokenFacts)
        return jsonable(result.data)

    assert data(hub_token(FakeContext())) == {"source": None}
    refused = FakeContext(env={"COLAB_RELEASE_TAG": "x"}, secret=ColabSecret("not_granted"),
                          platform_info=PlatformInfo("Linux", "6.1.85+", "x86_64", in_notebook_kernel=True))
    assert data(hub_token(refused)) == {"source": None, "colab_secret": "not_granted"}
    malformed = data(hub_token(context(demo_hub, token='"' + T["student"] + '"')))
    assert malformed == {"source": "--token-file", "token": "…" + T["student"][-3:] + '"',
                         "sources": ["--token-file"]}
    valid = data(hub_token(context(demo_hub, token=T["student"])))
    assert valid == {"source": "--token-file", "token": mask(T["student"]), "sources": ["--token-file"],
                     "user": "student", "role": "read", "can_read_gated": True}


# ---------------------------------------------------------------- each piece of knowledge written once

def test_offline_mode_gives_one_fix_from_one_row() -> None:
    """HF_HUB_OFFLINE is one cause: hub.network fails with the fix; hub.settings only names the setting."""
    from hf_doctor.checks.context import HubPaths
    from hf_doctor.checks.hub_settings import hub_settings

    from .fakes import FakeContext

    ctx = FakeContext(paths=HubPaths(cache="/tmp/hub", token="/tmp/token", endpoint="https://huggingface.co",
                                     offline=True))
    network, settings = hub_network(ctx), hub_settings(ctx)
    assert (network.status, network.cause) == (Status.FAIL, causes.NETWORK_OFFLINE)
    assert network.fix is not None and network.fix.commands == ("unset HF_HUB_OFFLINE TRANSFORMERS_OFFLINE",)
    assert (settings.status, settings.cause, settings.fix) == (Status.PASS, None, None)
    assert "offline mode (HF_HUB_OFFLINE)" in en(settings.summary) and settings.data["offline"] is True
    assert HANGUL.search(ko(settings.summary))


def test_token_discovery_is_one_set_of_functions() -> None:
    from hf_doctor.checks.hub_client import (COLAB_SECRET, HF_TOKEN, HUGGING_FACE_HUB_TOKEN, SAVED_LOGIN, TOKEN_FILE,
                                             ColabSecret, StoredToken, TokenSource, read_saved_login,
                                             saved_login_token, token_sources)

    files = {"/t": T["student"] + " \n", "/blank": " \n", "/crlf": T["student"] + "\r\n"}
    assert read_saved_login("/t", files.get).text == T["student"] + " "   # as stored, but for the file's last newline
    assert read_saved_login("/crlf", files.get).text == T["student"]
    assert read_saved_login("/blank", files.get).text is None and read_saved_login("/none", files.get).text is None
    assert saved_login_token("/t", files.get) == T["student"]          # as the libraries send it
    found = token_sources({HUGGING_FACE_HUB_TOKEN: "b", HF_TOKEN: "a", "OTHER": "x"}, StoredToken("c"),
                          TokenSource(TOKEN_FILE, "d"), ColabSecret("found", "e"))
    assert [(s.source, s.raw) for s in found] == [(TOKEN_FILE, "d"), (HF_TOKEN, "a"), (HUGGING_FACE_HUB_TOKEN, "b"),
                                                  (SAVED_LOGIN, "c"), (COLAB_SECRET, "e")]
    assert token_sources({HF_TOKEN: ""}, None, secret=ColabSecret("not_granted")) == ()


def test_a_repo_id_is_validated_by_the_library_in_one_public_function() -> None:
    from hf_doctor.checks.hub import invalid_repo_id

    assert invalid_repo_id(scenarios.TINY_CHAT) is None
    problem = invalid_repo_id("meta-llama//Llama 3.1")
    # In our words (a clause after "is not a valid repo id:"), in both languages: never the library's.
    assert problem and "\n" not in en(problem) and not en(problem).endswith(".")
    assert en(problem) == "it has a space in it" and ko(problem) == "공백이 들어 있습니다"


# ---------------------------------------------------------------- one root cause, one failing row (issue 12)

def _rows(ctx, smoke: bool = True) -> dict:  # type: ignore[no-untyped-def]
    return {r.id: r for r in run_checks(all_checks(ctx.model, smoke), ctx)}


def _fix_texts(rows: dict) -> list:
    return [en(r.fix.text) for r in rows.values() if r.fix is not None and r.status is not Status.PASS]


@pytest.mark.parametrize("raw", [scenarios.REVOKED, T["student"][:-2] + "ｈｆ", T["student"][:-4] + "\x00" + T["student"][-3:]],
                         ids=["revoked", "full-width", "control-character"])
def test_a_bad_token_fails_one_row_with_one_fix_and_the_model_rows_point_at_it(demo_hub, tmp_path, raw) -> None:  # type: ignore[no-untyped-def]
    ctx = SystemContext(model=scenarios.TINY_CHAT, token=raw, endpoint=demo_hub.endpoint, cache=str(tmp_path))
    rows = _rows(ctx)
    failed = [r.id for r in rows.values() if r.status in (Status.FAIL, Status.ERROR)]
    assert failed == ["hub.token"] and rows["hub.token"].cause == causes.TOKEN_INVALID
    token_fixes = [text for text in _fix_texts(rows) if "token" in text.lower()]
    assert len(token_fixes) == 1 and "hf auth login --force" not in repr(rows["hub.access"])
    for check in ("hub.access", "model.fit"):
        assert rows[check].status is Status.SKIP and rows[check].data.blocked_by == ("hub.token",), check
        assert en(rows[check].summary).endswith("(see Hub token)"), en(rows[check].summary)
    shown = "\n".join(en(r.summary) + " " + " ".join(en(d) for d in r.details) for r in rows.values())
    assert "Illegal header" not in shown and "codec" not in shown and raw.strip()[3:] not in repr(list(rows.values()))


def test_a_control_character_in_the_token_is_named_before_any_request(demo_hub) -> None:  # type: ignore[no-untyped-def]
    raw = T["student"][:-4] + "\x07" + T["student"][-3:]
    before = len(demo_hub.log)
    token = hub_token(context(demo_hub, None, raw))
    assert (token.status, token.cause) == (Status.FAIL, causes.TOKEN_INVALID) and len(demo_hub.log) == before
    assert "contains 1 control character (at position 34)" in en(token.summary)
    assert "제어 문자가 1개" in ko(token.summary)


def test_a_token_piped_to_standard_input_is_named_so_and_stays_token_file_in_the_data(demo_hub) -> None:  # type: ignore[no-untyped-def]
    from hf_doctor.checks.hub import TOKEN_STDIN

    ctx = SystemContext(model=scenarios.TINY_CHAT, token=scenarios.REVOKED, endpoint=demo_hub.endpoint,
                        token_source=TOKEN_STDIN)
    token = hub_token(ctx)
    assert en(token.summary).startswith("The Hub rejected the token from standard input (hf_…")
    assert token.fix is not None and "token file" not in en(token.fix.text)
    assert en(token.fix.text).endswith("and pass it on standard input again (`--token-file -`), alone on one line.")
    assert "표준 입력" in ko(token.fix.text)
    facts = TokenFacts.of(token)
    assert facts is not None and facts.source == "--token-file" and facts.sources == ("--token-file",)
    assert hub_access(ctx).status is Status.SKIP


def test_offline_mode_fails_one_row_and_says_its_fix_once(demo_hub) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    class Offline(SystemContext):
        def hub_paths(self):  # type: ignore[no-untyped-def]
            return replace(super().hub_paths(), offline=True)

    rows = _rows(Offline(model=scenarios.TINY_CHAT, token=T["student"], endpoint=demo_hub.endpoint))
    assert [r.id for r in rows.values() if r.status is Status.FAIL] == ["hub.network"]
    commands = [c for r in rows.values() if r.fix is not None for c in r.fix.commands]
    assert commands.count("unset HF_HUB_OFFLINE TRANSFORMERS_OFFLINE") == 1
    assert sum("HF_HUB_OFFLINE" in text for text in _fix_texts(rows)) <= 1


# ---------------------------------------------------------------- library errors, translated (issue 12)

@pytest.mark.parametrize("given", [
    "https://huggingface.co/hf-doctor/tiny-chat", "http://huggingface.co/hf-doctor/tiny-chat/",
    "huggingface.co/hf-doctor/tiny-chat/tree/main", "https://hf.co/hf-doctor/tiny-chat?library=transformers#files",
    "https://huggingface.co/hf-doctor/tiny-chat/blob/main/config.json", " https://www.huggingface.co/hf-doctor/tiny-chat ",
])
def test_a_pasted_model_page_address_is_read_as_its_id_and_the_run_says_so(demo_hub, tmp_path, given) -> None:  # type: ignore[no-untyped-def]
    from hf_doctor.checks import core

    request = core.Request(model=given)
    assert request.model == scenarios.TINY_CHAT and getattr(request.model, "pasted") == given.strip()
    world = core.World(make_context=lambda **kw: SystemContext(endpoint=demo_hub.endpoint, cache=str(tmp_path), **kw))
    report = core.check(core.Request(model=given, token=T["student"]), world)
    rows = {r.id: r for r in report.results}
    assert rows["hub.access"].status is Status.PASS and report.model == scenarios.TINY_CHAT
    assert en(rows["hub.access"].summary) == (f"Your token can read {scenarios.TINY_CHAT} (--model {given.strip()} "
                                              f"read as the repo id {scenarios.TINY_CHAT})")
    assert "저장소 ID" in ko(rows["hub.access"].summary)
    assert rows["model.fit"].status is not Status.SKIP and rows["hub.access"].data["model"] == scenarios.TINY_CHAT
    from hf_doctor.i18n import Speaker

    assert json.loads(json.dumps(report.to_json(Speaker("en"))))["model"] == scenarios.TINY_CHAT


@pytest.mark.parametrize("given", ["https://huggingface.co/datasets/acme/data", "https://huggingface.co/settings/tokens",
                                   "https://example.com/acme/model", "acme/model", "not a repo id!!"])
def test_anything_else_is_left_as_given(given: str) -> None:
    from hf_doctor.checks import core

    request = core.Request(model=given)
    assert request.model == given and getattr(request.model, "pasted", None) is None


def test_a_string_that_is_no_repo_id_gets_a_sentence_and_one_failing_row(demo_hub) -> None:  # type: ignore[no-untyped-def]
    rows = _rows(SystemContext(model="not a repo id!!", token=T["student"], endpoint=demo_hub.endpoint), smoke=False)
    access = rows["hub.access"]
    assert (access.status, access.cause) == (Status.FAIL, causes.REPO_NOT_FOUND)
    assert en(access.summary) == "'not a repo id!!' is not a valid repo id: it has a space in it"
    assert [r.id for r in rows.values() if r.status is Status.FAIL] == ["hub.access"]
    fit = rows["model.fit"]
    assert fit.status is Status.SKIP and en(fit.summary) == "not a repo id!!: not checked, it is not a valid repo id (see Model access)"
    shown = "\n".join(en(r.summary) for r in rows.values())
    assert "Cannot read" not in shown and "Repo id must" not in shown and "'s metadata" not in shown


@pytest.mark.parametrize("given, words", [
    ("https://huggingface.co/datasets/acme/data",
     "it is a web address but not a model page's (a model's is https://huggingface.co/owner/name)"),
    ("acme/-model", "a part starts or ends with '-' or '.'"),
    ("acme/mo--del", "it has '--' or '..' in it"),
    ("acme/model.git", "it ends in .git (leave that out)"),
    ("acme/" + "m" * 97, "a part is longer than 96 characters"),
    ("acme/mod+el", "it has characters other than letters, digits, '-', '_' and '.'"),
    ("", "it is empty"),
])
def test_each_broken_repo_id_rule_in_our_words(given: str, words: str) -> None:
    from hf_doctor.checks.hub import invalid_repo_id

    problem = invalid_repo_id(given)
    assert problem is not None and en(problem) == words and HANGUL.search(ko(problem))


@pytest.mark.parametrize("error", [
    UnicodeEncodeError("ascii", "Bearer hf_abcdefgh한", 18, 19, "ordinal not in range(128)"),
    UnicodeEncodeError("latin-1", "Bearer hf_abcdefgh한", 18, 19, "ordinal not in range(256)"),
    type("LocalProtocolError", (Exception,), {})("Illegal header value b'Bearer hf_abcdefgh\\x00ij'"),
])
def test_a_token_the_http_client_refuses_is_a_cause_never_the_library_message(error: BaseException) -> None:
    from hf_doctor.checks.hub_errors import diagnose

    found = diagnose(error)
    assert (found.cause, found.name) == (causes.TOKEN_INVALID, "token_unsendable")
    assert "hf_abc" not in found.english and "codec" not in found.english and "header" not in found.english
    assert HANGUL.search(ko(found.reason))


def test_an_unknown_error_never_carries_a_token() -> None:
    from hf_doctor.checks.hub_errors import diagnose

    found = diagnose(ValueError("bad value in Authorization: Bearer hf_abcdefghijklmnop"))
    assert found.cause == causes.UNKNOWN and "hf_abcdefgh" not in found.english and "ValueError" in found.english


@pytest.mark.parametrize("error, name", [
    (OSError(30, "Read-only file system", "/mnt/hf_cache/hub/models--acme--model"), "cache_read_only"),
    (PermissionError(13, "Permission denied", "/.cache"), "cache_permission"),
    (_chained(RuntimeError("download failed"), PermissionError(1, "Operation not permitted", "/data/hub/x.lock")),
     "cache_permission"),
])
def test_a_cache_folder_that_cannot_be_written_is_its_own_cause(error: BaseException, name: str) -> None:
    from hf_doctor.checks.hub_errors import diagnose

    found = diagnose(error)
    assert (found.cause, found.name) == (causes.CACHE_NOT_WRITABLE, name)
    assert "Errno" not in found.english and HANGUL.search(ko(found.reason))
    # A refused connection has an errno too, and no file: still the network.
    assert diagnose(ConnectionRefusedError(111, "Connection refused")).cause == causes.NETWORK_OFFLINE


# ---------------------------------------------------------------- issue 14: token files in any encoding

def run_with_token_file(hub, tmp_path: Path, data: bytes, saved: bool, *extra: str):  # type: ignore[no-untyped-def]
    """`hf-doctor check --json` with ``data`` as --token-file, or as the saved login (HF_TOKEN_PATH)."""
    path = tmp_path / "token.txt"
    path.write_bytes(data)
    env = {"HF_TOKEN_PATH": str(path)} if saved else None
    return run_check(hub, tmp_path, None, scenarios.TINY_CHAT, *([] if saved else ["--token-file", str(path)]),
                     *extra, env=env)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig"])
def test_a_token_file_from_powershell_or_notepad_is_read_as_it_is_and_says_so(demo_hub, tmp_path, encoding) -> None:  # type: ignore[no-untyped-def]
    done = run_with_token_file(demo_hub, tmp_path, (T["student"] + "\r\n").encode(encoding), saved=False)
    assert done.returncode in (0, 1), done.stderr   # was 3: internal error (UnicodeDecodeError)
    report = {c["id"]: c for c in json.loads(done.stdout)["checks"]}
    assert (report["hub.token"]["status"], report["hub.access"]["status"]) == ("pass", "pass")
    assert any("read without it" in d or "read as such" in d for d in report["hub.token"]["details"])


@pytest.mark.parametrize("encoding, problem", [
    ("utf-16", "is saved as UTF-16 text (what PowerShell's > writes), which huggingface_hub cannot read"),
    ("utf-16-be", "is saved as UTF-16 text without a byte order mark, which huggingface_hub cannot read"),
    ("utf-8-sig", "is saved as UTF-8 with a byte order mark"),
    ("latin-1", "is not UTF-8 text (Latin-1 or Windows-1252?)"),
])
def test_a_saved_login_huggingface_hub_cannot_read_is_named(demo_hub, tmp_path, encoding, problem) -> None:  # type: ignore[no-untyped-def]
    raw = T["student"] + ("é" if encoding == "latin-1" else "")
    before = len(demo_hub.log)
    done = run_with_token_file(demo_hub, tmp_path, raw.encode(encoding), saved=True)
    report = {c["id"]: c for c in json.loads(done.stdout)["checks"]}
    token = report["hub.token"]
    # was: "No token found" (the file could not be read as UTF-8, so it was not there)
    assert (token["status"], token["cause"], token["data"]["source"]) == ("fail", "token_invalid", "saved login")
    assert problem in token["summary"] and token["fix"]["commands"] == ["hf auth login --force"]
    assert report["hub.access"]["status"] == "skip" and not any(entry.with_token for entry in demo_hub.log[before:])


def test_a_token_file_that_is_no_text_is_a_usage_error_naming_it(demo_hub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    done = run_with_token_file(demo_hub, tmp_path, (T["student"] + "é").encode("latin-1"), saved=False)
    assert done.returncode == 2 and "Traceback" not in done.stderr   # was 3: internal error
    assert "Invalid value for '--token-file'" in done.stderr and "is not UTF-8 text" in done.stderr
    done = run_with_token_file(demo_hub, tmp_path, b"\0" * 100_000, saved=False)
    assert done.returncode == 2 and "is larger than 4096 bytes" in done.stderr


@pytest.mark.parametrize("suffix", ["\0", "\x7f", "\x1b[2J"])
def test_a_malformed_token_is_sent_nowhere_and_its_mask_is_escaped(demo_hub, tmp_path, suffix) -> None:  # type: ignore[no-untyped-def]
    before = len(demo_hub.log)
    done = run_with_token_file(demo_hub, tmp_path, (T["student"] + suffix + "\n").encode(), saved=False)
    report = {c["id"]: c for c in json.loads(done.stdout)["checks"]}
    assert report["hub.token"]["status"] == "fail"
    assert {report[i]["status"] for i in ("hub.access", "model.compat", "model.fit")} == {"skip"}
    assert not any(entry.with_token for entry in demo_hub.log[before:])
    assert "\x1b" not in done.stdout and "\0" not in done.stdout and "\x7f" not in done.stdout


def test_the_client_refuses_to_send_a_malformed_token(demo_hub) -> None:  # type: ignore[no-untyped-def]
    from hf_doctor.checks.hub_client import HubClient, UnsendableToken
    from hf_doctor.checks.hub_errors import diagnose

    before = len(demo_hub.log)
    with pytest.raises(UnsendableToken) as raised:
        HubClient(demo_hub.endpoint).model_info(scenarios.TINY_CHAT, T["student"] + "\0")
    assert T["student"] not in str(raised.value) and diagnose(raised.value).cause == causes.TOKEN_INVALID
    assert len(demo_hub.log) == before
@pytest.mark.parametrize("status, cause", [(429, causes.RATE_LIMITED), (500, causes.NETWORK_OFFLINE),
                                           (502, causes.NETWORK_OFFLINE), (503, causes.NETWORK_OFFLINE)])
def test_a_429_or_5xx_behind_a_download_is_its_own_cause_not_a_missing_file(status: int, cause: str) -> None:
    """hf_hub_download raises LocalEntryNotFoundError ("cannot find the requested files") from the HEAD's 429 or
    503 when nothing is cached (file_download._raise_on_head_call_error): the HEAD's answer is the cause."""
    from huggingface_hub.errors import HfHubHTTPError, LocalEntryNotFoundError
    from huggingface_hub.utils import httpx

    response = httpx.Response(status, request=httpx.Request("HEAD", "http://127.0.0.1:9/org/name/resolve/main/x"))
    head = HfHubHTTPError(f"{status} error", response=response)
    wrapped = _chained(LocalEntryNotFoundError("An error happened while trying to locate the file on the Hub"), head)
    assert diagnose(wrapped).cause == cause


def test_a_hub_call_given_up_is_a_network_cause_with_its_numbers() -> None:
    from hf_doctor.checks.hub_wait import HubUnanswered

    slow, busy, limited = HubUnanswered(10.0), HubUnanswered(3.1, 503, 3), HubUnanswered(4.0, 429, 3, retry_after=31.0)
    assert (diagnose(slow).cause, en(diagnose(slow).reason)) == (
        causes.NETWORK_OFFLINE, "the Hub did not answer within 10 s (slow, or out of reach)")
    assert (diagnose(busy).cause, en(diagnose(busy).reason)) == (
        causes.NETWORK_OFFLINE, "the Hub answered 503 (an outage on its side)")
    assert (diagnose(limited).cause, en(diagnose(limited).reason)) == (
        causes.RATE_LIMITED, "the Hub is rate-limiting these requests (429) and asks to wait 31 s")
