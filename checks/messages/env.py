"""The machine: Python, the runtime, libraries, GPU, torch build, memory, disk and Hub settings."""

MESSAGES = {
    # ------------------------------------------------------------ python.version
    "env.python.too_old": {
        "en": "Python {current} is too old for {name} {version} (needs Python {spec})",
        "ko": "Python {current}은(는) {name} {version}을(를) 쓰기에 너무 오래되었습니다 (Python {spec} 필요)",
    },
    "env.python.too_old.fix": {
        "en": "Use Python {minimum} or newer in a fresh virtual environment, then reinstall the libraries. "
              "On Colab the Python version comes with the runtime: Runtime → Change runtime type → "
              "the latest runtime version.",
        "ko": "새 가상 환경에서 Python {minimum} 이상을 사용하고 라이브러리를 다시 설치하세요. "
              "Colab에서는 Python 버전이 런타임에 따라 정해집니다: 런타임 → 런타임 유형 변경 → "
              "최신 런타임 버전을 선택하세요.",
    },
    "env.python.needs": {
        "en": "{name} {version} needs Python {spec}",
        "ko": "{name} {version}에는 Python {spec}이(가) 필요합니다",
    },
    "env.python.no_stack": {
        "en": "Python {current} (no ML libraries installed yet to compare with)",
        "ko": "Python {current} (비교할 ML 라이브러리가 아직 설치되지 않았습니다)",
    },
    "env.python.ok": {
        "en": "Python {current} (the installed libraries need ≥ {minimum})",
        "ko": "Python {current} (설치된 라이브러리에는 {minimum} 이상이 필요합니다)",
    },

    # ------------------------------------------------------------ runtime.platform
    "env.platform.summary": {
        "en": "{where} · {os} {release} · {arch}",
        "ko": "{where}에서 실행 중 · {os} {release} · {arch}",
    },
    "env.platform.terminal": {
        "en": "terminal",
        "ko": "터미널",
    },
    "env.platform.outside_kernel": {
        "en": "{where} (shell, outside the notebook kernel)",
        "ko": "{where} (노트북 커널 밖의 셸)",
    },

    # ------------------------------------------------------------ libs.versions
    "env.libs.ok": {
        "en": "{listing}",
        "ko": "설치됨: {listing}",
    },
    "env.libs.more": {
        "en": "{sentence} (and {count} more)",
        "ko": "{sentence} (외 {count}건)",
    },
    "env.libs.installed": {
        "en": "installed: {listing}",
        "ko": "설치됨: {listing}",
    },
    "env.libs.accelerate_missing": {
        "en": "accelerate is not installed",
        "ko": "accelerate가 설치되어 있지 않습니다",
    },
    "env.libs.accelerate_missing.fix": {
        "en": '`device_map="auto"` and `low_cpu_mem_usage=True` need accelerate. Install it, then restart '
              "the Python process (on Colab: Runtime → Restart session) so transformers sees it.",
        "ko": '`device_map="auto"`와 `low_cpu_mem_usage=True`에는 accelerate가 필요합니다. 설치한 뒤 '
              "transformers가 인식하도록 Python 프로세스를 다시 시작하세요 (Colab: 런타임 → 세션 다시 시작).",
    },
    "env.libs.missing": {
        "en": "{name} is not installed",
        "ko": "{name}이(가) 설치되어 있지 않습니다",
    },
    "env.libs.missing.fix": {
        "en": "Install {name}.",
        "ko": "{name}을(를) 설치하세요.",
    },
    "env.libs.missing.fix_torch": {
        "en": "Install torch. On Colab torch comes preinstalled: do not install another build.",
        "ko": "torch를 설치하세요. Colab에는 torch가 미리 설치되어 있으니 다른 빌드를 설치하지 마세요.",
    },
    "env.libs.transformers_predates_hub": {
        "en": "transformers {transformers} predates huggingface_hub {hub}: it catches only the requests-era Hub "
              "errors, so an access error surfaces as a raw traceback instead of a message",
        "ko": "transformers {transformers}은(는) huggingface_hub {hub}보다 오래된 버전입니다: requests 시절의 "
              "Hub 오류만 처리하므로 접근 오류가 안내 메시지 대신 traceback 그대로 나타납니다",
    },
    "env.libs.transformers_predates_hub.fix": {
        "en": "Upgrade transformers to 5.x (needs Python ≥ 3.11), or keep transformers 4.x with huggingface_hub < 1.0.",
        "ko": "transformers를 5.x로 업그레이드하거나(Python 3.11 이상 필요), transformers 4.x를 유지하려면 "
              "huggingface_hub < 1.0을 함께 쓰세요.",
    },
    "env.libs.conflict": {
        "en": "{dependant} {version} needs {requirement}, found {found}",
        "ko": "{dependant} {version}에는 {requirement}이(가) 필요하지만 설치된 버전은 {found}입니다",
    },
    "env.libs.conflict.fix_upgrade": {
        "en": "{needed} is newer than {dependant} {version} supports: upgrade {dependant}.",
        "ko": "{needed}이(가) {dependant} {version}이(가) 지원하는 버전보다 새롭습니다. "
              "{dependant}을(를) 업그레이드하세요.",
    },
    "env.libs.conflict.fix_torch": {
        "en": "{dependant} needs a newer torch. Keep the torch your runtime came with and install "
              "a {dependant} release that supports torch {found}.",
        "ko": "{dependant}에는 더 새로운 torch가 필요합니다. 런타임에 포함된 torch는 그대로 두고 "
              "torch {found}을(를) 지원하는 {dependant} 릴리스를 설치하세요.",
    },
    "env.libs.conflict.fix_install": {
        "en": "Install the {name} version {dependant} asks for.",
        "ko": "{dependant}이(가) 요구하는 {name} 버전을 설치하세요.",
    },

    # ------------------------------------------------------------ gpu.device
    "env.gpu.missing": {
        "en": "No NVIDIA GPU found",
        "ko": "NVIDIA GPU를 찾지 못했습니다",
    },
    "env.gpu.missing_simulated": {
        "en": "No GPU (simulated)",
        "ko": "GPU 없음 (시뮬레이션)",
    },
    "env.gpu.missing.fix_colab": {
        "en": "Colab gives this notebook no GPU. Runtime → Change runtime type → T4 GPU → Save, "
              "then run hf-doctor again.",
        "ko": "Colab이 이 노트북에 GPU를 할당하지 않았습니다. 런타임 → 런타임 유형 변경 → T4 GPU → 저장을 "
              "누른 뒤 hf-doctor를 다시 실행하세요.",
    },
    "env.gpu.missing.fix_kaggle": {
        "en": "This Kaggle notebook has no accelerator. Settings → Accelerator → GPU T4 x2 (needs a verified "
              "phone number), then run hf-doctor again.",
        "ko": "이 Kaggle 노트북에는 가속기가 없습니다. Settings → Accelerator → GPU T4 x2를 선택한 뒤"
              "(전화번호 인증 필요) hf-doctor를 다시 실행하세요.",
    },
    "env.gpu.missing.fix_cpu": {
        "en": "Without an NVIDIA GPU models run on the CPU: fine for the tiny demo model and slow beyond about 1B "
              "parameters. Use a machine with an NVIDIA GPU, or plan for one with `--gpu T4`.",
        "ko": "NVIDIA GPU가 없으면 모델이 CPU에서 실행됩니다. 작은 데모 모델은 괜찮지만 약 1B 파라미터를 넘으면 "
              "느립니다. NVIDIA GPU가 있는 컴퓨터를 쓰거나, `--gpu T4`로 GPU가 있다고 가정하고 미리 점검하세요.",
    },
    "env.gpu.driver_silent": {
        "en": "No NVIDIA GPU found: {error}",
        "ko": "NVIDIA GPU를 찾지 못했습니다: {error}",
    },
    "env.gpu.driver_silent.fix": {
        "en": "An NVIDIA driver seems installed but does not answer. Restart the machine; if that does "
              "not help, reinstall the NVIDIA driver.",
        "ko": "NVIDIA 드라이버가 설치되어 있는 것 같지만 응답하지 않습니다. 컴퓨터를 다시 시작하고, "
              "그래도 안 되면 NVIDIA 드라이버를 다시 설치하세요.",
    },
    "env.gpu.several": {
        "en": "{count} × {name}",
        "ko": "{name} {count}개",
    },
    "env.gpu.simulated": {
        "en": "{name} (simulated)",
        "ko": "{name} (시뮬레이션)",
    },
    "env.gpu.memory_free": {
        "en": "{total} ({free} free)",
        "ko": "{total} (여유 {free})",
    },
    "env.gpu.capability": {
        "en": "compute capability {cc}",
        "ko": "연산 능력(compute capability) {cc}",
    },
    "env.gpu.driver": {
        "en": "driver {version}",
        "ko": "드라이버 {version}",
    },
    "env.gpu.hidden": {
        "en": "{summary}, but CUDA_VISIBLE_DEVICES={value} hides it from torch",
        "ko": "{summary}, 하지만 CUDA_VISIBLE_DEVICES={value} 때문에 torch에서 보이지 않습니다",
    },
    "env.gpu.hidden.fix": {
        "en": "Unset CUDA_VISIBLE_DEVICES (or list the GPU's index) before starting Python.",
        "ko": "Python을 시작하기 전에 CUDA_VISIBLE_DEVICES 설정을 해제하거나 GPU 번호를 지정하세요.",
    },
    "env.gpu.exit_code": {
        "en": "exit code {code}",
        "ko": "종료 코드 {code}",
    },
    "env.gpu.command_timeout": {
        "en": "{program} did not answer within {seconds} s",
        "ko": "{program}이(가) {seconds}초 안에 응답하지 않았습니다",
    },

    # ------------------------------------------------------------ gpu.bf16
    "env.bf16.no_gpu": {
        "en": "No GPU: bfloat16 support does not apply",
        "ko": "GPU 없음: bfloat16 지원 여부는 해당되지 않습니다",
    },
    "env.bf16.unknown": {
        "en": "The GPU's compute capability is unknown",
        "ko": "GPU의 연산 능력(compute capability)을 알 수 없습니다",
    },
    "env.bf16.native": {
        "en": "Compute capability {cc}: native bfloat16",
        "ko": "연산 능력(compute capability) {cc}: bfloat16 네이티브 지원",
    },
    "env.bf16.emulated": {
        "en": "{name} (compute capability {cc}) has no native bfloat16: torch only emulates it, slowly",
        "ko": "{name}(compute capability {cc})은(는) bfloat16을 네이티브로 지원하지 않습니다: "
              "torch가 느리게 에뮬레이션할 뿐입니다",
    },

    # ------------------------------------------------------------ torch.build
    "env.torch.missing": {
        "en": "torch is not installed",
        "ko": "torch가 설치되어 있지 않습니다",
    },
    "env.torch.simulated": {
        "en": "torch {version} is judged on the machine that runs the model, not a simulated GPU",
        "ko": "torch {version}은(는) 시뮬레이션한 GPU가 아니라 모델을 실제로 실행할 컴퓨터에서 판단합니다",
    },
    "env.torch.no_gpu_cuda": {
        "en": "{what}: a CUDA build; no GPU here, so it runs on the CPU",
        "ko": "{what}: CUDA 빌드입니다. 이 컴퓨터에는 GPU가 없어 CPU에서 실행됩니다",
    },
    "env.torch.no_gpu_cpu": {
        "en": "{what}: a CPU-only build; no GPU here, so it runs on the CPU",
        "ko": "{what}: CPU 전용 빌드입니다. 이 컴퓨터에는 GPU가 없어 CPU에서 실행됩니다",
    },
    "env.torch.cpu_only": {
        "en": "{what} is a CPU-only build, but this machine has an NVIDIA {gpu}",
        "ko": "{what}은(는) CPU 전용 빌드지만 이 컴퓨터에는 NVIDIA {gpu}이(가) 있습니다",
    },
    "env.torch.rocm": {
        "en": "{what} is a ROCm build, but this machine has an NVIDIA {gpu}",
        "ko": "{what}은(는) ROCm 빌드지만 이 컴퓨터에는 NVIDIA {gpu}이(가) 있습니다",
    },
    "env.torch.no_kernels": {
        "en": "{what} has no kernels for the {gpu} (compute capability {cc})",
        "ko": "{what}에는 {gpu}(compute capability {cc})용 커널이 없습니다",
    },
    "env.torch.no_kernels.fix": {
        "en": "CUDA 12 dropped Kepler GPUs such as the K80: current torch cannot use this card. "
              "Use a newer GPU (on Colab or Kaggle, a T4).",
        "ko": "CUDA 12부터 K80 같은 Kepler GPU 지원이 빠져 현재 torch로는 이 카드를 쓸 수 없습니다. "
              "더 새로운 GPU를 사용하세요 (Colab이나 Kaggle에서는 T4).",
    },
    "env.torch.driver_too_old": {
        "en": "{what} needs a driver for CUDA {cuda}; driver {driver} supports CUDA {driver_cuda} at most",
        "ko": "{what}에는 CUDA {cuda}용 드라이버가 필요하지만 드라이버 {driver}은(는) 최대 CUDA {driver_cuda}까지만 "
              "지원합니다",
    },
    "env.torch.ok": {
        "en": "{what}",
        "ko": "{what} 빌드",
    },
    "env.torch.ok_driver": {
        "en": "{what}; driver supports CUDA {driver_cuda}",
        "ko": "{what} 빌드, 드라이버는 CUDA {driver_cuda}까지 지원합니다",
    },
    "env.torch.fix.install": {
        "en": "Install a torch built for a CUDA the driver supports.",
        "ko": "드라이버가 지원하는 CUDA용으로 빌드된 torch를 설치하세요.",
    },
    "env.torch.fix.install_max": {
        "en": "Install a torch built for a CUDA the driver supports (≤ {driver}).",
        "ko": "드라이버가 지원하는 CUDA(≤ {driver})용으로 빌드된 torch를 설치하세요.",
    },
    "env.torch.fix.update_max": {
        "en": "Update the NVIDIA driver, or install a torch built for a CUDA the driver supports (≤ {driver}).",
        "ko": "NVIDIA 드라이버를 업데이트하거나, 드라이버가 지원하는 CUDA(≤ {driver})용으로 빌드된 torch를 설치하세요.",
    },
    "env.torch.fix.colab": {
        "en": "On Colab, Runtime → Disconnect and delete runtime restores the torch the runtime came with.",
        "ko": "Colab에서는 런타임 → 런타임 연결 해제 및 삭제를 실행하면 런타임에 원래 포함된 torch로 돌아갑니다.",
    },

    # ------------------------------------------------------------ host.memory
    "env.memory.unreadable": {
        "en": "Cannot read this machine's memory size",
        "ko": "이 컴퓨터의 메모리 크기를 읽을 수 없습니다",
    },
    "env.memory.total": {
        "en": "{total} total",
        "ko": "전체 {total}",
    },
    "env.memory.ok": {
        "en": "{total} total, {available} available",
        "ko": "전체 {total}, 사용 가능 {available}",
    },
    "env.memory.low": {
        "en": "Only {available} of RAM available ({total} total)",
        "ko": "사용 가능한 RAM이 {available}뿐입니다 (전체 {total})",
    },
    "env.memory.low.fix": {
        "en": "Loading a model passes its weights through RAM: free memory (close other notebooks; on Colab, "
              "Runtime → Restart session) or choose a smaller model (1B parameters ≈ 2.5 GB in 16 bits).",
        "ko": "모델을 불러올 때 가중치가 RAM을 거쳐 갑니다. 메모리를 확보하거나(다른 노트북 닫기, Colab에서는 "
              "런타임 → 세션 다시 시작) 더 작은 모델을 고르세요 (16비트 기준 1B 파라미터 ≈ 2.5 GB).",
    },

    # ------------------------------------------------------------ disk.space
    "env.disk.unmeasurable": {
        "en": "Cannot measure free space for {cache}",
        "ko": "{cache}의 여유 공간을 측정할 수 없습니다",
    },
    "env.disk.ok": {
        "en": "{free} free of {total} for the Hub cache ({cache})",
        "ko": "Hub 캐시 여유 공간 {free} / 전체 {total} ({cache})",
    },
    "env.disk.low": {
        "en": "Only {free} free for the Hub cache ({cache})",
        "ko": "Hub 캐시의 여유 공간이 {free}뿐입니다 ({cache})",
    },
    "env.disk.low.fix": {
        "en": "Free space, or move the cache to a bigger disk by setting HF_HOME (or HF_HUB_CACHE) before running. "
              "`{list_cache}` shows what the cache holds; delete only what you no longer need.",
        "ko": "공간을 확보하거나, 실행 전에 HF_HOME(또는 HF_HUB_CACHE)을 설정해 캐시를 더 큰 디스크로 옮기세요. "
              "`{list_cache}`로 캐시 내용을 확인하고 더 이상 필요 없는 것만 지우세요.",
    },

    # ------------------------------------------------------------ hub.settings
    "env.settings.default": {
        "en": "Default endpoint, online, no proxy",
        "ko": "기본 엔드포인트, 온라인, 프록시 없음",
    },
    "env.settings.custom_endpoint": {
        "en": "endpoint {endpoint} (not the default {default})",
        "ko": "엔드포인트 {endpoint} (기본값 {default} 아님)",
    },
    "env.settings.offline_note": {
        "en": "offline mode (HF_HUB_OFFLINE)",
        "ko": "오프라인 모드 (HF_HUB_OFFLINE)",
    },
    "env.settings.proxy": {
        "en": "proxy from {variables}",
        "ko": "프록시 사용 ({variables})",
    },
    "env.settings.token_variable": {
        "en": "{name} set",
        "ko": "{name} 설정됨",
    },
    "env.settings.token_variable_and_login": {
        "en": "{name} set and a saved login",
        "ko": "{name} 설정됨, 저장된 로그인 있음",
    },
    "env.settings.saved_login": {
        "en": "saved login",
        "ko": "저장된 로그인 있음",
    },
    "env.settings.implicit_token_disabled": {
        "en": "HF_HUB_DISABLE_IMPLICIT_TOKEN is set: the token is sent only where code passes it explicitly",
        "ko": "HF_HUB_DISABLE_IMPLICIT_TOKEN이 설정되어 있습니다: 코드에서 명시적으로 넘길 때만 토큰을 보냅니다",
    },
    "env.settings.hf_transfer_ignored": {
        "en": "HF_HUB_ENABLE_HF_TRANSFER is set: huggingface_hub ≥ 1.0 ignores it",
        "ko": "HF_HUB_ENABLE_HF_TRANSFER가 설정되어 있지만 huggingface_hub 1.0 이상은 이 설정을 무시합니다",
    },
    "env.settings.offline": {
        "en": "Offline mode is on (HF_HUB_OFFLINE): nothing can be downloaded, only cached files load",
        "ko": "오프라인 모드가 켜져 있습니다 (HF_HUB_OFFLINE): 아무것도 다운로드할 수 없고 캐시된 파일만 불러옵니다",
    },
    "env.settings.offline.fix": {
        "en": "Unset HF_HUB_OFFLINE (and TRANSFORMERS_OFFLINE) to reach the Hub.",
        "ko": "Hub에 접속하려면 HF_HUB_OFFLINE(및 TRANSFORMERS_OFFLINE) 설정을 해제하세요.",
    },
    "env.settings.proxy_local": {
        "en": "Requests to the local endpoint {endpoint} would go through the proxy ({proxies})",
        "ko": "로컬 엔드포인트 {endpoint}로 가는 요청이 프록시({proxies})를 거치게 됩니다",
    },
    "env.settings.proxy_local.fix": {
        "en": "Exempt the local address from the proxy.",
        "ko": "로컬 주소를 프록시 예외에 추가하세요.",
    },
}
