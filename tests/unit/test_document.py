"""Paragraph and sentence splitting keeps exact offsets and respects look-alikes."""

from __future__ import annotations

import pytest

from fixtext.document import Document, sentence_at, split_sentences


def sentences(text: str) -> list[str]:
    return [s.text for s in Document(text).sentences]


def test_offsets_index_the_text_exactly() -> None:
    text = "Title line\r\n\r\n  First one. Second one!\r\nThird?  \n\n\nLast."
    doc = Document(text)
    assert [s.text for s in doc.sentences] == [
        "Title line",
        "First one.",
        "Second one!",
        "Third?",
        "Last.",
    ]
    for s in doc.sentences:
        assert text[s.start : s.end] == s.text


@pytest.mark.parametrize(
    "text",
    [
        "Officials in the U.S. Senate voted on Tuesday.",
        "The market opened at 9 a.m. Traders were calm.",
        "A book by J. K. Rowling sold well.",
        "He lives at No. 10 Downing Street.",
        "Growth reached 3.5 per cent this year.",
        "Mr. Osei and Dr. Lind spoke first.",
    ],
)
def test_abbreviations_initials_and_decimals_do_not_split(text: str) -> None:
    assert len(sentences(text)) == 1


def test_lower_case_after_full_stop_stays_in_one_sentence() -> None:
    assert sentences("The vast plain. wide of the valley is dry.") == [
        "The vast plain. wide of the valley is dry."
    ]


def test_closing_quote_belongs_to_its_sentence() -> None:
    assert sentences("She said “we will stay.” Then she left.") == [
        "She said “we will stay.”",
        "Then she left.",
    ]


def test_hard_wrapped_lines_join_but_list_items_do_not() -> None:
    text = "The mayor said the new\nbridge would open soon.\n- first item\n- second item"
    assert sentences(text) == [
        "The mayor said the new\nbridge would open soon.",
        "- first item",
        "- second item",
    ]


def test_line_column_is_one_based() -> None:
    doc = Document("ab\ncd")
    assert doc.line_column(0) == (1, 1)
    assert doc.line_column(4) == (2, 2)


def test_empty_and_whitespace_only_texts_have_no_sentences() -> None:
    assert Document("").sentences == []
    assert Document(" \n\t\n").sentences == []
    assert split_sentences("") == []


def test_sentence_at_finds_the_sentence_holding_an_offset() -> None:
    doc = Document("One here. Two there.\n\nThree.")
    sentences = doc.sentences
    assert sentence_at(sentences, 0) == sentences[0]
    assert sentence_at(sentences, doc.text.index("there")) == sentences[1]
    assert sentence_at(sentences, doc.text.index("Three")) == sentences[2]
    assert sentence_at(sentences, doc.text.index("\n")) is None  # between paragraphs
