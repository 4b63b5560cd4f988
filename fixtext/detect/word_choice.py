"""FT102 word-choice: a word BERT reads as a stand-in for a likelier synonym or relative.

Article spinners and machine translation swap a word for a synonym of the wrong sense or
register, or for a related word of the wrong form: "the metropolis council", "elevated
concerns", "a systematic failure" for "a system failure". For each lower-case content
word of a sentence, the words it may have replaced are its WordNet synonyms in every
sense and its related words, and the words post-editors wrote back in its place in real
machine translation (:func:`fixtext.lexicon.candidates.replaced_words`). BERT
(:mod:`fixtext.model.masked_lm`) reads the sentence once with every word visible; where
some candidate comes within :data:`SCREEN_MARGIN` of the word, or the word is in several
pieces (whose later pieces BERT copies when it sees them), it reads the sentence again
with the word masked, and the word is flagged when the best candidate is likelier than
the word by :data:`FLAG_MARGIN` (natural log probability), with that candidate as its fix
and the next best as alternatives. Where BERT's damage head is shipped (FT103,
:mod:`fixtext.detect.damaged_word`), a word it gives a probability of damage of at least
:data:`SUSPECT` is read masked whatever the screen says and needs only a lead of
:data:`ASSISTED_MARGIN`.

Names, numbers, capitalised words, words inside quotation marks, function words and words
of fewer than three letters are never flagged; neither are a word's own spelling variants
(``organise``/``organize``) or the word it abbreviates (``pct``/``percent``) proposed,
nor candidates BERT knows only in pieces.

FT102 runs with the setting ``bert = "all"`` (it reads every sentence with BERT, which
makes a warm check several times slower: docs/measurements.md); the default,
``"guard"``, uses BERT for the verifier's fluency guard only.

The margins keep the flag rate on clean held-out news and encyclopaedia sentences at or
below 0.5% (figures: docs/thresholds.md). Fix safety: the fix is verified like any other,
and applied unasked only where the fix policy (:mod:`fixtext.policy`) has measured FT102
safe; otherwise it is a suggestion with its alternatives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fixtext.codes import Code, Example, Rewrites
from fixtext.document import Document, Sentence, quotations, quoted_at
from fixtext.findings import Finding, Fix, Source
from fixtext.lexicon.candidates import replaced_words
from fixtext.lexicon.wordnet import WordNet
from fixtext.model.masked_lm import WORD, Query, WordScorer

#: With the word visible, a candidate this close (log probability) earns a masked look.
SCREEN_MARGIN = -6.0
#: With the word masked, the best candidate's lead over the word that flags it.
FLAG_MARGIN = 8.0
#: The lead that flags a word which BERT's damage head also suspects (see the module).
ASSISTED_MARGIN = 5.0
#: The damage head's probability that makes a word suspect.
SUSPECT = 0.7
#: The confidence of a flag: the share of flags on noised held-out text that were damage.
CONFIDENCE = 0.9
#: Alternatives listed beside the fix.
MAX_ALTERNATIVES = 3

CODE = Code(
    code="FT102",
    name="word-choice",
    summary="A word reads as a stand-in for a likelier synonym or related word.",
    issue_type="uncategorized",
    rewrites=Rewrites.NONE,
    thresholds={
        "SCREEN_MARGIN": SCREEN_MARGIN,
        "FLAG_MARGIN": FLAG_MARGIN,
        "ASSISTED_MARGIN": ASSISTED_MARGIN,
        "SUSPECT": SUSPECT,
    },
    fires=(
        Example(
            "The company said it would foregather with union leaders next week.",
            "The company said it would meet with union leaders next week.",
        ),
    ),
    silent=("The company said it would meet with union leaders next week.",),
    doc=__doc__,
)


@dataclass(frozen=True)
class Judged:
    """A word BERT looked at masked: its document offsets, its candidates, each with its
    gain over the word, best first, and the damage head's probability that the word is
    damaged (0.0 without a head)."""

    start: int
    end: int
    word: str
    ranked: tuple[tuple[float, str], ...]
    damage: float = 0.0

    @property
    def flagged(self) -> bool:
        """Whether the best candidate leads by enough (see the module)."""
        lead = self.ranked[0][0]
        return lead >= FLAG_MARGIN or (lead >= ASSISTED_MARGIN and self.damage >= SUSPECT)


@dataclass(frozen=True)
class _Word:
    start: int  # offsets into the sentence
    end: int
    text: str
    candidates: tuple[str, ...]


class WordChoiceDetector:
    """FT102: BERT with WordNet's and the mined candidates (see the module)."""

    name = "word-choice"

    def __init__(self, scorer: WordScorer, wordnet: WordNet, assisted: bool = False) -> None:
        """``assisted``: the scorer has the damage head, whose probabilities lower the
        lead a suspect word needs."""
        self.scorer = scorer
        self.wordnet = wordnet
        self.assisted = assisted
        self._candidates: dict[str, tuple[str, ...]] = {}

    def candidates(self, word: str) -> tuple[str, ...]:
        """The single-piece words ``word`` may have replaced (none for a word never
        flagged)."""
        if word not in self._candidates:
            self._candidates[word] = tuple(
                c for c in replaced_words(self.wordnet, word) if self.scorer.single_piece(c)
            )
        return self._candidates[word]

    def detect(self, doc: Document) -> list[Finding]:
        """One finding per word whose best candidate leads it by enough (see the module)."""
        findings = []
        for judged in self.judge(doc):
            if not judged.flagged:
                continue
            best = judged.ranked[0][1]
            alternatives = tuple(c for g, c in judged.ranked[1 : 1 + MAX_ALTERNATIVES] if g > 0)
            findings.append(
                Finding(
                    rule=CODE.code,
                    message=f"{judged.word!r} reads as a stand-in: did you mean {best!r}?",
                    start=judged.start,
                    end=judged.end,
                    confidence=CONFIDENCE,
                    source=Source.MODEL,
                    fix=Fix(best, alternatives),
                )
            )
        return findings

    def judge(self, doc: Document) -> list[Judged]:
        """Every word that earned the masked look, with its candidates ranked by gain."""
        sentences = doc.sentences
        quoted = quotations(doc.text)
        words = [_words(s, self.candidates, quoted) for s in sentences]
        texts = [tuple(w.text for w in sentence) for sentence in words]
        screened = self.scorer.word_log_probs(
            texts, [[w.candidates for w in sentence] for sentence in words]
        )
        damage = self.scorer.damage(texts) if self.assisted else [[] for _ in texts]
        queries: list[Query] = []
        owners: list[tuple[Sentence, _Word, float]] = []
        for sentence, sentence_words, text, scores, probabilities in zip(
            sentences, words, texts, screened, damage, strict=True
        ):
            for index, (word, (own, others)) in enumerate(
                zip(sentence_words, scores, strict=False)  # no scores: a sentence too long
            ):
                suspect = probabilities[index] if index < len(probabilities) else 0.0
                if word.candidates and (
                    max(others) - own > SCREEN_MARGIN
                    or not self.scorer.single_piece(word.text)
                    or suspect >= SUSPECT
                ):
                    queries.append(Query(text, index, word.candidates))
                    owners.append((sentence, word, suspect))
        return [
            Judged(
                sentence.start + word.start,
                sentence.start + word.end,
                word.text,
                tuple(sorted(zip(gains, word.candidates, strict=True), reverse=True)),
                suspect,
            )
            for (sentence, word, suspect), gains in zip(
                owners, self.scorer.gains(queries), strict=True
            )
        ]


def _words(
    sentence: Sentence, candidates_of: Callable[[str], tuple[str, ...]], quoted: list[range]
) -> list[_Word]:
    """The sentence's tokens, each with its candidates (none inside ``quoted``, the
    document's quotations)."""
    out: list[_Word] = []
    for match in WORD.finditer(sentence.text):
        token = match.group()
        at = sentence.start + match.start()
        candidates = () if quoted_at(quoted, at) else candidates_of(token)
        out.append(_Word(match.start(), match.end(), token, candidates))
    return out
