"""The ASGI application with a fake pipeline at the boundary, called in-process."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
import requests
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from fixtext.api import serve
from fixtext.api.app import (
    ALONE_CHUNK_CHARS,
    InterruptibleChecker,
    chunked_check,
    create_app,
    header_timeout_protocol,
    make_interruptible,
    paragraph_chunks,
)
from fixtext.config import build_settings
from fixtext.document import Document
from fixtext.findings import Applicability, Finding, Fix, Source
from fixtext.languagetool import LanguageToolUnavailable
from fixtext.pipeline import FixResult

FORM = "application/x-www-form-urlencoded"
JSON = {"content-type": "application/json"}


class FakePipeline:
    """Finds the first " to to" (FT003); records the settings, overlap and text length of
    its calls. A call takes ``delay`` seconds plus ``per_char`` per character."""

    def __init__(self, delay: float = 0.0, fail: bool = False, per_char: float = 0.0) -> None:
        self.settings = build_settings()
        self.delay = delay
        self.per_char = per_char
        self.fail = fail
        self.seen: list[Any] = []
        self.checked_chars: list[int] = []
        self.active = 0
        self.max_active = 0
        self._lock = threading.Lock()

    def check(self, doc: Document) -> list[Finding]:
        with self._lock:
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        try:
            self.seen.append(self.settings)
            self.checked_chars.append(len(doc.text))
            time.sleep(self.delay + self.per_char * len(doc.text))
            if self.fail:
                raise LanguageToolUnavailable("gone")
            start = doc.text.find(" to to")
            if start < 0 or not self.settings.rule_enabled("FT003"):
                return []
            return [
                Finding(
                    "FT003",
                    "repeated",
                    start,
                    start + 3,
                    0.9,
                    Source.RULES,
                    Fix("", applicability=Applicability.SAFE),
                )
            ]
        finally:
            with self._lock:
                self.active -= 1

    def fix(self, doc: Document, unsafe: bool = False) -> FixResult:
        found = self.check(doc)
        text = doc.text.replace(" to to", " to", 1)
        return FixResult(text, found, [], found)


def call(
    app: Any, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
) -> tuple[int, Any]:
    """One request through the ASGI app; returns (status, parsed JSON body)."""
    return asyncio.run(acall(app, method, path, body, headers))


async def acall(
    app: Any,
    method: str,
    path: str,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    chunks: int = 1,
    disconnect_after: float | None = None,
) -> tuple[int, Any]:
    """One request; with ``disconnect_after``, the client goes away that many seconds
    after sending its body (the answer is then whatever the app sent, if anything)."""
    raw_headers = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    if chunks == 1:
        raw_headers.append((b"content-length", str(len(body)).encode()))
    path, _, query = path.partition("?")
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "headers": raw_headers,
        "http_version": "1.1",
        "scheme": "http",
        "server": ("127.0.0.1", 8081),
        "client": ("127.0.0.1", 5000),
        "root_path": "",
    }
    size = max(1, len(body) // chunks + 1)
    pieces = [body[i : i + size] for i in range(0, len(body), size)] or [b""]
    messages = [
        {"type": "http.request", "body": piece, "more_body": i < len(pieces) - 1}
        for i, piece in enumerate(pieces)
    ]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if messages:
            return messages.pop(0)
        await asyncio.sleep(3600 if disconnect_after is None else disconnect_after)
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    payload = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, json.loads(payload)


def make_app(pipeline: FakePipeline | None = None, **kwargs: Any) -> Any:
    options = {
        "max_body": 10_000,
        "timeout_s": 5.0,
        "languagetool_url": "http://127.0.0.1:1",
    }
    options.update(kwargs)
    return create_app(pipeline or FakePipeline(), **options)  # type: ignore[arg-type]


def form(**fields: str) -> bytes:
    return urlencode(fields).encode()


def test_check_answers_languagetool_matches() -> None:
    status, body = call(
        make_app(),
        "POST",
        "/v2/check",
        form(text="We voted to to go.", language="en-US"),
        {"content-type": FORM},
    )
    assert status == 200
    (match,) = body["matches"]
    assert (match["offset"], match["length"], match["rule"]["id"]) == (8, 3, "FT003")


def test_check_takes_get_query_parameters() -> None:
    status, body = call(
        make_app(), "GET", "/v2/check?" + urlencode({"text": "a to to b", "language": "en"})
    )
    assert status == 200 and len(body["matches"]) == 1


def test_disabled_rules_and_enabled_only_reach_the_pipeline_settings() -> None:
    pipeline = FakePipeline()
    app = make_app(pipeline)
    fields = {"text": "a to to b", "language": "auto", "disabledRules": "FT003,X"}
    status, body = call(app, "POST", "/v2/check", form(**fields), {"content-type": FORM})
    assert status == 200 and body["matches"] == []
    assert {"FT003", "X"} <= pipeline.seen[-1].disable
    fields = {"text": "a", "language": "en", "enabledRules": "FT001", "enabledOnly": "true"}
    call(app, "POST", "/v2/check", form(**fields), {"content-type": FORM})
    assert pipeline.seen[-1].enable == {"FT001"}
    assert pipeline.settings == build_settings()  # restored after every call


@pytest.mark.parametrize(
    "fields",
    [
        {"language": "en-US"},
        {"text": "a", "data": '{"annotation": []}', "language": "en-US"},
        {"text": "a", "language": "de-DE"},
        {"text": "a"},
        {"data": "{", "language": "en-US"},
        {"text": "a", "language": "en", "enabledOnly": "true"},
        {"data": "[" * 50_000 + "]" * 50_000, "language": "en-US"},  # was 500 (issue 23)
        {"data": '{"annotation": [' * 40 + "]}" * 40, "language": "en-US"},
        {"data": '{"annotation": [{"text": "a \\ud800 b"}]}', "language": "en-US"},
    ],
)
def test_bad_check_requests_are_400(fields: dict[str, str]) -> None:
    app = make_app(max_body=1_000_000)
    status, body = call(app, "POST", "/v2/check", form(**fields), {"content-type": FORM})
    assert status == 400 and body["error"]


def test_a_lone_surrogate_in_data_is_named_and_never_reaches_the_pipeline() -> None:
    pipeline = FakePipeline()
    data = '{"annotation": [{"markup": "<p>"}, {"text": "ab\\udfffc"}]}'
    status, body = call(
        make_app(pipeline),
        "POST",
        "/v2/check",
        form(data=data, language="en-US"),
        {"content-type": FORM},
    )
    assert status == 400 and not pipeline.seen
    assert body["error"] == (
        "annotation item 1: 'text' has a lone UTF-16 surrogate (U+DFFF at character 2)"
    )


def test_check_wants_a_form_body() -> None:
    status, body = call(
        make_app(), "POST", "/v2/check", b'{"text": "a"}', {"content-type": "application/json"}
    )
    assert status == 415 and "urlencoded" in body["error"]


def test_file_parts_are_refused() -> None:
    body = (
        b'--XX\r\nContent-Disposition: form-data; name="text"; filename="a.txt"\r\n'
        b"Content-Type: text/plain\r\n\r\nhello\r\n--XX--\r\n"
    )
    status, answer = call(
        make_app(),
        "POST",
        "/v2/check?language=en",
        body,
        {"content-type": "multipart/form-data; boundary=XX"},
    )
    assert status == 400 and "file" in answer["error"]


def test_oversize_bodies_are_413_declared_or_chunked() -> None:
    app = make_app(max_body=100)
    big = form(text="x" * 200, language="en")
    assert call(app, "POST", "/v2/check", big, {"content-type": FORM})[0] == 413
    status, _ = asyncio.run(acall(app, "POST", "/v2/check", big, {"content-type": FORM}, chunks=4))
    assert status == 413


def test_slow_pipeline_times_out_with_504_and_lost_languagetool_is_503() -> None:
    fields = form(text="a", language="en")
    slow = make_app(FakePipeline(delay=0.5), timeout_s=0.1)
    status, body = call(slow, "POST", "/v2/check", fields, {"content-type": FORM})
    assert status == 504 and "0.1" in body["error"]
    failing = make_app(FakePipeline(fail=True))
    status, body = call(failing, "POST", "/v2/check", fields, {"content-type": FORM})
    assert status == 503 and "LanguageTool" in body["error"]


def test_pipeline_calls_never_overlap() -> None:
    pipeline = FakePipeline(delay=0.02)
    app = make_app(pipeline)

    async def many() -> list[tuple[int, Any]]:
        return await asyncio.gather(
            *(
                acall(
                    app,
                    "POST",
                    "/v2/check",
                    form(text=f"{i} to to", language="en"),
                    {"content-type": FORM},
                )
                for i in range(8)
            )
        )

    results = asyncio.run(many())
    assert [status for status, _ in results] == [200] * 8
    assert pipeline.max_active == 1


def test_fix_returns_findings_text_and_count() -> None:
    status, body = call(
        make_app(),
        "POST",
        "/v1/fix",
        json.dumps({"text": "We voted to to go.", "min_confidence": 0.5}).encode(),
        {"content-type": "application/json"},
    )
    assert status == 200
    assert body["text"] == "We voted to go." and body["applied"] == 1
    (row,) = body["findings"]
    assert row["rule"] == "FT003" and row["start"] == 8 and row["line"] == 1


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        (b"{not json", 400),
        (b"[]", 422),
        (b"{}", 422),
        (b'{"text": 1}', 422),
        (b'{"text": "a", "unsafe_fixes": "yes"}', 422),
        (b'{"text": "a", "min_confidence": 2}', 422),
        (b'{"text": "a", "min_confidence": true}', 422),
        (b'{"text": "a", "extra": 1}', 422),
        # issue 23: these were 500 with a traceback
        (b"[" * 100_000 + b"]" * 100_000, 400),
        (b'{"text": "a", "x": ' + b"[" * 500 + b"]" * 500 + b"}", 400),
        (b'{"text": "a \\ud800 b"}', 422),
        (b'{"text": "a", "\\ud800": 1}', 422),
        (b'{"text": "a\xed\xa0\x80"}', 422),  # a surrogate in (CESU-8) bytes
    ],
)
def test_bad_fix_requests(payload: bytes, status: int) -> None:
    app = make_app(max_body=1_000_000)
    got, body = call(app, "POST", "/v1/fix", payload, {"content-type": "application/json"})
    assert got == status and body["error"]


def test_a_lone_surrogate_in_fix_text_is_422_naming_its_place() -> None:
    pipeline = FakePipeline()
    payload = b'{"text": "We went \\ud83d home."}'
    status, body = call(make_app(pipeline), "POST", "/v1/fix", payload, JSON)
    assert status == 422 and not pipeline.seen
    assert body["error"] == "'text' has a lone UTF-16 surrogate (U+D83D at character 8)"
    status, body = call(make_app(), "POST", "/v1/fix", b"[" * 5000 + b"]" * 5000, JSON)
    assert status == 400 and "nested too deeply" in body["error"]


def test_fix_wants_json() -> None:
    status, body = call(make_app(), "POST", "/v1/fix", form(text="a"), {"content-type": FORM})
    assert status == 415 and body["error"]


def test_languages_and_unknown_paths() -> None:
    status, body = call(make_app(), "GET", "/v2/languages")
    assert status == 200
    assert {item["longCode"] for item in body} >= {"en-US", "en-GB"}
    assert all(set(item) == {"name", "code", "longCode"} for item in body)
    assert call(make_app(), "GET", "/nowhere")[0] == 404
    assert call(make_app(), "GET", "/v1/fix")[0] == 405


def test_health_reports_an_unreachable_languagetool_and_nothing_else() -> None:
    """/health used to name the model's path and LanguageTool's URL (issue 23)."""
    status, body = call(make_app(), "GET", "/health")
    assert status == 503
    assert body == {"status": "languagetool unreachable"}


def test_a_request_for_the_other_english_variant_runs_on_its_own_pipeline() -> None:
    us, gb = FakePipeline(), FakePipeline()
    gb.settings = build_settings({"language": "en-GB"})
    built: list[str] = []

    def for_language(language: str) -> FakePipeline:
        built.append(language)
        return gb

    app = make_app(us, for_language=for_language)
    fields = {"text": "a to to b", "language": "en-GB"}
    status, body = call(app, "POST", "/v2/check", form(**fields), {"content-type": FORM})
    assert status == 200 and body["language"]["code"] == "en-GB"
    assert gb.seen[-1].language == "en-GB" and not us.seen
    call(app, "POST", "/v2/check", form(**fields), {"content-type": FORM})
    assert built == ["en-GB"]  # built once
    fields["language"] = "en"
    status, body = call(app, "POST", "/v2/check", form(**fields), {"content-type": FORM})
    assert body["language"]["code"] == "en-US" and us.seen[-1].language == "en-US"
    payload = json.dumps({"text": "a to to b", "language": "en-GB"}).encode()
    status, _ = call(app, "POST", "/v1/fix", payload, {"content-type": "application/json"})
    assert status == 200 and gb.seen[-1].language == "en-GB"
    bad = json.dumps({"text": "a", "language": "fr"}).encode()
    status, body = call(app, "POST", "/v1/fix", bad, {"content-type": "application/json"})
    assert status == 422 and "language" in body["error"]


# --- issue 23: host names, abandoned and long requests, slow request heads ---


@pytest.mark.parametrize(
    "host",
    ["localhost:8081", "localhost", "127.0.0.1:8081", "[::1]:8081", "LocalHost.:8081", "127.0.1.1"],
)
def test_loopback_host_names_are_served(host: str) -> None:
    """LanguageTool clients send ``Host: localhost:8081`` and the like."""
    assert call(make_app(), "GET", "/v2/languages", headers={"host": host})[0] == 200


@pytest.mark.parametrize(
    "host",
    ["evil.example", "evil.example:8081", "localhost.evil.example", "127.0.0.1.nip.io", "[::2]"],
)
def test_other_host_names_are_421(host: str) -> None:
    """A page whose DNS name was rebound to 127.0.0.1 still sends its own name."""
    pipeline = FakePipeline()
    status, body = call(
        make_app(pipeline),
        "POST",
        "/v2/check",
        form(text="a to to b", language="en"),
        {"content-type": FORM, "host": host},
    )
    assert status == 421 and "Host" in body["error"] and not pipeline.seen


def test_allowed_hosts_are_served_too() -> None:
    app = make_app(allowed_hosts=["editor.lan", "10.0.0.5:8081", "::1"])
    for host in ("editor.lan:8081", "EDITOR.LAN", "10.0.0.5", "localhost"):
        assert call(app, "GET", "/v2/languages", headers={"host": host})[0] == 200, host
    assert call(app, "GET", "/v2/languages", headers={"host": "other.lan"})[0] == 421
    anything = make_app(allowed_hosts=["*"])
    assert call(anything, "GET", "/v2/languages", headers={"host": "other.lan"})[0] == 200


@pytest.mark.parametrize(
    ("origin", "status"),
    [
        ("https://evil.example", 403),
        ("http://evil.example:8081", 403),
        ("null", 403),
        ("http://localhost:3000", 200),
        ("chrome-extension://oldceeleldhonbafppcapldpdifcinji", 200),
        ("moz-extension://5f6c7d", 200),
    ],
)
def test_web_pages_of_other_origins_may_not_post(origin: str, status: int) -> None:
    """A page the user visits can make the browser post to 127.0.0.1 with a loopback
    ``Host``; its ``Origin`` gives it away. Browser extensions keep working."""
    pipeline = FakePipeline()
    got, _ = call(
        make_app(pipeline),
        "POST",
        "/v2/check",
        form(text="a to to b", language="en"),
        {"content-type": FORM, "host": "127.0.0.1:8081", "origin": origin},
    )
    assert got == status and bool(pipeline.seen) == (status == 200)


def paragraphs(count: int, size: int = 1500) -> str:
    """``count`` paragraphs of about ``size`` characters, one " to to" in paragraph 15."""
    out = []
    for i in range(count):
        words = "word " * (size // 5 - 4)
        out.append(f"Paragraph {i} {'we voted to to go ' if i == 15 else ''}{words.strip()}.")
    return "\n\n".join(out)


def test_paragraph_chunks_cut_at_paragraph_starts_and_cover_the_text() -> None:
    text = paragraphs(20)
    cuts = list(paragraph_chunks(text, 1000))
    assert "".join(text[a:b] for a, b in cuts) == text
    assert all(text[a] == "P" for a, _ in cuts) and len(cuts) == 20
    assert len(list(paragraph_chunks(text))) == 20  # outside a worker: a paragraph a chunk
    assert list(paragraph_chunks("one\n\ntwo\n\nthree")) == [(0, 15)]
    single = "x " * ALONE_CHUNK_CHARS
    assert list(paragraph_chunks(single)) == [(0, len(single))]
    assert list(paragraph_chunks("")) == [(0, 0)]


def test_a_chunked_check_shifts_offsets_to_the_whole_text() -> None:
    text = paragraphs(20)
    work = chunked_check(text, 1000)(FakePipeline())  # type: ignore[arg-type]
    steps = 0
    with pytest.raises(StopIteration) as done:
        while True:
            next(work)
            steps += 1
    (finding,) = done.value.value
    assert steps == 20 and text[finding.start : finding.end] == " to"
    assert finding.start == text.index(" to to")


def test_chunks_are_one_paragraph_while_others_wait() -> None:
    """Alone, a long request goes in chunks of half a second's work (at most 4,000
    characters); while another request waits, a paragraph at a time, so each takes a
    paragraph's share of a turn."""
    pipeline = FakePipeline(per_char=0.02 / 1000)
    app = make_app(pipeline, max_body=1_000_000, timeout_s=30.0)
    first, second = paragraphs(60, size=250), paragraphs(61, size=250)

    async def scenario() -> None:
        one = asyncio.ensure_future(
            acall(app, "POST", "/v2/check", form(text=first, language="en"), HEADERS)
        )
        while len(pipeline.checked_chars) < 3:
            await asyncio.sleep(0.001)
        two = await acall(app, "POST", "/v2/check", form(text=second, language="en"), HEADERS)
        assert two[0] == 200 and (await one)[0] == 200

    asyncio.run(scenario())
    sizes = pipeline.checked_chars
    assert sizes[0] < 300  # alone, the pace not known yet: one paragraph
    assert max(sizes[1:3]) > 1000  # alone: half a second's work at the measured pace
    assert sum(size < 300 for size in sizes) >= 40  # then one paragraph (250) a turn each


