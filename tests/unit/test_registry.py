"""The rule registry: one record per code, read by the docs, SARIF, the server and
``fixtext rule``."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from fixtext.cli import app
from fixtext.detect.rules import RULES
from fixtext.policy import FixPolicy
from fixtext.registry import CODES, describe, lookup, rules_markdown

ROOT = Path(__file__).resolve().parents[2]


def test_every_code_once_in_code_order_with_its_facts() -> None:
    assert list(CODES) == sorted(CODES)
    assert set(CODES) == {rule.code for rule in RULES} | {
        "FT099",
        "FT100",
        "FT101",
        "FT102",
        "FT103",
        "FT104",
        "FT105",
    }
    for code in CODES.values():
        assert code.name and code.summary.endswith(".") and code.doc, code.code
        assert code.issue_type in {"grammar", "duplication", "typographical", "uncategorized"}


def test_lookup_passes_languagetool_ids_through_and_rejects_unknown_codes() -> None:
    assert lookup("FT003") is CODES["FT003"]
    passthrough = lookup("EN_A_VS_AN")
    assert passthrough is not None and passthrough.name == "en-a-vs-an"
    assert lookup("FT999") is None
    assert lookup("not a code") is None


def test_an_entry_says_whether_fixes_apply_unasked_and_why_not() -> None:
    policy = FixPolicy.shipped()
    applied = describe(CODES["FT003"], policy)
    held = describe(CODES["FT014"], policy)
    assert "verified fixes apply unasked" in applied
    assert "verified fixes stay suggestions: FT014" in held
    assert "FIX_MARGIN = 16" in held
    assert CODES["FT003"].fires[0].text in applied


def test_docs_rule_table_is_generated_from_the_registry() -> None:
    expected = rules_markdown(FixPolicy.shipped())
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == expected, (
        "docs/rules.md is stale: fixtext rule --all --format markdown > docs/rules.md"
    )


def test_fixtext_rule_prints_an_entry_and_fails_on_unknown_codes() -> None:
    runner = CliRunner()
    shown = runner.invoke(app, ["rule", "FT008"])
    assert shown.exit_code == 0 and shown.output.startswith("# FT008 stray-final-word\n")
    listed = runner.invoke(app, ["rule", "--all", "--format", "json"])
    assert [row["code"] for row in json.loads(listed.output)] == list(CODES)
    unknown = runner.invoke(app, ["rule", "FT999"])
    assert unknown.exit_code == 2
