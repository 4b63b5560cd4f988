"""The review page's endpoints (issue 26) with a fake pipeline, in-process: ``GET /``,
``/static/NAME``, ``POST /review`` (the story embedded safely), and what the page asks of
``/v1/fix`` (``merge``, ``input_format``). The page itself runs in a real browser in
tests/integration/test_review_page.py."""

from __future__ import annotations

import json
import re
import tomllib
from fnmatch import fnmatch
from typing import Any

import pytest
from starlette.testclient import TestClient

from fixtext.api.app import create_app
from fixtext.api.page import STATIC_TYPES, STORY_SLOT, embed_json, story_name
from fixtext.config import build_settings
from fixtext.document import Document
from fixtext.findings import Applicability, Finding, Fix, Source
from fixtext.pipeline import FixResult
from tests.conftest import ROOT

STORY = re.compile(r'<script type="application/json" id="story">(.*?)</script>', re.S)


class FakePipeline:
    """Finds " to to": a safe FT003 fix and, on the same span, an FT100 suggestion;
    records the documents it was given."""

    def __init__(self) -> None:
        self.settings = build_settings()
        self.docs: list[Document] = []

    def check(self, doc: Document) -> list[Finding]:
        self.docs.append(doc)
        start = doc.text.find(" to to")
        if start < 0:
            return []
        span = (start, start + 3)
        return [
            Finding(
                "FT003",
                "repeated",
                *span,
                0.9,
                Source.RULES,
                Fix("", applicability=Applicability.SAFE),
            ),
            Finding("FT100", "rewrite", *span, 0.5, Source.MODEL, Fix(" so")),
        ]

    def fix(self, doc: Document, unsafe: bool = False) -> FixResult:
        found = self.check(doc)
        return FixResult(doc.text.replace(" to to", " to", 1), found[:1], [], found)


@pytest.fixture
def pipeline() -> FakePipeline:
    return FakePipeline()


@pytest.fixture
def client(pipeline: FakePipeline) -> TestClient:
    app = create_app(
        pipeline,  # type: ignore[arg-type]
        max_body=100_000,
        timeout_s=10.0,
        languagetool_url="http://127.0.0.1:9",
    )
    return TestClient(app, base_url="http://127.0.0.1:8081")


def embedded(page: str) -> Any:
    found = STORY.search(page)
    assert found is not None
    return json.loads(found.group(1))


def test_the_page_is_served_at_the_root_with_its_files(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert embedded(page.text) is None
    for name, kind in STATIC_TYPES.items():
        assert f'"/static/{name}"' in page.text
        answer = client.get(f"/static/{name}")
        assert answer.status_code == 200 and answer.headers["content-type"] == kind
        assert answer.headers["x-content-type-options"] == "nosniff"
    assert "https://" not in page.text  # nothing from elsewhere (no CDN)


@pytest.mark.parametrize("name", ["index.html", "page.py", "..%2Fapp.py", "review.js.map", ""])
def test_only_the_page_files_are_served(client: TestClient, name: str) -> None:
    assert client.get(f"/static/{name}").status_code == 404


@pytest.mark.parametrize(
    "text",
    [
        "</script><script>alert(1)</script>",
        '<!-- <script> &amp; \u2028\u2029 "quotes" \\ 😀',
        "line one\r\nline two\rthree\n",
        "\ufeffBOM first",
    ],
)
def test_review_embeds_a_posted_story_safely(client: TestClient, text: str) -> None:
    page = client.post("/review", data={"text": text, "name": "desk/story.md"})
    assert page.status_code == 200, page.text
    script = STORY.search(page.text)
    assert script is not None
    assert not re.search(r"[<>&\u2028\u2029]", script.group(1))
    assert embedded(page.text) == {"text": text, "name": "story.md", "language": ""}
    assert page.text.count("<script") == 2  # the story's and review.js, nothing else


def test_review_takes_json_and_a_file(client: TestClient) -> None:
    story = {"text": "He voted to to win.", "language": "en-GB", "name": "a.txt"}
    page = client.post("/review", json=story)
    assert page.status_code == 200 and embedded(page.text) == story
    files = {"text": ("port.html", b"<p>It is is.</p>", "text/html")}
    page = client.post("/review", files=files)
    assert page.status_code == 200
    assert embedded(page.text) == {"text": "<p>It is is.</p>", "name": "port.html", "language": ""}


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"content": b"text=x", "headers": {"content-type": "text/plain"}}, 415),
        ({"data": {"name": "a.txt"}}, 422),
        ({"data": {"text": "x", "language": "fr"}}, 422),
        ({"data": {"text": "x", "other": "y"}}, 422),
        ({"json": ["text"]}, 422),
        ({"json": {"text": 5}}, 422),
        ({"content": b"{", "headers": {"content-type": "application/json"}}, 400),
        ({"content": b'{"text": "\\ud800"}', "headers": {"content-type": "application/json"}}, 422),
        ({"files": {"text": ("a.txt", b"\xff\xfe", "text/plain")}}, 422),
    ],
)
def test_bad_review_requests(client: TestClient, kwargs: dict[str, Any], status: int) -> None:
    answer = client.post("/review", **kwargs)
    assert answer.status_code == status, answer.text
    assert "error" in answer.json()


