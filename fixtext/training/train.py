"""Train the fixtext repair model (a small BART) from scratch on synthetic garbled pairs.

The model learns the span-repair task of :mod:`fixtext.model.spantask`: given a sentence window
with one marked span, write the span's repair, or ``<keep>`` when the span is good.

One readable loop in the nanoGPT manner: build the tokenizer and model, draw
(garbled, clean) sentence pairs on the fly from the corpus and turn them into marked-span
examples, step AdamW under a warm-up + cosine schedule that ends at ``max_steps`` or
``max_minutes`` (whichever comes first), evaluate on a noised held-out slice, checkpoint
every few minutes, and save a model directory that ``AutoModelForSeq2SeqLM`` and
``AutoTokenizer`` load offline.

``device="cpu"`` trains the small model; ``device="cuda"`` runs the same recipe larger
(see ``SIZE_PRESETS``).
"""

from __future__ import annotations

import json
import math
import platform
import random
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Protocol

import torch
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from transformers import (
    AutoTokenizer,
    BartConfig,
    BartForConditionalGeneration,
    GenerationConfig,
    PreTrainedModel,
    PreTrainedTokenizerBase,
    T5Config,
    T5ForConditionalGeneration,
)

from fixtext.model.spantask import CONTEXT_WORDS, examples
from fixtext.training.data import DEFAULT_SOURCES, batches, load_corpus
from fixtext.training.noise import Noiser
from fixtext.training.tokenizer import train_tokenizer

TASK_FILE = "fixtext.json"  # tells fixtext.model.seq2seq the model does span repair

SIZE_PRESETS: dict[str, dict[str, int]] = {
    "cpu": {  # small: a bigger model was slow to learn copying (see docs/thresholds.md)
        "d_model": 128,
        "num_layers": 2,
        "num_decoder_layers": 2,
        "num_heads": 4,
        "d_ff": 512,
        "batch_size": 48,
    },
    "cuda": {  # under the 100 MB limit; a deep encoder and a shallow decoder keep a
        "d_model": 256,  # greedy repair on one core under the 50 ms limit (docs/thresholds.md)
        "num_layers": 6,
        "num_decoder_layers": 2,
        "num_heads": 4,
        "d_ff": 1024,
        "batch_size": 256,
    },
}


@dataclass
class TrainConfig:
    """Everything a training run depends on; size fields left at 0 come from the device preset."""

    corpus: Path
    out: Path
    device: str = "cpu"
    max_minutes: float = 110.0
    max_steps: int = 100_000
    batch_size: int = 0
    architecture: str = "bart"  # "bart" (learned absolute positions) or "t5"
    init_std: float = 0.08  # at BART's 0.02 a small model's attention stays uniform for long
    lr: float = 1e-3
    embedding_lr_scale: float = 0.0  # 0: 10 for T5 (embedding init std 1.0), 1 for BART
    warmup_steps: int = 300
    seed: int = 1234
    resume: bool = False
    init_from: Path | None = None  # a model directory to continue from (its weights and tokenizer)
    eval_every: int = 250
    save_every_minutes: float = 5.0
    log_every: int = 25
    sources: tuple[str, ...] = DEFAULT_SOURCES
    vocab_size: int = 8000
    tokenizer_sentences: int = 200_000
    d_model: int = 0
    num_layers: int = 0
    num_decoder_layers: int = 0
    num_heads: int = 0
    d_ff: int = 0
    dropout: float = 0.0
    max_len: int = 64
    dev_size: int = 256
    threads: int = 1
    command: str = field(default_factory=lambda: " ".join(sys.argv))

    def __post_init__(self) -> None:
        self.corpus, self.out = Path(self.corpus), Path(self.out)
        self.init_from = Path(self.init_from) if self.init_from else None
        if self.architecture not in ("t5", "bart"):
            raise ValueError(f"architecture must be t5 or bart, not {self.architecture!r}")
        if not self.embedding_lr_scale:
            self.embedding_lr_scale = 10.0 if self.architecture == "t5" else 1.0
        preset = SIZE_PRESETS["cuda" if self.device.startswith("cuda") else "cpu"]
        for name, value in preset.items():
            if not getattr(self, name):
                setattr(self, name, value)


