"""FT009 quantifier-agreement: a singular noun after a plural quantifier.

"many country have", "several official said", "two soldier were", "most senior member
of" -> plural noun. Fires only when the quantifier has no determiner or possessive
before it ("the most senior member" is right), the noun is a singular count noun with a
known plural (``noun_plurals.tsv``), at most one adjective stands between, and the noun
is followed by a verb, preposition, conjunction or punctuation -- so compounds ("two
party system", "a five star hotel") stay silent. "most" fires only in the
"most ADJ NOUN of" shape, since "most time was" (mass use) is fine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from fixtext.document import Sentence
from fixtext.rules.base import Hit, Rule
from fixtext.rules.lexicon import FOLLOWERS, PLURAL_QUANTIFIERS, noun_plurals

_TOKEN = re.compile(r"[A-Za-z]+(?:[-'’][A-Za-z]+)*|\d[\d.,]*|[.,;:!?]")
DETERMINERS = frozenset(
    "the a an this that these those his her its their our my your whose which what".split()
)
_NOT_BEFORE = frozenset(
    """a at to or in out number no chapter article page room section grade level phase
    stage round game act part volume""".split()
)


def _follows_phrase(token: str, quantifier: str) -> bool:
    if quantifier == "most":
        return token == "of"
    return token in FOLLOWERS or token == "."


def _is_adjective_slot(token: str) -> bool:
    plurals = noun_plurals()
    return (
        token.isalpha()
        and token.islower()
        and token not in FOLLOWERS
        and token not in DETERMINERS
        and token not in PLURAL_QUANTIFIERS
        and token not in plurals.values()
        and not token.endswith(("ly", "s"))
    )


def check(sentence: Sentence, previous: Sentence | None) -> Iterator[Hit]:
    """Yield each singular count noun governed by a plural quantifier, pluralised."""
    toks = list(_TOKEN.finditer(sentence.text))
    words = [t.group() for t in toks]
    plurals = noun_plurals()
    for i, word in enumerate(words):
        quantifier = word.lower()
        if quantifier not in PLURAL_QUANTIFIERS and quantifier != "most":
            continue
        if i and not word.islower():
            continue  # a name: "the global Three brand"
        before = words[i - 1].lower() if i else ""
        if before in DETERMINERS or before.endswith(("'s", "’s")) or before in _NOT_BEFORE:
            continue
        two_before = words[i - 2].lower() if i > 1 else ""
        numeric = (before, two_before)
        if any(w[:1].isdigit() or w in PLURAL_QUANTIFIERS or w == "one" for w in numeric):
            continue  # ranges and odds: "five to five", "one or two", "one in five"
        if i and before[:1].isupper():
            continue  # "March five public offering"
        if quantifier == "most" and i and before not in FOLLOWERS:
            continue  # "the second most popular", "Britain's most senior"
        slots = [i + 2] if quantifier == "most" else [i + 1, i + 2]
        for n in slots:
            if n + 1 >= len(words):
                break
            noun = words[n]
            if n == i + 2 and not _is_adjective_slot(words[i + 1]):
                break
            if (
                noun in plurals
                and noun != "other"
                and _follows_phrase(words[n + 1].lower(), quantifier)
            ):
                yield (
                    toks[n].start(),
                    toks[n].end(),
                    f"'{noun}' should be plural after '{words[i]}'",
                    0.7 if quantifier != "most" else 0.6,
                    plurals[noun],
                )
                break


RULE = Rule("FT009", "quantifier-agreement", "A singular noun after a plural quantifier.", check)
