"""FT105's choices at its boundary, with a fake scorer in BERT's place: which words it
looks at, what it measures and what it flags and proposes. The real BERT and damage head
run through the CLI in ``tests/integration/test_code_examples.py``."""

from __future__ import annotations

from collections.abc import Sequence

from fixtext.detect.extra_word import CODE, MARGIN, SCREEN, ExtraWordDetector
from fixtext.document import Document
from fixtext.findings import Source


class FakeScorer:
    """Damage from a table of words (others 0.01); the context's gain from a table of
    shortened sentences (others 0.0). Records the sentences it measured."""

    def __init__(self, suspects: dict[str, float], gains: dict[str, float]) -> None:
        self.suspects, self.gains = suspects, gains
        self.measured: list[str] = []

    def damage(self, sentences: Sequence[Sequence[str]]) -> list[list[float]]:
        return [[self.suspects.get(w, 0.01) for w in s] for s in sentences]

    def context_change(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        self.measured += [b for _, b in pairs]
        return [self.gains.get(b, 0.0) for _, b in pairs]


TEXT = "Farmers sold their animals early feed."
SHORTER = "Farmers sold their animals early."


def detect(scorer: FakeScorer, text: str = TEXT) -> list:
    return ExtraWordDetector(scorer).detect(Document(text))  # type: ignore[arg-type]


def test_a_suspect_word_the_sentence_reads_better_without_is_flagged_for_deletion() -> None:
    scorer = FakeScorer({"feed": SCREEN}, {SHORTER: MARGIN})
    (finding,) = detect(scorer)
    assert TEXT[finding.start : finding.end] == " feed"  # the space before goes with it
    assert finding.fix is not None and finding.fix.replacement == ""
    assert finding.rule == CODE.code and finding.source is Source.MODEL
    assert "'feed'" in finding.message
    assert scorer.measured == [SHORTER]


def test_the_screen_and_the_margin_each_stop_it() -> None:
    unsuspected = FakeScorer({"feed": SCREEN - 0.01}, {SHORTER: 20.0})
    assert detect(unsuspected) == [] and unsuspected.measured == []
    small_gain = FakeScorer({"feed": 0.99}, {SHORTER: MARGIN - 0.1})
    assert detect(small_gain) == [] and small_gain.measured == [SHORTER]


def test_first_words_names_numbers_and_quoted_words_are_never_looked_at() -> None:
    suspects = {w: 0.99 for w in ("Farmers", "Reuters", "2020", "feed", "said")}
    for text in (
        "Farmers sold their animals early.",  # the first word
        "They told Reuters on Monday.",  # a name
        "Prices rose in 2020 sharply.",  # a number
        "He wrote “the animals feed” in the report.",  # quoted
    ):
        scorer = FakeScorer(suspects, {})
        assert detect(scorer, text) == [] and scorer.measured == [], text