def build_model(config: TrainConfig, tokenizer: PreTrainedTokenizerBase) -> PreTrainedModel:
    """A fresh encoder-decoder sized by ``config``: T5 (relative positions; ``<pad>``
    starts decoding) or BART (learned absolute positions, which let cross-attention align
    source and output by position from early on; ``</s>`` starts decoding)."""
    if config.architecture == "bart":
        return BartForConditionalGeneration(
            BartConfig(
                vocab_size=len(tokenizer),
                d_model=config.d_model,
                encoder_layers=config.num_layers,
                decoder_layers=config.num_decoder_layers,
                encoder_attention_heads=config.num_heads,
                decoder_attention_heads=config.num_heads,
                encoder_ffn_dim=config.d_ff,
                decoder_ffn_dim=config.d_ff,
                max_position_embeddings=config.max_len + 32,
                dropout=config.dropout,
                activation_function="gelu",
                init_std=config.init_std,
                scale_embedding=False,  # positions as large as tokens: alignment by position
                pad_token_id=tokenizer.pad_token_id,
                eos_token_id=tokenizer.eos_token_id,
                bos_token_id=tokenizer.eos_token_id,
                decoder_start_token_id=tokenizer.eos_token_id,
                forced_eos_token_id=tokenizer.eos_token_id,
            )
        )
    model_config = T5Config(
        vocab_size=len(tokenizer),
        d_model=config.d_model,
        d_kv=config.d_model // config.num_heads,
        d_ff=config.d_ff,
        num_layers=config.num_layers,
        num_decoder_layers=config.num_decoder_layers,
        num_heads=config.num_heads,
        dropout_rate=config.dropout,
        feed_forward_proj="relu",
        tie_word_embeddings=True,
        pad_token_id=tokenizer.pad_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.pad_token_id,
    )
    return T5ForConditionalGeneration(model_config)


def span_examples(pairs: list[tuple[str, str]], seed: int) -> list[tuple[str, str]]:
    """(marked window, span output) examples of (garbled, clean) pairs, seeded."""
    rng = random.Random(seed)
    return [(e.source, e.target) for g, c in pairs for e in examples(g, c, rng)]


def encode(
    tokenizer: PreTrainedTokenizerBase, pairs: list[tuple[str, str]], max_len: int, device: str
) -> dict[str, torch.Tensor]:
    """Tokenise (source, target) pairs into model inputs; padded label positions are -100."""
    src = tokenizer(
        [g for g, _ in pairs],
        padding=True,
        truncation=True,
        max_length=max_len,
        return_tensors="pt",
    )
    tgt = tokenizer(
        [c for _, c in pairs],
        padding=True,
        truncation=True,
        max_length=max_len,
        return_tensors="pt",
    )
    labels = tgt.input_ids.masked_fill(tgt.attention_mask == 0, -100)
    return {
        "input_ids": src.input_ids.to(device),
        "attention_mask": src.attention_mask.to(device),
        "labels": labels.to(device),
    }


@torch.no_grad()
def evaluate(
    model: PreTrainedModel,
    tokenizer: PreTrainedTokenizerBase,
    dev: list[tuple[str, str]],
    config: TrainConfig,
) -> float:
    """Mean per-token cross-entropy on the dev pairs."""
    model.eval()
    total, tokens = 0.0, 0
    for i in range(0, len(dev), 64):
        batch = encode(tokenizer, dev[i : i + 64], config.max_len, config.device)
        n = int((batch["labels"] != -100).sum())
        total += float(model(**batch).loss) * n
        tokens += n
    model.train()
    return total / max(1, tokens)


def build_optimizer(model: torch.nn.Module, config: TrainConfig) -> torch.optim.AdamW:
    """AdamW; the shared embedding gets ``embedding_lr_scale`` times the learning rate.

    T5 initialises its embedding at std 1.0, 16x the other weights at d_model 256, so at
    one learning rate it barely moves; a larger step there speeds up early learning.
    """
    embedding = model.get_input_embeddings().weight
    others = [p for p in model.parameters() if p is not embedding]
    groups = [
        {"params": others, "lr_scale": 1.0},
        {"params": [embedding], "lr_scale": config.embedding_lr_scale},
    ]
    return torch.optim.AdamW(groups, lr=config.lr, betas=(0.9, 0.98), weight_decay=0.01)


class Schedule(Protocol):
    """The fields of a run's config that its learning-rate schedule reads."""

    lr: float
    warmup_steps: int
    max_steps: int
    max_minutes: float


