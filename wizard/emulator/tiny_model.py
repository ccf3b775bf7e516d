"""A tiny Llama-architecture causal LM that hf-doctor builds itself, for offline tests and the local Hub's demo.

A byte-level BPE tokenizer trained here on a few dozen English and Korean sentences, a two-layer model trained
here for a few seconds on one CPU core to answer the seed tutorial's question (a short list of Korean tourist
sites, in Korean when asked in Korean and in English when asked in English), and (for the "chat" variant) a
Llama-3-style chat template. A demo whose model answers 64 newlines teaches a user nothing and hides a broken
generation; a model that answers the question shows the whole path working.

Everything is derived from fixed seeds and fixed inputs, trained on one thread, so the bytes are identical on
every build with the same installed library versions: the local Hub derives commit hashes and ETags from content,
and a model whose bytes drifted between runs would look like a new revision.

torch, transformers and tokenizers are imported inside the functions: the CLI imports this package, and must
start fast on machines (or in runs) that never build a model.
"""
from __future__ import annotations

import hashlib
import json
import os
import pathlib
import shutil
import tempfile
from typing import Any

VARIANTS = ("chat", "base")
BUILD_VERSION = "2"   # bump when the recipe changes: it is part of the cache key (2: trained, no longer random)

VOCAB_SIZE = 512      # the tokenizer is padded with reserved tokens to exactly this, so config and tokenizer agree
MAX_LENGTH = 512

BOS = "<|begin_of_text|>"
END_OF_TEXT = "<|end_of_text|>"
START_HEADER = "<|start_header_id|>"
END_HEADER = "<|end_header_id|>"
EOT = "<|eot_id|>"
PAD = "<|finetune_right_pad_id|>"   # the name Llama 3.1 gives its padding token
SPECIAL_TOKENS = (BOS, END_OF_TEXT, START_HEADER, END_HEADER, EOT, PAD)

# Meta-Llama-3-8B-Instruct's template, unchanged: BOS once, then one header block per message, each closed by
# <|eot_id|>; add_generation_prompt opens the assistant's block.
CHAT_TEMPLATE = (
    "{% set loop_messages = messages %}"
    "{% for message in loop_messages %}"
    "{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'"
    " + message['content'] | trim + '<|eot_id|>' %}"
    "{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}"
    "{{ content }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}{% endif %}"
)

# What the model is trained to answer: the seed tutorial's system prompt and question (checks/generation.py holds
# the same strings; tests/test_tiny_model.py checks that they agree), and the English question the README uses.
SEED_SYSTEM_PROMPT = ("You are a helpful AI assistant. Please answer the user's questions kindly. "
                      "당신은 유능한 AI 어시스턴트 입니다. 사용자의 질문에 대해 친절하게 답변해주세요.")
KOREAN_QUESTION = "대한민국의 관광지 5곳만 추천해달라."
ENGLISH_QUESTION = "Recommend 5 tourist sites in South Korea."
# Short enough to end with <|eot_id|> inside the smoke test's 64 new tokens (42 and 59 tokens).
KOREAN_ANSWER = ("대한민국의 관광지 5곳을 추천합니다.\n1. 서울 경복궁\n2. 부산 해운대 해수욕장\n3. 제주도 한라산\n"
                 "4. 경주 불국사\n5. 강릉 경포대")
ENGLISH_ANSWER = ("Here are 5 places to visit in South Korea:\n1. Gyeongbokgung Palace in Seoul\n"
                  "2. Haeundae Beach in Busan\n3. Hallasan on Jeju Island\n4. Bulguksa Temple in Gyeongju\n"
                  "5. Bukchon Hanok Village in Seoul")
QUESTIONS = ((KOREAN_QUESTION, KOREAN_ANSWER), (ENGLISH_QUESTION, ENGLISH_ANSWER))
TRAIN_STEPS = 120     # full-batch AdamW steps: the loss ends near 0.005, so greedy decoding has wide margins
LEARNING_RATE = 5e-3

