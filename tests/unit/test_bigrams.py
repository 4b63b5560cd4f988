"""The shipped bigram table and the Kneser-Ney scores read from it."""

from __future__ import annotations

import math

import numpy as np
import pytest

from fixtext.lexicon.bigrams import BigramModel, tokens


def test_tokens_are_lower_cased_words_numbers_and_marks() -> None:
    assert tokens("The U.N. said 3,400 troops—left.") == [
        "the", "u", ".", "n", ".", "said", "3,400", "troops", "—", "left", ".",
    ]  # fmt: skip


def test_the_table_is_sorted_pruned_and_consistent() -> None:
    model = BigramModel.shipped()
    assert np.all(np.diff(model.pair_keys.astype(np.int64)) > 0)
    assert model.pair_counts.min() >= 3
    assert len(model.ids) == len(model.histories) == len(model.followers)
    assert model.pair_types == int(model.predecessors.sum()) > len(model.pair_keys)


def test_word_order_and_common_phrases_score_higher() -> None:
    model = BigramModel.shipped()
    assert model.score("the peace talks resumed") > model.score("the talks peace resumed")
    assert model.score("in the middle of the night") > model.score("in the night of the middle")


def test_unknown_words_get_a_finite_low_score() -> None:
    model = BigramModel.shipped()
    unknown = model.score("zqxv wrrbl")
    assert math.isfinite(unknown)
    assert unknown < model.score("the house")


def test_stop_gain_is_the_score_difference_of_the_two_readings() -> None:
    model = BigramModel.shipped()
    gain = model.stop_gain("decided", "To")
    assert gain == pytest.approx(
        model.score("they decided to stay") - model.score("they decided. to stay")
    )
    assert gain > 7 > model.stop_gain("happier", "The")


def test_gains_are_whole_sentence_score_differences() -> None:
    model = BigramModel.shipped()
    text = "the two facets will settle before the harvest"
    ids = model.ids_of(["<s>", *tokens(text)]).tolist()
    sides = model.ids_of(["sides"]).tolist()
    edits = [(3, 4, sides), (3, 4, []), (2, 4, [ids[3], ids[2]])]
    expected = [
        "the two sides will settle before the harvest",
        "the two will settle before the harvest",
        "the facets two will settle before the harvest",
    ]
    for gain, edited in zip(model.gains(ids, edits), expected, strict=True):
        assert gain == pytest.approx(model.score(edited) - model.score(text))
