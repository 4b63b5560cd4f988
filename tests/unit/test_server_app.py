"""The ASGI application with a fake pipeline at the boundary, called in-process."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from typing import Any
from urllib.parse import urlencode

import pytest

from fixtext.api.app import create_app
from fixtext.config import build_settings
from fixtext.document import Document
from fixtext.findings import Applicability, Finding, Fix, Source
from fixtext.languagetool import LanguageToolUnavailable
from fixtext.pipeline import FixResult

FORM = "application/x-www-form-urlencoded"


class FakePipeline:
    """Finds every " to to" (FT003); records the settings and overlap of its calls."""

    def __init__(self, delay: float = 0.0, fail: bool = False) -> None:
        self.settings = build_settings()
        self.delay = delay
        self.fail = fail
        self.seen: list[Any] = []
        self.active = 0
        self.max_active = 0
        self._lock = threading.Lock()

    def check(self, doc: Document) -> list[Finding]:
        with self._lock:
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        try:
            self.seen.append(self.settings)
            time.sleep(self.delay)
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
) -> tuple[int, Any]:
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
        await asyncio.sleep(3600)
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
        "model_path": None,
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
    ],
)
def test_bad_check_requests_are_400(fields: dict[str, str]) -> None:
    status, body = call(make_app(), "POST", "/v2/check", form(**fields), {"content-type": FORM})
    assert status == 400 and body["error"]


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
    ],
)
def test_bad_fix_requests(payload: bytes, status: int) -> None:
    got, body = call(make_app(), "POST", "/v1/fix", payload, {"content-type": "application/json"})
    assert got == status and body["error"]


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


def test_health_reports_an_unreachable_languagetool() -> None:
    status, body = call(make_app(model_path="/m"), "GET", "/health")
    assert status == 503
    assert body["languagetool"] == "http://127.0.0.1:1" and body["model"] == "/m"


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
