"""Inline suppressions: comments and markers that switch findings off for a stretch.

A marker with no codes switches every rule off; one with codes only those rules:

* ``fixtext: ignore`` on a line (any format): every rule on that line;
  ``fixtext: ignore[FT003]``, ``fixtext: ignore[FT003,FT014]``: those rules on that line;
* Markdown and HTML comments: ``<!-- fixtext-disable -->`` up to ``<!-- fixtext-enable
  -->`` (or the end of the file), ``<!-- fixtext-disable-next-line -->`` (the next
  non-blank line), each optionally followed by codes separated by commas or spaces
  (``<!-- fixtext-disable FT003 FT014 -->``). ``fixtext-enable FT003`` ends what
  ``fixtext-disable FT003`` began (and nothing a bare ``fixtext-disable`` began); a bare
  ``fixtext-enable`` ends every open stretch.

Codes are compared upper-cased (``ft003`` is ``FT003``).
"""

from __future__ import annotations

import re
from typing import NamedTuple

_IGNORE = re.compile(r"fixtext:\s*ignore(?:\[(?P<codes>[^\]\n]*)\]|\b)")
_DIRECTIVE = re.compile(
    r"<!--\s*(fixtext-(?:disable-next-line|disable|enable))"
    r"(?:\s+(?P<codes>[A-Za-z0-9_,\s]*?))?\s*--!?\s*>"
)
_NON_BLANK = re.compile(r"\S")
_CODE_SEPARATOR = re.compile(r"[\s,]+")


class Suppression(NamedTuple):
    """Offsets ``start``..``end`` of the file where ``rules`` are switched off (None: all)."""

    start: int
    end: int
    rules: frozenset[str] | None = None

    def covers(self, rule: str, start: int, end: int) -> bool:
        """True when it switches off a finding of ``rule`` at ``start``..``end`` (one that
        begins inside it or straddles its start)."""
        if self.rules is not None and rule.upper() not in self.rules:
            return False
        return self.start <= start < self.end or start < self.start < end


def parse_codes(codes: str | None) -> frozenset[str] | None:
    """The rule codes of a marker, upper-cased; None (every rule) when there are none."""
    found = frozenset(c.upper() for c in _CODE_SEPARATOR.split(codes or "") if c)
    return found or None


def _line_span(text: str, offset: int) -> tuple[int, int]:
    """The line holding ``offset``: (start, end without its line break)."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    end = len(text) if end < 0 else end
    if end > start and text[end - 1] == "\r":
        end -= 1
    return start, end


def ignore_markers(text: str) -> list[Suppression]:
    """Every line holding ``fixtext: ignore`` or ``fixtext: ignore[CODES]``."""
    return [
        Suppression(*_line_span(text, m.start()), parse_codes(m.group("codes")))
        for m in _IGNORE.finditer(text)
    ]


def ignored_lines(text: str) -> list[tuple[int, int]]:
    """Every line holding a bare ``fixtext: ignore`` (every rule switched off)."""
    return [(s.start, s.end) for s in ignore_markers(text) if s.rules is None]


def comment_suppressions(text: str, comments: list[tuple[int, int]]) -> list[Suppression]:
    """What ``fixtext-disable``/``-enable``/``-disable-next-line`` comments switch off.

    ``comments`` are the spans of the file's real HTML comments (not ones shown in code).
    """
    out: list[Suppression] = []
    open_at: dict[str | None, int] = {}  # None: a bare disable; else one code's
    for start, end in sorted(comments):
        match = _DIRECTIVE.fullmatch(text, start, end)
        if match is None:
            continue
        name, codes = match.group(1), parse_codes(match.group("codes"))
        keys: list[str | None] = [None] if codes is None else sorted(codes)
        if name == "fixtext-disable":
            for key in keys:
                open_at.setdefault(key, start)
        elif name == "fixtext-enable":
            for key in list(open_at) if codes is None else keys:
                if key in open_at:
                    rules = None if key is None else frozenset([key])
                    out.append(Suppression(open_at.pop(key), end, rules))
        else:  # fixtext-disable-next-line
            following = _NON_BLANK.search(text, _line_span(text, end)[1])
            if following:
                out.append(Suppression(*_line_span(text, following.start()), codes))
    for key, start in open_at.items():
        out.append(Suppression(start, len(text), None if key is None else frozenset([key])))
    return sorted(out)


def comment_ranges(text: str, comments: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Ranges where bare ``fixtext-disable``/``-enable``/``-disable-next-line`` comments
    switch every rule off (see :func:`comment_suppressions` for the per-rule ones)."""
    return [(s.start, s.end) for s in comment_suppressions(text, comments) if s.rules is None]


def merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping ranges covering the same offsets."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
