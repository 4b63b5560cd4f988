"""Measure FT102 (word-choice) and the verifier's fluency guard; choose their margins.

Everything runs on the product's own code (:class:`fixtext.detect.word_choice.WordChoiceDetector`,
:meth:`fixtext.model.masked_lm.MaskedScorer.context_change`) with the installed BERT and
WordNet, on data fixtext never trained its margins on:

* **clean** held-out corpus sentences, two disjoint draws: ``calibrate`` chooses the
  smallest flag margin (grid :data:`MARGINS`) that flags at most ``--target`` of its
  sentences, ``test`` reports the rate at that margin and at the shipped one; with the
  damage head, FT102's rule includes its assisted margin, and each FT103 threshold
  (:data:`DAMAGE_THRESHOLDS`) gets its rate alone and with FT102's shipped flags;
* **noised** held-out sentences, one content word swapped for a WordNet synonym of another
  sense or a related word (:mod:`fixtext.training.word_damage`, never FT014's tables),
  of one word or two ("bound up" for "committed"): span recall (a flag on the words the
  swap put in), with the swaps of two words apart, and how often the fix is the original
  word (over the whole span, from the flag there with the largest lead, as FT102 keeps);
  with the head, the share FT102, FT103 and either catch at the shipped settings; for
  two words judged as one, a grid of margins (:data:`PHRASE_MARGINS`): the clean
  sentences flagged (both halves) and the swaps of two words a phrase flag covers;
* **openers**: ``--openers`` held-out sentences whose capitalised first word was swapped
  the same way for one word (a draw of its own): the share FT102 flags at the shipped
  settings, the share it restores, and the share whose original word BERT knows
  capitalised as one piece (FT102's limit there);
* **grown**: how many clean sentences, and how many of the swaps, get a finding grown
  over a neighbour (FT102's fix of two neighbouring words; see below);
* **neighbours**: ``--neighbours`` held-out sentences with two neighbouring content words
  each swapped the same way for one word ("law officeholder" for "police officer", a
  draw of its own): the share FT102 flags (a finding on either word), the share whose
  fixes restore both words, and the share where they restore one and change nothing
  else;
* **MLQE-PE dev** (real MT, word-level OK/BAD tags): precision, recall and MCC of flagged
  words against the tags, and the share of sentences post-editors left unchanged that
  get a flag;
* **FT104** (missing-word, with the head): the share of the clean sentences it flags
  (both halves), and of ``--dropped`` held-out sentences with one function word dropped
  (:func:`fixtext.training.word_damage.drop`, a draw of its own), the share whose gap it
  flags and the share it restores (the dropped word proposed);
* **FT105** (extra-word, with the head): the same for ``--inserted`` held-out sentences
  with one stray word put in (a word of the sentence or of another, a draw of its own):
  the share whose stray word it flags (its fix deletes it);
* the **proposer** of FT103's flags (:mod:`fixtext.propose.masked_word`), the damaged
  word's position given: on MLQE-PE dev, each lower-case content word a post-editor
  replaced by one other word (``--replacements`` a pair), the share where its first
  proposal is the post-editor's word, against the lexicons' candidates ranked by gain
  alone (the proposer before it took BERT's own words); on the WordNet swaps of one word,
  the share where it is the original;
* the **guard**: pairs (MT, post-edit) of MLQE-PE dev that differ by at most two word
  edits are good repairs, (post-edit, MT) bad ones; noised held-out sentences and their
  originals likewise (all four kinds of word damage). For each margin: good repairs
  vetoed, bad changes vetoed.

It also writes ``<out>/noised-set/`` (``heldout.txt`` garbled, ``heldout.clean.txt``
correct, one sentence a line, all four kinds of word damage, at most one edit each), a set
``fixtext eval --set`` reads, for the whole pipeline's figures.

Usage: ``python -m tools.calibrate_word_choice --out runs/word-choice [--clean 800]
[--noised 300] [--openers 200] [--neighbours 200] [--mlqe 100] [--guard 40]
[--dropped 300] [--inserted 300] [--replacements 300] [--target 0.005]``; the report is
``<out>/report.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from difflib import SequenceMatcher
from itertools import pairwise
from pathlib import Path
from typing import Any, TypeVar

from fixtext.detect.damaged_word import THRESHOLD, DamagedWordDetector
from fixtext.detect.extra_word import ExtraWordDetector
from fixtext.detect.missing_word import MissingWordDetector
from fixtext.detect.word_choice import (
    ASSISTED_MARGIN,
    FLAG_MARGIN,
    PHRASE_MARGIN,
    SUSPECT,
    Judged,
    WordChoiceDetector,
)
from fixtext.document import Document
from fixtext.findings import Finding
from fixtext.lexicon import wordnet
from fixtext.lexicon.names import is_title_cased
from fixtext.lexicon.substitutes import swappable
from fixtext.lexicon.words import KNOWN_WORD, is_common_lower
from fixtext.model import bert
from fixtext.model.masked_lm import WORD, MaskedScorer, Query, offered
from fixtext.propose.masked_word import MIN_GAIN, MaskedWordProposer, ranked
from fixtext.textops import word_edit_distance
from fixtext.training import word_damage as wd
from fixtext.verify import FLUENCY_MARGIN

HELDOUT = (
    "enwiki-2018,sotu-addresses,wmt-en-original,reuters21578,bbc-news,xsum-bbc-sample,fnc1-news"
).split(",")
PAIRS = ("et-en", "ne-en", "ro-en", "ru-en", "si-en")
T = TypeVar("T")
MARGINS = tuple(x / 2 for x in range(10, 25))  # 5.0 .. 12.0
GUARD_MARGINS = (1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0)
#: Margins tried for two words judged as one (:data:`PHRASE_MARGIN`).
PHRASE_MARGINS = (8.0, 8.5, 9.0, 9.5, 10.0, 11.0, 12.0)
#: FT103 thresholds tried, with FT102 (its shipped margins, assisted by the head) on too.
DAMAGE_THRESHOLDS = (0.95, 0.96, 0.97, 0.98, 0.99, 0.995)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def judge_sentences(detector: WordChoiceDetector, sentences: list[str]) -> list[list[Judged]]:
    """Each sentence's judged words (offsets into the sentence), a paragraph each."""
    text = "\n\n".join(sentences)
    starts, at = [], 0
    for sentence in sentences:
        starts.append(at)
        at += len(sentence) + 2
    out: list[list[Judged]] = [[] for _ in sentences]
    for judged in detector.judge(Document(text)):
        index = max(i for i, s in enumerate(starts) if s <= judged.start)
        s = starts[index]
        out[index].append(replace(judged, start=judged.start - s, end=judged.end - s))
    return out


