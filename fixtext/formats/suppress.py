"""Inline suppressions: comments and markers that switch findings off for a stretch."""

from __future__ import annotations

import re

_IGNORE = re.compile(r"fixtext:\s*ignore\b")
_DIRECTIVE = re.compile(r"<!--\s*(fixtext-(?:disable-next-line|disable|enable))\s*--!?\s*>")
_NON_BLANK = re.compile(r"\S")


def _line_span(text: str, offset: int) -> tuple[int, int]:
    """The line holding ``offset``: (start, end without its line break)."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    end = len(text) if end < 0 else end
    if end > start and text[end - 1] == "\r":
        end -= 1
    return start, end


def ignored_lines(text: str) -> list[tuple[int, int]]:
    """Every line holding ``fixtext: ignore``."""
    return [_line_span(text, m.start()) for m in _IGNORE.finditer(text)]


def comment_ranges(text: str, comments: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Ranges switched off by ``fixtext-disable``/``-enable``/``-disable-next-line`` comments.

    ``comments`` are the spans of the file's real HTML comments (not ones shown in code).
    """
    out: list[tuple[int, int]] = []
    disabled_at: int | None = None
    for start, end in sorted(comments):
        match = _DIRECTIVE.fullmatch(text, start, end)
        if match is None:
            continue
        name = match.group(1)
        if name == "fixtext-disable" and disabled_at is None:
            disabled_at = start
        elif name == "fixtext-enable" and disabled_at is not None:
            out.append((disabled_at, end))
            disabled_at = None
        elif name == "fixtext-disable-next-line":
            following = _NON_BLANK.search(text, _line_span(text, end)[1])
            if following:
                out.append(_line_span(text, following.start()))
    if disabled_at is not None:
        out.append((disabled_at, len(text)))
    return out


def merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping ranges covering the same offsets."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
