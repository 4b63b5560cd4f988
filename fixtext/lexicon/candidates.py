"""The words a suspect word may have replaced, from every source fixtext has.

A spinner or a machine translation puts a wrong word in the place of a right one.
:func:`replaced_words` gathers the right one's candidates, in this order, without
repeats or function words: WordNet read backwards (:mod:`fixtext.lexicon.substitutes`),
the word's own noun in the other number and the adjectives that pertain to it ("the
company that ship" for "companies", "the region economy" for "regional":
:func:`~fixtext.lexicon.substitutes.other_forms`), and the words post-editors wrote back
in its place in real machine translation (:mod:`fixtext.lexicon.mined`). BERT then ranks
them in context. :func:`phrase_replaced_words` does the same for two words that may stand
for one (WordNet's lemmas of two words read backwards).
"""

from __future__ import annotations

from fixtext.lexicon.mined import mined_substitutes
from fixtext.lexicon.substitutes import (
    ONE_WORD,
    STOP_WORDS,
    other_forms,
    phrase_substitutes,
    substitutes,
    swappable,
)
from fixtext.lexicon.wordnet import WordNet


def replaced_words(wordnet: WordNet, word: str) -> list[str]:
    """The words ``word`` may have replaced (none for a word spinners do not swap:
    :func:`~fixtext.lexicon.substitutes.swappable`)."""
    if not swappable(word):
        return []
    sources = [
        *substitutes(wordnet, word),
        *other_forms(wordnet, word),
        *mined_substitutes(word),
    ]
    return [c for c in dict.fromkeys(sources) if c not in STOP_WORDS]


def phrase_replaced_words(wordnet: WordNet, first: str, second: str) -> list[str]:
    """The single words the two words ``first second`` may have replaced together (none
    unless both are lower-case words and one of them a word spinners swap:
    :func:`~fixtext.lexicon.substitutes.swappable`)."""
    if not (ONE_WORD.match(first) and ONE_WORD.match(second)):
        return []
    if not (swappable(first) or swappable(second)):
        return []
    return [c for c in phrase_substitutes(wordnet, first, second) if c not in STOP_WORDS]
