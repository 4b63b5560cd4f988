"""One long file on a terminal: the bar by sentences, on stderr only (real LanguageTool)."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.integration
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture(autouse=True)
def _server(languagetool_url: str) -> None:
    """Every test here runs against the one real server of this test session."""


def test_one_long_file_shows_sentences_a_rate_and_an_eta_on_stderr(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(
        "\n\n".join(f"Paragraph {i} says that the port reopened on Monday." for i in range(300))
        + "\n",
        encoding="utf-8",
    )
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "fixtext", "check", "--no-model", "--format", "json", str(story)],
        stdout=subprocess.PIPE,
        stderr=slave,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "120"},
    )
    os.close(slave)
    terminal = b""
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the command ended and closed the terminal
            break
        if not data:
            break
        terminal += data
    os.close(master)
    stdout, _ = process.communicate(timeout=600)
    assert process.returncode in (0, 1), terminal.decode(errors="replace")
    assert json.loads(stdout)["files"][0]["path"] == str(story)  # stdout: the JSON alone
    shown = ANSI.sub("", terminal.decode("utf-8", errors="replace"))
    bar = r"checking .* \d+/300 sentences [\d.,]+ sentences/s, ETA \d:\d\d:\d\d"
    assert re.search(bar, shown), shown
