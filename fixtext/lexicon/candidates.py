"""The words a suspect word may have replaced, from every source fixtext has.

A spinner or a machine translation puts a wrong word in the place of a right one.
:func:`replaced_words` gathers the right one's candidates, in this order, without
repeats or function words: WordNet read backwards (:mod:`fixtext.lexicon.substitutes`),
the word's own noun in the other number and the adjectives that pertain to it ("the
company that ship" for "companies", "the region economy" for "regional":
:func:`~fixtext.lexicon.substitutes.other_forms`), and the words post-editors wrote back
in its place in real machine translation (:mod:`fixtext.lexicon.mined`). BERT then ranks
them in context.
"""

from __future__ import annotations

from fixtext.lexicon.mined import mined_substitutes
from fixtext.lexicon.substitutes import STOP_WORDS, other_forms, substitutes, swappable
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
