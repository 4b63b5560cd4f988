"""``fixtext review`` (issue 24): the keys, the edits applied right to left, the sidecar,
scripted through a fake terminal, and the real command under a pseudo-terminal with the
fake LanguageTool of test_languagetool_answers (no JVM, no model). The same walk on a team
example with the real LanguageTool and model is tests/integration/test_review.py."""

from __future__ import annotations

import io
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from fixtext.config import build_settings
from fixtext.document import Document
from fixtext.findings import Applicability, Finding, Fix, Source
from fixtext.ignores import SIDECAR, Ignores
from fixtext.review import HELP, Edit, Terminal, apply_edits, moved, review_files
from tests.conftest import ROOT
from tests.unit.test_languagetool_answers import FakeLanguageTool, fake, fixtext

__all__ = ["fake"]  # the fixture, imported for the tests below

# -- edits --------------------------------------------------------------------------------


def test_edits_apply_right_to_left_and_never_overlap() -> None:
    text = "ab cd ef"
    edits = [Edit(6, 8, "EFG"), Edit(0, 2, "A"), Edit(3, 3, "x")]
    assert apply_edits(text, edits) == "A xcd EFG"
    assert moved(6, edits) == 6 + (1 - 2) + 1
    with pytest.raises(ValueError, match="overlapping"):
        apply_edits(text, [Edit(0, 4, ""), Edit(3, 5, "")])
    with pytest.raises(ValueError, match="overlapping"):
        apply_edits(text, [Edit(2, 2, "x"), Edit(2, 2, "y")])
    assert Edit(2, 4, "").overlaps(3, 3) and not Edit(2, 4, "").overlaps(4, 6)


# -- the walk, with keys from a script ----------------------------------------------------

TEXT = (
    "The board voted to to stay.\r\n"
    "Prices rose next yearThe union said no.\r\n"
    "\r\n"
    "The mayor said said it was over. Officials met met on Monday.\r\n"
    "A stray word here.\r\n"
)


