"""A word-trigram language model of the training corpus, over the bigram model.

The shipped table (``fixtext/data/trigrams.npz``, built by ``python -m tools.build_trigrams``)
holds, for the lower-cased tokens of :mod:`fixtext.lexicon.bigrams` (and its word ids), the count
of every word triple seen at least three times, and for each two-word history that
begins one of them its count as a history and its number of distinct following words
(over all triples, pruned or not). Sentences are counted after two start symbols.

The model is interpolated Kneser-Ney one order up from
:class:`~fixtext.lexicon.bigrams.BigramModel`, with the same absolute discount ``D``::

    P(w | u v) = max(c(u v w) - D, 0) / c(u v •)  +  D * N1+(u v •) / c(u v •) * P(w | v)

where ``P(w | v)`` is the bigram model's estimate; a history the table does not list
(seen rarely, or only before pruned triples) falls back to ``P(w | v)`` alone.
:meth:`TrigramModel.score` sums the log probabilities of a sentence's tokens after two
start symbols. A trigram sees one more word of context than a bigram: "the two facets
will" is scored as "two facets will", not only "facets will".
"""

from __future__ import annotations

from functools import cache

import numpy as np

from fixtext.lexicon.arrays import shipped_arrays
from fixtext.lexicon.bigrams import DISCOUNT, START, BigramModel, Edit, edit_gains, tokens

#: Bits of one word id in a packed key: ``(u << 2 * ID_BITS) | (v << ID_BITS) | w``.
ID_BITS = 18


class TrigramModel:
    """Kneser-Ney trigram probabilities from the arrays of ``trigrams.npz``."""

    def __init__(
        self,
        bigrams: BigramModel,
        keys: np.ndarray,
        counts: np.ndarray,
        history_keys: np.ndarray,
        history_counts: np.ndarray,
        history_followers: np.ndarray,
    ) -> None:
        self.bigrams = bigrams
        self.keys = keys
        self.counts = counts
        self.history_keys = history_keys
        self.history_counts = history_counts
        self.history_followers = history_followers

    @classmethod
    @cache
    def shipped(cls) -> TrigramModel:
        """The model shipped in ``fixtext/data`` (loaded once)."""
        arrays = shipped_arrays("trigrams")
        return cls(
            BigramModel.shipped(),
            arrays["keys"],
            arrays["counts"],
            arrays["history_keys"],
            arrays["history_counts"],
            arrays["history_followers"],
        )

    def log_probs(self, first: np.ndarray, second: np.ndarray, third: np.ndarray) -> np.ndarray:
        """Natural log P(w | u v) for each triple of ids ``(first[k], second[k], third[k])``
        (-1 for a word the table does not list)."""
        u, v, w = first, second, third
        lower = np.exp(self.bigrams.log_probs(v, w))
        history = (np.maximum(u, 0) << ID_BITS) | np.maximum(v, 0)
        at = np.minimum(np.searchsorted(self.history_keys, history), len(self.history_keys) - 1)
        listed = (self.history_keys[at] == history) & (u >= 0) & (v >= 0)
        total = np.where(listed, self.history_counts[at], 1).astype(np.float64)
        distinct = np.where(listed, self.history_followers[at], 0)
        key = (history << ID_BITS) | np.maximum(w, 0)
        kt = np.minimum(np.searchsorted(self.keys, key), len(self.keys) - 1)
        seen = np.where(listed & (w >= 0) & (self.keys[kt] == key), self.counts[kt], 0)
        p = np.maximum(seen - DISCOUNT, 0) / total + DISCOUNT * distinct / total * lower
        return np.log(np.where(listed, p, lower))

    def sentence_ids(self, sentence: str) -> list[int]:
        """The word ids of ``sentence``'s tokens after two start symbols, as :meth:`score`
        and :meth:`gains` read them."""
        return self.bigrams.ids_of([START, START, *tokens(sentence)]).tolist()

    def gains(self, ids: list[int], edits: list[Edit]) -> np.ndarray:
        """For each edit ``(i, j, new)`` of the id sequence ``ids`` (from
        :meth:`sentence_ids`; ``i >= 2``), replacing ``ids[i:j]`` with ``new``: how much
        better the edited sentence scores (:func:`~fixtext.lexicon.bigrams.edit_gains`)."""
        return edit_gains(ids, edits, 3, self.log_probs)

    def score(self, sentence: str) -> float:
        """Sum of the natural log probabilities P(w | u v) of the tokens of ``sentence``
        after two :data:`~fixtext.lexicon.bigrams.START` symbols."""
        ids = np.array(self.sentence_ids(sentence))
        return float(self.log_probs(ids[:-2], ids[1:-1], ids[2:]).sum())
