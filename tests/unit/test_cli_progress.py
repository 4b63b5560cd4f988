"""Progress output: a bar (or spinner) on a terminal's stderr, nothing with --quiet or a pipe."""

from __future__ import annotations

import io
import sys

import pytest
from rich.console import Console

from fixtext import cli


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


def test_one_file_shows_a_spinner(terminal: io.StringIO) -> None:
    assert list(cli._with_progress(["a"], "fixing", quiet=False)) == ["a"]
    assert "fixing" in terminal.getvalue()


def test_quiet_shows_nothing(terminal: io.StringIO) -> None:
    assert list(cli._with_progress(["a", "b"], "checking", quiet=True)) == ["a", "b"]
    assert terminal.getvalue() == ""


def test_a_pipe_shows_nothing(terminal: io.StringIO, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert list(cli._with_progress(["a", "b"], "checking", quiet=False)) == ["a", "b"]
    assert terminal.getvalue() == ""