def lead(judged: Judged) -> float:
    """The best candidate's lead over the word on the scale of ``FLAG_MARGIN`` (a
    phrase's lead less ``PHRASE_MARGIN - FLAG_MARGIN``), where a word FT102 flags only
    with the damage head's help (:attr:`Judged.flagged`) counts as leading by
    ``FLAG_MARGIN``: the grid of margins then moves FT102's plain margins together, its
    assisted rule as shipped."""
    gain = judged.ranked[0][0] - (PHRASE_MARGIN - FLAG_MARGIN if judged.phrase else 0.0)
    return FLAG_MARGIN if judged.flagged and gain < FLAG_MARGIN else gain


def phrase_figures(
    clean: list[list[Judged]], swaps: list[tuple[str, int, int, str]], judged: list[list[Judged]]
) -> dict[str, Any]:
    """For each phrase margin (:data:`PHRASE_MARGINS`), single words and the assisted
    rule as shipped: the share of clean sentences (calibration / test half) flagged by
    FT102 with phrases flagged at that margin, and the share of the swaps of two words
    that a phrase flag covers."""

    def flags(js: list[Judged], margin: float) -> list[Judged]:
        return [j for j in js if (phrase_flagged(j, margin) if j.phrase else j.flagged)]

    pairs = [
        (start, end, js)
        for (garbled, start, end, _), js in zip(swaps, judged, strict=True)
        if " " in garbled[start:end]
    ]
    out: dict[str, Any] = {"two_word_swaps": len(pairs)}
    for margin in PHRASE_MARGINS:
        flagged = [bool(flags(js, margin)) for js in clean]
        covered = [
            any(j.phrase and j.start < end and start < j.end for j in flags(js, margin))
            for start, end, js in pairs
        ]
        out[str(margin)] = {
            "clean": [round(sum(h) / len(h), 4) for h in (flagged[0::2], flagged[1::2])],
            "covered_by_phrase": round(sum(covered) / len(covered), 3) if covered else None,
        }
    return out


def phrase_flagged(judged: Judged, margin: float) -> bool:
    """Whether FT102 would flag the phrase ``judged`` were :data:`PHRASE_MARGIN`
    ``margin`` (its assisted rule as shipped)."""
    lead = judged.ranked[0][0]
    return lead >= margin or (lead >= ASSISTED_MARGIN and judged.damage >= SUSPECT)


