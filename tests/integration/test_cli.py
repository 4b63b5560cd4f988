"""The real CLI, as an editor runs it: real LanguageTool, real rules, the shipped model."""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from fixtext.policy import FixPolicy
from tests.conftest import ROOT

pytestmark = pytest.mark.integration
EXAMPLES = ROOT / "examples"
GARBLED = EXAMPLES / "port-strike.txt"
CLEAN = EXAMPLES / "clean-article.txt"


def fixtext(*args: str, stdin: str | None = None, env: dict[str, str] | None = None):
    """Run ``python -m fixtext`` and return the completed process."""
    return subprocess.run(
        [sys.executable, "-m", "fixtext", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, **(env or {})},
        cwd=ROOT,
        timeout=600,
    )


@pytest.fixture(autouse=True)
def _server(languagetool_url: str) -> None:
    """Every test here runs against the one real server of this test session."""


def test_check_garbled_article_reports_findings_with_locations() -> None:
    result = fixtext("check", str(GARBLED))
    assert result.returncode == 1, result.stderr
    first = result.stdout.splitlines()[0]
    path, line, column, rest = first.split(":", 3)
    assert path == str(GARBLED)
    assert int(line) >= 1 and int(column) >= 1
    rule, message = rest.strip().split(" ", 1)
    assert re.fullmatch(r"[A-Z][A-Z0-9_]+", rule), first
    assert message.strip()


def test_check_clean_article_is_silent() -> None:
    result = fixtext("check", str(CLEAN))
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""


def test_json_offsets_index_the_file_exactly() -> None:
    result = fixtext("check", "--format", "json", str(GARBLED))
    assert result.returncode == 1, result.stderr
    payload = json.loads(result.stdout)
    [entry] = payload["files"]
    text = GARBLED.read_text(encoding="utf-8")
    assert entry["findings"]
    keys = {"rule", "message", "start", "end", "line", "column", "text", "replacement"}
    keys |= {"alternatives", "confidence", "safe", "source"}
    for finding in entry["findings"]:
        assert keys <= finding.keys()
        assert text[finding["start"] : finding["end"]] == finding["text"]
        line_start = text.rfind("\n", 0, finding["start"]) + 1
        assert finding["line"] == text.count("\n", 0, finding["start"]) + 1
        assert finding["column"] == finding["start"] - line_start + 1
        assert finding["source"] in {"rules", "languagetool", "model"}


def test_stdin_is_read_with_dash() -> None:
    sentence = "The board voted to to delay the vote.\n"
    checked = fixtext("check", "-", stdin=sentence)
    assert checked.returncode == 1
    assert checked.stdout.startswith("-:1:")
    fixed = fixtext("fix", "-", stdin=sentence)
    assert fixed.stdout == "The board voted to delay the vote.\n"
    assert fixed.returncode == 0


def test_debris_only_the_model_flags_is_a_verified_suggestion_under_the_fix_policy() -> None:
    """No rule knows "; ;": the shipped model flags it and its rewrite is verified, but model
    rewrites (FT100) change good text too often to be applied unasked (fix policy)."""
    text = "The team won the final in extra time; ; fans celebrated in the streets.\n"
    fixed = fixtext("fix", "-", stdin=text)
    assert fixed.stdout == text, fixed.stderr
    checked = fixtext("check", "--format", "json", "-", stdin=text)
    [rewrite] = [
        f for f in json.loads(checked.stdout)["files"][0]["findings"] if f["rule"] == "FT100"
    ]
    assert rewrite["safe"] is False and "fix policy" in rewrite["verdict"], rewrite
    unsafe = fixtext("fix", "--unsafe-fixes", "-", stdin=text)
    assert unsafe.stdout == text.replace("; ;", ";"), unsafe.stderr


def test_compound_spelling_advice_is_not_reported() -> None:
    text = "The base plates were bolted to the floor.\n"
    checked = fixtext("check", "--no-model", "-", stdin=text)
    assert (checked.returncode, checked.stdout) == (0, ""), checked.stdout


