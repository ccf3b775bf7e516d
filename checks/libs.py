"""The libraries a first run needs, read from their installed metadata without importing them."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, FrozenSet, List, Mapping, Optional, Tuple

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from . import causes, knowledge
from .context import Context, PackageInfo
from .result import Fix, Outcome, Status, passed, problem
from .text import Msg, Text

LIBS = ("torch", "transformers", "accelerate", "huggingface_hub", "tokenizers", "safetensors")
SHORT = {"huggingface_hub": "hub"}
# hf_xet is optional (without it huggingface_hub downloads over plain HTTP); releases before 1.5.2 can freeze a
# download with no error (xet-core#850, #869, #898: fixed in 1.5.2).
HF_XET = "hf_xet"
HF_XET_FIXED = Version("1.5.2")
HF_XET_UPGRADE = f'pip install -U "{HF_XET}>={HF_XET_FIXED}"'
XET_SWITCH = "HF_HUB_DISABLE_XET"


@dataclass(frozen=True)
class Finding:
    cause: str
    sentence: Text
    fix_text: Text
    commands: Tuple[str, ...] = ()
    between: FrozenSet[str] = frozenset()   # the canonical names of the two packages a mismatch is between
    warning: bool = False                   # a risk rather than a break: the check warns when only these are found


# Ordered by what to fix first: a missing piece before a mismatch.
_PRIORITY = (causes.ACCELERATE_MISSING, causes.LIBRARY_MISSING, causes.TRANSFORMERS_TOO_OLD, causes.LIBRARY_CONFLICT,
             causes.DOWNLOAD_STALLED)


def xet_disabled(env: Mapping[str, str]) -> bool:
    """Whether HF_HUB_DISABLE_XET turns hf_xet off, read as huggingface_hub reads its boolean switches."""
    return env.get(XET_SWITCH, "").strip().upper() in ("1", "ON", "YES", "TRUE")


def hf_xet_version(ctx: Context) -> Optional[str]:
    """The installed hf_xet's version, or None when it is not installed."""
    info = ctx.package(HF_XET)
    return info.version if info else None


def hf_xet_outdated(version: Optional[str]) -> bool:
    """True for an hf_xet release known to freeze downloads (older than 1.5.2)."""
    try:
        return version is not None and Version(version) < HF_XET_FIXED
    except InvalidVersion:
        return False


def libs_versions(ctx: Context) -> Outcome:
    """Versions of the ML stack, a missing accelerate, and combinations known to break."""
    installed: Dict[str, Optional[PackageInfo]] = {name: ctx.package(name) for name in LIBS}
    versions = {name: (info.version if info else None) for name, info in installed.items()}
    findings = _missing(installed) + _known_broken(installed)
    findings += [f for f in _conflicts(installed) if not _explained(f, findings)]
    xet, disabled = hf_xet_version(ctx), xet_disabled(ctx.env)
    if hf_xet_outdated(xet) and not disabled:
        findings.append(Finding(causes.DOWNLOAD_STALLED, Msg("env.libs.hf_xet_outdated", version=xet),
                                Msg("env.libs.hf_xet_outdated.fix"), (HF_XET_UPGRADE,), warning=True))
    data = {"versions": versions, "problems": [f.cause for f in findings], "hf_xet": xet, "xet_disabled": disabled}
    listing = ", ".join(f"{SHORT.get(n, n)} {v}" for n, v in {**versions, HF_XET: xet}.items() if v)
    # Who reads the details learns that downloads stay on plain HTTP whatever the repo.
    notes: Tuple[Text, ...] = (Msg("env.libs.xet_disabled"),) if disabled else ()

    if not findings:
        return passed(Msg("env.libs.ok", listing=listing), data, details=notes)
    findings.sort(key=lambda f: _PRIORITY.index(f.cause))
    first = findings[0]
    summary: Text = first.sentence
    if len(findings) > 1:
        summary = Msg("env.libs.more", sentence=first.sentence, count=len(findings) - 1)
    commands: List[str] = []
    for finding in findings:
        commands += [c for c in finding.commands if c not in commands]
    return problem(
        Status.WARN if all(f.warning for f in findings) else Status.FAIL,
        summary,
        first.cause,
        Fix(first.fix_text, commands=tuple(commands), url=knowledge.PAGES["transformers_install"]),
        data=data,
        details=tuple(f.sentence for f in findings) + (Msg("env.libs.installed", listing=listing),) + notes,
    )


