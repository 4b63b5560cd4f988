"""Pipeline logic with fakes at the boundaries (the real parts are in integration/)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from fixtext.config import build_settings
from fixtext.document import Document
from fixtext.findings import Finding, Fix, Source
from fixtext.pipeline import Pipeline
from fixtext.policy import FixPolicy, RuleRecord
from fixtext.propose.corroboration import CorroboratedReports
from fixtext.propose.model_rewrite import content_change
from fixtext.protocols import Match
from fixtext.textops import minimal_edit
from fixtext.verify import Verifier


class NoMatches:
    """A grammar checker that finds nothing."""

    def check(self, texts: list[str]) -> list[list[Match]]:
        return [[] for _ in texts]


class DoubledWords:
    """Flags a word repeated twice and proposes deleting the copy."""

    name = "doubled"

    def detect(self, doc: Document) -> list[Finding]:
        return [
            Finding("T1", "doubled", m.start(2), m.end(), 0.9, Source.RULES, Fix(""))
            for m in re.finditer(r"\b(\w+)( \1)\b", doc.text)
        ]


class Rewrites:
    """A proposer whose candidates, best first, replace ``old`` with each of ``new``."""

    def __init__(self, old: str, *new: str) -> None:
        self.old, self.new = old, new

    def propose(
        self,
        sentences: list[str],
        n_best: int,
        spans: list[list[tuple[int, int]]] | None = None,
    ) -> list[list[str]]:
        return [[s.replace(self.old, new) for new in self.new] for s in sentences]


def pipeline(proposer: Rewrites | None = None) -> Pipeline:
    return Pipeline([DoubledWords()], Verifier(NoMatches()), build_settings(), proposer)


def test_minimal_edit_is_word_aligned() -> None:
    assert minimal_edit("voted to to stay", "voted to stay") == (9, 12, "")
    before, after = "a cat sat", "a dog sat"
    start, end, rep = minimal_edit(before, after)
    assert before[:start] + rep + before[end:] == after
    assert (start, end, rep) == (2, 5, "dog")


def test_fix_applies_safe_fixes_and_keeps_everything_else() -> None:
    text = "Header\r\n\r\nThey voted to to stay.  Then the the end.\r\n"
    result = pipeline().fix(Document(text))
    assert result.text == "Header\r\n\r\nThey voted to stay.  Then the end.\r\n"
    assert len(result.applied) == 2
    assert result.remaining == []


def test_fix_is_idempotent() -> None:
    first = pipeline().fix(Document("We we went home. It it rained.\n"))
    second = pipeline().fix(Document(first.text))
    assert second.text == first.text
    assert second.applied == []


def test_unsafe_fixes_need_the_flag() -> None:
    # "acme" is a configured protected term, so deleting a copy of it is unsafe
    guarded = Pipeline(
        [DoubledWords()], Verifier(NoMatches(), protected_terms=("acme",)), build_settings()
    )
    text = "The acme acme plan."
    assert guarded.fix(Document(text)).text == text
    assert guarded.fix(Document(text), unsafe=True).text == "The acme plan."


def test_a_doubled_name_may_lose_its_copy() -> None:
    # the name survives at the sentence start, where it is not a protected token
    assert pipeline().fix(Document("Oslo Oslo voted.")).text == "Oslo voted."


class DropRepeat:
    """A proposer that deletes a word's immediate repeat."""

    def propose(
        self,
        sentences: list[str],
        n_best: int,
        spans: list[list[tuple[int, int]]] | None = None,
    ) -> list[list[str]]:
        return [[re.sub(r"\b(\w+) \1\b", r"\1", s)] for s in sentences]


def test_model_rewrite_inside_a_flagged_span_becomes_a_verified_finding() -> None:
    pipe = Pipeline(
        [Flags("had gone gone", "T2", Source.RULES)],
        Verifier(NoMatches()),
        build_settings(),
        DropRepeat(),
    )
    findings = pipe.check(Document("They had gone gone home."))
    rewrite = [f for f in findings if f.rule == "FT100"]
    assert rewrite, findings
    assert rewrite[0].fix is not None and rewrite[0].fix.safe
    assert rewrite[0].source is Source.MODEL


