"""FT006 capitalised-common-word: a common word capitalised mid-sentence.

"launched Working in collaboration with" -> "working". Fires only on a title-cased word
the corpus writes lower-case mid-sentence at least 98% of the time, in running prose
(after a lower-case word or comma), outside names ("Ministry of Defence", "Working
Group"), headings, title-case lines and list items, and not after a colon, quote,
bracket, dash or title word ("the film Arrival"). Words the corpus capitalises
(President, Monday, English, God, Parliament), "I" and acronyms never fire. The last
word before the final stop is left to FT008.
"""

from __future__ import annotations

from collections.abc import Iterator

from fixtext.document import Sentence
from fixtext.rules.base import Hit, Rule
from fixtext.rules.lexicon import is_common_lower
from fixtext.rules.names import in_name, is_heading_or_list, is_title_cased, plain_context, tokens

MIN_PERMILLE = 970


def check(sentence: Sentence, previous: Sentence | None) -> Iterator[Hit]:
    """Yield each capitalised common word in running prose, with its lower-case form."""
    text = sentence.text
    words = tokens(text)
    if is_heading_or_list(text, words):
        return
    for i, word in enumerate(words[:-1]):
        if not is_title_cased(word.text) or not is_common_lower(word.text, MIN_PERMILLE):
            continue
        if not plain_context(text, words, i) or in_name(words, i):
            continue
        yield (
            word.start,
            word.end,
            f"'{word.text}' is capitalised in the middle of a sentence",
            0.55,
            word.text.lower(),
        )


RULE = Rule("FT006", "capitalised-common-word", "A common word is capitalised.", check)