def test_an_abandoned_long_request_stops_and_does_not_hold_up_the_next() -> None:
    """Issue 23: a client that gave up left its work running, and the next short request
    waited for it (or got 504)."""
    pipeline = FakePipeline(per_char=0.1 / 1000)  # 0.15 s a paragraph, 3 s in all
    app = make_app(pipeline, max_body=1_000_000, timeout_s=30.0)
    long_text = paragraphs(20)

    async def scenario() -> tuple[int, float, int]:
        abandoned = asyncio.ensure_future(
            acall(
                app,
                "POST",
                "/v2/check",
                form(text=long_text, language="en"),
                {"content-type": FORM},
                disconnect_after=0.3,
            )
        )
        await asyncio.sleep(0.5)
        started = time.monotonic()
        status, _ = await acall(
            app, "POST", "/v2/check", form(text="We voted to to go.", language="en"), HEADERS
        )
        waited = time.monotonic() - started
        gone, _ = await abandoned
        return status, waited, gone

    status, waited, gone = asyncio.run(scenario())
    assert status == 200 and waited < 1.0
    assert gone == 499
    time.sleep(0.3)
    assert sum(pipeline.checked_chars) < len(long_text) / 2  # the rest was never checked


def test_a_short_request_passes_a_long_one_chunk_by_chunk() -> None:
    """The worker takes waiting requests in turn, a chunk each: a short request waits for
    one chunk of a long one, not for all of it, and the long one's answer is whole."""
    pipeline = FakePipeline(per_char=0.1 / 1000)
    app = make_app(pipeline, max_body=1_000_000, timeout_s=30.0)
    long_text = paragraphs(20)

    async def scenario() -> tuple[tuple[int, Any], float, float]:
        started = time.monotonic()
        long = asyncio.ensure_future(
            acall(app, "POST", "/v2/check", form(text=long_text, language="en"), HEADERS)
        )
        await asyncio.sleep(0.2)
        status, _ = await acall(
            app, "POST", "/v2/check", form(text="We voted to to go.", language="en"), HEADERS
        )
        assert status == 200
        short_done = time.monotonic() - started
        answer = await long
        return answer, short_done, time.monotonic() - started

    (status, body), short_done, long_done = asyncio.run(scenario())
    assert short_done < 1.0 < long_done
    (match,) = body["matches"]
    assert status == 200 and match["offset"] == long_text.index(" to to")
    assert pipeline.max_active == 1


