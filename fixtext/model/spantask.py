"""The span-repair task the shipped model is trained on: rewrite one marked span in context.

The model does not rewrite whole sentences. It reads one span of words, then the sentence
window around it with ``<m>`` where the span sits, and writes the span's repair:

    input:   " while</m>The bridge was closed<m> the storm last night."
    output:  " during"

The span comes first so that copying it is copying by position (output token *t* from
input token *t*), the alignment an encoder-decoder with absolute positions learns first;
the context after ``</m>`` says what the span should fit. Short outputs make training
cheap and decoding fast, and a detector finds the spans, so the model only has to learn
the repair. *Keep* examples (a span of good words, whose output is the single token
``<keep>``) teach it to leave good text alone, and the probability of ``<keep>`` is the
detector signal: a word the model would not keep is suspect.

Words are the white-space split of a sentence, punctuation attached, as in
:mod:`fixtext.training.noise`. A span and its output both start with a space, so they
tokenise alike.
"""

from __future__ import annotations

import difflib
import random
import re
from dataclasses import dataclass

OPEN, CLOSE, KEEP = "<m>", "</m>", "<keep>"
CONTEXT_WORDS = 8  # words of context kept on each side of the span
Opcode = tuple[str, int, int, int, int]  # difflib: tag, garbled i1:i2, clean j1:j2


@dataclass(frozen=True)
class Example:
    """One training example: the marked window and the span's repair."""

    source: str
    target: str


def mark(words: list[str], start: int, end: int, context: int = CONTEXT_WORDS) -> str:
    """The model input for ``words[start:end]``: the span, ``</m>``, then the window of
    ``context`` words on each side with ``<m>`` in the span's place.

    ``start == end`` is the gap before ``words[start]`` (something may be missing).
    """
    left = " ".join(words[max(0, start - context) : start])
    right = " ".join(words[end : end + context])
    return output_text(words[start:end]) + CLOSE + left + OPEN + (" " + right if right else "")


def output_text(span_words: list[str]) -> str:
    """The text of a span as input or decoder target: a leading space, or empty."""
    return " " + " ".join(span_words) if span_words else ""


def examples(garbled: str, clean: str, rng: random.Random, keep_rate: float = 0.2) -> list[Example]:
    """Training examples from one (garbled, clean) sentence pair.

    An identity pair, or ``keep_rate`` of damaged ones, gives a *keep* example: a random
    span of 1–3 good words whose output is ``<keep>``. A damaged pair gives a *repair* example:
    one edit region (word diff of garbled vs clean), grown by 0–1 words of context on each
    side the way detector spans are (always grown when the damage is a deleted word, so the
    span is not empty), whose output is the clean words of that region.
    """
    g, c = garbled.split(" "), clean.split(" ")
    blocks = difflib.SequenceMatcher(None, g, c, autojunk=False).get_opcodes()
    edits = [b for b in blocks if b[0] != "equal"]
    out: list[Example] = []
    if not edits or rng.random() < keep_rate:
        out.append(_keep(g, blocks, rng))
    if edits:
        out.append(_repair(g, c, blocks, edits, rng))
    return out


def _keep(g: list[str], blocks: list[Opcode], rng: random.Random) -> Example:
    """A span of good words (inside an equal block) whose output is ``<keep>``."""
    equal = [b for b in blocks if b[0] == "equal"] or [("equal", 0, len(g), 0, len(g))]
    _, i1, i2, _, _ = rng.choice(equal)
    length = min(i2 - i1, rng.choice((1, 1, 1, 2, 2, 3)))
    start = rng.randrange(i1, i2 - length + 1)
    return Example(mark(g, start, start + length), KEEP)


def _repair(
    g: list[str],
    c: list[str],
    blocks: list[Opcode],
    edits: list[Opcode],
    rng: random.Random,
) -> Example:
    """One edit region, grown by context words, and its clean words."""
    _, i1, i2, j1, j2 = rng.choice(edits)
    grow_left = rng.random() < 0.35 or (i1 == i2 and rng.random() < 0.5)
    grow_right = rng.random() < 0.35 or (i1 == i2 and not grow_left)
    # Context words sit in equal blocks, so a word taken on either side is the same word
    # in garbled and clean; stop at the sentence edge or at a neighbouring edit.
    if grow_left and i1 > 0 and j1 > 0 and g[i1 - 1] == c[j1 - 1]:
        i1, j1 = i1 - 1, j1 - 1
    if grow_right and i2 < len(g) and j2 < len(c) and g[i2] == c[j2]:
        i2, j2 = i2 + 1, j2 + 1
    return Example(mark(g, i1, i2), output_text(c[j1:j2]))


def word_spans(text: str) -> list[tuple[int, int]]:
    """Character offsets of the white-space separated words of ``text``."""
    return [m.span() for m in re.finditer(r"\S+", text)]


def replace_span(text: str, start: int, end: int, output: str) -> str:
    """``text`` with characters ``start:end`` replaced by a decoded span output.

    An empty output deletes the span and the white space before it (or after it, at the
    start of the text); an output put into an empty gap gets a space on each side where a
    word touches it. Every other character is kept as it was.
    """
    replacement = output.strip()
    left, right = text[:start], text[end:]
    if not replacement:
        return left.rstrip() + right if left.rstrip() else right.lstrip()
    if start == end:
        if left and not left[-1].isspace() and replacement[0] not in ".,;:!?":
            replacement = " " + replacement
        if right and not right[0].isspace():
            replacement += " "
    return left + replacement + right
