"""The local Hub: two HTTP servers on 127.0.0.1 that answer as huggingface.co and its LFS CDN answer.

Faithfulness notes (the numbers are sections of ../shared/docs/hub-api.md):
- every "not found or not visible" 401/404 carries ``X-Error-Code: RepoNotFound``; an invalid token gets a 401
  with no code (§3.2, §14.1-2);
- gate errors carry ``GatedRepo`` and the Hub's exact messages; a fine-grained token without gated access gets a
  403 without a code; metadata routes stay public for gated repos (§5.2, §14.3-4);
- LFS files redirect to a *different origin* (``localhost`` and another port), with ``X-Linked-Etag`` and
  ``X-Linked-Size``; regular files answer directly with a content-derived ETag and ``X-Repo-Commit`` (§7.2);
- Range requests answer 206, and 416 past the end; missing files answer 404 ``EntryNotFound`` with
  ``X-Repo-Commit`` so clients cache the absence (§7.2, §11, §14.10-11);
- nothing announces Xet, nothing is compressed (§7.4-7.5);
- no token value is ever logged: the request log keeps only whether a request carried one.
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import parse_qs, quote, unquote, urlsplit

from .scenario import GATE_ALLOWLIST, GRANTED, PENDING, REJECTED, RESET, Fault, Repo, RepoFile, Scenario, Token

CHUNK = 1 << 20
# What the Hub's front (its load balancer and CDN) answers a 5xx with, as the client shows it (hub-api.md §14.15).
_SERVER_ERRORS = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
                  504: "Gateway Timeout"}
REAL_HUB = "https://huggingface.co"


@dataclass(frozen=True)
class Logged:
    method: str
    path: str
    status: int
    with_token: bool
    range: Optional[str] = None


class HubError(Exception):
    """An error answer: status, message, optional X-Error-Code, extra headers."""

    def __init__(self, status: int, message: str, code: Optional[str] = None,
                 headers: Optional[Dict[str, str]] = None) -> None:
        super().__init__(message)
        self.status, self.message, self.code, self.headers = status, message, code, headers or {}


class HubEmulator:
    """Start with ``with HubEmulator(scenario) as hub:``; point clients at ``hub.endpoint``."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.log: List[Logged] = []
        self._lock = threading.Lock()
        self._servers: List[ThreadingHTTPServer] = []
        self._request_counter = 0

    # ---------------------------------------------------------------- lifecycle
    def start(self) -> "HubEmulator":
        hub = _Server(("127.0.0.1", 0), _HubHandler, self)
        cdn = _Server(("127.0.0.1", 0), _CdnHandler, self)
        self._servers = [hub, cdn]
        for server in self._servers:
            threading.Thread(target=server.serve_forever, name="hub-emulator", daemon=True).start()
        return self

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers = []

    def __enter__(self) -> "HubEmulator":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self._servers[0].server_address[1]}"

    @property
    def cdn_origin(self) -> str:
        # Another host *string* and port: clients must treat it as a foreign origin (§2.3, §14.5).
        return f"http://localhost:{self._servers[1].server_address[1]}"

    def environment(self) -> Dict[str, str]:
        """What code under test needs in its environment, set before huggingface_hub is imported (§13)."""
        return {
            "HF_ENDPOINT": self.endpoint,
            "HF_HUB_DISABLE_XET": "1",
            "HF_HUB_DISABLE_TELEMETRY": "1",
            "HF_HUB_DISABLE_UPDATE_CHECK": "1",
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
        }

    def record(self, entry: Logged) -> None:
        with self._lock:
            self.log.append(entry)

    def next_request_id(self) -> str:
        with self._lock:
            self._request_counter += 1
            return f"Root=1-00000000-{self._request_counter:024x}"


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: Tuple[str, int], handler: type, emulator: HubEmulator) -> None:
        super().__init__(address, handler)
        self.emulator = emulator

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up (a Ctrl-C'd download, a closed keep-alive connection) is a client's right, not
        an error: the stdlib would print a traceback of it on the demo's screen. Anything else is still printed."""
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError, ConnectionAbortedError)):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        """Silence the stdlib's stderr log (it would print request lines; the emulator keeps its own log)."""

    @property
    def emulator(self) -> HubEmulator:
        return self.server.emulator

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_HEAD(self) -> None:
        self._dispatch("HEAD")

    def _dispatch(self, method: str) -> None:
        url = urlsplit(self.path)
        self._status = 0
        self._cut_after: Optional[int] = None
        self._stall: Optional[Fault] = None
        try:
            fault = self.emulator.scenario.fault_for(url.path, method)
            if fault is not None:
                self._apply(fault)
            self.route(method, url.path, parse_qs(url.query))
        except HubError as error:
            self._send_error(error, url.path)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        self.emulator.record(Logged(method, url.path, self._status, bool(self.headers.get("authorization")),
                                    self.headers.get("Range")))

    def route(self, method: str, path: str, query: Dict[str, List[str]]) -> None:
        raise NotImplementedError

    def _apply(self, fault: Fault) -> None:
        kind = fault.kind
        if kind == "latency":
            time.sleep(fault.seconds)
        elif kind == "rate_limit":
            wait = fault.retry_after
            raise HubError(429, "You have been rate-limited; you can retry this action in a few seconds.", headers={
                "Retry-After": str(wait), "RateLimit": f'"api";r=0;t={wait}', "RateLimit-Policy": '"api";q=1000;w=300'})
        elif kind == "server_error":
            raise HubError(fault.status, _SERVER_ERRORS.get(fault.status, "Internal Error"))
        elif kind == "cut":
            self._cut_after = fault.after_bytes
        elif kind == "stall":
            self._cut_after, self._stall = fault.after_bytes, fault

    # ---------------------------------------------------------------- responses
    def _send(self, status: int, body: bytes = b"", headers: Optional[Dict[str, str]] = None,
              content_type: str = "application/json; charset=utf-8", length: Optional[int] = None) -> None:
        self._status = status
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.send_header("X-Request-Id", self.emulator.next_request_id())
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD" and body:
            self._write(body)

    def _write(self, body: bytes) -> None:
        if self._cut_after is not None:
            self.wfile.write(body[: self._cut_after])
            self._stop_sending()
            raise ConnectionResetError("fault: connection cut")
        self.wfile.write(body)

    def _stop_sending(self) -> None:
        """Where a cut or stall fault ends the body: a cut closes the connection now; a stall first sends nothing
        for the fault's ``seconds`` (the connection open, the client waiting), then closes it."""
        self.wfile.flush()
        if self._stall is not None:
            time.sleep(self._stall.seconds)
        self.close_connection = True

    def _send_json(self, value: object, status: int = 200, headers: Optional[Dict[str, str]] = None) -> None:
        self._send(status, json.dumps(value).encode(), headers)

    def _send_error(self, error: HubError, path: str) -> None:
        headers = {"X-Error-Message": error.message, **error.headers}
        if error.code:
            headers["X-Error-Code"] = error.code
        if error.status == 401:
            headers["WWW-Authenticate"] = 'Bearer realm="Authentication required", charset="UTF-8"'
        if path.startswith("/api/"):
            self._send(error.status, json.dumps({"error": error.message}).encode(), headers)
        else:
            self._send(error.status, error.message.encode(), headers, content_type="text/plain; charset=utf-8")

    def _send_bytes(self, repo_file: RepoFile, headers: Dict[str, str]) -> None:
        """The file's bytes, honouring Range (206, or 416 past the end)."""
        size = repo_file.size
        start, end, status = 0, size, 200
        wanted = self.headers.get("Range")
        if wanted:
            parsed = _parse_range(wanted, size)
            if parsed is None:
                raise HubError(416, "Requested Range Not Satisfiable", headers={"Content-Range": f"bytes */{size}"})
            start, end = parsed
            status = 206
            headers = {**headers, "Content-Range": f"bytes {start}-{end - 1}/{size}"}
        self._send(status, b"", {**headers, "Accept-Ranges": "bytes"}, content_type="application/octet-stream",
                   length=end - start)
        if self.command == "HEAD":
            return
        sent = 0
        for offset in range(start, end, CHUNK):
            chunk = repo_file.read(offset, min(offset + CHUNK, end))
            if self._cut_after is not None and sent + len(chunk) > self._cut_after:
                self.wfile.write(chunk[: self._cut_after - sent])
                self._stop_sending()
                return
            self.wfile.write(chunk)
            sent += len(chunk)


