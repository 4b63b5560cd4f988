"""FT014 confused-word: a word machine translation or an article spinner put in place of
the right one.

"the annual tumour rate" -> "the annual growth rate", "over the past twelvemonth" ->
"year". ``confusions.tsv`` lists, for a right word, the words put in its place; read
backwards, every listed substitute in a sentence proposes the right words, and the
corpus bigram model (:mod:`fixtext.bigrams`) compares the sentence with each of them in
its place. A substitute is replaced when the right word reads better by
:data:`FIX_MARGIN` (natural log probability), and only reported, without a fix, from
:data:`FLAG_MARGIN` ("the town faces many drawbacks", 11.0). A capitalised substitute
inside a sentence is a name or a title ("the Accounting Firm", "The School Dropout"), and
so is one opening a sentence before another capitalised word ("Countrywide Credit"):
they stay silent.

The margins were measured with ``python scripts/rule_margin.py --rule confused-word
--margins 9 10 12 13`` (held-out sentences damaged by ``noise.spinner_synonym`` or
``noise.related_word`` alone that the best replacement restores, against 3,000 clean
held-out and post-edited sentences it changes) and ``python
scripts/rules_false_flags.py`` (43,111 clean lines). At 13 the replacement restores 60
of 1,037 spinner synonyms (6%) and 21 of 1,488 related words (1%), and changes 5 clean
lines ("if we suppose the case" -> "believe"; one of them a real error, "more then 250");
at 10 it would restore 16% and 6% but change 49 clean lines ("41 years of age" ->
"years") and, on real machine translation, "I'll grab my hand" -> "take". From 10 it
reports: 16% and 6% of the damage, 49 clean lines (0.11%); from 9 it would report 21%
and 9%, but 108 clean lines, and 8 instead of 5 of the 123 clean sentences of
``benchmarks/quality.py``'s news set ("folks" -> "people", "a Christmas gathering").
A report does not license a model rewrite of its word (``rewrites="none"``): when it
did, the model turned the reported "grab" into "take" on real MT, and on the noised
held-out set such rewrites were worth 7 of 647 word edits.

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

import numpy as np

from fixtext.bigrams import START, TOKEN, BigramModel, tokens
from fixtext.document import Sentence
from fixtext.rules.base import Hit, Rule, graded_hit
from fixtext.rules.lexicon import confusions

#: Gains from which the right word replaces the substitute, and from which it is reported.
FIX_MARGIN, FLAG_MARGIN = 13.0, 10.0
#: The tables read backwards.
KINDS = ("related", "spinner")


class Replacement(NamedTuple):
    """A substitute in a sentence, the right word proposed for it, and how much better the
    sentence reads with it."""

    gain: float
    start: int
    end: int
    replacement: str


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
    return BigramModel.shipped().ids_of(tokens(words)).tolist()


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
    return bool(text[:start].strip()) or text[end:].lstrip()[:1].isupper()


def _match_case(written: str, right: str) -> str:
    return right[:1].upper() + right[1:] if written[:1].isupper() else right


def replacements(text: str) -> list[Replacement]:
    """Every substitute in ``text`` with its best right word, best gain first (one per
    start). A replacement changes only the bigrams from the word before the substitute to
    the word after it, so its gain is computed from those (the same as scoring both
    sentences)."""
    found = list(TOKEN.finditer(text))
    spans = [
        (i, j)
        for i, j in _substitutes(text, found)
        if not _is_name(text, found[i].start(), found[j - 1].end())
    ]
    if not spans:
        return []
    model = BigramModel.shipped()
    ids = model.ids_of([START, *(token.group().lower() for token in found)]).tolist()
    previous: list[int] = []
    following: list[int] = []
    weights: list[float] = []
    owners: list[int] = []
    candidates: list[tuple[int, int, str]] = []
    for i, j in spans:  # token k of found is ids[k + 1]
        written = text[found[i].start() : found[j - 1].end()]
        for right in right_words()[written.lower()]:
            new = [ids[i], *_token_ids(right), *ids[j + 1 : j + 2]]
            old = ids[i : j + 2]
            for sequence, sign in ((new, 1.0), (old, -1.0)):
                previous += sequence[:-1]
                following += sequence[1:]
                weights += [sign] * (len(sequence) - 1)
                owners += [len(candidates)] * (len(sequence) - 1)
            candidates.append((found[i].start(), found[j - 1].end(), right))
    log_probs = model.log_probs(np.array(previous), np.array(following))
    gains = np.bincount(owners, weights=log_probs * np.array(weights), minlength=len(candidates))
    best: dict[int, Replacement] = {}
    for (start, end, right), gain in zip(candidates, gains.tolist(), strict=True):
        if start not in best or gain > best[start].gain:
            best[start] = Replacement(gain, start, end, _match_case(text[start:end], right))
    return sorted(best.values(), reverse=True)


def check(sentence: Sentence, previous: Sentence | None) -> Iterator[Hit]:
    """Yield the substitutes whose right word reads better by the margins, best first,
    none overlapping another."""
    taken: list[tuple[int, int]] = []
    for proposal in replacements(sentence.text):
        if proposal.gain < FLAG_MARGIN:
            break
        if any(proposal.start < end and start < proposal.end for start, end in taken):
            continue
        taken.append((proposal.start, proposal.end))
        written, right = sentence.text[proposal.start : proposal.end], proposal.replacement
        messages = (
            f"'{written}' reads like a mistranslation of '{right}'",
            f"'{written}' may stand for '{right}'",
        )
        yield graded_hit(proposal.start, proposal.end, proposal.gain, FIX_MARGIN, right, messages)


RULE = Rule(
    "FT014",
    "confused-word",
    "A word put in place of the right one by machine translation or a spinner.",
    check,
    rewrites="none",
)
