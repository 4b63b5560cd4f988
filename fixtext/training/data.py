"""Read the clean corpus into sentences and batch (garbled, clean) pairs for training."""

from __future__ import annotations

import gzip
import random
from collections.abc import Iterable, Iterator
from pathlib import Path

from fixtext.document import split_sentences
from fixtext.training.noise import Noiser

# Openly licensed sources (see ../shared/corpus/*.PROVENANCE.txt); news sources are
# research-use only and are left out of the default recipe.
DEFAULT_SOURCES = ("enwiki-2018", "sotu-addresses")
MIN_WORDS, MAX_WORDS = 5, 60


def read_sentences(path: Path, min_words: int = MIN_WORDS, max_words: int = MAX_WORDS) -> list[str]:
    """Sentences of ``path`` (one paragraph per line; gzip-compressed when it ends in
    ``.gz``) with ``min_words..max_words`` words."""
    if path.suffix == ".gz":
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    out: list[str] = []
    for line in text.splitlines():
        paragraph = line.strip()
        for start, end in split_sentences(paragraph):
            sentence = " ".join(paragraph[start:end].split())
            if min_words <= sentence.count(" ") + 1 <= max_words:
                out.append(sentence)
    return out


def load_corpus(
    corpus: Path, sources: Iterable[str] = DEFAULT_SOURCES, split: str = "train"
) -> list[str]:
    """De-duplicated sentences of ``<corpus>/<source>.<split>.txt`` (or its ``.txt.gz``
    copy) for every source."""
    seen: set[str] = set()
    out: list[str] = []
    for source in sources:
        path = corpus / f"{source}.{split}.txt"
        if not path.is_file() and path.with_name(path.name + ".gz").is_file():
            path = path.with_name(path.name + ".gz")
        for sentence in read_sentences(path):
            if sentence not in seen:
                seen.add(sentence)
                out.append(sentence)
    return out


def batches(
    sentences: list[str], batch_size: int, seed: int, start_step: int = 0
) -> Iterator[list[tuple[str, str]]]:
    """Endless (garbled, clean) batches; batch ``step`` depends only on ``seed`` and ``step``.

    Each batch draws ``batch_size * 8`` sentences, sorts them by length and takes one
    contiguous run, so a batch holds sentences of similar length (less padding).
    """
    step = start_step
    while True:
        rng = random.Random(seed * 1_000_003 + step)
        pool = sorted(rng.sample(sentences, min(len(sentences), batch_size * 8)), key=len)
        first = rng.randrange(0, max(1, len(pool) - batch_size + 1))
        noiser = Noiser(rng.randrange(2**31))
        yield noiser.pairs(pool[first : first + batch_size])
        step += 1
