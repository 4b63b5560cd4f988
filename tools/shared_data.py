"""What the tools and research probes read from ``../shared``, and the shipped model.

Every script that reads the shared data takes ``--shared PATH`` (default: the ``shared``
folder beside this checkout) through :func:`parse_with_shared`; the helpers below draw
the same samples for every script, so their figures compare.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from fixtext.document import Document
from fixtext.evaluate.metrics import damaged_spans, same_text
from fixtext.training import noise

if TYPE_CHECKING:
    from fixtext.model.seq2seq import Seq2SeqModel

#: The repository root (tools/ is one level below it).
ROOT = Path(__file__).resolve().parent.parent
#: Where ``../shared`` is when the scripts run from this checkout.
DEFAULT = ROOT.parent / "shared"
#: Held-out sentences drawn for noised pairs, of which each class uses the first it changes.
POOL = 3000


def add_shared(parser: argparse.ArgumentParser) -> None:
    """Add ``--shared PATH`` (default ``../shared``) to ``parser``."""
    parser.add_argument(
        "--shared", type=Path, default=DEFAULT, help=f"the shared data folder (default {DEFAULT})"
    )


def parse_with_shared(parser: argparse.ArgumentParser) -> argparse.Namespace:
    """Add ``--shared PATH`` to ``parser``, parse the command line, and exit with a
    one-line message when that folder is missing (nothing to measure)."""
    add_shared(parser)
    args = parser.parse_args()
    if not args.shared.is_dir():
        sys.exit(f"no shared data at {args.shared}; nothing to measure")
    return args


def parse_builder(description: str, out: Path) -> tuple[Path, Path]:
    """The command line of a builder of shipped data: ``[CORPUS_DIR] [OUT]`` (defaults
    ``../shared/corpus`` and ``out``). Exits with a one-line message, writing nothing,
    when the corpus folder holds no ``*.train.txt`` file (an empty table must never
    replace the shipped one)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "corpus", type=Path, nargs="?", default=DEFAULT / "corpus", help="*.train.txt folder"
    )
    parser.add_argument("out", type=Path, nargs="?", default=out, help=f"default {out}")
    args = parser.parse_args()
    if not any(args.corpus.glob("*.train.txt")):
        sys.exit(f"no *.train.txt in {args.corpus}; nothing built, {args.out} left as it is")
    return args.corpus, args.out


def sample_sentences(shared: Path, n: int, seed: int) -> list[str]:
    """``n`` held-out sentences (6 to 60 words, ending in a full stop), drawn with ``seed``."""
    pool: list[str] = []
    for path in sorted(shared.glob("corpus/*.heldout.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for sentence in Document(line).sentences:
                text = sentence.text.strip()
                if text.endswith(".") and 6 <= len(text.split()) <= 60:
                    pool.append(text)
    return random.Random(seed).sample(pool, min(n, len(pool)))


def noised_pairs(op_name: str, sentences: list[str], n: int, seed: int) -> list[tuple[str, str]]:
    """Up to ``n`` (garbled, clean) pairs where noise operation ``op_name`` alone changed
    the sentence."""
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


def postedits(shared: Path) -> Iterator[str]:
    """Human post-edited sentences of MLQE-PE dev (``eval/mt-postedit/*/dev.pe.txt``)."""
    for path in sorted(shared.glob("eval/mt-postedit/*/dev.pe.txt")):
        yield from path.read_text(encoding="utf-8").splitlines()


def references(shared: Path) -> Iterator[str]:
    """Each distinct WMT human reference (``reference_english`` of ``eval/wmt-mt/*.tsv``)."""
    csv.field_size_limit(sys.maxsize)
    for path in sorted(shared.glob("eval/wmt-mt/*.tsv")):
        seen: set[str] = set()
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                ref = row.get("reference_english") or ""
                if ref and ref not in seen:
                    seen.add(ref)
                    yield ref


def heldout(shared: Path) -> Iterator[str]:
    """Held-out corpus paragraphs (``corpus/*.heldout.txt``)."""
    for path in sorted(shared.glob("corpus/*.heldout.txt")):
        yield from path.read_text(encoding="utf-8").splitlines()


def shipped_detector() -> tuple[Seq2SeqModel, float]:
    """The shipped model and FT101's calibrated threshold for it; exits with a one-line
    message when no model is shipped (nothing to measure). Imports torch on first call."""
    from fixtext.detect.model import ModelDetector
    from fixtext.model.seq2seq import Seq2SeqModel, default_model_path

    path = default_model_path()
    if path is None:
        sys.exit("no shipped model")
    model = Seq2SeqModel(path)
    return model, ModelDetector(model, None).threshold
