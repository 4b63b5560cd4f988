"""The masked scorer's queries (:class:`fixtext.model.masked_lm.Query`) on a tiny random
BERT: what a query may name, and what a query of two words masks and scores. The real
BERT runs in ``tests/integration/test_word_choice.py``."""

from __future__ import annotations

import pytest
import torch

from fixtext.model.masked_lm import MaskedScorer, Query
from tests.conftest import tiny_bert

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ".", "the", "red", "cat", "sat", "dog"]


@pytest.fixture(scope="module")
def scorer() -> MaskedScorer:
    return MaskedScorer(*tiny_bert(VOCAB))


def log_prob(scorer: MaskedScorer, words: list[str], at: int, word: str) -> float:
    """BERT's log probability of ``word`` at position ``at`` of ``words`` (one [MASK]
    there), computed here without the scorer."""
    ids = [VOCAB.index(w) for w in ["[CLS]", *words, "[SEP]"]]
    with torch.inference_mode():
        logits = scorer.model(input_ids=torch.tensor([ids])).logits[0, 1 + at]
    return float(torch.log_softmax(logits, dim=-1)[VOCAB.index(word)])


def test_a_query_of_two_words_masks_both_as_one_and_scores_both(scorer: MaskedScorer) -> None:
    words = ("the", "red", "cat", "sat", ".")
    (gains,) = scorer.gains([Query(words, 1, ("dog",), width=2)])
    candidate = log_prob(scorer, ["the", "[MASK]", "sat", "."], 1, "dog")
    own = log_prob(scorer, ["the", "[MASK]", "cat", "sat", "."], 1, "red") + log_prob(
        scorer, ["the", "red", "[MASK]", "sat", "."], 2, "cat"
    )
    assert gains == pytest.approx([candidate - own], abs=1e-4)
    (one,) = scorer.gains([Query(words, 1, ("dog",))])  # one word: "red" alone
    masked = ["the", "[MASK]", "cat", "sat", "."]
    alone = log_prob(scorer, masked, 1, "dog") - log_prob(scorer, masked, 1, "red")
    assert one == pytest.approx([alone], abs=1e-4)


@pytest.mark.parametrize(("index", "width"), [(4, 2), (5, 1), (-1, 1), (0, 0), (0, 3)])
def test_a_query_must_name_words_it_has(index: int, width: int) -> None:
    with pytest.raises(ValueError, match="cannot replace"):
        Query(("the", "red", "cat", "sat", "."), index, ("dog",), width)


def test_proposals_replace_one_word(scorer: MaskedScorer) -> None:
    with pytest.raises(ValueError, match="width must be 1"):
        scorer.proposals([Query(("the", "red", "cat"), 1, ("dog",), width=2)])
