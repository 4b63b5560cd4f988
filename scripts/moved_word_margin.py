"""Measure the moved-word ranker's margin on noised held-out sentences.

``noise.spurious_break`` alone damages held-out sentences (``--sentences`` of them); half
move a word behind the stop, half do not. For each margin the table gives how many moved
words :class:`fixtext.moved_word.MovedWordRanker` puts back in their place, how many it
puts in a wrong place, and how many stops without a moved word it wrongly turns into a
move. Usage: ``python scripts/moved_word_margin.py [--sentences 150] [--margins 0 1 2]``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from class_recall import POOL, noised_pairs, sample_sentences

from fixtext.bigrams import BigramModel
from fixtext.moved_word import candidates


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=150)
    parser.add_argument("--margins", type=float, nargs="+", default=[0.0, 0.5, 1.0, 2.0])
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parent.parent.parent / "shared"
    )
    args = parser.parse_args()
    if not args.shared.is_dir():
        sys.exit(f"no shared data at {args.shared}; nothing to measure")
    model = BigramModel.shipped()
    pairs = noised_pairs(
        "spurious_break", sample_sentences(args.shared, POOL, args.seed), args.sentences, args.seed
    )
    rows = []  # (moved?, clean, options, scores)
    for garbled, clean in pairs:
        stop = garbled.find(". ")
        options = candidates(garbled, stop) if stop > 0 else []
        if len(options) > 1:
            scores = [model.score(t) for t, _ in options]
            rows.append((options[0][0] != clean, clean, options, scores))
    moved = sum(r[0] for r in rows)
    print(f"{len(rows)} stops before a plain word: {moved} hide a moved word, the rest not")
    print(f"{'margin':>6} {'put back':>9} {'wrong place':>12} {'false move':>11}")
    for margin in args.margins:
        back = wrong = false = 0
        for is_move, clean, options, scores in rows:
            best = max(range(1, len(options)), key=scores.__getitem__)
            if scores[best] < scores[0] + margin:
                continue
            if not is_move:
                false += 1
            elif options[best][0] == clean:
                back += 1
            else:
                wrong += 1
        print(f"{margin:>6.1f} {back:>9} {wrong:>12} {false:>11}")


if __name__ == "__main__":
    main()
