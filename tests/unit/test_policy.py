"""The fix policy: reading the shipped table and the two conditions of an unasked fix."""

from __future__ import annotations

from fixtext.policy import FixPolicy


def test_the_shipped_policy_has_every_fixing_fixtext_rule_and_a_sane_bound() -> None:
    policy = FixPolicy.shipped()
    assert 0 < policy.bound <= 1 / 2_000  # at most one false change per several thousand
    assert policy.clean_sentences >= 40_000 and policy.benefit >= 1
    for rule in ("FT001", "FT003", "FT007", "FT100"):
        assert rule in policy.rules
    for record in policy.rules.values():
        assert 0 <= record.false_changes <= record.clean_changes


def test_a_rule_not_in_the_table_is_a_suggestion_and_apply_all_applies_everything() -> None:
    policy = FixPolicy.shipped()
    assert not policy.auto_applies("SOME_RULE_NEVER_MEASURED")
    assert "no measured clean-text rate" in policy.why_not("SOME_RULE_NEVER_MEASURED")
    assert FixPolicy.apply_all().auto_applies("SOME_RULE_NEVER_MEASURED")


def test_the_table_round_trips() -> None:
    table = {
        "bound": 0.001,
        "benefit": 10,
        "clean_sentences": 5000,
        "rules": {
            "R": {
                "clean_changes": 7,
                "false_changes": 5,
                "garbled_fixes": 2,
                "garbled_sentences": 100,
            },
            "S": {
                "clean_changes": 7,
                "false_changes": 6,
                "garbled_fixes": 2,
                "garbled_sentences": 100,
            },
        },
    }
    policy = FixPolicy.from_table(table)
    assert policy.allowed_changes() == 5
    assert policy.auto_applies("R")  # 5 false changes; 2 % of garbled, 16 x (5 + 1) / 5000
    assert not policy.auto_applies("S")  # one false change too many
