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

import builtins
import functools
import gzip
import json
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Dict, FrozenSet, Iterator, List, Optional, Pattern, Tuple

try:   # the regular expressions' own parser: re._parser from Python 3.11, sre_parse before
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_parse as _sre_parse  # type: ignore[no-redef]

from . import causes, knowledge, secrets
from .hub import mask
from .result import Fix, Render
from .text import Text

MAX_EVIDENCE = 3
MAX_LINE = 240


def _re(*patterns: str) -> Tuple[Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE | re.MULTILINE) for p in patterns)


STRONG, CLEAR, HINT = 3, 2, 1


@dataclass(frozen=True)
class Rule:
    """``cause`` when any of ``signs`` matches and, if given, every one of ``also`` matches too.

    ``strength`` is what the evidence is worth: ``STRONG`` a sentence the Hub or a library prints for this cause
    alone, ``CLEAR`` an exception class, a status code or a library's wording that usually means it, ``HINT`` a
    user's own words or a circumstance (a Mac, a known gated repo) that only points at it. ``collapsed``: the
    signs are searched in the text with every run of blanks and line breaks made one space (a terminal's
    wrapping), not in the text as pasted."""

    cause: str
    signs: Tuple[Pattern[str], ...]
    also: Tuple[Pattern[str], ...] = ()
    strength: int = CLEAR
    collapsed: bool = False
    prefilter: Tuple[str, ...] = ()

    def match(self, text: str, folded: "str | Words" = "", lines: Optional["Lines"] = None) -> List[re.Match]:
        """The signs' matches in ``text``. ``folded`` is the text with its blanks collapsed and case folded:
        a sign whose required words (:func:`required`) are not in it cannot match and is not searched.
        ``lines``: where the words of ``text`` sit, to search a long text only on the lines that may match."""
        if self.prefilter and folded and not any(word in folded for word in self.prefilter):
            return []
        search = lines.search if lines is not None else lambda pattern: pattern.search(text)
        found = [m for p in self.signs if _may_match(p, folded) for m in [search(p)] if m]
        if found and not all(_may_match(p, folded) and search(p) for p in self.also):
            return []
        return found


class Lines:
    """A long text and where its words sit: a pattern that cannot match across a line break (:func:`one_line`) is
    searched only on the lines that hold one of its required words (:func:`required`), which gives the same first
    match as a search of the whole text, at a fraction of the cost (a 10,000-line log with all its lines different,
    where a pattern without a literal start is tried at each of its 600,000 positions)."""

    MOST = 64      # more lines than this: one search of the whole text is cheaper than a search per line

    def __init__(self, text: str) -> None:
        self.text = text
        lowered = text.lower()
        self.lowered = lowered if len(lowered) == len(text) else None   # positions must be the text's own
        self._starts: Dict[str, Optional[List[int]]] = {}

    def search(self, pattern: Pattern[str]) -> Optional[re.Match]:
        starts = self.starts(pattern)
        if starts is None:
            return pattern.search(self.text)
        for start in starts:
            end = self.text.find("\n", start)
            match = pattern.search(self.text, start, end if end >= 0 else len(self.text))
            if match:
                return match
        return None

    def starts(self, pattern: Pattern[str]) -> Optional[List[int]]:
        """Where the lines that may hold a match of ``pattern`` start, in order; None: search the whole text."""
        if self.lowered is None or not one_line(pattern):
            return None
        best: Optional[List[int]] = None
        for words in required(pattern):
            per_word = [self._lines(word) for word in words]
            if all(found is not None for found in per_word):
                starts = sorted({start for found in per_word for start in found or ()})
                if best is None or len(starts) < len(best):
                    best = starts
        return best

    def _lines(self, word: str) -> Optional[List[int]]:
        """The starts of the lines ``word`` is on (at most :attr:`MOST`; None for more)."""
        if word not in self._starts:
            assert self.lowered is not None
            starts: Optional[List[int]] = []
            at = self.lowered.find(word)
            while at >= 0 and starts is not None:
                start = self.lowered.rfind("\n", 0, at) + 1
                if not starts or starts[-1] != start:
                    starts.append(start)
                if len(starts) > self.MOST:
                    starts = None
                    break
                end = self.lowered.find("\n", at)
                at = -1 if end < 0 else self.lowered.find(word, end + 1)
            self._starts[word] = starts
        return self._starts[word]


_LITERAL, _SUBPATTERN, _BRANCH = _sre_parse.LITERAL, _sre_parse.SUBPATTERN, _sre_parse.BRANCH
_REPEATS = (_sre_parse.MAX_REPEAT, _sre_parse.MIN_REPEAT)


class Words:
    """The words a text holds, case folded, for ``word in words``: each word is looked for once per text (the
    patterns share many: "error", "client error", "huggingface.co")."""

    def __init__(self, folded: str) -> None:
        self.folded = folded
        self._seen: Dict[str, bool] = {}

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        found = self._seen.get(word)
        if found is None:
            found = self._seen[word] = word in self.folded
        return found

    def __bool__(self) -> bool:
        return bool(self.folded)


def _may_match(pattern: Pattern[str], folded: "str | Words") -> bool:
    return not folded or all(any(word in folded for word in words) for words in required(pattern))


@functools.lru_cache(maxsize=None)
def required(pattern: Pattern[str]) -> Tuple[FrozenSet[str], ...]:
    """What any match of ``pattern`` contains, case folded: sets of words, each set holding one word that every
    match contains (empty: nothing known).

    Read from the pattern's own syntax tree: a run of at least four literal characters in a sequence, one such
    run from every branch of an alternation, those of a group or a repetition that must occur. A run stops at
    any blank but a single space, so that it is found in the text with its blanks collapsed. Searching ~100
    rules' patterns through a long log costs a regex pass each; substring tests first skip almost all of them
    (a 10,000-line log of distinct lines: from 1.4 s to a few tenths)."""
    try:
        tree = _sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - an unreadable tree only costs the shortcut
        return ()
    return tuple(_required(list(tree)))


@functools.lru_cache(maxsize=None)
def one_line(pattern: Pattern[str]) -> bool:
    """Whether no match of ``pattern`` can hold a line break or depend on what lies beyond its line: read from its
    syntax tree (a line break, a class or negation that admits one, ``.`` with DOTALL, ``$`` without MULTILINE,
    ``\\Z``, a back-reference: not one line)."""
    try:
        tree = _sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - an unreadable tree: searched whole
        return False
    return not _crosses(list(tree), bool(pattern.flags & re.DOTALL), bool(pattern.flags & re.MULTILINE))


_NEWLINE = ord("\n")
_BREAKING = {_sre_parse.CATEGORY_SPACE, _sre_parse.CATEGORY_NOT_WORD, _sre_parse.CATEGORY_NOT_DIGIT,
             _sre_parse.CATEGORY_LINEBREAK}


def _crosses(items: List[Any], dotall: bool, multiline: bool) -> bool:
    for op, value in items:
        if op is _LITERAL:
            crosses = value == _NEWLINE
        elif op is _sre_parse.NOT_LITERAL:
            crosses = value != _NEWLINE
        elif op is _sre_parse.ANY:
            crosses = dotall
        elif op is _sre_parse.IN:
            negate = bool(value) and value[0][0] is _sre_parse.NEGATE
            covered = any(kind is _LITERAL and arg == _NEWLINE or kind is _sre_parse.RANGE and arg[0] <= _NEWLINE <= arg[1]
                          or kind is _sre_parse.CATEGORY and arg in _BREAKING for kind, arg in value[negate:])
            unknown = any(kind not in (_LITERAL, _sre_parse.RANGE, _sre_parse.CATEGORY) for kind, arg in value[negate:])
            crosses = unknown or covered != negate
        elif op is _SUBPATTERN:
            added, removed = value[1], value[2]
            crosses = _crosses(list(value[-1]), (dotall or bool(added & re.DOTALL)) and not removed & re.DOTALL,
                               (multiline or bool(added & re.MULTILINE)) and not removed & re.MULTILINE)
        elif op is _BRANCH:
            crosses = any(_crosses(list(branch), dotall, multiline) for branch in value[1])
        elif op in _REPEATS:
            crosses = _crosses(list(value[2]), dotall, multiline)
        elif op in (_sre_parse.ASSERT, _sre_parse.ASSERT_NOT):
            crosses = _crosses(list(value[1]), dotall, multiline)
        elif op is _sre_parse.AT:
            crosses = value is _sre_parse.AT_END_STRING or value is _sre_parse.AT_END and not multiline
        else:                                  # back-references, conditionals, what this reading does not know
            crosses = True
        if crosses:
            return True
    return False


def _required(items: List[Any]) -> List[FrozenSet[str]]:
    options: List[FrozenSet[str]] = []
    run = ""

    def flush() -> None:
        nonlocal run
        word = run.strip(" ")
        if len(word) >= 4:
            options.append(frozenset({word.casefold()}))
        run = ""

    for op, value in items:
        if op is _LITERAL:
            char = chr(value)
            if char.isspace() and (char != " " or run.endswith(" ")):
                flush()
            else:
                run += char
            continue
        flush()
        if op is _SUBPATTERN:
            options.extend(_required(list(value[-1])))
        elif op is _BRANCH:
            # one set per branch (its most selective: the one whose shortest word is longest), joined
            branches = [_required(list(branch)) for branch in value[1]]
            if branches and all(branches):
                options.append(frozenset().union(*(max(found, key=lambda words: min(len(w) for w in words))
                                                   for found in branches)))
        elif op in _REPEATS and value[0] >= 1:
            options.extend(_required(list(value[2])))
    flush()
    return options


# Every pattern is linear in the text it searches: a quantifier that may run over a whole line is bounded (a
# phrase and what it refers to sit within a few hundred characters), a run of word characters is entered only at
# its start (\b), and a line's leading blanks are spaces and tabs, never line breaks: otherwise a long line of
# word characters or a long run of blank lines is searched again from each of its positions.
_LINE_REST = r"[^\n]{0,300}"
# Packages whose version another library checks (not transformers: that is "too old"; not accelerate: "missing").
_VERSIONED = (r"(?:torch|pytorch|torchvision|torchaudio|torchao|torchdata|torchcodec|peft|deepspeed|bitsandbytes"
              r"|optimum[\w-]*|"
             r"huggingface[-_]hub|tokenizers|safetensors|diffusers|trl|triton|xformers|flash[-_]attn|numpy|optree|"
             r"onnxruntime|sentencepiece|timm|datasets|kernels|dill|tensorflow|jax|flax)")
# The import names of the stack and the packages around it: a name one of them lacks, a module inside one that is
# not there, is two installed releases that do not fit (transformers has rules of its own).
_IMPORTABLE = (r"(?:huggingface_hub|accelerate|torch|torchvision|torchaudio|peft|diffusers|tokenizers|trl|"
               r"sentence_transformers|safetensors|datasets|bitsandbytes|optimum|numpy|scipy|xformers|vllm|triton|"
               r"flash_attn|auto_gptq|awq|keras|jax|pydantic|gradio|httpx|requests|urllib3|timm|tensorflow|"
               r"tensorflow_probability|onnxruntime|open_clip|kornia|torchmetrics|pytorch_lightning|lightning|einops|"
               r"gguf)")
# Where pip's sentence of a conflict starts: a line (after a prefix such as "ERROR: "), or after pip's sentence that
# announces the list when a paste joined the lines (on the same line: the evidence shown is the line a match starts
# on, which must be the one that names the packages).
_PIP_CONFLICT = r"(?:^[^\n]{0,60}\b|\bthe following dependency conflicts\.[ \t]{1,4})"
_STACK = (r"(?:transformers|torch|torchvision|torchaudio|huggingface[-_]hub|tokenizers|safetensors|accelerate"
          r"|diffusers|"
          r"peft|trl|sentence[-_]transformers|bitsandbytes|vllm|xformers|optimum|auto[-_]gptq|autoawq|datasets|numpy|"
          r"flash[-_]attn|protobuf)")
# A package's name as the libraries write it in a sentence: bare, quoted or in backticks, with a version bound.
_PACKAGE = r"[`'\"]?(?-i:[A-Za-z])[\w.-]{1,40}(?:\[[\w,]{1,40}\])?(?:[<>=]=?[\w.{}]{1,20})?[`'\"]?"
# transformers' sentence before the id or path it could load nothing for: "Can't load tokenizer for '", "Can't load
# the configuration of '" (tokenization_utils_base, configuration_utils, modeling_utils).
_CANT_LOAD = r"Can't load (?:the )?\w+(?: \w+)? (?:for|of) '"
HF_URL = r"https?://(?:huggingface\.co|hf\.co|[\w.-]{0,100}hf-mirror\.com)"
WHOAMI = rf"{HF_URL}/api/whoami"
NOT_WHOAMI = rf"(?:{HF_URL})/(?!api/whoami)"

_WRAP = r"\s{1,4}"          # a space in a phrase: the terminal may have broken the line there
# What shows an NVIDIA GPU is on the machine: its driver, nvidia-smi, a GeForce or data-centre card, a CUDA build's
# wheel, ComfyUI's NVIDIA package (not the words "NVIDIA GPU": "no NVIDIA GPU found" says them too).
_NVIDIA_HERE = (r"NVIDIA-SMI|Driver Version|\bGeForce\b|\b[RG]TX ?\d{3,4}|\bTesla [TPVKA]\d|\b(?:A100|H100|L4|T4)\b|"
                r"CUDA Version: |python_embeded|ComfyUI_windows_portable|\btf-gpu\b|\+cu\d{3}|whl/cu\d{3}")
# stable-diffusion-webui's own test that torch sees a GPU (modules/launch_utils.py).
_TORCH_NO_GPU = r"Torch is not able to use GPU; add --skip-torch-cuda-test"
# Repos that are gated as a whole family: a 401 or 403 on one of them is the gate, not a typo or a token's scope.
GATED_FAMILIES = (r"meta-llama/", r"pyannote/", r"DeepFloyd/", r"google/gemma", r"google/paligemma",
                  r"google/medgemma", r"mistralai/", r"black-forest-labs/",
                  r"stabilityai/stable-diffusion-3",
                  r"bigcode/starcoder", r"bigscience/bloom", r"CohereForAI/", r"tiiuae/falcon-180B",
                  r"facebook/sam-audio", r"facebook/sam3")
_GATED = r"(?:" + "|".join(GATED_FAMILIES) + r")[\w.-]{0,96}"
_STATUS_401 = r"(?:\b401\b[^\n]{0,60}(?:Unauthorized|Client Error)|Unauthorized for url)"
_STATUS_403 = r"(?:\b403\b[^\n]{0,60}(?:Forbidden|Client Error)|Forbidden for url)"
# The words people use about their own request on the Hub's page (a sentence of theirs, not the Hub's).
_REQUEST = r"\b(?:request|requests|requested|access|application)\b"

# torch's strict load_state_dict listing only the embeddings' position_ids buffer as missing or unexpected.
_POSITION_IDS = (r"(?:Missing|Unexpected) key\(s\) in state_dict:\s{1,4}\"[\w.]{0,200}\bposition_ids\""
                 r"(?:,\s{1,4}\"[\w.]{0,200}\bposition_ids\")*\s{0,4}(?:\.|$)")


