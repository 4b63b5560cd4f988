"""Layout-only rewrites: spacing and sentence punctuation change, nothing else does."""

from __future__ import annotations

import pytest

from fixtext.propose.layout_only import layout_only


@pytest.mark.parametrize(
    ("original", "rewrite"),
    [
        ("The talks,, ended.", "The talks ended."),  # punctuation debris
        ("Prices rose. , sharply in May.", "Prices rose sharply in May."),
        ("The vote came in , the end.", "The vote came in the end."),
        ("He saw ofthe town.", "He saw of the town."),  # two words run together
        ("It was held onThe coast.", "It was held on the coast."),  # with a glued capital
        ("The firm hasA plan.", "The firm has a plan."),
        ('"We won,," she said.', '"We won," she said.'),
        ("The vast region. large of the country.", "The vast region large of the country."),
        ("He left. . The rest stayed.", "He left. The rest stayed."),  # one stop kept
    ],
)
def test_layout_only_accepts_debris_removal_and_restored_spaces(
    original: str, rewrite: str
) -> None:
    assert layout_only(original, rewrite)


@pytest.mark.parametrize(
    ("original", "rewrite"),
    [
        ("Good question.", "Good question"),  # the closing full stop dropped
        ("Good question", "Good question."),  # or added
        ('He said "no."', 'He said "no"'),  # the full stop inside a closing quote
        ("However he left.", "However, he left."),  # punctuation added
        ("They met in Paris.", "They met in paris."),  # a name's case
        ("They had gone home.", "They had left home."),  # a word changed
        ("They had gone home.", "They had home."),  # a word dropped
        ("Prices rose 5% in May.", "Prices rose 5 in May."),  # a symbol dropped
        ("It cost $5m in all.", "It cost 5m in all."),
        ("It's late.", "Its late."),  # an apostrophe
        ("They will re-sign him.", "They will resign him."),  # a hyphen
        ("He was (briefly) there.", "He was briefly there."),  # brackets
        ("It was nowhere near.", "It was now here near."),  # a word split
        ("He saw a part of it.", "He saw apart of it."),  # two words merged
        ("The firm hasA plan.", "The firm hasa plan."),  # a capital without a split
        ("YouTube grew fast.", "You tube grew fast."),  # a brand is not run together
        ("The Cafe\u0301 opened.", "The Cafe opened."),  # a combining accent
        ("The Club met.", "The Club met."),  # no change at all
        ('It reached the river. <ref name="A.', 'It reached the river <ref name="A.'),
        ("He joined the U.S. Army.", "He joined the U.S Army."),  # a stop before a capital
        ("Is it over? 12 people left.", "Is it over 12 people left."),
        ("'Ah.. guys, we are lost.'", "'Ah guys, we are lost.'"),  # an ellipsis
        ("He waited... and left.", "He waited. and left."),
    ],
)
def test_layout_only_rejects_any_other_change(original: str, rewrite: str) -> None:
    assert not layout_only(original, rewrite)
