"""FT009 quantifier-agreement: a noun whose number disagrees with its quantifier.

"many country have", "several official said", "two soldier were", "played 16 game for",
"most senior member of" -> plural noun; a count in digits is a quantifier when it is two
or more and not a year or a decimal. Fires only when the quantifier has no determiner or possessive
before it ("the most senior member" is right), the noun is a singular count noun with a
known plural (``noun_plurals.tsv``), at most one adjective stands between, and the noun
is followed by a verb, preposition, conjunction or punctuation -- so compounds ("two
party system", "a five star hotel") stay silent. "most" fires only in the
"most ADJ NOUN of" shape, since "most time was" (mass use) is fine.

A partitive that picks from a plural fires too: "one of the biggest city in", "each of
the member have", "dozens of member were" -> plural noun. After "of" come a determiner
(required after one/each/either/neither: "one of great interest, marking" is right), at
most one adjective, and the noun, followed by a follower word (not punctuation).
"half", "most", "all" and "some" also take a mass or collective noun ("most of the
company was"), so after them the noun must be followed by a verb in the plural,
directly or after who/that: "half of its member expect", "all of the village that
remain" (:func:`_is_plural_verb`); never after a collective noun ("most of the company
that ship" stays silent, as "most of the team were" is right).

A plural after a singular determiner fires as well: "a leading schools of", "an
examples of", "won a bronze medals at" -> singular noun, for plurals that never act as
a singular (``plural_singulars.tsv``: not "a species", "a means"), never after an amount
("a few days", "one and a half lengths") and never where the plural may be a verb ("a
report shows that").

"and" and "or" are no followers here: "many group and solo exhibitions", "several
government and opposition MPs" coordinate compound modifiers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from fixtext.codes import Example
from fixtext.detect.rules.base import Hit, Rule
from fixtext.document import Sentence
from fixtext.lexicon.words import (
    COLLECTIVE,
    FOLLOWERS,
    PLURAL_QUANTIFIERS,
    is_word,
    noun_plurals,
    plain_verbs,
    plural_singulars,
    verb_s_forms,
)

#: :data:`FOLLOWERS` less the conjunctions that coordinate compound modifiers.
AGREEMENT_FOLLOWERS = FOLLOWERS - {"and", "or"}
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d[\d.,]*|[.,;:!?]")
DETERMINERS = frozenset(
    "the a an this that these those his her its their our my your whose which what".split()
)
#: Words that, followed by "of", pick from a plural: "one of the ports", "dozens of farms";
#: the first four need a determiner after "of".
PARTITIVES = frozenset(
    """one each either neither several many both few dozens hundreds thousands millions
    billions scores""".split()
)
#: A count of two or more in digits ("16", "3,400"); years ("1992") and decimals never match.
_COUNT = re.compile(r"[1-9]\d{0,2}(?:,\d{3})*")
_DETERMINER_NEEDED = frozenset("one each either neither".split())
#: Determiners that take a singular noun: "a leading schools of" -> "school".
SINGULAR_DETERMINERS = frozenset("a an each every another".split())
#: Words that turn "a" into a plural amount: "a few days", "a hundred years".
_AMOUNT_WORDS = frozenset("few half hundred thousand million billion dozen couple lot".split())
#: Partitives that also pick a part of one thing: "half of the city was".
_MASS_PARTITIVES = frozenset("half most all some".split())
_PLURAL_ONLY_VERBS = frozenset("are were have do say".split())
_RELATIVES = frozenset("who that".split())
#: Plain verbs spelled like their past participle: "the work put in" is no plural verb.
_PARTICIPLE_SPELLINGS = frozenset(
    "put set cut hit let cost spread read run come become shut split cast hurt burst".split()
)
_PARTITIVE_DETERMINERS = frozenset("the these those its their his her our your my".split())
_NOT_BEFORE = frozenset(
    """a at to or in out number no chapter article page room section grade level phase
    stage round game act part volume top""".split()
)


def _follows_phrase(token: str, quantifier: str, count: bool) -> bool:
    if quantifier == "most":
        return token == "of"
    return token in AGREEMENT_FOLLOWERS or (token == "." and not count)  # "was 10 bar."


def _is_adjective_slot(token: str) -> bool:
    plurals = noun_plurals()
    return (
        token.isalpha()
        and token.islower()
        and token not in FOLLOWERS
        and token not in DETERMINERS
        and token not in PLURAL_QUANTIFIERS
        and token not in plurals.values()
        and token not in plurals  # "two storey block"
        and not token.endswith(("ly", "s"))
        and is_word(token)
    )


def _is_plural_verb(token: str) -> bool:
    """True for "are", "were", "have", "do", "say", or a plain verb form (``plain_verbs``)
    whose -s form is a word too ("expect"); never a count noun ("ship")."""
    if token in _PLURAL_ONLY_VERBS:
        return True
    if token in _PARTICIPLE_SPELLINGS:
        return False  # "all of the work put in"
    plurals = noun_plurals()
    return (
        token in plain_verbs()
        and token not in plurals
        and token not in plurals.values()
        and not token.endswith(("s", "ly"))
        and is_word(token + "s")
    )


def _ends_partitive(words: list[str], n: int, partitive: str) -> bool:
    """True when the noun at ``n`` closes the partitive phrase: a follower comes next, or,
    after a mass partitive, a plural verb (directly or after who/that)."""
    after = words[n + 1].lower()
    if partitive not in _MASS_PARTITIVES:
        if words[n] in COLLECTIVE and after == "of":
            return False  # "one of the first group of homes"
        return after in AGREEMENT_FOLLOWERS
    if words[n] in COLLECTIVE:
        return False  # "most of the team were" is British English
    if after in _RELATIVES and n + 2 < len(words):
        after = words[n + 2]
    return _is_plural_verb(after)


def _is_nested(words: list[str], i: int) -> bool:
    """True when the phrase at ``i`` sits inside a larger noun phrase whose head the verb
    may agree with: "performances of some of the same material were", "the latter half
    of the century are"."""
    before = [w.lower() for w in words[max(0, i - 2) : i]]
    return bool(before) and (before[-1] == "of" or any(w in DETERMINERS for w in before))


