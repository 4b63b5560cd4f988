"""Word lists shared by the rules, loaded once from ``fixtext/data``.

The lists are derived from the training corpus by ``python -m tools.build_lexicon``; see
the docstring of ``tools/build_lexicon.py`` for what each one holds.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import NamedTuple

from fixtext.document import ABBREVIATIONS

#: Abbreviations of news and reference text that the sentence splitter's list lacks.
EXTRA_ABBREVIATIONS = frozenset(
    """ave blvd rd bros dist div govt assn univ intl natl mfg mgr nr tel ext min max sq oz
    lb lbs yr yrs hr hrs mo mos wk cent pct dlrs mln bln stg ph.d cap para paras viz bc
    bce sc translit transl abbr ibid vols orig syn masc fem""".split()
)


def is_abbreviation(word: str) -> bool:
    """True when a full stop after ``word`` may end an abbreviation, not a sentence: one
    letter, a listed abbreviation, or a dotted word (U.S, a.m, e.g, Ph.D, example.com)."""
    low = word.lower().rstrip(".").removesuffix("'s").removesuffix("’s")
    return len(low) == 1 or low in ABBREVIATIONS or low in EXTRA_ABBREVIATIONS or "." in low


#: Words that may follow a quantified noun phrase: verbs of saying, auxiliaries,
#: prepositions, conjunctions and relative pronouns. A singular noun after "many" and
#: before one of these cannot be the first half of a compound ("many country have").
FOLLOWERS = frozenset(
    """have has had were are was is will would could can may might must should shall do
    did does said say says told who which that whom whose and or but of in on at to for
    with from by during since into across among against under over about after before
    than as also still now already often usually never always""".split()
)

#: The commonest function words: articles, prepositions, conjunctions, auxiliaries.
#: Machine translation drops them, and a word fused with one ("interviewwith") lost a space.
COMMON_FUNCTION_WORDS = frozenset(
    "the a an of in on at to for from with by after before about into over under "
    "and or but that which who is are was were has have had be been it its this these "
    "those as than".split()
)

#: Plural quantifiers FT009 checks, and the spelled-out numbers among them.
PLURAL_QUANTIFIERS = frozenset(
    "many several various numerous few two three four five six seven eight nine ten "
    "eleven twelve".split()
)

#: Nouns that British English often pairs with a plural verb ("the team were").
COLLECTIVE = frozenset(
    """team government committee family staff crew band club couple majority minority
    council board party group public audience jury army navy company firm side squad
    union cabinet opposition class panel parliament management population community
    press police crowd media youth clergy faculty enemy office department ministry
    agency league unit force pair duo trio people generation clan tribe dynasty
    municipality regiment garrison orchestra choir congregation workforce fleet cast
    herd flock""".split()
)


def _read(name: str) -> str:
    return resources.files("fixtext").joinpath("data", name).read_text(encoding="utf-8")


@cache
def lower_share() -> dict[str, int]:
    """Word -> how often (per mille) the corpus writes it lower-case mid-sentence."""
    out: dict[str, int] = {}
    for line in _read("lower_words.tsv").splitlines():
        word, permille = line.split("\t")
        out[word] = int(permille)
    return out


@cache
def sentence_starters() -> frozenset[str]:
    """Capitalised common words that often begin a sentence ("The", "While")."""
    return frozenset(_read("sentence_starters.txt").split())


@cache
def noun_plurals() -> dict[str, str]:
    """Singular count noun -> plural."""
    return dict(line.split("\t") for line in _read("noun_plurals.tsv").splitlines())


class WordEdges(NamedTuple):
    """How a word sits at punctuation and sentence edges: per mille of its lower-case
    mid-sentence uses after a comma, before a comma and before a full stop, and of all
    its uses that open a sentence."""

    after_comma: int
    before_comma: int
    before_stop: int
    at_start: int


@cache
def word_edges() -> dict[str, WordEdges]:
    """Lower-case word -> its :class:`WordEdges` (``word_edges.tsv``)."""
    out: dict[str, WordEdges] = {}
    for line in _read("word_edges.tsv").splitlines():
        word, *shares = line.split("\t")
        out[word] = WordEdges(*map(int, shares))
    return out


@cache
def plural_singulars() -> dict[str, str]:
    """Plural noun that never acts as a singular ("institutes", not "species") -> singular."""
    return dict(line.split("\t") for line in _read("plural_singulars.tsv").splitlines())


@cache
def verb_s_forms() -> dict[str, str]:
    """Third-person -s verb form that is never a plural noun -> plain form ("competes")."""
    return dict(line.split("\t") for line in _read("verb_s_forms.tsv").splitlines())


@cache
def confusions(kind: str) -> dict[str, list[str]]:
    """Right word -> the words MT (``kind`` "related") or article spinners ("spinner") put
    in its place (``confusions.tsv``)."""
    out: dict[str, list[str]] = {}
    for line in _read("confusions.tsv").splitlines():
        if line.startswith("#"):
            continue
        line_kind, word, alternatives = line.split("\t")
        if line_kind == kind:
            out[word] = alternatives.split("|")
    return out


@cache
def plain_verbs() -> frozenset[str]:
    """Words the corpus often writes after a modal: plain verb forms ("expect")."""
    return frozenset(_read("plain_verbs.txt").split())


def is_common_lower(word: str, min_permille: int = 950) -> bool:
    """True when ``word`` (any case) is a common word the corpus writes lower-case."""
    return lower_share().get(word.lower(), 0) >= min_permille


#: Per mille lower-case mid-sentence from which a word counts as a common word.
KNOWN_WORD = 500


def is_word(word: str) -> bool:
    """True when lower-case ``word`` is a common word or one of the commonest function
    words."""
    return word in COMMON_FUNCTION_WORDS or is_common_lower(word, KNOWN_WORD)


def is_run_together(left: str, right: str) -> bool:
    """True when lower-case ``left + right`` reads as two words that lost the space between
    them ("interview" + "with"): both are words, one is among the commonest function
    words, and the two together are not a word ("nowhere", "into")."""
    return (
        bool(left and right)
        and is_word(left)
        and is_word(right)
        and (left in COMMON_FUNCTION_WORDS or right in COMMON_FUNCTION_WORDS)
        and not is_word(left + right)
    )
