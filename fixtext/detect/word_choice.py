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

A spinner also swaps a word for a synonym of two words ("bound up" for "committed",
"movie theatre" for "cinema"). Two lower-case words that together are a WordNet lemma are
judged as one: their candidates are the single words the lemma may stand for
(:func:`fixtext.lexicon.candidates.phrase_replaced_words`), scored in the place of both
words masked as one, against the two words' pseudo-log-likelihood (which, like a word of
several pieces, favours keeping them); they are always read masked and flagged at a lead
of :data:`PHRASE_MARGIN` (or :data:`ASSISTED_MARGIN` where the damage head suspects either
word). Where a phrase and one of its words are both flagged, the larger lead wins.

Spinners swap neighbouring words too ("a law officeholder" for "a police officer"), and
a swapped word makes its neighbour's context wrong. So once a single word is flagged, each
neighbour with candidates (only white space between, in no flag of its own) is read
again, masked whatever the screen says, with the fix in the flagged word's place; where
the neighbour then leads by the same margins, the finding covers both words and its fix
replaces both, with the flagged word's fix alone as its only alternative. This only grows
a flag, it never adds one; a phrase's flag never grows.

A capitalised word that opens a sentence ("Metropolis officials said ...": the first word
of a paragraph, or after a full stop, question or exclamation mark and any closing quotes
or brackets) is judged too, where the corpus writes it lower-case mid-sentence at least
half the time, or where it is a rare word: one BERT does not know as one piece (it knows
the names it read often), WordNet knows only in lower case (not "Bush") and no
capitalised word follows ("Imperativeness officers", not "Felicity Jones"). So most names
that open a sentence are left alone ("Bush", "Apple", "Mike"). Its candidates are
its lower-case form's, capitalised. Those BERT knows capitalised as one piece are read in
place ("City"); for the others, which BERT knows only in pieces when capitalised
("Completion"), a common opener (not a rare one: it may be a name, whose capital counts)
is read again, masked in lower case whatever the screen says, with their lower-case
forms, and the fix is capitalised ("Complete of the new hospital" -> "Completion"). An
opener after a quotation mark, dash, bracket or list marker is not judged, nor a
capitalised word that starts a line of wrapped text.

Names, numbers, other capitalised words, words inside quotation marks, function words and
words of fewer than three letters are never flagged; neither are a word's own spelling
variants (``organise``/``organize``) or the word it abbreviates (``pct``/``percent``)
proposed, nor candidates BERT knows only in pieces.

FT102 runs with the setting ``bert = "all"`` (it reads every sentence with BERT, which
makes a warm check several times slower: docs/measurements.md); the default,
``"guard"``, uses BERT for the verifier's fluency guard only.

The margins keep the flag rate on clean held-out news and encyclopaedia sentences at or
below 0.5% (figures: docs/thresholds.md). Fix safety: the fix is verified like any other,
and applied unasked only where the fix policy (:mod:`fixtext.policy`) has measured FT102
safe; otherwise it is a suggestion with its alternatives.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import pairwise

from fixtext.codes import Code, Example, Rewrites
from fixtext.document import Document, Sentence, quotations, quoted_at
from fixtext.findings import Finding, Fix, Source
from fixtext.lexicon.candidates import phrase_replaced_words, replaced_words
from fixtext.lexicon.names import is_title_cased
from fixtext.lexicon.wordnet import WordNet
from fixtext.lexicon.words import KNOWN_WORD, is_common_lower
from fixtext.model.masked_lm import WORD, Query, WordScorer

#: With the word visible, a candidate this close (log probability) earns a masked look.
SCREEN_MARGIN = -8.0
#: With the word masked, the best candidate's lead over the word that flags it.
FLAG_MARGIN = 8.0
#: The best candidate's lead over two words judged as one that flags them.
PHRASE_MARGIN = 9.0
#: The lead that flags a word which BERT's damage head also suspects (see the module).
ASSISTED_MARGIN = 5.0
#: The damage head's probability that makes a word suspect.
SUSPECT = 0.7
#: The confidence of a flag: the share of flags on noised held-out text that were damage.
CONFIDENCE = 0.9
#: Alternatives listed beside the fix.
MAX_ALTERNATIVES = 3
#: The end of a sentence before another: a stop, then any closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*$")

