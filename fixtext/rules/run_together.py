"""FT002 run-together-words: two words fused across a lost boundary ("killingWhile").

Fires on a token made of a lower-case run of three or more letters and a capitalised
word, where both halves are common lower-case words in the corpus statistics -- which
keeps it silent on camel-case brands and names (iPhone, YouTube, eBay, McDonald,
MacArthur, JavaScript, LinkedIn, DeSantis, O'Neill). When the second half is a common
sentence starter the fix restores the boundary ("killing. While"); otherwise it
restores the space.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from fixtext.document import Sentence
from fixtext.rules.base import Hit, Rule
from fixtext.rules.lexicon import is_common_lower, sentence_starters

_FUSED = re.compile(r"(?<![\w'’.@/-])([a-z]{3,})([A-Z][a-z]{1,})(?![\w'’@/-]|\.\w)")


def check(sentence: Sentence, previous: Sentence | None) -> Iterator[Hit]:
    """Yield each fused pair of common words with the repaired spelling."""
    for match in _FUSED.finditer(sentence.text):
        left, right = match.groups()
        if not (is_common_lower(left, 900) and is_common_lower(right, 900)):
            continue
        if right in sentence_starters():
            replacement, confidence = f"{left}. {right}", 0.8
        else:
            replacement, confidence = f"{left} {right.lower()}", 0.6
        yield (
            match.start(),
            match.end(),
            f"'{match.group()}' looks like two words run together",
            confidence,
            replacement,
        )


RULE = Rule("FT002", "run-together-words", "Two words are run together.", check)
