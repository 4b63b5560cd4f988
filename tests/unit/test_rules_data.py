"""Checks of the rule word lists and, where ../shared/ is present, of the rules on real
text: they catch the reference article's damage and barely flag clean post-edits."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from fixtext.detect.rules import RULES, RuleDetector
from fixtext.document import Document
from fixtext.lexicon.words import (
    lower_share,
    noun_plurals,
    plain_verbs,
    sentence_starters,
    word_edges,
)

SHARED = Path(__file__).resolve().parents[3] / "shared"
DATA_FILES = (
    "lower_words.tsv",
    "noun_plurals.tsv",
    "sentence_starters.txt",
    "plain_verbs.txt",
    "word_edges.tsv",
    "verb_s_forms.tsv",
)


def test_word_lists_are_small_word_statistics() -> None:
    total = 0
    for name in DATA_FILES:
        text = resources.files("fixtext").joinpath("data", name).read_text(encoding="utf-8")
        total += len(text.encode())
        assert all(" " not in line for line in text.splitlines()), name  # words, not text
    assert total < 1_000_000


def test_word_lists_load() -> None:
    assert lower_share()["working"] >= 950
    assert "president" not in lower_share() or lower_share()["president"] < 950
    assert noun_plurals()["country"] == "countries"
    assert "While" in sentence_starters()
    assert noun_plurals()["company"] == "companies"  # names capitalise it often
    assert "expect" in plain_verbs()
    assert "ship" not in plain_verbs()
    assert word_edges()["of"].after_comma < 20 < word_edges()["and"].after_comma
    assert word_edges()["in"].before_comma < 20 < word_edges()["lead"].before_comma
    assert word_edges()["which"].before_stop < 10 < word_edges()["year"].before_stop
    assert word_edges()["of"].at_start < 20 < word_edges()["while"].at_start


@pytest.mark.skipif(
    not (SHARED / "reference" / "garbled-article.txt").is_file(),
    reason="data set missing: ../shared/reference/garbled-article.txt",
)
def test_rules_catch_damage_classes_in_the_reference_article() -> None:
    doc = Document((SHARED / "reference" / "garbled-article.txt").read_text(encoding="utf-8"))
    codes = {f.rule for f in RuleDetector(RULES).detect(doc)}
    # the article has every damage class but a plain repeated word (FT003)
    assert codes == {f"FT00{i}" for i in range(1, 10)} - {"FT003"}


@pytest.mark.skipif(
    not list(SHARED.glob("eval/mt-postedit/*/dev.pe.txt")),
    reason="data set missing: ../shared/eval/mt-postedit/*/dev.pe.txt",
)
def test_rules_rarely_flag_human_post_edits() -> None:
    detector = RuleDetector(RULES)
    checked = flagged = 0
    for path in sorted(SHARED.glob("eval/mt-postedit/*/dev.pe.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            doc = Document(line)
            checked += len(doc.sentences)
            flagged += len({f.start for f in detector.detect(doc)})
    assert checked > 1000
    assert flagged / checked < 0.01