def test_model_rewrite_reaching_past_the_flagged_span_is_a_suggestion() -> None:
    findings = pipeline(Rewrites("gone", "left")).check(
        Document("They had gone gone home.")
    )  # both 'gone's
    [rewrite] = [f for f in findings if f.rule == "FT100"]
    assert rewrite.fix is not None and not rewrite.fix.safe


@dataclass
class Flags:
    """A detector that flags every match of ``pattern`` as ``rule`` from ``source``, no fix
    (the rule's code decides which model rewrites it licenses)."""

    pattern: str
    rule: str
    source: Source
    name: str = "flags"

    def detect(self, doc: Document) -> list[Finding]:
        return [
            Finding(
                self.rule, "flagged", m.start(), m.end(), 0.9, self.source
            )
            for m in re.finditer(self.pattern, doc.text)
        ]  # fmt: skip


@pytest.mark.parametrize(
    ("rewrite", "applied"),
    [
        ("sat at the", True),  # a function word put back
        ("sat round the", False),  # a content word is never the model's alone
        ("sat", False),  # a deletion
    ],
)
def test_an_insert_only_finding_licenses_function_word_insertions_only(
    rewrite: str, applied: bool
) -> None:
    text = "They sat the back of the hall."
    pipe = Pipeline(
        [Flags("sat the", "FT010", Source.RULES)],  # FT010 licenses insertions only
        Verifier(NoMatches()),
        build_settings(),
        Rewrites("sat the", rewrite),
    )
    expected = text.replace("sat the", rewrite) if applied else text
    assert pipe.fix(Document(text)).text == expected


def test_a_report_only_finding_leaves_model_rewrites_as_suggestions() -> None:
    text = "I'll grab the rope."
    pipe = Pipeline(
        [Flags("grab", "FT014", Source.RULES)],  # FT014 licenses no rewrite
        Verifier(NoMatches()),
        build_settings(),
        Rewrites("grab", "take"),
    )
    [rewrite] = [f for f in pipe.check(Document(text)) if f.rule == "FT100"]
    assert rewrite.fix is not None and not rewrite.fix.safe
    assert pipe.fix(Document(text)).text == text


def test_model_rewrite_of_a_span_only_the_model_flagged_is_a_suggestion() -> None:
    pipe = Pipeline(
        [Flags("had", "FT101", Source.MODEL)],
        Verifier(NoMatches()),
        build_settings(),
        Rewrites("had", "have"),
    )
    [rewrite] = [f for f in pipe.check(Document("They had gone home.")) if f.rule == "FT100"]
    assert rewrite.fix is not None and not rewrite.fix.safe
    assert rewrite.fix.verdict == "no rule or LanguageTool finding licenses this rewrite"
    assert pipe.fix(Document("They had gone home.")).text == "They had gone home."


def test_disabled_rule_is_not_reported() -> None:
    settings = build_settings({"disable": ["T1"]})
    pipe = Pipeline([DoubledWords()], Verifier(NoMatches()), settings)
    assert pipe.check(Document("to to")) == []


def test_long_paragraphs_reach_languagetool_in_bounded_chunks() -> None:
    from fixtext.detect.languagetool import MAX_CHUNK, GrammarDetector

    seen: list[str] = []

    class Recorder:
        def check(self, texts: list[str]) -> list[list[Match]]:
            seen.extend(texts)
            return [[] for _ in texts]

    text = "The port reopened on Monday after the strike. " * 400 + "\n\nShort one.\n"
    GrammarDetector(Recorder(), build_settings().languagetool).detect(Document(text))
    assert max(map(len, seen)) <= MAX_CHUNK

    def squeezed(texts: str) -> str:
        return texts.replace(" ", "").replace("\n", "")

    assert squeezed("".join(seen)) == squeezed(text)


