"""hf-preflight's front end: the command line, the interactive flow and the rendering of results."""
from __future__ import annotations

from checks import __version__

__all__ = ["__version__"]
