"""BERT as a judge of words in context: how much likelier another word would be.

:class:`MaskedScorer` wraps the installed BERT (:mod:`fixtext.model.bert`). For a word of
a sentence and some candidate replacements it gives each candidate's *gain*: the natural
log probability BERT gives the candidate in the word's place, with the word masked, minus
the log probability of the word itself there. A word of one WordPiece is scored from the
same masked forward as its candidates; a word of several pieces by its pseudo-log-likelihood
(each piece masked in turn, the others shown), which favours the word (its later pieces
are easy to guess from the first), so the error is on the side of keeping it. Two
neighbouring words may be scored as one such word (a :class:`Query` of ``width`` 2: "bound
up" against "committed"). Candidates must be single pieces of BERT's vocabulary
(:meth:`MaskedScorer.single_piece`).

:meth:`MaskedScorer.word_log_probs` runs one unmasked forward per sentence and gives, per
word, the log probability of its pieces and of each candidate in its place: with the word
visible BERT leans towards it, so this is a cheap, lenient screen for where the masked
scoring is worth its cost (one forward per screened word).

:meth:`MaskedScorer.damage` runs BERT's lower layers once per sentence into the trained
damage head (:mod:`fixtext.model.damage_head`, shipped in :data:`DAMAGE_HEAD`): each
word's probability of being damaged, for FT103 and FT102's assisted margin. The reading
is shared: :meth:`MaskedScorer.word_log_probs` runs the head from the same lower layers,
and a scorer keeps the latest sentences' damage (:data:`REMEMBERED`).

:meth:`MaskedScorer.proposals` widens the candidates with BERT's own: a query's candidates
and the :data:`TOP_FILLS` whole words BERT finds likeliest at the masked word, each with
its gain and its similarity to the word (the cosine of their input embeddings), for a
proposer to weigh.

:meth:`MaskedScorer.fill` is BERT's fill-mask: each candidate's log probability at a
masked word (FT104 masks a placeholder between two words to ask which word is missing).

:meth:`MaskedScorer.context_change` is the verifier's fluency guard: for a sentence and
its repair, the change of the pseudo-log-likelihood of the unchanged words on either
side of the edit (:data:`CONTEXT_WORDS` each side). A repair that breaks its sentence
(a content word deleted, a word moved into the wrong clause, a fluent-looking wrong
word) makes its neighbours less likely.

BERT runs in float32. Dynamic int8 quantisation of the Linear layers is about three times
faster on CPU, but it quantises activations with one scale per batch, so a word's score
depends on what else is in its batch: the same query measured 6.4 to 13.1 nats beside
different neighbours, against 9.06 in float32 whatever the batch. A verdict must not
depend on the rest of the document, so fixtext does not quantise.
"""

from __future__ import annotations

import json
import re
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import torch
    from transformers import BertForMaskedLM, PreTrainedTokenizerFast

    from fixtext.model.damage_head import DamageHead

#: Most rows in one forward pass: more raise peak memory and padding, not speed.
BATCH_ROWS = 8
#: The gain of a candidate that was not scored (its word lies past MAX_PIECES, is longer
#: than MAX_WORD_PIECES, or was past a request's limits in the model server).
UNSCORED = -1e9
#: Longest word scored, in WordPieces (each piece costs the word a masked forward).
MAX_WORD_PIECES = 16
#: Unchanged words each side of an edit that the fluency guard scores.
CONTEXT_WORDS = 3
#: Words and punctuation marks as the scorer splits a sentence (as MLQE-PE's ``.tok``
#: files do, roughly).
WORD = re.compile(r"\w+(?:['’-]\w+)*|[^\w\s]")
#: The shipped damage head (:mod:`fixtext.model.damage_head`), when a checkout has one:
#: its float16 weights and its settings (``top_layers``, the calibrated ``threshold``).
DAMAGE_HEAD = Path(__file__).resolve().parents[2] / "models" / "bert-detector"
HEAD_WEIGHTS = "head.safetensors"
HEAD_SETTINGS = "head.json"
#: Longest sentence scored, in WordPieces (BERT's limit is 512 with [CLS] and [SEP]).
MAX_PIECES = 256
#: Sentences whose word damage a scorer keeps (FT102's reading serves FT103's).
REMEMBERED = 4096
#: Most words a query's candidates replace together (:class:`Query`).
MAX_WIDTH = 2
#: Words BERT offers of its own for a masked word (:meth:`MaskedScorer.proposals`).
TOP_FILLS = 50
_OFFERED = re.compile(r"[a-z]{3,}")


