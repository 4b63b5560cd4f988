"""Turn clean sentences into (garbled, clean) pairs with the damage MT and spinners leave.

Every operation is a small function ``op(words, rng) -> words`` on the white-space split
of a sentence; it returns the words unchanged when it finds nothing to damage. The mix
follows MAGEC (the number of edits per sentence is ``|N(0.15, 0.2)|`` times the length)
and PIE's errorify, with the classes seen in real garbled news pages: spurious sentence
breaks with a moved fragment, words run together, duplicated words and entities, related
and wrong-sense word swaps, dropped function words, stray words, agreement flips, word
order swaps, case damage and punctuation debris. A share of sentences is left intact so
a model also learns to leave good text alone.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from fixtext.lexicon.words import COMMON_FUNCTION_WORDS, confusions, is_word, noun_plurals

Words = list[str]
Op = Callable[[Words, random.Random], Words]


#: Related-word confusions MT systems make: morphology, near synonyms, prepositions.
CONFUSIONS = confusions("related")
#: Wrong-sense synonyms as article spinners pick them: right in some context, wrong here.
SPINNER_SYNONYMS = confusions("spinner")

_NUMBER_FLIPS: dict[str, str] = {
    "is": "are",
    "are": "is",
    "was": "were",
    "were": "was",
    "has": "have",
    "have": "has",
    "does": "do",
    "do": "does",
    "this": "these",
    "these": "this",
    "that": "those",
    "those": "that",
    "it": "they",
    "they": "it",
}

_STRAY_WORDS = (
    "the a one also which very more that it of some member Father just even then so there "
    "this such own other well".split()
)
_DEBRIS = (" ,", ". ,", ". .", " .", ",,", " ;", ", ,", "..")
_PUNCT_TAIL = re.compile(r"[.,;:!?\"'”’)\]]+$")
_ALPHA = re.compile(r"^[A-Za-z][a-z]+$")


def _core(word: str) -> tuple[str, str]:
    """Split trailing punctuation off ``word``: ``"Mali,"`` -> ``("Mali", ",")``."""
    match = _PUNCT_TAIL.search(word)
    if not match or match.start() == 0:
        return word, ""
    return word[: match.start()], word[match.start() :]


def _pick(rng: random.Random, words: Words, ok: Callable[[int, str], bool]) -> int | None:
    """A random index whose word satisfies ``ok(index, word)``, or None."""
    choices = [i for i, w in enumerate(words) if ok(i, w)]
    return rng.choice(choices) if choices else None


def _is_plain(word: str) -> bool:
    return bool(_ALPHA.match(word))


def _match_case(template: str, word: str) -> str:
    return word[0].upper() + word[1:] if template[:1].isupper() else word


def spurious_break(words: Words, rng: random.Random) -> Words:
    """Insert a full stop mid-sentence, often moving one word behind it.

    ``over the vast large central region of`` -> ``over the vast central region. large of``.
    """
    if len(words) < 5:
        return words
    out = list(words)
    k = rng.randrange(1, len(out) - 2)
    core, tail = _core(out[k])
    if tail or not core[-1:].isalnum():
        return words
    if rng.random() < 0.5:
        j = _pick(rng, out, lambda i, w: 0 < i < k and _is_plain(w) and w.islower())
        if j is not None:
            moved = out.pop(j)
            k -= 1
            out[k] = out[k] + "."
            out.insert(k + 1, moved)
            return out
    out[k] = core + "."
    return out


def run_together(words: Words, rng: random.Random) -> Words:
    """Join two words across a lost boundary: ``killing While`` -> ``killingWhile``."""
    i = _pick(rng, words[:-1], lambda i, w: w[-1:].isalpha() and words[i + 1][:1].isalpha())
    if i is None:
        return words
    second = words[i + 1]
    if rng.random() < 0.6:
        second = second[0].upper() + second[1:]
    return [*words[:i], words[i] + second, *words[i + 2 :]]


def duplicate_word(words: Words, rng: random.Random) -> Words:
    """Repeat a word or a short phrase: ``to the`` -> ``to to the``."""
    span = 1 if rng.random() < 0.6 else rng.randint(2, 3)
    if len(words) <= span:
        return words
    i = rng.randrange(0, len(words) - span + 1)
    phrase = [_core(w)[0] for w in words[i : i + span]]
    if rng.random() < 0.5:  # repeat before the phrase
        return [*words[:i], *phrase, *words[i:]]
    return [*words[: i + span], *phrase, *words[i + span :]]


def duplicate_entity(words: Words, rng: random.Random) -> Words:
    """Repeat a name after a full stop: ``World Bank.`` -> ``World Bank. World Bank.``."""
    starts = [i for i in range(1, len(words)) if words[i][:1].isupper() and _core(words[i])[0]]
    if not starts:
        return words
    i = rng.choice(starts)
    j = i
    while j + 1 < len(words) and words[j + 1][:1].isupper() and not _core(words[j])[1]:
        j += 1
    name = [_core(w)[0] for w in words[i : j + 1]]
    core, tail = _core(words[j])
    if tail and tail not in ".,":
        return words
    repeated = [*name[:-1], name[-1] + (tail or ".")]
    return [*words[:j], core + ".", *repeated, *words[j + 1 :]]


#: Function words that close a one-word conjunct ("traders and farmers in the valley").
STOP_WORDS = COMMON_FUNCTION_WORDS | {"then", "who", "whose", "when", "where", "while"}


def self_coordination(words: Words, rng: random.Random) -> Words:
    """Replace the second conjunct with the first: ``Islam and Muslims`` -> ``Islam and
    Islam``. Only a one-word conjunct is replaced (the word after it is punctuation or a
    function word), and a sentence without such a coordination is left alone."""

    def content(w: str) -> bool:
        core = _core(w)[0]
        return len(core) > 3 and core.isalpha() and core.lower() not in COMMON_FUNCTION_WORDS

    def ends_conjunct(j: int) -> bool:  # the last word, punctuation, or a function word next
        return j + 1 == len(words) or bool(_core(words[j])[1]) or words[j + 1] in STOP_WORDS

    i = _pick(
        rng,
        words[:-2],
        lambda i, w: (
            w == _core(w)[0]
            and content(w)
            and words[i + 1] in ("and", "or")
            and content(words[i + 2])
            and _core(words[i + 2])[0] != w
            and ends_conjunct(i + 2)
        ),
    )
    if i is None:
        return words
    tail = _core(words[i + 2])[1]
    return [*words[: i + 2], words[i] + tail, *words[i + 3 :]]


def _swap_from(table: dict[str, list[str]], words: Words, rng: random.Random) -> Words:
    i = _pick(rng, words, lambda i, w: _core(w)[0].lower() in table)
    if i is None:
        return words
    core, tail = _core(words[i])
    new = rng.choice(table[core.lower()])
    if new[:1].islower():
        new = _match_case(core, new)
    return [*words[:i], *(new + tail).split(" "), *words[i + 1 :]]


def related_word(words: Words, rng: random.Random) -> Words:
    """Replace a word with a related one: ``amid`` -> ``in the middle``."""
    return _swap_from(CONFUSIONS, words, rng)


def spinner_synonym(words: Words, rng: random.Random) -> Words:
    """Swap a word for a synonym in the wrong sense: ``tensions`` -> ``tanks``."""
    return _swap_from(SPINNER_SYNONYMS, words, rng)


def drop_function_word(words: Words, rng: random.Random) -> Words:
    """Drop a function word: ``the end of the war`` -> ``the end the war``."""
    i = _pick(rng, words, lambda i, w: w.lower() in COMMON_FUNCTION_WORDS and i > 0)
    if i is None:
        return words
    return [*words[:i], *words[i + 1 :]]


def stray_word(words: Words, rng: random.Random) -> Words:
    """Insert a stray word: ``counter-terrorism.`` -> ``counter-terrorism Father.``."""
    i = rng.randrange(1, len(words) + 1)
    return [*words[:i], rng.choice(_STRAY_WORDS), *words[i:]]


@cache
def _irregular_numbers() -> dict[str, str]:
    """Singular -> plural and plural -> singular for the nouns of ``noun_plurals.tsv``."""
    plurals = noun_plurals()
    return {**{plural: singular for singular, plural in plurals.items()}, **plurals}


def _number_flip(word: str) -> str | None:
    """The other number of a lower-case noun (``forces`` <-> ``force``), when that form is
    a known word: MT output is real words, never ``harvesteds``."""
    irregular = _irregular_numbers().get(word)
    if irregular:
        return irregular
    if word.endswith("ies"):
        flipped = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith("ss"):
        flipped = word[:-1]
    else:
        flipped = word[:-1] + "ies" if word.endswith("y") else word + "s"
    return flipped if is_word(flipped) else None


def agreement_flip(words: Words, rng: random.Random) -> Words:
    """Flip number agreement: ``troops are`` -> ``troops is``, ``forces`` -> ``force``."""
    flips = [i for i, w in enumerate(words) if _core(w)[0].lower() in _NUMBER_FLIPS]
    nouns = [
        i
        for i, w in enumerate(words)
        if i > 0
        and _is_plain(_core(w)[0])
        and len(_core(w)[0]) > 4
        and w.islower()
        and _number_flip(_core(w)[0])
    ]
    if flips and (not nouns or rng.random() < 0.6):
        i = rng.choice(flips)
        core, tail = _core(words[i])
        new = _match_case(core, _NUMBER_FLIPS[core.lower()])
        return [*words[:i], new + tail, *words[i + 1 :]]
    if not nouns:
        return words
    i = rng.choice(nouns)
    core, tail = _core(words[i])
    return [*words[:i], f"{_number_flip(core)}{tail}", *words[i + 1 :]]


def order_swap(words: Words, rng: random.Random) -> Words:
    """Swap two neighbouring words: ``central region`` -> ``region central``."""
    i = _pick(rng, words[:-1], lambda i, w: _is_plain(w) and _is_plain(words[i + 1]))
    if i is None:
        return words
    a, b = words[i], words[i + 1]
    if i == 0:  # keep the sentence capital in front
        a, b = a.lower(), _match_case("A", b)
    return [*words[:i], b, a, *words[i + 2 :]]


def case_damage(words: Words, rng: random.Random) -> Words:
    """Capitalise a common word mid-sentence (``Working``) or lower-case a name."""
    i = _pick(rng, words, lambda i, w: i > 0 and w[:1].isalpha())
    if i is None:
        return words
    word = words[i]
    new = word[0].lower() + word[1:] if word[0].isupper() else word[0].upper() + word[1:]
    return [*words[:i], new, *words[i + 1 :]]


def punctuation_debris(words: Words, rng: random.Random) -> Words:
    """Leave punctuation debris: ``Chad, Mali`` -> ``Chad. , Mali``; ``done.`` -> ``done. .``."""
    i = rng.randrange(0, len(words))
    core, tail = _core(words[i])
    if tail and rng.random() < 0.5:
        new = core + rng.choice((" " + tail, ". " + tail, tail + " " + tail[-1]))
    else:
        new = words[i] + rng.choice(_DEBRIS)
    return [*words[:i], *new.split(" "), *words[i + 1 :]]


def delete_word(words: Words, rng: random.Random) -> Words:
    """Delete any word (MAGEC's generic deletion)."""
    if len(words) < 4:
        return words
    i = rng.randrange(1, len(words))
    return [*words[:i], *words[i + 1 :]]


OPERATIONS: dict[str, tuple[Op, float]] = {
    "spinner_synonym": (spinner_synonym, 0.16),
    "related_word": (related_word, 0.14),
    "drop_function_word": (drop_function_word, 0.08),
    "duplicate_word": (duplicate_word, 0.07),
    "spurious_break": (spurious_break, 0.07),
    "agreement_flip": (agreement_flip, 0.07),
    "punctuation_debris": (punctuation_debris, 0.07),
    "stray_word": (stray_word, 0.06),
    "order_swap": (order_swap, 0.06),
    "case_damage": (case_damage, 0.05),
    "run_together": (run_together, 0.05),
    "delete_word": (delete_word, 0.04),
    "self_coordination": (self_coordination, 0.04),
    "duplicate_entity": (duplicate_entity, 0.04),
}


@dataclass(frozen=True)
class NoiseConfig:
    """Rates of the noise mix."""

    identity_rate: float = 0.35
    edit_mean: float = 0.15
    edit_std: float = 0.2
    max_edits: int = 5


class Noiser:
    """Seeded garbler: ``Noiser(seed).garble(sentence)`` is deterministic per seed."""

    def __init__(self, seed: int = 0, config: NoiseConfig | None = None) -> None:
        self.rng = random.Random(seed)
        self.config = config or NoiseConfig()
        self._ops = [op for op, _ in OPERATIONS.values()]
        self._weights = [weight for _, weight in OPERATIONS.values()]

    def edit_count(self, n_words: int) -> int:
        """MAGEC: ``|N(mean, std)| * length`` edits, at least 1, at most ``max_edits``."""
        rate = abs(self.rng.gauss(self.config.edit_mean, self.config.edit_std))
        return max(1, min(self.config.max_edits, round(rate * n_words)))

    def garble(self, sentence: str) -> str:
        """A damaged copy of ``sentence``, or the sentence itself ``identity_rate`` of the time."""
        words = sentence.split(" ")
        if self.rng.random() < self.config.identity_rate or len(words) < 3:
            return sentence
        for _ in range(self.edit_count(len(words))):
            op = self.rng.choices(self._ops, self._weights)[0]
            words = op(words, self.rng) or words
        return " ".join(w for w in words if w)

    def pairs(self, sentences: list[str]) -> list[tuple[str, str]]:
        """(garbled, clean) pairs for ``sentences``, in order."""
        return [(self.garble(s), s) for s in sentences]
