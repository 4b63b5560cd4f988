"""The review page (issue 26) in a real browser: Debian's chromium driven by Playwright
(``executable_path``, no browser download) against ``fixtext serve`` started as editors
start it, on a free 127.0.0.1 port, with the real LanguageTool and the shipped model (the
model's rewrites give a team example a finding with an alternative to pick).

The expected bytes are computed here from the same ``/v1/fix`` findings the page shows.
``FIXTEXT_SCREENSHOT=PATH`` (``make screenshot``) also saves the page, as the README shows
it, to PATH.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import requests

from tests.conftest import ROOT

pytestmark = pytest.mark.integration
EXAMPLE = ROOT / "examples" / "port-strike.txt"
CHROMIUM = shutil.which("chromium")
VIEWPORT = {"width": 1200, "height": 760}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(languagetool_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``fixtext serve`` on a free port; its URL once ``/health`` answers."""
    port = free_port()
    log = (tmp_path_factory.mktemp("serve") / "serve.log").open("w+", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FIXTEXT_LANGUAGETOOL_URL": languagetool_url}
    command = [sys.executable, "-m", "fixtext", "serve", "--port", str(port), "--no-config"]
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            if process.poll() is not None:
                log.seek(0)
                pytest.fail(f"fixtext serve exited {process.returncode}: {log.read()}")
            try:
                if requests.get(f"{url}/health", timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, "fixtext serve did not start in 180 s"
            time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (make setup installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.set_default_timeout(240_000)  # a check of a whole story, LanguageTool included
    opened.goto(f"{server}/")
    yield opened
    context.close()
    assert errors == []  # no script error on the page


def findings_of(server: str, text: str) -> list[dict[str, Any]]:
    """What the page asks the server for (the same request it sends)."""
    payload = {"text": text, "unsafe_fixes": False, "merge": True, "input_format": "text"}
    answer = requests.post(f"{server}/v1/fix", json=payload, timeout=300)
    assert answer.status_code == 200, answer.text
    return answer.json()["findings"]


def overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a["start"] == b["start"] or (a["start"] < b["end"] and b["start"] < a["end"])


def apply(text: str, edits: dict[int, str], rows: list[dict[str, Any]]) -> str:
    """``text`` with ``edits`` (finding index -> replacement) applied; Python strings count
    code points, as the JSON contract's offsets do."""
    for index in sorted(edits, key=lambda i: rows[i]["start"], reverse=True):
        row = rows[index]
        text = text[: row["start"]] + edits[index] + text[row["end"] :]
    return text


def accept_all_safe(rows: list[dict[str, Any]], edits: dict[int, str], settled: set[int]) -> None:
    """What "accept all safe fixes" does: every undecided safe fix that overlaps no
    accepted one, in reading order."""
    for index, row in enumerate(rows):
        if index in settled or row["replacement"] is None or not row["safe"]:
            continue
        if not any(overlaps(row, rows[other]) for other in edits):
            edits[index] = row["replacement"]
            settled.add(index)


def card(page: Any, index: int) -> Any:
    return page.locator(f"#card-{index}")


def downloaded(page: Any, trigger: Any) -> bytes:
    with page.expect_download() as info:
        trigger()
    return Path(info.value.path()).read_bytes()


def wait_for_review(page: Any, count: int) -> None:
    page.wait_for_selector("#review:not([hidden])")
    assert page.locator("#findings > li").count() == count


def test_accept_pick_reject_then_download_byte_exact(
    page: Any, server: str, tmp_path: Path
) -> None:
    raw = EXAMPLE.read_bytes()
    text = raw.decode("utf-8")
    rows = findings_of(server, text)
    suggestion = next(
        i
        for i, r in enumerate(rows)
        if r["replacement"] and not r["safe"] and not r["alternatives"]
    )
    alternative = next(i for i, r in enumerate(rows) if r["alternatives"])
    rejected = next(i for i, r in enumerate(rows) if r["safe"] and i != alternative)

    page.set_input_files("#file", str(EXAMPLE))
    wait_for_review(page, len(rows))
    assert page.locator("#docname").inner_text() == EXAMPLE.name
    # each kind is marked by underline style and icon as well as colour
    styles = page.evaluate(
        """() => Object.fromEntries(["safe", "suggestion", "flag"].map((kind) => {
             const mark = document.querySelector(`mark.kind-${kind}`);
             return [kind, mark && [getComputedStyle(mark).textDecorationStyle,
                                    mark.querySelector(".badge").textContent[0]]];
           }))"""
    )
    assert styles == {"safe": ["solid", "✓"], "suggestion": ["dashed", "?"], "flag": ["wavy", "⚑"]}
    assert f"{len(rows)} left to decide" in page.locator("#count").inner_text()

    card(page, suggestion).locator("button.act-accept").click()
    card(page, alternative).locator("button.act-alternative").first.click()
    card(page, rejected).locator("button.act-reject").click()
    assert (
        f"{len(rows) - 3} left to decide, 2 accepted, 1 rejected"
        in page.locator("#count").inner_text()
    )
    assert "Accepted" in card(page, alternative).inner_text()
    edits = {
        suggestion: rows[suggestion]["replacement"],
        alternative: rows[alternative]["alternatives"][0],
    }
    assert page.locator(f"#mark-{alternative} ins").inner_text() == edits[alternative]
    got = downloaded(page, lambda: page.click("#download"))
    assert got == apply(text, edits, rows).encode("utf-8")
    flags = [i for i, r in enumerate(rows) if r["replacement"] is None]
    card(page, flags[0] if flags else alternative).focus()  # all three kinds in view
    shot = Path(os.environ.get("FIXTEXT_SCREENSHOT") or tmp_path / "review-page.png")
    page.screenshot(path=str(shot))  # the README's (make screenshot)
    assert 0 < shot.stat().st_size < 300_000

    page.click("#accept-safe")
    accept_all_safe(rows, edits, {suggestion, alternative, rejected})
    expected = apply(text, edits, rows)
    assert downloaded(page, lambda: page.click("#download")) == expected.encode("utf-8")
    assert page.locator(f"#card-{rejected}").get_attribute("class").count("status-rejected") == 1


def test_keyboard_only_review_with_crlf_bom_and_astral_characters(page: Any, server: str) -> None:
    """Tab and single keys only: check a story (opened as a file: CRLF line endings, a
    byte-order mark, characters outside the BMP before the findings), accept, reject,
    edit by hand, accept all safe fixes, download; focus is visible all the way."""
    body = (
        "😀 The council voted to to approve the plan.\r\n\r\n"
        "𝒜 He said that that the the port would reopen.\r\n"
    )
    story = "\ufeff" + body
    rows = findings_of(server, body)
    assert len(rows) >= 3, rows

    def focused() -> dict[str, str]:
        return page.evaluate(
            """() => { const el = document.activeElement, style = getComputedStyle(el);
                 return {id: el.id, tag: el.tagName, outline: style.outlineStyle,
                         width: style.outlineWidth}; }"""
        )

    def tab_to(element_id: str, key: str = "Tab") -> None:
        for _ in range(40):
            page.keyboard.press(key)
            state = focused()
            assert state["outline"] != "none" and state["width"] == "3px", state
            if state["id"] == element_id:
                return
        raise AssertionError(f"{key} never reached #{element_id}")

    page.evaluate("() => document.activeElement.blur()")
    tab_to("file")  # the file chooser is reachable by keyboard; the test hands it a file
    page.set_input_files(
        "#file",
        files=[{"name": "desk.txt", "mimeType": "text/plain", "buffer": story.encode("utf-8")}],
    )
    wait_for_review(page, len(rows))
    assert focused()["id"] == "card-0"  # the first finding has the focus
    assert focused()["outline"] != "none"

    edits: dict[int, str] = {}
    settled: set[int] = set()
    first = rows[0]
    assert first["replacement"] is not None
    page.keyboard.press("a")  # accept the first; the focus moves to the next undecided
    edits[0] = first["replacement"]
    settled.add(0)
    assert focused()["id"] == "card-1"
    page.keyboard.press("r")  # reject the second
    settled.add(1)
    assert focused()["id"] == "card-2"
    page.keyboard.press("k")
    page.keyboard.press("j")
    assert focused()["id"] == "card-2"
    page.keyboard.press("e")  # edit the third by hand
    assert focused()["tag"] == "INPUT"
    page.keyboard.press("Control+A")
    page.keyboard.type("[edited]")
    page.keyboard.press("Enter")
    edits[2] = "[edited]"
    settled.add(2)
    page.keyboard.press("Shift+A")  # accept all safe fixes
    accept_all_safe(rows, edits, settled)
    assert f"{len(rows) - len(settled)} left to decide" in page.locator("#count").inner_text()

    tab_to("download", "Shift+Tab")
    got = downloaded(page, lambda: page.keyboard.press("Enter"))
    assert got == ("\ufeff" + apply(body, edits, rows)).encode("utf-8")
    assert b"\r\n" in got and "😀".encode() in got


def test_a_cms_form_of_another_origin_opens_the_page_on_its_story(page: Any, server: str) -> None:
    """A pre-publish button: a form on a page of another origin (here a data: URL, whose
    origin is opaque) posts the story to /review; the page opens on it and checks it."""
    story = "The council voted to to approve the plan on Monday."
    rows = findings_of(server, story)
    repeat = next(i for i, r in enumerate(rows) if r["rule"] == "FT003")
    form = (
        f'<form method="post" action="{server}/review">'
        f'<input name="text" value="{story}"><input name="name" value="cms-story.txt">'
        '<button id="send">Review</button></form>'
    )
    page.goto("data:text/html," + quote(form))
    page.click("#send")
    wait_for_review(page, len(rows))
    assert page.url == f"{server}/review"
    assert page.locator("#docname").inner_text() == "cms-story.txt"
    card(page, repeat).locator("button.act-accept").click()
    expected = apply(story, {repeat: rows[repeat]["replacement"]}, rows)
    assert downloaded(page, lambda: page.click("#download")) == expected.encode("utf-8")


def test_an_html_file_is_checked_as_html_and_its_markup_kept(page: Any, server: str) -> None:
    """An opened .html file is checked in its format (/v1/fix's input_format): no finding
    in the markup, and the download keeps every byte of it."""
    story = (
        '<!doctype html>\n<p class="lead">The council voted to to approve the plan.</p>\n'
        "<pre>code code stays</pre>\n<p>Officials said that that it would reopen.</p>\n"
    )
    answer = requests.post(
        f"{server}/v1/fix",
        json={"text": story, "unsafe_fixes": False, "merge": True, "input_format": "html"},
        timeout=300,
    )
    rows = answer.json()["findings"]
    assert rows and all("<" not in row["text"] and "code" not in row["text"] for row in rows)
    page.set_input_files(
        "#file",
        files=[{"name": "story.html", "mimeType": "text/html", "buffer": story.encode()}],
    )
    wait_for_review(page, len(rows))
    page.click("#accept-safe")
    edits: dict[int, str] = {}
    accept_all_safe(rows, edits, set())
    assert edits
    expected = apply(story, edits, rows).encode("utf-8")
    assert downloaded(page, lambda: page.click("#download")) == expected
