"""JSON output: ``{"files": [{"path": ..., "findings": [...]}]}``."""

from __future__ import annotations

import json
from typing import TextIO

from fixtext.printers.report import FileReport


def print_json(reports: list[FileReport], stream: TextIO, color: bool = False) -> None:
    """Write the JSON contract (offsets are 0-based code points, end exclusive)."""
    payload = {"files": [{"path": r.doc.path, "findings": r.rows()} for r in reports]}
    json.dump(payload, stream, ensure_ascii=False, indent=2)
    stream.write("\n")
