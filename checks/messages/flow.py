"""The guided flow: its steps, questions, choices and answers."""

MESSAGES = {
    "flow.step.environment": {
        "en": "Step 1 of 7 · this machine",
        "ko": "1/7단계 · 이 컴퓨터",
    },
    "flow.step.token": {
        "en": "Step 2 of 7 · your Hugging Face token",
        "ko": "2/7단계 · Hugging Face 토큰",
    },
    "flow.step.model": {
        "en": "Step 3 of 7 · the model",
        "ko": "3/7단계 · 모델",
    },
    "flow.step.access": {
        "en": "Step 4 of 7 · access to {model}",
        "ko": "4/7단계 · {model} 접근 권한",
    },
    "flow.step.fit": {
        "en": "Step 5 of 7 · will {model} fit",
        "ko": "5/7단계 · {model}이(가) 메모리에 들어가는지",
    },
    "flow.step.download": {
        "en": "Step 6 of 7 · download",
        "ko": "6/7단계 · 다운로드",
    },
    "flow.step.generate": {
        "en": "Step 7 of 7 · a timed generation",
        "ko": "7/7단계 · 생성 속도 측정",
    },
    "flow.step.summary": {
        "en": "Summary",
        "ko": "요약",
    },
    "flow.ask.token": {
        "en": "Paste your token (hidden; press Enter to continue without one):",
        "ko": "토큰을 붙여 넣으세요 (화면에 표시되지 않습니다. 토큰 없이 계속하려면 Enter):",
    },
    "flow.ask.save_token": {
        "en": "Save this token with huggingface_hub's login, so the next run finds it?",
        "ko": "다음 실행에서도 쓰도록 huggingface_hub 로그인으로 이 토큰을 저장할까요?",
    },
    "flow.ask.replace_token": {
        "en": "A different token is already saved. Replace it with this one?",
        "ko": "다른 토큰이 이미 저장되어 있습니다. 이 토큰으로 바꿀까요?",
    },
    "flow.ask.model": {
        "en": "Which model? (these fit this GPU)",
        "ko": "어떤 모델을 쓸까요? (이 GPU에 들어가는 모델)",
    },
    "flow.ask.model_other": {
        "en": "Another model: type its repo id",
        "ko": "다른 모델: 저장소 ID를 직접 입력",
    },
    "flow.ask.repo_id": {
        "en": "Repo id (owner/name):",
        "ko": "저장소 ID (소유자/이름):",
    },
    "flow.ask.failed": {
        "en": "{title} failed. After fixing it:",
        "ko": "{title} 단계가 실패했습니다. 문제를 고친 뒤:",
    },
    "flow.ask.quantize": {
        "en": "{model} does not fit in 16 bits. What now?",
        "ko": "{model}은(는) 16비트로는 들어가지 않습니다. 어떻게 할까요?",
    },
    "flow.choice.4bit": {
        "en": "Load it in 4-bit (bitsandbytes)",
        "ko": "4비트로 불러오기 (bitsandbytes)",
    },
    "flow.choice.smaller": {
        "en": "Choose a smaller model",
        "ko": "더 작은 모델 고르기",
    },
    "flow.choice.anyway": {
        "en": "Continue anyway",
        "ko": "그대로 계속하기",
    },
    "flow.choice.retry": {
        "en": "Retry",
        "ko": "다시 시도",
    },
    "flow.choice.skip": {
        "en": "Skip this step",
        "ko": "이 단계 건너뛰기",
    },
    "flow.choice.quit": {
        "en": "Quit",
        "ko": "종료",
    },
    "flow.ask.download": {
        "en": "Download {size} for {model}?",
        "ko": "{model}을(를) 위해 {size}를 다운로드할까요?",
    },
    "flow.say.saved": {
        "en": "Saved. huggingface_hub and transformers will find it from now on.",
        "ko": "저장했습니다. 이제 huggingface_hub와 transformers가 이 토큰을 찾습니다.",
    },
    "flow.say.not_saved": {
        "en": "Not saved: it is used for this run only.",
        "ko": "저장하지 않았습니다. 이번 실행에만 사용합니다.",
    },
    "flow.say.skipped": {
        "en": "Skipped.",
        "ko": "건너뛰었습니다.",
    },
    "flow.say.stopped": {
        "en": "Stopped at: {step}.",
        "ko": "{step}에서 멈췄습니다.",
    },
    "flow.error.repo_id": {
        "en": "Not a repo id: {reason}",
        "ko": "저장소 ID가 아닙니다: {reason}",
    },
    "flow.hint.select": {
        "en": "(use the arrow keys, then Enter)",
        "ko": "(화살표 키로 고른 뒤 Enter)",
    },
}
