"""English inflection by rule, for words WordNet gives as base forms.

:func:`inflect` puts a lemma into the form a word had when WordNet's ``morphy`` found its
base by detaching a suffix (:meth:`fixtext.lexicon.wordnet.WordNet.base_forms`): plural
nouns, third-person, past and -ing verb forms. Irregular forms come from WordNet's
exception lists where it has them.
"""

from __future__ import annotations


def _plural(word: str) -> str:
    if word.endswith("man"):
        return word[:-3] + "men"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _third_person(word: str) -> str:
    if word.endswith("o") and len(word) > 1 and word[-2] not in "aeiou":
        return word + "es"
    return _plural(word) if not word.endswith("man") else word + "s"


def _past(word: str) -> str:
    if word.endswith("e"):
        return word + "d"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ied"
    return word + "ed"


def _gerund(word: str) -> str:
    if word.endswith("ie"):
        return word[:-2] + "ying"
    if word.endswith("e") and not word.endswith(("ee", "ye", "oe")):
        return word[:-1] + "ing"
    return word + "ing"


def inflect(
    lemma: str, pos: str, suffix: str, irregular: dict[str, list[str]] | None = None
) -> str | None:
    """``lemma`` in the form a word had when its base was found by detaching ``suffix``
    (see :meth:`WordNet.base_forms`); the head (a noun's last word, a verb's first) is
    inflected, with its irregular form from ``irregular`` (base -> forms, WordNet's
    exceptions) where it has one. None for forms not produced here (comparatives, and
    irregular words, whose form the suffix does not tell)."""
    if suffix == "":
        return lemma
    parts = lemma.split(" ")
    head = len(parts) - 1 if pos == "n" else 0
    word = parts[head]
    forms = (irregular or {}).get(word, [])
    if pos == "n" and suffix in ("s", "ses", "xes", "zes", "ches", "shes", "men", "ies"):
        parts[head] = forms[0] if forms else _plural(word)
    elif pos == "v" and suffix in ("s", "ies", "es"):
        third = [f for f in forms if f.endswith("s")]
        parts[head] = third[0] if third else _third_person(word)
    elif pos == "v" and suffix == "ed":
        past = [f for f in forms if not f.endswith(("ing", "s"))]
        parts[head] = past[0] if past else _past(word)
    elif pos == "v" and suffix == "ing":
        gerund = [f for f in forms if f.endswith("ing")]
        parts[head] = gerund[0] if gerund else _gerund(word)
    else:
        return None
    return " ".join(parts)
