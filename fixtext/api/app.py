"""The HTTP application: LanguageTool's ``/v2`` API plus fixtext's own ``/v1/fix``.

Web stack: Starlette on uvicorn. Starlette is a small ASGI toolkit (routing, form and
multipart parsing, JSON responses, a lifespan hook) with no ORM, validation layer or
dependency-injection framework to carry; uvicorn is the standard ASGI server and runs
it in one process with one event loop. That matches the job: one loaded model
and one LanguageTool backend shared by every request, few endpoints, small payloads.

Concurrency: the :class:`~fixtext.pipeline.Pipeline` is not thread-safe, so every
pipeline call runs on one dedicated worker thread, in arrival order, while the event
loop keeps accepting and answering other requests. A request waits at most
``timeout_s`` for its result (queueing included) and then gets 504; a call that has
not started by then is cancelled, one already running finishes in the background.
"""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any, TypeVar

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fixtext.api.lt_json import (
    LANGUAGES,
    CheckedText,
    RequestError,
    check_language,
    check_response,
    parse_bool,
    rule_list,
)
from fixtext.config import Settings
from fixtext.document import Document
from fixtext.languagetool import LanguageToolUnavailable
from fixtext.languagetool.process import is_healthy
from fixtext.pipeline import Pipeline
from fixtext.printers.report import FileReport

T = TypeVar("T")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
FIX_KEYS = frozenset({"text", "unsafe_fixes", "min_confidence", "language"})
#: The English variants a request may ask for; fixtext checks and verifies in each.
VARIANTS = ("en-US", "en-GB")


class ApiError(Exception):
    """An error answered as ``{"error": message}`` with ``status``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def error_response(status: int, message: str) -> JSONResponse:
    """The JSON error every endpoint answers with."""
    return JSONResponse({"error": message}, status_code=status)


class PipelineWorker:
    """Runs pipeline calls one at a time on a single thread, each with its own settings.

    A call whose settings name another English variant than ``pipeline``'s runs on the
    pipeline ``for_language`` builds for that variant (LanguageTool checks and verifies in
    it), built once; without ``for_language`` every call runs on ``pipeline``.
    """

    def __init__(
        self,
        pipeline: Pipeline,
        timeout_s: float,
        for_language: Callable[[str], Pipeline] | None = None,
    ) -> None:
        self.pipeline = pipeline
        self.timeout_s = timeout_s
        self._for_language = for_language
        self._by_language: dict[str, Pipeline] = {pipeline.settings.language: pipeline}
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fixtext-pipeline")

    async def run(self, settings: Settings, call: Callable[[Pipeline], T]) -> T:
        """Run ``call(pipeline)`` under ``settings``; raises :class:`ApiError` on timeout
        (504) or when LanguageTool cannot be reached (503)."""
        future = self._executor.submit(self._call, settings, call)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout_s)
        except TimeoutError:
            raise ApiError(504, f"no answer within {self.timeout_s:g} s; try again") from None
        except LanguageToolUnavailable as exc:
            raise ApiError(503, f"LanguageTool unavailable: {exc}") from None

    def _call(self, settings: Settings, call: Callable[[Pipeline], T]) -> T:
        pipeline = self._pipeline(settings.language)
        saved = pipeline.settings
        pipeline.settings = settings
        try:
            return call(pipeline)
        finally:
            pipeline.settings = saved

    def _pipeline(self, language: str) -> Pipeline:
        if language not in self._by_language and self._for_language is not None:
            self._by_language[language] = self._for_language(language)
        return self._by_language.get(language, self.pipeline)

    def close(self) -> None:
        """Stop taking calls; queued ones are dropped."""
        self._executor.shutdown(wait=False, cancel_futures=True)


class BodyLimit:
    """ASGI middleware: reads the whole body first, answering 413 past ``max_body``
    bytes and 408 when the client takes longer than ``timeout_s`` to send it."""

    def __init__(self, app: ASGIApp, max_body: int, timeout_s: float) -> None:
        self.app = app
        self.max_body = max_body
        self.timeout_s = timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            status, message = (
                (413, f"request body over {self.max_body} bytes")
                if declared.isdigit()
                else (400, "bad Content-Length header")
            )
            await error_response(status, message)(scope, receive, send)
            return
        try:
            body = await asyncio.wait_for(self._read(receive), self.timeout_s)
        except TimeoutError:
            await error_response(408, "request body not received in time")(scope, receive, send)
            return
        if body is None:
            await error_response(413, f"request body over {self.max_body} bytes")(
                scope, receive, send
            )
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _read(self, receive: Receive) -> bytes | None:
        """The body, or None once it passes ``max_body``."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return b"".join(chunks)
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def create_app(
    pipeline: Pipeline,
    *,
    max_body: int,
    timeout_s: float,
    model_path: str | None,
    languagetool_url: str,
    for_language: Callable[[str], Pipeline] | None = None,
) -> ASGIApp:
    """The ASGI application serving ``pipeline`` (see the module docstring); a request
    for the other English variant runs on ``for_language``'s pipeline for it."""
    worker = PipelineWorker(pipeline, timeout_s, for_language)
    base = pipeline.settings

    async def check(request: Request) -> JSONResponse:
        params = await _lt_params(request)
        language = params.get("language")
        check_language(language)
        checked = _checked_text(params)
        settings = _check_settings(base, params)
        findings = await worker.run(settings, lambda p: p.check(Document(checked.plain)))
        disabled_categories = rule_list(params.get("disabledCategories"))
        return JSONResponse(
            check_response(checked, findings, settings.language, disabled_categories)
        )

    async def languages(_: Request) -> JSONResponse:
        return JSONResponse(list(LANGUAGES))

    async def fix(request: Request) -> JSONResponse:
        text, unsafe, min_confidence, language = _fix_request(request, await request.body())
        settings = base if min_confidence is None else replace(base, min_confidence=min_confidence)
        settings = replace(settings, language=language or base.language)
        doc = Document(text)
        result = await worker.run(settings, lambda p: p.fix(doc, unsafe))
        return JSONResponse(
            {
                "findings": FileReport(doc, result.found).rows(),
                "text": result.text,
                "applied": len(result.applied),
                "remaining": FileReport(Document(result.text), result.remaining).rows(),
            }
        )

    async def health(_: Request) -> JSONResponse:
        healthy = await asyncio.to_thread(is_healthy, languagetool_url)
        return JSONResponse(
            {
                "status": "ok" if healthy else "languagetool unreachable",
                "languagetool": languagetool_url,
                "model": model_path,
            },
            status_code=200 if healthy else 503,
        )

    @asynccontextmanager
    async def lifespan(_: Starlette):  # type: ignore[no-untyped-def]
        yield
        worker.close()

    app = Starlette(
        routes=[
            Route("/v2/check", check, methods=["GET", "POST"]),
            Route("/v2/languages", languages, methods=["GET"]),
            Route("/v1/fix", fix, methods=["POST"]),
            Route("/health", health, methods=["GET"]),
        ],
        exception_handlers={
            ApiError: _api_error,
            RequestError: _request_error,
            HTTPException: _http_error,
            Exception: _internal_error,
        },
        lifespan=lifespan,
    )
    return BodyLimit(app, max_body, timeout_s)


