"""``fixtext serve`` over real HTTP, with the requests editors' LanguageTool clients send.

A real uvicorn server on a free 127.0.0.1 port serves the real pipeline (rules and the
real LanguageTool server; the shipped model in one test).
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

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
    app = create_app(
        pipeline,
        max_body=max_body,
        timeout_s=60.0,
        model_path=None if model_path is None else str(model_path),
        languagetool_url=languagetool_url,
    )
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


def test_health(server: str, languagetool_url: str) -> None:
    answer = requests.get(f"{server}/health", timeout=10)
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "languagetool": languagetool_url, "model": None}


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
        assert health["model"] == str(model)
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
