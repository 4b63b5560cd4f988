"""``fixtext review`` in a real terminal (issue 24): a pseudo-terminal, the real
LanguageTool and the shipped model, a copy of a team example. Scripted keys accept one
suggestion, pick an alternative for another and ignore a rule in the file; the file, the
sidecar and a later ``fixtext check`` are as expected."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from fixtext.ignores import SIDECAR
from tests.conftest import ROOT
from tests.unit.test_review_keys import HEADER, drive

pytestmark = pytest.mark.integration
EXAMPLE = ROOT / "examples" / "port-strike.txt"


@pytest.fixture(autouse=True)
def _server(languagetool_url: str) -> None:
    """Every test here runs against the one real server of this test session."""


def check_json(path: Path) -> list[dict]:
    result = subprocess.run(
        [sys.executable, "-m", "fixtext", "check", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=path.parent,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=600,
    )
    assert result.returncode == 1, result.stderr
    return json.loads(result.stdout)["files"][0]["findings"]


def test_review_accepts_picks_an_alternative_and_ignores_a_rule(tmp_path: Path) -> None:
    story = tmp_path / EXAMPLE.name
    shutil.copyfile(EXAMPLE, story)
    original = story.read_bytes().decode("utf-8")
    before = check_json(story)
    # what the keys below choose, read from the JSON contract
    repeat = next(f for f in before if f["rule"] == "FT003")
    run_together = next(f for f in before if f["text"] == "yearThe")
    assert run_together["also"] and run_together["alternatives"], run_together
    assert not [f for f in before if f["rule"] == "FT101" and not f["text"].strip(",. ")]
    assert len({(f["start"], f["end"]) for f in before}) == len(before)  # one per span

    taken: list[tuple[str, str]] = []

    def decide(output: str) -> str:
        rule = HEADER.findall(output)[-1][4]
        keys = [key for _, key in taken]
        if rule == "FT003" and "a" not in keys:
            key = "a"  # accept the fix
        elif "[yearThe]" in output and "1" not in keys:
            key = "1"  # pick the first alternative
        elif rule == "FT005" and "f" not in keys:
            key = "f"  # ignore the rule in this file
        else:
            key = "s"
        taken.append((rule, key))
        return key

    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "TERM": "xterm"}
    code, out = drive(["review", story.name], decide, tmp_path, env, timeout=400)
    assert code == 1, out  # suggestions were skipped: findings are left
    assert sorted(key for _, key in taken if key != "s") == ["1", "a", "f"], out
    assert f"[{repeat['text']}]" in out and "verdict: verified" in out
    assert "\x1b[" not in out  # NO_COLOR: brackets only

    edits = sorted(
        [
            (repeat["start"], repeat["end"], repeat["replacement"]),
            (run_together["start"], run_together["end"], run_together["alternatives"][0]),
        ],
        reverse=True,
    )
    expected = original
    for start, end, replacement in edits:
        expected = expected[:start] + replacement + expected[end:]
    assert story.read_bytes() == expected.encode("utf-8")
    sidecar = tomllib.loads((tmp_path / SIDECAR).read_text(encoding="utf-8"))
    assert sidecar == {EXAMPLE.name: {"rules": ["FT005"]}}

    after = check_json(story)
    assert [f for f in before if f["rule"] == "FT005"]
    assert not [f for f in after if f["rule"] == "FT005"]
    assert "yearThe" not in {f["text"] for f in after}
