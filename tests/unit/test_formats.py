"""Input formats: prose views of Markdown and HTML, offset mapping, inline suppressions."""

from __future__ import annotations

import time

import pytest

from fixtext.document import Document
from fixtext.formats import (
    FORMATS,
    ProseView,
    detect_format,
    prose_view,
    suppressed_ranges,
)


def md(text: str) -> str:
    return prose_view(text, "markdown").text


def htm(text: str) -> str:
    return prose_view(text, "html").text


def span_of(view: ProseView, needle: str) -> tuple[int, int]:
    start = view.text.index(needle)
    return start, start + len(needle)


def mapped(text: str, fmt: str, needle: str) -> tuple[int, int, bool]:
    """Map the first occurrence of ``needle`` in the prose back to the file."""
    view = prose_view(text, fmt)
    return view.to_original(*span_of(view, needle))


def assert_faithful(text: str, view: ProseView) -> None:
    """Every contiguous span of the prose is exactly the file's text where it maps."""
    for start in range(len(view.text) + 1):
        for end in range(start + 1, len(view.text) + 1):
            s, e, contiguous = view.to_original(start, end)
            assert 0 <= s <= e <= len(text)
            if contiguous:
                assert text[s:e] == view.text[start:end]


# -- ProseView.to_original ---------------------------------------------------------------


def test_identity_maps_every_span_to_itself() -> None:
    text = "One line.\nAnother line."
    view = ProseView.identity(text)
    assert view.text == text
    assert view.runs == ((0, 0, len(text)),)
    assert view.to_original(4, 8) == (4, 8, True)
    assert view.to_original(0, len(text)) == (0, len(text), True)
    assert view.to_original(3, 3) == (3, 3, True)
    assert view.to_original(len(text), len(text)) == (len(text), len(text), True)


def test_identity_of_empty_text() -> None:
    view = ProseView.identity("")
    assert view.text == "" and view.runs == ()
    assert view.to_original(0, 0) == (0, 0, False)
    assert view.to_original(0, 5) == (0, 0, False)


def test_out_of_range_offsets_are_clamped() -> None:
    view = ProseView.identity("abcdef")
    assert view.to_original(-3, 99) == (0, 6, True)
    assert view.to_original(5, 2) == (5, 5, True)


def test_identity_is_fast_on_a_big_file() -> None:
    text = "The port strike ended on Friday. " * 160_000  # 5 MB
    started = time.perf_counter()
    view = ProseView.identity(text)
    spans = [view.to_original(i, i + 20) for i in range(0, len(text), 1000)]
    assert time.perf_counter() - started < 1.0
    assert len(view.runs) == 1
    assert all(c for _, _, c in spans)


def test_runs_mapping_synthetic_and_gaps() -> None:
    # "ab" from 0, "XY" synthetic, "cd" from 10, "ef" from 20
    view = ProseView("abXYcdef", ((0, 0, 2), (2, None, 2), (4, 10, 2), (6, 20, 2)))
    assert view.to_original(0, 2) == (0, 2, True)
    assert view.to_original(4, 6) == (10, 12, True)
    assert view.to_original(1, 5) == (1, 11, False)  # crosses the synthetic run
    assert view.to_original(5, 7) == (11, 21, False)  # crosses skipped markup
    assert view.to_original(2, 4) == (2, 2, False)  # only synthetic: a point after "b"
    assert view.to_original(2, 5) == (10, 11, False)  # starts on a synthetic character


def test_insertion_points() -> None:
    view = ProseView("abXYcdef", ((0, 0, 2), (2, None, 2), (4, 10, 2), (6, 20, 2)))
    assert view.to_original(1, 1) == (1, 1, True)
    assert view.to_original(2, 2) == (2, 2, True)  # just after "b"
    assert view.to_original(3, 3) == (10, 10, False)  # among synthetic characters
    assert view.to_original(4, 4) == (10, 10, True)  # at "c", after synthetic text
    assert view.to_original(6, 6) == (20, 20, False)  # on skipped markup between c..d / e
    assert view.to_original(8, 8) == (22, 22, True)  # at the end, after "f"


