"""FT104 missing-word: a function word machine translation dropped between two words.

Machine translation and spinners drop short function words: "cut their use water",
"gathered outside main gate", "since his children born". BERT's damage head
(:mod:`fixtext.model.damage_head`) marks the word after such a gap as damaged, so each
gap between two words where either word's damage probability is at least :data:`SCREEN`
earns a look: BERT fills a mask put in the gap (:meth:`fixtext.model.masked_lm.MaskedScorer.fill`),
and where one of the :data:`FILLERS` takes at least :data:`MIN_PROBABILITY` of it, the
sentence with that word inserted is compared with the sentence as written by the
fluency guard's measure (:meth:`fixtext.model.masked_lm.MaskedScorer.context_change`,
the words around the gap). A gain of at least :data:`MARGIN` flags the gap, with the word
inserted as its fix; so does a smaller gain of at least :data:`SURE_MARGIN` where BERT is
nearly sure of the filler (at least :data:`SURE_PROBABILITY`).

Gaps next to punctuation, at a sentence's start, or inside quotation marks are never
looked at. The thresholds are the least that keep false flags on clean held-out
sentences under 0.5% (figures: docs/thresholds.md). Fix safety: the fix is verified like
any other; it stays a suggestion (FT104 has no measured clean-text rate in the fix
policy).

FT104 runs with the setting ``bert = "all"``, where ``models/bert-detector/`` holds a head.
"""

from __future__ import annotations

import math

from fixtext.codes import Code, Example, Rewrites
from fixtext.detect.damaged_word import read_damage
from fixtext.document import Document, quotations, quoted_at
from fixtext.findings import Finding, Fix, Source
from fixtext.model.masked_lm import Query, WordScorer

#: The damage probability of a word beside a gap that earns the gap a look.
SCREEN = 0.3
#: The least probability BERT gives the best filler in the gap.
MIN_PROBABILITY = 0.6
#: The least gain (natural log) of the neighbours' pseudo-log-likelihood with the word.
MARGIN = 12.0
#: The fill probability at which a smaller gain, :data:`SURE_MARGIN`, is enough.
SURE_PROBABILITY = 0.97
#: The least gain where BERT gives the filler at least :data:`SURE_PROBABILITY`.
SURE_MARGIN = 9.0
#: The words FT104 puts back: the function words translation drops.
FILLERS = tuple(
    """the a an of to in on at for with by from is are was were has have had be been that
    their its his her and or as into than""".split()
)
#: The confidence of a flag: the share of flags on noised held-out text that were a drop.
CONFIDENCE = 0.8
#: What the gap holds while BERT fills it (masked, so never read).
_PLACEHOLDER = "the"

CODE = Code(
    code="FT104",
    name="missing-word",
    summary="A function word seems to be missing between two words.",
    issue_type="grammar",
    rewrites=Rewrites.NONE,
    thresholds={
        "SCREEN": SCREEN,
        "MIN_PROBABILITY": MIN_PROBABILITY,
        "MARGIN": MARGIN,
        "SURE_PROBABILITY": SURE_PROBABILITY,
        "SURE_MARGIN": SURE_MARGIN,
    },
    fires=(
        Example(
            "Police said the driver was taken hospital with minor injuries.",
            "Police said the driver was taken to hospital with minor injuries.",
        ),
    ),
    silent=("Police said the driver was taken to hospital with minor injuries.",),
    doc=__doc__,
)


class MissingWordDetector:
    """FT104: BERT fills the gaps the damage head suspects (see the module)."""

    name = "missing-word"

    def __init__(self, scorer: WordScorer) -> None:
        self.scorer = scorer

    def detect(self, doc: Document) -> list[Finding]:
        """One finding per gap where a filler gains enough (see the module)."""
        quoted = quotations(doc.text)
        read = read_damage(self.scorer, doc)
        sentences = [sentence for sentence, _, _ in read]
        tokens = [row for _, row, _ in read]
        words = [tuple(m.group() for m in row) for row in tokens]
        gaps: list[tuple[int, int]] = []  # (sentence, index of the word after the gap)
        for n, (_, row, probabilities) in enumerate(read):
            for i in range(1, min(len(row), len(probabilities))):
                before, after = row[i - 1].group(), row[i].group()
                if (
                    before[0].isalnum()
                    and after[0].isalnum()
                    and max(probabilities[i - 1], probabilities[i]) >= SCREEN
                    and not quoted_at(quoted, sentences[n].start + row[i].start())
                ):
                    gaps.append((n, i))
        queries = [Query((*words[n][:i], _PLACEHOLDER, *words[n][i:]), i, FILLERS) for n, i in gaps]
        # (sentence, index of the word after the gap, filler, the gain it needs)
        likely: list[tuple[int, int, str, float]] = []
        for (n, i), scores in zip(gaps, self.scorer.fill(queries), strict=True):
            best = max(range(len(FILLERS)), key=scores.__getitem__)
            if scores[best] >= math.log(MIN_PROBABILITY):
                sure = scores[best] >= math.log(SURE_PROBABILITY)
                likely.append((n, i, FILLERS[best], SURE_MARGIN if sure else MARGIN))
        pairs = []
        for n, i, filler, _ in likely:
            text, at = sentences[n].text, tokens[n][i].start()
            pairs.append((text, f"{text[:at]}{filler} {text[at:]}"))
        findings = []
        for (n, i, filler, margin), gain in zip(
            likely, self.scorer.context_change(pairs), strict=True
        ):
            if gain < margin:
                continue
            word = tokens[n][i]
            start, end = sentences[n].start + word.start(), sentences[n].start + word.end()
            findings.append(
                Finding(
                    rule=CODE.code,
                    message=f"A word seems to be missing before {word.group()!r}: {filler!r}?",
                    start=start,
                    end=end,
                    confidence=CONFIDENCE,
                    source=Source.MODEL,
                    fix=Fix(f"{filler} {word.group()}"),
                )
            )
        return findings
