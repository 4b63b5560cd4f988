"""What a word might have replaced, by BERT's own similarity: its nearest words in BERT's
input-embedding space.

``fixtext/data/bert_neighbours.tsv`` (built by ``python -m tools.build_neighbours`` from
BERT-base cased's embeddings, Apache-2.0) lists, for each content word of BERT's
vocabulary, its nearest other words ("region": area, province, regional, district...),
without its own inflections, spelling variants and abbreviations. They are FT102's
fill-mask candidates with a similarity prior: BERT, with the word masked, decides which of
them, if any, fits the place far better than the word.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

#: The shipped table.
NEIGHBOURS_FILE = Path(str(resources.files("fixtext") / "data" / "bert_neighbours.tsv"))


@cache
def _table() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for line in NEIGHBOURS_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, near = line.split("\t")
            table[word] = tuple(near.split())
    return table


def neighbours(word: str) -> tuple[str, ...]:
    """``word``'s nearest words in BERT's embedding space, nearest first (none for a word
    BERT knows only in pieces)."""
    return _table().get(word, ())