CODE = Code(
    code="FT102",
    name="word-choice",
    summary="A word reads as a stand-in for a likelier synonym or related word.",
    issue_type="uncategorized",
    rewrites=Rewrites.NONE,
    thresholds={
        "KNOWN_WORD": KNOWN_WORD,
        "SCREEN_MARGIN": SCREEN_MARGIN,
        "FLAG_MARGIN": FLAG_MARGIN,
        "PHRASE_MARGIN": PHRASE_MARGIN,
        "ASSISTED_MARGIN": ASSISTED_MARGIN,
        "SUSPECT": SUSPECT,
    },
    fires=(
        Example(
            "The company said it would foregather with union leaders next week.",
            "The company said it would meet with union leaders next week.",
        ),
        Example(
            "The mayor said the city was bound up to building more homes.",
            "The mayor said the city was committed to building more homes.",
        ),
        Example(
            "Metropolis officials approved the new budget on Tuesday.",
            "City officials approved the new budget on Tuesday.",
        ),
        Example(
            "He was arrested by a law officeholder outside the station.",
            "He was arrested by a police officer outside the station.",
        ),
        Example(
            "Complete of the new hospital is expected next year.",
            "Completion of the new hospital is expected next year.",
        ),
    ),
    silent=(
        "The company said it would meet with union leaders next week.",
        "Engineers carried out tests on the bridge after rebels took over the town.",
        "Town officials approved the new budget on Tuesday.",
        "He was arrested by a police officer outside the station.",
        "Completion of the new hospital is expected next year.",
    ),
    doc=__doc__,
)


@dataclass(frozen=True)
class Judged:
    """A word (or ``width`` 2: two words judged as one, see the module) BERT looked at
    masked: its document offsets, its text (a phrase's words joined by a space), its
    candidates, each with its gain over the word, best first, and the damage head's
    probability that the word is damaged (0.0 without a head; a phrase's: the higher of
    its words')."""

    start: int
    end: int
    word: str
    ranked: tuple[tuple[float, str], ...]
    damage: float = 0.0
    width: int = 1

    @property
    def phrase(self) -> bool:
        """Whether these are two words judged as one."""
        return self.width > 1

    @property
    def flagged(self) -> bool:
        """Whether the best candidate leads by enough (see the module)."""
        lead = self.ranked[0][0]
        margin = PHRASE_MARGIN if self.phrase else FLAG_MARGIN
        return lead >= margin or (lead >= ASSISTED_MARGIN and self.damage >= SUSPECT)


