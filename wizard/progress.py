"""Other libraries' progress bars, off for the span of a run: ours (the sink's live line, the notebook's table)
say what was downloaded, and theirs would draw over it or land in a notebook cell as widgets."""
from __future__ import annotations

import importlib
import os
import warnings
from contextlib import contextmanager
from types import ModuleType
from typing import Dict, Iterator, Optional

# Read by huggingface_hub and tqdm in the child processes a run starts (the generation child).
CHILD_SWITCHES = ("HF_HUB_DISABLE_PROGRESS_BARS", "TQDM_DISABLE")


@contextmanager
def library_progress_silenced() -> Iterator[None]:
    """huggingface_hub's bars (hf_xet's too, which it draws) off in this process and in the children started
    meanwhile; everything restored afterwards as it was, so a notebook kernel or a test process is left alone.

    A user's ``HF_HUB_DISABLE_PROGRESS_BARS=0`` is a request for bars: it wins, as it does in huggingface_hub.
    In a kernel without ipywidgets, tqdm.auto (which huggingface_hub imports) raises a red "TqdmWarning: IProgress
    not found" box on its first import: that warning is not shown during the run.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="IProgress not found")
        try:
            # Imported before the switches below are set: huggingface_hub reads HF_HUB_DISABLE_PROGRESS_BARS
            # once, at import, and would keep bars off for the rest of the process.
            # The module, not the tqdm class that huggingface_hub.utils exports under the same name.
            hub_tqdm: Optional[ModuleType] = importlib.import_module("huggingface_hub.utils.tqdm")
        except ImportError:   # no huggingface_hub: the checks say so, and there are no bars to hide
            hub_tqdm = None
        # HF_HUB_DISABLE_PROGRESS_BARS=0 is the user asking for bars, and the library refuses to override it.
        if os.environ.get("HF_HUB_DISABLE_PROGRESS_BARS") == "0" or (
                getattr(hub_tqdm, "HF_HUB_DISABLE_PROGRESS_BARS", None) is False):
            yield
            return
        states: Optional[Dict[str, bool]] = getattr(hub_tqdm, "progress_bar_states", None)
        saved = dict(states) if isinstance(states, dict) else {}   # the global switch and per-group ones
        saved_env = {name: os.environ.get(name) for name in CHILD_SWITCHES}
        os.environ.update({name: "1" for name in CHILD_SWITCHES})
        if hub_tqdm is not None and isinstance(states, dict):
            hub_tqdm.disable_progress_bars()
        try:
            yield
        finally:
            if isinstance(states, dict):
                states.clear()
                states.update(saved)
            for name, value in saved_env.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
