"""Repos the local Hub serves: the tiny models built here, and metadata-only copies of real ones.

A metadata-only repo has the real file list, sizes and safetensors headers (so a planner can count
parameters from the headers, as huggingface_hub's ``get_safetensors_metadata`` does), but no weights:
reading past a header gives zeros. Llama-3.1-8B's figures are those of meta-llama/Llama-3.1-8B on the Hub
(4 shards, 8,030,261,248 parameters in BF16, plus the duplicate ``original/consolidated.00.pth``).
"""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Tuple

from . import tiny_model
from .scenario import Repo, RepoFile, data_size, safetensors_bytes

Tensor = Tuple[str, Tuple[int, ...]]

LLAMA_31_8B_CONFIG: Dict[str, Any] = {
    "architectures": ["LlamaForCausalLM"],
    "attention_bias": False,
    "attention_dropout": 0.0,
    "bos_token_id": 128000,
    "eos_token_id": 128001,
    "hidden_act": "silu",
    "hidden_size": 4096,
    "initializer_range": 0.02,
    "intermediate_size": 14336,
    "max_position_embeddings": 131072,
    "mlp_bias": False,
    "model_type": "llama",
    "num_attention_heads": 32,
    "num_hidden_layers": 32,
    "num_key_value_heads": 8,
    "pretraining_tp": 1,
    "rms_norm_eps": 1e-05,
    "rope_scaling": {"factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                     "original_max_position_embeddings": 8192, "rope_type": "llama3"},
    "rope_theta": 500000.0,
    "tie_word_embeddings": False,
    "torch_dtype": "bfloat16",
    "transformers_version": "4.43.0.dev0",
    "use_cache": True,
    "vocab_size": 128256,
}

LLAMA_LICENSE = b"LLAMA 3.1 COMMUNITY LICENSE AGREEMENT (metadata-only copy served by hf-doctor's local Hub)\n"


def tiny_repo(repo_id: str, variant: str) -> Repo:
    """A repo holding the tiny model built by ``tiny_model`` (cached after the first build)."""
    repo = Repo(repo_id, card={"license": "apache-2.0", "pipeline_tag": "text-generation"})
    for path, content in sorted(tiny_model.cached_files(variant).items()):
        repo.add(path, content)
    return repo


def pickle_repo(repo_id: str) -> Repo:
    """The tiny chat model as an older repo keeps it: the same tokenizer and config, its weights only as
    ``pytorch_model.bin`` (a pickle, what ``torch.save`` writes), no safetensors. transformers loads it with
    ``torch.load(weights_only=True)``, and refuses to on a torch older than 2.6."""
    repo = Repo(repo_id, card={"license": "other", "license_name": "tiny-pickle-license",
                               "license_link": "LICENSE", "pipeline_tag": "text-generation"})
    for path, content in sorted(tiny_model.cached_files("chat").items()):
        if path == "model.safetensors":
            repo.add("pytorch_model.bin", _pickled(content))
        elif path != "README.md":
            repo.add(path, content)
    repo.add("README.md", b"---\nlicense: other\nlicense_name: tiny-pickle-license\nlicense_link: LICENSE\n---\n"
                          b"# tiny-pickle\n\nhf-doctor's tiny chat model, saved as a pickle (pytorch_model.bin).\n")
    repo.add("LICENSE", b"TINY PICKLE LICENSE: a test licence of hf-doctor's local Hub.\n")
    return repo


def _pickled(safetensors_file: bytes) -> bytes:
    """The tensors of a safetensors file as ``torch.save`` writes them (pytorch_model.bin), kept beside the tiny
    models: building the local Hub (every `hf-doctor demo`) must not import torch once the file exists."""
    import hashlib
    import os
    import tempfile
    from importlib.metadata import version

    key = hashlib.sha256(safetensors_file + version("torch").encode()).hexdigest()[:32]
    kept = tiny_model._cache_root(None) / "pickled" / f"{key}.bin"
    try:
        return kept.read_bytes()
    except OSError:
        pass
    import io

    import torch
    from safetensors.torch import load

    buffer = io.BytesIO()
    torch.save(load(safetensors_file), buffer)
    content = buffer.getvalue()
    try:   # a new file renamed into place; a cache that cannot be written only costs the next build the pickling
        kept.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=kept.parent, suffix=".tmp", delete=False) as out:
            out.write(content)
        os.replace(out.name, kept)
    except OSError:
        pass
    return content