def best_gain(judged: list[Judged]) -> float:
    return max((lead(j) for j in judged), default=-math.inf)


def word_damage(scorer: MaskedScorer, sentences: list[str]) -> list[list[float]]:
    """The damage head's probabilities of each sentence's words (FT103's tokens)."""
    return scorer.damage([WORD.findall(s) for s in sentences])


def _draw(
    count: int, seed: int, per: int, make: Callable[[str, random.Random], T | None]
) -> list[T]:
    """The first ``count`` items ``make`` gives (None: none) for held-out sentences drawn
    with ``seed``, ``per`` sentences drawn for each item wanted."""
    rng = random.Random(seed)
    out: list[T] = []
    for _, sentence in wd.corpus_sentences(
        Path("../shared/corpus"), HELDOUT, "heldout", count * per, seed
    ):
        item = make(sentence, rng)
        if item is not None:
            out.append(item)
            if len(out) == count:
                break
    return out


def noised_swaps(count: int, seed: int, wn: wordnet.WordNet) -> list[tuple[str, int, int, str]]:
    """(garbled sentence, start, end of what the swap put in, original word): one word, or
    two where WordNet's synonym is a lemma of two words ("bound up" for "committed")."""

    def swap(sentence: str, rng: random.Random) -> tuple[str, int, int, str] | None:
        tokens = list(WORD.finditer(sentence))
        example = wd.Example([t.group() for t in tokens], [wd.OK] * len(tokens))
        if not wd.substitute(example, rng, wn, rng.choice(["wrong_sense", "related"])):
            return None
        edit = example.edits[0]
        token, new = tokens[edit.at], " ".join(edit.new)
        garbled = sentence[: token.start()] + new + sentence[token.end() :]
        return garbled, token.start(), token.start() + len(new), edit.old[0]

    return _draw(count, seed, 2, swap)


def opening_swaps(count: int, seed: int, wn: wordnet.WordNet) -> list[tuple[str, int, int, str]]:
    """(garbled sentence, 0, end of the word the swap put in, original word): the
    capitalised word that opens the sentence, a word the corpus writes lower-case at least
    half the time (no name), swapped for one word as :func:`noised_swaps` swaps,
    capitalised like it."""

    def swap(sentence: str, rng: random.Random) -> tuple[str, int, int, str] | None:
        first = WORD.match(sentence)
        if first is None or not is_title_cased(first.group()):
            return None
        if not is_common_lower(first.group(), KNOWN_WORD):
            return None
        example = wd.Example([first.group().lower()], [wd.OK])
        if not wd.substitute(example, rng, wn, rng.choice(["wrong_sense", "related"])):
            return None
        if len(example.words) != 1:
            return None
        new = example.words[0].capitalize()
        return new + sentence[first.end() :], 0, len(new), first.group()

    return _draw(count, seed, 12, swap)


def neighbour_swaps(count: int, seed: int, wn: wordnet.WordNet) -> list[tuple[str, int, int, str]]:
    """(garbled sentence, start, end of the two words the swaps put in, the sentence): two
    neighbouring content words, one space between, each swapped for one word as
    :func:`noised_swaps` swaps."""

    def swap(sentence: str, rng: random.Random) -> tuple[str, int, int, str] | None:
        tokens = list(WORD.finditer(sentence))
        spots = [
            i
            for i, (first, second) in enumerate(pairwise(tokens))
            if swappable(first.group())
            and swappable(second.group())
            and sentence[first.end() : second.start()] == " "
        ]
        rng.shuffle(spots)
        for i in spots[:6]:
            new = []
            for token in tokens[i : i + 2]:
                kind = rng.choice(["wrong_sense", "related"])
                finder = (
                    wd.wrong_sense_candidates if kind == "wrong_sense" else wd.related_candidates
                )
                options = [c for c in finder(wn, token.group()) if " " not in c]
                if not options:
                    break
                new.append(rng.choice(options))
            if len(new) == 2:
                start, end, words = tokens[i].start(), tokens[i + 1].end(), " ".join(new)
                garbled = sentence[:start] + words + sentence[end:]
                return garbled, start, start + len(words), sentence
        return None

    return _draw(count, seed, 4, swap)


