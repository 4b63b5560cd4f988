"""Measure BERT-base cased's fill-mask accuracy on held-out news words (the figures in
``models/bert-base-cased/README.md``).

Sentences (6 to 60 words, ending in a full stop) are drawn with ``--seed`` from the
held-out files of the news sources (``corpus/<source>.heldout.txt``); in each, one word is
drawn among those that are whole words of letters (:data:`WORD`) and a single WordPiece
in BERT's vocabulary, and replaced by ``[MASK]``. A hit is the exact word (case counts)
first, or within the first five, of BERT's guesses for the mask. Prints the counts and shares with a
95% Wilson interval, per source and in all, and the seconds per sentence.
Usage: ``python -m research.bert_fill_mask [--words 200] [--seed 22] [--show 10]``.
Needs BERT installed (``fixtext model install``).
"""

from __future__ import annotations

import argparse
import math
import random
import re
import time
from collections import defaultdict

from fixtext.document import Document
from fixtext.model import bert
from tools.shared_data import parse_with_shared

#: A whole word of letters: not part of a longer token ("president's", "Father-of-two",
#: "U.S.", "3rd", an e-mail address); a full stop or comma after it is fine.
WORD = re.compile(r"(?<![\w'’\-.@/&])[^\W\d_]+(?![\w'’\-@/&]|\.\w)")
NEWS = ("bbc-news", "xsum-bbc-sample", "fnc1-news", "reuters21578", "wmt-en-original")
BATCH = 16


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200, help="masked words to score")
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--sources", nargs="+", default=list(NEWS))
    parser.add_argument("--show", type=int, default=0, help="print this many misses")
    args = parse_with_shared(parser)
    model, tokenizer = bert.load()
    pool = [
        (source, text)
        for source in args.sources
        for text in sentences(args.shared / "corpus" / f"{source}.heldout.txt")
    ]
    rng = random.Random(args.seed)
    rng.shuffle(pool)
    items = []  # (source, masked text, word)
    for source, text in pool:
        if len(items) == args.words:
            break
        words = [
            match.span()
            for match in WORD.finditer(text)
            if tokenizer.tokenize(match[0]) == [match[0]]
        ]
        if words:
            start, end = rng.choice(words)
            items.append(
                (source, f"{text[:start]}{tokenizer.mask_token}{text[end:]}", text[start:end])
            )
    started = time.perf_counter()
    guesses = []
    for first in range(0, len(items), BATCH):
        guesses.extend(
            top_k([text for _, text, _ in items[first : first + BATCH]], model, tokenizer)
        )
    seconds = time.perf_counter() - started
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # words, top-1, top-5
    misses = []
    for (source, text, word), top in zip(items, guesses, strict=True):
        for key in (source, "all"):
            totals[key][0] += 1
            totals[key][1] += top[0] == word
            totals[key][2] += word in top
        if word not in top:
            misses.append(f"{word!r} -> {top}: {text}")
    print(f"{len(items)} masked words, seed {args.seed}, {seconds / len(items):.2f} s a sentence")
    for key in [*args.sources, "all"]:
        n, one, five = totals[key]
        if n:
            print(f"{key:>16}: {n:4d} words  top-1 {share(one, n)}  top-5 {share(five, n)}")
    for line in misses[: args.show]:
        print("miss:", line)


def sentences(path):
    """The file's sentences of 6 to 60 words that end in a full stop."""
    for line in path.read_text(encoding="utf-8").splitlines():
        for sentence in Document(line).sentences:
            text = sentence.text.strip()
            if text.endswith(".") and 6 <= len(text.split()) <= 60:
                yield text


def top_k(texts: list[str], model, tokenizer, k: int = 5) -> list[list[str]]:
    """BERT's ``k`` first guesses for the one mask of each text."""
    import torch

    encoded = tokenizer(texts, return_tensors="pt", padding=True)
    with torch.inference_mode():
        logits = model(**encoded).logits
    rows, columns = (encoded["input_ids"] == tokenizer.mask_token_id).nonzero(as_tuple=True)
    assert rows.tolist() == list(range(len(texts)))
    best = logits[rows, columns].topk(k).indices
    return [tokenizer.convert_ids_to_tokens(row) for row in best.tolist()]


def share(hits: int, n: int) -> str:
    """``hits/n`` as a percentage with its 95% Wilson interval."""
    z, p = 1.96, hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (
        f"{hits:4d} = {100 * p:5.1f}% [{100 * (centre - half):4.1f}-{100 * (centre + half):4.1f}]"
    )


if __name__ == "__main__":
    main()
