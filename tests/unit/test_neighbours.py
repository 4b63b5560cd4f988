"""BERT's embedding neighbours (:mod:`fixtext.lexicon.neighbours`, built by
``tools/build_neighbours.py``): the shipped table holds content words only, never a word's
own inflection, spelling variant or abbreviation, and FT102 offers them."""

from __future__ import annotations

from fixtext.lexicon.neighbours import NEIGHBOURS_FILE, neighbours
from fixtext.lexicon.substitutes import swappable
from tools.build_neighbours import NEIGHBOURS, related_form


def test_related_forms_are_no_neighbours() -> None:
    assert related_form("region", "regions")
    assert related_form("organise", "organize")
    assert related_form("percent", "pct")
    assert not related_form("region", "regional")
    assert not related_form("region", "area")


def test_the_shipped_table_holds_content_words_and_no_related_forms() -> None:
    words = 0
    for line in NEIGHBOURS_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        word, near = line.split("\t")
        found = near.split()
        assert swappable(word) and 0 < len(found) <= NEIGHBOURS, line
        assert all(swappable(n) and n != word and not related_form(word, n) for n in found), line
        assert neighbours(word) == tuple(found)
        words += 1
    assert words > 10_000
    assert neighbours("Paris") == neighbours("xyzzy") == ()
