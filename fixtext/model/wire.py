"""The model server's wire format: each message is a 4-byte big-endian length, then that
many bytes of UTF-8 JSON. Requests are ``{"op": ..., ...}``; answers are
``{"ok": true, "result": ...}`` or ``{"ok": false, "error": "..."}``.

A request holds at most :data:`MAX_REQUEST_CHARS` characters of sentences and
:data:`MAX_REQUEST_SPANS` spans (BERT's: :data:`MAX_REQUEST_QUERIES` words or pairs,
:data:`MAX_CANDIDATES` candidates a word) and asks for at most :data:`MAX_N_BEST` rewrites each
(the client splits its work to fit, see :mod:`fixtext.model.client`); its message is
at most :data:`MAX_REQUEST` bytes, an answer's at most :data:`MAX_REPLY`. The limits
bound what one request costs the server, so requests of other runs wait for at most one
such piece of work each.
"""

from __future__ import annotations

import json
import socket
import struct
from collections.abc import Sequence
from typing import Any

#: Characters of sentences in one request.
MAX_REQUEST_CHARS = 8000
#: Spans to rewrite in one ``propose`` request.
MAX_REQUEST_SPANS = 32
#: Sentences in one request.
MAX_REQUEST_SENTENCES = 256
#: BERT queries (words to score, or sentence pairs to compare) in one request.
MAX_REQUEST_QUERIES = 64
#: Candidates of one word in a BERT request.
MAX_CANDIDATES = 64
#: Words of a sentence, and characters of a word, in a BERT request.
MAX_WORDS = 512
MAX_WORD_CHARS = 100
#: Rewrites asked for per span (per sentence, for a whole-sentence model).
MAX_N_BEST = 16
#: Bytes of a request message: the sentences at 6 bytes a character (a JSON ``\\u``
#: escape) and their spans, with room to spare.
MAX_REQUEST = 2**20
#: Bytes of an answer: ``MAX_REQUEST_SPANS * MAX_N_BEST`` rewrites of sentences of up to
#: ``MAX_REQUEST_CHARS`` characters fit for ordinary text; a larger answer is an error.
MAX_REPLY = 32 * 2**20
_HEADER = struct.Struct(">I")


def words_fit(words: Sequence[str]) -> bool:
    """Whether ``words`` may go in a BERT request: at most :data:`MAX_WORDS`, each 1 to
    :data:`MAX_WORD_CHARS` characters without white space (a longer "word" would cost a
    masked forward a piece)."""
    return len(words) <= MAX_WORDS and all(
        0 < len(w) <= MAX_WORD_CHARS and not any(c.isspace() for c in w) for w in words
    )


class WireError(Exception):
    """The other side closed the connection or sent something that is not a message."""


class Closed(WireError):
    """The other side closed the connection before a whole message came."""


def encode(message: Any) -> bytes:
    """One message as it goes on the wire: the length header, then the JSON body."""
    body = json.dumps(message, ensure_ascii=False).encode("utf-8")
    return _HEADER.pack(len(body)) + body


def send(sock: socket.socket, message: Any) -> None:
    """Send one message."""
    sock.sendall(encode(message))


def receive(sock: socket.socket, limit: int = MAX_REPLY) -> Any:
    """Receive one message of at most ``limit`` bytes; :class:`WireError` when the stream
    ends, the message is longer, or it is not JSON (too deeply nested included)."""
    (length,) = _HEADER.unpack(_read_exactly(sock, _HEADER.size))
    if length > limit:
        raise WireError(f"message of {length} bytes is over the {limit}-byte limit")
    try:
        return json.loads(_read_exactly(sock, length).decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise WireError(f"malformed message: {type(exc).__name__}: {exc}") from None


def _read_exactly(sock: socket.socket, size: int) -> bytes:
    chunks, remaining = [], size
    while remaining:
        chunk = sock.recv(min(remaining, 2**20))
        if not chunk:
            raise Closed("connection closed")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)
