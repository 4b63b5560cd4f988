"""Measure the whole pipeline (rules, LanguageTool, model) on each class of damage alone.

For every noise operation of :mod:`fixtext.training.noise`, applies ONLY that operation
(seeded) to held-out sentences from ``../shared/corpus/*.heldout.txt`` until ``--per-class``
sentences are changed, runs ``fixtext fix`` with default settings on them, and reports:

* ``flagged``: sentences where some finding touches the damage
  (:func:`fixtext.evaluate.metrics.damaged_spans`, :func:`~fixtext.evaluate.metrics.touches`);
* ``exact``: sentences the fixes turn back into the clean one;
* ``closer`` / ``worse``: sentences whose word edit distance to the clean one fell / rose.

``rules_recall.py`` measures each rule alone on its own class; this measures what a user
gets. Usage: ``python scripts/class_recall.py [--per-class N] [--seed S] [--no-model]
[--shared PATH]``.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from fixtext.config import build_settings
from fixtext.evaluate.adapter import pipeline_repair
from fixtext.evaluate.metrics import damaged_spans, same_text, touches, word_edit_distance
from fixtext.factory import build_pipeline
from fixtext.seq2seq import default_model_path
from fixtext.training import noise
from scripts.rules_recall import sample_sentences
from scripts.shared_data import parse_with_shared

POOL = 3000  # held-out sentences drawn, of which each class uses the first it changes


def noised_pairs(op_name: str, sentences: list[str], n: int, seed: int) -> list[tuple[str, str]]:
    """Up to ``n`` (garbled, clean) pairs where ``op_name`` alone changed the sentence."""
    op = noise.OPERATIONS[op_name][0]
    rng = random.Random(seed)
    pairs: list[tuple[str, str]] = []
    for clean in sentences:
        garbled = " ".join(w for w in op(clean.split(" "), rng) if w)
        if not same_text(garbled, clean) and damaged_spans(garbled, clean):
            pairs.append((garbled, clean))
            if len(pairs) == n:
                break
    return pairs


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-class", type=int, default=40)
    parser.add_argument("--seed", type=int, default=77)
    parser.add_argument("--no-model", action="store_true")
    args = parse_with_shared(parser)
    sentences = sample_sentences(args.shared, POOL, args.seed)
    model = None if args.no_model else default_model_path()
    repair = pipeline_repair(build_pipeline(build_settings(), model))
    print(f"{'operation':<20} {'n':>4} {'flagged':>8} {'exact':>7} {'closer':>7} {'worse':>7}")
    for op_name in noise.OPERATIONS:
        pairs = noised_pairs(op_name, sentences, args.per_class, args.seed)
        results = repair([garbled for garbled, _ in pairs])
        flagged = exact = closer = worse = 0
        for (garbled, clean), (flags, fixed) in zip(pairs, results, strict=True):
            damage = damaged_spans(garbled, clean)
            flagged += any(touches(d, f) for d in damage for f in flags)
            exact += same_text(fixed, clean)
            before, after = word_edit_distance(garbled, clean), word_edit_distance(fixed, clean)
            closer += after < before
            worse += after > before
        n = max(len(pairs), 1)
        print(
            f"{op_name:<20} {len(pairs):>4} {flagged / n:>8.0%} {exact / n:>7.0%} "
            f"{closer / n:>7.0%} {worse / n:>7.0%}",
            flush=True,
        )


if __name__ == "__main__":
    main()
