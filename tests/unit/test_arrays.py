"""The shipped tables' arrays: unpacked once into the cache, the same as the package's."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from fixtext.lexicon import arrays
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
    written = {f.name: f.stat().st_ino for f in unpacked.iterdir()}
    second = shipped_arrays("trigrams")
    assert {f.name: f.stat().st_ino for f in unpacked.iterdir()} == written  # not unpacked again
    assert _same(first, packaged) and _same(second, packaged)
    assert all(isinstance(array, np.memmap) for array in second.values())
    assert not second["keys"].flags.writeable


def test_a_folder_of_another_table_version_is_left_alone(packaged, cache):
    other = cache / "arrays" / "trigrams-00000000"
    other.mkdir(parents=True)
    (other / "keys.npy").write_bytes(b"another version")
    assert _same(shipped_arrays("trigrams"), packaged)
    assert (other / "keys.npy").read_bytes() == b"another version"


def _truncate(file: Path) -> None:
    file.write_bytes(file.read_bytes()[:1000])


@pytest.mark.parametrize(
    "damage",
    [
        _truncate,
        lambda file: file.write_bytes(b""),
        lambda file: file.unlink(),
        lambda file: file.with_name("extra.npy").write_bytes(file.read_bytes()),
    ],
    ids=["truncated", "empty", "missing", "an extra file"],
)
def test_a_damaged_cache_is_unpacked_again(packaged, cache, damage):
    shipped_arrays("trigrams")
    [unpacked] = (cache / "arrays").iterdir()
    damage(unpacked / "keys.npy")
    mended = shipped_arrays("trigrams")
    assert _same(mended, packaged)
    assert all(isinstance(array, np.memmap) for array in mended.values())


def test_a_cache_that_stays_damaged_falls_back_to_the_package(packaged, cache, monkeypatch):
    shipped_arrays("trigrams")
    [unpacked] = (cache / "arrays").iterdir()
    _truncate(unpacked / "keys.npy")
    monkeypatch.setattr(arrays, "_unpack", lambda path, unpacked: None)  # a disk that loses it
    read = shipped_arrays("trigrams")
    assert _same(read, packaged) and not isinstance(read["keys"], np.memmap)


def test_an_unwritable_cache_falls_back_to_the_package(packaged, tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("FIXTEXT_CACHE_DIR", str(blocked))
    assert _same(shipped_arrays("trigrams"), packaged)


def test_an_interrupted_unpacking_leaves_no_staging_folder(cache, monkeypatch):
    def interrupted(source, target):
        raise KeyboardInterrupt

    monkeypatch.setattr(arrays.shutil, "copyfileobj", interrupted)
    with pytest.raises(KeyboardInterrupt):
        shipped_arrays("trigrams")
    assert list((cache / "arrays").iterdir()) == []
