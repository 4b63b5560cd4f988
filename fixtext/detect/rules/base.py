"""The rule interface and the detector that runs rules over a document."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from fixtext.codes import Code, Rewrites
from fixtext.document import MAX_SENTENCE_CHARS, Document, Sentence
from fixtext.findings import Finding, Fix, Source
from fixtext.textops import word_after

#: Most characters of an unchecked sentence's first word that its finding covers.
TOO_LONG_SPAN = 40

#: The detector's own finding: a sentence too long for the rules, left unchecked by them.
TOO_LONG = Code(
    code="FT099",
    name="sentence-too-long",
    summary="A sentence is too long to check.",
    issue_type="uncategorized",
    rewrites=Rewrites.NONE,
    thresholds={"MAX_SENTENCE_CHARS": MAX_SENTENCE_CHARS},
    doc="""A sentence longer than ``MAX_SENTENCE_CHARS`` characters (a run of text with no
    sentence end: a table flattened to one line, a word list, debris) is not checked by
    the rules, whose cost grows with the sentence; the detector reports it once, on its
    first word, so a skipped sentence is never silent. No fix.""",
)


class Hit(NamedTuple):
    """What a rule's check found in one sentence (offsets into the sentence text)."""

    start: int
    end: int
    message: str
    confidence: float
    replacement: str | None  # None: reported without a fix


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
        return Hit(start, end, messages[0], 0.7, replacement)
    return Hit(start, end, messages[1], 0.5, None)


@dataclass(frozen=True, kw_only=True)
class Rule(Code):
    """A finding code with its check over one sentence (and the sentence before it)."""

    check: Callable[[Sentence, Sentence | None], Iterable[Hit]]


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
        """Return one finding per rule hit, with the rule's fix as a suggestion (none
        where it would delete a tab or a line break)."""
        findings: list[Finding] = []
        previous: Sentence | None = None
        for sentence in doc.sentences:
            if sentence.whole is not None:
                if sentence.start == sentence.whole[0]:
                    findings.append(_too_long(doc, *sentence.whole))
                previous = sentence
                continue
            for rule in self.rules:
                for hit in rule.check(sentence, previous):
                    findings.append(
                        Finding(
                            rule=rule.code,
                            message=hit.message,
                            start=sentence.start + hit.start,
                            end=sentence.start + hit.end,
                            confidence=hit.confidence,
                            source=Source.RULES,
                            fix=_fix(doc.text, sentence.start, hit),
                        )
                    )
            previous = sentence
        return findings


#: Layout characters a rule's fix may not delete: tabs and line breaks are the author's.
LAYOUT = "\t\n\r\f\v"


def _fix(text: str, offset: int, hit: Hit) -> Fix | None:
    """The fix of a hit at ``offset``, None when it has none or it would delete a tab or a
    line break (a repeat across a tab is reported, not repaired)."""
    if hit.replacement is None:
        return None
    removed = text[offset + hit.start : offset + hit.end]
    if any(removed.count(c) > hit.replacement.count(c) for c in LAYOUT):
        return None
    return Fix(hit.replacement)


def _too_long(doc: Document, start: int, end: int) -> Finding:
    """The finding that the sentence ``doc.text[start:end]`` was too long to check."""
    words = len(doc.text[start:end].split())
    first_word = word_after(doc.text[start : start + TOO_LONG_SPAN], 0)
    return Finding(
        rule=TOO_LONG.code,
        message=(
            f"sentence of {words:,} words ({end - start:,} characters) is too long to check; "
            f"skipped by the rules (limit {MAX_SENTENCE_CHARS:,} characters)"
        ),
        start=start,
        end=start + len(first_word),
        confidence=1.0,
        source=Source.RULES,
    )
