"""FT005 self-coordination: a word or name coordinated with itself ("Islam and Islam").

Only a copy that stands alone fires: the first copy follows a preposition, a
determiner or punctuation, and the second is followed by punctuation or a preposition
-- not by a noun ("the Turkish and the Turkish Cypriot press") or a verb ("blamed Wang
and Wang was removed").

Machine translation sometimes renders two different source words with one English
word and joins them: "peace and peace". The rule reports it without a fix (the model
proposes one). Silent on idioms of repetition: "more and more", "again and again",
"over and over", "on and on", "by and by", "through and through", comparatives
("bigger and bigger"), plurals of extent ("years and years"), verbs of duration
("walked and walked", "waiting and waiting") and "side by side"-type phrases (which
are not coordinations at all).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from fixtext.document import Sentence
from fixtext.rules.base import Hit, Rule

_SELF = re.compile(r"(?<![\w'’-])((?:[\w'’-]+ ){0,2}[\w'’-]+) (and|or) \1(?![\w'’-])")
#: What may follow the second copy: the end of the phrase, not a compound or a clause.
_END = re.compile(r"\s*(?:$|[,.;:!?()\[\]”\"’]|(?:in|on|at|with|from|to|into|across|within)\b)")
#: Words the first copy may follow: prepositions, determiners, verbs of saying.
_OPENERS = frozenset(
    """for of in on at to with from by between about against into over under
    both either neither said says called""".split()
)
IDIOMS = frozenset(
    """more less again over round around on by through up down out ever so such miles
    more's little far back forth on off in this that then now here there""".split()
)


def _is_idiomatic(phrase: str) -> bool:
    """True for repetition idioms: comparatives, plurals, -ing/-ed verbs and fixed ones."""
    if " " in phrase:
        words = phrase.split()
        return any(w in ("and", "or") or w.lower() in IDIOMS for w in words) or any(
            ch.isdigit() for ch in phrase
        )
    low = phrase.lower()
    return (
        low in IDIOMS
        or (phrase.islower() and re.search(r"(er|s|ing|ed)$", low) is not None)
        or phrase.isdigit()
    )


def check(sentence: Sentence, previous: Sentence | None) -> Iterator[Hit]:
    """Yield each "X and X" / "X or X" that is not an idiom."""
    for match in _SELF.finditer(sentence.text):
        phrase, conj = match.groups()
        if _is_idiomatic(phrase) or not _END.match(sentence.text, match.end()):
            continue  # "the Turkish and the Turkish Cypriot press", "John and John fell"
        before = sentence.text[: match.start()].split()
        if before and not (before[-1].lower() in _OPENERS or before[-1][-1] in ',;:(“"'):
            continue  # "lieutenant colonel and colonel", "tax and spend and spend"
        if " " in phrase and not (phrase[0].isupper() or phrase.split()[0] in ("the", "a")):
            continue  # "what we do not produce or do not produce"
        yield (
            match.start(),
            match.end(),
            f"'{phrase}' is coordinated with itself ('{phrase} {conj} {phrase}'); "
            "one of them is probably a mistranslation",
            0.8 if phrase[0].isupper() else 0.6,
            None,
        )


RULE = Rule("FT005", "self-coordination", "A word is coordinated with itself.", check)