def test_a_doubled_word_is_not_given_a_comma() -> None:
    # LanguageTool's OK_OK_COMMA would make the duplication look intended: "no, no longer"
    text = "The old rule ought no no longer to apply.\n"
    fixed = fixtext("fix", "--no-model", "-", stdin=text)
    assert "no, no" not in fixed.stdout, fixed.stdout


@pytest.mark.parametrize("model", [[], ["--no-model"]])
def test_a_word_moved_behind_a_spurious_stop_goes_back_where_the_models_are_sure(
    model: list[str],
) -> None:
    text = (
        "They visited the museum. national of art in June.\n\n"
        "The storm hit the coast. near the town on Sunday.\n"
    )
    fixed = fixtext("fix", *model, "-", stdin=text).stdout  # the trigram model ranks
    assert "They visited the national museum of art in June." in fixed, fixed
    assert "The storm hit the coast near the town on Sunday." in fixed, fixed


@pytest.mark.parametrize("model", [[], ["--no-model"]])
def test_corpus_model_rules_fix_a_spinner_word_and_a_stray_word_and_only_report_a_weak_case(
    model: list[str],
) -> None:
    text = (
        "The annual tumour rate of the economy slowed to two per cent.\n\n"
        "Prices rose sharply in the own first quarter.\n\n"
        "The plan has serious drawbacks for local farmers.\n"
    )
    policy = FixPolicy.shipped()
    expected = text
    if policy.auto_applies("FT014"):
        expected = expected.replace("tumour rate", "growth rate")
    if policy.auto_applies("FT015"):
        expected = expected.replace("the own first", "the first")
    fixed = fixtext("fix", *model, "-", stdin=text)
    assert fixed.stdout == expected, fixed.stderr
    unsafe = fixtext("fix", *model, "--unsafe-fixes", "-", stdin=text).stdout
    assert "growth rate" in unsafe and "the first quarter" in unsafe, unsafe
    checked = fixtext("check", *model, "--format", "json", "-", stdin=text)
    findings = json.loads(checked.stdout)["files"][0]["findings"]
    rules = {finding["rule"] for finding in findings}
    assert {"FT014", "FT015"} <= rules, checked.stdout


def test_words_run_together_are_split_and_closed_compounds_kept() -> None:
    text = "The minister gave an interviewwith reporters about the stockmarket on Monday.\n"
    fixed = fixtext("fix", "--no-model", "-", stdin=text)
    assert fixed.stdout == text.replace("interviewwith", "interview with"), fixed.stderr


def test_a_later_split_suggestion_is_taken_only_where_it_reads_better() -> None:
    """LanguageTool suggests "washed" before "was held", and "turning" before "turn in":
    the corpus bigram model takes the split in the first case only."""
    text = "The final washeld in the old stadium, and he kept turnin the key.\n"
    fixed = fixtext("fix", "--no-model", "-", stdin=text)
    assert fixed.stdout == text.replace("washeld", "was held"), fixed.stderr


def test_a_sentence_that_only_repeats_a_name_is_deleted_with_its_space() -> None:
    text = "The loan came from the Harbour Trust. Harbour Trust. It was approved in May.\n"
    fixed = fixtext("fix", "--no-model", "-", stdin=text)
    assert fixed.stdout == text.replace(" Harbour Trust. It", " It"), fixed.stdout


def test_a_lower_case_name_is_flagged_with_a_suggestion_only() -> None:
    text = "He played for argentina in 1994, and a homer won the game.\n"
    checked = fixtext("check", "--no-model", "--format", "json", "-", stdin=text)
    [finding] = json.loads(checked.stdout)["files"][0]["findings"]
    assert (finding["text"], finding["replacement"], finding["safe"]) == (
        "argentina",
        "Argentina",
        False,
    )


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (None, "no such file"),
        (b"\x00\x01binary", "binary"),
        (b"caf\xe9 au lait", "not valid UTF-8"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, content: bytes | None, needle: str):
    path = tmp_path / "input.txt"
    if content is not None:
        path.write_bytes(content)
    result = fixtext("check", str(path))
    assert result.returncode == 2
    assert needle in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_a_folder_without_prose_files_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "notes.py").write_text("x = 1\n", encoding="utf-8")
    result = fixtext("fix", "--diff", str(tmp_path))
    assert result.returncode == 0 and result.stdout == ""
    assert "no .txt, .md or .html files" in result.stderr


