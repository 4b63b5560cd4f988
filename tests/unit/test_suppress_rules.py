"""Per-rule inline suppressions (issue 24): ``fixtext: ignore[FT003]``,
``<!-- fixtext-disable FT003 -->`` ... ``<!-- fixtext-enable FT003 -->`` and
``<!-- fixtext-disable-next-line FT003 -->``; the bare markers keep switching every rule
off. The pipeline honours them per rule."""

from __future__ import annotations

import re

import pytest

from fixtext.config import build_settings
from fixtext.document import Document
from fixtext.findings import Finding, Fix, Source
from fixtext.formats import Suppression, suppressed_ranges, suppressions
from fixtext.formats.suppress import parse_codes
from fixtext.pipeline import Pipeline
from fixtext.verify import Verifier
from tests.unit.test_pipeline import NoMatches


def test_codes_are_parsed_upper_cased_and_none_means_every_rule() -> None:
    assert parse_codes(None) is None
    assert parse_codes("") is None
    assert parse_codes(" ft003, FT014  EN_A_VS_AN") == frozenset({"FT003", "FT014", "EN_A_VS_AN"})


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_ignore_with_codes_suppresses_only_those_rules_on_its_line(fmt: str) -> None:
    source = "One to to. fixtext: ignore[FT003]\nTwo. fixtext: ignore[FT003,ft014]\nThree.\n"
    found = suppressions(source, fmt)
    first_end = source.index("\n")
    second_start = first_end + 1
    assert found == [
        Suppression(0, first_end, frozenset({"FT003"})),
        Suppression(second_start, source.index("\nThree"), frozenset({"FT003", "FT014"})),
    ]
    assert found[0].covers("FT003", 4, 7)
    assert not found[0].covers("FT014", 4, 7)
    assert found[1].covers("ft014", second_start, second_start + 3)
    # markers with codes never switch every rule off
    assert suppressed_ranges(source, fmt) == []


def test_bare_ignore_still_suppresses_every_rule() -> None:
    source = "Bad bad line.  fixtext: ignore\nfixtext: ignore[] too\n"
    found = suppressions(source, "text")
    assert [s.rules for s in found] == [None, None]
    assert found[0].covers("ANY_RULE", 0, 3)
    assert suppressed_ranges(source, "text") == [(0, source.index("\n")), (31, len(source) - 1)]


def test_disable_enable_per_rule_in_markdown() -> None:
    source = (
        "Good.\n\n<!-- fixtext-disable FT003 FT014 -->\n\nBad bad.\n\n"
        "<!-- fixtext-enable FT003 -->\n\nMore.\n"
    )
    found = suppressions(source, "markdown")
    start = source.index("<!-- fixtext-disable")
    enable = source.index("<!-- fixtext-enable")
    enable_end = source.index("-->", enable) + 3
    assert found == [
        Suppression(start, enable_end, frozenset({"FT003"})),
        Suppression(start, len(source), frozenset({"FT014"})),  # never enabled: to the end
    ]
    assert suppressed_ranges(source, "markdown") == []


def test_bare_enable_ends_every_open_stretch() -> None:
    source = (
        "<!-- fixtext-disable FT003 -->\n<!-- fixtext-disable -->\nX\n<!-- fixtext-enable -->\nY"
    )
    end = source.index("\nY")
    assert suppressions(source, "markdown") == [
        Suppression(0, end, frozenset({"FT003"})),
        Suppression(source.index("<!-- fixtext-disable -->"), end, None),
    ]


def test_enable_of_one_rule_does_not_end_a_bare_disable() -> None:
    source = "<!-- fixtext-disable -->\nX\n<!-- fixtext-enable FT003 -->\nY"
    assert suppressions(source, "markdown") == [Suppression(0, len(source), None)]
    assert suppressed_ranges(source, "markdown") == [(0, len(source))]


def test_disable_next_line_with_codes_in_html() -> None:
    source = "<p>A.</p>\n<!-- fixtext-disable-next-line FT003,FT007 -->\n\n<p>Skip me.</p>\n"
    line = source.index("<p>Skip")
    assert suppressions(source, "html") == [
        Suppression(line, line + len("<p>Skip me.</p>"), frozenset({"FT003", "FT007"}))
    ]


def test_directives_with_codes_in_plain_text_or_code_do_nothing() -> None:
    assert suppressions("Text <!-- fixtext-disable FT003 --> more.", "text") == []
    shown = (
        "Use `<!-- fixtext-disable FT003 -->` like this.\n\n    <!-- fixtext-disable FT003 -->\n"
    )
    assert suppressions(shown, "markdown") == []


class Doubled:
    """Flags a doubled word as T1 and any word 'stray' as T2, each with a fix."""

    name = "doubled"

    def detect(self, doc: Document) -> list[Finding]:
        out = [
            Finding("T1", "doubled", m.start(2), m.end(), 0.9, Source.RULES, Fix(""))
            for m in re.finditer(r"\b(\w+)( \1)\b", doc.text)
        ]
        out += [
            Finding("T2", "stray", m.start(), m.end(), 0.9, Source.RULES, Fix("straw"))
            for m in re.finditer(r"\bstray\b", doc.text)
        ]
        return out


def pipeline() -> Pipeline:
    return Pipeline([Doubled()], Verifier(NoMatches()), build_settings())


def test_the_pipeline_drops_only_the_named_rule_on_a_marked_line() -> None:
    text = "A stray cat sat sat down. fixtext: ignore[T1]\nA stray dog ran ran off.\n"
    found = pipeline().check(Document(text))
    assert sorted((f.rule, f.start) for f in found) == [
        ("T1", text.index(" ran ran") + 4),
        ("T2", text.index("stray")),
        ("T2", text.index("stray dog")),
    ]
    fixed = pipeline().fix(Document(text)).text
    assert fixed == "A straw cat sat sat down. fixtext: ignore[T1]\nA straw dog ran off.\n"


def test_the_pipeline_honours_per_rule_comments_in_markdown() -> None:
    text = (
        "<!-- fixtext-disable T2 -->\n\nA stray cat sat sat down.\n\n"
        "<!-- fixtext-enable T2 -->\n\n<!-- fixtext-disable-next-line T1 -->\n"
        "A stray dog ran ran off.\n"
    )
    found = pipeline().check(Document(text, "story.md", "markdown"))
    assert sorted((f.rule, text[f.start : f.end]) for f in found) == [
        ("T1", " sat"),
        ("T2", "stray"),
    ]
    assert [f.start for f in found if f.rule == "T2"] == [text.index("stray dog")]
