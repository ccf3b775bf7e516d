"""What the local Hub knows: tokens, users' access to gated repos, repos and their files, injected faults.

Every value that reaches the wire (commit hashes, ETags, LFS oids) is derived from content, as on the real Hub
(hub-api.md §14, pitfalls 7 and 8): two repos or revisions never share an ETag for different bytes.
"""
from __future__ import annotations

import hashlib
import json
import struct
from dataclasses import dataclass, field
from functools import cached_property
from typing import Dict, List, Optional, Tuple

# Files the Hub stores through LFS (the patterns a default .gitattributes tracks that matter here).
LFS_SUFFIXES = (".safetensors", ".bin", ".pt", ".pth", ".gguf", ".onnx", ".h5", ".msgpack", ".model", ".ckpt")
# Served without access even from a gated repo (hub-api.md §5.2): root README and LICENSE files only.
GATE_ALLOWLIST = ("README.md", "LICENSE", "LICENSE.md", "LICENSE.txt")

GRANTED, PENDING, REJECTED, RESET, NONE = "granted", "pending", "rejected", "reset", "none"


@dataclass(frozen=True)
class Token:
    """An access token as whoami-v2 describes it. ``valid=False`` is a revoked or expired token."""

    value: str
    user: str
    role: str = "read"                     # read | write | fineGrained
    can_read_gated: bool = True            # fineGrained only: "read access to public gated repos"
    display_name: str = "hf-doctor"
    valid: bool = True


@dataclass
class RepoFile:
    """A file's bytes, or, for metadata-only repos, its size and the first bytes (a safetensors header)."""

    path: str
    content: Optional[bytes] = None
    size: int = 0
    head: bytes = b""                      # metadata-only: real leading bytes; the rest reads as zeros

    def __post_init__(self) -> None:
        if self.content is not None:
            self.size = len(self.content)

    @property
    def is_lfs(self) -> bool:
        return self.path.endswith(LFS_SUFFIXES)

    @cached_property
    def sha256(self) -> str:
        if self.content is not None:
            return hashlib.sha256(self.content).hexdigest()
        # A metadata-only file has no bytes to hash: derive a stable stand-in from what defines it.
        return hashlib.sha256(b"metadata-only\0%s\0%d\0" % (self.path.encode(), self.size) + self.head).hexdigest()

    @cached_property
    def pointer(self) -> bytes:
        return f"version https://git-lfs.github.com/spec/v1\noid sha256:{self.sha256}\nsize {self.size}\n".encode()

    @cached_property
    def blob_id(self) -> str:
        """The git blob sha1: of the content for regular files, of the LFS pointer for LFS files."""
        data = self.pointer if self.is_lfs else self.read(0, self.size)
        return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()

    @property
    def etag(self) -> str:
        return self.sha256 if self.is_lfs else self.blob_id

    def read(self, start: int, end: int) -> bytes:
        """Bytes ``start`` to ``end`` (exclusive)."""
        end = min(end, self.size)
        if start >= end:
            return b""
        if self.content is not None:
            return self.content[start:end]
        head = self.head[start:end]
        return head + bytes(end - start - len(head))


@dataclass
class Repo:
    id: str
    files: Dict[str, RepoFile] = field(default_factory=dict)
    gated: object = False                  # False | "auto" | "manual"
    private: bool = False
    owner: Optional[str] = None            # the user who owns it (always has access)
    access: Dict[str, str] = field(default_factory=dict)    # user -> granted | pending | rejected | reset
    renamed_from: Tuple[str, ...] = ()
    disabled: bool = False
    card: Dict[str, object] = field(default_factory=dict)
    created_at: str = "2025-11-20T09:00:00.000Z"
    xet: bool = False                      # Xet-backed: said by xetEnabled (expand), served over plain HTTP

    def add(self, path: str, content: bytes) -> "Repo":
        self.files[path] = RepoFile(path, content)
        return self

    @property
    def sha(self) -> str:
        digest = hashlib.sha1(self.id.encode())
        for path in sorted(self.files):
            digest.update(b"\0%s\0%s" % (path.encode(), self.files[path].blob_id.encode()))
        return digest.hexdigest()

    def access_of(self, user: Optional[str]) -> str:
        if user is not None and user == self.owner:
            return GRANTED
        return self.access.get(user or "", NONE)

    def safetensors_parameters(self) -> Dict[str, int]:
        """Parameter counts by dtype, read from the safetensors headers as the Hub computes them."""
        counts: Dict[str, int] = {}
        for repo_file in self.files.values():
            if not repo_file.path.endswith(".safetensors"):
                continue
            header = parse_safetensors_header(repo_file.read(0, min(repo_file.size, 8 + 25_000_000)))
            for name, tensor in header.items():
                if name == "__metadata__":
                    continue
                count = 1
                for dim in tensor["shape"]:
                    count *= dim
                counts[tensor["dtype"]] = counts.get(tensor["dtype"], 0) + count
        return counts


