"""The verifier's three checks, with a fake grammar checker at the boundary."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest

from fixtext.protocols import Match
from fixtext.verify import FLUENCY_MARGIN, Verifier, protected_tokens


class FakeChecker:
    """Reports a match on every occurrence of the word 'bad'."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def check(self, texts: list[str]) -> list[list[Match]]:
        self.calls.append(texts)
        out = []
        for text in texts:
            matches = []
            start = text.find("bad")
            while start != -1:
                matches.append(Match("BAD_WORD", "bad word", start, 3, ("good",)))
                start = text.find("bad", start + 1)
            out.append(matches)
        return out


def test_protected_tokens_are_names_numbers_quotes_and_urls() -> None:
    tokens = protected_tokens("The Mayor of Lyon said “no” on 12 May at www.example.org.")
    assert {"Mayor", "Lyon", "“no”", "12", "May", "www.example.org."} <= set(tokens)
    assert "The" not in tokens  # sentence start


def test_safe_when_grammar_names_and_size_are_kept() -> None:
    verifier = Verifier(FakeChecker())
    [verdict] = verifier.verify([("Ana voted to to stay.", "Ana voted to stay.")])
    assert verdict.safe, verdict.reason


def test_unsafe_when_a_name_changes() -> None:
    verifier = Verifier(FakeChecker())
    [verdict] = verifier.verify([("Ana met Oslo officials.", "Ana met Bergen officials.")])
    assert not verdict.safe
    assert "protected" in verdict.reason


def test_case_repair_may_lower_case_a_closed_class_word_after_a_lower_case_word() -> None:
    verifier = Verifier(FakeChecker())
    lowered, open_class, dropped, in_name, before_name, name, after_comma = verifier.verify(
        [
            ("The book was published In 2004.", "The book was published in 2004."),
            ("Then they entered Justify in it.", "Then they entered justify in it."),
            ("It is part Of the plan.", "It is part the plan."),
            ("She joined the Bank Of England.", "She joined the Bank of England."),
            ("It is found In Central America.", "It is found in Central America."),
            ("They said Nairobi and Lyon agreed.", "They said nairobi and Lyon agreed."),
            ("In due course, The plan held.", "In due course, the plan held."),
        ]
    )
    assert lowered.safe, lowered.reason
    for verdict in (open_class, dropped, in_name, before_name, name, after_comma):
        assert not verdict.safe and "protected" in verdict.reason


@pytest.mark.parametrize(
    ("original", "repaired", "safe"),
    [
        ("He is He is one of them.", "He is one of them.", True),  # moved to the start
        ("Then Oslo voted and left.", "Then voted and left.", False),  # lost
        ("It explains theBank Charter Act.", "It explains the Bank Charter Act.", True),
        ("It explains the bank charter.", "It explains the Bank charter.", False),  # new
    ],
)
def test_a_name_kept_at_the_sentence_start_or_split_off_a_fused_word(
    original: str, repaired: str, safe: bool
) -> None:
    [verdict] = Verifier(FakeChecker()).verify([(original, repaired)])
    assert verdict.safe is safe, verdict.reason


class SpellingChecker(FakeChecker):
    """Reports a spelling match on every "Zorb" not directly followed by another."""

    def check(self, texts: list[str]) -> list[list[Match]]:
        out = []
        for text in texts:
            matches = []
            start = text.find("Zorb")
            while start != -1:
                if text.startswith("Zorb Zorb", start):
                    matches.append(Match("ENGLISH_WORD_REPEAT_RULE", "repeat", start, 9, ()))
                    start += 5
                else:
                    matches.append(Match("MORFOLOGIK_RULE_EN_US", "spelling", start, 4, ()))
                start = text.find("Zorb", start + 1)
            out.append(matches)
        return out


def test_a_spelling_match_on_a_word_the_original_has_is_not_new() -> None:
    verifier = Verifier(SpellingChecker())
    [unmasked] = verifier.verify(
        [("We met Zorb and Zorb Zorb came.", "We met Zorb and Zorb came.")]
    )
    assert unmasked.safe, unmasked.reason


def test_unsafe_when_languagetool_finds_a_new_match() -> None:
    verifier = Verifier(FakeChecker())
    [verdict] = verifier.verify([("It was a fine day.", "It was a bad day.")])
    assert not verdict.safe
    assert "LanguageTool" in verdict.reason


