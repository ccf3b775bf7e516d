"""The local Hub's faithfulness: the real huggingface_hub client, over real HTTP, must raise what hub-api.md says
the real Hub makes it raise, and download what the repos hold."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import httpx2 as httpx  # huggingface_hub 2.x's transport; plain requests to check raw headers
import pytest
from huggingface_hub import HfApi, hf_hub_download, snapshot_download
from huggingface_hub.errors import (
    DisabledRepoError,
    GatedRepoError,
    HfHubHTTPError,
    RemoteEntryNotFoundError,
    RepositoryNotFoundError,
    RevisionNotFoundError,
)

from hf_doctor.emulator import scenarios
from hf_doctor.emulator.scenario import Fault, Repo, Scenario, Token
from hf_doctor.emulator.server import HubEmulator

LLAMA, TINY = scenarios.LLAMA, scenarios.TINY_CHAT
T = scenarios.TOKENS


def api(hub) -> HfApi:  # type: ignore[no-untyped-def]
    return HfApi(endpoint=hub.endpoint)


# ---------------------------------------------------------------- whoami

def test_whoami_read_and_fine_grained(demo_hub) -> None:  # type: ignore[no-untyped-def]
    me = api(demo_hub).whoami(token=T["student"])
    assert me["name"] == "student" and me["auth"]["accessToken"]["role"] == "read"
    scoped = api(demo_hub).whoami(token=T["scoped"])["auth"]["accessToken"]
    assert scoped["role"] == "fineGrained" and scoped["fineGrained"]["canReadGatedRepos"] is False


def test_whoami_revoked_token_is_invalid_user_token(demo_hub) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(HfHubHTTPError) as info:
        api(demo_hub).whoami(token=scenarios.REVOKED)
    assert info.value.response.status_code == 401 and str(info.value).startswith("Invalid user token.")


# ---------------------------------------------------------------- auth-check: the response matrix of §5.2

MATRIX = [
    # repo, token user (None: no token), exception, status, message fragment
    (TINY, None, None, None, None),
    (TINY, "student", None, None, None),
    (TINY, "scoped", None, None, None),
    (LLAMA, "student", None, None, None),
    (LLAMA, "scoped-ok", None, None, None),
    (LLAMA, None, GatedRepoError, 401, "Please log in."),
    (LLAMA, "newcomer", GatedRepoError, 403, "you are not in the authorized list"),
    (LLAMA, "waiting", GatedRepoError, 403, "is awaiting a review from the repo authors"),
    (LLAMA, "rejected", GatedRepoError, 403, "has been rejected by the repo's authors"),
    (LLAMA, "reset", GatedRepoError, 403, "has been reset by the repo's authors"),
    (LLAMA, "scoped", HfHubHTTPError, 403, "Please enable access to public gated repositories"),
    ("nobody/missing", None, RepositoryNotFoundError, 401, "Repository Not Found"),
    ("nobody/missing", "student", RepositoryNotFoundError, 404, "Repository Not Found"),
    (scenarios.PRIVATE, "student", RepositoryNotFoundError, 404, "Repository Not Found"),
]


@pytest.mark.parametrize("repo, user, error, status, fragment", MATRIX)
def test_auth_check_matrix(demo_hub, repo, user, error, status, fragment) -> None:  # type: ignore[no-untyped-def]
    token = T[user] if user else False
    if error is None:
        assert api(demo_hub).auth_check(repo, token=token) is None
        return
    with pytest.raises(error) as info:
        api(demo_hub).auth_check(repo, token=token)
    assert info.value.response.status_code == status
    assert fragment in str(info.value)
    if user == "scoped":  # a 403 without X-Error-Code: not a GatedRepoError, exactly as on the real Hub
        assert not isinstance(info.value, (GatedRepoError, RepositoryNotFoundError))


def test_an_invalid_token_is_401_without_an_error_code_even_on_a_public_repo(demo_hub) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(HfHubHTTPError) as info:
        api(demo_hub).auth_check(TINY, token=scenarios.REVOKED)
    assert not isinstance(info.value, RepositoryNotFoundError)
    assert info.value.response.status_code == 401
    assert "X-Error-Code" not in info.value.response.headers
    assert info.value.response.headers["X-Error-Message"] == "Invalid credentials in Authorization header"


def test_disabled_repo() -> None:
    scenario = Scenario()
    scenario.add_repo(Repo("acme/gone", disabled=True).add("README.md", b"x"))
    with HubEmulator(scenario) as hub, pytest.raises(DisabledRepoError):
        api(hub).model_info("acme/gone")


# ---------------------------------------------------------------- metadata

def test_gated_metadata_stays_public_and_counts_parameters_from_headers(demo_hub) -> None:  # type: ignore[no-untyped-def]
    info = api(demo_hub).model_info(LLAMA, token=False, files_metadata=True)
    assert info.gated == "manual"
    assert info.safetensors.parameters == {"BF16": 8_030_261_248}
    files = {s.rfilename: s for s in info.siblings}
    shard = files["model-00001-of-00004.safetensors"]
    assert shard.size == 4_976_698_672 and shard.lfs.size == 4_976_698_672 and len(shard.lfs.sha256) == 64
    assert "original/consolidated.00.pth" in files and files["config.json"].lfs is None


def test_the_card_licence_and_the_weight_formats_come_as_the_hub_gives_them(demo_hub) -> None:  # type: ignore[no-untyped-def]
    # cardData.license (and license_name/license_link for "other"), and the tags the Hub derives: license:<id>,
    # safetensors or pytorch by the weights' files (hub-api.md §6.1).
    llama = api(demo_hub).model_info(LLAMA, token=False, files_metadata=True)
    assert llama.card_data is not None and llama.card_data.license == "llama3.1"
    assert {"license:llama3.1", "safetensors"} <= set(llama.tags or []) and "pytorch" not in (llama.tags or [])
    pickle = api(demo_hub).model_info(scenarios.PICKLE)
    assert pickle.card_data is not None
    assert (pickle.card_data.license, pickle.card_data.license_name, pickle.card_data.license_link) == (
        "other", "tiny-pickle-license", "LICENSE")
    assert {"license:other", "pytorch"} <= set(pickle.tags or []) and "safetensors" not in (pickle.tags or [])
    assert {s.rfilename for s in pickle.siblings or []} >= {"pytorch_model.bin", "config.json", "tokenizer.json"}
    assert not any(s.rfilename.endswith(".safetensors") for s in pickle.siblings or [])


def test_the_pickle_repo_holds_a_real_torch_save_file(demo_hub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import torch

    path = hf_hub_download(scenarios.PICKLE, "pytorch_model.bin", endpoint=demo_hub.endpoint, cache_dir=tmp_path,
                           token=False)
    state = torch.load(path, weights_only=True)
    assert "model.embed_tokens.weight" in state and all(isinstance(t, torch.Tensor) for t in state.values())


def test_siblings_and_tree_list_the_same_files(demo_hub) -> None:  # type: ignore[no-untyped-def]
    siblings = {s.rfilename for s in api(demo_hub).model_info(LLAMA).siblings}
    tree = set(api(demo_hub).list_repo_files(LLAMA))
    assert siblings == tree
    top = {entry.path for entry in api(demo_hub).list_repo_tree(LLAMA)}
    assert "original" in top and "original/params.json" not in top


def test_renamed_repo_redirects_to_its_new_name(demo_hub) -> None:  # type: ignore[no-untyped-def]
    assert api(demo_hub).model_info("meta-llama/Meta-Llama-3.1-8B").id == LLAMA


def test_unknown_revision(demo_hub) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RevisionNotFoundError):
        api(demo_hub).model_info(TINY, revision="v9")


def test_safetensors_metadata_reads_only_headers(demo_hub) -> None:  # type: ignore[no-untyped-def]
    before = len(demo_hub.log)
    meta = api(demo_hub).get_safetensors_metadata(LLAMA, token=T["student"])
    assert meta.parameter_count == {"BF16": 8_030_261_248} and meta.sharded
    cdn_gets = [e for e in demo_hub.log[before:] if e.path.startswith("/lfs/") and e.method == "GET"]
    assert len(cdn_gets) == 4 and all(e.range and e.status == 206 for e in cdn_gets)


# ---------------------------------------------------------------- resolve and downloads

def test_resolve_headers(demo_hub) -> None:  # type: ignore[no-untyped-def]
    repo = demo_hub.scenario.repos[TINY]
    config = repo.files["config.json"].content
    with httpx.Client(follow_redirects=False) as client:
        regular = client.head(f"{demo_hub.endpoint}/{TINY}/resolve/main/config.json")
        lfs = client.head(f"{demo_hub.endpoint}/{TINY}/resolve/main/model.safetensors")
        missing = client.head(f"{demo_hub.endpoint}/{TINY}/resolve/main/nope.json")
        ranged = client.get(f"{demo_hub.endpoint}/{TINY}/resolve/main/config.json", headers={"Range": "bytes=0-9"})
        past = client.get(f"{demo_hub.endpoint}/{TINY}/resolve/main/config.json", headers={"Range": "bytes=99999-"})
    blob = hashlib.sha1(b"blob %d\0" % len(config) + config).hexdigest()
    assert regular.status_code == 200 and regular.headers["ETag"] == f'"{blob}"'
    assert regular.headers["X-Repo-Commit"] == repo.sha and int(regular.headers["Content-Length"]) == len(config)
    weights = repo.files["model.safetensors"].content
    assert lfs.status_code == 302 and lfs.headers["Location"].startswith(demo_hub.cdn_origin)
    assert lfs.headers["X-Linked-Etag"] == f'"{hashlib.sha256(weights).hexdigest()}"'
    assert int(lfs.headers["X-Linked-Size"]) == len(weights)
    assert "xet" not in " ".join(lfs.headers.keys()).lower()
    assert missing.status_code == 404 and missing.headers["X-Error-Code"] == "EntryNotFound"
    assert missing.headers["X-Repo-Commit"] == repo.sha
    assert ranged.status_code == 206 and ranged.content == config[:10]
    assert ranged.headers["Content-Range"] == f"bytes 0-9/{len(config)}"
    assert past.status_code == 416 and past.headers["Content-Range"] == f"bytes */{len(config)}"


def test_snapshot_download_gets_every_file_byte_for_byte(demo_hub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = Path(snapshot_download(TINY, endpoint=demo_hub.endpoint, cache_dir=tmp_path))
    for path, repo_file in demo_hub.scenario.repos[TINY].files.items():
        assert (folder / path).read_bytes() == repo_file.content


def test_a_missing_optional_file_is_cached_as_absent(demo_hub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RemoteEntryNotFoundError):
        hf_hub_download(TINY, "chat_template.json", endpoint=demo_hub.endpoint, cache_dir=tmp_path)
    assert list(tmp_path.glob("models--hf-doctor--tiny-chat/.no_exist/*/chat_template.json"))


def test_gated_download_without_access_raises_gated_repo_error(demo_hub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(GatedRepoError):
        hf_hub_download(LLAMA, "config.json", endpoint=demo_hub.endpoint, cache_dir=tmp_path, token=T["waiting"])
    # ... but the license is readable by anyone (the allowlist of §5.2)
    license_path = hf_hub_download(LLAMA, "LICENSE", endpoint=demo_hub.endpoint, cache_dir=tmp_path, token=False)
    assert Path(license_path).read_bytes().startswith(b"LLAMA 3.1")


def _weights_scenario() -> Scenario:
    scenario = Scenario()
    payload = bytes(range(256)) * 64
    scenario.add_repo(Repo("acme/w")).add("model.safetensors", payload).add("config.json", b"{}")
    return scenario


def test_a_connection_cut_mid_file_is_resumed_and_the_file_is_correct(tmp_path: Path) -> None:
    scenario = _weights_scenario()
    scenario.faults.append(Fault("cut", path="/lfs/", times=1, after_bytes=5000))
    with HubEmulator(scenario) as hub:
        path = hf_hub_download("acme/w", "model.safetensors", endpoint=hub.endpoint, cache_dir=tmp_path)
        cdn = [e for e in hub.log if e.path.startswith("/lfs/") and e.method == "GET"]
    assert Path(path).read_bytes() == scenario.repos["acme/w"].files["model.safetensors"].content
    assert len(cdn) == 2  # cut once, then fetched again


def test_rate_limit_fault_is_a_429(tmp_path: Path) -> None:
    scenario = _weights_scenario()
    scenario.faults.append(Fault("rate_limit", path="/api/models/acme/w", times=1))
    with HubEmulator(scenario) as hub:
        with pytest.raises(HfHubHTTPError) as info:
            api(hub).model_info("acme/w")
        assert info.value.response.status_code == 429
        assert info.value.response.headers["Retry-After"] == "1"
        assert api(hub).model_info("acme/w").id == "acme/w"  # the fault fired once


def test_a_xet_backed_repo_says_so_only_in_its_repo_metadata(tmp_path: Path) -> None:
    """xetEnabled when asked for (expand), as the Hub answers; nothing that would switch a client to Xet (§7.5)."""
    scenario = _weights_scenario()
    scenario.repos["acme/w"].xet = True
    scenario.add_repo(Repo("acme/plain")).add("config.json", b"{}")
    with HubEmulator(scenario) as hub:
        assert api(hub).model_info("acme/w", expand=["xetEnabled"]).xetEnabled is True  # type: ignore[list-item]
        assert api(hub).model_info("acme/plain", expand=["xetEnabled"]).xetEnabled is False  # type: ignore[list-item]
        assert not hasattr(api(hub).model_info("acme/w"), "xetEnabled")   # only when asked for
        head = httpx.head(f"{hub.endpoint}/acme/w/resolve/main/model.safetensors")
        tree = httpx.get(f"{hub.endpoint}/api/models/acme/w/tree/main").json()
        path = hf_hub_download("acme/w", "model.safetensors", endpoint=hub.endpoint, cache_dir=tmp_path)
    assert "xet" not in " ".join(head.headers.keys()).lower() and "xet-auth" not in head.headers.get("Link", "")
    assert all("xetHash" not in entry for entry in tree)
    assert Path(path).read_bytes() == scenario.repos["acme/w"].files["model.safetensors"].content


def test_a_stall_fault_sends_part_of_the_body_then_nothing_then_closes() -> None:
    scenario = _weights_scenario()
    repo_file = scenario.repos["acme/w"].files["model.safetensors"]
    scenario.faults.append(Fault("stall", path="/lfs/", times=2, after_bytes=1000, seconds=1.0))
    with HubEmulator(scenario) as hub:
        url = f"{hub.cdn_origin}/lfs/{repo_file.sha256}"
        with httpx.stream("GET", url, timeout=0.5) as response:
            assert response.status_code == 200 and int(response.headers["Content-Length"]) == repo_file.size
            with pytest.raises(httpx.ReadTimeout):   # the body stops after 1000 bytes and nothing comes
                for _ in response.iter_raw():
                    pass
        with httpx.stream("GET", url, timeout=5) as response:   # the connection ends once the stall is over
            with pytest.raises(httpx.RemoteProtocolError):
                response.read()
        assert httpx.get(url).content == repo_file.content   # the fault has fired its two times
def test_content_derived_etags_never_collide_across_repos() -> None:
    scenario = Scenario()
    scenario.add_repo(Repo("a/one")).add("config.json", b'{"a": 1}')
    scenario.add_repo(Repo("a/two")).add("config.json", b'{"a": 2}')
    etags = {r.files["config.json"].etag for r in scenario.repos.values()}
    shas = {r.sha for r in scenario.repos.values()}
    assert len(etags) == 2 and len(shas) == 2 and all(len(s) == 40 for s in shas)


def test_the_log_never_holds_a_token(demo_hub) -> None:  # type: ignore[no-untyped-def]
    api(demo_hub).whoami(token=T["student"])
    text = json.dumps([entry.__dict__ for entry in demo_hub.log])
    assert all(token not in text for token in T.values())
    assert any(entry.with_token for entry in demo_hub.log)


def test_endpoint_is_loopback_and_the_cdn_a_different_origin(demo_hub) -> None:  # type: ignore[no-untyped-def]
    assert demo_hub.endpoint.startswith("http://127.0.0.1:")
    assert demo_hub.cdn_origin.startswith("http://localhost:") and demo_hub.cdn_origin != demo_hub.endpoint
    assert os.environ["NO_PROXY"] == "127.0.0.1,localhost"


def test_tokens_in_the_scenario_are_well_formed() -> None:
    assert all(t.startswith("hf_") and len(t) == 37 and t[3:].isalnum() for t in [*T.values(), scenarios.REVOKED])
    assert isinstance(Token("x", "u"), Token)


def test_building_the_demo_hub_again_imports_no_torch(demo_hub) -> None:  # type: ignore[no-untyped-def]
    """Every `hf-doctor demo` builds the local Hub before its banner. Once the tiny models and the pickle are
    kept, that takes no torch: importing torch costs a second, and a Ctrl-C that lands in it can be lost (torch's
    import swallows a KeyboardInterrupt at some moments), so the demo would run on after the user stopped it."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", "import sys\nfrom hf_doctor.emulator import scenarios\n"
                           "scenarios.build()\nprint(sorted(m for m in ('torch', 'transformers') if m in sys.modules))"],
                          capture_output=True, text=True, timeout=120, env=dict(os.environ))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
