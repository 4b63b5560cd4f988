"""Pipeline logic with fakes at the boundaries (the real parts are in integration/)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from fixtext.components import Match
from fixtext.config import build_settings
from fixtext.corroboration import CorroboratedReports
from fixtext.document import Document
from fixtext.findings import Finding, Fix, Source
from fixtext.pipeline import Pipeline, minimal_edit
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
    """A detector that flags every match of ``pattern`` as ``rule`` from ``source``, no fix."""

    pattern: str
    rule: str
    source: Source
    name: str = "flags"
    rewrites: str = "any"

    def detect(self, doc: Document) -> list[Finding]:
        return [
            Finding(
                self.rule, "flagged", m.start(), m.end(), 0.9, self.source,
                extra={"rewrites": self.rewrites},
            )
            for m in re.finditer(self.pattern, doc.text)
        ]  # fmt: skip


@pytest.mark.parametrize(
    ("rewrite", "applied"),
    [("on the local and Toronto", True), ("on the Toronto", False)],
)
def test_an_insert_only_finding_licenses_insertions_but_not_deletions(
    rewrite: str, applied: bool
) -> None:
    text = "It floated on the and Toronto exchanges."
    pipe = Pipeline(
        [Flags("the and", "T9", Source.RULES, rewrites="insert")],
        Verifier(NoMatches()),
        build_settings(),
        Rewrites("on the and Toronto", rewrite),
    )
    expected = text.replace("on the and Toronto", rewrite) if applied else text
    assert pipe.fix(Document(text)).text == expected


def test_a_report_only_finding_leaves_model_rewrites_as_suggestions() -> None:
    text = "I'll grab the rope."
    pipe = Pipeline(
        [Flags("grab", "T9", Source.RULES, rewrites="none")],
        Verifier(NoMatches()),
        build_settings(),
        Rewrites("grab", "take"),
    )
    [rewrite] = [f for f in pipe.check(Document(text)) if f.rule == "FT100"]
    assert rewrite.fix is not None and not rewrite.fix.safe
    assert pipe.fix(Document(text)).text == text


def test_model_rewrite_of_a_span_only_the_model_flagged_is_a_suggestion() -> None:
    pipe = Pipeline(
        [Flags("gone", "FT101", Source.MODEL)],
        Verifier(NoMatches()),
        build_settings(),
        Rewrites("gone", "left"),
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
    from fixtext.detectors.grammar import MAX_CHUNK, GrammarDetector

    seen: list[str] = []

    class Recorder:
        def check(self, texts: list[str]) -> list[list[Match]]:
            seen.extend(texts)
            return [[] for _ in texts]

    text = "The port reopened on Monday after the strike. " * 400 + "\n\nShort one.\n"
    GrammarDetector(Recorder(), build_settings().languagetool).detect(Document(text))
    assert max(map(len, seen)) <= MAX_CHUNK
    assert "".join(seen).replace(" ", "") == text.replace(" ", "").replace("\n", "")


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
