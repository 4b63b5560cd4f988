"""FT004 repeated-phrase: a phrase or name said twice in a row.

Within a sentence: "in the in the" (2 to 6 words repeated with only a space between).
Across a spurious boundary: the sentence starts with the exact (case-sensitive)
capitalised tail of the previous sentence and is nothing but that copy ("the World
Bank. World Bank."), or the copy plus ". " and a lower-case fragment ("the African
Union. African Union. the biggest"), or -- for a name of two or more capitalised words
after a short lead-in -- the copy continuing the sentence ("Minister Ana Lind. Ana Lind
called both sides"), or -- for a copy of two words or more -- the copy followed by a
comma and a lower-case word or a number ("led by Dimitrios Rallis. Dimitrios Rallis,
proved unable"; a surname taken up is right: "Saturio Valencia. Valencia, a lawyer,"). The
fix deletes the second copy with its debris, rejoining the sentence where it continues.
Silent on rhetorical echoes ("a disaster. A disaster."), on a one-word name picked up by
the next sentence ("directed by Brooks. Brooks wrote"), on
a name ending a full sentence ("was bought by Blue Hill Farms. Blue Hill Farms sold"),
on comma-separated repeats ("New York, New York") and on chains ("more and more").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from fixtext.codes import Example
from fixtext.detect.rules.base import Hit, Rule
from fixtext.document import Sentence
from fixtext.lexicon.names import NAME_PARTICLES
from fixtext.lexicon.words import is_word
from fixtext.textops import word_after, word_before

_WORD = re.compile(r"[\w'’-]+")
_WITHIN = re.compile(r"(?<![\w'’-])((?:[\w'’-]+ ){1,5}[\w'’-]+) \1(?![\w'’-])")
_TAIL = re.compile(r"[.!?]$")
_LINKS = frozenset("to by after and or for in on upon from of against".split())


#: Most words the previous sentence may have before a continued name ("Minister").
MAX_LEAD_IN = 3


def _tail_copy(sentence: Sentence, previous: Sentence | None) -> tuple[int, str] | None:
    """(words, phrase): the longest capitalised tail of ``previous`` that ``sentence``
    starts with (not the whole previous sentence; one word needs four letters)."""
    if previous is None or previous.paragraph != sentence.paragraph:
        return None
    prev = previous.text.rstrip()
    if not _TAIL.search(prev):
        return None
    prev_words = list(_WORD.finditer(prev[:-1]))
    for k in range(min(6, len(prev_words) - 1), 0, -1):
        phrase = prev[prev_words[-k].start() : -1]
        if not phrase[0].isupper() or not sentence.text.startswith(phrase):
            continue
        if k == 1 and len(phrase) < 4:
            continue
        return k, phrase
    return None


def repeated_lead(sentence: Sentence, previous: Sentence | None) -> int | None:
    """Offset of the stop after a leading copy of the previous sentence's tail, if any.

    Returns ``len(copy)`` (where the copy ends) when ``sentence`` begins with an exact
    copy of the last words of ``previous`` and continues with "." or ". " plus a
    lower-case word; otherwise None.
    """
    copy = _tail_copy(sentence, previous)
    if copy is None:
        return None
    rest = sentence.text[len(copy[1]) :]
    if rest.rstrip() == "." or re.match(r"\. [a-z]", rest):
        return len(copy[1])
    return None


def continued_lead(sentence: Sentence, previous: Sentence | None) -> int | None:
    """Length of a leading copy of a name that ends a short previous sentence and goes
    on as the subject: "Minister Ana Lind." + "Ana Lind called both sides."."""
    copy = _tail_copy(sentence, previous)
    if copy is None or previous is None:
        return None
    k, phrase = copy
    words = phrase.split()
    if k < 2 or not all(len(w) > 1 and w[0].isupper() and w[1:].islower() for w in words):
        return None
    if len(_WORD.findall(previous.text)) - k > MAX_LEAD_IN:
        return None
    if not re.match(r",? [a-z]", sentence.text[len(phrase) :]):
        return None
    return len(phrase)


def comma_lead(sentence: Sentence, previous: Sentence | None) -> int | None:
    """Length of a leading copy (two words or more) of the previous sentence's tail that a
    comma and a lower-case word or a number continue: "led by Dimitrios Rallis." +
    "Dimitrios Rallis, proved unable"."""
    copy = _tail_copy(sentence, previous)
    if copy is None or copy[0] < 2:
        return None  # "Saturio Valencia. Valencia, an Afro-Colombian lawyer, was"
    if not re.match(r", (?:[a-z]|\d)", sentence.text[len(copy[1]) :]):
        return None
    return len(copy[1])


def _is_english(word: str) -> bool:
    """A known English word, possessive apostrophe aside ("farmers'"), not a name particle."""
    core = word.lower().rstrip("'’")
    return is_word(core) and core not in NAME_PARTICLES


def check(sentence: Sentence, previous: Sentence | None) -> Iterator[Hit]:
    """Yield immediate repeats of a phrase, within or across the sentence boundary."""
    text = sentence.text
    lead = repeated_lead(sentence, previous)
    if lead is not None and text[lead:].strip() == "." and previous is not None:
        # from the end of the previous sentence, so the space before the copy goes too
        end = previous.start + len(previous.text.rstrip()) - sentence.start
        message = f"'{text[:lead]}' repeats the end of the previous sentence"
        yield Hit(end, len(text.rstrip()), message, 0.85, "")
    elif previous is not None:
        if lead is not None:
            continued: int | None = lead + 1
        else:
            continued = continued_lead(sentence, previous) or comma_lead(sentence, previous)
        if continued is not None:
            # from the previous sentence's stop to the end of the copy (and its stop)
            stop = previous.start + len(previous.text.rstrip()) - 1 - sentence.start
            name = text[: lead if lead is not None else continued]
            yield Hit(
                stop,
                continued,
                f"'{name}' repeats the end of the previous sentence",
                0.85 if lead is not None else 0.6,
                "",
            )
    for match in _WITHIN.finditer(text):
        phrase = match.group(1)
        words = phrase.split()
        if len({w.lower() for w in words}) == 1:
            continue  # "ha ha ha ha": one word repeated, FT003's business
        if len(words) == 2 and words[1] in _LINKS and words[0] not in _LINKS:
            continue  # "from house to house to", "day by day by"
        if not any(w[0].isupper() or _is_english(w) for w in words):
            continue  # not English: "de las de las"
        if (
            word_before(text, match.start()) == words[-1]
            or word_after(text, match.end()) == words[0]
        ):
            continue  # a chain: "more and more and more", "one by one by one"
        yield Hit(
            match.end(1),
            match.end(),
            f"The phrase '{phrase}' is repeated",
            0.85,
            "",
        )


RULE = Rule(
    code="FT004",
    name="repeated-phrase",
    summary="A phrase or name is repeated.",
    issue_type="duplication",
    thresholds={"MAX_LEAD_IN": MAX_LEAD_IN},
    fires=(
        Example(
            "The cabinet, led by the veteran Anna Brandt. Anna Brandt, proved unable to act.",
            "The cabinet, led by the veteran Anna Brandt, proved unable to act.",
        ),
        Example(
            "Aid was sent by the Red Cross. Red Cross, the UN and others.",
            "Aid was sent by the Red Cross, the UN and others.",
        ),
    ),
    silent=(
        "It was a disaster. A disaster.",
        "He sang New York, New York at the party.",
        "Prices rose more and more and more.",
        "Traders went from house to house to sell bread.",
        "We will fight. We will fight.",
        "The album was produced by Harlow. Harlow later toured with the band.",
        "The mill was later sold to Green Valley Foods. Green Valley Foods closed it.",
        "A Profile Of Envoy Tomas Berg.\n\nTomas Berg spoke to reporters.",
        "Her essay cited the poem Canciones de la de la Vega in full.",
        "It marked the execution of Ramon Ortega Valencia. Valencia, a lawyer, was shot.",
        "The firm was run by Tom Hale. Hale, 54, retired in May.",
        "The ship docked at Valmere. Valmere, however, stayed calm.",
    ),
    check=check,
    doc=__doc__,
)
