"""Reading refuses bad input with one line; writing is atomic and keeps the mode."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from fixtext.inputs import InputError, read_text, write_atomic


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"\xff\xfeh\x00i\x00", "UTF-16"),
        (b"abc\x00def", "NUL"),
        (b"caf\xe9", "not valid UTF-8"),
    ],
)
def test_bad_bytes_are_refused(tmp_path: Path, data: bytes, needle: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=needle):
        read_text(path)


def test_missing_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_text(tmp_path)


def test_line_endings_and_bom_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffone\r\ntwo\rthree\n".encode())
    assert read_text(path) == "\ufeffone\r\ntwo\rthree\n"


def test_write_atomic_keeps_mode_and_leaves_no_temp(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("old")
    os.chmod(path, 0o640)
    write_atomic(path, "new “text”")
    assert path.read_text() == "new “text”"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.txt"]


def test_write_atomic_refuses_read_only(tmp_path: Path) -> None:
    path = tmp_path / "ro.txt"
    path.write_text("keep me")
    os.chmod(path, 0o444)
    with pytest.raises(InputError, match="read-only"):
        write_atomic(path, "changed")
    assert path.read_text() == "keep me"


def test_write_atomic_through_symlink_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_atomic(link, "new")
    assert link.is_symlink() and target.read_text() == "new"


def test_write_atomic_refuses_a_file_that_changed_meanwhile(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("read version")
    path.write_text("edited by someone else")
    with pytest.raises(InputError, match="changed while being fixed"):
        write_atomic(path, "fixed version", expected="read version")
    assert path.read_text() == "edited by someone else"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.txt"]


def test_read_text_refuses_more_than_max_bytes(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 11)
    assert read_text(path, max_bytes=11) == "x" * 11
    with pytest.raises(InputError, match="larger than the 10-byte limit"):
        read_text(path, max_bytes=10)


def test_write_atomic_interrupted_keeps_the_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "story.txt"
    path.write_text("original")

    def interrupt(src: str, dst: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(path, "fixed")
    assert path.read_text() == "original"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.txt"]


def test_write_atomic_in_an_unwritable_folder_is_an_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "story.txt"
    path.write_text("original")

    def refuse(**_kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("fixtext.inputs.tempfile.mkstemp", refuse)
    with pytest.raises(InputError, match="cannot write \\(Permission denied\\)"):
        write_atomic(path, "fixed")
    assert path.read_text() == "original"
