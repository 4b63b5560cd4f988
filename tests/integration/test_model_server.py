"""The resident model server, run for real on a tiny random span model."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import struct
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from fixtext.model import client
from fixtext.model.client import (
    PendingServer,
    ResidentModel,
    model_key,
    servers,
    start,
    stop_all,
)
from fixtext.model.daemon import answer
from fixtext.model.seq2seq import ModelError, Seq2SeqModel
from fixtext.model.wire import receive, send

SENTENCES = ["The council met on Friday.", "Prices rose rose again."]
SPANS = [[(4, 11)], [(12, 17)]]


@pytest.fixture
def cache() -> Iterator[Path]:
    """A short private cache directory (Unix socket paths are limited to ~100 bytes)."""
    path = Path(tempfile.mkdtemp(prefix="ft-"))
    yield path
    stop_all(path)
    shutil.rmtree(path, ignore_errors=True)


def wait_for(condition, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def serving(model: Path, cache: Path) -> tuple[PendingServer, ResidentModel]:
    """Start (or find) ``model``'s server in ``cache`` and wait until it answers."""
    pending = start(model, cache)
    assert pending is not None
    served = pending.wait()
    assert isinstance(served, ResidentModel)
    return pending, served


def test_served_model_answers_as_the_loaded_one_and_is_reused(
    tiny_span_model: Path, cache: Path
) -> None:
    pending, served = serving(tiny_span_model, cache)
    local = Seq2SeqModel(tiny_span_model)

    assert served.token_scores(SENTENCES) == local.token_scores(SENTENCES)
    assert served.propose(SENTENCES, 3, SPANS) == local.propose(SENTENCES, 3, SPANS)
    assert served.propose(SENTENCES, 2) == local.propose(SENTENCES, 2)
    assert served.token_scores([]) == []

    again = start(tiny_span_model, cache)
    assert again is not None and again.pid == pending.pid  # one server per model version
    assert (pending.socket_path.stat().st_mode & 0o777) == 0o600
    [info] = servers(cache)
    assert info["running"] and info["pid"] == pending.pid and info["key"] == pending.key


def test_bad_requests_get_errors_and_the_server_keeps_answering(
    tiny_span_model: Path, cache: Path
) -> None:
    pending, _ = serving(tiny_span_model, cache)

    def ask(message: object) -> object:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.connect(str(pending.socket_path))
            send(sock, message)
            return receive(sock)

    assert ask({"op": "launch"}) == {"ok": False, "error": "unknown op 'launch'"}
    assert ask([1, 2]) == {"ok": False, "error": "a request is a JSON object"}
    assert ask({"op": "propose", "sentences": ["A."]})["ok"] is False  # no n_best
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:  # garbage, then hang up
        sock.connect(str(pending.socket_path))
        sock.sendall(struct.pack(">I", 5) + b"\xff\xfe{")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:  # over the size limit
        sock.connect(str(pending.socket_path))
        sock.sendall(struct.pack(">I", 2**31))
    assert ask({"op": "ping"})["result"]["pid"] == pending.pid


def test_a_lost_server_is_replaced_by_the_model_loaded_here(
    tiny_span_model: Path, cache: Path
) -> None:
    pending, served = serving(tiny_span_model, cache)
    expected = Seq2SeqModel(tiny_span_model).token_scores(SENTENCES)
    os.kill(pending.pid, signal.SIGKILL)
    assert wait_for(lambda: not client.pid_is_server(pending.pid, pending.key))

    assert served.token_scores(SENTENCES) == expected  # loaded here instead, same answers
    replacement = start(tiny_span_model, cache)  # the next run starts a fresh server
    assert replacement is not None and replacement.pid != pending.pid
    assert replacement.wait() is not None


def test_an_idle_server_exits_and_removes_its_files(
    tiny_span_model: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(client.IDLE_ENV, "1")
    pending, _ = serving(tiny_span_model, cache)
    assert wait_for(lambda: not client.pid_is_server(pending.pid, pending.key))
    assert not pending.socket_path.exists()
    assert servers(cache) == []


def test_a_model_the_server_cannot_load_is_an_error_naming_it(tmp_path: Path, cache: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "config.json").write_text("{ not json")
    pending = start(broken, cache)
    assert pending is not None
    with pytest.raises(ModelError, match=re.escape(f"{broken}: cannot load model")):
        pending.wait()


def test_stop_all_stops_and_clears(tiny_span_model: Path, cache: Path) -> None:
    pending, _ = serving(tiny_span_model, cache)
    assert stop_all(cache) == 1
    assert not client.pid_is_server(pending.pid, pending.key)
    assert servers(cache) == [] and not pending.socket_path.exists()
    assert stop_all(cache) == 0


def test_a_changed_model_gets_a_new_key(tiny_span_model: Path, tmp_path: Path) -> None:
    copy = tmp_path / "model"
    shutil.copytree(tiny_span_model, copy)
    before = model_key(copy)
    assert model_key(copy) == before
    os.utime(copy / "config.json", ns=(0, 12345))
    assert model_key(copy) != before
    assert model_key(tiny_span_model) != before
    touched = model_key(copy)
    (copy / "detector").mkdir()
    (copy / "detector" / "config.json").write_text("{}")  # a detector head added
    assert model_key(copy) != touched


def test_no_server_when_switched_off_or_the_socket_path_is_too_long(
    tiny_span_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert start(tiny_span_model, tmp_path / ("x" * 120)) is None
    monkeypatch.setenv(client.SWITCH_ENV, "off")
    assert start(tiny_span_model, tmp_path) is None


def test_a_server_that_went_away_before_answering_is_started_again(
    tiny_span_model: Path, cache: Path
) -> None:
    pending, _ = serving(tiny_span_model, cache)
    os.kill(pending.pid, signal.SIGTERM)  # as if it went idle: it exits 0, files removed
    assert wait_for(lambda: not client.pid_is_server(pending.pid, pending.key))

    served = pending.wait()  # the runner that found it a moment ago still gets a server
    assert isinstance(served, ResidentModel)
    [info] = [i for i in servers(cache) if i["running"]]
    assert info["pid"] != pending.pid


def test_a_new_version_of_a_model_stops_the_old_server(tiny_span_model: Path, cache: Path) -> None:
    model = cache / "m"
    shutil.copytree(tiny_span_model, model)
    old, _ = serving(model, cache)
    os.utime(model / "config.json", ns=(0, 12345))  # retrained
    new, _ = serving(model, cache)
    assert new.key != old.key
    assert not client.pid_is_server(old.pid, old.key)
    assert [i["key"] for i in servers(cache)] == [new.key]


def test_a_request_the_model_fails_on_is_an_error_answer() -> None:
    class Failing:
        def token_scores(self, sentences: list[str]) -> list[list[object]]:
            raise RuntimeError("out of memory")

    reply = answer(Failing(), "k", {"op": "token_scores", "sentences": ["A."]})  # type: ignore[arg-type]
    assert reply == {"ok": False, "error": "token_scores failed: RuntimeError: out of memory"}
