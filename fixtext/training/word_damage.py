"""Word-level training data for the BERT detector (issue 22, part 2): clean sentences
damaged the way article spinners damage them, each word labelled OK or BAD, and the real
word-level OK/BAD tags of MLQE-PE.

The damage draws on WordNet (:mod:`fixtext.lexicon.wordnet`), never on FT014's table
(``fixtext/data/confusions.tsv``) or :mod:`fixtext.training.noise`'s own tables, so that
a detector trained here and measured on FT014's class is not measured on its own source:

- ``wrong_sense``: a word becomes a lemma of one of its *other* senses, never one of its
  first (commonest) sense's (``concerns`` -> ``businesses``, ``raised`` -> ``brought up``),
  inflected like the word it replaces;
- ``related``: a derivationally related form, or an "also see" / "similar to" /
  pertainym neighbour (``decide`` -> ``decision``, ``happy`` -> ``glad``);
- ``self_coordination``: a word coordinated with itself (``Muslims and Islam`` ->
  ``Muslims and Muslims``, the second conjunct BAD; else ``X`` -> ``X and X``);
- ``drop``: a function word dropped.

Labels: every word an edit put into the sentence is BAD; a dropped word has no word left,
so the word right after the gap is BAD (the word before it when the gap ends the
sentence or precedes punctuation). Everything else is OK. A share of the sentences is
left clean. :class:`Example` keeps the edits, so a test can undo them.

MLQE-PE (``../shared/eval/mt-postedit/<pair>/<split>.mt.tok`` and ``.mt.tags``): the tags
line of a sentence of N words holds either N word tags or 2N+1 tags, gaps and words
interleaved (gap, word, gap, ..., word, gap); only the word tags are kept.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from fixtext.document import split_sentences
from fixtext.evaluate.datasets import word_labels
from fixtext.lexicon.inflection import inflect
from fixtext.lexicon.substitutes import STOP_WORDS, swappable
from fixtext.lexicon.wordnet import POS, WordNet
from fixtext.model.masked_lm import WORD

OK, BAD = 0, 1
LEMMA = re.compile(r"^[a-z]+(?: [a-z]+)?$")  # one or two lower-case words
#: Function words ``drop`` removes (articles, prepositions, auxiliaries, "that").
DROPPABLE = frozenset(
    "the a an of to in on at for with by from is are was were has have had be been that".split()
)
#: Weights of the edits; see :func:`damage`.
OPS = (("wrong_sense", 0.4), ("related", 0.25), ("self_coordination", 0.15), ("drop", 0.2))


@dataclass(frozen=True)
class Edit:
    kind: str
    #: Index, in the final sentence, of the first new word (for ``drop``: of the word
    #: after the gap); later edits shift it.
    at: int
    old: tuple[str, ...]  # the words replaced or dropped
    new: tuple[str, ...]  # the words put in their place


@dataclass
class Example:
    """A sentence as words, one label a word (OK 0, BAD 1), and the edits that made it."""

    words: list[str]
    labels: list[int]
    source: str = ""
    edits: list[Edit] = field(default_factory=list)


def tokenize(sentence: str) -> list[str]:
    """Words and punctuation marks, as MLQE-PE's ``.tok`` files split them (roughly)."""
    return WORD.findall(sentence)


# -- candidates from WordNet ---------------------------------------------------------------


def wrong_sense_candidates(wordnet: WordNet, word: str) -> list[str]:
    """Replacements for ``word`` (lower case) from senses other than its first: lemmas of
    its second and later synsets (in any part of speech it has) that are in none of its
    first synsets, inflected like ``word``."""
    out: list[str] = []
    for pos in POS:
        for base, suffix, _ in wordnet.base_forms(word, pos):
            if suffix == "*":
                continue
            synsets = wordnet.synsets(base, pos)
            if len(synsets) < 2:
                continue
            first = {w.lower() for w in synsets[0].words()} | {base.replace("_", " ")}
            for synset in synsets[1:]:
                for lemma in synset.words():
                    if lemma in first or not LEMMA.match(lemma):
                        continue
                    form = inflect(lemma, pos, suffix, wordnet.irregular(pos))
                    if form and form != word and form not in out:
                        out.append(form)
    return out


