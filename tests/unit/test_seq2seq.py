"""The proposer slot loads any local seq2seq checkpoint: here a tiny random T5."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixtext.model.seq2seq import ModelError, Seq2SeqModel


def test_propose_returns_n_best_lists(tiny_model: Path) -> None:
    model = Seq2SeqModel(tiny_model)
    proposals = model.propose(["The council met.", "Prices rose."], n_best=3)
    assert len(proposals) == 2
    assert all(len(p) <= 3 for p in proposals)


def test_token_scores_cover_the_sentence(tiny_model: Path) -> None:
    model = Seq2SeqModel(tiny_model)
    sentence = "The council met on Friday."
    [scores] = model.token_scores([sentence])
    assert scores
    assert all(0.0 <= s.probability <= 1.0 for s in scores)
    assert all(0 <= s.start < s.end <= len(sentence) for s in scores)


def test_missing_or_corrupt_model_is_a_clear_error(tmp_path: Path, tiny_model: Path) -> None:
    with pytest.raises(ModelError, match="not a model directory"):
        Seq2SeqModel(tmp_path)
    broken = tmp_path / "broken"
    broken.mkdir()
    for item in tiny_model.iterdir():
        (broken / item.name).write_bytes(item.read_bytes())
    (broken / "model.safetensors").write_bytes(b"not weights")
    with pytest.raises(ModelError, match="cannot load model"):
        Seq2SeqModel(broken)


def test_default_model_follows_its_calibration(tmp_path: Path) -> None:
    from fixtext.model.seq2seq import default_model_path

    model = tmp_path / "m"
    model.mkdir()
    assert default_model_path((model,)) is None  # no config.json
    (model / "config.json").write_text("{}")
    assert default_model_path((model,)) == model  # uncalibrated: used
    (model / "calibration.json").write_text('{"use_by_default": false}')
    assert default_model_path((model,)) is None  # measured useless: only with --model
    (model / "calibration.json").write_text('{"use_by_default": true}')
    assert default_model_path((model,)) == model


def test_span_model_rewrites_only_the_flagged_words(tiny_span_model: Path) -> None:
    model = Seq2SeqModel(tiny_span_model)
    assert model.span_task
    sentence = "The council  met on Friday."
    [rewrites] = model.propose([sentence], n_best=3, spans=[[(13, 16)]])  # "met"
    assert len(rewrites) <= 3
    for rewrite in rewrites:
        assert rewrite != sentence
        assert rewrite.startswith("The council") and rewrite.endswith(" on Friday.")


def test_span_model_accepts_gaps_and_no_spans(tiny_span_model: Path) -> None:
    model = Seq2SeqModel(tiny_span_model)
    sentence = "Prices rose again."
    gap, none, end, whole = model.propose(
        [sentence] * 4, n_best=2, spans=[[(7, 7)], [], [(18, 18)], [(0, 18)]]
    )
    assert none == []
    assert all(r.startswith("Prices ") and r.endswith(" rose again.") for r in gap)
    assert all(r.startswith("Prices rose again.") for r in end)
    assert isinstance(whole, list)


def test_span_model_scores_every_word(tiny_span_model: Path) -> None:
    model = Seq2SeqModel(tiny_span_model)
    sentence = "The council met on Friday."
    [scores] = model.token_scores([sentence])
    assert [sentence[s.start : s.end] for s in scores] == sentence.split()
    assert all(0.0 < s.probability <= 1.0 for s in scores)


def test_inputs_longer_than_the_position_table_are_truncated(tmp_path: Path) -> None:
    """A BART learns a fixed number of positions: longer inputs must not crash it."""
    import torch
    from transformers import BartConfig, BartForConditionalGeneration

    from fixtext.training.tokenizer import train_tokenizer

    tokenizer = train_tokenizer(["The council met on Friday.", "Prices rose again."] * 20, 300)
    tokenizer.save_pretrained(tmp_path)
    torch.manual_seed(0)
    config = BartConfig(
        vocab_size=len(tokenizer), d_model=16, encoder_layers=1, decoder_layers=1,
        encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=32,
        decoder_ffn_dim=32, max_position_embeddings=24, pad_token_id=tokenizer.pad_token_id,
        eos_token_id=tokenizer.eos_token_id, bos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.eos_token_id,
    )  # fmt: skip
    BartForConditionalGeneration(config).save_pretrained(tmp_path)
    (tmp_path / "fixtext.json").write_text('{"task": "span", "context_words": 8}')
    model = Seq2SeqModel(tmp_path)
    sentence = " ".join(["Unprecedentedly-long-compound-words"] * 20) + "."
    [rewrites] = model.propose([sentence], n_best=2, spans=[[(0, 35)]])
    assert all(r.endswith(".") for r in rewrites)
    [scores] = model.token_scores([sentence])
    assert len(scores) == 20


def test_skipped_words_get_no_keep_pass_and_the_others_the_same_score(
    tiny_span_model: Path,
) -> None:
    model = Seq2SeqModel(tiny_span_model)
    sentences = ["The council met on Friday.", "Prices rose again."]
    [full, other] = model._word_keep_scores(sentences)
    skip = [{(full[1].start, full[1].end)}, set()]  # "council" is left out
    [gated, other_gated] = model._word_keep_scores(sentences, skip=skip)
    assert gated[1].probability == 1.0
    assert [s.probability for i, s in enumerate(gated) if i != 1] == pytest.approx(
        [s.probability for i, s in enumerate(full) if i != 1]
    )
    assert [s.probability for s in other_gated] == pytest.approx([s.probability for s in other])
    everything = [{(s.start, s.end) for s in full}, {(s.start, s.end) for s in other}]
    assert all(
        s.probability == 1.0 for row in model._word_keep_scores(sentences, everything) for s in row
    )
