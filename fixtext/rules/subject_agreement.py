"""FT011 subject-agreement: a plural verb after a singular subject at the clause start.

Two shapes LanguageTool leaves alone: "he/she/it were" where the pronoun opens a clause
(the start of the sentence, or after "and", "but", a comma or a semicolon) -> "was"; and a
sentence that opens with "The/This/That/Its/His/Her" + a singular count noun + "were" or
"are" ("The bridge were built") -> "was"/"is". Silent on
the subjunctive ("if it were", "as it were", "wishes he were"), on nouns that British
English treats as plural ("the team were"), and on a noun followed by "of" ("the number
of people are"), whose verb may agree with the second noun.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from fixtext.document import Sentence
from fixtext.rules.base import Hit, Rule
from fixtext.rules.lexicon import COLLECTIVE, is_word, noun_plurals

_WORD = re.compile(r"[^\W\d_]+|[,;]")
_PRONOUNS = frozenset("he she it".split())
_CLAUSE_OPENERS = frozenset(["and", "but", ",", ";"])
#: Words that make a following "were" subjunctive: "if it were", "as though he were".
_SUBJUNCTIVE = frozenset(
    """if as though wish wishes wished unless suppose supposing whether imagine than even
    would""".split()
)
_SENTENCE_DETERMINERS = frozenset("The This That Its His Her".split())
_SINGULAR = {"were": "was", "are": "is"}
#: Words that head a plural subject: "the rest were", "the other two were".
_NOT_SUBJECTS = frozenset("other rest remainder bulk majority former latter".split())


def _is_singular_noun(word: str) -> bool:
    """A singular count noun: listed in ``noun_plurals.tsv``, or a known word whose "-s"
    plural is a known word too ("house", "village"), and not collective."""
    if not word.islower() or word in COLLECTIVE or word in _NOT_SUBJECTS or word.endswith("s"):
        return False
    return word in noun_plurals() or (is_word(word) and is_word(word + "s"))


def check(sentence: Sentence, previous: Sentence | None) -> Iterator[Hit]:
    """Yield each singular subject's plural verb, with its singular form."""
    toks = list(_WORD.finditer(sentence.text))
    words = [t.group() for t in toks]
    for i, word in enumerate(words[:-1]):
        verb = words[i + 1]
        if verb not in _SINGULAR:
            continue
        lead = [w.lower() for w in words[max(0, i - 4) : i]]
        if word.lower() in _PRONOUNS and verb == "were":
            opens = i == 0 or lead[-1] in _CLAUSE_OPENERS
            if opens and not _SUBJUNCTIVE.intersection(lead):
                yield _hit(word, toks[i + 1])
        elif i == 1 and words[0] in _SENTENCE_DETERMINERS and _is_singular_noun(word):
            yield _hit(word, toks[i + 1])


def _hit(subject: str, verb: re.Match[str]) -> Hit:
    singular = _SINGULAR[verb.group()]
    message = f"'{subject} {verb.group()}': a singular subject needs '{singular}'"
    return (verb.start(), verb.end(), message, 0.6, singular)


RULE = Rule("FT011", "subject-agreement", "A plural verb after a singular subject.", check)
