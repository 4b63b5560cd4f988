"""Markdown: the prose of a CommonMark/GFM document, with exact offsets in the file.

A line-based block reader (front matter, fences, indented code, HTML blocks, headings,
lists, block quotes, tables, reference definitions, paragraphs) and an inline scanner
(escapes, code spans, links and images, autolinks, inline HTML, emphasis delimiters,
character references). It follows CommonMark closely enough to keep markup out of the
prose; where it is unsure it leaves text out rather than let a fix touch markup.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

from fixtext.formats.html import html_prose
from fixtext.formats.view import ViewBuilder

_QUOTE = re.compile(r"[ ]{0,3}>[ ]?")
_FENCE = re.compile(r"[ \t]*(`{3,}(?=[^`]*$)|~{3,})")
_ATX = re.compile(r"[ ]{0,3}(#{1,6})(?=[ \t]|$)[ \t]*")
_ATX_CLOSE = re.compile(r"(?:^|[ \t]+)#+[ \t]*$|[ \t]+$")
_SETEXT = re.compile(r"[ ]{0,3}(?:=+|-+)[ \t]*$")
_THEMATIC = re.compile(r"[ ]{0,3}([-*_])[ \t]*(?:\1[ \t]*){2,}$")
_LIST = re.compile(r"([ \t]*)([-*+]|(\d{1,9})[.)])([ \t]+|$)")
_TASK = re.compile(r"\[[ xX]\][ \t]+")
_REFDEF = re.compile(r"[ ]{0,3}\[((?:[^\]\\]|\\.)+)\]:")
_REFDEF_ANY = re.compile(r"^[ ]{0,3}(?:>[ ]?)*\[((?:[^\]\\^]|\\.)(?:[^\]\\]|\\.)*)\]:", re.M)
_TITLE_LINE = re.compile(r"[ \t]*(?:\"[^\"]*\"|'[^']*'|\([^)]*\))[ \t]*$")
_DELIMITER_ROW = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_TABLE_ROW = re.compile(r"[ \t]*\|.*\|[ \t]*$")
_HTML_RAW = re.compile(r"[ ]{0,3}<(script|pre|style|textarea)(?=[\s>]|$)", re.I)
_HTML_OTHER = re.compile(r"[ ]{0,3}<(\?|![A-Za-z]|!\[CDATA\[)")
_HTML_CLOSERS = {"?": "?>", "![CDATA[": "]]>"}
_BLOCK_TAGS = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|"
    "details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|"
    "h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|"
    "optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|"
    "track|ul"
)
_HTML_BLOCK = re.compile(rf"[ ]{{0,3}}</?(?:{_BLOCK_TAGS})(?=[\s/>]|$)", re.I)
_ATTRIBUTE = r"""(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)"""
_OPEN_TAG = rf"<[A-Za-z][A-Za-z0-9-]*{_ATTRIBUTE}*\s*/?>"
_CLOSE_TAG = r"</[A-Za-z][A-Za-z0-9-]*\s*>"
_HTML_TAG_LINE = re.compile(rf"[ ]{{0,3}}(?:{_OPEN_TAG}|{_CLOSE_TAG})[ \t]*$")
_INLINE_TAG = re.compile(
    rf"{_OPEN_TAG}|{_CLOSE_TAG}|<\?.*?\?>|<![A-Za-z][^>]*>|<!\[CDATA\[.*?\]\]>", re.S
)
_CODE_TAG = re.compile(r"<(code|kbd|samp|var|script|style|pre|textarea)\b", re.I)
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>|<[^\s@<>\\]+@[^\s@<>\\]+>")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_SPECIAL = re.compile(r"[\\`<!\[*_~&]")
_COMMENT = re.compile(r"<!--.*?(?:--!?\s*>|\Z)", re.S)
_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

Token = tuple[int, int] | str
"""An inline token: characters ``i..j`` of the block, or synthetic text."""


@dataclass
class _Block:
    """A paragraph-like block: its characters (container markers left out) and origins."""

    chars: list[str] = field(default_factory=list)
    origins: list[int] = field(default_factory=list)

    def add(self, source: str, start: int, end: int) -> None:
        self.chars.extend(source[start:end])
        self.origins.extend(range(start, end))


@dataclass
class _Delimiter:
    """An emphasis delimiter run ``i..j`` of one character; ``used_*`` chars are markup."""

    i: int
    j: int
    char: str
    can_open: bool
    can_close: bool
    used_open: int = 0
    used_close: int = 0

    @property
    def left(self) -> int:
        return self.j - self.i - self.used_open - self.used_close


def markdown_prose(builder: ViewBuilder) -> list[tuple[int, int]]:
    """Add the prose of a Markdown file to ``builder``; return its HTML comments' spans."""
    reader = _Reader(builder)
    reader.read()
    return reader.comments


