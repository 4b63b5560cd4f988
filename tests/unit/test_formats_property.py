"""Property tests: every contiguous mapped span is exactly the file's text there."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fixtext.formats import ProseView, prose_view

PIECES = [
    "word",
    "Other",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    ". ",
    "*",
    "**",
    "_",
    "__",
    "~~",
    "`",
    "``",
    "```",
    "~~~",
    "#",
    "# ",
    "> ",
    "- ",
    "1. ",
    "2) ",
    "+ ",
    "[",
    "]",
    "(",
    ")",
    "![",
    "](",
    "[^1]",
    "[id]: http://x.org\n",
    "<",
    ">",
    "<b>",
    "</b>",
    "<div>",
    "</div>",
    "<code>",
    "</code>",
    "<!--",
    "-->",
    "<http://a.b/c>",
    "&amp;",
    "&#8217;",
    "&x;",
    "\\",
    "\\*",
    "|",
    "|---|",
    "---",
    "+++",
    "===",
    "    ",
    '"',
    "é",
    "<script>",
    "</script>",
    "<p>",
    "<head>",
    "<title>",
    "&",
]

documents = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def assert_faithful(text: str, view: ProseView) -> None:
    """Contiguous spans are the file's text; mapped offsets are in range and ordered."""
    size = len(view.text)
    for start in range(size + 1):
        for end in range(start, min(size, start + 12) + 1):
            s, e, contiguous = view.to_original(start, end)
            assert 0 <= s <= e <= len(text)
            if contiguous and end > start:
                assert text[s:e] == view.text[start:end]
    assert view.to_original(-5, size + 5)[:2] == view.to_original(0, size)[:2]


@settings(max_examples=300, deadline=None)
@given(documents)
def test_markdown_contiguous_spans_match_the_file(text: str) -> None:
    assert_faithful(text, prose_view(text, "markdown"))


@settings(max_examples=300, deadline=None)
@given(documents)
def test_html_contiguous_spans_match_the_file(text: str) -> None:
    assert_faithful(text, prose_view(text, "html"))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_any_text_in_any_format_never_raises(text: str) -> None:
    for fmt in ("text", "markdown", "html"):
        assert_faithful(text, prose_view(text, fmt))


@settings(max_examples=200, deadline=None)
@given(documents)
def test_every_mapped_character_is_its_origin(text: str) -> None:
    view = prose_view(text, "markdown")
    for index, char in enumerate(view.text):
        s, e, contiguous = view.to_original(index, index + 1)
        if contiguous:
            assert (e - s, text[s]) == (1, char)
