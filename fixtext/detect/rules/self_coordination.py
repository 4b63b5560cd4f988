"""FT005 self-coordination: a word or name coordinated with itself ("Islam and Islam").

Only a copy that stands alone fires: the first copy follows punctuation, a preposition,
a determiner (a lower-case noun only: "the claims and claims of") or another lower-case
word that is not an auxiliary, "to" or a pronoun ("grows wheat and wheat near"), and the
second is followed by punctuation or a preposition -- not by a noun ("the Turkish and
the Turkish Cypriot press") or a verb ("blamed Wang and Wang was removed"). Titles
still fire ("deputy chairman and chairman in 1989"); the finding has no fix, so the text
is never changed unasked.

Plural nouns fire too ("for wages and wages across", "of jobs and jobs of"): after an
opener and before a preposition ("of" included) -- "war crimes and crimes against" and
"Yiddish songs and songs of" are compounds, not copies -- or, for a known count noun,
after any word but "and"/"or", an auxiliary, "to" or a pronoun when the phrase ends at
punctuation ("created jobs and jobs."; "it grows and grows." is a verb of duration).

Machine translation sometimes renders two different source words with one English
word and joins them: "peace and peace". The rule reports the second copy, the likely
mistranslation, without a fix: a model rewrite that replaces that copy may be applied,
one that deletes the coordination (dropping a word the source had) stays a suggestion.
Silent on idioms of repetition: "more and more", "again and again", "over and over",
"on and on", "by and by", "through and through", comparatives
("bigger and bigger"; an -er word with a common plural is a noun: "founder and
founder" fires), plurals of quantity and extent ("years and years", "hundreds
and hundreds", "miles and miles", "lots and lots"), verbs of duration
("walked and walked", "waiting and waiting") and "side by side"-type phrases (which
are not coordinations at all).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from fixtext.codes import Example
from fixtext.detect.rules.base import Hit, Rule
from fixtext.document import Sentence
from fixtext.lexicon.names import DETERMINERS
from fixtext.lexicon.words import is_common_lower, noun_plurals
from fixtext.textops import word_before

_SELF = re.compile(r"(?<![\w'’-])((?:[\w'’-]+ ){0,2}[\w'’-]+) (and|or) \1(?![\w'’-])")
#: What may follow the second copy: the end of the phrase, not a compound or a clause.
_END = re.compile(
    r"\s*(?:$|[,.;:!?()\[\]”\"’]|(?:in|on|at|with|from|to|into|across|within|near|through"
    r"|over|under|for|by|during|after|before|since|until|around|throughout)\b)"
)
#: Words after which a copy is an item of its own: prepositions, "both", verbs of saying.
_OPENERS = frozenset(
    """for of in on at to with from by between about against into over under
    both either neither said says called""".split()
)
IDIOMS = frozenset(
    """more less worse again over round around on by through up down out ever so such miles
    more's little far back forth on off in this that then now here there neck""".split()
)
#: Plurals of quantity, time and extent: "hundreds and hundreds", "years and years".
QUANTITIES = frozenset(
    """hundreds thousands millions billions trillions dozens scores tens years days weeks
    months hours minutes seconds decades centuries ages generations times miles yards
    feet inches acres tons tonnes pounds gallons lots loads heaps piles stacks rows pages
    reams layers buckets mountains oceans rivers""".split()
)
#: Words before a copy that make it a verb or a chain ("it grows and grows", "be cut or cut").
_VERB_MARKS = frozenset(
    """and or to will would can could may might must should shall it he she they we who
    which that be been being is are was were has have had do does did get got""".split()
)
_PLURAL_END = re.compile(r"\s*(?:$|[,.;:!?)\]”\"’])")
_PLURAL_PREP = re.compile(r"\s+(?:of|for|across|in|on|at|from|to|with)\b")


def _after_plain_word(word: str) -> bool:
    """True when ``word`` is a lower-case word but a determiner or one that makes the
    copy after it a verb ("will grow and grow")."""
    return word.isalpha() and word.islower() and word not in _VERB_MARKS | DETERMINERS


def _is_plural_noun(word: str) -> bool:
    """True for a lower-case plural of a known word that is not a quantity ("wages")."""
    if not word.islower() or word in QUANTITIES or len(word) < 4:
        return False
    if not word.endswith("s") or word.endswith(("ss", "us", "is", "ous")):
        return False
    stem = word[:-3] + "y" if word.endswith("ies") else word[:-1]
    return is_common_lower(stem, 500) or is_common_lower(word[:-2], 500)


