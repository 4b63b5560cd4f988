"""Plain text operations every stage shares: tokens, words around an offset, edit
distance and the minimal edit between two versions of a sentence."""

from __future__ import annotations

import re

#: A token of :func:`tokenize`: a number, a word, or one other non-space character.
TOKEN = re.compile(r"\d+(?:[.,:]\d+)*|\w+(?:['’-]\w+)*|[^\w\s]")
#: A word of :func:`minimal_edit` with its trailing white space, or leading white space.
_WORDS = re.compile(r"^\s+|\S+\s*")


def tokenize(text: str) -> list[str]:
    """Split ``text`` into words, numbers and single punctuation marks.

    A word keeps inner apostrophes and hyphens (``don't``, ``military-led``); a number
    keeps inner ``.``, ``,`` and ``:`` (``2.5``, ``1,000``, ``11:00``); every other
    non-space character is a token of its own (``U.S.`` is ``U . S .``).
    """
    return TOKEN.findall(text)


def word_edit_distance(a: str, b: str) -> int:
    """Levenshtein distance between the token sequences of ``a`` and ``b``.

    Insertion, deletion and substitution of one token each cost 1. (The distance
    :func:`fixtext.evaluate.metrics.damaged_spans` aligns by, computed row by row.)
    """
    x, y = tokenize(a), tokenize(b)
    row = list(range(len(y) + 1))
    for i, tok in enumerate(x, 1):
        prev, row = row, [i]
        for j, other in enumerate(y, 1):
            row.append(min(prev[j - 1] + (tok != other), prev[j] + 1, row[j - 1] + 1))
    return row[-1]


def word_before(text: str, position: int) -> str:
    """The last white-space-separated word of ``text[:position]``, "" when there is none
    (``text[:position].split()[-1]``, reading only that word and the space after it)."""
    end = position
    while end > 0 and text[end - 1].isspace():
        end -= 1
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def word_after(text: str, position: int) -> str:
    """The first white-space-separated word of ``text[position:]``, "" when there is none
    (``text[position:].split()[0]``, reading only the space before it and that word)."""
    start = position
    while start < len(text) and text[start].isspace():
        start += 1
    end = start
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]


def minimal_edit(before: str, after: str) -> tuple[int, int, str]:
    """The smallest word-aligned span of ``before`` to replace to obtain ``after``.

    Words are compared with their trailing white space (leading white space is a token of
    its own). Returns (start, end, replacement) with
    ``before[:start] + replacement + before[end:] == after``.
    """
    old, new = _WORDS.findall(before), _WORDS.findall(after)
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(old), len(new)) - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    start = sum(map(len, old[:prefix]))
    end = len(before) - sum(map(len, old[len(old) - suffix :]))
    rep_start = sum(map(len, new[:prefix]))
    rep_end = len(after) - sum(map(len, new[len(new) - suffix :]))
    replacement = after[rep_start:rep_end]
    while end > start and replacement and before[end - 1] == replacement[-1] == " ":
        end, replacement = end - 1, replacement[:-1]
    return start, end, replacement
