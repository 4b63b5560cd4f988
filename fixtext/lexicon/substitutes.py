"""What a word might have replaced: WordNet read backwards.

A spinner or a machine translation swaps a word for a synonym of the wrong sense or
register ("council" -> "authority", "raised" -> "elevated") or for a related word of
another form ("decide" -> "decision"). Read backwards, the words a suspect word may
stand for are its WordNet synonyms in every sense and its related words (derivational
forms, "similar to", "also see", pertainyms), inflected the way the suspect word is
inflected. An uninflected suspect word also gets its related words of another part of
speech, each in all its forms (:func:`inflections`), since a spinner writes a related
word's bare lemma in an inflected word's place ("the town is locator on the coast" for
"located"); an inflected one ("decisions") gets none. :func:`substitutes` lists them,
single words only, in WordNet's order (commonest sense first); a word with no base form
in WordNet, or an irregular form whose inflection the suffix does not tell, has none. A
word's own spelling variants (``organise`` for ``organize``) and the words it
abbreviates (``pct`` for ``percent``) are house style, not damage: never listed.

A spinner also swaps a word for a synonym of two words ("bound up" for "committed",
"movie theatre" for "cinema"): :func:`phrase_substitutes` reads a two-word WordNet lemma
backwards the same way, to the single words it may stand for.
"""

from __future__ import annotations

import re

from fixtext.lexicon.inflection import inflect
from fixtext.lexicon.wordnet import POS, WordNet

ONE_WORD = re.compile(r"^[a-z]+$")
CONTENT = re.compile(r"^[a-z]{3,}$")
#: Function words: the word-damage generator never swaps them, FT102 never flags or
#: offers them.
STOP_WORDS = frozenset(
    """the a an of in on at to for from with by and or but nor so yet that which who whom
    whose what when where why how is are was were be been being am has have had do does did
    will would shall should can could may might must not no its it this these those there
    their they them he she his her him we us our you your i me my as than then also very
    just only even such own more most much many any some all each every other""".split()
)
#: Spellings that differ between English variants (organise/organize, colour/color,
#: centre(s)/center(s), travelled/traveled, programme/program): a word is no substitute
#: for its own variant.
_VARIANT = re.compile(r"is(?=[ae]|ing|ation)|our|re(?=s?\b)|ll(?=ed|ing|er)|ogue\b|yse|mme\b")
_VARIANT_TO = {
    "is": "iz",
    "our": "or",
    "re": "er",
    "ll": "l",
    "ogue": "og",
    "yse": "yze",
    "mme": "m",
}


def spelling_key(word: str) -> str:
    """``word`` with its British spellings made American (both variants share a key)."""
    return _VARIANT.sub(lambda m: _VARIANT_TO[m.group()], word)


def swappable(word: str) -> bool:
    """Whether ``word`` is a word spinners swap: lower case, letters only, three or more of
    them, not a function word (:data:`STOP_WORDS`)."""
    return CONTENT.match(word) is not None and word not in STOP_WORDS


def house_variant(word: str, form: str) -> bool:
    """Whether ``form`` is ``word`` in the other English variant's spelling or the word
    ``word`` abbreviates: house style, never a substitute for it."""
    return spelling_key(form) == spelling_key(word) or abbreviates(word, form)


def abbreviates(short: str, word: str) -> bool:
    """True when ``short`` reads as an abbreviation of ``word`` ("pct" of "percent",
    "govt" of "government"): shorter, the same first letter, its letters in order within
    ``word`` but not a prefix of it (a prefix is a related form: "boat", "boating")."""
    if len(short) >= len(word) or short[0] != word[0] or word.startswith(short):
        return False
    rest = iter(word)
    return all(letter in rest for letter in short)


