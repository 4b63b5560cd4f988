"""FT008 stray-final-word: a stray word stuck before the closing full stop.

Three conservative shapes: a capitalised common word as the last word of a sentence in
running prose ("... stability and counter-terrorism Father."), a lone lower-case word
after a quotation that already ended with its own full stop ('... “We stay.” today.'),
and a lone lower-case word left after the sentence's full stop at the end of its line
("... won the cup in 2018. just"; not after an abbreviation: "see p. xi"). The fix
deletes the stray word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from fixtext.codes import Example
from fixtext.detect.rules.base import Hit, Rule
from fixtext.document import Sentence
from fixtext.lexicon.names import in_name, is_heading_or_list, is_title_cased, plain_context, tokens
from fixtext.lexicon.words import is_abbreviation, is_common_lower

MIN_PERMILLE = 950
_FINAL = re.compile(r"[.!?][\"'”’)\]]*$")
_AFTER_QUOTE = re.compile(r"[.!?][”\"’)\]] ([a-z]+)\.$")
#: Matched against the sentence reversed, from its end: one lower-case word and a space
#: (the stray word), the stop, an optional closing quote (taken only where the word
#: before cannot take it), and all of the word before the stop. Anchored at the end, it
#: reads each character once; searched for forwards, it rescanned a long token from each
#: of its characters.
_AFTER_FINAL_STOP_REVERSED = re.compile(r"([a-z]+) [.!?][”\"’)\]]??([\w.'’-]+)")


def check(sentence: Sentence, previous: Sentence | None) -> Iterator[Hit]:
    """Yield a stray last word, with an empty replacement that deletes it."""
    text = sentence.text.rstrip()
    words = tokens(text)
    match = _AFTER_FINAL_STOP_REVERSED.match(text[::-1])
    if match and not is_abbreviation(match.group(2)[::-1]):
        stray_start = len(text) - match.end(1)
        before = text[: stray_start - 1]  # judged as a sentence without the stray word
        if len(words) > 4 and not is_heading_or_list(before, words[:-1]):
            yield Hit(
                stray_start - 1,
                len(text),
                f"Stray word '{text[stray_start:]}' after the sentence's full stop",
                0.6,
                "",
            )
        return
    if len(words) < 4 or is_heading_or_list(text, words):
        return
    match = _AFTER_QUOTE.search(text)
    if match:
        yield Hit(
            match.start(1) - 1,
            match.end(1),
            f"Stray word '{match.group(1)}' after the closing quotation",
            0.5,
            "",
        )
        return
    last = words[-1]
    if len(words) >= 2 and words[-2].text == "of":
        return  # "category of Manipulation": a name or title
    if not _FINAL.fullmatch(text[last.end :]):
        return
    i = len(words) - 1
    if not is_title_cased(last.text) or not is_common_lower(last.text, MIN_PERMILLE):
        return
    if not plain_context(text, words, i) or in_name(words, i):
        return
    yield Hit(
        words[i - 1].end,
        last.end,
        f"Stray capitalised word '{last.text}' before the end of the sentence",
        0.6,
        "",
    )


RULE = Rule(
    code="FT008",
    name="stray-final-word",
    summary="A stray word ends the sentence.",
    thresholds={"MIN_PERMILLE": MIN_PERMILLE},
    fires=(
        Example(
            "The harbour reopened to cargo ships on Monday after the strike. also",
            "The harbour reopened to cargo ships on Monday after the strike.",
        ),
        Example(
            "The envoy stressed cooperation with all partners committed to security Father.",
            "The envoy stressed cooperation with all partners committed to security.",
        ),
    ),
    silent=(
        "The full table of tonnage figures is printed in vol. iii",
        "The harbour reopened on Monday. officials said the strike was over.",
        "Chapter One. the",
        "He was named Player of the Year.",
        "She is Deputy Leader of the Opposition.",
        "The prize went to the Chairman.",
        "He said “yes.”",
        "The land is valued at $20 Million.",
        "The plan was backed by President Macron.",
    ),
    check=check,
    doc=__doc__,
)
