"""FT003 repeated-word: the same word twice in a row ("voted to to").

Silent on legitimate doubles: "had had", "that that", "is is" ("what it is is"), "do
do", "her her" ("gave her her coat"), reduplications ("bye bye", "very very", "no no",
"ha ha"), capitalised names ("Walla Walla", "Bora Bora") and numbers ("10 10"). The
fix deletes every copy after the first, in one edit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from fixtext.document import Sentence
from fixtext.rules.base import Hit, Rule

_DOUBLE = re.compile(r"(?<![\w'’-])([A-Za-z]+(?:['’][a-z]+)?)((?: \1)+)(?![\w'’-])", re.IGNORECASE)
LEGIT_DOUBLES = frozenset(
    """had that is do does did her very really bye no yes ha ah oh la blah knock tut well
    now there night boo har heh hee ho go chop so too far many much wait tick tom bang
    hush""".split()
)


def check(sentence: Sentence, previous: Sentence | None) -> Iterator[Hit]:
    """Yield the copies after the first of each immediately repeated word (one fix)."""
    for match in _DOUBLE.finditer(sentence.text):
        first, copies = match.groups()
        second = copies.split()[0]
        if first.lower() in LEGIT_DOUBLES:
            continue
        if second[0].isupper() or (first[0].isupper() and match.start() > 0):
            continue  # a name: "Walla Walla", "Bidyanus bidyanus"; "The the" still fires
        if len(first) == 1 and first.lower() not in ("a",):
            continue  # "I I", list letters
        yield (
            match.end(1),
            match.end(),
            f"The word '{second}' is repeated",
            0.9 if first.islower() else 0.8,
            "",
        )


RULE = Rule("FT003", "repeated-word", "A word is repeated.", check)
