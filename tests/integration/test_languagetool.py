"""The real LanguageTool: install, start, check, reuse, restart, stop.

Runs in a private cache directory, so the shared server in ``~/.cache/fixtext`` is left
alone; the jars come from Maven's ``~/.m2`` cache (downloaded on the very first run).
"""

from __future__ import annotations

import os
import shutil
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from fixtext.languagetool import (
    LanguageToolChecker,
    ensure_running,
    install,
    is_installed,
    status,
    stop,
)
from fixtext.languagetool.process import read_state

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(shutil.which("java") is None, reason="needs Java 17+"),
]


def _server_jvms(cache: Path) -> list[psutil.Process]:
    """Live JVMs whose classpath is in ``cache``."""
    found = []
    for process in psutil.process_iter(["cmdline", "status"]):
        cmdline = process.info["cmdline"] or []
        if process.info["status"] != psutil.STATUS_ZOMBIE and any(
            str(cache) in part for part in cmdline
        ):
            found.append(process)
    return found


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    cache = tmp_path_factory.mktemp("fixtext-cache")
    install(cache_dir=cache)
    yield cache
    stop(cache)


@pytest.fixture(autouse=True)
def _no_external_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FIXTEXT_LANGUAGETOOL_URL", raising=False)


def test_install_is_idempotent(cache: Path) -> None:
    assert is_installed(cache_dir=cache)
    started = time.monotonic()
    lib = install(cache_dir=cache)
    assert time.monotonic() - started < 1.0
    assert any(lib.glob("languagetool-server-*.jar")) and any(lib.glob("language-en-*.jar"))


def test_real_check_and_reuse(cache: Path) -> None:
    url = ensure_running(cache_dir=cache)
    state = read_state(cache)
    assert state is not None
    started = time.monotonic()
    assert ensure_running(cache_dir=cache) == url
    assert time.monotonic() - started < 1.0
    assert read_state(cache) == state  # same pid

    checker = LanguageToolChecker(url, reconnect=lambda: ensure_running(cache_dir=cache))
    texts = ["He go to school yesterday.", "😀 He go to school yesterday.", "This is fine."]
    results = checker.check(texts)
    for text, matches in zip(texts[:2], results, strict=False):
        hits = [m for m in matches if m.rule == "HE_VERB_AGR"]
        assert len(hits) == 1, matches
        hit = hits[0]
        assert text[hit.offset : hit.offset + hit.length] == "go"
        assert "went" in hit.replacements and hit.category == "GRAMMAR"
    assert results[2] == []


def test_disabled_rules(cache: Path) -> None:
    url = ensure_running(cache_dir=cache)
    checker = LanguageToolChecker(url, disabled_rules=["HE_VERB_AGR"], reconnect=None)
    assert all(m.rule != "HE_VERB_AGR" for m in checker.check(["He go to school yesterday."])[0])


def test_external_url_is_honoured(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = ensure_running(cache_dir=cache)
    other = cache.parent / "unused-cache"
    monkeypatch.setenv("FIXTEXT_LANGUAGETOOL_URL", url)
    assert ensure_running(cache_dir=other) == url
    assert not other.exists()  # nothing installed, nothing started there


def test_killed_server_is_restarted_and_checker_recovers(cache: Path) -> None:
    url = ensure_running(cache_dir=cache)
    checker = LanguageToolChecker(url, reconnect=lambda: ensure_running(cache_dir=cache))
    checker.check(["Warm up."])
    old = read_state(cache)
    assert old is not None
    os.kill(old["pid"], signal.SIGKILL)
    matches = checker.check(["She go to work every day."])[0]
    assert any(m.rule == "HE_VERB_AGR" for m in matches)
    new = read_state(cache)
    assert new is not None and new["pid"] != old["pid"]
    assert len(_server_jvms(cache)) == 1


def test_stop_leaves_no_java_process(cache: Path) -> None:
    ensure_running(cache_dir=cache)
    assert status(cache_dir=cache)["running"]
    assert stop(cache)
    assert _server_jvms(cache) == []
    assert status(cache_dir=cache)["running"] is False