def learning_rate(config: Schedule, step: int, elapsed_s: float, first_step: int = 0) -> float:
    """Linear warm-up over the run's first steps, then cosine decay to 10% over steps or
    time, whichever runs out first. Steps count from ``first_step``, where this run's
    optimizer started: a run continued from step 49,274 of 100,000 starts its decay at
    the top, not half-way down."""
    if step - first_step < config.warmup_steps:
        return config.lr * (step - first_step + 1) / config.warmup_steps
    by_steps = (step - first_step) / max(1, config.max_steps - first_step)
    progress = max(by_steps, elapsed_s / (config.max_minutes * 60))
    return config.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, progress))))


def _tokenizer(config: TrainConfig, sentences: list[str]) -> PreTrainedTokenizerBase:
    """Load the run's tokenizer when resuming, the model's when continuing from one,
    otherwise train and save it."""
    tok_dir = config.out / "checkpoint" / "tokenizer"
    if config.resume and tok_dir.exists():
        return AutoTokenizer.from_pretrained(tok_dir)
    if config.init_from is not None:
        tokenizer = AutoTokenizer.from_pretrained(config.init_from)
        tokenizer.save_pretrained(tok_dir)
        return tokenizer
    sample = random.Random(config.seed).sample(
        sentences, min(len(sentences), config.tokenizer_sentences)
    )
    tokenizer = train_tokenizer(sample, config.vocab_size)
    tokenizer.save_pretrained(tok_dir)
    return tokenizer


def save_checkpoint(
    path: Path, model: torch.nn.Module, optimizer: torch.optim.Optimizer, state: dict
) -> None:
    """Write model, optimizer, RNG and ``state`` to ``path`` atomically (for ``--resume``)."""
    tmp = path.with_suffix(".tmp")
    torch.save(
        {
            "model": model.state_dict(),
            "optimizer": optimizer.state_dict(),
            "torch_rng": torch.get_rng_state(),
            **state,
        },
        tmp,
    )
    tmp.replace(path)


def load_checkpoint(path: Path, model: torch.nn.Module, optimizer: torch.optim.Optimizer) -> dict:
    """Restore model, optimizer and RNG from a :func:`save_checkpoint` file; return the
    training state saved with them."""
    saved = torch.load(path, weights_only=False)
    model.load_state_dict(saved.pop("model"))
    optimizer.load_state_dict(saved.pop("optimizer"))
    torch.set_rng_state(saved.pop("torch_rng"))
    return saved


def optimizer_step(
    model: torch.nn.Module, optimizer: torch.optim.Optimizer, loss: torch.Tensor, lr: float
) -> None:
    """One update: set the learning rate (times a group's ``lr_scale``, if it has one),
    back-propagate ``loss``, clip the gradient norm at 1.0, step."""
    for group in optimizer.param_groups:
        group["lr"] = lr * group.get("lr_scale", 1.0)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()


def progress_bar() -> Progress:
    """The training progress bar: step, bar, latest loss and learning rate, elapsed time."""
    return Progress(
        TextColumn("step {task.completed}"),
        BarColumn(),
        TextColumn("{task.fields[info]}"),
        TimeElapsedColumn(),
    )


class RunConfig(Protocol):
    """The fields of a run's config (a dataclass) that its record reads."""

    device: str
    threads: int
    command: str


def run_record(config: RunConfig) -> dict:
    """What a run's ``training.json`` says about where and how it ran: hardware, the
    config (paths as strings) and the command."""
    return {
        "hardware": {
            "device": config.device,
            "threads": config.threads,
            "cpu": platform.processor() or platform.machine(),
            "torch": torch.__version__,
        },
        "config": {k: str(v) if isinstance(v, Path) else v for k, v in asdict(config).items()},
        "command": config.command,
    }


def save_model(
    model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase, config: TrainConfig
) -> None:
    """Write the loadable model directory: weights, tokenizer, generation and task files."""
    model.generation_config = GenerationConfig(
        decoder_start_token_id=model.config.decoder_start_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        max_new_tokens=32,
    )
    model.save_pretrained(config.out)
    tokenizer.save_pretrained(config.out)
    task = {"task": "span", "context_words": CONTEXT_WORDS}
    (config.out / TASK_FILE).write_text(json.dumps(task) + "\n", encoding="utf-8")


def fresh_state() -> dict:
    """The training state of a run from scratch (saved in every checkpoint)."""
    return {
        "step": 0,
        "first_step": 0,  # the step this run's optimizer started at (warm-up counts from it)
        "elapsed_s": 0.0,
        "prior_s": 0.0,  # wall time of the run continued from (see ``continue_from``)
        "train_losses": [],
        "dev_losses": [],
        "continued_from": None,
    }