def test_unsafe_when_the_edit_is_too_large() -> None:
    verifier = Verifier(FakeChecker())
    [verdict] = verifier.verify(
        [("the cat sat on the mat today.", "a dog lay under some rug yesterday.")]
    )
    assert not verdict.safe
    assert "too large" in verdict.reason


def test_unchanged_and_protected_terms() -> None:
    verifier = Verifier(FakeChecker(), protected_terms=("acme",))
    no_change, term = verifier.verify(
        [("same text.", "same text."), ("the acme acme plan.", "the acme plan.")]
    )
    assert not no_change.safe
    assert not term.safe and "protected term" in term.reason


def test_one_batch_for_all_pairs() -> None:
    checker = FakeChecker()
    Verifier(checker).verify([("a to to b.", "a to b."), ("c in in d.", "c in d.")])
    assert len(checker.calls) == 1


class AdviceChecker:
    """Reports a regional-variant advice match on 'at the weekend' and a grammar error on
    'bad', as LanguageTool's categories and issue types mark them."""

    def check(self, texts: list[str]) -> list[list[Match]]:
        out = []
        for text in texts:
            matches = []
            for needle, category, issue in (
                ("at the weekend", "BRITISH_ENGLISH", "locale-violation"),
                ("bad", "GRAMMAR", "grammar"),
            ):
                for m in re.finditer(rf"\b{needle}\b", text):
                    matches.append(Match(needle, "m", m.start(), len(needle), (), category, issue))
            out.append(matches)
        return out


def test_advice_never_vetoes_a_repair_but_an_error_does() -> None:
    from fixtext.config import build_settings

    verifier = Verifier(AdviceChecker(), advice=build_settings().languagetool.is_advice)
    split, damaging = verifier.verify(
        [
            (
                "Crowds gathered at the weekendThe mayor spoke.",
                "Crowds gathered at the weekend. The mayor spoke.",
            ),
            (
                "Crowds gathered at the weekendThe mayor spoke.",
                "Crowds gathered at the bad weekend.",
            ),
        ]
    )
    assert split.safe, split.reason
    assert not damaging.safe and "LanguageTool" in damaging.reason
    [strict] = Verifier(AdviceChecker()).verify(
        [
            (
                "Crowds gathered at the weekendThe mayor spoke.",
                "Crowds gathered at the weekend. The mayor spoke.",
            )
        ]
    )
    assert not strict.safe  # without the advice predicate every match counts


class FakeFluency:
    """A fluency scorer that gives each pair the change ``changes`` names for its repair
    (0.0 otherwise) and records the pairs it was asked about."""

    def __init__(self, changes: dict[str, float]) -> None:
        self.changes = changes
        self.asked: list[tuple[str, str]] = []

    def context_change(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        self.asked += pairs
        return [self.changes.get(repaired, 0.0) for _, repaired in pairs]


def test_the_fluency_guard_vetoes_a_repair_that_makes_its_neighbours_less_likely() -> None:
    worse, slightly = "The council approved the on Monday.", "The council approved it on Monday."
    fluency = FakeFluency({worse: -(FLUENCY_MARGIN + 0.5), slightly: -(FLUENCY_MARGIN - 0.5)})
    verifier = Verifier(FakeChecker(), fluency=fluency)
    original = "The council approved the budget on Monday."
    vetoed, kept = verifier.verify([(original, worse), (original, slightly)])
    assert not vetoed.safe and vetoed.reason.startswith("BERT: the words around the edit")
    assert kept.safe


def test_the_fluency_guard_scores_only_repairs_that_pass_the_other_checks() -> None:
    fluency = FakeFluency({})
    verifier = Verifier(FakeChecker(), fluency=fluency)
    name_changed = ("Smith met Jones.", "Smith met Brown.")
    fine = ("He go home.", "He goes home.")
    verdicts = verifier.verify([name_changed, fine, ("Same.", "Same.")])
    assert [v.safe for v in verdicts] == [False, True, False]
    assert fluency.asked == [fine]


def test_the_fluency_guard_leaves_punctuation_and_case_repairs_alone() -> None:
    fluency = FakeFluency({"A survey by the firm found more.": -50.0})
    verifier = Verifier(FakeChecker(), fluency=fluency)
    [verdict] = verifier.verify(
        [("A survey by the firm. found more.", "A survey by the firm found more.")]
    )
    assert verdict.safe and fluency.asked == []
