"""The one data model every component produces and every printer consumes.

A :class:`Finding` says *what* is wrong and *where* (``start``/``end`` are 0-based
code-point offsets into the document text, end exclusive). An optional :class:`Fix`
says how to repair it: replace ``text[start:end]`` with ``replacement``. Its
:class:`Applicability` says whether ``fixtext fix`` may apply it: a fix is *safe* only once
the verifier has checked it and the fix policy lets its rule apply fixes unasked; until
then it is a suggestion.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum


class Source(StrEnum):
    """Which component produced a finding."""

    RULES = "rules"
    LANGUAGETOOL = "languagetool"
    MODEL = "model"


#: Which source wins when two findings offer the same repair, or two fixes compete for
#: one sentence: the rules, then LanguageTool, then the model.
SOURCE_PRIORITY = {Source.RULES: 0, Source.LANGUAGETOOL: 1, Source.MODEL: 2}


class Applicability(StrEnum):
    """Whether ``fixtext fix`` may apply a fix (ruff's fix safety)."""

    SAFE = "safe"  # verified and allowed by the fix policy: applied by ``fix``
    UNSAFE = "unsafe"  # a suggestion (unverified, rejected or held back): ``fix --unsafe``
    DISPLAY_ONLY = "display-only"  # shown, never applied: it would change nothing


@dataclass(frozen=True)
class Fix:
    """A replacement for a finding's span, with the verifier's decision.

    ``applicability`` is :attr:`Applicability.SAFE` only when the verifier accepted the
    repaired sentence and the fix policy (:mod:`fixtext.policy`) lets its rule apply fixes
    unasked; ``verdict`` is the reason for it (empty before verification). ``hold`` is set
    by the component that proposed the fix when it must stay a suggestion whatever the
    verifier says, and says why ("" when it need not).
    """

    replacement: str
    alternatives: tuple[str, ...] = ()
    applicability: Applicability = Applicability.UNSAFE
    verdict: str = ""
    hold: str = ""

    @property
    def safe(self) -> bool:
        """True when ``fixtext fix`` applies this fix unasked."""
        return self.applicability is Applicability.SAFE


@dataclass(frozen=True)
class Finding:
    """One problem in a document: rule id, message, span, confidence, source, fix.

    ``rule`` is a code of :mod:`fixtext.registry` (FT001...) or a LanguageTool rule id,
    whose LanguageTool category ``category`` names ("" for fixtext's own findings).
    """

    rule: str
    message: str
    start: int
    end: int
    confidence: float
    source: Source
    fix: Fix | None = None
    category: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end} for {self.rule}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} out of [0, 1] for {self.rule}")

    def shifted(self, offset: int) -> Finding:
        """Return a copy whose span is moved by ``offset`` characters."""
        return replace(self, start=self.start + offset, end=self.end + offset)

    def with_fix(self, fix: Fix | None) -> Finding:
        """Return a copy carrying ``fix``."""
        return replace(self, fix=fix)

    def overlaps(self, other: Finding) -> bool:
        """True when the two spans share a character, or are the same empty point."""
        if self.start == self.end or other.start == other.end:
            return self.start <= other.end and other.start <= self.end
        return self.start < other.end and other.start < self.end
