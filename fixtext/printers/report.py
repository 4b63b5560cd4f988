"""What every printer prints: the findings of one file, with their locations.

One damaged phrase often draws several findings on one span (a rule's, the model's rewrite
FT100, the model detector's flag FT101). :func:`merge_findings` makes them one finding for
people to read, and every front door that shows findings (``check``'s printers, the
remaining findings ``fix`` lists, ``review``) uses it, through :meth:`FileReport.merged`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from fixtext.document import Document
from fixtext.findings import SOURCE_PRIORITY, Finding

#: The model detector's code: flags without a fix.
DETECTOR = "FT101"


class Merged(NamedTuple):
    """A finding shown for a span, and the codes of the other findings merged into it."""

    finding: Finding
    also: tuple[str, ...]


def rank(finding: Finding) -> tuple[bool, bool, int, float]:
    """Sort key of the findings of one span, best first: a safe fix, then any fix, then
    the rules before LanguageTool before the model, then the higher confidence."""
    fix = finding.fix
    return (
        not (fix is not None and fix.safe),
        fix is None,
        SOURCE_PRIORITY[finding.source],
        -finding.confidence,
    )


def _punctuation_only(text: str) -> bool:
    return not any(ch.isalnum() for ch in text)


def merge_findings(text: str, findings: Iterable[Finding]) -> list[Merged]:
    """One finding per span, in reading order.

    Findings on the same span become the best of them (:func:`rank`); the other findings'
    replacements and alternatives become its fix's alternatives (its own replacement and
    the unchanged span left out), and their codes its ``also``. An FT101 flag that covers
    only punctuation or white space is dropped, and one that overlaps another finding's
    span is named in that finding's ``also`` instead of shown on its own.
    """
    groups: dict[tuple[int, int], list[Finding]] = {}
    for finding in findings:
        if finding.rule == DETECTOR and _punctuation_only(text[finding.start : finding.end]):
            continue
        groups.setdefault((finding.start, finding.end), []).append(finding)
    merged: list[Merged] = []
    for (start, end), group in sorted(groups.items()):
        best, *others = sorted(group, key=rank)
        also = tuple(dict.fromkeys(f.rule for f in others if f.rule != best.rule))
        if best.fix is not None and others:
            offered = [f.fix.replacement for f in others if f.fix is not None]
            offered += [alt for f in others if f.fix is not None for alt in f.fix.alternatives]
            skip = {best.fix.replacement, text[start:end]}
            extra = [alt for alt in offered if alt not in skip]
            alternatives = tuple(dict.fromkeys([*best.fix.alternatives, *extra]))
            best = best.with_fix(replace(best.fix, alternatives=alternatives))
        merged.append(Merged(best, also))
    return _fold_flags(merged)


def _fold_flags(merged: list[Merged]) -> list[Merged]:
    """Lone FT101 flags overlapping another finding: named in its ``also`` instead."""
    out = list(merged)
    folded: set[int] = set()
    for index, (flag, also) in enumerate(merged):
        if flag.rule != DETECTOR or flag.fix is not None:
            continue
        hosts = [
            i
            for i, (other, _) in enumerate(merged)
            if i != index and i not in folded and other.rule != DETECTOR and other.overlaps(flag)
        ]
        if not hosts:
            continue
        host = max(hosts, key=lambda i: _overlap(merged[i].finding, flag))
        codes = (*out[host].also, DETECTOR, *also)
        out[host] = Merged(out[host].finding, tuple(dict.fromkeys(codes)))
        folded.add(index)
    return [m for i, m in enumerate(out) if i not in folded]


def _overlap(a: Finding, b: Finding) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


@dataclass(frozen=True)
class FileReport:
    """One checked file: its document and its findings; ``also``, when given, holds for
    each finding the codes merged into it (see :meth:`merged`)."""

    doc: Document
    findings: list[Finding]
    also: tuple[tuple[str, ...], ...] = ()

    def __post_init__(self) -> None:
        if self.also and len(self.also) != len(self.findings):
            raise ValueError("also needs one entry per finding")

    @classmethod
    def merged(cls, doc: Document, findings: Iterable[Finding]) -> FileReport:
        """The report of ``findings`` merged for reading (:func:`merge_findings`)."""
        rows = merge_findings(doc.text, findings)
        return cls(doc, [m.finding for m in rows], tuple(m.also for m in rows))

    def rows(self) -> list[dict[str, Any]]:
        """The findings as the JSON contract's dictionaries (see README, "JSON output")."""
        out = []
        for index, f in enumerate(self.findings):
            line, column = self.doc.line_column(f.start)
            out.append(
                {
                    "rule": f.rule,
                    "message": f.message,
                    "start": f.start,
                    "end": f.end,
                    "line": line,
                    "column": column,
                    "text": self.doc.text[f.start : f.end],
                    "replacement": f.fix.replacement if f.fix else None,
                    "alternatives": list(f.fix.alternatives) if f.fix else [],
                    "confidence": f.confidence,
                    "safe": bool(f.fix and f.fix.safe),
                    "source": f.source.value,
                    "verdict": f.fix.verdict if f.fix else "",
                    "also": list(self.also[index]) if self.also else [],
                }
            )
        return out
