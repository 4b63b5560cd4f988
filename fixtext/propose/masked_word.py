"""Masked-word proposals: a fix for a word FT103 flags, ranked by BERT in context.

FT103 (:mod:`fixtext.detect.damaged_word`) says which word reads as damaged, not what it
should be. :class:`MaskedWordProposer` gathers the words it may have replaced
(:func:`fixtext.lexicon.candidates.replaced_words`: WordNet read backwards and the words
post-editors wrote back in its place in real machine translation) and BERT's own
:data:`~fixtext.model.masked_lm.TOP_FILLS` likeliest words in its place, and asks BERT,
with the word masked, how much likelier each is
(:meth:`fixtext.model.masked_lm.MaskedScorer.proposals`). The candidates that gain at
least :data:`MIN_GAIN` are ranked by their gain plus :data:`SIMILARITY_WEIGHT` times
their similarity to the flagged word, plus :data:`LEXICON_BONUS` for a word the
lexicons name: BERT alone prefers what fits the context ("dock" for "walked off the
occupation"), the similarity and the lexicons pull towards what the damaged word meant
("job"). The best becomes the finding's fix, the next ones its alternatives; a flagged
word no candidate beats keeps its flag without a fix. No proposal is the flagged word in
another house spelling or the word it abbreviates.

Only a flag of one lower-case content word with no fix gets a proposal (FT102 has already
ranked the candidates of a word it flags, and a flag it shares with FT103 is its own).
Fix safety: a suggestion. FT103 has no clean-text rate in the fix policy, so ``fix``
applies none unasked; it is verified like every fix.
"""

from __future__ import annotations

from dataclasses import replace

from fixtext.detect.damaged_word import CODE as DAMAGED_WORD
from fixtext.document import Document, sentence_at
from fixtext.findings import Finding, Fix
from fixtext.lexicon.candidates import replaced_words
from fixtext.lexicon.substitutes import house_variant, swappable
from fixtext.lexicon.wordnet import WordNet
from fixtext.model.masked_lm import WORD, Proposal, Query, WordScorer

#: The least gain (natural log probability over the flagged word, masked) of a proposal.
MIN_GAIN = 2.0
#: The weight of a candidate's similarity to the flagged word (cosine) in its rank.
SIMILARITY_WEIGHT = 10.0
#: What a candidate the lexicons name gains in its rank (natural log).
LEXICON_BONUS = 4.0
#: Alternatives listed beside the fix.
MAX_ALTERNATIVES = 3
#: The settings the proposer adds to FT103's thresholds (the registry shows them together).
THRESHOLDS = {
    "MIN_GAIN": MIN_GAIN,
    "SIMILARITY_WEIGHT": SIMILARITY_WEIGHT,
    "LEXICON_BONUS": LEXICON_BONUS,
}


class MaskedWordProposer:
    """Gives FT103's one-word flags the likeliest replacement (see the module)."""

    name = "masked-word"

    def __init__(self, scorer: WordScorer, wordnet: WordNet) -> None:
        self.scorer = scorer
        self.wordnet = wordnet

    def query(self, words: tuple[str, ...], index: int) -> Query | None:
        """What BERT is asked for word ``index`` of ``words``: its lexicons' single-piece
        candidates; None for a word spinners do not swap (a name, a function word)."""
        if not swappable(words[index]):
            return None
        candidates = replaced_words(self.wordnet, words[index])
        return Query(words, index, tuple(c for c in candidates if self.scorer.single_piece(c)))

    def refine(self, doc: Document, findings: list[Finding]) -> list[Finding]:
        """``findings`` with a fix for each of FT103's one-word flags some candidate beats."""
        fixed = [(f.start, f.end) for f in findings if f.fix is not None]
        jobs: list[tuple[int, Query]] = []
        sentences = doc.sentences
        for index, finding in enumerate(findings):
            if finding.rule != DAMAGED_WORD.code or finding.fix is not None:
                continue
            if any(start < finding.end and finding.start < end for start, end in fixed):
                continue
            sentence = sentence_at(sentences, finding.start)
            if sentence is None:
                continue
            tokens = list(WORD.finditer(sentence.text))
            at = [n for n, t in enumerate(tokens) if sentence.start + t.start() == finding.start]
            if not at or sentence.start + tokens[at[0]].end() != finding.end:
                continue  # a run of several words
            query = self.query(tuple(t.group() for t in tokens), at[0])
            if query is not None:
                jobs.append((index, query))
        if not jobs:
            return findings
        out = list(findings)
        for (index, query), proposals in zip(
            jobs, self.scorer.proposals([q for _, q in jobs]), strict=True
        ):
            kept = ranked(query, proposals)
            if kept:
                out[index] = replace(
                    findings[index],
                    message=f"{findings[index].message}: did you mean {kept[0]!r}?",
                    fix=Fix(kept[0], tuple(kept[1 : 1 + MAX_ALTERNATIVES])),
                )
        return out


def ranked(query: Query, proposals: list[Proposal]) -> list[str]:
    """The proposals for ``query``'s word that gain at least :data:`MIN_GAIN`, best first
    (see the module)."""
    word = query.words[query.index]
    named = set(query.candidates)
    kept = [p for p in proposals if p.gain >= MIN_GAIN and not house_variant(word, p.word)]

    def rank(p: Proposal) -> float:
        return p.gain + SIMILARITY_WEIGHT * p.similarity + LEXICON_BONUS * (p.word in named)

    return [p.word for p in sorted(kept, key=rank, reverse=True)]