RULES: Tuple[Rule, ...] = (
    # --- The Hub says exactly what is wrong: its own sentences first.
    # An old transformers meets huggingface_hub ≥ 1.0: the optional chat-templates folder's 404 escapes it.
    Rule(causes.TRANSFORMERS_TOO_OLD, _re(r"/tree/main/additional_chat_templates"), strength=STRONG),
    # transformers 4.x refuses huggingface_hub ≥ 1.0 at import: the fix is the newer transformers.
    Rule(causes.TRANSFORMERS_TOO_OLD, _re(r"huggingface-hub" + _LINE_REST + r",<1\.0 is required for a normal"
                                          r" functioning"
                                          + _LINE_REST + r"but found huggingface-hub==[1-9]"), strength=STRONG),
    # transformers 5 removed from_pretrained's load_in_4bit= / load_in_8bit= (huggingface/transformers#41287):
    # they fall through to the model's __init__.
    Rule(causes.TRANSFORMERS_TOO_NEW, _re(r"unexpected keyword argument '(?:load_in_4bit|load_in_8bit)'",
                                          r"Trainer\.__init__\(\) got an unexpected keyword argument 'tokenizer'"),
         strength=STRONG),
    # A 429 is the Hub's own answer: a wrapper that reads it as a bad token ("Invalid token") is wrong. The number
    # counts as a status only where a status is written (a line number 429 of a traceback is not one).
    Rule(causes.RATE_LIMITED, _re(r"Too Many Requests", r"hit the rate limit", r"rate[- ]limit(?:ed|ing)\b"),
         strength=STRONG),
    Rule(causes.RATE_LIMITED, _re(
        r"\b429 (?:Client Error|Too Many Requests)\b", r"(?:status(?:_code| code)?|HTTP(?:/\d(?:\.\d)?\"?)?|"
        r"error(?: code)?|code|response|Response \[)[\s:=]{0,3}429\b", r"\b429\b[^\n]{0,40}\b(?:rate|too many|limit)",
        r"[-–] 429[ \t]*$", r"\(429\)", r"\b429 error\b"), strength=STRONG, prefilter=("429",)),
    Rule(causes.TOKEN_SHADOWED, _re(r"(?:HF_TOKEN|HUGGING_FACE_HUB_TOKEN)`? is set and (?:is the current active token|"
                                    r"will override)"),
         strength=STRONG),
    Rule(causes.GATED_PENDING, _re(r"is awaiting a review from the repo authors", r"awaiting a review"),
         strength=STRONG),
    Rule(causes.GATED_REJECTED, _re(r"has been rejected by the repo'?s authors", r"access request .{0,40}rejected"),
         strength=STRONG),
    # Meta's answer to a refused Llama licence form (the e-mail and the form's page), which the Hub's gate follows.
    Rule(causes.GATED_REJECTED, _re(r"\bdo not meet the criteria to obtain a license\b")),
    Rule(causes.TOKEN_SCOPE, _re(
        r"public gated repo(?:sitorie)?s? you can access", r"enable access to public gated repositories",
        r"fine-grained token settings", r"^[ \t]*Authorization error\.?",
        r"make sure you have a token with the `?write`? role"), strength=STRONG),
    Rule(causes.GATED_NOT_REQUESTED, _re(
        r"you are not in the authorized list", r"to ask for access",
        rf"\b403\b{_LINE_REST}\n(?:{_LINE_REST}\n){{0,3}}{_LINE_REST}Cannot access gated repo",
        rf"Cannot access gated repo{_LINE_REST}\n(?:{_LINE_REST}\n){{0,2}}{_LINE_REST}\b403\b"), strength=STRONG),
    Rule(causes.GATED_UNAUTHENTICATED, _re(
        r"You must (?:have access to it and )?be authenticated to access it", r"is gated\. You must be authenticated"),
        strength=STRONG),
    Rule(causes.TOKEN_INVALID, _re(
        r"Invalid user token", r"Invalid credentials in Authorization header", r"Invalid token passed",
        r"token (?:from [^\n]{0,200} )?is invalid", r"Unauthorized for url: " + WHOAMI,
        r"\b401\b" + _LINE_REST + WHOAMI,
        r"Bad credentials", r"Invalid bearer token", r"\baccess token has expired\b",
        r"Authorization header is correct, but the token seems invalid", r"User Access Token [^\n]{0,120} is expired"),
        strength=STRONG),
    Rule(causes.TOKEN_INVALID, _re(r"\binvalid (?:user |access |api |hf )?token\b",
                                   # a wrapper's own check of the token (langchain's HuggingFaceEndpoint logs in)
                                   r"\bCould not authenticate with huggingface_hub\b",
                                   r"\bPlease check your (?:API |access |HF |Hugging ?Face )?token\.",
                                   # a listing or a search of the Hub needs no token: a 401 there refuses the one sent
                                   r"\b401\b[^\n]{0,80}\n?[^\n]{0,40}" + HF_URL +
                                   r"/api/(?:models|datasets|spaces)(?:\?|['\"\s)]|$)")),
    # A token pasted with a line break or a blank: the HTTP library refuses the header before any request
    # (h11 under httpx: "Illegal header value b'Bearer hf_…\\n'"; requests: "Invalid leading whitespace, reserved
    # character(s), or return character(s) in header value" / before 2.28 "Invalid return character or leading space
    # in header: Authorization").
    Rule(causes.TOKEN_INVALID, _re(
        r"Illegal header value b?['\"]Bearer\b", r"Invalid (?:leading whitespace|return character)[^\n]{0,120}"
        r"(?:in header:? (?:value:? )?(?:Authorization|['\"]Bearer)|Bearer)",
        r"\bheader value[^\n]{0,20}['\"]Bearer hf_",
        r"\b(?:bad|invalid|illegal) header\b[^\n]{0,60}\b(?:Authorization|Bearer)\b"), strength=STRONG),
    # A letter no header may carry (a full-width or accented one, an ellipsis): the header is encoded before any
    # request (httpx's _normalize_header_value, http.client's putheader under requests), and the token is the
    # header people type.
    Rule(causes.TOKEN_INVALID, _re(r"^UnicodeEncodeError: '(?:ascii|latin-1)' codec can't encode"),
         also=_re(r'^[ \t]*File "[^"\n]{0,300}", line \d+, in (?:_normalize_header_value|putheader|_merge_headers|'
                  r"build_auth_header|get_token_to_send)\b")),
    Rule(causes.TOKEN_INVALID, _re(r"Invalid username or password"), also=_re(WHOAMI), strength=STRONG),
    Rule(causes.TOKEN_MISSING, _re(
        r"LocalTokenNotFoundError", r"Token is required \(`token=True`\), but no token found",
        r"but no token found", r"SecretNotFoundError", r"Secret HF_TOKEN does not exist",
        r"Access to the secret `?HF_TOKEN`? has not been granted", r"Error while fetching `?HF_TOKEN`? secret",
        r"You are not authenticated with the Hugging Face Hub", r"NotebookAccessError",
        r"not logged in(?:to)? (?:to )?(?:the )?Hugging ?Face", r"^[^\n]{0,40}\bNot logged in\b",
        r"(?:Please|you (?:need|have) to|must) (?:log ?in|run `?(?:hf auth|huggingface-cli) login)",
        r"You must provide an api_key to work with", r"A valid user token is required",
        r"\bbut a (?:huggingface |hugging face |hf )?token was not found",
        # langchain's get_from_dict_or_env, for a Hugging Face token
        r"Did not find \w*(?:hf|hugging\w*)\w*token\w*,?\s{1,4}please add an environment variable"),
        strength=STRONG),
    Rule(causes.TOKEN_MISSING, _re(
        r"\b(?:HF_TOKEN|HUGGING_?FACE_HUB_TOKEN|HUGGINGFACEHUB_API_TOKEN|hf_token|token)`? (?:must|needs to|has to) be "
        r"(?:specified|provided|set|passed|given)\b",
        r"\b(?:HF_TOKEN|HUGGING_?FACE_HUB_TOKEN|HUGGINGFACEHUB_API_TOKEN)`? (?:environment variable )?(?:is |may )?"
        r"(?:not (?:be )?set|not found|missing|empty)\b")),
    # A 401 from the inference router or an Inference API: a model call is always authenticated, so the token
    # is what failed (none was sent, in the reports collected); "Invalid credentials" above says a bad one.
    Rule(causes.TOKEN_MISSING, _re(
        r"\b401\b[^\n]{0,80}\n?[^\n]{0,40}https?://(?:router\.huggingface\.co|api-inference\.huggingface\.co|"
        r"[\w.-]{0,60}\.endpoints\.huggingface\.cloud)")),
    # A 401 on a write (creating a repo, a commit, an upload): no token reached the Hub (or one it does not know).
    Rule(causes.TOKEN_MISSING, _re(
        r"\b401\b[^\n]{0,80}\n?[^\n]{0,40}" + HF_URL + r"/api/(?:repos/create\b|(?:(?:models|datasets|spaces)/)?"
        r"[\w.-]{1,96}/[\w.-]{1,96}/(?:commit|preupload|upload)\b)")),
    # A token that exists but may not do this: a fine-grained token without the permission, a read token.
    Rule(causes.TOKEN_SCOPE, _re(
        r"\b(?:token|authentication method)\b[^\n]{0,60}\b(?:does not|doesn'?t) have (?:the )?(?:sufficient |"
        r"required |necessary )?permissions?\b", r"\binsufficient (?:token )?permissions\b",
        r"\b(?:use|need|requires?) (?:a |your )?(?:personal (?:account )?)?(?:write|write-access) token\b",
        r"\bwrite-access token\b"), strength=STRONG),
    Rule(causes.REPO_NOT_FOUND, _re(
        r"Repository Not Found", r"RepositoryNotFoundError", r"HFValidationError",
        r"Repo id must (?:be in the form|use alphanumeric)", r"RepoNotFound", r"\bDisabledRepoError\b",
        r"\bDatasetNotFoundError\b", r"doesn't exist on the Hub or cannot be accessed"),
        strength=STRONG),
    # transformers before safetensors (< 4.30) lists the weight files it looks for without model.safetensors: a
    # repo that ships only safetensors is not loaded by it, and the sentence in this form outranks the missing
    # file it names.
    Rule(causes.TRANSFORMERS_TOO_OLD, _re(r"does not appear to have a file named pytorch_model\.bin, tf_model\.h5, "
                                          r"model\.ckpt"), strength=STRONG),
    Rule(causes.REVISION_OR_FILE_NOT_FOUND, _re(
        r"Revision Not Found", r"RevisionNotFoundError", r"(?<!Local)EntryNotFoundError", r"Entry Not Found",
        r"is not a valid git identifier",
        r"does not appear to have (?:a file|files) named", r"Invalid rev id",
        r"\bno file named [^\n]{0,200}found in(?: directory)?",
        # the weights of a variant (fp16, bf16) that the repo does not ship (diffusers' wording; transformers' is
        # the "does not appear to have a file named" above)
        r"\bmodel files of the `variant=\w+`, but no such modeling files are available"), strength=STRONG),
    # --- The user's own words about a gated repo's page: they only point at a state, the Hub's sentences above
    # say it; they decide when nothing clearer is there (a bare 401/403 or a wrapper's "gated" line is not).
    Rule(causes.GATED_PENDING, _re(
        _REQUEST + r"[^\n]{0,80}\b(?:(?:is|still|currently)[ \t]+pending|awaiting|waiting for (?:approval|review)"
        r"|still (?:under|in) review|not (?:yet )?(?:been )?(?:approved|granted|reviewed)|(?:been |was "
        r"|got )?submitted)",
        r"\bStatus:?[ \t]*[\"“']?Pending\b", r"\b(?:submitted|sent|made) (?:a |an |my |the )?(?:access )?request\b",
        r"\bapplied for (?:gated |the )?access\b", r"\bawaiting (?:a )?review\b", r"\bpending (?:approval|review)\b"),
        strength=HINT),
    Rule(causes.GATED_REJECTED, _re(
        _REQUEST + r"[^\n]{0,80}\b(?:was |were |been |got )?(?:rejected|denied|declined)\b",
        r"\b(?:rejected|denied|declined)\b[^\n]{0,40}\baccess (?:request|to (?:the )?(?:model|repo))"),
        strength=HINT),
    Rule(causes.GATED_NOT_REQUESTED, _re(
        r"accept the (?:user )?conditions", r"fill (?:in |out )?the (?:access )?form",
        r"agree to share your contact information", r"(?:need|have) to (?:request|ask for) access",
        r"request access (?:to|on|at|for)\b")),
    # pyannote's Pipeline.from_pretrained returns None (after logging why) when the gated pipeline cannot be
    # downloaded: the next call on it fails on None.
    Rule(causes.GATED_NOT_REQUESTED, _re(r"'NoneType' object has no attribute '(?:to|eval|instantiate|__call__)'"),
         also=_re(r"pyannote|Pipeline\.from_pretrained|diariz|use_auth_token="), strength=HINT),
    # A bare 403 on a file download: the repo is gated and the token not on its list (a 403 elsewhere, on a write
    # or an inference call, is the token's permission: the rule further down).
    Rule(causes.GATED_NOT_REQUESTED, _re(_STATUS_403 + r"[^\n]{0,20}" + HF_URL + r"/(?:datasets/)?[\w.-]{1,96}/"
                                         r"[\w.-]{1,96}/resolve/"), strength=HINT),
    # huggingface_hub's class for a gated repo with the Hub's status: 401 no token reached it, 403 one did but is
    # not on the repo's list (utils/_http.py hf_raise_for_status: error code "GatedRepo").
    Rule(causes.GATED_UNAUTHENTICATED, _re(r"\bGatedRepoError: 401\b")),
    Rule(causes.GATED_NOT_REQUESTED, _re(r"\bGatedRepoError: 403\b")),
    # A status code on a repo that is gated as a family: 401 without a token, 403 with one not on the list.
    Rule(causes.GATED_UNAUTHENTICATED, _re(
        _STATUS_401 + r"[^\n]{0,200}" + _GATED, _GATED + r" is not a local folder and is not a valid model identifier",
        _GATED + r"[^\n]{0,80}\b401\b",
        # aria2 (Colab notebooks' downloader): its code for a refused authorization, after the URI it names
        _GATED + r"[^\n]{0,200}errorCode=24 Authorization failed"), strength=HINT),
    Rule(causes.GATED_NOT_REQUESTED, _re(_STATUS_403 + r"[^\n]{0,200}" + _GATED, _GATED + r"[^\n]{0,80}\b403\b"),
         strength=HINT),
    Rule(causes.GATED_UNAUTHENTICATED, _re(
        r"Cannot access gated repo", r"You are trying to access a gated repo", r"\bGatedRepoError\b",
        r"(?:private|is) or gated\b", r"\bgated (?:repo|model|repository)\b", r"\bmodel access\s+requires login\b"),
        strength=HINT),
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
        r"cannot find the requested files in the (?:disk )?cache", r"NameResolutionError", r"Failed to resolve",
        r"Could not resolve host", r"Connection reset by peer", r"ConnectionResetError", r"RemoteDisconnected",
        r"SSLEOFError", r"EOF occurred in violation of protocol", r"\[SSL: \w+", r"ReadTimeoutError",
        # a certificate the client does not trust (a proxy re-signing TLS): Python's class, OpenSSL's and rustls'
        # sentences (hf_xet and the Rust clients)
        r"\bSSLCertVerificationError\b", r"unable to get local issuer certificate",
        r"self[- ]signed certificate in certificate chain", r"invalid peer certificate",
        # curl's (a C++ client's) and Node's (an Electron app's) words for a connection that failed
        r"\bSSL connect error\b", r"\bfetch failed\b",
        r"Read timed out", r"connect(?:ion)? timed out", r"TimeoutError: \[Errno 110\]", r"\[Errno 101\]",
        r"\[Errno 111\]", r"\[Errno -[23]\]", r"IncompleteRead", r"ChunkedEncodingError",
        # The operating system's numbers say it in every language (its words are translated: LC_MESSAGES,
        # Windows' display language): ECONNRESET, EHOSTUNREACH; Winsock's refused, reset, timed out, unreachable.
        r"\[Errno 10[34]\]", r"\[Errno 113\]", r"\[WinError 100(?:5[01]|54|60|61|65)\]",
        r"\bos error 100(?:54|60|61)\b",
        r"Connection aborted", r"ProtocolError\(", r"huggingface\.co[^\n]{0,40} (?:is )?(?:down|unreachable)",
        # huggingface_hub's classes (errors.py): a cache missing files offline, the Hub's server failing.
        r"\bIncompleteSnapshotError\b", r"\b50[03] Server Error\b[^\n]{0,80}" + HF_URL,
        # the body of the Hub's own 500 answer
        r"Internal Error - We're working hard to fix this as soon as possible"),
        strength=CLEAR),
    # The traceback's own structure: a frame of the code that opens a connection (the socket, the TLS handshake,
    # a proxy's tunnel, in urllib3, httpcore or ssl) is on the stack when the error was raised, whatever the error
    # is called (OSError: [Errno 0] Error, SSLZeroReturnError, a proxy's odd reply). A Hub answer still outranks it.
    Rule(causes.NETWORK_OFFLINE, _re(
        r'^[ \t]*File "[^"\n]{0,300}(?:urllib3|httpcore|httpx|ssl|socket)[^"\n]{0,60}", line \d+, in '
        r"(?:do_handshake|_connect_tls_proxy|_prepare_proxy|_tunnel|create_connection|connect_tcp|_new_conn|"
        r"start_tls|wrap_socket|getaddrinfo)\b"), strength=CLEAR),
    # The wrapper's last line: transformers says "not a valid model identifier" whatever went wrong below it.
    Rule(causes.REPO_NOT_FOUND, _re(
        r"is not a local folder and is not a valid model identifier", r"is not a valid model identifier",
        r"Unauthorized for url: " + NOT_WHOAMI, r"Invalid username or password",
        r"\b401 Client Error\b(?!" + _LINE_REST + "whoami)", r"\b401\b[^\n]{0,30}Unauthorized"), strength=HINT),
    # transformers' "Can't load … for '<id>'": its file lookups swallowed what went wrong (a connection error, a file
    # the repo lacks) and found nothing, cached or fetched. For a local path the folder is not there (or not one of
    # a model); for a Hub id the likeliest is that the Hub could not be reached (8 of 19 collected; the others are
    # a file the repo lacks, no token for a gated or private repo, an app's own bug, a full disk, an old
    # transformers): only a hint, which any clearer line outranks.
    Rule(causes.REPO_NOT_FOUND, _re(_CANT_LOAD + r"(?:/|\.{1,2}[/\\]|~|[A-Za-z]:[/\\])"), strength=HINT),
    Rule(causes.NETWORK_OFFLINE, _re(_CANT_LOAD + r"[\w.-]{1,96}(?:/[\w.-]{1,96})?'"), strength=HINT),
    Rule(causes.REPO_NOT_FOUND, _re(r"\b404\b[^\n]{0,60}" + HF_URL + r"/api/(?:models|datasets|spaces)/[\w.-]{1,96}/"
                                    r"[\w.-]{1,96}(?=[\s)\]'\"]|$)"), strength=HINT),
    Rule(causes.REVISION_OR_FILE_NOT_FOUND, _re(r"404 Client Error", r"\b404\b[^\n]{0,30}Not Found",
                                                r"\bstatus(?: code)?[ :=]{1,3}404\b"), strength=HINT),
    Rule(causes.TOKEN_SCOPE, _re(r"\b403 (?:Client Error|Forbidden)\b"), strength=HINT),
    # --- The machine.
    # The cache folder may not be written (a read-only mount, another user's folder): "run it again" never helps.
    Rule(causes.CACHE_NOT_WRITABLE, _re(
        r"Read-only file system", r"\[Errno 30\]",
        r"(?:Permission denied|EACCES|\[Errno 13\]|\[WinError 5\])[^\n]{0,60}(?:'|: )[^'\n]*(?:\.cache|huggingface|hf_cache|"
        r"[/\\]hub[/\\]?|"
        # the Hub cache's own layout (huggingface_hub constants): its lock files, a repo's folder, blobs, snapshots
        r"(?:^|[/\\])\.locks[/\\]|\b(?:models|datasets|spaces)--[\w.-]+--|[/\\](?:blobs|snapshots)[/\\])",
        r"problem when trying to write in your cache folder", r"set the environment variable \w+ to a writable",
        r"cache (?:folder|directory|dir)[^\n]{0,60}\bnot writable", r"error while writing [^\n]{0,200}cache")),
    # A cached file cut short or changed on disk: safetensors cannot even read its header
    # ("MetadataIncompleteBuffer"; newer releases: "incomplete metadata, file not fully covered").
    Rule(causes.CACHE_DAMAGED, _re(r"MetadataIncompleteBuffer", r"\bCorruptedCacheException\b",
                                   # safetensors reading a file that is not one: a git-lfs pointer, a cut download
                                   r"Error while deserializing header: (?:HeaderTooLarge|HeaderTooSmall|"
                                   r"InvalidHeaderDeserialization|InvalidHeaderStart)\b",
                                   r"incomplete metadata, file not fully covered",
                                   # torch.load of a .bin cut short: its zip has no end
                                   r"PytorchStreamReader failed reading zip archive: failed finding central directory",
                                   r"\bpickle data was truncated\b",
                                   # torch.load of a git-lfs pointer ("version https://git-lfs…") instead of weights
                                   r"invalid load key, 'v'")),
    Rule(causes.CACHE_DAMAGED, _re(r"Unable to load weights from pytorch checkpoint file for"), strength=HINT),
    # A file missing inside a model the cache holds (the Hub cache's snapshot, sentence-transformers' own cache): a
    # download that stopped, or a link to a blob that is gone.
    Rule(causes.CACHE_DAMAGED, _re(r"No such file or directory:? '?[^'\n]{0,300}(?:models--[\w.-]{1,96}[/\\]{1,2}snapshots"
                                   r"[/\\]{1,2}|[/\\]sentence_transformers[/\\]{1,2}[^'\n/\\]{1,200}[/\\])")),
    # torch's serialization (C++) on a file cut short: a download that stopped and was loaded as it was
    Rule(causes.CACHE_DAMAGED, _re(r"unexpected EOF, expected \d+ more bytes\. The file might be corrupted")),
    Rule(causes.DISK_FULL, _re(r"No space left on device", r"\[Errno 28\]", r"Not enough free disk space",
                               r"PytorchStreamWriter failed writing file [^\n]{0,80}: file write failed",
                               r"\[WinError 112\]", r"\bos error 112\b", r"There is not enough space on the disk",
                               r"disk quota exceeded", r"only has [\d.,]+ ?[MGK]i?B free disk space",
                               r"\bENOSPC\b")),
    Rule(causes.CUDA_OOM, _re(r"CUDA out of memory", r"torch\.(?:cuda\.)?OutOfMemoryError", r"OutOfMemoryError: CUDA",
                              r"CUBLAS_STATUS_ALLOC_FAILED", r"CUDA (?:runtime )?error: out of memory",
                              r"not enough GPU memory",
                              r"Make sure you have enough GPU RAM to fit the quantized model",
                              r"\bCUDA error \d+ at [^\n]{0,300}\bout of memory", r"\bHIP out of memory",
                              r"\bMPS backend out of memory", r"\bcudaErrorMemoryAllocation\b",
                              r"\bout of (?:GPU|video|device) memory\b", r"\bVRAM\b[^\n]{0,40}\b(?:full|exhausted)\b",
                              r"\bCUDA_ERROR_OUT_OF_MEMORY\b", r"ggml_cuda[\w]*: [^\n]{0,80}out of memory",
                              r"\bNo available memory for the cache blocks\b",
                              r"\bnot enough (?:free )?(?:VRAM|GPU memory)\b",
                              r"\bCUDA failed with error out of memory\b", r"cudaMalloc failed: out of memory",
                              r"\bNot enough memory to handle \d+ total tokens\b",
                              # vLLM: the GPU memory left after the weights holds too short a context.
                              r"larger than the maximum number of tokens that can be stored in KV cache")),
    Rule(causes.CPU_RAM_OOM, _re(r"session crashed after using all available RAM",
                                 r"DefaultCPUAllocator: (?:can'?t allocate|not enough) memory",
                                 r"^[ \t]*MemoryError\b", r"Cannot allocate memory",
                                 r"(?:^|[\]\s`'\"])Killed[`'\"]?\.?[ \t]*$", r"\bOOM[- ]killer\b",
                                 r"exited with code -9|signal 9 \(SIGKILL\)",
                                 r"\b(?:exit(?:s|ed)? with (?:return )?code|return ?code|exit ?code|exitcode)"
                                 r"\s?[=:]?\s?-9\b",
                                 r"<Signals\.SIGKILL: 9>", r"\b\d+ Killed[ \t]{2,}\S", r"\bmemory usage threshold\b",
                                 r"^\[\d+\][ \t]+\d+ killed[ \t]",
                                 r"offload the whole model to the disk", r"\bexit code 137\b",
                                 # Colab's tcmalloc on an allocation of gigabytes in host RAM
                                 r"^tcmalloc: large alloc \d{10,}",
                                 r"\bOut of memory: Killed process\b", r"\bstd::bad_alloc\b",
                                 # Windows' virtual memory (RAM and page file) runs out: os error 1455.
                                 r"\b(?:os error|WinError) 1455\b", r"The paging file is too small",
                                 r"\[Errno 12\]", r"\bos error 12\b",
                                 r"requires more system memory \([^\n]{0,40}\) than is available")),
    # A Colab cell whose process was killed for memory ends in a bare ^C (Colab's working folder is /content),
    # whatever blank lines the paste kept after it.
    Rule(causes.CPU_RAM_OOM, _re(r"^[ \t]*\^C\s*(?![\s\S])"), also=_re(r"/content/"), strength=HINT),
    # Jupyter's and Colab's word for a kernel the system killed: most often for memory while a model loads (a
    # hint: a crash in a native library ends the same way)
    Rule(causes.CPU_RAM_OOM, _re(r"\bThe kernel(?: for [^\n]{1,200}?)? appears to have died\b",
                                 r"\bKernelRestarter: restarting kernel\b"), strength=HINT),
    # The same kill while the weights load: the shards' progress bar ends in ^C, with no KeyboardInterrupt after it.
    Rule(causes.CPU_RAM_OOM, _re(r"Loading checkpoint shards:[^\n]{0,120}\^C[ \t]*(?![\s\S]{0,2000}KeyboardInterrupt)"),
         strength=HINT),
    # The same on Windows: the shards' bar, unfinished, is the last thing the process printed before the launcher's
    # batch file paused on its exit (cmd's "Press any key to continue", in the reader's language): no traceback,
    # the process was gone (Windows ends a program that the paging file cannot back).
    Rule(causes.CPU_RAM_OOM, _re(r"Loading checkpoint shards:[ \t]{0,4}\d{1,3}%[^\n]{0,200}?\|[ \t]{0,4}(\d+)/(?!\1\b)\d+\b"
                                 r"[^\n]{0,80}\n?[ \t]*(?:Press any key to continue|続行するには何かキーを押してください|"
                                 r"계속하려면 아무 키나 누르십시오|请按任意键继续|請按任意鍵繼續|Drücken Sie eine beliebige Taste|"
                                 r"Appuyez sur une touche pour continuer)")),
    Rule(causes.BF16_UNSUPPORTED, _re(
        r"Bfloat16 is only supported on GPUs with compute capability", r"bf16 is not supported",
        # xformers' own reason for refusing an operator
        r"bf16 is only supported on A100\+ GPUs",
        r"does not support bfloat16", r"bfloat16 is not supported", r"BFloat16 is not supported on",
        r"\"?\b\w+\"? not implemented for 'BFloat16'", r"Your setup doesn't support bf16",
        r"bf16 mixed precision requires", r"\bbf16\b[^\n]{0,60}\b(?:requires|needs) (?:an )?Ampere",
        r"compute capability (?:of )?(?:at least|>=) ?8\.0[^\n]{0,80}\b(?:bf16|bfloat16)",
        r"\b(?:bf16|bfloat16)\b[^\n]{0,120}compute capability (?:of )?(?:at least|>=) ?8\.0",
        # ptxas compiling a kernel (triton) with bf16 instructions for an older GPU
        r"Feature '[^'\n]{0,40}\bbf16\b[^'\n]{0,20}' requires \.target sm_[89]\d")),
    # Sampling from scores that overflowed to inf and nan: float16's range, in the reports collected (their fix:
    # bfloat16 or float32); hf-doctor's own smoke test sees the same nan in the raw scores.
    Rule(causes.FLOAT16_OVERFLOW, _re(r"probability tensor contains either\s{1,4}`?inf`?\s{0,4},\s{0,4}`?nan`?\s{1,4}or "
                                      r"element < 0")),
    # A float16 tensor printed full of nan: its activations overflowed.
    Rule(causes.FLOAT16_OVERFLOW, _re(r"\[\[?\[?nan, nan, nan, nan\b"), also=_re(r"\btorch\.float16\b|\bfloat16\b|\.half\(\)"),
         strength=HINT),
    # NaN pixels cast to bytes: a float16 VAE overflowed (a black image), diffusers' image_processor.py.
    Rule(causes.FLOAT16_OVERFLOW, _re(r"invalid value encountered in cast"), also=_re(r"astype\([\"']uint8")),
    # A repo's own tokenizer (trust_remote_code) whose vocabulary is asked for before its __init__ has set it up:
    # transformers ≥ 4.34 asks for it in the base class's __init__ (ChatGLM, Baichuan, InternLM were written for
    # the order before).
    Rule(causes.TRANSFORMERS_TOO_NEW, _re(r"transformers_modules[^\n]{0,200}tokenization_\w+\.py\"?, line \d+, in "
                                          r"(?:vocab_size|get_vocab|_convert_id_to_token|_tokenize)\b"),
         also=_re(r"'\w*Tokenizer\w*' object has no attribute '\w+'")),
    # A strict load_state_dict tripping only on the embeddings' position_ids buffer: transformers 3.1 added it to the
    # saved weights and 4.31 took it out again, so the checkpoint was saved with a transformers other than the
    # installed one (an old checkpoint, or code pinned to an old release, meeting a newer one: 4 of 5 collected).
    Rule(causes.TRANSFORMERS_TOO_NEW, _re(_POSITION_IDS)),
    # transformers 5 has no TensorFlow or Flax backend: code that asks for one was written for transformers 4.
    Rule(causes.TRANSFORMERS_TOO_NEW, _re(r"Backends? should be defined in the BACKENDS_MAPPING\. Offending backend: "
                                          r"(?:tf|tensorflow|flax|jax)\b")),
    # transformers ≥ 4.50 warns that a model class defines generation but does not inherit GenerationMixin; its
    # generate() is then gone: the class was written for an older transformers.
    Rule(causes.TRANSFORMERS_TOO_NEW, _re(r"object has no attribute '(?:generate|prepare_inputs_for_generation)'"),
         also=_re(r"doesn't directly inherit from\s{1,4}`?GenerationMixin"), strength=STRONG),
    # torch without CUDA ("Torch not compiled with CUDA enabled"): on a machine the text shows an NVIDIA GPU on (its
    # driver, nvidia-smi, a GeForce, a CUDA build's wheel, ComfyUI's NVIDIA package) the build is wrong; anywhere
    # else (a Mac, an AMD or Intel GPU, a laptop or a runtime without one: 16 of 21 such reports collected) there
    # is no NVIDIA GPU to use, and the other reading stays the runner-up.
    Rule(causes.TORCH_CUDA_MISMATCH, _re(r"Torch not compiled with CUDA enabled",
                                         _TORCH_NO_GPU), also=_re(_NVIDIA_HERE)),
    Rule(causes.GPU_MISSING, _re(r"Torch not compiled with CUDA enabled"),
         also=_re(r"\[Clang \d|\bdarwin\b|\bmacOS\b|/opt/homebrew/|Apple (?:M\d|Silicon)|\bMPS\b|/Users/[^\n]{0,200}"
                  r"/(?:miniforge|miniconda|anaconda|opt|Library)|File \"/Users/|\bAMD Radeon\b|\bRadeon\b|"
                  r"Intel\(R\) (?:Arc|Iris|UHD)|\bDirectML\b|torch_directml|\bZLUDA\b|\bMac ?(?:Book|mini|Studio|OS)\b|"
                  r"\bM[1-4](?: Pro| Max| Ultra)?\b|miniforge|/opt/anaconda3/|\bAMD (?:graphics|GPU|card)|"
                  r"\bamd graphics card")),
    Rule(causes.GPU_MISSING, _re(r"Torch not compiled with CUDA enabled", _TORCH_NO_GPU)),
    Rule(causes.TORCH_CUDA_MISMATCH, _re(r"Torch not compiled with CUDA enabled", _TORCH_NO_GPU), strength=HINT),
    # A compiled extension (flash-attn, xformers, vLLM, torchvision, …) built against another torch release: its
    # .so needs torch's C++ symbols that this torch does not have.
    Rule(causes.LIBRARY_CONFLICT, _re(
        r"(?:flash_attn|xformers|vllm|torchvision|torchaudio|bitsandbytes|apex|deepspeed|auto_gptq|exllama\w*|awq\w*|"
        r"causal_conv1d|mamba_ssm|sageattention|triton|torch_xla)[^\n]{0,200}\.(?:so|pyd)[^\n]{0,10}: undefined"
        r" symbol: _ZNK?(?:3c10|2at|5torch)",
        r"\bundefined symbol: _ZNK?(?:3c10|2at|5torch)\w*[^\n]{0,10}\n?[^\n]{0,200}(?:flash_attn|xformers|vllm"
        r"|torchvision)",
        # any installed package's extension but torch's own (torch_xla's _XLAC.so, …)
        r"[/\\](?:site|dist)-packages[/\\](?!torch[/\\])[^\s:]{1,200}\.(?:so|pyd)[^\n]{0,10}: undefined symbol: "
        r"_ZNK?(?:3c10|2at|5torch)",
        # or a library of the split CUDA build of torch 1.8 to 1.12 (BUILD_SPLIT_CUDA, removed by pytorch#87502)
        r"\blibtorch_cuda_(?:cpp|cu)\.so[.\d]*: cannot open shared object file")),
    Rule(causes.TORCH_CUDA_MISMATCH, _re(
        r"no kernel image is available for execution on the device",
        r"CUDA driver version is insufficient",
        r"is not compatible with the current PyTorch installation", r"CUDA capability sm_\d+ is not compatible",
        # a build for another GPU architecture (text-embeddings-inference's images)
        r"Runtime compute cap \d+ is not compatible with compile time compute cap \d+",
        r"undefined symbol: " + _LINE_REST + "cuda",
        r"lib(?:cudart|cublas|cublasLt|cudnn\w*|nvrtc|cufft|curand|cusparse|cusolver|nccl|nvJitLink)\.so[.\d]*: "
        r"cannot open shared object file",
        r"Could not (?:locate|load (?:library|dynamic library)) '?(?:lib)?(?:cudnn|cublas)",
        r"Unable to load any of \{lib(?:cudnn|cublas)", r"cuDNN version incompatibility",
        r"\b(?:cublas|cudnn|cudart)\w*\.dll is not found or cannot be loaded",
        r"\bcudaErrorNoKernelImageForDevice\b", r"\bCUDA kernel errors might be asynchronously reported[^\n]{0,40}"
        r"\n?[^\n]{0,100}no kernel image", r"The detected CUDA version \([\d.]+\) mismatches the version that was "
        r"used to compile PyTorch", r"\bcudaErrorInsufficientDriver\b", r"forward compatibility was attempted on non "
        r"supported HW", r"\bCUDA_ERROR_UNSUPPORTED_PTX_VERSION\b", r"PyTorch was compiled without CUDA support",
        r"unsupported display driver / cuda driver combination", r"\bDriver/library version mismatch\b",
        r"the provided PTX was compiled with an "
        r"unsupported toolchain")),
    # torch's own sentences for a build that does not fit this driver or GPU (torch/cuda/__init__.py): what
    # follows from them ("No GPU found", no kernel image) is their consequence.
    Rule(causes.TORCH_CUDA_MISMATCH, _re(
        r"NVIDIA driver on your system is too old", r"does not include kernels for this GPU",
        r"No published PyTorch CUDA builds for release [^\n]{0,40} support this GPU",
        r"PyTorch no longer supports this GPU because it is too old",
        r"minimum cuda capability (?:that we )?support(?:ed)? (?:by this library )?is"), strength=STRONG),
    # Colab's notice when the accelerator asked for is out of stock: it connects the next one down instead.
    Rule(causes.GPU_NOT_AS_PLANNED, _re(
        r"\b(?:A100|H100|L4|G4|V100|GPU type|accelerator)\b[^\n]{0,30}\bnot available\b[^\n]{0,80}"
        r"\b(?:switch(?:es|ed|ing)?|fall(?:s|ing)? back|instead)\b")),
    Rule(causes.GPU_MISSING, _re(
        r"Found no NVIDIA driver on your system", r"No CUDA GPUs are available",
        # a feature only a GPU runs (transformers' quantizers, torch's jiterator), on a machine without one
        r"\bonly supported on (?:an? )?(?:NVIDIA |CUDA )?GPUs?(?: or (?:Intel )?XPUs?)?(?:[.,;]|[ \t]*$)",
        r"\bonly supported on CUDA and ROCm GPUs, none are available\b", r"\bcuda driver can'?t be loaded\b",
        r"torch\.cuda\.is_available\(\) is False",
        r"cannot currently connect to a GPU due to usage limits", r"not implemented for 'Half'",
        r"Cannot connect to GPU backend", r"No backend with GPU available",
        r"compiled without GPU support", r"No GPU found", r"CUDA is required but not available",
        r"requires a GPU",
        # transformers 4.x: bitsandbytes counts as unavailable when torch sees no CUDA device (a CPU runtime).
        r"quantization requires the latest version of bitsandbytes",
        r"\bNo CUDA (?:devices?|GPUs?) (?:found|detected|available)", r"\bCUDA (?:is )?not available\b",
        r"\bno NVIDIA GPU\b", r"\bNVIDIA-SMI has failed because it couldn'?t communicate with the NVIDIA driver",
        r"\bCUDA (?:is )?unavailable\b", r"\bGPU is not available\b", r"\bno GPU (?:is )?(?:available|detected)\b",
        r"Attempting to deserialize object on a CUDA device but torch\.cuda\.is_available\(\) is False",
        r"\bcuInit\b[^\n]{0,40}\bCUDA_ERROR_NO_DEVICE\b", r"\bCUDA_ERROR_NO_DEVICE\b",
        # The libraries' general wordings (accelerate utils/bnb.py, transformers' quantizers, torch's c10/cuda).
        r"\bNo (?:CUDA )?(?:GPU|CUDA device)s?(?: or (?:Intel )?XPU)? (?:was |were |is )?(?:found|available|detected)",
        r"\b(?:A )?(?:CUDA )?GPU (?:or (?:Intel )?XPU )?is (?:needed|required)\b",
        # triton counts the drivers it can use: none on a CPU runtime (triton/runtime/driver.py).
        r"\b0 active drivers \(\[\]\)", r"\brequires? an? (?:CUDA |NVIDIA )GPU\b",
        r"torch\.cuda\.is_available\(\)[^\n]{0,20}\b(?:returns?|returned|gives|is) (?:False|false)\b",
        r"CUDA driver initialization failed, you might not have a CUDA gpu", r"\bCUDA driver is a stub library\b",
        # A container started without the GPU (docker run without --gpus / the NVIDIA container toolkit).
        r"could not select device driver \S* ?with capabilities: \[\[gpu\]\]",
        r"nvidia-container-cli: initialization error: nvml error: driver not loaded",
        # vLLM finds no accelerator to run on.
        r"\bFailed to infer device type\b", r"\bvLLM is running on UnspecifiedPlatform\b",
        # The CUDA runtime's own strings (cudaGetErrorString): no device at all, or an index that is not there.
        r"\bno CUDA-capable device is detected\b", r"\bCUDA error: invalid device ordinal\b",
        r"\bGPU not (?:found|detected|available)\b", r"\bExpected a cuda device, but got:? '?cpu",
        r"\b(?:could not|couldn'?t|cannot|can'?t|unable to) (?:find|detect) (?:any |a )?(?:CUDA |NVIDIA )?"
        r"(?:GPU|CUDA device)s?\b", r"can only be used on CUDA(?: or [\w ]{0,60})? devices")),
    Rule(causes.ACCELERATE_MISSING, _re(
        r"requires [`']?Accelerate", r"No module named '?accelerate'?", r"pip install ['\"]?accelerate",
        r"`?device_map`? requires `?accelerate", r"accelerate is required\b",
        r"requires `?accelerate`?\b",
        # transformers and diffusers import these from accelerate only when it is installed.
        r"(?:NameError: )?name '(?:init_empty_weights|dispatch_model|infer_auto_device_map|get_balanced_memory|"
        r"get_max_memory|load_checkpoint_and_dispatch|set_module_tensor_to_device)' is not defined")),
    # transformers' own refusal (utils/import_utils.py check_torch_load_is_safe) before torch's weights-only one.
    Rule(causes.TORCH_LOAD_REFUSED, _re(
        r"Due to a serious vulnerability issue in `?torch\.load`?", r"upgrade torch to at least v2\.6",
        r"\bcheck_torch_load_is_safe\b", r"CVE-2025-32434")),
    Rule(causes.PICKLE_WEIGHTS, _re(r"Weights only load failed", r"WeightsUnpickler error",
                                    r"Unsupported global: GLOBAL ")),
    Rule(causes.REMOTE_CODE, _re(
        r"contains custom code which must be executed", r"\b(?:have|need|must) to (?:trust|allow|enable) remote code\b", r"requires you to execute the (?:configuration|modeling) file",
        r"requires you to execute custom code", r"(?:pass|set) (?:the (?:argument|option) )?`?trust_remote_code=True`?"
        r"[^\n]{0,40}(?:to (?:allow|permit|remove|fix)|in order to)", r"trust_remote_code=True` to (?:allow|permit)",
        # a wrapper's advice (vLLM: "… a custom tokenizer not yet available in the HuggingFace transformers library,
        # consider setting trust_remote_code=True in LLM or using the --trust-remote-code flag in the CLI")
        r"\bconsider (?:setting|passing|using|adding|enabling) [`'\"]?"
        r"(?:trust_remote_code=True|--trust-remote-code)\b")),
    Rule(causes.TRANSFORMERS_TOO_OLD, _re(
        r"does not recognize this architecture", r"Unrecognized (?:configuration|model) class",
        r"`?rope_scaling`? must be a dictionary with (?:with )?two fields", r"model type `?\w+`? but Transformers",
        r"Tokenizer class \w+ does not exist or is not currently imported",
        r"data did not match any variant of untagged enum",
        r"You can update Transformers with the command `?pip install --upgrade transformers",
        r"\bin __getitem__\n[^\n]{0,200}\n?[^\n]{0,200}raise KeyError\(key\)\nKeyError: '\w+'",
        r"CONFIG_MAPPING\[[^\n]{0,60}\]\n(?:[^\n]{0,200}\n){0,6}KeyError: '\w+'",
        r"requires transformers ?>= ?[\d.]+", r"transformers version [\d.]+ (?:is )?(?:too old|not supported)",
        r"Unknown quantization type, got [\w-]+ - supported types are")),
    Rule(causes.CHAT_TEMPLATE_MISSING, _re(
        r"chat_template is not set", r"no chat template", r"default chat template is no longer allowed",
        r"Cannot use chat template", r"chat_template\b[^\n]{0,40}\b(?:is (?:null|None|empty|missing)|not (?:set|found|"
        r"defined))", r"does not have a chat template", r"apply_chat_template[^\n]{0,80}\b(?:no|missing) "
        r"(?:chat )?template")),
    # --- A warning, not a failure: it explains slowness only when nothing above explains the text.
    Rule(causes.MODEL_OFFLOADED_SLOW, _re(
        r"offloaded to the (?:cpu|disk)", r"weights offloaded to the disk", r"provide an `?offload_folder`?",
        r"Some parameters are on the meta device", r"Cannot copy out of meta tensor", r"\bon the meta device\b",
        r"Some weights of the model checkpoint [^\n]{0,80}were offloaded")),
    Rule(causes.MODEL_OFFLOADED_SLOW, _re(r"\bTensor on device meta is not on the expected device\b")),
    Rule(causes.MODEL_OFFLOADED_SLOW, _re(r"\bloading in lowvram mode\b", r"\benable_sequential_cpu_offload\(\)",
                                          r"--pre_layer\b"), strength=HINT),
    # pip's "require a different python version" alone may mean too new as well: only a lower bound counts.
    Rule(causes.PYTHON_TOO_OLD, _re(r"requires a different Python: [\d.]+ not in '?>=", r"requires Python >= ?3",
                                    r"Python 3\.\d+ or (?:newer|later) is required",
                                    r"Requires-Python >= ?3\.(?:\d{2}|[89])",
                                    r"requires Python '?>= ?3\.\d+'? but the running Python is",
                                    # `X | None` annotations evaluated on Python ≤ 3.9: the union of two classes.
                                    r"unsupported operand type\(s\) for \|: '\w+' and '(?:NoneType|type|\w+Meta\w*)'",
                                    r"'type' object is not subscriptable",
                                    r"cannot import name '(?:TypeAlias|ParamSpec|Self|override|TypeGuard|"
                                    r"Unpack|Required|NotRequired|LiteralString|Literal|Protocol|TypedDict|Final|"
                                    r"Annotated)' from 'typing'",
                                    # the match statement (3.10) read by an older parser
                                    r"^[ \t]*match [^\n]{1,80}:[ \t]*\n(?:[^\n]{0,200}\n){0,2}[ \t]*SyntaxError: "
                                    r"invalid syntax",
                                    r"No module named '?(?:tomllib|distutils)'?",
                                    # pip warning that this Python reached its end of life, then finding no release
                                    r"\bPython [23]\.\d+ (?:reached|has reached) the end of its life\b[\s\S]{0,2000}?"
                                    r"No matching distribution found for\b",
                                    # an f-string (3.6) read by an older parser: the caret under it, no f-string
                                    # error of its own
                                    r"\bf[\"'][^\n]{0,200}\n[ \t]*\^[ \t]*\n[ \t]*SyntaxError: invalid syntax",
                                    # an installed package this interpreter cannot parse: its releases are written
                                    # for a newer Python (the frame of a SyntaxError names the file, without ", in")
                                    r'File "[^"\n]{0,300}[/\\](?:site|dist)-packages[/\\][^"\n]{1,200}\.py", line '
                                    r"\d+(?![\d,])[\s\S]{0,600}?SyntaxError: invalid syntax",
                                    r"SyntaxError: future feature \w+ is not defined")),
    # pip's own sentences (the resolver's warning, the old "has requirement", setuptools' "is installed but") and an
    # import refused inside the stack: nothing of the user's ran after them. Colab's pip lists unrelated packages
    # too: only a conflict where one side is in the stack counts.
    Rule(causes.LIBRARY_CONFLICT, _re(
        _PIP_CONFLICT + _STACK + r" [\w.+-]+ (?:requires|has requirement) [^\n]{0,120}but you(?:'ll)? have "
        r"[^\n]{0,80}incompatible", r"\b(?:requires|has requirement) " + _STACK + r"\b[^\n]{0,120}but you(?:'ll)? have "
        r"[^\n]{0,80}incompatible",
        r"cannot import name '?\w+'? from '?" + _IMPORTABLE + r"\b",
        # a package's own check of the version of another (TensorFlow Probability, …)
        r"\brequires [\w ]{1,40} version ?>= ?[\d.]+[;,.] ?Detected an installation of version",
        # setuptools' pkg_resources when a package's entry point or import checks its requirements: the version range
        # one installed package asks for is not the installed release (without a range it is only missing)
        r"The '[\w.-]+ ?(?:[<>=!~]=?|===)[^']{1,80}' distribution was not found and is required by\b",
        r"\b(?:Contextual)?VersionConflict: \("), strength=STRONG),
    # the same sentence of pip between two packages outside the stack: the conflict the user met, or Colab's list of
    # unrelated ones, so only a hint that any other sign outranks
    Rule(causes.LIBRARY_CONFLICT, _re(_PIP_CONFLICT + r"[\w.+-]+ [\w.+-]+ (?:requires|has requirement) [^\n]{0,120}but "
                                      r"you(?:'ll)? have [^\n]{0,80}incompatible"), strength=HINT),
    # transformers' mapping of model types refusing the one asked for (the key itself cut off the paste)
    Rule(causes.TRANSFORMERS_TOO_OLD, _re(r"raise KeyError\(key\)"), also=_re(r"configuration_auto\.py"), strength=HINT),
    # A name the installed transformers lacks. A model's class (its name capitalised) came in a later release; a
    # helper function (lower case) that another package or the user's code imports was removed or moved in a later
    # release: that is two versions that do not fit together (the conflict rule below).
    Rule(causes.TRANSFORMERS_TOO_OLD, _re(r"cannot import name '?(?-i:[A-Z])\w*'? from '?transformers\b",
                                          r"module '?transformers'? has no attribute '?(?-i:[A-Z])\w*",
                                          r"`?rope_scaling`?'?s? type field must be one of",
                                          r"pip install (?:-U |--upgrade )?[\"']?transformers ?>= ?[\d.]+",
                                          r"is not supported yet in `?transformers==[\d.]+",
                                          r"Please (?:update|upgrade) transformers\b",
                                          r"No module named '?transformers\.models\.\w+")),
    Rule(causes.LIBRARY_CONFLICT, _re(
        r"is required for a normal functioning",
        r"cannot import name '?(?-i:[a-z_])\w*'? from '?transformers\b", r"Found an incompatible version of [\w-]+",
        r"xFormers (?:wasn't buil[dt] with CUDA support|can't load C\+\+/CUDA extensions)",
        r"Accelerator\.__init__\(\) got an unexpected keyword argument",
        # The libraries' own version checks of another package (accelerate, transformers, torch, huggingface_hub
        # say it these ways): the installed one is older than the feature that was used needs.
        r"\b(?:requires?|need)(?: to have| to install)? (?:a |the )?[`'\"]?(?:pip install (?:-U |--upgrade )?)?"
        + _VERSIONED + r"[`'\"]? ?(?:version |package )?(?:>=|>|≥|==) ?v?[\d{]",
        r"\b" + _VERSIONED + r"[`'\"]? ?(?:version )?(?:>=|>|≥)? ?v?[\d{][\w.{}]*[`'\"]? (?:is required|or (?:later"
        r"|higher|newer))",
        r"\bThe version of \w+ you are using is not compatible",
        r"\b" + _VERSIONED + r" version (?:must be|should be) (?:>=|at least) ?v?[\d{]",
        r"\bversion \S{1,40} is not sufficient \(>=",
        r"\bonly available in PyTorch (?:[\w.{}]+ and later|>= ?[\w.{}]+)",
        r"\brequires PyTorch [\w.{}]+ or later", r"\bplease (?:update|upgrade) (?:your )?[`'\"]?" + _VERSIONED +
        r"\b(?! model)", r"\bYou have a version of [`'\"]?\w+[`'\"]? that is not compatible",
        r"\bis too old of a version\b", r"\bsupports \w+ >= ?[\w.{}]+, but you have \w+ [\w.{}]+",
        # The same check in other words: what is installed, against what is required.
        r"\bversion [\w.%{}]+ is installed, but (?:version )?[\w.%{}]+ (?:or (?:higher|later|newer) )?is required\b",
        r"\bbut you are using [\w-]+ version [\w.{}]+ which is incompatible\b",
        r"\bAn older version of [`'\"]?[\w-]+[`'\"]? is installed\b", r"\b(?:Please )?install a compatible version\b",
        r"\bCurrently installed [`'\"]?[\w-]+[`'\"]? version\b",
        r"\bA valid \w+ version \(>= ?[\w.{}]+\) is not available\b",
        r"\bCurrent version: \S{1,20}, required: >= ?[\d.]+",
        r"\bThe current installed version of \S{1,40} \([^)\n]{1,40}\) is (?:less|greater) than the (?:minimum|maximum)"
        r" required version\b", r"Please install the latest version of " + _VERSIONED + r"\b",
        # A module inside an installed package that is not there: it moved or was removed between releases (a new
        # model's module of transformers is the rule above for "too old").
        r"No module named '(?:transformers|" + _IMPORTABLE + r")\.[\w.]+'",
        # torch and a package built for another torch release (xformers, torchvision, a compiled extension).
        r"was built for:?\s{0,4}PyTorch [\w.+]+[^\n]{0,120}\byou have\b", r"operator torchvision::\w+ does not exist",
        r"PyTorch and torchvision were compiled with different CUDA (?:major )?versions",
        r"module '" + _IMPORTABLE + r"(?:\.\w+)*' has no attribute '\w+'",
        # huggingface_hub's own lazy __getattr__: "No huggingface_hub attribute hf_api"
        r"\bNo " + _IMPORTABLE + r" attribute \w+",
        r"module '?transformers(?:\.\w+)*'? has no attribute "
        r"'?(?-i:[a-z_])\w*",
        # huggingface_hub's functions called with an argument another release has or had: the caller was built for
        # another huggingface_hub.
        r"\b(?:hf_hub_download|snapshot_download|cached_download|hf_hub_url|list_repo_files|model_info|create_repo|"
        r"upload_file|upload_folder|HfApi\.\w+|login)\(\) got an unexpected keyword argument",
        # protobuf newer than the generated code of a package that pins it; torch without the numpy it was built for
        r"Descriptors cannot be created directly", r"RuntimeError: Numpy is not available",
        # bitsandbytes whose CUDA binary does not fit the installed CUDA (≤ 0.42 cextension.py; 0.50 cextension.py)
        r"CUDA Setup failed despite GPU being available", r"\b(?:CUDA|ROCm) VERSION MISMATCH\b",
        r"bitsandbytes doesn'?t ship with a pre-compiled binary for your", r"No compatible (?:CUDA|ROCm) binary found at",
        r"\bbitsandbytes library load error\b",
        # datasets older than the fsspec that changed LocalFileSystem's protocol (2023.10) reads its own cache as
        # remote; diffusers' PEFT backend needs peft and a transformers new enough (USE_PEFT_BACKEND)
        r"Loading a dataset cached in a LocalFileSystem is not supported", r"PEFT backend is required for this method",
        r"generated code is out of date and must be regenerated with protoc",
        # Keras 3 under transformers' TensorFlow classes; an fsspec newer than the datasets that globs with it
        r"installed version of Keras is Keras 3", r"Invalid pattern: '\*\*' can only be an entire path component",
        r"compiled using NumPy 1\.x cannot be run in\s+NumPy 2", r"ResolutionImpossible",
        # uv's resolver, and a package that finds two builds of one library installed side by side (optimum)
        r"\byour requirements are unsatisfiable\b", r"\bthere is a conflicting install(?:ation)? between\b",
        r"conflicting dependencies", r"\bis installed but [^\n]{0,80} is required by\b",
        r"has no attribute '\w+'[^\n]{0,60}\n?[^\n]{0,60}(?:huggingface_hub|transformers)"
        r" version", r"numpy\.dtype size changed, may indicate binary incompatibility",
        r"_ARRAY_API not found")),
    # A library's class given an argument it does not take, a library enum without a member: the caller was written
    # for another release of it (a user's own wrong argument reads the same, hence only a hint).
    Rule(causes.LIBRARY_CONFLICT, _re(
        r"\b(?-i:[A-Z])\w*(?:Model|Args|Arguments|Config|Pipeline|Engine|Tokenizer|Processor)\w*\.__init__\(\) got an "
        r"unexpected keyword argument", r"type object '\w+' has no attribute '(?-i:[A-Z][A-Z0-9_]+)'"), strength=HINT),
    Rule(causes.LIBRARY_MISSING, _re(
        r"No module named '?[\w.]+'?",
        # an optional kernel package a model's or an app's code checks for
        r"\b(?:flash[ _-]?attn|flash[ _-]?attention(?:[ _-]?2)?|xformers)\b`? is not available\b(?! (?:for|on|with)\b)",
        # transformers' stand-in for a class whose backend (sentencepiece, tokenizers, torchvision) is not installed,
        # handed on as if it were the class (utils/import_utils.py: _LazyModule.__getattr__'s Placeholder)
        r"_LazyModule\.__getattr__\.<locals>\.Placeholder\b",
        # transformers imported without torch (4.x: "Neither PyTorch nor TensorFlow …", 5.x: "PyTorch was not found.")
        r"(?:None of PyTorch, TensorFlow|Neither PyTorch nor TensorFlow)[^\n]{0,40}have been found",
        r"PyTorch was not found\.\s{0,4}Models won't be available",
        r"requires the following packages that were not found in your environment",
        r"Please install [\w.-]+(?:[<>=]=?[\d.]+)? (?:via|with|using|by|to)\b", r"\b[\w-]+[`'\"]? is not installed\b",
        r"\bpip install [\w.-]+\b[^\n]{0,20}\bto use\b", r"\bpackage is not available in your environment\b",
        r"\bYou need to have [\w-]+ installed\b", r"\bseems (?:to be not|not to be) installed\b",
        # The libraries' ways of saying a package their code needs is not there (transformers' integrations,
        # quantizers and tokenizers, accelerate's backends; scripts/library_messages.py --grep install): "X requires
        # `y` to be installed", "You need to install y to use …", "requires y: `pip install y`", "Install it with
        # `pip install y`", "y is not available. Please install it", "y does not seem to be installed".
        r"\brequires (?:both )?" + _PACKAGE + r"(?:(?:,| and| or) " + _PACKAGE + r"){0,3} (?:library |package )?"
        r"to be installed\b",
        r"\b(?:You need to|you have to|Please|Make sure (?:to|you)) install (?:the )?" + _PACKAGE
        + r"(?: package| library)?(?: first| to \w+| in order to\b| for\b| before\b|[.,:;]|[ \t]*$)",
        r"\b(?:You must|Make sure (?:you|to)) have (?:the )?" + _PACKAGE + r"(?: package| library)? installed\b",
        r"\bis required to be installed\b", r"\binstall the following (?:dependencies|packages|libraries)\b",
        r"\bInstall the (?:Python )?package with [`'\"]?pip3? install\b",
        r"\brequires the [\w` -]{1,40} (?:library|package) to be installed\b",
        r"\b(?:must|should) be installed(?:[.,;:]|[ \t]*$| to use\b| first\b| for\b)",
        r"\bcan be installed (?:through|with|via|using)\b[^\n]{0,20}pip3? install\b",
        r"\bis required (?:to|for) [^\n]{0,80}\bpip3? install\b",
        r"\bInstall " + _PACKAGE + r" with [`'\"]?pip3? install\b",
        r"\bMissing [\w-]{0,40} ?dependenc(?:y|ies)\b[^\n]{0,80}\bInstall\b", r"\bdue (?:to )?a missing library\b",
        r"\b(?:requires?|needs?) (?:the )?" + _PACKAGE + r"(?: library| package)?:?[ \t]?\(?`pip3? install\b",
        r"\bInstall (?:it|them) (?:with|using|via|by running)[: ]{1,3}[`'\"]?pip3? install\b",
        r"\bis not available(?: =>|\.)? (?:Please )?install (?:it|them)\b",
        r"\b(?:does not|doesn'?t) seem to be installed\b", r"\bneeds " + _PACKAGE + r" installed\b",
        r"\brequires the " + _PACKAGE + r" library but it was not found\b",
        # trl and transformers import peft's names only when peft is installed
        r"name [‘'](?:PeftModel|PeftConfig|LoraConfig|get_peft_model|prepare_model_for_kbit_training)[’'] is not"
        r" defined")),
)

