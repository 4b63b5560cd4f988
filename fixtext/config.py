"""Settings are data: ``fixtext/data/defaults.toml`` overlaid by the user's configuration.

The user's table (``[tool.fixtext]`` in ``pyproject.toml`` or a ``.fixtext.toml``) may set
any key the defaults have; an unknown key is an error that names it.
"""

from __future__ import annotations

import fnmatch
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

CONFIG_FILE = ".fixtext.toml"
MODEL_ONLY_FIXES = ("none", "layout")  # values of the model-only-fixes key
BERT_USES = ("off", "guard", "all")  # values of the bert key


class ConfigError(Exception):
    """A configuration file or value that is not valid (exit code 2)."""


@dataclass(frozen=True)
class LanguageToolSettings:
    """Which LanguageTool matches become findings, and how confident they are."""

    disabled_categories: frozenset[str]
    disabled_rules: frozenset[str]
    split_only_rules: frozenset[str]
    confidence: dict[str, float] = field(hash=False)
    advice_categories: frozenset[str] = frozenset()
    advice_issue_types: frozenset[str] = frozenset()

    def is_advice(self, category: str, issue_type: str) -> bool:
        """True for a style, register, typography or regional-variant match: advice, not
        an error. Advice never reports, never vetoes a repair and is never applied."""
        return category in self.advice_categories or issue_type in self.advice_issue_types

    def drops(self, rule: str, category: str, issue_type: str = "") -> bool:
        """True when matches of ``rule`` (in ``category``, of ``issue_type``) are not
        reported. Entries of ``disabled-rules`` may be shell-style patterns
        ("EN_COMPOUNDS_*"); a split-only rule is kept whatever its category (its matches
        are filtered by kind instead); advice (:meth:`is_advice`) is never kept."""
        if rule not in self.split_only_rules and self.is_advice(category, issue_type):
            return True
        if rule in self.disabled_rules:
            return True
        if any(fnmatch.fnmatchcase(rule, pattern) for pattern in self.disabled_rules):
            return True
        return category in self.disabled_categories and rule not in self.split_only_rules

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
    model_threshold: float | None  # None: the model's own calibration
    model_only_fixes: str  # "none" or "layout"
    model_only_margin: float  # bigram gain that lets a model-only rewrite be applied
    bert: str  # "off", "guard" (the fluency guard) or "all" (the guard, FT102-FT105)

    @property
    def fluency_guard(self) -> bool:
        return self.bert in ("guard", "all")

    @property
    def word_choice(self) -> bool:
        return self.bert == "all"

    include: tuple[str, ...]
    exclude: tuple[str, ...]
    languagetool: LanguageToolSettings

    def wants(self, path: str) -> bool:
        """True when ``path`` passes the include and exclude globs (stdin always does)."""
        if path == "-":
            return True
        name = Path(path).name

        def hit(patterns: tuple[str, ...]) -> bool:
            return any(fnmatch.fnmatch(path, p) or fnmatch.fnmatch(name, p) for p in patterns)

        return (not self.include or hit(self.include)) and not hit(self.exclude)

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


#: TOML's names for the Python types a configuration value may have.
_KINDS = {"str": "string", "int": "integer", "float": "float", "bool": "boolean", "dict": "table"}


def check_lists(table: dict[str, Any], defaults: dict[str, Any], where: str = "") -> None:
    """Raise :class:`ConfigError` where a key whose default is a list of strings holds
    anything else (``disable = "FT003"`` would otherwise read as four one-letter codes)."""
    for key, default in defaults.items():
        value = table[key]
        if isinstance(default, dict):
            check_lists(value, default, f"{where}{key}.")
        elif isinstance(default, list) and not (
            isinstance(value, list) and all(isinstance(item, str) for item in value)
        ):
            kind = (
                "list with non-strings"
                if isinstance(value, list)
                else _KINDS.get(type(value).__name__, type(value).__name__)
            )
            raise ConfigError(
                f"configuration key {where}{key!r} must be a list of strings, not a {kind}"
            )


def build_settings(override: dict[str, Any] | None = None) -> Settings:
    """Settings from the defaults overlaid with ``override`` (a user's table)."""
    defaults = default_table()
    table = merge(defaults, override or {})
    check_lists(table, defaults)
    lt = table["languagetool"]
    try:
        settings = Settings(
            min_confidence=float(table["min-confidence"]),
            language=str(table["language"]),
            disable=frozenset(table["disable"]),
            enable=frozenset(table["enable"]),
            protected_terms=tuple(table["protected-terms"]),
            n_best=int(table["n-best"]),
            model_threshold=(
                None if table["model-threshold"] == "auto" else float(table["model-threshold"])
            ),
            model_only_fixes=str(table["model-only-fixes"]),
            model_only_margin=float(table["model-only-margin"]),
            bert=str(table["bert"]),
            include=tuple(table["include"]),
            exclude=tuple(table["exclude"]),
            languagetool=LanguageToolSettings(
                disabled_categories=frozenset(lt["disabled-categories"]),
                disabled_rules=frozenset(lt["disabled-rules"]),
                split_only_rules=frozenset(lt["split-only-rules"]),
                confidence={k: float(v) for k, v in lt["confidence"].items()},
                advice_categories=frozenset(lt["advice-categories"]),
                advice_issue_types=frozenset(lt["advice-issue-types"]),
            ),
        )
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"bad configuration value: {exc}") from None
    if settings.bert not in BERT_USES:
        raise ConfigError(f"bert must be one of {', '.join(BERT_USES)}, not {settings.bert!r}")
    if settings.model_only_fixes not in MODEL_ONLY_FIXES:
        raise ConfigError(
            f"model-only-fixes must be one of {', '.join(MODEL_ONLY_FIXES)}, "
            f"not {settings.model_only_fixes!r}"
        )
    if settings.language not in ("en-US", "en-GB"):
        raise ConfigError(f"language must be en-US or en-GB, not {settings.language!r}")
    return settings


def find_config(start: Path) -> Path | None:
    """The nearest ``.fixtext.toml``, or ``pyproject.toml`` with ``[tool.fixtext]``,
    in ``start``'s folder or any folder above it."""
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        if (candidate / CONFIG_FILE).is_file():
            return candidate / CONFIG_FILE
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and "fixtext" in read_toml(pyproject).get("tool", {}):
            return pyproject
    return None


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file, or raise a one-line :class:`ConfigError` naming it."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from None


def load_config_file(path: Path) -> dict[str, Any]:
    """The fixtext table of a config file (``[tool.fixtext]`` in a ``pyproject.toml``)."""
    table = read_toml(path)
    if path.name == "pyproject.toml":
        table = table.get("tool", {}).get("fixtext", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.fixtext] must be a table")
    return table


def settings_for(
    path: str, explicit: Path | None, use_config: bool, cli: dict[str, Any]
) -> tuple[Settings, Path | None]:
    """Settings for one input: defaults, then its config file, then command-line values.

    ``explicit`` (``--config``) wins over discovery; ``use_config=False``
    (``--no-config``) uses the defaults. Returns the settings and the file used.
    """
    source = explicit
    if source is None and use_config:
        source = find_config(Path.cwd() if path == "-" else Path(path))
    if explicit is not None and not explicit.is_file():
        raise ConfigError(f"{explicit}: configuration file not found")
    table = load_config_file(source) if source else {}
    try:
        return build_settings({**table, **cli}), source
    except ConfigError as exc:
        raise ConfigError(f"{source}: {exc}" if source else str(exc)) from None
