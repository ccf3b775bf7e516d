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
        "en": "hf-doctor crashed in this check ({error}); this is a bug in hf-doctor",
        "ko": "이 검사에서 hf-doctor가 비정상 종료되었습니다 ({error}). hf-doctor의 버그입니다",
    },
    "common.bug.timed_out": {
        "en": "Did not finish within {seconds} s; this is a bug in hf-doctor",
        "ko": "{seconds}초 안에 끝나지 않았습니다. hf-doctor의 버그입니다",
    },
    "common.bug.fix": {
        "en": "This is a bug in hf-doctor, not a problem with your setup. Please report it with the output of "
              "`hf-doctor check --verbose`.",
        "ko": "설정 문제가 아니라 hf-doctor의 버그입니다. `hf-doctor check --verbose`의 출력과 함께 "
              "알려 주세요.",
    },
    "common.check.course.profile": {"en": "Course profile", "ko": "수업 프로필"},
    "common.profile.unreadable": {
        "en": "cannot read the profile {path}: {reason}",
        "ko": "프로필 {path}을(를) 읽을 수 없습니다: {reason}",
    },
    "common.profile.not_utf8": {
        "en": "the profile {path} is not UTF-8 text",
        "ko": "프로필 {path}이(가) UTF-8 텍스트가 아닙니다",
    },
    "common.profile.not_toml": {
        "en": "the profile {path} is not valid TOML: {reason}",
        "ko": "프로필 {path}이(가) 올바른 TOML이 아닙니다: {reason}",
    },
    "common.profile.unknown_key": {
        "en": "the profile {path} has an unknown key {key!r} (known keys: {known})",
        "ko": "프로필 {path}에 알 수 없는 키 {key!r}이(가) 있습니다 (사용할 수 있는 키: {known})",
    },
    "common.profile.wrong_type": {
        "en": "in the profile {path}, {key} = {value} is not a valid value",
        "ko": "프로필 {path}의 {key} = {value}은(는) 올바른 값이 아닙니다",
    },
    "common.profile.no_name": {
        "en": "the profile {path} needs a name (name = \"…\"), which the reports show",
        "ko": "프로필 {path}에 이름(name = \"…\")이 필요합니다. 보고서에 이 이름이 표시됩니다",
    },
    "common.profile.bad_dtype": {
        "en": "in the profile {path}, dtype = {value!r} is not one of {known}",
        "ko": "프로필 {path}의 dtype = {value!r}은(는) {known} 중 하나가 아닙니다",
    },
    "common.profile.unknown_check": {
        "en": "in the profile {path}, must_pass names {check}, which is not a check id (check ids: {known})",
        "ko": "프로필 {path}의 must_pass에 있는 {check}은(는) 검사 ID가 아닙니다 (검사 ID: {known})",
    },
    "common.profile.met": {
        "en": "Meets the course profile \u201c{name}\u201d ({count} requirements)",
        "ko": "수업 프로필 \u201c{name}\u201d의 요구 사항 {count}개를 모두 충족합니다",
    },
    "common.profile.unmet": {
        "en": "{failed} of {count} requirements of \u201c{name}\u201d not met: {names}",
        "ko": "\u201c{name}\u201d의 요구 사항 {count}개 중 {failed}개를 충족하지 못했습니다: {names}",
    },
    "common.profile.fix": {
        "en": "Fix the checks above that failed for these requirements ({names}), then run the check again with "
              "the same profile. If this machine cannot meet them, tell your instructor.",
        "ko": "이 요구 사항({names})과 관련해 위에서 실패한 검사를 먼저 고친 뒤, 같은 프로필로 다시 검사하세요. "
              "이 컴퓨터로는 충족할 수 없다면 강사에게 알려 주세요.",
    },
    "common.profile.line": {
        "en": "{mark} {requirement}: needs {required}, has {actual}",
        "ko": "{mark} {requirement}: 필요 {required}, 현재 {actual}",
    },
    "common.profile.actual_unknown": {"en": "not measured", "ko": "측정되지 않음"},
    "common.profile.no_gpu": {"en": "no GPU", "ko": "GPU 없음"},
    "common.profile.a_gpu": {"en": "an NVIDIA GPU", "ko": "NVIDIA GPU 필요"},
    "common.profile.native": {"en": "native", "ko": "기본 지원"},
    "common.profile.not_native": {"en": "not native on this GPU", "ko": "이 GPU는 기본 지원하지 않음"},
    "common.profile.req.min_python": {"en": "Python version", "ko": "Python 버전"},
    "common.profile.req.gpu_required": {"en": "GPU", "ko": "GPU 유무"},
    "common.profile.req.min_gpu_memory_gb": {"en": "GPU memory", "ko": "GPU 메모리"},
    "common.profile.req.dtype": {"en": "dtype", "ko": "데이터 타입(dtype)"},
    "common.profile.req.max_generation_s": {"en": "generation time", "ko": "생성 시간"},
    "common.profile.req.min_tokens_per_s": {"en": "decode speed", "ko": "디코딩 속도"},
    "common.profile.req.must_pass": {"en": "must pass", "ko": "필수 통과 검사"},
}
