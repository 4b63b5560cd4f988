"""Build ``fixtext/data/trigrams.npz``, the trigram table of :mod:`fixtext.lexicon.trigrams`.

Reads the sentences of every ``../shared/corpus/*.train.txt`` (de-duplicated,
:func:`fixtext.training.data.load_corpus`, as ``tools/build_bigrams.py`` does), maps
their lower-cased tokens to the word ids of the shipped bigram table (a word it does not
list is one "unknown" id), counts word triples after two start symbols, and keeps
*statistics* only: the count of each triple of listed words seen at least
``MIN_TRIPLE_COUNT`` times, and for each two-word history that begins a kept triple its
count as a history and its number of distinct followers (over all triples).

Usage: ``python -m tools.build_trigrams [CORPUS_DIR] [OUT_FILE]`` (defaults
``../shared/corpus`` and ``fixtext/data/trigrams.npz``). Run it after
``build_bigrams.py``: the ids are the bigram table's. It took 31 s on 2 cores (2026-12-06).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from fixtext.lexicon.bigrams import START, BigramModel, tokens
from fixtext.lexicon.trigrams import ID_BITS
from fixtext.training.data import load_corpus
from tools.shared_data import ROOT, parse_builder

MIN_TRIPLE_COUNT = 3


def build(corpus: Path, out: Path) -> None:
    """Count the corpus and write the table to ``out``."""
    bigrams = BigramModel.shipped()
    unknown = len(bigrams.ids)
    assert unknown < 1 << ID_BITS, "word ids no longer fit the packed keys"
    sources = sorted(p.name.removesuffix(".train.txt") for p in corpus.glob("*.train.txt"))
    packed: list[np.ndarray] = []
    for sentence in load_corpus(corpus, sources=sources):
        ids = bigrams.ids_of([START, START, *tokens(sentence)])
        ids[ids < 0] = unknown
        packed.append((ids[:-2] << 2 * ID_BITS) | (ids[1:-1] << ID_BITS) | ids[2:])
    keys, counts = np.unique(np.concatenate(packed), return_counts=True)
    histories = keys >> ID_BITS
    history_keys, position = np.unique(histories, return_inverse=True)
    history_counts = np.bincount(position, weights=counts).astype(np.int64)
    history_followers = np.bincount(position)
    mask = (1 << ID_BITS) - 1
    listed = ((keys >> 2 * ID_BITS) != unknown) & (((keys >> ID_BITS) & mask) != unknown)
    keep = listed & ((keys & mask) != unknown) & (counts >= MIN_TRIPLE_COUNT)
    kept_histories = np.unique(histories[keep])
    at = np.searchsorted(history_keys, kept_histories)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out,
        keys=keys[keep].astype(np.int64),
        counts=counts[keep].astype(np.uint32),
        history_keys=kept_histories.astype(np.int64),
        history_counts=history_counts[at].astype(np.uint32),
        history_followers=history_followers[at].astype(np.uint32),
    )
    print(f"{len(keys)} triples in all, {int(keep.sum())} kept; {len(kept_histories)} histories")


def main() -> None:
    """Command-line entry point."""
    corpus, out = parse_builder(__doc__.splitlines()[0], ROOT / "fixtext" / "data" / "trigrams.npz")
    build(corpus, out)


if __name__ == "__main__":
    main()
