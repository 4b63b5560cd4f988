"""The server's state file, stale-pid handling, reuse, locking and errors, with a fake JVM.

``$JAVA_HOME/bin/java`` is a small Python HTTP server that answers ``/v2/languages`` the
way LanguageTool does and whose command line carries LanguageTool's main class, so the
real start / reuse / stop code paths run in milliseconds.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from fixtext.languagetool.install import LanguageToolUnavailable
from fixtext.languagetool.process import (
    ensure_running,
    is_healthy,
    normalize_url,
    pid_is_server,
    read_state,
    state_path,
    status,
    stop,
)

lt_server = importlib.import_module("fixtext.languagetool.process")

FAKE_JAVA = f"""#!{sys.executable}
import http.server, os, sys, time
mode = os.environ.get("FAKE_JAVA_MODE", "ok")
if mode == "fail":
    print("Error: Could not find or load main class", flush=True)
    sys.exit(1)
if mode == "hang":
    time.sleep(600)
port = int(sys.argv[sys.argv.index("--port") + 1])

class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b'[{{"name": "English (US)", "code": "en", "longCode": "en-US"}}]'
        self.send_response(200 if self.path.startswith("/v2/languages") else 404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

http.server.HTTPServer(("127.0.0.1", port), Handler).serve_forever()
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A cache with an 'installed' LanguageTool and a fake JVM as ``$JAVA_HOME/bin/java``."""
    monkeypatch.delenv("FIXTEXT_LANGUAGETOOL_URL", raising=False)
    java_home = tmp_path / "jdk"
    (java_home / "bin").mkdir(parents=True)
    java = java_home / "bin" / "java"
    java.write_text(FAKE_JAVA)
    java.chmod(java.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("JAVA_HOME", str(java_home))
    cache = tmp_path / "cache"
    home = cache / "languagetool" / "6.8"
    (home / "lib").mkdir(parents=True)
    marker = {"jar_dir": str(home / "lib"), "classpath": str(home / "lib" / "*")}
    (home / "installed.json").write_text(json.dumps(marker))
    yield cache
    stop(cache)


def test_normalize_url() -> None:
    assert normalize_url("localhost:8081") == "http://localhost:8081"
    assert normalize_url("http://h:1/v2/") == "http://h:1"
    assert normalize_url("https://h/lt/") == "https://h/lt"


def test_start_writes_state_and_reuses_the_server(cache: Path) -> None:
    url = ensure_running(cache_dir=cache)
    state = read_state(cache)
    assert state is not None
    assert url == f"http://127.0.0.1:{state['port']}"
    assert state["version"] == "6.8" and state["started_at"]
    assert pid_is_server(state["pid"]) and is_healthy(url)
    assert ensure_running(cache_dir=cache) == url
    assert read_state(cache) == state  # same pid: reused, not restarted
    info = status(cache_dir=cache)
    assert info["running"] and info["pid"] == state["pid"] and info["url"] == url


def test_stop_terminates_and_removes_state(cache: Path) -> None:
    ensure_running(cache_dir=cache)
    state = read_state(cache)
    assert state is not None
    assert stop(cache) is True
    assert not psutil.pid_exists(state["pid"])  # terminated and reaped, not a zombie
    assert not state_path(cache).exists()
    assert stop(cache) is False
    assert status(cache_dir=cache)["running"] is False


def test_killed_server_is_restarted(cache: Path) -> None:
    ensure_running(cache_dir=cache)
    old = read_state(cache)
    assert old is not None
    os.kill(old["pid"], signal.SIGKILL)
    url = ensure_running(cache_dir=cache)
    new = read_state(cache)
    assert new is not None and new["pid"] != old["pid"]
    assert is_healthy(url)


def test_stale_state_file_is_replaced(cache: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    state_path(cache).write_text(json.dumps({"pid": dead.pid, "port": 1, "version": "6.8"}))
    assert status(cache_dir=cache)["running"] is False
    ensure_running(cache_dir=cache)
    state = read_state(cache)
    assert state is not None and state["pid"] != dead.pid


def test_pid_of_an_unrelated_process_is_not_the_server(cache: Path) -> None:
    assert not pid_is_server(os.getpid())  # e.g. the pid was reused after a reboot
    state_path(cache).write_text(json.dumps({"pid": os.getpid(), "port": 1, "version": "6.8"}))
    ensure_running(cache_dir=cache)  # must not kill pytest, must start a server
    state = read_state(cache)
    assert state is not None and state["pid"] != os.getpid()


def test_garbage_state_file_is_ignored(cache: Path) -> None:
    state_path(cache).write_text("{not json")
    assert read_state(cache) is None
    assert is_healthy(ensure_running(cache_dir=cache))


def test_other_version_is_restarted(cache: Path) -> None:
    ensure_running(cache_dir=cache)
    old = read_state(cache)
    assert old is not None
    state_path(cache).write_text(json.dumps({**old, "version": "6.7"}))
    ensure_running(cache_dir=cache)
    assert not psutil.pid_exists(old["pid"])


def test_concurrent_callers_start_one_server(cache: Path) -> None:
    # Servers other tests left running (a session-wide real LanguageTool) are not ours.
    before = {p.pid for p in psutil.Process().children()}
    urls: list[str] = []
    threads = [
        threading.Thread(target=lambda: urls.append(ensure_running(cache_dir=cache)))
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(urls)) == 1 and len(urls) == 4
    started = [
        p for p in psutil.Process().children() if p.pid not in before and pid_is_server(p.pid)
    ]
    assert len(started) == 1


def test_server_that_exits_reports_the_log(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_JAVA_MODE", "fail")
    with pytest.raises(
        LanguageToolUnavailable, match=r"exited with code 1.*main class.*server\.log"
    ):
        ensure_running(cache_dir=cache)
    assert not state_path(cache).exists()


def test_server_that_never_answers_is_killed(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_JAVA_MODE", "hang")
    monkeypatch.setattr(lt_server, "START_TIMEOUT_S", 1.0)
    before = {p.pid for p in psutil.Process().children()}
    started = time.monotonic()
    with pytest.raises(LanguageToolUnavailable, match=r"did not start in 1 s, see .*server\.log"):
        ensure_running(cache_dir=cache)
    assert time.monotonic() - started < 15
    assert not state_path(cache).exists()
    assert {p.pid for p in psutil.Process().children()} <= before  # no orphan left behind


def test_not_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FIXTEXT_LANGUAGETOOL_URL", raising=False)
    with pytest.raises(LanguageToolUnavailable, match="fixtext languagetool install"):
        ensure_running(cache_dir=tmp_path)


def test_java_not_found(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JAVA_HOME")
    monkeypatch.setattr(lt_server.shutil, "which", lambda _name: None)
    with pytest.raises(LanguageToolUnavailable, match="Java not found"):
        ensure_running(cache_dir=cache)


def test_external_url_is_used_and_never_started(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = ensure_running(cache_dir=cache)
    other = cache.parent / "other-cache"
    monkeypatch.setenv("FIXTEXT_LANGUAGETOOL_URL", url + "/v2/")
    assert ensure_running(cache_dir=other) == url
    assert not state_path(other).exists()
    assert status(cache_dir=other)["external"] is True
    monkeypatch.setenv("FIXTEXT_LANGUAGETOOL_URL", "http://127.0.0.1:9")
    with pytest.raises(LanguageToolUnavailable, match="does not answer"):
        ensure_running(cache_dir=other)


def test_own_child_is_judged_by_popen_not_cmdline(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Right after exec /proc/<pid>/cmdline can read empty; that must not make a fresh
    # child look dead (it was then waited for forever instead of being terminated).
    monkeypatch.setattr(psutil.Process, "cmdline", lambda _self: [])
    url = ensure_running(cache_dir=cache)
    state = read_state(cache)
    assert state is not None and pid_is_server(state["pid"]) and is_healthy(url)
    assert stop(cache) is True
    assert not psutil.pid_exists(state["pid"])
