"""LanguageTool matches become findings: the settings' filters and the run-together split
(a fake checker at the boundary; the real server is in integration/)."""

from __future__ import annotations

import pytest

from fixtext.config import build_settings
from fixtext.detect.languagetool import (
    SPLIT_MARGIN,
    GrammarDetector,
    between_plain_words,
    capitalised_name,
    later_split,
    run_together_split,
)
from fixtext.document import Document
from fixtext.lexicon.bigrams import BigramModel
from fixtext.protocols import Match

SPELLING = "MORFOLOGIK_RULE_EN_US"


def spelling(text: str, word: str, *replacements: str) -> Match:
    """A spelling-rule match on ``word`` in ``text``."""
    start = text.index(word)
    return Match(SPELLING, "Possible spelling mistake.", start, len(word), replacements, "TYPOS")


@pytest.mark.parametrize(
    ("text", "word", "replacements", "expected"),
    [
        ("an interviewwith the mayor", "interviewwith", ("interview with",), "interview with"),
        ("no ininterest rates", "ininterest", ("in interest",), "in interest"),
        ("they dothe work", "dothe", ("doth", "dote", "do the"), "do the"),  # reads better
        ("He belived it.", "belived", ("believed", "be lived"), None),  # a typo: reads worse
        ("the singles eventat the games", "eventat", ("even tat", "event at"), "event at"),
        ("the stockmarket fell", "stockmarket", ("stock market",), None),  # maybe a compound
        ("a guthi trust", "guthi", ("gut hi",), None),  # neither half a function word
        ("the thexq of", "thexq", ("the xq",), None),  # a half that is not a word
        ("a majorno vote", "majorno", ("major no",), None),  # "no": not among the commonest
        ("the Faroeislands", "Faroeislands", ("Faroe islands",), None),  # not all lower case
        ("tear teargas", "teargas", (), None),  # no suggestion
    ],
)
def test_run_together_split(
    text: str, word: str, replacements: tuple[str, ...], expected: str | None
) -> None:
    start = text.index(word)
    assert run_together_split(text, start, start + len(word), replacements) == expected


def test_a_later_split_needs_the_margin() -> None:
    """A later split is taken only where it reads SPLIT_MARGIN better than the first
    suggestion, and the margin is what decides (not only the order)."""
    text = "The competition washeld in round robin format."
    start, end = text.index("washeld"), text.index("washeld") + len("washeld")
    model = BigramModel.shipped()
    gain = model.score(text.replace("washeld", "was held")) - model.score(
        text.replace("washeld", "washed")
    )
    assert later_split(text, start, end, ("washed", "was held")) == ("was held", gain)
    assert gain >= SPLIT_MARGIN
    assert run_together_split(text, start, end, ("washed", "was held")) == "was held"
    assert later_split(text, start, end, ("washed", "wash eld")) is None
    assert run_together_split(text, start, end, ("washed", "wash eld")) is None


@pytest.mark.parametrize(
    ("word", "replacements", "expected"),
    [
        ("argentina", ("Argentina", "Argentine"), "Argentina"),
        ("canadian", ("Canadian", "Canadians"), "Canadian"),
        ("iphone", ("iPhone",), None),  # not a plain capitalisation
        ("belived", ("believed",), None),  # a typo
        ("Valmere", ("Valmer",), None),  # not lower case
        ("londn", ("London",), None),  # a misspelt name: more than the case changes
    ],
)
def test_capitalised_name(word: str, replacements: tuple[str, ...], expected: str | None) -> None:
    assert capitalised_name(word, replacements) == expected


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("He played for argentina in 1994.", "argentina", True),
        ("In 1994, argentina won.", "argentina", True),
        ("They met argentina.", "argentina", True),
        ("Lorenzo della Robbia built it.", "della", False),
        ("She is a Croatian luger.", "luger", False),
        ('He took the title of "khalifa".', "khalifa", False),
    ],
)
def test_between_plain_words(text: str, word: str, expected: bool) -> None:
    start = text.index(word)
    assert between_plain_words(text, start, start + len(word)) is expected


class Fixed:
    """A grammar checker that answers the same matches for every text."""

    def __init__(self, *matches: Match) -> None:
        self.matches = list(matches)

    def check(self, texts: list[str]) -> list[list[Match]]:
        return [self.matches for _ in texts]


def test_spelling_matches_are_kept_only_as_splits_or_capitalised_names() -> None:
    text = "An interviewwith Valmere officials on the stockmarket in argentina by Luca della Rosa."
    detector = GrammarDetector(
        Fixed(
            spelling(text, "interviewwith", "interview with"),
            spelling(text, "Valmere", "Valmer"),
            spelling(text, "stockmarket", "stock market"),
            spelling(text, "argentina", "Argentina"),
            spelling(text, "della", "Della"),  # a name particle between names
        ),
        build_settings().languagetool,
    )
    split, name = detector.detect(Document(text))
    assert text[split.start : split.end] == "interviewwith"
    assert split.fix is not None and split.fix.replacement == "interview with"
    assert split.fix.alternatives == ()
    assert split.message == "'interviewwith' looks like two words run together"
    assert text[name.start : name.end] == "argentina"
    assert name.fix is not None and name.fix.replacement == "Argentina"
    assert name.message == "'argentina' is a name written in lower case"
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