def offered(word: str) -> bool:
    """Whether BERT may offer ``word`` of its own (:meth:`MaskedScorer.proposals`), were
    it a single piece: a word of at least three lower-case letters a-z."""
    return _OFFERED.fullmatch(word) is not None


def head_settings(folder: Path = DAMAGE_HEAD) -> dict[str, Any] | None:
    """The settings of the damage head in ``folder``; None when it holds no head."""
    if not (folder / HEAD_WEIGHTS).is_file() or not (folder / HEAD_SETTINGS).is_file():
        return None
    return json.loads((folder / HEAD_SETTINGS).read_text(encoding="utf-8"))


def load_head(bert_config: Any, folder: Path = DAMAGE_HEAD) -> DamageHead | None:
    """The damage head in ``folder`` (float32, eval mode); None when it holds none."""
    from fixtext.model.damage_head import DamageHead

    settings = head_settings(folder)
    if settings is None:
        return None
    return DamageHead.load(bert_config, folder / HEAD_WEIGHTS, int(settings["top_layers"]))


def save_head(head: DamageHead, folder: Path, settings: dict[str, Any]) -> None:
    """``head`` and its ``settings`` (the calibrated ``threshold`` and how it was
    measured) in ``folder``, as :func:`load_head` reads them."""
    folder.mkdir(parents=True, exist_ok=True)
    head.save(folder / HEAD_WEIGHTS)
    text = json.dumps({"top_layers": head.k, **settings}, indent=2) + "\n"
    (folder / HEAD_SETTINGS).write_text(text, encoding="utf-8")


class NoDamageHead(Exception):
    """The scorer has no damage head (``models/bert-detector/`` holds none)."""


class WordScorer(Protocol):
    """What scores words with BERT: :class:`MaskedScorer` here, or
    :class:`fixtext.model.client.ResidentScorer` through the model server."""

    def single_piece(self, word: str) -> bool: ...

    def word_log_probs(
        self, sentences: Sequence[Sequence[str]], candidates: Sequence[Sequence[Sequence[str]]]
    ) -> list[list[tuple[float, list[float]]]]: ...

    def gains(self, queries: Sequence[Query]) -> list[list[float]]: ...

    def proposals(self, queries: Sequence[Query]) -> list[list[Proposal]]: ...

    def fill(self, queries: Sequence[Query]) -> list[list[float]]: ...

    def context_change(self, pairs: Sequence[tuple[str, str]]) -> list[float]: ...

    def damage(self, sentences: Sequence[Sequence[str]]) -> list[list[float]]: ...


@dataclass(frozen=True)
class Query:
    """Score ``candidates`` in the place of word ``index`` of ``words`` or, with a
    ``width`` of 2 (at most :data:`MAX_WIDTH`), of that word and the next, masked as one
    and scored as one word of their pieces ("bound up" for "committed")."""

    words: tuple[str, ...]
    index: int
    candidates: tuple[str, ...]
    width: int = 1

    def __post_init__(self) -> None:
        """Raises ``ValueError`` unless the words replaced lie within ``words``."""
        if not Query.fits(len(self.words), self.index, self.width):
            raise ValueError(
                f"a query of {len(self.words)} words cannot replace {self.width} at {self.index}"
            )

    @staticmethod
    def fits(count: int, index: int, width: int) -> bool:
        """Whether a query of ``count`` words may replace ``width`` of them from
        ``index``: 1 to :data:`MAX_WIDTH` words, all within the query's."""
        return 1 <= width <= MAX_WIDTH and 0 <= index <= count - width


def one_word_each(queries: Sequence[Query]) -> None:
    """Raises ``ValueError`` unless every query replaces one word (a ``width`` of 1)."""
    if any(q.width != 1 for q in queries):
        raise ValueError("proposals replace one word: a query's width must be 1")


