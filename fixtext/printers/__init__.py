"""Output formats: thin printers over one :class:`FileReport` model."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from fixtext.printers.github import print_github
from fixtext.printers.json import print_json
from fixtext.printers.report import FileReport
from fixtext.printers.sarif import print_sarif
from fixtext.printers.text import print_text

Printer = Callable[[list[FileReport], TextIO, bool], None]

PRINTERS: dict[str, Printer] = {
    "text": print_text,
    "json": print_json,
    "sarif": print_sarif,
    "github": print_github,
}

__all__ = ["PRINTERS", "FileReport", "Printer"]
