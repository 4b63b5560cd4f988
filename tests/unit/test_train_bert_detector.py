"""A smoke test of fixtext.training.train_bert_detector on a tiny random BERT (not the real
weights), tiny MLQE-PE and corpus files and a tiny WordNet: the detector learns, saves,
resumes exactly where it stopped, and reports."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import torch

from fixtext.training import train_bert_detector as tbd
from tests.conftest import tiny_bert
from tests.unit.test_word_damage import write_wordnet

WORDS = "the a council board cat dog sat ran on in market house big small red blue".split()
BAD_WORD = "zzz"  # the damage the tiny detector must learn to find


def tiny_sentences(rng: random.Random, count: int) -> list[tuple[list[str], list[int]]]:
    out = []
    for _ in range(count):
        words = [rng.choice(WORDS) for _ in range(rng.randint(4, 9))] + ["."]
        if rng.random() < 0.6:
            words.insert(rng.randrange(len(words)), BAD_WORD)
        out.append((words, [int(w == BAD_WORD) for w in words]))
    return out


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("world")
    rng = random.Random(0)
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ".", ",", BAD_WORD, *WORDS]
    vocab += ["concerns", "raised", "decided", "happy", "engine", "and", "Muslims", "Islam"]
    model, tokenizer = tiny_bert(vocab)
    model.save_pretrained(root / "bert")
    tokenizer.save_pretrained(root / "bert")
    for pair in ("aa-en", "bb-en"):
        folder = root / "mlqe" / pair
        folder.mkdir(parents=True)
        for split, count in (("train", 60), ("dev", 30)):
            sentences = tiny_sentences(rng, count)
            tok = "\n".join(" ".join(words) for words, _ in sentences) + "\n"
            tags = "\n".join(
                " ".join(["OK"] + [x for t in labels for x in ("BAD" if t else "OK", "OK")])
                for _, labels in sentences
            )
            (folder / f"{split}.mt.tok").write_text(tok)
            (folder / f"{split}.mt.tags").write_text(tags + "\n")
            (folder / f"{split}.mt.txt").write_text(tok)
            pe = [" ".join(w for w in words if w != BAD_WORD) for words, _ in sentences]
            (folder / f"{split}.pe.txt").write_text("\n".join(pe) + "\n")
    corpus = root / "corpus"
    corpus.mkdir()
    for split in ("train", "heldout"):
        lines = [
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 10))) + " ." for _ in range(80)
        ]
        lines += ["the council raised concerns and the board decided ."] * 5
        (corpus / f"news.{split}.txt").write_text("\n".join(lines) + "\n")
    return {"root": root, "wordnet": write_wordnet(root / "wordnet")}


@pytest.fixture(autouse=True)
def keep_torch_threads() -> Iterator[None]:
    """main() sets torch's thread count; the rest of the suite keeps its own."""
    threads = torch.get_num_threads()
    yield
    torch.set_num_threads(threads)


def run(world: dict[str, Path], out: Path, *extra: str) -> int:
    root = world["root"]
    return tbd.main(
        [
            "--out", str(out),
            "--bert", str(root / "bert"),
            "--wordnet", str(world["wordnet"]),
            "--mlqe", str(root / "mlqe"),
            "--corpus", str(root / "corpus"),
            "--sources", "news",
            "--heldout-sources", "news",
            "--mlqe-train-per-pair", "60",
            "--noise-sentences", "10",
            "--dev-per-pair", "30",
            "--clean-heldout", "40",
            "--noised-heldout", "20",
            "--top-layers", "1",
            "--batch-size", "16",
            "--lr", "1e-3",
            "--head-lr", "3e-2",
            "--warmup", "5",
            "--decay-steps", "80",
            "--ckpt-every", "10",
            "--eval-every", "1000",
            "--log-every", "5",
            "--threads", "1",
            *extra,
        ]
    )  # fmt: skip


def weights(out: Path) -> dict[str, torch.Tensor]:
    return torch.load(out / "ckpt.pt", weights_only=False)["model"]


