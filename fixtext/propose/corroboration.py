"""Corroborated reports: a confused-word report that the model flags too becomes a fix.

FT014 (:mod:`fixtext.detect.rules.confused_word`) only reports a word when its right word reads
better by the trigram model from :data:`~fixtext.detect.rules.confused_word.FLAG_MARGIN` but
below the fix margins: corpus statistics alone are not sure enough there. The model
detector (FT101, :mod:`fixtext.detect.model`) judges every word from another view,
the span model's P(``<keep>``) and its detector head, over eight words of context on each
side. Where FT101 flags the very word FT014 reports, :class:`CorroboratedReports` gives
the report FT014's replacement as its fix; the verifier then checks it like any other.

Two views agreeing is trusted because, on noised held-out text, every report the model
flagged too was restored by its replacement, and on clean lines the model flagged none
of FT014's reports (see docs/thresholds.md; the probe is recorded in research/README.md).
"""

from __future__ import annotations

from dataclasses import replace

from fixtext.detect.model import CODE as MODEL_FLAG
from fixtext.detect.rules import confused_word
from fixtext.detect.rules.confused_word import suggestion
from fixtext.document import Document, sentence_at
from fixtext.findings import Finding, Fix

#: The rule whose reports this refiner may turn into fixes: FT014 confused-word.
REPORT_RULE = confused_word.RULE.code


class CorroboratedReports:
    """Gives an FT014 report its replacement as a fix when FT101 flags the same word."""

    name = "corroboration"

    def refine(self, doc: Document, findings: list[Finding]) -> list[Finding]:
        """``findings`` with each corroborated FT014 report carrying a fix."""
        flagged = [f for f in findings if f.rule == MODEL_FLAG.code]
        sentences = doc.sentences
        out = list(findings)
        for index, finding in enumerate(findings):
            if finding.rule != REPORT_RULE or finding.fix is not None:
                continue
            if not any(f.start <= finding.start and finding.end <= f.end for f in flagged):
                continue
            sentence = sentence_at(sentences, finding.start)
            if sentence is None:
                continue
            start, end = finding.start - sentence.start, finding.end - sentence.start
            right = suggestion(sentence.text, start, end)
            if right is not None:
                written = sentence.text[start:end]
                out[index] = replace(
                    finding,
                    message=f"'{written}' reads like a mistranslation of '{right}' "
                    "(the corpus and the model agree)",
                    fix=Fix(right),
                )
        return out
