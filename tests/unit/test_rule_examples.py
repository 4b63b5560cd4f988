"""Every rule's own examples (``fires`` and ``silent`` in its :class:`~fixtext.codes.Code`)
are its tests: it fires on each ``fires`` sentence, with exactly the declared repair (or,
where none is declared, with no fix), and stays silent on each ``silent`` sentence."""

from __future__ import annotations

import pytest

from fixtext.codes import Example
from fixtext.detect.rules import RULES, RuleDetector
from fixtext.document import Document
from fixtext.findings import Finding

FIRES = [(rule.code, example) for rule in RULES for example in rule.fires]
SILENT = [(rule.code, text) for rule in RULES for text in rule.silent]


def findings_of(code: str, text: str) -> list[Finding]:
    """The findings of rule ``code`` when all rules run over ``text``."""
    return [f for f in RuleDetector(RULES).detect(Document(text)) if f.rule == code]


def test_every_rule_declares_examples_both_ways() -> None:
    for rule in RULES:
        assert rule.silent, f"{rule.code} declares no sentence it must stay silent on"
    assert len({code for code, _ in FIRES}) == len(RULES)


@pytest.mark.parametrize(
    ("code", "example"), FIRES, ids=[f"{c}-{i}" for i, (c, _) in enumerate(FIRES)]
)
def test_rule_fires_on_its_examples(code: str, example: Example) -> None:
    found = findings_of(code, example.text)
    assert found, f"{code} is silent on {example.text!r}"
    if example.fixed is None:
        assert all(f.fix is None for f in found)
        return
    repaired = example.text
    for finding in sorted(found, key=lambda f: f.start, reverse=True):
        assert finding.fix is not None
        repaired = repaired[: finding.start] + finding.fix.replacement + repaired[finding.end :]
    assert repaired == example.fixed


@pytest.mark.parametrize(
    ("code", "text"), SILENT, ids=[f"{c}-{i}" for i, (c, _) in enumerate(SILENT)]
)
def test_rule_is_silent_on_its_examples(code: str, text: str) -> None:
    assert findings_of(code, text) == []