def _is_idiomatic(phrase: str) -> bool:
    """True for repetition idioms: comparatives, plurals, -ing/-ed verbs and fixed ones."""
    if " " in phrase:
        words = phrase.split()
        return any(w in ("and", "or") or w.lower() in IDIOMS for w in words) or any(
            ch.isdigit() for ch in phrase
        )
    low = phrase.lower()
    if (
        phrase.islower()
        and low.endswith("er")
        and low not in IDIOMS
        and is_common_lower(low + "s", 500)
    ):
        return False  # a noun with a plural ("founder and founder"), not a comparative
    return (
        low in IDIOMS
        or (phrase.islower() and re.search(r"(er|s|ing|ed)$", low) is not None)
        or phrase.isdigit()
    )


def check(sentence: Sentence, previous: Sentence | None) -> Iterator[Hit]:
    """Yield each "X and X" / "X or X" that is not an idiom."""
    text = sentence.text
    for match in _SELF.finditer(text):
        phrase, conj = match.groups()
        last = word_before(text, match.start())  # "" at the start of the sentence
        opened = not last or last.lower() in _OPENERS or last[-1] in ',;:(“"'
        stands_alone = opened or _after_plain_word(last)
        after_determiner = bool(last) and last.lower() in DETERMINERS
        if _is_plural_noun(phrase):
            ends = phrase in noun_plurals().values() and _PLURAL_END.match(text, match.end())
            free = ends and last and last.lower() not in _VERB_MARKS
            framed = opened or after_determiner
            if not (free or (framed and _PLURAL_PREP.match(text, match.end()))):
                continue  # "war crimes and crimes against", "debt grows and grows."
        elif _is_idiomatic(phrase) or not _END.match(text, match.end()):
            continue  # "the Turkish and the Turkish Cypriot press", "John and John fell"
        elif not (stands_alone or (after_determiner and phrase.islower())):
            continue  # "the harvest and harvest.", "will tax and tax until"
        if " " in phrase and not (phrase[0].isupper() or phrase.split()[0] in ("the", "a")):
            continue  # "what we do not produce or do not produce"
        yield Hit(
            match.end() - len(phrase),
            match.end(),
            f"'{phrase}' is coordinated with itself ('{phrase} {conj} {phrase}'); "
            "one of them is probably a mistranslation",
            0.8 if phrase[0].isupper() else 0.6,
            None,
        )


RULE = Rule(
    code="FT005",
    name="self-coordination",
    summary="A word is coordinated with itself.",
    issue_type="duplication",
    fires=(
        Example("The Support Front for Islam and Islam (SFI) said it attacked a convoy."),
        Example("The treaty promised security for peace and peace."),
        Example("Delegates from Kenya or Kenya, officials said, attended the summit."),
        Example("Farmers pressed for loans and loans across the region."),
        Example("The new plant will hire workers and workers."),
        Example("They spoke of schools and schools of the future."),
        Example("Farmers in the hills grow barley and barley near the river."),
        Example("Most lorries carry coal and coal through the tunnel."),
        Example("She studied the claims and claims of rival firms."),
        Example("He was a bank founder and founder in the town."),
        Example("He thanked the driver and driver for their help."),
    ),
    silent=(
        "More and more people moved to the city.",
        "He read the letter again and again.",
        "They argued over and over about money.",
        "The wheel went round and round.",
        "The speech went on and on.",
        "They walked side by side and learned step by step.",
        "The pain grew worse and worse.",
        "It took years and years to finish.",
        "He walked and walked until dawn.",
        "He was loyal through and through.",
        "Both the Greek and the Greek Cypriot press objected.",
        "Hundreds and hundreds of fans waited outside.",
        "There were thousands and thousands of them.",
        "The road ran on for miles and miles.",
        "Police logged thefts and thefts against shops as one category.",
        "The sea rises and rises.",
        "The council will tax and tax until people leave.",
        "They sold the harvest and harvest tools at auction.",
        "The choir sang folk songs and songs of protest.",
        "They should be cut or cut.",
        "The two runners stayed neck and neck.",
        "Folk songs and songs of protest filled the hall.",
        "Farm workers and workers in the mills struck.",
        "Prices grew higher and higher.",
        "The lorries moved closer and closer to the border.",
    ),
    check=check,
    doc=__doc__,
)
