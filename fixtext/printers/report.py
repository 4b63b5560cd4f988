"""What every printer prints: the findings of one file, with their locations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fixtext.document import Document
from fixtext.findings import Finding


@dataclass(frozen=True)
class FileReport:
    """One checked file: its document and its findings."""

    doc: Document
    findings: list[Finding]

    def rows(self) -> list[dict[str, Any]]:
        """The findings as the JSON contract's dictionaries (see README, "JSON output")."""
        out = []
        for f in self.findings:
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
                }
            )
        return out
