"""Measure the detector head's gate (:data:`fixtext.model.seq2seq.HEAD_FINE`).

The span model scores a word's P(``<keep>``) with one forward pass per word; the detector
head scores a whole sentence in one. Words the head finds fine are not sent to the span
model. For held-out sentences, clean and noised (seed 2024), this prints for each gate
the share of words the gate skips and how many of the words flagged at the calibrated
threshold (the geometric mean of both scores under it, every word scored) it would lose,
and the seconds each scorer took for all words.
Usage: ``python -m research.detector_gate [--sentences 1500] [--gates 0.5 0.8 0.9]``.
"""

from __future__ import annotations

import argparse
import math
import time

from fixtext.training.noise import Noiser
from tools.shared_data import parse_with_shared, sample_sentences, shipped_detector


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=1500)
    parser.add_argument("--gates", type=float, nargs="+", default=[0.5, 0.8, 0.9, 0.95, 0.99])
    parser.add_argument("--seed", type=int, default=7)
    args = parse_with_shared(parser)
    model, threshold = shipped_detector()
    clean = sample_sentences(args.shared, args.sentences, args.seed)
    noiser = Noiser(2024)
    for name, sentences in (("clean", clean), ("noised", [noiser.garble(s) for s in clean])):
        started = time.perf_counter()
        keeps = model._word_keep_scores(sentences)
        middle = time.perf_counter()
        heads = model._tagger_scores(sentences)
        ended = time.perf_counter()
        pairs = []  # (P(keep), head P(fine)) of every word; past the head's limit, P(keep) twice
        for keep, head in zip(keeps, heads, strict=True):
            fine = {(s.start, s.end): s.probability for s in head}
            pairs += [(s.probability, fine.get((s.start, s.end), s.probability)) for s in keep]
        flagged = [math.sqrt(k * h) < threshold for k, h in pairs]
        print(
            f"{name}: {len(pairs)} words, {sum(flagged)} flagged at {threshold}; "
            f"P(keep) {middle - started:.1f} s, head {ended - middle:.1f} s"
        )
        for gate in args.gates:
            skipped = [h >= gate for _, h in pairs]
            lost = sum(f and s for f, s in zip(flagged, skipped, strict=True))
            share = sum(skipped) / len(pairs)
            print(f"  gate {gate}: {share:.1%} of words skipped, {lost} flags lost")


if __name__ == "__main__":
    main()