def llama_tensors(config: Dict[str, Any]) -> List[Tensor]:
    """Every tensor of a Llama checkpoint, in checkpoint order, as BF16."""
    hidden, inter = int(config["hidden_size"]), int(config["intermediate_size"])
    vocab, layers = int(config["vocab_size"]), int(config["num_hidden_layers"])
    kv = hidden // int(config["num_attention_heads"]) * int(config["num_key_value_heads"])
    tensors: List[Tensor] = [("model.embed_tokens.weight", (vocab, hidden))]
    for i in range(layers):
        prefix = f"model.layers.{i}."
        tensors += [
            (prefix + "self_attn.q_proj.weight", (hidden, hidden)),
            (prefix + "self_attn.k_proj.weight", (kv, hidden)),
            (prefix + "self_attn.v_proj.weight", (kv, hidden)),
            (prefix + "self_attn.o_proj.weight", (hidden, hidden)),
            (prefix + "mlp.gate_proj.weight", (inter, hidden)),
            (prefix + "mlp.up_proj.weight", (inter, hidden)),
            (prefix + "mlp.down_proj.weight", (hidden, inter)),
            (prefix + "input_layernorm.weight", (hidden,)),
            (prefix + "post_attention_layernorm.weight", (hidden,)),
        ]
    tensors.append(("model.norm.weight", (hidden,)))
    if not config.get("tie_word_embeddings"):
        tensors.append(("lm_head.weight", (vocab, hidden)))
    return tensors


def sharded_safetensors(tensors: List[Tensor], shards: int, max_shard_bytes: int) -> Dict[str, RepoFile]:
    """Metadata-only shards of at most ``max_shard_bytes`` each, and the index that maps tensors to them."""
    groups: List[List[Tensor]] = [[]]
    size = 0
    for name, shape in tensors:
        count = 1
        for dim in shape:
            count *= dim
        if groups[-1] and size + 2 * count > max_shard_bytes and len(groups) < shards:
            groups.append([])
            size = 0
        groups[-1].append((name, shape))
        size += 2 * count
    files: Dict[str, RepoFile] = {}
    weight_map: Dict[str, str] = {}
    total = 0
    for number, group in enumerate(groups, start=1):
        filename = f"model-{number:05d}-of-{len(groups):05d}.safetensors"
        header = safetensors_bytes({n: ("BF16", s) for n, s in group})
        files[filename] = RepoFile(filename, size=data_size(header), head=header)
        total += data_size(header) - len(header)
        weight_map.update({n: filename for n, _ in group})
    index = {"metadata": {"total_size": total}, "weight_map": dict(sorted(weight_map.items()))}
    files["model.safetensors.index.json"] = RepoFile("model.safetensors.index.json",
                                                     json.dumps(index, indent=2).encode())
    return files


def llama_31_8b(repo_id: str = "meta-llama/Llama-3.1-8B", gated: str = "manual",
                access: Optional[Dict[str, str]] = None) -> Repo:
    """meta-llama/Llama-3.1-8B as the Hub lists it (formerly Meta-Llama-3.1-8B, stored on Xet), weights left out."""
    repo = Repo(repo_id, gated=gated, access=dict(access or {}), renamed_from=("meta-llama/Meta-Llama-3.1-8B",),
                xet=True, card={"license": "llama3.1", "extra_gated_prompt": "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT"})
    repo.files.update(sharded_safetensors(llama_tensors(LLAMA_31_8B_CONFIG), shards=4, max_shard_bytes=5_000_000_000))
    repo.add("config.json", json.dumps(LLAMA_31_8B_CONFIG, indent=2).encode())
    repo.add("generation_config.json", json.dumps({
        "bos_token_id": 128000, "do_sample": True, "eos_token_id": 128001, "temperature": 0.6, "top_p": 0.9,
        "transformers_version": "4.43.0.dev0"}, indent=2).encode())
    repo.add("LICENSE", LLAMA_LICENSE)
    repo.add("README.md", b"---\nlicense: llama3.1\nextra_gated_prompt: LLAMA 3.1 COMMUNITY LICENSE\n---\n# Llama 3.1\n")
    repo.add("USE_POLICY.md", b"# Llama 3.1 Acceptable Use Policy\n")
    repo.add("special_tokens_map.json", json.dumps({
        "bos_token": "<|begin_of_text|>", "eos_token": "<|end_of_text|>"}).encode())
    repo.add("tokenizer_config.json", json.dumps({
        "bos_token": "<|begin_of_text|>", "eos_token": "<|end_of_text|>",
        "model_max_length": 131072, "tokenizer_class": "PreTrainedTokenizerFast"}).encode())
    for path, size in (("tokenizer.json", 9_085_657), ("original/consolidated.00.pth", 16_060_617_592),
                       ("original/tokenizer.model", 2_183_982)):
        repo.files[path] = RepoFile(path, size=size)
    repo.add("original/params.json", json.dumps({
        "dim": 4096, "ffn_dim_multiplier": 1.3, "multiple_of": 1024, "n_heads": 32, "n_kv_heads": 8,
        "n_layers": 32, "norm_eps": 1e-05, "rope_theta": 500000.0, "use_scaled_rope": True,
        "vocab_size": 128256}).encode())
    return repo
