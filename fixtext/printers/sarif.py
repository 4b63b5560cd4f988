"""SARIF 2.1.0 output for code-scanning dashboards.

Columns count Unicode code points (``columnKind``); each rule's metadata (name,
description, help) comes from the rule registry. fixtext has no public web page, so there
is no ``informationUri`` or ``helpUri``: ``fixtext rule CODE`` is the help.
"""

from __future__ import annotations

import json
from typing import TextIO

from fixtext import __version__
from fixtext.printers.report import FileReport
from fixtext.registry import lookup

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def print_sarif(reports: list[FileReport], stream: TextIO, color: bool = False) -> None:
    """One run, one result per finding; safe fixes carry a SARIF ``fixes`` entry."""
    rules: dict[str, dict[str, object]] = {}
    results = []
    for report in reports:
        for row in report.rows():
            rules.setdefault(row["rule"], _rule_metadata(row["rule"], row["source"]))
            end_line, end_col = report.doc.line_column(row["end"])
            region = {
                "startLine": row["line"],
                "startColumn": row["column"],
                "endLine": end_line,
                "endColumn": end_col,
                "charOffset": row["start"],
                "charLength": row["end"] - row["start"],
            }
            location = {
                "physicalLocation": {"artifactLocation": {"uri": report.doc.path}, "region": region}
            }
            result: dict[str, object] = {
                "ruleId": row["rule"],
                "level": "warning",
                "message": {"text": row["message"]},
                "locations": [location],
                "properties": {
                    "confidence": row["confidence"],
                    "safe": row["safe"],
                    "also": row["also"],
                },
            }
            if row["replacement"] is not None:
                result["fixes"] = [
                    {
                        "description": {"text": "safe fix" if row["safe"] else "suggestion"},
                        "artifactChanges": [
                            {
                                "artifactLocation": {"uri": report.doc.path},
                                "replacements": [
                                    {
                                        "deletedRegion": region,
                                        "insertedContent": {"text": row["replacement"]},
                                    }
                                ],
                            }
                        ],
                    }
                ]
            results.append(result)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "fixtext",
                        "version": __version__,
                        "rules": list(rules.values()),
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    json.dump(log, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def _rule_metadata(rule: str, source: str) -> dict[str, object]:
    """SARIF's reportingDescriptor of a rule, from the registry."""
    metadata: dict[str, object] = {"id": rule}
    code = lookup(rule)
    if code is not None:
        metadata["name"] = code.name
        metadata["shortDescription"] = {"text": code.summary}
        metadata["help"] = {"text": f"{code.summary} `fixtext rule {code.code}` explains it."}
    metadata["properties"] = {"source": source, "issueType": code.issue_type if code else ""}
    return metadata
