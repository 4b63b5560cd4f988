"""LanguageTool: install the server jars, run one local server, check texts with it."""

from fixtext.languagetool.checker import LanguageToolChecker
from fixtext.languagetool.install import (
    LT_VERSION,
    LanguageToolUnavailable,
    install,
    is_installed,
    jar_dir,
)
from fixtext.languagetool.process import ensure_running, status, stop

__all__ = [
    "LT_VERSION",
    "LanguageToolChecker",
    "LanguageToolUnavailable",
    "ensure_running",
    "install",
    "is_installed",
    "jar_dir",
    "status",
    "stop",
]
