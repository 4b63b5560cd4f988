"""Train the detector head of a fixtext model: a small token classifier that tags damage.

The span model (:mod:`fixtext.training.train`) repairs a span once something has found
it. Its own ``<keep>`` probability finds little damage at a low clean flag rate (see
docs/thresholds.md), because each training example teaches it one bit about one span. A
token classifier learns from every token of every sentence: read a noised sentence,
tag each token *damaged* (it lies in, or borders, an edit region of the alignment to the
clean sentence, :func:`fixtext.evaluate.metrics.damaged_spans`) or *fine*.

One loop in the nanoGPT manner, like the span model's: a fresh BERT-style encoder with
the span model's tokenizer, (garbled, clean) batches drawn on the fly from the corpus,
AdamW under the same warm-up + cosine schedule (ending at ``max_steps`` or
``max_minutes``), a noised held-out slice for dev loss and tag rates, checkpoints for
``--resume``. The result is saved as ``<model>/detector/``, which
:class:`fixtext.model.seq2seq.Seq2SeqModel` then uses to score words.
"""

from __future__ import annotations

import json
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import torch
from transformers import (
    AutoTokenizer,
    BertConfig,
    BertForTokenClassification,
    PreTrainedTokenizerBase,
)

from fixtext.evaluate.metrics import damaged_spans, touches
from fixtext.model.seq2seq import DETECTOR_DIR
from fixtext.training.data import DEFAULT_SOURCES, batches, load_corpus
from fixtext.training.noise import Noiser
from fixtext.training.train import (
    learning_rate,
    load_checkpoint,
    optimizer_step,
    progress_bar,
    run_record,
    save_checkpoint,
)

FINE, DAMAGED = 0, 1


@dataclass
class DetectorConfig:
    """Everything a detector training run depends on."""

    corpus: Path
    model: Path  # the span model whose tokenizer the tagger shares
    out: Path | None = None  # where the tagger goes; default <model>/detector
    device: str = "cpu"
    max_minutes: float = 45.0
    max_steps: int = 100_000
    batch_size: int = 64
    lr: float = 1e-3
    warmup_steps: int = 300
    seed: int = 4321
    resume: bool = False
    sources: tuple[str, ...] = DEFAULT_SOURCES
    hidden_size: int = 192
    num_layers: int = 4
    num_heads: int = 4
    intermediate_size: int = 768
    max_len: int = 96
    dev_size: int = 512
    eval_every: int = 500
    save_every_minutes: float = 5.0
    log_every: int = 50
    threads: int = 1
    command: str = field(default_factory=lambda: " ".join(sys.argv))

    def __post_init__(self) -> None:
        self.corpus, self.model = Path(self.corpus), Path(self.model)
        self.out = Path(self.out) if self.out else self.model / DETECTOR_DIR


def token_labels(
    tokenizer: PreTrainedTokenizerBase,
    pairs: list[tuple[str, str]],
    max_len: int,
    device: str = "cpu",
) -> dict[str, torch.Tensor]:
    """Tokenised garbled sentences and their tags: DAMAGED for a token that touches an edit
    region (a missing word makes both its neighbours DAMAGED), FINE otherwise, and -100
    (ignored) for special and padding tokens."""
    garbled = [g for g, _ in pairs]
    enc = tokenizer(
        garbled,
        padding=True,
        truncation=True,
        max_length=max_len,
        return_offsets_mapping=True,
        return_tensors="pt",
    )
    labels = torch.full_like(enc.input_ids, -100)
    for row, (g, c) in enumerate(pairs):
        spans = damaged_spans(g, c) if g != c else []
        for col, (start, end) in enumerate(enc.offset_mapping[row].tolist()):
            start = start + 1 if start < end and g[start].isspace() else start
            if enc.attention_mask[row, col] and end > start:
                hit = any(touches(d, (start, end)) for d in spans)
                labels[row, col] = DAMAGED if hit else FINE
    return {
        "input_ids": enc.input_ids.to(device),
        "attention_mask": enc.attention_mask.to(device),
        "labels": labels.to(device),
    }


def build_tagger(
    config: DetectorConfig, tokenizer: PreTrainedTokenizerBase
) -> BertForTokenClassification:
    """A fresh BERT-style token classifier with two tags, sized by ``config``."""
    return BertForTokenClassification(
        BertConfig(
            vocab_size=len(tokenizer),
            hidden_size=config.hidden_size,
            num_hidden_layers=config.num_layers,
            num_attention_heads=config.num_heads,
            intermediate_size=config.intermediate_size,
            max_position_embeddings=config.max_len + 32,
            pad_token_id=tokenizer.pad_token_id,
            num_labels=2,
            id2label={FINE: "fine", DAMAGED: "damaged"},
            label2id={"fine": FINE, "damaged": DAMAGED},
        )
    )


