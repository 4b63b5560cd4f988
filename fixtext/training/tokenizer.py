"""A cased byte-level BPE tokenizer trained on the corpus (nothing is ever UNK).

Byte-level BPE keeps every character (curly quotes, dashes, £ € $, emoji, double spaces)
and decodes back to exactly the input text. It is saved as a ``PreTrainedTokenizerFast``
so ``AutoTokenizer.from_pretrained(model_dir)`` works offline.
"""

from __future__ import annotations

from collections.abc import Iterable

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
from transformers import PreTrainedTokenizerFast

from fixtext.model.spantask import CLOSE, KEEP, OPEN

PAD, EOS, UNK, BOS = "<pad>", "</s>", "<unk>", "<s>"
SPECIAL_TOKENS = [PAD, EOS, UNK, BOS, OPEN, CLOSE, KEEP]


def train_tokenizer(texts: Iterable[str], vocab_size: int = 8000) -> PreTrainedTokenizerFast:
    """Train a byte-level BPE on ``texts``; encodings end with ``</s>`` as T5 expects.

    The span markers and ``<keep>`` of :mod:`fixtext.model.spantask` are special tokens.
    """
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(texts, trainer=trainer)
    eos_id = tok.token_to_id(EOS)
    tok.post_processor = processors.TemplateProcessing(
        single=f"$A {EOS}", pair=f"$A {EOS} $B {EOS}", special_tokens=[(EOS, eos_id)]
    )
    return PreTrainedTokenizerFast(
        tokenizer_object=tok,
        pad_token=PAD,
        eos_token=EOS,
        unk_token=UNK,
        bos_token=BOS,
        additional_special_tokens=[OPEN, CLOSE, KEEP],
        clean_up_tokenization_spaces=False,
        model_max_length=512,
    )
