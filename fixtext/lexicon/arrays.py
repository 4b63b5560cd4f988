"""The arrays of a table shipped in ``fixtext/data`` (``<name>.npz``), read fast.

The tables are compressed, which keeps the repository small but makes reading them slow:
decompressing the two n-gram tables took about 0.09 s of a warm ``fixtext check`` of
1,000 words (1.2 s). :func:`shipped_arrays` unpacks a table once into fixtext's cache,
``<cache>/arrays/<name>-<key>/`` with one ``.npy`` file an array (written to a temporary
folder, then renamed into place whole), and maps those files read-only after that. The
key is drawn from the size and CRC-32 of every array in the ``.npz``, so two installs of
the same table share one folder and a changed table gets a folder of its own (folders of
older tables are left for the user to delete). Before mapping, the folder must hold
exactly the table's arrays, each file of the size the table gives it; a folder that
fails this, or cannot be read, is unpacked again once, and where the cache cannot be
written the arrays come from the ``.npz`` itself.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import zipfile
import zlib
from importlib import resources
from pathlib import Path

import numpy as np

from fixtext.cache import cache_home

log = logging.getLogger(__name__)


def shipped_arrays(name: str) -> dict[str, np.ndarray]:
    """The arrays of ``fixtext/data/<name>.npz`` by name (read-only where mapped)."""
    with resources.as_file(resources.files("fixtext").joinpath("data", f"{name}.npz")) as path:
        members = _members(path)
        key = zlib.crc32(repr(sorted(members.items())).encode())
        unpacked = cache_home() / "arrays" / f"{name}-{key:08x}"
        for attempt in range(2):
            try:
                if attempt or not unpacked.is_dir():
                    _unpack(path, unpacked)
                return _mapped(unpacked, {k: size for k, (size, _) in members.items()})
            except Exception as error:  # any damage to the cache: unpack again, then the package
                log.debug("cache of %s unusable (%s)", name, error)
        with np.load(path) as packed:
            return {key: packed[key] for key in packed.files}


def _members(path: Path) -> dict[str, tuple[int, int]]:
    """Each array of the ``.npz`` at ``path`` with the size and CRC-32 of its ``.npy``
    file, from the archive's directory (nothing decompressed)."""
    with zipfile.ZipFile(path) as archive:
        return {
            info.filename.removesuffix(".npy"): (info.file_size, info.CRC)
            for info in archive.infolist()
        }


def _unpack(path: Path, unpacked: Path) -> None:
    """Copy each ``.npy`` file of the ``.npz`` at ``path`` into ``unpacked``, whole or
    not at all (a folder already there is replaced)."""
    unpacked.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=unpacked.parent, prefix=".unpacking-"))
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                with archive.open(info) as source, open(staging / info.filename, "wb") as target:
                    shutil.copyfileobj(source, target)  # the archive checks the CRC-32
                    target.flush()
                    os.fsync(target.fileno())
        if unpacked.is_dir():
            shutil.rmtree(unpacked, ignore_errors=True)
        try:
            os.rename(staging, unpacked)
        except OSError:
            if not unpacked.is_dir():  # another process may have won the rename
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _mapped(unpacked: Path, sizes: dict[str, int]) -> dict[str, np.ndarray]:
    """The arrays in ``unpacked``, mapped read-only; raises ValueError unless the folder
    holds exactly the arrays of ``sizes``, each file of its size."""
    files = {file.stem: file for file in unpacked.glob("*.npy")}
    if files.keys() != sizes.keys():
        raise ValueError(f"{unpacked} holds {sorted(files)}, not {sorted(sizes)}")
    for key, file in files.items():
        if file.stat().st_size != sizes[key]:
            raise ValueError(f"{file} is {file.stat().st_size} bytes, not {sizes[key]}")
    return {key: np.load(file, mmap_mode="r") for key, file in files.items()}
