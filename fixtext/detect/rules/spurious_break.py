"""FT001 spurious-sentence-break: a full stop inside a sentence before a lower-case word.

The splitter never ends a sentence at ". " followed by a lower-case word, so such a stop
is left inside the sentence: "the vast central region. large of the country". The fix
drops the stop. Silent on abbreviations (U.S., a.m., e.g., No., Mr., viz.), initials,
ellipses, decimals and dotted names (example.com, v1.2), on lower-case brand names
(iPhone, eBay) and name particles (de, van, al-), on a subject pronoun after the stop
("the light cruiser. he commanded": a new sentence whose capital was lost, which the
merge would turn into a run-on), and on a lone lower-case word that ends the line, which
FT008 deletes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from fixtext.codes import Example
from fixtext.detect.rules.base import Hit, Rule
from fixtext.detect.rules.repeated_phrase import repeated_lead
from fixtext.document import Sentence
from fixtext.lexicon.names import NAME_PARTICLES
from fixtext.lexicon.words import is_abbreviation

#: A whole word (from the start of its run of word characters, dots, apostrophes and
#: hyphens: tried from inside a long run, the pattern rescanned it from each "-" or "'"),
#: an optional closing quote, the stop, one space, a lower-case word.
_BREAK = re.compile(r"(?<![.\w'’-])([\w.'’-]+)([”\"’)\]]?)\. ([a-z][\w'’-]*)")
#: Words that start a new clause of their own: after a stop, a sentence that lost its
#: capital rather than a fragment.
SUBJECT_PRONOUNS = frozenset("i he she we they there".split())


def check(sentence: Sentence, previous: Sentence | None) -> Iterator[Hit]:
    """Yield each ". " that splits a sentence before a lower-case fragment."""
    text = sentence.text
    text_end = len(text.rstrip())
    lead = repeated_lead(sentence, previous)
    for match in _BREAK.finditer(text):
        word, quote, following = match.groups()
        if word.endswith(".") or is_abbreviation(word) or following.lower() in NAME_PARTICLES:
            continue
        if following in SUBJECT_PRONOUNS:
            continue
        if any(ch.isdigit() for ch in word):  # v1, 3rd, No. 10 style labels
            continue
        if any(ch.isupper() for ch in following) or "." in following:  # iPhone, www.x
            continue
        if match.end(3) == text_end and following.isalpha():
            continue  # a lone last word: FT008 deletes it
        stop = match.start(3) - 2
        if lead is not None and stop == lead:
            continue  # the repeated-phrase rule owns this break
        yield Hit(
            stop,
            stop + 2,
            f"Spurious sentence break before the lower-case fragment '{following}'",
            0.85 if not quote else 0.75,
            " ",
        )


RULE = Rule(
    code="FT001",
    name="spurious-sentence-break",
    summary="A full stop splits a sentence in two.",
    fires=(
        Example(
            "Rebels seized the dry northern plain. wide of the river last year.",
            "Rebels seized the dry northern plain wide of the river last year.",
        ),
        Example(
            "The talks were held in the capital. mostly behind closed doors.",
            "The talks were held in the capital mostly behind closed doors.",
        ),
        Example(
            "Ministers met the union leaders. members of which had walked out.",
            "Ministers met the union leaders members of which had walked out.",
        ),
    ),
    silent=(
        "He moved to the U.S. in 1990 and stayed.",
        "The meeting starts at 9 a.m. and ends at 5 p.m. on Friday.",
        "Some fruits, e.g. apples, keep well.",
        "The results, i.e. the final tallies, came late.",
        "She lives at No. 10 with her family.",
        "Mr. and Mrs. Smith arrived late.",
        "The novel by J. K. Rowling sold well.",
        "Wait... and then it happened.",
        "Growth was 3.5 percent in the year.",
        "See example.com or version v1.2 for details.",
        "The dogs, cats, etc. were fed.",
        "Sales of his phone rose. iPhone rivals fell back.",
        "The statue honours the general. de Gaulle led France.",
    ),
    check=check,
    doc=__doc__,
)
