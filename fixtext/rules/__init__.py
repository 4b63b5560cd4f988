"""Rule detectors for the mechanical damage machine translation and spinners leave.

Each rule lives in its own module and is registered in :data:`RULES`; the
:class:`RuleDetector` runs the enabled ones over every sentence.
"""

from __future__ import annotations

from fixtext.rules.base import Rule, RuleDetector

RULES: tuple[Rule, ...] = ()

__all__ = ["RULES", "Rule", "RuleDetector"]
