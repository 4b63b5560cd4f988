"""The moved-word ranker: candidates, the margin a move must beat (a fake scorer at the
language-model boundary), and the shipped corpus models putting words back."""

from __future__ import annotations

import pytest

from fixtext.document import Document
from fixtext.findings import Finding, Fix, Source
from fixtext.lexicon.bigrams import BigramModel
from fixtext.lexicon.trigrams import TrigramModel
from fixtext.propose.moved_word import BIGRAM_MARGIN, TRIGRAM_MARGIN, MovedWordRanker, candidates

TEXT = "The farmers sold the grain at the market. old in the town."


def test_candidates_remove_the_stop_then_move_the_word_back_nearest_first() -> None:
    stop = TEXT.index(". ")
    options = [text for text, _ in candidates(TEXT, stop)]
    assert options[0] == "The farmers sold the grain at the market old in the town."
    assert options[1] == "The farmers sold the grain at the old market in the town."
    assert options[2] == "The farmers sold the grain at old the market in the town."
    assert options[-1] == "The old farmers sold the grain at the market in the town."
    assert len(options) == 1 + 7  # never before the first word


def test_no_candidates_for_a_name_punctuation_or_the_last_word() -> None:
    assert candidates("He met them in Paris. London was next.", 20) == []
    assert candidates("He met them at the port. then, he left.", 23) == []
    assert candidates("He met them at the port. then", 23) == []


class Prefers:
    """A scorer that gives ``text`` the log probability ``high``, other sentences 0."""

    def __init__(self, text: str, high: float) -> None:
        self.text, self.high = text, high

    def score(self, sentence: str) -> float:
        return self.high if sentence == self.text else 0.0


def stop_finding() -> Finding:
    stop = TEXT.index(". ")
    return Finding("FT001", "Spurious break", stop, stop + 2, 0.85, Source.RULES, Fix(" "))


def test_a_move_replaces_the_fix_when_it_beats_the_margin() -> None:
    best = "The farmers sold the grain at the old market in the town."
    [refined] = MovedWordRanker([(Prefers(best, 1.5), 1.0)]).refine(
        Document(TEXT), [stop_finding()]
    )
    assert refined.fix is not None
    repaired = TEXT[: refined.start] + refined.fix.replacement + TEXT[refined.end :]
    assert repaired == best
    assert "'old'" in refined.message


def test_the_stop_removal_stays_when_the_move_is_not_clearly_better() -> None:
    best = "The farmers sold the grain at the old market in the town."
    finding = stop_finding()
    assert MovedWordRanker([(Prefers(best, 0.5), 1.0)]).refine(Document(TEXT), [finding]) == [
        finding
    ]


@pytest.mark.parametrize(
    ("garbled", "clean"),
    [
        (
            "Ships were held at the port. main for three days.",
            "Ships were held at the main port for three days.",
        ),
        (
            "Officials said the talks. peace would resume in May.",
            "Officials said the peace talks would resume in May.",
        ),
        (
            "The council said the plan would cost. more than expected.",
            "The council said the plan would cost more than expected.",
        ),
    ],
)
def test_the_shipped_corpus_models_put_a_moved_word_back(garbled: str, clean: str) -> None:
    stop = garbled.index(". ")
    finding = Finding("FT001", "Spurious break", stop, stop + 2, 0.85, Source.RULES, Fix(" "))
    judges = [(TrigramModel.shipped(), TRIGRAM_MARGIN), (BigramModel.shipped(), BIGRAM_MARGIN)]
    ranker = MovedWordRanker(judges)
    [refined] = ranker.refine(Document(garbled), [finding])
    assert refined.fix is not None
    assert garbled[: refined.start] + refined.fix.replacement + garbled[refined.end :] == clean


def test_a_later_judge_decides_when_the_first_is_not_sure() -> None:
    best = "The farmers sold the grain at the old market in the town."
    judges = [(Prefers(best, 0.5), 1.0), (Prefers(best, 2.0), 1.0)]
    [refined] = MovedWordRanker(judges).refine(Document(TEXT), [stop_finding()])
    assert refined.fix is not None
    assert TEXT[: refined.start] + refined.fix.replacement + TEXT[refined.end :] == best


def test_the_first_sure_judge_decides_where_the_word_goes() -> None:
    first = "The farmers sold the old grain at the market in the town."
    second = "The farmers sold the grain at the old market in the town."
    judges = [(Prefers(first, 2.0), 1.0), (Prefers(second, 9.0), 1.0)]
    [refined] = MovedWordRanker(judges).refine(Document(TEXT), [stop_finding()])
    assert refined.fix is not None
    assert TEXT[: refined.start] + refined.fix.replacement + TEXT[refined.end :] == first


def test_a_move_the_sure_judges_do_not_confirm_is_a_suggestion_with_alternatives() -> None:
    best = "The farmers sold the grain at the old market in the town."
    unsure = MovedWordRanker([(Prefers(best, 1.5), 1.0)], [(Prefers(best, 1.5), 9.0)])
    [held] = unsure.refine(Document(TEXT), [stop_finding()])
    assert held.fix is not None and held.fix.hold
    options = [TEXT[: held.start] + r + TEXT[held.end :] for r in held.fix.alternatives]
    assert options == [
        "The farmers sold the grain at the market old in the town.",  # the stop removed
        "The farmers sold the grain at the market in the town.",  # the stranded word deleted
    ]
    sure = MovedWordRanker([(Prefers(best, 10.0), 1.0)], [(Prefers(best, 10.0), 9.0)])
    [applied] = sure.refine(Document(TEXT), [stop_finding()])
    assert applied.fix is not None and not applied.fix.hold
    assert TEXT[: applied.start] + applied.fix.replacement + TEXT[applied.end :] == best