class _HubHandler(_Handler):
    """huggingface.co: the API and the resolve routes."""

    def route(self, method: str, path: str, query: Dict[str, List[str]]) -> None:
        parts = [unquote(p) for p in path.strip("/").split("/")]
        if parts[:2] == ["api", "whoami-v2"]:
            return self._whoami()
        if parts[:2] == ["api", "agent-harnesses"]:
            return self._send_json({"standardEnvVars": [], "harnesses": {}})
        if parts[:2] == ["api", "telemetry"]:
            return self._send(200)
        if parts == ["api", "models"]:
            return self._list_models(query)
        if len(parts) >= 4 and parts[:2] == ["api", "models"]:
            return self._model_api(method, parts[2] + "/" + parts[3], parts[4:], path, query)
        if len(parts) >= 5 and parts[2] == "resolve":
            return self._resolve(parts[0] + "/" + parts[1], parts[3], "/".join(parts[4:]), path)
        raise HubError(404, "Sorry, we can't find the page you are looking for.")

    # ---------------------------------------------------------------- identity and access
    def _token(self) -> Optional[Token]:
        """The caller's token; an unknown or revoked one is a 401 without an error code (§4.3, §5.2)."""
        header = self.headers.get("authorization", "")
        if not header:
            return None
        value = header[7:] if header.lower().startswith("bearer ") else header
        token = self.emulator.scenario.tokens.get(value)
        if token is None or not token.valid:
            raise HubError(401, "Invalid credentials in Authorization header")
        return token

    def _visible_repo(self, repo_id: str, token: Optional[Token], path: str) -> Repo:
        repo, renamed = self.emulator.scenario.find_repo(repo_id)
        user = token.user if token else None
        if repo is None or (repo.private and repo.access_of(user) != GRANTED):
            if token is None:
                raise HubError(401, "Invalid username or password.", "RepoNotFound")
            raise HubError(404, "Repository not found", "RepoNotFound")
        if renamed:
            # The Hub redirects a renamed repo's URLs to its new name; clients follow same-origin redirects.
            target = path.replace(quote(repo_id, safe="/"), repo.id, 1).replace(repo_id, repo.id, 1)
            query = urlsplit(self.path).query
            raise HubError(307, f"Moved to {repo.id}", headers={"Location": target + (f"?{query}" if query else "")})
        if repo.disabled:
            raise HubError(403, "Access to this resource is disabled.")
        return repo

    def _gate(self, repo: Repo, token: Optional[Token]) -> None:
        """The gate of §5.2: only content (resolve, auth-check) is gated, never metadata."""
        if not repo.gated:
            return
        kind = "model"
        if token is None:
            raise HubError(401, f"Access to {kind} {repo.id} is restricted. You must have access to it and be "
                                "authenticated to access it. Please log in.", "GatedRepo")
        state = repo.access_of(token.user)
        if state == PENDING:
            raise HubError(403, f"Your request to access {kind} {repo.id} is awaiting a review from the repo "
                                "authors.", "GatedRepo")
        if state == REJECTED:
            raise HubError(403, f"Your request to access {kind} {repo.id} has been rejected by the repo's "
                                "authors.", "GatedRepo")
        if state == RESET:
            raise HubError(403, f"Your request to access {kind} {repo.id} has been reset by the repo's authors. "
                                f"Visit {REAL_HUB}/{repo.id} to submit a new request.", "GatedRepo")
        if state != GRANTED:
            raise HubError(403, f"Access to {kind} {repo.id} is restricted and you are not in the authorized list. "
                                f"Visit {REAL_HUB}/{repo.id} to ask for access.", "GatedRepo")
        if token.role == "fineGrained" and not token.can_read_gated and token.user != repo.owner:
            raise HubError(403, "Please enable access to public gated repositories in your fine-grained token "
                                "settings to view this repository.")

    def _whoami(self) -> None:
        token = self._token()
        if token is None:
            raise HubError(401, "Invalid username or password.")
        access: Dict[str, object] = {"displayName": token.display_name, "role": token.role,
                                     "createdAt": "2026-01-10T08:30:00.000Z"}
        if token.role == "fineGrained":
            access["fineGrained"] = {
                "canReadGatedRepos": token.can_read_gated,
                "global": ["discussion.write", "post.write"],
                "scoped": [{"entity": {"_id": _object_id(token.user), "type": "user", "name": token.user},
                            "permissions": ["repo.content.read", "repo.access.read"]}],
            }
        self._send_json({
            "type": "user", "id": _object_id(token.user), "name": token.user, "fullname": token.user.title(),
            "email": f"{token.user}@example.com", "emailVerified": True, "canPay": False, "isPro": False,
            "periodEnd": None, "avatarUrl": f"/avatars/{token.user}.svg", "orgs": [],
            "auth": {"type": "access_token", "accessToken": access},
        })

    # ---------------------------------------------------------------- /api/models
    def _list_models(self, query: Dict[str, List[str]]) -> None:
        token = self._token()
        author = (query.get("author") or [""])[0]
        search = ((query.get("search") or [""])[0]).lower()
        limit = int((query.get("limit") or ["1000"])[0])
        found = []
        for repo in sorted(self.emulator.scenario.repos.values(), key=lambda r: r.id):
            if repo.private and repo.access_of(token.user if token else None) != GRANTED:
                continue
            if author and repo.id.split("/")[0] != author:
                continue
            if search and search not in repo.id.lower():
                continue
            found.append({"_id": _object_id(repo.id), "id": repo.id, "modelId": repo.id, "private": repo.private,
                          "gated": repo.gated, "likes": 0, "downloads": 0, "tags": ["transformers"]})
        self._send_json(found[:limit])

    def _model_api(self, method: str, repo_id: str, rest: List[str], path: str, query: Dict[str, List[str]]) -> None:
        token = self._token()
        repo = self._visible_repo(repo_id, token, path)
        if rest[:1] == ["auth-check"]:
            self._gate(repo, token)
            return self._send(200, b"OK", content_type="text/plain; charset=utf-8")
        if not rest:
            return self._send_json(self._info(repo, query))
        if rest[0] == "revision" and len(rest) >= 2:
            self._revision(repo, "/".join(rest[1:]))
            return self._send_json(self._info(repo, query))
        if rest[0] == "tree" and len(rest) >= 2:
            self._revision(repo, rest[1])
            return self._tree(repo, "/".join(rest[2:]).strip("/"), query)
        raise HubError(404, "Sorry, we can't find the page you are looking for.")

    @staticmethod
    def _revision(repo: Repo, revision: str) -> None:
        if revision not in ("main", repo.sha):
            raise HubError(404, f"Invalid rev id: {revision}", "RevisionNotFound")

    def _info(self, repo: Repo, query: Dict[str, List[str]]) -> Dict[str, object]:
        blobs = _truthy(query.get("blobs"))
        siblings = []
        for repo_file in sorted(repo.files.values(), key=lambda f: f.path):
            entry: Dict[str, object] = {"rfilename": repo_file.path}
            if blobs:
                entry.update(blobId=repo_file.blob_id, size=repo_file.size)
                if repo_file.is_lfs:
                    entry["lfs"] = {"sha256": repo_file.sha256, "size": repo_file.size,
                                    "pointerSize": len(repo_file.pointer)}
            siblings.append(entry)
        config = _json_file(repo, "config.json")
        tokenizer_config = _json_file(repo, "tokenizer_config.json")
        info: Dict[str, object] = {
            "_id": _object_id(repo.id), "id": repo.id, "modelId": repo.id, "author": repo.id.split("/")[0],
            "sha": repo.sha, "lastModified": "2026-02-01T12:00:00.000Z", "createdAt": repo.created_at,
            "private": repo.private, "disabled": repo.disabled, "gated": repo.gated, "downloads": 0, "likes": 0,
            "library_name": "transformers", "pipeline_tag": "text-generation",
            "tags": _tags(repo, config),
            "config": {"architectures": config.get("architectures", []), "model_type": config.get("model_type"),
                       "tokenizer_config": {k: v for k, v in tokenizer_config.items()
                                            if k in ("bos_token", "eos_token", "chat_template")}},
            "cardData": repo.card,
            "siblings": siblings,
            "spaces": [],
            "usedStorage": sum(f.size for f in repo.files.values()),
        }
        parameters = repo.safetensors_parameters()
        if parameters:
            info["safetensors"] = {"parameters": parameters, "total": sum(parameters.values())}
        expand = query.get("expand")
        if expand:
            # Only asked for: the Hub's repo-level Xet flag. Per-file Xet data (xetHash, X-Xet-*) is never sent:
            # it would switch a client with hf_xet to Xet (hub-api.md §7.5).
            info["xetEnabled"] = repo.xet
            info = {k: v for k, v in info.items() if k in ("_id", "id") or k in expand}
        return info

    def _tree(self, repo: Repo, folder: str, query: Dict[str, List[str]]) -> None:
        recursive = _truthy(query.get("recursive"))
        prefix = folder + "/" if folder else ""
        if folder and not any(p.startswith(prefix) for p in repo.files):
            raise HubError(404, f"{folder} does not exist on \"{repo.sha}\"", "EntryNotFound")
        entries: Dict[str, Dict[str, object]] = {}
        for path in sorted(repo.files):
            if not path.startswith(prefix):
                continue
            relative = path[len(prefix):].split("/")
            for depth in range(1, len(relative)):
                directory = prefix + "/".join(relative[:depth])
                if depth == 1 or recursive:
                    entries.setdefault(directory, {"type": "directory", "oid": _tree_oid(directory), "size": 0,
                                                   "path": directory})
            if len(relative) == 1 or recursive:
                repo_file = repo.files[path]
                entry: Dict[str, object] = {"type": "file", "oid": repo_file.blob_id, "size": repo_file.size,
                                            "path": path}
                if repo_file.is_lfs:
                    entry["lfs"] = {"oid": repo_file.sha256, "size": repo_file.size,
                                    "pointerSize": len(repo_file.pointer)}
                entries[path] = entry
        self._send_json([entries[key] for key in sorted(entries)])

    # ---------------------------------------------------------------- /{repo}/resolve/{rev}/{file}
    def _resolve(self, repo_id: str, revision: str, filename: str, path: str) -> None:
        token = self._token()
        repo = self._visible_repo(repo_id, token, path)
        if filename not in GATE_ALLOWLIST:
            self._gate(repo, token)  # the gate comes before any 404 (§14.4)
        self._revision(repo, revision)
        commit = {"X-Repo-Commit": repo.sha}
        repo_file = repo.files.get(filename)
        if repo_file is None:
            raise HubError(404, "Entry not found", "EntryNotFound", headers=commit)
        if repo_file.is_lfs:
            location = f"{self.emulator.cdn_origin}/lfs/{repo_file.sha256}?X-Signature=emulated"
            return self._send(302, b"", {
                **commit, "Location": location, "X-Linked-Etag": f'"{repo_file.sha256}"',
                "X-Linked-Size": str(repo_file.size), "ETag": f'"{repo_file.blob_id}"', "Accept-Ranges": "bytes",
            }, content_type="text/plain; charset=utf-8", length=0)
        self._send_bytes(repo_file, {**commit, "ETag": f'"{repo_file.blob_id}"'})


