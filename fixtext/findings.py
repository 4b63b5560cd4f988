"""The one data model every component produces and every printer consumes.

A :class:`Finding` says *what* is wrong and *where* (``start``/``end`` are 0-based
code-point offsets into the document text, end exclusive). An optional :class:`Fix`
says how to repair it: replace ``text[start:end]`` with ``replacement``. A fix is
*safe* only once the verifier has checked it; until then it is a suggestion.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum


class Source(StrEnum):
    """Which component produced a finding."""

    RULES = "rules"
    LANGUAGETOOL = "languagetool"
    MODEL = "model"


@dataclass(frozen=True)
class Fix:
    """A replacement for a finding's span, with the verifier's decision.

    ``safe`` is True only when the verifier accepted the repaired sentence and the fix
    policy (:mod:`fixtext.policy`) lets its rule apply fixes unasked; ``verdict`` says why
    it was or was not accepted (empty before verification). ``hold`` is set by the
    component that proposed the fix when it must stay a suggestion whatever the verifier
    says, and says why ("" when it need not).
    """

    replacement: str
    alternatives: tuple[str, ...] = ()
    safe: bool = False
    verdict: str = ""
    hold: str = ""


@dataclass(frozen=True)
class Finding:
    """One problem in a document: rule id, message, span, confidence, source, fix."""

    rule: str
    message: str
    start: int
    end: int
    confidence: float
    source: Source
    fix: Fix | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

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