_MODEL = re.compile(
    rf"(?:Access to model |request to access model |gated repo at {HF_URL}/|{HF_URL}/(?:api/models/)?)"
    r"([\w.-]+/[\w.-]+)")
# transformers' own sentences that name the repo id it was given: "Can't load tokenizer for 'org/name'", "org/name
# is not a local folder and is not a valid model identifier" (an id of two parts: a path has more, or a leading /).
_MODEL_NAMED = re.compile(_CANT_LOAD + r"([\w.-]+/[\w.-]+)'|"
                          r"(?<![\w./\\-])'?([\w.-]+/[\w.-]+)'? is not a local folder and is not a valid model identifier")
_NOT_MODELS = ("settings", "docs", "api", "datasets", "spaces", "models", "join", "login")
_TOKEN = re.compile(r"hf_[A-Za-z0-9]{6,}")
# A token as people paste it: in pieces (spaces or a line break inside it), after NFKC has made full-width letters
# ASCII. Each character is looked at a bounded number of times (at most 80 after each "hf_").
_PASTED_TOKEN = re.compile(r"h\s{0,3}f\s{0,3}_\s{0,3}((?:[A-Za-z0-9]|\s{1,8}(?=[A-Za-z0-9])){20,80})")
TOKEN_BODY = 34             # the characters after "hf_"
_UNSEEN = re.compile("[\x00\u200b-\u200d\u2060\ufeff]")
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_MODULE = re.compile(r"No module named '?([\w]+)")