def test_a_request_past_its_deadline_stops_its_work() -> None:
    """504 at the deadline, and the work stops: the next request is not held up."""
    pipeline = FakePipeline(per_char=0.1 / 1000)
    app = make_app(pipeline, max_body=1_000_000, timeout_s=0.5)
    long_text = paragraphs(20)
    status, body = call(app, "POST", "/v2/check", form(text=long_text, language="en"), HEADERS)
    assert status == 504 and "0.5" in body["error"]
    started = time.monotonic()
    status, _ = call(app, "POST", "/v2/check", form(text="a to to b", language="en"), HEADERS)
    assert status == 200 and time.monotonic() - started < 0.45
    assert sum(pipeline.checked_chars) < len(long_text) / 2


class SlowChecker:
    """A LanguageTool stand-in: 0.05 s a text, no matches."""

    def __init__(self) -> None:
        self.texts = 0

    def check(self, texts: list[str]) -> list[list[Any]]:
        time.sleep(0.05 * len(texts))
        self.texts += len(texts)
        return [[] for _ in texts]


class Holder:
    def __init__(self, checker: Any) -> None:
        self.checker = checker


class CheckerPipeline(FakePipeline):
    """A pipeline whose check sends every 50 characters to its detector's checker."""

    def __init__(self) -> None:
        super().__init__()
        checker = SlowChecker()
        self.inner = checker
        self.detectors = [Holder(checker), Holder(None)]
        self.verifier = Holder(checker)

    def check(self, doc: Document) -> list[Finding]:
        texts = [doc.text[i : i + 50] for i in range(0, len(doc.text), 50)]
        self.detectors[0].checker.check(texts)
        return super().check(doc)


