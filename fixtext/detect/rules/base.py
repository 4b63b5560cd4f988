"""The rule interface and the detector that runs rules over a document."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from fixtext.document import MAX_SENTENCE_CHARS, Document, Sentence
from fixtext.findings import Finding, Fix, Source

#: The detector's own finding: a sentence too long for the rules, left unchecked by them.
TOO_LONG = "FT099"
TOO_LONG_NAME = "sentence-too-long"
#: Most characters of an unchecked sentence's first word that its finding covers.
TOO_LONG_SPAN = 40

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


def word_before(text: str, position: int) -> str:
    """The last white-space-separated word of ``text[:position]``, "" when there is none
    (``text[:position].split()[-1]``, reading only that word and the space after it)."""
    end = position
    while end > 0 and text[end - 1].isspace():
        end -= 1
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def word_after(text: str, position: int) -> str:
    """The first white-space-separated word of ``text[position:]``, "" when there is none
    (``text[position:].split()[0]``, reading only the space before it and that word)."""
    start = position
    while start < len(text) and text[start].isspace():
        start += 1
    end = start
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]


class RuleDetector:
    """Runs the given rules over every sentence of a document.

    A sentence longer than :data:`~fixtext.document.MAX_SENTENCE_CHARS` comes as pieces
    (see :mod:`fixtext.document`); the rules skip them, and the detector reports each such
    sentence once (:data:`TOO_LONG`, on its first word, no fix), so the cost of the
    rules on one sentence is bounded and a skipped sentence is never silent.
    """

    name = "rules"

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)

    def detect(self, doc: Document) -> list[Finding]:
        """Return one finding per rule hit, with the rule's fix as a suggestion."""
        findings: list[Finding] = []
        previous: Sentence | None = None
        for sentence in doc.sentences:
            if sentence.whole is not None:
                if sentence.start == sentence.whole[0]:
                    findings.append(_too_long(doc, *sentence.whole))
                previous = sentence
                continue
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


def _too_long(doc: Document, start: int, end: int) -> Finding:
    """The finding that the sentence ``doc.text[start:end]`` was too long to check."""
    words = len(doc.text[start:end].split())
    first_word = word_after(doc.text[start : start + TOO_LONG_SPAN], 0)
    return Finding(
        rule=TOO_LONG,
        message=(
            f"sentence of {words:,} words ({end - start:,} characters) is too long to check; "
            f"skipped by the rules (limit {MAX_SENTENCE_CHARS:,} characters)"
        ),
        start=start,
        end=start + len(first_word),
        confidence=1.0,
        source=Source.RULES,
        extra={"name": TOO_LONG_NAME, "rewrites": "none"},
    )
