"""Reading refuses bad input with one line; writing is atomic and keeps the mode."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from fixtext.inputs import InputError, printable, read_text, write_atomic


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


def test_write_atomic_keeps_the_mode_but_drops_setuid_and_setgid(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    for mode, kept in ((0o6754, 0o754), (0o2640, 0o640), (0o1644, 0o1644), (0o600, 0o600)):
        path.write_text("old")
        os.chmod(path, mode)
        assert stat.S_IMODE(path.stat().st_mode) == mode
        assert write_atomic(path, "new") is None
        assert path.read_text() == "new"
        assert stat.S_IMODE(path.stat().st_mode) == kept


def test_write_atomic_warns_that_other_hard_links_keep_the_old_text(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("old")
    (tmp_path / "copy.txt").hardlink_to(path)
    (tmp_path / "third.txt").hardlink_to(path)
    warning = write_atomic(path, "new")
    assert warning == f"{path}: had 3 hard links; the others keep the old text"
    assert path.read_text() == "new" and path.stat().st_nlink == 1
    assert (tmp_path / "copy.txt").read_text() == "old"
    assert (tmp_path / "third.txt").stat().st_nlink == 2
    assert write_atomic(path, "newer") is None  # now the only link


def test_printable_escapes_control_characters_only() -> None:
    escaped = "a\\nb\\r\\tc\\x1b[31m\\x7f\\x85\\u2028d"
    assert printable("a\nb\r\tc\x1b[31m\x7f\x85\u2028d") == escaped
    assert printable("plain é 😀 back\\slash 'quote'") == "plain é 😀 back\\slash 'quote'"
    assert printable(Path("dir/x\ny.txt")) == "dir/x\\ny.txt"


def test_messages_with_a_newline_in_the_file_name_stay_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "no\nsuch.txt"
    with pytest.raises(InputError) as caught:
        read_text(missing)
    assert str(caught.value) == f"{tmp_path}/no\\nsuch.txt: no such file"
    bad = tmp_path / "bad\r\nname\x1b.txt"
    bad.write_bytes(b"caf\xe9")
    with pytest.raises(InputError, match=r"bad\\r\\nname\\x1b\.txt: not valid UTF-8") as caught:
        read_text(bad)
    read_only = tmp_path / "read\nonly.txt"
    read_only.write_text("keep me")
    os.chmod(read_only, 0o444)
    with pytest.raises(InputError, match=r"read\\nonly\.txt: file is read-only") as caught:
        write_atomic(read_only, "changed")
    assert "\n" not in str(caught.value)
    linked = tmp_path / "linked\n.txt"
    linked.write_text("old")
    (tmp_path / "other.txt").hardlink_to(linked)
    warning = write_atomic(linked, "new")
    assert warning == f"{tmp_path}/linked\\n.txt: had 2 hard links; the others keep the old text"