class _CdnHandler(_Handler):
    """The LFS CDN: bytes by sha256, no auth, no Hub headers."""

    def route(self, method: str, path: str, query: Dict[str, List[str]]) -> None:
        match = re.fullmatch(r"/lfs/([0-9a-f]{64})", path)
        found = None
        if match:
            found = next((f for repo in self.emulator.scenario.repos.values() for f in repo.files.values()
                          if f.is_lfs and f.sha256 == match.group(1)), None)
        if found is None:
            raise HubError(404, "Not Found")
        name = found.path.rsplit("/", 1)[-1]
        self._send_bytes(found, {"ETag": f'"{found.sha256}"',
                                 "Content-Disposition": f"inline; filename*=UTF-8''{quote(name)}; filename=\"{name}\";"})


def _parse_range(header: str, size: int) -> Optional[Tuple[int, int]]:
    match = re.fullmatch(r"bytes=(\d*)-(\d*)", header.strip())
    if not match or (not match.group(1) and not match.group(2)):
        return None
    first, last = match.groups()
    if not first:  # a suffix: the last N bytes
        count = int(last)
        return (max(size - count, 0), size) if count and size else None
    start = int(first)
    end = min(int(last) + 1, size) if last else size
    return (start, end) if start < size and start < end else None


def _truthy(values: Optional[List[str]]) -> bool:
    return values is not None and bool(values) and values[-1].lower() in ("1", "true")  # httpx sends true, requests True (§2.2)


def _tags(repo: Repo, config: Dict[str, object]) -> List[str]:
    """The tags the Hub computes: the library, the weights' formats (``safetensors``, ``pytorch`` for
    ``.bin``), the model type, the task, and ``license:<id>`` from the card."""
    root = [path for path in repo.files if "/" not in path]
    tags = ["transformers"]
    tags += ["safetensors"] if any(p.endswith(".safetensors") for p in root) else []
    tags += ["pytorch"] if any(p.endswith(".bin") for p in root) else []
    tags += [str(config.get("model_type", "llama")), "text-generation"]
    license_id = repo.card.get("license")
    return tags + ([f"license:{license_id}"] if license_id else [])


def _json_file(repo: Repo, name: str) -> Dict[str, object]:
    repo_file = repo.files.get(name)
    if repo_file is None or repo_file.content is None:
        return {}
    try:
        value = json.loads(repo_file.content)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _object_id(name: str) -> str:
    return hashlib.sha1(name.encode()).hexdigest()[:24]


def _tree_oid(path: str) -> str:
    return hashlib.sha1(b"tree\0" + path.encode()).hexdigest()
