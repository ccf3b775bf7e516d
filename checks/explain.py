"""``explain``: name the root cause of a pasted error message or traceback, and give its fix.

Rules are tried in order and the first that matches anywhere in the text wins, so the order *is* the root-cause
reasoning: the Hub's own sentence ("awaiting a review", "Invalid credentials in Authorization header") outranks
the exception class around it ("RepositoryNotFoundError: 401"), which outranks the wrapper's last line
(transformers' "is not a local folder and is not a valid model identifier", "There was a specific connection
error"). A response status proves the network worked, so every Hub answer outranks the network rules. Text
outside this knowledge gets ``unknown``: a guess would send people the wrong way.

The phrases come from the libraries' source (huggingface_hub 0.x on requests and ≥ 1.0 on httpx, transformers,
accelerate, torch, bitsandbytes, pip) and from the reports collected in tests/data/explain, each with its source.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Pattern, Tuple

from . import causes, knowledge, secrets
from .hub import mask
from .result import Fix, Render
from .text import Text

MAX_EVIDENCE = 3
MAX_LINE = 240


def _re(*patterns: str) -> Tuple[Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE | re.MULTILINE) for p in patterns)


@dataclass(frozen=True)
class Rule:
    """``cause`` when any of ``signs`` matches and, if given, every one of ``also`` matches too."""

    cause: str
    signs: Tuple[Pattern[str], ...]
    also: Tuple[Pattern[str], ...] = ()

    def match(self, text: str) -> List[re.Match]:
        if not all(p.search(text) for p in self.also):
            return []
        return [m for p in self.signs for m in [p.search(text)] if m]


# Every pattern is linear in the text it searches: a quantifier that may run over a whole line is bounded (a
# phrase and what it refers to sit within a few hundred characters), a run of word characters is entered only at
# its start (\b), and a line's leading blanks are spaces and tabs, never line breaks: otherwise a long line of
# word characters or a long run of blank lines is searched again from each of its positions.
_LINE_REST = r"[^\n]{0,300}"
HF_URL = r"https?://(?:huggingface\.co|hf\.co|[\w.-]{0,100}hf-mirror\.com)"
WHOAMI = rf"{HF_URL}/api/whoami"
NOT_WHOAMI = rf"(?:{HF_URL})/(?!api/whoami)"

RULES: Tuple[Rule, ...] = (
    # --- The Hub says exactly what is wrong: its own sentences first.
    # An old transformers meets huggingface_hub ≥ 1.0: the optional chat-templates folder's 404 escapes it.
    Rule(causes.TRANSFORMERS_TOO_OLD, _re(r"/tree/main/additional_chat_templates")),
    # transformers 4.x refuses huggingface_hub ≥ 1.0 at import: the fix is the newer transformers.
    Rule(causes.TRANSFORMERS_TOO_OLD, _re(r"huggingface-hub" + _LINE_REST + r",<1\.0 is required for a normal functioning"
                                          + _LINE_REST + r"but found huggingface-hub==[1-9]")),
    # transformers 5 removed from_pretrained's load_in_4bit= / load_in_8bit= (huggingface/transformers#41287):
    # they fall through to the model's __init__.
    Rule(causes.TRANSFORMERS_TOO_NEW, _re(r"unexpected keyword argument '(?:load_in_4bit|load_in_8bit)'")),
    Rule(causes.TOKEN_SHADOWED, _re(r"HF_TOKEN`? is set and (?:is the current active token|will override)")),
    Rule(causes.GATED_PENDING, _re(r"is awaiting a review from the repo authors", r"awaiting a review")),
    Rule(causes.GATED_REJECTED, _re(r"has been rejected by the repo'?s authors", r"access request .{0,40}rejected")),
    Rule(causes.TOKEN_SCOPE, _re(
        r"public gated repo(?:sitorie)?s? you can access", r"enable access to public gated repositories",
        r"fine-grained token settings", r"^[ \t]*Authorization error\.?",
        r"make sure you have a token with the `?write`? role")),
    Rule(causes.GATED_NOT_REQUESTED, _re(
        r"you are not in the authorized list", r"to ask for access",
        rf"\b403\b{_LINE_REST}\n(?:{_LINE_REST}\n){{0,3}}{_LINE_REST}Cannot access gated repo",
        rf"Cannot access gated repo{_LINE_REST}\n(?:{_LINE_REST}\n){{0,2}}{_LINE_REST}\b403\b")),
    Rule(causes.GATED_UNAUTHENTICATED, _re(
        r"You must (?:have access to it and )?be authenticated to access it", r"is gated\. You must be authenticated",
        r"Cannot access gated repo", r"You are trying to access a gated repo", r"\bGatedRepoError\b")),
    Rule(causes.TOKEN_INVALID, _re(
        r"Invalid user token", r"Invalid credentials in Authorization header", r"Invalid token passed",
        r"token (?:from [^\n]{0,200} )?is invalid", r"Unauthorized for url: " + WHOAMI, r"\b401\b" + _LINE_REST + WHOAMI,
        r"Bad credentials", r"Invalid bearer token")),
    Rule(causes.TOKEN_INVALID, _re(r"Invalid username or password"), also=_re(WHOAMI)),
    Rule(causes.TOKEN_MISSING, _re(
        r"LocalTokenNotFoundError", r"Token is required \(`token=True`\), but no token found",
        r"but no token found", r"SecretNotFoundError", r"Secret HF_TOKEN does not exist",
        r"Access to the secret `?HF_TOKEN`? has not been granted", r"Error while fetching `?HF_TOKEN`? secret",
        r"You are not authenticated with the Hugging Face Hub", r"NotebookAccessError",
        r"not logged in(?:to)? (?:to )?(?:the )?Hugging ?Face")),
    Rule(causes.RATE_LIMITED, _re(r"\b429\b(?: Client Error)?", r"Too Many Requests", r"hit the rate limit",
                                  r"rate[- ]limit(?:ed|ing)\b")),
    Rule(causes.REPO_NOT_FOUND, _re(
        r"Repository Not Found", r"RepositoryNotFoundError", r"is not a valid model identifier",
        r"HFValidationError", r"Repo id must (?:be in the form|use alphanumeric)",
        r"Unauthorized for url: " + NOT_WHOAMI, r"Invalid username or password",
        r"\b401 Client Error\b(?!" + _LINE_REST + "whoami)", r"RepoNotFound")),
    Rule(causes.REVISION_OR_FILE_NOT_FOUND, _re(
        r"Revision Not Found", r"RevisionNotFoundError", r"(?<!Local)EntryNotFoundError", r"Entry Not Found",
        r"is not a valid git identifier",
        r"does not appear to have (?:a file|files) named", r"Invalid rev id", r"404 Client Error")),
    Rule(causes.TOKEN_SCOPE, _re(r"\b403 (?:Client Error|Forbidden)\b")),
    # --- An answer that stops coming: a download through hf_xet that freezes with no error (xet-core#869, #898).
    Rule(causes.DOWNLOAD_STALLED, _re(
        r"(?:hf[-_]xet|\bxet\b)[^\n]{0,120}\b(?:stall\w*|hangs?|hanging|hung|stuck|freez\w*|frozen)\b",
        r"\b(?:stall\w*|hangs?|hanging|hung|stuck|freez\w*|frozen)\b[^\n]{0,120}(?:hf[-_]xet|\bxet\b)",
        r"The download of \S+ stalled: no data for")),
    # --- No answer from the Hub at all.
    Rule(causes.NETWORK_OFFLINE, _re(
        r"OfflineModeIsEnabled", r"offline mode is enabled", r"HF_HUB_OFFLINE", r"Max retries exceeded",
        r"ConnectTimeout", r"ReadTimeout", r"Temporary failure in name resolution", r"Name or service not known",
        r"nodename nor servname", r"getaddrinfo failed", r"CERTIFICATE_VERIFY_FAILED", r"\bSSLError\b",
        r"ProxyError", r"couldn'?t connect to '?https?://", r"Connection refused", r"Network is unreachable",
        r"ConnectionError", r"ConnectError", r"LocalEntryNotFoundError", r"outgoing traffic has been disabled",
        r"\b50[234] (?:Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out)",
        r"cannot find the requested files in the (?:disk )?cache")),
    # --- The machine.
    # The cache folder may not be written (a read-only mount, another user's folder): "run it again" never helps.
    Rule(causes.CACHE_NOT_WRITABLE, _re(
        r"Read-only file system", r"\[Errno 30\]",
        r"Permission denied: '[^'\n]*(?:\.cache|huggingface|hf_cache|[/\\]hub[/\\])[^'\n]*'")),
    # A cached file cut short or changed on disk: safetensors cannot even read its header
    # ("MetadataIncompleteBuffer"; newer releases: "incomplete metadata, file not fully covered").
    Rule(causes.CACHE_DAMAGED, _re(r"MetadataIncompleteBuffer", r"incomplete metadata, file not fully covered")),
    Rule(causes.DISK_FULL, _re(r"No space left on device", r"\[Errno 28\]", r"Not enough free disk space",
                               r"disk quota exceeded")),
    Rule(causes.CUDA_OOM, _re(r"CUDA out of memory", r"torch\.(?:cuda\.)?OutOfMemoryError", r"OutOfMemoryError: CUDA",
                              r"CUBLAS_STATUS_ALLOC_FAILED", r"CUDA error: out of memory",
                              r"not enough GPU memory",
                              r"Make sure you have enough GPU RAM to fit the quantized model")),
    Rule(causes.CPU_RAM_OOM, _re(r"session crashed after using all available RAM", r"DefaultCPUAllocator: (?:can'?t allocate|not enough) memory", r"^[ \t]*MemoryError\b", r"Cannot allocate memory",
                                 r"(?:^|[\]\s])Killed[ \t]*$", r"\bOOM[- ]killer\b", r"exited with code -9|signal 9 \(SIGKILL\)")),
    Rule(causes.BF16_UNSUPPORTED, _re(
        r"Bfloat16 is only supported on GPUs with compute capability", r"bf16 is not supported",
        r"does not support bfloat16", r"bfloat16 is not supported", r"BFloat16 is not supported on",
        r"\"?\b\w+\"? not implemented for 'BFloat16'")),
    # Sampling from scores that overflowed to inf and nan: float16's range, in the reports collected (their fix:
    # bfloat16 or float32); hf-doctor's own smoke test sees the same nan in the raw scores.
    Rule(causes.FLOAT16_OVERFLOW, _re(r"probability tensor contains either `?inf`?, `?nan`? or element < 0")),
    Rule(causes.TORCH_CUDA_MISMATCH, _re(
        r"no kernel image is available for execution on the device", r"Torch not compiled with CUDA enabled",
        r"CUDA driver version is insufficient", r"NVIDIA driver on your system is too old",
        r"is not compatible with the current PyTorch installation", r"CUDA capability sm_\d+ is not compatible",
        r"undefined symbol: " + _LINE_REST + "cuda", r"libcudart\.so[.\d]*: cannot open shared object file")),
    # Colab's notice when the accelerator asked for is out of stock: it connects the next one down instead.
    Rule(causes.GPU_NOT_AS_PLANNED, _re(
        r"\b(?:A100|H100|L4|G4|V100|GPU type|accelerator)\b[^\n]{0,30}\bnot available\b[^\n]{0,80}"
        r"\b(?:switch(?:es|ed|ing)?|fall(?:s|ing)? back|instead)\b")),
    Rule(causes.GPU_MISSING, _re(
        r"Found no NVIDIA driver on your system", r"No CUDA GPUs are available", r"torch\.cuda\.is_available\(\) is False",
        r"cannot currently connect to a GPU due to usage limits", r"not implemented for 'Half'",
        r"compiled without GPU support", r"No GPU found", r"CUDA is required but not available",
        r"requires a GPU",
        # transformers 4.x: bitsandbytes counts as unavailable when torch sees no CUDA device (a CPU runtime).
        r"quantization requires the latest version of bitsandbytes")),
    Rule(causes.ACCELERATE_MISSING, _re(
        r"requires [`']?Accelerate", r"No module named '?accelerate'?", r"pip install accelerate",
        r"`?device_map`? requires `?accelerate")),
    # transformers' own refusal (utils/import_utils.py check_torch_load_is_safe) before torch's weights-only one.
    Rule(causes.TORCH_LOAD_REFUSED, _re(
        r"Due to a serious vulnerability issue in `?torch\.load`?", r"upgrade torch to at least v2\.6")),
    Rule(causes.PICKLE_WEIGHTS, _re(r"Weights only load failed", r"WeightsUnpickler error")),
    Rule(causes.REMOTE_CODE, _re(
        r"trust_remote_code", r"contains custom code which must be executed",
        r"requires you to execute the (?:configuration|modeling) file")),
    Rule(causes.TRANSFORMERS_TOO_OLD, _re(
        r"does not recognize this architecture", r"Unrecognized (?:configuration|model) class",
        r"`?rope_scaling`? must be a dictionary with (?:with )?two fields", r"model type `?\w+`? but Transformers",
        r"Tokenizer class \w+ does not exist or is not currently imported",
        r"data did not match any variant of untagged enum", r"KeyError: '(?:llama|mistral|gemma\d?|qwen\d?\w*|phi\d?)'")),
    Rule(causes.CHAT_TEMPLATE_MISSING, _re(
        r"chat_template is not set", r"no chat template", r"default chat template is no longer allowed",
        r"Cannot use chat template")),
    # --- A warning, not a failure: it explains slowness only when nothing above explains the text.
    Rule(causes.MODEL_OFFLOADED_SLOW, _re(
        r"offloaded to the (?:cpu|disk)", r"weights offloaded to the disk", r"provide an `?offload_folder`?",
        r"Some parameters are on the meta device")),
    # pip's "require a different python version" alone may mean too new as well: only a lower bound counts.
    Rule(causes.PYTHON_TOO_OLD, _re(r"requires a different Python: [\d.]+ not in '?>=", r"requires Python >= ?3",
                                    r"Python 3\.\d+ or (?:newer|later) is required")),
    # `X | None` annotations evaluated on Python ≤ 3.9 (the paths show the interpreter).
    Rule(causes.PYTHON_TOO_OLD, _re(r"unsupported operand type\(s\) for \|: 'type' and"),
         also=_re(r"python3\.[5-9][/\\]|Python[/\\]3\.[5-9]\.")),
    # A name the installed transformers lacks: the model (or feature) came in a later release.
    Rule(causes.TRANSFORMERS_TOO_OLD, _re(r"cannot import name '\w+' from 'transformers",
                                          r"No module named '?transformers\.models\.\w+")),
    # pip's resolver warning lists unrelated Colab packages too: only a conflict inside the stack counts.
    Rule(causes.LIBRARY_CONFLICT, _re(
        r"requires (?:transformers|torch|huggingface[-_]hub|tokenizers|safetensors|accelerate)\b" + _LINE_REST +
        r"(?:but you have|which is incompatible)",
        r"is required for a normal functioning", r"has requirement " + _LINE_REST + " but you have",
        r"cannot import name '\w+' from '(?:huggingface_hub|accelerate|torch|peft)",
        r"compiled using NumPy 1\.x cannot be run in\s+NumPy 2")),
    Rule(causes.LIBRARY_MISSING, _re(
        r"No module named '?[\w.]+'?", r"requires the [\w-]+ library but it was not found")),
)

_MODEL = re.compile(
    rf"(?:Access to model |request to access model |gated repo at {HF_URL}/|{HF_URL}/(?:api/models/)?)"
    r"([\w.-]+/[\w.-]+)")
_NOT_MODELS = ("settings", "docs", "api", "datasets", "spaces", "models", "join", "login")
_TOKEN = re.compile(r"hf_[A-Za-z0-9]{6,}")
# A token as people paste it: in pieces (spaces or a line break inside it), after NFKC has made full-width letters
# ASCII. Each character is looked at a bounded number of times (at most 80 after each "hf_").
_PASTED_TOKEN = re.compile(r"h\s{0,3}f\s{0,3}_\s{0,3}((?:[A-Za-z0-9]|\s{1,8}(?=[A-Za-z0-9])){20,80})")
TOKEN_BODY = 34             # the characters after "hf_"
_UNSEEN = re.compile("[\x00\u200b-\u200d\u2060\ufeff]")
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_MODULE = re.compile(r"No module named '?([\w]+)")


@dataclass(frozen=True)
class Explanation:
    """A diagnosis of pasted text: the cause id, its title and explanation and fix (messages, said by the front
    end in its language), and the lines that gave it away (the user's own text, never translated)."""

    cause: str
    title: Text
    summary: Text
    fix: Fix
    evidence: Tuple[str, ...]

    def to_json(self, render: Render) -> Dict[str, Any]:
        """``explain --json``: the texts said by ``render`` (the language asked for), ids and evidence as they are."""
        return {"cause": self.cause, "summary": render(self.summary), "fix": self.fix.to_json(render),
                "evidence": list(self.evidence)}


def explain(text: str) -> Explanation:
    """The root cause of ``text`` (a message or a whole traceback), its explanation and fix, and the lines
    that gave it away. Tokens in the text never reach the evidence."""
    clean = _ANSI.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    _remember_pasted_tokens(clean)
    for rule in RULES:
        matches = rule.match(clean)
        if matches:
            return _explanation(rule.cause, clean, _evidence(clean, matches))
    return _explanation(causes.UNKNOWN, clean, ())


def classify(text: str) -> str:
    return explain(text).cause


def _remember_pasted_tokens(text: str) -> None:
    """Every token in the pasted text, also one split by spaces or typed in full-width letters, becomes a secret
    of this process (checks.secrets): the evidence, the fix and every output show it masked only. A token in
    pieces counts when its pieces add up to a token's length and mix upper- and lowercase, as a random token
    does and words do not ("hf_xet failed to download the file" is no token)."""
    # NUL between the letters (UTF-16 text read as UTF-8 or Latin-1) and zero-width characters are not seen.
    for match in _PASTED_TOKEN.finditer(_UNSEEN.sub("", unicodedata.normalize("NFKC", text))):
        pieces = match.group(1).split()
        body = "".join(pieces)
        whole = len(pieces) == 1 and match.group(0).startswith("hf_")
        mixed = not body.islower() and not body.isupper()
        if whole or (len(body) >= TOKEN_BODY and mixed):
            secrets.remember("hf_" + body[:TOKEN_BODY] if not whole else "hf_" + body)


def _shown(value: Optional[str]) -> Optional[str]:
    """A name taken from the pasted text for a fix (a repo id, a module), None when it holds a token."""
    if value is None or secrets.scrub(value) != value or _TOKEN.search(value):
        return None
    return value


def _explanation(cause: str, text: str, evidence: Tuple[str, ...]) -> Explanation:
    model = _shown(_model(text))
    commands: Optional[Tuple[str, ...]] = None
    if cause == causes.LIBRARY_MISSING:
        module = _MODULE.search(text)
        if module and _shown(module.group(1)):
            commands = (f"python -m pip install -U {_PACKAGES.get(module.group(1), module.group(1))}",)
    return Explanation(cause, knowledge.title(cause), knowledge.explanation(cause),
                       knowledge.fix_for(cause, model=model, commands=commands), evidence)


def _evidence(text: str, matches: List[re.Match]) -> Tuple[str, ...]:
    """The lines the matches sit on, in the order they appear, without tokens."""
    starts = sorted({text.rfind("\n", 0, m.start()) + 1 for m in matches})
    lines: List[str] = []
    for start in starts:
        end = text.find("\n", start)
        line = secrets.scrub(text[start:end if end >= 0 else len(text)].strip())
        line = _TOKEN.sub(lambda token: mask(token.group(0)), line)
        if line and line not in lines:
            lines.append(line if len(line) <= MAX_LINE else line[:MAX_LINE - 1] + "…")
    return tuple(lines[:MAX_EVIDENCE])


def _model(text: str) -> Optional[str]:
    for match in _MODEL.finditer(text):
        repo = match.group(1).rstrip(".")
        if repo.split("/")[0] not in _NOT_MODELS:
            return repo
    return None


# Import names whose pip package is called something else.
_PACKAGES = {"sklearn": "scikit-learn", "PIL": "pillow", "cv2": "opencv-python", "google": "protobuf",
             "huggingface_hub": "huggingface_hub", "yaml": "pyyaml"}
