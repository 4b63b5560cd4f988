"""Mine ``fixtext/data/mt_substitutions.tsv``: the words real machine translation put in
place of the words its post-editors wrote back (FT102's second candidate source).

Reads MLQE-PE's train split (``../shared/eval/mt-postedit/<pair>/train.mt.tok`` and
``train.pe.tok``, CC0; never ``dev``, which ``fixtext eval`` scores), aligns each MT
sentence with its post-edit word by word (:class:`difflib.SequenceMatcher`) and counts the
one-word-for-one-word replacements where both words are content words FT102 handles
(:func:`fixtext.lexicon.substitutes.swappable`), neither is the other's spelling variant,
abbreviation or inflection (house style and agreement, not word choice). Only word
*pairs* and their counts are written, no sentence.

Each line is ``mt_word<TAB>post_edited_word<TAB>count``, a pair seen at least
``--min-count`` times, most frequent first for each MT word.

Usage: ``python -m tools.mine_substitutions [--shared PATH] [--min-count 1]``.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterator
from difflib import SequenceMatcher
from pathlib import Path

from fixtext.lexicon.mined import MINED, inflection_of
from fixtext.lexicon.substitutes import abbreviates, spelling_key, swappable
from tools.shared_data import parse_with_shared

PAIRS = ("et-en", "ne-en", "ro-en", "ru-en", "si-en")
HEADER = """\
# Words machine translation put in place of the words post-editors wrote back, mined by
# tools/mine_substitutions.py from MLQE-PE's train split (sheffieldnlp/mlqe-pe, CC0):
# mt_word<TAB>post_edited_word<TAB>times seen. FT102 offers the post-edited word as a
# candidate for the MT word (fixtext/lexicon/mined.py).
"""


def replacements(mt: list[str], post_edit: list[str]) -> Iterator[tuple[str, str]]:
    """The one-for-one word replacements between two token lists that FT102 could
    propose (see the module)."""
    matcher = SequenceMatcher(None, mt, post_edit, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "replace" or i2 - i1 != 1 or j2 - j1 != 1:
            continue
        word, right = mt[i1], post_edit[j1]
        if (
            swappable(word)
            and swappable(right)
            and spelling_key(word) != spelling_key(right)
            and not abbreviates(word, right)
            and not inflection_of(word, right)
        ):
            yield word, right


def mine(shared: Path) -> Counter[tuple[str, str]]:
    """Every pair of :func:`replacements` over the train split of every pair, counted."""
    counts: Counter[tuple[str, str]] = Counter()
    for pair in PAIRS:
        folder = shared / "eval" / "mt-postedit" / pair
        mt_lines = (folder / "train.mt.tok").read_text(encoding="utf-8").splitlines()
        pe_lines = (folder / "train.pe.tok").read_text(encoding="utf-8").splitlines()
        if len(mt_lines) != len(pe_lines):
            raise SystemExit(f"{folder}: train.mt.tok and train.pe.tok differ in length")
        for mt, post_edit in zip(mt_lines, pe_lines, strict=True):
            counts.update(replacements(mt.split(), post_edit.split()))
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min-count", type=int, default=1)
    parser.add_argument("--out", type=Path, default=MINED)
    args = parse_with_shared(parser)
    counts = mine(args.shared)
    kept = sorted(
        ((w, r, n) for (w, r), n in counts.items() if n >= args.min_count),
        key=lambda row: (row[0], -row[2], row[1]),
    )
    lines = [f"{w}\t{r}\t{n}\n" for w, r, n in kept]
    args.out.write_text(HEADER + "".join(lines), encoding="utf-8")
    print(f"{len(kept)} pairs ({sum(n for *_, n in kept)} replacements) -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