@pytest.mark.parametrize(("policy", "applied"), [("layout", True), ("none", False)])
def test_layout_rewrite_of_a_span_only_the_model_flagged_follows_the_setting(
    policy: str, applied: bool
) -> None:
    settings = build_settings({"model-only-fixes": policy})
    pipe = Pipeline(
        [Flags(r"talks,,", "FT101", Source.MODEL)],
        Verifier(NoMatches()),
        settings,
        Rewrites("talks,,", "talks"),
    )
    fixed = pipe.fix(Document("The talks,, ended in May.")).text
    assert fixed == ("The talks ended in May." if applied else "The talks,, ended in May.")


def test_word_rewrite_of_a_span_only_the_model_flagged_stays_a_suggestion_under_layout() -> None:
    pipe = Pipeline(
        [Flags("talks", "FT101", Source.MODEL)],
        Verifier(NoMatches()),
        build_settings({"model-only-fixes": "layout"}),
        Rewrites("talks", "strikes"),
    )
    [rewrite] = [f for f in pipe.check(Document("The talks ended.")) if f.rule == "FT100"]
    assert rewrite.fix is not None and not rewrite.fix.safe


def test_first_verified_rewrite_that_may_be_applied_wins_over_a_better_ranked_one() -> None:
    text = "The talks,, ended in May."
    pipe = Pipeline(
        [Flags(r"talks,,", "FT101", Source.MODEL)],
        Verifier(NoMatches()),
        build_settings(),
        Rewrites("talks,,", "strikes", "talks"),  # "The strikes ..." ranks first
    )
    [rewrite] = [f for f in pipe.check(Document(text)) if f.rule == "FT100"]
    assert rewrite.fix is not None and rewrite.fix.safe
    assert pipe.fix(Document(text)).text == "The talks ended in May."


class PrefersSentence:
    """A second opinion that scores ``text`` at ``gain`` and every other sentence at 0."""

    def __init__(self, text: str, gain: float) -> None:
        self.text, self.gain = text, gain

    def score(self, sentence: str) -> float:
        return self.gain if sentence == self.text else 0.0


@pytest.mark.parametrize(("gain", "applied"), [(9.5, True), (8.5, False)])
def test_a_model_only_rewrite_is_applied_when_the_second_opinion_clearly_prefers_it(
    gain: float, applied: bool
) -> None:
    text, better = "They paid theirs taxes.", "They paid their taxes."
    pipe = Pipeline(
        [Flags("theirs", "FT101", Source.MODEL)],
        Verifier(NoMatches()),
        build_settings({"model-only-margin": 9.0}),
        Rewrites("theirs", "their"),
        second_opinion=PrefersSentence(better, gain),
    )
    assert pipe.fix(Document(text)).text == (better if applied else text)


def test_the_second_opinion_never_licenses_a_rewrite_away_from_every_flag() -> None:
    text = "They paid theirs taxes."
    pipe = Pipeline(
        [Flags("taxes", "FT101", Source.MODEL)],
        Verifier(NoMatches()),
        build_settings(),
        Rewrites("theirs", "their"),
        second_opinion=PrefersSentence("They paid their taxes.", 50.0),
    )
    assert pipe.fix(Document(text)).text == text


def test_the_second_opinion_never_licenses_swapping_one_content_word_for_another() -> None:
    text = "The envoy was received fraudulently at the port."
    swapped = "The envoy was received warmly at the port."
    pipe = Pipeline(
        [Flags("fraudulently", "FT101", Source.MODEL)],
        Verifier(NoMatches()),
        build_settings(),
        Rewrites("fraudulently", "warmly"),
        second_opinion=PrefersSentence(swapped, 50.0),
    )
    assert pipe.fix(Document(text)).text == text


def test_the_second_opinion_never_licenses_new_words() -> None:
    text = "It handles most of the fruit. of fruit."
    rewrite = "It handles most of the the of fruit."
    pipe = Pipeline(
        [Flags("fruit. of", "FT101", Source.MODEL)],
        Verifier(NoMatches()),
        build_settings(),
        Rewrites("fruit. of", "the of"),
        second_opinion=PrefersSentence(rewrite, 50.0),
    )
    assert pipe.fix(Document(text)).text == text