def test_unreachable_languagetool_is_exit_3() -> None:
    result = fixtext("check", str(CLEAN), env={"FIXTEXT_LANGUAGETOOL_URL": "http://127.0.0.1:9"})
    assert result.returncode == 3
    assert "LanguageTool" in result.stderr
    assert "Traceback" not in result.stderr


def test_fix_write_is_atomic_keeps_mode_and_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    original = GARBLED.read_bytes().replace(b"\n", b"\r\n")  # CRLF must survive
    path.write_bytes(original)
    os.chmod(path, 0o600)
    first = fixtext("fix", "--write", str(path))
    assert first.returncode in (0, 1), first.stderr
    repaired = path.read_bytes()
    assert repaired != original
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.txt"]
    assert repaired.count(b"\r\n") == original.count(b"\r\n")
    second = fixtext("fix", "--write", str(path))
    assert path.read_bytes() == repaired, second.stderr


def test_fix_changes_only_flagged_spans(tmp_path: Path) -> None:
    text = GARBLED.read_text(encoding="utf-8")
    report = json.loads(fixtext("check", "--format", "json", str(GARBLED)).stdout)
    spans = [(f["start"], f["end"]) for f in report["files"][0]["findings"]]
    fixed = fixtext("fix", str(GARBLED)).stdout
    matcher = difflib.SequenceMatcher(None, text, fixed, autojunk=False)
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag == "equal":
            continue
        # a deleted repeat may align with either copy: allow one span length of slack
        near = any(s - (e - s) - 2 <= i1 and i2 <= e + (e - s) + 2 for s, e in spans)
        assert near, (tag, text[i1 - 20 : i2 + 20])


def test_fix_diff_and_default_stdout() -> None:
    diff = fixtext("fix", "--diff", str(GARBLED))
    assert diff.stdout.startswith(f"--- a/{GARBLED}")
    assert "\n+" in diff.stdout
    clean = fixtext("fix", str(CLEAN))
    assert clean.returncode == 0
    assert clean.stdout == CLEAN.read_text(encoding="utf-8")


def test_several_files_need_write_or_diff() -> None:
    result = fixtext("fix", str(GARBLED), str(CLEAN))
    assert result.returncode == 2
    assert "--write or --diff" in result.stderr


MARKDOWN = """---
title: Port strike
---

# Dock workers walk out

The union said the the strike would last a week, and [the operator](https://example.org/a)
said **talks** would resume. Run `make  test` to check.

- Cranes stood idle. idle at the north quay
- Ships waited offshore

<!-- fixtext-disable-next-line -->
The council voted to to keep this line as it is.

```text
voted to to stay in code
```
"""