def related_candidates(wordnet: WordNet, word: str) -> list[str]:
    """Replacements for ``word`` among WordNet's related words of its base forms:
    derivationally related forms, "also see", "similar to", pertainyms; inflected like
    ``word`` when in the same part of speech, else as WordNet writes them."""
    out: list[str] = []
    for pos in POS:
        for base, suffix, _ in wordnet.base_forms(word, pos):
            if suffix == "*":
                continue
            for lemma, target_pos, _symbol in wordnet.related(base, pos):
                if not LEMMA.match(lemma):
                    continue
                if target_pos == pos:
                    form = inflect(lemma, pos, suffix, wordnet.irregular(pos))
                else:
                    form = lemma
                if form and form != word and form != base and form not in out:
                    out.append(form)
    return out


# -- the edits -----------------------------------------------------------------------------


def _content_positions(example: Example) -> list[int]:
    return [
        i
        for i, (w, label) in enumerate(zip(example.words, example.labels, strict=True))
        if label == OK and swappable(w)
    ]


def _replace(example: Example, i: int, new: list[str], kind: str) -> Edit:
    old = example.words[i]
    example.words[i : i + 1] = new
    example.labels[i : i + 1] = [BAD] * len(new)
    edit = Edit(kind, i, (old,), tuple(new))
    _shift(example, i, len(new) - 1)
    example.edits.append(edit)
    return edit


def _shift(example: Example, at: int, by: int) -> None:
    """Move the recorded edits after ``at`` by ``by`` words."""
    if by:
        example.edits = [
            Edit(e.kind, e.at + by, e.old, e.new) if e.at > at else e for e in example.edits
        ]


def substitute(example: Example, rng: random.Random, wordnet: WordNet, kind: str) -> bool:
    """One ``wrong_sense`` or ``related`` swap at a random content word."""
    finder = wrong_sense_candidates if kind == "wrong_sense" else related_candidates
    positions = _content_positions(example)
    rng.shuffle(positions)
    for i in positions[:12]:
        candidates = finder(wordnet, example.words[i])
        if candidates:
            _replace(example, i, rng.choice(candidates).split(" "), kind)
            return True
    return False


def self_coordination(example: Example, rng: random.Random, _wordnet: WordNet) -> bool:
    """``A and B`` -> ``A and A`` (B becomes BAD); failing that ``X`` -> ``X and X`` (the
    new ``and X`` BAD)."""
    words, labels = example.words, example.labels
    pairs = [
        i
        for i in range(1, len(words) - 1)
        if words[i] in ("and", "or")
        and labels[i - 1 : i + 2] == [OK, OK, OK]
        and words[i - 1].isalpha()
        and words[i + 1].isalpha()
        and words[i - 1].lower() != words[i + 1].lower()
        and words[i - 1].lower() not in STOP_WORDS
        and words[i + 1].lower() not in STOP_WORDS
    ]
    if pairs:
        i = rng.choice(pairs)
        _replace(example, i + 1, [words[i - 1]], "self_coordination")
        return True
    positions = _content_positions(example)
    if not positions:
        return False
    i = rng.choice(positions)
    new = ["and", words[i]]
    words[i + 1 : i + 1] = new
    labels[i + 1 : i + 1] = [BAD, BAD]
    _shift(example, i, 2)
    example.edits.append(Edit("self_coordination", i + 1, (), tuple(new)))
    return True


def drop(example: Example, rng: random.Random, _wordnet: WordNet) -> bool:
    """Drop a function word; the word after the gap (or before it) becomes BAD."""
    words, labels = example.words, example.labels
    positions = [
        i
        for i in range(1, len(words))
        if words[i].lower() in DROPPABLE
        and labels[i] == OK
        and i + 1 < len(words)
        and labels[i + 1] == OK
    ]
    if not positions:
        return False
    i = rng.choice(positions)
    old = words.pop(i)
    labels.pop(i)
    _shift(example, i, -1)
    marked = i if words[i][0].isalnum() else i - 1
    labels[marked] = BAD
    example.edits.append(Edit("drop", i, (old,), ()))
    return True


