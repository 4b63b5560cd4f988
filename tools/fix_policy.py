"""Measure each rule's verified fixes on clean and garbled text and write the fix policy.

Runs the whole pipeline (rules, LanguageTool, the shipped model) with every verified fix
allowed (:meth:`fixtext.policy.FixPolicy.apply_all`) and counts, for each rule (FT codes,
FT100, LanguageTool rule ids), the clean sentences where it offers a verified fix (what
``fixtext fix`` would change there) and its verified fixes on garbled text. A clean change
counts as *false* unless ``fixtext/data/fix_policy_audit.tsv`` records it, read by hand,
as the repair of a real error in the clean text (post-edits keep some "the the"); every
change not read counts as false. See :mod:`fixtext.policy` for the decision.

Clean text (``../shared``): the post-edits of MLQE-PE's *train* split (35,000 sentences,
five language pairs, including every sentence post-editors left unchanged) and the first
``--paragraphs`` paragraphs of the held-out enwiki, Reuters and State of the Union
corpora. Garbled text: the first ``--garbled`` train MT sentences per pair that
post-editors changed, and ``--noised`` sentences of the enwiki and WMT-news *train*
corpora damaged by the noise generator. MLQE-PE dev and the held-out news corpora (BBC,
fnc1, WMT) are left out on purpose: they judge the policy. A rule whose candidates come
from the tables the noise generator draws from (FT014 reads ``confusions.tsv``; FT015
deletes the stray words the noise inserts) is credited with its fixes of real MT only: on
noised text its benefit would be circular.

Writes the policy (``fixtext/data/fix_policy.json`` by default) and prints, per rule, its
counts and the false clean changes (up to ``--show``) by source and line, to read.
Usage: ``python -m tools.fix_policy [--bound 0.0002] [--limit N] [--out PATH]
[--shared PATH]`` (about 30 minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from fixtext.config import build_settings
from fixtext.document import Document, sentence_at, split_sentences
from fixtext.engine import Engine
from fixtext.model.seq2seq import default_model_path
from fixtext.pipeline import Pipeline
from fixtext.policy import AUDIT_FILE, POLICY_FILE, FixPolicy
from fixtext.training.noise import Noiser
from tools.shared_data import ROOT, parse_with_shared

PAIRS = ("et-en", "ne-en", "ro-en", "ru-en", "si-en")
CORPORA = ("enwiki-2018", "reuters21578", "sotu-addresses")
BATCH = 64
#: Rules whose candidates are the noise generator's own tables: no credit for noised text.
NOISE_TABLE_RULES = frozenset({"FT014", "FT015"})
DEFAULT_OUT = ROOT / "fixtext" / POLICY_FILE


def clean_lines(shared: Path, paragraphs: int) -> Iterator[tuple[str, str]]:
    """(source name, line) of the clean text: train post-edits, held-out paragraphs."""
    for pair in PAIRS:
        for line in (shared / f"eval/mt-postedit/{pair}/train.pe.txt").open(encoding="utf-8"):
            yield f"mt-postedit/{pair}/train.pe.txt", line.strip()
    for corpus in CORPORA:
        name = f"corpus/{corpus}.heldout.txt"
        lines = [p for p in (shared / name).read_text("utf-8").splitlines() if p.strip()]
        for line in lines[:paragraphs]:
            yield name, line


def garbled_lines(shared: Path, per_pair: int) -> Iterator[tuple[str, str]]:
    """(source name, line) of train MT sentences that post-editors changed."""
    for pair in PAIRS:
        folder = shared / f"eval/mt-postedit/{pair}"
        mt = (folder / "train.mt.txt").read_text("utf-8").splitlines()
        pe = (folder / "train.pe.txt").read_text("utf-8").splitlines()
        changed = [m for m, p in zip(mt, pe, strict=True) if m.split() != p.split()]
        for line in changed[:per_pair]:
            yield f"mt-postedit/{pair}/train.mt.txt", line.strip()


def noised_lines(shared: Path, count: int) -> Iterator[tuple[str, str]]:
    """(source name, sentence) of ``count`` train-corpus sentences each from enwiki and
    WMT news, damaged by the noise generator (seed 7)."""
    noiser = Noiser(7)
    for corpus in ("enwiki-2018", "wmt-en-original"):
        name = f"corpus/{corpus}.train.txt"
        taken = 0
        for paragraph in (shared / name).open(encoding="utf-8"):
            for start, end in split_sentences(paragraph.strip()):
                if taken == count:
                    break
                taken += 1
                yield f"{name} (noised)", noiser.garble(paragraph.strip()[start:end])
            if taken == count:
                break


def read_audit(path: Path) -> set[tuple[str, str, int]]:
    """The (rule, source, line) of the clean changes read by hand as repairs of errors."""
    errors = set()
    for row in path.read_text("utf-8").splitlines():
        if row.startswith("#") or not row.strip():
            continue
        rule, source, line, verdict = row.split("\t")
        if verdict == "error":
            errors.add((rule, source, int(line)))
    return errors


def fixing_rules(pipeline: Pipeline, lines: list[str]) -> list[dict[str, str]]:
    """For each line, the rules with a verified fix on it, each with one sentence it
    changes (before -> after), by the rules' findings on the lines checked as one document."""
    text = "\n\n".join(lines)
    doc = Document(text)
    sentences = doc.sentences
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 2
    out: list[dict[str, str]] = [{} for _ in lines]
    for finding in pipeline.check(doc):
        if finding.fix is None or not finding.fix.safe:
            continue
        index = max(i for i, s in enumerate(starts) if s <= finding.start)
        sentence = sentence_at(sentences, finding.start)
        before = sentence.text if sentence else lines[index]
        base = sentence.start if sentence else starts[index]
        after = (
            before[: finding.start - base] + finding.fix.replacement + before[finding.end - base :]
        )
        out[index].setdefault(finding.rule, f"{before}\n      -> {after}")
    return out