def neighbour_figures(
    detector: WordChoiceDetector, swaps: list[tuple[str, int, int, str]]
) -> dict[str, Any]:
    """FT102 on :func:`neighbour_swaps`: the share with a finding on either swapped word,
    the share its fixes (all applied) restore whole, and the share where they restore
    one of the two words and change nothing else."""
    caught = restored = one = 0
    for garbled, start, end, sentence in swaps:
        findings = detector.detect(Document(garbled))
        caught += any(f.start < end and start < f.end for f in findings)
        fixed = garbled
        for finding in sorted(findings, key=lambda f: -f.start):
            assert finding.fix is not None
            fixed = fixed[: finding.start] + finding.fix.replacement + fixed[finding.end :]
        restored += fixed == sentence
        first = _index(garbled, start)
        words, right = WORD.findall(fixed), WORD.findall(sentence)
        wrong = {n for n, (a, b) in enumerate(zip(words, right, strict=False)) if a != b}
        one += len(words) == len(right) and len(wrong) == 1 and wrong <= {first, first + 1}
    share = max(len(swaps), 1)
    return {
        "swaps": len(swaps),
        "recall": round(caught / share, 3),
        "restored": round(restored / share, 3),
        "one_restored": round(one / share, 3),
    }


def grown(detector: WordChoiceDetector, texts: list[str]) -> int:
    """How many of ``texts`` get a FT102 finding grown over a neighbour: one whose span
    is not that of a word or phrase it flagged."""
    count = 0
    for text in texts:
        document = Document(text)
        flagged = {(j.start, j.end) for j in detector.judge(document) if j.flagged}
        count += any((f.start, f.end) not in flagged for f in detector.detect(document))
    return count


def noised_pairs(count: int, seed: int, wn: wordnet.WordNet) -> list[tuple[str, str, str]]:
    """(kind, garbled, clean) with one word-damage edit of any kind, in the raw text."""

    def damaged(sentence: str, rng: random.Random) -> tuple[str, str, str] | None:
        tokens = [t.group() for t in WORD.finditer(sentence)]
        example = wd.damage(tokens, rng, wn, clean_share=0.0, max_edits=1)
        if not example.edits:
            return None
        garbled = _retext(sentence, tokens, example.words)
        if not garbled or garbled == sentence:
            return None
        return example.edits[0].kind, garbled, sentence

    return _draw(count, seed, 2, damaged)


def _retext(sentence: str, old: list[str], new: list[str]) -> str | None:
    """``sentence`` with its tokens ``old`` changed into ``new`` in place (one change)."""
    spans = [(m.start(), m.end()) for m in WORD.finditer(sentence)]
    changes = [
        o for o in SequenceMatcher(None, old, new, autojunk=False).get_opcodes() if o[0] != "equal"
    ]
    if len(changes) != 1:
        return None
    _, i1, i2, j1, j2 = changes[0]
    words = " ".join(new[j1:j2])
    if i1 < i2:  # replace or delete tokens i1..i2
        start, end = spans[i1][0], spans[i2 - 1][1]
        if not words:  # a deletion takes the space before it too
            start = spans[i1 - 1][1] if i1 > 0 else start
        return sentence[:start] + words + sentence[end:]
    at = spans[i1][0] if i1 < len(spans) else len(sentence)  # an insertion before token i1
    return sentence[:at] + words + " " + sentence[at:]


def dropped_words(count: int, seed: int, wn: wordnet.WordNet) -> list[tuple[str, int, int, str]]:
    """(garbled sentence, start, end of the word after the gap, the dropped word)."""

    def dropped(sentence: str, rng: random.Random) -> tuple[str, int, int, str] | None:
        tokens = [t.group() for t in WORD.finditer(sentence)]
        example = wd.Example(list(tokens), [wd.OK] * len(tokens))
        if not wd.drop(example, rng, wn):
            return None
        garbled = _retext(sentence, tokens, example.words)
        if garbled is None:
            return None
        after = list(WORD.finditer(garbled))[example.edits[0].at]
        return garbled, after.start(), after.end(), example.edits[0].old[0].lower()

    return _draw(count, seed, 3, dropped)


