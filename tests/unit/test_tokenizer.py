"""The byte-level BPE tokenizer round-trips tricky text exactly and never produces UNK."""

from __future__ import annotations

from pathlib import Path

import pytest
from transformers import AutoTokenizer

from fixtext.training.tokenizer import train_tokenizer

TEXTS = [
    "The council approved the budget on Tuesday after a long debate.",
    "Shares in the small brewery rose 4% to £3.10 in early trading.",
    "“We are not done yet,” the coach said — and the crowd cheered.",
    "Exports fell by €1.2bn in the third quarter of 2021.",
] * 20


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tok")
    train_tokenizer(TEXTS, vocab_size=400).save_pretrained(path)
    return path


@pytest.mark.parametrize(
    "text",
    [
        "He paid £5.2bn — “a lot”, she said ‘twice’ – fine.",
        "Two  spaces, a\ttab and an emoji 😀 stay.",
        "Prices: $4.99, €12, ¥300; temps −5°C … ok?",
        "killingWhile Chad. , Mali. . done",
        "Zoë’s café in São Paulo",
    ],
)
def test_round_trip_is_exact(saved: Path, text: str) -> None:
    tok = AutoTokenizer.from_pretrained(saved, local_files_only=True)
    ids = tok(text).input_ids
    assert ids[-1] == tok.eos_token_id
    assert tok.unk_token_id not in ids
    assert tok.decode(ids, skip_special_tokens=True) == text


def test_special_tokens_are_set(saved: Path) -> None:
    tok = AutoTokenizer.from_pretrained(saved, local_files_only=True)
    assert (tok.pad_token, tok.eos_token, tok.unk_token, tok.bos_token) == (
        "<pad>",
        "</s>",
        "<unk>",
        "<s>",
    )
    assert tok.pad_token_id == 0 and tok.eos_token_id == 1
