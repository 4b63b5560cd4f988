"""Shared fixtures: the real LanguageTool server, started once per test session; model
servers that the session's commands started are stopped at its end."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def languagetool_url() -> Iterator[str]:
    """URL of a running LanguageTool server; stops it afterwards if this session started it."""
    if shutil.which("java") is None and "FIXTEXT_LANGUAGETOOL_URL" not in os.environ:
        pytest.skip("needs Java 17+ for LanguageTool")
    from fixtext.languagetool import ensure_running, install, status, stop

    was_running = bool(status().get("running"))
    install()
    url = ensure_running()
    yield url
    if not was_running and "FIXTEXT_LANGUAGETOOL_URL" not in os.environ:
        stop()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the repository; tests that need it skip, saying so, without it."""
    if not SHARED.is_dir():
        pytest.skip(f"data set missing: {SHARED} is not present")
    return SHARED


@pytest.fixture(scope="session", autouse=True)
def _stop_model_servers_started_here() -> Iterator[None]:
    """``fixtext check`` leaves a model server running; stop the ones this session began."""
    from fixtext.model.client import servers, stop_all

    running_before = any(info["running"] for info in servers())
    yield
    if not running_before:
        stop_all()