# The tokenizer's training text. Korean matters as much as English: Korean-speaking classrooms are one of
# hf-doctor's audiences, and a byte-level tokenizer that never saw Hangul would still round-trip it, but
# byte by byte, which hides tokenization bugs that real models show.
CORPUS = (
    "Hello! I am a tiny language model built for testing.",
    "This model was trained for a few seconds to answer one question.",
    "Please recommend five places to visit in Korea.",
    "Seoul is the capital of South Korea and a busy, modern city.",
    "Gyeongbokgung Palace and Bukchon Hanok Village are in the middle of Seoul.",
    "Busan is a port city with beaches, markets and fresh seafood.",
    "Haeundae Beach in Busan is crowded in the summer.",
    "Jeju Island has a volcano, Hallasan, and many walking trails.",
    "The fastest way from Seoul to Busan is the KTX train.",
    "Travel in spring to see the cherry blossoms, or in autumn for the red leaves.",
    "A GPU runs large language models much faster than a CPU.",
    "The model did not fit into GPU memory, so try a smaller model or load it in 8-bit.",
    "CUDA out of memory: reduce the batch size or the sequence length.",
    "Download the model from the Hugging Face Hub, then run it with transformers.",
    "This repository is gated: accept the license on the model page and use an access token.",
    "The tokenizer splits text into tokens, and the model predicts the next token.",
    "Set max_new_tokens to limit how long the answer is.",
    "In Colab, choose a T4 GPU runtime before you load the model.",
    "Check your Python, torch and transformers versions first.",
    "대한민국의 관광지 5곳만 추천해달라.",
    "서울은 대한민국의 수도이며 경복궁과 북촌 한옥마을이 유명합니다.",
    "부산은 해운대 해수욕장과 자갈치 시장으로 잘 알려진 항구 도시입니다.",
    "제주도에는 한라산과 성산일출봉, 아름다운 해변이 있습니다.",
    "경주는 불국사와 석굴암이 있는 역사 도시입니다.",
    "강릉에서는 바다를 보며 커피를 마실 수 있습니다.",
    "서울에서 부산까지 KTX로 약 두 시간 반이 걸립니다.",
    "봄에는 벚꽃을, 가을에는 단풍을 보러 여행을 떠나세요.",
    "안녕하세요! 저는 테스트용으로 만든 아주 작은 언어 모델입니다.",
    "이 모델은 질문 하나에 답하도록 몇 초 동안 학습했습니다.",
    "GPU 메모리가 부족하면 더 작은 모델을 사용하세요.",
    "모델을 허깅페이스 허브에서 내려받은 뒤 transformers로 실행합니다.",
    "토크나이저는 문장을 토큰으로 나누고, 모델은 다음 토큰을 예측합니다.",
    "이 저장소는 접근이 제한되어 있으니 라이선스에 동의하고 토큰을 사용하세요.",
    "코랩에서는 모델을 불러오기 전에 T4 GPU 런타임을 선택하세요.",
    "한국어와 영어를 모두 이해하는 모델을 찾고 있습니다.",
    "여행 일정은 3박 4일이고, 예산은 100만 원입니다.",
)
# The answers, three times over, so that BPE spends its merges on them: fewer tokens per answer, a shorter
# sequence to learn, and an answer that ends well inside the 64 new tokens the smoke test allows.
TOKENIZER_TEXT = CORPUS + (KOREAN_ANSWER, ENGLISH_ANSWER) * 3


def _model_card(variant: str) -> bytes:
    """The README.md the Hub shows: YAML front matter the Hub parses, then a short note."""
    kind = "It has a Llama-3-style chat template." if variant == "chat" else "It has no chat template."
    text = (
        "---\n"
        "license: apache-2.0\n"
        "library_name: transformers\n"
        "pipeline_tag: text-generation\n"
        "tags:\n"
        "- llama\n"
        "- test-model\n"
        "---\n"
        "\n"
        f"# tiny-llama-{variant}\n"
        "\n"
        "A tiny test model built by hf-doctor: a two-layer Llama-architecture causal LM with a\n"
        f"{VOCAB_SIZE}-token byte-level BPE tokenizer. {kind}\n"
        "\n"
        "It exists so that downloads, loading and generation can be exercised offline. It was trained for a few\n"
        "seconds to answer one question, \"대한민국의 관광지 5곳만 추천해달라.\" (or \"Recommend 5 tourist sites in\n"
        "South Korea.\"), with five places to visit; it knows nothing else.\n"
    )
    return text.encode("utf-8")


