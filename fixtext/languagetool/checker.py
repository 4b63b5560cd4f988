"""The :class:`GrammarChecker` backed by a LanguageTool HTTP server.

Every answer is distrusted: a request is bounded by a deadline
(``$FIXTEXT_LANGUAGETOOL_TIMEOUT``, default :data:`DEFAULT_TIMEOUT_S` seconds, for the
connection and for the whole answer), and an answer is used only when it is HTTP 200 with
a JSON body of the documented shape: ``/v2/languages`` a list of objects with string
``code``/``longCode`` that names the wanted language; ``/v2/check`` an object whose
``matches`` is a list of objects with int ``offset``/``length`` inside the text, string
``rule.id`` and ``message``, and ``replacements`` a list of objects with a string
``value``. Anything else raises :class:`LanguageToolBadAnswer` (a
:class:`LanguageToolUnavailable`, so the CLI exits 3) with a one-line reason.

LanguageTool (Java) counts offsets and lengths in UTF-16 code units: the text is sent as
it is, spans are checked against its UTF-16 length and converted to code points by
:func:`utf16_span_to_python`.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
import urllib.parse
from collections import OrderedDict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests

from fixtext.languagetool.install import LanguageToolUnavailable
from fixtext.languagetool.process import ensure_running, normalize_url
from fixtext.protocols import Match

MAX_REPLACEMENTS = 5
#: Seconds one request may take (connecting, and reading the whole answer).
DEFAULT_TIMEOUT_S = 30.0
TIMEOUT_ENV = "FIXTEXT_LANGUAGETOOL_TIMEOUT"
#: An answer larger than this is refused (a 4,000-character check answers in kilobytes).
MAX_ANSWER_BYTES = 32 * 2**20
_ERRORS = (requests.RequestException, OSError)


class LanguageToolBadAnswer(LanguageToolUnavailable):
    """LanguageTool answered, but not with a valid answer: treated like no answer."""


def request_timeout() -> float:
    """The per-request deadline in seconds: ``$FIXTEXT_LANGUAGETOOL_TIMEOUT`` or the default."""
    value = os.environ.get(TIMEOUT_ENV, "").strip()
    if not value:
        return DEFAULT_TIMEOUT_S
    try:
        seconds = float(value)
    except ValueError:
        seconds = float("nan")
    if not 0 < seconds < float("inf"):
        raise LanguageToolUnavailable(
            f"{TIMEOUT_ENV}={value!r} is not a positive number of seconds"
        )
    return seconds


def utf16_len(text: str) -> int:
    """The length of ``text`` in UTF-16 code units (LanguageTool's unit)."""
    if text.isascii():
        return len(text)
    return len(text) + sum(1 for char in text if char > "\uffff")


def utf16_span_to_python(text: str, offset: int, length: int) -> tuple[int, int]:
    """Convert a UTF-16 ``(offset, length)`` in ``text`` to code-point ``(offset, length)``."""
    if text.isascii() or max(text) <= "\uffff":
        return offset, length
    start: int | None = None
    end: int | None = None
    units = 0
    for index, char in enumerate(text):
        if start is None and units >= offset:
            start = index
        if units >= offset + length:
            end = index
            break
        units += 2 if ord(char) > 0xFFFF else 1
    start = len(text) if start is None else start
    end = len(text) if end is None else end
    return start, end - start


class LanguageToolChecker:
    """Checks texts with a LanguageTool server; results are cached per text.

    ``reconnect`` is called once when a request fails (the server may have died, or
    answered nonsense) and returns the URL to retry with; it defaults to
    :func:`ensure_running`. ``timeout`` bounds each request in seconds (default:
    :func:`request_timeout`).
    """

    def __init__(
        self,
        url: str,
        language: str = "en-US",
        disabled_rules: Iterable[str] = (),
        disabled_categories: Iterable[str] = (),
        *,
        cache_size: int = 4096,
        workers: int = 2,
        reconnect: Callable[[], str] | None = ensure_running,
        timeout: float | None = None,
    ) -> None:
        self._url = normalize_url(url)
        self._language = language
        self._disabled_rules = set(disabled_rules)
        self._disabled_categories = set(disabled_categories)
        self._cache: OrderedDict[str, tuple[Match, ...]] = OrderedDict()
        self._cache_size = cache_size
        self._workers = workers
        self._reconnect = reconnect
        self._timeout = timeout
        self._lock = threading.Lock()
        self._server_language: str | None = None  # the language as the server spells it

    @property
    def url(self) -> str:
        """The server URL in use."""
        return self._url

    def check(self, texts: list[str]) -> list[list[Match]]:
        """Return the matches of each text, in input order."""
        todo = list(dict.fromkeys(text for text in texts if self._cached(text) is None))
        if todo and self._timeout is None:
            self._timeout = request_timeout()  # a bad setting fails here, once
        if len(todo) > 1 and self._workers > 1:
            pool = ThreadPoolExecutor(min(self._workers, len(todo)))
            try:
                found = dict(zip(todo, pool.map(self._check_one, todo), strict=True))
            finally:  # after a failure, the texts not yet sent are not sent at all
                pool.shutdown(wait=True, cancel_futures=True)
        else:
            found = {text: self._check_one(text) for text in todo}
        results = []
        for text in texts:
            matches = found.get(text)
            if matches is None:
                matches = self._cached(text)
                assert matches is not None
            results.append(list(matches))
        return results

    def _cached(self, text: str) -> tuple[Match, ...] | None:
        with self._lock:
            matches = self._cache.get(text)
            if matches is not None:
                self._cache.move_to_end(text)
            return matches

    def _check_one(self, text: str) -> tuple[Match, ...]:
        try:
            raw = self._request(text)
        except (*_ERRORS, LanguageToolUnavailable) as first:
            if self._reconnect is None:
                raise LanguageToolUnavailable(
                    f"LanguageTool at {self._url} failed: {_reason(first)}"
                ) from first
            try:
                url = normalize_url(self._reconnect())
                with self._lock:
                    if url != self._url:
                        self._url, self._server_language = url, None
                raw = self._request(text)
            except (*_ERRORS, LanguageToolUnavailable) as second:
                raise LanguageToolUnavailable(
                    f"LanguageTool at {self._url} failed twice: {_reason(second)}; "
                    "see `fixtext languagetool status`"
                ) from second
        matches = tuple(_to_match(text, item) for item in raw)
        with self._lock:
            self._cache[text] = matches
            self._cache.move_to_end(text)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return matches

    def _request(self, text: str) -> list[dict[str, Any]]:
        """POST one text to ``/v2/check`` and return its matches, validated against it."""
        params = {"language": self._language_for_server(), "text": text}
        if self._disabled_rules:
            params["disabledRules"] = ",".join(sorted(self._disabled_rules))
        if self._disabled_categories:
            params["disabledCategories"] = ",".join(sorted(self._disabled_categories))
        answer = self._fetch("/v2/check", params)
        return check_answer(answer, text)

    def _language_for_server(self) -> str:
        """The language as the server spells it; checks once that the server has it."""
        with self._lock:
            if self._server_language is not None:
                return self._server_language
        answer = self._fetch("/v2/languages", None)
        spelling = languages_answer(answer, self._language)
        with self._lock:
            self._server_language = spelling
        return spelling

    def _fetch(self, path: str, form: dict[str, str] | None) -> Any:
        """GET (``form`` None) or POST ``path`` within the deadline; the JSON of a 200."""
        timeout = self._timeout if self._timeout is not None else request_timeout()
        deadline = time.monotonic() + timeout
        url = urllib.parse.urljoin(self._url + "/", path.lstrip("/"))
        try:
            if form is None:
                response = requests.get(
                    url, timeout=(timeout, timeout), stream=True, allow_redirects=False
                )
            else:
                response = requests.post(
                    url, data=form, timeout=(timeout, timeout), stream=True, allow_redirects=False
                )
            with response:
                if response.status_code != 200:
                    raise LanguageToolBadAnswer(
                        f"{path} answered HTTP {response.status_code}, not 200"
                    )
                body = bytearray()
                for chunk in response.iter_content(65536):
                    body += chunk
                    if len(body) > MAX_ANSWER_BYTES:
                        raise LanguageToolBadAnswer(
                            f"{path} answered more than {MAX_ANSWER_BYTES} bytes"
                        )
                    if time.monotonic() > deadline:
                        raise requests.Timeout
        except requests.RequestException as exc:
            # a read timeout in the body comes as a ConnectionError("... Read timed out.")
            if isinstance(exc, requests.Timeout) or "timed out" in str(exc):
                raise LanguageToolUnavailable(
                    f"{path} gave no answer within {timeout:g} s ({TIMEOUT_ENV})"
                ) from None
            errno = re.search(r"\[Errno -?\d+\] ([^'\")]+)", str(exc))
            reason = f"cannot connect ({errno[1]})" if errno else _reason(exc)
            raise LanguageToolUnavailable(f"{path}: {reason}") from None
        try:
            return json.loads(bytes(body))
        except (ValueError, RecursionError):
            raise LanguageToolBadAnswer(f"{path} answered with a body that is not JSON") from None


def _reason(exc: BaseException) -> str:
    """The first line of an exception's message (or its type when it has none)."""
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _bad(what: str) -> LanguageToolBadAnswer:
    return LanguageToolBadAnswer(f"invalid answer from /v2/check: {what}")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def languages_answer(answer: Any, language: str) -> str:
    """Validate a ``/v2/languages`` answer; return ``language`` as the server spells it."""
    if not isinstance(answer, list):
        raise LanguageToolBadAnswer("invalid answer from /v2/languages: not a JSON list")
    codes: dict[str, str] = {}
    for index, item in enumerate(answer):
        if not isinstance(item, dict):
            raise LanguageToolBadAnswer(
                f"invalid answer from /v2/languages: item {index} is not an object"
            )
        for key in ("code", "longCode"):
            code = item.get(key)
            if not isinstance(code, str):
                raise LanguageToolBadAnswer(
                    f"invalid answer from /v2/languages: item {index} has no string {key!r}"
                )
            codes.setdefault(code.lower(), code)
    spelling = codes.get(language.lower())
    if spelling is None:
        raise LanguageToolBadAnswer(f"the server does not list the language {language!r}")
    return spelling


def check_answer(answer: Any, text: str) -> list[dict[str, Any]]:
    """Validate a ``/v2/check`` answer for ``text``; return its matches.

    Offsets and lengths are in UTF-16 code units and must lie within the text.
    """
    if not isinstance(answer, dict):
        raise _bad("not a JSON object")
    matches = answer.get("matches")
    if not isinstance(matches, list):
        raise _bad("'matches' is not a list")
    size = utf16_len(text)
    for index, item in enumerate(matches):
        where = f"match {index}"
        if not isinstance(item, dict):
            raise _bad(f"{where} is not an object")
        offset, length = item.get("offset"), item.get("length")
        if not _is_int(offset) or not _is_int(length):
            raise _bad(f"{where}: 'offset' and 'length' must be integers")
        if offset < 0 or length < 0:
            raise _bad(f"{where}: negative offset or length ({offset}, {length})")
        if offset + length > size:
            raise _bad(
                f"{where}: span {offset}+{length} ends past the end of the text ({size} units)"
            )
        if not isinstance(item.get("message"), str):
            raise _bad(f"{where}: 'message' is not a string")
        rule = item.get("rule")
        if not isinstance(rule, dict) or not isinstance(rule.get("id"), str):
            raise _bad(f"{where}: 'rule.id' is not a string")
        category = rule.get("category", {})
        if not isinstance(category, dict) or not isinstance(category.get("id", ""), str):
            raise _bad(f"{where}: 'rule.category.id' is not a string")
        if not isinstance(rule.get("issueType", ""), str):
            raise _bad(f"{where}: 'rule.issueType' is not a string")
        replacements = item.get("replacements", [])
        if not isinstance(replacements, list) or not all(
            isinstance(r, dict) and isinstance(r.get("value"), str) for r in replacements
        ):
            raise _bad(f"{where}: 'replacements' is not a list of objects with a string 'value'")
    return matches


def _to_match(text: str, item: dict[str, Any]) -> Match:
    """A :class:`Match` from one match that :func:`check_answer` accepted."""
    offset, length = utf16_span_to_python(text, item["offset"], item["length"])
    rule = item["rule"]
    return Match(
        rule=rule["id"],
        message=item["message"],
        offset=offset,
        length=length,
        replacements=tuple(r["value"] for r in item.get("replacements", ())[:MAX_REPLACEMENTS]),
        category=rule.get("category", {}).get("id", ""),
        issue_type=rule.get("issueType", ""),
    )