def test_a_running_chunk_stops_at_its_next_languagetool_call() -> None:
    """One paragraph is one chunk; a long one stops between LanguageTool calls."""
    pipeline = CheckerPipeline()
    app = make_app(pipeline, max_body=1_000_000, timeout_s=30.0)
    one_paragraph = "word " * 400  # 40 texts: 2 s

    async def scenario() -> float:
        abandoned = asyncio.ensure_future(
            acall(
                app,
                "POST",
                "/v2/check",
                form(text=one_paragraph, language="en"),
                HEADERS,
                disconnect_after=0.3,
            )
        )
        await asyncio.sleep(0.4)
        started = time.monotonic()
        status, _ = await acall(
            app, "POST", "/v2/check", form(text="short", language="en"), HEADERS
        )
        assert status == 200
        await abandoned
        return time.monotonic() - started

    assert asyncio.run(scenario()) < 1.0
    assert pipeline.inner.texts < 20
    wrapped = pipeline.detectors[0].checker
    assert isinstance(wrapped, InterruptibleChecker) and pipeline.verifier.checker is wrapped
    assert pipeline.detectors[1].checker is None
    make_interruptible(pipeline)  # type: ignore[arg-type]
    assert pipeline.detectors[0].checker is wrapped  # wrapped once
    assert wrapped.check(["a", "b", "c"]) == [[], [], []]  # outside a worker: plain