def _template_pattern(template: str) -> Pattern[str]:
    """A library's message template as a pattern over the collapsed text: ``{}`` is any short text, a space is
    one space (the text's blanks and line breaks were made one), a comma may be missing, the rest is the
    template's own words."""
    pieces = [" ".join(piece.split()) for piece in template.split("{}")]
    while pieces and not pieces[0]:          # a hole at either end adds nothing but work
        pieces.pop(0)
    while pieces and not pieces[-1]:
        pieces.pop()
    # a comma comes and goes between releases ("on the Hub and we cannot", "on the Hub, and we cannot")
    literal = [re.escape(piece).replace("\\ ", " ").replace(",", ",?") for piece in pieces]
    return re.compile(r"[^\n]{0,200}?".join(literal), re.IGNORECASE)


def _template_rules() -> Tuple[Rule, ...]:
    """One rule per message of the curated library table, searched only when its longest word run is there."""
    from .library_knowledge import TABLE

    rules = []
    for entry in TABLE:
        # the longest run of the template's own words without a hole or a comma (which may be missing)
        pieces = [" ".join(run.split()).lower() for piece in entry.template.split("{}") for run in piece.split(",")]
        key = max(pieces, key=len)
        rules.append(Rule(entry.cause, (_template_pattern(entry.template),), strength=entry.strength,
                          collapsed=True, prefilter=(key,)))
    return tuple(rules)


