"""Read user files safely and write them back atomically.

Every failure is an :class:`InputError` with a one-line message (control characters in a
file name are escaped, see :func:`printable`); the CLI turns it into exit code 2. Nothing
here ever leaves a user's file half written.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO

STDIN = "-"
#: Characters that would break a one-line message: C0 and C1 controls, DEL, and the line
#: and paragraph separators (which ``str.splitlines`` splits at).
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str | Path) -> str:
    """``text`` with its control characters escaped as Python writes them (a newline as
    ``\\n``, an escape as ``\\x1b``); everything else, backslashes too, unchanged."""
    return _CONTROLS.sub(lambda m: repr(m[0])[1:-1], str(text))


class InputError(Exception):
    """A file that cannot be read or written as UTF-8 text (exit code 2)."""


def read_text(path: Path | str, max_bytes: int | None = None) -> str:
    """Return the file's text (``-`` reads stdin), decoded as strict UTF-8.

    Newlines are kept exactly as they are (no universal-newline translation). With
    ``max_bytes``, a larger input is refused without being read whole.
    """
    name = printable(path)
    try:
        if name == STDIN:
            data = _read_at_most(sys.stdin.buffer, max_bytes)
        else:
            p = Path(path)
            if p.is_dir():
                raise InputError(f"{name}: is a directory")
            with p.open("rb") as handle:
                data = _read_at_most(handle, max_bytes)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    if max_bytes is not None and len(data) > max_bytes:
        raise InputError(
            f"{name}: larger than the {max_bytes}-byte limit; split it or raise --max-bytes"
        )
    return decode(data, name)


def _read_at_most(handle: BinaryIO, max_bytes: int | None) -> bytes:
    """Everything, or just past ``max_bytes`` (enough to tell the input is too large)."""
    return handle.read() if max_bytes is None else handle.read(max_bytes + 1)


def decode(data: bytes, name: str) -> str:
    """Decode ``data`` as UTF-8 or raise a one-line :class:`InputError`."""
    name = printable(name)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{name}: UTF-16 text is not supported; convert it to UTF-8")
    if b"\x00" in data:
        raise InputError(f"{name}: binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not valid UTF-8 (byte {exc.start})") from None


def write_atomic(path: Path, text: str, expected: str | None = None) -> str | None:
    """Replace ``path`` with ``text``: temp file in the same folder, fsync, rename.

    The file's ownership (when permitted) and mode are kept, except the setuid and setgid
    bits, which are dropped; on any error the original is left untouched and the temp file
    removed. With ``expected``, the file is written only if it still holds exactly that
    text (it did not change while being fixed).

    The rename gives the path a new file: other hard links to the old one keep the old
    text. Returns a one-line warning saying so when the file had other hard links, else
    None.
    """
    path = Path(path)
    name = printable(path)
    target = path.resolve()  # write through a symlink, never replace the link itself
    try:
        info = target.stat()
    except OSError as exc:
        raise InputError(f"{name}: cannot write ({exc.strerror})") from None
    if not os.access(target, os.W_OK) or not info.st_mode & 0o222:
        raise InputError(f"{name}: file is read-only; not written")
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".fixtext", dir=target.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(PermissionError):
            os.chown(tmp, info.st_uid, info.st_gid)
        # after chown, which may clear them anyway: setuid/setgid are never carried over
        os.chmod(tmp, stat.S_IMODE(info.st_mode) & ~(stat.S_ISUID | stat.S_ISGID))
        if expected is not None and target.read_bytes() != expected.encode("utf-8"):
            raise InputError(f"{name}: changed while being fixed; not written")
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise InputError(f"{name}: cannot write ({exc.strerror or exc})") from None
    finally:  # any failure, Ctrl-C included: the original stays, the temp file goes
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    if info.st_nlink > 1:
        return f"{name}: had {info.st_nlink} hard links; the others keep the old text"
    return None


#: The extensions of the files a directory argument contributes (prose fixtext reads).
PROSE_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})


def expand(paths: list[Path]) -> list[Path]:
    """``paths`` with each directory replaced by the prose files under it, sorted, hidden
    folders and files skipped and, inside a git work tree, the files git ignores
    (``.gitignore``) left out; files and ``-`` are kept as given, in order."""
    out: list[Path] = []
    for path in paths:
        if str(path) == STDIN or not path.is_dir():
            out.append(path)
            continue
        found = sorted(
            file
            for file in path.rglob("*")
            if file.suffix.lower() in PROSE_SUFFIXES
            and file.is_file()
            and not any(part.startswith(".") for part in file.relative_to(path).parts)
        )
        ignored = _git_ignored(path, found)
        out.extend(file for file in found if file not in ignored)
    return out


def _git_ignored(folder: Path, files: list[Path]) -> set[Path]:
    """The ``files`` git ignores in ``folder``'s work tree (none outside one, or without
    git)."""
    if not files:
        return set()
    try:
        answer = subprocess.run(
            ["git", "-C", str(folder), "check-ignore", "--stdin", "-z"],
            input=b"\0".join(str(file.resolve()).encode() for file in files),
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return set()
    if answer.returncode not in (0, 1):  # 128: not a work tree
        return set()
    listed = {Path(name.decode()) for name in answer.stdout.split(b"\0") if name}
    return {file for file in files if file.resolve() in listed}
