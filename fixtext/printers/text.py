"""Text output: ``path:line:col: RULE message``, then the suggestion; colour on a TTY."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.markup import escape

from fixtext.printers.report import FileReport


def print_text(
    reports: list[FileReport], stream: TextIO, color: bool = False, summary: bool = True
) -> None:
    """One finding per line, a summary line at the end (unless ``summary`` is False)."""
    console = Console(
        file=stream, no_color=not color, highlight=False, soft_wrap=True, force_terminal=color
    )
    total = safe = 0
    for report in reports:
        for row in report.rows():
            total += 1
            safe += row["safe"]
            where = f"{report.doc.path}:{row['line']}:{row['column']}:"
            text = escape(row["text"])
            also = f"; also {', '.join(row['also'])}" if row["also"] else ""
            console.print(
                f"[bold]{escape(where)}[/] [red]{row['rule']}[/] {escape(row['message'])}"
                f" [dim]({row['source']}, {row['confidence']:.2f}{escape(also)})[/]"
            )
            if row["replacement"] is not None:
                kind = "[green]fix[/]" if row["safe"] else "[yellow]suggestion[/]"
                console.print(
                    f"    {kind}: {text!r} -> {escape(repr(row['replacement']))}"
                    f" [dim]{escape(row['verdict'])}[/]"
                )
    if total and summary:
        console.print(f"Found {total} finding(s) ({safe} safely fixable with `fixtext fix`).")