def substitutes(wordnet: WordNet, word: str) -> list[str]:
    """The single lower-case words ``word`` (lower case) may have replaced."""
    out: list[str] = []
    for pos in POS:
        irregular = wordnet.irregular(pos)
        for base, suffix, _ in wordnet.base_forms(word, pos):
            if suffix == "*":
                continue
            same_pos = [w for synonyms in wordnet.synonyms(base, pos) for w in synonyms]
            related = wordnet.related(base, pos)
            same_pos += [w for w, target, _ in related if target == pos]
            forms = [inflect(lemma, pos, suffix, irregular) for lemma in same_pos]
            if suffix == "":  # another part of speech: the lemma and its inflections
                for w, target, _ in related:
                    if target != pos:
                        forms += [w, *inflections(w, target, wordnet.irregular(target))]
            for form in forms:
                fits = form and ONE_WORD.match(form) and not house_variant(word, form)
                if fits and form not in out:
                    out.append(form)
    return out


def phrase_substitutes(wordnet: WordNet, first: str, second: str) -> list[str]:
    """The single lower-case words the phrase ``first second`` (lower case) may have
    replaced, where the two words are a WordNet lemma: read backwards like a word
    (:func:`substitutes`: "bound up" -> "committed", "movie theatres" -> "cinemas"), or
    a verb of two words whose first is inflected ("carried out" -> "executed", "took
    over" -> "assumed"). Never either word of the phrase, nor its other house spelling
    (BERT finds a phrase's head alone likelier than many a correct phrase: "plastic film"
    -> "film", "computer programme" -> "program"), nor the two written as one ("health
    care" / "healthcare": house style)."""
    out = substitutes(wordnet, f"{first}_{second}")
    irregular = wordnet.irregular("v")
    for base, suffix, _ in wordnet.base_forms(first, "v", tail=f"_{second}"):
        if suffix == "":  # read as a lemma above
            continue
        ending = suffix if suffix != "*" else _irregular_ending(first)
        if ending is None:
            continue
        lemma = f"{base}_{second}"
        same_pos = [w for synonyms in wordnet.synonyms(lemma, "v") for w in synonyms]
        same_pos += [w for w, target, _ in wordnet.related(lemma, "v") if target == "v"]
        for form in (inflect(w, "v", ending, irregular) for w in same_pos):
            if form and ONE_WORD.match(form) and form not in out:
                out.append(form)
    own = (first, second)
    return [w for w in out if w != first + second and not any(house_variant(x, w) for x in own)]


def _irregular_ending(verb: str) -> str | None:
    """The regular ending that stands for an irregular verb form's: ``-ing`` ("setting"),
    the past for WordNet's other irregular forms ("took", "taken"), but None (untold) for
    one ending in -s, present ("has", "caddies") or past ("was")."""
    if verb.endswith("ing"):
        return "ing"
    return None if verb.endswith("s") else "ed"


#: The suffixes of a lemma's inflected forms, by part of speech (see :func:`inflect`).
_INFLECTING_SUFFIXES = {"n": ("s",), "v": ("s", "ed", "ing")}


def inflections(lemma: str, pos: str, irregular: dict[str, list[str]]) -> list[str]:
    """``lemma``'s inflected forms as a ``pos`` (a noun's plural; a verb's third person,
    past and -ing forms); none for an adjective or adverb."""
    forms = (inflect(lemma, pos, suffix, irregular) for suffix in _INFLECTING_SUFFIXES.get(pos, ()))
    return [f for f in forms if f]


#: The suffixes whose detachment makes a noun singular (``WordNet.base_forms``).
_PLURAL_SUFFIXES = frozenset({"s", "ses", "xes", "zes", "ches", "shes", "men", "ies"})


def other_forms(wordnet: WordNet, word: str) -> list[str]:
    """The forms of ``word``'s own noun that translation confuses with it: the other
    grammatical number ("company" for "companies", and back) and, for a singular noun,
    the adjectives that pertain to it ("region" for "regional": "the region economy")."""
    out: list[str] = []
    irregular = wordnet.irregular("n")
    for base, suffix, _ in wordnet.base_forms(word, "n"):
        if suffix == "":
            forms = wordnet.pertaining(base)
            if not word.endswith("s") and word not in wordnet.exceptions("n"):  # "news", "men"
                forms = [inflect(base, "n", "s", irregular), *forms]
        elif suffix in _PLURAL_SUFFIXES:
            forms = [base]
        else:
            continue
        out += [f for f in forms if f and ONE_WORD.match(f) and f != word and f not in out]
    return out
