"""FT014 confused-word: a word machine translation or an article spinner put in place of
the right one.

"the annual tumour rate" -> "the annual growth rate", "over the past twelvemonth" ->
"year". ``confusions.tsv`` lists, for a right word, the words put in its place; read
backwards, every listed substitute in a sentence proposes the right words, and the
corpus trigram model (:mod:`fixtext.lexicon.trigrams`) compares the sentence with each of them in
its place. A substitute is replaced when the right word reads better by
:data:`FIX_MARGIN` (natural log probability) by the trigram model, or by
:data:`BIGRAM_FIX_MARGIN` by the bigram model (:mod:`fixtext.lexicon.bigrams`), and only
reported, without a fix, from :data:`FLAG_MARGIN` by the trigram model. A capitalised
substitute inside a sentence is a name or a title ("the Accounting Firm", "The School
Dropout"), and so is one opening a sentence before another capitalised word
("Countrywide Credit"): they stay silent.

The margins are where repairs of noised held-out sentences still outweigh changes of
clean text: from them a fix changes a handful of clean lines in tens of thousands, and a
report flags about one clean line in a thousand (figures and the alternatives tried:
docs/thresholds.md). A report does not license a model rewrite of its word
(``rewrites="none"``): such rewrites changed right words of real MT ("grab" -> "take")
and gained little on noised text.

The confusions are the noise generator's own tables (a right word and what MT and
spinners put in its place), so the share restored on synthetic damage is what a model
trained on that noise could learn, not a measure on real text; on real machine
translation the check is ``fixtext eval`` on ``eval/mt-postedit``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import NamedTuple

from fixtext.codes import Example, Rewrites
from fixtext.detect.rules.base import Hit, Rule, graded_hit
from fixtext.document import Sentence
from fixtext.lexicon.bigrams import TOKEN, Edit, tokens
from fixtext.lexicon.trigrams import TrigramModel
from fixtext.lexicon.words import confusions

#: Gains from which the right word replaces the substitute, and from which it is reported.
FIX_MARGIN, FLAG_MARGIN = 16.0, 12.0
#: Bigram gain from which the right word replaces the substitute, too.
BIGRAM_FIX_MARGIN = 13.0
#: The tables read backwards.
KINDS = ("related", "spinner")
#: Anything but white space; the first character after white space.
_TEXT_BEFORE = re.compile(r"\S")
_NEXT_CHARACTER = re.compile(r"\s*(\S)")


class Replacement(NamedTuple):
    """A substitute in a sentence, the right word proposed for it, and how much better the
    sentence reads with it by the trigram model (``gain``) and by the bigram model."""

    gain: float
    start: int
    end: int
    replacement: str
    bigram_gain: float

    @property
    def fix_score(self) -> float:
        """The gain the fix margin applies to: the trigram gain, or the bigram gain moved to
        the trigram's margin when higher (a bigram gain of :data:`BIGRAM_FIX_MARGIN` fixes
        too)."""
        return max(self.gain, self.bigram_gain + FIX_MARGIN - BIGRAM_FIX_MARGIN)


@cache
def right_words() -> dict[str, tuple[str, ...]]:
    """Lower-case substitute -> the right words it may stand for."""
    out: dict[str, set[str]] = {}
    for kind in KINDS:
        for right, substitutes in confusions(kind).items():
            for substitute in substitutes:
                if substitute.lower() != right:
                    out.setdefault(substitute.lower(), set()).add(right)
    return {substitute: tuple(sorted(rights)) for substitute, rights in out.items()}


@cache
def _longest_substitute() -> int:
    return max(len(substitute.split(" ")) for substitute in right_words())


@cache
def _token_ids(words: str) -> list[int]:
    return TrigramModel.shipped().bigrams.ids_of(tokens(words)).tolist()


def _edge(text: str, position: int) -> bool:
    """True when no word continues across ``position`` (a character outside the word)."""
    return not (0 <= position < len(text)) or not (
        text[position].isalnum() or text[position] in "_'’-"
    )


def _substitutes(text: str, found: list[re.Match[str]]) -> Iterator[tuple[int, int]]:
    """Token ranges ``[i, j)`` of ``found`` that spell a listed substitute, as whole words
    one space apart."""
    words = [token.group().lower() for token in found]
    table = right_words()
    for i in range(len(found)):
        if not _edge(text, found[i].start() - 1):
            continue
        phrase = words[i]
        for j in range(i + 1, min(len(found), i + _longest_substitute()) + 1):
            if j > i + 1:
                if text[found[j - 2].end() : found[j - 1].start()] != " ":
                    break
                phrase += " " + words[j - 1]
            if phrase in table and _edge(text, found[j - 1].end()):
                yield i, j


def _is_name(text: str, start: int, end: int) -> bool:
    """True for a capitalised substitute inside a sentence, or opening it before another
    capitalised word ("Countrywide Credit"): a name or a title."""
    if not text[start : start + 1].isupper():
        return False
    if _TEXT_BEFORE.search(text, 0, start):
        return True
    following = _NEXT_CHARACTER.match(text, end)
    return following is not None and following.group(1).isupper()


def _match_case(written: str, right: str) -> str:
    return right[:1].upper() + right[1:] if written[:1].isupper() else right


def replacements(text: str) -> list[Replacement]:
    """Every substitute in ``text`` with its best right word, best gain first (one per
    start), scored by the trigram and the bigram model on the words it changes."""
    found = list(TOKEN.finditer(text))
    spans = [
        (i, j)
        for i, j in _substitutes(text, found)
        if not _is_name(text, found[i].start(), found[j - 1].end())
    ]
    if not spans:
        return []
    model = TrigramModel.shipped()
    ids = model.sentence_ids(text)  # token k of found is ids[k + 2]
    edits: list[Edit] = []
    candidates: list[tuple[int, int, str]] = []
    for i, j in spans:
        written = text[found[i].start() : found[j - 1].end()]
        for right in right_words()[written.lower()]:
            edits.append((i + 2, j + 2, _token_ids(right)))
            candidates.append((found[i].start(), found[j - 1].end(), right))
    gains = model.gains(ids, edits)
    bigram_gains = model.bigrams.gains(ids, edits)  # the same ids, after one more START
    best: dict[int, Replacement] = {}
    for (start, end, right), gain, bigram_gain in zip(candidates, gains, bigram_gains, strict=True):
        if start not in best or gain > best[start].gain:
            written = _match_case(text[start:end], right)
            best[start] = Replacement(float(gain), start, end, written, float(bigram_gain))
    return sorted(best.values(), reverse=True)


def suggestion(text: str, start: int, end: int) -> str | None:
    """The right word :func:`replacements` proposes for the substitute ``text[start:end]``
    (what a report of it stands for), or None."""
    return next(
        (r.replacement for r in replacements(text) if (r.start, r.end) == (start, end)), None
    )


def check(sentence: Sentence, previous: Sentence | None) -> Iterator[Hit]:
    """Yield the substitutes whose right word reads better by the margins, best first,
    none overlapping another."""
    taken: list[tuple[int, int]] = []
    for proposal in replacements(sentence.text):
        if proposal.gain < FLAG_MARGIN and proposal.fix_score < FIX_MARGIN:
            continue
        if any(proposal.start < end and start < proposal.end for start, end in taken):
            continue
        taken.append((proposal.start, proposal.end))
        written, right = sentence.text[proposal.start : proposal.end], proposal.replacement
        messages = (
            f"'{written}' reads like a mistranslation of '{right}'",
            f"'{written}' may stand for '{right}'",
        )
        yield graded_hit(
            proposal.start, proposal.end, proposal.fix_score, FIX_MARGIN, right, messages
        )


RULE = Rule(
    code="FT014",
    name="confused-word",
    summary="A word put in place of the right one by machine translation or a spinner.",
    rewrites=Rewrites.NONE,
    thresholds={
        "FIX_MARGIN": FIX_MARGIN,
        "FLAG_MARGIN": FLAG_MARGIN,
        "BIGRAM_FIX_MARGIN": BIGRAM_FIX_MARGIN,
    },
    fires=(
        Example(
            "The annual tumour rate of the economy slowed to two per cent.",
            "The annual growth rate of the economy slowed to two per cent.",
        ),
        Example(
            "Exports rose sharply over the past twelvemonth.",
            "Exports rose sharply over the past year.",
        ),
        Example(
            "The central bank will meet again next calendar month to review rates.",
            "The central bank will meet again next month to review rates.",
        ),
    ),
    silent=(
        "The council agreed to build a new bridge over the stream.",
        "The minister said the bill would be debated in the courtroom next week.",
        "The Accounting Firm audited the port authority.",
        "Countrywide Credit reported higher profits.",
        "Shares in the firm fell after the company cut its profit forecast.",
    ),
    check=check,
    doc=__doc__,
)