def _partitive_noun(words: list[str], i: int) -> int | None:
    """The index of the singular count noun in "PARTITIVE of [DET] [ADJ] NOUN FOLLOWER"
    starting at ``i``, or None."""
    partitive = words[i].lower()
    if partitive not in PARTITIVES | _MASS_PARTITIVES or words[i + 1 : i + 2] != ["of"]:
        return None
    n = i + 2
    if n < len(words) and words[n] in _PARTITIVE_DETERMINERS:
        n += 1
    elif partitive in _DETERMINER_NEEDED or partitive in _MASS_PARTITIVES:
        return None
    if partitive in _MASS_PARTITIVES and _is_nested(words, i):
        return None
    for _ in range(2):  # the noun, or one adjective before it
        if n + 1 >= len(words):
            return None
        if words[n] in noun_plurals() and _ends_partitive(words, n, partitive):
            return n
        if not _is_adjective_slot(words[n]):
            return None
        n += 1
    return None


def _is_count(token: str) -> bool:
    """True for a count of two or more written in digits."""
    return bool(_COUNT.fullmatch(token)) and token != "1"


def _stands_alone(text: str, toks: list[re.Match[str]], i: int) -> bool:
    """True when token ``i`` is a word of its own after a lower-case word ("played 16
    game"), not part of "5th", "U-20", "£100" or a date ("November, 30 issue")."""
    start, end = toks[i].span()
    return (
        i > 0
        and toks[i - 1].group().isalpha()
        and toks[i - 1].group().islower()
        and text[start - 1 : start] == " "
        and text[end : end + 1] == " "
    )


def _may_be_verb(word: str) -> bool:
    """True when ``word`` may be the -s form of a plain verb ("shows", "starts")."""
    stems = (word[:-1], word[:-2], word[:-3] + "y")
    return word in verb_s_forms() or any(stem in plain_verbs() for stem in stems)


def _plural_after_determiner(
    text: str, toks: list[re.Match[str]], words: list[str], i: int
) -> int | None:
    """The index of the plural noun in "a/an/each/every/another [ADJ] NOUNS FOLLOWER"
    starting at token ``i``, or None. The noun is a plural that never acts as a singular
    (``plural_singulars.tsv``) and no verb form ("a flashback shows that")."""
    if words[i].lower() not in SINGULAR_DETERMINERS or (i and not words[i].islower()):
        return None
    for n in (i + 1, i + 2):
        if n + 1 >= len(words) or text[toks[n - 1].end() : toks[n].start()] != " ":
            return None  # 'a "friends with benefits" deal'
        if n == i + 2 and (
            not _is_adjective_slot(words[i + 1])
            or words[i + 1] in _AMOUNT_WORDS
            or words[i + 1].endswith("ed")  # "each received nominations"
            or _may_be_verb(words[n])  # "a report shows that"
        ):
            return None
        if words[n] in plural_singulars() and not (
            n == i + 1 and words[i].lower() == "each" and _may_be_verb(words[n])
        ):
            after = words[n + 1].lower()
            return n if after in AGREEMENT_FOLLOWERS and after != "than" else None
    return None


