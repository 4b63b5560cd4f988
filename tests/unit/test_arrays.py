"""The shipped tables' arrays: unpacked once into the cache, the same as the package's."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from fixtext.lexicon.arrays import shipped_arrays


@pytest.fixture
def packaged() -> dict[str, np.ndarray]:
    """The arrays of the shipped trigram table, read from the package itself."""
    path = resources.files("fixtext").joinpath("data", "trigrams.npz")
    with resources.as_file(path) as file, np.load(file) as packed:
        return {key: packed[key] for key in packed.files}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FIXTEXT_CACHE_DIR", str(tmp_path))
    return tmp_path


def _same(arrays: dict[str, np.ndarray], packaged: dict[str, np.ndarray]) -> bool:
    return arrays.keys() == packaged.keys() and all(
        arrays[key].dtype == packaged[key].dtype and np.array_equal(arrays[key], packaged[key])
        for key in packaged
    )


def test_first_read_unpacks_into_the_cache_and_later_reads_map_it(packaged, cache):
    first = shipped_arrays("trigrams")
    [unpacked] = (cache / "arrays").iterdir()
    assert unpacked.name.startswith("trigrams-")
    assert sorted(f.stem for f in unpacked.iterdir()) == sorted(packaged)
    second = shipped_arrays("trigrams")
    assert _same(first, packaged) and _same(second, packaged)
    assert all(isinstance(array, np.memmap) for array in second.values())
    assert not second["keys"].flags.writeable


def test_an_older_unpacking_of_the_table_is_removed(packaged, cache):
    old = cache / "arrays" / "trigrams-1-2"
    old.mkdir(parents=True)
    (old / "keys.npy").write_bytes(b"stale")
    other = cache / "arrays" / "bigrams-1-2"
    other.mkdir()
    assert _same(shipped_arrays("trigrams"), packaged)
    assert not old.exists() and other.exists()


def test_a_damaged_cache_file_falls_back_to_the_package(packaged, cache):
    shipped_arrays("trigrams")
    [unpacked] = (cache / "arrays").iterdir()
    keys = unpacked / "keys.npy"
    keys.write_bytes(keys.read_bytes()[:1000])  # truncated
    assert _same(shipped_arrays("trigrams"), packaged)


def test_an_unwritable_cache_falls_back_to_the_package(packaged, tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("FIXTEXT_CACHE_DIR", str(blocked))
    assert _same(shipped_arrays("trigrams"), packaged)