TEMPLATE_RULES = _template_rules()
# The markers of a chained traceback: what comes before one of them happened first.
_CHAIN = re.compile(r"^[ \t]*(?:The above exception was the direct cause of the following exception|"
                    r"During handling of the above exception, another exception occurred)", re.MULTILINE)
CONFIDENCE = ("high", "medium", "low")
_ANSWERED = re.compile(r"\b4(?:0[0-9]|29) Client Error\b|Client error '4\d\d ")


@dataclass(frozen=True)
class Candidate:
    """A cause the text points at: how strong its best evidence is, which rule said it first (the rules' order
    is the root-cause reasoning), the chained exception it sits in (0 is the first raised), and its matches."""

    cause: str
    strength: int
    order: int
    segment: int
    matches: Tuple[re.Match, ...]
    collapsed: bool


@dataclass(frozen=True)
class Explanation:
    """A diagnosis of pasted text: the cause id, its title and explanation and fix (messages, said by the front
    end in its language), and the lines that gave it away (the user's own text, never translated).

    ``confidence``: ``high`` when a sentence the Hub or a library prints for this cause alone decided and nothing
    as clear points elsewhere, ``medium`` for a clear sign (an exception class, a status code) or a strong one
    with a rival, ``low`` when only hints decided; None for ``unknown``. ``second``: the next cause the evidence
    points at, when it is split (None otherwise). ``model``: the repo the text names, if any (for a live check)."""

    cause: str
    title: Text
    summary: Text
    fix: Fix
    evidence: Tuple[str, ...]
    confidence: Optional[str] = None
    second: Optional[str] = None
    model: Optional[str] = None

    def to_json(self, render: Render) -> Dict[str, Any]:
        """``explain --json``: the texts said by ``render`` (the language asked for), ids and evidence as they are."""
        return {"cause": self.cause, "summary": render(self.summary), "fix": self.fix.to_json(render),
                "evidence": list(self.evidence), "confidence": self.confidence, "second": self.second,
                "model": self.model}


def candidates(text: str) -> List[Candidate]:
    """Every cause ``text`` points at, best first: the strongest evidence wins; among equally strong evidence the
    rules' order decides (the Hub's answer before the exception around it, before the wrapper's last line), and
    in a chained traceback the exception raised first (its root) before the ones raised while handling it."""
    return _candidates(_clean(text))


# A line of source code that imports (a traceback shows the line each frame ran, IPython numbers it): the names
# in it are what the code asks for, not an error that was raised ("from huggingface_hub.utils import
# RepositoryNotFoundError" failing is no missing repo). The lines after it that hold only names (a parenthesised
# import, or the rest of a line a terminal wrapped) belong to it.
_IMPORT_LINE = re.compile(r"^[ \t]*(?:\[\d{1,6}\][ \t]*|-*>[ \t]*\d{0,6}[ \t]*|\d{1,6}[ \t]+)?"
                          r"(?:from[ \t]+[\w.]+[ \t]+import(?:[ \t]|$)|import[ \t]+[\w.]+(?:[ \t]+as[ \t]+\w+)?[ \t]*(?:,|$))"
                          r"[^\n]*(?:\n[ \t]*(?:\d{1,6}[ \t]+)?[\w.,() \t]{0,200}[\w,()][ \t]*(?=\n|$))*", re.MULTILINE)