def at(word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


def finding(rule: str, span: tuple[int, int], fix: Fix | None, source=Source.RULES) -> Finding:
    return Finding(rule, f"{rule} message", *span, 0.9, source, fix)


SAFE = Applicability.SAFE


def findings(_doc: Document, _settings: object, ignores: Ignores) -> list[Finding]:
    out = [
        finding("FT003", at(" to", 1), Fix("", (), SAFE, "verified")),
        finding("FT002", at("yearThe"), Fix("year. The", (), SAFE, "verified")),
        finding("FT100", at("yearThe"), Fix("year the"), Source.MODEL),
        finding("FT003", at(" said", 2), Fix("", (), SAFE, "verified")),
        finding("FT003", at(" met", 1), Fix("", (), SAFE, "verified")),
        finding("FT900", at("stray"), None),
        finding("FT901", at("stray word"), Fix("lone word")),  # overlaps FT900
    ]
    return [f for f in out if f.rule not in ignores.rules]


def review(tmp_path: Path, keys: str, check=findings, name: str = "story.txt"):
    path = tmp_path / name
    if not path.exists():
        path.write_bytes(TEXT.encode())
    out = io.StringIO()
    terminal = Terminal(io.StringIO(keys), out, color=False)
    doc = Document(path.read_bytes().decode("utf-8"), str(path))
    summary = review_files([(doc, build_settings())], check, terminal)
    return path, summary, out.getvalue()


def test_accept_alternative_edit_ignore_and_save(tmp_path: Path) -> None:
    keys = "a\n1\ne\n and said\ni\nf\n"
    path, summary, out = review(tmp_path, keys)
    expected = (
        TEXT.replace("to to", "to")
        .replace("yearThe", "year the")
        .replace("said said", "said and said")
    )
    assert path.read_bytes() == expected.encode()  # \r\n and every other byte kept
    assert summary.edited == 3 and summary.ignored == 2 and summary.left == 1  # FT901
    sidecar = tomllib.loads((tmp_path / SIDECAR).read_text("utf-8"))
    assert sidecar == {
        "story.txt": {
            "rules": ["FT900"],
            "sentences": [{"rule": "FT003", "sentence": "Officials met met on Monday."}],
        }
    }
    assert "[6/6]" in out and "1: 'year the'" in out and "FT002 " in out
    assert "also FT100" in out
    assert "[stray]" in out  # the span in brackets without colour
    assert summary.lines == [
        f"{path}: 3 edited, 2 ignored, 1 left (ignores in {tmp_path / SIDECAR})"
    ]


def test_ignore_here_records_the_sentence_as_it_reads_after_the_edits(tmp_path: Path) -> None:
    def two_in_one_sentence(_doc, _settings, _ignores):
        return [
            finding("FT003", at(" said", 2), Fix("", (), SAFE, "verified")),
            finding("FT014", at("over"), Fix("done")),
        ]

    review(tmp_path, "a\ni\n", two_in_one_sentence)
    sidecar = tomllib.loads((tmp_path / SIDECAR).read_text("utf-8"))
    assert sidecar["story.txt"]["sentences"] == [
        {"rule": "FT014", "sentence": "The mayor said it was over."}
    ]


def test_accept_all_safe_fixes_then_review_the_rest(tmp_path: Path) -> None:
    path, summary, out = review(tmp_path, "A\ns\ns\n")
    expected = (
        TEXT.replace("to to", "to")
        .replace("yearThe", "year. The")
        .replace("said said", "said")
        .replace("met met", "met")
    )
    assert path.read_bytes() == expected.encode()
    assert "accepted 4 safe fix(es)" in out
    assert summary.edited == 4 and summary.left == 2


def test_an_overlapping_finding_is_passed_over_after_an_accepted_edit(tmp_path: Path) -> None:
    path, summary, out = review(tmp_path, "s\ns\ns\ns\ne\nlone\n")
    assert "FT901 at 5:3 overlaps an edit accepted above; passed over" in out
    assert path.read_bytes() == TEXT.replace("stray", "lone").encode()
    assert summary.left == 5


def test_quit_saves_and_abort_does_not(tmp_path: Path) -> None:
    path, summary, _ = review(tmp_path, "a\nq\n")
    assert path.read_bytes() == TEXT.replace("to to", "to").encode()
    assert summary.left == 5
    other, summary, _ = review(tmp_path, "a\nf\nx\n", name="other.txt")
    assert other.read_bytes() == TEXT.encode()
    assert not (tmp_path / SIDECAR).exists()
    assert summary.lines == [f"{other}: not saved (2 decision(s) dropped)"]


def test_help_unknown_keys_and_the_end_of_input(tmp_path: Path) -> None:
    path, summary, out = review(tmp_path, "?\nz\n9\na\n")
    assert HELP in out and "not a key here; ? lists the keys" in out
    assert path.read_bytes() == TEXT.replace("to to", "to").encode()  # end of input: saved
    assert summary.left == 5


def test_an_edit_cancelled_at_the_end_of_input_keeps_the_text(tmp_path: Path) -> None:
    path, _, out = review(tmp_path, "e\n")
    assert "replace ' to' with: " in out
    assert path.read_bytes() == TEXT.encode()


def test_colour_is_added_to_the_brackets_not_instead_of_them() -> None:
    terminal = Terminal(io.StringIO(), io.StringIO(), color=True)
    assert terminal.style("[x]", "span") == "\x1b[1;4;31m[x]\x1b[0m"
    assert Terminal(io.StringIO(), io.StringIO(), color=False).style("[x]", "span") == "[x]"


def test_no_color_turns_colour_off(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert Terminal(io.StringIO(), Tty()).color
    monkeypatch.setenv("NO_COLOR", "1")
    assert not Terminal(io.StringIO(), Tty()).color


# -- the command under a pseudo-terminal -------------------------------------------------

PROMPT = re.compile(r"(\[[a-zA-Z0-9,?-]+\] > |with: [^\n]*)$")
HEADER = re.compile(r"\[(\d+)/(\d+)\] .*?:(\d+):(\d+): (\S+)")
ANSI = re.compile(r"\x1b\[[0-9;?]*[a-zA-Z]")


def drive(
    args: list[str],
    decide: Callable[[str], str],
    cwd: Path,
    env: dict[str, str],
    timeout: float = 300.0,
) -> tuple[int, str]:
    """Run ``python -m fixtext ARGS`` on a pseudo-terminal; at each prompt type what
    ``decide`` returns for the output since the last keys. Returns (exit code, output)."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the command, with the terminal as stdin, stdout and stderr
        try:
            os.chdir(cwd)
            os.execve(sys.executable, [sys.executable, "-m", "fixtext", *args], env)
        finally:
            os._exit(127)
    transcript = pending = ""
    deadline = time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                os.kill(pid, signal.SIGKILL)
                raise AssertionError(f"review timed out; last output:\n{transcript[-3000:]}")
            if not select.select([fd], [], [], min(left, 1.0))[0]:
                continue
            try:
                data = os.read(fd, 65536)
            except OSError:  # EIO: the command ended and closed the terminal
                break
            if not data:
                break
            text = ANSI.sub("", data.decode("utf-8", errors="replace")).replace("\r\n", "\n")
            transcript += text
            pending += text
            if PROMPT.search(pending):
                os.write(fd, decide(pending).encode())
                pending = ""
    finally:
        os.close(fd)
        _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), transcript


STORY = (
    "The board voted to to delay the vote.\n\n"
    "The mayor said said it was over.\n\n"
    "Officials met met on Monday.\n"
)


def env_for(fake_lt: FakeLanguageTool, tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "FIXTEXT_LANGUAGETOOL_URL": fake_lt.url,
        "FIXTEXT_CACHE_DIR": str(tmp_path / "cache"),
        "NO_COLOR": "1",
        "TERM": "xterm",
    }


def test_review_under_a_pseudo_terminal(fake: FakeLanguageTool, tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    seen: list[str] = []

    def decide(output: str) -> str:
        if output.rstrip().endswith("with:") or "with: " in output.splitlines()[-1]:
            return "\x15 now\r"  # Ctrl-U empties the pre-filled span; then the new text
        header = HEADER.findall(output)[-1]
        seen.append(header[4])
        return {1: "e", 2: "i", 3: "a"}[int(header[0])]

    args = ["review", "--no-model", "--no-config", "story.txt"]
    code, out = drive(args, decide, tmp_path, env_for(fake, tmp_path), timeout=120)
    assert code == 0, out
    assert seen == ["FT003", "FT003", "FT003"]
    assert "voted to[ to] delay the vote." in out
    assert "safe fix: ' to' -> ''" in out
    assert "verdict: " in out
    expected = STORY.replace("to to", "to now").replace("met met", "met")
    assert story.read_text(encoding="utf-8") == expected
    sidecar = tomllib.loads((tmp_path / SIDECAR).read_text("utf-8"))
    assert sidecar["story.txt"]["sentences"] == [
        {"rule": "FT003", "sentence": "The mayor said said it was over."}
    ]
    env = env_for(fake, tmp_path)
    checked = fixtext("check", "--no-model", "--no-config", story, env=env, cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr  # the ignore is honoured
    fixed = fixtext("fix", "--no-model", "--no-config", story, env=env, cwd=tmp_path)
    assert fixed.stdout == expected and fixed.returncode == 0


def test_review_with_keys_from_a_pipe(fake: FakeLanguageTool, tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "fixtext", "review", "--no-model", "--no-config", str(story)],
        input="s\nf\n",
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env=env_for(fake, tmp_path),
    )
    assert result.returncode == 1, result.stderr  # the first finding was skipped
    assert "[1/3]" in result.stdout and "[3/3]" not in result.stdout
    assert story.read_text(encoding="utf-8") == STORY
    assert result.stderr.endswith(
        f"{story}: 0 edited, 2 ignored, 1 left (ignores in {tmp_path / SIDECAR})\n"
    )


def test_review_refuses_stdin(fake: FakeLanguageTool, tmp_path: Path) -> None:
    result = fixtext("review", "-", env=env_for(fake, tmp_path), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "fixtext: error: review writes files back: it cannot review stdin (-)\n"


def test_fix_lists_what_remains_after_the_summary(fake: FakeLanguageTool, tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    text = "The board voted to to stay.\n\n"
    text += "It comes amid concern over wages and wages across the region.\n"
    story.write_text(text, "utf-8")
    env = env_for(fake, tmp_path)
    args = ("fix", "--write", "--no-model", "--no-config", story)
    result = fixtext(*args, env=env, cwd=tmp_path)
    assert result.returncode == 1
    fixed = text.replace("to to", "to")
    assert story.read_text("utf-8") == fixed
    column = fixed.index("wages across") - fixed.index("It comes") + 1
    assert result.stderr.splitlines()[:2] == [
        f"{story}: 1 fixed, 1 remaining",
        f"{story}:3:{column}: FT005 'wages' is coordinated with itself ('wages and wages'); "
        "one of them is probably a mistranslation (rules, 0.60)",
    ]
    assert "Found" not in result.stderr
    quiet = fixtext(*args, "-q", env=env, cwd=tmp_path)
    assert quiet.returncode == 1 and quiet.stderr == ""


def test_fix_write_carries_a_sentence_ignore_over_its_own_fixes(
    fake: FakeLanguageTool, tmp_path: Path
) -> None:
    story = tmp_path / "story.txt"
    sentence = "It comes amid concern over wages and wages across the the region."
    story.write_text(sentence + "\n", "utf-8")
    (tmp_path / SIDECAR).write_text(
        f'[["story.txt".sentences]]\nrule = "FT005"\nsentence = "{sentence}"\n', "utf-8"
    )
    env = env_for(fake, tmp_path)
    result = fixtext("fix", "--write", "--no-model", "--no-config", story, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"{story}: 1 fixed, 0 remaining\n"
    assert story.read_text("utf-8") == sentence.replace("the the", "the") + "\n"
    recorded = tomllib.loads((tmp_path / SIDECAR).read_text("utf-8"))["story.txt"]["sentences"]
    assert {"rule": "FT005", "sentence": sentence.replace("the the", "the")} in recorded
    checked = fixtext("check", "--no-model", "--no-config", story, env=env, cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout
