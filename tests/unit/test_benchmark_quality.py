"""benchmarks/quality.py: the LanguageTool-alone and Harper repair functions, the table."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pytest

from fixtext.evaluate.metrics import SpanCounts
from fixtext.evaluate.report import Report
from fixtext.protocols import Match

QUALITY = Path(__file__).resolve().parents[2] / "benchmarks" / "quality.py"


@pytest.fixture(scope="module")
def quality() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmark_quality", QUALITY)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


class FakeChecker:
    """A GrammarChecker answering from a table: text -> matches."""

    def __init__(self, answers: dict[str, list[Match]]) -> None:
        self.answers = answers

    def check(self, texts: list[str]) -> list[list[Match]]:
        return [self.answers.get(t, []) for t in texts]


def match(text: str, target: str, *replacements: str, nth: int = 0) -> Match:
    """A match on the ``nth`` occurrence of ``target`` in ``text``."""
    offset = -1
    for _ in range(nth + 1):
        offset = text.index(target, offset + 1)
    return Match("RULE", "message", offset, len(target), tuple(replacements))


@dataclass
class FakeSpan:
    start: int
    end: int


@dataclass
class FakeSuggestion:
    kind: int
    replacement_text: str


@dataclass
class FakeLint:
    span: FakeSpan
    suggestions: list[FakeSuggestion] = field(default_factory=list)


class FakeLinter:
    """A harper.Linter answering from a table: text -> lints; records the language."""

    def __init__(self, answers: dict[str, list[FakeLint]]) -> None:
        self.answers = answers
        self.languages: list[str] = []

    def lint(self, text: str, *, language: str) -> list[FakeLint]:
        self.languages.append(language)
        return self.answers.get(text, [])


def lint(text: str, target: str, kind: int | None = None, replacement: str = "") -> FakeLint:
    start = text.index(target)
    suggestions = [] if kind is None else [FakeSuggestion(kind, replacement)]
    return FakeLint(FakeSpan(start, start + len(target)), suggestions)


def test_apply_edits_right_to_left_skipping_overlaps(quality: ModuleType) -> None:
    text = "abcdefghij"
    edits = [(6, 8, "X"), (0, 2, "YY"), (1, 3, "no"), (6, 7, "no"), (9, 9, "+")]
    assert quality.apply_edits(text, edits) == "YYcdefXi+j"


def test_apply_edits_insertion_next_to_a_replacement(quality: ModuleType) -> None:
    assert quality.apply_edits("ab", [(0, 1, "A"), (1, 1, "-")]) == "A-b"
    assert quality.apply_edits("ab", [(1, 1, "-"), (1, 1, "no")]) == "a-b"


def test_languagetool_repair_first_replacements_and_match_spans(quality: ModuleType) -> None:
    text = "He go to to school , yesterday."
    matches = [
        match(text, "go", "goes", "went"),
        match(text, "to to", "to"),
        match(text, "to school", "no"),  # overlaps "to to": skipped
        match(text, " ,", ","),
        match(text, "yesterday"),  # no replacement: a flag only
    ]
    clean = "A clean sentence."
    repair = quality.languagetool_repair(FakeChecker({text: matches}))
    (spans, fixed), (clean_spans, clean_fixed) = repair([text, clean])
    assert fixed == "He goes to school, yesterday."
    assert spans == [(m.offset, m.offset + m.length) for m in matches]
    assert (clean_spans, clean_fixed) == ([], clean)


def test_harper_repair_suggestion_kinds_and_lint_spans(quality: ModuleType) -> None:
    text = "This is an test of the the linter However it works"
    lints = [
        lint(text, "an", 0, "a"),
        lint(text, "the the", 1),  # remove
        lint(text, "the linter", 0, "no"),  # overlaps the removal: skipped
        lint(text, "linter", 2, "."),  # insert after
        lint(text, "works"),  # no suggestion: a flag only
    ]
    linter = FakeLinter({text: lints})
    [(spans, fixed)] = quality.harper_repair(linter)([text])
    assert fixed == "This is a test of  linter. However it works"
    assert spans == [(x.span.start, x.span.end) for x in lints]
    assert linter.languages == ["plaintext"]


def test_harper_kinds_match_the_package(quality: ModuleType) -> None:
    harper = pytest.importorskip("harper")
    assert quality._HARPER_REMOVE == harper.SuggestionKind.REMOVE
    assert quality._HARPER_INSERT_AFTER == harper.SuggestionKind.INSERT_AFTER


def report(**overrides: object) -> Report:
    values: dict[str, object] = {
        "examples": 4,
        "damaged": 2,
        "unchanged": 2,
        "spans": SpanCounts(damaged=4, caught=3, flags=6, flags_on_damage=3),
        "source_edits": 10,
        "hypothesis_edits": 4,
        "exact": 1,
        "harmed": 1,
        "clean_flagged": 2,
        "gleu": 55.56,
        "source_gleu": 40.0,
    }
    return Report(**{**values, **overrides})  # type: ignore[arg-type]


def test_table_formats_none_as_na(quality: ModuleType) -> None:
    results = [
        quality.Result("jfleg", "LanguageTool", report(), 1.26),
        quality.Result("examples", "fixtext", report(unchanged=0, damaged=4), 2.0),
        quality.Result("examples", "Harper", None, note="unavailable: no wheel"),
    ]
    lines = quality.table(results).splitlines()
    cells = [[c.strip() for c in line.strip("|").split("|")] for line in lines]
    assert len({len(row) for row in cells}) == 1
    rates = ["75.0%", "50.0%", "100.0%", "60.0%", "50.0%", "50.0%"]
    assert cells[2][3:] == [*rates, "55.6", "40.0", "1.3"]
    assert cells[3][5] == "n/a"  # flag rate on clean: no unchanged example
    assert cells[3][8] == "n/a"  # harm rate
    assert cells[3][9:11] == ["n/a", "n/a"]  # GLEU: jfleg only
    assert cells[4][2] == "unavailable: no wheel"
    assert set(cells[4][3:]) == {"n/a"}


def test_cell(quality: ModuleType) -> None:
    assert quality.cell(None) == "n/a"
    assert quality.cell(None, percent=False) == "n/a"
    assert quality.cell(0.1234) == "12.3%"
    assert quality.cell(-0.5) == "-50.0%"
    assert quality.cell(3.14159, percent=False) == "3.1"