def test_fix_write_on_markdown_changes_prose_only(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    result = fixtext("fix", "--write", str(path))
    assert result.returncode in (0, 1), result.stderr
    fixed = path.read_text(encoding="utf-8")
    assert "said the strike" in fixed  # prose repaired
    for markup in (
        "---\ntitle: Port strike\n---",
        "# Dock",
        "[the operator](https://example.org/a)",
        "**talks**",
        "`make  test`",
        "- Ships",
        "```text\nvoted to to stay in code\n```",
    ):
        assert markup in fixed
    assert "voted to to keep" in fixed  # suppressed by the comment


def test_config_disables_a_rule_and_ignore_comment(tmp_path: Path) -> None:
    (tmp_path / ".fixtext.toml").write_text('disable = ["FT003", "ENGLISH_WORD_REPEAT_RULE"]\n')
    story = tmp_path / "story.txt"
    story.write_text("The board voted to to delay the vote.\n", encoding="utf-8")
    assert fixtext("check", str(story)).returncode == 0
    assert fixtext("check", "--no-config", str(story)).returncode == 1
    story.write_text("The board voted to to delay the vote. fixtext: ignore\n", encoding="utf-8")
    assert fixtext("check", "--no-config", str(story)).returncode == 0
    (tmp_path / ".fixtext.toml").write_text("colour = 1\n")
    bad = fixtext("check", str(story))
    assert bad.returncode == 2 and "unknown configuration key 'colour'" in bad.stderr


def test_the_model_server_is_reused_and_answers_as_the_model_loaded_here(
    languagetool_url: str,
) -> None:
    from fixtext.model.client import servers, stop_all

    cache = Path(tempfile.mkdtemp(prefix="ft-"))  # short: Unix socket paths are limited
    env = {"FIXTEXT_CACHE_DIR": str(cache), "FIXTEXT_LANGUAGETOOL_URL": languagetool_url}
    try:
        served = fixtext("check", "--format", "json", str(GARBLED), env=env)
        assert served.returncode == 1, served.stderr
        [running] = [info for info in servers(cache) if info["running"]]
        assert Path(running["model"]).name == "fixtext-small"
        again = fixtext("check", "--format", "json", str(GARBLED), env=env)
        assert again.returncode == 1, again.stderr
        assert [info["pid"] for info in servers(cache) if info["running"]] == [running["pid"]]
        local = fixtext(
            "check", "--format", "json", str(GARBLED), env={**env, "FIXTEXT_MODEL_SERVER": "off"}
        )
        assert served.stdout == again.stdout == local.stdout
        findings = json.loads(served.stdout)["files"][0]["findings"]
        assert any(f["source"] == "model" for f in findings)

        status = fixtext("model", "status", env=env)
        assert status.returncode == 0 and "fixtext-small: running" in status.stdout
        assert fixtext("model", "stop", env=env).stdout.strip() == "stopped 1 model server(s)"
        assert fixtext("model", "status", env=env).returncode == 1
    finally:
        stop_all(cache)
        shutil.rmtree(cache, ignore_errors=True)


def test_eval_scores_flags_against_word_tags(tmp_path: Path) -> None:
    """An MLQE-PE-shaped set: the repeated word tagged BAD is flagged, the rest left alone."""
    (tmp_path / "dev.mt.txt").write_text(
        "The council met on Monday to to discuss the budget.\n"
        "The ferry left the harbour at dawn.\n",
        encoding="utf-8",
    )
    (tmp_path / "dev.pe.txt").write_text(
        "The council met on Monday to discuss the budget.\nThe ferry left the harbour at dawn.\n",
        encoding="utf-8",
    )
    (tmp_path / "dev.mt.tok").write_text(
        "The council met on Monday to to discuss the budget .\n"
        "The ferry left the harbour at dawn .\n",
        encoding="utf-8",
    )
    first = ["OK"] * 6 + ["BAD"] + ["OK"] * 4
    tags = [" ".join(["OK", *(x for t in row for x in (t, "OK"))]) for row in (first, ["OK"] * 8)]
    (tmp_path / "dev.mt.tags").write_text("\n".join(tags) + "\n", encoding="utf-8")
    result = fixtext("eval", "--set", str(tmp_path), "--format", "json", "--bert", "off")
    assert result.returncode == 0, result.stderr
    bad_words = json.loads(result.stdout)["bad_words"]
    assert bad_words["recall"] == 1.0 and bad_words["mcc"] > 0.5, bad_words
    assert bad_words["bad_rate"] == pytest.approx(1 / 19)
    refused = fixtext("eval", "--set", str(tmp_path), "--bert", "sometimes")
    assert refused.returncode == 2 and "--bert must be one of off, guard, all" in refused.stderr
