"""The fix policy: whose verified fixes are applied unasked, from measured clean-text rates.

The verifier catches a repair that adds an error, but not a rule's false positive on good
text: a LanguageTool fix is by construction one LanguageTool accepts. So every rule that
can fix (each FT rule, FT100 for model rewrites, each LanguageTool rule id) was run over
clean and garbled text. A rule's verified fix is applied unasked only where

* its *false* changes of clean text (changes of good text: every clean change except
  those read by hand as repairs of real errors in it) are at most :attr:`FixPolicy.bound`
  of the clean sentences, and
* it fixes garbled text at least :attr:`FixPolicy.benefit` times as often (per sentence)
  as it changes good text, counting one false change more than seen: a rule that
  changes good text about as often as it repairs damage earns no trust, and neither
  does one seen fixing once or twice.

Everything else is a suggestion, and so is every rule the measurement never saw fix
anything (a LanguageTool rule not in the table).

The table is data, ``fixtext/data/fix_policy.json``, written by ``python -m
tools.fix_policy`` with the counts behind each decision; the hand-read clean changes
are in ``fixtext/data/fix_policy_audit.tsv``::

    {"bound": 0.0002, "benefit": 10, "clean_sentences": 45400, "sources": {},
     "rules": {"FT003": {"clean_changes": 44, "false_changes": 1,
                         "garbled_fixes": 99, "garbled_sentences": 7248}}}
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

POLICY_FILE = "data/fix_policy.json"
AUDIT_FILE = "fix_policy_audit.tsv"


@dataclass(frozen=True)
class RuleRecord:
    """What the measurement saw of one rule: clean sentences it changed (``false_changes``
    of them good text), and its verified fixes on ``garbled_sentences`` garbled ones."""

    clean_changes: int
    false_changes: int
    garbled_fixes: int
    garbled_sentences: int


@dataclass(frozen=True)
class FixPolicy:
    """Which rules' verified fixes are safe to apply unasked (see the module docstring).

    ``bound`` is the largest share of clean sentences a rule may change falsely;
    ``benefit`` how many times its rate of fixes on garbled text must exceed its rate of
    changes on clean text; ``clean_sentences`` how many clean sentences were measured;
    ``rules`` the record of every rule seen fixing. ``everything`` (the measurement's own
    setting) applies every verified fix.
    """

    bound: float
    benefit: float
    clean_sentences: int
    rules: dict[str, RuleRecord] = field(hash=False)
    everything: bool = False

    @classmethod
    def shipped(cls) -> FixPolicy:
        """The policy in fixtext's data folder."""
        text = resources.files("fixtext").joinpath(POLICY_FILE).read_text("utf-8")
        return cls.from_table(json.loads(text))

    @classmethod
    def from_table(cls, table: dict[str, Any]) -> FixPolicy:
        """The policy of a parsed policy file."""
        rules = {
            rule: RuleRecord(
                int(r["clean_changes"]),
                int(r["false_changes"]),
                int(r["garbled_fixes"]),
                int(r["garbled_sentences"]),
            )
            for rule, r in table["rules"].items()
        }
        return cls(
            float(table["bound"]), float(table["benefit"]), int(table["clean_sentences"]), rules
        )

    @classmethod
    def apply_all(cls) -> FixPolicy:
        """A policy that applies every verified fix: what the measurement runs under."""
        return cls(1.0, 0.0, 0, {}, everything=True)

    def allowed_changes(self) -> int:
        """How many clean sentences a rule may change falsely and still auto-apply."""
        return int(self.bound * self.clean_sentences)

    def auto_applies(self, rule: str) -> bool:
        """True when a verified fix of ``rule`` may be applied unasked."""
        return self.everything or not self.why_not(rule)

    def why_not(self, rule: str) -> str:
        """Why a verified fix of ``rule`` stays a suggestion (empty when it need not)."""
        if self.everything:
            return ""
        record = self.rules.get(rule)
        if record is None:
            return f"{rule} has no measured clean-text rate (fix policy)"
        if record.false_changes > self.allowed_changes():
            return (
                f"{rule} changed {record.false_changes} of {self.clean_sentences:,} clean "
                f"sentences falsely, more than the fix policy's {self.allowed_changes()}"
            )
        garbled_rate = record.garbled_fixes / max(record.garbled_sentences, 1)
        false_rate = (record.false_changes + 1) / max(self.clean_sentences, 1)
        if garbled_rate == 0 or garbled_rate < self.benefit * false_rate:
            return (
                f"{rule} fixed {record.garbled_fixes} of {record.garbled_sentences:,} garbled "
                f"sentences, less than {self.benefit:g} times as often as it changed good "
                "text (fix policy)"
            )
        return ""
