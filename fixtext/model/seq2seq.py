"""The seq2seq repair model: proposes rewrites and scores how probable each word is.

Works with any local Hugging Face seq2seq checkpoint directory
(``AutoModelForSeq2SeqLM`` + ``AutoTokenizer``), loaded with ``local_files_only`` so
nothing is ever fetched from a hub. Two kinds of model are understood:

- *span* models (fixtext's own; their directory has ``fixtext.json`` with
  ``"task": "span"``) repair one marked span at a time, see :mod:`fixtext.model.spantask`;
- any other model reads a whole sentence and writes its repair (a grammar-correction
  model a user already has).

A model directory may also hold a *detector head*, ``detector/`` (a token classifier
trained by :mod:`fixtext.training.train_detector`); when it does, it scores the words.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from fixtext.model import spantask

if TYPE_CHECKING:
    from transformers import PreTrainedModel

SHIPPED_MODEL = Path(__file__).resolve().parents[2] / "models" / "fixtext-small"
PACKAGED_MODEL = Path(__file__).resolve().parents[1] / "models" / "fixtext-small"
MAX_SPAN_WORDS = 12  # a span model is not asked to rewrite longer spans
SCORE_BATCH = 256  # windows per forward pass when scoring words
TAG_BATCH = 64  # sentences per forward pass of the detector head
DETECTOR_DIR = "detector"  # the detector head's folder inside a model directory
#: A word the detector head finds fine with at least this probability is not also scored
#: by P(<keep>), which costs a forward pass of the span model per word: its score is the
#: head's alone, as if P(<keep>) were 1. At this gate nearly every word skips the pass
#: and almost none of the detector's flags is lost (see docs/thresholds.md).
HEAD_FINE = 0.5


class ModelError(Exception):
    """A model directory that is missing or cannot be loaded (exit code 2)."""


def default_model_path(
    candidates: tuple[Path, ...] = (SHIPPED_MODEL, PACKAGED_MODEL),
) -> Path | None:
    """The shipped model, from a checkout (``models/``) or an installed wheel — if its
    calibration (``calibration.json``, see ``tools/calibrate_detector.py``) measured it
    useful; a model that measured useless is used only when asked for with ``--model``."""
    for candidate in candidates:
        if (candidate / "config.json").is_file():
            calibration = candidate / "calibration.json"
            if calibration.is_file():
                useful = json.loads(calibration.read_text(encoding="utf-8"))
                if not useful.get("use_by_default", True):
                    return None
            return candidate
    return None


@dataclass(frozen=True)
class TokenScore:
    """A span of the input sentence and the model's probability of copying it."""

    start: int
    end: int
    probability: float