def _indent(line: str) -> int:
    column = 0
    for char in line:
        if char == " ":
            column += 1
        elif char == "\t":
            column += 4 - column % 4
        else:
            break
    return column


def _label(text: str) -> str:
    return " ".join(text.lower().split())


def _is_punctuation(char: str) -> bool:
    return char in _PUNCTUATION or unicodedata.category(char)[0] in "PS"


class _Reader:
    """The block reader: walks the lines, sends paragraphs to the inline scanner."""

    def __init__(self, builder: ViewBuilder) -> None:
        self.builder = builder
        self.text = builder.source
        self.comments: list[tuple[int, int]] = []
        self.refs = {_label(m.group(1)) for m in _REFDEF_ANY.finditer(self.text)}
        self.lines: list[tuple[int, int, int]] = []  # start, end (no line break), next
        pos = 0
        while pos < len(self.text):
            newline = self.text.find("\n", pos)
            nxt = len(self.text) if newline < 0 else newline + 1
            end = nxt - 1 if newline >= 0 else nxt
            if end > pos and self.text[end - 1] == "\r":
                end -= 1
            self.lines.append((pos, end, nxt))
            pos = nxt
        self.starts = [line[0] for line in self.lines]
        self.para: list[tuple[int, int, int]] = []  # content start, end, next
        self.para_depth = 0
        self.para_is_item = False
        self.list_columns: list[int] = []  # content columns of the open list items

    # -- blocks -------------------------------------------------------------------------

    def read(self) -> None:
        index = self._front_matter()
        previous_blank = True
        while index < len(self.lines):
            index, previous_blank = self._line(index, previous_blank)
        self._flush()

    def _front_matter(self) -> int:
        if not self.lines:
            return 0
        start, end, _ = self.lines[0]
        first = self.text[start:end].lstrip("\ufeff").rstrip()
        closers = {"---": ("---", "..."), "+++": ("+++",)}.get(first)
        if closers is None:
            return 0
        for index in range(1, len(self.lines)):
            s, e, _ = self.lines[index]
            if self.text[s:e].rstrip() in closers:
                return index + 1
        return 0

    def _strip_quotes(self, start: int, end: int) -> tuple[int, int]:
        depth = 0
        while match := _QUOTE.match(self.text, start, end):
            depth += 1
            start = match.end()
        return start, depth

    def _line(self, index: int, previous_blank: bool) -> tuple[int, bool]:
        """Read the block starting at line ``index``; return the next index, blankness."""
        start, end, nxt = self.lines[index]
        pos, depth = self._strip_quotes(start, end)
        content = self.text[pos:end]
        if not content.strip():
            self._flush()
            return index + 1, True
        indent = _indent(content)
        item = self._list_item(content)
        if previous_blank and item is None:
            while self.list_columns and indent < self.list_columns[-1]:
                self.list_columns.pop()
        code_indent = 4 + (self.list_columns[-1] if self.list_columns else 0)
        if not self.para and indent >= code_indent:
            return index + 1, False  # indented code
        if fence := _FENCE.match(content):
            self._flush()
            return self._skip_fence(index + 1, fence.group(1)), False
        if (after := self._html_block(index, pos)) is not None:
            return after, False
        if atx := _ATX.match(content):
            self._flush()
            head = content[atx.end() :]
            close = _ATX_CLOSE.search(head)
            stop = pos + atx.end() + (close.start() if close else len(head))
            self._single(pos + atx.end(), stop)
            return index + 1, False
        if _THEMATIC.match(content) or (self.para and _SETEXT.match(content)):
            self._flush()
            return index + 1, False
        if "|" in content and index + 1 < len(self.lines) and self._delimiter_row(index + 1):
            self._flush()
            return self._skip_table(index + 2), False
        if _TABLE_ROW.match(content) or (not self.para and _SETEXT.match(content)):
            self._flush()
            return index + 1, False
        if not self.para and (ref := _REFDEF.match(content)):
            if not ref.group(1).startswith("^"):
                following = index + 1
                if following < len(self.lines):
                    s, e, _ = self.lines[following]
                    if _TITLE_LINE.match(self.text, s, e):
                        return following + 1, False
                return following, False
            body = pos + ref.end()
            body += len(self.text[body:end]) - len(self.text[body:end].lstrip())
            self._start(body, end, nxt, depth, is_item=True)
            return index + 1, False
        interrupts = item is not None and (
            not self.para or self.para_is_item or bool(self.list_columns) or item[1]
        )
        if item is not None and interrupts:
            self._flush()
            marker_end, _ = item
            while self.list_columns and self.list_columns[-1] > indent:
                self.list_columns.pop()
            column = len(content[:marker_end].expandtabs(4))
            self.list_columns.append(column + (marker_end == len(content)))
            body = pos + marker_end
            if task := _TASK.match(self.text, body, end):
                body = task.end()
            self._start(body, end, nxt, depth, is_item=True)
            return index + 1, False
        lead = pos + len(content) - len(content.lstrip())
        if self.para and depth <= self.para_depth:  # same quote, or a lazy continuation
            self.para.append((lead, end, nxt))
        else:
            self._start(lead, end, nxt, depth, is_item=False)
        return index + 1, False

    def _list_item(self, content: str) -> tuple[int, bool] | None:
        """(end of the marker and its spaces, may interrupt a paragraph) for a list item."""
        match = _LIST.match(content)
        if match is None or _THEMATIC.match(content):
            return None
        has_body = match.end() < len(content)
        number = match.group(3)
        return match.end(), has_body and (number is None or number == "1")

    def _delimiter_row(self, index: int) -> bool:
        start, end, _ = self.lines[index]
        pos, _ = self._strip_quotes(start, end)
        row = self.text[pos:end]
        return "-" in row and ("|" in row or ":" in row) and bool(_DELIMITER_ROW.match(row))

    def _skip_table(self, index: int) -> int:
        while index < len(self.lines):
            start, end, _ = self.lines[index]
            pos, _ = self._strip_quotes(start, end)
            if not self.text[pos:end].strip():
                break
            index += 1
        return index

    def _skip_fence(self, index: int, opener: str) -> int:
        closing = re.compile(rf"[ \t>]*{re.escape(opener[0])}{{{len(opener)},}}[ \t]*$")
        while index < len(self.lines):
            start, end, _ = self.lines[index]
            index += 1
            if closing.match(self.text, start, end):
                break
        return index

    def _html_block(self, index: int, pos: int) -> int | None:
        """The index after an HTML block starting at line ``index``; None if none starts."""
        _, end, _ = self.lines[index]
        content = self.text[pos:end]
        if _indent(content) > 3:
            return None
        lead = pos + len(content) - len(content.lstrip())
        if self.text.startswith("<!--", lead):
            closer: str | None = "-->"
        elif other := _HTML_OTHER.match(content):
            closer = _HTML_CLOSERS.get(other.group(1), ">")
        else:
            closer = None
        if closer is not None:
            self._flush()
            stop = self.text.find(closer, lead)
            last = self._line_index(stop) if stop >= 0 else len(self.lines) - 1
            self._skip_region(lead, self.lines[last][1])
            return last + 1
        if raw := _HTML_RAW.match(content):
            close = re.compile(rf"</{raw.group(1)}\s*>", re.I).search(self.text, lead)
            last = self._line_index(close.start()) if close else len(self.lines) - 1
        elif _HTML_BLOCK.match(content) or (not self.para and _HTML_TAG_LINE.match(content)):
            last = index
            while last + 1 < len(self.lines):
                start, stop, _ = self.lines[last + 1]
                if not self.text[self._strip_quotes(start, stop)[0] : stop].strip():
                    break
                last += 1
        else:
            return None
        self._flush()
        if self.text[self.lines[index][0] : pos].strip():  # inside a block quote
            self._skip_region(lead, self.lines[last][1])
        else:
            self.comments.extend(html_prose(self.builder, lead, self.lines[last][1]))
        return last + 1

    def _line_index(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1

    def _skip_region(self, start: int, end: int) -> None:
        """Leave ``text[start:end]`` out of the prose, remembering its comments."""
        for match in _COMMENT.finditer(self.text, start, end):
            self.comments.append(match.span())
        self.builder.block_break()

    # -- paragraphs ---------------------------------------------------------------------

    def _start(self, start: int, end: int, nxt: int, depth: int, *, is_item: bool) -> None:
        self._flush()
        self.para = [(start, end, nxt)]
        self.para_depth = depth
        self.para_is_item = is_item

    def _single(self, start: int, end: int) -> None:
        self._flush()
        block = _Block()
        block.add(self.text, start, end)
        self._emit(block)

    def _flush(self) -> None:
        if not self.para:
            return
        block = _Block()
        for number, (start, end, nxt) in enumerate(self.para):
            block.add(self.text, start, end)
            if number + 1 < len(self.para):
                block.add(self.text, end, nxt)
        self.para = []
        self._emit(block)

    def _emit(self, block: _Block) -> None:
        self.builder.block_break()
        scanner = _Inline(block, self.refs, self.comments)
        for token in scanner.scan(0, len(block.chars)):
            if isinstance(token, str):
                self.builder.synthetic(token)
                continue
            i, j = token
            while i < j:
                run = i + 1
                while run < j and block.origins[run] == block.origins[run - 1] + 1:
                    run += 1
                self.builder.real(block.origins[i], block.origins[run - 1] + 1)
                i = run
        self.builder.block_break()


class _Inline:
    """The inline scanner over one block: which of its characters are prose."""

    def __init__(self, block: _Block, refs: set[str], comments: list[tuple[int, int]]) -> None:
        self.chars = block.chars
        self.origins = block.origins
        self.text = "".join(block.chars)
        self.refs = refs
        self.comments = comments

    def scan(self, lo: int, hi: int) -> list[Token]:
        """Resolved tokens for ``text[lo:hi]``: prose ranges and synthetic strings."""
        items: list[Token | _Delimiter] = []
        text = self.text
        k = lo
        while k < hi:
            char = text[k]
            nxt = k + 1
            if char == "\\":
                if k + 1 < hi and text[k + 1] in _PUNCTUATION:
                    items.append((k + 1, k + 2))
                    nxt = k + 2
                elif k + 1 >= hi or text[k + 1] not in "\r\n":
                    items.append((k, k + 1))
            elif char == "`":
                nxt = self._code_span(k, hi)
                if nxt < 0:
                    nxt = self._run_end(k, hi)
                    items.append((k, nxt))
            elif char == "<":
                nxt = self._angle(k, hi)
                if nxt < 0:
                    nxt = k + 1
                    items.append((k, nxt))
            elif char == "!" and text.startswith("[", k + 1) and (end := self._link(k + 1, hi)):
                nxt = end[1]
            elif char == "[" and (end := self._link(k, hi)):
                label_end, nxt = end
                if not text.startswith("[^", k):
                    items.extend(self.scan(k + 1, label_end))
            elif char in "*_~":
                nxt = self._run_end(k, hi)
                items.append(self._delimiter(k, nxt, lo, hi))
            elif char == "&" and (entity := _ENTITY.match(text, k, hi)):
                nxt = entity.end()
                decoded = html.unescape(entity.group())
                items.append(decoded if decoded != entity.group() else (k, nxt))
            else:
                special = _SPECIAL.search(text, k + 1, hi)
                nxt = special.start() if special else hi
                items.append((k, nxt))
            k = nxt
        return _resolve(items)

    def _run_end(self, k: int, hi: int) -> int:
        """End of the run of the character at ``k``."""
        end = k + 1
        while end < hi and self.text[end] == self.text[k]:
            end += 1
        return end

    def _code_span(self, k: int, hi: int) -> int:
        """End of the code span opening at ``k``, or -1."""
        size = self._run_end(k, hi) - k
        pattern = re.compile(rf"(?<!`)`{{{size}}}(?!`)")
        close = pattern.search(self.text, k + size, hi)
        return close.end() if close else -1

    def _angle(self, k: int, hi: int) -> int:
        """End of the comment, autolink or HTML tag at ``k`` (skipped), or -1."""
        text = self.text
        if text.startswith("<!--", k):
            close = _COMMENT.match(text, k, hi)
            end = close.end() if close else hi
            self.comments.append((self.origins[k], self.origins[end - 1] + 1))
            return end
        if autolink := _AUTOLINK.match(text, k, hi):
            return autolink.end()
        tag = _INLINE_TAG.match(text, k, hi)
        if tag is None:
            return -1
        if code := _CODE_TAG.match(text, k, hi):
            close = re.compile(rf"</{code.group(1)}\s*>", re.I).search(text, tag.end(), hi)
            if close:
                return close.end()
        return tag.end()

    def _link(self, k: int, hi: int) -> tuple[int, int] | None:
        """(end of the link text, end of the link) for a link opening at ``k``."""
        text = self.text
        depth, i = 0, k
        while i < hi:
            char = text[i]
            if char == "\\":
                i += 2
                continue
            if char == "`" and (span := self._code_span(i, hi)) > 0:
                i = span
                continue
            if char == "[":
                depth += 1
            elif char == "]":
                depth -= 1
                if depth == 0:
                    break
            i += 1
        else:
            return None
        if text.startswith("(", i + 1):
            end = self._destination(i + 2, hi)
            return (i, end) if end > 0 else None
        if text.startswith("[", i + 1):
            close = text.find("]", i + 2, hi)
            if close > 0 and (close == i + 2 or _label(text[i + 2 : close]) in self.refs):
                return i, close + 1
        if text.startswith("[^", k) or _label(text[k + 1 : i]) in self.refs:
            return i, i + 1
        return None

    def _destination(self, k: int, hi: int) -> int:
        """End of ``(destination "title")`` whose inside starts at ``k``, or -1."""
        depth, i = 1, k
        quote: str | None = None
        while i < hi:
            char = self.text[i]
            if char == "\\":
                i += 2
                continue
            if quote:
                if char == quote:
                    quote = None
            elif char in "\"'" and i > k and self.text[i - 1] in " \t\n":
                quote = char
            elif char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
                if depth == 0:
                    return i + 1
            elif char == "\n" and self.text[i + 1 : i + 2] == "\n":
                return -1
            i += 1
        return -1

    def _delimiter(self, i: int, j: int, lo: int, hi: int) -> Token | _Delimiter:
        char = self.text[i]
        if char == "~" and j - i > 2:
            return (i, j)
        before = self.text[i - 1] if i > lo else " "
        after = self.text[j] if j < hi else " "
        left = not after.isspace() and (
            not _is_punctuation(after) or before.isspace() or _is_punctuation(before)
        )
        right = not before.isspace() and (
            not _is_punctuation(before) or after.isspace() or _is_punctuation(after)
        )
        if char == "_":
            can_open = left and (not right or _is_punctuation(before))
            can_close = right and (not left or _is_punctuation(after))
        else:
            can_open, can_close = left, right
        return _Delimiter(i, j, char, can_open, can_close)


def _resolve(items: list[Token | _Delimiter]) -> list[Token]:
    """Pair emphasis delimiters (markup) and turn the unpaired ones into prose."""
    openers: list[_Delimiter] = []
    for item in items:
        if not isinstance(item, _Delimiter):
            continue
        while item.can_close and item.left:
            match = next(
                (
                    index
                    for index in range(len(openers) - 1, -1, -1)
                    if openers[index].char == item.char
                    and (item.char != "~" or openers[index].left == item.left)
                ),
                None,
            )
            if match is None:
                break
            opener = openers[match]
            count = min(opener.left, item.left)
            opener.used_open += count
            item.used_close += count
            del openers[match + (opener.left > 0) :]
        if item.can_open and item.left:
            openers.append(item)
    tokens: list[Token] = []
    for item in items:
        if isinstance(item, _Delimiter):
            start, end = item.i + item.used_close, item.j - item.used_open
            if end > start:
                tokens.append((start, end))
        else:
            tokens.append(item)
    return tokens
