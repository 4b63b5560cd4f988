"""The resident model: one background process per model keeps torch and the weights loaded.

Importing torch and transformers and loading the weights costs several seconds, more than
checking a 1,000-word article; a pre-publish hook that pays it on every run is slow. So,
as with the LanguageTool server, the first ``check`` or ``fix`` that needs the model starts
a *model server* (:mod:`fixtext.model.daemon`) and later runs reuse it:

- one server per model directory *and version* (path plus the size and mtime of its
  files, plus fixtext's serving code), so a retrained model or an upgraded fixtext gets
  a fresh server, and the older one is stopped;
- it lives in its own session, listens on a Unix socket (mode 0600) in
  ``<cache>/model/``, answers one request at a time, in the order they came, and exits
  after ``$FIXTEXT_MODEL_IDLE_S`` (default 600) seconds without one;
- requests are length-prefixed JSON (:mod:`fixtext.model.wire`), each bounded in
  sentences, characters, spans and ``n_best``, answers in bytes; a client splits its
  work into such requests, so concurrent runs take turns a request at a time;
- :class:`~fixtext.model.client.ResidentModel` answers like
  :class:`~fixtext.model.seq2seq.Seq2SeqModel`; if the server is lost mid-run it loads the model
  in-process and carries on, so a run never fails for it.

``$FIXTEXT_MODEL_SERVER=off`` loads the model in every process instead;
``fixtext model status`` and ``fixtext model stop`` show and stop the servers.

This module starts, finds, talks to and stops model servers. Per model version ``KEY``,
``<cache>/model/`` holds ``KEY.json`` (pid, model, key, started_at: written when the
server is spawned, removed when it exits), ``KEY.sock``, ``KEY.log`` and ``KEY.lock``
(an ``fcntl`` lock that serialises starts).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import math
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import psutil

from fixtext.cache import cache_home, file_lock
from fixtext.model import bert
from fixtext.model.masked_lm import (
    DAMAGE_HEAD,
    TOP_FILLS,
    UNSCORED,
    MaskedScorer,
    Proposal,
    Query,
    offered,
    one_word_each,
)
from fixtext.model.seq2seq import ModelError, Seq2SeqModel, TokenScore
from fixtext.model.wire import (
    MAX_CANDIDATES,
    MAX_N_BEST,
    MAX_REPLY,
    MAX_REQUEST_CHARS,
    MAX_REQUEST_QUERIES,
    MAX_REQUEST_SENTENCES,
    MAX_REQUEST_SPANS,
    WireError,
    receive,
    send,
    words_fit,
)
from fixtext.processes import is_live, log_tail, terminate

SWITCH_ENV = "FIXTEXT_MODEL_SERVER"  # "off" loads the model in every process
IDLE_ENV = "FIXTEXT_MODEL_IDLE_S"
DEFAULT_IDLE_S = 600.0
START_TIMEOUT_S = 120.0
#: How long a request may take, queueing behind other runs' requests included; each of
#: those is bounded by the request limits (:mod:`fixtext.model.wire`).
REQUEST_TIMEOUT_S = 120.0
MAX_SOCKET_PATH = 100  # AF_UNIX paths are limited to 107 bytes on Linux
_DAEMON = "fixtext.model.daemon"
_PACKAGE = Path(__file__).resolve().parent.parent
#: The code a server runs: when it changes, servers started before are not reused.
_SERVING_CODE = tuple(
    _PACKAGE / name
    for name in (
        "model/seq2seq.py",
        "model/spantask.py",
        "model/daemon.py",
        "model/wire.py",
        "model/masked_lm.py",
        "model/damage_head.py",
        "model/bert.py",
    )
)

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Servers started by this process, kept so that stopping them also reaps them.
_children: dict[int, subprocess.Popen[bytes]] = {}


class ServerError(Exception):
    """The model server answered a request with an error."""


def server_root(cache_dir: Path | None = None) -> Path:
    """``<cache>/model``: where the servers' sockets, state files and logs live."""
    return cache_home(cache_dir) / "model"