def test_learns_saves_resumes_and_reports(world: dict[str, Path], tmp_path: Path) -> None:
    straight, resumed = tmp_path / "straight", tmp_path / "resumed"
    assert run(world, straight, "--max-steps", "60") == 0
    log = [json.loads(line) for line in (straight / "log.jsonl").read_text().splitlines()]
    losses = [r["loss"] for r in log if "loss" in r]
    assert losses[-1] < 0.5 * losses[0], losses  # it learns
    report = json.loads((straight / "report.json").read_text())
    dev = report["mlqe_dev_all"]
    assert dev["at_0.5"]["mcc"] > 0.6 and dev["all_ok_baseline"]["mcc"] == 0.0
    assert abs(dev["random_baseline"]["mcc"]) < 0.3
    assert report["clean_flagged_share_calibration_half"] <= 0.05
    assert {"mlqe_dev_aa-en", "mlqe_dev_bb-en"} <= report.keys()
    features = np.load(straight / "features" / "train.f16.npy", mmap_mode="r")
    assert features.dtype == np.float16 and features.shape[1] == 32

    # the same run cut at step 30 and resumed (optimizer, RNG and batches restored)
    assert run(world, resumed, "--max-steps", "30") == 0
    assert torch.load(resumed / "ckpt.pt", weights_only=False)["step"] == 30
    assert run(world, resumed, "--max-steps", "60") == 2  # a run is there: --resume needed
    assert run(world, resumed, "--resume", "--max-steps", "60") == 0
    assert torch.load(resumed / "ckpt.pt", weights_only=False)["step"] == 60
    for name, tensor in weights(straight).items():
        assert torch.allclose(tensor, weights(resumed)[name], atol=1e-6), name
    saved = json.loads((resumed / "config.json").read_text())
    assert saved["max_steps"] == 60 and saved["top_layers"] == 1


def test_exported_head_scores_words_in_the_product(world: dict[str, Path], tmp_path: Path) -> None:
    """--export writes the head and its threshold; MaskedScorer.damage reads it and finds
    the damage the head learnt, word by word, whatever the batch."""
    from transformers import BertForMaskedLM, BertTokenizerFast

    from fixtext.model.masked_lm import MaskedScorer, NoDamageHead, head_settings, load_head

    out, exported = tmp_path / "run", tmp_path / "head"
    assert run(world, out, "--max-steps", "60", "--export", str(exported)) == 0
    report = json.loads((out / "report.json").read_text())
    bert_model = BertForMaskedLM.from_pretrained(world["root"] / "bert").eval()
    tokenizer = BertTokenizerFast.from_pretrained(world["root"] / "bert")
    head, settings = load_head(bert_model.config, exported), head_settings(exported)
    assert head is not None and settings is not None
    assert settings["threshold"] == report["threshold"] and settings["top_layers"] == 1
    for name, tensor in head.state_dict().items():  # float16 on disk, the trained weights
        assert torch.allclose(tensor, weights(out)[name].float(), atol=1e-2), name
    assert load_head(bert_model.config, tmp_path / "nothing") is None

    scorer = MaskedScorer(bert_model, tokenizer, head)
    damaged = "the council zzz sat on the big house .".split()
    clean = "the dog ran in the small market .".split()
    together = scorer.damage([damaged, clean, []])
    bad = damaged.index(BAD_WORD)
    assert together[0][bad] > 0.5 > max(p for i, p in enumerate(together[0]) if i != bad)
    assert max(together[1]) < 0.5 and together[2] == []
    fresh = MaskedScorer(bert_model, tokenizer, head)
    alone = fresh.damage([damaged])[0]
    assert np.allclose(alone, together[0], atol=1e-5)  # batch neighbours change nothing

    # word_log_probs reads the damage from the same lower layers and keeps it for damage()
    reader = MaskedScorer(bert_model, tokenizer, head)
    options = [["house"] if w == "market" else [] for w in clean]
    screened = reader.word_log_probs([clean], [options])[0]
    assert np.allclose(reader._damage[tuple(clean)], together[1], atol=1e-5)
    assert reader.damage([clean]) == [reader._damage[tuple(clean)]]  # from memory
    plain = MaskedScorer(bert_model, tokenizer).word_log_probs([clean], [options])[0]
    at = clean.index("market")
    assert screened[at][0] == pytest.approx(plain[at][0], abs=1e-4)  # the same screen
    assert screened[at][1] == pytest.approx(plain[at][1], abs=1e-4)
    with pytest.raises(NoDamageHead):
        MaskedScorer(bert_model, tokenizer).damage([clean])


def test_calibrate_and_scores() -> None:
    clean_max = np.array([0.1, 0.2, 0.9, 0.3])
    assert tbd.calibrate(clean_max, 0.25) == pytest.approx(0.3)  # 1 of 4 may be flagged
    assert tbd.calibrate(clean_max, 0.0) == pytest.approx(0.9)
    gold = np.array([1, 1, 0, 0], dtype=bool)
    perfect = tbd.scores(gold.copy(), gold)
    assert perfect["mcc"] == 1.0 and perfect["precision"] == 1.0 and perfect["recall"] == 1.0
    assert tbd.scores(np.zeros(4, dtype=bool), gold)["mcc"] == 0.0


def test_learning_rate_schedule() -> None:
    assert tbd.learning_rate(0, 1.0, 10, 100) == pytest.approx(0.1)
    assert tbd.learning_rate(10, 1.0, 10, 100) == pytest.approx(1.0)
    assert tbd.learning_rate(100, 1.0, 10, 100) == pytest.approx(0.1)
    assert tbd.learning_rate(500, 1.0, 10, 100) == pytest.approx(0.1)
