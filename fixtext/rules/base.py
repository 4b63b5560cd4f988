"""The rule interface and the detector that runs rules over a document."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from fixtext.document import Document, Sentence
from fixtext.findings import Finding, Fix, Source

#: A check yields (start, end, message, confidence, replacement-or-None) with offsets
#: relative to the sentence text.
Hit = tuple[int, int, str, float, "str | None"]


def graded_hit(
    start: int,
    end: int,
    gain: float,
    fix_margin: float,
    replacement: str,
    messages: tuple[str, str],
) -> Hit:
    """The hit of a rule that scores its repair (a bigram gain): with the fix and the
    first message from ``fix_margin``, below it a report without a fix (the second)."""
    if gain >= fix_margin:
        return (start, end, messages[0], 0.7, replacement)
    return (start, end, messages[1], 0.5, None)


@dataclass(frozen=True)
class Rule:
    """A named, documented check over one sentence (and the sentence before it)."""

    code: str  # e.g. "FT001"
    name: str  # e.g. "spurious-sentence-break"
    summary: str
    check: Callable[[Sentence, Sentence | None], Iterable[Hit]]
    #: Model rewrites inside a finding that may be applied unasked: "any", "insert"
    #: (only words added, none removed: the damage may be a dropped word), or "none" (the
    #: rule's own margin decides what is fixed; a model rewrite of a finding it only
    #: reports stays a suggestion).
    rewrites: str = "any"


class RuleDetector:
    """Runs the given rules over every sentence of a document."""

    name = "rules"

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)

    def detect(self, doc: Document) -> list[Finding]:
        """Return one finding per rule hit, with the rule's fix as a suggestion."""
        findings: list[Finding] = []
        previous: Sentence | None = None
        for sentence in doc.sentences:
            for rule in self.rules:
                for start, end, message, confidence, replacement in rule.check(sentence, previous):
                    fix = None if replacement is None else Fix(replacement)
                    findings.append(
                        Finding(
                            rule=rule.code,
                            message=message,
                            start=sentence.start + start,
                            end=sentence.start + end,
                            confidence=confidence,
                            source=Source.RULES,
                            fix=fix,
                            extra={"name": rule.name, "rewrites": rule.rewrites},
                        )
                    )
            previous = sentence
        return findings
