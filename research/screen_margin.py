"""Measure FT102's unmasked screen (``SCREEN_MARGIN`` in fixtext/detect/word_choice.py).

FT102 reads a word masked only where, with the word visible, some candidate comes within
the screen of it (or the word is in pieces, or the damage head suspects it). This reads
*every* word with candidates masked, on the calibration tool's draws
(:mod:`tools.calibrate_word_choice`: ``--clean`` held-out sentences a half, seed 101, and
``--swaps`` WordNet swaps, seed 303), keeps each word's unmasked screen value, and replays
the rule (flag margins and the assisted rule as shipped) at each screen of ``--screens``:
the clean sentences flagged (calibration / test half), the masked looks a clean sentence
costs, and the swaps flagged. Usage: ``python -m research.screen_margin [--clean 600]
[--swaps 250] [--screens -6 -7 -8 -10 -15]``.
"""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass
from pathlib import Path

import fixtext.detect.word_choice as word_choice
from fixtext.detect.word_choice import WordChoiceDetector
from fixtext.lexicon import wordnet
from fixtext.model.masked_lm import WORD, MaskedScorer
from fixtext.training import word_damage as wd
from tools.calibrate_word_choice import HELDOUT, judge_sentences, noised_swaps


@dataclass(frozen=True)
class Read:
    """A judged word (or ``phrase``) of a sentence: where it is, whether the shipped rule
    flags it once read masked, and ``screen``: its best candidate's unmasked lead, which
    the screen margin must be below for a masked look (-inf: always read masked)."""

    start: int
    end: int
    flagged: bool
    screen: float
    phrase: bool


def read_all(detector: WordChoiceDetector, sentences: list[str]) -> list[list[Read]]:
    """Every judged word of each sentence, read masked whatever its screen value."""
    scorer = detector.scorer
    out = []
    for sentence, judged in zip(sentences, judge_sentences(detector, sentences), strict=True):
        tokens = list(WORD.finditer(sentence))
        candidates = [  # an opener's read in place (its lower-case read is never screened)
            detector.opening_candidates(t.group())[0]
            if i == 0 and t.group()[:1].isupper()
            else detector.candidates(t.group())
            for i, t in enumerate(tokens)
        ]
        in_place = {
            (t.start(), c) for t, options in zip(tokens, candidates, strict=True) for c in options
        }
        screened = scorer.word_log_probs([tuple(t.group() for t in tokens)], [candidates])[0]
        screen = {
            t.start(): max(others) - own
            for t, c, (own, others) in zip(tokens, candidates, screened, strict=False)
            if c and scorer.single_piece(t.group())
        }
        out.append(
            [
                Read(
                    j.start,
                    j.end,
                    j.flagged,
                    -math.inf
                    if j.phrase
                    or j.damage >= word_choice.SUSPECT
                    or (j.start, j.ranked[0][1]) not in in_place  # read in lower case
                    else screen.get(j.start, -math.inf),
                    j.phrase,
                )
                for j in judged
            ]
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clean", type=int, default=600, help="clean sentences a half")
    parser.add_argument("--swaps", type=int, default=250)
    parser.add_argument("--screens", type=float, nargs="+", default=[-6, -7, -8, -10, -15])
    args = parser.parse_args()
    wn = wordnet.load()
    scorer = MaskedScorer.installed()
    detector = WordChoiceDetector(scorer, wn, assisted=scorer.head is not None)
    word_choice.SCREEN_MARGIN = -math.inf  # every word with candidates read masked
    draw = wd.corpus_sentences(Path("../shared/corpus"), HELDOUT, "heldout", 2 * args.clean, 101)
    clean = read_all(detector, [s for _, s in draw])
    swaps = noised_swaps(args.swaps, 303, wn)
    noised = read_all(detector, [g for g, _, _, _ in swaps])
    print(
        "| screen | clean flagged (calibration / test half) | words read masked a sentence |",
        end="",
    )
    print(" swaps flagged |")
    print("|---|---|---|---|")
    for margin in sorted(args.screens, reverse=True):

        def looked(r: Read, margin: float = margin) -> bool:
            return r.screen == -math.inf or r.screen > margin

        flagged = [any(r.flagged and looked(r) for r in rs) for rs in clean]
        halves = [flagged[0::2], flagged[1::2]]
        looks = sum(looked(r) for rs in clean for r in rs if not r.phrase) / len(clean)
        caught = sum(
            any(r.flagged and looked(r) and r.start < end and start < r.end for r in rs)
            for (_, start, end, _), rs in zip(swaps, noised, strict=True)
        )
        rates = " / ".join(f"{sum(h) / len(h):.2%}" for h in halves)
        print(f"| {margin:g} | {rates} | {looks:.2f} | {caught / len(swaps):.1%} |")


if __name__ == "__main__":
    main()
