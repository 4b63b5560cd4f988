"""Measure each rule's recall on its own class of synthetic damage.

For every noise operation of :mod:`fixtext.training.noise` that a rule is written for,
applies ONLY that operation (seeded, not the training seed) to held-out sentences from
``../shared/corpus/*.heldout.txt`` and reports, per rule:

* ``damaged``: sentences the operation changed;
* ``recall``: share of them where the rule flags the damage: a span touching it
  (:func:`fixtext.evaluate.metrics.damaged_spans`, :func:`~fixtext.evaluate.metrics.touches`),
  or a span whose fix brings the sentence closer to the clean one (a repeat has two
  equally good alignments: the flag may sit on the copy the alignment kept);
* ``exact``: share where applying all of the rule's fixes gives back the clean sentence;
* ``stray``: share where the rule also flags a span away from the damage.

Usage: ``python -m research.rules_recall [--sentences N] [--seed S] [--shared PATH]
[--show N]`` (``--show`` prints up to N missed sentences per rule).
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass, field

from fixtext.detect.rules import RULES, RuleDetector
from fixtext.document import Document
from fixtext.evaluate.metrics import DamagedSpan, damaged_spans, same_text, touches
from fixtext.findings import Finding
from fixtext.textops import word_edit_distance
from fixtext.training import noise
from tools.shared_data import parse_with_shared, sample_sentences

#: Noise operation -> the rule written for that class of damage.
CLASSES: dict[str, str] = {
    "spurious_break": "FT001",
    "run_together": "FT002",
    "duplicate_word": "FT003",
    "duplicate_entity": "FT004",
    "self_coordination": "FT005",
    "case_damage": "FT006",
    "punctuation_debris": "FT007",
    "stray_word": "FT008",
    "agreement_flip": "FT009",
}


@dataclass
class Tally:
    """Counts for one operation/rule pair."""

    damaged: int = 0
    caught: int = 0
    exact: int = 0
    stray: int = 0
    misses: list[str] = field(default_factory=list)


def apply_fixes(text: str, found: list[Finding]) -> str:
    """``text`` with the non-overlapping fixes of ``found`` applied."""
    out, last = text, len(text) + 1
    for f in sorted(found, key=lambda f: f.start, reverse=True):
        if f.fix is None or f.end > last:
            continue
        out = out[: f.start] + f.fix.replacement + out[f.end :]
        last = f.start
    return out


def on_damage(finding: Finding, garbled: str, clean: str, damage: list[DamagedSpan]) -> bool:
    """True when ``finding`` touches the damage or its fix moves ``garbled`` towards ``clean``."""
    if any(touches(d, (finding.start, finding.end)) for d in damage):
        return True
    if finding.fix is None:
        return False
    fixed = apply_fixes(garbled, [finding])
    return word_edit_distance(fixed, clean) < word_edit_distance(garbled, clean)


def measure(op_name: str, code: str, sentences: list[str], seed: int, show: int) -> Tally:
    """Apply ``op_name`` alone to each sentence and score rule ``code`` on the result."""
    op = getattr(noise, op_name)
    rng = random.Random(seed)
    detector = RuleDetector([r for r in RULES if r.code == code])
    tally = Tally()
    for clean in sentences:
        garbled = " ".join(w for w in op(clean.split(" "), rng) if w)
        damage = damaged_spans(garbled, clean)
        if same_text(garbled, clean) or not damage:
            continue
        tally.damaged += 1
        found = detector.detect(Document(garbled))
        hits = [on_damage(f, garbled, clean, damage) for f in found]
        if any(hits):
            tally.caught += 1
        elif len(tally.misses) < show:
            tally.misses.append(garbled)
        if not all(hits):
            tally.stray += 1
        if found and same_text(apply_fixes(garbled, found), clean):
            tally.exact += 1
    return tally


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--show", type=int, default=0, help="missed examples to print per rule")
    args = parse_with_shared(parser)
    sentences = sample_sentences(args.shared, args.sentences, args.seed)
    print(f"{len(sentences)} held-out sentences, seed {args.seed}")
    print(f"{'operation':<20} {'rule':<6} {'damaged':>7} {'recall':>7} {'exact':>7} {'stray':>7}")
    for op_name, code in CLASSES.items():
        t = measure(op_name, code, sentences, args.seed, args.show)
        n = max(t.damaged, 1)
        print(
            f"{op_name:<20} {code:<6} {t.damaged:>7} {t.caught / n:>7.1%} "
            f"{t.exact / n:>7.1%} {t.stray / n:>7.1%}"
        )
        for miss in t.misses:
            print(f"    miss: {miss[:200]}")


if __name__ == "__main__":
    main()