@dataclass
class Fault:
    """Something going wrong on purpose, for requests whose path contains ``path``.

    kind: ``rate_limit`` (429 with Retry-After and RateLimit), ``server_error`` (``status``: 500, 502, 503 or
    504, with the text the Hub's front answers it with), ``latency`` (sleep ``seconds`` first), ``cut`` (close
    the connection after ``after_bytes`` of the body), ``stall`` (send the headers and ``after_bytes`` of the
    body, then nothing for ``seconds``, then close the connection: a download that freezes without an error,
    bounded so that the server's thread ends). ``times`` limits how often it fires (None: always).

    It fires for requests whose path contains ``path`` (``exact``: is ``path``), made with ``method`` (None:
    any): ``Fault("server_error", "/api/models/org/name", exact=True, status=500)`` breaks model_info alone,
    not the auth-check below it.
    """

    kind: str
    path: str = ""
    times: Optional[int] = None
    seconds: float = 0.0
    after_bytes: int = 0
    retry_after: int = 1
    status: int = 503
    exact: bool = False
    method: Optional[str] = None

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method != method:
            return False
        return path == self.path if self.exact else self.path in path


@dataclass
class Scenario:
    tokens: Dict[str, Token] = field(default_factory=dict)
    repos: Dict[str, Repo] = field(default_factory=dict)
    faults: List[Fault] = field(default_factory=list)

    def add_token(self, token: Token) -> Token:
        self.tokens[token.value] = token
        return token

    def add_repo(self, repo: Repo) -> Repo:
        self.repos[repo.id] = repo
        return repo

    def find_repo(self, repo_id: str) -> Tuple[Optional[Repo], bool]:
        """The repo with this id, or the one it was renamed to (second value True)."""
        if repo_id in self.repos:
            return self.repos[repo_id], False
        for repo in self.repos.values():
            if repo_id in repo.renamed_from:
                return repo, True
        return None, False

    def fault_for(self, path: str, method: str = "GET") -> Optional[Fault]:
        for fault in self.faults:
            if fault.matches(method, path) and (fault.times is None or fault.times > 0):
                if fault.times is not None:
                    fault.times -= 1
                return fault
        return None


def safetensors_bytes(tensors: Dict[str, Tuple[str, Tuple[int, ...]]], metadata: Optional[Dict[str, str]] = None,
                      with_data: bool = False) -> bytes:
    """A safetensors header (and zero data when ``with_data``) for tensors ``name -> (dtype, shape)``."""
    sizes = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1}
    header: Dict[str, object] = {"__metadata__": metadata or {"format": "pt"}}
    offset = 0
    for name in sorted(tensors):
        dtype, shape = tensors[name]
        count = 1
        for dim in shape:
            count *= dim
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + count * sizes[dtype]]}
        offset += count * sizes[dtype]
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * (-len(raw) % 8)  # the format aligns the data to 8 bytes
    return struct.pack("<Q", len(raw)) + raw + (bytes(offset) if with_data else b"")


def data_size(blob: bytes) -> int:
    """Total size of a safetensors file whose header is ``blob``'s start."""
    (length,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + length])
    end = max((t["data_offsets"][1] for n, t in header.items() if n != "__metadata__"), default=0)
    return 8 + length + end


def parse_safetensors_header(blob: bytes) -> Dict[str, dict]:
    if len(blob) < 8:
        return {}
    (length,) = struct.unpack("<Q", blob[:8])
    try:
        return json.loads(blob[8:8 + length])  # type: ignore[no-any-return]
    except ValueError:
        return {}