def check(sentence: Sentence, previous: Sentence | None) -> Iterator[Hit]:
    """Yield each singular count noun governed by a plural quantifier, pluralised, and
    each plural noun after a singular determiner, made singular."""
    toks = list(_TOKEN.finditer(sentence.text))
    words = [t.group() for t in toks]
    plurals = noun_plurals()
    for i, word in enumerate(words):
        noun = _plural_after_determiner(sentence.text, toks, words, i)
        if noun is not None:
            yield Hit(
                toks[noun].start(),
                toks[noun].end(),
                f"'{words[noun]}' should be singular after '{word}'",
                0.6,
                plural_singulars()[words[noun]],
            )
            continue
        noun = _partitive_noun(words, i)
        if noun is not None and (i == 0 or words[i].islower()):
            yield Hit(
                toks[noun].start(),
                toks[noun].end(),
                f"'{words[noun]}' should be plural after '{words[i]} of'",
                0.65,
                plurals[words[noun]],
            )
            continue
        quantifier = word.lower()
        count = _is_count(word) and _stands_alone(sentence.text, toks, i)
        if quantifier not in PLURAL_QUANTIFIERS and quantifier != "most" and not count:
            continue
        if i and not word.islower() and not count:
            continue  # a name: "the global Three brand"
        before = words[i - 1].lower() if i else ""
        if before in DETERMINERS or before.endswith(("'s", "’s")) or before in _NOT_BEFORE:
            continue
        two_before = words[i - 2].lower() if i > 1 else ""
        if count and two_before in DETERMINERS:
            continue  # a modifier: "the under 19 team", "a top 10 player"
        numeric = (before, two_before)
        if any(w[:1].isdigit() or w in PLURAL_QUANTIFIERS or w == "one" for w in numeric):
            continue  # ranges and odds: "five to five", "one or two", "one in five"
        if i and before[:1].isupper():
            continue  # "March five public offering"
        if before in plurals:
            continue  # a label: "class 9 bridge", "figure eight"
        if quantifier == "most" and i and before not in FOLLOWERS:
            continue  # "the second most popular", "Britain's most senior"
        slots = [i + 2] if quantifier == "most" else [i + 1] if count else [i + 1, i + 2]
        for n in slots:
            if n + 1 >= len(words):
                break
            noun = words[n]
            if n == i + 2 and (
                not _is_adjective_slot(words[i + 1]) or words[i + 1].endswith("ing")
            ):
                break  # "six leaving office at"
            if (
                noun in plurals
                and noun != "other"
                and _follows_phrase(words[n + 1].lower(), quantifier, count)
            ):
                yield Hit(
                    toks[n].start(),
                    toks[n].end(),
                    f"'{noun}' should be plural after '{words[i]}'",
                    0.7 if quantifier != "most" else 0.6,
                    plurals[noun],
                )
                break


RULE = Rule(
    code="FT009",
    name="quantifier-agreement",
    summary="A noun whose number disagrees with its quantifier.",
    fires=(
        Example("Many country have rejected the plan.", "Many countries have rejected the plan."),
        Example("He said several soldier were wounded.", "He said several soldiers were wounded."),
        Example("Two member of the board resigned.", "Two members of the board resigned."),
        Example(
            "He said most senior member of the party have left.",
            "He said most senior members of the party have left.",
        ),
        Example(
            "It is one of the largest country in Africa.",
            "It is one of the largest countries in Africa.",
        ),
        Example("Each of the member have voted.", "Each of the members have voted."),
        Example("Dozens of team were there.", "Dozens of teams were there."),
        Example("Several official already said no.", "Several officials already said no."),
        Example("He played 16 game for the club.", "He played 16 games for the club."),
        Example("The vote drew 3,400 member in all.", "The vote drew 3,400 members in all."),
        Example("Dozens of farm now use the app.", "Dozens of farms now use the app."),
        Example(
            "More than half of its member expect a poor harvest.",
            "More than half of its members expect a poor harvest.",
        ),
        Example("Some of his recording were lost.", "Some of his recordings were lost."),
        Example(
            "Most of the village that remain are empty.",
            "Most of the villages that remain are empty.",
        ),
        Example(
            "She taught at a leading schools of art.", "She taught at a leading school of art."
        ),
        Example("He won a bronze medals at the games.", "He won a bronze medal at the games."),
        Example("An examples of this is the port.", "An example of this is the port."),
    ),
    silent=(
        "She is the most senior member of the party.",
        "He is Britain's most senior officer.",
        "They own a two car garage.",
        "He signed a four-year contract with the club.",
        "Most time was spent waiting.",
        "There is a one in five chance of rain.",
        "He finished in the number two position.",
        "Both labour policy and land policy changed.",
        "This message is one of great interest to the nation.",
        "One of the team members left early.",
        "Each of the countries was represented.",
        "The fort was built in the 5th century by the king.",
        "He played for the Under-20 team in Cork.",
        "They played for the under 19 team in Cork.",
        "The plan saves £100 every year for each household.",
        "The song was listed as top 5 single of the year.",
        "In 1992 game prices rose.",
        "The November, 30 issue of the paper sold out.",
        "He found that 20 women work in the mill.",
        "Most of the team were tired.",
        "Half of the city is flooded.",
        "Performances of some of the same material were released.",
        "Details of the latter half of the century are sketchy.",
        "Thanks for all of the work put in this year.",
        "Most of the town square remains closed.",
        "He had many group and solo exhibitions.",
        "It was one of the first group of homes built there.",
        "The boiler pressure was 10 bar.",
        "It served as the standard class 9 bridge.",
        "Of the twelve, six leaving office at the end of the year were thanked.",
        "Ten starý song was recorded in 1971.",
        "It is a species of moth found in Peru.",
        "He used art as a means of protest.",
        "He won by one and a half lengths from the favourite.",
        "A report shows that prices rose.",
        "Each tries to be first, and each fails.",
        "They each received nominations for the prize.",
        "They held multiple Triplemanía shows over the summers.",
        "It took a few days to build.",
        "He was a sports car driver.",
    ),
    check=check,
    doc=__doc__,
)