def test_a_cms_page_of_another_origin_may_open_the_review(client: TestClient) -> None:
    page = client.post("/review", data={"text": "x"}, headers={"origin": "https://cms.example"})
    assert page.status_code == 200
    assert embedded(page.text)["text"] == "x"


def test_only_the_review_is_open_to_other_origins_and_the_host_check_holds(
    client: TestClient,
) -> None:
    cms = {"origin": "https://cms.example.org"}
    assert client.post("/review", data={"text": "x"}, headers=cms).status_code == 200
    assert client.post("/v1/fix", json={"text": "x"}, headers=cms).status_code == 403
    assert client.get("/", headers=cms).status_code == 403
    # a page that rebinds its name to 127.0.0.1 is refused by name, /review included
    rebound = client.post("/review", data={"text": "x"}, headers={"host": "evil.example"})
    assert rebound.status_code == 421


def test_fix_merges_findings_of_one_span_when_asked(client: TestClient) -> None:
    text = "The council voted to to approve."
    plain = client.post("/v1/fix", json={"text": text}).json()
    assert [f["rule"] for f in plain["findings"]] == ["FT003", "FT100"]
    merged = client.post("/v1/fix", json={"text": text, "merge": True}).json()
    [finding] = merged["findings"]
    assert (finding["rule"], finding["replacement"], finding["alternatives"]) == (
        "FT003",
        "",
        [" so"],
    )
    assert finding["also"] == ["FT100"]
    assert merged["text"] == plain["text"] == "The council voted to approve."


def test_fix_reads_markup_whole_in_its_format(client: TestClient, pipeline: FakePipeline) -> None:
    paragraphs = "\n\n".join(f"<p>Paragraph {n} went to to town.</p>" for n in range(60))
    answer = client.post("/v1/fix", json={"text": paragraphs, "input_format": "html"})
    assert answer.status_code == 200
    assert [(doc.format, len(doc.text)) for doc in pipeline.docs] == [("html", len(paragraphs))]
    pipeline.docs.clear()
    client.post("/v1/fix", json={"text": paragraphs})
    assert {doc.format for doc in pipeline.docs} == {"text"}


@pytest.mark.parametrize(
    "payload", [{"text": "x", "merge": "yes"}, {"text": "x", "input_format": "rtf"}]
)
def test_bad_fix_options(client: TestClient, payload: dict[str, Any]) -> None:
    assert client.post("/v1/fix", json=payload).status_code == 422


def test_embed_json_and_story_names() -> None:
    assert embed_json({"t": "</script>&"}) == '{"t": "\\u003c/script\\u003e\\u0026"}'
    assert story_name("C:\\desk\\Story.MD") == "Story.MD"
    assert story_name("../../etc/passwd") == "passwd"
    assert story_name("a\x00b\n.txt") == "ab.txt"
    assert story_name("..") == story_name("") == story_name(None) == "story.txt"


def test_the_page_files_are_package_data() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = pyproject["tool"]["setuptools"]
    assert "fixtext.api.static" in setuptools["packages"]
    patterns = setuptools["package-data"]["fixtext.api.static"]
    static = ROOT / "fixtext" / "api" / "static"
    names = {path.name for path in static.iterdir() if path.name != "__pycache__"}
    assert names == {"index.html", *STATIC_TYPES}
    assert all(any(fnmatch(name, pattern) for pattern in patterns) for name in names)
    page = (static / "index.html").read_text(encoding="utf-8")
    assert page.count(STORY_SLOT) == 1
