"""Every sentence the guided flow says, in English and Korean, under one key.

The language follows ``--lang``, else ``HF_PREFLIGHT_LANG``, else the locale. Check ids, cause ids, JSON keys
and commands stay English. (The checks' own summaries and fixes are English for now.)
"""
from __future__ import annotations

from typing import Dict, Mapping, Optional

LANGUAGES = ("en", "ko")

CATALOGUE: Dict[str, Dict[str, str]] = {
    "en": {
        "step.environment": "Step 1 of 7 · this machine",
        "step.token": "Step 2 of 7 · your Hugging Face token",
        "step.model": "Step 3 of 7 · the model",
        "step.access": "Step 4 of 7 · access to {model}",
        "step.fit": "Step 5 of 7 · will {model} fit",
        "step.download": "Step 6 of 7 · download",
        "step.generate": "Step 7 of 7 · a timed generation",
        "step.summary": "Summary",
        "ask.token": "Paste your token (hidden; press Enter to continue without one):",
        "ask.save_token": "Save this token with huggingface_hub's login, so the next run finds it?",
        "ask.replace_token": "A different token is already saved. Replace it with this one?",
        "ask.model": "Which model? (these fit this GPU)",
        "ask.model_other": "Another model: type its repo id",
        "ask.repo_id": "Repo id (owner/name):",
        "ask.failed": "{title} failed. After fixing it:",
        "ask.quantize": "{model} does not fit in 16 bits. What now?",
        "choice.4bit": "Load it in 4-bit (bitsandbytes)",
        "choice.smaller": "Choose a smaller model",
        "choice.anyway": "Continue anyway",
        "choice.retry": "Retry",
        "choice.skip": "Skip this step",
        "choice.quit": "Quit",
        "ask.download": "Download {size} for {model}?",
        "say.saved": "Saved. huggingface_hub and transformers will find it from now on.",
        "say.not_saved": "Not saved: it is used for this run only.",
        "say.skipped": "Skipped.",
        "say.stopped": "Stopped at: {step}.",
        "error.needs_flag": "hf-preflight needs {what}, and there is no terminal to ask: pass {flag}.",
        "error.repo_id": "Not a repo id: {reason}",
    },
    "ko": {
        "step.environment": "1/7단계 · 이 컴퓨터",
        "step.token": "2/7단계 · Hugging Face 토큰",
        "step.model": "3/7단계 · 모델",
        "step.access": "4/7단계 · {model} 접근 권한",
        "step.fit": "5/7단계 · {model}이(가) 메모리에 들어가는지",
        "step.download": "6/7단계 · 다운로드",
        "step.generate": "7/7단계 · 생성 속도 측정",
        "step.summary": "요약",
        "ask.token": "토큰을 붙여 넣으세요 (화면에 표시되지 않습니다. 토큰 없이 계속하려면 Enter):",
        "ask.save_token": "다음 실행에서도 쓰도록 huggingface_hub 로그인으로 이 토큰을 저장할까요?",
        "ask.replace_token": "다른 토큰이 이미 저장되어 있습니다. 이 토큰으로 바꿀까요?",
        "ask.model": "어떤 모델을 쓸까요? (이 GPU에 들어가는 모델)",
        "ask.model_other": "다른 모델: 저장소 ID를 직접 입력",
        "ask.repo_id": "저장소 ID (소유자/이름):",
        "ask.failed": "{title} 단계가 실패했습니다. 문제를 고친 뒤:",
        "ask.quantize": "{model}은(는) 16비트로는 들어가지 않습니다. 어떻게 할까요?",
        "choice.4bit": "4비트로 불러오기 (bitsandbytes)",
        "choice.smaller": "더 작은 모델 고르기",
        "choice.anyway": "그대로 계속하기",
        "choice.retry": "다시 시도",
        "choice.skip": "이 단계 건너뛰기",
        "choice.quit": "종료",
        "ask.download": "{model}을(를) 위해 {size}를 다운로드할까요?",
        "say.saved": "저장했습니다. 이제 huggingface_hub와 transformers가 이 토큰을 찾습니다.",
        "say.not_saved": "저장하지 않았습니다. 이번 실행에만 사용합니다.",
        "say.skipped": "건너뛰었습니다.",
        "say.stopped": "{step}에서 멈췄습니다.",
        "error.needs_flag": "hf-preflight에 {what}이(가) 필요한데 물어볼 터미널이 없습니다. {flag} 옵션을 주세요.",
        "error.repo_id": "저장소 ID가 아닙니다: {reason}",
    },
}


def language(flag: Optional[str], env: Mapping[str, str]) -> str:
    """--lang, else HF_PREFLIGHT_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG); English by default."""
    for value in (flag, env.get("HF_PREFLIGHT_LANG"), env.get("LC_ALL"), env.get("LC_MESSAGES"), env.get("LANG")):
        if value:
            code = value.split("_")[0].split(".")[0].lower()
            if code in LANGUAGES:
                return code
            if flag is not None and value == flag:
                return "en"
    return "en"


def t(key: str, lang: str = "en", **params: object) -> str:
    """The sentence ``key`` in ``lang`` (English when missing), with its placeholders filled."""
    text = CATALOGUE.get(lang, {}).get(key) or CATALOGUE["en"][key]
    return text.format(**params)
