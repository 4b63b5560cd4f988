"""The model server's limits: what one message, request or answer may hold, and that
one run's long document does not hold up another run's short request. A fake model
stands in for the real one (the server's own code runs, in a thread)."""

from __future__ import annotations

import json
import shutil
import socket
import struct
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fixtext.model import daemon
from fixtext.model.client import ResidentModel
from fixtext.model.daemon import answer
from fixtext.model.seq2seq import TokenScore
from fixtext.model.wire import (
    MAX_N_BEST,
    MAX_REPLY,
    MAX_REQUEST,
    MAX_REQUEST_CHARS,
    MAX_REQUEST_SPANS,
    WireError,
    receive,
    send,
)


class FakeModel:
    """Answers like a model: one score per sentence, ``rewrites`` copies of each sentence
    per span; takes ``seconds_per_char`` per character of a request; records its calls."""

    seconds_per_char = 0.0
    rewrite_copies = 1

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.calls: list[tuple[str, int]] = []
        self.busy = threading.Event()

    def _work(self, op: str, sentences: list[str]) -> None:
        self.calls.append((op, len(sentences)))
        self.busy.set()
        time.sleep(self.seconds_per_char * sum(map(len, sentences)))

    def token_scores(self, sentences: list[str]) -> list[list[TokenScore]]:
        self._work("token_scores", sentences)
        return [[TokenScore(0, len(s), 0.5)] for s in sentences]

    def propose(
        self, sentences: list[str], n_best: int, spans: list[list[tuple[int, int]]] | None = None
    ) -> list[list[str]]:
        self._work("propose", sentences)
        return [[s.upper() * self.rewrite_copies] for s in sentences]


