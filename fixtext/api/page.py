"""The review page ``fixtext serve`` shows at ``/`` (issue 26): static HTML, CSS and
JavaScript shipped in ``fixtext/api/static/`` (no build step, nothing fetched from
elsewhere). The page checks a story with ``POST /v1/fix`` like any other client; all it
adds is the editor's decisions and the story with the accepted edits applied.

``POST /review`` opens the page on a story (a CMS's pre-publish button): the story comes
as the form field ``text`` (``name``, the file name for the download, and ``language``
are optional) or as a JSON object with the same keys, and is embedded in the page as
JSON in a ``<script type="application/json">`` element, with ``<``, ``>``, ``&`` and the
line separators escaped so that no text can end the element or run as script.
"""

from __future__ import annotations

import json
import posixpath
from functools import cache
from importlib import resources
from typing import Any

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

#: The static files, by name, with their content types; nothing else is served.
STATIC_TYPES = {
    "review.css": "text/css; charset=utf-8",
    "review.js": "text/javascript; charset=utf-8",
}
#: Where the page's HTML takes the story (JSON: ``null`` or an object).
STORY_SLOT = "<!--fixtext:story-->"
#: The page may load its own scripts, styles and endpoints only, and no other site may
#: frame it.
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
#: The story fields ``POST /review`` takes.
STORY_KEYS = frozenset({"text", "name", "language"})
MAX_NAME = 200
#: The English variants a story may name (as ``/v1/fix`` takes them).
VARIANTS = ("en-US", "en-GB")


@cache
def _read(name: str) -> bytes:
    return resources.files("fixtext.api").joinpath("static", name).read_bytes()


def static_file(name: str) -> tuple[bytes, str] | None:
    """(content, content type) of the static file ``name``, or None for any other name."""
    kind = STATIC_TYPES.get(name)
    return None if kind is None else (_read(name), kind)


def embed_json(value: Any) -> str:
    """``value`` as JSON safe inside an HTML ``<script>`` element: ASCII only, with
    ``<``, ``>`` and ``&`` escaped (so neither ``</script>`` nor ``<!--`` can occur)."""
    text = json.dumps(value, ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page_html(story: dict[str, str] | None = None) -> str:
    """The review page; with ``story`` (``text``, optionally ``name`` and ``language``)
    it opens on that story and checks it at once."""
    html = _read("index.html").decode("utf-8")
    return html.replace(STORY_SLOT, embed_json(story), 1)


def story_name(name: str | None) -> str:
    """A plain file name for the download: the last part of ``name``, control characters
    dropped, at most :data:`MAX_NAME` characters; ``story.txt`` when nothing is left."""
    if not name:
        return "story.txt"
    base = posixpath.basename(name.replace("\\", "/"))
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    return base[:MAX_NAME] if base not in ("", ".", "..") else "story.txt"


def _story(fields: dict[str, Any]) -> dict[str, str]:
    """The story of a ``POST /review``'s fields; raises :class:`HTTPException` 422."""
    unknown = sorted(set(fields) - STORY_KEYS)
    if unknown:
        raise HTTPException(422, f"unknown fields: {', '.join(map(ascii, unknown))}")
    text, name, language = fields.get("text"), fields.get("name"), fields.get("language")
    if not isinstance(text, str):
        raise HTTPException(422, "'text' (the story) must be given as a string")
    if not isinstance(name, str | None) or not isinstance(language, str | None):
        raise HTTPException(422, "'name' and 'language' must be strings")
    if language not in (None, "", *VARIANTS):
        raise HTTPException(422, f"'language' must be one of {', '.join(VARIANTS)}")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise HTTPException(422, "'text' has a lone UTF-16 surrogate") from None
    return {"text": text, "name": story_name(name), "language": language or ""}


async def _review_fields(request: Request) -> dict[str, Any]:
    """The fields of a ``POST /review`` body: a form or a JSON object."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "application/json":
        try:
            payload = json.loads(await request.body())
        except (ValueError, RecursionError) as exc:
            raise HTTPException(400, f"the body is not valid JSON: {exc}") from None
        if not isinstance(payload, dict):
            raise HTTPException(422, "the body must be a JSON object")
        return payload
    if media not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        raise HTTPException(
            415, f"/review takes a form or application/json, not {media or 'no content type'}"
        )
    try:
        form = await request.form()
    except (MultiPartException, UnicodeDecodeError) as exc:
        raise HTTPException(400, f"malformed form body: {exc}") from None
    fields: dict[str, Any] = {}
    for key, value in form.multi_items():
        if isinstance(value, UploadFile):  # the story sent as a file
            try:
                value_text = (await value.read()).decode("utf-8")
            except UnicodeDecodeError:
                raise HTTPException(422, f"the file in {key!r} is not UTF-8 text") from None
            if key == "text" and value.filename and "name" not in form:
                fields["name"] = value.filename
            fields[key] = value_text
        else:
            fields[key] = value
    return fields


async def index(_: Request) -> Response:
    """``GET /``: the review page, empty."""
    return HTMLResponse(page_html(), headers=PAGE_HEADERS)


async def review(request: Request) -> Response:
    """``POST /review``: the review page opened on the posted story."""
    story = _story(await _review_fields(request))
    return HTMLResponse(page_html(story), headers=PAGE_HEADERS)


async def static(request: Request) -> Response:
    """``GET /static/NAME``: one of the page's files (404 for any other name)."""
    found = static_file(request.path_params["name"])
    if found is None:
        raise HTTPException(404, "no such file")
    content, kind = found
    return Response(
        content,
        media_type=kind,
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"},
    )