def _candidates(clean: str) -> List[Candidate]:
    # the rules read the text with its import lines blanked out, position for position (the evidence and the
    # structural readings read the text itself)
    text, clean = clean, _IMPORT_LINE.sub(lambda line: " " * len(line.group()), clean)
    folded = " ".join(clean.split())
    lowered = Words(folded.casefold())
    chains = [m.start() for m in _CHAIN.finditer(clean)]
    found: Dict[str, Candidate] = {}
    # A terminal or a page that wrapped the text broke its sentences in two: a pasted message is also read with its
    # line breaks made spaces, as the library templates always are (a long log, which a file holds as it was
    # written, is not). A rule is not searched where a rule before it, or a stronger one, already named its cause.
    again = len(clean) <= LONG_TEXT
    lines = None if again else Lines(clean)
    for order, rule in enumerate(RULES + TEMPLATE_RULES):
        readings = ((folded, True),) if rule.collapsed else ((clean, False), (folded, True)) if again else \
            ((clean, False),)
        for haystack, collapsed in readings:
            old = found.get(rule.cause)
            if old is not None and (old.strength, -old.order) >= (rule.strength, -order):
                break
            matches = rule.match(haystack, lowered, lines if haystack is clean else None)
            if matches:
                first = min(m.start() for m in matches)
                segment = 0 if collapsed else sum(1 for start in chains if start < first)
                found[rule.cause] = Candidate(rule.cause, rule.strength,
                                              order if old is None else min(order, old.order), segment,
                                              tuple(matches), collapsed)
                break
    unwrapped: Optional[str] = None
    for cause, strength, read, wraps in _STRUCTURE:
        match = None if cause in found else read(text)
        collapsed = False
        if match is None and wraps and again and cause not in found:
            unwrapped = unwrapped if unwrapped is not None else " ".join(text.split())
            match, collapsed = read(unwrapped), True
        if match is not None:
            found[cause] = Candidate(cause, strength, len(RULES) + len(TEMPLATE_RULES), 0, (match,), collapsed)
    # A response status proves the network worked: every Hub answer outranks the network rules.
    if causes.NETWORK_OFFLINE in found and _ANSWERED.search(clean):
        found[causes.NETWORK_OFFLINE] = replace(found[causes.NETWORK_OFFLINE], strength=0)
    return sorted(found.values(), key=lambda c: (-c.strength, c.segment if c.strength < STRONG else 0, c.order))


# A download's progress bar (tqdm with byte units: "72.0M/3.68G") and what may follow it.
_PROGRESS = re.compile(r"^[^\n]{0,200}?\b(\d{1,3})%[ \t]?\|[^\n]{0,200}?[\d.]+ ?[kMGT]?i?B?/[\d.]+ ?[kMGT]i?B?\b[^\n]*",
                       re.MULTILINE)
_FAILED_AFTER = re.compile(r"Traceback|\w*(?:Error|Exception)\b|\berror:", re.IGNORECASE)


# llama.cpp (and ollama, llama-cpp-python, LM Studio over it): "offloaded 5/37 layers to GPU"; ollama's scheduler
# line "layers.model=33 layers.offload=27".
_LAYERS_ON_GPU = re.compile(r"offloaded (\d{1,4})/(\d{1,4}) layers to GPU|layers\.model=(\d{1,4}) layers\.offload="
                            r"(\d{1,4})")


def _partial_gpu_offload(text: str) -> Optional[re.Match]:
    """A llama.cpp log that put only some of the model's layers on the GPU: the rest run on the CPU."""
    for match in _LAYERS_ON_GPU.finditer(text):
        on_gpu, total = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        if int(on_gpu) < int(total):
            return match
    return None


def _stalled_progress(text: str) -> Optional[re.Match]:
    """A download whose last progress bar stopped short of 100 % with no error after it: the text of a
    transfer that stopped answering (what users paste when "it hangs at 2 %")."""
    last = None
    for last in _PROGRESS.finditer(text):
        pass
    if last is None or int(last.group(1)) >= 100 or _FAILED_AFTER.search(text, last.end()):
        return None
    return last


def explain(text: str) -> Explanation:
    """The root cause of ``text`` (a message or a whole traceback), its explanation and fix, the lines that gave
    it away, how sure that is and the runner-up. Tokens in the text never reach the evidence."""
    clean = _clean(text)
    _remember_pasted_tokens(clean)
    ranked = _candidates(clean)
    # Readings that recognise the error and find it is none of the causes: the lines that decided are shown.
    if not ranked or ranked[0].cause in (causes.DISK_FULL, causes.CPU_RAM_OOM, causes.CUDA_OOM):
        shared = _SHARED_MEMORY.search(clean)
        if shared is not None:
            return _explanation(causes.UNKNOWN, clean, _evidence(clean, [shared.span()]),
                                reading=knowledge.READINGS["shared_memory"])
    if not ranked:
        return _explanation(causes.UNKNOWN, clean, ())
    if ranked[0].cause in (causes.TRANSFORMERS_TOO_OLD, causes.TRANSFORMERS_TOO_NEW, causes.LIBRARY_CONFLICT) and \
            _shadowed_package(clean):
        return _explanation(causes.UNKNOWN, clean, _decided(clean, ranked[0]), reading=knowledge.READINGS["shadowed_package"])
    if ranked[0].cause in (causes.TRANSFORMERS_TOO_OLD, causes.TRANSFORMERS_TOO_NEW, causes.LIBRARY_CONFLICT):
        misspelled = _misspelled_transformers_name(clean)
        if misspelled is not None and _shown(misspelled[0]):      # the name transformers defines is no token
            return _explanation(causes.UNKNOWN, clean, _decided(clean, ranked[0]),
                                reading=knowledge.misspelled_name(*misspelled))
    if ranked[0].cause == causes.TRANSFORMERS_TOO_OLD:
        wrong = _wrong_auto_class(clean)
        if wrong is not None and wrong[1]:
            return _explanation(causes.UNKNOWN, clean, _decided(clean, ranked[0]),
                                reading=knowledge.wrong_auto_class(wrong[0], ", ".join(f"`{a}`" for a in wrong[1])))
    if ranked[0].cause == causes.REVISION_OR_FILE_NOT_FOUND and \
            all(_NO_LOCAL_WEIGHTS.search(match.group(0)) for match in ranked[0].matches):
        return _explanation(causes.UNKNOWN, clean, _decided(clean, ranked[0]), reading=knowledge.READINGS["local_weights"])
    if ranked[0].cause == causes.TRANSFORMERS_TOO_OLD and _in_no_release(clean):
        too_old, ranked = ranked[0], [c for c in ranked if c.cause != causes.TRANSFORMERS_TOO_OLD]
        if not ranked:
            return _explanation(causes.UNKNOWN, clean, _decided(clean, too_old), reading=knowledge.READINGS["repo_architecture"])
    importer = _importer(clean) if ranked[0].cause in (causes.TRANSFORMERS_TOO_OLD, causes.TRANSFORMERS_TOO_NEW) \
        else None
    if importer is not None and (ranked[0].cause == causes.TRANSFORMERS_TOO_OLD or importer in _DECLARING):
        ranked = [replace(ranked[0], cause=causes.LIBRARY_CONFLICT)] + [
            c for c in ranked[1:] if c.cause != causes.LIBRARY_CONFLICT]
    if ranked[0].cause == causes.TRANSFORMERS_TOO_OLD and _repo_tokenizer(clean):
        ranked = [replace(ranked[0], cause=causes.REMOTE_CODE)] + [c for c in ranked[1:] if c.cause != causes.REMOTE_CODE]
    if ranked[0].cause == causes.TRANSFORMERS_TOO_NEW:    # what a newer release removed is no sign of an old one
        ranked = [c for c in ranked if c.cause != causes.TRANSFORMERS_TOO_OLD]
    best = ranked[0]
    rival = ranked[1] if len(ranked) > 1 else None
    if best.strength >= STRONG and (rival is None or rival.strength < CLEAR):
        confidence = "high"
    elif best.strength >= CLEAR and (rival is None or rival.strength < best.strength or best.strength >= STRONG):
        confidence = "medium" if best.strength < STRONG or rival is not None else "high"
    else:
        confidence = "low"
    if best.strength == CLEAR and rival is not None and rival.strength == CLEAR:
        confidence = "low" if rival.segment == best.segment else "medium"
    second = rival.cause if rival is not None and confidence != "high" else None
    reading = _too_new_reading(best.matches[0]) if best.cause == causes.TRANSFORMERS_TOO_NEW else \
        _too_old_reading(clean) if best.cause == causes.TRANSFORMERS_TOO_OLD else None
    return _explanation(best.cause, clean, _decided(clean, best), confidence, second, reading=reading)


def _too_new_reading(match: re.Match) -> Optional[Tuple[Text, Fix]]:
    """What code for an older transformers says beyond its cause, read from the deciding match: a question asked of
    transformers (a removed name, with the release that removed it when the history knows, or a class of the
    code's own), torch's list of keys (position_ids), a core class refusing an argument. None for the cause's own
    explanation."""
    if match.re is _ASKED:
        name, cls, attribute = _question(match)
        shown_cls, shown_attribute = _shown(cls), _shown(attribute)
        if shown_cls and shown_attribute and shown_cls not in _transformers_api()[0] and shown_cls != "super":
            return knowledge.own_class(shown_cls, shown_attribute)
        verdict = _module_verdict(match)
        module_name = _module_name_shown(match)
        if verdict is not None and verdict[0] == "removed" and module_name:
            return knowledge.removed_in(module_name, *verdict[1])
        removal = _removed_name(name) if name else _removed_member(cls, attribute) if cls and attribute else None
        shown = _shown(name) if name else f"{shown_cls}.{shown_attribute}" if shown_cls and shown_attribute else None
        if removal is not None and shown:
            return knowledge.removed_in(shown, *removal)
        return knowledge.READINGS["removed_name"]
    if match.re.pattern == _POSITION_IDS:
        return knowledge.READINGS["position_ids"]
    if match.re is _REFUSED_ARGUMENT:
        cls, argument = _shown(match.group(1)), _shown(match.group(2))
        return knowledge.removed_argument(cls, argument) if cls and argument else None
    return None


def _too_old_reading(text: str) -> Optional[Tuple[Text, Fix]]:
    """The release a too-old transformers needs, read from the releases hf-doctor read: the first to define the
    names the text asks transformers for (imported, or read from its module; imported from one of its module
    files, the first whose file had it), or the configuration class of the model types it did not recognise. The
    latest of them when several; None when none is known (or every release read has it: the one that brought it is
    older than those)."""
    matches = list(_ASKED.finditer(text))
    judged = [(match, verdict) for match, verdict in ((match, _module_verdict(match)) for match in matches) if verdict]
    # a name the releases of its module file judged is not looked for elsewhere in transformers
    asked = [name for name, _, _ in map(_question, matches) if name and name not in {m.group(1) for m, _ in judged}]
    types = [m.group(1) for m in _MODEL_TYPE.finditer(text)] or [m.group(1) for m in _KEY_ERROR.finditer(text)]
    configs = {kind: cls for cls, kinds in _recorded_api().get("configs", {}).items() for kind in kinds} if types else {}
    found = [(added, shown) for added, shown in (
        *((verdict[1][0], _module_name_shown(match)) for match, verdict in judged if verdict[0] == "added"),
        *((_added_in(name), _shown(name)) for name in asked),
        *((_added_in(configs[kind]), _shown(kind)) for kind in types if kind in configs)) if added and shown]
    if not found:
        return None
    added, shown = max(found, key=lambda pair: tuple(int(part) for part in pair[0].split(".")))
    return knowledge.added_in(shown, added)


@functools.lru_cache(maxsize=4096)
def _added_in(name: str) -> Optional[str]:
    """The release (``major.minor``) that brought ``name``, when no release read before it has it and every one
    since does; None otherwise."""
    history = _history()
    runs = history.get("names", {}).get(name)
    if runs is None or len(runs) != 1 or runs[0][0] == 0 or runs[0][1] != len(history["releases"]) - 1:
        return None
    return _minor(history["releases"][runs[0][0]])


# What filled up was shared memory (/dev/shm), not the disk or RAM: torch's DataLoader and NCCL say so.
_SHARED_MEMORY = re.compile(r"out of shared memory|raise your shared memory limit|/dev/shm\b[^\n]{0,200}(?:No space left|"
                            r"Errno 28)|(?:No space left|Errno 28)[^\n]{0,200}/dev/shm\b|\bshm_open\b|"
                            r"unable to (?:write to|mmap|open shared memory)[^\n]{0,80}(?:/torch_|shm)", re.IGNORECASE)


def _decided(clean: str, candidate: Candidate) -> Tuple[str, ...]:
    """The lines of the pasted text that ``candidate``'s matches sit on (a match in the text read with its line
    breaks made spaces is mapped back to the lines it spans)."""
    spans = [(m.start(), m.end()) for m in candidate.matches]
    if candidate.collapsed:
        return _evidence(clean, _unfolded(clean, spans), spanned=True)
    return _evidence(clean, spans)


def _unfolded(clean: str, spans: List[Tuple[int, int]]) -> List[Tuple[int, int]]:
    """Spans of ``" ".join(clean.split())`` as spans of ``clean``: each word keeps its place, each run of blanks
    between two words is one space (a position on that space maps to the next word)."""
    wanted = sorted({position for span in spans for position in span})
    where: Dict[int, int] = {}
    folded = -1                                   # where the current word starts in the folded text, less one
    index = 0
    for word in _WORD.finditer(clean):
        folded += 1
        length = word.end() - word.start()
        while index < len(wanted) and wanted[index] <= folded + length:
            where[wanted[index]] = word.start() + max(0, wanted[index] - folded)
            index += 1
        if index == len(wanted):
            break
        folded += length
    return [(where.get(a, len(clean)), where.get(b, len(clean))) for a, b in spans]


# The model type transformers was asked for: its own sentence, or a KeyError raised by its mapping of types.
_MODEL_TYPE = re.compile(r"has\s{1,4}model\s{1,4}type\s{1,4}`([\w-]{1,80})`\s{1,4}but\s{1,4}Transformers")
_KEY_ERROR = re.compile(r"(?<![A-Za-z0-9_.])KeyError: '([\w-]{2,80})'")
_MAPPING_FRAME = re.compile(r"configuration_auto\.py|CONFIG_MAPPING")
_LOADING = re.compile(r"transformers|AutoConfig|AutoModel|AutoTokenizer|from_pretrained|model_type|CONFIG_MAPPING")
# A configuration class the repo's own code defines (trust_remote_code loads it into transformers_modules).
_REPO_CONFIG = re.compile(r"Unrecognized\s{1,4}configuration\s{1,4}class\s{1,4}<class\s{1,4}'transformers_modules\.")


def _released_model_type_key(text: str) -> Optional[re.Match]:
    """A ``KeyError`` whose key is a model type a transformers release knows (checks.model_types), raised while
    loading a model (or pasted alone, without the traceback that would say where): the installed transformers
    predates that architecture."""
    from .model_types import MODEL_TYPES

    if _FRAME_FILE.search(text) and not _LOADING.search(text):
        return None
    return next((m for m in _KEY_ERROR.finditer(text) if m.group(1) in MODEL_TYPES), None)


def _in_no_release(text: str) -> bool:
    """Whether what transformers did not recognise is in no release either: a model type the newest release
    hf-doctor read does not know (checks.model_types), or a configuration class of the repo's own code. Then it
    is the repo's own architecture, and upgrading transformers cannot help."""
    from .model_types import MODEL_TYPES

    if _REPO_CONFIG.search(text):
        return True
    asked = [match.group(1) for match in _MODEL_TYPE.finditer(text)]
    if not asked and _MAPPING_FRAME.search(text):
        asked = [match.group(1) for match in _KEY_ERROR.finditer(text)]
    return bool(asked) and all(name not in MODEL_TYPES for name in asked)


# transformers' from_pretrained on a local folder that holds none of the weight files it reads (modeling_utils.py:
# "Error no file named model.safetensors, or pytorch_model.bin, found in directory …", in 4.x the list of every
# framework's file): the folder is there, its weights are in another form (GGUF, GPTQ, a DeepSpeed or trainer
# checkpoint, a LoRA adapter alone) or never arrived, which no version or Hub setting explains (6 of 7 collected).
_NO_LOCAL_WEIGHTS = re.compile(r"no file named (?=[^\n]{0,200}pytorch_model\.bin)(?=[^\n]{0,200}(?:model\.safetensors|"
                               r"tf_model\.h5))", re.IGNORECASE)


