"""The arrays of a table shipped in ``fixtext/data`` (``<name>.npz``), read fast.

The tables are compressed, which keeps the repository small but makes reading them slow:
decompressing the n-gram tables was about a tenth of a warm ``fixtext check`` of 1,000
words. :func:`shipped_arrays` unpacks a table once into fixtext's cache
(``<cache>/arrays/<name>-<size>-<mtime>/``, one ``.npy`` file an array, written to a
temporary folder and renamed into place whole) and maps those files read-only after
that. Where the cache cannot be written, or a file in it cannot be read back, the arrays
come from the ``.npz`` itself, so they are always the shipped ones.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from importlib import resources
from pathlib import Path

import numpy as np

from fixtext.cache import cache_home

log = logging.getLogger(__name__)


def shipped_arrays(name: str) -> dict[str, np.ndarray]:
    """The arrays of ``fixtext/data/<name>.npz`` by name (read-only where mapped)."""
    with resources.as_file(resources.files("fixtext").joinpath("data", f"{name}.npz")) as path:
        stat = path.stat()
        unpacked = cache_home() / "arrays" / f"{name}-{stat.st_size}-{stat.st_mtime_ns}"
        try:
            if not unpacked.is_dir():
                _unpack(path, unpacked)
            return _mapped(unpacked)
        except (OSError, ValueError) as error:
            log.debug("reading %s from the package (%s)", path, error)
            with np.load(path) as packed:
                return {key: packed[key] for key in packed.files}


def _unpack(path: Path, unpacked: Path) -> None:
    """Write each array of the ``.npz`` at ``path`` to ``unpacked/<key>.npy``, whole or
    not at all, and remove what older versions of the same table left beside it."""
    unpacked.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=unpacked.parent, prefix=".unpacking-"))
    try:
        with np.load(path) as packed:
            for key in packed.files:
                np.save(staging / f"{key}.npy", packed[key])
        os.rename(staging, unpacked)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        if not unpacked.is_dir():  # another process may have won the rename
            raise
    table = unpacked.name.rsplit("-", 2)[0]
    for old in unpacked.parent.glob(f"{table}-*-*"):
        if old != unpacked and old.name.rsplit("-", 2)[0] == table:
            shutil.rmtree(old, ignore_errors=True)


def _mapped(unpacked: Path) -> dict[str, np.ndarray]:
    """The arrays in ``unpacked``, mapped read-only (raises ValueError when none)."""
    files = sorted(unpacked.glob("*.npy"))
    if not files:
        raise ValueError(f"no arrays in {unpacked}")
    return {file.stem: np.load(file, mmap_mode="r") for file in files}
