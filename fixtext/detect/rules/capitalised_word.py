"""FT006 capitalised-common-word: a common word capitalised mid-sentence.

"launched Working in collaboration with" -> "working". Fires only on a title-cased word
the corpus writes lower-case mid-sentence at least :data:`MIN_PERMILLE` times in a
thousand, in running prose (after a lower-case word or comma), outside names ("Ministry
of Defence", "Working Group"), headings, title-case lines and list items, and not after
a colon, quote, bracket, dash or title word ("the film Arrival"). Words the corpus
capitalises (President, Monday, English, God, Parliament), "I" and acronyms never fire.
The last word before the final stop is left to FT008.

A capitalised closed-class word between two lower-case words ("applying to list The
preferred stock", "settled In the 1840s") fires too: it is either case damage or a lost
sentence break ("happier The chorus"), and lower-casing would wrongly repair the second.
The corpus bigram model (:mod:`fixtext.lexicon.bigrams`) decides: the word is lower-cased when
the two words read better as one sentence than with a full stop between them by
:data:`BREAK_MARGIN` (natural log probability), and reported without a fix otherwise: a
margin that about half the case damage of held-out text reaches and a real sentence
break with its stop removed rarely does (see docs/thresholds.md). One-letter words
("grade A beef") and words that are also months or names ("in May last year", "told Will
that") never fire.
"""

from __future__ import annotations

from collections.abc import Iterator

from fixtext.codes import Example
from fixtext.detect.rules.base import Hit, Rule, graded_hit
from fixtext.document import Sentence
from fixtext.lexicon.bigrams import BigramModel
from fixtext.lexicon.names import (
    CLOSED_CLASS,
    DETERMINERS,
    TITLE_INTRODUCERS,
    Token,
    in_name,
    is_heading_or_list,
    is_title_cased,
    plain_context,
    tokens,
)
from fixtext.lexicon.words import is_common_lower

MIN_PERMILLE = 970
#: Gain of reading a capitalised closed-class word with the word before it, over reading
#: a lost full stop between them, from which it is lower-cased.
BREAK_MARGIN = 7.0


def _closed_class_inside(text: str, words: list[Token], i: int) -> bool:
    """True when word ``i`` is a closed-class word with single spaces to lower-case
    words on both sides, the one before not a determiner or a title word."""
    if i == 0 or words[i].text.lower() not in CLOSED_CLASS:
        return False
    prev, word, after = words[i - 1], words[i], words[i + 1]
    if text[prev.end : word.start] != " " or text[word.end : after.start] != " ":
        return False
    if not (prev.text.isalpha() and prev.text.islower() and after.text.isalpha()):
        return False
    return (
        after.text.islower()
        and prev.text not in TITLE_INTRODUCERS
        and prev.text not in DETERMINERS
        and not in_name(words, i)
    )


def check(sentence: Sentence, previous: Sentence | None) -> Iterator[Hit]:
    """Yield each capitalised common word in running prose, with its lower-case form."""
    text = sentence.text
    words = tokens(text)
    if is_heading_or_list(text, words):
        return
    for i, word in enumerate(words[:-1]):
        if is_title_cased(word.text) and _closed_class_inside(text, words, i):
            yield graded_hit(
                word.start,
                word.end,
                BigramModel.shipped().stop_gain(words[i - 1].text, word.text),
                BREAK_MARGIN,
                word.text.lower(),
                (
                    f"'{word.text}' is capitalised between lower-case words",
                    f"'{word.text}' is capitalised between lower-case words: "
                    "a case error or a lost sentence break",
                ),
            )
            continue
        if not is_title_cased(word.text) or not is_common_lower(word.text, MIN_PERMILLE):
            continue
        if not plain_context(text, words, i) or in_name(words, i):
            continue
        yield Hit(
            word.start,
            word.end,
            f"'{word.text}' is capitalised in the middle of a sentence",
            0.55,
            word.text.lower(),
        )


RULE = Rule(
    code="FT006",
    name="capitalised-common-word",
    summary="A common word is capitalised.",
    issue_type="typographical",
    thresholds={"MIN_PERMILLE": MIN_PERMILLE, "BREAK_MARGIN": BREAK_MARGIN},
    fires=(
        Example(
            "The village lost Money when the bank closed.",
            "The village lost money when the bank closed.",
        ),
        Example(
            "Officials told Reporters that the deal would be signed soon.",
            "Officials told reporters that the deal would be signed soon.",
        ),
    ),
    silent=(
        "Working with partners, the agency built schools.",
        "The minister said: Nobody will be left behind.",
        "He shouted “Stop the vote” at the crowd.",
        "The plan (Working title) was dropped.",
        "Breaking News From The Capital",
        "- Working groups meet weekly",
        "1. Working groups meet weekly.",
        "He met the President on Monday to discuss English lessons.",
        "They prayed to God in the Parliament building.",
        "Yesterday I said the NATO summit was over.",
        "The Ministry of Defence said the Working Group would meet.",
        "She starred in the film Arrival last year.",
        "Inflation fell in May last year and rose in the spring.",
        "She told Will that the train had left.",
        "The shop sells grade A beef and fresh fish.",
        "She starred in the film The wall of sound last year.",
        "He has crowned the year with His goodness, the preacher said.",
        "They met in The Hague on Monday.",
        "He said, The end is near.",
    ),
    check=check,
    doc=__doc__,
)
