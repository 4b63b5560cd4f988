"""The model server's wire format: each message is a 4-byte big-endian length, then that
many bytes of UTF-8 JSON. Requests are ``{"op": ..., ...}``; answers are
``{"ok": true, "result": ...}`` or ``{"ok": false, "error": "..."}``."""

from __future__ import annotations

import json
import socket
import struct
from typing import Any

MAX_MESSAGE = 256 * 2**20  # far above any document's sentences; guards against garbage
_HEADER = struct.Struct(">I")


class WireError(Exception):
    """The other side closed the connection or sent something that is not a message."""


def send(sock: socket.socket, message: Any) -> None:
    """Send one message."""
    body = json.dumps(message, ensure_ascii=False).encode("utf-8")
    sock.sendall(_HEADER.pack(len(body)) + body)


def receive(sock: socket.socket) -> Any:
    """Receive one message; :class:`WireError` when the stream ends or is malformed."""
    (length,) = _HEADER.unpack(_read_exactly(sock, _HEADER.size))
    if length > MAX_MESSAGE:
        raise WireError(f"message of {length} bytes is over the {MAX_MESSAGE}-byte limit")
    try:
        return json.loads(_read_exactly(sock, length).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise WireError(f"malformed message: {exc}") from None


def _read_exactly(sock: socket.socket, size: int) -> bytes:
    chunks, remaining = [], size
    while remaining:
        chunk = sock.recv(min(remaining, 2**20))
        if not chunk:
            raise WireError("connection closed")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)
