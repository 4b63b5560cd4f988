"""The trained word-damage head over BERT: its top layers and a token classifier.

A :class:`DamageHead` reads the output of BERT's layer ``12 - K`` (its lower layers
unchanged, frozen in training) through its own copy of BERT's top ``K`` layers, trained to
tag damaged words, and a linear head: one logit a WordPiece, the log odds that the piece
belongs to a word machine translation or a spinner damaged. A word's probability is the
highest of its pieces'. Trained by :mod:`fixtext.training.train_bert_detector`; shipped
in ``models/bert-detector/`` (:data:`fixtext.model.masked_lm.DAMAGE_HEAD`, read by
:func:`fixtext.model.masked_lm.load_head`): see that folder's ``README.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
from torch import nn


class DamageHead(nn.Module):
    """BERT's top ``k`` layers (own weights) and a linear head: one BAD logit a piece."""

    def __init__(self, config: Any, k: int) -> None:
        from transformers.models.bert.modeling_bert import BertLayer

        super().__init__()
        self.layers = nn.ModuleList(BertLayer(config) for _ in range(k))
        self.dropout = nn.Dropout(config.hidden_dropout_prob)
        self.head = nn.Linear(config.hidden_size, 1)
        nn.init.normal_(self.head.weight, std=0.02)
        nn.init.zeros_(self.head.bias)

    @classmethod
    def from_bert(cls, bert_model: Any, k: int) -> DamageHead:
        """A head whose layers start as copies of ``bert_model``'s top ``k``."""
        head = cls(bert_model.config, k)
        _, top = split_layers(bert_model.bert.encoder.layer, k)
        for mine, theirs in zip(head.layers, top, strict=True):
            mine.load_state_dict(theirs.state_dict())
        return head

    @property
    def k(self) -> int:
        return len(self.layers)

    def forward(self, h: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Logits ``(rows, pieces)`` from layer ``12 - k``'s output ``h`` and the padding
        ``mask`` (1 = a real piece)."""
        h = run_layers(self.layers, h, mask)
        return self.head(self.dropout(h)).squeeze(-1)

    def probabilities(self, h: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Each piece's probability of damage (float32), from the same input as
        :meth:`forward`."""
        return torch.sigmoid(self(h, mask).float())

    def save(self, path: Path) -> None:
        """The weights, in float16, as a safetensors file."""
        from safetensors.torch import save_file

        state = {
            name: t.detach().to(torch.float16).contiguous() for name, t in self.state_dict().items()
        }
        save_file(state, str(path))

    @classmethod
    def load(cls, bert_config: Any, path: Path, k: int) -> DamageHead:
        """The head of ``k`` layers saved at ``path``, in float32, in eval mode."""
        from safetensors.torch import load_file

        head = cls(bert_config, k)
        head.load_state_dict({name: t.float() for name, t in load_file(str(path)).items()})
        return head.eval()


def split_layers(layers: nn.ModuleList, k: int) -> tuple[nn.ModuleList, nn.ModuleList]:
    """BERT's layers below a head of ``k`` layers (whose output the head reads) and the
    ``k`` above them (which the head's own layers replace)."""
    cut = len(layers) - k
    return layers[:cut], layers[cut:]


def run_layers(layers: nn.ModuleList, h: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """BERT layers over ``h`` with padding ``mask`` (1 = a real piece), as BertModel runs
    them (an additive mask of the dtype's minimum on padding)."""
    additive = (1.0 - mask[:, None, None, :].to(h.dtype)) * torch.finfo(h.dtype).min
    for layer in layers:
        out = layer(h, attention_mask=additive)
        h = out[0] if isinstance(out, tuple) else out
    return h
