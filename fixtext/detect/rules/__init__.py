"""Rule detectors for the mechanical damage machine translation and spinners leave.

Each rule lives in its own module, whose docstring is its contract and whose ``RULE``
declares its code, thresholds and examples; :data:`RULES` lists them in code order and the
:class:`RuleDetector` runs them over every sentence.
"""

from __future__ import annotations

from fixtext.codes import Rewrites
from fixtext.detect.rules import (
    capitalised_word,
    confused_word,
    orphan_determiner,
    punctuation_debris,
    quantifier_agreement,
    repeated_phrase,
    repeated_word,
    run_together,
    self_coordination,
    spurious_break,
    stray_final_word,
    stray_word,
    subject_agreement,
    verb_form,
    word_order,
)
from fixtext.detect.rules.base import TOO_LONG, Rule, RuleDetector

RULES: tuple[Rule, ...] = (
    spurious_break.RULE,
    run_together.RULE,
    repeated_word.RULE,
    repeated_phrase.RULE,
    self_coordination.RULE,
    capitalised_word.RULE,
    punctuation_debris.RULE,
    stray_final_word.RULE,
    quantifier_agreement.RULE,
    orphan_determiner.RULE,
    subject_agreement.RULE,
    verb_form.RULE,
    word_order.RULE,
    confused_word.RULE,
    stray_word.RULE,
)

_REWRITES = {rule.code: rule.rewrites for rule in (*RULES, TOO_LONG)}


def rewrites_of(code: str) -> Rewrites:
    """Which model rewrites inside a finding of ``code`` may be applied unasked (any, for
    the findings of LanguageTool rules)."""
    return _REWRITES.get(code, Rewrites.ANY)


__all__ = ["RULES", "TOO_LONG", "Rule", "RuleDetector", "rewrites_of"]
