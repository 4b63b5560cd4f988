"""English inflection by rule, with WordNet's exceptions where they are given."""

from __future__ import annotations

import pytest

from fixtext.lexicon.inflection import inflect

#: Irregular forms as WordNet's exception lists give them (base -> forms).
IRREGULAR = {
    "stop": ["stopped", "stopping"],
    "have": ["had", "has"],
    "bring": ["brought"],
    "lie": ["lain", "lay", "lying"],
}


@pytest.mark.parametrize(
    ("lemma", "pos", "suffix", "form"),
    [
        ("council", "n", "s", "councils"),
        ("city", "n", "ies", "cities"),
        ("chairman", "n", "men", "chairmen"),
        ("decide", "v", "s", "decides"),
        ("go", "v", "s", "goes"),
        ("have", "v", "s", "has"),  # the exception, not "haves"
        ("decide", "v", "ed", "decided"),
        ("bring", "v", "ed", "brought"),
        ("stop", "v", "ed", "stopped"),
        ("decide", "v", "ing", "deciding"),
        ("stop", "v", "ing", "stopping"),  # the exception, not "stoping"
        ("lie", "v", "ing", "lying"),
        ("bring", "v", "ing", "bringing"),
        ("bring up", "v", "ed", "brought up"),  # a verb's first word
        ("board", "n", "", "board"),
    ],
)
def test_a_lemma_takes_the_form_its_suffix_tells(
    lemma: str, pos: str, suffix: str, form: str
) -> None:
    assert inflect(lemma, pos, suffix, IRREGULAR) == form


def test_forms_the_suffix_does_not_tell_are_none() -> None:
    assert inflect("low", "a", "est", IRREGULAR) is None
