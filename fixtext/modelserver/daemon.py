"""The model server process: load one model, answer requests on a Unix socket, exit idle.

Run by :func:`fixtext.modelserver.client.start` as
``python -m fixtext.modelserver.daemon MODEL_DIR SOCKET STATE_FILE IDLE_S KEY``.
Operations: ``ping`` (answers the model key and pid), ``token_scores`` and ``propose``
(the :class:`~fixtext.seq2seq.Seq2SeqModel` methods of the same names). A model that
cannot be loaded ends the process with exit 2 and the error as the log's last line.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import sys
from dataclasses import astuple
from pathlib import Path
from typing import Any

from fixtext.languagetool.install import file_lock
from fixtext.modelserver.wire import WireError, receive, send
from fixtext.seq2seq import ModelError, Seq2SeqModel

REQUEST_TIMEOUT_S = 30.0  # a client that connects and then stalls is dropped


def answer(model: Seq2SeqModel, key: str, request: Any) -> dict[str, Any]:
    """The answer to one request (never raises for a bad request)."""
    if not isinstance(request, dict):
        return {"ok": False, "error": "a request is a JSON object"}
    op = request.get("op")
    try:
        if op == "ping":
            return {"ok": True, "result": {"key": key, "pid": os.getpid()}}
        if op == "token_scores":
            scores = model.token_scores(list(request["sentences"]))
            return {"ok": True, "result": [[astuple(s) for s in row] for row in scores]}
        if op == "propose":
            spans = request.get("spans")
            if spans is not None:
                spans = [[(int(a), int(b)) for a, b in row] for row in spans]
            result = model.propose(list(request["sentences"]), int(request["n_best"]), spans)
            return {"ok": True, "result": result}
    except (KeyError, TypeError, ValueError) as exc:
        return {"ok": False, "error": f"bad {op} request: {exc}"}
    except Exception as exc:  # the model failed on this input: answer, keep serving others
        return {"ok": False, "error": f"{op} failed: {type(exc).__name__}: {exc}"}
    return {"ok": False, "error": f"unknown op {op!r}"}


def serve(model_dir: Path, socket_path: Path, state_file: Path, idle_s: float, key: str) -> int:
    """Load the model, then answer connections (one request each) until idle for
    ``idle_s`` seconds or terminated; the socket and this server's state file are removed
    on the way out. Returns the exit status."""
    try:
        model = Seq2SeqModel(model_dir)
    except ModelError as exc:
        print(exc, file=sys.stderr, flush=True)
        return 2
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        old_mask = os.umask(0o177)  # the socket is created 0600: only this user may connect
        try:
            listener.bind(str(socket_path))
        finally:
            os.umask(old_mask)
        listener.listen(16)
        print(f"serving {model_dir} on {socket_path}", file=sys.stderr, flush=True)
        while True:
            connection = _next_connection(listener, idle_s, socket_path, state_file)
            if connection is None:
                break
            with connection:
                connection.settimeout(REQUEST_TIMEOUT_S)
                try:
                    send(connection, answer(model, key, receive(connection)))
                except (OSError, WireError) as exc:
                    print(f"dropped a request: {exc}", file=sys.stderr, flush=True)
        print(f"idle for {idle_s:.0f} s: exiting", file=sys.stderr, flush=True)
        return 0
    finally:
        listener.close()
        _remove_own(socket_path, state_file)


def _next_connection(
    listener: socket.socket, idle_s: float, socket_path: Path, state_file: Path
) -> socket.socket | None:
    """The next client, or None after ``idle_s`` seconds without one. Going idle takes
    the key's start lock and removes the server's files under it, so a client either
    connected before (and is served) or finds no server and starts a new one."""
    listener.settimeout(idle_s)
    try:
        return listener.accept()[0]
    except TimeoutError:
        pass
    with file_lock(socket_path.with_suffix(".lock")):
        listener.setblocking(False)
        try:
            return listener.accept()[0]  # one that arrived just now
        except BlockingIOError:
            _remove_own(socket_path, state_file)
            return None


def _remove_own(socket_path: Path, state_file: Path) -> None:
    """Remove the socket and the state file, unless a newer server already owns them."""
    try:
        owner = json.loads(state_file.read_text(encoding="utf-8")).get("pid")
    except (OSError, ValueError, AttributeError):
        owner = None
    if owner in (None, os.getpid()):
        with contextlib.suppress(OSError):
            socket_path.unlink()
        with contextlib.suppress(OSError):
            state_file.unlink()


def _terminate(signum: int, frame: object) -> None:
    raise SystemExit(0)


def main(argv: list[str]) -> int:
    """Entry point: ``MODEL_DIR SOCKET STATE_FILE IDLE_S KEY``."""
    model_dir, socket_path, state_file, idle_s, key = argv
    signal.signal(signal.SIGTERM, _terminate)
    return serve(Path(model_dir), Path(socket_path), Path(state_file), float(idle_s), key)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