# transformers' lazy import names the module that failed: "Failed to import optimum.neuron.modeling because of …"
# (The structure these read survives a terminal that wrapped the line: a blank may be a line break.)
_FAILED_IMPORT = re.compile(r"Failed\s{1,4}to\s{1,4}import\s{1,4}([A-Za-z_]\w*)\.[\w.]+\s{1,4}because\s{1,4}of\s{1,4}the"
                            r"\s{1,4}following\s{1,4}error")
# A traceback's frame: its file, as Python prints it ('File "…", line N') or as Colab links it ('[/…](…) in').
_FRAME_FILE = re.compile(r'^[ \t]*(?:File "([^"\n]{1,400})", line \d+|\[([^\]\n]{1,400})\]\([^)\n]{0,200}\) in )',
                         re.MULTILINE)
_PACKAGE_FILE = re.compile(r"[/\\](?:site|dist)-packages[/\\]([A-Za-z_]\w*)[/\\]")


# Python names the file it imported from: "cannot import name 'X' from 'transformers' (D:\…\transformers\__init__.py)".
_IMPORTED_FROM = re.compile(r"cannot\s{1,4}import\s{1,4}name\s{1,4}'\w+'\s{1,4}from\s{1,4}'[\w.]+'\s{1,4}\(([^)]{1,400})\)")
_INSTALLED = re.compile(r"site-packages|dist-packages|python_embeded|[/\\]src[/\\]|[/\\]lib[/\\]python\d",
                        re.IGNORECASE)


def _shadowed_package(text: str) -> bool:
    """Whether the package a name was imported from is a folder of the user's (a ``transformers`` folder among
    ComfyUI's custom nodes, a ``torch.py`` beside the script), not the installed one: no version is at fault, and
    the fix is to rename that folder."""
    paths = [re.sub(r"\s*\n\s*", "", match.group(1)) for match in _IMPORTED_FROM.finditer(text)]
    paths = [path for path in paths if path != "unknown location"]
    return bool(paths) and not any(_INSTALLED.search(path) for path in paths)


def _importer(text: str) -> Optional[str]:
    """The installed package that asked transformers for a name it lacks (peft, trl, diffusers, …): the one whose
    folder holds the frame just before the ImportError, or the one transformers' lazy import names; for a missing
    attribute, the last frame outside transformers' own folder. None when the name was asked by the user's code,
    a model's remote code or an app's own folder."""
    asked = list(_ASKED.finditer(text))
    error = next((m for m in asked if m.group(1)), None)        # an import from transformers
    if error is not None:
        wrapper = _FAILED_IMPORT.search(text)
        if wrapper is not None and wrapper.group(1) != "transformers":
            return wrapper.group(1)
    else:
        error = next((m for m in asked if _question(m)[1]), None)
        if error is None:
            return None
    # the frame of an object's own __getattr__ (torch's Module) raised the error, it did not ask for the name
    frames = [m.group(1) or m.group(2) for m in _FRAME_FILE.finditer(text, 0, error.start())
              if not text.startswith(", in __getattr__", m.end())]
    owners = [owner.group(1) if owner else None for owner in map(_PACKAGE_FILE.search, frames)]
    if not error.group(1):                  # an attribute: transformers' own frames may have looked it up
        while owners and owners[-1] == "transformers":
            owners.pop()
    return owners[-1] if owners and owners[-1] != "transformers" else None


# The libraries that declare which transformers they work with (their import names): one of them importing what
# transformers removed is two releases that do not fit, not an app's code that transformers outgrew.
_DECLARING = frozenset({"peft", "trl", "optimum", "diffusers", "sentence_transformers", "accelerate", "vllm",
                        "sglang", "lmdeploy", "tensorrt_llm",
                        "auto_gptq", "awq", "bitsandbytes", "datasets", "evaluate", "timm", "deepspeed", "xformers",
                        "lm_eval", "text_generation_server", "setfit", "span_marker", "transformers_stream_generator"})

# A name the code asked transformers for: imported from it, read from one of its modules, or a member of one of its
# objects.
_ASKED = re.compile(r"cannot\s{1,4}import\s{1,4}name\s{1,4}'?(\w+)'?\s{1,4}from\s{1,4}'?(?:transformers(?:\.\w+)*)\b'?|"
                    r"module\s{1,4}'?transformers(?:\.\w+)*'?\s{1,4}has\s{1,4}no\s{1,4}attribute\s{1,4}'(\w+)'|"
                    r"'(\w+)'\s{1,4}object\s{1,4}has\s{1,4}no\s{1,4}attribute\s{1,4}'(\w+)'|"
                    # transformers' own __getattr__ (tokenization_utils_base): "Qwen2Tokenizer has no attribute x"
                    r"\b((?-i:[A-Z])\w+)\s{1,4}has\s{1,4}no\s{1,4}attribute\s{1,4}([A-Za-z_]\w*)\b(?!')")
_API = Path(__file__).resolve().parent / "transformers_api.json.gz"
_HISTORY = _API.with_name("transformers_history.json.gz")


def _question(match: re.Match) -> Tuple[Optional[str], Optional[str], Optional[str]]:
    """What an :data:`_ASKED` match asks: a name (imported, or read from a module), or a class and an attribute."""
    if match.group(1) or match.group(2):
        return match.group(1) or match.group(2), None, None
    if match.group(3):
        return None, match.group(3), match.group(4)
    return None, match.group(5), match.group(6)


@functools.lru_cache(maxsize=2)
def _packaged(path: Path) -> Dict[str, Any]:
    """A gzip-compressed JSON file of hf-doctor's own, read once; empty when it cannot be read."""
    try:
        return json.loads(gzip.decompress(path.read_bytes()))  # type: ignore[no-any-return]
    except (OSError, ValueError):
        return {}


def _history() -> Dict[str, Any]:
    """What each transformers release from 4.20 on defined (scripts/library_messages.py --transformers-history):
    read only when a question asked of transformers needs it, apart from the newest release's names."""
    return _packaged(_HISTORY)


def _recorded_api() -> Dict[str, Any]:
    """What the newest transformers hf-doctor read defines (scripts/library_messages.py --transformers-api)."""
    return _packaged(_API)


def _minor(release: str) -> str:
    """A release read as ``major.minor``: the history holds the last patch of each minor release."""
    return ".".join(release.split(".")[:2])


@functools.lru_cache(maxsize=1)
def _transformers_api() -> Tuple[FrozenSet[str], Dict[str, Tuple[FrozenSet[str], Tuple[str, ...]]]]:
    """The names transformers defines, and its core classes' members and bases."""
    data = _recorded_api()
    return frozenset(data.get("names", ())), {name: (frozenset(members), tuple(bases))
                                               for name, (members, bases) in data.get("classes", {}).items()}


def _held(runs: List[List[int]], index: int) -> bool:
    return any(first <= index <= last for first, last in runs)


def _has_at(cls: str, attribute: str, index: int) -> Optional[bool]:
    """Whether transformers' class ``cls`` had ``attribute`` in the history's release ``index``, itself or through
    the bases it had then (as :func:`_defines` for the newest)."""
    return _inherits(cls, attribute, lambda name: _class_at(name, index))


@functools.lru_cache(maxsize=4096)
def _class_at(cls: str, index: int) -> Optional[Tuple[FrozenSet[str], Tuple[str, ...]]]:
    """A transformers class's own members and bases in the history's release ``index``; None when it had none."""
    entry = _history().get("classes", {}).get(cls)
    if entry is None or not _held(entry["at"], index):
        return None
    return (frozenset(m for m, runs in entry["members"].items() if _held(runs, index)),
            tuple(base for base, runs in entry["bases"].items() if _held(runs, index)))


def _removal(having: List[int], lacking: List[int]) -> Optional[Tuple[str, str, Optional[str]]]:
    """When every release of the history that lacks it (``lacking``, ascending) comes after one that had it
    (``having``): it was removed. For one the newest release read lacks, (the last release that had it, the one
    after, None); for one it has again, (the last that had it before one lacked it, the one after, the first that
    has it since the last that lacked it), as ``major.minor``: a release below the one after is one that has it.
    None when a release lacked it before one had it (it was added then)."""
    if not having or not lacking or lacking[0] < having[0]:
        return None
    minor = [_minor(release) for release in _history()["releases"]]
    if lacking[-1] > having[-1]:                     # gone from the newest release read
        return minor[having[-1]], minor[having[-1] + 1], None
    # (a release between may be neither: one where the class answered any attribute)
    before = max(index for index in having if index < lacking[0])
    return minor[before], minor[before + 1], minor[next(index for index in having if index > lacking[-1])]


@functools.lru_cache(maxsize=4096)
def _removed_member(cls: str, attribute: str) -> Optional[Tuple[str, str, Optional[str]]]:
    """When transformers removed ``attribute`` from its class ``cls`` (:func:`_removal`), read from the releases
    hf-doctor read (scripts/library_messages.py --transformers-history): a member the newest release has again
    (``DynamicCache.get_max_length``: gone in 4.49, back in 5.13) was still removed from the releases between."""
    entry = _history().get("classes", {}).get(cls)
    if entry is None:
        return None
    states = {index: _has_at(cls, attribute, index) for first, last in entry["at"] for index in range(first, last + 1)}
    return _removal([i for i, state in states.items() if state], [i for i, state in states.items() if state is False])


@functools.lru_cache(maxsize=4096)
def _removed_name(name: str) -> Optional[Tuple[str, str, Optional[str]]]:
    """When transformers removed ``name``, which its newest release read no longer defines (:func:`_removal`).
    None for one it defines: a name is recorded wherever in transformers it is defined, so one that came back may
    have come back elsewhere, as something else (a member is recorded with its class)."""
    history = _history()
    runs = history.get("names", {}).get(name)
    if runs is None:
        return None
    having = [index for first, last in runs for index in range(first, last + 1)]
    removal = _removal(having, [index for index in range(len(history["releases"])) if index not in having])
    return removal if removal is not None and removal[2] is None else None


# The module a name was imported from: "cannot import name 'x' from 'transformers.pytorch_utils'".
_FROM_MODULE = re.compile(r"from\s{1,4}'?transformers\.([\w.]+)")


def _asked_module(match: re.Match) -> Optional[str]:
    """The module of transformers (``pytorch_utils``) an :data:`_ASKED` import named, None for the package
    itself or a question that is no import."""
    if not match.group(1):
        return None
    found = _FROM_MODULE.search(match.group(0))
    return found.group(1) if found else None


@functools.lru_cache(maxsize=4096)
def _in_module(module: str, name: str) -> Optional[Tuple[str, Tuple[str, str, Optional[str]]]]:
    """What the releases hf-doctor read say of ``from transformers.<module> import <name>``
    (scripts/library_messages.py --transformers-history): ("removed", :func:`_removal`'s releases) when the newest
    release lacks it there or some release between did; ("added", (the release that brought it, …)) when only
    older releases lack it; ("always", …) when every release read has it (no version is at fault); None when the
    history has no such module file, or no release had the name there (the code asked the wrong module, or a release
    older than those read)."""
    history = _history()
    entry = history.get("modules", {}).get(module)
    if entry is None:
        return None
    runs = entry["names"].get(name, entry["at"] if name in entry["always"] else [])
    having = [index for first, last in runs for index in range(first, last + 1)]
    if not having:
        return None
    # a release before the first that had it there says nothing of a removal: it may have come later
    removal = _removal(having, [index for index in range(having[0], len(history["releases"])) if index not in having])
    if removal is not None:
        return "removed", removal
    first = _minor(history["releases"][having[0]])
    return ("added" if having[0] > 0 else "always"), (first, first, None)


def _module_verdict(match: re.Match) -> Optional[Tuple[str, Tuple[str, str, Optional[str]]]]:
    """:func:`_in_module` for an :data:`_ASKED` import from one of transformers' module files; None otherwise."""
    module = _asked_module(match)
    return _in_module(module, match.group(1)) if module is not None else None


def _module_name_shown(match: re.Match) -> Optional[str]:
    """How an answer names a name imported from a module file: with that module's own name
    (``image_processing_mllama.is_valid_list_of_images``; the whole dotted path would not fit a line); None when
    either holds a token."""
    module, name = _asked_module(match), match.group(1)
    return f"{module.rsplit('.', 1)[-1]}.{name}" if module and _shown(module) and _shown(name) else None


def _added_to_module(text: str) -> Optional[re.Match]:
    """A name imported from one of transformers' module files that only releases older than the newest lack
    there: the installed transformers is older than the code that imports it."""
    if "import" not in text:
        return None
    return next((match for match in _ASKED.finditer(text) if (_module_verdict(match) or ("",))[0] == "added"), None)


# A class refusing a keyword argument: "TypeError: MistralForCausalLM.__init__() got an unexpected keyword argument
# 'attn_implementation'" (Python ≥ 3.10 names the class; before, only "__init__()"; a page's Markdown may have eaten
# the underscores).
_REFUSED_ARGUMENT = re.compile(r"(?:\b((?-i:[A-Z])\w{1,80})\.|(?<![\w.]))(?:__init__|init)\(\)\s{1,4}got\s{1,4}an\s{1,4}"
                               r"unexpected\s{1,4}keyword\s{1,4}argument\s{1,4}'(\w{1,80})'")
# transformers' from_pretrained handing what it did not take on to the model's class
_TO_THE_MODEL = re.compile(r'modeling_utils\.py", line \d+, in (?:from_pretrained|_from_config)\b')


def _refused_arguments(text: str) -> Iterator[re.Match]:
    """Each "X.__init__() got an unexpected keyword argument 'y'" of the text; none is searched for in a text that
    does not say "unexpected" and "keyword", as every refusal does (a long log is not scanned for nothing)."""
    if "unexpected" in text and "keyword" in text:
        yield from _REFUSED_ARGUMENT.finditer(text)


def _argument_of_a_newer_transformers(text: str) -> Optional[re.Match]:
    """A transformers class refusing an argument the newest transformers takes: a model class given one of
    ``from_pretrained``'s arguments (a release that does not know it passes it on to the model), a core class
    (Trainer, a configuration, a cache) one the newest one has. The installed transformers is older."""
    names, classes = _transformers_api()
    loading = frozenset(_recorded_api().get("loading", ()))
    for match in _refused_arguments(text):
        cls, argument = match.group(1), match.group(2)
        if cls is None:                     # the class unnamed: the model, when from_pretrained called it
            if argument in loading and _TO_THE_MODEL.search(text, 0, match.start()):
                return match
        elif cls in names and (_defines(cls, argument) if cls in classes else argument in loading):
            return match
    return None


# A model class without generate(): "'InternLM2ForCausalLM' object has no attribute 'generate'".
_NO_GENERATE = re.compile(r"'(\w{1,80}(?:For(?:CausalLM|ConditionalGeneration|Seq2SeqLM|VisionText2Text)|LMHeadModel))'"
                          r"\s{1,4}object\s{1,4}has\s{1,4}no\s{1,4}attribute\s{1,4}'generate'")


def _generate_lost(text: str, released: bool) -> Optional[re.Match]:
    """A model class without generate(): one transformers defines had it from release 2.3 on (the installed one
    is older); one it does not define is a repo's or an app's own class, whose base stopped bringing generate()
    in release 4.50 (it was written for an older transformers)."""
    names = _transformers_api()[0]
    return next((m for m in _NO_GENERATE.finditer(text) if names and (m.group(1) in names) is released), None)


# A class asking for an argument its caller did not pass: "LlamaDecoderLayer.__init__() missing 1 required
# positional argument: 'layer_idx'".
_MISSING_ARGUMENT = re.compile(r"\b((?-i:[A-Z])\w{1,80})\.__init__\(\)\s{1,4}missing\s{1,4}\d+\s{1,4}required\s{1,4}"
                               r"(?:positional|keyword-only)\s{1,4}arguments?:\s{1,4}'(\w{1,80})'")


def _argument_of_an_older_transformers(text: str) -> Optional[re.Match]:
    """A transformers class that requires an argument its caller (a repo's or an app's copy of a model, a wrapper)
    did not pass: the caller was written for a transformers before that argument (``layer_idx``, 4.36). Not
    ``config``, which every model has always required."""
    names = _transformers_api()[0]
    return next((m for m in _MISSING_ARGUMENT.finditer(text)
                 if names and m.group(1) in names and m.group(2) not in ("config", "self")), None)