def _missing(installed: Dict[str, Optional[PackageInfo]]) -> List[Finding]:
    found = []
    for name, info in installed.items():
        if info is not None:
            continue
        if name == "accelerate":
            found.append(Finding(
                causes.ACCELERATE_MISSING,
                Msg("env.libs.accelerate_missing"),
                Msg("env.libs.accelerate_missing.fix"),
                ("pip install accelerate",),
            ))
        else:
            found.append(Finding(
                causes.LIBRARY_MISSING,
                Msg("env.libs.missing", name=name),
                Msg("env.libs.missing.fix_torch") if name == "torch" else Msg("env.libs.missing.fix", name=name),
                (f"pip install {name}",),
            ))
    return found


def hub_cli_era(ctx: Context) -> bool:
    """True when the installed huggingface_hub has the `hf` CLI (1.0 and later), False for `huggingface-cli`."""
    version = _version(ctx.package("huggingface_hub"))
    return version is None or version.major >= 1


def _known_broken(installed: Dict[str, Optional[PackageInfo]]) -> List[Finding]:
    """Combinations whose failure is worse than a version warning, named for what goes wrong."""
    found = []
    transformers, hub = _version(installed["transformers"]), _version(installed["huggingface_hub"])
    if transformers is not None and hub is not None and transformers.major < 5 and hub.major >= 1:
        found.append(Finding(
            causes.TRANSFORMERS_TOO_OLD,
            Msg("env.libs.transformers_predates_hub", transformers=str(transformers), hub=str(hub)),
            Msg("env.libs.transformers_predates_hub.fix"),
            ("pip install -U transformers",),
            frozenset({"transformers", "huggingface-hub"}),
        ))
    return found


def _conflicts(installed: Dict[str, Optional[PackageInfo]]) -> List[Finding]:
    """What pip check would say about the stack: a declared requirement that the installed version breaks."""
    by_name = {canonicalize_name(n): info for n, info in installed.items() if info is not None}
    found = []
    for dependant in by_name.values():
        for line in dependant.requires:
            try:
                req = Requirement(line)
            except InvalidRequirement:
                continue
            if req.marker is not None and not req.marker.evaluate({"extra": ""}):
                continue
            needed = by_name.get(canonicalize_name(req.name))
            if needed is None or req.specifier.contains(needed.version, prereleases=True):
                continue
            too_new = any(s.operator in ("<", "<=") and not s.contains(needed.version, prereleases=True)
                          for s in req.specifier)
            sentence = Msg("env.libs.conflict", dependant=dependant.name, version=dependant.version,
                         requirement=f"{req.name}{req.specifier}", found=needed.version)
            if too_new:
                fix_text = Msg("env.libs.conflict.fix_upgrade", needed=needed.name, dependant=dependant.name,
                             version=dependant.version)
                commands: Tuple[str, ...] = (f"pip install -U {dependant.name}",)
            elif canonicalize_name(req.name) == "torch":
                fix_text = Msg("env.libs.conflict.fix_torch", dependant=dependant.name, found=needed.version)
                commands = ()
            else:
                fix_text = Msg("env.libs.conflict.fix_install", name=req.name, dependant=dependant.name)
                commands = (f'pip install "{req.name}{req.specifier}"',)
            cause = causes.TRANSFORMERS_TOO_OLD if too_new and dependant.name == "transformers" else causes.LIBRARY_CONFLICT
            between = frozenset({canonicalize_name(dependant.name), canonicalize_name(req.name)})
            found.append(Finding(cause, sentence, fix_text, commands, between))
    return found


def _explained(finding: Finding, known: List[Finding]) -> bool:
    """A generic conflict that a named finding already explains (the same two packages) is not repeated."""
    return any(k.between and k.between == finding.between for k in known)


def _version(info: Optional[PackageInfo]) -> Optional[Version]:
    if info is None:
        return None
    try:
        return Version(info.version)
    except InvalidVersion:
        return None
