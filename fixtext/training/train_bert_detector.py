"""Train a word-level damage detector on top of Google's BERT (issue 22, part 2).

One readable file, top to bottom, in the nanoGPT manner:

1. **data**: (a) clean TRAIN sentences of ``../shared/corpus`` damaged with WordNet
   (:mod:`fixtext.training.word_damage`: wrong-sense synonyms, related words,
   self-coordination, dropped function words), (b) MLQE-PE train's MT with its word
   tags; for measurement MLQE-PE dev (every pair), clean held-out sentences (to
   calibrate the flag threshold) and damaged held-out sentences. Each word's label goes
   to all its WordPieces. Written once to ``<out>/data/<set>.json``.
2. **features**: BERT is frozen below the top ``K`` layers (``--top-layers``, default 2).
   The output of layer ``12 - K`` of every sentence is computed once and kept on disk as
   a float16 numpy memmap (``<out>/features/<set>.f16.npy``); an interrupted pass goes on
   where it stopped.
3. **model**: a copy of BERT's top ``K`` layers and a linear token head (one logit: BAD)
   read those features; only they are trained.
4. **training**: AdamW (warm-up, cosine decay over ``--decay-steps``), length-bucketed
   batches whose choice depends only on ``(seed, step)``, a checkpoint with the optimizer
   every ``--ckpt-every`` steps (``<out>/ckpt.pt``); ``--resume`` goes on from it with the
   run's saved data settings. ``--device cuda`` runs the same recipe on a GPU.
5. **evaluation** (every ``--eval-every`` steps and at the end; :func:`evaluate`): word
   probabilities are the max over a word's pieces; the threshold is calibrated on half of
   the clean held-out sentences so that at most ``--target`` of them get any flag; the
   other half reports the flag rate; MLQE-PE dev precision, recall and MCC of BAD at that
   threshold (and at 0.5), against the all-OK and a random baseline at the true BAD rate;
   the recall of damaged held-out edits. Written to ``<out>/report.json``.

Usage::

    python -m fixtext.training.train_bert_detector                # the full recipe
    python -m fixtext.training.train_bert_detector --resume       # go on after a stop
    python -m fixtext.training.train_bert_detector --resume --max-steps 9000  # train longer
    python -m fixtext.training.train_bert_detector --resume --eval-only       # report only

The defaults (MLQE-PE train 7,000 sentences a pair and up to 35,000 noised ones, 6,000
steps of 32 sentences, about 3 epochs) take about 2 hours on 2 quiet CPU cores: see
``models/bert-detector/README.md``.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from fixtext.lexicon import wordnet as wordnet_module
from fixtext.model.damage_head import DamageHead, run_layers, split_layers
from fixtext.model.masked_lm import save_head
from fixtext.training import word_damage

OPEN_SOURCES = ("enwiki-2018", "sotu-addresses")
HELDOUT_SOURCES = (
    "enwiki-2018",
    "sotu-addresses",
    "wmt-en-original",
    "reuters21578",
    "bbc-news",
    "xsum-bbc-sample",
    "fnc1-news",
)
#: Settings that fix the data and the model: saved with the run (``<out>/config.json``)
#: with the optimisation settings, and kept on --resume (optimisation settings given on the
#: resuming command line replace the saved ones).
DATA_KEYS = (
    "mlqe",
    "corpus",
    "sources",
    "mlqe_train_per_pair",
    "noise_sentences",
    "dev_per_pair",
    "clean_heldout",
    "noised_heldout",
    "max_pieces",
    "top_layers",
    "seed",
    "bert",
    "wordnet",
    "heldout_sources",
)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, default=Path("runs/bert-detector"))
    p.add_argument("--device", default="cpu", help="cpu or cuda")
    p.add_argument("--threads", type=int, default=2, help="torch threads on the CPU")
    p.add_argument("--resume", action="store_true", help="go on from <out>/ckpt.pt")
    p.add_argument("--eval-only", action="store_true", help="evaluate the checkpoint, no training")
    p.add_argument(
        "--export",
        type=Path,
        help="after training (or --eval-only), save the head and its calibrated threshold here",
    )
    # data and model (saved in <out>/config.json; --resume keeps the saved ones)
    p.add_argument("--mlqe", type=Path, default=Path("../shared/eval/mt-postedit"))
    p.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    p.add_argument("--sources", default=",".join(OPEN_SOURCES), help="corpus sources to damage")
    p.add_argument("--heldout-sources", default=",".join(HELDOUT_SOURCES))
    p.add_argument("--mlqe-train-per-pair", type=int, default=7000)
    p.add_argument("--noise-sentences", type=int, default=35000)
    p.add_argument("--dev-per-pair", type=int, default=1000)
    p.add_argument("--clean-heldout", type=int, default=2000)
    p.add_argument("--noised-heldout", type=int, default=1000)
    p.add_argument("--max-pieces", type=int, default=256, help="longer sentences are cut")
    p.add_argument("--top-layers", type=int, default=2, help="K: BERT's top layers trained")
    p.add_argument("--seed", type=int, default=22)
    p.add_argument("--bert", default="", help="a BertForMaskedLM folder (default: installed)")
    p.add_argument("--wordnet", default="", help="a WordNet folder (default: installed)")
    # optimisation (may change on --resume)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=1e-4, help="for the top layers")
    p.add_argument("--head-lr", type=float, default=1e-3)
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--warmup", type=int, default=100)
    p.add_argument("--decay-steps", type=int, default=6000, help="cosine decay to 10%% by here")
    p.add_argument("--max-steps", type=int, default=6000)
    p.add_argument("--ckpt-every", type=int, default=100)
    p.add_argument("--eval-every", type=int, default=500)
    p.add_argument("--log-every", type=int, default=10)
    p.add_argument("--target", type=float, default=0.005, help="clean sentences flagged, at most")
    p.add_argument("--cache-batch", type=int, default=32)
    return p.parse_args(argv)


#: Options of one invocation, never saved with the run.
RUN_KEYS = ("out", "device", "threads", "resume", "eval_only", "export")


def explicit_options(argv: Sequence[str]) -> set[str]:
    """The option names (as ``dest``) written on a command line."""
    return {arg[2:].split("=")[0].replace("-", "_") for arg in argv if arg.startswith("--")}


def say(*parts: object) -> None:
    print(time.strftime("%H:%M:%S"), *parts, flush=True)


# -- 1. data -------------------------------------------------------------------------------


def load_bert(cfg: dict[str, Any]) -> tuple[Any, Any]:
    """BertForMaskedLM and tokenizer: ``cfg["bert"]`` or the installed one."""
    if cfg["bert"]:
        from transformers import BertForMaskedLM, BertTokenizerFast

        model = BertForMaskedLM.from_pretrained(cfg["bert"], local_files_only=True)
        return model.eval(), BertTokenizerFast.from_pretrained(cfg["bert"])
    from fixtext.model import bert

    return bert.load()


def encode(tokenizer: Any, words: Sequence[str], labels: Sequence[int], max_pieces: int) -> dict:
    """Piece ids, piece labels (-100 on [CLS]/[SEP]) and each piece's word (-1 on them);
    words past ``max_pieces`` are cut (the evaluation counts them as predicted OK)."""
    enc = tokenizer(list(words), is_split_into_words=True, truncation=True, max_length=max_pieces)
    word_of = [-1 if w is None else w for w in enc.word_ids()]
    return {
        "ids": enc["input_ids"],
        "piece_labels": [-100 if w < 0 else int(labels[w]) for w in word_of],
        "piece_word": word_of,
        "labels": list(labels),
    }


def build_sets(cfg: dict[str, Any], tokenizer: Any) -> dict[str, list[dict]]:
    """Every sentence set as a list of records: ids, piece_labels, piece_word, labels and
    what describes it (pair or source, unchanged, edits)."""
    rng = random.Random(cfg["seed"])
    wn = wordnet_module.load(Path(cfg["wordnet"]) if cfg["wordnet"] else None)
    sets: dict[str, list[dict]] = {"train": [], "dev": [], "clean": [], "noised": []}
    pairs = sorted(p for p in Path(cfg["mlqe"]).iterdir() if (p / "train.mt.tags").is_file())
    for pair in pairs:
        train = word_damage.read_mlqe(pair, "train")
        for s in rng.sample(train, min(cfg["mlqe_train_per_pair"], len(train))):
            sets["train"].append(
                {**encode(tokenizer, s.words, s.labels, cfg["max_pieces"]), "src": f"mlqe:{s.pair}"}
            )
        for s in word_damage.read_mlqe(pair, "dev")[: cfg["dev_per_pair"]]:
            record = encode(tokenizer, s.words, s.labels, cfg["max_pieces"])
            sets["dev"].append({**record, "src": s.pair, "unchanged": s.unchanged})
    corpus, sources = Path(cfg["corpus"]), cfg["sources"].split(",")
    for source, sentence in word_damage.corpus_sentences(
        corpus, sources, "train", cfg["noise_sentences"], cfg["seed"]
    ):
        ex = word_damage.damage(word_damage.tokenize(sentence), rng, wn, source=source)
        sets["train"].append(
            {**encode(tokenizer, ex.words, ex.labels, cfg["max_pieces"]), "src": f"noise:{source}"}
        )
    rng.shuffle(sets["train"])
    held_count = cfg["clean_heldout"] + cfg["noised_heldout"]
    held_sources = cfg["heldout_sources"].split(",")
    held = word_damage.corpus_sentences(
        corpus, held_sources, "heldout", held_count, cfg["seed"] + 1
    )
    rng.shuffle(held)
    for i, (source, sentence) in enumerate(held):
        words = word_damage.tokenize(sentence)
        if i < cfg["clean_heldout"]:
            record = encode(tokenizer, words, [0] * len(words), cfg["max_pieces"])
            sets["clean"].append({**record, "src": source})
        else:
            ex = word_damage.damage(words, rng, wn, clean_share=0.0, source=source)
            record = encode(tokenizer, ex.words, ex.labels, cfg["max_pieces"])
            spans = [[e.at, e.at + max(1, len(e.new))] for e in ex.edits]
            kinds = [e.kind for e in ex.edits]
            sets["noised"].append({**record, "src": source, "spans": spans, "kinds": kinds})
    return sets


def prepare_data(cfg: dict[str, Any], out: Path, tokenizer: Any) -> dict[str, list[dict]]:
    folder = out / "data"
    names = ("train", "dev", "clean", "noised")
    if all((folder / f"{name}.json").is_file() for name in names):
        return {name: json.loads((folder / f"{name}.json").read_text()) for name in names}
    say("building the data sets ...")
    sets = build_sets(cfg, tokenizer)
    folder.mkdir(parents=True, exist_ok=True)
    for name, records in sets.items():
        tmp = folder / f"{name}.json.tmp"
        tmp.write_text(json.dumps(records))
        tmp.rename(folder / f"{name}.json")
    for name, records in sets.items():
        bad = sum(sum(r["labels"]) for r in records)
        words = sum(len(r["labels"]) for r in records)
        pieces = sum(len(r["ids"]) for r in records)
        say(
            f"  {name}: {len(records)} sentences, {words} words ({bad / max(words, 1):.1%} BAD),",
            f"{pieces} pieces",
        )
    return sets


# -- 2. cached features of the frozen lower layers -----------------------------------------


class Lower(nn.Module):
    """BERT's embeddings and its layers below the top ``k``, frozen."""

    def __init__(self, bert_model: Any, k: int) -> None:
        super().__init__()
        self.embeddings = bert_model.bert.embeddings
        self.layers, _ = split_layers(bert_model.bert.encoder.layer, k)

    @torch.inference_mode()
    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        h = self.embeddings(input_ids=ids)
        return run_layers(self.layers, h, mask)