# -- detect_format -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("story.md", "markdown"),
        ("docs/Story.MD", "markdown"),
        ("a.markdown", "markdown"),
        ("a.mdown", "markdown"),
        ("page.html", "html"),
        ("page.HTM", "html"),
        ("page.xhtml", "html"),
        ("story.txt", "text"),
        ("README", "text"),
        ("archive.md.txt", "text"),
        ("-", "text"),
    ],
)
def test_detect_format_by_extension(path: str, expected: str) -> None:
    assert detect_format(path) == expected


def test_detect_format_override() -> None:
    assert detect_format("story.txt", "markdown") == "markdown"
    assert detect_format("-", "html") == "html"
    assert detect_format("page.html", "text") == "text"


def test_detect_format_rejects_unknown_override() -> None:
    with pytest.raises(ValueError, match=r"unknown format 'rst'.*text, markdown, html"):
        detect_format("a.rst", "rst")


def test_prose_view_rejects_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        prose_view("x", "latex")


def test_text_format_is_identity() -> None:
    text = "# not a heading\n**not bold** <b>not html</b>"
    view = prose_view(text, "text")
    assert view.text == text
    assert view.to_original(0, len(text)) == (0, len(text), True)
    assert FORMATS == ("text", "markdown", "html")


# -- Markdown: what is prose ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "prose"),
    [
        ("---\ntitle: Port strike\ntags: [a]\n---\nBody text.", "Body text."),
        ("+++\ntitle = 'x'\n+++\nBody text.", "Body text."),
        ("---\nnot closed front matter\n", "not closed front matter"),
        ("Before.\n\n```python\nx = 1  # the the\n```\n\nAfter.", "Before.\n\nAfter."),
        ("Before.\n\n~~~ {.js}\ncode\n~~~\n\nAfter.", "Before.\n\nAfter."),
        ("````\n```\ninner\n```\n````\nAfter.", "After."),
        ("Before.\n\n```\nnever closed\n\nstill code", "Before."),
        ("Before.\n\n    indented code\n    more code\n\nAfter.", "Before.\n\nAfter."),
        ("A paragraph\n    continued, not code.", "A paragraph\ncontinued, not code."),
        ("Before <!-- a comment --> after.", "Before  after."),
        ("<!-- block\ncomment -->\nAfter.", "After."),
        ("Press <b>bold</b> and <span class='x'>this</span>.", "Press bold and this."),
        ("Use <code>x = 1</code> now.", "Use  now."),
        ("Run `make test` then ``a ` b`` twice.", "Run  then  twice."),
        ("A `lonely backtick.", "A `lonely backtick."),
        ("See [the report](https://x.org/r.pdf 'Title') now.", "See the report now."),
        ('See [it](<a b> "t") and [a [b] c](u(v)).', "See it and a [b] c."),
        (
            "A [ref link][id] and [id][] and [id].\n\n[id]: https://x.org",
            "A ref link and id and id.",
        ),
        ("[id]: https://x.org\n  'Title'\nText.", "Text."),
        ("A [bracketed aside] stays.", "A [bracketed aside] stays."),
        ("An image ![alt text](pic.png) here.", "An image  here."),
        ("Links <https://x.org/a> and <me@x.org> go.", "Links  and  go."),
        (
            "Some *em*, _em_, **strong**, __strong__, ~~gone~~.",
            "Some em, em, strong, strong, gone.",
        ),
        ("***both*** and *a **b** c*", "both and a b c"),
        ("snake_case_name and 2 * 3 * 4 stay.", "snake_case_name and 2 * 3 * 4 stay."),
        ("An **unclosed marker stays.", "An **unclosed marker stays."),
        ("Escaped \\*stars\\* and \\# and a\\b.", "Escaped *stars* and # and a\\b."),
        ("A hard\\\nbreak.", "A hard\nbreak."),
        ("# Heading one\n## Heading two ##\nText.", "Heading one\n\nHeading two\n\nText."),
        ("#hashtag is text.", "#hashtag is text."),
        ("Title\n=====\n\nSub\n---\nText.", "Title\n\nSub\n\nText."),
        ("Above.\n\n* * *\n\nBelow.", "Above.\n\nBelow."),
        ("- one\n* two\n+ three", "one\n\ntwo\n\nthree"),
        ("1. one\n2) two\n10. ten", "one\n\ntwo\n\nten"),
        ("- [ ] open task\n- [x] done task", "open task\n\ndone task"),
        ("- item\n  continued line", "item\ncontinued line"),
        ("- a\n    - nested\n\n  more of a", "a\n\nnested\n\nmore of a"),
        ("The year was\n2019. Then it ended.", "The year was\n2019. Then it ended."),
        ("> quoted line\n> more quote", "quoted line\nmore quote"),
        ("> # Quoted heading\n> - item\n>\n> > nested", "Quoted heading\n\nitem\n\nnested"),
        ("Text.\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n\nAfter.", "Text.\n\nAfter."),
        ("Head | Two\n--- | ---\ncell | cell\n\nAfter.", "After."),
        ("Footnote[^1] here.\n\n[^1]: The note.", "Footnote here.\n\nThe note."),
        ("AT&amp;T &copy; &#8217; &#x41; &nope;", "AT&T © ’ A &nope;"),
        (
            "<div>\nHtml <b>block</b> text\n</div>\n\nAfter *md*.",
            "\nHtml block text\n\n\nAfter md.",
        ),
        ("<script>\nvar x = 1;\n</script>\nAfter.", "After."),
        ("Line one\r\nline two\r\n\r\n# Head\r\n", "Line one\r\nline two\n\nHead"),
    ],
)
def test_markdown_prose(source: str, prose: str) -> None:
    view = prose_view(source, "markdown")
    assert view.text == prose
    assert_faithful(source, view)


