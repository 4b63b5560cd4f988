"""FT010 orphan-determiner: an article with no noun phrase after it ("at the of the").

"the", "a" or "an" directly followed by a preposition, conjunction, auxiliary, pronoun,
a possessive or demonstrative ("the this first", "the their register"), "also" or
another article ("walked to the of the market", "said the that plan", "the was closed")
cannot start a noun phrase: either the article is a stray word, or the word after it is,
or words were dropped between them ("worked at the from 1950"). The finding covers both
words and has no fix, since which of the three it is needs the meaning: a verified model
rewrite that only inserts words there may be applied, while one that deletes a word
stays a suggestion, so a lost name is never papered over ("floated on the and Toronto
stock exchanges" must not become "on the Toronto"). Only lower-case articles fire ("Type
A of"), never before a hyphenated or quoted word ("the by-election", "the 'and'
operator"), and not before words that also start noun phrases ("the will of the
people", "a can of paint", "the in crowd", "a while ago", "the past decade", "the above
figure"). A doubled article ("the the") is FT003's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from fixtext.codes import Example, Rewrites
from fixtext.detect.rules.base import Hit, Rule
from fixtext.document import Sentence

#: Words that cannot follow an article: none of them also names a thing.
NON_NOUN_STARTERS = frozenset(
    """of to from with by and or but that which who whom whose is are was were has have
    had a an the he she they we it this these those its their our my your some also
    there""".split()
)
_ORPHAN = re.compile(
    r"(?<![\w'’\-.`])(the|a|an) (" + "|".join(sorted(NON_NOUN_STARTERS)) + r")(?![\w'’\-])"
)


def check(sentence: Sentence, previous: Sentence | None) -> Iterator[Hit]:
    """Yield each article followed by a word that cannot begin its noun phrase."""
    for match in _ORPHAN.finditer(sentence.text):
        article, after = match.groups()
        if after == article:
            continue  # "the the": a repeated word
        yield Hit(
            match.start(),
            match.end(),
            f"'{article}' is followed by '{after}', not by a noun phrase: "
            "a stray word or a dropped one",
            0.6,
            None,
        )


RULE = Rule(
    code="FT010",
    name="orphan-determiner",
    summary="An article with no noun phrase after it.",
    rewrites=Rewrites.INSERT,
    fires=(
        Example("He walked to the of the market."),
        Example("We saw the was closed."),
    ),
    silent=(
        "It was the will of the people.",
        "He bought a can of paint and a while later left.",
        "Vitamin A of course helps, as does Type A with rest.",
        "The by-election and the 'and' operator were discussed.",
        "He read the the report.",
        "The past decade saw the above figure double.",
        "The then mayor and the so-called reform were both ignored.",
        "It was the very first and the just cause.",
    ),
    check=check,
    doc=__doc__,
)
