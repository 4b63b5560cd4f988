"""fixtext's cache folder and the file locks that serialise work in it.

The cache is ``$FIXTEXT_CACHE_DIR`` or ``~/.cache/fixtext``; LanguageTool's jars and
server state live in ``<cache>/languagetool``, the model servers' in ``<cache>/model``, and
the shipped n-gram tables, unpacked, in ``<cache>/arrays``.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def cache_home(cache_dir: Path | None = None) -> Path:
    """``cache_dir`` (expanded) or else ``$FIXTEXT_CACHE_DIR`` or ``~/.cache/fixtext``."""
    if cache_dir is None:
        env = os.environ.get("FIXTEXT_CACHE_DIR")
        cache_dir = Path(env) if env else Path.home() / ".cache" / "fixtext"
    return Path(cache_dir).expanduser()


@contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive ``fcntl`` lock on ``path`` (created if missing) for the block."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
