"""Every printer renders the same findings model; each format is checked on its own terms."""

from __future__ import annotations

import io
import json

from fixtext.document import Document
from fixtext.findings import Applicability, Finding, Fix, Source
from fixtext.printers import PRINTERS, FileReport

TEXT = "Headline\n\nThey voted to to stay, 😀 said Ana.\n"
START = TEXT.index(" to stay")


def report() -> list[FileReport]:
    findings = [
        Finding(
            "FT003",
            "The word 'to' is repeated",
            START,
            START + 3,
            0.9,
            Source.RULES,
            Fix("", applicability=Applicability.SAFE, verdict="verified"),
        ),
        Finding(
            "FT101",
            "improbable wording: 'Ana'",
            TEXT.index("Ana"),
            TEXT.index("Ana") + 3,
            0.4,
            Source.MODEL,
        ),
    ]
    return [FileReport(Document(TEXT, "news/story.txt"), findings)]


def render(name: str) -> str:
    stream = io.StringIO()
    PRINTERS[name](report(), stream, False)
    return stream.getvalue()


def test_text_lines_are_path_line_col_rule() -> None:
    out = render("text").splitlines()
    assert out[0].startswith("news/story.txt:3:")
    assert " FT003 The word 'to' is repeated" in out[0]
    assert "fix: ' to' -> ''" in out[1]
    assert out[-1].startswith("Found 2 finding(s) (1 safely fixable")


def test_json_contract() -> None:
    payload = json.loads(render("json"))
    [entry] = payload["files"]
    first = entry["findings"][0]
    assert entry["path"] == "news/story.txt"
    assert first["text"] == TEXT[first["start"] : first["end"]] == " to"
    assert (first["line"], first["column"]) == (3, START - TEXT.index("They") + 1)
    assert first["safe"] is True and first["replacement"] == "" and first["source"] == "rules"
    second = entry["findings"][1]
    assert second["replacement"] is None and second["safe"] is False


def test_sarif_is_2_1_0_with_fixes_for_replacements() -> None:
    log = json.loads(render("sarif"))
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "fixtext"
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == {"FT003", "FT101"}
    assert run["columnKind"] == "unicodeCodePoints"
    assert "informationUri" not in run["tool"]["driver"]
    repeated = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "FT003")
    assert repeated["name"] == "repeated-word"
    assert repeated["shortDescription"] == {"text": "A word is repeated."}
    assert "fixtext rule FT003" in repeated["help"]["text"]
    assert repeated["properties"]["issueType"] == "duplication"
    first, second = run["results"]
    region = first["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 3 and region["charOffset"] == START
    assert first["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"] == {
        "text": ""
    }
    assert "fixes" not in second


def test_github_annotations_escape_properties() -> None:
    out = render("github").splitlines()
    assert out[0].startswith("::warning file=news/story.txt,line=3,col=")
    assert "title=FT003::The word 'to' is repeated" in out[0]
    assert len(out) == 2
