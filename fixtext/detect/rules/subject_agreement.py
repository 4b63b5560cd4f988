"""FT011 subject-agreement: a plural verb after a singular subject at the clause start.

Three shapes LanguageTool leaves alone: "he/she/it were" where the pronoun opens a
clause (the start of the sentence, or after "and", "but", a comma or a semicolon) ->
"was"; a sentence that opens with a determiner ("The/This/Its/Their/A/Each ..."), up to
three modifiers (adjectives, name words, a possessive) and a singular count noun before
"were", "are" or "have" ("The bridge were built", "The Grand Ledge area were settled",
"The zone's competition were held") -> "was"/"is"/"has"; and a person's name with a
birth or death bracket before "are"/"were" ("Ana Ruiz (born 1990) are a Spanish
judoka") -> "is"/"was". Silent on the subjunctive ("if it were", "as it were", "wishes
he were"), on nouns that British English treats as plural ("the team were", "the
England side were"), on a noun followed by "of" ("the number of people are"), whose
verb may agree with the second noun, on coordinated subjects ("The dam and sawmill
were") and on names without a bracket ("Pink Floyd were a band").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from fixtext.codes import Example
from fixtext.detect.rules.base import Hit, Rule
from fixtext.document import Sentence
from fixtext.lexicon.names import FUNCTION_WORDS
from fixtext.lexicon.words import COLLECTIVE, FOLLOWERS, is_word, noun_plurals

_WORD = re.compile(r"[^\W\d_]+|[,;]")
_PRONOUNS = frozenset("he she it".split())
_CLAUSE_OPENERS = frozenset(["and", "but", ",", ";"])
#: Words that make a following "were" subjunctive: "if it were", "as though he were".
_SUBJUNCTIVE = frozenset(
    """if as though wish wishes wished unless suppose supposing whether imagine than even
    would""".split()
)
_SENTENCE_DETERMINERS = frozenset("The This That Its His Her Their Our My A An Each Every".split())
_SINGULAR = {"were": "was", "are": "is", "have": "has"}
#: Modifiers that may stand between the determiner and the noun.
MAX_MODIFIERS = 3
#: A name, a birth or death bracket, then the verb: "Ana Ruiz (born 4 May 1990) are".
_BIO_SUBJECT = re.compile(
    r"^(?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’.-]* "
    r"\((?:born|died|b\.|d\.|c\.? ?\d{4}|\d{4}\s*[–-])[^()]*\) (are|were)\b"
)
#: Words that head a plural subject: "the rest were", "the other two were".
_NOT_SUBJECTS = frozenset("other rest remainder bulk majority former latter number".split())


def _is_singular_noun(word: str) -> bool:
    """A singular count noun: listed in ``noun_plurals.tsv``, or a known word whose "-s"
    plural is a known word too ("house", "village"), and not collective."""
    if not word.islower() or word in COLLECTIVE or word in _NOT_SUBJECTS or word.endswith("s"):
        return False
    if word in FUNCTION_WORDS:
        return False  # "The valleys around it are"
    return word in noun_plurals() or (is_word(word) and is_word(word + "s"))


def check(sentence: Sentence, previous: Sentence | None) -> Iterator[Hit]:
    """Yield each singular subject's plural verb, with its singular form."""
    bio = _BIO_SUBJECT.match(sentence.text)
    if bio:
        yield _hit(sentence.text[: bio.start(1)].strip(), bio, 1)
        return
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
        elif _opens_singular_subject(sentence.text, toks, i):
            yield _hit(word, toks[i + 1])


def _is_modifier(word: str) -> bool:
    """A word that may stand between a determiner and its noun: a lower-case adjective or
    noun that is no function word, a capitalised name word, or the "s" of a possessive."""
    if word == "s" or (word[:1].isupper() and word[1:].islower()):
        return True
    if not (word.isalpha() and word.islower()) or word in FOLLOWERS or word in FUNCTION_WORDS:
        return False
    plural = word in noun_plurals().values() or (
        word.endswith("s") and not word.endswith(("ous", "ss"))
    )
    return is_word(word) and not plural  # a plural is the head: "The roads crossing it are"


def _opens_singular_subject(text: str, toks: list[re.Match[str]], i: int) -> bool:
    """True when token ``i`` is a singular count noun heading the sentence's opening noun
    phrase: a determiner at the start, then only modifiers up to it."""
    if not 1 <= i <= MAX_MODIFIERS + 1 or toks[0].group() not in _SENTENCE_DETERMINERS:
        return False
    noun = toks[i].group()
    if toks[0].start() != 0 or not _is_singular_noun(noun):
        return False
    if i > 1 and noun not in noun_plurals():
        return False  # after modifiers only a listed count noun: not "The farming produce are"
    between = text[toks[0].end() : toks[i].start()]
    if any(ch not in " '’-" and not ch.isalpha() for ch in between):
        return False  # digits, brackets or commas: "The 1,000 acre farm", "The dam, mill"
    return all(_is_modifier(t.group()) for t in toks[1:i])


def _hit(subject: str, verb: re.Match[str], group: int = 0) -> Hit:
    singular = _SINGULAR[verb.group(group)]
    message = f"'{subject} {verb.group(group)}': a singular subject needs '{singular}'"
    return Hit(verb.start(group), verb.end(group), message, 0.6, singular)


RULE = Rule(
    code="FT011",
    name="subject-agreement",
    summary="A plural verb after a singular subject.",
    thresholds={"MAX_MODIFIERS": MAX_MODIFIERS},
    fires=(
        Example("It were listed as a monument in 1987.", "It was listed as a monument in 1987."),
        Example(
            "He moved north and he were made captain.", "He moved north and he was made captain."
        ),
        Example("She left, but she were soon back.", "She left, but she was soon back."),
        Example("The bridge were built in 1900.", "The bridge was built in 1900."),
        Example("Its village are known for wool.", "Its village is known for wool."),
        Example(
            "The Harrow Lane school were built in 1860.",
            "The Harrow Lane school was built in 1860.",
        ),
        Example("The port's main bridge were rebuilt.", "The port's main bridge was rebuilt."),
        Example("Each village have a school.", "Each village has a school."),
        Example(
            "Mira Tondel (born 3 May 1984) are a Norwegian sculptor.",
            "Mira Tondel (born 3 May 1984) is a Norwegian sculptor.",
        ),
    ),
    silent=(
        "If it were true, we would know.",
        "He spoke, as it were, for the town.",
        "She wishes she were at home.",
        "Even though he were to resign, the plan stands.",
        "The team were beaten in the final.",
        "The pair were held for a week.",
        "The number of cases are rising.",
        "The other two were never found.",
        "Rights tied to it were sold in 1990.",
        "The houses were built in 1900.",
        "The old fishing fleet were laid up.",
        "The harbour and quay were rebuilt.",
        "The docks facing it are busy.",
        "The 1,000 acre farm were sold.",
        "A number were never found.",
        "The farming produce are rice and maize.",
        "The Tide Singers (formed 1990) are a folk band.",
        "Harbour Lights were a folk band from Valmere.",
    ),
    check=check,
    doc=__doc__,
)
