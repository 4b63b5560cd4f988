"""Long tokens, long sentences and long documents cost linear time: the sentence splitter
and every rule finish on inputs that used to take minutes (each a few hundred
kilobytes), and a sentence too long for the rules is reported, not checked."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable

import pytest

from fixtext.detect.rules import RULES, RuleDetector
from fixtext.detect.rules.base import TOO_LONG
from fixtext.document import (
    MAX_SENTENCE_CHARS,
    PIECE_CHARS,
    Document,
    Sentence,
    sentence_at,
    split_sentences,
)
from fixtext.lexicon.bigrams import BigramModel
from fixtext.lexicon.trigrams import TrigramModel

#: Seconds an input of this file may take; each took minutes before it was made linear.
LIMIT_S = 20.0

#: One sentence each, checked by every rule directly (the detector would skip them as too
#: long), against the pattern that rescanned it or the loop that re-read it.
ADVERSARIAL = {
    "long token (FT008)": "x" * 200_000,
    "hyphen run (FT001)": "x-" * 100_000,
    "space run (FT007)": "a" + " " * 200_000 + "b",
    "capitalised words (FT006)": "they kept Working " * 15_000,
    "repeated phrases (FT004)": "in the in the, " * 15_000,
    "self-coordination (FT005)": "grows wheat and wheat, " * 30_000,
    "debris (FT007)": "word ,, " * 30_000,
}


def finishes(work: Callable[[], object], seconds: float = LIMIT_S) -> bool:
    """True when ``work()`` returns within ``seconds``; run in a child process, killed
    once the time is up (a regular expression cannot be interrupted)."""
    process = multiprocessing.get_context("fork").Process(target=work)
    process.start()
    process.join(seconds)
    if process.is_alive():
        process.kill()
        process.join()
        return False
    return process.exitcode == 0


def run_every_rule(text: str) -> None:
    sentence = Sentence(0, len(text), text, 0)
    for rule in RULES:
        list(rule.check(sentence, None))


@pytest.fixture(scope="module", autouse=True)
def models_loaded() -> None:
    """Load the corpus models before forking, so children share them."""
    BigramModel.shipped()
    TrigramModel.shipped()


@pytest.mark.parametrize("text", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_every_rule_is_linear_in_the_sentence(text: str) -> None:
    assert finishes(lambda: run_every_rule(text))


@pytest.mark.parametrize(
    "text",
    [
        "!" * 200_000 + "x",  # a run of stops not followed by white space
        "Mr. Lind and " * 20_000,  # a sentence that abbreviations keep going
        "J. " * 60_000 + "Rowling.",
    ],
)
def test_the_splitter_is_linear(text: str) -> None:
    assert finishes(lambda: Document(text).sentences)


def test_the_rules_finish_on_a_two_megabyte_token() -> None:
    assert finishes(lambda: RuleDetector(RULES).detect(Document("x" * 2_000_000)))


def test_an_overlong_sentence_is_cut_into_pieces_with_exact_offsets() -> None:
    long = "Words " + " ".join(["word"] * 3000) + " " + "y" * 9000 + " end."
    text = f"He spoke first.  {long} She left."
    doc = Document(text)
    sentences = doc.sentences
    pieces = [s for s in sentences if s.whole is not None]
    assert sentences[0].text == "He spoke first." and sentences[0].whole is None
    assert sentences[-1].text == "She left." and sentences[-1].whole is None
    start = text.index("Words")
    assert {s.whole for s in pieces} == {(start, start + len(long))}
    assert all(len(s.text) <= PIECE_CHARS for s in pieces)
    assert all(text[s.start : s.end] == s.text == s.text.strip() for s in pieces)
    assert " ".join(s.text for s in pieces).replace("y y", "yy").count("y") == 9000
    assert text[pieces[0].start : pieces[-1].end] == long
    assert split_sentences(text) == [(s.start, s.end) for s in sentences]
    for s in sentences:
        assert sentence_at(sentences, s.start) == s
        assert sentence_at(sentences, s.end - 1) == s
    assert sentence_at(sentences, len("He spoke first. ")) is None  # the white space between


def test_a_sentence_under_the_limit_is_one_sentence() -> None:
    text = ("word " * (MAX_SENTENCE_CHARS // 5))[: MAX_SENTENCE_CHARS - 1] + "."
    assert [s.text for s in Document(text).sentences] == [text]
    assert Document(text).sentences[0].whole is None


def test_the_rules_report_a_sentence_too_long_to_check_once_and_check_the_others() -> None:
    long = " ".join(["He voted to to leave"] * 2000)
    text = f"They voted to to stay. {long}. Then he left."
    found = RuleDetector(RULES).detect(Document(text))
    [notice] = [f for f in found if f.rule == TOO_LONG.code]
    assert notice.message == (
        f"sentence of 10,000 words ({len(long) + 1:,} characters) is too long to check; "
        f"skipped by the rules (limit {MAX_SENTENCE_CHARS:,} characters)"
    )
    assert (notice.start, notice.end) == (text.index("He"), text.index("He") + 2)
    assert notice.fix is None and notice.rule == "FT099"
    repeats = [f for f in found if f.rule == "FT003"]
    assert [text[f.start : f.end] for f in repeats] == [" to"]  # only in the first sentence
    assert repeats[0].start < text.index("He")


def test_line_column_counts_lines_and_columns() -> None:
    text = "one\r\ntwo\n\nthree"
    doc = Document(text)
    for offset in range(len(text) + 1):
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        assert doc.line_column(offset) == (line, column)
