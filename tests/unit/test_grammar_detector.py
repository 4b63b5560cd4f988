"""LanguageTool matches become findings: the settings' filters and the run-together split
(a fake checker at the boundary; the real server is in integration/)."""

from __future__ import annotations

import pytest

from fixtext import progress
from fixtext.config import build_settings
from fixtext.detect.languagetool import (
    MAX_CHUNK,
    PIECES_PER_REQUEST,
    SPLIT_MARGIN,
    GrammarDetector,
    between_plain_words,
    capitalised_name,
    later_split,
    requests,
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


class Teh:
    """A grammar checker that flags every "teh", and, in a text of several paragraphs, the
    word "colour" with a text-level rule (as EN_WORD_COHERENCY would after "color")."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def check(self, texts: list[str]) -> list[list[Match]]:
        self.texts.extend(texts)
        out = []
        for text in texts:
            matches = [
                Match("TEH", "Typo.", i, 3, ("the",), "GRAMMAR")
                for i in range(len(text))
                if text.startswith("teh", i)
            ]
            if "\n\n" in text and "colour" in text:
                matches.append(
                    Match("EN_WORD_COHERENCY", "One spelling.", text.index("colour"), 6, ())
                )
            out.append(matches)
        return out


def paragraphs(count: int) -> str:
    return "\n\n".join(f"Paragraph {i} has teh typo. And teh other." for i in range(count))


def test_paragraphs_go_together_and_each_match_back_to_its_own() -> None:
    text = paragraphs(20) + "\n"
    checker = Teh()
    findings = GrammarDetector(checker, build_settings().languagetool).detect(Document(text))
    assert [text[f.start : f.end] for f in findings] == ["teh"] * 40
    assert {f.start for f in findings} == {i for i in range(len(text)) if text.startswith("teh", i)}
    assert len(checker.texts) == -(-20 // PIECES_PER_REQUEST)  # 3 requests, not 20


def test_requests_stay_within_the_chunk_size_and_start_at_fixed_paragraphs() -> None:
    doc = Document("\n\n".join(("word " * n).strip() for n in (300, 300, 300, 10, 10)))
    runs = requests(doc.paragraphs)
    assert [len(run) for run in runs] == [2, 3]
    assert all(len("\n\n".join(p.text for p in run)) <= MAX_CHUNK for run in runs)
    short = [f"Paragraph {i} is short." for i in range(2 * PIECES_PER_REQUEST)]
    before = requests(Document("\n\n".join(short)).paragraphs)
    # a first paragraph grown near the limit changes the first request's runs only
    after = requests(Document("\n\n".join(["word " * 798 + "end.", *short[1:]])).paragraphs)
    assert [len(run) for run in before] == [PIECES_PER_REQUEST, PIECES_PER_REQUEST]
    assert [len(run) for run in after] == [1, PIECES_PER_REQUEST - 1, PIECES_PER_REQUEST]
    assert [p.text for p in after[-1]] == [p.text for p in before[-1]]


def test_a_text_level_match_is_checked_again_alone() -> None:
    text = "The color was fine.\n\nThe colour was teh same.\n"
    checker = Teh()
    findings = GrammarDetector(checker, build_settings().languagetool).detect(Document(text))
    assert [f.rule for f in findings] == ["TEH"]  # alone, the paragraph has no coherency match
    assert checker.texts[1:] == ["The colour was teh same."]


def test_progress_is_reported_by_sentences() -> None:
    reports: list[tuple[int, int]] = []
    detector = GrammarDetector(Teh(), build_settings().languagetool)
    with progress.listening(lambda done, total: reports.append((done, total))):
        detector.detect(Document(paragraphs(300)))
    assert reports[-1] == (600, 600)  # two sentences a paragraph
    assert len(reports) > 1
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)
    detector.detect(Document(paragraphs(3)))  # nobody listening: nothing reported
    assert reports[-1] == (600, 600)
