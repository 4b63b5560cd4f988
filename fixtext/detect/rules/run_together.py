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
starter and the corpus lets the first end a sentence and the second open one
(``word_edges.tsv``), the fix restores the boundary ("killing. While"); otherwise it
restores the space ("spaceOf" -> "space of", "whichIs" -> "which is"). Unknown halves
stay silent ("thumbrightThe").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from fixtext.codes import Example
from fixtext.detect.rules.base import Hit, Rule
from fixtext.document import Sentence
from fixtext.lexicon.words import is_common_lower, sentence_starters, word_edges

_FUSED = re.compile(r"(?<![\w'’.@#/-])([a-z]+)([A-Z][a-z]*)(?![\w'’@/(-]|\.\w)")
#: Function words that cannot end a sentence: "toList" is "to list", "wasOn" "was on".
NEVER_FINAL = frozenset(
    """a an to of at by as or if is the was were and but nor than from with into onto upon
    their its whose where while because although whether""".split()
)
#: Lower-case share (per mille) of a known word; of a common one.
KNOWN, COMMON = 500, 900
#: Per mille of uses that end (left word) or open (right word) a sentence, below which
#: a fused pair is a lost space, not a lost sentence break.
MIN_END, MIN_START = 10, 20


def _may_break(left: str, right: str) -> bool:
    """True when a sentence may end with ``left`` and open with ``right``: the corpus ends
    a sentence with ``left`` at least :data:`MIN_END` times in a thousand lower-case uses
    ("killing" 31, not "which" 0 or "early" 5), and opens one with ``right`` at least
    :data:`MIN_START` times in a thousand uses ("While" 225, not "Of" 1 or "Lead" 13)."""
    edges = word_edges()
    ends = edges[left].before_stop if left in edges else 0
    starts = edges[right.lower()].at_start if right.lower() in edges else 0
    return ends >= MIN_END and starts >= MIN_START


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
        elif starter and _may_break(left, right):
            replacement, confidence = f"{left}. {right}", 0.8
        elif starter and is_common_lower(right, KNOWN):
            replacement, confidence = f"{left} {right.lower()}", 0.6  # "spaceOf", "forThe"
        elif is_common_lower(left, COMMON) and is_common_lower(right, COMMON):
            replacement, confidence = f"{left} {right.lower()}", 0.6
        else:
            continue
        yield Hit(
            match.start(),
            match.end(),
            f"'{match.group()}' looks like two words run together",
            confidence,
            replacement,
        )


RULE = Rule(
    code="FT002",
    name="run-together-words",
    summary="Two words are run together.",
    fires=(
        Example("She was aTeacher in the village.", "She was a teacher in the village."),
        Example("The storm led toA delay of two days.", "The storm led to a delay of two days."),
        Example("The mayor wasOn her way to the port.", "The mayor was on her way to the port."),
        Example(
            "They moved to the town whereHer father worked.",
            "They moved to the town where her father worked.",
        ),
        Example(
            "Fighting spread across the countrysideOfficials fled north.",
            "Fighting spread across the countryside. Officials fled north.",
        ),
        Example("It explains theBank Charter Act.", "It explains the Bank Charter Act."),
        Example("He moved toValmere in May.", "He moved to Valmere in May."),
        Example("The park covers a spaceOf ten acres.", "The park covers a space of ten acres."),
        Example("It is a river whichIs long and wide.", "It is a river which is long and wide."),
        Example("He was planning forThe building work.", "He was planning for the building work."),
    ),
    silent=(
        "He bought an iPhone and watched YouTube videos.",
        "The caption read zorbleplinkThe harbour at dawn.",
        "Call toString() on the value.",
        "She read it on an eBook and an iPad.",
        "She sold it on eBay and paid with PayPal.",
        "They ate at McDonald and read about MacArthur.",
        "He wrote JavaScript on a PlayStation and posted on LinkedIn.",
        "Fans of WhatsApp met DeSantis at LaGuardia with O'Neill.",
        "Follow #theBank and @inParis for news.",
    ),
    check=check,
    doc=__doc__,
)
