"""The :class:`GrammarChecker` backed by a LanguageTool HTTP server.

Requests go through ``language_tool_python.LanguageTool(language, remote_server=url)``,
which validates the language against the server and builds the request parameters
(disabled rules and categories included). Its raw JSON answer is read here rather than
its ``Match`` objects: LanguageTool (Java) counts offsets and lengths in UTF-16 code
units, and ``Match`` corrects only the offset, not the length, through a class-level
cache that is not thread-safe. :func:`utf16_span_to_python` does the conversion.
"""

from __future__ import annotations

import threading
import urllib.parse
from collections import OrderedDict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import language_tool_python
import requests
from language_tool_python.exceptions import LanguageToolError

from fixtext.languagetool.install import LanguageToolUnavailable
from fixtext.languagetool.process import ensure_running, normalize_url
from fixtext.protocols import Match

MAX_REPLACEMENTS = 5
_ERRORS = (LanguageToolError, requests.RequestException, OSError, KeyError, TypeError)


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

    ``reconnect`` is called once when a request fails (the server may have died) and
    returns the URL to retry with; it defaults to :func:`ensure_running`.
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
    ) -> None:
        self._url = normalize_url(url)
        self._language = language
        self._disabled_rules = set(disabled_rules)
        self._disabled_categories = set(disabled_categories)
        self._cache: OrderedDict[str, tuple[Match, ...]] = OrderedDict()
        self._cache_size = cache_size
        self._workers = workers
        self._reconnect = reconnect
        self._lock = threading.Lock()
        self._tool: language_tool_python.LanguageTool | None = None

    @property
    def url(self) -> str:
        """The server URL in use."""
        return self._url

    def check(self, texts: list[str]) -> list[list[Match]]:
        """Return the matches of each text, in input order."""
        todo = list(dict.fromkeys(text for text in texts if self._cached(text) is None))
        if len(todo) > 1 and self._workers > 1:
            with ThreadPoolExecutor(min(self._workers, len(todo))) as pool:
                found = dict(zip(todo, pool.map(self._check_one, todo), strict=True))
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
                    f"LanguageTool at {self._url} failed: {first}"
                ) from first
            try:
                url = normalize_url(self._reconnect())
                with self._lock:
                    if url != self._url:
                        self._url, self._tool = url, None
                raw = self._request(text)
            except (*_ERRORS, LanguageToolUnavailable) as second:
                raise LanguageToolUnavailable(
                    f"LanguageTool at {self._url} failed twice: {second}; "
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
        """POST one text to ``/v2/check`` and return the raw JSON matches."""
        tool = self._get_tool()
        endpoint = urllib.parse.urljoin(tool.url, "check")
        # The library's public check() would build Match objects (see module docstring).
        answer = tool._query_server(endpoint, tool._create_params(text), method="post")
        return list(answer["matches"])

    def _get_tool(self) -> language_tool_python.LanguageTool:
        with self._lock:
            if self._tool is None:
                tool = language_tool_python.LanguageTool(self._language, remote_server=self._url)
                tool.disabled_rules = set(self._disabled_rules)
                tool.disabled_categories = set(self._disabled_categories)
                self._tool = tool
            return self._tool


def _to_match(text: str, item: dict[str, Any]) -> Match:
    offset, length = utf16_span_to_python(text, int(item["offset"]), int(item["length"]))
    rule = item.get("rule", {})
    return Match(
        rule=str(rule.get("id", "")),
        message=str(item.get("message", "")),
        offset=offset,
        length=length,
        replacements=tuple(r["value"] for r in item.get("replacements", ())[:MAX_REPLACEMENTS]),
        category=str(rule.get("category", {}).get("id", "")),
        issue_type=str(rule.get("issueType", "")),
    )
