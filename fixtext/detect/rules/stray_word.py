"""FT015 stray-word: a function word with no place in the sentence.

"prices rose sharply in the own first quarter" -> "in the first quarter". Machine
translation and spinners leave articles, prepositions and determiners where they do not
belong. For every such word (:data:`DELETABLE`, lower-case) between two plain words, the
corpus bigram model (:mod:`fixtext.lexicon.bigrams`) compares the sentence without it; the word
is deleted when the sentence reads better by :data:`FIX_MARGIN` (natural log
probability), and only reported, without a fix, from :data:`FLAG_MARGIN` ("the most the
popular mayor", 11.8). A word opening or closing a sentence, or next to punctuation,
stays (a stray word before the final stop is FT008's).

The margins keep the changes of clean text to a handful of lines in tens of thousands,
and :data:`DELETABLE` leaves out the adverbs, pronouns and quantifiers whose deletion
restored more damage but took meaning out of clean text ("relies more on"); see
docs/thresholds.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from fixtext.codes import Example
from fixtext.detect.rules.base import Hit, Rule, graded_hit
from fixtext.document import Sentence
from fixtext.lexicon.bigrams import TOKEN, BigramModel

#: Gains from which the word is deleted, and from which it is reported.
FIX_MARGIN, FLAG_MARGIN = 13.0, 11.0
#: Words that MT output and spinners leave stray, and whose deletion rarely takes away
#: meaning a writer put there: not the adverbs, pronouns and quantifiers that clean text
#: uses where the bigram model reads better without them ("even", "just", "there", "it",
#: "relies more on", "scared one away", "contributed some vocals", "these very things").
DELETABLE = frozenset("the a an of that which other such own".split())
#: A lower-case deletable word with a plain word on each side.
_CANDIDATE = re.compile(rf"(?<=[A-Za-z0-9] )(?:{'|'.join(sorted(DELETABLE))}) (?=[A-Za-z0-9])")


class Deletion(NamedTuple):
    """A word whose deletion makes the sentence read better, and by how much."""

    gain: float
    start: int
    end: int


def deletions(text: str) -> list[Deletion]:
    """Every deletable word of ``text`` with its gain, best first (scored on the bigrams
    the deletion changes). The span covers the word and the space after it."""
    matches = list(_CANDIDATE.finditer(text))
    if not matches:
        return []
    found = list(TOKEN.finditer(text))
    # a candidate follows a space, so it starts a token, and a token follows it
    index_at = {token.start(): k + 1 for k, token in enumerate(found)}  # 0 is START
    model = BigramModel.shipped()
    ids = model.sentence_ids(text)  # the tokens of found, after START
    positions = [index_at[match.start()] for match in matches]
    gains = model.gains(ids, [(i, i + 1, []) for i in positions])
    out = [
        Deletion(float(gain), match.start(), match.end())
        for match, gain in zip(matches, gains, strict=True)
    ]
    return sorted(out, reverse=True)


def check(sentence: Sentence, previous: Sentence | None) -> Iterator[Hit]:
    """Yield the stray words whose deletion reads better by the margins, best first,
    never two neighbours."""
    taken: list[Deletion] = []
    for deletion in deletions(sentence.text):
        if deletion.gain < FLAG_MARGIN:
            break
        if any(deletion.start <= other.end and other.start <= deletion.end for other in taken):
            continue
        taken.append(deletion)
        word = sentence.text[deletion.start : deletion.end].strip()
        messages = (f"stray '{word}'", f"'{word}' may be a stray word")
        yield graded_hit(deletion.start, deletion.end, deletion.gain, FIX_MARGIN, "", messages)


RULE = Rule(
    code="FT015",
    name="stray-word",
    summary="A function word with no place in the sentence.",
    thresholds={"FIX_MARGIN": FIX_MARGIN, "FLAG_MARGIN": FLAG_MARGIN},
    fires=(
        Example(
            "Prices rose sharply in the own first quarter.",
            "Prices rose sharply in the first quarter.",
        ),
        Example(
            "Trade fell in the such first half of the year.",
            "Trade fell in the first half of the year.",
        ),
        Example(
            "The mayor opened the new bridge at the own end of May.",
            "The mayor opened the new bridge at the end of May.",
        ),
    ),
    silent=(
        "The council will own the new bridge once it opens.",
        "Fishermen said the ban would hurt their own families.",
        "Ministers said that the talks would resume on Monday.",
        "The company that runs the port said other firms would follow.",
        "The mayor asked such questions of the harbour board.",
    ),
    check=check,
    doc=__doc__,
)
