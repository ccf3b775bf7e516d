"""The Hub: network, token and access to a model."""

MESSAGES = {
    # ------------------------------------------------------------ why a request failed (Diagnosis.reason)
    # Shown after a colon in the summaries of several checks, so each one reads as a whole clause.
    "hub.reason.invalid_repo_id": {
        "en": "this is not a valid repo id",
        "ko": "올바른 저장소 ID가 아닙니다",
    },
    "hub.reason.gated_unauthenticated": {
        "en": "the repo is gated and no token was sent",
        "ko": "gated 저장소인데 토큰을 보내지 않았습니다",
    },
    "hub.reason.gated_pending": {
        "en": "your access request is awaiting the authors' review",
        "ko": "접근 요청이 작성자의 검토를 기다리고 있습니다",
    },
    "hub.reason.gated_rejected": {
        "en": "the authors rejected (or reset) your access request",
        "ko": "작성자가 접근 요청을 거절(또는 초기화)했습니다",
    },
    "hub.reason.gated_not_requested": {
        "en": "you have not requested access to this gated repo",
        "ko": "이 gated 저장소에 접근을 요청하지 않았습니다",
    },
    "hub.reason.token_scope": {
        "en": "this fine-grained token may not read public gated repos",
        "ko": "이 fine-grained 토큰은 공개 gated 저장소를 읽을 권한이 없습니다",
    },
    "hub.reason.repo_disabled": {
        "en": "the repo has been disabled",
        "ko": "저장소가 비활성화되었습니다",
    },
    "hub.reason.revision_or_file_not_found": {
        "en": "the revision or file does not exist",
        "ko": "해당 리비전이나 파일이 없습니다",
    },
    "hub.reason.repo_not_found": {
        "en": "no such repo for this user (a typo, a rename, or a private repo)",
        "ko": "이 사용자에게 보이는 저장소가 없습니다 (오타, 이름 변경, 또는 비공개 저장소)",
    },
    "hub.reason.token_invalid": {
        "en": "the Hub rejected the token (revoked, expired or mistyped)",
        "ko": "Hub가 토큰을 거부했습니다 (폐기, 만료 또는 잘못 입력됨)",
    },
    "hub.reason.rate_limited": {
        "en": "the Hub is rate-limiting these requests (429)",
        "ko": "Hub가 요청 수를 제한하고 있습니다 (429)",
    },
    "hub.reason.server_error": {
        "en": "the Hub answered {status} (an outage on its side)",
        "ko": "Hub가 {status} 오류로 응답했습니다 (Hub 측 장애)",
    },
    "hub.reason.offline_mode": {
        "en": "offline mode is enabled (HF_HUB_OFFLINE)",
        "ko": "오프라인 모드가 켜져 있습니다 (HF_HUB_OFFLINE)",
    },
    "hub.reason.proxy": {
        "en": "the proxy refused or failed the connection",
        "ko": "프록시가 연결을 거부했거나 연결에 실패했습니다",
    },
    "hub.reason.tls": {
        "en": "the TLS certificate could not be verified (a proxy or SSL_CERT_FILE problem)",
        "ko": "TLS 인증서를 확인할 수 없습니다 (프록시 또는 SSL_CERT_FILE 문제)",
    },
    "hub.reason.dns": {
        "en": "the Hub's host name could not be resolved (DNS: no network?)",
        "ko": "Hub의 호스트 이름을 찾을 수 없습니다 (DNS: 네트워크가 끊겼나요?)",
    },
    "hub.reason.timeout": {
        "en": "the Hub did not answer in time",
        "ko": "Hub가 제시간에 응답하지 않았습니다",
    },
    "hub.reason.refused": {
        "en": "the connection was refused",
        "ko": "연결이 거부되었습니다",
    },
    "hub.reason.connection_failed": {
        "en": "the connection failed",
        "ko": "연결에 실패했습니다",
    },
    "hub.reason.unknown": {
        "en": "{error}",
        "ko": "알 수 없는 오류입니다 ({error})",
    },

    # ------------------------------------------------------------ where the token came from (data keeps English)
    "hub.source.saved_login": {
        "en": "saved login",
        "ko": "저장된 로그인",
    },
    "hub.source.colab_secret": {
        "en": "Colab secret",
        "ko": "Colab 보안 비밀",
    },
    "hub.source.prompt": {
        "en": "prompt",
        "ko": "입력 프롬프트",
    },

    # ------------------------------------------------------------ the token's text (inspect_token)
    "hub.shape.quoted": {
        "en": "is wrapped in quotes",
        "ko": "따옴표로 감싸져 있습니다",
    },
    "hub.shape.non_ascii.one": {
        "en": "contains 1 non-ASCII character (at position {positions}), as a Korean or Japanese input method can "
              "type full-width letters",
        "ko": "ASCII가 아닌 문자가 1개 있습니다 (위치 {positions}). 한글·일본어 입력기가 켜져 있으면 전각 문자가 "
              "입력될 수 있습니다",
    },
    "hub.shape.non_ascii.many": {
        "en": "contains {count} non-ASCII characters (at position {positions}), as a Korean or Japanese input method "
              "can type full-width letters",
        "ko": "ASCII가 아닌 문자가 {count}개 있습니다 (위치 {positions}). 한글·일본어 입력기가 켜져 있으면 전각 "
              "문자가 입력될 수 있습니다",
    },
    "hub.shape.space": {
        "en": "contains a space",
        "ko": "공백이 들어 있습니다",
    },
    "hub.shape.org_token": {
        "en": "is an organization API token, which huggingface_hub no longer accepts",
        "ko": "조직 API 토큰입니다. huggingface_hub는 이 토큰을 더 이상 받지 않습니다",
    },
    "hub.shape.no_prefix": {
        "en": "does not start with hf_ (access tokens do; was something else pasted?)",
        "ko": "hf_로 시작하지 않습니다 (액세스 토큰은 hf_로 시작합니다. 다른 값을 붙여 넣지 않았나요?)",
    },
    "hub.shape.trimmed": {
        "en": "it was stored with surrounding spaces or a newline (trimmed)",
        "ko": "앞뒤 공백이나 줄바꿈이 함께 저장되어 있었습니다 (제거함)",
    },
    "hub.shape.length": {
        "en": "it is {length} characters long; access tokens are {expected}",
        "ko": "길이가 {length}자입니다. 액세스 토큰은 {expected}자입니다",
    },

    # ------------------------------------------------------------ hub.network
    "hub.network.offline": {
        "en": "Offline mode is on (HF_HUB_OFFLINE): the Hub is not asked, only cached files load",
        "ko": "오프라인 모드가 켜져 있습니다 (HF_HUB_OFFLINE). Hub에 요청하지 않고 캐시된 파일만 불러옵니다",
    },
    "hub.network.offline.fix": {
        "en": "Unset HF_HUB_OFFLINE (and TRANSFORMERS_OFFLINE) to download.",
        "ko": "다운로드하려면 HF_HUB_OFFLINE(및 TRANSFORMERS_OFFLINE) 설정을 해제하세요.",
    },
    "hub.network.rate_limited": {
        "en": "{endpoint}: {reason}",
        "ko": "{endpoint}에서 요청이 거부되었습니다: {reason}",
    },
    "hub.network.unreachable": {
        "en": "Cannot reach {endpoint}: {reason}",
        "ko": "{endpoint}에 연결할 수 없습니다: {reason}",
    },
    "hub.network.ok": {
        "en": "{endpoint} answers",
        "ko": "{endpoint}에 연결되었습니다",
    },

    # ------------------------------------------------------------ hub.token
    "hub.token.malformed": {
        "en": "The token from {source} ({masked}) {problem}",
        "ko": "{source}에서 가져온 토큰({masked})이 잘못되었습니다: {problem}",
    },
    "hub.token.rejected": {
        "en": "The Hub rejected the token from {source} ({masked}): revoked, expired or mistyped",
        "ko": "Hub가 {source}에서 가져온 토큰({masked})을 거부했습니다: 폐기, 만료 또는 잘못 입력된 토큰입니다",
    },
    "hub.token.unverified": {
        "en": "Could not verify the token from {source}: {reason}",
        "ko": "{source}에서 가져온 토큰을 확인하지 못했습니다: {reason}",
    },
    "hub.token.unverified.fix": {
        "en": "Run the check again once the Hub can be reached.",
        "ko": "Hub에 연결할 수 있게 되면 검사를 다시 실행하세요.",
    },
    "hub.token.valid": {
        "en": "{masked} from {source}: valid, user {user}, {kind} token",
        "ko": "{source}에서 가져온 {masked}: 유효한 {kind} 토큰입니다 (사용자 {user})",
    },
    "hub.token.no_gated": {
        "en": "{summary}, but it may not read public gated repos (Llama, Gemma, …)",
        "ko": "{summary}. 하지만 공개 gated 저장소(Llama, Gemma 등)는 읽지 못할 수 있습니다",
    },
    "hub.token.shadowed": {
        "en": "{summary}; {source} wins over the different token saved by `hf auth login` ({other})",
        "ko": "{summary}. `hf auth login`으로 저장된 다른 토큰({other})보다 {source}이(가) 우선합니다",
    },
    "hub.token.shadowed.fix": {
        "en": "Unset {source} to use the saved login, or log in again with the token you mean to use.",
        "ko": "저장된 로그인을 쓰려면 {source} 설정을 해제하세요. 또는 사용하려는 토큰으로 다시 로그인하세요.",
    },
    "hub.token.trimmed": {
        "en": "{summary}; it was stored with extra spaces or a newline, which were trimmed",
        "ko": "{summary}. 앞뒤 공백이나 줄바꿈이 함께 저장되어 있어 제거했습니다",
    },
    "hub.token.colab_not_granted": {
        "en": "A Colab secret HF_TOKEN exists, but this notebook was not granted access to it",
        "ko": "Colab 보안 비밀 HF_TOKEN이 있지만, 이 노트북에는 접근 권한이 없습니다",
    },
    "hub.token.colab_not_granted.fix": {
        "en": "Open Secrets (the key icon in Colab's left bar), switch on \"Notebook access\" for HF_TOKEN, "
              "then Runtime → Restart session and run again.",
        "ko": "보안 비밀(Colab 왼쪽 막대의 열쇠 아이콘)을 열고 HF_TOKEN의 \"노트북 액세스\"를 켠 다음, "
              "런타임 → 세션 다시 시작을 누르고 다시 실행하세요.",
    },
    "hub.token.colab_shell": {
        "en": "No token visible: a `!` shell command cannot read Colab secrets",
        "ko": "토큰이 보이지 않습니다: `!` 셸 명령에서는 Colab 보안 비밀을 읽을 수 없습니다",
    },
    "hub.token.colab_shell.fix": {
        "en": "Run hf-doctor from a Python cell (`import wizard; wizard.run()`), or hand the secret to the "
              "shell first: `import os; from google.colab import userdata; "
              "os.environ['HF_TOKEN'] = userdata.get('HF_TOKEN')`.",
        "ko": "Python 셀에서 hf-doctor를 실행하세요 (`import wizard; wizard.run()`). 또는 먼저 보안 비밀을 셸에 "
              "넘기세요: `import os; from google.colab import userdata; "
              "os.environ['HF_TOKEN'] = userdata.get('HF_TOKEN')`.",
    },
    "hub.token.missing": {
        "en": "No token found: public models download without one, gated ones (Llama, Gemma) need it",
        "ko": "토큰이 없습니다: 공개 모델은 토큰 없이 다운로드되지만, gated 모델(Llama, Gemma)에는 토큰이 필요합니다",
    },
    "hub.token.missing.fix": {
        "en": "Create a Read token on your token settings page, then log in with it (the prompt hides what you "
              "type).",
        "ko": "토큰 설정 페이지에서 Read 토큰을 만든 다음, 그 토큰으로 로그인하세요 (입력한 내용은 화면에 표시되지 "
              "않습니다).",
    },
    # A new token, then where to put it: the first sentence ({lead}) says what to do with the token itself.
    "hub.token.lead.copy_again": {
        "en": "Copy the token again from your token settings, exactly as shown",
        "ko": "토큰 설정 페이지에 표시된 그대로 토큰을 다시 복사하세요.",
    },
    "hub.token.lead.create_new": {
        "en": "Create a new Read token and use it instead",
        "ko": "새 Read 토큰을 만들어 대신 사용하세요.",
    },
    "hub.token.lead.strip_spaces": {
        "en": "Store the token without surrounding spaces or newlines",
        "ko": "토큰 앞뒤의 공백과 줄바꿈을 지우세요.",
    },
    "hub.token.replace.saved_login": {
        "en": "{lead}, then save it with `hf auth login --force`.",
        "ko": "{lead} 그런 다음 `hf auth login --force`로 저장하세요.",
    },
    "hub.token.replace.colab_secret": {
        "en": "{lead}, and paste it as the value of the HF_TOKEN secret (key icon in Colab's left bar).",
        "ko": "{lead} 그런 다음 HF_TOKEN 보안 비밀의 값으로 붙여 넣으세요 (Colab 왼쪽 막대의 열쇠 아이콘).",
    },
    "hub.token.replace.token_file": {
        "en": "{lead}, and write it to the token file alone on one line.",
        "ko": "{lead} 그런 다음 토큰 파일에 토큰만 한 줄로 적으세요.",
    },
    "hub.token.replace.prompt": {
        "en": "{lead}, and paste it again at the prompt.",
        "ko": "{lead} 그런 다음 입력 프롬프트에 다시 붙여 넣으세요.",
    },
    "hub.token.replace.env": {
        "en": "{lead}, then set {source} to it (or unset {source} and use `hf auth login`).",
        "ko": "{lead} 그런 다음 {source}에 설정하세요 (또는 {source} 설정을 해제하고 `hf auth login`을 사용하세요).",
    },

    # ------------------------------------------------------------ hub.access (and model metadata)
    "hub.no_model": {
        "en": "No model given (use --model)",
        "ko": "모델이 지정되지 않았습니다 (--model을 사용하세요)",
    },
    "hub.metadata.unreadable": {
        "en": "Cannot read {model}'s metadata from the Hub: {reason}",
        "ko": "Hub에서 {model}의 메타데이터를 읽을 수 없습니다: {reason}",
    },
    "hub.access.token_malformed": {
        "en": "{model}: not checked, the token is malformed (see Hub token)",
        "ko": "{model}: 토큰 형식이 잘못되어 확인하지 않았습니다 (Hub 토큰 항목 참고)",
    },
    "hub.access.invalid_id": {
        "en": "{model!r} is not a valid repo id: {problem}",
        "ko": "{model!r}은(는) 올바른 저장소 ID가 아닙니다: {problem}",
    },
    "hub.access.invalid_id.fix": {
        "en": "Repo ids look like owner/name, e.g. meta-llama/Llama-3.2-1B-Instruct: letters, digits, "
              "'-', '_' and '.', no spaces. Copy it from the model page's title.",
        "ko": "저장소 ID는 소유자/이름 형식입니다 (예: meta-llama/Llama-3.2-1B-Instruct). 영문자, 숫자, "
              "'-', '_', '.'만 쓰고 공백은 쓸 수 없습니다. 모델 페이지의 제목에서 복사하세요.",
    },
    "hub.access.denied": {
        "en": "{model}: {reason}",
        "ko": "{model} 접근 불가: {reason}",
    },
    "hub.access.renamed": {
        "en": "{model} was renamed to {new}: the Hub redirects for now; use the new id",
        "ko": "{model}의 이름이 {new}(으)로 바뀌었습니다. 지금은 Hub가 리디렉션하지만 새 ID를 사용하세요",
    },
    "hub.access.renamed.fix": {
        "en": "Use \"{new}\" in your code.",
        "ko": "코드에서 \"{new}\"을(를) 사용하세요.",
    },
    "hub.access.ok.token": {
        "en": "Your token can read {model}",
        "ko": "토큰으로 {model}을(를) 읽을 수 있습니다",
    },
    "hub.access.ok.token_gated": {
        "en": "Your token can read {model} (gated: {gated}, access granted)",
        "ko": "토큰으로 {model}을(를) 읽을 수 있습니다 (gated: {gated}, 접근 승인됨)",
    },
    "hub.access.ok.anonymous": {
        "en": "Without a token, you can read {model}",
        "ko": "토큰 없이 {model}을(를) 읽을 수 있습니다",
    },
    "hub.access.ok.anonymous_gated": {
        "en": "Without a token, you can read {model} (gated: {gated}, access granted)",
        "ko": "토큰 없이 {model}을(를) 읽을 수 있습니다 (gated: {gated}, 접근 승인됨)",
    },
    "hub.access.not_found": {
        "en": "No repo {model} is visible to you: a typo, a renamed repo, or a private one",
        "ko": "{model} 저장소가 보이지 않습니다: 오타이거나, 이름이 바뀌었거나, 비공개 저장소입니다",
    },
    "hub.access.not_found.suggest": {
        "en": "No repo {model} is visible to you: a typo, a renamed repo, or a private one. Did you mean "
              "{suggestion}?",
        "ko": "{model} 저장소가 보이지 않습니다: 오타이거나, 이름이 바뀌었거나, 비공개 저장소입니다. "
              "{suggestion}을(를) 찾으셨나요?",
    },
    "hub.access.not_found.fix": {
        "en": "Check the spelling against the model page's title (ids are case-sensitive).",
        "ko": "모델 페이지의 제목과 철자를 비교해 보세요 (ID는 대소문자를 구분합니다).",
    },
    "hub.access.not_found.fix_anonymous": {
        "en": "Check the spelling against the model page's title (ids are case-sensitive). If the repo is "
              "private, log in with a token that may read it.",
        "ko": "모델 페이지의 제목과 철자를 비교해 보세요 (ID는 대소문자를 구분합니다). 비공개 저장소라면 "
              "읽기 권한이 있는 토큰으로 로그인하세요.",
    },
}
