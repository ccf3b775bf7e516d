"""The command line and the renderers: headers, errors and notebook output."""

MESSAGES = {
    # The renderers (wizard/render.py): the title line, the verdict, the fix label, the verbose timing.
    "ui.header.plain": {
        "en": "hf-doctor {version} · environment check",
        "ko": "hf-doctor {version} · 환경 검사",
    },
    "ui.header.simulated": {
        "en": "hf-doctor {version} · environment check · GPU simulated: {gpu} (planning, not this machine's GPU)",
        "ko": "hf-doctor {version} · 환경 검사 · 시뮬레이션한 GPU: {gpu} (계획용이며 이 컴퓨터의 GPU가 아닙니다)",
    },
    "ui.verdict.ready": {
        "en": "Ready: every check passed.",
        "ko": "준비 완료: 모든 검사를 통과했습니다.",
    },
    # .one when the count is 1, .other otherwise (Korean says both the same way).
    "ui.verdict.warned.one": {
        "en": "Ready, with {count} warning: a first run can work; the fixes above make it better.",
        "ko": "준비 완료, 경고 {count}개: 첫 실행은 할 수 있으며, 위의 해결 방법을 적용하면 더 좋아집니다.",
    },
    "ui.verdict.warned.other": {
        "en": "Ready, with {count} warnings: a first run can work; the fixes above make it better.",
        "ko": "준비 완료, 경고 {count}개: 첫 실행은 할 수 있으며, 위의 해결 방법을 적용하면 더 좋아집니다.",
    },
    "ui.verdict.failed.one": {
        "en": "Not ready: {count} check failed. Apply the fixes above, then run `hf-doctor check` again.",
        "ko": "준비되지 않음: 검사 {count}개가 실패했습니다. 위의 해결 방법을 적용한 뒤 `hf-doctor check`를 "
              "다시 실행하세요.",
    },
    "ui.verdict.failed.other": {
        "en": "Not ready: {count} checks failed. Apply the fixes above, then run `hf-doctor check` again.",
        "ko": "준비되지 않음: 검사 {count}개가 실패했습니다. 위의 해결 방법을 적용한 뒤 `hf-doctor check`를 "
              "다시 실행하세요.",
    },
    "ui.verdict.not_run": {
        "en": "Not ready: some checks could not run.",
        "ko": "준비되지 않음: 일부 검사를 실행하지 못했습니다.",
    },
    "ui.verdict.bug.one": {
        "en": "hf-doctor hit a bug in {count} check; please report it.",
        "ko": "검사 {count}개에서 hf-doctor의 버그가 발생했습니다. 알려 주세요.",
    },
    "ui.verdict.bug.other": {
        "en": "hf-doctor hit a bug in {count} checks; please report it.",
        "ko": "검사 {count}개에서 hf-doctor의 버그가 발생했습니다. 알려 주세요.",
    },
    "ui.verdict.elapsed": {
        "en": "{verdict} ({seconds} s)",
        "ko": "{verdict} ({seconds}초)",
    },
    "ui.fix.label": {
        "en": "fix:",
        "ko": "해결 방법:",
    },
    "ui.detail.duration": {
        "en": "{id} in {seconds} s",
        "ko": "{id}: {seconds}초",
    },

    # The command line (wizard/cli.py). "hf-doctor: " before each error is the program's name, not a sentence.
    "ui.error.usage_hint": {
        "en": "{message} (see `{command} --help`)",
        "ko": "{message} (`{command} --help`를 참고하세요)",
    },
    "ui.error.interrupted": {
        "en": "interrupted",
        "ko": "중단했습니다",
    },
    "ui.error.internal": {
        "en": "internal error ({error}); this is a bug in hf-doctor",
        "ko": "내부 오류입니다 ({error}). hf-doctor의 버그입니다",
    },
    "ui.error.smoke_needs_model": {
        "en": "--smoke needs --model (which model to download?)",
        "ko": "--smoke에는 --model이 필요합니다 (어떤 모델을 다운로드할까요?)",
    },
    "ui.error.unknown_gpu": {
        "en": "unknown GPU {value}; choose one of {choices}",
        "ko": "알 수 없는 GPU {value}입니다. 다음 중에서 고르세요: {choices}",
    },
    "ui.error.unknown_scenario": {
        "en": "unknown scenario {name}; `hf-doctor demo --list` shows them",
        "ko": "알 수 없는 시나리오 {name}입니다. `hf-doctor demo --list`로 목록을 볼 수 있습니다",
    },
    "ui.error.report_unwritable": {
        "en": "cannot write the report to {path}: {reason}",
        "ko": "보고서를 {path}에 쓸 수 없습니다: {reason}",
    },
    "ui.progress.checking": {
        "en": "Checking…",
        "ko": "검사 중…",
    },
    "ui.demo.banner": {
        "en": "Demo · scenario {name}: {description}\nLocal Hub at {endpoint} (no internet needed) · model {model}\n",
        "ko": "데모 · 시나리오 {name}: {description}\n로컬 Hub {endpoint} (인터넷 연결 필요 없음) · 모델 {model}\n",
    },

    # The demo's scenarios (wizard/emulator/scenarios.py), shown by `demo --list` and the demo's banner.
    "ui.scenario.default": {
        "en": "a first run that works: a read token and the tiny chat model",
        "ko": "잘 되는 첫 실행: read 토큰과 작은 채팅 모델",
    },
    "ui.scenario.base_model": {
        "en": "a base model (no chat template) prompted like a chat model",
        "ko": "채팅 모델처럼 프롬프트를 준 베이스 모델 (채팅 템플릿 없음)",
    },
    "ui.scenario.gated_granted": {
        "en": "a gated model the user was granted (planned, not downloaded)",
        "ko": "접근이 승인된 게이트 모델 (계획만 하고 다운로드하지 않음)",
    },
    "ui.scenario.no_token": {
        "en": "a gated model and no token at all",
        "ko": "게이트 모델인데 토큰이 전혀 없음",
    },
    "ui.scenario.not_requested": {
        "en": "a gated model whose access the user never requested",
        "ko": "접근을 요청한 적이 없는 게이트 모델",
    },
    "ui.scenario.gated_pending": {
        "en": "access requested, still awaiting the authors' review",
        "ko": "접근을 요청했고, 아직 작성자의 검토를 기다리는 중",
    },
    "ui.scenario.gated_rejected": {
        "en": "access requested and rejected by the authors",
        "ko": "접근을 요청했지만 작성자가 거절함",
    },
    "ui.scenario.fine_grained_no_gated": {
        "en": "a fine-grained token without 'read access to public gated repos'",
        "ko": "'read access to public gated repos' 권한이 없는 fine-grained 토큰",
    },
    "ui.scenario.revoked_token": {
        "en": "a token that was revoked on the Hub",
        "ko": "Hub에서 폐기된 토큰",
    },
    "ui.scenario.token_with_space": {
        "en": "a token pasted with a trailing space and newline",
        "ko": "끝에 공백과 줄바꿈이 붙은 채로 붙여 넣은 토큰",
    },
    "ui.scenario.full_width_token": {
        "en": "a token typed with a Korean input method on (full-width letters)",
        "ko": "한글 입력기를 켠 채로 입력한 토큰 (전각 문자)",
    },
    "ui.scenario.typo": {
        "en": "a repo id with a typo",
        "ko": "오타가 있는 저장소 ID",
    },
    "ui.scenario.renamed": {
        "en": "the old name of a renamed repo (the seed tutorial's Meta-Llama-3.1-8B)",
        "ko": "이름이 바뀐 저장소의 예전 이름 (원래 튜토리얼의 Meta-Llama-3.1-8B)",
    },
    "ui.scenario.private": {
        "en": "someone else's private repo",
        "ko": "다른 사람의 비공개 저장소",
    },
    "ui.scenario.offline": {
        "en": "HF_HUB_OFFLINE left on",
        "ko": "HF_HUB_OFFLINE이 켜진 채로 남아 있음",
    },

    # The notebook (wizard/notebook.py): the hidden token prompt and the %hf_doctor magic's errors.
    "ui.notebook.token_prompt": {
        "en": "Hugging Face token (hidden; press Enter to skip): ",
        "ko": "Hugging Face 토큰 (화면에 표시되지 않습니다. 건너뛰려면 Enter): ",
    },
    "ui.magic.unparsable": {
        "en": "cannot read these arguments ({error}); usage: {usage}",
        "ko": "인자를 읽을 수 없습니다 ({error}). 사용법: {usage}",
    },
    "ui.magic.unknown_argument": {
        "en": "unknown argument {argument}; usage: {usage}",
        "ko": "알 수 없는 인자 {argument}입니다. 사용법: {usage}",
    },
    "ui.magic.missing_value": {
        "en": "{option} needs a value; usage: {usage}",
        "ko": "{option}에 값이 필요합니다. 사용법: {usage}",
    },
    "ui.error.unknown_language": {
        "en": "unknown language {value}; choose one of {choices}",
        "ko": "알 수 없는 언어 {value}입니다. 다음 중에서 고르세요: {choices}",
    },
    "ui.error.json_and_markdown": {
        "en": "--json and --markdown both want standard output: choose one (--report FILE writes the other)",
        "ko": "--json과 --markdown은 둘 다 표준 출력을 씁니다. 하나만 고르세요 (다른 하나는 --report FILE로 저장하세요)",
    },
    "ui.error.student_name": {
        "en": "the name must be one line of printable text, at most 100 characters",
        "ko": "이름은 출력 가능한 문자로 된 한 줄, 최대 100자여야 합니다",
    },
    "ui.error.profile_model": {
        "en": "--model {model} differs from the model of the profile \u201c{profile}\u201d ({expected}): leave out "
              "--model to check the course's model",
        "ko": "--model {model}이(가) 프로필 \u201c{profile}\u201d의 모델({expected})과 다릅니다. 수업 모델을 검사하려면 "
              "--model을 빼세요",
    },
    "ui.error.profile_needs_model": {
        "en": "the profile \u201c{profile}\u201d judges a generation but names no model: add model = \"…\" to it, "
              "or pass --model",
        "ko": "프로필 \u201c{profile}\u201d은(는) 생성 결과를 평가하지만 모델이 없습니다. 프로필에 model = \"…\"을 "
              "추가하거나 --model을 주세요",
    },
}
