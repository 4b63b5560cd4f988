"""Measure the margin of a bigram-ranked rule: damage restored against clean text changed.

For ``--rule word-order`` (FT013) the damage is ``noise.order_swap``; for
``--rule confused-word`` (FT014) it is ``noise.spinner_synonym`` and
``noise.related_word``; for ``--rule stray-word`` (FT015) ``noise.stray_word``; each
alone on ``--sentences`` held-out sentences. The same number
of other held-out sentences and of human post-edits (``eval/mt-postedit/*/dev.pe.txt``)
stay clean. For each margin the table gives how many damaged sentences the rule's best
rewrite turns back into the clean one, how many it changes at all, and how many clean
sentences it changes. Usage: ``python -m research.rule_margin --rule word-order
[--sentences 1500] [--margins 8 9 10]``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from fixtext.detect.rules import confused_word, stray_word, word_order
from tools.shared_data import noised_pairs, parse_with_shared, sample_sentences


def swapped(text: str) -> tuple[float, str]:
    """FT013's best swap: its gain and the text with it (no margin)."""
    swap = word_order.best_swap(text)
    if swap is None:
        return float("-inf"), text
    return swap.gain, text[: swap.start] + swap.replacement + text[swap.end :]


def replaced(text: str) -> tuple[float, str]:
    """FT014's best replacement: its gain and the text with it (no margin)."""
    found = confused_word.replacements(text)
    if not found:
        return float("-inf"), text
    best = found[0]
    return best.gain, text[: best.start] + best.replacement + text[best.end :]


def deleted(text: str) -> tuple[float, str]:
    """FT015's best deletion: its gain and the text without the word (no margin)."""
    found = stray_word.deletions(text)
    if not found:
        return float("-inf"), text
    best = found[0]
    return best.gain, text[: best.start] + text[best.end :]


#: Rule name -> (the noise operations it repairs, its best rewrite of a sentence).
RULES: dict[str, tuple[tuple[str, ...], Callable[[str], tuple[float, str]]]] = {
    "word-order": (("order_swap",), swapped),
    "confused-word": (("spinner_synonym", "related_word"), replaced),
    "stray-word": (("stray_word",), deleted),
}


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rule", choices=sorted(RULES), required=True)
    parser.add_argument("--sentences", type=int, default=1500)
    parser.add_argument("--margins", type=float, nargs="+", default=[8.0, 9.0, 10.0])
    parser.add_argument("--seed", type=int, default=7)
    args = parse_with_shared(parser)
    operations, rewrite = RULES[args.rule]
    n = args.sentences
    pool = sample_sentences(args.shared, 3 * n, args.seed)
    clean = pool[2 * n :]
    for path in sorted(args.shared.glob("eval/mt-postedit/*/dev.pe.txt")):
        clean += path.read_text(encoding="utf-8").splitlines()[: n // 5]
    untouched = [rewrite(text)[0] for text in clean if text.strip()]
    print(f"{len(untouched)} clean sentences")
    print(f"{'damage':<16} {'n':>5} {'margin':>6} {'restored':>9} {'changed':>8} {'clean':>6}")
    for operation in operations:
        pairs = noised_pairs(operation, pool[:n], n, args.seed)
        damaged = [(rewrite(garbled), original) for garbled, original in pairs]
        for margin in args.margins:
            restored = sum(g >= margin and fixed == orig for (g, fixed), orig in damaged)
            changed = sum(g >= margin for (g, _), _ in damaged)
            false = sum(g >= margin for g in untouched)
            print(
                f"{operation:<16} {len(damaged):>5} {margin:>6.1f} {restored:>9} {changed:>8}"
                f" {false:>6}"
            )


if __name__ == "__main__":
    main()