def inserted_words(count: int, seed: int) -> list[tuple[str, int, int, str]]:
    """(garbled sentence, start, end of a stray word, the word): a lower-case word of the
    sentence itself (half the time) or of another held-out sentence, put after a word
    (not beside a copy of itself), the way spinners leave debris."""
    others = [
        w
        for _, sentence in wd.corpus_sentences(
            Path("../shared/corpus"), HELDOUT, "heldout", 400, seed + 1
        )
        for w in WORD.findall(sentence)
        if w.isalpha() and w.islower() and len(w) > 2
    ]

    def inserted(sentence: str, rng: random.Random) -> tuple[str, int, int, str] | None:
        tokens = list(WORD.finditer(sentence))
        own = [t.group() for t in tokens if t.group().isalpha() and t.group().islower()]
        own = [w for w in own if len(w) > 2]
        if len(tokens) < 6 or not own:
            return None
        word = rng.choice(own) if rng.random() < 0.5 else rng.choice(others)
        slots = [
            i
            for i in range(1, len(tokens))
            if tokens[i - 1].group()[0].isalnum()
            and word not in (tokens[i - 1].group().lower(), tokens[i].group().lower())
        ]
        if not slots:
            return None
        at = tokens[rng.choice(slots) - 1].end() + 1
        return sentence[: at - 1] + " " + word + sentence[at - 1 :], at, at + len(word), word

    return _draw(count, seed, 2, inserted)


def span_figures(
    detector: MissingWordDetector | ExtraWordDetector,
    clean: list[str],
    damaged: list[tuple[str, int, int, str]],
    restores: Callable[[Finding, str], bool],
) -> dict[str, Any]:
    """A detector of one kind of damage on the clean draw (both halves) and on sentences
    with that damage, each (garbled, start, end of the damage, the right word): the share
    whose damage it flags and the share it restores (``restores``: the fix puts the
    right word back)."""
    flagged = [bool(detector.detect(Document(s))) for s in clean]
    caught = restored = other = 0
    for garbled, start, end, word in damaged:
        for finding in detector.detect(Document(garbled)):
            if finding.start < end and start < finding.end:
                caught += 1
                restored += restores(finding, word)
            else:
                other += 1
    return {
        "clean_flagged": {
            "calibrate": round(sum(flagged[0::2]) / len(flagged[0::2]), 4),
            "test": round(sum(flagged[1::2]) / len(flagged[1::2]), 4),
        },
        "clean_flags": [s for s, f in zip(clean, flagged, strict=True) if f],
        "damaged": len(damaged),
        "caught": round(caught / len(damaged), 3),
        "restored": round(restored / len(damaged), 3),
        "other_flags": other,
    }


def puts_back(finding: Finding, word: str) -> bool:
    """FT104's fix restores a dropped ``word``: it is the word inserted."""
    return finding.fix is not None and finding.fix.replacement.split()[0] == word


def deletes(finding: Finding, _word: str) -> bool:
    """FT105's fix restores the sentence a stray word was put in: it deletes the word."""
    return finding.fix is not None and finding.fix.replacement == ""


def mcc(tp: int, fp: int, fn: int, tn: int) -> float:
    denominator = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return (tp * tn - fp * fn) / denominator if denominator else 0.0


def mlqe_figures(detector: WordChoiceDetector, per_pair: int, margin: float) -> dict[str, Any]:
    """Word-level figures of flags at ``margin`` against MLQE-PE dev's tags."""
    totals = {"tp": 0, "fp": 0, "fn": 0, "tn": 0, "unchanged": 0, "unchanged_flagged": 0}
    per: dict[str, Any] = {}
    for pair in PAIRS:
        tagged = wd.read_mlqe(Path("../shared/eval/mt-postedit") / pair, "dev")[:per_pair]
        texts = [" ".join(t.words) for t in tagged]
        judged = judge_sentences(detector, texts)
        counts = dict.fromkeys(totals, 0)
        for sentence, text, flags in zip(tagged, texts, judged, strict=True):
            spans = [(j.start, j.end) for j in flags if lead(j) >= margin]
            at = 0
            for word, label in zip(sentence.words, sentence.labels, strict=True):
                start = text.index(word, at)
                at = start + len(word)
                hit = any(s < at and start < e for s, e in spans)
                key = ("tp" if label else "fp") if hit else ("fn" if label else "tn")
                counts[key] += 1
            if sentence.unchanged:
                counts["unchanged"] += 1
                counts["unchanged_flagged"] += bool(spans)
        per[pair] = {"mcc": round(mcc(counts["tp"], counts["fp"], counts["fn"], counts["tn"]), 4)}
        for key, value in counts.items():
            totals[key] += value
    tp, fp, fn, tn = totals["tp"], totals["fp"], totals["fn"], totals["tn"]
    return {
        "precision": round(tp / (tp + fp), 3) if tp + fp else None,
        "recall": round(tp / (tp + fn), 4),
        "mcc": round(mcc(tp, fp, fn, tn), 4),
        "flagged_words": tp + fp,
        "bad_words": tp + fn,
        "unchanged_flagged": f"{totals['unchanged_flagged']}/{totals['unchanged']}",
        "per_pair": per,
    }


