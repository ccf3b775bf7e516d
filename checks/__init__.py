"""hf-doctor's diagnostics: pure checks over an injected context, and the runner that times them.

Nothing in this package prints or imports a rendering library; ``wizard`` renders what it returns.
"""
from __future__ import annotations

__version__ = "0.1.0"
