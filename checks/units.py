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
