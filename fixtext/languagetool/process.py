"""Run one shared, local LanguageTool HTTP server per cache directory.

The server is a detached JVM (its own session, so it outlives the fixtext command that
started it) bound to 127.0.0.1 on a free port. ``<cache>/languagetool/server.json``
records its port, pid, version and start time; it is written as soon as the JVM is
spawned and removed whenever the JVM is stopped, so no JVM runs without a state file
pointing at it. An ``fcntl`` lock serialises starts and stops across processes.
``$FIXTEXT_LANGUAGETOOL_URL`` points fixtext at an existing server instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil

from fixtext.cache import file_lock
from fixtext.languagetool.install import (
    LT_VERSION,
    LanguageToolUnavailable,
    cache_root,
    classpath,
    is_installed,
)
from fixtext.processes import is_live, log_tail, terminate

URL_ENV = "FIXTEXT_LANGUAGETOOL_URL"
JAVA_OPTS_ENV = "FIXTEXT_LANGUAGETOOL_JAVA_OPTS"
DEFAULT_JAVA_OPTS = "-Xmx1g -XX:+UseSerialGC"  # SerialGC: about half the RSS of G1
#: The JDK's HTTP server that LanguageTool uses sends an answer in several writes; without
#: TCP_NODELAY a later one waits for the client's delayed ACK (40 ms on Linux): a short
#: check that takes LanguageTool 15 ms of CPU took 60 ms (18 ms with it).
NODELAY = "-Dsun.net.httpserver.nodelay=true"
START_TIMEOUT_S = 60.0
_MAIN_CLASS = "org.languagetool.server.HTTPServer"
_HOST = "127.0.0.1"

#: JVMs started by this process, kept so that stopping them also reaps them.
_children: dict[int, subprocess.Popen[bytes]] = {}


def state_path(cache_dir: Path | None = None) -> Path:
    """Return the path of the server state file."""
    return cache_root(cache_dir) / "server.json"


def log_path(cache_dir: Path | None = None) -> Path:
    """Return the path of the server log."""
    return cache_root(cache_dir) / "server.log"


def normalize_url(url: str) -> str:
    """Return the server's base URL (``http://host:port``), without ``/v2`` or a slash."""
    url = url.strip().rstrip("/")
    if "://" not in url:
        url = "http://" + url
    return url.removesuffix("/v2")


def is_healthy(url: str, timeout: float = 2.0) -> bool:
    """True when ``GET <url>/v2/languages`` answers with 200."""
    try:
        with urllib.request.urlopen(f"{url}/v2/languages", timeout=timeout) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError, ValueError):
        return False


def read_state(cache_dir: Path | None = None) -> dict[str, Any] | None:
    """Return the state file's content, or None when it is missing or unreadable."""
    try:
        state = json.loads(state_path(cache_dir).read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or not {"pid", "port"} <= state.keys():
        return None
    return state


def _write_state(state: dict[str, Any], cache_dir: Path | None) -> None:
    path = state_path(cache_dir)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(state, indent=2))
    tmp.replace(path)


def _clear_state(cache_dir: Path | None) -> None:
    state_path(cache_dir).unlink(missing_ok=True)


def pid_is_server(pid: int) -> bool:
    """True when ``pid`` is a live (not zombie) LanguageTool server JVM (see
    :func:`fixtext.processes.is_live`)."""
    return is_live(pid, _children, (_MAIN_CLASS,))


def _url_of(state: dict[str, Any]) -> str:
    return f"http://{_HOST}:{state['port']}"


def ensure_running(version: str = LT_VERSION, cache_dir: Path | None = None) -> str:
    """Return the URL of a healthy server, starting one if needed.

    ``$FIXTEXT_LANGUAGETOOL_URL`` wins (that server is used, never started); otherwise the
    server in the state file is reused when its JVM is alive and healthy, else any stale
    JVM and state are cleared and a new server is started.
    """
    external = os.environ.get(URL_ENV)
    if external:
        url = normalize_url(external)
        if not is_healthy(url, timeout=5.0):
            raise LanguageToolUnavailable(
                f"{URL_ENV}={external} does not answer; start that server or unset {URL_ENV}"
            )
        return url
    with file_lock(cache_root(cache_dir) / "server.lock"):
        state = read_state(cache_dir)
        if state is not None:
            if (
                state.get("version") == version
                and pid_is_server(state["pid"])
                and _wait_healthy(_url_of(state), state["pid"], timeout=10.0)
            ):
                return _url_of(state)
            _stop_locked(cache_dir)
        return _start_locked(version, cache_dir)


