"""FT007 punctuation-debris: stray punctuation left by broken segmentation.

Fires on a stop or comma before a comma ("Chad. , Mali" -> "Chad, Mali"), a doubled stop
("complete. ." -> "complete.", "complete.. ." -> "complete."), a space before a comma or
full stop ("word ,"), a free-standing stop inside a sentence ("the company . said" ->
"the company said"), doubled commas (",,"), empty brackets (" ()") and a phrase split
into adjacent brackets ("(the wider) (region)" -> "the wider region") or into two
bracketed phrases of two words or more joined by and/or ("supplies (both farms) and (the
town)" -> "both farms and the town"; "(a) and (b)" is a list). After a word that
no comma or stop can follow (an article, a possessive, "of", "with") the debris is
deleted instead of attached ("his , career" -> "his career"), and so is debris before a
word that rarely follows a comma or after one that rarely precedes one (``word_edges.tsv``:
"the summer. , of 1991" -> "the summer of 1991", "located in , his home" -> "located in
his home"), and where the corpus bigram model reads the words around it much better
without the mark (:data:`DROP_MARGIN`: "this genre are,, Lublanski"); a stop left before
a lower-case word goes too ("was built. . in" -> "was built in"). A free-standing semicolon
between lower-case words ("the courageous ; vote": debris or a mis-spaced real one) is
reported without a fix. Silent on ellipses ("...", ". . ."), a writer's two-dot ellipsis
before a lower-case word ("Ah.. guys", "after all.. how": in clean text it was never
debris), dashes, sentence-final quotes ("yes.”"), decimals and numbered lists.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

import numpy as np

from fixtext.codes import Example
from fixtext.detect.rules.base import Hit, Rule
from fixtext.document import Sentence
from fixtext.lexicon.bigrams import START, BigramModel, tokens
from fixtext.lexicon.words import word_edges

_PATTERNS: tuple[tuple[re.Pattern[str], str | None, float, str], ...] = (
    # (pattern, replacement or None for no fix, confidence, message); group 0 is replaced
    (re.compile(r"(?<=\w)[.,;:] +,(?![,.])"), ",", 0.95, "Stray punctuation before a comma"),
    (re.compile(r"(?<=\w)[,;:] +\.(?![.\w])"), ".", 0.9, "Stray punctuation before a stop"),
    (
        re.compile(r"(?<=[\w”\"’)])\. +\.(?![ .]*\.)(?!\w)"),
        ".",
        0.95,
        "Doubled full stop",
    ),
    (re.compile(r"(?<=\w)\.\.(?: +\.)?(?=[”\"’)]*$)"), ".", 0.9, "Doubled full stop"),
    (re.compile(r"(?<=\w) \.(?= [a-z])"), "", 0.85, "Stray full stop inside a sentence"),
    (re.compile(r"(?<=[a-z]) ;(?= [a-z])"), None, 0.6, "Free-standing semicolon"),
    (re.compile(r"(?<=[A-Za-z]) +,(?=\s)"), ",", 0.9, "Space before a comma"),
    (re.compile(r"(?<=[a-z]) +\.(?=$|\s[A-Z]|[”\"’)])"), ".", 0.85, "Space before a full stop"),
    (re.compile(r"(?<![,.]),{2}(?!,)"), ",", 0.9, "Doubled comma"),
    (re.compile(r"(?<! ) +(?:\(\s*\)|\[\s*\])(?=[\s.,;:]|$)"), "", 0.85, "Empty brackets"),
)
#: Words after which neither a comma nor a full stop can stand: debris after one of them
#: ("his , career", "signed with , Hansa", "the. , plan") is deleted, not attached.
NO_PUNCTUATION_AFTER = frozenset(
    "the a an his its their our my your whose of with from into onto upon than".split()
)
#: The last word of a text, read backwards: its non-word tail, then the word.
_LAST_WORD_REVERSED = re.compile(r"\W*(\w+)")
_NEXT_WORD = re.compile(r"\s*([a-z]+)\b")
#: How far before a piece of debris its word may end, and how long it may be, in
#: characters; bounds the work per piece of debris where many follow each other.
WORD_WINDOW = 100
#: Per mille of a word's uses next to a comma below which a comma there is debris to
#: delete, not a comma to keep: "the summer. , of 1991" -> "the summer of 1991" ("of"
#: follows a comma 5 times in a thousand), but "Chad. , Mali" -> "Chad, Mali".
RARE_COMMA = 20
#: Bracketed fragments side by side, or joined by and/or: "(a quick) (settlement)",
#: "(both farms) and (the city)". With a conjunction each fragment must hold two words.
_SPLIT_BRACKETS = re.compile(r"\(([a-z][a-z' -]*)\) (?:(and|or) )?\(([a-z][a-z' -]*)\)")


def _last_word(text: str, start: int) -> str | None:
    """The last run of word characters before ``start`` (within :data:`WORD_WINDOW`)."""
    match = _LAST_WORD_REVERSED.match(text[max(0, start - WORD_WINDOW) : start][::-1])
    return match.group(1)[::-1] if match else None


def _after_no_punctuation_word(text: str, start: int) -> bool:
    """True when the word before ``start`` is one no punctuation may follow."""
    word = _last_word(text, start)
    return word is not None and word.lower() in NO_PUNCTUATION_AFTER


def _takes_no_comma(text: str, start: int, end: int) -> bool:
    """True when no comma belongs at the debris ``start:end``: the lower-case word after it
    follows a comma fewer than :data:`RARE_COMMA` times in a thousand ("of", "been"), or
    that share and the word before's share of uses before a comma add up to fewer than
    twice that ("located in , his": "in" 0 + "his" 28; not "went on , officials": 3 + 65).
    A word the corpus lists no shares for counts as taking commas."""
    edges = word_edges()
    after = _NEXT_WORD.match(text, end)
    if not (after and after.group(1) in edges):
        return False
    after_comma = edges[after.group(1)].after_comma
    before = _last_word(text, start)
    before_comma = edges[before].before_comma if before in edges else 1000
    return after_comma < RARE_COMMA or after_comma + before_comma < 2 * RARE_COMMA


#: How much better (natural log probability, corpus bigram model) the words around the
#: debris must read without the mark than with it for the mark to go, where the rules
#: above would keep it: "The specific epithet,, is derived" (7.1), "this genre are,,
#: Lublanski" (5.4); not "take off from Dulles Airport , accelerate" (2.9), "Meenakshi
#: Ganguly , South Asia Director" (2.3), "Chad. , Mali" (0.2).
DROP_MARGIN = 3.5


def _reads_better_without(text: str, start: int, end: int, mark: str) -> bool:
    """True when the bigram model reads the words around ``start:end`` better by
    :data:`DROP_MARGIN` without ``mark`` between them; False at the end of the text or
    next to a word the model does not know ("Valmere. , Sorano")."""
    after = tokens(text[end : end + WORD_WINDOW])[:1]
    if not after:
        return False
    before = tokens(text[max(0, start - WORD_WINDOW) : start])[-1:] or [START]
    model = BigramModel.shipped()
    kept, dropped = model.ids_of([*before, mark, *after]), model.ids_of([*before, *after])
    if (dropped < 0).any():
        return False  # a name the table lacks: its estimates favour dropping any mark
    gain = np.sum(model.log_probs(dropped[:-1], dropped[1:])) - np.sum(
        model.log_probs(kept[:-1], kept[1:])
    )
    return bool(gain > DROP_MARGIN)


def _overlaps(taken: list[tuple[int, int]], span: tuple[int, int]) -> bool:
    """True when the non-empty ``span`` overlaps one of ``taken`` (sorted, non-empty, none
    overlapping another): only the spans either side of where it would go can."""
    index = bisect.bisect_left(taken, span)
    return (index > 0 and taken[index - 1][1] > span[0]) or (
        index < len(taken) and taken[index][0] < span[1]
    )


def check(sentence: Sentence, previous: Sentence | None) -> Iterator[Hit]:
    """Yield each piece of punctuation debris with the cleaned-up text."""
    text = sentence.text
    taken: list[tuple[int, int]] = []  # sorted, none overlapping another
    for pattern, replacement, confidence, message in _PATTERNS:
        for match in pattern.finditer(text):
            span = match.span()
            if _overlaps(taken, span):
                continue
            bisect.insort(taken, span)
            fix = replacement
            no_comma = fix == "," and _takes_no_comma(text, *span)
            mid_sentence_stop = fix == "." and _NEXT_WORD.match(text, span[1]) is not None
            if (
                no_comma
                or mid_sentence_stop
                or (
                    fix in (",", ".")
                    and (
                        _after_no_punctuation_word(text, span[0])
                        or _reads_better_without(text, *span, fix)
                    )
                )
            ):
                fix = ""
            yield Hit(*span, message, confidence, fix)
    for match in _SPLIT_BRACKETS.finditer(text):
        first, conjunction, second = match.groups()
        if conjunction and not (" " in first.strip() and " " in second.strip()):
            continue  # a gloss or a list label: "(a) and (b)", "(mouse) and (color)"
        joined = f" {conjunction} " if conjunction else " "
        yield Hit(
            match.start(),
            match.end(),
            "A phrase is split into bracketed fragments",
            0.7,
            f"{first}{joined}{second}",
        )


RULE = Rule(
    code="FT007",
    name="punctuation-debris",
    summary="Stray or doubled punctuation.",
    issue_type="typographical",
    thresholds={"DROP_MARGIN": DROP_MARGIN, "RARE_COMMA": RARE_COMMA, "WORD_WINDOW": WORD_WINDOW},
    fires=(
        Example(
            "Troops came from Chad. , Mali and Niger.", "Troops came from Chad, Mali and Niger."
        ),
        Example("The withdrawal is complete. .", "The withdrawal is complete."),
        Example("The fighting went on , officials said.", "The fighting went on, officials said."),
        Example("Prices rose,, traders said.", "Prices rose, traders said."),
        Example(
            "Aid is needed in (the northern) (region) now.",
            "Aid is needed in the northern region now.",
        ),
        Example("The report () was delayed.", "The report was delayed."),
        Example("The talks ended.. .", "The talks ended."),
        Example("A deal is due in a . few weeks.", "A deal is due in a few weeks."),
        Example("He began his , career at home.", "He began his career at home."),
        Example("He signed with , Hansa in May.", "He signed with Hansa in May."),
        Example("They backed the. , plan in full.", "They backed the plan in full."),
        Example("It is the end of,, the war.", "It is the end of the war."),
        Example(
            "The lake feeds (both farms) and (the town) of Ardel.",
            "The lake feeds both farms and the town of Ardel.",
        ),
        Example("His , career began at home , he said.", "His career began at home, he said."),
        Example("In the summer. , of 1991 he left.", "In the summer of 1991 he left."),
        Example("It was held in round robin , format.", "It was held in round robin format."),
        Example("She had, , been there before.", "She had been there before."),
        Example("The bridge was built. . in 1901.", "The bridge was built in 1901."),
        Example("The mill is located in , his home town.", "The mill is located in his home town."),
        Example(
            "The old lighthouse, , was built in 1850.", "The old lighthouse was built in 1850."
        ),
        Example("Most ships, , were sent to other ports.", "Most ships were sent to other ports."),
        Example(
            "Ferries link Valmere. , Sorano and the islands.",
            "Ferries link Valmere, Sorano and the islands.",
        ),
        Example(
            "The union met Anna Berg , the port director, on Monday.",
            "The union met Anna Berg, the port director, on Monday.",
        ),
    ),
    silent=(
        "Wait... and see what happens.",
        "He paused . . . and went on.",
        "The result - a draw - pleased nobody.",
        "“We said yes.”",
        "He answered: “yes.”",
        "1. Open the door. 2. Close the window.",
        "Growth reached 3.5 percent, up from 2.1.",
        "Call foo() to start.",
        "Prices rose; traders said so.",
        "Bring pens, paper, etc. to the exam.",
        "Ah.. guys, I think we are lost.",
        "See clauses (a) and (b) of the treaty.",
        "The verbs (pick up) and (jog) are listed.",
    ),
    check=check,
    doc=__doc__,
)