def _index(sentence: str, start: int) -> int:
    """The index of the word (:data:`WORD`) at ``start`` in ``sentence``."""
    return [m.start() for m in WORD.finditer(sentence)].index(start)


def replacements(per_pair: int) -> list[tuple[Query, str]]:
    """MLQE-PE dev's one-for-one replacements of a lower-case content word (the MT's
    sentence, the word's index, no candidates) with the post-editor's word, a single
    piece BERT may offer; at most ``per_pair`` a pair."""
    vocabulary = bert.vocabulary()
    out: list[tuple[Query, str]] = []
    for pair in PAIRS:
        folder = Path("../shared/eval/mt-postedit") / pair
        mt = (folder / "dev.mt.tok").read_text(encoding="utf-8").splitlines()
        pe = (folder / "dev.pe.tok").read_text(encoding="utf-8").splitlines()
        found: list[tuple[Query, str]] = []
        for machine, edited in zip(mt, pe, strict=True):
            words, right = machine.split(), edited.split()
            blocks = SequenceMatcher(None, words, right, autojunk=False).get_opcodes()
            for op, i1, i2, j1, j2 in blocks:
                if op != "replace" or i2 - i1 != 1 or j2 - j1 != 1:
                    continue
                word, wanted = words[i1], right[j1]
                if swappable(word) and offered(wanted) and wanted in vocabulary:
                    found.append((Query(tuple(words), i1, ()), wanted))
        out += found[:per_pair]
    return out


