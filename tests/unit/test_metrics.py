"""Every metric on small cases worked out by hand."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from fixtext.evaluate.datasets import Example, load_jfleg
from fixtext.evaluate.metrics import (
    DamagedSpan,
    SpanCounts,
    TagCounts,
    damaged_spans,
    gleu,
    gleu_from_stats,
    gleu_stats,
    same_text,
    span_counts,
    span_precision,
    span_recall,
    tag_counts,
    token_offsets,
    touches,
    word_edit_reduction,
)
from fixtext.evaluate.report import collateral_edits, evaluate
from fixtext.textops import tokenize, word_edit_distance

JFLEG_DEV = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "jfleg-dev"


def test_tokenize_splits_punctuation_keeps_numbers_and_contractions() -> None:
    text = "U.S. pay rose 2.5% to 1,000 dlrs at 11:00, didn't it? (military-led)"
    assert tokenize(text) == [
        *("U", ".", "S", ".", "pay", "rose", "2.5", "%", "to", "1,000", "dlrs", "at"),
        *("11:00", ",", "didn't", "it", "?", "(", "military-led", ")"),
    ]


def test_token_offsets_point_into_the_text() -> None:
    assert token_offsets("Chad. , Mali") == [(0, 4), (4, 5), (6, 7), (8, 12)]


def test_same_text_ignores_only_runs_of_white_space() -> None:
    assert same_text("a  b\n", "a b")
    assert not same_text("port , which", "port, which")


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("the cat sat", "the cat sat", 0),
        ("voted to to stay", "voted to stay", 1),
        ("voted stay", "voted to stay", 1),
        ("a killingWhile b", "a killing. While b", 3),  # 1 substitution + 2 insertions
        ("in the middle tank relations", "amid tense relations", 4),
        ("", "a b", 2),
    ],
)
def test_word_edit_distance(a: str, b: str, distance: int) -> None:
    assert word_edit_distance(a, b) == distance
    assert word_edit_distance(b, a) == distance


def test_damaged_span_deletion() -> None:
    assert damaged_spans("Chad. , Mali", "Chad, Mali") == [DamagedSpan(4, 5, (".",), ())]


def test_damaged_span_of_a_repeated_word_covers_both_copies() -> None:
    # Deleting either "to" costs one edit, so the region spans both: a flag on the
    # second copy (where rules report a repeat) is on the damage.
    assert damaged_spans("rose to to their", "rose to their") == [DamagedSpan(5, 10, ("to",), ())]
    spans = damaged_spans("x a b a b y", "x a b y")
    assert [(s.start, s.end, s.source) for s in spans] == [(2, 9, ("a", "b"))]
    assert damaged_spans("a a a b", "a b") == [DamagedSpan(0, 5, ("a", "a"), ())]


def test_damaged_span_deletion_does_not_slide_over_different_words() -> None:
    assert damaged_spans("a b . a b . c", "a b c") == [DamagedSpan(4, 11, (".", "a", "b", "."), ())]
    assert damaged_spans("to go to their", "to go their") == [DamagedSpan(6, 8, ("to",), ())]


def test_damaged_span_insertion_is_the_gap_between_neighbours() -> None:
    assert damaged_spans("He voted stay", "He voted to stay") == [DamagedSpan(8, 9, (), ("to",))]
    assert damaged_spans("It rained", "It rained.") == [DamagedSpan(9, 9, (), (".",))]
    assert damaged_spans("", "a") == [DamagedSpan(0, 0, (), ("a",))]


def test_damaged_span_run_together_words() -> None:
    assert damaged_spans("a killingWhile b", "a killing. While b") == [
        DamagedSpan(2, 14, ("killingWhile",), ("killing", ".", "While"))
    ]


def test_adjacent_edits_merge_into_one_span() -> None:
    assert damaged_spans("in the middle tank relations", "amid tense relations") == [
        DamagedSpan(0, 18, ("in", "the", "middle", "tank"), ("amid", "tense"))
    ]


def test_repeated_phrase_is_one_span_not_two() -> None:
    # Deleting "a b ." twice over or ". a b ." once cost the same 4 edits; one region wins.
    assert damaged_spans("a b . a b . c", "a b c") == [DamagedSpan(4, 11, (".", "a", "b", "."), ())]


def test_separate_damage_gives_separate_spans() -> None:
    spans = damaged_spans("x x y z z", "x y z")
    assert [(s.source, s.reference) for s in spans] == [(("x",), ()), (("z",), ())]
    assert damaged_spans("same text.", "same text.") == []


def test_touches() -> None:
    gap = DamagedSpan(8, 9, (), ("to",))  # "He voted stay": the gap after "voted"
    assert touches(gap, (3, 8))  # the word before
    assert touches(gap, (9, 13))  # the word after
    assert not touches(gap, (0, 2))
    word = DamagedSpan(4, 5, (".",), ())
    assert touches(word, (3, 5))
    assert not touches(word, (5, 7))  # only adjacent
    assert touches(word, (5, 5))  # an empty flag touching it


def test_span_counts_recall_precision() -> None:
    damage = [DamagedSpan(0, 4, ("a",), ()), DamagedSpan(10, 12, ("b",), ())]
    flags = [(1, 2), (2, 3), (20, 25)]  # two flags on the first span, one on nothing
    counts = span_counts(damage, flags)
    assert counts == SpanCounts(damaged=2, caught=1, flags=3, flags_on_damage=2)
    total = counts + span_counts([DamagedSpan(0, 1, ("c",), ())], [])  # a missed span
    assert total == SpanCounts(3, 1, 3, 2)
    assert span_recall(total) == pytest.approx(1 / 3)
    assert span_precision(total) == pytest.approx(2 / 3)
    assert span_recall(SpanCounts()) is None
    assert span_precision(SpanCounts(damaged=2)) is None


def test_word_edit_reduction() -> None:
    assert word_edit_reduction(10, 4) == pytest.approx(0.6)
    assert word_edit_reduction(10, 10) == 0
    assert word_edit_reduction(5, 7) == pytest.approx(-0.4)
    assert word_edit_reduction(0, 0) is None


def test_gleu_stats_credit_reference_ngrams_and_penalise_kept_source_ngrams() -> None:
    # hyp = src "a b d", ref "a b c": unigrams a, b match; d is a source unigram the
    # reference dropped, so it is subtracted: 2 - 1 = 1 of 3. Bigrams: "a b" matches,
    # "b d" is kept from the source: 1 - 1 = 0 of 2.
    assert gleu_stats("a b d".split(), "a b d".split(), "a b c".split(), order=2) == [
        *(3, 3),
        *(1, 3),
        *(0, 2),
    ]
    # hyp = ref: every n-gram matches, nothing is penalised.
    assert gleu_stats("a b c".split(), "a b d".split(), "a b c".split(), order=3) == [
        *(3, 3),
        *(3, 3),
        *(2, 2),
        *(1, 1),
    ]


def test_gleu_from_stats() -> None:
    # c=4, r=5: brevity penalty exp(1 - 5/4) = exp(-0.25); precisions 2/4 and 1/3.
    expected = math.exp(-0.25) * math.sqrt(2 / 4 * 1 / 3)
    assert gleu_from_stats([4, 5, 2, 4, 1, 3]) == pytest.approx(expected)
    assert gleu_from_stats([4, 4, 4, 4, 0, 3]) == 0  # no smoothing


def test_gleu_corpus() -> None:
    ref = "the port reopened on Tuesday"
    src = "the port reopen Tuesday"
    assert gleu([ref], [src], [(ref,)]) == pytest.approx(100)
    # Two references, one sentence: a round scores 100 when it draws the matching
    # reference and 0 otherwise; rounds 0..3 (seeds 0, 101, 202, 303) draw 1, 0, 1, 0.
    assert gleu([ref], [src], [(ref, "w x y z v")], iterations=4) == pytest.approx(50)
    assert gleu([], [], []) == 0


@pytest.mark.skipif(not JFLEG_DEV.is_dir(), reason=f"data set missing: {JFLEG_DEV}")
def test_gleu_on_jfleg_dev_matches_the_published_baseline() -> None:
    examples = load_jfleg(JFLEG_DEV)
    sources = [e.source for e in examples]
    refs = [e.references for e in examples]
    source_gleu = gleu(sources, sources, refs)
    assert 38 <= source_gleu <= 42  # JFLEG reports 38.21 for the unchanged dev source
    first_ref = gleu([r[0] for r in refs], sources, [r[1:] for r in refs])
    assert first_ref > source_gleu + 10


def test_evaluate_counts_and_rates() -> None:
    examples = [
        Example("voted to to stay", ("voted to stay",)),  # damaged, flagged, repaired
        Example("It rained.", ("It rained.",)),  # unchanged, but flagged and changed
        Example("a killingWhile b", ("a killing. While b",)),  # damaged, missed: 3 edits
        Example("Fine as is.", ("Fine as is.", "Fine, as is.")),  # unchanged, left alone
    ]
    answers = {
        "voted to to stay": ([(6, 11)], "voted to stay"),
        "It rained.": ([(0, 2)], "It rains."),
        "a killingWhile b": ([], "a killingWhile b"),
        "Fine as is.": ([], "Fine as is."),
    }
    calls: list[tuple[int, int]] = []
    report = evaluate(
        examples,
        lambda batch: [answers[s] for s in batch],
        batch_size=3,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls == [(3, 4), (4, 4)]
    assert (report.examples, report.damaged, report.unchanged) == (4, 2, 2)
    assert report.spans == SpanCounts(damaged=2, caught=1, flags=2, flags_on_damage=1)
    assert (report.span_recall, report.span_precision) == (0.5, 0.5)
    assert (report.source_edits, report.hypothesis_edits) == (1 + 3, 0 + 3)
    assert report.word_edit_reduction == pytest.approx(0.25)
    assert (report.exact, report.exact_repairs) == (1, 0.5)
    assert (report.harmed, report.harm_rate) == (1, 0.5)
    assert (report.clean_flagged, report.flag_rate_clean) == (1, 0.5)
    as_dict = report.as_dict()
    assert as_dict["harm_rate"] == 0.5
    assert as_dict["spans"] == {"damaged": 2, "caught": 1, "flags": 2, "flags_on_damage": 1}
    json.dumps(as_dict)
    assert "harm rate" in report.as_table()
    assert "50.0%" in report.as_table()


def test_identity_repair_is_the_zero_baseline() -> None:
    examples = [Example("voted to to stay", ("voted to stay",)), Example("Ok.", ("Ok.",))]
    report = evaluate(examples, lambda batch: [([], s) for s in batch])
    assert report.word_edit_reduction == 0
    assert report.harm_rate == 0
    assert report.span_precision is None
    assert report.gleu == report.source_gleu
    assert "n/a" in report.as_table()


def test_evaluate_rejects_a_short_answer() -> None:
    with pytest.raises(ValueError, match="1 results for 2"):
        evaluate([Example("a", ("a",))] * 2, lambda batch: [([], "a")])


def test_span_repair_rate_counts_spans_gone_after_repair() -> None:
    from fixtext.evaluate.datasets import Example
    from fixtext.evaluate.report import evaluate

    examples = [
        Example("They voted to to stay in in town .", ("They voted to stay in town .",)),
        Example("A clean line .", ("A clean line .",)),
    ]

    def repair_one(batch: list[str]) -> list[tuple[list[tuple[int, int]], str]]:
        fixed = {"They voted to to stay in in town .": "They voted to stay in in town ."}
        return [([(0, 1)] if s in fixed else [], fixed.get(s, s)) for s in batch]

    report = evaluate(examples, repair_one)
    assert report.spans.damaged == 2
    assert report.spans_left == 1
    assert report.span_repair_rate == 0.5


def test_collateral_edits_count_repairs_outside_every_damaged_span() -> None:
    source, reference = "The big dog sat on on the mat.", "The big dog sat on the mat."
    damage = damaged_spans(source, reference)
    assert collateral_edits(source, reference, damage) == 0
    assert collateral_edits(source, "The large dog sat on the mat.", damage) == 1
    assert collateral_edits(source, "The large dog sat on on a mat.", damage) == 2


def test_tag_counts_and_their_rates() -> None:
    words = [(0, 3, False), (4, 7, True), (8, 11, True), (12, 15, False)]
    counts = tag_counts(words, [(4, 9), (15, 15)])  # overlaps 2 and 3; touches 4's edge
    assert counts == TagCounts(bad_flagged=2, ok_flagged=1, bad_missed=0, ok_left=1)
    assert counts.precision == pytest.approx(2 / 3) and counts.recall == 1.0
    assert counts.mcc == pytest.approx((2 * 1 - 1 * 0) / math.sqrt(3 * 2 * 2 * 1))
    nothing = tag_counts(words, [])
    assert nothing.mcc == 0.0 and nothing.precision is None and nothing.bad_rate == 0.5
    assert tag_counts(words, [(3, 4)]).words == 4 and tag_counts(words, [(3, 4)]).ok_flagged == 0
    assert TagCounts().mcc is None and (counts + nothing).words == 8


def test_evaluate_scores_flags_against_word_tags() -> None:
    tagged = Example("a bad word", ("a good word",), ((0, 1, False), (2, 5, True), (6, 10, False)))
    report = evaluate([tagged, Example("fine", ("fine",))], lambda b: [([(2, 5)], s) for s in b])
    assert report.tags == TagCounts(bad_flagged=1, ok_flagged=0, bad_missed=0, ok_left=2)
    assert report.as_dict()["bad_words"]["mcc"] == 1.0
    assert "BAD-tag MCC" in report.as_table()
    untagged = evaluate([Example("fine", ("fine",))], lambda b: [([], s) for s in b])
    assert "BAD" not in untagged.as_table() and untagged.as_dict()["bad_words"]["mcc"] is None