def offsets_of(records: list[dict]) -> np.ndarray:
    lengths = np.array([len(r["ids"]) for r in records], dtype=np.int64)
    return np.concatenate([[0], np.cumsum(lengths)])


def cache_features(
    name: str, records: list[dict], lower: Lower, out: Path, device: str, batch: int, hidden: int
) -> np.memmap:
    """The lower layers' output for every piece of ``records`` (float16, one row a piece),
    computed in chunks of 512 sentences, each recorded in ``<set>.json`` when written, so an
    interrupted pass resumes at the first unwritten chunk."""
    folder = out / "features"
    folder.mkdir(parents=True, exist_ok=True)
    offsets = offsets_of(records)
    path, progress = folder / f"{name}.f16.npy", folder / f"{name}.json"
    shape = (int(offsets[-1]), hidden)
    done = json.loads(progress.read_text())["done"] if progress.is_file() else 0
    mode = "r+" if path.is_file() and done else "w+"
    feats = np.lib.format.open_memmap(path, mode=mode, dtype=np.float16, shape=shape)
    chunk, started = 512, time.perf_counter()
    for first in range(done, len(records), chunk):
        rows = range(first, min(first + chunk, len(records)))
        for group in batches_by_length(list(rows), records, batch):
            ids, mask = pad_ids([records[i]["ids"] for i in group], device)
            h = lower(ids, mask).float().cpu().numpy().astype(np.float16)
            for j, i in enumerate(group):
                feats[offsets[i] : offsets[i + 1]] = h[j, : offsets[i + 1] - offsets[i]]
        feats.flush()
        progress.write_text(json.dumps({"done": rows[-1] + 1, "pieces": shape[0]}))
        rate = (rows[-1] + 1 - done) / (time.perf_counter() - started)
        say(f"  features {name}: {rows[-1] + 1}/{len(records)} sentences ({rate:.1f}/s)")
    return feats


