"""Read user files safely and write them back atomically.

Every failure is an :class:`InputError` with a one-line message; the CLI turns it into
exit code 2. Nothing here ever leaves a user's file half written.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

STDIN = "-"


class InputError(Exception):
    """A file that cannot be read or written as UTF-8 text (exit code 2)."""


def read_text(path: Path | str) -> str:
    """Return the file's text (``-`` reads stdin), decoded as strict UTF-8.

    Newlines are kept exactly as they are (no universal-newline translation).
    """
    name = str(path)
    if name == STDIN:
        data = sys.stdin.buffer.read()
    else:
        p = Path(path)
        if p.is_dir():
            raise InputError(f"{name}: is a directory")
        try:
            data = p.read_bytes()
        except FileNotFoundError:
            raise InputError(f"{name}: no such file") from None
        except PermissionError:
            raise InputError(f"{name}: permission denied") from None
        except OSError as exc:
            raise InputError(f"{name}: cannot read ({exc.strerror})") from None
    return decode(data, name)


def decode(data: bytes, name: str) -> str:
    """Decode ``data`` as UTF-8 or raise a one-line :class:`InputError`."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{name}: UTF-16 text is not supported; convert it to UTF-8")
    if b"\x00" in data:
        raise InputError(f"{name}: binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not valid UTF-8 (byte {exc.start})") from None


def write_atomic(path: Path, text: str, expected: str | None = None) -> None:
    """Replace ``path`` with ``text``: temp file in the same folder, fsync, rename.

    The file's mode (and, when permitted, ownership) is kept; on any error the original
    is left untouched and the temp file removed. With ``expected``, the file is written
    only if it still holds exactly that text (it did not change while being fixed).
    """
    path = Path(path)
    target = path.resolve()  # write through a symlink, never replace the link itself
    try:
        info = target.stat()
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror})") from None
    if not os.access(target, os.W_OK) or not info.st_mode & 0o222:
        raise InputError(f"{path}: file is read-only; not written")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".fixtext", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, info.st_mode & 0o7777)
        with contextlib.suppress(PermissionError):
            os.chown(tmp, info.st_uid, info.st_gid)
        if expected is not None and target.read_bytes() != expected.encode("utf-8"):
            raise InputError(f"{path}: changed while being fixed; not written")
        os.replace(tmp, target)
    except InputError:
        Path(tmp).unlink(missing_ok=True)
        raise
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write ({exc.strerror})") from None
