"""FT002 run-together-words: two words fused across a lost boundary ("killingWhile").

Fires on a token made of a lower-case run and a capitalised word, where the left half is
a function word or a common lower-case word in the corpus statistics -- which keeps it
silent on camel-case brands and names (iPhone, YouTube, eBay, McDonald, MacArthur,
JavaScript, LinkedIn, DeSantis, O'Neill). Three shapes: both halves common (three
letters or more on the left); a function word that never ends a sentence before a known
word ("toList", "aBusinessman", "toA", "wasOn"), fixed by restoring the space, or before
a capitalised word that is not a common one ("theBank Charter Act", "inParis"), fixed by
restoring the space and keeping the capital; and a known lower-case word before a
common sentence starter ("governmentOfficials"). When the second half is a sentence
starter, the fix restores the boundary ("killing. While"); otherwise it restores the
space. Unknown halves stay silent ("thumbrightThe").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from fixtext.document import Sentence
from fixtext.rules.base import Hit, Rule
from fixtext.rules.lexicon import is_common_lower, sentence_starters

_FUSED = re.compile(r"(?<![\w'’.@#/-])([a-z]+)([A-Z][a-z]*)(?![\w'’@/(-]|\.\w)")
#: Function words that cannot end a sentence: "toList" is "to list", "wasOn" "was on".
NEVER_FINAL = frozenset(
    """a an to of at by as or if is the was were and but nor than from with into onto upon
    their its whose where while because although whether""".split()
)
#: Lower-case share (per mille) of a known word; of a common one.
KNOWN, COMMON = 500, 900


def check(sentence: Sentence, previous: Sentence | None) -> Iterator[Hit]:
    """Yield each fused pair of common words with the repaired spelling."""
    for match in _FUSED.finditer(sentence.text):
        left, right = match.groups()
        starter = right in sentence_starters()
        if left in NEVER_FINAL:
            if is_common_lower(right, KNOWN) or right == "A":
                replacement, confidence = f"{left} {right.lower()}", 0.7
            elif len(right) > 2 and right[1:].islower():
                replacement, confidence = f"{left} {right}", 0.6  # a name: "theBank Act"
            else:
                continue
        elif len(left) < 3 or len(right) < 2 or not is_common_lower(left, KNOWN):
            continue
        elif starter:
            replacement, confidence = f"{left}. {right}", 0.8
        elif is_common_lower(left, COMMON) and is_common_lower(right, COMMON):
            replacement, confidence = f"{left} {right.lower()}", 0.6
        else:
            continue
        yield (
            match.start(),
            match.end(),
            f"'{match.group()}' looks like two words run together",
            confidence,
            replacement,
        )


RULE = Rule("FT002", "run-together-words", "Two words are run together.", check)
