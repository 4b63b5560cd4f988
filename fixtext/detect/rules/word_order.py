"""FT013 word-order: two neighbouring words in the wrong order.

"over the vast region central of the country" -> "central region". For each pair of
neighbouring lower-case words the corpus bigram model (:mod:`fixtext.lexicon.bigrams`) scores
the sentence with the pair swapped; the best swap is the fix when it reads better than
the sentence as written by :data:`SWAP_MARGIN` (natural log probability: "in waters
shallow off" 16.9), and is only reported, without a fix, from :data:`FLAG_MARGIN`
("the capital week next" 11.8). Damage with smaller gains stays silent ("the region
central" 8.3), since clean text reaches them too. Only plain words swap (no names,
numbers or punctuation between them; a comma or stop after the second word stays in
place), never an adverb whose place is free ("owned equally", "closely worked",
"contributed also"), never an auxiliary with a pronoun, whose order marks an inversion
("Not only was he ..."), and never in a question ("what rating can it get?").

The swap is a fix only from :data:`SWAP_MARGIN`, where it changes almost no clean text;
below it, from :data:`FLAG_MARGIN`, it would restore more damage but also change clean
text ("the five previous films", "organic carbon molecules"), so there it only reports
(see docs/thresholds.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

import numpy as np

from fixtext.codes import Example
from fixtext.detect.rules.base import Hit, Rule, graded_hit
from fixtext.document import Sentence
from fixtext.lexicon.bigrams import TOKEN, BigramModel

#: Gains from which the swap is the fix, and from which it is only reported.
SWAP_MARGIN, FLAG_MARGIN = 12.0, 10.0
#: A plain lower-case word, then one space, then another, with any closing punctuation.
_PAIR = re.compile(r"(?<![\w'’-])([a-z]+) ([a-z]+)(?=[.,;:!?]?(?:\s|$))")
_AUXILIARIES = frozenset(
    """is are was were am be been do does did has have had can could will would shall
    should may might must""".split()
)
_PRONOUNS = frozenset("i you he she it we they there this that".split())
#: Adverbs whose place in a sentence is free, so either order is the writer's choice
#: ("owned equally", "contributed also"); with the -ly adverbs they never swap.
_FLOATING = frozenset(
    """also not too only even still yet already together once often never always instead
    then now again here there ever just perhaps soon later first""".split()
)


def _is_inversion(first: str, second: str) -> bool:
    """True for an auxiliary next to a pronoun, in either order ("was he", "he was")."""
    pair = {first, second}
    return bool(pair & _AUXILIARIES) and bool(pair & _PRONOUNS)


class Swap(NamedTuple):
    """The best swap of a sentence: how much better it reads, and where it goes."""

    gain: float
    start: int
    end: int
    replacement: str


def _floats(word: str) -> bool:
    """True for an adverb that may stand on either side of its neighbour."""
    return word in _FLOATING or word.endswith("ly")


def best_swap(text: str) -> Swap | None:
    """The swap of two neighbouring plain words that reads best by the bigram model, or
    None when ``text`` has no pair to swap (scored on the bigrams the swap changes)."""
    pairs: list[re.Match[str]] = []
    position = 0
    while (match := _PAIR.search(text, position)) is not None:
        position = match.start(2)  # pairs overlap: "a b c" gives "a b" and "b c"
        first, second = match.groups()
        if first == second or _is_inversion(first, second) or _floats(first) or _floats(second):
            continue
        pairs.append(match)
    if not pairs:
        return None  # most sentences: no tokenising, no look-ups
    found = list(TOKEN.finditer(text))
    index_at = {token.start(): k + 1 for k, token in enumerate(found)}  # 0 is START
    pairs = [match for match in pairs if match.start(1) in index_at]  # all: whole tokens
    if not pairs:
        return None
    model = BigramModel.shipped()
    ids = model.sentence_ids(text)  # the tokens of found, after START
    positions = [index_at[match.start(1)] for match in pairs]
    gains = model.gains(ids, [(i, i + 2, [ids[i + 1], ids[i]]) for i in positions])
    k = int(np.argmax(gains))
    match = pairs[k]
    first, second = match.groups()
    return Swap(float(gains[k]), match.start(), match.end(), f"{second} {first}")


def check(sentence: Sentence, previous: Sentence | None) -> Iterator[Hit]:
    """Yield the best-reading swap of two neighbouring words, if it beats the margin."""
    if sentence.text.rstrip().endswith("?"):
        return  # questions invert their words: "what rating can it get?"
    swap = best_swap(sentence.text)
    if swap is None or swap.gain < FLAG_MARGIN:
        return
    words = sentence.text[swap.start : swap.end]
    messages = (
        f"'{words}' reads as if the two words were swapped",
        f"'{words}' may be in the wrong order (perhaps '{swap.replacement}')",
    )
    yield graded_hit(swap.start, swap.end, swap.gain, SWAP_MARGIN, swap.replacement, messages)


RULE = Rule(
    code="FT013",
    name="word-order",
    summary="Two neighbouring words in the wrong order.",
    thresholds={"SWAP_MARGIN": SWAP_MARGIN, "FLAG_MARGIN": FLAG_MARGIN},
    fires=(
        Example(
            "The ferry ran aground in waters shallow off the island.",
            "The ferry ran aground in shallow waters off the island.",
        ),
        Example(
            "The company reported a loss in the quarter third.",
            "The company reported a loss in the third quarter.",
        ),
    ),
    silent=(
        "The harbour was closed for three days after the storm.",
        "The company owned equally by the two banks reported a loss.",
        "Not only was he the mayor, he also ran the port.",
        "What rating can it get?",
        "The envoy said the talks would resume next week in the capital.",
    ),
    check=check,
    doc=__doc__,
)
