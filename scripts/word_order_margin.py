"""Measure FT013 word-order's margin: swaps restored against clean sentences changed.

``noise.order_swap`` alone damages ``--sentences`` held-out sentences; the same number of
other held-out sentences and of human post-edits (``eval/mt-postedit/*/dev.pe.txt``)
stay clean. For each margin the table gives how many damaged sentences the best swap
turns back into the clean one, how many it changes at all, and how many clean sentences
it changes. Usage: ``python scripts/word_order_margin.py [--sentences 1500]
[--margins 8 9 10]``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from class_recall import noised_pairs
from rules_recall import sample_sentences

from fixtext.rules import word_order


def swapped(text: str) -> tuple[float, str]:
    """The best swap's gain and the text with that swap (no margin)."""
    swap = word_order.best_swap(text)
    if swap is None:
        return float("-inf"), text
    return swap.gain, text[: swap.start] + swap.replacement + text[swap.end :]


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=1500)
    parser.add_argument("--margins", type=float, nargs="+", default=[8.0, 9.0, 10.0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parent.parent.parent / "shared"
    )
    args = parser.parse_args()
    if not args.shared.is_dir():
        sys.exit(f"no shared data at {args.shared}; nothing to measure")
    n = args.sentences
    pool = sample_sentences(args.shared, 3 * n, args.seed)
    pairs = noised_pairs("order_swap", pool[:n], n, args.seed)
    clean = pool[2 * n :]
    for path in sorted(args.shared.glob("eval/mt-postedit/*/dev.pe.txt")):
        clean += path.read_text(encoding="utf-8").splitlines()[: n // 5]
    damaged = [(swapped(garbled), original) for garbled, original in pairs]
    untouched = [swapped(text)[0] for text in clean if text.strip()]
    print(f"{len(damaged)} sentences with a swap, {len(untouched)} clean")
    print(f"{'margin':>6} {'restored':>9} {'changed':>8} {'clean changed':>14}")
    for margin in args.margins:
        restored = sum(g >= margin and fixed == orig for (g, fixed), orig in damaged)
        changed = sum(g >= margin for (g, _), _ in damaged)
        false = sum(g >= margin for g in untouched)
        print(f"{margin:>6.1f} {restored:>9} {changed:>8} {false:>14}")


if __name__ == "__main__":
    main()