IDLE_S = 1.5


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, list[FakeModel]]]:
    """A model server (:func:`daemon.serve`) on a fake model, running in a thread: its
    socket, and the model once loaded."""
    models: list[FakeModel] = []

    def load(path: Path) -> FakeModel:
        models.append(FakeModel(path))
        return models[-1]

    monkeypatch.setattr(daemon, "Seq2SeqModel", load)
    root = Path(tempfile.mkdtemp(prefix="ft-"))
    sock = root / "s.sock"
    thread = threading.Thread(
        target=daemon.serve, args=(root, sock, root / "s.json", IDLE_S, "k"), daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # bound before it listens: wait for an answer
        try:
            ask(sock, framed(b'{"op": "ping"}'))
            break
        except OSError:
            time.sleep(0.01)
    yield sock, models
    thread.join(IDLE_S + 10)  # it exits once idle
    shutil.rmtree(root, ignore_errors=True)


def ask(sock_path: Path, payload: bytes) -> Any:
    """Send raw bytes as one request; the answer."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(30)
        sock.connect(str(sock_path))
        sock.sendall(payload)
        return receive(sock)


def framed(body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + body


def test_a_deeply_nested_message_is_a_wire_error() -> None:
    left, right = socket.socketpair()
    with left, right:
        left.sendall(framed(b"[" * 200_000))
        with pytest.raises(WireError, match="malformed"):
            receive(right, MAX_REQUEST)


def test_garbage_gets_an_error_answer_and_the_server_keeps_serving(
    served: tuple[Path, list[FakeModel]],
) -> None:
    sock, _ = served
    for garbage in (b"[" * 200_000, b"\xff\xfe{", b'{"op": "ping"'):
        reply = ask(sock, framed(garbage))
        assert reply["ok"] is False and "malformed" in reply["error"]
    reply = ask(sock, struct.pack(">I", MAX_REQUEST + 1))
    assert reply["ok"] is False and "over the" in reply["error"]
    assert ask(sock, framed(b'{"op": "ping"}'))["result"]["key"] == "k"


@pytest.mark.parametrize(
    ("request_", "problem"),
    [
        ({"op": "propose", "sentences": ["A."], "n_best": 10**6}, "'n_best' must be"),
        ({"op": "propose", "sentences": ["A."], "n_best": -1}, "'n_best' must be"),
        ({"op": "propose", "sentences": ["A."], "n_best": "4"}, "'n_best' must be"),
        ({"op": "token_scores", "sentences": ["x" * (MAX_REQUEST_CHARS + 1)]}, "characters"),
        ({"op": "token_scores", "sentences": ["A."] * 257}, "257 sentences"),
        ({"op": "token_scores", "sentences": "A sentence."}, "list of strings"),
        ({"op": "token_scores", "sentences": [1, 2]}, "list of strings"),
        (
            {"op": "propose", "sentences": ["A b."], "n_best": 2, "spans": [[[0, 1]] * 33]},
            "33 spans",
        ),
        ({"op": "propose", "sentences": ["A."] * 33, "n_best": 2}, "33 spans"),
        ({"op": "propose", "sentences": ["A."], "n_best": 2, "spans": [[[0]]]}, "'spans'"),
        ({"op": "propose", "sentences": ["A."], "n_best": 2, "spans": []}, "'spans'"),
    ],
)
def test_a_request_over_the_limits_is_refused_before_the_model_runs(
    request_: dict[str, Any], problem: str
) -> None:
    model = FakeModel(Path("m"))
    reply = answer(model, "k", request_)  # type: ignore[arg-type]
    assert reply["ok"] is False and problem in reply["error"]
    assert model.calls == []


def test_requests_within_the_limits_are_answered() -> None:
    model = FakeModel(Path("m"))
    request = {
        "op": "propose",
        "sentences": ["a b."] * 2,
        "n_best": MAX_N_BEST,
        "spans": [[[0, 1]] * 16, [[2, 3]] * 16],
    }
    assert answer(model, "k", request) == {"ok": True, "result": [["A B."], ["A B."]]}  # type: ignore[arg-type]


def test_an_answer_over_the_reply_limit_is_an_error_answer(
    served: tuple[Path, list[FakeModel]],
) -> None:
    sock, models = served
    models[0].rewrite_copies = MAX_REPLY // 4000 + 1  # one 4,000-character sentence
    message = {"op": "propose", "sentences": ["x" * 4000], "n_best": 4, "spans": None}
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.connect(str(sock))
        send(conn, message)
        reply = receive(conn)
    assert reply["ok"] is False and "over the" in reply["error"]
    assert ask(sock, framed(b'{"op": "ping"}'))["ok"] is True


def test_the_client_splits_its_work_to_fit_the_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    model = FakeModel(Path("m"))
    sent: list[dict[str, Any]] = []

    def request(self: ResidentModel, message: dict[str, Any]) -> Any:
        message = json.loads(json.dumps(message))  # as it travels
        sent.append(message)
        reply = answer(model, "k", message)  # type: ignore[arg-type]
        assert reply["ok"], reply["error"]
        return reply["result"]

    monkeypatch.setattr(ResidentModel, "_request", request)
    resident = ResidentModel(Path("m"), Path("unused.sock"))
    sentences = [f"Sentence {i:03d} " + "x" * 480 for i in range(100)]
    too_long = "y" * (MAX_REQUEST_CHARS + 1)

    scores = resident.token_scores([*sentences, too_long, "Short."])
    assert scores[100] == [] and scores[101] == [TokenScore(0, 6, 0.5)]
    assert [row[0].end for row in scores[:100]] == [len(s) for s in sentences]
    assert len(sent) > 1
    assert all(sum(map(len, m["sentences"])) <= MAX_REQUEST_CHARS for m in sent)

    sent.clear()
    rewrites = resident.propose(sentences[:3], 1000, [[(0, 8)] * 40, [(0, 8)] * 20, [(0, 8)]])
    assert rewrites == [[s.upper()] for s in sentences[:3]]
    assert all(m["n_best"] == MAX_N_BEST for m in sent)
    assert all(sum(map(len, m["spans"])) <= MAX_REQUEST_SPANS for m in sent)


def test_a_short_request_does_not_wait_for_a_long_document(
    served: tuple[Path, list[FakeModel]],
) -> None:
    sock, models = served
    model = models[0]
    model.seconds_per_char = 20e-6  # 64,000 characters: 1.3 s
    done: dict[str, float] = {}

    def run(name: str, sentences: list[str]) -> None:
        ResidentModel(Path("m"), sock).token_scores(sentences)
        done[name] = time.monotonic()

    started = time.monotonic()
    long_run = threading.Thread(target=run, args=("long", ["x" * 249 + "." for _ in range(256)]))
    long_run.start()
    assert model.busy.wait(10)
    asked = time.monotonic()
    run("short", ["A short one."])
    long_run.join(60)
    assert done["short"] - asked < 0.5 * (done["long"] - started)  # one piece of work, not all
