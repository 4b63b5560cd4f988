"""Background server processes (the LanguageTool JVM, the model server): is a pid still
ours and alive, stop it, read the end of its log."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path

import psutil


def is_live(
    pid: int, children: Mapping[int, subprocess.Popen[bytes]], markers: Iterable[str]
) -> bool:
    """True when ``pid`` is a live (not zombie) process whose command line holds every
    one of ``markers``. A process this one started (in ``children``) is judged by its
    ``Popen``, since its command line may still read empty right after exec."""
    child = children.get(pid)
    if child is not None:
        return child.poll() is None
    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return False
        cmdline = process.cmdline()
    except (psutil.Error, ValueError):
        return False
    return all(marker in cmdline for marker in markers)


def terminate(process: subprocess.Popen[bytes] | psutil.Process, grace_s: float = 10.0) -> None:
    """Terminate, wait up to ``grace_s``, then kill; a child of ours is also reaped."""
    process.terminate()
    try:
        process.wait(grace_s)
    except (subprocess.TimeoutExpired, psutil.TimeoutExpired):
        process.kill()
        process.wait(grace_s)


def log_tail(path: Path, lines: int) -> str:
    """The last ``lines`` lines of a log ("" when it cannot be read)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.strip().splitlines()[-lines:])
