"""Evaluation metrics: pure functions on strings, word level.

Every metric works on the tokens of :func:`tokenize` (words, numbers and single
punctuation marks; white space is dropped), so ``"voted to to"`` and ``"voted to"`` are
one edit apart and ``"killingWhile"`` against ``"killing. While"`` is one edit region.
Because white space is dropped, a change of spacing alone (``"port , which"`` against
``"port, which"``) is invisible to the token metrics; the string comparisons
(:func:`same_text`, used for harm and exact repairs) do see it.

Definitions (each function's docstring gives the exact one):

* word edit distance: Levenshtein distance over tokens;
* damaged spans: the edit regions of a token alignment source -> reference;
* span recall / precision: damaged spans touched by a flag / flags touching damage;
* word-edit reduction: ``1 - sum d(hyp, ref) / sum d(src, ref)``;
* BAD-tag precision, recall and MCC: words a flag overlaps against a set's word tags
  (MLQE-PE's OK/BAD, where a set has them);
* GLEU: Napoles et al.'s GLEU with the source penalty, as scored on JFLEG.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from fixtext.textops import TOKEN, tokenize

Span = tuple[int, int]
"""A half-open ``(start, end)`` range of code-point offsets into a source sentence."""


def token_offsets(text: str) -> list[Span]:
    """The ``(start, end)`` character offsets of each token of :func:`tokenize`."""
    return [m.span() for m in TOKEN.finditer(text)]


def same_text(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` are equal once runs of white space are collapsed.

    The test for "unchanged" in harm rate and exact repairs: any change of a word,
    a punctuation mark or of spacing around one counts; a changed line ending does not.
    """
    return a.split() == b.split()


@dataclass(frozen=True)
class DamagedSpan:
    """One edit region between a source and its reference.

    ``start``/``end`` are character offsets into the source. ``source`` holds the source
    tokens of the region and ``reference`` what the reference has instead. A region with
    no source tokens is an *insertion* (a token is missing from the source): its span is
    the gap between the neighbouring tokens, which may be empty.
    """

    start: int
    end: int
    source: tuple[str, ...]
    reference: tuple[str, ...]

    @property
    def insertion(self) -> bool:
        """True when the source lacks tokens here rather than having wrong ones."""
        return not self.source


def _alignment(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int, bool]]:
    """Steps ``(i, j, matched)`` of an alignment of ``a`` to ``b``, first to last.

    ``i``/``j`` index ``a``/``b``, or are -1 in an insertion/deletion step. Of all the
    alignments with the fewest edits, this is one with the fewest edit regions (runs of
    non-matching steps); remaining ties prefer substitution, then deletion, then insertion.
    """
    n, m = len(a), len(b)
    # best[s][i][j] = ((edits, regions), back) for a[:i] -> b[:j] whose last step is a
    # match (s=0; also the empty start) or an edit (s=1); back = (state, di, dj) it came by.
    none = ((math.inf, math.inf), (0, 0, 0))
    best = [[[none] * (m + 1) for _ in range(n + 1)] for _ in range(2)]
    best[0][0][0] = ((0, 0), (0, 0, 0))
    for i in range(n + 1):
        for j in range(m + 1):
            if i and j and a[i - 1] == b[j - 1]:
                s = min((0, 1), key=lambda s: best[s][i - 1][j - 1][0])
                best[0][i][j] = (best[s][i - 1][j - 1][0], (s, 1, 1))
            moves = [(1, 0), (0, 1)]
            if i and j and a[i - 1] != b[j - 1]:
                moves.insert(0, (1, 1))
            for di, dj in moves:
                if i < di or j < dj:
                    continue
                for s in (0, 1):
                    edits, regions = best[s][i - di][j - dj][0]
                    candidate = (edits + 1, regions + (s == 0))
                    if candidate < best[1][i][j][0]:
                        best[1][i][j] = (candidate, (s, di, dj))
    steps: list[tuple[int, int, bool]] = []
    state = min((0, 1), key=lambda s: best[s][n][m][0])
    i, j = n, m
    while i or j:
        prev, di, dj = best[state][i][j][1]
        steps.append((i - 1 if di else -1, j - 1 if dj else -1, state == 0))
        i, j, state = i - di, j - dj, prev
    steps.reverse()
    return steps


def _slide(tokens: Sequence[str], matched: set[int], first: int, last: int) -> tuple[int, int]:
    """The widest ``(first, last)`` over which the deleted run ``tokens[first..last]``
    can move across matched neighbours that repeat it, keeping the alignment's cost."""
    size = last - first + 1
    lo = first
    while lo - 1 in matched and tokens[lo - 1] == tokens[lo - 1 + size]:
        lo -= 1
    hi = last
    while hi + 1 in matched and tokens[hi + 1] == tokens[hi + 1 - size]:
        hi += 1
    return lo, hi


