"""A word-bigram language model of the training corpus, for ranking close rewrites.

The shipped table (``fixtext/data/bigrams.npz``, built by ``python -m tools.build_bigrams``)
holds, for lower-cased tokens (:func:`tokens`), the count of every word pair seen at
least three times, and per word its count as a history, the number of distinct words
that follow it and the number that precede it (over all pairs, pruned or not).

The model is interpolated Kneser-Ney with one absolute discount
``D`` (Chen and Goodman 1998)::

    P(w | v) = max(c(v w) - D, 0) / c(v)  +  D * N1+(v •) / c(v) * Pcont(w)
    Pcont(w) = (N1+(• w) + 0.5) / N1+(• •)

where ``c(v)`` counts ``v`` as a history, ``N1+(v •)`` the distinct words after ``v``,
``N1+(• w)`` the distinct words before ``w`` and ``N1+(• •)`` the sum of ``N1+(• w)``
over the listed words; an unseen history falls back to ``Pcont(w)``, and so does a
history whose pair with ``w`` was pruned, through the second term.
:meth:`BigramModel.score` sums the log probabilities of a sentence's tokens after a
start symbol. Pairs are looked up as ``id(v) * VOCAB_STRIDE + id(w)`` in a sorted array.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import numpy as np

from fixtext.lexicon.arrays import shipped_arrays

#: Lower-cased word, number or single punctuation mark.
TOKEN = re.compile(r"[A-Za-z][A-Za-z'-]*|[0-9][0-9,.]*|\S")
#: The token that opens every sentence.
START = "<s>"
#: Absolute discount of the Kneser-Ney estimate.
DISCOUNT = 0.75
#: Pair key stride: word ids stay below it.
VOCAB_STRIDE = 1 << 32


#: An edit of an id sequence: replace ``ids[i:j]`` with ``new``.
Edit = tuple[int, int, list[int]]


def edit_gains(
    ids: list[int], edits: list[Edit], order: int, log_probs: Callable[..., np.ndarray]
) -> np.ndarray:
    """How much better an n-gram model of ``order`` (its ``log_probs`` of id columns)
    scores the sentence ``ids`` after each edit. Only the n-grams that end in the edited
    words or in the ``order - 1`` words after them change, so only those are scored (the
    same as scoring both sentences); an edit needs ``order - 1`` ids before it."""
    context = order - 1
    columns: list[list[int]] = [[] for _ in range(order)]
    weights: list[float] = []
    owners: list[int] = []
    for k, (i, j, new) in enumerate(edits):
        after = ids[j : j + context]
        for sequence, sign in (
            (ids[i - context : i] + new + after, 1.0),
            (ids[i - context : j + context], -1.0),
        ):
            n = len(sequence) - context
            for c, column in enumerate(columns):
                column += sequence[c : c + n]
            weights += [sign] * n
            owners += [k] * n
    scores = log_probs(*(np.array(column, dtype=np.int64) for column in columns))
    return np.bincount(owners, weights=scores * np.array(weights), minlength=len(edits))


def tokens(text: str) -> list[str]:
    """The lower-cased tokens of ``text``, as counted in the table."""
    return [t.lower() for t in TOKEN.findall(text)]


class BigramModel:
    """Kneser-Ney bigram probabilities from the arrays of ``bigrams.npz``."""

    def __init__(
        self,
        words: list[str],
        histories: np.ndarray,
        followers: np.ndarray,
        predecessors: np.ndarray,
        pair_keys: np.ndarray,
        pair_counts: np.ndarray,
    ) -> None:
        self.ids = {word: i for i, word in enumerate(words)}
        self.histories = histories
        self.followers = followers
        self.predecessors = predecessors
        self.pair_keys = pair_keys
        self.pair_counts = pair_counts
        self.pair_types = int(predecessors.sum())

    @classmethod
    @cache
    def shipped(cls) -> BigramModel:
        """The model shipped in ``fixtext/data`` (loaded once)."""
        arrays = shipped_arrays("bigrams")
        return cls(
            str(arrays["words"]).split("\n"),
            arrays["histories"],
            arrays["followers"],
            arrays["predecessors"],
            arrays["pair_keys"],
            arrays["pair_counts"],
        )

    def ids_of(self, words: list[str]) -> np.ndarray:
        """The ids of lower-cased tokens, -1 for a word the table does not list."""
        return np.array([self.ids.get(word, -1) for word in words], dtype=np.int64)

    def log_probs(self, previous: np.ndarray, following: np.ndarray) -> np.ndarray:
        """Natural log P(w | v) for each pair of ids ``(previous[k], following[k])``."""
        v, w = previous, following
        continuation = (np.where(w >= 0, self.predecessors[w], 0) + 0.5) / self.pair_types
        history = np.where(v >= 0, self.histories[v], 0).astype(np.float64)
        keys = v.astype(np.uint64) * np.uint64(VOCAB_STRIDE) + w.astype(np.uint64)
        at = np.minimum(np.searchsorted(self.pair_keys, keys), len(self.pair_keys) - 1)
        found = (self.pair_keys[at] == keys) & (v >= 0) & (w >= 0)
        seen = np.where(found, self.pair_counts[at], 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            backoff = DISCOUNT * self.followers[v] / history
            p = np.maximum(seen - DISCOUNT, 0) / history + backoff * continuation
        return np.log(np.where(history > 0, p, continuation))

    def sentence_ids(self, sentence: str) -> list[int]:
        """The word ids of ``sentence``'s tokens after a start symbol, as :meth:`score`
        and :meth:`gains` read them: token ``k`` is ``ids[k + 1]``."""
        return self.ids_of([START, *tokens(sentence)]).tolist()

    def gains(self, ids: list[int], edits: list[Edit]) -> np.ndarray:
        """For each edit ``(i, j, new)`` of the id sequence ``ids`` (from
        :meth:`sentence_ids`; ``i >= 1``), replacing ``ids[i:j]`` with ``new``: how much
        better the edited sentence scores (:func:`edit_gains`)."""
        return edit_gains(ids, edits, 2, self.log_probs)

    def stop_gain(self, before: str, after: str) -> float:
        """How much better (natural log) the word ``before`` followed by ``after`` reads
        than with a full stop between them: ``log P(after | before)`` against ``log
        P(. | before) + log P(after | .)``. The rest of a sentence scores the same either
        way."""
        before_id, after_id, stop_id = self.ids_of([before.lower(), after.lower(), "."]).tolist()
        return -float(self.gains([before_id, after_id], [(1, 1, [stop_id])])[0])

    def score(self, sentence: str) -> float:
        """Sum of the natural log probabilities P(w | v) of the tokens of ``sentence``
        after :data:`START`."""
        ids = np.array(self.sentence_ids(sentence))
        return float(self.log_probs(ids[:-1], ids[1:]).sum())