def test_markdown_front_matter_code_and_link_targets_are_absent() -> None:
    source = (
        "---\nauthor: Desk\n---\n"
        "# The strike\n\n"
        "Dockers [walked out](https://news.example/strike) on `Monday`.\n\n"
        "```\nsecret_code()\n```\n"
    )
    prose = md(source)
    for absent in ("author", "Desk", "https", "news.example", "Monday", "secret_code", "#", "`"):
        assert absent not in prose
    assert "Dockers walked out on ." in prose


def test_markdown_blocks_are_separate_paragraphs() -> None:
    source = "# Port strike ends\n- Dockers return\n- Ships wait\n> A quote\n\nPlain text here."
    view = prose_view(source, "markdown")
    document = Document(view.text)
    assert [s.text for s in document.sentences] == [
        "Port strike ends",
        "Dockers return",
        "Ships wait",
        "A quote",
        "Plain text here.",
    ]
    assert len(document.paragraphs) == 5
    for sentence in document.sentences:
        start, end, contiguous = view.to_original(sentence.start, sentence.end)
        assert contiguous and source[start:end] == sentence.text


def test_markdown_lazy_continuation_stays_in_the_quote() -> None:
    assert md("> A quote\nthat goes on.") == "A quote\nthat goes on."


def test_markdown_soft_break_is_the_original_newline() -> None:
    source = "The vast plain.\nwide of the valley."
    view = prose_view(source, "markdown")
    assert view.text == source
    assert view.to_original(0, len(source)) == (0, len(source), True)


def test_markdown_span_across_emphasis_is_not_contiguous() -> None:
    source = "The **port** strike ended."
    view = prose_view(source, "markdown")
    assert view.text == "The port strike ended."
    start, end, contiguous = mapped(source, "markdown", "port strike")
    assert (start, end, contiguous) == (6, 19, False)
    assert source[start:end] == "port** strike"
    assert mapped(source, "markdown", "port") == (6, 10, True)
    assert mapped(source, "markdown", " strike ended.") == (12, 26, True)


def test_markdown_span_across_link_boundary_is_not_contiguous() -> None:
    source = "Read [the report](http://x.org) today."
    view = prose_view(source, "markdown")
    assert view.text == "Read the report today."
    assert mapped(source, "markdown", "the report") == (6, 16, True)
    start, end, contiguous = mapped(source, "markdown", "report today")
    assert not contiguous
    assert source[start:end] == "report](http://x.org) today"


def test_markdown_span_across_block_break_is_not_contiguous() -> None:
    source = "# Title\nBody."
    view = prose_view(source, "markdown")
    assert view.text == "Title\n\nBody."
    start, end, contiguous = view.to_original(0, len(view.text))
    assert (start, end, contiguous) == (2, 13, False)


def test_markdown_entity_is_synthetic() -> None:
    source = "Shares in AT&amp;T rose."
    view = prose_view(source, "markdown")
    assert view.text == "Shares in AT&T rose."
    assert mapped(source, "markdown", "AT&T")[2] is False
    assert mapped(source, "markdown", "AT") == (10, 12, True)
    assert mapped(source, "markdown", "T rose.") == (17, 24, True)