def _wait_healthy(url: str, pid: int, timeout: float) -> bool:
    """Poll the health check until it answers, the JVM dies or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    while True:
        if is_healthy(url):
            return True
        if not pid_is_server(pid) or time.monotonic() >= deadline:
            return False
        time.sleep(0.2)


def _java() -> str:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    java = shutil.which("java")
    if java is None:
        raise LanguageToolUnavailable("Java not found; install Java 17+ and put `java` on PATH")
    return java


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((_HOST, 0))
        return int(sock.getsockname()[1])


def _start_locked(version: str, cache_dir: Path | None, attempts: int = 3) -> str:
    """Start a JVM (lock held), retrying on another port if the first one was taken."""
    cp = classpath(version, cache_dir)  # raises "not installed; run ..." first
    java = _java()
    opts = shlex.split(os.environ.get(JAVA_OPTS_ENV, DEFAULT_JAVA_OPTS))
    log = log_path(cache_dir)
    for _attempt in range(attempts):
        port = _free_port()
        # Without --public the server only accepts connections from this machine; no
        # --allow-origin, so web pages in a browser cannot use it (fixtext needs no CORS).
        command = [java, *opts, NODELAY, "-cp", cp, _MAIN_CLASS, "--port", str(port)]
        with open(log, "ab") as log_file:
            log_file.write(
                f"\n=== {datetime.now(UTC).isoformat()} {shlex.join(command)}\n".encode()
            )
            log_file.flush()
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        _children[process.pid] = process
        state = {
            "pid": process.pid,
            "port": port,
            "version": version,
            "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        _write_state(state, cache_dir)
        url = _url_of(state)
        if _wait_healthy(url, process.pid, START_TIMEOUT_S):
            _warm_up(url)
            return url
        exit_code = process.poll()
        _stop_locked(cache_dir)
        if exit_code is None:
            raise LanguageToolUnavailable(
                f"LanguageTool server did not start in {START_TIMEOUT_S:.0f} s, see {log}"
            )
        if "Address already in use" not in log_tail(log, 40):
            raise LanguageToolUnavailable(
                f"LanguageTool server exited with code {exit_code} "
                f"({log_tail(log, 1) or 'no output'}), see {log}"
            )
    raise LanguageToolUnavailable(f"LanguageTool server found no free port, see {log}")


def _warm_up(url: str, timeout: float = 120.0) -> None:
    """Run one English check so that the first real one is not slowed by lazy loading."""
    data = urllib.parse.urlencode({"language": "en-US", "text": "He go to school."}).encode()
    try:
        with urllib.request.urlopen(f"{url}/v2/check", data=data, timeout=timeout):
            pass
    except (OSError, urllib.error.URLError):
        pass  # the server is healthy; a failed warm-up only costs the first check time


def stop(cache_dir: Path | None = None) -> bool:
    """Stop the managed server (terminate, wait, kill) and remove its state file.

    Returns True when a running server was stopped. A server given by
    ``$FIXTEXT_LANGUAGETOOL_URL`` is never touched.
    """
    with file_lock(cache_root(cache_dir) / "server.lock"):
        return _stop_locked(cache_dir)


def _stop_locked(cache_dir: Path | None) -> bool:
    state = read_state(cache_dir)
    stopped = False
    if state is not None:
        pid = state["pid"]
        child = _children.pop(pid, None)
        if child is not None:
            stopped = child.poll() is None
            terminate(child)
        elif pid_is_server(pid):
            with contextlib.suppress(psutil.NoSuchProcess):
                terminate(psutil.Process(pid))
            stopped = True
    _clear_state(cache_dir)
    return stopped


def status(version: str = LT_VERSION, cache_dir: Path | None = None) -> dict[str, Any]:
    """Describe the server: running, url, pid, port, version, started_at, rss_mb, log."""
    info: dict[str, Any] = {
        "installed": is_installed(version, cache_dir),
        "log": str(log_path(cache_dir)),
    }
    external = os.environ.get(URL_ENV)
    if external:
        url = normalize_url(external)
        return {**info, "external": True, "url": url, "running": is_healthy(url)}
    state = read_state(cache_dir)
    if state is None:
        return {**info, "external": False, "running": False}
    alive = pid_is_server(state["pid"])
    url = _url_of(state)
    info.update(state, external=False, url=url, running=alive and is_healthy(url))
    if alive:
        with contextlib.suppress(psutil.Error):
            info["rss_mb"] = round(psutil.Process(state["pid"]).memory_info().rss / 2**20)
    return info
