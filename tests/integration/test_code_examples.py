"""The model's codes keep their declared examples with the real parts: every code's
``fires`` sentences get a finding of it (printed, or merged into another's ``also``) and
its ``silent`` sentences none, through the real CLI (real LanguageTool, the shipped model
and fix policy). The rules' examples, which need neither, run in
``tests/unit/test_rule_examples.py``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fixtext.detect.rules import RULES
from fixtext.registry import CODES
from tests.integration.test_cli import fixtext

pytestmark = pytest.mark.integration
RULE_CODES = {rule.code for rule in RULES}
MODEL_CODES = [code for code in CODES.values() if code.code not in RULE_CODES]
CASES = [(code.code, example.text, True) for code in MODEL_CODES for example in code.fires] + [
    (code.code, text, False) for code in MODEL_CODES for text in code.silent
]


@pytest.fixture(autouse=True)
def _server(languagetool_url: str) -> None:
    """Every test here runs against the one real server of this test session."""


@pytest.mark.parametrize(("code", "text", "fires"), CASES)
def test_a_model_code_fires_and_stays_silent_as_declared(
    code: str, text: str, fires: bool, tmp_path: Path
) -> None:
    """With every model on: the ``bert = "all"`` setting turns FT102 on."""
    config = tmp_path / "all.toml"
    config.write_text('bert = "all"\n', encoding="utf-8")
    checked = fixtext("check", "--config", str(config), "--format", "json", "-", stdin=text + "\n")
    assert checked.returncode in (0, 1), checked.stderr
    findings = json.loads(checked.stdout)["files"][0]["findings"]
    rules = {f["rule"] for f in findings} | {code for f in findings for code in f["also"]}
    assert (code in rules) == fires, (code, text, sorted(rules))
