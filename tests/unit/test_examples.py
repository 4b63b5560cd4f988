"""The example articles: line-aligned pairs whose only differences are the damage."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fixtext.evaluate.datasets import load_set
from fixtext.evaluate.metrics import damaged_spans

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

# Damaged spans (token edit regions) per article, as listed in examples/README.md.
DAMAGED_SPANS = {"port-strike": 31, "drought-prices": 31}
MIN_DAMAGED_LINES = 10

# Damage may repeat these but never alter or drop them: numbers, times, abbreviations,
# initials, camel-case names.
PROTECTED = re.compile(
    r"\d+(?:[.,]\d+)*|\b[ap]\.m\.|U\.S\.|No\. \d+|\b(?:[A-Z]\. )+[A-Z][a-z]+|\b[A-Z][a-z]+[A-Z]\w+"
)
# Garble patterns a correct text must not show (look-alikes "had had", "that that" allowed).
GARBLE = re.compile(r" [,;:]| \.(?!\.)|\. [,.]|\b(?!had\b|that\b)(\w+) \1\b|(?<![.\w])\w+\. [a-z]")


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("name", sorted(DAMAGED_SPANS))
def test_pair_is_line_aligned_and_differs_only_by_its_damage(name: str) -> None:
    garbled = read_lines(EXAMPLES / f"{name}.txt")
    clean = read_lines(EXAMPLES / f"{name}.clean.txt")
    assert len(garbled) == len(clean)
    assert garbled[0] == clean[0], "the headline is never damaged"
    spans = 0
    damaged_lines = 0
    for g, c in zip(garbled, clean, strict=True):
        assert bool(g.strip()) == bool(c.strip()), "blank lines must match"
        assert set(PROTECTED.findall(g)) == set(PROTECTED.findall(c)), "a protected item changed"
        if g.startswith("- ") or (c and c[-1] not in '.:"”'):  # list items and headings
            assert g == c
        line_spans = damaged_spans(g, c)
        for span in line_spans:  # damage is local: a few tokens each
            assert len(span.source) <= 5 and len(span.reference) <= 3, span
        spans += len(line_spans)
        damaged_lines += bool(line_spans)
    assert spans == DAMAGED_SPANS[name]
    assert damaged_lines >= MIN_DAMAGED_LINES


@pytest.mark.parametrize(
    "name", [*(f"{n}.clean.txt" for n in sorted(DAMAGED_SPANS)), "clean-article.txt"]
)
def test_correct_texts_show_no_garble_patterns(name: str) -> None:
    for line in read_lines(EXAMPLES / name):
        assert not GARBLE.search(line), line


def test_garble_patterns_catch_the_garbled_texts() -> None:
    hits = sum(
        bool(GARBLE.search(line))
        for name in DAMAGED_SPANS
        for line in read_lines(EXAMPLES / f"{name}.txt")
    )
    assert hits >= 8


def test_clean_article_has_the_look_alikes() -> None:
    text = (EXAMPLES / "clean-article.txt").read_text(encoding="utf-8")
    assert not (EXAMPLES / "clean-article.clean.txt").exists()
    for look_alike in ("had had", "that that", "U.S.", "a.m.", "No. 10", "J. K.", "…", "51.3"):
        assert look_alike in text
    assert re.search(r"^- ", text, re.M), "a bulleted list"
    assert re.search(r"\n\n[A-Z][^.\n]*\n\n", text), "a heading"


def test_examples_dir_loads_as_a_parallel_set() -> None:
    examples = load_set(EXAMPLES)
    damaged = [e for e in examples if e.source != e.references[0]]
    assert len(damaged) == 12 + 11
    assert len(examples) > len(damaged) + 20  # unchanged lines, the clean article's among them
