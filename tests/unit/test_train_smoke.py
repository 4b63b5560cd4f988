"""A tiny training run on text written here: the loss falls, resume works, the model loads."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

from fixtext.model.seq2seq import default_model_path
from fixtext.training.data import load_corpus
from fixtext.training.train import SIZE_PRESETS, TrainConfig, build_model, learning_rate, train

SENTENCES = [
    "The old mill near the river was sold to the town council last spring.",
    "Farmers in the valley expect a large harvest of apples this year.",
    "The new library will open its doors to readers on Monday morning.",
    "Two teams of engineers repaired the bridge in less than a week.",
    "Local shops reported strong sales during the winter holidays.",
    "The museum has added a room for paintings by young local artists.",
    "Heavy rain closed several roads in the north of the county.",
    "The choir gave a free concert in the main square on Sunday.",
]


def write_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    corpus.mkdir()
    paragraphs = [" ".join(SENTENCES[i : i + 2]) for i in range(0, len(SENTENCES), 2)]
    (corpus / "tiny.train.txt").write_text("\n".join(paragraphs * 5) + "\n", encoding="utf-8")
    (corpus / "tiny.heldout.txt").write_text(" ".join(SENTENCES) + "\n", encoding="utf-8")
    return corpus


def tiny_config(
    corpus: Path, out: Path, steps: int, resume: bool = False, init_from: Path | None = None
) -> TrainConfig:
    return TrainConfig(
        corpus=corpus, out=out, sources=("tiny",), max_steps=steps, max_minutes=5,
        resume=resume, init_from=init_from, batch_size=8, lr=3e-3, warmup_steps=5,
        eval_every=20, log_every=5,
        vocab_size=300, d_model=32, num_layers=1, num_decoder_layers=1, num_heads=2, d_ff=64,
        dev_size=8, command="test",
    )  # fmt: skip


def test_tiny_training_run_learns_resumes_and_saves(tmp_path: Path) -> None:
    corpus, out = write_corpus(tmp_path), tmp_path / "model"
    first = train(tiny_config(corpus, out, steps=30))
    assert first["steps"] == 30
    assert first["train_losses"][-1][1] < first["train_losses"][0][1] - 1.0
    assert (out / "checkpoint" / "ckpt.pt").exists()

    second = train(tiny_config(corpus, out, steps=40, resume=True))
    assert second["steps"] == 40
    assert second["train_losses"][: len(first["train_losses"])] == first["train_losses"]
    assert second["final_dev_loss"] < second["dev_losses"][0][1] + 0.5

    record = json.loads((out / "training.json").read_text(encoding="utf-8"))
    assert record["steps"] == 40 and record["command"] == "test"
    model = AutoModelForSeq2SeqLM.from_pretrained(out, local_files_only=True)
    tok = AutoTokenizer.from_pretrained(out, local_files_only=True)
    ids = model.generate(**tok(["The old mill was sold."], return_tensors="pt"), max_new_tokens=8)
    assert isinstance(tok.decode(ids[0], skip_special_tokens=True), str)


def test_continuing_from_a_saved_model_keeps_its_weights_steps_and_history(
    tmp_path: Path,
) -> None:
    corpus, first_out, second_out = write_corpus(tmp_path), tmp_path / "a", tmp_path / "b"
    first = train(tiny_config(corpus, first_out, steps=30))

    second = train(tiny_config(corpus, second_out, steps=35, init_from=first_out))
    assert second["steps"] == 35
    assert second["continued_from"] == {"steps": 30, "wall_time_s": first["wall_time_s"]}
    assert second["train_losses"][: len(first["train_losses"])] == first["train_losses"]
    assert second["wall_time_s"] >= first["wall_time_s"]
    # it starts from the first model, not from scratch: the first new loss is near the last
    new_losses = second["train_losses"][len(first["train_losses"]) :]
    assert new_losses[0][1] < first["train_losses"][0][1] - 1.0
    a = AutoTokenizer.from_pretrained(first_out, local_files_only=True)
    b = AutoTokenizer.from_pretrained(second_out, local_files_only=True)
    assert a.get_vocab() == b.get_vocab()


def test_corpus_may_be_gzip_compressed(tmp_path: Path) -> None:
    plain = write_corpus(tmp_path)
    packed = tmp_path / "packed"
    packed.mkdir()
    for path in plain.iterdir():
        (packed / (path.name + ".gz")).write_bytes(gzip.compress(path.read_bytes()))
    assert load_corpus(packed, ("tiny",)) == load_corpus(plain, ("tiny",))
    assert load_corpus(packed, ("tiny",), "heldout") == load_corpus(plain, ("tiny",), "heldout")


def test_gpu_preset_fits_the_shipping_limits(tmp_path: Path) -> None:
    """The --device cuda model must ship: <= 100 MB on disk, and it comes back from the
    device machine in at most 64 MiB (float32 weights, with the detector head beside it)."""
    config = TrainConfig(corpus=tmp_path, out=tmp_path, device="cuda")
    tokenizer = AutoTokenizer.from_pretrained(default_model_path(), local_files_only=True)
    model = build_model(config, tokenizer)
    megabytes = sum(p.numel() for p in model.parameters()) * 4 / 2**20
    assert config.d_model > SIZE_PRESETS["cpu"]["d_model"]  # larger than the CPU recipe
    assert megabytes <= 48, megabytes


def test_a_continued_run_decays_from_its_own_first_step() -> None:
    config = TrainConfig(corpus=Path("."), out=Path("."), lr=1e-3, max_steps=10_000)
    assert learning_rate(config, 0, 0.0) == 1e-3 / config.warmup_steps  # warm-up from zero
    top = 5_000 + config.warmup_steps
    assert learning_rate(config, top, 0.0, first_step=5_000) > 0.99e-3  # not half-way down
    assert abs(learning_rate(config, 9_999, 0.0, first_step=5_000) - 1e-4) < 1e-6  # 10% at the end
