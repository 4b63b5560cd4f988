"""The mined substitution table (:mod:`fixtext.lexicon.mined`) and its miner
(``tools/mine_substitutions.py``): which MT/post-edit replacements count, and that the
shipped table holds only such pairs, most frequent first."""

from __future__ import annotations

import pytest

from fixtext.lexicon.mined import MINED, inflection_of, mined_substitutes
from fixtext.lexicon.substitutes import spelling_key, swappable
from tools.mine_substitutions import replacements


@pytest.mark.parametrize(
    ("word", "other"),
    [
        ("election", "elections"),
        ("started", "starting"),
        ("use", "used"),
        ("plan", "planned"),
        ("bus", "buses"),
        ("big", "bigger"),
    ],
)
def test_a_word_and_its_inflection(word: str, other: str) -> None:
    assert inflection_of(word, other) and inflection_of(other, word)


@pytest.mark.parametrize(
    ("word", "other"),
    [("town", "city"), ("region", "regional"), ("car", "care"), ("fleet", "park")],
)
def test_different_words_or_forms_of_another_part_of_speech(word: str, other: str) -> None:
    assert not inflection_of(word, other)


def test_one_content_word_for_another_is_a_replacement() -> None:
    mt = "The national fleet was opened in 1990 by the town council .".split()
    pe = "The national park was opened in 1990 by the city council .".split()
    assert list(replacements(mt, pe)) == [("fleet", "park"), ("town", "city")]


@pytest.mark.parametrize(
    ("mt", "pe"),
    [
        ("the centre of town", "the center of town"),  # spelling variant
        ("two elections were held", "two election were held"),  # inflection
        ("he went in the house", "he went into the house"),  # function words
        ("a big red house", "a large house"),  # two words for one
        ("it was a 12 pct rise", "it was a 12 percent rise"),  # abbreviation
        ("the Fleet sailed", "the park sailed"),  # not a lower-case word
    ],
)
def test_what_is_no_word_choice_is_left_out(mt: str, pe: str) -> None:
    assert list(replacements(mt.split(), pe.split())) == []


def test_the_shipped_table_holds_only_replacements_most_frequent_first() -> None:
    counts: dict[str, list[int]] = {}
    for line in MINED.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        word, right, count = line.split("\t")
        assert swappable(word) and swappable(right), line
        assert spelling_key(word) != spelling_key(right) and not inflection_of(word, right), line
        counts.setdefault(word, []).append(int(count))
    assert len(counts) > 1000
    for word, seen in counts.items():
        assert seen == sorted(seen, reverse=True), word
        assert len(mined_substitutes(word)) == len(seen)
    assert mined_substitutes("no-such-word") == ()
