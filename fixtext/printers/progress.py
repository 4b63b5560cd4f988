"""The progress bar of one long file: sentences checked of all, sentences a second, ETA.

It listens to the reports of :mod:`fixtext.progress` (the LanguageTool detector's, by
sentences) and draws on the console it is given, the CLI's stderr; it is erased when the
file is done. The rate and the time left are rich's estimates over the last 30 seconds.
"""

from __future__ import annotations

from datetime import timedelta
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    GetTimeCallable,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
)
from rich.text import Text


class RateColumn(ProgressColumn):
    """``12.5 sentences/s, ETA 0:03:20`` (dashes until there is an estimate)."""

    def render(self, task: Task) -> Text:
        speed, left = task.speed, task.time_remaining
        rate = "--" if speed is None else f"{speed:,.1f}"
        eta = "-:--:--" if left is None else str(timedelta(seconds=round(left)))
        return Text(f"{rate} sentences/s, ETA {eta}")


class SentenceBar:
    """One bar for one file, fed by :meth:`update`; a context manager that shows it."""

    def __init__(self, console: Console, label: str, clock: GetTimeCallable | None = None) -> None:
        """``label`` heads the bar; ``clock`` (seconds) is for tests."""
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("sentences"),
            RateColumn(),
            console=console,
            transient=True,
            get_time=clock,
        )
        self.task = self.progress.add_task(label, total=None)

    def __enter__(self) -> SentenceBar:
        self.progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.progress.stop()

    def update(self, done: int, total: int) -> None:
        """``done`` of ``total`` sentences checked; fewer than before starts the bar again
        (the next ``fix`` pass checks the repaired text)."""
        if done < self.progress.tasks[0].completed:
            self.progress.reset(self.task)
        self.progress.update(self.task, completed=done, total=total)