def proposal_figures(
    scorer: MaskedScorer, wn: wordnet.WordNet, cases: list[tuple[Query, str]]
) -> dict[str, Any]:
    """How often the proposer's first proposal for each case's word (position given) is
    the case's right word, and how often the best of the lexicons' candidates by gain
    alone is (the proposer before BERT's own words); by halves (even and odd cases) too."""
    proposer = MaskedWordProposer(scorer, wn)
    asked = [(proposer.query(q.words, q.index), right) for q, right in cases]
    cases = [(query, right) for query, right in asked if query is not None]  # swappable only
    queries = [query for query, _ in cases]
    hits: dict[str, list[bool]] = {"proposer": [], "lexicons_by_gain": []}
    for query, (_, right), proposals in zip(queries, cases, scorer.proposals(queries), strict=True):
        hits["proposer"].append(ranked(query, proposals)[:1] == [right])
        named = [p for p in proposals if p.word in query.candidates and p.gain >= MIN_GAIN]
        best = max(named, key=lambda p: p.gain, default=None)  # the proposer before BERT's own
        hits["lexicons_by_gain"].append(best is not None and best.word == right)

    def share(h: list[bool]) -> float | None:
        return round(sum(h) / len(h), 3) if h else None

    return {
        "cases": len(cases),
        **{
            name: {"all": share(h), "even": share(h[0::2]), "odd": share(h[1::2])}
            for name, h in hits.items()
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--clean", type=int, default=800)
    parser.add_argument("--noised", type=int, default=300)
    parser.add_argument("--openers", type=int, default=200, help="sentences for openers")
    parser.add_argument("--neighbours", type=int, default=200, help="sentences, two words")
    parser.add_argument("--mlqe", type=int, default=100, help="sentences per language pair")
    parser.add_argument("--guard", type=int, default=40, help="pairs per source")
    parser.add_argument("--dropped", type=int, default=300, help="sentences for FT104")
    parser.add_argument("--inserted", type=int, default=300, help="sentences for FT105")
    parser.add_argument("--replacements", type=int, default=300, help="MLQE-PE cases per pair")
    parser.add_argument("--target", type=float, default=0.005)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    wn = wordnet.load()
    scorer = MaskedScorer.installed()
    detector = WordChoiceDetector(scorer, wn, assisted=scorer.head is not None)
    report: dict[str, Any] = {"args": {k: str(v) for k, v in vars(args).items()}}

    say("clean held-out sentences")
    draw = wd.corpus_sentences(Path("../shared/corpus"), HELDOUT, "heldout", 2 * args.clean, 101)
    clean = [s for _, s in draw]
    judged_clean = judge_sentences(detector, clean)
    gains = [best_gain(j) for j in judged_clean]
    calibrate, test = gains[0::2], gains[1::2]
    rate = {m: sum(g >= m for g in calibrate) / len(calibrate) for m in MARGINS}
    chosen = min((m for m in MARGINS if rate[m] <= args.target), default=MARGINS[-1])
    report["clean"] = {
        "sentences": [len(calibrate), len(test)],
        "calibrate_rate": {str(m): round(r, 4) for m, r in rate.items()},
        "chosen_margin": chosen,
        "shipped_margin": FLAG_MARGIN,
        "test_rate": {
            str(m): round(sum(g >= m for g in test) / len(test), 4)
            for m in sorted({*MARGINS, FLAG_MARGIN})
        },
        "flags": [
            (clean[i], j.word, j.ranked[0][1], round(j.ranked[0][0], 1))
            for i, js in enumerate(judged_clean)
            for j in js
            if lead(j) >= min(chosen, FLAG_MARGIN)
        ],
        "grown": grown(
            detector,
            [s for s, js in zip(clean, judged_clean, strict=True) if any(j.flagged for j in js)],
        ),
    }
    if scorer.head is not None:  # FT103 with FT102 (shipped margins, assisted) on too
        ft102 = [any(j.flagged for j in js) for js in judged_clean]
        heads = [max(p, default=0.0) for p in word_damage(scorer, clean)]
        halves = {"calibrate": slice(0, None, 2), "test": slice(1, None, 2)}
        report["clean"]["ft103"] = {
            "shipped_threshold": THRESHOLD,
            **{
                str(t): {
                    name: {
                        "alone": round(sum(h > t for h in heads[part]) / len(heads[part]), 4),
                        "with_ft102": round(
                            sum(h > t or f for h, f in zip(heads[part], ft102[part], strict=True))
                            / len(heads[part]),
                            4,
                        ),
                    }
                    for name, part in halves.items()
                }
                for t in sorted({*DAMAGE_THRESHOLDS, THRESHOLD})
            },
        }
    say(json.dumps(report["clean"]))

    say("noised held-out sentences (WordNet swaps)")
    swaps = noised_swaps(args.noised, 303, wn)
    judged = judge_sentences(detector, [g for g, _, _, _ in swaps])
    two_words = [" " in garbled[start:end] for garbled, start, end, _ in swaps]
    for margin in sorted({chosen, FLAG_MARGIN}):
        caught, restored, false_flags = [], [], 0
        for (_, start, end, original), js in zip(swaps, judged, strict=True):
            hits = [j for j in js if lead(j) >= margin and j.start < end and start < j.end]
            false_flags += sum(lead(j) >= margin for j in js) - len(hits)
            caught.append(bool(hits))
            kept = max(hits, key=lambda j: j.ranked[0][0], default=None)  # as detect keeps
            restored.append(
                kept is not None
                and (kept.start, kept.end, kept.ranked[0][1]) == (start, end, original)
            )
        two_word_caught = [c for c, two in zip(caught, two_words, strict=True) if two]
        report.setdefault("noised", {})[str(margin)] = {
            "swaps": len(swaps),
            "recall": round(sum(caught) / len(swaps), 3),
            "restored": round(sum(restored) / len(swaps), 3),
            "two_word_swaps": len(two_word_caught),
            "two_word_recall": (
                round(sum(two_word_caught) / len(two_word_caught), 3) if two_word_caught else None
            ),
            "other_words_flagged": false_flags,
        }
    phrases = phrase_figures(judged_clean, swaps, judged)
    report["phrases"] = {"shipped_margin": PHRASE_MARGIN, **phrases}
    say(json.dumps(report["phrases"]))
    if scorer.head is not None:
        ft103 = DamagedWordDetector(scorer)
        shipped = {"ft102": 0, "ft103": 0, "both": 0}
        for (garbled, start, end, _), js in zip(swaps, judged, strict=True):
            by_102 = any(j.flagged and j.start < end and start < j.end for j in js)
            by_103 = any(f.start < end and start < f.end for f in ft103.detect(Document(garbled)))
            shipped["ft102"] += by_102
            shipped["ft103"] += by_103
            shipped["both"] += by_102 or by_103
        report["noised"]["shipped"] = {k: round(v / len(swaps), 3) for k, v in shipped.items()}
    report["noised"]["grown"] = grown(detector, [g for g, _, _, _ in swaps])
    say(json.dumps(report["noised"]))

    say("noised held-out sentences (a swap of the word that opens them)")
    openers = opening_swaps(args.openers, 305, wn)
    caught = restored = 0
    for (_, _, end, original), js in zip(
        openers, judge_sentences(detector, [g for g, _, _, _ in openers]), strict=True
    ):
        hits = [j for j in js if j.flagged and j.start < end]
        caught += bool(hits)
        kept = max(hits, key=lambda j: j.ranked[0][0], default=None)
        restored += kept is not None and kept.ranked[0][1] == original
    report["openers"] = {
        "swaps": len(openers),
        "recall": round(caught / max(len(openers), 1), 3),
        "restored": round(restored / max(len(openers), 1), 3),
        "original_one_piece": round(
            sum(scorer.single_piece(o) for *_, o in openers) / max(len(openers), 1), 3
        ),
    }
    say(json.dumps(report["openers"]))

    say("noised held-out sentences (two neighbouring words swapped)")
    report["neighbours"] = neighbour_figures(detector, neighbour_swaps(args.neighbours, 909, wn))
    say(json.dumps(report["neighbours"]))

    say("MLQE-PE dev")
    report["mlqe"] = {
        str(m): mlqe_figures(detector, args.mlqe, m) for m in sorted({chosen, FLAG_MARGIN})
    }
    say(json.dumps(report["mlqe"]))

    if scorer.head is not None:
        say("FT104 missing-word")
        drops = dropped_words(args.dropped, 606, wn)
        report["missing"] = span_figures(MissingWordDetector(scorer), clean, drops, puts_back)
        say(json.dumps(report["missing"]))
        say("FT105 extra-word")
        strays = inserted_words(args.inserted, 707)
        report["extra"] = span_figures(ExtraWordDetector(scorer), clean, strays, deletes)
        say(json.dumps(report["extra"]))

    say("proposals for FT103's flags")
    report["proposals"] = {
        "mlqe": proposal_figures(scorer, wn, replacements(args.replacements)),
        "swaps": proposal_figures(
            scorer,
            wn,
            [
                (Query(tuple(WORD.findall(g)), _index(g, start), ()), w)
                for (g, start, _, w), two in zip(swaps, two_words, strict=True)
                if not two  # the proposer replaces one word
            ],
        ),
    }
    say(json.dumps(report["proposals"]))

    say("fluency guard")
    pairs: list[tuple[str, str, str, bool]] = []
    for pair in PAIRS:
        folder = Path("../shared/eval/mt-postedit") / pair
        mt = (folder / "dev.mt.txt").read_text(encoding="utf-8").splitlines()
        pe = (folder / "dev.pe.txt").read_text(encoding="utf-8").splitlines()
        close = [
            (m, p) for m, p in zip(mt, pe, strict=True) if m != p and word_edit_distance(m, p) <= 2
        ]
        for m, p in close[: args.guard]:
            pairs += [("mlqe", m, p, True), ("mlqe", p, m, False)]
    for kind, garbled, original in noised_pairs(5 * args.guard, 404, wn):
        pairs += [
            (f"noise-{kind}", garbled, original, True),
            (f"noise-{kind}", original, garbled, False),
        ]
    changes = scorer.context_change([(a, b) for _, a, b, _ in pairs])
    guard: dict[str, Any] = {}
    for source in sorted({k for k, _, _, _ in pairs}):
        rows = [(good, c) for (k, _, _, good), c in zip(pairs, changes, strict=True) if k == source]
        good = [c for g, c in rows if g]
        bad = [c for g, c in rows if not g]
        guard[source] = {
            "pairs": len(good),
            **{
                str(m): {
                    "good_vetoed": round(sum(c < -m for c in good) / len(good), 3),
                    "bad_vetoed": round(sum(c < -m for c in bad) / len(bad), 3),
                }
                for m in GUARD_MARGINS
            },
        }
    report["guard"] = {"shipped_margin": FLUENCY_MARGIN, **guard}
    say(json.dumps(report["guard"]))

    noised_set = args.out / "noised-set"
    noised_set.mkdir(exist_ok=True)
    rows = noised_pairs(args.noised, 505, wn)
    (noised_set / "heldout.txt").write_text("".join(g + "\n" for _, g, _ in rows), "utf-8")
    (noised_set / "heldout.clean.txt").write_text("".join(c + "\n" for _, _, c in rows), "utf-8")
    report["seconds"] = round(time.monotonic() - started)
    (args.out / "report.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    say(f"report: {args.out / 'report.json'} ({report['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
