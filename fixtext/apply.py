"""Apply: which fixes one ``fix`` pass applies, and applying them.

A pass applies at most one fix per sentence unit (the whole sentences a finding touches,
the context its fix was verified in), so every applied fix is applied in exactly the
context the verifier checked; safe fixes first, then by source priority and confidence.
"""

from __future__ import annotations

import bisect

from fixtext.document import Sentence
from fixtext.findings import SOURCE_PRIORITY, Applicability, Finding


def unit(sentences: list[Sentence], finding: Finding, length: int) -> tuple[int, int]:
    """The whole sentences a finding touches: the context its fix is verified in."""
    starts = [s.start for s in sentences]
    first = max(0, bisect.bisect_right(starts, finding.start) - 1)
    touched = []
    for sentence in sentences[first:]:
        if sentence.start > finding.end:
            break
        if finding.start <= sentence.end:
            touched.append(sentence)
    if not touched:
        return max(0, finding.start - 1), min(length, finding.end + 1)
    return touched[0].start, touched[-1].end


def choose(
    sentences: list[Sentence], findings: list[Finding], unsafe: bool, length: int
) -> list[Finding]:
    """At most one fix per sentence unit, non-overlapping, best first."""
    candidates = [
        f
        for f in findings
        if f.fix is not None
        and f.fix.applicability is not Applicability.DISPLAY_ONLY
        and (f.fix.safe or unsafe)
    ]
    candidates.sort(
        key=lambda f: (not f.fix.safe, SOURCE_PRIORITY[f.source], -f.confidence, f.start)  # type: ignore[union-attr]
    )
    chosen: list[Finding] = []
    units: list[tuple[int, int]] = []
    for finding in candidates:
        span = unit(sentences, finding, length)
        if any(span[0] < u[1] and u[0] < span[1] for u in units):
            continue
        units.append(span)
        chosen.append(finding)
    return chosen


def applied(text: str, fixes: list[Finding]) -> str:
    """``text`` with the fixes of non-overlapping ``fixes`` applied (right to left)."""
    for finding in sorted(fixes, key=lambda f: f.start, reverse=True):
        assert finding.fix is not None
        text = text[: finding.start] + finding.fix.replacement + text[finding.end :]
    return text
