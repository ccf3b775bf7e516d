"""The demo's world: one local Hub with a few users, tokens and repos, and named cases that each show one
first-run failure as a user meets it. Instructors use them to demonstrate; tests use them as fixtures.
"""
from __future__ import annotations

import hashlib
import string
from dataclasses import dataclass, field
from typing import Dict, Optional

from hf_doctor.checks.text import Msg

from .catalog import llama_31_8b, pickle_repo, tiny_repo
from .scenario import GRANTED, PENDING, REJECTED, RESET, Repo, Scenario, Token

TINY_CHAT = "hf-doctor/tiny-chat"
TINY_BASE = "hf-doctor/tiny-base"
LLAMA = "meta-llama/Llama-3.1-8B"
PRIVATE = "someone-else/private-notes"
PICKLE = "hf-doctor/tiny-pickle"

_ALPHABET = string.ascii_letters + string.digits


def fake_token(name: str) -> str:
    """A well-formed, deterministic, obviously fake token: ``hf_`` and 34 letters and digits."""
    digest = hashlib.sha512(b"hf-doctor demo token\0" + name.encode()).digest()
    return "hf_" + "".join(_ALPHABET[b % len(_ALPHABET)] for b in digest[:34])


# user -> (role, can read public gated repos, Llama access)
USERS = {
    "student": ("read", True, GRANTED),
    "newcomer": ("read", True, None),
    "waiting": ("read", True, PENDING),
    "rejected": ("read", True, REJECTED),
    "reset": ("read", True, RESET),
    "scoped": ("fineGrained", False, GRANTED),
    "scoped-ok": ("fineGrained", True, GRANTED),
    "writer": ("write", True, GRANTED),
}
TOKENS = {user: fake_token(user) for user in USERS}
REVOKED = fake_token("revoked")


def build() -> Scenario:
    """The whole demo Hub. Building it builds (or reuses) the tiny models, which takes a few seconds once."""
    scenario = Scenario()
    for user, (role, gated_ok, _) in USERS.items():
        scenario.add_token(Token(TOKENS[user], user, role=role, can_read_gated=gated_ok, display_name=f"{user}-demo"))
    scenario.add_token(Token(REVOKED, "student", valid=False, display_name="old-laptop"))
    scenario.add_repo(tiny_repo(TINY_CHAT, "chat"))
    scenario.add_repo(tiny_repo(TINY_BASE, "base"))
    scenario.add_repo(pickle_repo(PICKLE))
    scenario.add_repo(llama_31_8b(LLAMA, access={u: a for u, (_, _, a) in USERS.items() if a}))
    scenario.add_repo(Repo(PRIVATE, private=True, owner="someone-else").add("README.md", b"# private\n"))
    return scenario


@dataclass(frozen=True)
class Case:
    """One demo run: which model, whose token (by user name), and what to set in the environment."""

    name: str
    model: str
    user: Optional[str] = None               # whose token; None for no token
    token_override: Optional[str] = field(default=None, repr=False)   # a raw token value (malformed ones)
    env: Dict[str, str] = field(default_factory=dict)

    @property
    def description(self) -> Msg:
        """What it shows: the catalogue's ``ui.scenario.<name>``."""
        return Msg(f"ui.scenario.{self.name.replace('-', '_')}")

    @property
    def smoke(self) -> bool:
        """Download and generate too: only the tiny models (the big ones are metadata-only)."""
        return self.model in (TINY_CHAT, TINY_BASE, PICKLE)

    @property
    def token(self) -> Optional[str]:
        if self.token_override is not None:
            return self.token_override
        return TOKENS[self.user] if self.user else None


# What each case shows is said by the catalogue, in the user's language: ui.scenario.<name with "_" for "-">.
CASES: Dict[str, Case] = {case.name: case for case in (
    Case("default", TINY_CHAT, "student"),
    Case("base-model", TINY_BASE, "student"),
    Case("gated-granted", LLAMA, "student"),
    Case("no-token", LLAMA),
    Case("not-requested", LLAMA, "newcomer"),
    Case("gated-pending", LLAMA, "waiting"),
    Case("gated-rejected", LLAMA, "rejected"),
    Case("fine-grained-no-gated", LLAMA, "scoped"),
    Case("revoked-token", TINY_CHAT, token_override=REVOKED),
    Case("token-with-space", TINY_CHAT, token_override=TOKENS["student"] + " \n"),
    Case("full-width-token", TINY_CHAT, token_override=TOKENS["student"][:-2] + "ｈｆ"),
    Case("typo", "hf-doctor/tiny-chta", "student"),
    Case("renamed", "meta-llama/Meta-Llama-3.1-8B", "student"),
    Case("private", PRIVATE, "student"),
    Case("offline", TINY_CHAT, "student", env={"HF_HUB_OFFLINE": "1"}),
    Case("pickle-weights", PICKLE, "student"),
)}
