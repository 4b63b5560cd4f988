"""Never damage good text: each way a "verified" fix once made a sentence worse, run
through the real CLI (real LanguageTool, the shipped model and fix policy)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.test_cli import fixtext

pytestmark = pytest.mark.integration
MODEL = pytest.mark.parametrize("model", [[], ["--no-model"]])


@pytest.fixture(autouse=True)
def _server(languagetool_url: str) -> None:
    """Every test here runs against the one real server of this test session."""


def findings(*args: str, stdin: str) -> list[dict[str, object]]:
    checked = fixtext("check", "--format", "json", *args, "-", stdin=stdin)
    assert checked.returncode in (0, 1), checked.stderr
    return json.loads(checked.stdout)["files"][0]["findings"]


@MODEL
def test_a_regional_style_rule_never_vetoes_a_repair(model: list[str]) -> None:
    """LanguageTool's en-US advice on "at the weekend" fires once the lost sentence break
    is restored; it must not veto the split, and nothing may delete the next sentence's
    first word instead."""
    text = "Shoppers crowded the market at the weekendThe council said every stall sold out.\n"
    fixed = fixtext("fix", *model, "-", stdin=text)
    assert fixed.stdout == text.replace("weekendThe", "weekend. The"), fixed.stderr


def test_the_model_never_deletes_a_capitalised_word_on_its_own(tmp_path: Path) -> None:
    """With FT002's split switched off, the model's rewrite of the fused pair may not
    drop the first word of the next sentence ("weekend council")."""
    text = "Shoppers crowded the market at the weekendThe council said every stall sold out.\n"
    config = tmp_path / ".fixtext.toml"
    config.write_text('disable = ["FT002"]\n', encoding="utf-8")
    fixed = fixtext("fix", "--config", str(config), "-", stdin=text)
    assert fixed.stdout in (text, text.replace("weekendThe", "weekend. The")), fixed.stdout
    rewrites = [f for f in findings("--config", str(config), stdin=text) if f["rule"] == "FT100"]
    for rewrite in rewrites:
        if "The" not in str(rewrite["replacement"]):
            assert rewrite["safe"] is False, rewrite


@MODEL
def test_a_word_the_models_are_unsure_of_stays_where_it_is_as_a_suggestion(
    model: list[str],
) -> None:
    text = "He was elected to the house. white in the spring.\n"
    fixed = fixtext("fix", *model, "-", stdin=text)
    assert fixed.stdout == text, fixed.stdout
    [moved] = [f for f in findings(*model, stdin=text) if f["rule"] == "FT001"]
    assert moved["safe"] is False
    assert moved["replacement"] == "white house"
    assert moved["alternatives"] == ["house white", "house"]


@pytest.mark.parametrize("how", ["option", "config"])
def test_british_house_spelling_is_never_converted(how: str, tmp_path: Path) -> None:
    text = (
        "The organisation realised that its members had travelled to the theatre at "
        "the weekend, and the colour of the programme pleased them.\n"
    )
    if how == "option":
        args = ["--language", "en-GB"]
    else:
        (tmp_path / ".fixtext.toml").write_text('language = "en-GB"\n', encoding="utf-8")
        args = ["--config", str(tmp_path / ".fixtext.toml")]
    fixed = fixtext("fix", *args, "-", stdin=text)
    assert fixed.returncode == 0, fixed.stderr
    assert fixed.stdout == text
    assert fixtext("fix", "-", stdin=text).stdout == text  # en-US leaves it too


def test_an_unknown_language_variant_is_a_one_line_error() -> None:
    result = fixtext("check", "--language", "en-AU", "-", stdin="Fine text.\n")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "fixtext: error: language must be en-US or en-GB, not 'en-AU'"
    ]


@pytest.mark.parametrize(
    ("language", "text", "rule"),
    [
        ("en-US", "She won best supporting actress at the festival in May.\n", "THE_SUPERLATIVE"),
        ("en-GB", "The band are touring Wales this spring, and the pair are due in Hull.\n", ""),
    ],
)
def test_a_languagetool_false_positive_on_clean_text_is_never_applied(
    language: str, text: str, rule: str
) -> None:
    """LanguageTool's fixes pass the verifier by construction; the fix policy keeps the
    rules that change good text as suggestions ("won best ..." is an award's name, and a
    collective noun takes a plural verb in British English)."""
    fixed = fixtext("fix", "--language", language, "-", stdin=text)
    assert fixed.stdout == text, fixed.stdout
    for finding in findings("--language", language, stdin=text):
        assert finding["safe"] is False, finding
        if finding["rule"] == rule:
            assert "fix policy" in str(finding["verdict"]), finding