def damaged_spans(source: str, reference: str) -> list[DamagedSpan]:
    """The edit regions of a minimal token alignment from ``source`` to ``reference``.

    The alignment has the fewest token edits (:func:`word_edit_distance`) and, among
    those, the fewest regions; consecutive non-matching steps are merged into one region,
    so a region is a maximal run of source tokens (possibly none) between two matches.
    ``"a b . a b . c"`` -> ``"a b c"`` is one region (``. a b .``), not two.

    A deleted run that its matched neighbours repeat can be deleted one place further
    left or right at the same cost (``"rose to to their"`` -> ``"rose to their"``: either
    ``to`` may go). Such a region spans every position the run can slide to, here both
    copies, so a flag on either copy is on the damage.
    """
    a, b = tokenize(source), tokenize(reference)
    offsets = token_offsets(source)
    steps = _alignment(a, b)
    matched_src = {i for i, _, matched in steps if matched}
    spans: list[DamagedSpan] = []
    next_src = 0  # the source token after the steps seen so far
    for matched, group in groupby(steps, key=lambda step: step[2]):
        run = list(group)
        src = [i for i, _, _ in run if i >= 0]
        if not matched:
            if src:
                first, last = src[0], src[-1]
                if all(j < 0 for _, j, _ in run):  # a pure deletion may slide
                    first, last = _slide(a, matched_src, first, last)
                start, end = offsets[first][0], offsets[last][1]
            else:  # an insertion: the gap between the neighbouring source tokens
                start = offsets[next_src - 1][1] if next_src else 0
                end = offsets[next_src][0] if next_src < len(offsets) else len(source)
            ref = tuple(b[j] for _, j, _ in run if j >= 0)
            spans.append(DamagedSpan(start, end, tuple(a[i] for i in src), ref))
        if src:
            next_src = src[-1] + 1
    return spans


def touches(damage: DamagedSpan, flag: Span) -> bool:
    """True when a flagged span covers part of a damaged span.

    Two non-empty spans must share a character. An insertion or an empty flag only has
    to touch the other span (closed intervals), so a flag on the word before or after a
    missing word catches it.
    """
    fs, fe = flag
    if damage.insertion or fs == fe:
        return fs <= damage.end and damage.start <= fe
    return fs < damage.end and damage.start < fe


@dataclass(frozen=True)
class SpanCounts:
    """Counts behind span recall and precision; add them up over a set with ``+``."""

    damaged: int = 0
    caught: int = 0
    flags: int = 0
    flags_on_damage: int = 0

    def __add__(self, other: SpanCounts) -> SpanCounts:
        return SpanCounts(
            self.damaged + other.damaged,
            self.caught + other.caught,
            self.flags + other.flags,
            self.flags_on_damage + other.flags_on_damage,
        )


def span_counts(damage: Sequence[DamagedSpan], flags: Sequence[Span]) -> SpanCounts:
    """Count damaged spans touched by some flag and flags touching some damage."""
    caught = sum(any(touches(d, f) for f in flags) for d in damage)
    on_damage = sum(any(touches(d, f) for d in damage) for f in flags)
    return SpanCounts(len(damage), caught, len(flags), on_damage)


TaggedWord = tuple[int, int, bool]
"""A tagged word of a source sentence: its ``(start, end)`` offsets and whether it is BAD."""


@dataclass(frozen=True)
class TagCounts:
    """Tagged words by tag (BAD or OK) and by whether a flag overlaps them; add them up
    over a set with ``+``."""

    bad_flagged: int = 0
    ok_flagged: int = 0
    bad_missed: int = 0
    ok_left: int = 0

    def __add__(self, other: TagCounts) -> TagCounts:
        return TagCounts(
            self.bad_flagged + other.bad_flagged,
            self.ok_flagged + other.ok_flagged,
            self.bad_missed + other.bad_missed,
            self.ok_left + other.ok_left,
        )

    @property
    def words(self) -> int:
        return self.bad_flagged + self.ok_flagged + self.bad_missed + self.ok_left

    @property
    def bad_rate(self) -> float | None:
        """Share of the tagged words that are BAD (a random flagger at this rate has
        this precision and this recall, and an MCC of 0)."""
        return ratio(self.bad_flagged + self.bad_missed, self.words)

    @property
    def precision(self) -> float | None:
        """Share of flagged words that are BAD."""
        return ratio(self.bad_flagged, self.bad_flagged + self.ok_flagged)

    @property
    def recall(self) -> float | None:
        """Share of BAD words flagged."""
        return ratio(self.bad_flagged, self.bad_flagged + self.bad_missed)

    @property
    def mcc(self) -> float | None:
        """Matthews correlation of flagged with BAD: 0 for flagging nothing (an undefined
        MCC, read as no correlation), for everything, or at random; None without words."""
        if not self.words:
            return None
        tp, fp, fn, tn = self.bad_flagged, self.ok_flagged, self.bad_missed, self.ok_left
        denominator = math.sqrt(float(tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
        return (tp * tn - fp * fn) / denominator if denominator else 0.0


def tag_counts(words: Sequence[TaggedWord], flags: Sequence[Span]) -> TagCounts:
    """Count the tagged words by tag and by whether a flag overlaps them (shares a
    character; an empty flag must lie inside the word or at its edge)."""
    counts = [0, 0, 0, 0]
    for start, end, bad in words:
        flagged = any(
            (fs <= end and start <= fe) if fs == fe else (fs < end and start < fe)
            for fs, fe in flags
        )
        counts[(0 if flagged else 2) + (0 if bad else 1)] += 1
    return TagCounts(*counts)


def ratio(numerator: float, denominator: float) -> float | None:
    """``numerator / denominator``, or None when the denominator is 0 (undefined)."""
    return numerator / denominator if denominator else None


def span_recall(counts: SpanCounts) -> float | None:
    """Share of damaged spans that at least one flagged span touches (:func:`touches`).

    Micro-averaged: pass the sum of every example's :func:`span_counts`.
    """
    return ratio(counts.caught, counts.damaged)


def span_precision(counts: SpanCounts) -> float | None:
    """Share of flagged spans that touch at least one damaged span (:func:`touches`).

    Micro-averaged; flags on sentences without damage count against it.
    """
    return ratio(counts.flags_on_damage, counts.flags)


def word_edit_reduction(source_edits: int, hypothesis_edits: int) -> float | None:
    """``1 - sum d(hyp, ref) / sum d(src, ref)``, given the two sums.

    ``d`` is :func:`word_edit_distance`, each term the minimum over an example's
    references, summed over the examples with ``d(src, ref) > 0``. 0: the hypotheses
    are as far from the references as the sources; 1: every damaged example repaired;
    negative: the repairs made things worse. None when no example is damaged.
    """
    return None if not source_edits else 1 - hypothesis_edits / source_edits


def _ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) + 1 - n))