def model_key(model_dir: Path) -> str:
    """A short hash of the model directory's resolved path, each of its files' size and
    mtime (``detector/`` and other sub-folders included), those of BERT's damage head
    (:data:`~fixtext.model.masked_lm.DAMAGE_HEAD`), and the code that serves them: a
    retrained model or an upgraded fixtext gets a new key, so a new server."""
    resolved = Path(model_dir).resolve()
    digest = hashlib.sha256(str(resolved).encode("utf-8"))
    for source in _SERVING_CODE:
        digest.update(source.read_bytes())
    for folder in (resolved, DAMAGE_HEAD):
        for file in sorted(p for p in folder.rglob("*") if p.is_file()):
            stat = file.stat()
            name = file.relative_to(folder).as_posix()
            digest.update(f"\0{name}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def enabled() -> bool:
    """False when ``$FIXTEXT_MODEL_SERVER`` is ``off`` (or 0, false, no)."""
    return os.environ.get(SWITCH_ENV, "on").strip().lower() not in ("off", "0", "false", "no")


def _idle_s() -> float:
    try:
        idle = float(os.environ.get(IDLE_ENV, DEFAULT_IDLE_S))
    except ValueError:
        return DEFAULT_IDLE_S
    return max(1.0, idle) if math.isfinite(idle) else DEFAULT_IDLE_S


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and "pid" in data else None


def pid_is_server(pid: int, key: str) -> bool:
    """True when ``pid`` is a live model server for ``key`` (see
    :func:`fixtext.processes.is_live`)."""
    return is_live(pid, _children, (_DAEMON, key))


def _request(socket_path: Path, message: dict[str, Any], timeout: float) -> Any:
    """Send one request on a fresh connection and return the server's result."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        sock.connect(str(socket_path))
        send(sock, message)
        reply = receive(sock, MAX_REPLY)
    if not isinstance(reply, dict) or not reply.get("ok"):
        error = reply.get("error") if isinstance(reply, dict) else reply
        raise ServerError(f"model server: {error}")
    if "result" not in reply:
        raise ServerError("model server: an answer without a result")
    return reply["result"]


@dataclass
class PendingServer:
    """A model server that is running or loading; :meth:`wait` until it answers."""

    model_dir: Path
    key: str
    socket_path: Path
    log_path: Path
    pid: int
    cache_dir: Path | None = None

    def wait(self, timeout: float = START_TIMEOUT_S, retry: bool = True) -> ResidentModel | None:
        """The model, served, once the server answers. Raises :class:`ModelError` when
        the server could not load the model. A server that exited otherwise (it went
        idle just now, or crashed) is started once more; returns None when that fails
        too or nothing answers within ``timeout`` (load the model in-process)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError, WireError, ServerError):
                pong = _request(self.socket_path, {"op": "ping"}, timeout=5.0)
                if pong.get("key") == self.key:
                    return ResidentModel(self.model_dir, self.socket_path)
            if not pid_is_server(self.pid, self.key):
                child = _children.pop(self.pid, None)
                if child is not None and child.wait() == 2:
                    raise ModelError(log_tail(self.log_path, 1) or f"{self.model_dir}: cannot load")
                again = start(self.model_dir, self.cache_dir) if retry else None
                if again is not None:
                    return again.wait(max(1.0, deadline - time.monotonic()), retry=False)
                log.warning("model server exited; see %s", self.log_path)
                return None
            time.sleep(0.05)
        log.warning("model server not up after %.0f s; loading the model here", timeout)
        return None