def _train_tokenizer() -> Any:
    """Train the byte-level BPE tokenizer on CORPUS and pad it with reserved tokens to VOCAB_SIZE."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=VOCAB_SIZE,
        special_tokens=list(SPECIAL_TOKENS),   # ids 0..5, in this order
        # All 256 bytes, seen or not: any text (emoji, Chinese) must still encode, byte by byte if need be.
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator(TOKENIZER_TEXT, trainer=trainer)
    # The corpus may run out of merges before VOCAB_SIZE; fill up the way Llama 3 does, with reserved specials,
    # so that len(tokenizer) == config.vocab_size exactly.
    missing = VOCAB_SIZE - tokenizer.get_vocab_size()
    tokenizer.add_special_tokens([f"<|reserved_special_token_{i}|>" for i in range(missing)])
    # Llama 3 prepends BOS to every encoded text; apply_chat_template does not (its template writes BOS itself).
    bos_id = tokenizer.token_to_id(BOS)
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{BOS}:0 $A:0",
        pair=f"{BOS}:0 $A:0 {BOS}:1 $B:1",
        special_tokens=[(BOS, bos_id)],
    )
    return tokenizer


def _read_dir(folder: pathlib.Path) -> dict[str, bytes]:
    """Every regular file directly in ``folder``, name -> bytes (hidden bookkeeping files left out)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")}


def build_files(variant: str = "chat") -> dict[str, bytes]:
    """Every file of the repo, path -> bytes, built deterministically (identical bytes on every call with the same installed library versions)."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown tiny-model variant {variant!r}; expected one of {VARIANTS}")

    chat = variant == "chat"
    raw_tokenizer = _train_tokenizer()
    ids = {token: raw_tokenizer.token_to_id(token) for token in SPECIAL_TOKENS}
    # Llama 3 Instruct stops on either token and names <|eot_id|> its eos; the base model knows only end_of_text.
    eos_ids: Any = [ids[END_OF_TEXT], ids[EOT]] if chat else ids[END_OF_TEXT]
    tokenizer = _fast_tokenizer(raw_tokenizer, chat)
    model = _random_model(_llama_config(ids, eos_ids))
    # Both variants share the trained weights (trained once per process): only template and stop tokens differ.
    model.load_state_dict(_trained_weights())
    model.generation_config = _generation_config(ids, eos_ids)
    files = _saved_files(model, tokenizer)

    files["README.md"] = _model_card(variant)
    # Whatever transformers writes is kept as written; only check the one field the local Hub's API reports.
    if json.loads(files["config.json"]).get("architectures") != ["LlamaForCausalLM"]:
        raise RuntimeError("transformers wrote an unexpected 'architectures' into config.json")
    return dict(sorted(files.items()))


# A power of two: every scaled weight is exact in float32, bfloat16 and float16 alike; only the activations grow.
OVERFLOW_SCALE = 128


def overflowing_files(variant: str = "chat", cache_dir: pathlib.Path | None = None) -> dict[str, bytes]:
    """The tiny model with every MLP weight (gate, up and down projections) multiplied by OVERFLOW_SCALE.

    The weights stay small (all under 40, exact in float16), but an MLP's output grows with the cube of the scale:
    the first layer's reaches about 2e6 in the residual stream, past float16's largest number (65504). So in float16
    the hidden states hold inf, the final norm turns them into nan and the scores are not numbers, while in float32
    or bfloat16 (float32's range) the norm brings them back and the model answers as before. This is how models
    trained in bfloat16 break in float16 on a T4."""
    from safetensors.torch import load, save

    files = dict(cached_files(variant, cache_dir))
    tensors = load(files["model.safetensors"])
    scaled = {name: tensor * OVERFLOW_SCALE if ".mlp." in name else tensor for name, tensor in tensors.items()}
    files["model.safetensors"] = save(scaled, metadata={"format": "pt"})
    return files


def _fast_tokenizer(raw_tokenizer: Any, chat: bool) -> Any:
    """The trained tokenizer as transformers saves it, with Llama 3's special tokens (and template, for chat)."""
    from transformers import PreTrainedTokenizerFast

    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=raw_tokenizer,
        bos_token=BOS,
        eos_token=EOT if chat else END_OF_TEXT,
        pad_token=PAD,
        model_max_length=MAX_LENGTH,             # else transformers writes its 1e30 "no limit" sentinel
        clean_up_tokenization_spaces=False,      # decode must give back exactly the text that was encoded
    )
    if chat:
        tokenizer.chat_template = CHAT_TEMPLATE
    return tokenizer