def test_markdown_escape_skips_the_backslash() -> None:
    source = "Costs rose 5\\% today."
    view = prose_view(source, "markdown")
    assert view.text == "Costs rose 5% today."
    assert mapped(source, "markdown", "% today.") == (13, 21, True)
    assert mapped(source, "markdown", "5%")[2] is False


def test_markdown_html_block_keeps_exact_offsets() -> None:
    source = "Intro.\n\n<p>An <em>html</em> para &amp; more.</p>\n\nOutro."
    view = prose_view(source, "markdown")
    assert view.text == "Intro.\n\nAn html para & more.\n\nOutro."
    assert mapped(source, "markdown", "html") == (
        source.index("html"),
        source.index("html") + 4,
        True,
    )
    assert_faithful(source, view)


def test_markdown_fix_on_contiguous_span_changes_prose_only() -> None:
    source = "# Heading\n\nThe the **port** reopened. See [it](http://x).\n"
    view = prose_view(source, "markdown")
    start, end, contiguous = mapped(source, "markdown", "The the")
    assert contiguous
    fixed = source[:start] + "The" + source[end:]
    assert fixed == "# Heading\n\nThe **port** reopened. See [it](http://x).\n"
    assert view.text.startswith("Heading\n\n")


# -- HTML ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "prose"),
    [
        ("<p>Hello <em>world</em>, <a href='u'>link</a>.</p>", "Hello world, link."),
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("<h1>Title</h1><ul><li>a</li><li>b</li></ul>", "Title\n\na\n\nb"),
        ("Line<br>next<br/>last", "Line\n\nnext\n\nlast"),
        ("<p>A <span>b</span> <strong>c</strong> <abbr>d</abbr> <q>e</q></p>", "A b c d e"),
        ("<p>x</p><script>var a = '<p>no</p>';</script><style>p{}</style>", "x"),
        ("<p>Run <code>make</code> now.</p><pre>code\nblock</pre>", "Run  now."),
        ("<textarea>typed</textarea><p>Kept</p>", "Kept"),
        ("<p>Before<!-- hidden -->after</p>", "Beforeafter"),
        ("<p>Text <!-- never closed", "Text "),
        (
            "<html><head><title>Page title</title><meta charset='utf-8'>"
            "<style>b{}</style></head><body><p>Body</p></body></html>",
            "Page title\n\nBody",
        ),
        ("<head><script>x</script></head><body>Body</body>", "Body"),
        ("<p>AT&amp;T &copy; &#8217; &#x41; &bogus; &</p>", "AT&T © ’ A &bogus; &"),
        ("<img alt='Alt text' src='a.png'><p title='tip'>Text</p>", "Text"),
        ("<!DOCTYPE html><p>Doc</p><?php echo 1 ?>", "Doc"),
        ("<table><tr><td>a</td><td>b</td></tr></table>", "a\n\nb"),
        ("<![ bogus <p>After</p>", "After"),
        ("A<![ bogus >\n<p>After</p> more", "A\n\n\nAfter\n\n more"),
    ],
)
def test_html_prose(source: str, prose: str) -> None:
    view = prose_view(source, "html")
    assert view.text.strip() == prose.strip()
    assert_faithful(source, view)


def test_html_entities_decode_but_are_not_contiguous() -> None:
    source = "<p>The firm&#8217;s profit &amp; loss.</p>"
    view = prose_view(source, "html")
    assert view.text == "The firm’s profit & loss."
    assert mapped(source, "html", "firm’s")[2] is False
    assert mapped(source, "html", "& loss")[2] is False
    start, end, contiguous = mapped(source, "html", "profit ")
    assert contiguous and source[start:end] == "profit "
    start, end, contiguous = mapped(source, "html", "’")
    assert start == end and not contiguous  # a lone synthetic character maps to a point


def test_html_span_across_inline_tag_is_not_contiguous() -> None:
    source = "<p>The <b>port</b> strike.</p>"
    view = prose_view(source, "html")
    assert view.text == "The port strike."
    assert mapped(source, "html", "port")[2] is True
    start, end, contiguous = mapped(source, "html", "port strike")
    assert not contiguous and source[start:end] == "port</b> strike"


