"""Measure how often the rules flag clean, human-written English (false flags).

Runs every rule in :data:`fixtext.detect.rules.RULES` over three kinds of clean text from
``../shared/`` (each read only when present):

* ``eval/mt-postedit/*/dev.pe.txt`` -- human post-edits, one sentence a line;
* the ``reference_english`` column of ``eval/wmt-mt/*.tsv`` (each reference once);
* ``corpus/*.heldout.txt`` -- held-out corpus paragraphs.

Prints, per data set, the sentences checked and the sentences each rule flags; with
``--show N`` it also prints up to N flagged examples per rule, to see what to tighten.
Usage: ``python -m research.rules_false_flags [--show N] [--shared PATH]``.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from collections.abc import Iterator

from fixtext.detect.rules import RULES, RuleDetector
from fixtext.document import Document
from tools.shared_data import heldout, parse_with_shared, postedits, references


def measure(lines: Iterator[str], show: int) -> tuple[int, Counter[str], dict[str, list[str]]]:
    """Run the rules; return sentences checked, flagged sentences per rule, examples."""
    detector = RuleDetector(RULES)
    checked = 0
    flagged: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for line in lines:
        if not line.strip():
            continue
        doc = Document(line)
        sentences = doc.sentences
        checked += len(sentences)
        seen: set[tuple[str, int]] = set()
        for finding in detector.detect(doc):
            index = next(i for i, s in enumerate(sentences) if s.start <= finding.start < s.end)
            if (finding.rule, index) in seen:
                continue
            seen.add((finding.rule, index))
            flagged[finding.rule] += 1
            if len(examples[finding.rule]) < show:
                s = sentences[index]
                a, b = finding.start - s.start, finding.end - s.start
                examples[finding.rule].append(f"{s.text[:a]}[[{s.text[a:b]}]]{s.text[b:]}")
    return checked, flagged, examples


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0, help="examples to print per rule")
    args = parse_with_shared(parser)
    codes = [rule.code for rule in RULES]
    print(f"{'data set':<12} {'sentences':>9} " + " ".join(f"{c:>5}" for c in codes) + "   any%")
    for name, source in (("post-edits", postedits), ("wmt-refs", references), ("heldout", heldout)):
        checked, flagged, examples = measure(source(args.shared), args.show)
        if not checked:
            print(f"{name:<12} (missing)")
            continue
        share = 100 * sum(flagged.values()) / checked
        counts = " ".join(f"{flagged[c]:>5}" for c in codes)
        print(f"{name:<12} {checked:>9} {counts}  {share:5.2f}")
        for code in codes:
            for example in examples[code]:
                print(f"    {code} {example[:300]}")


if __name__ == "__main__":
    main()
