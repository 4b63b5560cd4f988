"""The moved-word ranker: candidates, and the margin a move must beat (a fake scorer at
the model boundary; the real model is in integration/test_model.py)."""

from __future__ import annotations

from fixtext.document import Document
from fixtext.findings import Finding, Fix, Source
from fixtext.moved_word import MovedWordRanker, candidates
from fixtext.seq2seq import TokenScore

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
    """A scorer that gives every word of ``text`` probability ``high``, others 0.5."""

    def __init__(self, text: str, high: float) -> None:
        self.text, self.high = text, high

    def token_scores(self, sentences: list[str]) -> list[list[TokenScore]]:
        p = lambda s: self.high if s == self.text else 0.5  # noqa: E731
        return [[TokenScore(0, len(s), p(s))] * len(s.split()) for s in sentences]


def stop_finding() -> Finding:
    stop = TEXT.index(". ")
    return Finding("FT001", "Spurious break", stop, stop + 2, 0.85, Source.RULES, Fix(" "))


def test_a_move_replaces_the_fix_when_it_beats_the_margin() -> None:
    best = "The farmers sold the grain at the old market in the town."
    [refined] = MovedWordRanker(Prefers(best, 0.9), margin=1.0).refine(
        Document(TEXT), [stop_finding()]
    )
    assert refined.fix is not None
    repaired = TEXT[: refined.start] + refined.fix.replacement + TEXT[refined.end :]
    assert repaired == best
    assert "'old'" in refined.message


def test_the_stop_removal_stays_when_the_move_is_not_clearly_better() -> None:
    best = "The farmers sold the grain at the old market in the town."
    finding = stop_finding()
    # 12 words at 0.52 instead of 0.5: 12 * log(1.04) = 0.47, under the margin of 1.0
    assert MovedWordRanker(Prefers(best, 0.52), margin=1.0).refine(Document(TEXT), [finding]) == [
        finding
    ]
