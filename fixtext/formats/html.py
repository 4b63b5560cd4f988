"""HTML: the text nodes that are prose, with their exact offsets in the file."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from fixtext.formats.view import ViewBuilder

SKIPPED = frozenset(
    "script style code pre textarea kbd samp svg math template noscript head".split()
)
"""Elements whose content is never prose (``<title>`` inside ``<head>`` excepted)."""

BLOCKS = frozenset(
    (
        "p div h1 h2 h3 h4 h5 h6 li ul ol br hr td th tr table blockquote section article "
        "header footer title dd dt dl figcaption figure main nav aside details summary "
        "address caption thead tbody tfoot form fieldset legend body html head pre menu "
        "center option"
    ).split()
)
"""Elements that start or end a block of prose (a blank line in the prose view)."""

_COMMENT_CLOSE = re.compile(r"--!?\s*>")


class _ProseParser(HTMLParser):
    """Feeds the text nodes of ``source[start:end]`` into a :class:`ViewBuilder`."""

    def __init__(self, builder: ViewBuilder, start: int, end: int) -> None:
        super().__init__(convert_charrefs=False)
        self.builder = builder
        self.source = builder.source
        self.base = start
        self.end = end
        self.comments: list[tuple[int, int]] = []
        self._skip: dict[str, int] = {}
        self._title = 0
        self._dead = False  # an unclosed comment: the rest is not prose
        chunk = self.source[start:end]
        self._lines = [0] + [m.end() for m in re.finditer("\n", chunk)]

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.base + self._lines[line - 1] + column

    def _is_prose(self) -> bool:
        if self._dead:
            return False
        if self._skip.get("head") and not self._title:
            return False
        return not any(count for tag, count in self._skip.items() if tag != "head")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Enter skipped elements, break blocks."""
        if tag == "body":
            self._skip.pop("head", None)
        if tag in SKIPPED:
            self._skip[tag] = self._skip.get(tag, 0) + 1
        if tag == "title":
            self._title += 1
        if tag in BLOCKS:
            self.builder.block_break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """A self-closing tag: only its block break matters."""
        if tag in BLOCKS:
            self.builder.block_break()

    def handle_endtag(self, tag: str) -> None:
        """Leave skipped elements, break blocks."""
        if self._skip.get(tag):
            self._skip[tag] -= 1
        if tag == "title" and self._title:
            self._title -= 1
        if tag in BLOCKS:
            self.builder.block_break()

    def handle_data(self, data: str) -> None:
        """Text: prose where it is outside skipped elements and found where expected."""
        start = self._offset()
        if data == "<" and self.source.startswith("<!--", start):
            self._dead = True
        if self._is_prose() and self.source.startswith(data, start):
            self.builder.real(start, start + len(data))

    def handle_entityref(self, name: str) -> None:
        """A named character reference: synthetic prose carrying the character."""
        start = self._offset()
        size = len(name) + 1
        if self.source.startswith(";", start + size):
            size += 1
        self._reference(start, size)

    def handle_charref(self, name: str) -> None:
        """A numeric character reference: synthetic prose carrying the character."""
        start = self._offset()
        size = len(name) + 2
        if self.source.startswith(";", start + size):
            size += 1
        self._reference(start, size)

    def _reference(self, start: int, size: int) -> None:
        if not self._is_prose():
            return
        raw = self.source[start : start + size]
        decoded = html.unescape(raw)
        if decoded == raw:  # not a reference after all: literal text
            self.builder.real(start, start + size)
        else:
            self.builder.synthetic(decoded)

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        """``<![...]]>``; a malformed one (which the standard parser asserts on) is markup."""
        position = self.getpos()
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            self.lineno, self.offset = position
            close = self.rawdata.find(">", i)
            return len(self.rawdata) if close < 0 else close + 1

    def handle_comment(self, data: str) -> None:
        """Remember where comments are (for inline suppressions)."""
        start = self._offset()
        body_end = start + 4 + len(data)
        close = _COMMENT_CLOSE.match(self.source, body_end)
        self.comments.append((start, close.end() if close else body_end))


def html_prose(builder: ViewBuilder, start: int, end: int) -> list[tuple[int, int]]:
    """Add the prose of ``source[start:end]`` to ``builder``; return its comments' spans."""
    parser = _ProseParser(builder, start, end)
    parser.feed(builder.source[start:end])
    parser.close()
    builder.block_break()
    return parser.comments