def batches_by_length(rows: list[int], records: list[dict], size: int) -> list[list[int]]:
    rows = sorted(rows, key=lambda i: len(records[i]["ids"]))
    return [rows[i : i + size] for i in range(0, len(rows), size)]


def pad_ids(seqs: list[list[int]], device: str) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(s) for s in seqs)
    ids = torch.zeros(len(seqs), width, dtype=torch.long)
    mask = torch.zeros(len(seqs), width, dtype=torch.long)
    for j, s in enumerate(seqs):
        ids[j, : len(s)] = torch.tensor(s)
        mask[j, : len(s)] = 1
    return ids.to(device), mask.to(device)


def feature_batch(
    rows: list[int], records: list[dict], feats: np.memmap, offsets: np.ndarray, device: str
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Padded float32 features, the padding mask and the piece labels of ``rows``."""
    width = max(len(records[i]["ids"]) for i in rows)
    h = np.zeros((len(rows), width, feats.shape[1]), dtype=np.float32)
    mask = torch.zeros(len(rows), width, dtype=torch.long)
    labels = torch.full((len(rows), width), -100, dtype=torch.long)
    for j, i in enumerate(rows):
        n = offsets[i + 1] - offsets[i]
        h[j, :n] = feats[offsets[i] : offsets[i + 1]]
        mask[j, :n] = 1
        labels[j, :n] = torch.tensor(records[i]["piece_labels"])
    return torch.from_numpy(h).to(device), mask.to(device), labels.to(device)


# -- 3. the trained part: BERT's top K layers and a token head (fixtext.model.damage_head) ---


def learning_rate(step: int, base: float, warmup: int, decay_steps: int) -> float:
    """Linear warm-up to ``base``, cosine decay to a tenth of it at ``decay_steps``."""
    if step < warmup:
        return base * (step + 1) / warmup
    progress = min(1.0, (step - warmup) / max(1, decay_steps - warmup))
    return base * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress)))


def sample_batch(step: int, seed: int, records: list[dict], size: int) -> list[int]:
    """Batch ``step``: ``8 * size`` random sentences sorted by length, one contiguous run
    (similar lengths, little padding); depends only on ``seed`` and ``step``."""
    rng = random.Random(seed * 1_000_003 + step)
    pool = sorted(
        rng.sample(range(len(records)), min(len(records), size * 8)),
        key=lambda i: len(records[i]["ids"]),
    )
    first = rng.randrange(0, max(1, len(pool) - size + 1))
    return pool[first : first + size]


# -- 5. evaluation ------------------------------------------------------------------------


@torch.no_grad()
def word_probs(
    top: DamageHead, records: list[dict], feats: np.memmap, device: str, batch: int = 64
) -> list[np.ndarray]:
    """Each sentence's word probabilities of BAD: the max over the word's pieces (0 for
    words cut by ``--max-pieces``)."""
    top.eval()
    offsets = offsets_of(records)
    out: list[np.ndarray] = [np.zeros(len(r["labels"])) for r in records]
    for group in batches_by_length(list(range(len(records))), records, batch):
        h, mask, _ = feature_batch(group, records, feats, offsets, device)
        probs = top.probabilities(h, mask).cpu().numpy()
        for j, i in enumerate(group):
            words = np.array(records[i]["piece_word"])
            for piece in np.flatnonzero(words >= 0):
                w = words[piece]
                out[i][w] = max(out[i][w], probs[j, piece])
    return out


def scores(pred: np.ndarray, gold: np.ndarray) -> dict[str, float]:
    """Precision, recall and MCC of BAD (1) predictions."""
    tp = int(np.sum(pred & gold))
    fp = int(np.sum(pred & ~gold))
    fn = int(np.sum(~pred & gold))
    tn = int(np.sum(~pred & ~gold))
    denominator = math.sqrt(float(tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return {
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        "mcc": (tp * tn - fp * fn) / denominator if denominator else 0.0,
        "flagged_words": tp + fp,
    }


def calibrate(clean_max: np.ndarray, target: float) -> float:
    """The lowest threshold at which at most ``target`` of the sentences have a word above
    it (a sentence is flagged when its highest word probability exceeds the threshold)."""
    allowed = math.floor(target * len(clean_max))
    ordered = np.sort(clean_max)[::-1]
    return float(ordered[allowed]) if allowed < len(ordered) else 0.0


def evaluate(
    top: DamageHead,
    sets: dict[str, list[dict]],
    feats: dict[str, np.memmap],
    device: str,
    target: float,
    seed: int,
) -> dict[str, Any]:
    """The figures of the run: see the module docstring."""
    probs = {name: word_probs(top, sets[name], feats[name], device) for name in feats}
    clean_max = np.array([p.max() if len(p) else 0.0 for p in probs["clean"]])
    half = len(clean_max) // 2
    threshold = calibrate(clean_max[:half], target)
    report: dict[str, Any] = {
        "threshold": threshold,
        "clean_calibration_sentences": half,
        "clean_report_sentences": len(clean_max) - half,
        "clean_flagged_share": float(np.mean(clean_max[half:] > threshold)),
        "clean_flagged_share_calibration_half": float(np.mean(clean_max[:half] > threshold)),
        "clean_flagged_share_at_0.5": float(np.mean(clean_max > 0.5)),
    }
    dev, dev_probs = sets["dev"], probs["dev"]
    rng = np.random.default_rng(seed)
    for pair in [*sorted({r["src"] for r in dev}), "all"]:
        rows = [i for i, r in enumerate(dev) if pair in ("all", r["src"])]
        gold = np.concatenate([np.array(dev[i]["labels"], dtype=bool) for i in rows])
        p = np.concatenate([dev_probs[i] for i in rows])
        unchanged = [i for i in rows if dev[i]["unchanged"]]
        entry = {
            "sentences": len(rows),
            "words": int(gold.size),
            "bad_rate": float(gold.mean()),
            "at_threshold": scores(p > threshold, gold),
            "at_0.5": scores(p > 0.5, gold),
            "all_ok_baseline": scores(np.zeros_like(gold), gold),
            "random_baseline": scores(rng.random(gold.size) < gold.mean(), gold),
            "unchanged_sentences": len(unchanged),
            "unchanged_flagged_share": float(
                np.mean([dev_probs[i].max() > threshold for i in unchanged]) if unchanged else 0
            ),
        }
        grid = np.linspace(0.05, 0.95, 19)
        best = max(grid, key=lambda t: scores(p > t, gold)["mcc"])
        entry["best_on_dev"] = {"threshold": float(best), **scores(p > best, gold)}
        report[f"mlqe_dev_{pair}"] = entry
    pairs = [k for k in report if k.startswith("mlqe_dev_") and k != "mlqe_dev_all"]
    for at in ("at_threshold", "at_0.5"):  # pooling pairs of unlike BAD rates inflates MCC
        report[f"mlqe_dev_mcc_mean_over_pairs_{at}"] = float(
            np.mean([report[k][at]["mcc"] for k in pairs]) if pairs else 0.0
        )
    for name, cut in (("noised_edit_recall", threshold), ("noised_edit_recall_at_0.5", 0.5)):
        caught: dict[str, list[bool]] = {}
        for record, p in zip(sets["noised"], probs["noised"], strict=True):
            for (start, end), kind in zip(record["spans"], record["kinds"], strict=True):
                hit = bool(np.any(p[max(0, start - 1) : end + 1] > cut))
                caught.setdefault(kind, []).append(hit)
                caught.setdefault("all", []).append(hit)
        report[name] = {k: [float(np.mean(v)), len(v)] for k, v in caught.items()}
    return report


def headline(report: dict[str, Any]) -> str:
    dev = report["mlqe_dev_all"]
    at, half = dev["at_threshold"], dev["at_0.5"]
    return (
        f"t={report['threshold']:.3f} clean flagged {report['clean_flagged_share']:.2%} | "
        f"MLQE dev @t P {at['precision']:.3f} R {at['recall']:.3f} MCC {at['mcc']:.3f} | "
        f"@0.5 P {half['precision']:.3f} R {half['recall']:.3f} MCC {half['mcc']:.3f} | "
        f"noised edits caught @t {report['noised_edit_recall'].get('all', [0])[0]:.1%}"
    )


def exported_settings(report: dict[str, Any], cfg: dict[str, Any]) -> dict[str, Any]:
    """What ships beside the head: its threshold and the figures it was chosen by."""
    return {
        "threshold": report["threshold"],
        "target_clean_flagged_share": cfg["target"],
        "clean_flagged_share": report["clean_flagged_share"],
        "step": report["step"],
        "mlqe_train_per_pair": cfg["mlqe_train_per_pair"],
        "noise_sentences": cfg["noise_sentences"],
        "seed": cfg["seed"],
    }


# -- the run -------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(args.threads)
    device = args.device
    cfg = {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}
    for key in RUN_KEYS:
        cfg.pop(key)
    config_path = out / "config.json"
    if config_path.is_file():
        if not args.resume and not args.eval_only:
            say(f"{out} already holds a run: pass --resume, or another --out")
            return 2
        # The run's own settings; optimisation settings given on this command line win.
        saved = json.loads(config_path.read_text())
        given = explicit_options(sys.argv[1:] if argv is None else argv)
        ignored = sorted(given & set(DATA_KEYS))
        if ignored:
            say(f"--resume keeps the run's data and model settings; ignoring {ignored}")
        cfg = {**cfg, **saved, **{k: cfg[k] for k in given - set(DATA_KEYS) if k in cfg}}
    config_path.write_text(json.dumps(cfg, indent=2) + "\n")
    say(f"config: {json.dumps(cfg)}")

    bert_model, tokenizer = load_bert(cfg)
    sets = prepare_data(cfg, out, tokenizer)
    lower = Lower(bert_model, cfg["top_layers"]).to(device).eval()
    hidden = bert_model.config.hidden_size
    feats = {
        name: cache_features(name, records, lower, out, device, cfg["cache_batch"], hidden)
        for name, records in sets.items()
    }
    del lower
    torch.manual_seed(cfg["seed"])  # the head's initialisation and the dropout masks
    top = DamageHead.from_bert(bert_model, cfg["top_layers"]).to(device)
    del bert_model
    head_params = list(top.head.parameters())
    layer_params = list(top.layers.parameters())
    optimizer = torch.optim.AdamW(
        [
            {"params": layer_params, "lr": cfg["lr"], "base_lr": cfg["lr"]},
            {"params": head_params, "lr": cfg["head_lr"], "base_lr": cfg["head_lr"]},
        ],
        weight_decay=cfg["weight_decay"],
    )
    step, ckpt_path, log_path = 0, out / "ckpt.pt", out / "log.jsonl"
    if (args.resume or args.eval_only) and ckpt_path.is_file():
        ckpt = torch.load(ckpt_path, map_location="cpu", weights_only=False)
        top.load_state_dict(ckpt["model"])
        optimizer.load_state_dict(ckpt["optimizer"])
        torch.set_rng_state(ckpt["torch_rng"])
        if ckpt.get("cuda_rng") is not None and device.startswith("cuda"):
            torch.cuda.set_rng_state(ckpt["cuda_rng"])
        step = ckpt["step"]
        say(f"resumed from {ckpt_path} at step {step}")
    elif args.resume:
        say(f"no checkpoint in {out}: starting at step 0")

    def log(record: dict) -> None:
        with log_path.open("a") as handle:
            handle.write(json.dumps(record) + "\n")

    def save() -> None:
        state = {
            "model": top.state_dict(),
            "optimizer": optimizer.state_dict(),
            "step": step,
            "torch_rng": torch.get_rng_state(),
            "cuda_rng": torch.cuda.get_rng_state() if device.startswith("cuda") else None,
            "config": cfg,
        }
        torch.save(state, out / "ckpt.pt.tmp")
        (out / "ckpt.pt.tmp").rename(ckpt_path)

    def run_eval() -> dict[str, Any]:
        started = time.perf_counter()
        eval_feats = {name: feats[name] for name in ("dev", "clean", "noised")}
        report = evaluate(top, sets, eval_feats, device, cfg["target"], cfg["seed"])
        report.update(step=step, eval_seconds=round(time.perf_counter() - started, 1))
        say(f"eval step {step}: {headline(report)} ({report['eval_seconds']} s)")
        log({"eval": report})
        top.train()
        return report

    train, train_feats = sets["train"], feats["train"]
    offsets = offsets_of(train)
    top.train()
    window, started = [], time.perf_counter()
    while step < cfg["max_steps"] and not args.eval_only:
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(step, group["base_lr"], cfg["warmup"], cfg["decay_steps"])
        rows = sample_batch(step, cfg["seed"], train, cfg["batch_size"])
        h, mask, labels = feature_batch(rows, train, train_feats, offsets, device)
        logits = top(h, mask)
        keep = labels != -100
        loss = nn.functional.binary_cross_entropy_with_logits(logits[keep], labels[keep].float())
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(top.parameters(), 1.0)
        optimizer.step()
        step += 1
        window.append(loss.item())
        if step % cfg["log_every"] == 0:
            seconds = (time.perf_counter() - started) / len(window)
            say(f"step {step} loss {np.mean(window):.4f} ({seconds:.2f} s/step)")
            log(
                {
                    "step": step,
                    "loss": float(np.mean(window)),
                    "s_per_step": seconds,
                    "lr": optimizer.param_groups[0]["lr"],
                }
            )
            window, started = [], time.perf_counter()
        if step % cfg["ckpt_every"] == 0 or step == cfg["max_steps"]:
            save()
        if step % cfg["eval_every"] == 0 and step < cfg["max_steps"]:
            run_eval()
    report = run_eval()
    (out / "report.json").write_text(json.dumps(report, indent=2) + "\n")
    say(f"report: {out / 'report.json'}")
    if args.export:
        save_head(top.cpu(), args.export, exported_settings(report, cfg))
        say(f"head saved in {args.export}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
