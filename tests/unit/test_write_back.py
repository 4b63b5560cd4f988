"""`fix --write` and file names in messages, through the CLI (issue 23, part 5): a file
with other hard links is written with a warning that they keep the old text, and a
control character in a file name never breaks a one-line message. LanguageTool is the
fake server of test_languagetool_answers (it finds nothing), so no JVM is needed."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tests.unit.test_languagetool_answers import FakeLanguageTool, fake, fixtext

__all__ = ["fake"]  # the fixture, imported for the tests below

GARBLED = b"The board voted to to delay the vote.\n"
FIXED = b"The board voted to delay the vote.\n"


def env(fake: FakeLanguageTool, tmp_path: Path) -> dict[str, str]:
    return {"FIXTEXT_LANGUAGETOOL_URL": fake.url, "FIXTEXT_CACHE_DIR": str(tmp_path / "cache")}


def test_fix_write_warns_when_other_hard_links_keep_the_old_text(
    fake: FakeLanguageTool, tmp_path: Path
) -> None:
    story = tmp_path / "story.txt"
    story.write_bytes(GARBLED)
    os.chmod(story, 0o4750)
    (tmp_path / "archive.txt").hardlink_to(story)
    args = ("fix", "--write", "--no-model", "--no-config", story)
    result = fixtext(*args, env=env(fake, tmp_path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"fixtext: warning: {story}: had 2 hard links; the others keep the old text",
        f"{story}: 1 fixed, 0 remaining",
    ]
    assert story.read_bytes() == FIXED
    assert (tmp_path / "archive.txt").read_bytes() == GARBLED
    assert stat.S_IMODE(story.stat().st_mode) == 0o750  # the mode, without setuid


def test_a_newline_in_a_file_name_keeps_messages_on_one_line(
    fake: FakeLanguageTool, tmp_path: Path
) -> None:
    missing = tmp_path / "no such\nfile.txt"
    result = fixtext("check", "--no-model", missing, env=env(fake, tmp_path), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"fixtext: error: {tmp_path}/no such\\nfile.txt: no such file\n"

    story = tmp_path / "sto\nry\x1b[2J.txt"
    story.write_bytes(GARBLED)
    args = ("fix", "--write", "--no-model", "--no-config", story)
    result = fixtext(*args, env=env(fake, tmp_path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"{tmp_path}/sto\\nry\\x1b[2J.txt: 1 fixed, 0 remaining\n"
    assert story.read_bytes() == FIXED
