"""Moved-word repair: a spurious stop with one word moved behind it.

Machine translation sometimes breaks a sentence and carries one word across the break:
"over the vast large central region of the country" comes out as "over the vast central
region. large of the country". FT001 finds the stop and drops it, which leaves "region
large of". :class:`MovedWordRanker` asks the corpus models where the first word after
the stop reads best: it puts the word back at each word boundary before the stop (up to
:data:`MAX_DISTANCE` words back), scores every candidate sentence, and replaces FT001's
fix with the best candidate of the first model whose best beats the plain removal of the
stop by that model's margin (in natural log probability): the trigram model
(:class:`fixtext.lexicon.trigrams.TrigramModel`) at :data:`TRIGRAM_MARGIN`, then the bigram
model (:class:`fixtext.lexicon.bigrams.BigramModel`) at :data:`BIGRAM_MARGIN`. The new fix is
verified like any other.

The two models in turn, at these margins, put back more moved words than either alone
while moving a word at almost none of the stops that hide none (see docs/thresholds.md).
"""

from __future__ import annotations

import re
from dataclasses import replace

from fixtext.detect.rules import spurious_break
from fixtext.document import Document, Sentence, sentence_at
from fixtext.findings import Finding, Fix
from fixtext.protocols import SentenceScorer

#: The rule whose fix this ranker may replace: FT001 spurious-sentence-break.
BREAK_RULE = spurious_break.RULE.code
#: How much better (in log probability) a moved word must read than the stop removed,
#: by the trigram model and by the bigram model.
TRIGRAM_MARGIN, BIGRAM_MARGIN = 9.0, 7.0
#: The margins from which a move is applied unasked (a placement precision of at least
#: 99% on noised held-out text, see docs/thresholds.md); a move between the two pairs of
#: margins is a suggestion.
SAFE_TRIGRAM_MARGIN, SAFE_BIGRAM_MARGIN = 20.0, 16.0
#: How many words before the stop a moved word may go back.
MAX_DISTANCE = 12
#: The thresholds the ranker adds to FT001's (the registry shows them with the rule's own).
THRESHOLDS = {
    "TRIGRAM_MARGIN": TRIGRAM_MARGIN,
    "BIGRAM_MARGIN": BIGRAM_MARGIN,
    "SAFE_TRIGRAM_MARGIN": SAFE_TRIGRAM_MARGIN,
    "SAFE_BIGRAM_MARGIN": SAFE_BIGRAM_MARGIN,
    "MAX_DISTANCE": MAX_DISTANCE,
}
_PLAIN_WORD = re.compile(r"[a-z]+")
_WORD = re.compile(r"\S+")


def candidates(text: str, stop: int) -> list[tuple[str, int]]:
    """Repairs of ``text`` whose spurious stop is at ``stop`` (the offset of ". "): first
    the stop removed, then the word after it moved back to each earlier word boundary,
    nearest first. Each comes with the word boundary it used (-1 for the first). Empty
    when the word after the stop is not a plain lower-case word followed by more text."""
    after = _WORD.match(text, stop + 2)
    if after is None or not _PLAIN_WORD.fullmatch(after.group()) or after.end() >= len(text):
        return []
    word = after.group()
    removed = text[:stop] + text[stop + 1 :]
    out = [(removed, -1)]
    without = text[:stop] + text[after.end() :]  # stop and word gone: "region of the"
    starts = [m.start() for m in _WORD.finditer(text[:stop])]
    for boundary in reversed(starts[1:][-MAX_DISTANCE:]):
        out.append((f"{without[:boundary]}{word} {without[boundary:]}", boundary))
    return out


class MovedWordRanker:
    """Replaces FT001's stop removal with a moved-back word where a corpus model prefers
    it: ``judges`` are (scorer, margin) pairs, asked in order; the first whose best
    candidate beats the removal by its margin decides. The move is applied unasked only
    when ``safe_judges`` (the same scorers at higher margins) pick the same place;
    otherwise it is a suggestion whose alternatives are the stop removed and the stranded
    word deleted, for a stranded word is often spinner debris, not a moved word."""

    name = "moved-word"

    def __init__(
        self,
        judges: list[tuple[SentenceScorer, float]],
        safe_judges: list[tuple[SentenceScorer, float]] | None = None,
    ) -> None:
        self.judges = judges
        self.safe_judges = judges if safe_judges is None else safe_judges

    def refine(self, doc: Document, findings: list[Finding]) -> list[Finding]:
        """``findings`` with the fix of each FT001 stop that hides a moved word replaced."""
        jobs: list[tuple[int, Sentence, list[tuple[str, int]]]] = []
        sentences = doc.sentences
        for index, finding in enumerate(findings):
            if finding.rule != BREAK_RULE or finding.fix is None:
                continue
            sentence = sentence_at(sentences, finding.start)
            if sentence is None or sentence.text[finding.start - sentence.start :][:2] != ". ":
                continue
            options = candidates(sentence.text, finding.start - sentence.start)
            if len(options) > 1:
                jobs.append((index, sentence, options))
        if not jobs:
            return findings
        out = list(findings)
        for index, sentence, options in jobs:
            texts = [text for text, _ in options]
            best = self.choice(texts)
            if best is None:
                continue
            repaired, boundary = options[best]
            stop = findings[index].start - sentence.start
            word = sentence.text[stop + 2 :].split(" ", 1)[0]
            end = stop + 2 + len(word)  # the region from the boundary to the moved word
            region = sentence.text[boundary:end]
            removed = region[: stop - boundary] + region[stop - boundary + 1 :]
            deleted = region[: stop - boundary] + region[stop - boundary + 2 + len(word) :]
            sure = self.choice(texts, self.safe_judges) == best
            out[index] = replace(
                findings[index],
                start=sentence.start + boundary,
                end=sentence.start + end,
                message=f"Spurious sentence break; '{word}' belongs earlier in the sentence",
                fix=Fix(
                    repaired[boundary : end - 1],
                    alternatives=(removed, deleted),
                    hold="" if sure else "the corpus models are not sure enough of the move",
                ),
            )
        return out

    def choice(
        self, options: list[str], judges: list[tuple[SentenceScorer, float]] | None = None
    ) -> int | None:
        """The index in ``options`` (from :func:`candidates`) of the move the first sure
        judge (of ``judges``, by default the ranker's) picks; None when no judge is sure."""
        for scorer, margin in self.judges if judges is None else judges:
            scores = [scorer.score(text) for text in options]
            best = max(range(1, len(options)), key=scores.__getitem__)
            if scores[best] >= scores[0] + margin:
                return best
        return None
