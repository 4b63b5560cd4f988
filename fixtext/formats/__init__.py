"""Input formats: which characters of a file are prose, and where they came from.

Detectors see a :class:`ProseView`: the prose of the file (Markdown and HTML markup,
code, URLs of links, front matter and comments left out; block boundaries turned into
blank lines) with, for each of its characters, the offset it came from in the file.
Findings are mapped back through it, and a fix is applicable only where the prose span
is one contiguous run of the file, so ``fix --write`` never touches markup.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import PurePath

from fixtext.formats.html import html_prose
from fixtext.formats.markdown import markdown_prose
from fixtext.formats.suppress import (
    Suppression,
    comment_ranges,
    comment_suppressions,
    ignore_markers,
    ignored_lines,
    merge,
)
from fixtext.formats.view import ProseView, ViewBuilder

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "ProseView",
    "Suppression",
    "detect_format",
    "prose_view",
    "suppressed_ranges",
    "suppressions",
]

FORMATS = ("text", "markdown", "html")
EXTENSIONS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}


def detect_format(path: str, override: str | None = None) -> str:
    """The format to read ``path`` as: ``override`` if given, else by extension."""
    if override is not None:
        _check(override)
        return override
    if path == "-":
        return "text"
    return EXTENSIONS.get(PurePath(path).suffix.lower(), "text")


def prose_view(text: str, fmt: str) -> ProseView:
    """The prose of ``text`` read as ``fmt`` (one of :data:`FORMATS`)."""
    return _read(text, fmt)[0]


def suppressed_ranges(text: str, fmt: str) -> list[tuple[int, int]]:
    """Ranges of the file where every rule is suppressed by bare inline markers.

    Every format: a line holding ``fixtext: ignore``. Markdown and HTML also:
    ``<!-- fixtext-disable -->`` up to ``<!-- fixtext-enable -->`` (or the end of the
    file) and ``<!-- fixtext-disable-next-line -->`` (the next non-blank line). Sorted,
    non-overlapping, in offsets of ``text``; line ranges leave out the line break. Markers
    naming codes are left out: :func:`suppressions` has them.
    """
    ranges = ignored_lines(text)
    if fmt != "text":
        ranges += comment_ranges(text, list(_read(text, fmt)[1]))
    return merge(ranges)


def suppressions(text: str, fmt: str) -> list[Suppression]:
    """Every inline suppression of the file, per rule: :func:`suppressed_ranges`' markers
    and those naming codes (``fixtext: ignore[FT003]``, ``<!-- fixtext-disable FT003 -->``,
    ``<!-- fixtext-disable-next-line FT003,FT014 -->``); see :mod:`fixtext.formats.suppress`.
    Sorted; a suppression's ``rules`` is None when it switches every rule off."""
    found = ignore_markers(text)
    if fmt != "text":
        found += comment_suppressions(text, list(_read(text, fmt)[1]))
    return sorted(found)


def _check(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")


def _html_file(builder: ViewBuilder) -> list[tuple[int, int]]:
    return html_prose(builder, 0, len(builder.source))


@lru_cache(maxsize=4)
def _read(text: str, fmt: str) -> tuple[ProseView, tuple[tuple[int, int], ...]]:
    """The prose view of ``text`` and the spans of its HTML comments."""
    _check(fmt)
    if fmt == "text":
        return ProseView.identity(text), ()
    builder = ViewBuilder(text)
    read = markdown_prose if fmt == "markdown" else _html_file
    comments = read(builder)
    return builder.build(), tuple(comments)