def measure(
    pipeline: Pipeline, lines: list[tuple[str, str, int]], label: str
) -> tuple[int, dict[str, list[tuple[str, int, str]]]]:
    """Sentences read over ``lines`` (source, line number, text), and each rule's changes
    as (source, line number, before -> after)."""
    sentences = 0
    changes: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    started = time.monotonic()
    for first in range(0, len(lines), BATCH):
        batch = [line for line in lines[first : first + BATCH] if line[2]]
        sentences += sum(len(Document(text).sentences) for _, _, text in batch)
        found = fixing_rules(pipeline, [text for _, _, text in batch])
        for (source, number, _), rules in zip(batch, found, strict=True):
            for rule, change in rules.items():
                changes[rule].append((source, number, change))
        done = min(first + BATCH, len(lines))
        rate = done / max(time.monotonic() - started, 1e-9)
        print(
            f"\r{label}: {done:,}/{len(lines):,} lines, {rate:.1f}/s, "
            f"ETA {(len(lines) - done) / rate / 60:.1f} min",
            end="",
            file=sys.stderr,
            flush=True,
        )
    print(file=sys.stderr)
    return sentences, changes


def numbered(lines: Iterator[tuple[str, str]]) -> list[tuple[str, int, str]]:
    """(source, 1-based line number within its source, text) of each line."""
    seen: Counter[str] = Counter()
    out = []
    for source, text in lines:
        seen[source] += 1
        out.append((source, seen[source], text))
    return out


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bound", type=float, default=2e-4)
    parser.add_argument("--benefit", type=float, default=10.0)
    parser.add_argument("--paragraphs", type=int, default=1500)
    parser.add_argument("--garbled", type=int, default=1000, help="MT sentences per pair")
    parser.add_argument("--noised", type=int, default=1000, help="sentences per corpus")
    parser.add_argument("--limit", type=int, help="read only the first N clean lines")
    parser.add_argument("--show", type=int, default=5)
    parser.add_argument("--audit", type=Path, default=DEFAULT_OUT.with_name(AUDIT_FILE))
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parse_with_shared(parser)
    engine = Engine(default_model_path(), resident=True, policy=FixPolicy.apply_all())
    pipeline = engine.pipeline(build_settings())
    clean = numbered(clean_lines(args.shared, args.paragraphs))[: args.limit]
    real = numbered(garbled_lines(args.shared, args.garbled))
    noised = numbered(noised_lines(args.shared, args.noised))
    clean_sentences, clean_changes = measure(pipeline, clean, "clean")
    real_sentences, real_fixes = measure(pipeline, real, "garbled MT")
    noised_sentences, noised_fixes = measure(pipeline, noised, "noised")
    garbled = real + noised

    errors = read_audit(args.audit)
    false_changes = {
        rule: [c for c in changes if (rule, c[0], c[1]) not in errors]
        for rule, changes in clean_changes.items()
    }

    def record(rule: str) -> dict[str, int]:
        """The rule's counts; its garbled fixes and sentences are those it is credited with."""
        fixes, sentences = len(real_fixes.get(rule, [])), real_sentences
        if rule not in NOISE_TABLE_RULES:
            fixes += len(noised_fixes.get(rule, []))
            sentences += noised_sentences
        return {
            "clean_changes": len(clean_changes.get(rule, [])),
            "false_changes": len(false_changes.get(rule, [])),
            "garbled_fixes": fixes,
            "garbled_sentences": sentences,
        }

    table = {
        "bound": args.bound,
        "benefit": args.benefit,
        "clean_sentences": clean_sentences,
        "sources": {
            "clean": dict(Counter(source for source, _, _ in clean)),
            "garbled": dict(Counter(source for source, _, _ in garbled)),
        },
        "rules": {
            rule: record(rule)
            for rule in sorted(set(clean_changes) | set(real_fixes) | set(noised_fixes))
        },
    }
    args.out.write_text(json.dumps(table, indent=1) + "\n", encoding="utf-8")
    policy = FixPolicy.from_table(table)
    print(
        f"{clean_sentences:,} clean sentences, {real_sentences:,} garbled MT, "
        f"{noised_sentences:,} noised; a rule may make {policy.allowed_changes()} false changes"
    )
    print(f"{'rule':<40} {'clean':>6} {'false':>6} {'garbled':>8}  applies")
    for rule, record in sorted(policy.rules.items()):
        verdict = "unasked" if policy.auto_applies(rule) else "suggestion"
        print(
            f"{rule:<40} {record.clean_changes:>6} {record.false_changes:>6} "
            f"{record.garbled_fixes:>8}  {verdict}"
        )
        for source, number, change in false_changes.get(rule, [])[: args.show]:
            print(f"    {source}:{number}: {change}")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
