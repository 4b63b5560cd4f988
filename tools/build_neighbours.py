"""Build ``fixtext/data/bert_neighbours.tsv``: for each content word of BERT's vocabulary,
the words nearest it in BERT's own input-embedding space (FT102's third candidate source).

BERT's fill-mask predictions are the words likeliest in a place; a spinner's or a
translator's wrong word is usually *similar* to the right one (a synonym of another
sense, a related word of another form). This table is that similarity prior, taken from
BERT itself: the cosine of the two words' input embeddings. FT102 offers a word's
neighbours as candidates and BERT, masked, ranks them in context, so a flag needs a
neighbour that is also far likelier in the word's place.

Kept: single-piece lower-case content words (:func:`fixtext.lexicon.substitutes.swappable`)
of BERT's vocabulary; for each, the :data:`NEIGHBOURS` nearest with a cosine of at least
:data:`MIN_COSINE`, leaving out the word's inflections (agreement is other rules' work),
spelling variants and abbreviations. Each line is ``word<TAB>neighbour neighbour ...``,
nearest first. The embeddings are Google's BERT-base cased (Apache-2.0), as installed by
``fixtext model install``.

Usage: ``python -m tools.build_neighbours [OUT]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fixtext.lexicon.mined import inflection_of
from fixtext.lexicon.neighbours import NEIGHBOURS_FILE
from fixtext.lexicon.substitutes import abbreviates, spelling_key, swappable

#: Neighbours kept per word.
NEIGHBOURS = 8
#: The least cosine similarity of a kept neighbour.
MIN_COSINE = 0.35
HEADER = """\
# Each content word of BERT-base cased's vocabulary and its nearest words in BERT's
# input-embedding space (cosine >= {cosine}, at most {count}, nearest first), built by
# tools/build_neighbours.py from Google's BERT-base cased (Apache-2.0). FT102 offers the
# neighbours as candidates (fixtext/lexicon/neighbours.py).
"""


def related_form(word: str, other: str) -> bool:
    """Whether ``other`` is ``word``'s inflection, spelling variant or abbreviation."""
    return (
        inflection_of(word, other)
        or spelling_key(word) == spelling_key(other)
        or abbreviates(word, other)
        or abbreviates(other, word)
    )


def main() -> int:
    import torch

    from fixtext.model import bert

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else NEIGHBOURS_FILE
    model, tokenizer = bert.load()
    vocab = tokenizer.get_vocab()
    words = sorted(w for w in vocab if swappable(w))
    ids = torch.tensor([vocab[w] for w in words])
    embeddings = model.bert.embeddings.word_embeddings.weight.detach()[ids]
    unit = torch.nn.functional.normalize(embeddings, dim=1)
    lines = []
    for start in range(0, len(words), 1024):
        similarity = unit[start : start + 1024] @ unit.T
        top = similarity.topk(4 * NEIGHBOURS, dim=1)
        for row, (values, indices) in enumerate(zip(top.values, top.indices, strict=True)):
            word = words[start + row]
            near = [
                words[i]
                for v, i in zip(values.tolist(), indices.tolist(), strict=True)
                if v >= MIN_COSINE and words[i] != word and not related_form(word, words[i])
            ][:NEIGHBOURS]
            if near:
                lines.append(f"{word}\t{' '.join(near)}\n")
    header = HEADER.format(cosine=MIN_COSINE, count=NEIGHBOURS)
    out.write_text(header + "".join(lines), encoding="utf-8")
    print(f"{len(lines)} words of {len(words)} with neighbours -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
