"""FT103 damaged-word: words BERT's trained damage head reads as machine-translation or
spinner damage.

The damage head (:mod:`fixtext.model.damage_head`, trained by
:mod:`fixtext.training.train_bert_detector` on MLQE-PE's real word tags and on WordNet
word damage) reads each sentence once and gives each word a probability of being
damaged. A run of adjacent words above :data:`THRESHOLD` is one finding: "rose sharply
and *sharply*", "would *foregather* with" (where FT102 or a rule flags the same words,
theirs is the finding shown). The threshold is the lowest at which FT102 and FT103
together flag at most 0.5% of the calibration half of clean held-out sentences (0.67% of
the test half; the head alone, calibrated by its trainer, would flag from 0.951: see
docs/thresholds.md).

It says where, not what. For a flagged word the masked-word proposer
(:mod:`fixtext.propose.masked_word`) asks BERT which word fits the place best and offers
it as a suggestion; the seq2seq model is asked to rewrite a flagged sentence (FT100), and
FT102 may name a likelier word for the same span; those fixes are verified and decided as
always. Words inside quotation marks are never flagged.

FT103 runs with the setting ``bert = "all"``, where ``models/bert-detector/`` holds a head.
"""

from __future__ import annotations

import re

from fixtext.codes import Code, Example, Rewrites
from fixtext.document import Document, Sentence, quotations, quoted_at
from fixtext.findings import Finding, Source
from fixtext.model.masked_lm import WORD, WordScorer

#: The damage head's probability above which a word is flagged.
THRESHOLD = 0.98
#: The confidence of a flag: below the precision of the shipped head's flags against
#: MLQE-PE dev's BAD tags (0.97 over the five pairs; 0.57 to 0.99 by pair).
CONFIDENCE = 0.9

CODE = Code(
    code="FT103",
    name="damaged-word",
    summary="BERT's damage head reads these words as machine-translation or spinner damage.",
    issue_type="uncategorized",
    rewrites=Rewrites.NONE,
    thresholds={"THRESHOLD": THRESHOLD},
    fires=(Example("The company said it would foregather with union leaders next week."),),
    silent=("The company said it would meet with union leaders next week.",),
    doc=__doc__,
)


class DamagedWordDetector:
    """FT103: the damage head's words above ``threshold`` (see the module)."""

    name = "damaged-word"

    def __init__(self, scorer: WordScorer, threshold: float = THRESHOLD) -> None:
        self.scorer = scorer
        self.threshold = threshold

    def detect(self, doc: Document) -> list[Finding]:
        """One finding per run of adjacent flagged words outside quotations."""
        quoted = quotations(doc.text)
        findings: list[Finding] = []
        for sentence, row, probs in read_damage(self.scorer, doc):
            run: list[tuple[int, int, float]] = []  # (start, end, probability) in the document
            for match, p in zip(row, probs, strict=False):  # no scores: a sentence too long
                start, end = sentence.start + match.start(), sentence.start + match.end()
                if p > self.threshold and not quoted_at(quoted, start):
                    run.append((start, end, p))
                    continue
                findings += _flag(doc.text, run)
                run = []
            findings += _flag(doc.text, run)
        return findings


def read_damage(
    scorer: WordScorer, doc: Document
) -> list[tuple[Sentence, list[re.Match[str]], list[float]]]:
    """Each sentence of ``doc`` with its tokens (:data:`WORD` matches, offsets into the
    sentence) and the damage head's probability of each, read in one batch (fewer
    probabilities than tokens for a sentence too long to score)."""
    sentences = doc.sentences
    tokens = [list(WORD.finditer(s.text)) for s in sentences]
    damage = scorer.damage([tuple(m.group() for m in row) for row in tokens])
    return list(zip(sentences, tokens, damage, strict=True))


def _flag(text: str, run: list[tuple[int, int, float]]) -> list[Finding]:
    """The finding for a run of flagged words (none for an empty run)."""
    if not run:
        return []
    start, end = run[0][0], run[-1][1]
    words = text[start:end]
    return [
        Finding(
            rule=CODE.code,
            message=f"{words!r} reads as damaged (probability {max(p for *_, p in run):.3f})",
            start=start,
            end=end,
            confidence=CONFIDENCE,
            source=Source.MODEL,
        )
    ]
