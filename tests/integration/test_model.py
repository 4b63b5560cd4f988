"""The shipped model, for real: loads offline, repairs flagged spans, scores damage as improbable.

Sentences are the team's own, one or two per damage class of the noise recipe. The span
the model is asked to repair is the damaged region (what a detector flags), found by
aligning the garbled sentence with its clean original.
"""

from __future__ import annotations

import difflib
import json
from itertools import product

import pytest

from fixtext.model.seq2seq import SHIPPED_MODEL, Seq2SeqModel, default_model_path
from fixtext.model.spantask import word_spans

pytestmark = pytest.mark.integration

# (damage class, garbled, clean), written by the team.
PAIRS = [
    (
        "duplicate word",
        "The mayor voted to to close the old bridge.",
        "The mayor voted to close the old bridge.",
    ),
    (
        "duplicate word",
        "Prices rose sharply in the the capital last year.",
        "Prices rose sharply in the capital last year.",
    ),
    (
        "duplicate phrase",
        "The talks ended without a deal a deal on Friday.",
        "The talks ended without a deal on Friday.",
    ),
    (
        "spurious break",
        "The storm hit the coast. near the town on Sunday.",
        "The storm hit the coast near the town on Sunday.",
    ),
    (
        "punctuation debris",
        "The minister arrived on Monday , officials said.",
        "The minister arrived on Monday, officials said.",
    ),
    (
        "punctuation debris",
        "The council approved the plan. . The vote was close.",
        "The council approved the plan. The vote was close.",
    ),
    (
        "agreement",
        "Several factory have closed since the spring.",
        "Several factories have closed since the spring.",
    ),
    (
        "agreement",
        "The new rules was announced by the ministry.",
        "The new rules were announced by the ministry.",
    ),
    (
        "case damage",
        "The police Arrested two men after the match.",
        "The police arrested two men after the match.",
    ),
    (
        "dropped word",
        "Farmers said the rain came too late for harvest.",
        "Farmers said the rain came too late for the harvest.",
    ),
    (
        "dropped word",
        "She is one the best runners in the region.",
        "She is one of the best runners in the region.",
    ),
    (
        "run together",
        "The bank raised its rates onThursday morning.",
        "The bank raised its rates on Thursday morning.",
    ),
    (
        "related word",
        "The bridge was closed while the storm last night.",
        "The bridge was closed during the storm last night.",
    ),
    (
        "stray word",
        "The hospital treated dozens of the patients injured in the crash.",
        "The hospital treated dozens of patients injured in the crash.",
    ),
    (
        "order swap",
        "The government announced a plan new to cut taxes.",
        "The government announced a new plan to cut taxes.",
    ),
    (
        "self coordination",
        "The school teaches music and music to young children.",
        "The school teaches music and art to young children.",
    ),
]
# Given the damaged span, the shipped model repairs sentences of 4 of the classes above
# (duplicate word, spurious break, punctuation debris, run together; see its card);
# fewer is a regression.
MIN_CLASSES_REPAIRED = 4
CLEAN = [
    "The museum reopened on Saturday after a two-year renovation.",
    "Officials said the road would stay closed until the end of the week.",
    "The company reported a small rise in profits for the third quarter.",
    "Residents were told to boil their water as a precaution.",
]


@pytest.fixture(scope="module")
def model() -> Seq2SeqModel:
    return Seq2SeqModel(SHIPPED_MODEL)


def flagged_spans(garbled: str, clean: str) -> list[tuple[int, int]]:
    """The damaged words of ``garbled`` (a word diff against ``clean``), as a detector
    flags them; where a word is missing, the word before the gap is flagged."""
    words = word_spans(garbled)
    matcher = difflib.SequenceMatcher(None, garbled.split(), clean.split(), autojunk=False)
    spans = []
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag != "equal":
            first = i1 if i2 > i1 else max(0, i1 - 1)
            spans.append((words[first][0], words[max(i2, first + 1) - 1][1]))
    return spans


def test_shipped_model_is_small_and_local(model: Seq2SeqModel) -> None:
    weights = model.path / "model.safetensors"
    assert weights.is_file()
    assert weights.stat().st_size <= 100 * 2**20
    assert (model.path / "README.md").is_file()  # the model card
    config = json.loads((model.path / "config.json").read_text())
    assert config["model_type"] in {"t5", "bart"}
    assert model.span_task


def test_rewrites_stay_inside_the_flagged_span(model: Seq2SeqModel) -> None:
    garbled = [g for _, g, _ in PAIRS]
    spans = [flagged_spans(g, c) for _, g, c in PAIRS]
    proposals = model.propose(garbled, n_best=4, spans=spans)
    assert len(proposals) == len(PAIRS)
    for sentence, sentence_spans, rewrites in zip(garbled, spans, proposals, strict=True):
        start, end = sentence_spans[0][0], sentence_spans[-1][1]
        before, after = sentence[:start].rstrip(), sentence[end:].lstrip()
        for rewrite in rewrites:
            assert rewrite != sentence
            assert rewrite.startswith(before) and rewrite.endswith(after)


def test_repairs_the_mechanical_damage_classes(model: Seq2SeqModel) -> None:
    garbled = [g for _, g, _ in PAIRS]
    spans = [flagged_spans(g, c) for _, g, c in PAIRS]
    proposals = model.propose(garbled, n_best=4, spans=spans)
    repaired = {
        cls for (cls, _, clean), rewrites in zip(PAIRS, proposals, strict=True) if clean in rewrites
    }
    assert len(repaired) >= MIN_CLASSES_REPAIRED, f"repaired only {sorted(repaired)}"


def test_leaves_clean_sentences_alone(model: Seq2SeqModel) -> None:
    spans = [[(start, end)] for sentence in CLEAN for start, end in [_word(sentence, 3)]]
    assert model.propose(CLEAN, n_best=4, spans=spans) == [[] for _ in CLEAN]


def test_detector_scores_damaged_words_below_clean_ones(model: Seq2SeqModel) -> None:
    """AUC: the chance that a damaged word is less probable than a word of a clean sentence."""
    garbled = [g for _, g, _ in PAIRS]
    damaged: list[float] = []
    for (_, g, c), scores in zip(PAIRS, model.token_scores(garbled), strict=True):
        regions = flagged_spans(g, c)
        damaged.append(
            min(
                s.probability
                for s in scores
                if any(s.start < max(e, b + 1) and s.end > b for b, e in regions)
            )
        )
    clean = [s.probability for scores in model.token_scores(CLEAN) for s in scores]
    wins = sum(d < c for d, c in product(damaged, clean))
    # 0.857 measured at ship time with the 180-minute head (0.815 with the 85-minute one)
    assert wins / (len(damaged) * len(clean)) >= 0.75


def test_calibration_decides_whether_it_is_the_default(model: Seq2SeqModel) -> None:
    calibration = json.loads((model.path / "calibration.json").read_text())
    expected = model.path if calibration["use_by_default"] else None
    assert default_model_path() == expected


def _word(sentence: str, index: int) -> tuple[int, int]:
    """Character offsets of the ``index``-th white-space word."""
    start = 0
    for _ in range(index):
        start = sentence.index(" ", start) + 1
    end = sentence.find(" ", start)
    return start, end if end != -1 else len(sentence)
