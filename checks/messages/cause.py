"""What each cause id means and its usual fix: the knowledge the checks and `explain` share.

Per cause: ``title`` (a few words), ``explain`` (two or three plain sentences: what happened and why) and
``fix`` (what to do; the commands and links sit beside it in checks/knowledge.py).
"""

MESSAGES = {
    "cause.python_too_old.title": {"en": "Python is too old", "ko": "Python 버전이 너무 낮음"},
    "cause.python_too_old.explain": {
        "en": "The Python interpreter is older than the libraries (or the model's code) require. pip then installs "
              "old releases that do not know current models, or refuses to install at all.",
        "ko": "Python 인터프리터가 라이브러리(또는 모델 코드)가 요구하는 버전보다 오래되었습니다. 그러면 pip이 "
              "최신 모델을 모르는 옛 버전을 설치하거나 아예 설치를 거부합니다.",
    },
    "cause.python_too_old.fix": {
        "en": "Use a newer Python (3.10 or later; 3.11+ for transformers 5) in a fresh virtual environment, then "
              "reinstall the libraries. On Colab, Python comes with the runtime version.",
        "ko": "새 가상 환경에서 더 최신 Python(3.10 이상, transformers 5는 3.11 이상)을 쓰고 라이브러리를 다시 "
              "설치하세요. Colab에서는 Python 버전이 런타임 버전에 따라 정해집니다.",
    },
    "cause.gpu_missing.title": {"en": "No usable GPU", "ko": "사용할 수 있는 GPU 없음"},
    "cause.gpu_missing.explain": {
        "en": "torch cannot see an NVIDIA GPU: the runtime has none (a CPU runtime on Colab), the driver is "
              "missing, or torch is a CPU-only build. Everything then runs on the CPU, which is far too slow for "
              "models of billions of parameters.",
        "ko": "torch가 NVIDIA GPU를 찾지 못했습니다. 런타임에 GPU가 없거나(Colab의 CPU 런타임), 드라이버가 없거나, "
              "torch가 CPU 전용 빌드입니다. 이 경우 모든 계산이 CPU에서 돌아가며, 수십억 개 파라미터의 모델에는 "
              "너무 느립니다.",
    },
    "cause.gpu_missing.fix": {
        "en": "On Colab: Runtime → Change runtime type → a GPU (T4 on the free tier), then run the notebook "
              "again. Elsewhere, check that nvidia-smi lists the GPU and that torch has a CUDA build.",
        "ko": "Colab: 런타임 → 런타임 유형 변경 → GPU(무료 등급은 T4)를 고른 뒤 노트북을 다시 실행하세요. 다른 "
              "환경에서는 nvidia-smi에 GPU가 보이는지, torch가 CUDA 빌드인지 확인하세요.",
    },
    "cause.bf16_unsupported.title": {"en": "No native bfloat16", "ko": "bfloat16 미지원"},
    "cause.bf16_unsupported.explain": {
        "en": "bfloat16 was asked for on a GPU that has no native bf16 (compute capability below 8.0, such as the "
              "T4 or V100). It fails, or torch emulates it slowly.",
        "ko": "bfloat16을 기본 지원하지 않는 GPU(연산 능력 8.0 미만, 예: T4, V100)에서 bfloat16을 요청했습니다. "
              "오류가 나거나 torch가 느리게 흉내 냅니다.",
    },
    "cause.bf16_unsupported.fix": {
        "en": "Load the model in float16 instead: `dtype=torch.float16` in from_pretrained "
              "(`torch_dtype=` on transformers before 4.56). Native bfloat16 needs compute capability 8.0 "
              "(A100, L4, H100).",
        "ko": "대신 float16으로 모델을 불러오세요. from_pretrained에 `dtype=torch.float16`을 지정합니다 "
              "(transformers 4.56 이전에는 `torch_dtype=`). bfloat16 네이티브 지원에는 compute capability 8.0 "
              "이상이 필요합니다 (A100, L4, H100).",
    },
    "cause.torch_cuda_mismatch.title": {"en": "torch and CUDA do not match", "ko": "torch와 CUDA 불일치"},
    "cause.torch_cuda_mismatch.explain": {
        "en": "The installed torch cannot use this GPU: it is a CPU-only build, it was built for a newer CUDA "
              "than the driver supports, or it has no kernels for this GPU's architecture.",
        "ko": "설치된 torch가 이 GPU를 쓸 수 없습니다. CPU 전용 빌드이거나, 드라이버보다 새로운 CUDA용으로 "
              "빌드되었거나, 이 GPU 아키텍처용 커널이 없습니다.",
    },
    "cause.torch_cuda_mismatch.fix": {
        "en": "Install the torch build that matches the driver (the selector on pytorch.org gives the exact "
              "command). On Colab, do not reinstall torch: restart the runtime to get its own build back.",
        "ko": "드라이버에 맞는 torch 빌드를 설치하세요(pytorch.org의 선택기가 정확한 명령을 알려 줍니다). Colab에서는 "
              "torch를 다시 설치하지 말고 런타임을 다시 시작해 원래 빌드로 되돌리세요.",
    },
    "cause.accelerate_missing.title": {"en": "accelerate is missing", "ko": "accelerate 없음"},
    "cause.accelerate_missing.explain": {
        "en": "device_map=\"auto\" and low_cpu_mem_usage need the accelerate library, which is not installed, or "
              "was installed after Python had already imported transformers.",
        "ko": "device_map=\"auto\"와 low_cpu_mem_usage에는 accelerate 라이브러리가 필요한데, 설치되어 있지 않거나 "
              "transformers를 이미 불러온 뒤에 설치되었습니다.",
    },
    "cause.accelerate_missing.fix": {
        "en": "Install accelerate, then restart the Python process (on Colab: Runtime → Restart session) so that "
              "transformers finds it.",
        "ko": "accelerate를 설치한 뒤 Python 프로세스를 다시 시작하세요(Colab: 런타임 → 세션 다시 시작). 그래야 "
              "transformers가 찾습니다.",
    },
    "cause.transformers_too_old.title": {"en": "transformers is too old", "ko": "transformers 버전이 낮음"},
    "cause.transformers_too_old.explain": {
        "en": "The installed transformers does not know this model: its architecture, its rope_scaling format or "
              "its tokenizer came in a later release.",
        "ko": "설치된 transformers가 이 모델을 모릅니다. 모델의 아키텍처, rope_scaling 형식이나 토크나이저가 더 "
              "나중 버전에 추가되었습니다.",
    },
    "cause.transformers_too_old.fix": {
        "en": "Upgrade transformers (and restart the Python process).",
        "ko": "transformers를 업그레이드하세요(그리고 Python 프로세스를 다시 시작하세요).",
    },
    "cause.disk_full.title": {"en": "Disk full", "ko": "디스크 공간 부족"},
    "cause.disk_full.explain": {
        "en": "There is not enough free disk for the download or the Hub cache. The download stops part-way; the "
              "partial files stay and take space.",
        "ko": "다운로드나 Hub 캐시에 쓸 디스크 공간이 부족합니다. 다운로드가 중간에 멈추고, 받다 만 파일이 남아 "
              "공간을 차지합니다.",
    },
    "cause.disk_full.fix": {
        "en": "Free disk space (`hf cache ls` shows what the Hub cache holds; remove models you no longer need "
              "with `hf cache rm`), or point HF_HOME at a bigger disk.",
        "ko": "디스크 공간을 확보하세요(`hf cache ls`로 Hub 캐시 내용을 보고, 필요 없는 모델은 "
              "`hf cache rm`으로 지우세요). 또는 HF_HOME을 더 큰 디스크로 지정하세요.",
    },
    "cause.cpu_ram_oom.title": {"en": "Not enough RAM", "ko": "시스템 메모리 부족"},
    "cause.cpu_ram_oom.explain": {
        "en": "The computer's RAM is too small to load the model. The operating system kills the process; on "
              "Colab the session crashes (\"Your session crashed after using all available RAM\").",
        "ko": "컴퓨터의 RAM이 모델을 불러오기에 부족합니다. 운영체제가 프로세스를 강제로 종료하며, Colab에서는 "
              "세션이 다운됩니다(\"사용 가능한 RAM을 모두 사용한 후 세션이 다운되었습니다\").",
    },
    "cause.cpu_ram_oom.fix": {
        "en": "Load straight to the GPU in 16 bits (device_map=\"auto\", torch_dtype=torch.float16) so that the "
              "weights do not pass through RAM in 32 bits, choose a smaller model, or use a runtime with more RAM.",
        "ko": "16비트로 GPU에 바로 불러와(device_map=\"auto\", torch_dtype=torch.float16) 가중치가 32비트로 RAM을 "
              "거치지 않게 하거나, 더 작은 모델을 고르거나, RAM이 더 큰 런타임을 쓰세요.",
    },
    "cause.cuda_oom.title": {"en": "GPU memory too small", "ko": "GPU 메모리 부족"},
    "cause.cuda_oom.explain": {
        "en": "The GPU's memory is too small for the model at this dtype and context length: the weights, the "
              "KV cache and the activations do not fit together.",
        "ko": "이 dtype과 컨텍스트 길이로는 GPU 메모리가 모델에 비해 작습니다. 가중치, KV 캐시, 활성값이 함께 "
              "들어가지 않습니다.",
    },
    "cause.cuda_oom.fix": {
        "en": "Load the model in 4-bit (BitsAndBytesConfig(load_in_4bit=True)), choose a smaller model, shorten "
              "the prompt and max_new_tokens, or use a GPU with more memory. Restart the runtime first: memory "
              "taken by the failed attempt is not given back.",
        "ko": "모델을 4비트로 불러오거나(BitsAndBytesConfig(load_in_4bit=True)), 더 작은 모델을 고르거나, "
              "프롬프트와 max_new_tokens를 줄이거나, 메모리가 더 큰 GPU를 쓰세요. 먼저 런타임을 다시 시작하세요. "
              "실패한 시도가 차지한 메모리는 돌아오지 않습니다.",
    },
    "cause.model_offloaded_slow.title": {"en": "Model offloaded to CPU or disk", "ko": "모델이 CPU·디스크로 오프로드됨"},
    "cause.model_offloaded_slow.explain": {
        "en": "device_map=\"auto\" put some layers on the CPU or the disk because the GPU was too small. The model "
              "still runs, but every token moves those weights again: generation becomes many times slower (the "
              "tutorial's \"wait 30 minutes\").",
        "ko": "GPU가 작아서 device_map=\"auto\"가 일부 레이어를 CPU나 디스크에 두었습니다. 모델은 돌아가지만 토큰마다 "
              "그 가중치를 다시 옮겨야 해서 생성이 몇 배나 느려집니다(튜토리얼의 \"30분 기다리기\").",
    },
    "cause.model_offloaded_slow.fix": {
        "en": "Make the model fit the GPU: load it in 4-bit, or choose a smaller model. `hf-doctor check "
              "--model ID` says which dtype fits this GPU.",
        "ko": "모델이 GPU에 들어가게 하세요. 4비트로 불러오거나 더 작은 모델을 고르세요. `hf-doctor check "
              "--model ID`가 이 GPU에 맞는 dtype을 알려 줍니다.",
    },
    "cause.network_offline.title": {"en": "The Hub cannot be reached", "ko": "Hub에 연결할 수 없음"},
    "cause.network_offline.explain": {
        "en": "The request never got an answer from the Hub: no network, offline mode (HF_HUB_OFFLINE), a proxy "
              "or TLS problem, a DNS failure, or an outage on the Hub's side.",
        "ko": "Hub로부터 응답을 받지 못했습니다. 네트워크가 없거나, 오프라인 모드(HF_HUB_OFFLINE)이거나, 프록시·TLS "
              "문제, DNS 실패, 또는 Hub 쪽 장애입니다.",
    },
    "cause.network_offline.fix": {
        "en": "Check the internet connection, and that HF_HUB_OFFLINE is not set. Behind a proxy, set HTTPS_PROXY; with a "
              "self-signed proxy certificate, point SSL_CERT_FILE at it. If HF_ENDPOINT is set, check it. The Hub's "
              "status page shows outages.",
        "ko": "인터넷 연결을 확인하고 HF_HUB_OFFLINE이 설정되어 있지 않은지 보세요. 프록시를 쓴다면 HTTPS_PROXY를 설정하고, "
              "프록시 인증서가 자체 서명이라면 SSL_CERT_FILE이 그 인증서를 가리키게 하세요. HF_ENDPOINT가 설정되어 "
              "있다면 그 값도 확인하세요. Hub 장애는 상태 페이지에서 볼 수 있습니다.",
    },
    "cause.rate_limited.title": {"en": "Rate-limited by the Hub", "ko": "Hub 요청 한도 초과"},
    "cause.rate_limited.explain": {
        "en": "The Hub answered 429 Too Many Requests: too many requests came from this address (a whole classroom "
              "behind one network, or a loop without a token).",
        "ko": "Hub가 429 Too Many Requests로 응답했습니다. 이 주소에서 요청이 너무 많았습니다(한 네트워크를 쓰는 "
              "교실 전체, 또는 토큰 없이 반복 요청).",
    },
    "cause.rate_limited.fix": {
        "en": "Wait a few minutes and try again, logged in: requests with a token get a larger quota.",
        "ko": "몇 분 기다린 뒤 로그인한 상태로 다시 시도하세요. 토큰을 보낸 요청은 한도가 더 큽니다.",
    },
    "cause.token_missing.title": {"en": "No token", "ko": "토큰 없음"},
    "cause.token_missing.explain": {
        "en": "No Hugging Face token was found where one is needed. On Colab, a secret is only visible to a "
              "notebook that was granted access, and never to a `!` shell command.",
        "ko": "토큰이 필요한데 Hugging Face 토큰을 찾지 못했습니다. Colab에서 보안 비밀은 접근 권한을 받은 노트북에만 "
              "보이며, `!` 셸 명령에서는 보이지 않습니다.",
    },
    "cause.token_missing.fix": {
        "en": "Create a Read token in your Hugging Face settings and log in with it (the prompt hides what you "
              "type). On Colab, store it as the secret HF_TOKEN and switch on its notebook access.",
        "ko": "Hugging Face 설정에서 Read 토큰을 만들고 그 토큰으로 로그인하세요(입력 내용은 화면에 보이지 않습니다). "
              "Colab에서는 HF_TOKEN이라는 보안 비밀로 저장하고 노트북 액세스를 켜세요.",
    },
    "cause.token_invalid.title": {"en": "Invalid token", "ko": "잘못된 토큰"},
    "cause.token_invalid.explain": {
        "en": "The Hub rejected the token: it is mistyped, pasted with extra characters (a space, quotes, a "
              "newline, full-width letters), revoked, or expired.",
        "ko": "Hub가 토큰을 거부했습니다. 잘못 입력했거나, 여분의 문자(공백, 따옴표, 줄바꿈, 전각 문자)와 함께 "
              "붙여 넣었거나, 폐기되었거나, 만료되었습니다.",
    },
    "cause.token_invalid.fix": {
        "en": "Copy the token again from your token settings (or create a new Read token) and log in with it, "
              "replacing the old one.",
        "ko": "토큰 설정 페이지에서 토큰을 다시 복사하거나(또는 새 Read 토큰을 만들어) 그 토큰으로 다시 로그인해 "
              "기존 토큰을 바꾸세요.",
    },
    "cause.token_scope.title": {"en": "Token lacks a permission", "ko": "토큰 권한 부족"},
    "cause.token_scope.explain": {
        "en": "The token is valid but fine-grained, and lacks the permission this needs, most often \"Read access "
              "to contents of all public gated repos you can access\" for Llama or Gemma.",
        "ko": "토큰은 유효하지만 세분화(fine-grained) 토큰이라 필요한 권한이 없습니다. Llama나 Gemma라면 대개 "
              "\"Read access to contents of all public gated repos you can access\" 권한입니다.",
    },
    "cause.token_scope.fix": {
        "en": "Edit the token on your token settings page: under Repositories, tick \"Read access to contents of "
              "all public gated repos you can access\", then save. Or create a plain Read token.",
        "ko": "토큰 설정 페이지에서 토큰을 편집하세요. Repositories 아래의 \"Read access to contents of all public "
              "gated repos you can access\"를 선택한 뒤 저장하세요. 또는 일반 Read 토큰을 새로 만드세요.",
    },
    "cause.gated_unauthenticated.title": {"en": "Gated model, no token", "ko": "게이트 모델, 토큰 없음"},
    "cause.gated_unauthenticated.explain": {
        "en": "The model is gated: its authors only let logged-in users who accepted the license download it, "
              "and the request carried no token.",
        "ko": "게이트(gated) 모델입니다. 라이선스에 동의하고 로그인한 사용자만 내려받을 수 있는데, 요청에 토큰이 "
              "없었습니다.",
    },
    "cause.gated_unauthenticated.fix": {
        "en": "Log in with a Read token, and request access on the model page if you have not yet.",
        "ko": "Read 토큰으로 로그인하고, 아직 하지 않았다면 모델 페이지에서 접근 권한을 요청하세요.",
    },
    "cause.gated_not_requested.title": {"en": "Access never requested", "ko": "접근 권한 미요청"},
    "cause.gated_not_requested.explain": {
        "en": "The model is gated and this account has not requested access: the token works, but the authors "
              "have not been asked.",
        "ko": "게이트 모델인데 이 계정으로 접근 권한을 요청한 적이 없습니다. 토큰은 정상이지만 모델 작성자에게 아직 "
              "요청하지 않았습니다.",
    },
    "cause.gated_not_requested.fix": {
        "en": "Open the model page while logged in, fill in the form and accept the license (\"Agree and access "
              "repository\"). Then try again.",
        "ko": "로그인한 상태로 모델 페이지를 열고 양식을 작성해 라이선스에 동의하세요(\"Agree and access "
              "repository\"). 그런 다음 다시 시도하세요.",
    },
    "cause.gated_pending.title": {"en": "Access request pending", "ko": "접근 요청 검토 중"},
    "cause.gated_pending.explain": {
        "en": "You requested access to this gated model and the authors have not reviewed it yet. Nothing is "
              "wrong with the token or the code.",
        "ko": "이 게이트 모델에 접근 권한을 요청했지만 작성자가 아직 검토하지 않았습니다. 토큰이나 코드에는 문제가 "
              "없습니다.",
    },
    "cause.gated_pending.fix": {
        "en": "Wait: the authors review requests by hand, which can take from minutes to days. The gated-repos "
              "settings page lists your requests and their state.",
        "ko": "기다리세요. 작성자가 직접 검토하므로 몇 분에서 며칠이 걸릴 수 있습니다. 요청과 그 상태는 "
              "gated-repos 설정 페이지에서 볼 수 있습니다.",
    },
    "cause.gated_rejected.title": {"en": "Access request rejected", "ko": "접근 요청 거절됨"},
    "cause.gated_rejected.explain": {
        "en": "The authors rejected (or reset) your request for access to this gated model.",
        "ko": "작성자가 이 게이트 모델에 대한 접근 요청을 거절(또는 초기화)했습니다.",
    },
    "cause.gated_rejected.fix": {
        "en": "See the request's state on the gated-repos settings page; a reset request can be submitted again. "
              "Or choose a model that is not gated (e.g. Qwen/Qwen2.5-1.5B-Instruct).",
        "ko": "gated-repos 설정 페이지에서 요청 상태를 확인하세요. 초기화된 요청은 다시 제출할 수 있습니다. 또는 "
              "게이트가 없는 모델(예: Qwen/Qwen2.5-1.5B-Instruct)을 고르세요.",
    },
    "cause.repo_not_found.title": {"en": "Repo not found", "ko": "저장소를 찾을 수 없음"},
    "cause.repo_not_found.explain": {
        "en": "No repo with this id is visible to you: a typo (ids are case-sensitive), a renamed repo, or a "
              "private one. The Hub answers the same 401 or 404 for all of these, so it is rarely the token's fault.",
        "ko": "이 ID의 저장소가 보이지 않습니다. 오타(ID는 대소문자를 구분합니다), 이름이 바뀐 저장소, 또는 비공개 "
              "저장소입니다. Hub는 이 모든 경우에 같은 401이나 404로 답하므로 토큰 문제인 경우는 드뭅니다.",
    },
    "cause.repo_not_found.fix": {
        "en": "Copy the repo id from the model page's title (owner/name). If the repo is private, log in with a "
              "token of an account that may read it.",
        "ko": "모델 페이지 제목에서 저장소 ID(소유자/이름)를 그대로 복사하세요. 비공개 저장소라면 읽을 권한이 있는 "
              "계정의 토큰으로 로그인하세요.",
    },
    "cause.revision_or_file_not_found.title": {"en": "Revision or file not found", "ko": "리비전 또는 파일 없음"},
    "cause.revision_or_file_not_found.explain": {
        "en": "The repo exists, but the branch, tag, commit or file that was asked for does not (for example a "
              "config.json in a repo that only holds GGUF files, or a misspelt revision).",
        "ko": "저장소는 있지만 요청한 브랜치, 태그, 커밋 또는 파일이 없습니다(예: GGUF 파일만 있는 저장소의 "
              "config.json, 잘못 쓴 리비전).",
    },
    "cause.revision_or_file_not_found.fix": {
        "en": "Check the file list and the branches on the model page (\"Files and versions\"), and use a revision "
              "and file names that exist there.",
        "ko": "모델 페이지의 \"Files and versions\"에서 파일 목록과 브랜치를 확인하고, 그곳에 있는 리비전과 파일 "
              "이름을 쓰세요.",
    },
    "cause.chat_template_missing.title": {"en": "No chat template", "ko": "채팅 템플릿 없음"},
    "cause.chat_template_missing.explain": {
        "en": "A chat-formatted prompt was sent to a model without a chat template, usually a base model (such as "
              "Llama-3.1-8B rather than Llama-3.1-8B-Instruct). Base models continue text; they do not answer.",
        "ko": "채팅 형식의 프롬프트를 채팅 템플릿이 없는 모델에 보냈습니다. 대개 베이스 모델입니다(예: "
              "Llama-3.1-8B-Instruct가 아닌 Llama-3.1-8B). 베이스 모델은 글을 이어 쓸 뿐 대답하지 않습니다.",
    },
    "cause.chat_template_missing.fix": {
        "en": "Use the Instruct (chat) version of the model, or prompt the base model with plain text to "
              "continue instead of chat messages.",
        "ko": "모델의 Instruct(채팅) 버전을 쓰거나, 베이스 모델에는 채팅 메시지 대신 이어 쓸 일반 텍스트를 주세요.",
    },
    "cause.library_missing.title": {"en": "A library is missing", "ko": "라이브러리 없음"},
    "cause.library_missing.explain": {
        "en": "A library the code imports (transformers, torch, accelerate, bitsandbytes, …) is not installed in "
              "the Python that runs it, often because pip installed it into another environment.",
        "ko": "코드가 불러오는 라이브러리(transformers, torch, accelerate, bitsandbytes 등)가 이 코드를 실행하는 "
              "Python에 설치되어 있지 않습니다. pip이 다른 환경에 설치한 경우가 많습니다.",
    },
    "cause.library_missing.fix": {
        "en": "Install it with the same Python that runs the code (python -m pip install …; in a notebook, "
              "%pip install …), then restart the Python process.",
        "ko": "코드를 실행하는 바로 그 Python으로 설치하세요(python -m pip install …, 노트북에서는 "
              "%pip install …). 그런 다음 Python 프로세스를 다시 시작하세요.",
    },
    "cause.library_conflict.title": {"en": "Libraries do not fit together", "ko": "라이브러리 버전 충돌"},
    "cause.library_conflict.explain": {
        "en": "Installed libraries require versions of each other that are not installed (for example "
              "transformers 4.x with huggingface_hub 1.x). pip warns about it, then imports fail or behave oddly.",
        "ko": "설치된 라이브러리들이 서로 다른 버전을 요구합니다(예: transformers 4.x와 huggingface_hub 1.x). pip이 "
              "경고를 내고, 이후 import가 실패하거나 이상하게 동작합니다.",
    },
    "cause.library_conflict.fix": {
        "en": "Upgrade the libraries together in one command so pip resolves them as a set, then restart the "
              "Python process; `pip check` should then report nothing.",
        "ko": "pip이 한꺼번에 맞출 수 있도록 라이브러리를 한 명령으로 함께 업그레이드하고 Python 프로세스를 다시 "
              "시작하세요. 그 뒤 `pip check`가 아무것도 보고하지 않아야 합니다.",
    },
    "cause.token_shadowed.title": {"en": "Another token wins", "ko": "다른 토큰이 우선 사용됨"},
    "cause.token_shadowed.explain": {
        "en": "The HF_TOKEN environment variable holds a different token than the one saved by `hf auth login`, "
              "and the environment variable wins: logging in again changes nothing.",
        "ko": "환경 변수 HF_TOKEN에 `hf auth login`으로 저장한 것과 다른 토큰이 있고, 환경 변수가 우선합니다. 다시 "
              "로그인해도 바뀌지 않습니다.",
    },
    "cause.token_shadowed.fix": {
        "en": "Unset HF_TOKEN (or set it to the token you mean to use).",
        "ko": "HF_TOKEN을 해제하세요(또는 쓰려는 토큰으로 설정하세요).",
    },
    "cause.remote_code.title": {"en": "The model needs its own code", "ko": "모델 전용 코드 필요"},
    "cause.remote_code.explain": {
        "en": "The model's architecture is not in transformers: it ships its own Python code, which transformers "
              "only runs when you allow it.",
        "ko": "모델의 아키텍처가 transformers에 없습니다. 모델이 자체 Python 코드를 함께 제공하며, transformers는 "
              "허용한 경우에만 그 코드를 실행합니다.",
    },
    "cause.remote_code.fix": {
        "en": "Read the model's code on the Hub, and if you trust it pass trust_remote_code=True to "
              "from_pretrained; or check whether a newer transformers supports the model natively.",
        "ko": "Hub에서 모델의 코드를 읽어 보고 믿을 수 있다면 from_pretrained에 trust_remote_code=True를 넘기세요. "
              "또는 최신 transformers가 이 모델을 기본 지원하는지 확인하세요.",
    },
    "cause.unknown.title": {"en": "Unknown", "ko": "알 수 없음"},
    "cause.unknown.explain": {
        "en": "hf-doctor does not recognise this error, so it will not guess at its cause.",
        "ko": "hf-doctor가 이 오류를 알아보지 못했습니다. 원인을 추측하지 않겠습니다.",
    },
    "cause.unknown.fix": {
        "en": "Run `hf-doctor check` (with --model and the model you use): it tests each part of the setup "
              "and names what fails.",
        "ko": "`hf-doctor check`를 실행하세요(쓰는 모델을 --model로 지정). 설정의 각 부분을 검사해 무엇이 "
              "실패하는지 알려 줍니다.",
    },
}
