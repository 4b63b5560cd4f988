"""FT103's choices at its boundary, with a fake scorer in the damage head's place: which
words it flags, how adjacent ones join, what quotation marks and long sentences do. The
real head runs in ``tests/integration/test_word_choice.py``."""

from __future__ import annotations

from collections.abc import Sequence

from fixtext.detect.damaged_word import CODE, DamagedWordDetector
from fixtext.document import Document
from fixtext.findings import Source


class FakeScorer:
    """Damage probabilities from a table of words (others 0.01); a sentence of more than
    ``longest`` words gets no scores, as BERT's length limit does."""

    def __init__(self, probabilities: dict[str, float], longest: int = 100) -> None:
        self.probabilities = probabilities
        self.longest = longest
        self.asked: list[list[str]] = []

    def damage(self, sentences: Sequence[Sequence[str]]) -> list[list[float]]:
        self.asked += [list(s) for s in sentences]
        return [
            [self.probabilities.get(w, 0.01) for w in s] if len(s) <= self.longest else []
            for s in sentences
        ]


def spans(text: str, scorer: FakeScorer, threshold: float = 0.9) -> list[str]:
    findings = DamagedWordDetector(scorer, threshold).detect(Document(text))
    assert all(f.rule == CODE.code and f.fix is None for f in findings)
    assert all(f.source is Source.MODEL for f in findings)
    return [text[f.start : f.end] for f in findings]


def test_words_above_the_threshold_are_flagged_and_adjacent_ones_joined() -> None:
    scorer = FakeScorer({"metropolis": 0.97, "Islam": 0.95, "and": 0.93, "fine": 0.9})
    text = "The metropolis council met. The group for Islam and Islam spoke. All fine."
    assert spans(text, scorer) == ["metropolis", "Islam and Islam"]  # 0.9 is not above 0.9
    assert scorer.asked[0] == ["The", "metropolis", "council", "met", "."]  # one call, by sentence


def test_quoted_words_and_sentences_too_long_are_left_alone() -> None:
    scorer = FakeScorer({"metropolis": 0.99})
    quoted = 'He said: "the metropolis council met". The metropolis council met.'
    (finding,) = DamagedWordDetector(scorer, 0.9).detect(Document(quoted))
    assert finding.start == quoted.rindex("metropolis")  # the one outside the quotation
    assert spans("The metropolis council met today.", FakeScorer({"metropolis": 0.99}, 3)) == []


def test_the_message_gives_the_highest_probability_of_the_run() -> None:
    scorer = FakeScorer({"elevated": 0.95, "issues": 0.98})
    (finding,) = DamagedWordDetector(scorer, 0.9).detect(Document("They elevated issues."))
    assert "'elevated issues'" in finding.message and "0.980" in finding.message
