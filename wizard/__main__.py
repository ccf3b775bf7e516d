"""``python -m hf_doctor`` is the same as ``hf-doctor``."""
from __future__ import annotations

from hf_doctor.entry import main

if __name__ == "__main__":
    main()
