"""One finding per span in what the CLI prints (issue 24): the best fix, the other sources
named in ``also``, FT101 flags on bare punctuation dropped."""

from __future__ import annotations

import io
import json

from fixtext.document import Document
from fixtext.findings import Applicability, Finding, Fix, Source
from fixtext.printers import PRINTERS, FileReport
from fixtext.printers.report import merge_findings, rank
from fixtext.printers.text import print_text

TEXT = "Rates rose next yearThe union, , said no."
RUN = (TEXT.index("yearThe"), TEXT.index("yearThe") + len("yearThe"))
COMMAS = (TEXT.index(", ,"), TEXT.index(", ,") + 3)


def safe(replacement: str, *alternatives: str) -> Fix:
    return Fix(replacement, alternatives, Applicability.SAFE, "verified")


def suggestion(replacement: str) -> Fix:
    return Fix(replacement, (), Applicability.UNSAFE, "a suggestion")


def findings() -> list[Finding]:
    start, end = RUN
    return [
        Finding("FT100", "model rewrite", start, end, 0.97, Source.MODEL, suggestion("year the")),
        Finding("FT101", "improbable wording", start, end, 0.97, Source.MODEL),
        Finding("FT002", "run together", start, end, 0.8, Source.RULES, safe("year. The")),
        Finding("FT007", "stray comma", COMMAS[0], COMMAS[1], 0.95, Source.RULES, safe(",")),
        Finding("FT101", "improbable wording", COMMAS[1] - 1, COMMAS[1], 0.9, Source.MODEL),
        Finding(
            "FT101",
            "improbable wording",
            TEXT.index("said"),
            TEXT.index("said") + 4,
            0.6,
            Source.MODEL,
        ),
    ]


def test_one_finding_per_span_with_the_best_fix_and_the_others_named() -> None:
    merged = merge_findings(TEXT, findings())
    assert [(m.finding.rule, m.also) for m in merged] == [
        ("FT002", ("FT100", "FT101")),
        ("FT007", ()),  # the FT101 flag on a bare comma is dropped
        ("FT101", ()),  # a flag on a word, alone on its span, stays
    ]
    best = merged[0].finding
    assert best.fix is not None and best.fix.replacement == "year. The"
    assert best.fix.alternatives == ("year the",)  # the model's rewrite, offered
    assert best.fix.safe


def test_rank_puts_safe_first_then_any_fix_then_source_then_confidence() -> None:
    a = Finding("A", "m", 0, 1, 0.5, Source.MODEL, safe("x"))
    b = Finding("B", "m", 0, 1, 0.9, Source.RULES, suggestion("y"))
    c = Finding("C", "m", 0, 1, 0.9, Source.RULES)
    d = Finding("D", "m", 0, 1, 0.9, Source.LANGUAGETOOL, suggestion("z"))
    e = Finding("E", "m", 0, 1, 0.95, Source.LANGUAGETOOL, suggestion("z"))
    assert [f.rule for f in sorted([c, d, b, a, e], key=rank)] == ["A", "B", "E", "D", "C"]


def test_a_word_flag_overlapping_another_finding_is_named_in_it() -> None:
    text = "at the busiest harbour. on the coast"
    stop = text.index(". on")
    flag = Finding("FT101", "improbable", text.index("harbour."), stop + 1, 0.9, Source.MODEL)
    rule = Finding("FT001", "break", stop, stop + 2, 0.85, Source.RULES, safe(" "))
    merged = merge_findings(text, [flag, rule])
    assert [(m.finding.rule, m.also) for m in merged] == [("FT001", ("FT101",))]


def test_alternatives_leave_out_the_unchanged_span_and_repeats() -> None:
    text = "the the cat"
    one = Finding("FT003", "repeat", 3, 7, 0.9, Source.RULES, safe("", "x"))
    two = Finding("FT100", "rewrite", 3, 7, 0.9, Source.MODEL, Fix(" the", ("", "x", "y")))
    [merged] = merge_findings(text, [two, one])
    assert merged.finding.rule == "FT003"
    assert merged.finding.fix is not None and merged.finding.fix.alternatives == ("x", "y")


def render(name: str) -> str:
    report = FileReport.merged(Document(TEXT, "story.txt"), findings())
    stream = io.StringIO()
    PRINTERS[name]([report], stream, False)
    return stream.getvalue()


def test_json_adds_only_also_to_the_contract() -> None:
    rows = json.loads(render("json"))["files"][0]["findings"]
    assert [row["rule"] for row in rows] == ["FT002", "FT007", "FT101"]
    keys = {"rule", "message", "start", "end", "line", "column", "text", "replacement"}
    keys |= {"alternatives", "confidence", "safe", "source", "verdict", "also"}
    assert all(set(row) == keys for row in rows)
    assert rows[0]["also"] == ["FT100", "FT101"] and rows[1]["also"] == []
    assert rows[0]["alternatives"] == ["year the"]
    unmerged = FileReport(Document(TEXT), findings()).rows()
    assert len(unmerged) == 6 and all(row["also"] == [] for row in unmerged)


def test_text_sarif_and_github_name_the_other_sources() -> None:
    assert "(rules, 0.80; also FT100, FT101)" in render("text")
    assert render("text").count("\n") == 6  # 3 findings, 2 fix lines, the summary
    results = json.loads(render("sarif"))["runs"][0]["results"]
    assert [r["properties"]["also"] for r in results] == [["FT100", "FT101"], [], []]
    assert "(also FT100, FT101)" in render("github").splitlines()[0]


def test_text_printer_can_leave_out_the_summary() -> None:
    report = FileReport.merged(Document(TEXT, "story.txt"), findings())
    stream = io.StringIO()
    PRINTERS["text"]([report], stream, False)
    with_summary = stream.getvalue()
    stream = io.StringIO()
    print_text([report], stream, False, summary=False)
    assert stream.getvalue() + with_summary.splitlines(keepends=True)[-1] == with_summary
