"""Settings are data: ``fixtext/data/defaults.toml`` overlaid by the user's configuration.

The user's table (``[tool.fixtext]`` in ``pyproject.toml`` or a ``.fixtext.toml``) may set
any key the defaults have; an unknown key is an error that names it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any


class ConfigError(Exception):
    """A configuration file or value that is not valid (exit code 2)."""


@dataclass(frozen=True)
class LanguageToolSettings:
    """Which LanguageTool matches become findings, and how confident they are."""

    disabled_categories: frozenset[str]
    disabled_rules: frozenset[str]
    confidence: dict[str, float] = field(hash=False)

    def confidence_for(self, category: str) -> float:
        """The confidence given to a match of ``category``."""
        return self.confidence.get(category, self.confidence.get("default", 0.5))


@dataclass(frozen=True)
class Settings:
    """Every setting the pipeline reads; see ``defaults.toml`` for what each means."""

    min_confidence: float
    language: str
    disable: frozenset[str]
    enable: frozenset[str]
    protected_terms: tuple[str, ...]
    n_best: int
    model_threshold: float
    languagetool: LanguageToolSettings

    def rule_enabled(self, rule: str) -> bool:
        """True when findings of ``rule`` are reported."""
        if rule in self.disable:
            return False
        return not self.enable or rule in self.enable


def default_table() -> dict[str, Any]:
    """The parsed ``defaults.toml``."""
    text = resources.files("fixtext").joinpath("data/defaults.toml").read_text("utf-8")
    return tomllib.loads(text)


def merge(base: dict[str, Any], override: dict[str, Any], where: str = "") -> dict[str, Any]:
    """Overlay ``override`` on ``base``; unknown keys raise :class:`ConfigError`."""
    out = dict(base)
    for key, value in override.items():
        if key not in base:
            raise ConfigError(f"unknown configuration key {where}{key!r}")
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise ConfigError(f"configuration key {where}{key!r} must be a table")
            out[key] = merge(base[key], value, f"{where}{key}.")
        else:
            out[key] = value
    return out


def build_settings(override: dict[str, Any] | None = None) -> Settings:
    """Settings from the defaults overlaid with ``override`` (a user's table)."""
    table = merge(default_table(), override or {})
    lt = table["languagetool"]
    try:
        settings = Settings(
            min_confidence=float(table["min-confidence"]),
            language=str(table["language"]),
            disable=frozenset(table["disable"]),
            enable=frozenset(table["enable"]),
            protected_terms=tuple(table["protected-terms"]),
            n_best=int(table["n-best"]),
            model_threshold=float(table["model-threshold"]),
            languagetool=LanguageToolSettings(
                disabled_categories=frozenset(lt["disabled-categories"]),
                disabled_rules=frozenset(lt["disabled-rules"]),
                confidence={k: float(v) for k, v in lt["confidence"].items()},
            ),
        )
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"bad configuration value: {exc}") from None
    if settings.language not in ("en-US", "en-GB"):
        raise ConfigError(f"language must be en-US or en-GB, not {settings.language!r}")
    return settings
