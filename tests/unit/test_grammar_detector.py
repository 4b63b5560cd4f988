"""LanguageTool matches become findings: the settings' filters and the run-together split
(a fake checker at the boundary; the real server is in integration/)."""

from __future__ import annotations

import pytest

from fixtext.components import Match
from fixtext.config import build_settings
from fixtext.detectors.grammar import GrammarDetector, run_together_split
from fixtext.document import Document

SPELLING = "MORFOLOGIK_RULE_EN_US"


def spelling(text: str, word: str, *replacements: str) -> Match:
    """A spelling-rule match on ``word`` in ``text``."""
    start = text.index(word)
    return Match(SPELLING, "Possible spelling mistake.", start, len(word), replacements, "TYPOS")


@pytest.mark.parametrize(
    ("word", "replacements", "expected"),
    [
        ("interviewwith", ("interview with",), "interview with"),
        ("ininterest", ("in interest",), "in interest"),
        ("dothe", ("doth", "dote", "do the"), None),  # a correction comes first
        ("belived", ("believed", "be lived"), None),  # a typo, not two words
        ("stockmarket", ("stock market",), None),  # two content words: maybe a compound
        ("guthi", ("gut hi",), None),  # neither half a function word
        ("thexq", ("the xq",), None),  # a half that is not a word
        ("majorno", ("major no",), None),  # "no" is not among the commonest function words
        ("Faroeislands", ("Faroe islands",), None),  # not all lower case
        ("teargas", (), None),  # no suggestion
    ],
)
def test_run_together_split(word: str, replacements: tuple[str, ...], expected: str | None) -> None:
    assert run_together_split(word, replacements) == expected


class Fixed:
    """A grammar checker that answers the same matches for every text."""

    def __init__(self, *matches: Match) -> None:
        self.matches = list(matches)

    def check(self, texts: list[str]) -> list[list[Match]]:
        return [self.matches for _ in texts]


def test_spelling_matches_are_kept_only_as_run_together_splits() -> None:
    text = "An interviewwith Valmere officials on the stockmarket."
    detector = GrammarDetector(
        Fixed(
            spelling(text, "interviewwith", "interview with"),
            spelling(text, "Valmere", "Valmer"),
            spelling(text, "stockmarket", "stock market"),
        ),
        build_settings().languagetool,
    )
    [finding] = detector.detect(Document(text))
    assert text[finding.start : finding.end] == "interviewwith"
    assert finding.fix is not None and finding.fix.replacement == "interview with"
    assert finding.fix.alternatives == ()
    assert finding.message == "'interviewwith' looks like two words run together"
    off = build_settings({"languagetool": {"disabled-rules": [SPELLING]}}).languagetool
    assert (
        GrammarDetector(Fixed(spelling(text, "interviewwith", "interview with")), off).detect(
            Document(text)
        )
        == []
    )


def test_disabled_rules_may_be_patterns() -> None:
    text = "The base plates and the border line were checked ."
    matches = [
        Match("EN_COMPOUNDS_BASE_PLATES", "Compound.", 4, 11, ("baseplates",), "MISC"),
        Match("LINE_COMPOUNDS", "Compound.", 24, 11, ("borderline",), "GRAMMAR"),
        Match("COMMA_SPACE", "Space.", 48, 2, (".",), "GRAMMAR"),
    ]
    [finding] = GrammarDetector(Fixed(*matches), build_settings().languagetool).detect(
        Document(text)
    )
    assert finding.rule == "COMMA_SPACE"
    settings = build_settings({"languagetool": {"disabled-rules": ["COMMA_*"]}}).languagetool
    assert settings.drops("COMMA_SPACE", "GRAMMAR")
    assert not settings.drops("EN_COMPOUNDS_BASE_PLATES", "MISC")


@pytest.mark.parametrize(
    ("text", "word", "replacements", "fix"),
    [
        ("They was sent home.", "was", ("are", "were"), "were"),  # keeps the past
        ("They has left.", "has", ("had", "have"), "have"),  # keeps the present
        ("The sheep is out.", "is", ("are",), "are"),
        ("Their is a way.", "Their", ("There", "They're"), "There"),  # not an auxiliary
    ],
)
def test_agreement_fix_keeps_the_tense(
    text: str, word: str, replacements: tuple[str, ...], fix: str
) -> None:
    match = Match("AGREEMENT", "Agreement.", text.index(word), len(word), replacements, "GRAMMAR")
    [finding] = GrammarDetector(Fixed(match), build_settings().languagetool).detect(Document(text))
    assert finding.fix is not None and finding.fix.replacement == fix
    assert set(finding.fix.alternatives) == set(replacements) - {fix}
