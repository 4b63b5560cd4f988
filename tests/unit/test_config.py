"""Settings come from defaults.toml; unknown keys are errors naming the key."""

from __future__ import annotations

import pytest

from fixtext.config import ConfigError, build_settings


def test_defaults_load() -> None:
    settings = build_settings()
    assert settings.language == "en-US"
    assert "MORFOLOGIK_RULE_EN_US" in settings.languagetool.disabled_rules
    assert settings.rule_enabled("FT001")


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
    ],
)
def test_bad_configuration_is_a_clear_error(override: dict, needle: str) -> None:
    with pytest.raises(ConfigError, match=needle.replace(".", r"\.")):
        build_settings(override)
