"""The model server process: load one model, answer requests on a Unix socket, exit idle.

Run by :func:`fixtext.model.client.start` as
``python -m fixtext.model.daemon MODEL_DIR SOCKET STATE_FILE IDLE_S KEY``.
Operations: ``ping`` (answers the model key and pid), ``token_scores`` and ``propose``
(the :class:`~fixtext.model.seq2seq.Seq2SeqModel` methods of the same names), and
``word_log_probs``, ``gains``, ``proposals``, ``fill``, ``context_change`` and ``damage``
(the :class:`~fixtext.model.masked_lm.MaskedScorer` methods; BERT is loaded on the
first of them, so a server that never scores words never holds it). A model that
cannot be loaded ends the process with exit 2 and the error as the log's last line.

One request at a time, in the order the connections came: on 2 cores the model's own
threads use the CPU a second request would need, and one loaded model is all the memory
a server takes. What keeps a short request from waiting behind a long document is the
size of a request: the limits of :mod:`fixtext.model.wire` bound what one costs
(the client splits a document's sentences to fit), so a run's next piece of work queues
behind the requests of other runs that arrived meanwhile. A request over a limit, a
message that is not JSON and an answer over :data:`~fixtext.model.wire.MAX_REPLY`
get an error answer; nothing a client sends stops the server.
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

from fixtext.cache import file_lock
from fixtext.model.masked_lm import MAX_WIDTH, MaskedScorer, Query
from fixtext.model.seq2seq import ModelError, Seq2SeqModel
from fixtext.model.wire import (
    MAX_CANDIDATES,
    MAX_N_BEST,
    MAX_REPLY,
    MAX_REQUEST,
    MAX_REQUEST_CHARS,
    MAX_REQUEST_QUERIES,
    MAX_REQUEST_SENTENCES,
    MAX_REQUEST_SPANS,
    Closed,
    WireError,
    encode,
    receive,
    words_fit,
)

REQUEST_TIMEOUT_S = 30.0  # a client that connects and then stalls is dropped
BERT_OPS = ("word_log_probs", "gains", "proposals", "fill", "context_change", "damage")

_scorer: MaskedScorer | None = None


def scorer() -> MaskedScorer:
    """BERT, loaded on first use (raises ``BertUnavailable`` when it is not installed)."""
    global _scorer
    if _scorer is None:
        _scorer = MaskedScorer.installed()
    return _scorer


def answer(model: Seq2SeqModel, key: str, request: Any) -> dict[str, Any]:
    """The answer to one request (never raises for a bad request)."""
    if not isinstance(request, dict):
        return {"ok": False, "error": "a request is a JSON object"}
    op = request.get("op")
    if op == "ping":
        return {"ok": True, "result": {"key": key, "pid": os.getpid()}}
    if op in BERT_OPS:
        return bert_answer(request)
    if op not in ("token_scores", "propose"):
        return {"ok": False, "error": f"unknown op {op!r}"}
    problem = request_problem(request)
    if problem:
        return {"ok": False, "error": f"bad {op} request: {problem}"}
    try:
        if op == "token_scores":
            scores = model.token_scores(request["sentences"])
            return {"ok": True, "result": [[astuple(s) for s in row] for row in scores]}
        spans = request.get("spans")
        if spans is not None:
            spans = [[(a, b) for a, b in row] for row in spans]
        result = model.propose(request["sentences"], request["n_best"], spans)
        return {"ok": True, "result": result}
    except Exception as exc:  # the model failed on this input: answer, keep serving others
        return {"ok": False, "error": f"{op} failed: {type(exc).__name__}: {exc}"}


def bert_answer(request: dict[str, Any]) -> dict[str, Any]:
    """The answer to a BERT request (see :func:`bert_problem` for their shapes)."""
    op = request["op"]
    problem = bert_problem(request)
    if problem:
        return {"ok": False, "error": f"bad {op} request: {problem}"}
    try:
        model = scorer()
        if op == "word_log_probs":
            result: Any = model.word_log_probs(request["sentences"], request["candidates"])
        elif op in ("gains", "fill"):
            queries = [_query(q) for q in request["queries"]]
            result = model.gains(queries) if op == "gains" else model.fill(queries)
        elif op == "proposals":
            queries = [_query(q) for q in request["queries"]]
            result = [[astuple(p) for p in row] for row in model.proposals(queries)]
        elif op == "damage":
            result = model.damage(request["sentences"])
        else:
            result = model.context_change([(a, b) for a, b in request["pairs"]])
        return {"ok": True, "result": result}
    except Exception as exc:  # BERT missing, or failed on this input: answer, keep serving
        return {"ok": False, "error": f"{op} failed: {type(exc).__name__}: {exc}"}


def bert_problem(request: dict[str, Any]) -> str:
    """Why a BERT request is malformed or over the limits; "" when it is neither.

    ``word_log_probs``: ``sentences`` (lists of words) and ``candidates`` (per sentence,
    per word, a list of words); ``gains``, ``fill`` and ``proposals``: ``queries``, each
    ``[words, index, candidates]`` or ``[words, index, candidates, width]`` (the words
    the candidates replace, 1 to :data:`~fixtext.model.masked_lm.MAX_WIDTH`; 1 when
    left out), ``proposals`` with candidates or none and a width of 1;
    ``context_change``: ``pairs`` of sentences; ``damage``: ``sentences``."""
    op = request["op"]
    if op == "damage":
        sentences = request.get("sentences")
        if not isinstance(sentences, list) or not all(_words_list(row) for row in sentences):
            return "'sentences' must be a list of lists of words"
        count, chars = len(sentences), sum(len(w) for row in sentences for w in row)
        limit = MAX_REQUEST_SENTENCES
    elif op == "word_log_probs":
        sentences, candidates = request.get("sentences"), request.get("candidates")
        if not isinstance(sentences, list) or not all(_words_list(row) for row in sentences):
            return "'sentences' must be a list of lists of words"
        if not isinstance(candidates, list) or len(candidates) != len(sentences):
            return "'candidates' must hold a list per sentence"
        for words, options in zip(sentences, candidates, strict=True):
            if not isinstance(options, list) or len(options) != len(words):
                return "'candidates' must hold a list of candidates per word"
            if not all(_words_list(o) and len(o) <= MAX_CANDIDATES for o in options):
                return f"each word's candidates: a list of at most {MAX_CANDIDATES} words"
        count, chars = len(sentences), sum(len(w) for row in sentences for w in row)
        limit = MAX_REQUEST_SENTENCES
    elif op in ("gains", "fill", "proposals"):
        queries = request.get("queries")
        least = 0 if op == "proposals" else 1  # proposals of BERT's own need no candidates
        widest = 1 if op == "proposals" else MAX_WIDTH  # BERT's own words stand for one
        if not isinstance(queries, list) or not all(_is_query(q, least, widest) for q in queries):
            return "'queries' must be a list of [words, index, candidates, width]"
        count, chars = len(queries), sum(len(w) for q in queries for w in q[0])
        limit = MAX_REQUEST_QUERIES
    else:
        pairs = request.get("pairs")
        if not isinstance(pairs, list) or not all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(t, str) for t in p)
            for p in pairs
        ):
            return "'pairs' must be a list of [original, repaired] sentences"
        count, chars = len(pairs), sum(len(a) + len(b) for a, b in pairs)
        limit = MAX_REQUEST_QUERIES
    if count > limit:
        return f"{count} items, over the limit of {limit}"
    if chars > MAX_REQUEST_CHARS:
        return f"{chars} characters, over the limit of {MAX_REQUEST_CHARS}"
    return ""


def _words_list(value: Any) -> bool:
    """A list of words within the limits of :func:`fixtext.model.wire.words_fit`."""
    return isinstance(value, list) and all(isinstance(w, str) for w in value) and words_fit(value)


def _is_query(query: Any, least_candidates: int = 1, widest: int = MAX_WIDTH) -> bool:
    if not isinstance(query, list) or len(query) not in (3, 4):
        return False
    width = query[3] if len(query) == 4 else 1
    return (
        _words_list(query[0])
        and type(query[1]) is int
        and type(width) is int
        and width <= widest
        and Query.fits(len(query[0]), query[1], width)
        and _words_list(query[2])
        and least_candidates <= len(query[2]) <= MAX_CANDIDATES
    )


def _query(query: list[Any]) -> Query:
    """A query as :func:`_is_query` accepts it."""
    words, index, candidates, *width = query
    return Query(tuple(words), index, tuple(candidates), *width)


def request_problem(request: dict[str, Any]) -> str:
    """Why a ``token_scores`` or ``propose`` request is malformed or over the limits of
    :mod:`fixtext.model.wire`; "" when it is neither."""
    sentences = request.get("sentences")
    if not isinstance(sentences, list) or not all(isinstance(s, str) for s in sentences):
        return "'sentences' must be a list of strings"
    if len(sentences) > MAX_REQUEST_SENTENCES:
        return f"{len(sentences)} sentences, over the limit of {MAX_REQUEST_SENTENCES}"
    chars = sum(map(len, sentences))
    if chars > MAX_REQUEST_CHARS:
        return f"{chars} characters of sentences, over the limit of {MAX_REQUEST_CHARS}"
    if request.get("op") != "propose":
        return ""
    n_best = request.get("n_best")
    if type(n_best) is not int or not 0 <= n_best <= MAX_N_BEST:
        return f"'n_best' must be a whole number from 0 to {MAX_N_BEST}, not {n_best!r}"
    spans = request.get("spans")
    if spans is None:
        count = len(sentences)  # a span model rewrites each whole sentence
    elif (
        not isinstance(spans, list)
        or len(spans) != len(sentences)
        or not all(isinstance(row, list) and all(_is_span(span) for span in row) for row in spans)
    ):
        return "'spans' must hold a list of [start, end] pairs per sentence"
    else:
        count = sum(map(len, spans))
    if count > MAX_REQUEST_SPANS:
        return f"{count} spans, over the limit of {MAX_REQUEST_SPANS}"
    return ""


def _is_span(span: Any) -> bool:
    return isinstance(span, list) and len(span) == 2 and all(type(x) is int for x in span)


def serve(model_dir: Path, socket_path: Path, state_file: Path, idle_s: float, key: str) -> int:
    """Load the model, then answer connections (one request each, in the order they came)
    until idle for ``idle_s`` seconds or terminated; the socket and this server's state
    file are removed on the way out. Returns the exit status."""
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
                    connection.sendall(_reply(model, key, connection))
                except Exception as exc:  # a client gone, or anything else: log, serve the next
                    print(f"dropped a request: {exc}", file=sys.stderr, flush=True)
        print(f"idle for {idle_s:.0f} s: exiting", file=sys.stderr, flush=True)
        return 0
    finally:
        listener.close()
        _remove_own(socket_path, state_file)


def _reply(model: Seq2SeqModel, key: str, connection: socket.socket) -> bytes:
    """The encoded answer to the request on ``connection``: an error answer for a message
    that is not one (over :data:`MAX_REQUEST` bytes, not JSON) and in place of an answer
    over :data:`MAX_REPLY` bytes. Raises :class:`OSError` or
    :class:`~fixtext.model.wire.Closed` when the client goes away."""
    try:
        request = receive(connection, MAX_REQUEST)
    except Closed:
        raise
    except WireError as exc:
        return encode({"ok": False, "error": f"bad request: {exc}"})
    body = encode(answer(model, key, request))
    if len(body) > MAX_REPLY:
        op = request.get("op") if isinstance(request, dict) else None
        message = f"{op} failed: an answer of {len(body)} bytes is over the {MAX_REPLY}-byte limit"
        return encode({"ok": False, "error": message})
    return body


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
