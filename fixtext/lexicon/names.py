"""Helpers shared by the capitalisation rules (FT006, FT008): tokens, names, headings."""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•–—]|\(?\d+[.)]|\(?[a-z][.)])\s")
#: A lower-case letter or comma and a space right before a word (see :func:`plain_context`).
_PLAIN_BEFORE = re.compile(r"[a-z,] $")
#: What joins a word to the text after it: a word character, hyphen or quote, a dotted
#: continuation, or a number ("Level 1").
_JOINED_AFTER = re.compile(r"[\w”\"’-]|\.\w| \d")

#: Lower-case words that join the parts of a name ("Ministry of Defence").
CONNECTORS = frozenset("of and for the de du la le von van der on in at to & y".split())

#: Lower-case particles of foreign names ("de Gaulle", "van Gogh", "bin Laden"): common
#: in the corpus, yet not English words.
NAME_PARTICLES = frozenset("de del della der den di da du dos van von le la al el bin ibn".split())

#: Words after which a capitalised word is a title or a name ("the film Arrival").
TITLE_INTRODUCERS = frozenset(
    """film films movie book books novel song songs album albums show series magazine
    newspaper paper play opera poem called named titled entitled dubbed nicknamed brand
    game games ship vessel hurricane storm typhoon cyclone operation codenamed code-named
    label station channel programme program website app party band group team club
    word words term terms motto slogan organisation organization charity company firm
    duo trio retailer agency campaign button menu tab key option""".split()
)

#: Words after which a capitalised word is a name or title: "the Met", "of the Year".
DETERMINERS = frozenset("the a an this that these those his her its their our my your of".split())

#: Closed-class words: capitalised mid-sentence they mark a lost sentence boundary
#: ("happier The chorus"), which lower-casing would not repair.
FUNCTION_WORDS = frozenset(
    """the a an this that these those it its they them their he him his she her we us our
    you your i me my there here if when while where what which who whom whose why how in
    on at to for from with by of as and or but so not no yes is are was were be been am
    do does did have has had will would can could may might must should shall then than
    after before because although though since until unless also still yet just only
    all some any each every both either neither one two about towards toward around
    through across against among between into onto upon within without""".split()
)
#: Function words that are also names, months or reverent pronouns ("May", "Will",
#: "Are", "He"), and one-letter or number words ("grade A", "Line One").
NAME_LIKE = frozenset(
    "a i may will can are he him his she her we us you your me my our one two".split()
)
#: Closed-class words that, capitalised inside running prose, are damage.
CLOSED_CLASS = FUNCTION_WORDS - NAME_LIKE


@dataclass(frozen=True)
class Token:
    """A word of a sentence with its offsets."""

    text: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    """The words of ``text`` (letters and inner apostrophes)."""
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def is_capitalised(word: str) -> bool:
    """True for "Word" (an upper-case initial; any case after it, so "McDonald" too)."""
    return word[:1].isupper()


def is_title_cased(word: str) -> bool:
    """True for "Word": upper-case initial and lower-case rest."""
    return len(word) > 1 and word[0].isupper() and word[1:].islower()


def is_heading_or_list(text: str, words: list[Token]) -> bool:
    """True for headings (short, mostly capitalised, no final stop) and list items."""
    if _LIST_ITEM.match(text):
        return True
    if not words:
        return True
    capitalised = sum(1 for w in words if is_capitalised(w.text))
    if capitalised >= 0.6 * len(words):
        return True
    stripped = text.rstrip("\"'”’)] ")
    return not stripped.endswith((".", "!", "?")) and len(words) <= 15


def in_name(words: list[Token], i: int) -> bool:
    """True when word ``i`` sits in a run of capitalised words or a name joined by up to
    two connectors ("Ministry of Defence", "Man of the Match")."""
    for step in (-1, 1):
        j = i + step
        hops = 0
        while 0 <= j < len(words) and words[j].text in CONNECTORS and hops < 2:
            j, hops = j + step, hops + 1
        if 0 <= j < len(words) and is_capitalised(words[j].text) and words[j].text != "I":
            return True
    return False


def plain_context(text: str, words: list[Token], i: int) -> bool:
    """True when word ``i`` is a free-standing word in running prose: after a lower-case
    word or comma (not a colon, quote, bracket, dash, number, determiner or title word),
    not joined to what follows by a hyphen, letter or digit, and not before a number
    ("Level 1")."""
    if i == 0:
        return False
    word = words[i]
    # the window holds every match of the pattern that ends the text before the word
    before = _PLAIN_BEFORE.search(text, max(0, word.start - 3), word.start)
    if not before or word.text.lower() in FUNCTION_WORDS:
        return False
    if "'" in word.text or "’" in word.text or _JOINED_AFTER.match(text, word.end):
        return False
    prev = words[i - 1].text
    return prev.islower() and prev not in TITLE_INTRODUCERS and prev not in DETERMINERS
