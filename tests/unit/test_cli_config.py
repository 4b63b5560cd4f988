"""Configuration that would fail silently fails loudly: one line naming the key, exit 2;
an explicitly named file that the configuration excludes is reported, not silently
skipped."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from fixtext.cli import app
from fixtext.config import ConfigError, build_settings


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"disable": "FT003"}, "'disable' must be a list of strings, not a string"),
        ({"exclude": ["a", 3]}, "'exclude' must be a list of strings, not a list with non-strings"),
        ({"languagetool": {"disabled-rules": "X"}}, "must be a list of strings, not a string"),
    ],
)
def test_a_list_key_given_anything_but_a_list_of_strings_is_an_error(
    override: dict[str, object], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        build_settings(override)


def run(tmp_path: Path, config: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    (tmp_path / ".fixtext.toml").write_text(config, encoding="utf-8")
    (tmp_path / "story.txt").write_text("The port reopened on Monday.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["check", "--no-model", "story.txt"])
    return result.exit_code, result.output


@pytest.mark.parametrize("code", ["FT999", "ft003", "FT03"])
def test_an_unknown_rule_code_in_disable_is_a_one_line_error(
    code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    status, output = run(tmp_path, f'disable = ["{code}"]\n', monkeypatch)
    assert status == 2
    assert f"disable: unknown rule code {code!r}" in output
    assert len(output.strip().splitlines()) == 1


def test_an_explicitly_named_excluded_file_is_reported_not_silently_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    status, output = run(
        tmp_path, 'exclude = ["story.txt"]\ndisable = ["EN_A_VS_AN", "FT003"]\n', monkeypatch
    )
    assert status == 0
    assert "story.txt: excluded by the configuration (include/exclude); not checked" in output
