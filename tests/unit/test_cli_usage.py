"""The command line's usage conventions: a usage error is one line on stderr and exit 2
(no boxes), help lists option choices, and usage lines read as click and ruff write them."""

from __future__ import annotations

import pytest

from fixtext.cli import main


def run(argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr("sys.argv", ["fixtext", *argv])
    with pytest.raises(SystemExit) as exited:
        main()
    out, err = capsys.readouterr()
    return exited.value.code, out, err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["check", "--bogus", "a.txt"], "No such option: --bogus (see fixtext check --help)"),
        (["check"], "Missing argument 'FILE'."),
        (["check", "--min-confidence", "3", "a.txt"], "Invalid value for '--min-confidence'"),
        (["frobnicate"], "No such command 'frobnicate'. (see fixtext --help)"),
    ],
)
def test_a_usage_error_is_one_line_and_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    code, out, err = run(argv, capsys, monkeypatch)
    assert code == 2 and out == ""
    assert err.startswith("fixtext: error: ") and message in err
    assert len(err.splitlines()) == 1 and "╭" not in err


def test_help_lists_choices_and_plain_usage(capsys: pytest.CaptureFixture[str], monkeypatch):
    code, out, _ = run(["check", "--help"], capsys, monkeypatch)
    assert code == 0
    assert out.startswith("Usage: fixtext check [OPTIONS] FILE...\n")
    assert "<bool>" not in out and "{" not in out.splitlines()[0]
    assert "[en-US|en-GB]" in out and "[text|markdown|html]" in out
    assert "text|json|sarif|github" in out


def test_no_arguments_prints_the_help(capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    code, out, _ = run([], capsys, monkeypatch)
    assert code == 0 and out.startswith("Usage: fixtext [OPTIONS] COMMAND [ARGS]...")
