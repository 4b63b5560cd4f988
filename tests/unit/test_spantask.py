"""The span-repair task: marking windows, building examples, applying outputs."""

from __future__ import annotations

import random

import pytest

from fixtext.model.spantask import (
    CLOSE,
    CONTEXT_WORDS,
    KEEP,
    OPEN,
    Example,
    examples,
    mark,
    output_text,
    replace_span,
    word_spans,
)
from fixtext.training.noise import Noiser

WORDS = "The council voted on Friday to close the bridge.".split()


def parts(source: str) -> tuple[str, str, str]:
    """(span, left context, right context) of a model input."""
    span, window = source.split(CLOSE)
    left, right = window.split(OPEN)
    return span, left, right


def unmark(example: Example) -> str:
    """The sentence window with the span replaced by the example's output."""
    _, left, right = parts(example.source)
    return " ".join((left + example.target + right).split())


def test_mark_puts_the_span_first_and_its_place_in_the_window() -> None:
    assert mark(WORDS, 2, 4) == " voted on</m>The council<m> Friday to close the bridge."
    assert mark(WORDS, 0, 1) == " The</m><m> council voted on Friday to close the bridge."
    assert mark(WORDS, 8, 9) == " bridge.</m>The council voted on Friday to close the<m>"


def test_mark_an_empty_gap() -> None:
    assert mark(WORDS, 3, 3) == "</m>The council voted<m> on Friday to close the bridge."


def test_mark_keeps_a_window_of_context() -> None:
    words = [f"w{i}" for i in range(60)]
    span, left, right = parts(mark(words, 30, 31))
    assert span == " w30"
    assert left.split() == words[30 - CONTEXT_WORDS : 30]
    assert right.split() == words[31 : 31 + CONTEXT_WORDS]


def test_output_text_matches_the_span_tokenisation() -> None:
    assert output_text(["amid", "tense"]) == " amid tense"
    assert output_text([]) == ""


def test_identity_pair_gives_one_keep_example() -> None:
    sentence = " ".join(WORDS)
    [example] = examples(sentence, sentence, random.Random(0))
    assert example.target == KEEP
    span, left, right = parts(example.source)
    assert span.split() and " ".join((left + span + right).split()) == sentence


@pytest.mark.parametrize(
    ("garbled", "clean"),
    [
        ("The council voted to to close the bridge.", "The council voted to close the bridge."),
        ("The council voted close the bridge.", "The council voted to close the bridge."),
        ("The council vote to close the bridge.", "The council voted to close the bridge."),
        ("council voted to close the bridge.", "The council voted to close the bridge."),
        ("The council voted to close the bridge", "The council voted to close the bridge."),
    ],
)
def test_a_single_edit_repair_example_restores_the_clean_sentence(garbled: str, clean: str) -> None:
    for seed in range(20):  # every choice of context growth
        repairs = examples(garbled, clean, random.Random(seed), keep_rate=0.0)
        assert len(repairs) == 1
        assert unmark(repairs[0]) == clean


def test_examples_from_noised_text_are_well_formed() -> None:
    rng = random.Random(3)
    noiser = Noiser(5)
    sentence = "Officials said the storm damaged dozens of homes in the northern district."
    for _ in range(200):
        for example in examples(noiser.garble(sentence), sentence, rng):
            assert example.source.count(OPEN) == 1 and example.source.count(CLOSE) == 1
            assert example.source.index(CLOSE) < example.source.index(OPEN)
            assert example.target in (KEEP, "") or example.target.startswith(" ")


def test_word_spans_and_replace_span_keep_every_other_character() -> None:
    text = "Prices  rose\tagain ."
    assert word_spans(text) == [(0, 6), (8, 12), (13, 18), (19, 20)]
    assert replace_span(text, 8, 12, " fell ") == "Prices  fell\tagain ."
    assert replace_span(text, 13, 18, "") == "Prices  rose ."
    assert replace_span(text, 0, 6, "") == "rose\tagain ."
    assert replace_span("Prices rose.", 7, 7, " sharply") == "Prices sharply rose."
    assert replace_span("Prices rose", 11, 11, " sharply") == "Prices rose sharply"
    assert replace_span("Prices rose", 11, 11, ".") == "Prices rose."
