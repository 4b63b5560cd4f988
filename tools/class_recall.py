"""Measure the whole pipeline (rules, LanguageTool, model) on each class of damage alone.

For every noise operation of :mod:`fixtext.training.noise`, applies ONLY that operation
(seeded) to held-out sentences from ``../shared/corpus/*.heldout.txt`` until ``--per-class``
sentences are changed, runs ``fixtext fix`` with default settings on them, and reports:

* ``flagged``: sentences where some finding touches the damage
  (:func:`fixtext.evaluate.metrics.damaged_spans`, :func:`~fixtext.evaluate.metrics.touches`);
* ``exact``: sentences the fixes turn back into the clean one;
* ``closer`` / ``worse``: sentences whose word edit distance to the clean one fell / rose;
* ``edits``: the word edits to the clean sentences before and after the fixes;
* ``left``: this class's expected share of the edits left on mixed noise, each class's
  edits after the fixes per sentence weighted by its noise weight
  (:data:`fixtext.training.noise.OPERATIONS`), over the same sum of the edits before.
  The shares add up to 1 minus the edit reduction a mix of single operations would get.

``research/rules_recall.py`` measures each rule alone on its own class; this measures what
a user gets. ``tools/measure.sh`` runs it (``class_recall.txt``). Usage: ``python -m
tools.class_recall [--per-class N] [--seed S] [--no-model] [--shared PATH]``.
"""

from __future__ import annotations

import argparse
import sys
from typing import NamedTuple

from fixtext.config import build_settings
from fixtext.engine import build_pipeline
from fixtext.evaluate.adapter import pipeline_repair
from fixtext.evaluate.metrics import damaged_spans, same_text, touches
from fixtext.evaluate.report import Repair
from fixtext.model.seq2seq import default_model_path
from fixtext.textops import word_edit_distance
from fixtext.training import noise
from tools.shared_data import POOL, noised_pairs, parse_with_shared, sample_sentences


class ClassResult(NamedTuple):
    """The pipeline's counts on one noise class's sentences."""

    name: str
    sentences: int
    flagged: int
    exact: int
    closer: int
    worse: int
    edits_before: int
    edits_after: int

    def weighted(self, edits: int) -> float:
        """``edits`` per sentence of this class, times the class's noise weight."""
        return noise.OPERATIONS[self.name][1] * edits / max(self.sentences, 1)


def measure(op_name: str, pairs: list[tuple[str, str]], repair: Repair) -> ClassResult:
    """Repair the garbled side of ``pairs`` and count against the clean side."""
    results = repair([garbled for garbled, _ in pairs])
    flagged = exact = closer = worse = edits_before = edits_after = 0
    for (garbled, clean), (flags, fixed) in zip(pairs, results, strict=True):
        damage = damaged_spans(garbled, clean)
        flagged += any(touches(d, f) for d in damage for f in flags)
        exact += same_text(fixed, clean)
        before, after = word_edit_distance(garbled, clean), word_edit_distance(fixed, clean)
        closer += after < before
        worse += after > before
        edits_before += before
        edits_after += after
    return ClassResult(
        op_name, len(pairs), flagged, exact, closer, worse, edits_before, edits_after
    )


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
    results: list[ClassResult] = []
    for op_name in noise.OPERATIONS:
        pairs = noised_pairs(op_name, sentences, args.per_class, args.seed)
        results.append(measure(op_name, pairs, repair))
        print(f"{op_name} done", file=sys.stderr, flush=True)
    mixed_before = sum(r.weighted(r.edits_before) for r in results)
    print(
        f"{'operation':<20} {'n':>4} {'flagged':>8} {'exact':>7} {'closer':>7} {'worse':>7} "
        f"{'edits':>9} {'left':>6}"
    )
    for r in results:
        n = max(r.sentences, 1)
        edits = f"{r.edits_before}->{r.edits_after}"
        print(
            f"{r.name:<20} {r.sentences:>4} {r.flagged / n:>8.0%} {r.exact / n:>7.0%} "
            f"{r.closer / n:>7.0%} {r.worse / n:>7.0%} {edits:>9} "
            f"{r.weighted(r.edits_after) / mixed_before:>6.1%}"
        )
    mixed_after = sum(r.weighted(r.edits_after) for r in results)
    print(f"mixed-noise edit reduction: {1 - mixed_after / mixed_before:.1%}")


if __name__ == "__main__":
    main()