def test_refiners_see_findings_that_de_duplication_would_drop() -> None:
    text = "The plan has serious drawbacks for local farmers."
    pipe = Pipeline(
        [Flags("drawbacks", "FT014", Source.RULES), Flags("drawbacks", "FT101", Source.MODEL)],
        Verifier(NoMatches()),
        build_settings(),
        refiners=[CorroboratedReports()],
    )
    [finding] = [f for f in pipe.check(Document(text)) if f.rule == "FT014"]
    assert finding.fix is not None and finding.fix.replacement == "problems"
    assert finding.fix.safe


@pytest.mark.parametrize(
    ("original", "rewrite", "change"),
    [
        ("The price rose rose again.", "The price rose again.", ""),  # a repeat goes
        ("Two figure has risen.", "Two figures have risen.", ""),  # inflection
        ("They decided To close it.", "They decided to close it.", ""),  # case repair
        ("Ships wait off the the coast.", "Ships wait off the coast.", ""),  # function word
        (
            "Talks ended at the weekendThe union left.",
            "Talks ended at the weekend union left.",
            "capitalised",
        ),
        ("Kai Kai left.", "Kai left.", ""),  # the name stays
        ("The dam is near the old town.", "The dam is near the town.", "content word 'old'"),
        ("The dam is near the town.", "The dam is near the old town.", "content word 'old'"),
        ("The wide plain. flat of the land", "The wide flat plain of the land", "'flat'"),
        ("The organisation grew.", "The organization grew.", "'organisation'"),
        ("He walked off the occupation.", "He walked off the job.", "'occupation'"),
    ],
)
def test_content_change_names_what_a_rewrite_does_to_content_words(
    original: str, rewrite: str, change: str
) -> None:
    found = content_change(original, rewrite)
    assert (change in found) if change else found == "", found


def test_a_model_rewrite_that_deletes_a_content_word_stays_a_suggestion_inside_a_flag() -> None:
    pipe = Pipeline(
        [Flags("old old", "T2", Source.RULES)],
        Verifier(NoMatches()),
        build_settings(),
        Rewrites("the old old town", "the town"),
    )
    [rewrite] = [
        f for f in pipe.check(Document("It is near the old old town.")) if f.rule == "FT100"
    ]
    assert rewrite.fix is not None and not rewrite.fix.safe
    assert "content word 'old'" in rewrite.fix.verdict


def test_the_fix_policy_decides_whose_verified_fixes_apply_unasked() -> None:
    def fixed(policy: FixPolicy) -> tuple[str, str]:
        pipe = Pipeline([DoubledWords()], Verifier(NoMatches()), build_settings(), policy=policy)
        [finding] = pipe.check(Document("They voted to to stay."))
        assert finding.fix is not None
        return pipe.fix(Document("They voted to to stay.")).text, finding.fix.verdict

    def policy(**rules: RuleRecord) -> FixPolicy:
        return FixPolicy(bound=1e-4, benefit=10.0, clean_sentences=20_000, rules=rules)

    text, verdict = fixed(policy(T1=RuleRecord(9, 2, 30, 1_000)))
    assert text == "They voted to stay." and verdict.startswith("verified")
    text, verdict = fixed(policy(T1=RuleRecord(9, 3, 30, 1_000)))
    assert text == "They voted to to stay."
    assert "changed 3 of 20,000 clean sentences falsely, more than the fix policy's 2" in verdict
    text, verdict = fixed(policy(T1=RuleRecord(9, 2, 1, 1_000)))  # < 10 x (2 + 1) / 20,000
    assert text == "They voted to to stay." and "less than 10 times as often" in verdict
    text, verdict = fixed(policy())
    assert text == "They voted to to stay." and "no measured clean-text rate" in verdict


def test_a_held_fix_stays_a_suggestion_though_verified() -> None:
    class Held:
        name = "held"

        def detect(self, doc: Document) -> list[Finding]:
            at = doc.text.index("to to")
            fix = Fix("to", hold="not sure")
            return [Finding("T1", "doubled", at, at + 5, 0.9, Source.RULES, fix)]

    [finding] = Pipeline([Held()], Verifier(NoMatches()), build_settings()).check(
        Document("They voted to to stay.")
    )
    assert finding.fix is not None and not finding.fix.safe
    assert finding.fix.verdict == "verified, but a suggestion: not sure"
