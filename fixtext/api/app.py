"""The HTTP application: LanguageTool's ``/v2`` API plus fixtext's own ``/v1/fix``.

Web stack: Starlette on uvicorn. Starlette is a small ASGI toolkit (routing, form and
multipart parsing, JSON responses, a lifespan hook) with no ORM, validation layer or
dependency-injection framework to carry; uvicorn is the standard ASGI server and runs
it in one process with one event loop. That matches the job: one loaded model
and one LanguageTool backend shared by every request, few endpoints, small payloads.

Concurrency: the :class:`~fixtext.pipeline.Pipeline` is not thread-safe, so every
pipeline call runs on one dedicated worker thread (:class:`PipelineWorker`) while the
event loop keeps accepting and answering other requests. A request's text is cut at
paragraph boundaries into chunks (one paragraph while other requests wait, about
:data:`ALONE_CHUNK_SECONDS` of work while none does), and the worker takes the waiting
requests in turn, one chunk each (round robin): a short request waits for at most one
chunk of each request ahead of it, never for a whole long document.
Every detector, refiner and the verifier work within a paragraph, so the findings of the
chunks, shifted by their offsets, are those of one call on the whole text.

A request is cancelled when its client disconnects or its deadline (``timeout_s`` from
its arrival, queueing included; 504) passes: a chunk not started is never run, and a
running chunk stops at its next LanguageTool request (:class:`InterruptibleChecker`).

:func:`create_app` wraps the application in two ASGI layers: :class:`HostCheck` (only
loopback names, and the hosts the server was told, may be named in ``Host``; no web page
of another origin may post) and :class:`BodyLimit` (413 past ``max_body``, 408 when a
body is sent too slowly). :class:`HeaderTimeoutProtocol` is uvicorn's HTTP/1.1 protocol
with a deadline for a request's headers, which uvicorn itself does not have.

The review page for editors (``GET /``, its files under ``/static/``, ``POST /review`` to
open it on a story) is :mod:`fixtext.api.page`; it checks stories with ``/v1/fix``.
"""

from __future__ import annotations

import asyncio
import ipaddress
import math
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any, TypeVar
from urllib.parse import urlsplit

import h11
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

from fixtext.api import page
from fixtext.api.lt_json import (
    LANGUAGES,
    CheckedText,
    RequestError,
    check_language,
    check_response,
    load_json,
    lone_surrogate,
    parse_bool,
    rule_list,
)
from fixtext.config import Settings
from fixtext.document import Document, split_paragraphs
from fixtext.findings import Finding
from fixtext.languagetool import LanguageToolUnavailable
from fixtext.languagetool.process import is_healthy
from fixtext.pipeline import FixResult, Pipeline
from fixtext.printers.report import FileReport
from fixtext.protocols import GrammarChecker, Match

T = TypeVar("T")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
FIX_KEYS = frozenset(
    {"text", "unsafe_fixes", "min_confidence", "language", "merge", "input_format"}
)
#: What ``input_format`` may name in ``/v1/fix`` (see :mod:`fixtext.formats`).
INPUT_FORMATS = ("text", "markdown", "html")
#: The English variants a request may ask for; fixtext checks and verifies in each.
VARIANTS = ("en-US", "en-GB")
#: A request's text goes to the pipeline in runs of whole paragraphs (a chunk is at least
#: one paragraph): of at most this many characters while other requests wait (about one
#: news paragraph, so a long request takes about a short one's share of each turn) ...
SHARED_CHUNK_CHARS = 300
#: ... and, when no other request waits, of about this many seconds of work at the
#: pipeline's measured pace (so a request that arrives meanwhile waits about that long;
#: larger chunks give LanguageTool larger batches, checked two texts at a time) ...
ALONE_CHUNK_SECONDS = 0.5
#: ... and at most this many characters; "no other request waits" means none has waited
#: for this many seconds (closed-loop clients leave the line empty for a moment between
#: their requests).
ALONE_CHUNK_CHARS = 4000
SHARED_HOLD_S = 1.0
#: Texts per LanguageTool call between two cancellation checks (the checker's 2 workers).
CHECKS_PER_STEP = 2
#: Seconds a connection may take to send a request's headers.
DEFAULT_HEADER_TIMEOUT_S = 10.0
#: Host names always accepted in ``Host`` (with any port): the loopback names; any
#: loopback IP literal (127.0.0.0/8, ::1) is accepted too.
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]"})