@dataclass(frozen=True)
class Proposal:
    """A word for the place of a query's word: its gain over the word (natural log
    probability, masked) and its similarity to the word (cosine, from -1 to 1)."""

    word: str
    gain: float
    similarity: float


class MaskedScorer:
    """BERT's masked-LM head over words of sentences, batched, on the CPU."""

    def __init__(
        self,
        model: BertForMaskedLM,
        tokenizer: PreTrainedTokenizerFast,
        head: DamageHead | None = None,
    ) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.head = head
        self.vocab: dict[str, int] = tokenizer.get_vocab()
        self._damage: OrderedDict[tuple[str, ...], list[float]] = OrderedDict()
        self._fills: tuple[torch.Tensor, list[str]] | None = None

    @classmethod
    def installed(cls) -> MaskedScorer:
        """The scorer over the installed BERT, with the shipped damage head when there is
        one; raises ``BertUnavailable``."""
        from fixtext.model import bert

        model, tokenizer = bert.load()
        return cls(model, tokenizer, load_head(model.config))

    def single_piece(self, word: str) -> bool:
        """Whether ``word`` is one piece of BERT's vocabulary (a candidate it can score)."""
        return word in self.vocab

    def pieces(self, words: Sequence[str]) -> list[list[int]]:
        """The WordPiece ids of each word."""
        encoded = self.tokenizer(list(words), is_split_into_words=True, add_special_tokens=False)
        out: list[list[int]] = [[] for _ in words]
        for piece, word in zip(encoded["input_ids"], encoded.word_ids(), strict=True):
            if word is not None:
                out[word].append(piece)
        return out

    def _forward(
        self,
        rows: list[list[int]],
        wanted: list[list[int]],
        damage: list[torch.Tensor] | None = None,
    ) -> Iterator[dict[int, torch.Tensor]]:
        """For each row of ids, in order, the log-probabilities over the vocabulary at the
        positions ``wanted`` for it (0 is the row's first piece). Computed a batch at a
        time, the masked-LM head only where wanted (a batch's results are dropped once the
        caller moves past them). With ``damage`` (and a head), each row's damage
        probabilities, a piece at a time from [CLS], are appended to it from the same
        reading of BERT's lower layers."""
        import torch

        from fixtext.model.damage_head import run_layers, split_layers

        for start in range(0, len(rows), BATCH_ROWS):
            ids, mask = self._padded(rows[start : start + BATCH_ROWS])
            positions = wanted[start : start + BATCH_ROWS]
            rows_at = [n for n, row in enumerate(positions) for _ in row]
            columns = [1 + at for row in positions for at in row]  # past [CLS]
            with torch.inference_mode():
                if damage is not None and self.head is not None:
                    lower = self._lower(ids, mask)
                    damage.extend(self.head.probabilities(lower, mask))
                    _, top = split_layers(self.model.bert.encoder.layer, self.head.k)
                    hidden = run_layers(top, lower, mask)
                else:
                    hidden = self.model.bert(input_ids=ids, attention_mask=mask).last_hidden_state
                logits = self.model.cls(hidden[rows_at, columns])
            log_probs = torch.log_softmax(logits.float(), dim=-1)
            taken = 0
            for row in positions:
                yield {at: log_probs[taken + k] for k, at in enumerate(row)}
                taken += len(row)

    def _padded(self, rows: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
        """Ids of ``rows`` between [CLS] and [SEP], padded, and their mask (1 = a piece)."""
        import torch

        cls_id, sep_id = self.tokenizer.cls_token_id, self.tokenizer.sep_token_id
        batch = [[cls_id, *row, sep_id] for row in rows]
        width = max(len(row) for row in batch)
        ids = torch.zeros((len(batch), width), dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        for n, row in enumerate(batch):
            ids[n, : len(row)] = torch.tensor(row)
            mask[n, : len(row)] = 1
        return ids, mask

    def _lower(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """The output of BERT's layers below the damage head's, for a batch."""
        from fixtext.model.damage_head import run_layers, split_layers

        assert self.head is not None
        lower, _ = split_layers(self.model.bert.encoder.layer, self.head.k)
        return run_layers(lower, self.model.bert.embeddings(input_ids=ids), mask)

    def _remember(
        self, words: Sequence[str], pieces: list[list[int]], row: torch.Tensor
    ) -> list[float]:
        """A sentence's word damage (the highest of each word's pieces; ``row`` from
        [CLS]), kept for :meth:`damage` among the :data:`REMEMBERED` latest."""
        starts = [1 + before for before in (0, *accumulate(map(len, pieces)))]
        probabilities = [
            float(row[at : at + len(word)].max()) if word else 0.0
            for at, word in zip(starts, pieces, strict=False)
        ]
        self._damage[tuple(words)] = probabilities
        self._damage.move_to_end(tuple(words))
        while len(self._damage) > REMEMBERED:
            self._damage.popitem(last=False)
        return probabilities

    def damage(self, sentences: Sequence[Sequence[str]]) -> list[list[float]]:
        """Unmasked, through the damage head (:mod:`fixtext.model.damage_head`): per
        sentence, per word, the probability that the word is damaged (the highest of its
        pieces'; 0.0 for a word of no piece). A sentence of no piece, or longer than
        :data:`MAX_PIECES` pieces, gets no scores (an empty list). A sentence read lately
        (by this method or :meth:`word_log_probs`) is answered from that reading. Raises
        ``NoDamageHead`` when this scorer has no head."""
        import torch

        if self.head is None:
            raise NoDamageHead("no damage head is installed")
        ids = [self.pieces(words) for words in sentences]
        flat = [[p for word in sentence for p in word] for sentence in ids]
        results: list[list[float]] = [[] for _ in sentences]
        unread = []
        for n, row in enumerate(flat):
            if 0 < len(row) <= MAX_PIECES:
                known = self._damage.get(tuple(sentences[n]))
                if known is None:
                    unread.append(n)
                else:
                    results[n] = list(known)
        for start in range(0, len(unread), BATCH_ROWS):
            group = unread[start : start + BATCH_ROWS]
            batch, mask = self._padded([flat[n] for n in group])
            with torch.inference_mode():
                probabilities = self.head.probabilities(self._lower(batch, mask), mask)
            for row, n in zip(probabilities, group, strict=True):
                results[n] = list(self._remember(sentences[n], ids[n], row))
        return results

    def word_log_probs(
        self, sentences: Sequence[Sequence[str]], candidates: Sequence[Sequence[Sequence[str]]]
    ) -> list[list[tuple[float, list[float]]]]:
        """Unmasked: per sentence, per word, (log p of the word's pieces summed, [log p of
        each single-piece candidate in its first piece's place]); (0.0, []) for a word
        without candidates. A sentence without candidates, or longer than
        :data:`MAX_PIECES` pieces, gets no scores (an empty list). With a damage head, the
        same reading gives the sentence's word damage, kept for :meth:`damage`."""
        ids = [self.pieces(words) for words in sentences]
        flat = [[p for word in sentence for p in word] for sentence in ids]
        scored = [
            n for n, row in enumerate(flat) if 0 < len(row) <= MAX_PIECES and any(candidates[n])
        ]
        starts = {n: [0, *accumulate(map(len, ids[n]))] for n in scored}
        wanted = [
            [
                starts[n][i] + k
                for i, options in enumerate(candidates[n])
                if options
                for k in range(len(ids[n][i]))
            ]
            for n in scored
        ]
        results: list[list[tuple[float, list[float]]]] = [[] for _ in sentences]
        damage: list[torch.Tensor] | None = [] if self.head is not None else None
        forward = self._forward([flat[n] for n in scored], wanted, damage)
        for i, (n, log_probs) in enumerate(zip(scored, forward, strict=True)):
            if damage is not None:  # the same reading's word damage, for damage()
                self._remember(sentences[n], ids[n], damage[i])
            for at, word_pieces, options in zip(starts[n], ids[n], candidates[n], strict=False):
                if not options:
                    results[n].append((0.0, []))
                    continue
                own = sum(float(log_probs[at + k][p]) for k, p in enumerate(word_pieces))
                others = [float(log_probs[at][self.vocab[c]]) for c in options]
                results[n].append((own, others))
        return results

    def gains(self, queries: Sequence[Query]) -> list[list[float]]:
        """Masked: for each query, each candidate's gain over the word (see the module);
        :data:`UNSCORED` for every candidate of a word that starts past
        :data:`MAX_PIECES` or is longer than :data:`MAX_WORD_PIECES` pieces."""
        out: list[list[float]] = []
        for query, scored in zip(queries, self._masked(queries), strict=True):
            if scored is None:
                out.append([UNSCORED] * len(query.candidates))
                continue
            masked, word_score, _ = scored
            out.append([float(masked[self.vocab[c]]) - word_score for c in query.candidates])
        return out

    def proposals(self, queries: Sequence[Query]) -> list[list[Proposal]]:
        """Masked: for each query, its candidates and BERT's own :data:`TOP_FILLS`
        likeliest whole words in the word's place (single pieces, :func:`offered`; never
        the word itself), each with its gain over the word and its similarity to the word (the
        cosine of their input embeddings, the word's first piece), best gain first; none
        for a query :meth:`gains` leaves unscored. Raises ``ValueError`` for a query of
        two words (a width above 1): BERT's own words stand for one word."""
        import torch

        one_word_each(queries)
        fill_ids, fill_words = self._fill_vocabulary()
        embeddings = self.model.bert.embeddings.word_embeddings.weight
        out: list[list[Proposal]] = []
        for query, scored in zip(queries, self._masked(queries), strict=True):
            if scored is None:
                out.append([])
                continue
            masked, word_score, own = scored
            top = torch.topk(masked[fill_ids], min(TOP_FILLS + 1, len(fill_words))).indices
            word = query.words[query.index]
            fills = [w for w in (fill_words[int(i)] for i in top) if w != word][:TOP_FILLS]
            ordered = [w for w in dict.fromkeys([*query.candidates, *fills]) if w != word]
            ids = torch.tensor([self.vocab[w] for w in ordered], dtype=torch.long)
            with torch.inference_mode():
                first = embeddings[own[0]]
                similarity = torch.cosine_similarity(embeddings[ids], first[None], dim=-1)
            gains = masked[ids] - word_score
            out.append(
                sorted(
                    (
                        Proposal(w, float(g), float(sim))
                        for w, g, sim in zip(ordered, gains, similarity, strict=True)
                    ),
                    key=lambda p: -p.gain,
                )
            )
        return out

    def _fill_vocabulary(self) -> tuple[torch.Tensor, list[str]]:
        """The ids and the words of BERT's vocabulary it may offer (:func:`offered`)."""
        import torch

        if self._fills is None:
            words = sorted(w for w in self.vocab if offered(w))
            self._fills = (torch.tensor([self.vocab[w] for w in words]), words)
        return self._fills

    def _masked(
        self, queries: Sequence[Query]
    ) -> Iterator[tuple[torch.Tensor, float, list[int]] | None]:
        """For each query, in order: the log probabilities over the vocabulary at its word,
        masked, the word's own score there (see the module) and its pieces; None where the
        word starts past :data:`MAX_PIECES` or is longer than :data:`MAX_WORD_PIECES`
        pieces."""
        rows: list[list[int]] = []
        wanted: list[list[int]] = []
        plan: list[tuple[list[int], int] | None] = []  # (word's pieces, pieces before)
        mask_id = self.tokenizer.mask_token_id
        for query in queries:
            before, own, after = self._around(query)
            if len(before) + len(own) > MAX_PIECES or not 0 < len(own) <= MAX_WORD_PIECES:
                plan.append(None)
                continue
            rows.append([*before, mask_id, *after][:MAX_PIECES])
            wanted.append([len(before)])
            if len(own) > 1:  # the word's pseudo-log-likelihood, a piece at a time
                for k in range(len(own)):
                    rows.append([*before, *own[:k], mask_id, *own[k + 1 :], *after][:MAX_PIECES])
                    wanted.append([len(before) + k])
            plan.append((own, len(before)))
        forward = self._forward(rows, wanted)
        for planned in plan:
            if planned is None:
                yield None
                continue
            own, at = planned
            masked = next(forward)[at]
            if len(own) == 1:
                word_score = float(masked[own[0]])
            else:
                word_score = sum(float(next(forward)[at + k][p]) for k, p in enumerate(own))
            yield masked, word_score, own

    def _around(self, query: Query) -> tuple[list[int], list[int], list[int]]:
        """The pieces of a query's sentence before its word (or words: its ``width``), of
        the word, and after it."""
        ids = self.pieces(query.words)
        end = query.index + query.width
        before = [p for word in ids[: query.index] for p in word]
        after = [p for word in ids[end:] for p in word]
        return before, [p for word in ids[query.index : end] for p in word], after

    def fill(self, queries: Sequence[Query]) -> list[list[float]]:
        """Masked, BERT's fill-mask: for each query, the log probability of each candidate
        in the place of word ``index`` (or of its ``width`` words; their pieces masked as
        one [MASK], never shown; a
        placeholder word there makes this the test of a word inserted between its
        neighbours); :data:`UNSCORED` for every candidate when the word starts past
        :data:`MAX_PIECES`."""
        rows: list[list[int]] = []
        wanted: list[list[int]] = []
        scored: list[bool] = []
        mask_id = self.tokenizer.mask_token_id
        for query in queries:
            before, _, after = self._around(query)
            scored.append(len(before) < MAX_PIECES)
            if scored[-1]:
                rows.append([*before, mask_id, *after][:MAX_PIECES])
                wanted.append([len(before)])
        forward = self._forward(rows, wanted)
        out: list[list[float]] = []
        for query, ok in zip(queries, scored, strict=True):
            if not ok:
                out.append([UNSCORED] * len(query.candidates))
                continue
            (masked,) = next(forward).values()
            out.append([float(masked[self.vocab[c]]) for c in query.candidates])
        return out

    def context_change(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        """For each (original, repaired) sentence: the pseudo-log-likelihood of the words
        around the edit in the repair minus that in the original; 0.0 (no judgement) when
        nothing changed or either sentence is over :data:`MAX_PIECES` pieces."""
        rows: list[list[int]] = []
        wanted: list[list[int]] = []
        plan: list[list[list[tuple[int, int]]]] = []  # per pair, per side: (at, piece)
        mask_id = self.tokenizer.mask_token_id
        for original, repaired in pairs:
            sides: list[list[tuple[int, int]]] = []
            side_rows: list[list[int]] = []
            for words, positions in _contexts(WORD.findall(original), WORD.findall(repaired)):
                ids = self.pieces(words)
                flat = [p for word in ids for p in word]
                if len(flat) > MAX_PIECES:
                    sides, side_rows = [], []
                    break
                starts = [0, *accumulate(map(len, ids))]
                sides.append([(starts[i] + k, p) for i in positions for k, p in enumerate(ids[i])])
                side_rows += [[*flat[:at], mask_id, *flat[at + 1 :]] for at, _ in sides[-1]]
            rows += side_rows  # both sides or neither
            wanted += [[at] for side in sides for at, _ in side]
            plan.append(sides)
        forward = self._forward(rows, wanted)
        out: list[float] = []
        for sides in plan:
            totals = [sum(float(next(forward)[at][piece]) for at, piece in side) for side in sides]
            out.append(totals[1] - totals[0] if len(totals) == 2 else 0.0)
        return out


def _contexts(original: list[str], repaired: list[str]) -> list[tuple[list[str], list[int]]]:
    """The two word lists, each with the positions of the unchanged words around the
    edit (:data:`CONTEXT_WORDS` each side), leaving out words the edit adds or removes a
    copy of (a repeated word is easy to guess from its copy, so removing a repeat would
    read as a loss); no pairs when nothing changed."""
    blocks = SequenceMatcher(None, original, repaired, autojunk=False).get_opcodes()
    changed = [b for b in blocks if b[0] != "equal"]
    if not changed:
        return []
    i1, j1 = changed[0][1], changed[0][3]
    i2, j2 = changed[-1][2], changed[-1][4]
    copied = {w.lower() for w in (*original[i1:i2], *repaired[j1:j2])}
    before = [i for i in range(max(0, i1 - CONTEXT_WORDS), i1) if original[i].lower() not in copied]
    tail = [
        k
        for k in range(min(len(original) - i2, CONTEXT_WORDS))
        if original[i2 + k].lower() not in copied
    ]
    return [
        (original, [*before, *(i2 + k for k in tail)]),
        (repaired, [*(j1 - i1 + i for i in before), *(j2 + k for k in tail)]),
    ]
