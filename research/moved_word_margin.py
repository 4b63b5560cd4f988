"""Measure the moved-word ranker's margin on noised held-out sentences.

``noise.spurious_break`` alone damages held-out sentences (``--sentences`` of them); half
move a word behind the stop, half do not. For each margin the table gives how many moved
words :class:`fixtext.propose.moved_word.MovedWordRanker` puts back in their place, how many it
puts in a wrong place, and how many stops without a moved word it wrongly turns into a
move: for each corpus model alone at each margin, then for the shipped judges (trigram
model, then bigram model, at their margins). Usage:
``python -m research.moved_word_margin [--sentences 150] [--margins 6 7 8] [--pairs 20/16]``.
"""

from __future__ import annotations

import argparse

from fixtext.lexicon.bigrams import BigramModel
from fixtext.lexicon.trigrams import TrigramModel
from fixtext.propose.moved_word import (
    BIGRAM_MARGIN,
    SAFE_BIGRAM_MARGIN,
    SAFE_TRIGRAM_MARGIN,
    TRIGRAM_MARGIN,
    MovedWordRanker,
    candidates,
)
from tools.shared_data import POOL, noised_pairs, parse_with_shared, sample_sentences


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=150)
    parser.add_argument("--margins", type=float, nargs="+", default=[6.0, 7.0, 8.0, 9.0, 10.0])
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--pairs",
        nargs="*",
        default=[],
        help="trigram/bigram margin pairs to try as judges in turn, e.g. 20/17",
    )
    args = parse_with_shared(parser)
    models = {"trigram": TrigramModel.shipped(), "bigram": BigramModel.shipped()}
    pairs = noised_pairs(
        "spurious_break", sample_sentences(args.shared, POOL, args.seed), args.sentences, args.seed
    )
    cases = []  # (the garbled sentence's repair candidates, its clean sentence)
    for garbled, clean in pairs:
        stop = garbled.find(". ")
        options = [text for text, _ in candidates(garbled, stop)] if stop > 0 else []
        if len(options) > 1:
            cases.append((options, clean))
    moved = sum(options[0] != clean for options, clean in cases)
    print(f"{len(cases)} stops before a plain word: {moved} hide a moved word, the rest not")
    print(
        f"{'judges':>22} {'put back':>9} {'wrong place':>12} {'false move':>11} {'precision':>10}"
    )
    settings = [[(name, margin)] for name in models for margin in args.margins]
    settings.append([("trigram", TRIGRAM_MARGIN), ("bigram", BIGRAM_MARGIN)])  # suggested
    settings.append([("trigram", SAFE_TRIGRAM_MARGIN), ("bigram", SAFE_BIGRAM_MARGIN)])  # safe
    for pair in args.pairs:
        trigram, bigram = (float(x) for x in pair.split("/"))
        settings.append([("trigram", trigram), ("bigram", bigram)])
    for judges in settings:
        ranker = MovedWordRanker([(models[name], margin) for name, margin in judges])
        back = wrong = false = 0
        for options, clean in cases:
            best = ranker.choice(options)
            if best is None:
                continue
            if options[0] == clean:
                false += 1
            elif options[best] == clean:
                back += 1
            else:
                wrong += 1
        label = " then ".join(f"{name} {margin:g}" for name, margin in judges)
        moves = back + wrong + false
        precision = f"{100 * back / moves:.1f}%" if moves else "n/a"
        print(f"{label:>22} {back:>9} {wrong:>12} {false:>11} {precision:>10}")


if __name__ == "__main__":
    main()
