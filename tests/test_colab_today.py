"""What hf-doctor tells a user of today's Colab (transformers 5, huggingface_hub 1.x, no bitsandbytes, Python 3.13):
the fixes speak of transformers 5's API, and a transformers-4 notebook is pointed at the runtime it was written for."""
from __future__ import annotations

import re
from pathlib import Path

from hf_doctor.checks import causes
from hf_doctor.checks.explain import explain
from hf_doctor.checks.knowledge import fix_for
from hf_doctor.checks.libs import libs_versions

from .fakes import FakeContext, en, ko, stack

ROOT = Path(__file__).resolve().parent.parent


def english_texts() -> list:
    """Every English text the catalogues hold (checks' and the wizard's)."""
    texts = []
    for catalogue in (ROOT / "checks" / "messages.pot", ROOT / "wizard" / "messages.pot"):
        texts += re.findall(r'^msgid "(.*)"$', catalogue.read_text(encoding="utf-8"), re.MULTILINE)
    return [t for t in texts if t]


def test_no_text_recommends_the_transformers_4_spellings() -> None:
    texts = english_texts()
    assert not [t for t in texts if "huggingface-cli login" in t]
    # `torch_dtype=` may be named as what to replace, never handed out as what to write.
    assert not [t for t in texts if re.search(r"torch_dtype=torch\.", t)]
    # `load_in_4bit=True` is written inside a BitsAndBytesConfig, or named as the transformers 4 call that fails.
    loose = [t for t in texts for m in re.finditer(r"load_in_4bit=True", t)
             if not t[:m.start()].endswith("BitsAndBytesConfig(") and "transformers 4" not in t]
    assert not loose


def test_a_4bit_fix_says_to_install_bitsandbytes() -> None:
    for cause in (causes.CUDA_OOM, causes.MODEL_OFFLOADED_SLOW, causes.TRANSFORMERS_TOO_NEW):
        fix = fix_for(cause)
        assert "pip install bitsandbytes" in fix.commands, cause
        assert "quantization_config=BitsAndBytesConfig(load_in_4bit=True)" in en(fix.text), cause
        assert "Colab" in en(fix.text) and "Colab" in ko(fix.text), cause


def test_a_transformers_4_script_on_transformers_5_is_named_with_both_ways_out() -> None:
    result = explain("TypeError: LlamaForCausalLM.__init__() got an unexpected keyword argument 'load_in_8bit'")
    assert result.cause == causes.TRANSFORMERS_TOO_NEW
    text = en(fix_for(result.cause).text)
    assert "`dtype=` instead of `torch_dtype=`" in text
    assert "Runtime → Change runtime type → Runtime version → a 2025 version such as 2025.07" in text
    assert 'pip install "transformers<5" "huggingface_hub<1"' in text
    assert "런타임 버전 → 2025.07" in ko(fix_for(result.cause).text)


def test_transformers_4_pinned_on_todays_colab_is_sent_to_an_older_runtime() -> None:
    ctx = FakeContext(env={"COLAB_RELEASE_TAG": "release-colab_20260801"},
                      packages=stack(transformers="4.57.1", huggingface_hub="1.1.4"))
    result = libs_versions(ctx)
    assert result.cause == causes.TRANSFORMERS_TOO_OLD and result.fix is not None
    assert en(result.fix.text).endswith(
        "On Colab, a notebook written for transformers 4 can run on the runtime it was written for: Runtime → "
        "Change runtime type → Runtime version → a 2025 version such as 2025.07 (transformers 4, huggingface_hub "
        "0.x), then run the notebook without upgrading anything.")


def test_bfloat16_on_a_t4_names_transformers_5s_default() -> None:
    text = en(fix_for(causes.BF16_UNSUPPORTED).text)
    assert "`dtype=torch.float16`" in text and "`dtype=\"auto\"`" in text and "torch_dtype" not in text


def test_python_on_colab_is_the_runtime_s() -> None:
    assert "Python 3.13" in en(fix_for(causes.PYTHON_TOO_OLD).text)
