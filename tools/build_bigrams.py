"""Build ``fixtext/data/bigrams.npz``, the bigram table of :mod:`fixtext.lexicon.bigrams`.

Reads the sentences of every ``../shared/corpus/*.train.txt`` (de-duplicated,
:func:`fixtext.training.data.load_corpus`), counts lower-cased token pairs after a start
symbol, and keeps *statistics* only: the count of each pair seen at least
``MIN_PAIR_COUNT`` times, and per word (seen at least ``MIN_WORD_COUNT`` times) its
count as a history and its numbers of distinct followers and predecessors.

Usage: ``python -m tools.build_bigrams [CORPUS_DIR] [OUT_FILE]`` (defaults
``../shared/corpus`` and ``fixtext/data/bigrams.npz``).
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from pathlib import Path

import numpy as np

from fixtext.lexicon.bigrams import START, VOCAB_STRIDE, tokens
from fixtext.training.data import load_corpus
from tools.shared_data import ROOT, parse_builder

MIN_PAIR_COUNT = 3
MIN_WORD_COUNT = 3


def build(corpus: Path, out: Path) -> None:
    """Count the corpus and write the table to ``out``."""
    sources = sorted(p.name.removesuffix(".train.txt") for p in corpus.glob("*.train.txt"))
    ids: dict[str, int] = {START: 0}
    pairs: Counter[int] = Counter()
    for sentence in load_corpus(corpus, sources=sources):
        row = [ids.setdefault(t, len(ids)) for t in [START, *tokens(sentence)]]
        pairs.update(v * VOCAB_STRIDE + w for v, w in pairwise(row))
    n = len(ids)
    histories = np.zeros(n, dtype=np.int64)
    followers = np.zeros(n, dtype=np.int64)
    predecessors = np.zeros(n, dtype=np.int64)
    for key, count in pairs.items():
        v, w = divmod(key, VOCAB_STRIDE)
        histories[v] += count
        followers[v] += 1
        predecessors[w] += 1
    # keep words seen often enough (as history or follower), renumbered in order
    uses = histories + np.bincount([k % VOCAB_STRIDE for k in pairs], minlength=n)
    keep = np.flatnonzero(uses >= MIN_WORD_COUNT)
    new_id = np.full(n, -1, dtype=np.int64)
    new_id[keep] = np.arange(len(keep))
    words = [""] * len(keep)
    for word, old in ids.items():
        if new_id[old] >= 0:
            words[new_id[old]] = word
    kept = sorted(
        (int(new_id[v]) * VOCAB_STRIDE + int(new_id[w]), count)
        for key, count in pairs.items()
        if count >= MIN_PAIR_COUNT
        for v, w in [divmod(key, VOCAB_STRIDE)]
        if new_id[v] >= 0 and new_id[w] >= 0
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out,
        words=np.array("\n".join(words)),
        histories=histories[keep].astype(np.uint32),
        followers=followers[keep].astype(np.uint32),
        predecessors=predecessors[keep].astype(np.uint32),
        pair_keys=np.array([k for k, _ in kept], dtype=np.uint64),
        pair_counts=np.array([c for _, c in kept], dtype=np.uint32),
    )
    print(f"{len(pairs)} pairs in all, {len(kept)} kept; {len(words)} words; {out}")


def main() -> None:
    """Command-line entry point."""
    corpus, out = parse_builder(__doc__.splitlines()[0], ROOT / "fixtext" / "data" / "bigrams.npz")
    build(corpus, out)


if __name__ == "__main__":
    main()
