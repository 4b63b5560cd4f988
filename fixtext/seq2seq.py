"""The seq2seq repair model: proposes rewrites and scores how probable each word is.

Works with any local Hugging Face seq2seq checkpoint directory
(``AutoModelForSeq2SeqLM`` + ``AutoTokenizer``), loaded with ``local_files_only`` so
nothing is ever fetched from a hub. The model reads a sentence and writes its repair;
trained with identity pairs, it copies good text unchanged.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

SHIPPED_MODEL = Path(__file__).resolve().parent.parent / "models" / "fixtext-small"
PACKAGED_MODEL = Path(__file__).resolve().parent / "models" / "fixtext-small"


class ModelError(Exception):
    """A model directory that is missing or cannot be loaded (exit code 2)."""


def default_model_path(
    candidates: tuple[Path, ...] = (SHIPPED_MODEL, PACKAGED_MODEL),
) -> Path | None:
    """The shipped model, from a checkout (``models/``) or an installed wheel — if its
    calibration (``calibration.json``, see ``scripts/calibrate_detector.py``) measured it
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

        path = Path(path)
        if not (path / "config.json").is_file():
            raise ModelError(f"{path}: not a model directory (no config.json)")
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
            self.model = AutoModelForSeq2SeqLM.from_pretrained(path, local_files_only=True)
        except Exception as exc:  # corrupt weights, wrong format, ...
            first_line = (
                str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            )
            raise ModelError(f"{path}: cannot load model ({first_line})") from None
        self.model.eval()
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

    def propose(self, sentences: list[str], n_best: int) -> list[list[str]]:
        """Return up to ``n_best`` distinct rewrites per sentence (beam search), best first."""
        out: list[list[str]] = []
        for batch in self._batches(sentences):
            enc = self._encode(batch)
            with self._torch.inference_mode():
                generated = self.model.generate(
                    **enc,
                    num_beams=max(n_best, 1),
                    num_return_sequences=max(n_best, 1),
                    max_new_tokens=int(enc["input_ids"].shape[1] * 1.5) + 8,
                    do_sample=False,
                )
            texts = self.tokenizer.batch_decode(generated, skip_special_tokens=True)
            for i in range(len(batch)):
                group = texts[i * n_best : (i + 1) * n_best]
                out.append(list(dict.fromkeys(t.strip() for t in group if t.strip())))
        return out

    def token_scores(self, sentences: list[str]) -> list[list[TokenScore]]:
        """Probability of each input token when the model is forced to copy the sentence.

        Tokens the model would not have written are improbable: that is the detector's
        signal. Spans are character offsets into each sentence.
        """
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
