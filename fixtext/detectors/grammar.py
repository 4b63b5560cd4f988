"""LanguageTool as a detector: its matches on each paragraph become findings."""

from __future__ import annotations

from fixtext.components import GrammarChecker
from fixtext.config import LanguageToolSettings
from fixtext.document import Document
from fixtext.findings import Finding, Fix, Source


class GrammarDetector:
    """Sends every paragraph to LanguageTool and reports the matches the settings keep."""

    name = "languagetool"

    def __init__(self, checker: GrammarChecker, settings: LanguageToolSettings) -> None:
        self.checker = checker
        self.settings = settings

    def detect(self, doc: Document) -> list[Finding]:
        """One finding per kept match, its first replacement as the suggested fix."""
        paragraphs = doc.paragraphs
        results = self.checker.check([p.text for p in paragraphs])
        findings: list[Finding] = []
        for paragraph, matches in zip(paragraphs, results, strict=True):
            for match in matches:
                if match.rule in self.settings.disabled_rules:
                    continue
                if match.category in self.settings.disabled_categories:
                    continue
                start = paragraph.start + match.offset
                fix = None
                if match.replacements:
                    fix = Fix(match.replacements[0], alternatives=match.replacements[1:])
                findings.append(
                    Finding(
                        rule=match.rule,
                        message=match.message,
                        start=start,
                        end=start + match.length,
                        confidence=self.settings.confidence_for(match.category),
                        source=Source.LANGUAGETOOL,
                        fix=fix,
                        extra={"category": match.category},
                    )
                )
        return findings