def start(model_dir: Path, cache_dir: Path | None = None) -> PendingServer | None:
    """Find the server of this model version, or spawn one, without waiting for it to
    load (so LanguageTool can start meanwhile). None when servers are switched off or the
    socket path would be too long for ``AF_UNIX``."""
    if not enabled():
        return None
    root = server_root(cache_dir)
    key = model_key(model_dir)
    socket_path, state_path, log_path = (root / f"{key}{ext}" for ext in (".sock", ".json", ".log"))
    if len(str(socket_path)) > MAX_SOCKET_PATH:
        return None
    root.mkdir(parents=True, exist_ok=True)
    resolved = str(Path(model_dir).resolve())
    with file_lock(root / f"{key}.lock"):
        state = _read_json(state_path)
        if state is not None and pid_is_server(int(state["pid"]), key):
            return PendingServer(
                Path(model_dir), key, socket_path, log_path, int(state["pid"]), cache_dir
            )
        socket_path.unlink(missing_ok=True)  # a server that died without cleaning up
        # -P and cwd: the server never imports modules from the user's working directory
        with open(log_path, "ab") as log_file:
            process = subprocess.Popen(
                [sys.executable, "-P", "-m", _DAEMON, resolved,
                 str(socket_path), str(state_path), str(_idle_s()), key],
                stdin=subprocess.DEVNULL, stdout=log_file, stderr=log_file,
                cwd=root, start_new_session=True, close_fds=True,
            )  # fmt: skip
        _children[process.pid] = process
        state = {
            "pid": process.pid,
            "model": resolved,
            "key": key,
            "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        tmp = state_path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(state, indent=2), encoding="utf-8")
        tmp.replace(state_path)
    for info in servers(cache_dir):  # an older version of this model is not needed any more
        if info["model"] == resolved and info.get("key") != key and info["running"]:
            _stop(root, info)
    return PendingServer(Path(model_dir), key, socket_path, log_path, process.pid, cache_dir)


class ResidentModel:
    """The :class:`~fixtext.model.seq2seq.Seq2SeqModel` interface, answered by a model server.

    Sentences go in requests within the limits of :mod:`fixtext.model.wire`, in
    order. A sentence longer than :data:`~fixtext.model.wire.MAX_REQUEST_CHARS`
    gets no scores and no rewrites (a document's sentences are cut far shorter, see
    :data:`fixtext.document.MAX_SENTENCE_CHARS`); ``propose`` asks for at most
    :data:`~fixtext.model.wire.MAX_N_BEST` rewrites and rewrites at most
    :data:`~fixtext.model.wire.MAX_REQUEST_SPANS` spans of a sentence, its first.
    If the server is lost or fails a request, the model is loaded in this process and
    used from then on, with the same limits.
    """

    def __init__(self, path: Path, socket_path: Path) -> None:
        self.path = Path(path)
        self.socket_path = socket_path
        self._local: Seq2SeqModel | None = None

    def token_scores(self, sentences: list[str]) -> list[list[TokenScore]]:
        """See :meth:`Seq2SeqModel.token_scores`."""
        out: list[list[TokenScore]] = [[] for _ in sentences]
        for group in _requests(sentences):
            chunk = [sentences[i] for i in group]
            scores = self._served(
                lambda: [
                    [TokenScore(int(a), int(b), float(p)) for a, b, p in row]
                    for row in self._request({"op": "token_scores", "sentences": chunk})  # noqa: B023
                ],
                lambda model: model.token_scores(chunk),  # noqa: B023
            )
            for index, row in zip(group, scores, strict=True):
                out[index] = row
        return out

    def propose(
        self,
        sentences: list[str],
        n_best: int,
        spans: list[list[tuple[int, int]]] | None = None,
    ) -> list[list[str]]:
        """See :meth:`Seq2SeqModel.propose`."""
        n_best = max(0, min(n_best, MAX_N_BEST))
        if spans is not None:
            spans = [list(row[:MAX_REQUEST_SPANS]) for row in spans]
        counts = [1] * len(sentences) if spans is None else [len(row) for row in spans]
        out: list[list[str]] = [[] for _ in sentences]
        for group in _requests(sentences, counts):
            chunk = [sentences[i] for i in group]
            chunk_spans = None if spans is None else [spans[i] for i in group]
            request = {"op": "propose", "sentences": chunk, "n_best": n_best, "spans": chunk_spans}
            rewrites = self._served(
                lambda: [[str(r) for r in row] for row in self._request(request)],  # noqa: B023
                lambda model: model.propose(chunk, n_best, chunk_spans),  # noqa: B023
            )
            for index, row in zip(group, rewrites, strict=True):
                out[index] = row
        return out

    def _served(self, remote: Callable[[], T], local: Callable[[Seq2SeqModel], T]) -> T:
        """``remote()``, or ``local(model)`` once the server has been lost."""
        if self._local is None:
            try:
                return remote()
            except (OSError, WireError, ServerError) as exc:
                log.warning("model server lost (%s); loading the model here", exc)
                self._local = Seq2SeqModel(self.path)
        return local(self._local)

    def _request(self, message: dict[str, Any]) -> Any:
        return _request(self.socket_path, message, REQUEST_TIMEOUT_S)


class ResidentScorer:
    """The :class:`~fixtext.model.masked_lm.MaskedScorer` interface, answered by the model
    server of ``model`` (which loads BERT on its first such request and keeps it).

    Work goes in requests within the limits of :mod:`fixtext.model.wire`; a word's
    candidates beyond :data:`~fixtext.model.wire.MAX_CANDIDATES` are not scored (their
    gains come back :data:`~fixtext.model.masked_lm.UNSCORED`), and a sentence longer
    than :data:`~fixtext.model.wire.MAX_REQUEST_CHARS`, or with a word over the limits of
    :func:`~fixtext.model.wire.words_fit`, gets no scores. Every answer is
    checked (its shape, finite numbers); if the server is lost, fails a request or
    answers wrongly, BERT is loaded in this process and used from then on (raising
    ``ModelError`` if it cannot be).
    """

    def __init__(self, model: ResidentModel) -> None:
        """Raises ``BertUnavailable`` when BERT is not installed."""
        self.model = model
        self.vocab = bert.vocabulary()
        self._local: MaskedScorer | None = None

    def single_piece(self, word: str) -> bool:
        """Whether ``word`` is one piece of BERT's vocabulary."""
        return word in self.vocab

    def word_log_probs(
        self, sentences: Sequence[Sequence[str]], candidates: Sequence[Sequence[Sequence[str]]]
    ) -> list[list[tuple[float, list[float]]]]:
        """See :meth:`MaskedScorer.word_log_probs`."""
        out: list[list[tuple[float, list[float]]]] = [[] for _ in sentences]
        sizes = _word_sizes(sentences)
        for group in _groups(sizes, MAX_REQUEST_SENTENCES):
            chunk = [list(sentences[i]) for i in group]
            options = [[list(c[:MAX_CANDIDATES]) for c in candidates[i]] for i in group]

            def parse(result: Any, options: list[list[list[str]]] = options) -> list[Any]:
                """Per sentence, per word, (own, others); [] for a sentence BERT did not
                score (over its length)."""
                return [
                    []
                    if row == []
                    else [
                        (_number(own), [_number(x) for x in _sized(others, len(c))])
                        for (own, others), c in zip(_sized(row, len(words)), words, strict=True)
                    ]
                    for row, words in zip(_sized(result, len(options)), options, strict=True)
                ]

            rows = self._served(
                {"op": "word_log_probs", "sentences": chunk, "candidates": options},
                parse,
                lambda local: local.word_log_probs(chunk, options),  # noqa: B023
            )
            for index, row in zip(group, rows, strict=True):
                if row:  # else no scores: no candidates, or too long for BERT
                    out[index] = [
                        (own, others + [UNSCORED] * (len(c) - len(others)))
                        for (own, others), c in zip(row, candidates[index], strict=True)
                    ]
        return out

    def gains(self, queries: Sequence[Query]) -> list[list[float]]:
        """See :meth:`MaskedScorer.gains`."""
        return self._queried(
            "gains", queries, _scores, lambda local, chunk: local.gains(chunk), _unscored
        )

    def fill(self, queries: Sequence[Query]) -> list[list[float]]:
        """See :meth:`MaskedScorer.fill`."""
        return self._queried(
            "fill", queries, _scores, lambda local, chunk: local.fill(chunk), _unscored
        )

    def proposals(self, queries: Sequence[Query]) -> list[list[Proposal]]:
        """See :meth:`MaskedScorer.proposals`. An answer is trusted only where it holds
        each of the query's candidates (but its word), or nothing; each word once, never
        the query's word, a candidate or a word BERT may offer of its own (a single piece,
        :func:`~fixtext.model.masked_lm.offered`), at most :data:`TOP_FILLS` of those;
        figures finite, similarities within [-1, 1] (clamped). A gain cannot be checked
        without BERT: a wrong one can only reorder suggestions, and every fix is
        verified. Raises ``ValueError`` for a query of two words, as the scorer does."""
        one_word_each(queries)
        return self._queried(
            "proposals",
            queries,
            self._proposals,
            lambda local, chunk: local.proposals(chunk),
            lambda _query: [],
        )

    def _proposals(self, row: Any, query: Query) -> list[Proposal]:
        """One query's answer to ``proposals``, checked (see :meth:`proposals`)."""
        if not isinstance(row, list) or len(row) > len(query.candidates) + TOP_FILLS:
            raise ServerError(f"an answer of the wrong shape: {str(row)[:80]}")
        word = query.words[query.index]
        proposals: list[Proposal] = []
        seen: set[str] = set()
        for item in row:
            offer, gain, similarity = _sized(item, 3)
            gain, similarity = _number(gain), _number(similarity)
            if (
                not isinstance(offer, str)
                or offer == word
                or offer in seen
                or not (offer in query.candidates or (offer in self.vocab and offered(offer)))
                or not -1.0 - 1e-4 <= similarity <= 1.0 + 1e-4
            ):
                raise ServerError(f"an answer with {str(item)[:60]!r} for a proposal")
            seen.add(offer)
            proposals.append(Proposal(offer, gain, max(-1.0, min(1.0, similarity))))
        if row and not set(query.candidates) - {word} <= seen:
            raise ServerError(f"an answer of the wrong shape: {str(row)[:80]}")
        return proposals

    def _queried(
        self,
        op: str,
        queries: Sequence[Query],
        parse_row: Callable[[Any, Query], list[T]],
        local: Callable[[MaskedScorer, list[Query]], list[list[T]]],
        unscored: Callable[[Query], list[T]],
    ) -> list[list[T]]:
        """The server's ``op`` for each query (or ``local``'s), each answer read by
        ``parse_row`` against the query as sent (at most :data:`MAX_CANDIDATES`
        candidates). A query over the limits gets ``unscored(query)``, and an answer
        shorter than that is completed from it (a gain or fill answer scores only the
        candidates sent: those past them stay :data:`UNSCORED`)."""
        out = [unscored(q) for q in queries]
        sizes = [
            sum(map(len, q.words)) if words_fit([*q.words, *q.candidates]) else None
            for q in queries
        ]
        for group in _groups(sizes, MAX_REQUEST_QUERIES):
            chunk = [
                replace(q, candidates=q.candidates[:MAX_CANDIDATES])
                for q in (queries[i] for i in group)
            ]

            def parse(result: Any, chunk: list[Query] = chunk) -> list[list[T]]:
                return [
                    parse_row(row, q)
                    for row, q in zip(_sized(result, len(chunk)), chunk, strict=True)
                ]

            rows = self._served(
                {
                    "op": op,
                    "queries": [
                        [list(q.words), q.index, list(q.candidates), q.width] for q in chunk
                    ],
                },
                parse,
                lambda scorer: local(scorer, chunk),  # noqa: B023
            )
            for index, row in zip(group, rows, strict=True):
                out[index] = [*row, *out[index][len(row) :]]
        return out

    def context_change(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        """See :meth:`MaskedScorer.context_change`."""
        out = [0.0] * len(pairs)
        sizes = [len(a) + len(b) for a, b in pairs]
        for group in _groups(sizes, MAX_REQUEST_QUERIES):
            chunk = [pairs[i] for i in group]
            rows = self._served(
                {"op": "context_change", "pairs": [list(p) for p in chunk]},
                lambda result: [_number(x) for x in _sized(result, len(chunk))],  # noqa: B023
                lambda local: local.context_change(chunk),  # noqa: B023
            )
            for index, value in zip(group, rows, strict=True):
                out[index] = value
        return out

    def damage(self, sentences: Sequence[Sequence[str]]) -> list[list[float]]:
        """See :meth:`MaskedScorer.damage`."""
        out: list[list[float]] = [[] for _ in sentences]
        sizes = _word_sizes(sentences)
        for group in _groups(sizes, MAX_REQUEST_SENTENCES):
            chunk = [list(sentences[i]) for i in group]

            def parse(result: Any, chunk: list[list[str]] = chunk) -> list[list[float]]:
                """Per sentence, per word, a probability; [] for a sentence not scored."""
                return [
                    [] if row == [] else [_probability(x) for x in _sized(row, len(words))]
                    for row, words in zip(_sized(result, len(chunk)), chunk, strict=True)
                ]

            rows = self._served(
                {"op": "damage", "sentences": chunk},
                parse,
                lambda local: local.damage(chunk),  # noqa: B023
            )
            for index, row in zip(group, rows, strict=True):
                out[index] = row
        return out

    def _served(
        self, message: dict[str, Any], parse: Callable[[Any], T], local: Callable[[MaskedScorer], T]
    ) -> T:
        """The server's answer to ``message`` read by ``parse`` (which raises on anything
        malformed), or ``local(scorer)`` once the server has been lost."""
        if self._local is None:
            try:
                return parse(self.model._request(message))
            except (OSError, WireError, ServerError, TypeError, ValueError) as exc:
                log.warning("model server lost (%s); loading BERT here", exc)
                try:
                    self._local = MaskedScorer.installed()
                except bert.BertUnavailable as error:
                    raise ModelError(str(error)) from None
        return local(self._local)


def _number(value: Any) -> float:
    """``value`` as a finite float; else a ``ServerError`` (JSON's NaN and Infinity, a
    boolean, a huge integer, anything but a number)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ServerError(f"an answer with {str(value)[:40]!r} for a number")
    try:
        number = float(value)
    except OverflowError:
        raise ServerError("an answer with a number out of range") from None
    if not math.isfinite(number):
        raise ServerError(f"an answer with {number} for a number")
    return number


def _word_sizes(sentences: Sequence[Sequence[str]]) -> list[int | None]:
    """Each sentence's characters, or None for one whose words may not go
    (:func:`~fixtext.model.wire.words_fit`)."""
    return [sum(map(len, words)) if words_fit(words) else None for words in sentences]


def _probability(value: Any) -> float:
    """``value`` as a number from 0 to 1; else a ``ServerError``."""
    number = _number(value)
    if not 0.0 <= number <= 1.0:
        raise ServerError(f"an answer with {number} for a probability")
    return number


def _unscored(query: Query) -> list[float]:
    """A gain or fill answer for a query BERT did not score."""
    return [UNSCORED] * len(query.candidates)


def _scores(row: Any, query: Query) -> list[float]:
    """A gain or fill answer for ``query``: a number per candidate."""
    return [_number(x) for x in _sized(row, len(query.candidates))]


def _sized(value: Any, length: int) -> list[Any]:
    """``value`` when it is a list of ``length`` items; else a ``ServerError``."""
    if not isinstance(value, list) or len(value) != length:
        raise ServerError(f"an answer of the wrong shape: {str(value)[:80]}")
    return value


def _groups(
    sizes: Sequence[int | None],
    most: int,
    costs: Sequence[int] | None = None,
    most_cost: int = 0,
) -> Iterator[list[int]]:
    """Indices in order, grouped into requests within the limits of
    :mod:`fixtext.model.wire`: at most ``most`` items and :data:`MAX_REQUEST_CHARS` of
    ``sizes`` a group, and, with ``costs``, at most ``most_cost`` of them. An item sized
    None (one that may not go) or over the character limit alone is in none."""
    group: list[int] = []
    total = cost_total = 0
    for index, size in enumerate(sizes):
        if size is None or size > MAX_REQUEST_CHARS:
            continue
        cost = 0 if costs is None else costs[index]
        if group and (
            len(group) == most or total + size > MAX_REQUEST_CHARS or cost_total + cost > most_cost
        ):
            yield group
            group, total, cost_total = [], 0, 0
        group.append(index)
        total += size
        cost_total += cost
    if group:
        yield group


def servers(cache_dir: Path | None = None) -> list[dict[str, Any]]:
    """Every model server's state: pid, model, key, started_at, running, rss_mb, log."""
    root = server_root(cache_dir)
    out = []
    for state_path in sorted(root.glob("*.json")) if root.is_dir() else []:
        state = _read_json(state_path)
        if state is None:
            continue
        running = pid_is_server(int(state["pid"]), str(state.get("key")))
        info = {**state, "running": running, "log": str(state_path.with_suffix(".log"))}
        if running:
            with contextlib.suppress(psutil.Error):
                info["rss_mb"] = round(psutil.Process(state["pid"]).memory_info().rss / 2**20)
        out.append(info)
    return out


def stop_all(cache_dir: Path | None = None) -> int:
    """Stop every model server (terminate, wait, kill), clear their files; return how many
    were running."""
    root = server_root(cache_dir)
    return sum(_stop(root, info) for info in servers(cache_dir))


def _stop(root: Path, info: dict[str, Any]) -> bool:
    """Stop the server ``info`` describes and clear its files, unless its state file
    names another server by now; True when it was running."""
    key, pid = str(info.get("key")), int(info["pid"])
    with file_lock(root / f"{key}.lock"):
        state = _read_json(root / f"{key}.json")
        if state is not None and int(state["pid"]) != pid:
            return False  # a newer server took this key meanwhile
        running = pid_is_server(pid, key)
        if running:
            child = _children.pop(pid, None)
            with contextlib.suppress(psutil.Error, subprocess.TimeoutExpired):
                terminate(child if child is not None else psutil.Process(pid))
        for ext in (".json", ".sock"):
            (root / f"{key}{ext}").unlink(missing_ok=True)
    return running


def _requests(sentences: list[str], spans: list[int] | None = None) -> Iterator[list[int]]:
    """The indices of ``sentences``, in order, grouped into requests (:func:`_groups`):
    sentences, characters and, for ``propose``, spans (``spans`` gives each sentence's
    count). A sentence longer than :data:`MAX_REQUEST_CHARS` is in none."""
    for sentence in sentences:
        if len(sentence) > MAX_REQUEST_CHARS:
            log.warning("a sentence of %d characters is too long for the model", len(sentence))
    return _groups([len(s) for s in sentences], MAX_REQUEST_SENTENCES, spans, MAX_REQUEST_SPANS)
