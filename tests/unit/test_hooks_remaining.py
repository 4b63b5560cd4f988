"""The git hook and issue 24: in fix mode ``fixtext fix`` lists what remains itself (the
hook no longer runs ``check`` after it), and in check mode the staged
``.fixtext-ignore.toml`` sidecars come along with the staged files."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from fixtext.hooks import install_git_hook
from tests.unit.test_hooks import Repo, calls, git_env, stubbed

__all__ = ["stubbed"]  # the fixture, imported for the tests below

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def test_fix_mode_lets_fix_list_what_remains(stubbed: tuple[Repo, Path]) -> None:
    repo, log = stubbed
    install_git_hook(repo.path, fix=True)
    repo.write("story.txt", "words")
    repo.add("story.txt")
    repo.env["STUB_EXIT"] = "1"
    result = repo.commit()
    assert result.returncode != 0
    assert "fixtext: commit blocked: findings above remain" in result.stderr
    assert "fixtext review FILE" in result.stderr
    # one run only: fix --write (which lists the remaining findings), no check after it
    runs = [line for line in calls(log) if line.startswith("<")]
    assert [re.findall(r"<([^<>]*)>", run)[:2] for run in runs] == [["fix", "--write"]]


def test_check_mode_brings_the_staged_sidecar(tmp_path: Path) -> None:
    log = tmp_path / "sidecars.log"
    stub = tmp_path / "bin" / "fixtext"
    stub.parent.mkdir()
    stub.write_text(
        f"#!/bin/sh\nfind . -name .fixtext-ignore.toml | sort >> {log}\n"
        f"cat desk/.fixtext-ignore.toml >> {log}\nexit 0\n",
        encoding="utf-8",
    )
    stub.chmod(0o755)
    repo = Repo(tmp_path / "repo", git_env(FIXTEXT=str(stub)))
    install_git_hook(repo.path)
    repo.write("desk/.fixtext-ignore.toml", '["story.txt"]\nrules = ["FT005"]\n')
    repo.write("desk/story.txt", "words")
    repo.write("other/.fixtext-ignore.toml", "untracked: not part of the commit\n")
    repo.add("desk")
    assert repo.commit().returncode == 0
    assert log.read_text("utf-8").splitlines() == [
        "./desk/.fixtext-ignore.toml",
        '["story.txt"]',
        'rules = ["FT005"]',
    ]
