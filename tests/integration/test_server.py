"""``fixtext serve`` over real HTTP, with the requests editors' LanguageTool clients send.

A real uvicorn server on a free 127.0.0.1 port serves the real pipeline (rules and the
real LanguageTool server; the shipped model in one test).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import requests
import uvicorn

from fixtext.api.app import create_app
from fixtext.config import build_settings
from fixtext.engine import build_pipeline
from fixtext.model.seq2seq import SHIPPED_MODEL, default_model_path

pytestmark = pytest.mark.integration
GARBLED = "The council voted to to approve the plan. He go home."
EMOJI = "😀 " + GARBLED


class ServerThread:
    """A uvicorn server running ``app`` in a thread, on a socket bound to a free port."""

    def __init__(self, app: Any) -> None:
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        config = uvicorn.Config(app, log_level="warning", lifespan="on")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )

    def __enter__(self) -> ServerThread:
        self._thread.start()
        for _ in range(500):
            if self._server.started:
                return self
            self._thread.join(0.01)
        raise RuntimeError("the server did not start")

    def __exit__(self, *_: object) -> None:
        self._server.should_exit = True
        self._thread.join(10)
        self._socket.close()


def serve(languagetool_url: str, model_path: Path | None, max_body: int) -> ServerThread:
    pipeline = build_pipeline(build_settings(), model_path)
    app = create_app(pipeline, max_body=max_body, timeout_s=60.0, languagetool_url=languagetool_url)
    return ServerThread(app)


@pytest.fixture(scope="module")
def server(languagetool_url: str) -> Iterator[str]:
    with serve(languagetool_url, None, max_body=100_000) as running:
        yield running.url


def check(url: str, **fields: str) -> dict[str, Any]:
    answer = requests.post(f"{url}/v2/check", data=fields, timeout=60)
    assert answer.status_code == 200, answer.text
    return answer.json()


def by_rule(answer: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {m["rule"]["id"]: m for m in answer["matches"]}


def test_plain_text_gets_rules_and_languagetool_matches(server: str) -> None:
    answer = check(server, text=GARBLED, language="en-US")
    assert answer["language"]["code"] == "en-US"
    matches = by_rule(answer)
    repeated = matches["FT003"]
    assert GARBLED[repeated["offset"] : repeated["offset"] + repeated["length"]] == " to"
    assert repeated["replacements"][0] == {"value": ""}
    assert repeated["rule"]["category"]["id"] == "FIXTEXT"
    agreement = matches["HE_VERB_AGR"]
    assert agreement["replacements"][0] == {"value": "goes"}
    assert agreement["rule"]["category"] == {"id": "GRAMMAR", "name": "Grammar"}
    assert len({(m["offset"], m["length"]) for m in answer["matches"]}) == len(answer["matches"])


def test_offsets_are_utf16_like_languagetools_own(server: str, languagetool_url: str) -> None:
    ours = by_rule(check(server, text=EMOJI, language="en-US"))
    theirs = requests.post(
        f"{languagetool_url}/v2/check", data={"text": EMOJI, "language": "en-US"}, timeout=60
    ).json()
    lt = next(m for m in theirs["matches"] if m["rule"]["id"] == "HE_VERB_AGR")
    assert (ours["HE_VERB_AGR"]["offset"], ours["HE_VERB_AGR"]["length"]) == (
        lt["offset"],
        lt["length"],
    )
    utf16 = EMOJI.encode("utf-16-le")
    repeated = ours["FT003"]
    start, length = repeated["offset"] * 2, repeated["length"] * 2
    assert utf16[start : start + length].decode("utf-16-le") == " to"


def test_ltex_annotated_data_counts_offsets_in_the_full_text(server: str) -> None:
    data = {
        "annotation": [
            {"markup": "\\section{"},
            {"text": "Plans"},
            {"markup": "}", "interpretAs": "\n\n"},
            {"text": "The council voted "},
            {"markup": "\\textbf{"},
            {"text": "to to"},
            {"markup": "}"},
            {"text": " approve the plan. He go home."},
        ]
    }
    full = "".join(part.get("text", part.get("markup", "")) for part in data["annotation"])
    answer = check(server, data=json.dumps(data), language="en-US")
    matches = by_rule(answer)
    agreement = matches["HE_VERB_AGR"]
    assert full[agreement["offset"] : agreement["offset"] + agreement["length"]] == "go"
    repeated = matches["FT003"]
    assert full[repeated["offset"] : repeated["offset"] + repeated["length"]] == " to"


def test_disabled_rules_are_not_reported(server: str) -> None:
    answer = check(server, text=GARBLED, language="en", disabledRules="FT003,HE_VERB_AGR")
    assert not {"FT003", "HE_VERB_AGR"} & set(by_rule(answer))


def test_multipart_form_is_accepted(server: str) -> None:
    answer = requests.post(
        f"{server}/v2/check",
        files={"text": (None, GARBLED), "language": (None, "auto")},
        timeout=60,
    )
    assert answer.status_code == 200 and "FT003" in by_rule(answer.json())


def test_languages_lists_english_variants(server: str) -> None:
    answer = requests.get(f"{server}/v2/languages", timeout=10)
    assert answer.status_code == 200
    codes = {item["longCode"]: item for item in answer.json()}
    assert codes["en-US"] == {"name": "English (US)", "code": "en", "longCode": "en-US"}
    assert "en-GB" in codes


def test_fix_repairs_and_reports(server: str) -> None:
    answer = requests.post(f"{server}/v1/fix", json={"text": GARBLED}, timeout=60)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    # "He go" -> "goes" is LanguageTool's HE_VERB_AGR, a suggestion under the fix policy
    assert body["text"] == "The council voted to approve the plan. He go home."
    assert body["applied"] == 1
    rules = {row["rule"]: row for row in body["findings"]}
    assert GARBLED[rules["FT003"]["start"] : rules["FT003"]["end"]] == rules["FT003"]["text"]
    assert set(rules["FT003"]) >= {"line", "column", "safe", "verdict", "source", "confidence"}
    [agreement] = [row for row in body["remaining"] if row["replacement"] == "goes"]
    assert agreement["safe"] is False and "fix policy" in agreement["verdict"]


def test_a_request_in_british_english_keeps_house_spelling(server: str) -> None:
    text = "The organisation realised its colour scheme was fine."
    for language in ("en-GB", "en-US"):
        answer = requests.post(
            f"{server}/v1/fix", json={"text": text, "language": language}, timeout=60
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["text"] == text


def test_health_says_ok_and_nothing_more(server: str) -> None:
    """It used to show the model's path and LanguageTool's URL (issue 23)."""
    answer = requests.get(f"{server}/health", timeout=10)
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok"}


def test_bad_requests_get_json_errors(server: str) -> None:
    bad_json = requests.post(
        f"{server}/v1/fix", data=b"{", headers={"Content-Type": "application/json"}, timeout=10
    )
    assert bad_json.status_code == 400 and "JSON" in bad_json.json()["error"]
    no_text = requests.post(f"{server}/v1/fix", json={"txt": "a"}, timeout=10)
    assert no_text.status_code == 422
    wrong_type = requests.post(f"{server}/v2/check", json={"text": "a"}, timeout=10)
    assert wrong_type.status_code == 415 and wrong_type.json()["error"]
    missing = requests.post(f"{server}/v2/check", data={"language": "en-US"}, timeout=10)
    assert missing.status_code == 400 and "text" in missing.json()["error"]
    other = requests.post(f"{server}/v2/check", data={"text": "a", "language": "de"}, timeout=10)
    assert other.status_code == 400


def test_oversize_body_is_413(server: str) -> None:
    answer = requests.post(
        f"{server}/v2/check", data={"text": "x" * 200_000, "language": "en"}, timeout=10
    )
    assert answer.status_code == 413 and answer.json()["error"]


def test_ten_concurrent_requests_are_all_answered(server: str) -> None:
    texts = [f"Item {i}: the council voted to to approve the plan." for i in range(10)]

    def one(text: str) -> requests.Response:
        return requests.post(
            f"{server}/v2/check", data={"text": text, "language": "en-US"}, timeout=60
        )

    with ThreadPoolExecutor(10) as pool:
        answers = list(pool.map(one, texts))
    assert [a.status_code for a in answers] == [200] * 10
    for text, answer in zip(texts, answers, strict=True):
        repeated = by_rule(answer.json())["FT003"]
        assert text[repeated["offset"] : repeated["offset"] + repeated["length"]] == " to"


def test_shipped_model_serves_checks_and_fixes(languagetool_url: str) -> None:
    """The shipped model in the server, as ``--model`` would load it (it is not the
    default while its calibration says so); its proposals are verified like any fix."""
    model = default_model_path() or SHIPPED_MODEL
    with serve(languagetool_url, model, max_body=100_000) as running:
        health = requests.get(f"{running.url}/health", timeout=10).json()
        assert health == {"status": "ok"}
        answer = check(running.url, text=GARBLED, language="en-US")
        assert "FT003" in by_rule(answer)
        fixed = requests.post(f"{running.url}/v1/fix", json={"text": GARBLED}, timeout=120)
        assert fixed.status_code == 200 and " to to " not in fixed.json()["text"]


def test_fifty_concurrent_requests_slow_and_malformed_clients(server: str) -> None:
    """A bounded soak on 127.0.0.1: 50 checks at once, while a slow client dribbles a body
    and others send malformed JSON; the server answers all and keeps serving."""
    import os

    import psutil

    texts = [f"Batch {i}: prices rose rose again in the region." for i in range(50)]

    def one(text: str) -> int:
        answer = requests.post(
            f"{server}/v2/check", data={"text": text, "language": "en-US"}, timeout=120
        )
        return answer.status_code

    def malformed(_: int) -> int:
        return requests.post(
            f"{server}/v1/fix",
            data=b"{not json",
            headers={"Content-Type": "application/json"},
            timeout=30,
        ).status_code

    host, port = server.removeprefix("http://").split(":")
    slow = socket.create_connection((host, int(port)), timeout=30)
    slow.sendall(
        b"POST /v2/check HTTP/1.1\r\nHost: x\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ntext="
    )  # then stalls: the server must not block on it
    threads_before = psutil.Process(os.getpid()).num_threads()
    with ThreadPoolExecutor(50) as pool:
        checks = pool.map(one, texts)
        bad = pool.map(malformed, range(10))
        assert list(checks) == [200] * 50
        assert set(bad) == {400}
    slow.close()
    assert requests.get(f"{server}/health", timeout=10).status_code == 200
    assert psutil.Process(os.getpid()).num_threads() <= threads_before + 5


# --- issue 23: hostile input, slow heads, Host names, abandoned work; the real server ---

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def example_paragraphs(count: int) -> str:
    """``count`` distinct paragraphs of the garbled examples (numbered, so that no
    LanguageTool answer comes from the checker's cache), as one document."""
    pool = [
        p.strip()
        for name in ("port-strike.txt", "drought-prices.txt")
        for p in (EXAMPLES / name).read_text(encoding="utf-8").split("\n\n")
        if len(p.strip()) > 200
    ]
    return "\n\n".join(f"Item {i}. {pool[i % len(pool)]}" for i in range(count))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def serve_process(languagetool_url: str) -> Iterator[str]:
    """``fixtext serve --no-model`` as users start it, with a 1 s header timeout."""
    port = free_port()
    env = {**os.environ, "FIXTEXT_LANGUAGETOOL_URL": languagetool_url}
    command = [
        sys.executable, "-m", "fixtext", "serve", "--no-model", "--no-config",
        "--port", str(port), "--header-timeout", "1", "--allowed-host", "editor.lan",
    ]  # fmt: skip
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            if process.poll() is not None:
                raise RuntimeError(f"fixtext serve exited: {process.stderr.read()}")  # type: ignore[union-attr]
            try:
                if requests.get(f"{url}/health", timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(30)


def raw_request(url: str, head: bytes, body: bytes = b"", wait: float = 30.0) -> bytes:
    """Send a request as bytes; the answer as bytes, read until the server closes."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=wait) as conn:
        conn.sendall(head + body)
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
        return data


def test_serve_closes_half_sent_request_heads(serve_process: str) -> None:
    """Issue 23: 100 half-sent requests stayed open; now each gets 408 within the
    header timeout (1 s here), and the server keeps serving."""
    host, port = serve_process.removeprefix("http://").split(":")
    half = [socket.create_connection((host, int(port)), timeout=10) for _ in range(100)]
    for conn in half:
        conn.sendall(b"POST /v2/check HTTP/1.1\r\nHost: localhost:8081\r\nContent-Ty")
    started = time.monotonic()
    closed = []
    for conn in half:
        data = b""
        try:
            while chunk := conn.recv(4096):
                data += chunk
        except TimeoutError:
            data = b"still open"
        closed.append(data.startswith(b"HTTP/1.1 408"))
        conn.close()
    assert closed == [True] * 100 and time.monotonic() - started < 8.0
    assert requests.get(f"{serve_process}/health", timeout=10).json() == {"status": "ok"}


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Host": "localhost:8081"}, 200),  # LanguageTool clients configured for localhost
        ({"Host": "[::1]:8081"}, 200),
        ({"Host": "editor.lan:8081"}, 200),  # --allowed-host
        ({"Host": "evil.example:8081"}, 421),  # a DNS-rebound page
        ({"Host": "127.0.0.1:8081", "Origin": "https://evil.example"}, 403),  # a web page
        ({"Host": "localhost", "Origin": "chrome-extension://abcdef"}, 200),
    ],
)
def test_serve_checks_host_and_origin(
    serve_process: str, headers: dict[str, str], status: int
) -> None:
    answer = requests.post(
        f"{serve_process}/v2/check",
        data={"text": GARBLED, "language": "en-US"},
        headers=headers,
        timeout=60,
    )
    assert answer.status_code == status, answer.text
    if status == 200:
        assert "FT003" in by_rule(answer.json())


SURROGATE_FIX = b'{"text": "He go \\ud800 home."}'
SURROGATE_DATA = b'language=en-US&data={"annotation":[{"text":"He go \\ud800"}]}'
TOO_DEEP = b'{"text": "a", "x": ' + b"[" * 900 + b"]" * 900 + b"}"


@pytest.mark.parametrize(
    ("path", "body", "status", "message"),
    [
        ("/v1/fix", b"[" * 200_000, 400, "nested too deeply"),
        ("/v1/fix", TOO_DEEP, 400, "nested deeper than 32 levels"),
        ("/v1/fix", SURROGATE_FIX, 422, "surrogate (U+D800 at character 6)"),
        ("/v2/check", b"language=en-US&data=" + b"%5B" * 100_000, 400, "nested too deeply"),
        ("/v2/check", SURROGATE_DATA, 400, "surrogate (U+D800 at character 6)"),
    ],
)
def test_hostile_json_and_lone_surrogates_are_4xx(
    serve_process: str, path: str, body: bytes, status: int, message: str
) -> None:
    """Issue 23: these were 500 with a traceback (a surrogate in ``data`` reached the
    LanguageTool request and failed there)."""
    media = "application/json" if path == "/v1/fix" else "application/x-www-form-urlencoded"
    answer = requests.post(
        f"{serve_process}{path}", data=body, headers={"Content-Type": media}, timeout=60
    )
    assert answer.status_code == status and message in answer.json()["error"], answer.text


def test_an_abandoned_long_request_does_not_hold_up_the_next(serve_process: str) -> None:
    """Issue 23: a client that gave up left its work running and the next short request
    waited for it (504 after 60 s). Now its work stops when it goes away."""
    long_text = example_paragraphs(150)  # about 100 KB: minutes of work for LanguageTool
    body = urlencode({"text": long_text, "language": "en-US"}).encode()
    host, port = serve_process.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as conn:
        conn.sendall(
            b"POST /v2/check HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
            b"application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n" % len(body) + body
        )
        time.sleep(2.0)  # it is being worked on; then the client gives up
    started = time.monotonic()
    answer = check(serve_process, text=GARBLED + f" {time.time()}", language="en-US")
    assert "FT003" in by_rule(answer)
    assert time.monotonic() - started < 15.0


def test_a_short_request_passes_a_running_long_one(serve_process: str) -> None:
    """Requests take turns on the pipeline, a chunk of paragraphs each: a short check
    is answered while a long one is still running, and the long one's answer is whole."""
    long_text = example_paragraphs(40) + "\n\nThe council voted to to approve the plan."
    with ThreadPoolExecutor(1) as pool:
        started = time.monotonic()
        long = pool.submit(
            requests.post,
            f"{serve_process}/v2/check",
            data={"text": long_text, "language": "en-US"},
            timeout=300,
        )
        time.sleep(1.0)
        short = check(
            serve_process, text=f"Vote {time.time()}: they voted to to go.", language="en"
        )
        short_done = time.monotonic() - started
        assert "FT003" in by_rule(short)
        answer = long.result()
        long_done = time.monotonic() - started
    assert answer.status_code == 200 and short_done < long_done
    repeated = [m for m in answer.json()["matches"] if m["rule"]["id"] == "FT003"]
    last = long_text.rindex(" to to") + len(" to")  # the second " to" is the repeat
    assert any(m["offset"] == last and m["length"] == 3 for m in repeated)


def test_chunked_check_and_fix_equal_one_whole_call(
    languagetool_url: str, shared_dir: Path
) -> None:
    """The server checks and fixes a text in chunks of whole paragraphs; on garbled
    held-out news documents the findings (offsets shifted) and the repaired text are
    exactly those of one call on the whole text."""
    import random

    from fixtext.api.app import chunked_check, chunked_fix
    from fixtext.document import Document
    from fixtext.training.noise import Noiser

    def run(work: Any, pipeline: Any) -> Any:
        steps = work(pipeline)
        while True:
            try:
                next(steps)
            except StopIteration as stop:
                return stop.value

    raw = (shared_dir / "corpus" / "bbc-news.heldout.txt").read_text(encoding="utf-8")
    documents = [d.split("\n") for d in raw.split("\n\n") if d.count("\n") >= 2]
    rng = random.Random(23)
    noiser = Noiser(23)
    pipeline = build_pipeline(build_settings(), None)
    findings = 0
    for paragraphs in rng.sample(documents, 25):
        separator = rng.choice(["\n\n", "\n\n\n", "\r\n\r\n", "\n \n"])
        text = separator.join(noiser.garble(p) for p in paragraphs if p.strip())
        whole = pipeline.check(Document(text))
        assert run(chunked_check(text, 300), pipeline) == whole
        fixed = pipeline.fix(Document(text))
        chunked = run(chunked_fix(text, False, 300), pipeline)
        assert (chunked.text, chunked.found, chunked.remaining) == (
            fixed.text,
            fixed.found,
            fixed.remaining,
        )
        assert len(chunked.applied) == len(fixed.applied)
        findings += len(whole)
    assert findings > 50


def test_serve_reuses_the_resident_model_and_says_when_it_is_ready(languagetool_url: str) -> None:
    """`fixtext serve` loads no model of its own (the resident model server serves it, as
    it serves the CLI), and prints one line once it accepts requests."""
    import subprocess
    import sys

    from fixtext.model.client import servers
    from fixtext.model.seq2seq import default_model_path

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    process = subprocess.Popen(
        [sys.executable, "-m", "fixtext", "serve", "--port", str(port)],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        ready = ""
        for line in process.stderr:
            if "ready on" in line:
                ready = line
                break
        assert ready == f"fixtext serve: ready on http://127.0.0.1:{port}/\n"
        assert requests.get(f"http://127.0.0.1:{port}/health", timeout=30).json() == {
            "status": "ok"
        }
        model = default_model_path()
        assert model is not None
        assert any(Path(info["model"]) == model for info in servers())
        fixed = requests.post(
            f"http://127.0.0.1:{port}/v1/fix", json={"text": "He voted to to stay."}, timeout=120
        )
        assert fixed.json()["text"] == "He voted to stay."
        import psutil  # torch and the weights in the process would take well over 400 MB

        assert psutil.Process(process.pid).memory_info().rss < 400 * 2**20
    finally:
        process.terminate()
        process.wait(30)