class Seq2SeqModel:
    """A local seq2seq checkpoint used as proposer (n-best) and scorer (forced decoding)."""

    def __init__(self, path: Path, batch_size: int = 16, max_length: int = 128) -> None:
        import torch
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # no "Loading weights" bar in fixtext's output
        path = Path(path)
        if not (path / "config.json").is_file():
            raise ModelError(f"{path}: not a model directory (no config.json)")
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
            self.model = AutoModelForSeq2SeqLM.from_pretrained(path, local_files_only=True)
            self.tagger = _load_tagger(path / DETECTOR_DIR)
        except Exception as exc:  # corrupt weights, wrong format, ...
            first_line = (
                str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            )
            raise ModelError(f"{path}: cannot load model ({first_line})") from None
        self.model.eval()
        positions = getattr(self.model.config, "max_position_embeddings", None)
        max_length = min(max_length, positions) if positions else max_length
        task_file = path / "fixtext.json"
        task = json.loads(task_file.read_text(encoding="utf-8")) if task_file.is_file() else {}
        self.span_task = task.get("task") == "span"
        self.context_words = int(task.get("context_words", spantask.CONTEXT_WORDS))
        self.path = path
        self.batch_size = batch_size
        self.max_length = max_length
        self._torch = torch

    def _batches(self, items: list[str]) -> list[list[str]]:
        return [items[i : i + self.batch_size] for i in range(0, len(items), self.batch_size)]

    def _encode(self, batch: list[str], offsets: bool = False):
        return self.tokenizer(
            batch,
            return_tensors="pt",
            padding=True,
            truncation=True,
            max_length=self.max_length,
            return_offsets_mapping=offsets,
        )

    def propose(
        self,
        sentences: list[str],
        n_best: int,
        spans: list[list[tuple[int, int]]] | None = None,
    ) -> list[list[str]]:
        """Up to ``n_best`` distinct rewrites per sentence, best first.

        A span model rewrites each of the sentence's ``spans`` (character offsets, grown
        to whole words) in turn and interleaves the candidates, best of each span first.
        A span whose best output is ``<keep>`` gets no rewrites: the model finds it fine,
        and its runners-up are not offered. A whole-sentence model ignores ``spans``.
        """
        if not self.span_task:
            return self._propose_sentences(sentences, n_best)
        spans = spans if spans is not None else [[(0, len(s))] for s in sentences]
        jobs: list[tuple[int, int, int, str]] = []  # sentence index, start, end, input
        for index, (sentence, sentence_spans) in enumerate(zip(sentences, spans, strict=True)):
            words = spantask.word_spans(sentence)
            texts = [sentence[a:b] for a, b in words]
            for start, end in sentence_spans:
                first, last = _word_range(words, start, end)
                if first is None or last - first > MAX_SPAN_WORDS:
                    continue  # no words, or far longer than any span the model learned
                if last > first:
                    char_start, char_end = words[first][0], words[last - 1][1]
                else:  # a gap: before the next word, or at the end of the sentence
                    char_start = char_end = words[first][0] if first < len(words) else len(sentence)
                marked = spantask.mark(texts, first, last, self.context_words)
                jobs.append((index, char_start, char_end, marked))
        outputs = self._generate([job[3] for job in jobs], n_best, max_new_tokens=32)
        per_sentence: list[list[list[str]]] = [[] for _ in sentences]
        for (index, start, end, _), candidates in zip(jobs, outputs, strict=True):
            sentence = sentences[index]
            if not candidates or candidates[0] is None:
                continue  # the model's best output is <keep>: it finds the span fine
            rewrites = [
                spantask.replace_span(sentence, start, end, c) for c in candidates if c is not None
            ]
            per_sentence[index].append(rewrites)
        out = []
        for sentence, groups in zip(sentences, per_sentence, strict=True):
            interleaved = [r for rank in _transpose(groups) for r in rank if r != sentence]
            out.append(list(dict.fromkeys(interleaved)))
        return out

    def _generate(
        self, inputs: list[str], n_best: int, max_new_tokens: int
    ) -> list[list[str | None]]:
        """Beam search: ``n_best`` decoded outputs per input, best first (raw, not
        stripped); an output that starts with ``<keep>`` is ``None``."""
        beams = max(n_best, 1)
        keep_id = self.tokenizer.convert_tokens_to_ids(spantask.KEEP) if self.span_task else None
        out: list[list[str | None]] = []
        for batch in self._batches(inputs):
            enc = self._encode(batch)
            with self._torch.inference_mode():
                generated = self.model.generate(
                    **enc,
                    num_beams=beams,
                    num_return_sequences=beams,
                    max_new_tokens=min(max_new_tokens, self.max_length - 1),
                    do_sample=False,
                )
            texts: list[str | None] = []
            for ids in generated.tolist():
                produced = ids[1:]  # after the decoder start token
                keep = keep_id is not None and produced[:1] == [keep_id]
                texts.append(None if keep else self.tokenizer.decode(ids, skip_special_tokens=True))
            out.extend(texts[i * beams : (i + 1) * beams] for i in range(len(batch)))
        return out

    def _propose_sentences(self, sentences: list[str], n_best: int) -> list[list[str]]:
        """Whole-sentence rewrites from a model that reads and writes sentences."""
        longest = max((len(self.tokenizer(s).input_ids) for s in sentences), default=0)
        outputs = self._generate(sentences, n_best, max_new_tokens=int(longest * 1.5) + 8)
        return [
            list(dict.fromkeys(t.strip() for t in group if t and t.strip())) for group in outputs
        ]

    def token_scores(self, sentences: list[str]) -> list[list[TokenScore]]:
        """How probable the model finds each piece of each sentence as it stands.

        A span model scores every word by the probability that, with the word marked, it
        answers ``<keep>``; with a detector head, a word's score is the geometric mean of
        that and the head's probability that the word is fine (the lowest of its tokens'),
        two views that miss different damage. A whole-sentence model scores every token
        under forced decoding of the sentence itself (or, with a head, by the head alone).
        Improbable pieces are what the detector flags. Spans are character offsets into
        each sentence. A word the head finds fine (:data:`HEAD_FINE`) skips the span
        model and is scored by the square root of the head's probability.
        """
        if self.tagger is not None and self.span_task:
            heads = self._tagger_scores(sentences)
            fine = [{(s.start, s.end) for s in h if s.probability >= HEAD_FINE} for h in heads]
            keeps = self._word_keep_scores(sentences, skip=fine)
            return [_geometric_means(k, h) for k, h in zip(keeps, heads, strict=True)]
        if self.tagger is not None:
            return self._tagger_scores(sentences)
        if self.span_task:
            return self._word_keep_scores(sentences)
        return self._copy_scores(sentences)

    def _tagger_scores(self, sentences: list[str]) -> list[list[TokenScore]]:
        """P(fine) of every word under the detector head: the lowest over its tokens.

        Sentences are batched by length; words past ``max_length`` tokens get no score.
        """
        out: list[list[TokenScore]] = [[] for _ in sentences]
        order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
        for first in range(0, len(order), TAG_BATCH):
            rows = order[first : first + TAG_BATCH]
            enc = self._encode([sentences[i] for i in rows], offsets=True)
            offsets = enc.pop("offset_mapping").tolist()
            with self._torch.inference_mode():
                fine = self.tagger(**enc).logits.softmax(-1)[..., 0].tolist()
            for row, index in enumerate(rows):
                words = spantask.word_spans(sentences[index])
                lowest: dict[int, float] = {}  # word index -> lowest token P(fine)
                for (start, end), p in zip(offsets[row], fine[row], strict=True):
                    if end <= start:
                        continue  # special or padding token
                    first, last = _word_range(words, start, end)
                    for k in range(first or 0, last):
                        lowest[k] = min(lowest.get(k, 1.0), p)
                out[index] = [TokenScore(*words[k], p) for k, p in sorted(lowest.items())]
        return out

    def _word_keep_scores(
        self, sentences: list[str], skip: list[set[tuple[int, int]]] | None = None
    ) -> list[list[TokenScore]]:
        """P(the output starts with ``<keep>`` | the word marked), for every word but
        those whose span is in the sentence's ``skip`` set (scored 1.0 without a pass).

        One decoder step per window is enough (``</s>`` after ``<keep>`` is certain). The
        windows are tokenised in one call and batched by length, so little is padding.
        """
        spans = [spantask.word_spans(sentence) for sentence in sentences]
        probabilities = [[1.0] * len(words) for words in spans]
        jobs: list[tuple[int, int]] = []  # sentence index, word index
        windows: list[str] = []
        for index, (sentence, words) in enumerate(zip(sentences, spans, strict=True)):
            texts = [sentence[a:b] for a, b in words]
            for k, word in enumerate(words):
                if skip is None or word not in skip[index]:
                    jobs.append((index, k))
                    windows.append(spantask.mark(texts, k, k + 1, self.context_words))
        token_ids = (
            self.tokenizer(windows, truncation=True, max_length=self.max_length).input_ids
            if windows
            else []
        )
        keep_id = self.tokenizer.convert_tokens_to_ids(spantask.KEEP)
        start_id = self.model.config.decoder_start_token_id
        order = sorted(range(len(jobs)), key=lambda i: len(token_ids[i]))
        for first in range(0, len(order), SCORE_BATCH):
            rows = order[first : first + SCORE_BATCH]
            batch = {"input_ids": [token_ids[job] for job in rows]}
            enc = self.tokenizer.pad(batch, return_tensors="pt")
            decoder_input_ids = self._torch.full((len(rows), 1), start_id, dtype=self._torch.long)
            with self._torch.inference_mode():
                logits = self.model(**enc, decoder_input_ids=decoder_input_ids).logits[:, 0]
            keep = logits.log_softmax(-1)[:, keep_id].exp().tolist()
            for job, probability in zip(rows, keep, strict=True):
                index, k = jobs[job]
                probabilities[index][k] = probability
        return [
            [TokenScore(start, end, p) for (start, end), p in zip(words, ps, strict=True)]
            for words, ps in zip(spans, probabilities, strict=True)
        ]

    def _copy_scores(self, sentences: list[str]) -> list[list[TokenScore]]:
        """P(token) for every input token when the model is forced to copy the sentence."""
        out: list[list[TokenScore]] = []
        for batch in self._batches(sentences):
            enc = self._encode(batch, offsets=True)
            offsets = enc.pop("offset_mapping").tolist()
            labels = enc["input_ids"].clone()
            labels[enc["attention_mask"] == 0] = -100
            with self._torch.inference_mode():
                logits = self.model(**enc, labels=labels).logits
            logprobs = logits.log_softmax(-1)
            chosen = logprobs.gather(-1, enc["input_ids"].unsqueeze(-1)).squeeze(-1)
            for row, sentence_offsets in enumerate(offsets):
                scores = []
                for col, (start, end) in enumerate(sentence_offsets):
                    if enc["attention_mask"][row, col] and end > start:
                        p = math.exp(float(chosen[row, col]))
                        scores.append(TokenScore(start, end, p))
                out.append(scores)
        return out


