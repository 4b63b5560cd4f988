"""The shipped trigram table and the Kneser-Ney estimate over the bigram model."""

from __future__ import annotations

import math

import numpy as np
import pytest

from fixtext.lexicon.trigrams import ID_BITS, TrigramModel


def test_the_table_is_sorted_pruned_and_consistent() -> None:
    model = TrigramModel.shipped()
    assert np.all(np.diff(model.keys) > 0)
    assert np.all(np.diff(model.history_keys) > 0)
    assert model.counts.min() >= 3
    # every kept triple's history is listed, with at least the kept triples' counts
    histories, position = np.unique(model.keys >> ID_BITS, return_inverse=True)
    assert np.array_equal(histories, model.history_keys)
    kept_counts = np.bincount(position, weights=model.counts)
    assert np.all(model.history_counts >= kept_counts)
    assert np.all(model.history_followers >= np.bincount(position))


@pytest.mark.parametrize("history", [("in", "the"), ("he", "said"), ("the", "united")])
def test_probabilities_of_a_listed_history_sum_to_almost_one(history: tuple[str, str]) -> None:
    model = TrigramModel.shipped()
    ids = model.bigrams.ids_of(list(history))
    words = np.arange(len(model.bigrams.ids))
    first, second = np.full_like(words, ids[0]), np.full_like(words, ids[1])
    total = np.exp(model.log_probs(first, second, words)).sum()
    # what is missing went to triples pruned from the table and to unlisted words
    assert 0.9 < total <= 1.0


def test_one_more_word_of_context_decides() -> None:
    model = TrigramModel.shipped()
    # "facets will" and "sides will" are both plausible pairs; "two sides" settles it
    assert model.score("the two sides will meet") > model.score("the two facets will meet")
    assert model.score("over the past year") > model.score("over the past twelvemonth")


def test_gains_are_whole_sentence_score_differences() -> None:
    model = TrigramModel.shipped()
    text = "the two facets will settle before the harvest"
    ids = model.sentence_ids(text)
    sides = model.sentence_ids("sides")[2:]
    edits = [(4, 5, sides), (4, 5, []), (3, 5, [ids[4], ids[3]])]
    expected = [
        "the two sides will settle before the harvest",
        "the two will settle before the harvest",
        "the facets two will settle before the harvest",
    ]
    gains = model.gains(ids, edits)
    for gain, edited in zip(gains, expected, strict=True):
        assert gain == pytest.approx(model.score(edited) - model.score(text))


def test_unknown_words_get_a_finite_low_score() -> None:
    model = TrigramModel.shipped()
    unknown = model.score("zqxv wrrbl")
    assert math.isfinite(unknown)
    assert unknown < model.score("the house")
