"""`explain`: what it says around a diagnosis (the causes themselves are in cause.py)."""

MESSAGES = {
    "explain.paste": {
        "en": "Paste the error message or traceback, then press Ctrl-D (Ctrl-Z then Enter on Windows):",
        "ko": "오류 메시지나 트레이스백을 붙여 넣은 뒤 Ctrl-D를 누르세요 (Windows에서는 Ctrl-Z 후 Enter):",
    },
    "explain.empty": {
        "en": "nothing to explain: give a file with the error message, or pipe it in",
        "ko": "설명할 내용이 없습니다. 오류 메시지가 담긴 파일을 주거나 파이프로 넘겨 주세요",
    },
    "explain.cause": {"en": "Cause: {title} ({cause})", "ko": "원인: {title} ({cause})"},
    "explain.fix": {"en": "Fix: {text}", "ko": "해결: {text}"},
    "explain.evidence": {"en": "Found in these lines:", "ko": "근거가 된 줄:"},
}
