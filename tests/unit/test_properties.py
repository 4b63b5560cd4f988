"""Property tests: the pipeline never damages text it does not repair.

Fakes at the boundary only: a grammar checker that finds nothing or flags "teh" / "alot"
deterministically, the real rules, no model.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import pairwise
from typing import ClassVar
from unittest import mock

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from fixtext import pipeline as pipeline_module
from fixtext.config import build_settings
from fixtext.detect.languagetool import GrammarDetector
from fixtext.detect.rules import RULES, RuleDetector
from fixtext.document import Document
from fixtext.findings import Finding
from fixtext.pipeline import FixResult, Pipeline
from fixtext.printers import FileReport
from fixtext.protocols import Match
from fixtext.textops import minimal_edit
from fixtext.verify import Verifier

SETTINGS = build_settings()
FAST = settings(max_examples=100, deadline=None)

#: Pieces that make the rules fire (repeats, stray breaks, run-together words, debris)
#: mixed with everything that must survive untouched: CRLF, tabs, quotes, emoji, BOM.
PIECES = [
    "The",
    "the",
    "board",
    "voted",
    "to",
    "to to",
    "Islam and Islam",
    "killingWhile",
    "plain. wide",
    "World Bank. World Bank.",
    "most senior member of the group have",
    "teh",
    "alot",
    "Mr.",
    "U.S.",
    "J. K. Rowling",
    "3.5",
    ". .",
    " ,",
    "Chad. , Mali",
    "“quoted”",
    '"said"',
    "it’s",
    "😀",
    "café",
    "\ufeff",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "\r\n\r\n",
    ". ",
    "! ",
    "? ",
    ",",
]
texts = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)
anything = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)


class NoMatches:
    """A grammar checker that finds nothing."""

    def check(self, texts: list[str]) -> list[list[Match]]:
        return [[] for _ in texts]


class FlagsTypos:
    """A grammar checker that flags "teh" and "alot" as GRAMMAR with one replacement."""

    FIXES: ClassVar[dict[str, str]] = {"teh": "the", "alot": "a lot"}

    def check(self, texts: list[str]) -> list[list[Match]]:
        return [
            [
                Match(
                    "FAKE_TYPO",
                    "typo",
                    m.start(),
                    len(m.group()),
                    (self.FIXES[m.group()],),
                    "GRAMMAR",
                )
                for m in re.finditer(r"\b(?:teh|alot)\b", text)
            ]
            for text in texts
        ]


CHECKERS = {"none": NoMatches(), "typos": FlagsTypos()}


def make_pipeline(checker: str) -> Pipeline:
    grammar = CHECKERS[checker]
    detectors = [RuleDetector(RULES), GrammarDetector(grammar, SETTINGS.languagetool)]
    return Pipeline(detectors, Verifier(grammar), SETTINGS)


PIPELINES = {name: make_pipeline(name) for name in CHECKERS}


@contextmanager
def recorded_passes() -> Iterator[list[list[Finding]]]:
    """Record the fixes each pass of ``Pipeline.fix`` chooses (offsets into that pass)."""
    passes: list[list[Finding]] = []
    choose = pipeline_module.choose

    def spy(*args: object, **kwargs: object) -> list[Finding]:
        chosen = choose(*args, **kwargs)  # type: ignore[arg-type]
        if chosen:
            passes.append(chosen)
        return chosen

    with mock.patch.object(pipeline_module, "choose", spy):
        yield passes


def converged(result: FixResult) -> bool:
    """True when ``fix`` stopped because nothing applicable was left (not at MAX_PASSES)."""
    return not any(f.fix is not None and f.fix.safe for f in result.remaining)


@FAST
@given(text=texts, checker=st.sampled_from(sorted(CHECKERS)), unsafe=st.booleans())
def test_fix_changes_only_the_spans_it_applied(text: str, checker: str, unsafe: bool) -> None:
    with recorded_passes() as passes:
        result = PIPELINES[checker].fix(Document(text), unsafe)
    rebuilt = text
    for chosen in passes:
        spans = sorted((f.start, f.end) for f in chosen)
        assert all(a[1] <= b[0] for a, b in pairwise(spans)), "overlap"
        for finding in sorted(chosen, key=lambda f: f.start, reverse=True):
            assert finding.fix is not None
            assert 0 <= finding.start <= finding.end <= len(rebuilt)
            rebuilt = rebuilt[: finding.start] + finding.fix.replacement + rebuilt[finding.end :]
    assert rebuilt == result.text
    assert [f for chosen in passes for f in chosen] == result.applied
    if not result.applied:
        assert result.text == text


@FAST
@given(text=texts, checker=st.sampled_from(sorted(CHECKERS)))
def test_fix_keeps_line_endings_tabs_and_unflagged_characters(text: str, checker: str) -> None:
    result = PIPELINES[checker].fix(Document(text))
    for kept in ("\r\n", "\r", "\t", "\ufeff", "😀", "“quoted”", "café"):
        assert result.text.count(kept) == text.count(kept), kept


@FAST
@given(text=texts, checker=st.sampled_from(sorted(CHECKERS)))
def test_fix_is_idempotent(text: str, checker: str) -> None:
    pipe = PIPELINES[checker]
    first = pipe.fix(Document(text))
    assume(converged(first))  # see test_fix_converges_on_long_runs_of_repeats
    second = pipe.fix(Document(first.text))
    assert second.text == first.text
    assert second.applied == []


def test_fix_converges_on_long_runs_of_repeats() -> None:
    pipe = PIPELINES["none"]
    first = pipe.fix(Document("He voted to to to to to to to to to to delay it."))
    assert pipe.fix(Document(first.text)).text == first.text


@FAST
@given(text=st.one_of(texts, anything), checker=st.sampled_from(sorted(CHECKERS)))
def test_check_offsets_index_the_input_exactly(text: str, checker: str) -> None:
    doc = Document(text)
    findings = PIPELINES[checker].check(doc)
    for finding, row in zip(findings, FileReport(doc, findings).rows(), strict=True):
        assert 0 <= finding.start <= finding.end <= len(text)
        assert row["text"] == text[finding.start : finding.end]
        before = text[: finding.start]
        assert row["line"] == before.count("\n") + 1
        assert row["column"] == len(before) - (before.rfind("\n") + 1) + 1


@FAST
@given(text=st.one_of(texts, anything))
def test_sentences_and_paragraphs_index_the_input(text: str) -> None:
    doc = Document(text)
    for segment in [*doc.paragraphs, *doc.sentences]:
        assert 0 <= segment.start < segment.end <= len(text)
        assert text[segment.start : segment.end] == segment.text


words = st.lists(st.sampled_from(["a", "to", "the", "Bank", ".", ",", "😀"]), max_size=8)
spaces = st.sampled_from([" ", "  ", "\t", "\n", "\r\n"])


@st.composite
def sentences(draw: st.DrawFn) -> str:
    """A sentence or a rewrite, sometimes with leading white space."""
    parts = draw(words)
    lead = draw(st.sampled_from(["", " ", "\n"]))
    return lead + "".join(w + draw(spaces) for w in parts[:-1]) + (parts[-1] if parts else "")


@settings(max_examples=300, deadline=None)
@given(before=sentences(), after=sentences())
def test_minimal_edit_reconstructs_the_rewrite(before: str, after: str) -> None:
    start, end, replacement = minimal_edit(before, after)
    assert 0 <= start <= end <= len(before)
    assert before[:start] + replacement + before[end:] == after


@pytest.mark.parametrize(("before", "after"), [(" a", "a"), ("a", " a"), (" ", "  ")])
def test_minimal_edit_reconstructs_leading_white_space(before: str, after: str) -> None:
    start, end, replacement = minimal_edit(before, after)
    assert before[:start] + replacement + before[end:] == after
