"""FT105 extra-word: a stray word left in a sentence, which reads better without it.

Spinners and machine translation leave words behind: "forcing farmers to sell their
animals early feed.", "had proposed bringing in an independent mediator year.", "the
seismically Pacific Ring of Fire". BERT's damage head (:mod:`fixtext.model.damage_head`)
marks such a word, so each word it gives a probability of damage of at least
:data:`SCREEN` earns a look: the sentence without the word is compared with the sentence
as written by the fluency guard's measure
(:meth:`fixtext.model.masked_lm.MaskedScorer.context_change`, the words around the
place). A gain of at least :data:`MARGIN` flags the word, with its deletion (and the
space before it) as the fix.

Only lower-case words of letters are looked at, never a sentence's first word or a word
inside quotation marks. A word repeated beside itself ("the the") is the rules' to
report: the measure leaves out words the edit removes a copy of, so such a word gains
nothing here. The thresholds keep false flags on clean held-out sentences under 0.5%
(figures: docs/thresholds.md). Fix safety: the fix is verified like any other; it stays
a suggestion (FT105 has no measured clean-text rate in the fix policy): a deletion that
reads better is not proof that the word was not meant.

FT105 runs with the setting ``bert = "all"``, where ``models/bert-detector/`` holds a head.
"""

from __future__ import annotations

from fixtext.codes import Code, Example, Rewrites
from fixtext.detect.damaged_word import read_damage
from fixtext.document import Document, quotations, quoted_at
from fixtext.findings import Finding, Fix, Source
from fixtext.model.masked_lm import WordScorer

#: The damage probability that earns a word a look.
SCREEN = 0.5
#: The least gain (natural log) of the neighbours' pseudo-log-likelihood without the word.
MARGIN = 10.0
#: The confidence of a flag: the share of flags on noised held-out text that were debris.
CONFIDENCE = 0.8

CODE = Code(
    code="FT105",
    name="extra-word",
    summary="A stray word reads as debris: the sentence reads better without it.",
    issue_type="uncategorized",
    rewrites=Rewrites.NONE,
    thresholds={"SCREEN": SCREEN, "MARGIN": MARGIN},
    fires=(
        Example(
            "The company said it had proposed bringing in an independent mediator year.",
            "The company said it had proposed bringing in an independent mediator.",
        ),
    ),
    silent=("The company said it had proposed bringing in an independent mediator.",),
    doc=__doc__,
)


class ExtraWordDetector:
    """FT105: BERT reads the sentence without each word the damage head suspects (see
    the module)."""

    name = "extra-word"

    def __init__(self, scorer: WordScorer) -> None:
        self.scorer = scorer

    def detect(self, doc: Document) -> list[Finding]:
        """One finding per word whose deletion gains enough (see the module)."""
        quoted = quotations(doc.text)
        read = read_damage(self.scorer, doc)
        sentences = [sentence for sentence, _, _ in read]
        tokens = [row for _, row, _ in read]
        looked: list[tuple[int, int]] = []  # (sentence, index of the word)
        for n, (_, row, probabilities) in enumerate(read):
            for i in range(1, min(len(row), len(probabilities))):
                word = row[i].group()
                if (
                    word.isalpha()
                    and word.islower()
                    and probabilities[i] >= SCREEN
                    and not quoted_at(quoted, sentences[n].start + row[i].start())
                ):
                    looked.append((n, i))
        pairs = []
        for n, i in looked:
            text, before, word = sentences[n].text, tokens[n][i - 1], tokens[n][i]
            pairs.append((text, text[: before.end()] + text[word.end() :]))
        findings = []
        for (n, i), gain in zip(looked, self.scorer.context_change(pairs), strict=True):
            if gain < MARGIN:
                continue
            offset, word = sentences[n].start, tokens[n][i]
            findings.append(
                Finding(
                    rule=CODE.code,
                    message=f"{word.group()!r} reads as a stray word: delete it?",
                    start=offset + tokens[n][i - 1].end(),
                    end=offset + word.end(),
                    confidence=CONFIDENCE,
                    source=Source.MODEL,
                    fix=Fix(""),
                )
            )
        return findings