class ApiError(Exception):
    """An error answered as ``{"error": message}`` with ``status``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def error_response(status: int, message: str) -> JSONResponse:
    """The JSON error every endpoint answers with (a lone surrogate that came in with a
    request is written escaped, so the answer can always be encoded)."""
    safe = message.encode("utf-8", "backslashreplace").decode("utf-8")
    return JSONResponse({"error": safe}, status_code=status)


class Cancelled(Exception):
    """Raised inside a pipeline call whose request was abandoned or ran out of time."""


#: The job a :class:`PipelineWorker` thread is running a step of (``job``), if any.
_RUNNING = threading.local()


def chunk_chars() -> int:
    """The size of the next chunk: :data:`SHARED_CHUNK_CHARS` while other requests wait
    or outside a worker; else :data:`ALONE_CHUNK_SECONDS` of work at the pace of the
    worker's chunks before (:func:`record_pace`), within :data:`SHARED_CHUNK_CHARS` and
    :data:`ALONE_CHUNK_CHARS`."""
    pace = getattr(_RUNNING, "pace", None)  # characters a second
    if getattr(_RUNNING, "others_wait", False) or pace is None:
        return SHARED_CHUNK_CHARS
    return max(SHARED_CHUNK_CHARS, min(ALONE_CHUNK_CHARS, int(pace * ALONE_CHUNK_SECONDS)))


def record_pace(chars: int, seconds: float) -> None:
    """In a worker step: note that the pipeline took ``seconds`` for a chunk of ``chars``
    characters (the pace is an average of the last few chunks)."""
    if getattr(_RUNNING, "job", None) is None:
        return
    pace = chars / max(seconds, 1e-3)
    previous = getattr(_RUNNING, "pace", None)
    _RUNNING.pace = pace if previous is None else (previous + pace) / 2


def checkpoint() -> None:
    """Raise :class:`Cancelled` when this thread is running a step of a request that was
    cancelled or whose deadline passed; a no-op anywhere else."""
    job = getattr(_RUNNING, "job", None)
    if job is not None and job.stopped():
        raise Cancelled


#: A pipeline call cut into steps: called with the pipeline, it returns a generator that
#: does one bounded piece of work per ``next`` and returns the result at the end.
Work = Callable[[Pipeline], Generator[None, None, T]]


class InterruptibleChecker:
    """A :class:`~fixtext.protocols.GrammarChecker` that hands texts to ``checker`` a few
    at a time and calls :func:`checkpoint` before each handful (it raises
    :class:`Cancelled` in a worker step of a cancelled request). Each text's matches are
    the same as in one call: LanguageTool checks every text on its own."""

    def __init__(self, checker: GrammarChecker) -> None:
        self.inner = checker

    def check(self, texts: list[str]) -> list[list[Match]]:
        """The matches of each text, in input order."""
        results: list[list[Match]] = []
        for start in range(0, len(texts), CHECKS_PER_STEP):
            checkpoint()
            results.extend(self.inner.check(texts[start : start + CHECKS_PER_STEP]))
        return results

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def make_interruptible(pipeline: Pipeline) -> None:
    """Give the LanguageTool checkers of ``pipeline``'s detectors and verifier a
    :func:`checkpoint` before every few texts (:class:`InterruptibleChecker`); the
    pipeline's own code is untouched, and a checker shared by several components is
    wrapped once. Outside a worker's step the wrapped checker behaves as before."""
    wrapped: dict[int, InterruptibleChecker] = {}
    owners = [*getattr(pipeline, "detectors", ()), getattr(pipeline, "verifier", None)]
    for owner in owners:
        checker = getattr(owner, "checker", None)
        if checker is None or isinstance(checker, InterruptibleChecker):
            continue
        if id(checker) not in wrapped:
            wrapped[id(checker)] = InterruptibleChecker(checker)
        owner.checker = wrapped[id(checker)]  # type: ignore[union-attr]


