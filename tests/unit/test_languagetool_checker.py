"""LanguageToolChecker against a fake LanguageTool HTTP server, and UTF-16 offsets."""

from __future__ import annotations

import http.server
import json
import threading
import urllib.parse
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fixtext.languagetool.checker import LanguageToolChecker, utf16_span_to_python
from fixtext.languagetool.install import LanguageToolUnavailable
from fixtext.protocols import Match


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class FakeLanguageTool(http.server.ThreadingHTTPServer):
    """Flags every " go " like LanguageTool would: offsets in UTF-16 code units."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.checks: list[dict[str, str]] = []
        self.fail_next = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(http.server.BaseHTTPRequestHandler):
    server: FakeLanguageTool

    def do_GET(self) -> None:
        self._send([{"code": "en", "longCode": code} for code in ("en-US", "en-GB")])

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        params = dict(urllib.parse.parse_qsl(body))
        if self.server.fail_next:
            self.server.fail_next -= 1
            self.send_response(500)
            self.end_headers()
            return
        self.server.checks.append(params)
        text = params["text"]
        matches = []
        at = text.find(" go ")
        if at >= 0 and "HE_VERB_AGR" not in params.get("disabledRules", ""):
            matches.append(
                {
                    "message": "Agreement error",
                    "offset": utf16_len(text[: at + 1]),
                    "length": 2,
                    "replacements": [{"value": v} for v in "goes went g1 g2 g3 g4".split()],
                    "rule": {"id": "HE_VERB_AGR", "category": {"id": "GRAMMAR"}},
                }
            )
        self._send({"matches": matches})

    def _send(self, payload: object) -> None:
        data = json.dumps(payload).encode()
        self.send_response(200)
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
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("text", "utf16", "expected"),
    [
        ("He go home.", (3, 2), (3, 2)),
        ("😀 He go home.", (6, 2), (5, 2)),
        ("😀😀 He go", (8, 2), (6, 2)),
        ("é He go", (5, 2), (5, 2)),  # BMP only: nothing to convert
        ("a😀b", (1, 2), (1, 1)),  # the span is the emoji itself
        ("a😀b", (3, 1), (2, 1)),
        ("a😀b", (4, 0), (3, 0)),  # empty span at the end
    ],
)
def test_utf16_span_to_python(text: str, utf16: tuple[int, int], expected: tuple[int, int]) -> None:
    assert utf16_span_to_python(text, *utf16) == expected


@given(st.text(), st.data())
def test_utf16_conversion_round_trips(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    offset, length = utf16_len(text[:start]), utf16_len(text[start:end])
    assert utf16_span_to_python(text, offset, length) == (start, end - start)


def test_emoji_before_error_keeps_the_span(fake: FakeLanguageTool) -> None:
    checker = LanguageToolChecker(fake.url, reconnect=None)
    texts = ["He go home.", "😀 He go home.", "🎉🎉 ok 𝒳 he go 😀 now", "Fine."]
    results = checker.check(texts)
    for text, matches in zip(texts[:3], results, strict=False):
        (match,) = matches
        assert text[match.offset : match.offset + match.length] == "go"
    assert results[3] == []
    assert results[1][0] == Match(
        rule="HE_VERB_AGR",
        message="Agreement error",
        offset=5,
        length=2,
        replacements=("goes", "went", "g1", "g2", "g3"),  # top 5 only
        category="GRAMMAR",
    )


def test_results_are_cached_per_text_and_keep_order(fake: FakeLanguageTool) -> None:
    checker = LanguageToolChecker(fake.url, reconnect=None)
    first = checker.check(["He go home.", "Fine.", "He go home."])
    assert len(fake.checks) == 2  # the duplicate was sent once
    assert first[0] == first[2] and first[1] == []
    assert checker.check(["Fine.", "He go home."]) == [first[1], first[0]]
    assert len(fake.checks) == 2


def test_cache_is_bounded(fake: FakeLanguageTool) -> None:
    checker = LanguageToolChecker(fake.url, reconnect=None, cache_size=2, workers=1)
    checker.check(["a.", "b.", "c."])
    checker.check(["a."])
    assert len(fake.checks) == 4  # "a." had been evicted


def test_language_and_disabled_rules_are_sent(fake: FakeLanguageTool) -> None:
    checker = LanguageToolChecker(
        fake.url,
        language="en-GB",
        disabled_rules=["HE_VERB_AGR", "X"],
        disabled_categories=["TYPOS"],
        reconnect=None,
    )
    assert checker.check(["He go home."]) == [[]]
    (params,) = fake.checks
    assert params["language"] == "en-GB"
    assert set(params["disabledRules"].split(",")) == {"HE_VERB_AGR", "X"}
    assert params["disabledCategories"] == "TYPOS"


def test_failure_is_retried_once_after_reconnect(fake: FakeLanguageTool) -> None:
    calls: list[int] = []

    def reconnect() -> str:
        calls.append(1)
        return fake.url

    checker = LanguageToolChecker("http://127.0.0.1:9", reconnect=reconnect)  # nothing there
    assert checker.check(["He go home."])[0][0].rule == "HE_VERB_AGR"
    assert calls == [1] and checker.url == fake.url


def test_second_failure_raises_unavailable(fake: FakeLanguageTool) -> None:
    checker = LanguageToolChecker(fake.url, reconnect=lambda: fake.url)
    checker.check(["warm up."])  # the server answered once
    fake.fail_next = 10
    with pytest.raises(LanguageToolUnavailable, match="failed twice"):
        checker.check(["He go home."])


def test_no_reconnect_raises_unavailable() -> None:
    checker = LanguageToolChecker("http://127.0.0.1:9", reconnect=None)
    with pytest.raises(LanguageToolUnavailable, match=r"127\.0\.0\.1:9"):
        checker.check(["He go home."])


def test_many_texts_in_parallel(fake: FakeLanguageTool) -> None:
    checker = LanguageToolChecker(fake.url, reconnect=None)
    texts = [f"Sentence {i}: he go home." for i in range(40)]
    results = checker.check(texts)
    assert [m[0].offset for m in results] == [t.index("go ") for t in texts]
