"""Every LanguageTool answer is distrusted (issue 23, part 2): a broken answer from a tiny
fake server on 127.0.0.1 is LanguageToolUnavailable with a one-line reason, and the CLI
exits 3 with one line, writing nothing."""

from __future__ import annotations

import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from fixtext.languagetool.checker import (
    TIMEOUT_ENV,
    LanguageToolBadAnswer,
    LanguageToolChecker,
    request_timeout,
)
from fixtext.languagetool.install import LanguageToolUnavailable

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = [{"name": "English (US)", "code": "en", "longCode": "en-US"}]
#: An answer: (HTTP status, body) where a body that is not bytes is sent as JSON.
Answer = tuple[int, Any]


def agreement(text: str, **fields: Any) -> Answer:
    """LanguageTool's answer with one match on the text's "go", ``fields`` replaced."""
    match = {
        "message": "Agreement error",
        "offset": text.find(" go ") + 1,
        "length": 2,
        "replacements": [{"value": "goes"}],
        "rule": {"id": "HE_VERB_AGR", "category": {"id": "GRAMMAR"}, "issueType": "grammar"},
    }
    match.update(fields)
    return 200, {"matches": [match]}


class FakeLanguageTool(http.server.ThreadingHTTPServer):
    """Answers ``/v2/languages`` with ``languages`` and ``/v2/check`` with ``check(text)``;
    with ``hang`` set, accepts a check and never answers it."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.languages: Answer = (200, LANGUAGES)
        self.check: Callable[[str], Answer] = lambda text: (200, {"matches": []})
        self.hang = False
        self.released = threading.Event()
        self.checks = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(http.server.BaseHTTPRequestHandler):
    server: FakeLanguageTool

    def do_GET(self) -> None:
        self._send(*self.server.languages)

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        self.server.checks += 1
        if self.server.hang:
            self.server.released.wait(30)
            return
        self._send(*self.server.check(dict(urllib.parse.parse_qsl(body))["text"]))

    def _send(self, status: int, payload: Any) -> None:
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake() -> Iterator[FakeLanguageTool]:
    server = FakeLanguageTool()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.released.set()
    server.shutdown()
    server.server_close()


def check(fake: FakeLanguageTool, text: str = "He go home.", **kwargs: Any) -> list[Any]:
    return LanguageToolChecker(fake.url, reconnect=None, **kwargs).check([text])[0]


def test_a_valid_answer_is_used(fake: FakeLanguageTool) -> None:
    fake.check = agreement
    (match,) = check(fake)
    assert (match.rule, match.offset, match.length, match.replacements) == (
        "HE_VERB_AGR",
        3,
        2,
        ("goes",),
    )
    assert (match.category, match.issue_type) == ("GRAMMAR", "grammar")


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        # offsets and lengths in UTF-16 code units, within the text (11 units)
        (lambda t: agreement(t, offset=len(t) + 5), r"past the end of the text \(11 units\)"),
        (lambda t: agreement(t, offset=9, length=3), r"span 9\+3 ends past the end"),
        (lambda t: agreement(t, offset=-1), "negative offset or length"),
        (lambda t: agreement(t, length=-2), "negative offset or length"),
        (lambda t: agreement(t, offset="3"), "'offset' and 'length' must be integers"),
        (lambda t: agreement(t, length=2.0), "'offset' and 'length' must be integers"),
        (lambda t: agreement(t, offset=True), "'offset' and 'length' must be integers"),
        (lambda t: agreement(t, offset=None), "'offset' and 'length' must be integers"),
        # the status, the body and the shape of the matches
        (lambda t: (500, {"matches": []}), "HTTP 500, not 200"),
        (lambda t: (302, {"matches": []}), "HTTP 302, not 200"),
        (lambda t: (200, b"<html>Service Unavailable</html>"), "not JSON"),
        (lambda t: (200, b"[" * 200_000), "not JSON"),  # RecursionError in json
        (lambda t: (200, b"\xff\xfe garbage"), "not JSON"),
        (lambda t: (200, []), "not a JSON object"),
        (lambda t: (200, {}), "'matches' is not a list"),
        (lambda t: (200, {"matches": {"offset": 3}}), "'matches' is not a list"),
        (lambda t: (200, {"matches": ["HE_VERB_AGR"]}), "match 0 is not an object"),
        (lambda t: (200, {"matches": [None]}), "match 0 is not an object"),
        # the fields of a match
        (lambda t: agreement(t, message=None), "'message' is not a string"),
        (lambda t: agreement(t, rule="HE_VERB_AGR"), "'rule.id' is not a string"),
        (lambda t: agreement(t, rule={"id": 7}), "'rule.id' is not a string"),
        (lambda t: agreement(t, rule={"id": "X", "category": "G"}), "'rule.category.id'"),
        (lambda t: agreement(t, rule={"id": "X", "issueType": 1}), "'rule.issueType'"),
        (lambda t: agreement(t, replacements=["goes"]), "'replacements' is not a list"),
        (lambda t: agreement(t, replacements=[{"value": 3}]), "'replacements' is not a list"),
        (lambda t: agreement(t, replacements=[{}]), "'replacements' is not a list"),
        (lambda t: agreement(t, replacements="goes"), "'replacements' is not a list"),
    ],
)
def test_a_broken_check_answer_is_unavailable_with_one_line(
    fake: FakeLanguageTool, answer: Callable[[str], Answer], reason: str
) -> None:
    fake.check = answer
    with pytest.raises(LanguageToolUnavailable, match=reason) as caught:
        check(fake)
    assert isinstance(caught.value.__cause__, LanguageToolBadAnswer)
    message = str(caught.value)
    assert "\n" not in message and len(message) < 300
    assert message.startswith(f"LanguageTool at {fake.url} failed: ")


def test_offsets_are_utf16_code_units(fake: FakeLanguageTool) -> None:
    text = "😀 He go"  # 7 code points, 8 UTF-16 code units
    fake.check = lambda t: agreement(t, offset=6, length=2)
    (match,) = check(fake, text)
    assert text[match.offset : match.offset + match.length] == "go"
    fake.check = lambda t: agreement(t, offset=7, length=2)
    with pytest.raises(LanguageToolUnavailable, match=r"span 7\+2 ends past the end .*\(8 units\)"):
        check(fake, "😀 He Go")  # a new text (not cached) of 8 units


def test_a_broken_answer_is_retried_once_then_unavailable(fake: FakeLanguageTool) -> None:
    fake.check = lambda t: agreement(t, offset=100)
    checker = LanguageToolChecker(fake.url, reconnect=lambda: fake.url)
    with pytest.raises(LanguageToolUnavailable, match=r"failed twice: .* past the end"):
        checker.check(["He go home."])
    assert fake.checks == 2


@pytest.mark.parametrize(
    ("languages", "reason"),
    [
        ((200, b"garbage"), "/v2/languages answered with a body that is not JSON"),
        ((200, {"en-US": "English"}), "/v2/languages: not a JSON list"),
        ((200, ["en-US"]), "/v2/languages: item 0 is not an object"),
        ((200, [{"code": "en"}]), "/v2/languages: item 0 has no string 'longCode'"),
        ((200, [{"code": "en", "longCode": ["en-US"]}]), "item 0 has no string 'longCode'"),
        ((200, [{"code": "de", "longCode": "de-DE"}]), "does not list the language 'en-US'"),
        ((500, LANGUAGES), "/v2/languages answered HTTP 500"),
    ],
)
def test_a_broken_languages_answer_is_unavailable(
    fake: FakeLanguageTool, languages: Answer, reason: str
) -> None:
    fake.languages = languages
    with pytest.raises(LanguageToolUnavailable, match=reason) as caught:
        check(fake)
    assert isinstance(caught.value.__cause__, LanguageToolBadAnswer)
    assert fake.checks == 0


def test_a_server_that_never_answers_a_check_fails_within_the_deadline(
    fake: FakeLanguageTool,
) -> None:
    fake.hang = True
    started = time.monotonic()
    with pytest.raises(LanguageToolUnavailable, match=r"/v2/check gave no answer within 0\.5 s"):
        check(fake, timeout=0.5)
    assert time.monotonic() - started < 3


def test_a_server_that_accepts_and_never_answers_fails_within_the_deadline() -> None:
    with socket.create_server(("127.0.0.1", 0)) as listener:  # connects, never accepted
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        started = time.monotonic()
        with pytest.raises(LanguageToolUnavailable, match="/v2/languages gave no answer"):
            LanguageToolChecker(url, reconnect=None, timeout=0.5).check(["He go home."])
        assert time.monotonic() - started < 3


def test_after_a_failure_the_other_texts_are_not_sent(fake: FakeLanguageTool) -> None:
    """A hung server costs one deadline per worker, not one per text of a batch."""
    fake.hang = True
    checker = LanguageToolChecker(fake.url, reconnect=None, timeout=0.5, workers=2)
    started = time.monotonic()
    with pytest.raises(LanguageToolUnavailable, match="no answer"):
        checker.check([f"Text {i}." for i in range(20)])
    assert time.monotonic() - started < 3
    assert fake.checks <= 4


def test_the_deadline_comes_from_the_environment(
    fake: FakeLanguageTool, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert request_timeout() == 30.0 or TIMEOUT_ENV in os.environ
    monkeypatch.setenv(TIMEOUT_ENV, "0.4")
    assert request_timeout() == 0.4
    fake.hang = True
    with pytest.raises(LanguageToolUnavailable, match=r"no answer within 0\.4 s"):
        check(fake)
    for bad in ("soon", "0", "-1", "nan", "inf"):
        monkeypatch.setenv(TIMEOUT_ENV, bad)
        with pytest.raises(LanguageToolUnavailable, match=f"^{TIMEOUT_ENV}=.* not a positive"):
            check(fake, text=f"{bad}.")


def fixtext(*args: object, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fixtext", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
    )


def test_cli_fix_write_with_offsets_past_the_end_exits_3_and_writes_nothing(
    fake: FakeLanguageTool, tmp_path: Path
) -> None:
    fake.check = lambda t: agreement(t, offset=len(t) + 3)
    story = tmp_path / "story.txt"
    original = b"He go to school every day.\n\nThe board voted to to delay the vote.\n"
    story.write_bytes(original)
    env = {
        "FIXTEXT_LANGUAGETOOL_URL": fake.url,
        "FIXTEXT_CACHE_DIR": str(tmp_path / "cache"),
        TIMEOUT_ENV: "10",
    }
    result = fixtext("fix", "--write", "--no-model", "--no-config", story, env=env, cwd=tmp_path)
    assert result.returncode == 3, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("fixtext: error: LanguageTool unavailable: ")
    assert "past the end of the text" in result.stderr
    assert story.read_bytes() == original
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".fixtext")]  # no temp file