def paragraph_chunks(text: str, size: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) cuts of ``text`` into runs of whole paragraphs of at most ``size``
    characters (default: :func:`chunk_chars`, asked afresh for each chunk as it is
    needed), a longer paragraph alone; every cut is at the first character of a
    paragraph, so the white space between paragraphs stays with the chunk before it.
    Their concatenation is ``text``."""
    start = 0
    limit = chunk_chars() if size is None else size
    for paragraph in split_paragraphs(text)[1:]:
        if paragraph.end - start > limit:
            yield start, paragraph.start
            start = paragraph.start
            limit = chunk_chars() if size is None else size
    yield start, len(text)


def chunked_check(text: str, size: int | None = None) -> Work[list[Finding]]:
    """Work for the worker: the findings of ``text``, checked chunk by chunk (see
    :func:`paragraph_chunks`), each chunk one step; offsets are into ``text``."""

    def work(pipeline: Pipeline) -> Generator[None, None, list[Finding]]:
        findings: list[Finding] = []
        for start, end in paragraph_chunks(text, size):
            began = time.monotonic()
            chunk = pipeline.check(Document(text[start:end]))
            record_pace(end - start, time.monotonic() - began)
            findings.extend(replace(f, start=f.start + start, end=f.end + start) for f in chunk)
            yield
        return findings

    return work


def chunked_fix(
    text: str, unsafe: bool, size: int | None = None, fmt: str = "text"
) -> Work[FixResult]:
    """Work for the worker: ``fix`` of ``text`` chunk by chunk. ``found`` has offsets
    into ``text`` and ``remaining`` into the repaired text, as one call gives them;
    ``applied`` (used for its count) has each chunk's fixes at that chunk's place in
    the repaired text."""

    def work(pipeline: Pipeline) -> Generator[None, None, FixResult]:
        parts: list[str] = []
        applied: list[Finding] = []
        remaining: list[Finding] = []
        found: list[Finding] = []
        done = 0  # characters of repaired text so far
        for start, end in paragraph_chunks(text, size):
            began = time.monotonic()
            result = pipeline.fix(Document(text[start:end], format=fmt), unsafe)
            record_pace(end - start, time.monotonic() - began)
            found.extend(replace(f, start=f.start + start, end=f.end + start) for f in result.found)
            for target, findings in ((applied, result.applied), (remaining, result.remaining)):
                target.extend(replace(f, start=f.start + done, end=f.end + done) for f in findings)
            parts.append(result.text)
            done += len(result.text)
            yield
        return FixResult("".join(parts), applied, remaining, found)

    return work


class _Job:
    """One request's work in the worker: its steps, settings, deadline and result."""

    def __init__(self, settings: Settings, work: Work[Any], deadline: float) -> None:
        self.settings = settings
        self.work = work
        self.deadline = deadline
        self.steps: Generator[None, None, Any] | None = None
        self.future: Future[Any] = Future()
        self.cancelled = threading.Event()

    def stopped(self) -> bool:
        return self.cancelled.is_set() or time.monotonic() > self.deadline