def continue_from(model: PreTrainedModel, model_dir: Path) -> dict:
    """Load a saved model's weights into ``model`` and return the training state that
    carries on its step count, loss history and wall time (the schedule restarts there)."""
    model.load_state_dict(type(model).from_pretrained(model_dir).state_dict())
    record = json.loads((model_dir / "training.json").read_text(encoding="utf-8"))
    return {
        "step": record["steps"],
        "first_step": record["steps"],  # a fresh optimizer warms up again
        "elapsed_s": 0.0,
        "prior_s": record["wall_time_s"],
        "train_losses": [tuple(pair) for pair in record["train_losses"]],
        "dev_losses": [tuple(pair) for pair in record["dev_losses"]],
        "continued_from": {"steps": record["steps"], "wall_time_s": record["wall_time_s"]},
    }


def train(config: TrainConfig) -> dict:
    """Run (or resume) training and save the model directory; return the training record."""
    torch.manual_seed(config.seed)
    torch.set_num_threads(config.threads)
    config.out.mkdir(parents=True, exist_ok=True)
    ckpt_path = config.out / "checkpoint" / "ckpt.pt"
    ckpt_path.parent.mkdir(parents=True, exist_ok=True)

    sentences = load_corpus(config.corpus, config.sources, "train")
    dev_clean = random.Random(config.seed + 1).sample(
        load_corpus(config.corpus, config.sources, "heldout"), config.dev_size
    )
    dev = span_examples(Noiser(config.seed + 1).pairs(dev_clean), config.seed + 1)
    tokenizer = _tokenizer(config, sentences)
    model = build_model(config, tokenizer).to(config.device)
    optimizer = build_optimizer(model, config)
    state = fresh_state()
    if config.resume and ckpt_path.exists():
        state.update(load_checkpoint(ckpt_path, model, optimizer))
    elif config.init_from is not None:
        state.update(continue_from(model, config.init_from))
    n_params = sum(p.numel() for p in model.parameters())
    print(
        f"{len(sentences)} train sentences, {len(dev)} dev pairs, {n_params / 1e6:.1f}M params, "
        f"starting at step {state['step']}",
        flush=True,
    )

    model.train()
    first_step = state["first_step"]  # where this run's optimizer started
    start = time.time() - state["elapsed_s"]
    last_save = time.time()
    running, window = 0.0, 0
    stream = batches(sentences, config.batch_size, config.seed, state["step"])
    progress = progress_bar()
    with progress:
        task = progress.add_task("train", total=config.max_steps, completed=state["step"], info="")
        while state["step"] < config.max_steps and time.time() - start < config.max_minutes * 60:
            step = state["step"]
            lr = learning_rate(config, step, time.time() - start, first_step)
            batch = span_examples(next(stream), config.seed + step)
            loss = model(**encode(tokenizer, batch, config.max_len, config.device)).loss
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
                dev_loss = evaluate(model, tokenizer, dev, config)
                state["dev_losses"].append((state["step"], dev_loss))
                print(f"step {state['step']} dev_loss {dev_loss:.4f}", flush=True)
            if time.time() - last_save > config.save_every_minutes * 60:
                state["elapsed_s"] = time.time() - start
                save_checkpoint(ckpt_path, model, optimizer, state)
                save_model(model, tokenizer, config)  # usable while training goes on
                last_save = time.time()
            progress.update(task, completed=state["step"])

    state["elapsed_s"] = time.time() - start
    save_checkpoint(ckpt_path, model, optimizer, state)
    dev_loss = evaluate(model, tokenizer, dev, config)
    state["dev_losses"].append((state["step"], dev_loss))
    save_model(model, tokenizer, config)
    record = {
        "steps": state["step"],
        "wall_time_s": round(state["prior_s"] + state["elapsed_s"], 1),
        "params": n_params,
        "final_dev_loss": dev_loss,
        "train_losses": state["train_losses"],
        "dev_losses": state["dev_losses"],
        "train_sentences": len(sentences),
        **run_record(config),
        "continued_from": state["continued_from"],
    }
    (config.out / "training.json").write_text(json.dumps(record, indent=1), encoding="utf-8")
    print(f"done: {state['step']} steps, dev_loss {dev_loss:.4f}", flush=True)
    return record
