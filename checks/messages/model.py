"""The model: support, fit, download and the timed generation."""

MESSAGES = {
    # ------------------------------------------------------------ model.compat
    "model.compat.skip.no_model": {
        "en": "No model given (use --model)",
        "ko": "모델이 지정되지 않았습니다 (--model 사용)",
    },
    "model.compat.skip.no_transformers": {
        "en": "transformers is not installed (see {libraries})",
        "ko": "transformers가 설치되어 있지 않습니다 ('{libraries}' 항목 참고)",
    },
    "model.compat.skip.config": {
        "en": "Cannot read {model}'s config.json: {reason}",
        "ko": "{model}의 config.json을 읽을 수 없습니다: {reason}",
    },
    "model.compat.reason.architecture": {
        "en": "this transformers does not know the {model_type} architecture",
        "ko": "설치된 transformers가 {model_type} 아키텍처를 지원하지 않음",
    },
    "model.compat.reason.rope": {
        "en": "rope scaling of type {rope_type}",
        "ko": "rope scaling 유형 {rope_type}",
    },
    "model.compat.reason.needs": {
        "en": "{reason} (needs ≥ {minimum})",
        "ko": "{reason} ({minimum} 이상 필요)",
    },
    "model.compat.too_old.summary": {
        "en": "transformers {installed} cannot load this model: {reasons}",
        "ko": "transformers {installed} 버전으로는 이 모델을 불러올 수 없습니다: {reasons}",
    },
    "model.compat.too_old.fix": {
        "en": "Upgrade transformers, then restart the Python process (on Colab: Runtime → Restart session).",
        "ko": "transformers를 업그레이드한 뒤 Python 프로세스를 다시 시작하세요 (Colab: 런타임 → 세션 다시 시작).",
    },
    "model.compat.remote_code.summary": {
        "en": "{model_type} ships its own Python code: loading it needs trust_remote_code=True, which runs that "
              "code on your machine (hf-doctor does not run it)",
        "ko": "{model_type} 모델에는 자체 Python 코드가 들어 있습니다: 불러오려면 trust_remote_code=True가 필요하며, "
              "이 옵션은 그 코드를 내 컴퓨터에서 실행합니다 (hf-doctor는 실행하지 않습니다)",
    },
    "model.compat.remote_code.fix": {
        "en": "Read the repo's modeling files before passing trust_remote_code=True, or prefer a model that "
              "transformers supports natively.",
        "ko": "trust_remote_code=True를 넘기기 전에 저장소의 모델링 파일을 직접 읽어 보거나, transformers가 기본 "
              "지원하는 모델을 쓰세요.",
    },
    "model.compat.saved_newer.summary": {
        "en": "Saved with transformers {saved_with}, newer than your {installed}: loading may fail",
        "ko": "설치된 {installed}보다 새로운 transformers {saved_with} 버전으로 저장된 모델입니다: 불러오기에 실패할 수 "
              "있습니다",
    },
    "model.compat.saved_newer.fix": {
        "en": "Upgrade transformers if loading fails.",
        "ko": "불러오기에 실패하면 transformers를 업그레이드하세요.",
    },
    "model.compat.ok": {
        "en": "transformers {installed} knows {model}",
        "ko": "transformers {installed} 버전이 {model} 모델을 지원합니다",
    },
    "model.compat.ok_rope": {
        "en": "transformers {installed} knows {model}, rope scaling {rope_type}",
        "ko": "transformers {installed} 버전이 {model} 모델을 지원합니다 (rope scaling {rope_type} 포함)",
    },

    # ------------------------------------------------------------ model.fit
    "model.fit.skip.parameters": {
        "en": "Cannot count {model}'s parameters: {reason}",
        "ko": "{model}의 파라미터 수를 셀 수 없습니다: {reason}",
    },
    "model.fit.detail.weights": {
        "en": "weights: fp32 {fp32}, 16-bit {bits16}, 8-bit {bits8}, 4-bit {bits4}",
        "ko": "가중치: fp32 {fp32}, 16비트 {bits16}, 8비트 {bits8}, 4비트 {bits4}",
    },
    "model.fit.detail.kv_cache": {
        "en": "KV cache for {tokens} tokens: {size}",
        "ko": "토큰 {tokens}개의 KV 캐시: {size}",
    },
    "model.fit.detail.kv_cache_unknown": {
        "en": "KV cache for {tokens} tokens: unknown (config.json not readable)",
        "ko": "토큰 {tokens}개의 KV 캐시: 알 수 없음 (config.json을 읽을 수 없음)",
    },
    "model.fit.detail.overhead": {
        "en": "overhead: {cuda} CUDA context + {share} of the weights",
        "ko": "추가 메모리: CUDA 컨텍스트 {cuda} + 가중치의 {share}",
    },
    "model.fit.gpu_simulated": {
        "en": "{name} (simulated)",
        "ko": "{name} (시뮬레이션)",
    },
    "model.fit.smaller_gated": {
        "en": "{repo} ({billions} B, gated)",
        "ko": "{repo} ({billions} B, 접근 승인 필요)",
    },
    "model.fit.no_disk.summary": {
        "en": "The download ({download}) is larger than the free disk ({free}) for the Hub cache",
        "ko": "다운로드할 크기({download})가 Hub 캐시의 남은 디스크 공간({free})보다 큽니다",
    },
    "model.fit.no_disk.fix": {
        "en": "Free disk space, or set HF_HOME to a bigger disk before running.",
        "ko": "디스크 공간을 확보하거나, 실행하기 전에 HF_HOME을 더 큰 디스크로 지정하세요.",
    },
    "model.fit.fits_gpu": {
        "en": "{params} parameters fit on the {gpu} in {dtype}: {need} of {budget}",
        "ko": "{params} 파라미터 모델이 {gpu}에 {dtype} 형식으로 들어갑니다: {budget} 중 {need}",
    },
    "model.fit.fits_4bit": {
        "en": "{params} parameters fit on the {gpu} in 4-bit, as chosen: {need} of {budget}",
        "ko": "선택한 대로 4비트로 불러오면 {params} 파라미터 모델이 {gpu}에 들어갑니다: {budget} 중 {need}",
    },
    "model.fit.quantized.summary": {
        "en": "{params} parameters do not fit on the {gpu} in 16 bits ({need} > {budget}); in 4-bit they take "
              "{need4}",
        "ko": "{params} 파라미터 모델은 16비트로는 {gpu}에 들어가지 않습니다 ({need} > {budget}). 4비트로 불러오면 "
              "{need4}만 필요합니다",
    },
    "model.fit.quantized.fix": {
        "en": "Load it in 4-bit (needs bitsandbytes and a CUDA GPU): `{code}`.",
        "ko": "4비트로 불러오세요 (bitsandbytes와 CUDA GPU가 필요합니다): `{code}`.",
    },
    "model.fit.quantized.fix_smaller": {
        "en": "Load it in 4-bit (needs bitsandbytes and a CUDA GPU): `{code}`. Or a smaller model that fits in "
              "{dtype}: {smaller}.",
        "ko": "4비트로 불러오세요 (bitsandbytes와 CUDA GPU가 필요합니다): `{code}`. 또는 {dtype} 형식으로 들어가는 "
              "더 작은 모델을 쓰세요: {smaller}.",
    },
    "model.fit.offload.summary": {
        "en": "{params} parameters fit only with {offloaded} offloaded to CPU RAM: about {slowdown}× slower per token",
        "ko": "{params} 파라미터 모델은 {offloaded}만큼을 CPU RAM으로 오프로드해야만 들어갑니다: 토큰마다 약 {slowdown}배 "
              "느려집니다",
    },
    "model.fit.offload.fix": {
        "en": "device_map=\"auto\" will place the rest in RAM and move it over PCIe for every token. Use a bigger GPU.",
        "ko": "device_map=\"auto\"는 GPU에 들어가지 않는 나머지를 RAM에 두고, 토큰마다 PCIe로 옮겨 옵니다. 더 큰 GPU를 "
              "쓰세요.",
    },
    "model.fit.offload.fix_smaller": {
        "en": "device_map=\"auto\" will place the rest in RAM and move it over PCIe for every token. Use a bigger "
              "GPU, or a smaller model: {smaller}.",
        "ko": "device_map=\"auto\"는 GPU에 들어가지 않는 나머지를 RAM에 두고, 토큰마다 PCIe로 옮겨 옵니다. 더 큰 GPU나 "
              "더 작은 모델을 쓰세요: {smaller}.",
    },
    "model.fit.no_fit.summary": {
        "en": "{params} parameters do not fit: {need16} in 16 bits, {need4} in 4-bit, against {budget} on the {gpu}",
        "ko": "{params} 파라미터 모델이 들어가지 않습니다: 16비트로 {need16}, 4비트로도 {need4}가 필요하지만 {gpu}에는 "
              "{budget}밖에 없습니다",
    },
    "model.fit.no_fit.fix": {
        "en": "Use a bigger GPU.",
        "ko": "더 큰 GPU를 쓰세요.",
    },
    "model.fit.no_fit.fix_smaller": {
        "en": "Use a bigger GPU, or a smaller model: {smaller}.",
        "ko": "더 큰 GPU나 더 작은 모델을 쓰세요: {smaller}.",
    },
    "model.fit.cpu.unknown": {
        "en": "No GPU, and this machine's free memory cannot be read",
        "ko": "GPU가 없고, 이 컴퓨터의 사용 가능한 메모리를 읽을 수 없습니다",
    },
    "model.fit.cpu.fits": {
        "en": "No GPU: {params} parameters fit in RAM in {dtype} ({need} of {free} available); generation runs on "
              "the CPU, slowly",
        "ko": "GPU 없음: {params} 파라미터 모델이 {dtype} 형식으로 RAM에 들어갑니다 (사용 가능한 {free} 중 {need}). 생성은 "
              "CPU에서 느리게 실행됩니다",
    },
    "model.fit.cpu.no_fit": {
        "en": "No GPU, and {params} parameters need {need} of RAM; {free} is available",
        "ko": "GPU가 없고, {params} 파라미터 모델에는 RAM이 {need} 필요하지만 사용 가능한 RAM은 {free}뿐입니다",
    },
    "model.fit.cpu.fix": {
        "en": "Use a machine with a GPU (on Colab: Runtime → Change runtime type → T4 GPU).",
        "ko": "GPU가 있는 환경을 쓰세요 (Colab: 런타임 → 런타임 유형 변경 → T4 GPU).",
    },
    "model.fit.cpu.fix_smaller": {
        "en": "Use a machine with a GPU (on Colab: Runtime → Change runtime type → T4 GPU), or a smaller model: "
              "{smaller}.",
        "ko": "GPU가 있는 환경(Colab: 런타임 → 런타임 유형 변경 → T4 GPU)을 쓰거나 더 작은 모델을 쓰세요: {smaller}.",
    },

    # ------------------------------------------------------------ model.download
    "model.download.files.one": {
        "en": "{count} file",
        "ko": "파일 {count}개",
    },
    "model.download.files.many": {
        "en": "{count} files",
        "ko": "파일 {count}개",
    },
    "model.download.disk.summary": {
        "en": "{size} to download, {free} free for the Hub cache",
        "ko": "받아야 할 크기는 {size}인데 Hub 캐시의 남은 공간은 {free}입니다",
    },
    "model.download.disk.fix": {
        "en": "Free disk space, or set HF_HOME to a bigger disk, then run again.",
        "ko": "디스크 공간을 확보하거나 HF_HOME을 더 큰 디스크로 지정한 뒤 다시 실행하세요.",
    },
    "model.download.notify": {
        "en": "Downloading {files} of {repo}, {size} (of {total} needed): {listing}",
        "ko": "{repo}에서 {files}({size}, 필요한 {total} 중)를 다운로드합니다: {listing}",
    },
    "model.download.failed.summary": {
        "en": "The download stopped: {reason}",
        "ko": "다운로드가 중단되었습니다: {reason}",
    },
    "model.download.failed.fix": {
        "en": "Run the same command again: finished files are kept and the download continues where it stopped.",
        "ko": "같은 명령을 다시 실행하세요. 다 받은 파일은 그대로 두고, 멈춘 곳부터 이어서 다운로드합니다.",
    },
    "model.download.cached": {
        "en": "All {files} ({size}) already in the cache",
        "ko": "필요한 {files}({size})가 모두 이미 캐시에 있습니다",
    },
    "model.download.cached_left_out": {
        "en": "All {files} ({size}) already in the cache; left out {skipped} ({skipped_size}) that transformers "
              "never reads",
        "ko": "필요한 {files}({size})가 모두 이미 캐시에 있습니다. transformers가 읽지 않는 {skipped}({skipped_size})는 "
              "제외했습니다",
    },
    "model.download.done": {
        "en": "Downloaded {done} of {files}, {size} in {seconds} s at {speed} MB/s",
        "ko": "{files} 중 {done}개를 다운로드했습니다 ({size}, {seconds}초, {speed} MB/s)",
    },
    "model.download.done_left_out": {
        "en": "Downloaded {done} of {files}, {size} in {seconds} s at {speed} MB/s; left out {skipped} "
              "({skipped_size}) that transformers never reads",
        "ko": "{files} 중 {done}개를 다운로드했습니다 ({size}, {seconds}초, {speed} MB/s). transformers가 읽지 않는 "
              "{skipped}({skipped_size})는 제외했습니다",
    },
    "model.download.done_instant": {
        "en": "Downloaded {done} of {files}, {size} in {seconds} s",
        "ko": "{files} 중 {done}개를 다운로드했습니다 ({size}, {seconds}초)",
    },
    "model.download.done_instant_left_out": {
        "en": "Downloaded {done} of {files}, {size} in {seconds} s; left out {skipped} ({skipped_size}) that "
              "transformers never reads",
        "ko": "{files} 중 {done}개를 다운로드했습니다 ({size}, {seconds}초). transformers가 읽지 않는 "
              "{skipped}({skipped_size})는 제외했습니다",
    },

    # ------------------------------------------------------------ model.generate
    "model.generate.skip.not_cached": {
        "en": "The model's files are not in the cache: {reason}",
        "ko": "모델 파일이 캐시에 없습니다: {reason}",
    },
    "model.generate.child.timeout": {
        "en": "timeout after {seconds} s",
        "ko": "{seconds}초 후 시간 초과",
    },
    "model.generate.child.exit_code": {
        "en": "exit code {code}",
        "ko": "종료 코드 {code}",
    },
    "model.generate.child.signal": {
        "en": "killed by signal {signal} (often: out of memory)",
        "ko": "시그널 {signal}에 의해 강제 종료됨 (대개 메모리 부족)",
    },
    "model.generate.child.no_result": {
        "en": "the child process returned no result",
        "ko": "자식 프로세스가 결과를 돌려주지 않았습니다",
    },
    "model.generate.incomplete.summary": {
        "en": "The generation did not complete: {error}",
        "ko": "생성을 끝내지 못했습니다: {error}",
    },
    "model.generate.incomplete.fix_timeout": {
        "en": "The child process was stopped; hf-doctor is fine. A load or generation this slow usually means "
              "the model is offloaded to CPU or disk: see {fit}.",
        "ko": "생성을 맡은 자식 프로세스가 중단되었을 뿐 hf-doctor에는 문제가 없습니다. 불러오기나 생성이 이렇게 "
              "느리면 대개 모델 일부가 CPU나 디스크로 오프로드된 것입니다. '{fit}' 항목을 확인하세요.",
    },
    "model.generate.incomplete.fix": {
        "en": "The child process was stopped; hf-doctor is fine. See {fit} for the memory this model needs.",
        "ko": "생성을 맡은 자식 프로세스가 중단되었을 뿐 hf-doctor에는 문제가 없습니다. 이 모델에 필요한 메모리는 "
              "'{fit}' 항목을 확인하세요.",
    },
    "model.generate.seconds": {
        "en": "{seconds} s",
        "ko": "{seconds}초",
    },
    "model.generate.numbers": {
        "en": "{tokens} tokens on the {device} ({dtype}): load {load} s, first token {ttft}, {speed} tokens/s",
        "ko": "{device}에서 토큰 {tokens}개 생성 ({dtype}): 로드 {load}초, 첫 토큰 {ttft}, {speed} tokens/s",
    },
    "model.generate.numbers_expected": {
        "en": "{tokens} tokens on the {device} ({dtype}): load {load} s, first token {ttft}, {speed} tokens/s "
              "({share} of the ~{expected} expected)",
        "ko": "{device}에서 토큰 {tokens}개 생성 ({dtype}): 로드 {load}초, 첫 토큰 {ttft}, {speed} tokens/s "
              "(이 하드웨어의 예상치 ~{expected}의 {share})",
    },
    "model.generate.numbers_one_token": {
        "en": "{tokens} tokens on the {device} ({dtype}): load {load} s, first token {ttft}, no decode rate "
              "(one token)",
        "ko": "{device}에서 토큰 {tokens}개 생성 ({dtype}): 로드 {load}초, 첫 토큰 {ttft}, 디코딩 속도 없음 "
              "(토큰 1개)",
    },
    "model.generate.offloaded.summary": {
        "en": "Offloaded ({cpu} layers on CPU, {disk} on disk): {numbers}",
        "ko": "오프로드됨 (CPU에 레이어 {cpu}개, 디스크에 {disk}개): {numbers}",
    },
    "model.generate.offloaded.fix": {
        "en": "Part of the model did not fit on the GPU, so every token waits for weights to cross PCIe (or come "
              "from disk). Load it in 4-bit or pick a smaller model: see {fit}.",
        "ko": "모델 일부가 GPU에 들어가지 않아, 토큰마다 가중치를 PCIe로(또는 디스크에서) 가져오느라 기다립니다. "
              "4비트로 불러오거나 더 작은 모델을 고르세요. '{fit}' 항목을 참고하세요.",
    },
    "model.generate.no_chat_template.summary": {
        "en": "No chat template (a base model), so the prompt was continued as plain text: {numbers}",
        "ko": "채팅 템플릿이 없는 모델(베이스 모델)이라 프롬프트를 일반 텍스트처럼 이어 썼습니다: {numbers}",
    },
    "model.generate.no_chat_template.fix": {
        "en": "A base model continues text; for answers to a chat prompt use the model's -Instruct variant "
              "(e.g. meta-llama/Llama-3.1-8B-Instruct instead of meta-llama/Llama-3.1-8B).",
        "ko": "베이스 모델은 주어진 텍스트를 이어 쓸 뿐입니다. 채팅 프롬프트에 답을 받으려면 같은 모델의 -Instruct "
              "버전을 쓰세요 (예: meta-llama/Llama-3.1-8B 대신 meta-llama/Llama-3.1-8B-Instruct).",
    },
    "model.generate.slow.summary": {
        "en": "Slow: {numbers}; likely {reason}",
        "ko": "느립니다: {numbers}. 추정 원인: {reason}",
    },
    "model.generate.slow.fix": {
        "en": "Check {fit} and the GPU rows above for the dtype and placement this machine needs.",
        "ko": "이 컴퓨터에 맞는 dtype과 배치는 위의 '{fit}' 항목과 GPU 항목을 확인하세요.",
    },
    "model.generate.slow.reason.cpu": {
        "en": "the CPU: no GPU is used",
        "ko": "CPU에서 실행됨 (GPU를 쓰지 않음)",
    },
    "model.generate.slow.reason.float32": {
        "en": "float32 weights: twice the bytes of 16-bit",
        "ko": "float32 가중치 (16비트보다 두 배 큼)",
    },
    "model.generate.slow.reason.bf16_emulated": {
        "en": "bfloat16 emulated on a GPU without native support",
        "ko": "bfloat16을 기본 지원하지 않는 GPU에서 에뮬레이션으로 실행됨",
    },
    "model.generate.slow.reason.busy": {
        "en": "a busy GPU or host (another process?)",
        "ko": "GPU나 호스트가 다른 작업으로 바쁨 (다른 프로세스가 실행 중인지 확인)",
    },
    "model.generate.detail.answer": {
        "en": "answer: {text}",
        "ko": "답변: {text}",
    },
    "model.generate.detail.prompt_eos": {
        "en": "prompt {tokens} tokens, stopped on an end-of-turn token",
        "ko": "프롬프트 토큰 {tokens}개, 턴 종료 토큰에서 멈춤",
    },
    "model.generate.detail.prompt_length": {
        "en": "prompt {tokens} tokens, stopped on the token limit",
        "ko": "프롬프트 토큰 {tokens}개, 토큰 수 한도에서 멈춤",
    },
    "model.generate.detail.layers": {
        "en": "layers: {gpu} on GPU, {cpu} on CPU, {disk} on disk",
        "ko": "레이어: GPU {gpu}개, CPU {cpu}개, 디스크 {disk}개",
    },
    "model.generate.detail.peak": {
        "en": "peak memory: {memory}",
        "ko": "최대 메모리: {memory}",
    },
    "model.generate.detail.peak_host": {
        "en": "host {size}",
        "ko": "시스템 {size}",
    },
}
