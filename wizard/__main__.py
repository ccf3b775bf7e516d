"""``python -m wizard`` is the same as ``hf-preflight``."""
from __future__ import annotations

from wizard.cli import main

if __name__ == "__main__":
    main()
