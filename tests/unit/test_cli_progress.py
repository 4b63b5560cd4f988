"""Progress output: a bar on a terminal's stderr (by files, or by sentences for one file),
nothing with --quiet or a pipe."""

from __future__ import annotations

import io
import re
import sys

import pytest
from rich.console import Console

from fixtext import cli, progress
from fixtext.printers.progress import SentenceBar


def plain(buffer: io.StringIO) -> str:
    """What a terminal shows of ``buffer``, without colours and cursor moves."""
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", buffer.getvalue())


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """Make stderr look like a terminal and capture what the progress console writes."""
    buffer = io.StringIO()
    monkeypatch.setattr(cli, "stderr", Console(file=buffer, force_terminal=True, width=80))
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    return buffer


def test_several_files_show_a_bar(terminal: io.StringIO) -> None:
    assert list(cli._with_progress(["a", "b", "c"], "checking", quiet=False)) == ["a", "b", "c"]
    assert "checking" in terminal.getvalue()


def test_one_file_shows_a_bar_by_sentences(terminal: io.StringIO) -> None:
    for item in cli._with_progress(["a"], "fixing", quiet=False):
        assert item == "a"
        progress.report(5, 10)  # as the LanguageTool detector does
    progress.report(6, 10)  # after the file: nobody listens
    assert "fixing" in terminal.getvalue()
    assert "5/10 sentences" in plain(terminal)
    assert "6/10" not in plain(terminal)


def test_the_sentence_bar_shows_the_rate_and_the_time_left() -> None:
    buffer = io.StringIO()
    now = [0.0]
    console = Console(file=buffer, force_terminal=True, width=120)
    with SentenceBar(console, "checking", clock=lambda: now[0]) as bar:
        bar.progress.refresh()
        assert "0/? sentences -- sentences/s, ETA -:--:--" in plain(buffer)
        for now[0], done in ((10.0, 100), (20.0, 300)):
            bar.update(done, 1000)
        bar.progress.refresh()
        # 200 sentences in the last 10 s: 20 a second, 700 left
        assert "300/1000 sentences 20.0 sentences/s, ETA 0:00:35" in plain(buffer)
        now[0] = 21.0
        bar.update(10, 1000)  # the next fix pass starts again
        bar.progress.refresh()
        assert "  10/1000 sentences -- sentences/s" in plain(buffer)


def test_quiet_shows_nothing(terminal: io.StringIO) -> None:
    assert list(cli._with_progress(["a", "b"], "checking", quiet=True)) == ["a", "b"]
    assert terminal.getvalue() == ""


def test_a_pipe_shows_nothing(terminal: io.StringIO, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert list(cli._with_progress(["a", "b"], "checking", quiet=False)) == ["a", "b"]
    assert terminal.getvalue() == ""
