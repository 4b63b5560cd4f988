"""FT104's choices at its boundary, with a fake scorer in BERT's place: which gaps it
looks at, when it asks for the context's measure, what it flags and proposes. The real
BERT and damage head run through the CLI in ``tests/integration/test_code_examples.py``."""

from __future__ import annotations

import math
from collections.abc import Sequence

from fixtext.detect.missing_word import (
    CODE,
    FILLERS,
    MARGIN,
    MIN_PROBABILITY,
    SCREEN,
    SURE_MARGIN,
    SURE_PROBABILITY,
    MissingWordDetector,
)
from fixtext.document import Document
from fixtext.findings import Source
from fixtext.model.masked_lm import Query


class FakeScorer:
    """Damage from a table of words (others 0.01); the fill of a gap from a table of
    (word before, word after) -> (filler, probability), any other filler far less likely;
    the context's gain from a table of repaired sentences (others 0.0). Records what it
    was asked."""

    def __init__(
        self,
        suspects: dict[str, float],
        fills: dict[tuple[str, str], tuple[str, float]],
        gains: dict[str, float],
    ) -> None:
        self.suspects, self.fills, self.gains = suspects, fills, gains
        self.filled: list[tuple[str, str]] = []
        self.measured: list[str] = []

    def damage(self, sentences: Sequence[Sequence[str]]) -> list[list[float]]:
        return [[self.suspects.get(w, 0.01) for w in s] for s in sentences]

    def fill(self, queries: Sequence[Query]) -> list[list[float]]:
        out = []
        for q in queries:
            gap = (q.words[q.index - 1], q.words[q.index + 1])
            self.filled.append(gap)
            word, p = self.fills.get(gap, ("the", 0.01))
            out.append([math.log(p) if c == word else -20.0 for c in q.candidates])
        return out

    def context_change(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        self.measured += [b for _, b in pairs]
        return [self.gains.get(b, 0.0) for _, b in pairs]


TEXT = "Residents cut their use water in the drought."
FIXED = "Residents cut their use of water in the drought."


def detect(scorer: FakeScorer, text: str = TEXT) -> list:
    return MissingWordDetector(scorer).detect(Document(text))  # type: ignore[arg-type]


def test_a_gap_bert_fills_and_its_context_prefers_is_flagged_with_the_word() -> None:
    scorer = FakeScorer(
        {"water": SCREEN}, {("use", "water"): ("of", MIN_PROBABILITY)}, {FIXED: MARGIN}
    )
    (finding,) = detect(scorer)
    assert TEXT[finding.start : finding.end] == "water"
    assert finding.fix is not None and finding.fix.replacement == "of water"
    assert finding.rule == CODE.code and finding.source is Source.MODEL
    assert "'of'" in finding.message and "of" in FILLERS
    assert scorer.filled == [("use", "water"), ("water", "in")]  # the gaps beside "water"


def test_each_test_in_turn_can_stop_it() -> None:
    unsuspected = FakeScorer({}, {("use", "water"): ("of", 0.9)}, {FIXED: 20.0})
    assert detect(unsuspected) == [] and unsuspected.filled == []  # no gap looked at
    unlikely = FakeScorer({"water": 0.9}, {("use", "water"): ("of", MIN_PROBABILITY - 0.01)}, {})
    assert detect(unlikely) == [] and unlikely.measured == []  # no context measured
    small = FakeScorer({"water": 0.9}, {("use", "water"): ("of", 0.9)}, {FIXED: MARGIN - 0.1})
    assert detect(small) == [] and small.measured == [FIXED]


def test_a_filler_bert_is_nearly_sure_of_needs_only_the_smaller_margin() -> None:
    sure = FakeScorer(
        {"water": 0.9}, {("use", "water"): ("of", SURE_PROBABILITY)}, {FIXED: SURE_MARGIN}
    )
    (finding,) = detect(sure)
    assert finding.fix is not None and finding.fix.replacement == "of water"
    less_sure = FakeScorer(
        {"water": 0.9}, {("use", "water"): ("of", SURE_PROBABILITY - 0.01)}, {FIXED: MARGIN - 0.1}
    )
    assert detect(less_sure) == []
    too_small = FakeScorer(
        {"water": 0.9}, {("use", "water"): ("of", 0.999)}, {FIXED: SURE_MARGIN - 0.1}
    )
    assert detect(too_small) == []


def test_gaps_by_punctuation_at_the_start_or_in_quotations_are_left_alone() -> None:
    scorer = FakeScorer({"water": 0.9, "Residents": 0.9, ",": 0.9}, {}, {})
    detect(scorer, 'Residents, he said, cut "their use water" here.')
    assert scorer.filled == []
