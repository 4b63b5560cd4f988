"""The shipped model, for real: loads offline, proposes repairs, scores damage as improbable.

Sentences are the team's own, one per damage class. How well it repairs is measured,
not asserted here: see the model card and ``scripts/calibrate_detector.py``.
"""

from __future__ import annotations

import json

import pytest

from fixtext.seq2seq import SHIPPED_MODEL, Seq2SeqModel, default_model_path

pytestmark = pytest.mark.integration

# (garbled, clean) pairs written by the team, one or two per damage class.
PAIRS = [
    ("The mayor voted to to close the old bridge.", "The mayor voted to close the old bridge."),
    (
        "Prices rose sharply in the the capital last year.",
        "Prices rose sharply in the capital last year.",
    ),
    (
        "The storm hit the coast. near the town on Sunday.",
        "The storm hit the coast near the town on Sunday.",
    ),
    (
        "The minister arrived on Monday , officials said.",
        "The minister arrived on Monday, officials said.",
    ),
    (
        "Several factory have closed since the spring.",
        "Several factories have closed since the spring.",
    ),
    ("The council has approved the plan. . ", "The council has approved the plan."),
    (
        "Farmers said the rain came too late for for the harvest.",
        "Farmers said the rain came too late for the harvest.",
    ),
    ("Many village were cut off by the floods.", "Many villages were cut off by the floods."),
    (
        "The police Arrested two men after the match.",
        "The police arrested two men after the match.",
    ),
    ("The talks ended without a deal deal on Friday.", "The talks ended without a deal on Friday."),
]


@pytest.fixture(scope="module")
def model() -> Seq2SeqModel:
    return Seq2SeqModel(SHIPPED_MODEL)


def test_shipped_model_is_small_and_local(model: Seq2SeqModel) -> None:
    weights = model.path / "model.safetensors"
    assert weights.is_file()
    assert weights.stat().st_size <= 100 * 2**20
    assert (model.path / "README.md").is_file()  # the model card
    config = json.loads((model.path / "config.json").read_text())
    assert config["model_type"] in {"t5", "bart"}


def test_proposes_n_best_rewrites_for_every_sentence(model: Seq2SeqModel) -> None:
    proposals = model.propose([g for g, _ in PAIRS], n_best=4)
    assert len(proposals) == len(PAIRS)
    assert all(1 <= len(p) <= 4 and all(isinstance(c, str) for c in p) for p in proposals)


def test_calibration_decides_whether_it_is_the_default(model: Seq2SeqModel) -> None:
    calibration = json.loads((model.path / "calibration.json").read_text())
    expected = model.path if calibration["use_by_default"] else None
    assert default_model_path() == expected
