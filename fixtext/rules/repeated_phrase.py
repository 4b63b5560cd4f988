"""FT004 repeated-phrase: a phrase or name said twice in a row.

Within a sentence: "in the in the" (2 to 6 words repeated with only a space between).
Across a spurious boundary: the sentence starts with the exact (case-sensitive)
capitalised tail of the previous sentence and is nothing but that copy, or the copy
plus ". " and a lower-case fragment: "the World Bank. World Bank." The fix deletes the
second copy and its punctuation debris. Silent on rhetorical echoes ("a disaster. A
disaster."), on comma-separated repeats ("New York, New York") and on chains ("more and
more and more").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from fixtext.document import Sentence
from fixtext.rules.base import Hit, Rule
from fixtext.rules.lexicon import is_common_lower

_WORD = re.compile(r"[\w'’-]+")
_WITHIN = re.compile(r"(?<![\w'’-])((?:[\w'’-]+ ){1,5}[\w'’-]+) \1(?![\w'’-])")
_TAIL = re.compile(r"[.!?]$")
_LINKS = frozenset("to by after and or for in on upon from of against".split())


def repeated_lead(sentence: Sentence, previous: Sentence | None) -> int | None:
    """Offset of the stop after a leading copy of the previous sentence's tail, if any.

    Returns ``len(copy)`` (where the copy ends) when ``sentence`` begins with an exact
    copy of the last words of ``previous`` (the first of them capitalised, at least
    four letters, and not the whole previous sentence) and continues with "." or ". " plus a
    lower-case word; otherwise None.
    """
    if previous is None:
        return None
    prev = previous.text.rstrip()
    if not _TAIL.search(prev):
        return None
    prev_words = list(_WORD.finditer(prev[:-1]))
    text = sentence.text
    for k in range(min(6, len(prev_words) - 1), 0, -1):
        first = prev_words[-k]
        phrase = prev[first.start() : -1]
        if not phrase[0].isupper() or not text.startswith(phrase):
            continue
        if k == 1 and len(phrase) < 4:
            continue
        rest = text[len(phrase) :]
        if rest.rstrip() == "." or re.match(r"\. [a-z]", rest):
            return len(phrase)
    return None


def check(sentence: Sentence, previous: Sentence | None) -> Iterator[Hit]:
    """Yield immediate repeats of a phrase, within or across the sentence boundary."""
    text = sentence.text
    lead = repeated_lead(sentence, previous)
    if lead is not None:
        end = len(text) if text[lead:].strip() == "." else lead + 2
        yield (
            0,
            end,
            f"'{text[:lead]}' repeats the end of the previous sentence",
            0.85,
            "",
        )
    for match in _WITHIN.finditer(text):
        phrase = match.group(1)
        words = phrase.split()
        if len({w.lower() for w in words}) == 1:
            continue  # "ha ha ha ha": one word repeated, FT003's business
        if len(words) == 2 and words[1] in _LINKS and words[0] not in _LINKS:
            continue  # "from house to house to", "day by day by"
        if not any(w[0].isupper() or is_common_lower(w) for w in words):
            continue  # not English: "de las de las"
        before = text[: match.start()].split()
        after = text[match.end() :].split()
        if (before and before[-1] == words[-1]) or (after and after[0] == words[0]):
            continue  # a chain: "more and more and more", "one by one by one"
        yield (
            match.end(1),
            match.end(),
            f"The phrase '{phrase}' is repeated",
            0.85,
            "",
        )


RULE = Rule("FT004", "repeated-phrase", "A phrase or name is repeated.", check)