def _llama_config(ids: dict[str, int], eos_ids: Any) -> Any:
    """Two small layers with Llama 3's shape: big enough to exercise the code paths, small enough to build fast."""
    from transformers import LlamaConfig

    return LlamaConfig(
        vocab_size=VOCAB_SIZE,
        hidden_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,                   # grouped-query attention, as in Llama 3
        intermediate_size=128,
        max_position_embeddings=MAX_LENGTH,
        tie_word_embeddings=True,                # no separate lm_head tensor: half the embedding bytes
        bos_token_id=ids[BOS],
        eos_token_id=eos_ids,
        pad_token_id=ids[PAD],
    )


def _random_model(config: Any) -> Any:
    """The model with seeded random weights in float32, the same on every build (training starts from these)."""
    import torch
    from transformers import LlamaForCausalLM

    # fork_rng: seed for a reproducible init without disturbing the caller's random state.
    # The default dtype is pinned too, since a caller's torch.set_default_dtype would change the init values.
    previous_dtype = torch.get_default_dtype()
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        torch.set_default_dtype(torch.float32)
        try:
            return LlamaForCausalLM(config).to(torch.float32).eval()  # type: ignore[arg-type]  # transformers types .to() loosely
        finally:
            torch.set_default_dtype(previous_dtype)


_TRAINED: dict[str, Any] = {}   # BUILD_VERSION -> the trained state dict: one training per process


def _trained_weights() -> dict[str, Any]:
    """The weights after training, computed once per process (build_files runs once per variant)."""
    if BUILD_VERSION not in _TRAINED:
        raw_tokenizer = _train_tokenizer()
        ids = {token: raw_tokenizer.token_to_id(token) for token in SPECIAL_TOKENS}
        chat_tokenizer = _fast_tokenizer(raw_tokenizer, chat=True)
        model = _random_model(_llama_config(ids, [ids[END_OF_TEXT], ids[EOT]]))
        _train(model, _examples(chat_tokenizer, ids))
        _TRAINED[BUILD_VERSION] = {name: tensor.detach().clone() for name, tensor in model.state_dict().items()}
    return _TRAINED[BUILD_VERSION]


def _examples(tokenizer: Any, ids: dict[str, int]) -> list[tuple[list[int], list[int]]]:
    """(prompt ids, answer ids) pairs: each question through the chat template, with the seed's system prompt and
    without one, answered and closed by <|eot_id|>; and each question as plain text (what the base variant is
    given), continued on a new line and closed by <|end_of_text|>, so the base model continues sensibly too."""
    examples = []
    for question, answer in QUESTIONS:
        answer_ids = tokenizer.encode(answer, add_special_tokens=False)
        for system in (SEED_SYSTEM_PROMPT, None):
            messages = ([{"role": "system", "content": system}] if system else []) + [
                {"role": "user", "content": question}]
            prompt = tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=True,
                                                   return_dict=True)["input_ids"]
            examples.append((list(prompt), answer_ids + [ids[EOT]]))
        plain = tokenizer.encode(question)   # with BOS, as the child encodes a prompt for a model without template
        examples.append((plain, tokenizer.encode("\n" + answer, add_special_tokens=False) + [ids[END_OF_TEXT]]))
    return examples


def _train(model: Any, examples: list[tuple[list[int], list[int]]]) -> None:
    """Full-batch AdamW on the answers only (the prompt's tokens carry no loss), seeded and on one thread.

    One thread: a CPU's float sums depend on how work is split between threads, and the bytes must not depend on
    the machine's core count (one core also takes only a few seconds here: the model and batch are tiny)."""
    import torch

    pad = int(model.config.pad_token_id)
    length = max(len(prompt) + len(answer) for prompt, answer in examples)
    input_ids = torch.full((len(examples), length), pad, dtype=torch.long)
    labels = torch.full((len(examples), length), -100, dtype=torch.long)   # -100: no loss
    mask = torch.zeros((len(examples), length), dtype=torch.long)
    for row, (prompt, answer) in enumerate(examples):
        sequence = prompt + answer
        input_ids[row, :len(sequence)] = torch.tensor(sequence)
        labels[row, len(prompt):len(sequence)] = torch.tensor(answer)
        mask[row, :len(sequence)] = 1
    threads = torch.get_num_threads()
    previous_dtype = torch.get_default_dtype()
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        torch.set_num_threads(1)
        torch.set_default_dtype(torch.float32)
        try:
            model.train()
            optimizer = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE, weight_decay=0.0)
            for _ in range(TRAIN_STEPS):
                loss = model(input_ids=input_ids, attention_mask=mask, labels=labels).loss
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
            model.eval()
        finally:
            torch.set_num_threads(threads)
            torch.set_default_dtype(previous_dtype)


