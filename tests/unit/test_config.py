"""Settings come from defaults.toml; unknown keys are errors naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixtext.config import ConfigError, build_settings, find_config, settings_for


def test_defaults_load() -> None:
    settings = build_settings()
    assert settings.language == "en-US"
    assert "MORFOLOGIK_RULE_EN_US" in settings.languagetool.split_only_rules
    assert settings.rule_enabled("FT001")
    assert settings.model_only_margin == 9.0
    assert build_settings({"model-only-margin": float("inf")}).model_only_margin == float("inf")


def test_override_and_rule_switches() -> None:
    settings = build_settings({"disable": ["FT003"], "min-confidence": 0.4})
    assert not settings.rule_enabled("FT003")
    assert settings.min_confidence == 0.4
    only = build_settings({"enable": ["FT001"]})
    assert only.rule_enabled("FT001") and not only.rule_enabled("FT002")


@pytest.mark.parametrize(
    ("override", "needle"),
    [
        ({"colour": "red"}, "'colour'"),
        ({"languagetool": {"bogus": 1}}, "languagetool.'bogus'"),
        ({"language": "fr"}, "en-US or en-GB"),
        ({"n-best": "many"}, "bad configuration value"),
        ({"model-only-fixes": "all"}, "model-only-fixes must be one of none, layout"),
        ({"model-only-margin": "high"}, "bad configuration value"),
    ],
)
def test_bad_configuration_is_a_clear_error(override: dict, needle: str) -> None:
    with pytest.raises(ConfigError, match=needle.replace(".", r"\.")):
        build_settings(override)


def test_discovery_finds_the_nearest_config(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.fixtext]\nmin-confidence = 0.3\n")
    nested = tmp_path / "desk" / "stories"
    nested.mkdir(parents=True)
    story = nested / "story.txt"
    story.write_text("text")
    settings, source = settings_for(str(story), None, True, {})
    assert source == tmp_path / "pyproject.toml"
    assert settings.min_confidence == 0.3
    (tmp_path / "desk" / ".fixtext.toml").write_text('disable = ["FT006"]\n')
    settings, source = settings_for(str(story), None, True, {})
    assert source == tmp_path / "desk" / ".fixtext.toml"
    assert not settings.rule_enabled("FT006")
    assert settings.min_confidence == 0.0  # the nearest file wins whole, as in ruff


def test_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config(tmp_path) != tmp_path / "pyproject.toml"


def test_explicit_no_config_and_cli_override(tmp_path: Path) -> None:
    config = tmp_path / "house.toml"
    config.write_text('language = "en-GB"\nprotected-terms = ["Acme"]\n')
    settings, _ = settings_for("-", config, True, {"min-confidence": 0.5})
    assert settings.language == "en-GB" and settings.protected_terms == ("Acme",)
    assert settings.min_confidence == 0.5
    (tmp_path / ".fixtext.toml").write_text('language = "en-GB"\n')
    settings, source = settings_for(str(tmp_path / "a.txt"), None, False, {})
    assert source is None and settings.language == "en-US"


def test_bad_config_files_name_the_file_and_key(tmp_path: Path) -> None:
    bad_key = tmp_path / "bad.toml"
    bad_key.write_text("colour = 1\n")
    with pytest.raises(ConfigError, match=r"bad\.toml: unknown configuration key 'colour'"):
        settings_for("-", bad_key, True, {})
    broken = tmp_path / "broken.toml"
    broken.write_text("min-confidence = \n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        settings_for("-", broken, True, {})
    with pytest.raises(ConfigError, match="not found"):
        settings_for("-", tmp_path / "missing.toml", True, {})


def test_include_and_exclude_globs() -> None:
    settings = build_settings({"include": ["*.md", "*.txt"], "exclude": ["drafts/*"]})
    assert settings.wants("news/story.md")
    assert not settings.wants("news/story.html")
    assert not settings.wants("drafts/story.txt")
    assert settings.wants("-")


def test_style_and_regional_variant_matches_are_advice_and_never_reported() -> None:
    lt = build_settings().languagetool
    assert lt.is_advice("BRE_STYLE_OXFORD_SPELLING", "style")
    assert lt.is_advice("MISC", "locale-violation")
    assert not lt.is_advice("GRAMMAR", "grammar")
    assert lt.drops("OXFORD_SPELLING_Z_NOT_S", "BRE_STYLE_OXFORD_SPELLING", "style")
    assert lt.drops("AT_THE_WEEKEND", "BRITISH_ENGLISH", "locale-violation")
    assert not lt.drops("THE_SUPERLATIVE", "GRAMMAR", "grammar")


def test_bert_guards_by_default_and_takes_three_values() -> None:
    default = build_settings()
    assert default.bert == "guard" and default.fluency_guard and not default.word_choice
    everything = build_settings({"bert": "all"})
    assert everything.fluency_guard and everything.word_choice
    off = build_settings({"bert": "off"})
    assert not off.fluency_guard and not off.word_choice
    with pytest.raises(ConfigError, match="bert must be one of off, guard, all"):
        build_settings({"bert": True})
