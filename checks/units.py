"""Number formatting shared by the checks' one-line summaries."""
from __future__ import annotations

GIB = 1024**3


def gib(n_bytes: float, digits: int = 1) -> str:
    """``15835398144`` -> ``"14.7 GiB"``: GiB, as torch and Colab print memory."""
    return f"{n_bytes / GIB:.{digits}f} GiB"


def version_text(version: str) -> str:
    """``"3.11.0"`` -> ``"3.11"``: a requirement's lower bound as people say it."""
    parts = version.split(".")
    while len(parts) > 2 and parts[-1] == "0":
        parts.pop()
    return ".".join(parts)


def size(n_bytes: float) -> str:
    """A file or download size in the unit that reads best: ``"429 KiB"``, ``"9.1 MiB"``, ``"14.97 GiB"``."""
    if n_bytes >= GIB:
        return f"{n_bytes / GIB:.2f} GiB"
    if n_bytes >= 1024**2:
        return f"{n_bytes / 1024**2:.1f} MiB"
    if n_bytes >= 1024:
        return f"{n_bytes / 1024:.0f} KiB"
    return f"{n_bytes:.0f} B"


def count(parameters: float) -> str:
    """``8030261248`` -> ``"8.03 B"``, ``1234567`` -> ``"1.2 M"``: parameter counts as model cards write them."""
    if parameters >= 1e9:
        return f"{parameters / 1e9:.2f} B"
    if parameters >= 1e6:
        return f"{parameters / 1e6:.1f} M"
    return f"{parameters / 1e3:.0f} K"