class PipelineWorker:
    """Runs pipeline work on one thread, a step at a time, the waiting requests in turn.

    Each request is a :data:`Work` (see :func:`chunked_check`): the worker runs one step
    of the first waiting request and puts it back at the end of the line, so requests
    share the thread chunk by chunk and a short one is not held up by a long one. A
    request cancelled (its client gone) or past its deadline is dropped before its next
    step, and the step running then stops at its next LanguageTool call
    (:func:`make_interruptible`).

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
        self._by_language: dict[str, Pipeline] = {}
        self._jobs: deque[_Job] = deque()
        self._wake = threading.Condition()
        self._closed = False
        self._thread: threading.Thread | None = None  # started with the first call
        self._shared_at = -SHARED_HOLD_S  # when a step last began with others waiting

    async def run(
        self,
        settings: Settings,
        work: Work[T],
        disconnected: Callable[[], Any] | None = None,
    ) -> T:
        """Run ``work`` under ``settings`` and return its result. ``disconnected`` is
        awaited meanwhile: when it returns (the client went away) the work is cancelled
        and :class:`ApiError` 499 raised. Raises :class:`ApiError` 504 past the deadline
        and 503 when LanguageTool cannot be reached."""
        job = _Job(settings, work, time.monotonic() + self.timeout_s)
        with self._wake:
            if self._closed:
                raise ApiError(503, "the server is shutting down")
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._serve, name="fixtext-pipeline", daemon=True
                )
                self._thread.start()
            self._jobs.append(job)
            self._wake.notify()
        result = asyncio.wrap_future(job.future)
        waiting: set[asyncio.Future[Any]] = {result}
        watch = None if disconnected is None else asyncio.ensure_future(disconnected())
        if watch is not None:
            waiting.add(watch)
        try:
            done, _ = await asyncio.wait(
                waiting, timeout=self.timeout_s, return_when=asyncio.FIRST_COMPLETED
            )
            if result in done:
                return result.result()
            if watch is not None and watch in done:
                raise ApiError(499, "the client closed the connection")
            raise ApiError(504, f"no answer within {self.timeout_s:g} s; try again")
        except Cancelled:
            raise ApiError(504, f"no answer within {self.timeout_s:g} s; try again") from None
        except LanguageToolUnavailable as exc:
            raise ApiError(503, f"LanguageTool unavailable: {exc}") from None
        finally:
            job.cancelled.set()  # a no-op when it is done; else its work stops
            if watch is not None:
                watch.cancel()
            # the outcome of work given up on is of no interest (and not an error to log)
            result.add_done_callback(lambda done: done.cancelled() or done.exception())

    def _serve(self) -> None:
        while True:
            with self._wake:
                while not self._jobs and not self._closed:
                    self._wake.wait()
                if self._closed:
                    break
                job = self._jobs.popleft()
            if self._step(job):
                with self._wake:
                    self._jobs.append(job)
        for job in self._jobs:
            job.future.set_exception(ApiError(503, "the server is shutting down"))

    def _step(self, job: _Job) -> bool:
        """Run one step of ``job``; True when it has more."""
        if job.stopped():
            job.future.set_exception(Cancelled())
            return False
        pipeline = self._pipeline(job.settings.language)
        saved = pipeline.settings
        pipeline.settings = job.settings
        _RUNNING.job = job
        if self._jobs:
            self._shared_at = time.monotonic()
        _RUNNING.others_wait = time.monotonic() - self._shared_at < SHARED_HOLD_S
        try:
            if job.steps is None:
                job.steps = job.work(pipeline)
            next(job.steps)
        except StopIteration as stop:
            job.future.set_result(stop.value)
            return False
        except BaseException as exc:  # handed to the waiting request
            job.future.set_exception(exc)
            return False
        finally:
            _RUNNING.job = None
            _RUNNING.others_wait = False
            pipeline.settings = saved
        return True

    def _pipeline(self, language: str) -> Pipeline:
        if language not in self._by_language:
            if language == self.pipeline.settings.language or self._for_language is None:
                pipeline = self.pipeline
            else:
                pipeline = self._for_language(language)
            make_interruptible(pipeline)
            self._by_language[language] = pipeline
        return self._by_language[language]

    def close(self) -> None:
        """Stop taking calls; queued ones are dropped, a running step finishes."""
        with self._wake:
            self._closed = True
            for job in self._jobs:
                job.cancelled.set()
            self._wake.notify_all()


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


def host_name(value: str) -> str:
    """The host part of a ``Host`` header or ``--allowed-host`` value, lower-cased, port
    and a final dot dropped; an IPv6 address in brackets (``[::1]``), added if missing."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[: value.find("]") + 1] if "]" in value else value
    if value.count(":") > 1:  # a bare IPv6 address
        return f"[{value}]"
    name, _, port = value.partition(":")
    if port and not port.isdigit():
        return value
    return name.removesuffix(".")


def is_loopback(name: str) -> bool:
    """True for ``localhost`` and loopback IP literals (127.0.0.0/8, ``[::1]``)."""
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name.strip("[]")).is_loopback
    except ValueError:
        return False


def _opens_the_page(scope: Scope) -> bool:
    """True for ``POST /review``: a CMS page of any origin may send the editor's browser
    there (it only answers the review page; nothing is checked until that page, of this
    server's own origin, calls ``/v1/fix``)."""
    return scope["method"] == "POST" and scope["path"] == "/review"


