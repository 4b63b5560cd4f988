"""Calibrate the model detector (FT101) of a seq2seq checkpoint; write calibration.json.

The detector flags the words (or tokens) whose score under
:meth:`fixtext.model.seq2seq.Seq2SeqModel.token_scores` is below a threshold: for fixtext's
span model, the geometric mean of P(``<keep>``) and its detector head's P(fine), or
P(``<keep>``) alone without a head. This script measures, for a grid of thresholds:

* **clean flag rate**: share of clean sentences with at least one flagged token — clean
  sentences are held-out corpus sentences plus MT sentences that professional
  post-editors left unchanged (``eval/mt-postedit/*`` of ``--shared``, default ``../shared``);
* **damaged-span recall**: share of damaged spans (token alignment of a noised held-out
  sentence to its clean original, noise seed 2024 — never the training seed) that
  contain a flagged token.

It also measures the proposer, given the damaged span as a detector would flag it: the
share of noised sentences with one damaged span whose top greedy rewrite is exactly the
clean original, the share of clean sentences it leaves alone when one random word of
theirs is flagged, and the milliseconds per span. The
model is used by default (``use_by_default``) only when one of its two roles measured
useful (a detector threshold exists, or at least 5% of top rewrites are exact repairs)
and it leaves at least 90% of flagged clean words alone.

It picks the largest threshold whose clean flag rate is at most ``--target`` and, below
that threshold, estimates the *calibrated confidence* of a flag: the share of flagged
tokens that lie in a damaged span, per probability bin, on the noised set (which keeps
the generator's share of untouched sentences). Both go to ``<model>/calibration.json``,
which :class:`fixtext.detect.model.ModelDetector` reads.

Usage: ``python -m tools.calibrate_detector models/fixtext-small [--limit 600]
[--target 0.02] [--shared PATH]`` (the shipped calibration: ``--limit 300 --target 0.005``).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from fixtext.evaluate.metrics import damaged_spans
from fixtext.model.seq2seq import Seq2SeqModel, TokenScore
from fixtext.model.spantask import word_spans
from fixtext.training.data import read_sentences
from fixtext.training.noise import Noiser
from tools.shared_data import parse_with_shared

GRID = (
    *(0.00001, 0.0001, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.015, 0.02, 0.03, 0.05, 0.07),
    *(0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9),
)
BIN_EDGES = (0.0001, 0.001, 0.005, 0.02, 0.1, 0.3, 1.0)
NOISE_SEED = 2024


def heldout_sentences(shared: Path, limit: int, seed: int = 7) -> list[str]:
    """A sample of 5-60 word sentences from the held-out corpus files."""
    paths = sorted((shared / "corpus").glob("*.heldout.txt"))
    sentences = [s for path in paths for s in read_sentences(path)]
    return random.Random(seed).sample(sentences, min(limit, len(sentences)))


def unchanged_mt(shared: Path, limit: int) -> list[str]:
    """MT sentences post-editors left unchanged."""
    out = []
    for pair in sorted((shared / "eval" / "mt-postedit").iterdir()):
        mt = (pair / "dev.mt.txt").read_text(encoding="utf-8").splitlines()
        pe = (pair / "dev.pe.txt").read_text(encoding="utf-8").splitlines()
        out += [m for m, p in zip(mt, pe, strict=True) if m == p and m.strip()]
    return out[:limit]


def lowest(scores: list[TokenScore], start: int, end: int) -> float:
    """Lowest probability of a token overlapping [start, end) (1.0 if none)."""
    inside = [s.probability for s in scores if s.start < max(end, start + 1) and s.end > start]
    return min(inside, default=1.0)


def main() -> None:
    """Measure the grid, choose a threshold, write calibration.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", type=Path)
    parser.add_argument("--limit", type=int, default=600)
    parser.add_argument("--target", type=float, default=0.02, help="max clean flag rate")
    args = parse_with_shared(parser)

    model = Seq2SeqModel(args.model)
    clean = heldout_sentences(args.shared, args.limit) + unchanged_mt(args.shared, args.limit)
    originals = heldout_sentences(args.shared, args.limit, seed=11)
    noiser = Noiser(NOISE_SEED)
    noised = [(noiser.garble(s), s) for s in originals]

    clean_min = [min((t.probability for t in s), default=1.0) for s in model.token_scores(clean)]
    noised_scores = model.token_scores([g for g, _ in noised])
    damage = [damaged_spans(g, c) if g != c else [] for g, c in noised]
    span_min = [
        lowest(sc, d.start, d.end) for sc, ds in zip(noised_scores, damage, strict=True) for d in ds
    ]

    print(f"clean sentences {len(clean)}, damaged spans {len(span_min)}")
    print("| threshold | clean flag rate | damaged-span recall |")
    print("|---|---|---|")
    rows = []
    for t in GRID:
        rate = sum(p < t for p in clean_min) / len(clean_min)
        recall = sum(p < t for p in span_min) / max(1, len(span_min))
        rows.append((t, rate, recall))
        print(f"| {t} | {100 * rate:.1f}% | {100 * recall:.1f}% |")
    within = [r for r in rows if r[1] <= args.target]
    chosen = max(within, key=lambda r: r[0]) if within else (0.0, 0.0, 0.0)  # 0: detector off

    flagged: list[tuple[float, bool]] = []
    for scores, spans in zip(noised_scores, damage, strict=True):
        for score in scores:
            if score.probability < chosen[0]:
                hit = any(score.start < d.end and score.end > d.start for d in spans)
                flagged.append((score.probability, hit))
    bins = []
    lower = 0.0
    for upper in BIN_EDGES:
        inside = [hit for p, hit in flagged if lower <= p < upper]
        if inside:
            bins.append([upper, round(sum(inside) / len(inside), 3), len(inside)])
        lower = upper
    # The proposer, given the damaged span (a span model repairs what a detector found):
    # exact repairs of noised sentences with one damaged span, and clean sentences it
    # leaves alone when a random word of theirs is flagged.
    single = [(g, c, ds[0]) for (g, c), ds in zip(noised, damage, strict=True) if len(ds) == 1]
    started = time.perf_counter()
    rewrites = model.propose(
        [g for g, _, _ in single], n_best=1, spans=[[(d.start, d.end)] for _, _, d in single]
    )
    ms_per_span = 1000 * (time.perf_counter() - started) / max(1, len(single))
    exact = sum(r[:1] == [c] for (_, c, _), r in zip(single, rewrites, strict=True))
    rng = random.Random(5)
    clean_spans = [[rng.choice(word_spans(c))] for c in clean]
    kept = sum(not r for r in model.propose(clean, n_best=1, spans=clean_spans))
    proposer_exact = exact / max(1, len(single))
    calibration = {
        "use_by_default": (chosen[0] > 0 or proposer_exact >= 0.05)
        and kept / max(1, len(clean_spans)) >= 0.9,
        "proposer_exact_repairs": round(proposer_exact, 4),
        "proposer_keeps_clean": round(kept / max(1, len(clean_spans)), 4),
        "proposer_ms_per_span": round(ms_per_span, 1),
        "threshold": chosen[0],
        "clean_flag_rate": round(chosen[1], 4),
        "damaged_span_recall": round(chosen[2], 4),
        "confidence_bins": bins,
        "measured_on": f"{len(clean)} clean sentences, {len(span_min)} damaged spans "
        f"(held-out corpus noised with seed {NOISE_SEED}; MLQE-PE unchanged MT)",
    }
    (args.model / "calibration.json").write_text(json.dumps(calibration, indent=2) + "\n")
    print(json.dumps(calibration, indent=2))


if __name__ == "__main__":
    main()