async def _lt_params(request: Request) -> dict[str, str]:
    """The request's parameters: query string, then the form body (LanguageTool takes both)."""
    params: dict[str, Any] = dict(request.query_params)
    if request.method == "POST":
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media not in FORM_TYPES:
            raise ApiError(
                415, f"/v2/check takes {' or '.join(FORM_TYPES)}, not {media or 'no content type'}"
            )
        try:
            form = await request.form()
        except (MultiPartException, UnicodeDecodeError) as exc:
            raise ApiError(400, f"malformed form body: {exc}") from None
        params.update(form)
    for key, value in params.items():
        if isinstance(value, UploadFile):
            raise ApiError(400, f"parameter {key!r} must be a plain form field, not a file")
    return params


def _checked_text(params: dict[str, str]) -> CheckedText:
    text, data = params.get("text"), params.get("data")
    if text is not None and data is not None:
        raise RequestError("Set only one of 'text' and 'data', not both")
    if data is not None:
        return CheckedText.from_annotation(data)
    if text is None:
        raise RequestError("Missing 'text' or 'data' parameter")
    return CheckedText.plain_text(text)


def _check_settings(base: Settings, params: dict[str, str]) -> Settings:
    """The server's settings in the requested English variant (``en``/``auto``: the
    configured one), narrowed by ``disabledRules`` and ``enabledOnly``."""
    disabled = rule_list(params.get("disabledRules"))
    enabled = rule_list(params.get("enabledRules"))
    language = params.get("language")
    variant = language if language in VARIANTS else base.language
    settings = replace(base, disable=base.disable | disabled, language=variant)
    if parse_bool("enabledOnly", params.get("enabledOnly")):
        if not enabled:
            raise RequestError("enabledOnly=true needs enabledRules")
        settings = replace(settings, enable=enabled)
    return settings


def _fix_request(request: Request, body: bytes) -> tuple[str, bool, float | None, str | None]:
    """(text, unsafe_fixes, min_confidence, language) of a ``/v1/fix`` body; raises
    :class:`ApiError`."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "application/json":
        raise ApiError(415, f"/v1/fix takes application/json, not {media or 'no content type'}")
    try:
        payload = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ApiError(400, f"malformed JSON: {exc}") from None
    if not isinstance(payload, dict):
        raise ApiError(422, "the body must be a JSON object")
    unknown = sorted(set(payload) - FIX_KEYS)
    if unknown:
        raise ApiError(422, f"unknown keys: {', '.join(unknown)}")
    text = payload.get("text")
    if not isinstance(text, str):
        raise ApiError(422, "'text' must be a string")
    unsafe = payload.get("unsafe_fixes", False)
    if not isinstance(unsafe, bool):
        raise ApiError(422, "'unsafe_fixes' must be true or false")
    confidence = payload.get("min_confidence")
    if confidence is not None and (
        isinstance(confidence, bool)
        or not isinstance(confidence, int | float)
        or not math.isfinite(confidence)
        or not 0.0 <= confidence <= 1.0
    ):
        raise ApiError(422, "'min_confidence' must be a number in [0, 1]")
    language = payload.get("language")
    if language is not None and language not in VARIANTS:
        raise ApiError(422, f"'language' must be one of {', '.join(VARIANTS)}")
    return text, unsafe, None if confidence is None else float(confidence), language


async def _api_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.message)


async def _request_error(_: Request, exc: Exception) -> JSONResponse:
    return error_response(400, str(exc))


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    return error_response(exc.status_code, exc.detail)


async def _internal_error(_: Request, exc: Exception) -> JSONResponse:
    return error_response(500, f"internal error: {type(exc).__name__}")
