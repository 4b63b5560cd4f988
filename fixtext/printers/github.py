"""GitHub Actions workflow annotations: ``::warning file=...,line=...,col=...::message``."""

from __future__ import annotations

from typing import TextIO

from fixtext.printers.report import FileReport


def _escape(value: str, in_property: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if in_property:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def print_github(reports: list[FileReport], stream: TextIO, color: bool = False) -> None:
    """One ``::warning`` command per finding."""
    for report in reports:
        for row in report.rows():
            end_line, end_col = report.doc.line_column(row["end"])
            message = row["message"]
            if row["replacement"] is not None:
                message += f" (suggested: {row['replacement']!r})"
            if row["also"]:
                message += f" (also {', '.join(row['also'])})"
            stream.write(
                f"::warning file={_escape(report.doc.path, True)},line={row['line']},"
                f"col={row['column']},endLine={end_line},endColumn={end_col},"
                f"title={_escape(row['rule'], True)}::{_escape(message)}\n"
            )