class HostCheck:
    """ASGI middleware: answers 421 unless ``Host`` names a loopback name or one of
    ``allowed`` (``*`` allows any), and 403 to a request a web page of another origin
    makes the browser send (``Origin`` an http(s) origin whose host is not allowed, or
    ``null``). A browser always sends ``Host`` as the page's own host, so a page that
    rebinds its DNS name to 127.0.0.1 is refused by name; requests without ``Origin``
    (editors, LanguageTool clients) and from browser extensions (``chrome-extension:``,
    ``moz-extension:``) pass."""

    def __init__(self, app: ASGIApp, allowed: Iterable[str] = ()) -> None:
        self.app = app
        names = {host_name(value) for value in allowed}
        self.any_host = "*" in names
        self.allowed = frozenset(names - {"*"})

    def allows(self, name: str) -> bool:
        return self.any_host or name in self.allowed or is_loopback(name)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        host = headers.get(b"host")
        if host is not None and not self.allows(host_name(host.decode("latin-1"))):
            message = (
                "Host header names no host this server answers to (loopback names, "
                "--host, --allowed-host)"
            )
            await error_response(421, message)(scope, receive, send)
            return
        origin = headers.get(b"origin")
        if (
            origin is not None
            and not _opens_the_page(scope)
            and not self._origin_allowed(origin.decode("latin-1"))
        ):
            message = "requests from web pages of other origins are refused"
            await error_response(403, message)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _origin_allowed(self, origin: str) -> bool:
        if origin.strip().lower() == "null":
            return False
        try:
            parts = urlsplit(origin.strip())
            netloc = parts.netloc
        except ValueError:
            return False
        if parts.scheme.lower() not in ("http", "https"):
            return True  # a browser extension or an app's own scheme, not a web page
        return self.allows(host_name(netloc))


class HeaderTimeoutProtocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with a deadline for request headers: a connection
    that has not sent a whole request head within ``header_timeout`` seconds of opening
    (or of the first byte of its next request, on a kept-alive connection) gets 408 and
    is closed. uvicorn alone keeps such a connection open for ever. Use
    :func:`header_timeout_protocol` for a class with another deadline."""

    header_timeout: float = DEFAULT_HEADER_TIMEOUT_S
    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_header_timer()

    def data_received(self, data: bytes) -> None:
        if self._header_timer is None and self.conn.their_state is h11.IDLE:
            self._arm_header_timer()  # the first bytes of a kept-alive connection's next request
        super().data_received(data)

    def handle_events(self) -> None:
        super().handle_events()
        if self.conn.their_state is not h11.IDLE:
            self._disarm_header_timer()  # the head is in (or the connection failed)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_timer()
        super().connection_lost(exc)

    def _arm_header_timer(self) -> None:
        self._disarm_header_timer()
        self._header_timer = self.loop.call_later(self.header_timeout, self._header_timed_out)

    def _disarm_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _header_timed_out(self) -> None:
        self._header_timer = None
        if self.transport.is_closing() or self.conn.their_state is not h11.IDLE:
            return
        self.logger.info("closing a connection that sent no request head in time")
        self.transport.write(
            b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
            b"connection: close\r\ncontent-length: 33\r\n\r\n"
            b"request headers not sent in time\n"
        )
        self.transport.close()


def header_timeout_protocol(seconds: float) -> type[HeaderTimeoutProtocol]:
    """A :class:`HeaderTimeoutProtocol` class with a ``seconds`` deadline, for
    ``uvicorn.run(..., http=...)``."""
    return type("HeaderTimeoutProtocol", (HeaderTimeoutProtocol,), {"header_timeout": seconds})


def create_app(
    pipeline: Pipeline,
    *,
    max_body: int,
    timeout_s: float,
    languagetool_url: str,
    for_language: Callable[[str], Pipeline] | None = None,
    allowed_hosts: Iterable[str] = (),
) -> ASGIApp:
    """The ASGI application serving ``pipeline`` (see the module docstring); a request
    for the other English variant runs on ``for_language``'s pipeline for it. ``Host``
    may name a loopback name or one of ``allowed_hosts`` (see :class:`HostCheck`)."""
    worker = PipelineWorker(pipeline, timeout_s, for_language)
    base = pipeline.settings

    async def check(request: Request) -> JSONResponse:
        params = await _lt_params(request)
        language = params.get("language")
        check_language(language)
        checked = _checked_text(params)
        settings = _check_settings(base, params)
        findings = await worker.run(
            settings, chunked_check(checked.plain), _disconnect_watch(request)
        )
        disabled_categories = rule_list(params.get("disabledCategories"))
        return JSONResponse(
            check_response(checked, findings, settings.language, disabled_categories)
        )

    async def languages(_: Request) -> JSONResponse:
        return JSONResponse(list(LANGUAGES))

    async def fix(request: Request) -> JSONResponse:
        text, unsafe, min_confidence, language, merge, fmt = _fix_request(
            request, await request.body()
        )
        settings = base if min_confidence is None else replace(base, min_confidence=min_confidence)
        settings = replace(settings, language=language or base.language)
        doc = Document(text, format=fmt)
        size = None if fmt == "text" else len(text) + 1  # markup is read whole
        work = chunked_fix(text, unsafe, size, fmt)
        result = await worker.run(settings, work, _disconnect_watch(request))
        report = FileReport.merged if merge else FileReport
        return JSONResponse(
            {
                "findings": report(doc, result.found).rows(),
                "text": result.text,
                "applied": len(result.applied),
                "remaining": report(Document(result.text, format=fmt), result.remaining).rows(),
            }
        )

    async def health(_: Request) -> JSONResponse:
        healthy = await asyncio.to_thread(is_healthy, languagetool_url)
        # status only: the model's path and LanguageTool's address are no one's business
        return JSONResponse(
            {"status": "ok" if healthy else "languagetool unreachable"},
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
            Route("/", page.index, methods=["GET"]),
            Route("/static/{name}", page.static, methods=["GET"]),
            Route("/review", page.review, methods=["POST"]),
        ],
        exception_handlers={
            ApiError: _api_error,
            RequestError: _request_error,
            HTTPException: _http_error,
            Exception: _internal_error,
        },
        lifespan=lifespan,
    )
    return HostCheck(BodyLimit(app, max_body, timeout_s), allowed_hosts)


def _disconnect_watch(request: Request) -> Callable[[], Any]:
    """An awaitable factory that returns once the client has disconnected: once the body
    is read, the next ASGI message of the request is ``http.disconnect``."""

    async def watch() -> None:
        while True:
            message = await request.receive()
            if message["type"] == "http.disconnect":
                return
            await asyncio.sleep(0.05)  # the replayed body of a request that read none

    return watch


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


def _fix_request(
    request: Request, body: bytes
) -> tuple[str, bool, float | None, str | None, bool, str]:
    """(text, unsafe_fixes, min_confidence, language, merge, input_format) of a
    ``/v1/fix`` body; raises :class:`ApiError`. ``merge``: findings one per span, as
    ``fixtext check`` prints them; ``input_format``: text (default), markdown or html."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "application/json":
        raise ApiError(415, f"/v1/fix takes application/json, not {media or 'no content type'}")
    try:
        payload = load_json(body, "the body")
    except RequestError as exc:
        raise ApiError(400, str(exc)) from None
    if not isinstance(payload, dict):
        raise ApiError(422, "the body must be a JSON object")
    unknown = sorted(set(payload) - FIX_KEYS)
    if unknown:
        raise ApiError(422, f"unknown keys: {', '.join(map(ascii, unknown))}")
    text = payload.get("text")
    if not isinstance(text, str):
        raise ApiError(422, "'text' must be a string")
    where = lone_surrogate(text)
    if where is not None:
        raise ApiError(422, f"'text' has a lone UTF-16 surrogate ({where})")
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
    merge = payload.get("merge", False)
    if not isinstance(merge, bool):
        raise ApiError(422, "'merge' must be true or false")
    fmt = payload.get("input_format", "text")
    if fmt not in INPUT_FORMATS:
        raise ApiError(422, f"'input_format' must be one of {', '.join(INPUT_FORMATS)}")
    confidence = None if confidence is None else float(confidence)
    return text, unsafe, confidence, language, merge, fmt


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
