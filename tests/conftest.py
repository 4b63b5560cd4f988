"""Shared fixtures: the real LanguageTool server, started once per test session; tiny
random seq2seq models, built once per session; model servers that the session's commands
started are stopped at its end."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def languagetool_url() -> Iterator[str]:
    """URL of a running LanguageTool server; stops it afterwards if this session started it."""
    if shutil.which("java") is None and "FIXTEXT_LANGUAGETOOL_URL" not in os.environ:
        pytest.skip("needs Java 17+ for LanguageTool")
    from fixtext.languagetool import ensure_running, install, status, stop

    was_running = bool(status().get("running"))
    install()
    url = ensure_running()
    yield url
    if not was_running and "FIXTEXT_LANGUAGETOOL_URL" not in os.environ:
        stop()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the repository; tests that need it skip, saying so, without it."""
    if not SHARED.is_dir():
        pytest.skip(f"data set missing: {SHARED} is not present")
    return SHARED


@pytest.fixture(scope="session", autouse=True)
def _stop_model_servers_started_here() -> Iterator[None]:
    """``fixtext check`` leaves a model server running; stop the ones this session began."""
    from fixtext.model.client import servers, stop_all

    running_before = any(info["running"] for info in servers())
    yield
    if not running_before:
        stop_all()


def tiny_bert(vocab: list[str]) -> tuple[Any, Any]:
    """A seeded random 3-layer BERT with its masked-LM head (eval mode) and a WordPiece
    tokenizer of ``vocab`` (whose first five are [PAD], [UNK], [CLS], [SEP], [MASK])."""
    import torch
    from transformers import BertConfig, BertForMaskedLM, BertTokenizerFast

    tokenizer = BertTokenizerFast(vocab={t: i for i, t in enumerate(vocab)}, do_lower_case=False)
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=3,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=64,
    )
    return BertForMaskedLM(config).eval(), tokenizer


def save_tiny_t5(tokenizer, path: Path) -> None:
    """Save ``tokenizer`` and a seeded random 1+1-layer T5 sized for it into ``path``."""
    import torch
    from transformers import T5Config, T5ForConditionalGeneration

    tokenizer.save_pretrained(path)
    torch.manual_seed(0)
    config = T5Config(
        vocab_size=len(tokenizer),
        d_model=16,
        d_ff=32,
        d_kv=8,
        num_layers=1,
        num_decoder_layers=1,
        num_heads=2,
        pad_token_id=tokenizer.pad_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.pad_token_id,
    )
    T5ForConditionalGeneration(config).save_pretrained(path)


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A random T5 with a byte-level BPE tokenizer: any local HF seq2seq checkpoint."""
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    path = tmp_path_factory.mktemp("tiny-t5")
    raw = Tokenizer(models.BPE(unk_token="<unk>"))
    raw.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    trainer = trainers.BpeTrainer(
        vocab_size=300,
        special_tokens=["<pad>", "</s>", "<unk>"],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
    )
    raw.train_from_iterator(["The council met on Friday.", "Prices rose again."], trainer)
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=raw, pad_token="<pad>", eos_token="</s>", unk_token="<unk>"
    )
    save_tiny_t5(tokenizer, path)
    return path


@pytest.fixture(scope="session")
def tiny_span_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A random T5 with fixtext's tokenizer (span markers) and ``fixtext.json``."""

    from fixtext.training.tokenizer import train_tokenizer

    path = tmp_path_factory.mktemp("tiny-span")
    tokenizer = train_tokenizer(["The council met on Friday.", "Prices rose again."] * 20, 300)
    save_tiny_t5(tokenizer, path)
    (path / "fixtext.json").write_text('{"task": "span", "context_words": 12}')
    return path