def damage(
    words: Sequence[str],
    rng: random.Random,
    wordnet: WordNet,
    clean_share: float = 0.25,
    max_edits: int = 3,
    source: str = "",
) -> Example:
    """``words`` with 0 (``clean_share`` of the time) or 1..``max_edits`` edits."""
    example = Example(list(words), [OK] * len(words), source)
    if rng.random() < clean_share:
        return example
    wanted = rng.randint(1, max_edits)
    names = [name for name, _ in OPS]
    weights = [weight for _, weight in OPS]
    for _ in range(wanted * 3):
        if len(example.edits) >= wanted:
            break
        kind = rng.choices(names, weights)[0]
        if kind in ("wrong_sense", "related"):
            substitute(example, rng, wordnet, kind)
        elif kind == "self_coordination":
            self_coordination(example, rng, wordnet)
        else:
            drop(example, rng, wordnet)
    return example


# -- sources -------------------------------------------------------------------------------


def corpus_sentences(
    corpus: Path,
    sources: Iterable[str],
    split: str,
    count: int,
    seed: int,
    min_words: int = 6,
    max_words: int = 50,
) -> list[tuple[str, str]]:
    """``count`` ``(source, sentence)`` drawn evenly from ``<corpus>/<source>.<split>.txt``
    (random paragraphs, seeded), each sentence with ``min_words..max_words`` tokens."""
    sources = list(sources)
    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    for n, source in enumerate(sources):
        quota = count // len(sources) + (1 if n < count % len(sources) else 0)
        lines = (corpus / f"{source}.{split}.txt").read_text(encoding="utf-8").splitlines()
        order = list(range(len(lines)))
        rng.shuffle(order)
        taken = 0
        for index in order:
            if taken >= quota:
                break
            paragraph = lines[index].strip()
            spans = split_sentences(paragraph) if paragraph else []
            if not spans:
                continue
            start, end = rng.choice(spans)
            sentence = " ".join(paragraph[start:end].split())
            if min_words <= len(tokenize(sentence)) <= max_words:
                out.append((source, sentence))
                taken += 1
    return out


@dataclass(frozen=True)
class TaggedSentence:
    """An MLQE-PE MT sentence: its tokens, one OK/BAD label a token, and whether the
    post-editor left it unchanged (None when the post-edits are not there)."""

    pair: str
    words: tuple[str, ...]
    labels: tuple[int, ...]
    unchanged: bool | None = None


def word_tags(line: str, n_words: int) -> tuple[int, ...]:
    """The word tags of one tags line (gap tags dropped) as OK 0 / BAD 1."""
    return tuple(BAD if bad else OK for bad in word_labels(line.split(), n_words))


def format_tags(labels: Sequence[int], gaps: bool = True) -> str:
    """A tags line for ``labels`` (gap tags OK when ``gaps``): :func:`word_tags`' inverse."""
    names = ["BAD" if label else "OK" for label in labels]
    if gaps:
        names = [x for name in names for x in ("OK", name)] + ["OK"]
    return " ".join(names)


def read_mlqe(pair_dir: Path, split: str) -> list[TaggedSentence]:
    """``<pair_dir>/<split>.mt.tok`` with its ``.mt.tags``; ``unchanged`` from
    ``<split>.mt.txt`` and ``<split>.pe.txt`` when both are there."""
    tokens = (pair_dir / f"{split}.mt.tok").read_text(encoding="utf-8").splitlines()
    tags = (pair_dir / f"{split}.mt.tags").read_text(encoding="utf-8").splitlines()
    if len(tokens) != len(tags):
        raise ValueError(f"{pair_dir}: {len(tokens)} sentences, {len(tags)} tag lines")
    mt, pe = pair_dir / f"{split}.mt.txt", pair_dir / f"{split}.pe.txt"
    same: list[bool | None] = [None] * len(tokens)
    if mt.is_file() and pe.is_file():
        mt_lines, pe_lines = mt.read_text("utf-8").splitlines(), pe.read_text("utf-8").splitlines()
        pairs = zip(mt_lines, pe_lines, strict=True)
        same = [m.strip() == p.strip() for m, p in pairs]
    out = []
    for n, (line, tag_line) in enumerate(zip(tokens, tags, strict=True)):
        words = tuple(line.split())
        try:
            labels = word_tags(tag_line, len(words))
        except ValueError as error:
            raise ValueError(f"{pair_dir}/{split}.mt.tags line {n + 1}: {error}") from None
        out.append(TaggedSentence(pair_dir.name, words, labels, same[n]))
    return out
