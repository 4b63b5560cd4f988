"""The detector head: damage tags from a sentence alignment, a tiny training run that
learns and resumes, and the saved head scoring words through :class:`Seq2SeqModel`."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest
from transformers import AutoTokenizer

from fixtext.model.seq2seq import DETECTOR_DIR, HEAD_FINE, Seq2SeqModel
from fixtext.training.train_detector import (
    DAMAGED,
    FINE,
    DetectorConfig,
    token_labels,
    train_detector,
)
from tests.unit.test_train_smoke import tiny_config, write_corpus


def tagged(tokenizer, garbled: str, clean: str) -> list[str]:
    """The pieces of ``garbled`` whose tokens are tagged DAMAGED, joined per token."""
    batch = token_labels(tokenizer, [(garbled, clean)], max_len=64)
    tokens = tokenizer.convert_ids_to_tokens(batch["input_ids"][0])
    labels = batch["labels"][0].tolist()
    assert set(labels) <= {FINE, DAMAGED, -100}
    return [t.replace("Ġ", "") for t, label in zip(tokens, labels, strict=True) if label == DAMAGED]


def test_tags_follow_the_alignment(tiny_span_model: Path) -> None:
    tok = AutoTokenizer.from_pretrained(tiny_span_model)
    clean = "The council met on Friday."
    assert tagged(tok, clean, clean) == []
    # a repeated word: either copy may be the extra one, so both are tagged
    assert "".join(tagged(tok, "The council council met on Friday.", clean)) == "councilcouncil"
    # a missing word: both neighbours are tagged, nothing else
    assert "".join(tagged(tok, "The council met Friday.", clean)) == "metFriday"
    # debris: the stray mark alone
    assert tagged(tok, "The council met , on Friday.", clean) == [","]


def test_special_and_padding_tokens_are_ignored(tiny_span_model: Path) -> None:
    tok = AutoTokenizer.from_pretrained(tiny_span_model)
    pairs = [("Prices rose.", "Prices rose."), ("The council met on Friday.",) * 2]
    batch = token_labels(tok, pairs, max_len=64)
    ignored = batch["labels"] == -100
    assert bool(ignored[batch["attention_mask"] == 0].all())  # padding
    assert int((~ignored[0]).sum()) < int((~ignored[1]).sum())


def test_tiny_detector_run_learns_resumes_and_scores_words(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    span_model = tmp_path / "span"
    from fixtext.training.train import train

    train(tiny_config(corpus, span_model, steps=2))  # a span model and its tokenizer
    shutil.rmtree(span_model / "checkpoint")

    def config(steps: int, resume: bool = False) -> DetectorConfig:
        return DetectorConfig(
            corpus=corpus, model=span_model, sources=("tiny",), max_steps=steps,
            resume=resume, batch_size=8, lr=3e-3, warmup_steps=5, eval_every=20,
            log_every=5, hidden_size=32, num_layers=1, num_heads=2,
            intermediate_size=64, dev_size=8, command="test",
        )  # fmt: skip

    first = train_detector(config(40))
    assert first["steps"] == 40
    assert first["train_losses"][-1][1] < first["train_losses"][0][1] - 0.1
    second = train_detector(config(50, resume=True))
    assert second["steps"] == 50
    assert second["train_losses"][: len(first["train_losses"])] == first["train_losses"]
    assert (span_model / DETECTOR_DIR / "model.safetensors").is_file()

    model = Seq2SeqModel(span_model)
    assert model.tagger is not None
    sentence = "The old mill near the river was sold."
    [scores] = model.token_scores([sentence])
    words = [sentence[s.start : s.end] for s in scores]
    assert words == sentence.split(" ")  # one score per word
    [keep] = model._word_keep_scores([sentence])
    [head] = model._tagger_scores([sentence])
    for word, k, h in zip(scores, keep, head, strict=True):
        assert (word.start, word.end) == (k.start, k.end) == (h.start, h.end)
        kept = 1.0 if h.probability >= HEAD_FINE else k.probability  # the head's gate
        assert word.probability == pytest.approx(math.sqrt(kept * h.probability))
