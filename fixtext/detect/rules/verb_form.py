"""FT012 verb-form: a verb with a third-person -s after "to" or a modal.

"the first luger to competes at", "the comic will follows", "they could not agrees" ->
the plain form. Fires on a word right after "to", a modal (will, would, can, could, may,
might, must, should, shall) or a modal + "not", when the word is a third-person form
the corpus never uses as a plural noun (``verb_s_forms.tsv``: "competes", "includes";
not "increases" or "remains", which follow "the" too). The governor must be written
lower-case and not follow a determiner ("in May 2021, contains", "his will contains").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from fixtext.codes import Example
from fixtext.detect.rules.base import Hit, Rule
from fixtext.document import Sentence
from fixtext.lexicon.words import verb_s_forms

_WORD = re.compile(r"[^\W\d_]+(?:'[a-z]+)?")
#: Words after which only the plain form of a verb can follow.
GOVERNORS = frozenset("to will would can could may might must should shall".split())
_NOUN_MARKERS = frozenset("the a an his her its their our my your this that".split())


def _governor(text: str, toks: list[re.Match[str]], i: int) -> str | None:
    """The word governing token ``i`` ("to", a modal), skipping one "not"; None when
    there is none, or when the words are not next to each other."""
    j = i - 1
    if toks[j].group() == "not" and j > 0 and text[toks[j - 1].end() : toks[j].start()] == " ":
        j -= 1
    if text[toks[j].end() : toks[j + 1].start()] != " ":
        return None  # "to 21, establishes"
    word = toks[j].group()
    if word not in GOVERNORS or (j > 0 and toks[j - 1].group().lower() in _NOUN_MARKERS):
        return None
    return word


def check(sentence: Sentence, previous: Sentence | None) -> Iterator[Hit]:
    """Yield each -s verb right after "to" or a modal, with its plain form."""
    toks = list(_WORD.finditer(sentence.text))
    for i in range(1, len(toks)):
        plain = verb_s_forms().get(toks[i].group())
        governor = _governor(sentence.text, toks, i) if plain else None
        if plain and governor:
            yield Hit(
                toks[i].start(),
                toks[i].end(),
                f"'{toks[i].group()}' after '{governor}' should be the plain form '{plain}'",
                0.7,
                plain,
            )


RULE = Rule(
    code="FT012",
    name="verb-form",
    summary="A third-person verb form after 'to' or a modal.",
    fires=(
        Example(
            "She was the first skier to competes at the games.",
            "She was the first skier to compete at the games.",
        ),
        Example("The series will follows the crew.", "The series will follow the crew."),
        Example("They could not agrees on a price.", "They could not agree on a price."),
        Example("A full charge would takes nine hours.", "A full charge would take nine hours."),
    ),
    silent=(
        "The win led them to wins over Leeds and Derby.",
        "Growth is due to increases in trade.",
        "She wants to focus on her studies.",
        "As of May 2021, contains five species.",
        "His will contains a clause on the farm.",
        "It raises the age to 21, establishes a delay and adds checks.",
        "The town is home to remains of a fort.",
    ),
    check=check,
    doc=__doc__,
)