@torch.no_grad()
def evaluate(
    model: BertForTokenClassification, dev: list[dict[str, torch.Tensor]]
) -> dict[str, float]:
    """Dev loss per tagged token, and at P(damaged) > 0.5 the share of damaged tokens
    tagged (recall) and of fine tokens tagged (false alarms)."""
    model.eval()
    loss, tokens, hits, damaged, alarms, fine = 0.0, 0, 0, 0, 0, 0
    for batch in dev:
        out = model(**batch)
        mask = batch["labels"] != -100
        n = int(mask.sum())
        loss, tokens = loss + float(out.loss) * n, tokens + n
        tagged = out.logits.argmax(-1) == DAMAGED
        gold = batch["labels"] == DAMAGED
        hits += int((tagged & gold).sum())
        damaged += int(gold.sum())
        alarms += int((tagged & ~gold & mask).sum())
        fine += int((~gold & mask).sum())
    model.train()
    return {
        "loss": loss / max(1, tokens),
        "recall": hits / max(1, damaged),
        "false_alarms": alarms / max(1, fine),
    }


def train_detector(config: DetectorConfig) -> dict:
    """Run (or resume) detector training, save ``<model>/detector/``; return the record."""
    torch.manual_seed(config.seed)
    torch.set_num_threads(config.threads)
    config.out.mkdir(parents=True, exist_ok=True)
    ckpt_path = config.out / "checkpoint" / "ckpt.pt"
    ckpt_path.parent.mkdir(exist_ok=True)

    sentences = load_corpus(config.corpus, config.sources, "train")
    dev_clean = random.Random(config.seed + 1).sample(
        load_corpus(config.corpus, config.sources, "heldout"), config.dev_size
    )
    tokenizer = AutoTokenizer.from_pretrained(config.model)
    dev_pairs = Noiser(config.seed + 1).pairs(dev_clean)
    dev = [
        token_labels(tokenizer, dev_pairs[i : i + 64], config.max_len, config.device)
        for i in range(0, len(dev_pairs), 64)
    ]
    model = build_tagger(config, tokenizer).to(config.device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=config.lr, weight_decay=0.01)
    state: dict = {"step": 0, "elapsed_s": 0.0, "train_losses": [], "dev": []}
    if config.resume and ckpt_path.exists():
        state.update(load_checkpoint(ckpt_path, model, optimizer))
    n_params = sum(p.numel() for p in model.parameters())
    print(
        f"{len(sentences)} train sentences, {len(dev_pairs)} dev pairs, "
        f"{n_params / 1e6:.1f}M params, starting at step {state['step']}",
        flush=True,
    )

    model.train()
    start = time.time() - state["elapsed_s"]
    last_save = time.time()
    running, window = 0.0, 0
    stream = batches(sentences, config.batch_size, config.seed, state["step"])
    progress = progress_bar()
    with progress:
        task = progress.add_task("train", total=config.max_steps, completed=state["step"], info="")
        while state["step"] < config.max_steps and time.time() - start < config.max_minutes * 60:
            step = state["step"]
            lr = learning_rate(config, step, time.time() - start)
            batch = token_labels(tokenizer, next(stream), config.max_len, config.device)
            loss = model(**batch).loss
            optimizer_step(model, optimizer, loss, lr)
            state["step"] = step + 1
            running, window = running + loss.item(), window + 1
            if state["step"] % config.log_every == 0:
                state["train_losses"].append((state["step"], running / window))
                info = f"loss {running / window:.3f} lr {lr:.2e}"
                print(f"step {state['step']} {info} {time.time() - start:.0f}s", flush=True)
                progress.update(task, info=info)
                running, window = 0.0, 0
            if state["step"] % config.eval_every == 0:
                state["dev"].append((state["step"], evaluate(model, dev)))
                print(f"step {state['step']} dev {state['dev'][-1][1]}", flush=True)
            if time.time() - last_save > config.save_every_minutes * 60:
                state["elapsed_s"] = time.time() - start
                save_checkpoint(ckpt_path, model, optimizer, state)
                model.save_pretrained(config.out)
                last_save = time.time()
            progress.update(task, completed=state["step"])

    state["elapsed_s"] = time.time() - start
    save_checkpoint(ckpt_path, model, optimizer, state)
    final = evaluate(model, dev)
    model.save_pretrained(config.out)
    record = {
        "steps": state["step"],
        "wall_time_s": round(state["elapsed_s"], 1),
        "params": n_params,
        "final_dev": final,
        "train_losses": state["train_losses"],
        "dev": state["dev"],
        "train_sentences": len(sentences),
        **run_record(config),
    }
    (config.out / "training.json").write_text(json.dumps(record, indent=1), encoding="utf-8")
    print(f"done: {state['step']} steps, dev {final}", flush=True)
    return record
