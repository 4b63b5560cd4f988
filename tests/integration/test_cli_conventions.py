"""The conventions people expect from ruff, Vale or LanguageTool's CLI, through the real
CLI (real LanguageTool; --no-model keeps it quick): folders as arguments, one unreadable
file among others, stdin with a name, rule selection, exit-zero, statistics, colour,
fix --format json."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.integration.test_cli import fixtext

pytestmark = pytest.mark.integration
REPEAT = "He voted to to stay.\n"


@pytest.fixture(autouse=True)
def _server(languagetool_url: str) -> None:
    """Every test here runs against the one real server of this test session."""


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A git work tree: a.txt and sub/b.md damaged, sub/ignored.txt git-ignored, a hidden
    folder's file and a .py file that a folder argument must not pick up."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "a.txt").write_text(REPEAT, encoding="utf-8")
    (tmp_path / "sub" / "b.md").write_text("# Port\n\nThe the port reopened.\n", encoding="utf-8")
    (tmp_path / "sub" / "ignored.txt").write_text(REPEAT, encoding="utf-8")
    (tmp_path / ".hidden" / "c.txt").write_text(REPEAT, encoding="utf-8")
    (tmp_path / "code.py").write_text("x = 1  # to to\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("sub/ignored.txt\n", encoding="utf-8")
    return tmp_path


def paths_of(stdout: str) -> set[str]:
    return {entry["path"] for entry in json.loads(stdout)["files"] if entry["findings"]}


def test_a_folder_is_recursed_for_prose_files_git_does_not_ignore(tree: Path) -> None:
    checked = fixtext("check", "--no-model", "--format", "json", str(tree))
    assert checked.returncode == 1, checked.stderr
    assert paths_of(checked.stdout) == {str(tree / "a.txt"), str(tree / "sub" / "b.md")}


def test_an_unreadable_file_is_reported_and_the_others_still_checked(tree: Path) -> None:
    missing = tree / "missing.txt"
    checked = fixtext("check", "--no-model", "--format", "json", str(missing), str(tree / "a.txt"))
    assert checked.returncode == 2
    assert checked.stderr.strip() == f"fixtext: error: {missing}: no such file"
    assert paths_of(checked.stdout) == {str(tree / "a.txt")}


def test_stdin_filename_gives_stdin_its_name_and_format(tree: Path) -> None:
    text = "<p>He voted to to stay.</p>\n"
    checked = fixtext(
        "check", "--no-model", "--format", "json", "--stdin-filename", "story.html", "-",
        stdin=text,
    )  # fmt: skip
    [entry] = json.loads(checked.stdout)["files"]
    assert entry["path"] == "story.html"
    assert [f["text"] for f in entry["findings"] if f["rule"] == "FT003"] == [" to"]


def test_select_ignore_exit_zero_and_statistics(tree: Path) -> None:
    a = str(tree / "a.txt")
    ignored = fixtext("check", "--no-model", "--format", "json", "--ignore", "FT003", a)
    rules = {f["rule"] for f in json.loads(ignored.stdout)["files"][0]["findings"]}
    assert "FT003" not in rules
    selected = fixtext("check", "--no-model", "--format", "json", "--select", "FT003", a)
    assert {f["rule"] for f in json.loads(selected.stdout)["files"][0]["findings"]} == {"FT003"}
    assert fixtext("check", "--no-model", "--select", "FT003", "--exit-zero", a).returncode == 0
    stats = fixtext("check", "--no-model", "--select", "FT003", "--statistics", a)
    assert stats.stdout.split() == ["1", "FT003", "repeated-word", "[*]"]
    unknown = fixtext("check", "--no-model", "--select", "FT999", a)
    assert unknown.returncode == 2 and "--select: unknown rule code 'FT999'" in unknown.stderr


def test_colour_follows_no_color_and_the_option(tree: Path) -> None:
    a = str(tree / "a.txt")
    plain = fixtext("check", "--no-model", "--color", "always", a, env={"NO_COLOR": "1"})
    assert "\x1b[" in plain.stdout  # --color always wins over NO_COLOR
    never = fixtext("check", "--no-model", "--color", "never", a)
    assert "\x1b[" not in never.stdout


def test_fix_format_json_reports_applied_and_remaining(tree: Path) -> None:
    fixed = fixtext("fix", "--no-model", "--format", "json", str(tree / "a.txt"))
    [entry] = json.loads(fixed.stdout)["files"]
    assert entry["text"] == "He voted to stay.\n"
    assert [a["rule"] for a in entry["applied"]] == ["FT003"]
    assert entry["remaining"] == [] and fixed.returncode == 0


def test_quiet_prints_the_findings_and_nothing_else(tree: Path) -> None:
    quiet = fixtext("check", "--no-model", "-q", "--select", "FT003", str(tree / "a.txt"))
    assert quiet.returncode == 1 and quiet.stderr == ""
    assert "Found" not in quiet.stdout and "FT003" in quiet.stdout