def _geometric_means(keep: list[TokenScore], head: list[TokenScore]) -> list[TokenScore]:
    """Each word of ``keep`` scored by the geometric mean of its two probabilities (its
    ``keep`` probability alone for a word past the head's token limit)."""
    fine = {(s.start, s.end): s.probability for s in head}
    return [
        TokenScore(
            s.start, s.end, math.sqrt(s.probability * fine.get((s.start, s.end), s.probability))
        )
        for s in keep
    ]


def _load_tagger(path: Path) -> PreTrainedModel | None:
    """The detector head in ``path`` (a token classifier), or None when there is none."""
    if not (path / "config.json").is_file():
        return None
    from transformers import AutoModelForTokenClassification

    return AutoModelForTokenClassification.from_pretrained(path, local_files_only=True).eval()


def _word_range(words: list[tuple[int, int]], start: int, end: int) -> tuple[int | None, int]:
    """Indices ``first, last`` of the words a character span touches (``first`` None if
    the sentence has no words); an empty span marks the gap before the next word."""
    if not words:
        return None, 0
    touched = [k for k, (a, b) in enumerate(words) if a < end and b > start]
    if touched:
        return touched[0], touched[-1] + 1
    gap = next((k for k, (a, _) in enumerate(words) if a >= start), len(words))
    return gap, gap


def _transpose(groups: list[list[str]]) -> list[list[str]]:
    """Rank-major order: the best candidate of every group, then the second best, ..."""
    depth = max((len(g) for g in groups), default=0)
    return [[g[rank] for g in groups if rank < len(g)] for rank in range(depth)]
