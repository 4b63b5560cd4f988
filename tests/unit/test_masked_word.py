"""The masked-word proposer (:mod:`fixtext.propose.masked_word`) at its boundary: which of
FT103's flags it gives a fix, with a fake scorer in BERT's place and the tiny WordNet of
``test_word_damage``. The real BERT runs in ``tests/integration/test_word_choice.py``."""

from __future__ import annotations

import pytest

from fixtext.document import Document
from fixtext.findings import Finding, Fix, Source
from fixtext.lexicon.wordnet import WordNet
from fixtext.propose.masked_word import (
    LEXICON_BONUS,
    MIN_GAIN,
    SIMILARITY_WEIGHT,
    MaskedWordProposer,
)
from tests.unit.test_word_choice import FakeScorer
from tests.unit.test_word_damage import write_wordnet


@pytest.fixture(scope="module")
def wn(tmp_path_factory: pytest.TempPathFactory) -> WordNet:
    return WordNet(write_wordnet(tmp_path_factory.mktemp("wordnet")))


def flag(text: str, words: str, rule: str = "FT103", fix: Fix | None = None) -> Finding:
    start = text.index(words)
    return Finding(
        rule, f"{words!r} reads as damaged", start, start + len(words), 0.9, Source.MODEL, fix
    )


TEXT = "The national fleet opened in 1990. The board met on Monday."


def test_a_flagged_word_gets_the_candidate_bert_prefers(wn: WordNet) -> None:
    """ "park" is a mined candidate for "fleet"; "council" is WordNet's for "board"."""
    scorer = FakeScorer({("fleet", "park"): MIN_GAIN + 3, ("board", "council"): MIN_GAIN})
    found = [flag(TEXT, "fleet"), flag(TEXT, "board")]
    fleet, board = MaskedWordProposer(scorer, wn).refine(Document(TEXT), found)  # type: ignore[arg-type]
    assert fleet.fix == Fix("park", ())
    assert fleet.message.endswith("did you mean 'park'?")
    assert board.fix is not None and board.fix.replacement == "council"


def test_no_candidate_gains_enough_no_fix(wn: WordNet) -> None:
    scorer = FakeScorer({("fleet", "park"): MIN_GAIN - 0.1})
    found = [flag(TEXT, "fleet")]
    assert MaskedWordProposer(scorer, wn).refine(Document(TEXT), found) == found  # type: ignore[arg-type]


def test_runs_other_rules_and_words_already_fixed_are_left_alone(wn: WordNet) -> None:
    scorer = FakeScorer({("fleet", "park"): MIN_GAIN + 3, ("board", "council"): 9.0})
    found = [
        flag(TEXT, "fleet opened"),  # a run of two words
        flag(TEXT, "board", rule="FT102"),  # another rule's
        flag(TEXT, "fleet", fix=Fix("area")),  # has a fix already
        flag(TEXT, "board"),  # FT102's finding on the same word has a fix
    ]
    found[1] = found[1].with_fix(Fix("council"))
    assert MaskedWordProposer(scorer, wn).refine(Document(TEXT), found) == found  # type: ignore[arg-type]
    assert scorer.masked == []  # nothing asked of BERT


def test_bert_s_own_word_wins_when_it_is_likelier_and_closer_to_the_flagged_word(
    wn: WordNet,
) -> None:
    """ "park" (mined) gains MIN_GAIN + 1; BERT's own "harbour" gains 1 more than "park"'s
    lexicon bonus and is similar to "fleet": it ranks first. "pier" gains most but is
    unlike "fleet"; "dock" gains less than MIN_GAIN."""
    scorer = FakeScorer({("fleet", "park"): MIN_GAIN + 1})
    similarity = 0.3
    harbour = MIN_GAIN + 1 + LEXICON_BONUS - SIMILARITY_WEIGHT * similarity + 1
    scorer.offers = {  # type: ignore[attr-defined]
        "fleet": [("pier", harbour + 2.5), ("harbour", harbour), ("dock", MIN_GAIN - 0.5)]
    }
    scorer.similar = {("fleet", "harbour"): similarity}  # type: ignore[attr-defined]
    (fleet,) = MaskedWordProposer(scorer, wn).refine(Document(TEXT), [flag(TEXT, "fleet")])  # type: ignore[arg-type]
    assert fleet.fix == Fix("harbour", ("pier", "park"))


def test_a_house_spelling_of_the_word_is_never_proposed(wn: WordNet) -> None:
    text = "They organize the fleet."
    scorer = FakeScorer({})
    scorer.offers = {"organize": [("organise", 9.0), ("run", 3.0)]}  # type: ignore[attr-defined]
    (found,) = MaskedWordProposer(scorer, wn).refine(Document(text), [flag(text, "organize")])  # type: ignore[arg-type]
    assert found.fix == Fix("run", ())


def test_a_word_without_lexicon_candidates_gets_bert_s_own(wn: WordNet) -> None:
    text = "The zorble met on Monday."
    scorer = FakeScorer({})
    scorer.offers = {"zorble": [("council", MIN_GAIN)]}  # type: ignore[attr-defined]
    (found,) = MaskedWordProposer(scorer, wn).refine(Document(text), [flag(text, "zorble")])  # type: ignore[arg-type]
    assert found.fix == Fix("council", ())


def test_a_flag_on_a_name_or_function_word_is_not_sent_to_bert(wn: WordNet) -> None:
    text = "Then Harbourne said the fleet was there."
    scorer = FakeScorer({})
    found = [flag(text, "Harbourne"), flag(text, "the"), flag(text, "was")]
    assert MaskedWordProposer(scorer, wn).refine(Document(text), found) == found  # type: ignore[arg-type]
    assert scorer.masked == []


def test_the_lexicon_bonus_puts_a_lexicon_candidate_before_a_likelier_word_of_bert_s(
    wn: WordNet,
) -> None:
    scorer = FakeScorer({("fleet", "park"): MIN_GAIN + 1})
    scorer.offers = {"fleet": [("pier", MIN_GAIN + 1 + LEXICON_BONUS - 0.5)]}  # type: ignore[attr-defined]
    (fleet,) = MaskedWordProposer(scorer, wn).refine(Document(TEXT), [flag(TEXT, "fleet")])  # type: ignore[arg-type]
    assert fleet.fix == Fix("park", ("pier",))
