"""Check titles, verdicts and the runner's own results (a crash, a timeout, a skip)."""

MESSAGES = {
    "common.check.python.version": {"en": "Python", "ko": "Python"},
    "common.check.runtime.platform": {"en": "Runtime", "ko": "실행 환경"},
    "common.check.libs.versions": {"en": "Libraries", "ko": "라이브러리"},
    "common.check.gpu.device": {"en": "GPU", "ko": "GPU"},
    "common.check.gpu.bf16": {"en": "Native bfloat16", "ko": "bfloat16 지원"},
    "common.check.torch.build": {"en": "torch build", "ko": "torch 빌드"},
    "common.check.host.memory": {"en": "Host memory", "ko": "시스템 메모리"},
    "common.check.disk.space": {"en": "Disk space", "ko": "디스크 공간"},
    "common.check.hub.settings": {"en": "Hub settings", "ko": "Hub 설정"},
    "common.check.hub.network": {"en": "Hub network", "ko": "Hub 연결"},
    "common.check.hub.token": {"en": "Hub token", "ko": "Hub 토큰"},
    "common.check.hub.access": {"en": "Model access", "ko": "모델 접근 권한"},
    "common.check.model.compat": {"en": "Model support", "ko": "모델 지원"},
    "common.check.model.fit": {"en": "Will it fit", "ko": "메모리 적합성"},
    "common.check.model.download": {"en": "Download", "ko": "다운로드"},
    "common.check.model.generate": {"en": "Generation", "ko": "생성"},
    "common.skipped.blocked": {
        "en": "Skipped because {names} did not pass",
        "ko": "{names} 검사를 통과하지 못해 건너뛰었습니다",
    },
    "common.bug.crashed": {
        "en": "hf-preflight crashed in this check ({error}); this is a bug in hf-preflight",
        "ko": "이 검사에서 hf-preflight가 비정상 종료되었습니다 ({error}). hf-preflight의 버그입니다",
    },
    "common.bug.timed_out": {
        "en": "Did not finish within {seconds} s; this is a bug in hf-preflight",
        "ko": "{seconds}초 안에 끝나지 않았습니다. hf-preflight의 버그입니다",
    },
    "common.bug.fix": {
        "en": "This is a bug in hf-preflight, not a problem with your setup. Please report it with the output of "
              "`hf-preflight check --verbose`.",
        "ko": "설정 문제가 아니라 hf-preflight의 버그입니다. `hf-preflight check --verbose`의 출력과 함께 "
              "알려 주세요.",
    },
}
