"""Measure the margin for LanguageTool's later split suggestions (``SPLIT_MARGIN``).

LanguageTool's spelling rule often lists the split of two words run together after a
spelling correction ("washeld": "washed", "was held"). This runs LanguageTool on
held-out sentences damaged by ``noise.run_together`` alone (``--sentences``) and on clean
lines (``--clean`` human post-edits and held-out corpus lines, shuffled), takes each
spelling match on an all-lower-case word whose first suggestion is not a split but a later
one is (:func:`fixtext.detect.languagetool.later_split`), and prints, per margin, how many
of those splits reach it: on the damaged sentences, how many restore the clean sentence
and how many do not; on the clean lines, how many would change them. ``--show`` prints
the clean lines' candidates. Usage: ``python -m research.split_margin [--sentences 600]
[--clean 30000] [--margins 0 2 3 4 6] [--show]``.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator

from fixtext.detect.languagetool import SPLIT_MARGIN, is_split_of, later_split
from fixtext.languagetool.checker import LanguageToolChecker
from fixtext.languagetool.process import ensure_running
from tools.shared_data import (
    POOL,
    heldout,
    noised_pairs,
    parse_with_shared,
    postedits,
    sample_sentences,
)

SPELLING = frozenset({"MORFOLOGIK_RULE_EN_US", "MORFOLOGIK_RULE_EN_GB"})
BATCH = 64  # texts per call: the checker sends them to LanguageTool in parallel


def later_splits(
    checker: LanguageToolChecker, texts: list[str]
) -> Iterator[tuple[int, str, str, float]]:
    """For each spelling match of ``texts`` with a later split suggestion: the text's
    index, the word, the text with the split, and how much better it reads than with the
    first suggestion."""
    for k in range(0, len(texts), BATCH):
        batch = texts[k : k + BATCH]
        for i, (text, matches) in enumerate(zip(batch, checker.check(batch), strict=True)):
            for match in matches:
                start, end = match.offset, match.offset + match.length
                word = text[start:end]
                if match.rule not in SPELLING or not (word.isalpha() and word.islower()):
                    continue
                found = later_split(text, start, end, match.replacements)
                if found is not None and not is_split_of(word, match.replacements[0]):
                    split, gain = found
                    yield k + i, word, text[:start] + split + text[end:], gain


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=600)
    parser.add_argument("--clean", type=int, default=30000)
    parser.add_argument("--margins", type=float, nargs="+", default=[0.0, 2.0, 3.0, 4.0, 6.0])
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--show", action="store_true")
    args = parse_with_shared(parser)
    checker = LanguageToolChecker(ensure_running())
    pairs = noised_pairs(
        "run_together", sample_sentences(args.shared, POOL, args.seed), args.sentences, args.seed
    )
    damaged = [
        (gain, repaired == pairs[i][1])
        for i, _, repaired, gain in later_splits(checker, [garbled for garbled, _ in pairs])
    ]
    lines = [*postedits(args.shared), *heldout(args.shared)]
    random.Random(args.seed).shuffle(lines)
    clean = [(gain, word) for _, word, _, gain in later_splits(checker, lines[: args.clean])]
    print(f"{len(pairs)} damaged sentences, {min(args.clean, len(lines))} clean lines")
    print(f"{'margin':>7} {'restored':>9} {'other':>6} {'clean changed':>14}")
    for margin in args.margins:
        restored = sum(ok for gain, ok in damaged if gain >= margin)
        other = sum(not ok for gain, ok in damaged if gain >= margin)
        changed = sum(gain >= margin for gain, _ in clean)
        mark = " (shipped)" if margin == SPLIT_MARGIN else ""
        print(f"{margin:>7.1f} {restored:>9} {other:>6} {changed:>14}{mark}")
    if args.show:
        for gain, word in sorted(clean, reverse=True):
            print(f"  clean: {word} {gain:.1f}")


if __name__ == "__main__":
    main()
