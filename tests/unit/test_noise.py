"""Every noise operation makes its class of damage, deterministically for a seed."""

from __future__ import annotations

import random

import pytest

from fixtext.lexicon.words import COMMON_FUNCTION_WORDS
from fixtext.training import noise
from fixtext.training.noise import NoiseConfig, Noiser

SENTENCE = "The farmers in the northern valley said on Monday that their harvest was large ."
CLEAN = "The old mill near the river was sold to the town council in the spring of 2019."
NAMED = "Officials from the Harbour Trust met growing tensions with a new plan."


def words(text: str) -> list[str]:
    return text.split(" ")


def run(op: noise.Op, text: str, seed: int = 0) -> str:
    return " ".join(op(words(text), random.Random(seed)))


def runs(op: noise.Op, text: str, seeds: int = 20) -> list[str]:
    return [run(op, text, seed) for seed in range(seeds)]


@pytest.mark.parametrize("name", list(noise.OPERATIONS))
def test_each_operation_is_deterministic_and_changes_text(name: str) -> None:
    op, _ = noise.OPERATIONS[name]
    assert run(op, CLEAN, 3) == run(op, CLEAN, 3)
    assert any(out != CLEAN for out in runs(op, CLEAN + " " + NAMED))


def test_spurious_break_puts_a_full_stop_before_a_lower_case_word() -> None:
    for out in runs(noise.spurious_break, CLEAN):
        head = out[: out.index(". ")]
        assert out.count(".") == 2
        assert out[len(head) + 2].islower() or out[len(head) + 2].isdigit()


def test_spurious_break_can_move_a_word_behind_the_break() -> None:
    outs = runs(noise.spurious_break, CLEAN, 40)
    assert any(
        sorted(o.replace(".", "").split()) == sorted(CLEAN.replace(".", "").split())
        and o.replace(".", "") != CLEAN.replace(".", "")
        for o in outs
    )


def test_run_together_joins_two_words() -> None:
    for out in runs(noise.run_together, CLEAN):
        assert len(words(out)) == len(words(CLEAN)) - 1
        assert out.replace(" ", "").lower() == CLEAN.replace(" ", "").lower()


def test_duplicate_word_repeats_a_word_or_phrase() -> None:
    for out in runs(noise.duplicate_word, "a b c d e f"):
        w = words(out)
        assert len(w) > 6
        assert any(w[i : i + n] == w[i + n : i + 2 * n] for n in (1, 2, 3) for i in range(len(w)))


def test_duplicate_entity_repeats_a_name_after_a_full_stop() -> None:
    out = run(noise.duplicate_entity, "Talks with the Harbour Trust failed.", 0)
    assert out == "Talks with the Harbour Trust. Harbour Trust. failed." or "Trust." in out


def test_self_coordination_replaces_the_second_conjunct() -> None:
    outs = set(runs(noise.self_coordination, "They met traders and farmers, then left."))
    assert outs == {"They met traders and traders, then left."}
    outs = set(runs(noise.self_coordination, "It was written by Anna and Boris Smith in May."))
    assert outs == {
        "It was written by Anna and Boris Smith in May."
    }  # "Boris Smith" is one conjunct
    assert set(runs(noise.self_coordination, CLEAN)) == {CLEAN}  # no coordination


def test_related_word_uses_the_confusion_sets() -> None:
    out = run(noise.related_word, "Prices rose amid fears")
    assert out in {
        "Prices rose in the middle fears",
        "Prices rose among fears",
        "Prices rose in the midst fears",
    }


def test_spinner_synonym_swaps_in_a_wrong_sense_word() -> None:
    out = run(noise.spinner_synonym, "Growing tensions")
    assert out != "Growing tensions"
    assert out.split()[-1] in {"tensions", "tanks", "strains", "stresses"}


def test_spinner_synonym_keeps_capitals_and_punctuation() -> None:
    out = run(noise.spinner_synonym, "Tensions.")
    assert out[0].isupper() and out.endswith(".")


def test_drop_function_word_removes_only_a_function_word() -> None:
    for out in runs(noise.drop_function_word, CLEAN):
        dropped = set(words(CLEAN)) - set(words(out))
        assert len(words(out)) == len(words(CLEAN)) - 1
        assert dropped <= COMMON_FUNCTION_WORDS


def test_stray_word_adds_one_word() -> None:
    for out in runs(noise.stray_word, CLEAN):
        assert len(words(out)) == len(words(CLEAN)) + 1


def test_agreement_flip_changes_number() -> None:
    assert run(noise.agreement_flip, "It was late", 0) in {"It were late", "They was late"}
    outs = set(runs(noise.agreement_flip, "Two farmers harvested barley"))
    assert outs == {"Two farmer harvested barley"}  # only flips that give a real word


def test_agreement_flip_uses_irregular_plurals() -> None:
    outs = set(runs(noise.agreement_flip, "Many people waited there"))
    assert "Many person waited there" in outs


def test_order_swap_swaps_neighbours() -> None:
    for out in runs(noise.order_swap, "the vast central region"):
        assert sorted(words(out.lower())) == sorted(words("the vast central region"))
        assert out != "the vast central region"


def test_case_damage_flips_the_case_of_one_word() -> None:
    for out in runs(noise.case_damage, CLEAN):
        assert out.lower() == CLEAN.lower() and out != CLEAN
        assert out[0] == "T"


def test_punctuation_debris_adds_stray_marks() -> None:
    for out in runs(noise.punctuation_debris, "Chad, Mali and Niger signed."):
        letters = out.replace(" ", "").strip(".,;")
        assert out != "Chad, Mali and Niger signed."
        assert any(mark in out for mark in (" ,", ". ,", ". .", " .", ",,", " ;", ", ,", ".."))
        assert "ChadMali" not in letters


def test_delete_word_removes_one_word() -> None:
    for out in runs(noise.delete_word, CLEAN):
        assert len(words(out)) == len(words(CLEAN)) - 1


def test_noiser_is_deterministic_per_seed() -> None:
    sentences = [CLEAN, NAMED, SENTENCE] * 10
    assert Noiser(7).pairs(sentences) == Noiser(7).pairs(sentences)
    assert Noiser(7).pairs(sentences) != Noiser(8).pairs(sentences)


def test_noiser_keeps_about_a_third_intact_and_targets_are_clean() -> None:
    sentences = [CLEAN, NAMED, SENTENCE] * 200
    pairs = Noiser(1).pairs(sentences)
    assert [clean for _, clean in pairs] == sentences
    intact = sum(garbled == clean for garbled, clean in pairs) / len(pairs)
    assert 0.25 < intact < 0.5


def test_noiser_identity_rate_is_configurable() -> None:
    pairs = Noiser(1, NoiseConfig(identity_rate=1.0)).pairs([CLEAN, NAMED])
    assert all(garbled == clean for garbled, clean in pairs)


def test_edit_count_is_bounded() -> None:
    noiser = Noiser(3)
    counts = [noiser.edit_count(60) for _ in range(500)]
    assert min(counts) >= 1 and max(counts) <= NoiseConfig().max_edits