def _argument_removed_from_transformers(text: str) -> Optional[re.Match]:
    """One of transformers' core classes (TrainingArguments, Trainer, a cache, a pipeline) refusing an argument the
    newest release's class has no member of that name for, nor one spelled alike (other underscores or case): the
    argument was removed or renamed since (``evaluation_strategy``, 4.46), so the code was written for an older
    transformers. A model, configuration, tokenizer or processor class is left out: from_pretrained hands a model
    whatever it did not take itself, and the others take any keyword."""
    classes = _transformers_api()[1]
    for match in _refused_arguments(text):
        cls, argument = match.group(1), match.group(2)
        if cls is None or cls not in classes or argument in _recorded_api().get("loading", ()):
            continue
        members = classes[cls][0]
        if argument not in members and _spelling(argument) not in {_spelling(m) for m in members} and \
                not _MODEL_LIKE.fullmatch(cls):
            return match
    return None


# transformers' AutoTokenizer naming the class a repo's tokenizer_config.json asks for (tokenization_auto.py).
_TOKENIZER_CLASS = re.compile(r"Tokenizer\s{1,4}class\s{1,4}(\w{1,80})\s{1,4}does\s{1,4}not\s{1,4}exist")


def _repo_tokenizer(text: str) -> bool:
    """The tokenizer class transformers could not find is in no release (the newest defines neither it nor, for
    ``…Fast``, its slow twin: release 5 merged the two): the repo's own class, which only its code
    (``trust_remote_code=True``) brings."""
    names = _transformers_api()[0]
    found = _TOKENIZER_CLASS.search(text)
    if found is None or not names:
        return False
    name = found.group(1)
    return name not in names and not (name.endswith("Fast") and name[:-4] in names)


# transformers' refusal of a configuration an Auto class does not load (models/auto/auto_factory.py).
_UNRECOGNISED = re.compile(r"Unrecognized\s{1,4}configuration\s{1,4}class\s{1,4}<class\s{1,4}'(?:transformers\.[\w.]+\.)?"
                           r"(\w+)'>\s{1,4}for\s{1,4}this\s{1,4}kind\s{1,4}of\s{1,4}AutoModel:\s{1,4}(\w+)")
# Auto classes that load nearly every model type, not the one to name as the fix.
_GENERIC_AUTO = ("AutoModel", "AutoModelForPreTraining")


def _wrong_auto_class(text: str) -> Optional[Tuple[str, Tuple[str, ...]]]:
    """The Auto class the code used and the ones that load the model, when transformers refused the model's
    configuration for that Auto class and no transformers hf-doctor read loads it with that class either: the
    code picked the wrong Auto class (a vision-language model through AutoModelForCausalLM), no version is at
    fault. None when the newest transformers does load it so (then the installed one is too old), or when the
    configuration is the repo's own (transformers_modules)."""
    data = _recorded_api()
    autos: Dict[str, List[str]] = data.get("auto", {})
    for match in _UNRECOGNISED.finditer(text):
        config, asked = match.group(1), match.group(2)
        types = set(data.get("configs", {}).get(config, ()))
        if not types or asked not in autos or types & set(autos[asked]):
            continue
        loading = [auto for auto, loaded in autos.items() if types & set(loaded)]
        return asked, tuple([a for a in loading if a not in _GENERIC_AUTO] or loading)
    return None


def _defines(cls: str, attribute: str) -> Optional[bool]:
    """Whether transformers' class ``cls`` has ``attribute``, itself or through its bases; None when that cannot
    be known (a base from another package, a class that answers any attribute with ``__getattr__``)."""
    return _inherits(cls, attribute, _transformers_api()[1].get)


def _inherits(cls: str, attribute: str, lookup: Callable[[str], Optional[Tuple[FrozenSet[str], Tuple[str, ...]]]],
              depth: int = 0) -> Optional[bool]:
    """Whether ``cls`` has ``attribute``, itself or through its bases, where ``lookup`` gives a transformers class's
    own members and bases (None for a class that is not one: a builtin answers for itself, any other is unknown)."""
    entry = lookup(cls)
    if entry is None:
        if cls in ("ABC", "Generic", "Protocol"):
            return hasattr(object, attribute)
        plain = getattr(builtins, cls, None)
        return hasattr(plain, attribute) if isinstance(plain, type) else None
    members, bases = entry
    if attribute in members:
        return True
    if members & {"*", "__getattr__", "__getattribute__"} or depth > 20:
        return None
    answers = [_inherits(base, attribute, lookup, depth + 1) for base in bases]
    return True if True in answers else None if None in answers else False


def _spelling(name: str) -> str:
    return name.replace("_", "").casefold()


@functools.lru_cache(maxsize=1)
def _spellings() -> Dict[str, str]:
    """The public names transformers defines, by their spelling without underscores or case (the first in sorted
    order where several share one)."""
    spellings: Dict[str, str] = {}
    for name in sorted(_transformers_api()[0]):
        if not name.startswith("_"):
            spellings.setdefault(_spelling(name), name)
    return spellings


def _misspelled_transformers_name(text: str) -> Optional[Tuple[str, str]]:
    """A name the code asked transformers for and the name transformers defines that it misspells (other
    underscores or case: ``Qwen2_5VLForConditionalGeneration`` for ``Qwen2_5_VLForConditionalGeneration``)."""
    names = _transformers_api()[0]
    for match in _ASKED.finditer(text):
        name = _question(match)[0]
        if name is None or name in names or name.startswith("_") or _spelling(name) not in _spellings():
            continue
        if _module_verdict(match) is not None:     # that module file had it, spelled so
            continue
        return name, _spellings()[_spelling(name)]
    return None


def _removed_from_transformers(text: str) -> Optional[re.Match]:
    """A name the code asked transformers for that the newest transformers hf-doctor read does not define: it
    was there in an older release and removed since, so the code was written for an older transformers (a name
    that is there is one an older transformers did not have yet: "too old"; a member of a core class, though, is
    removed where the releases read show it gone, even if the newest has it again). A name that differs from a
    defined one only in its underscores or its case is a misspelling, not a removal."""
    if "attribute" not in text and "import" not in text:     # what every form of the question says
        return None
    for match in _ASKED.finditer(text):
        names, classes = _transformers_api()
        name, cls, attribute = _question(match)
        if name is not None:
            verdict = _module_verdict(match)
            if verdict is not None:             # the releases of that module file decide
                if verdict[0] == "removed":
                    return match
                continue
            if names and name not in names and (name.startswith("_") or _spelling(name) not in _spellings()):
                return match
            continue
        if cls is None or attribute is None:
            continue
        if cls in classes:
            if _defines(cls, attribute) is False or _removed_member(cls, attribute) is not None:
                return match
        # a model's own class (its members are not recorded): removed when transformers defines the name nowhere,
        # not as a method, a class attribute or what any method sets on self (a configuration takes any keyword)
        elif cls in names and not cls.endswith("Config") and attribute not in names:
            return match
        # a class named the way transformers names its own (a model, its configuration, tokenizer or processor)
        # that transformers does not define: a repo's remote code or an app's copy of a model, built on
        # transformers' bases, that reads what those bases no longer give (13 of 13 collected)
        elif names and cls not in names and _MODEL_LIKE.fullmatch(cls):
            return match
        # a class of the code's own asking its transformers base (super()) for a method no release has any more
        elif cls == "super" and names and attribute not in names and "transformers" in text:
            return match
    return None


_MODEL_LIKE = re.compile(r"[A-Z]\w*?(?:Tokenizer(?:Fast)?|Config|Processor|Model|"
                         r"For(?:CausalLM|ConditionalGeneration|Seq2SeqLM|MaskedLM|SequenceClassification|"
                         r"TokenClassification|QuestionAnswering|PreTraining))")


# What a wrapper writes before each line of a traceback it passes on: a timestamp (ComfyUI, most loggers), a
# container's name (docker compose), a logging level and logger, a rank (torchrun), a process (vLLM's
# "(APIServer pid=75487)", Ray's "(pid=123, ip=10.0.0.2)"), a quote mark (a pasted reply, indented or not).
# The rules read the lines without it: a traceback's own shape ("  File …", "KeyError: …") starts a line.
_LINE_PREFIX = re.compile(
    r"^(?:[ \t]*(?:\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?|\[?\d\d:\d\d:\d\d(?:[.,]\d+)?\]?)"
    r"[ \t]*(?:[-|][ \t])?|[\w.-]{1,40}[ \t]+\|[ \t]?|(?:ERROR|WARNING|INFO|DEBUG|CRITICAL):[\w.]{0,60}:|"
    r"\[rank\d{1,4}\]:[ \t]?|[ \t]*\((?:[\w.-]{1,40} )?pid=\d{1,9}(?:, ip=[\d.]{7,15})?\)[ \t]?|[ \t]*>[ \t]?){1,4}", re.MULTILINE)


# Quotes a page, an editor or a chat app made typographic: Python printed straight ones (one character for one,
# so that positions hold).
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"'})


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_QUOTES)
    return _reduced(_LINE_PREFIX.sub("", _ANSI.sub("", text)))


LONG_TEXT = 64 * 1024
_WORD = re.compile(r"\S+")
_DIGITS = re.compile(r"\d+")


def _reduced(text: str) -> str:
    """A long log without the lines that repeat an earlier one but for their numbers (progress bars, a recursion's
    frames, a retry loop): what they say was said once already, and every rule then reads a few thousand lines
    rather than ten thousand. Short texts are read as they are."""
    if len(text) <= LONG_TEXT:
        return text
    seen = set()
    kept = []
    for line, shape in zip(text.split("\n"), _DIGITS.sub("0", text).split("\n")):   # digits hold no line break
        if shape in seen and line.strip():
            continue
        seen.add(shape)
        kept.append(line)
    return "\n".join(kept)


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


def _explanation(cause: str, text: str, evidence: Tuple[str, ...], confidence: Optional[str] = None,
                 second: Optional[str] = None, reading: Optional[Tuple[Text, Fix]] = None) -> Explanation:
    """``reading``: what the text says beyond its cause, as an explanation and a fix (knowledge.READINGS)."""
    model = _shown(_model(text))
    if reading is not None:
        summary, fix = reading
        return Explanation(cause, knowledge.title(cause), summary, fix, evidence, confidence, second, model)
    commands: Optional[Tuple[str, ...]] = None
    if cause == causes.LIBRARY_MISSING:
        module = _MODULE.search(text)
        if module and _shown(module.group(1)):
            commands = (f"python -m pip install -U {_PACKAGES.get(module.group(1), module.group(1))}",)
    return Explanation(cause, knowledge.title(cause), knowledge.explanation(cause),
                       knowledge.fix_for(cause, model=model, commands=commands), evidence, confidence, second,
                       model)


def _evidence(text: str, spans: List[Tuple[int, int]], spanned: bool = False) -> Tuple[str, ...]:
    """The lines the matches sit on, in the order they appear, without tokens: the line each starts on, or with
    ``spanned`` every line it runs over (a sentence a terminal wrapped)."""
    starts = set()
    for start, end in spans:
        at = text.rfind("\n", 0, start) + 1
        starts.add(at)
        while spanned and at < end:
            following = text.find("\n", at)
            if following < 0 or following + 1 >= end:
                break
            at = following + 1
            starts.add(at)
    lines: List[str] = []
    for start in sorted(starts):
        end = text.find("\n", start)
        line = secrets.scrub(text[start:end if end >= 0 else len(text)].strip())
        line = _TOKEN.sub(lambda token: mask(token.group(0)), line)
        if line and line not in lines:
            lines.append(line if len(line) <= MAX_LINE else line[:MAX_LINE - 1] + "…")
    return tuple(lines[:MAX_EVIDENCE])


def _model(text: str) -> Optional[str]:
    for pattern in (_MODEL, _MODEL_NAMED):
        for match in pattern.finditer(text):
            repo = next(group for group in match.groups() if group).rstrip(".")
            if repo.split("/")[0] not in _NOT_MODELS:
                return repo
    return None


# Import names whose pip package is called something else.
_PACKAGES = {"sklearn": "scikit-learn", "PIL": "pillow", "cv2": "opencv-python", "google": "protobuf",
             "huggingface_hub": "huggingface_hub", "yaml": "pyyaml"}


# pip: "Could not find a version that satisfies the requirement huggingface-hub>=0.8.1 (from versions: 0.0.1, …,
# 0.4.0)"; conda: "… incompatible with the existing python installation …  - pkg -> python[version='>=3.7,<3.8.0a0|…']
# … Your python: python=3.6".
_PIP_VERSIONS = re.compile(r"Could not find a version that satisfies the requirement [\w.\[\],-]{1,80}?\s{0,4}>=\s{0,4}"
                           r"(\d+(?:\.\d+){0,3})[^\n(]{0,40}(?:\((?!from versions)[^\n)]{1,80}\)\s{0,4})?"
                           r"\(from versions:\s{0,4}([\w.,\s+-]{1,4000}?)\)")
_CONDA_PYTHON = re.compile(r"incompatible with the existing python installation")
_CONDA_BOUND = re.compile(r"python\[version='([^'\n]{1,400})'\]")
_CONDA_YOURS = re.compile(r"Your python: python=(\d+\.\d+)")
_RELEASE = re.compile(r"^(\d+(?:\.\d+){0,3})(?:(?:a|b|rc|\.post|\.dev)\d*)?$")


def _release(version: str) -> Optional[Tuple[int, ...]]:
    match = _RELEASE.match(version.strip())
    return tuple(int(part) for part in match.group(1).split(".")) if match else None


def _older_python_than_releases(text: str) -> Optional[re.Match]:
    """An installer that finds only releases older than the one asked for: pip lists the releases whose
    Requires-Python this interpreter meets, so when every one it lists is older than the bound, the newer ones
    need a newer Python; conda names the Python it would need and the one there is."""
    for match in _PIP_VERSIONS.finditer(text):
        bound = _release(match.group(1))
        listed = [_release(v) for v in match.group(2).split(",")]
        known = [v for v in listed if v is not None]
        if bound is not None and known and len(known) == len(listed) and max(known) < bound:
            return match
    found = _CONDA_PYTHON.search(text)
    yours = _CONDA_YOURS.search(text)
    if found and yours:
        lowest = [_release(v) for spec in _CONDA_BOUND.findall(text) for v in re.findall(r">=\s*([\d.]+)", spec)]
        mine = _release(yours.group(1))
        if lowest and None not in lowest and mine is not None and mine < min(v for v in lowest if v is not None):
            return found
    return None


# Readings of the text's structure that a pattern alone cannot make (a number compared, a name looked up, what
# follows a line), each with what its evidence is worth: a model type a transformers release knows in a KeyError
# while loading; llama.cpp's count of layers on the GPU, fewer than the model has; a download's last progress bar
# stopped short with no error after it (a hint: any error named outranks it); an installer's releases against the
# bound asked for; an argument or generate() a transformers class lacks. The last field: whether the reading holds
# in the text with its line breaks made spaces too (it reads sentences, not lines), for a message a terminal
# wrapped.
_STRUCTURE: Tuple[Tuple[str, int, Callable[[str], Optional[re.Match]], bool], ...] = (
    (causes.TRANSFORMERS_TOO_OLD, CLEAR, _released_model_type_key, False),
    (causes.TRANSFORMERS_TOO_NEW, STRONG, _removed_from_transformers, False),
    (causes.TRANSFORMERS_TOO_OLD, STRONG, _added_to_module, False),
    (causes.MODEL_OFFLOADED_SLOW, CLEAR, _partial_gpu_offload, False),
    (causes.DOWNLOAD_STALLED, HINT, _stalled_progress, False),
    (causes.PYTHON_TOO_OLD, CLEAR, _older_python_than_releases, True),
    (causes.TRANSFORMERS_TOO_OLD, CLEAR, _argument_of_a_newer_transformers, True),
    (causes.TRANSFORMERS_TOO_NEW, CLEAR, lambda text: _generate_lost(text, released=False), True),
    (causes.TRANSFORMERS_TOO_NEW, CLEAR, _argument_of_an_older_transformers, True),
    (causes.TRANSFORMERS_TOO_NEW, CLEAR, _argument_removed_from_transformers, True),
    (causes.TRANSFORMERS_TOO_OLD, CLEAR, lambda text: _generate_lost(text, released=True), True),
)