def gleu_stats(
    hypothesis: Sequence[str], source: Sequence[str], reference: Sequence[str], order: int = 4
) -> list[int]:
    """GLEU sufficient statistics of one tokenised sentence against one reference.

    ``[len(hyp), len(ref), m_1, c_1, ..., m_n, c_n]`` where, with ``H``, ``S``, ``R`` the
    n-gram multisets of hypothesis, source and reference and ``S \\ R`` the source n-grams
    that never occur in the reference, ``m_n = max(0, |H & R| - |H & (S \\ R)|)`` and
    ``c_n = max(0, len(hyp) + 1 - n)``.
    """
    stats = [len(hypothesis), len(reference)]
    for n in range(1, order + 1):
        h, s, r = _ngrams(hypothesis, n), _ngrams(source, n), _ngrams(reference, n)
        s_not_r = Counter({g: c for g, c in s.items() if g not in r})
        matched = sum((h & r).values()) - sum((h & s_not_r).values())
        stats += [max(matched, 0), max(len(hypothesis) + 1 - n, 0)]
    return stats


def gleu_from_stats(stats: Sequence[int]) -> float:
    """Corpus GLEU in [0, 1] from summed :func:`gleu_stats`.

    ``exp(min(0, 1 - r/c) + mean_n log(m_n / c_n))`` with ``c`` and ``r`` the hypothesis
    and reference lengths; 0 when any statistic is 0 (no smoothing).
    """
    if any(x == 0 for x in stats):
        return 0.0
    c, r = stats[0], stats[1]
    pairs = list(zip(stats[2::2], stats[3::2], strict=True))
    log_precision = sum(math.log(m / d) for m, d in pairs) / len(pairs)
    return math.exp(min(0.0, 1 - r / c) + log_precision)


def gleu(
    hypotheses: Sequence[str],
    sources: Sequence[str],
    references: Sequence[Sequence[str]],
    order: int = 4,
    iterations: int = 500,
) -> float:
    """Corpus GLEU x 100: the JFLEG variant of Napoles et al.

    This is the GLEU of Napoles, Sakaguchi, Post and Tetreault (ACL 2015) as revised in
    "GLEU Without Tuning" (arXiv:1605.02592, 2016) and shipped as ``compute_gleu`` with
    JFLEG (keisks/jfleg): n-grams up to ``order`` = 4, hypothesis n-grams that match the
    reference are credited and those that keep source n-grams the reference dropped are
    penalised (:func:`gleu_stats`), with BLEU's brevity penalty (:func:`gleu_from_stats`).
    With several references, each of ``iterations`` rounds draws one reference per
    sentence at random (round ``j`` seeds Python's ``random`` with ``j * 101``, as the
    original does) and the score is the mean over rounds; with one reference per
    sentence there is a single round. Sentences are tokenised with :func:`tokenize`
    (JFLEG's scorer splits its pre-tokenised files on white space instead).
    """
    stats_by_ref: list[list[list[int]]] = []
    for hyp, src, refs in zip(hypotheses, sources, references, strict=True):
        h, s = tokenize(hyp), tokenize(src)
        stats_by_ref.append([gleu_stats(h, s, tokenize(r), order) for r in refs])
    if not stats_by_ref:
        return 0.0
    rounds = iterations if max(len(r) for r in stats_by_ref) > 1 else 1
    scores = []
    for j in range(rounds):
        rng = random.Random(j * 101)
        total = [0] * (2 * order + 2)
        for by_ref in stats_by_ref:
            chosen = by_ref[rng.randint(0, len(by_ref) - 1)]
            total = [x + y for x, y in zip(total, chosen, strict=True)]
        scores.append(gleu_from_stats(total))
    return 100 * sum(scores) / len(scores)
