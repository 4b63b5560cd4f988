"""The interfaces that pipeline components implement.

A component is small and replaceable: the pipeline only knows these protocols, so the
rules, LanguageTool and the seq2seq model plug in (or out) without touching each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from fixtext.document import Document
from fixtext.findings import Finding

if TYPE_CHECKING:
    pass


class Detector(Protocol):
    """Finds problems in a document; findings may carry an unverified :class:`Fix`."""

    name: str

    def detect(self, doc: Document) -> list[Finding]:
        """Return findings with spans relative to ``doc.text``."""
        ...


@dataclass(frozen=True)
class Match:
    """One grammar-checker match inside a checked text (offsets into that text)."""

    rule: str
    message: str
    offset: int
    length: int
    replacements: tuple[str, ...]
    category: str = ""
    issue_type: str = ""  # LanguageTool's issueType: "grammar", "style", "locale-violation", ...


class GrammarChecker(Protocol):
    """Checks texts with grammar rules (LanguageTool); used to detect and to verify."""

    def check(self, texts: list[str]) -> list[list[Match]]:
        """Return the matches of each text, in input order."""
        ...


class Proposer(Protocol):
    """Proposes whole-sentence rewrites (the seq2seq model)."""

    def propose(
        self,
        sentences: list[str],
        n_best: int,
        spans: list[list[tuple[int, int]]] | None = None,
    ) -> list[list[str]]:
        """Return up to ``n_best`` candidate rewrites for each sentence, best first.

        ``spans`` gives, per sentence, the flagged character spans a proposer may focus on.
        """
        ...


class SentenceScorer(Protocol):
    """Scores how well a whole sentence reads (a corpus n-gram model)."""

    def score(self, sentence: str) -> float:
        """Return the sentence's log probability: higher reads better."""
        ...


class Refiner(Protocol):
    """Replaces the fixes of other components' findings with better ones it can rank, or
    gives a finding a fix that another component's finding corroborates."""

    def refine(self, doc: Document, findings: list[Finding]) -> list[Finding]:
        """Return ``findings``, some with a new span, message and fix."""
        ...