@dataclass(frozen=True)
class _Word:
    """A word of a sentence, or two neighbouring words (``width`` 2) as one. A
    capitalised opener may have ``lower_candidates`` too, read with it in lower case (see
    the module): :meth:`lowered` is the word as that read sees it."""

    start: int  # offsets into the sentence
    end: int
    text: str
    candidates: tuple[str, ...]
    width: int = 1
    lower_candidates: tuple[str, ...] = ()
    lowered_read: bool = False

    def lowered(self) -> _Word:
        """This opener with its lower-case candidates, to be read in lower case."""
        return replace(
            self, candidates=self.lower_candidates, lower_candidates=(), lowered_read=True
        )

    def query(self, words: tuple[str, ...], index: int) -> Query:
        """The masked read of this word, ``words[index]`` (an opener in lower case)."""
        if self.lowered_read:
            words = (*words[:index], words[index].lower(), *words[index + 1 :])
        return Query(words, index, self.candidates, self.width)

    def ranked(self, gains: list[float]) -> tuple[tuple[float, str], ...]:
        """The candidates with their ``gains``, best first (an opener's capitalised)."""
        shown = (c.capitalize() if self.lowered_read else c for c in self.candidates)
        return tuple(sorted(zip(gains, shown, strict=True), reverse=True))


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
        self._opening_candidates: dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]] = {}
        self._phrase_candidates: dict[tuple[str, str], tuple[str, ...]] = {}

    def candidates(self, word: str) -> tuple[str, ...]:
        """The single-piece words ``word`` may have replaced (none for a word never
        flagged)."""
        if word not in self._candidates:
            self._candidates[word] = tuple(
                c for c in replaced_words(self.wordnet, word) if self.scorer.single_piece(c)
            )
        return self._candidates[word]

    def opening_candidates(
        self, word: str, following: str = ""
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The words ``word`` may have replaced where it opens a sentence, before the
        word ``following``: those of a capitalised common or rare word's lower-case form
        (none for a name, a rare word before a capitalised word, or a word never flagged:
        see the module), as two tuples: those BERT knows capitalised as one piece,
        capitalised, and, for a common word, the others BERT knows in lower case as one
        piece, in lower case."""
        if word not in self._opening_candidates:
            in_place: tuple[str, ...] = ()
            in_lower_case: tuple[str, ...] = ()
            rare = False
            if is_title_cased(word):
                lower = word.lower()
                common = is_common_lower(lower, KNOWN_WORD)
                rare = not common and self._rare_word(word)
                if common or rare:
                    capitalised = (c.capitalize() for c in replaced_words(self.wordnet, lower))
                    in_place = tuple(c for c in capitalised if self.scorer.single_piece(c))
                if common:
                    in_lower_case = tuple(
                        c for c in self.candidates(lower) if c.capitalize() not in in_place
                    )
            self._opening_candidates[word] = (in_place, in_lower_case, rare)
        in_place, in_lower_case, rare = self._opening_candidates[word]
        return ((), ()) if rare and following[:1].isupper() else (in_place, in_lower_case)

    def _rare_word(self, word: str) -> bool:
        """Whether capitalised ``word`` may be a rare common word rather than a name: BERT
        does not know it as one piece (the names it read often are), and WordNet knows
        it only in lower case."""
        return not self.scorer.single_piece(word) and self.wordnet.lower_case_only(word.lower())

    def phrase_candidates(self, first: str, second: str) -> tuple[str, ...]:
        """The single-piece words the two words ``first second`` may have replaced
        together (none for two words never flagged as one)."""
        if (first, second) not in self._phrase_candidates:
            self._phrase_candidates[first, second] = tuple(
                c
                for c in phrase_replaced_words(self.wordnet, first, second)
                if self.scorer.single_piece(c)
            )
        return self._phrase_candidates[first, second]

    def detect(self, doc: Document) -> list[Finding]:
        """One finding per word (or phrase) whose best candidate leads it by enough (see
        the module), grown over a neighbour that leads once the word is fixed, in the
        order of the text; of overlapping ones, the larger lead's (of equal leads, the one
        judged first: a word before a phrase that holds it)."""
        kept: list[Judged] = []
        flagged = (j for j in self.judge(doc) if j.flagged)
        for judged in sorted(flagged, key=lambda j: -j.ranked[0][0]):
            if not any(judged.start < k.end and k.start < judged.end for k in kept):
                kept.append(judged)
        neighbours = self._neighbours(doc, kept)
        findings = [_finding(doc.text, j, neighbours.get(j)) for j in kept]
        return sorted(findings, key=lambda f: f.start)

    def _neighbours(self, doc: Document, flagged: list[Judged]) -> dict[Judged, Judged]:
        """For each flagged single word of ``flagged`` (``doc``'s, from :meth:`judge`),
        the neighbour (only white space between, in no flag of ``flagged``) that leads by
        FT102's margins when read masked with the word's fix in place, if any: of two, the
        larger lead. A neighbour grows one flag, the one beside which it leads most (it is
        read with that flag's fix in place, not with both)."""
        quoted = quotations(doc.text)
        paragraphs = {p.start for p in doc.paragraphs}
        read: list[tuple[Sentence, list[_Word], list[Judged]]] = []
        for sentence in doc.sentences:
            end = sentence.start + len(sentence.text)
            inside = [j for j in flagged if not j.phrase and sentence.start <= j.start < end]
            if inside:
                read.append((sentence, self._words(doc, sentence, quoted, paragraphs), inside))
        texts = [tuple(w.text for w in words) for _, words, _ in read]
        damage = self.scorer.damage(texts) if self.assisted else [[] for _ in texts]
        queries: list[Query] = []
        asked: list[tuple[Judged, int, _Word, float]] = []  # (flag, offset, neighbour, damage)
        for (sentence, words, inside), text, probabilities in zip(read, texts, damage, strict=True):
            index_at = {sentence.start + w.start: i for i, w in enumerate(words)}
            for judged in inside:
                index, fix = index_at[judged.start], judged.ranked[0][1]
                fixed = (*text[:index], fix, *text[index + 1 :])
                for side in _beside(sentence, words, index):
                    start = sentence.start + words[side].start
                    if any(
                        j.start < sentence.start + words[side].end and start < j.end
                        for j in flagged
                    ):
                        continue
                    suspect = probabilities[side] if side < len(probabilities) else 0.0
                    for word in (words[side], words[side].lowered()):  # in place, lower case
                        candidates = tuple(c for c in word.candidates if c.lower() != fix.lower())
                        if candidates:
                            word = replace(word, candidates=candidates)
                            queries.append(word.query(fixed, side))
                            asked.append((judged, sentence.start, word, suspect))
        leads: list[tuple[Judged, Judged]] = []
        for (judged, offset, word, suspect), gains in zip(
            asked, self.scorer.gains(queries), strict=True
        ):
            neighbour = Judged(
                offset + word.start, offset + word.end, word.text, word.ranked(gains), suspect
            )
            if neighbour.flagged:
                leads.append((judged, neighbour))
        grown: dict[Judged, Judged] = {}
        for judged, neighbour in sorted(leads, key=lambda pair: -pair[1].ranked[0][0]):
            if judged not in grown and all(n.start != neighbour.start for n in grown.values()):
                grown[judged] = neighbour
        return grown

    def judge(self, doc: Document) -> list[Judged]:
        """Every word that earned the masked look, and every phrase (see the module), with
        its candidates ranked by gain; an opener read both in place and in lower case
        comes twice, once for each read's candidates."""
        sentences = doc.sentences
        quoted = quotations(doc.text)
        paragraphs = {p.start for p in doc.paragraphs}
        words = [self._words(doc, s, quoted, paragraphs) for s in sentences]
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
                    queries.append(word.query(text, index))
                    owners.append((sentence, word, suspect))
            for index, word in enumerate(sentence_words):  # never screened: in lower case
                if word.lower_candidates:
                    lowered = word.lowered()
                    suspect = probabilities[index] if index < len(probabilities) else 0.0
                    queries.append(lowered.query(text, index))
                    owners.append((sentence, lowered, suspect))
            pairs = _phrases(sentence, sentence_words, self.phrase_candidates, quoted)
            for index, phrase in pairs:
                queries.append(phrase.query(text, index))
                suspect = max(probabilities[index : index + 2], default=0.0)
                owners.append((sentence, phrase, suspect))
        return [
            Judged(
                sentence.start + word.start,
                sentence.start + word.end,
                word.text,
                word.ranked(gains),
                suspect,
                word.width,
            )
            for (sentence, word, suspect), gains in zip(
                owners, self.scorer.gains(queries), strict=True
            )
        ]

    def _words(
        self, doc: Document, sentence: Sentence, quoted: list[range], paragraphs: set[int]
    ) -> list[_Word]:
        """The sentence's tokens, each with its candidates (see the module; ``quoted``:
        the document's quotations, ``paragraphs``: its paragraphs' starts)."""
        opens = _opens(doc.text, sentence, paragraphs)
        return _words(sentence, self.opening_candidates if opens else None, self.candidates, quoted)


def _finding(text: str, judged: Judged, neighbour: Judged | None) -> Finding:
    """FT102's finding for a flagged word or phrase, grown over ``neighbour`` (see the
    module) when there is one; ``text`` is the document's."""
    best = judged.ranked[0][1]
    if neighbour is None:
        alternatives = tuple(c for g, c in judged.ranked[1 : 1 + MAX_ALTERNATIVES] if g > 0)
        start, end, fix = judged.start, judged.end, best
        message = f"{judged.word!r} reads as a stand-in: did you mean {best!r}?"
    else:
        start, end = min(judged.start, neighbour.start), max(judged.end, neighbour.end)
        fixed = {judged.start: best, neighbour.start: neighbour.ranked[0][1]}
        left, right = sorted((judged, neighbour), key=lambda j: j.start)
        between = text[left.end : right.start]
        fix = f"{fixed[left.start]}{between}{fixed[right.start]}"
        partial = {judged.start: best, neighbour.start: neighbour.word}
        alternatives = (f"{partial[left.start]}{between}{partial[right.start]}",)
        message = f"{text[start:end]!r} reads as stand-ins: did you mean {fix!r}?"
    return Finding(
        rule=CODE.code,
        message=message,
        start=start,
        end=end,
        confidence=CONFIDENCE,
        source=Source.MODEL,
        fix=Fix(fix, alternatives),
    )


def _words(
    sentence: Sentence,
    opener_candidates_of: Callable[[str, str], tuple[tuple[str, ...], tuple[str, ...]]] | None,
    candidates_of: Callable[[str], tuple[str, ...]],
    quoted: list[range],
) -> list[_Word]:
    """The sentence's tokens, each with its candidates (none inside ``quoted``, the
    document's quotations). Where the sentence opens one (``opener_candidates_of`` is
    given), a capitalised first token's come from it, given the token after it: those
    to read in place and those to read in lower case (see the module)."""
    tokens = list(WORD.finditer(sentence.text))
    out: list[_Word] = []
    for n, match in enumerate(tokens):
        start, end, token = match.start(), match.end(), match.group()
        if quoted_at(quoted, sentence.start + start):
            out.append(_Word(start, end, token, ()))
        elif n == 0 and opener_candidates_of is not None and token[:1].isupper():
            following = tokens[1].group() if len(tokens) > 1 else ""
            in_place, in_lower_case = opener_candidates_of(token, following)
            out.append(_Word(start, end, token, in_place, lower_candidates=in_lower_case))
        else:
            out.append(_Word(start, end, token, candidates_of(token)))
    return out


def _beside(sentence: Sentence, words: list[_Word], index: int) -> list[int]:
    """The indices of word ``index``'s neighbours in ``words`` (a sentence's) with only
    white space between (a line break of wrapped text too)."""
    return [
        side
        for side in (index - 1, index + 1)
        if 0 <= side < len(words)
        and sentence.text[
            min(words[index].end, words[side].end) : max(words[index].start, words[side].start)
        ].isspace()
    ]


def _opens(text: str, sentence: Sentence, paragraphs: set[int]) -> bool:
    """Whether ``sentence`` opens a sentence of ``text``: it starts a paragraph (whose
    starts are ``paragraphs``) or follows a sentence's end (see the module); not a piece
    of an overlong sentence after its first, nor a line of wrapped text the splitter
    began at its capital ("Board" after "approved by the" and a line break)."""
    if sentence.whole is not None and sentence.whole[0] != sentence.start:
        return False
    if sentence.start in paragraphs:
        return True
    return (
        _SENTENCE_END.search(text[max(0, sentence.start - 40) : sentence.start].rstrip())
        is not None
    )


def _phrases(
    sentence: Sentence,
    words: list[_Word],
    candidates_of: Callable[[str, str], tuple[str, ...]],
    quoted: list[range],
) -> list[tuple[int, _Word]]:
    """The sentence's pairs of neighbouring words, only white space between them (a
    line break of wrapped text too), that have candidates as one (see the module), each
    with the index of its first word; none inside ``quoted``, the document's
    quotations."""
    out: list[tuple[int, _Word]] = []
    for index, (first, second) in enumerate(pairwise(words)):
        if not sentence.text[first.end : second.start].isspace():
            continue
        if any(quoted_at(quoted, sentence.start + w.start) for w in (first, second)):
            continue
        candidates = candidates_of(first.text, second.text)
        if candidates:
            text = f"{first.text} {second.text}"
            out.append((index, _Word(first.start, second.end, text, candidates, width=2)))
    return out
