"""Measure corroborated confused-word reports (:mod:`fixtext.corroboration`).

FT014 reports a word (no fix) when its right word reads better by the trigram model
from its report margin but below its fix margins. This script finds those reports on
held-out sentences damaged by ``noise.spinner_synonym`` or ``noise.related_word`` alone
(``--sentences`` of each) and on the clean lines of ``scripts/rules_false_flags.py``,
scores the reported word with the shipped model's detector (FT101: the geometric mean of
P(``<keep>``) and the detector head's P(fine), under the calibrated threshold), and
prints how many reports the model corroborates: on damaged sentences, how many of those
the replacement restores; on clean lines, each one (a fix there would change good text).
Usage: ``python scripts/corroboration.py [--sentences 1000]``.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from class_recall import POOL, noised_pairs
from rules_false_flags import heldout, postedits, references
from rules_recall import sample_sentences
from shared_data import parse_with_shared
from shipped_model import shipped_detector

from fixtext.document import Document
from fixtext.rules import RuleDetector, confused_word


def reports(text: str) -> list[tuple[int, int, str]]:
    """FT014's reports without a fix in ``text``: span and the right word it stands for."""
    out = []
    for finding in RuleDetector([confused_word.RULE]).detect(Document(text)):
        right = confused_word.suggestion(text, finding.start, finding.end)
        if finding.fix is None and right is not None:
            out.append((finding.start, finding.end, right))
    return out


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=11)
    args = parse_with_shared(parser)
    model, threshold = shipped_detector()

    def lowest(text: str, start: int, end: int) -> float:
        [scores] = model.token_scores([text])
        return min((s.probability for s in scores if s.start < end and start < s.end), default=1)

    pool = sample_sentences(args.shared, POOL, args.seed)
    for op in ("spinner_synonym", "related_word"):
        found = restoring = agreed = agreed_restoring = 0
        for garbled, clean in noised_pairs(op, pool, args.sentences, args.seed):
            for start, end, right in reports(garbled):
                restores = garbled[:start] + right + garbled[end:] == clean
                found += 1
                restoring += restores
                if lowest(garbled, start, end) < threshold:
                    agreed += 1
                    agreed_restoring += restores
        print(
            f"{op}: {found} reports ({restoring} would restore); the model flags {agreed} "
            f"({agreed_restoring} restore)"
        )
    found = 0
    shown: list[str] = []
    lines = itertools.chain(postedits(args.shared), references(args.shared), heldout(args.shared))
    for line in lines:
        for sentence in Document(line).sentences if line.strip() else []:
            for start, end, right in reports(sentence.text):
                found += 1
                score = lowest(sentence.text, start, end)
                if score < threshold:
                    change = f"{sentence.text[start:end]!r} -> {right!r}"
                    shown.append(f"  {score:.3f} {change}: {sentence.text}")
    print(f"clean lines: {found} reports; the model flags {len(shown)}")
    print("\n".join(shown))


if __name__ == "__main__":
    main()