HEADERS = {"content-type": FORM}


@pytest.fixture
def live_server() -> Iterator[tuple[str, int]]:
    """The app on uvicorn with a 0.5 s header timeout, on a free 127.0.0.1 port."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(
        make_app(), log_level="warning", http=header_timeout_protocol(0.5), lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(500):
        if server.started:
            break
        time.sleep(0.01)
    yield sock.getsockname()
    server.should_exit = True
    thread.join(10)
    sock.close()


def read_until_closed(conn: socket.socket, limit: float) -> bytes | None:
    """What the server sent until it closed the connection; None if it kept it open."""
    conn.settimeout(limit)
    data = b""
    try:
        while chunk := conn.recv(4096):
            data += chunk
    except TimeoutError:
        return None
    return data


def test_half_sent_request_heads_are_closed_after_the_header_timeout(
    live_server: tuple[str, int],
) -> None:
    """Issue 23: 100 half-sent requests stayed open for ever."""
    half = [socket.create_connection(live_server) for _ in range(100)]
    for conn in half:
        conn.sendall(b"POST /v2/check HTTP/1.1\r\nHost: localhost\r\nContent-Le")
    silent = socket.create_connection(live_server)
    kept = socket.create_connection(live_server)
    kept.sendall(b"GET /v2/languages HTTP/1.1\r\nHost: localhost\r\n\r\n")
    assert kept.recv(65536).startswith(b"HTTP/1.1 200")
    kept.sendall(b"GET /v2/lang")  # the next request on a kept-alive connection, half sent
    started = time.monotonic()
    answers = [read_until_closed(conn, 5.0) for conn in [*half, silent, kept]]
    assert time.monotonic() - started < 3.0
    # closed, with a 408 (after the rest of its first answer on the kept-alive connection)
    assert [a is not None and b"HTTP/1.1 408 Request Timeout" in a for a in answers] == [True] * 102
    for conn in [*half, silent, kept]:
        conn.close()
    # a client that sends its head in time is served, even if its body comes slowly
    slow = socket.create_connection(live_server)
    body = form(text="a to to b", language="en")
    slow.sendall(
        b"POST /v2/check HTTP/1.1\r\nHost: localhost:8081\r\nConnection: close\r\n"
        b"Content-Type: " + FORM.encode() + b"\r\nContent-Length: %d\r\n\r\n" % len(body)
    )
    time.sleep(0.8)  # past the header timeout
    slow.sendall(body)
    answer = read_until_closed(slow, 5.0)
    slow.close()
    assert answer is not None and answer.startswith(b"HTTP/1.1 200")
    url = f"http://{live_server[0]}:{live_server[1]}"
    assert requests.get(f"{url}/v2/languages", timeout=10).status_code == 200


def test_serve_runs_uvicorn_with_the_limits_and_the_hosts(monkeypatch: pytest.MonkeyPatch) -> None:
    captured: dict[str, Any] = {}

    class FakeEngine:
        languagetool_url = "http://127.0.0.1:1"

        def __init__(self, model_path: Any, **_: Any) -> None:
            pass

        def pipeline(self, settings: Any) -> FakePipeline:
            return FakePipeline()

    monkeypatch.setattr("fixtext.engine.Engine", FakeEngine)
    monkeypatch.setattr("fixtext.api._run_saying_ready", lambda config: captured.update(c=config))
    serve(
        "192.168.7.5",
        8081,
        None,
        build_settings(),
        header_timeout_s=3.0,
        allowed_hosts=["editor.lan"],
        max_connections=50,
    )
    config = captured["c"]
    assert issubclass(config.http, H11Protocol) and config.http.header_timeout == 3.0
    assert config.limit_concurrency == 50
    for host, status in [("192.168.7.5:8081", 200), ("editor.lan", 200), ("x.lan", 421)]:
        assert call(config.app, "GET", "/v2/languages", headers={"host": host})[0] == status
    serve("127.0.0.1", 8081, None, build_settings())
    config = captured["c"]
    assert config.http.header_timeout == 10.0 and config.limit_concurrency == 100
    assert call(config.app, "GET", "/v2/languages", headers={"host": "192.168.7.5"})[0] == 421