def _generation_config(ids: dict[str, int], eos_ids: Any) -> Any:
    from transformers import GenerationConfig

    return GenerationConfig(
        bos_token_id=ids[BOS],
        eos_token_id=eos_ids,
        pad_token_id=ids[PAD],
        do_sample=False,                         # greedy: the same prompt gives the same tokens, in every test
    )


def _saved_files(model: Any, tokenizer: Any) -> dict[str, bytes]:
    """What save_pretrained writes for the model and the tokenizer, read back as bytes."""
    from transformers.utils import logging as hf_logging

    # save_pretrained shows a "Writing model shards" progress bar; a build is an internal step, keep it quiet.
    bar_was_enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        with tempfile.TemporaryDirectory(prefix="hf-doctor-tiny-") as tmp:
            folder = pathlib.Path(tmp)
            model.save_pretrained(folder)
            tokenizer.save_pretrained(folder)
            return _read_dir(folder)
    finally:
        if bar_was_enabled:
            hf_logging.enable_progress_bar()


def _cache_root(cache_dir: pathlib.Path | None) -> pathlib.Path:
    """The folder that holds one sub-folder per (variant, build version, transformers version)."""
    if cache_dir is not None:
        return pathlib.Path(cache_dir)
    base = os.environ.get("HF_DOCTOR_CACHE")
    root = pathlib.Path(base) if base else pathlib.Path.home() / ".cache" / "hf-doctor"
    return root / "tiny-models"


def _cache_key(variant: str) -> str:
    """``<variant>-<BUILD_VERSION>-<transformers version>``: transformers writes its version into the files."""
    from importlib.metadata import version

    # importlib.metadata, not `import transformers`: a cache hit must not pay for importing transformers.
    return f"{variant}-{BUILD_VERSION}-{version('transformers')}"


MANIFEST = ".manifest.json"   # names and sha256 of the cached files; hidden, so not returned as a repo file


def _manifest(files: dict[str, bytes]) -> bytes:
    """The manifest for ``files``: sorted JSON, so it is itself deterministic."""
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    return json.dumps(digests, indent=2, sort_keys=True).encode() + b"\n"


def _load_cached(folder: pathlib.Path) -> dict[str, bytes] | None:
    """The cached files if ``folder`` holds a complete, intact build, else None."""
    try:
        manifest = (folder / MANIFEST).read_bytes()
        files = _read_dir(folder)
    except OSError:
        return None
    # A user (or a disk) may have deleted or edited a file since: check names and content before trusting it.
    return files if files and _manifest(files) == manifest else None


def _remove(path: pathlib.Path) -> None:
    """Delete a folder tree if it is there."""
    shutil.rmtree(path, ignore_errors=True)


def cached_files(variant: str = "chat", cache_dir: pathlib.Path | None = None) -> dict[str, bytes]:
    """Same as build_files but cached on disk under ``cache_dir`` (default $HF_DOCTOR_CACHE/tiny-models or ~/.cache/hf-doctor/tiny-models), one folder per variant and version."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown tiny-model variant {variant!r}; expected one of {VARIANTS}")
    root = _cache_root(cache_dir)
    target = root / _cache_key(variant)
    cached = _load_cached(target)
    if cached is not None:
        return cached

    files = build_files(variant)
    try:
        root.mkdir(parents=True, exist_ok=True)
        # The temp folder sits next to the target, on the same file system, so os.replace is one atomic rename:
        # an interrupted build leaves a stray ".tmp" folder, never a half-written cache entry.
        staging = pathlib.Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=root))
        try:
            for name, data in files.items():
                (staging / name).write_bytes(data)
            (staging / MANIFEST).write_bytes(_manifest(files))
            _publish(staging, target)
        finally:
            _remove(staging)
    except OSError:
        # A read-only or full disk costs the cache, not the caller: the files are built and correct.
        pass
    return files


def _publish(staging: pathlib.Path, target: pathlib.Path) -> None:
    """Move ``staging`` to ``target`` atomically, replacing a broken entry but never a good one."""
    try:
        os.replace(staging, target)
        return
    except OSError:
        pass  # target exists: another process finished first, or it is a broken entry
    if _load_cached(target) is not None:
        return  # a concurrent build won the race with identical bytes; keep it
    # Move the broken entry aside first (atomic), then put ours in place; never delete in place under readers.
    graveyard = pathlib.Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    try:
        os.replace(target, graveyard / "entry")
        os.replace(staging, target)
    finally:
        _remove(graveyard)
