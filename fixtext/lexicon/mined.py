"""What a word replaced in real machine translation: MLQE-PE's post-edits, mined.

``fixtext/data/mt_substitutions.tsv`` (written by ``python -m tools.mine_substitutions``
from MLQE-PE's train split, CC0) lists, for a word machine translation wrote, the words
post-editors put back in its place and how often. :func:`mined_substitutes` gives them,
most frequent first: FT102's candidates beside WordNet's (:mod:`fixtext.lexicon.substitutes`),
for the wrong-sense choices a thesaurus does not hold ("fleet" for "park", "section" for
"throne"). BERT still decides whether a candidate fits better than the word.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

#: The shipped table.
MINED = Path(str(resources.files("fixtext") / "data" / "mt_substitutions.tsv"))
#: Inflectional endings: a word and its own inflection are agreement, not word choice.
_ENDINGS = ("", "s", "es", "ed", "d", "ing", "er", "est")


def inflection_of(word: str, other: str) -> bool:
    """True when one word is the other with an inflectional ending (:data:`_ENDINGS`)
    changed ("election"/"elections", "start"/"started"/"starting")."""
    for end in _ENDINGS:
        for ending in _ENDINGS:
            if end == ending or not word.endswith(end) or not other.endswith(ending):
                continue
            stem, other_stem = word[: len(word) - len(end)], other[: len(other) - len(ending)]
            if len(stem) >= 3 and _root(stem) == _root(other_stem):
                return True
    return False


def _root(stem: str) -> str:
    """``stem`` without a final silent e or a doubled final consonant ("plann" -> "plan")."""
    stem = stem.removesuffix("e")
    return stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem


@cache
def _table() -> dict[str, tuple[str, ...]]:
    rows: dict[str, list[tuple[int, str]]] = {}
    for line in MINED.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, right, count = line.split("\t")
            rows.setdefault(word, []).append((-int(count), right))
    return {word: tuple(right for _, right in sorted(found)) for word, found in rows.items()}


def mined_substitutes(word: str) -> tuple[str, ...]:
    """The words post-editors wrote in place of ``word`` (lower case), most often first."""
    return _table().get(word, ())