def test_html_blocks_are_separate_paragraphs() -> None:
    source = "<h1>Strike ends</h1><p>Ships wait. Dockers return.</p><li>A point</li>"
    document = Document(htm(source))
    assert [s.text for s in document.sentences] == [
        "Strike ends",
        "Ships wait.",
        "Dockers return.",
        "A point",
    ]


def test_html_multiline_offsets() -> None:
    source = "<html>\n<body>\n  <p>First line\n  second line.</p>\n\n<p>Next\tone.</p>\n</body>"
    view = prose_view(source, "html")
    assert "First line\n  second line." in view.text
    start, end, contiguous = mapped(source, "html", "second line.")
    assert contiguous and source[start:end] == "second line."
    assert_faithful(source, view)


# -- suppressions -------------------------------------------------------------------------------


def test_disable_enable_range() -> None:
    source = "Good.\n<!-- fixtext-disable -->\nBad bad.\n<!-- fixtext-enable -->\nGood."
    ranges = suppressed_ranges(source, "markdown")
    start = source.index("<!-- fixtext-disable")
    end = source.index("<!-- fixtext-enable -->") + len("<!-- fixtext-enable -->")
    assert ranges == [(start, end)]
    assert "Bad bad." in source[start:end]


def test_disable_without_enable_runs_to_end_of_file() -> None:
    source = "Good.\n\n<!--fixtext-disable-->\n\nBad.\n\nMore."
    assert suppressed_ranges(source, "markdown") == [(source.index("<!--"), len(source))]


def test_disable_next_line_skips_blank_lines() -> None:
    source = "Good.\n<!-- fixtext-disable-next-line -->\n\n  Bad bad line.\nGood again."
    start = source.index("  Bad")
    assert suppressed_ranges(source, "markdown") == [(start, start + len("  Bad bad line."))]


def test_disable_next_line_at_end_of_file_suppresses_nothing() -> None:
    assert suppressed_ranges("Text.\n<!-- fixtext-disable-next-line -->\n\n", "markdown") == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_ignore_marker_suppresses_its_line(fmt: str) -> None:
    source = "Good line.\nBad bad line.  fixtext: ignore\n"
    source += "Good again.\r\nBad <!-- fixtext: ignore -->\r\n"
    ranges = suppressed_ranges(source, fmt)
    second = source.index("Bad bad")
    fourth = source.index("Bad <!--")
    assert ranges == [
        (second, source.index("\nGood again")),
        (fourth, source.index("\r\n", fourth)),
    ]


def test_html_comment_directives() -> None:
    source = (
        "<p>Good.</p>\n<!-- fixtext-disable-next-line -->\n<p>Skip me.</p>\n"
        "<!-- fixtext-disable --><p>Off.</p><!-- fixtext-enable --><p>On.</p>"
    )
    ranges = suppressed_ranges(source, "html")
    skip = source.index("<p>Skip")
    off = source.index("<!-- fixtext-disable -->")
    on = source.index("<!-- fixtext-enable -->") + len("<!-- fixtext-enable -->")
    assert ranges == [(skip, skip + len("<p>Skip me.</p>")), (off, on)]


def test_directives_in_plain_text_are_ignored() -> None:
    assert suppressed_ranges("Text <!-- fixtext-disable --> more.", "text") == []


def test_directives_shown_as_code_do_not_suppress() -> None:
    source = (
        "Use `<!-- fixtext-disable -->` to switch off.\n\n"
        "```html\n<!-- fixtext-disable -->\n```\n\n"
        "    <!-- fixtext-disable -->\n\nText.\n"
    )
    assert suppressed_ranges(source, "markdown") == []


def test_html_directives_inside_script_do_not_suppress() -> None:
    source = "<script>var s = '<!-- fixtext-disable -->';</script><p>Text.</p>"
    assert suppressed_ranges(source, "html") == []


def test_overlapping_ranges_are_merged() -> None:
    source = "<!-- fixtext-disable -->\nA fixtext: ignore\nB\n<!-- fixtext-enable -->\nC"
    assert suppressed_ranges(source, "markdown") == [(0, source.index("\nC"))]


def test_unknown_comments_are_not_directives() -> None:
    source = "<!-- fixtext-disabled -->\nText.\n<!-- note: fixtext-disable -->\n"
    assert suppressed_ranges(source, "markdown") == []
