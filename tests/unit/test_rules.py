"""Unit tests of the rule detectors FT001-FT015 beyond the examples each rule declares
(those are run by ``test_rule_examples.py``): spans, messages, reports without a fix, and
the corpus scores behind the graded rules."""

from __future__ import annotations

import pytest

from fixtext.codes import Rewrites
from fixtext.detect.rules import RULES, RuleDetector, confused_word, orphan_determiner
from fixtext.detect.rules.confused_word import replacements
from fixtext.detect.rules.stray_word import deletions
from fixtext.document import Document
from fixtext.findings import Finding
from fixtext.lexicon.bigrams import BigramModel
from fixtext.lexicon.trigrams import TrigramModel


def findings(text: str, code: str | None = None) -> list[Finding]:
    """Run all rules over ``text``; keep only ``code`` when given."""
    found = RuleDetector(RULES).detect(Document(text))
    return [f for f in found if code is None or f.rule == code]


def repaired(text: str, code: str) -> str:
    """Apply the fixes of ``code`` (right to left) and return the new text."""
    out = text
    for f in sorted(findings(text, code), key=lambda f: f.start, reverse=True):
        assert f.fix is not None
        out = out[: f.start] + f.fix.replacement + out[f.end :]
    return out


def test_registry_codes_are_unique_and_complete() -> None:
    codes = [rule.code for rule in RULES]
    assert codes == [f"FT{i:03d}" for i in range(1, 16)]
    assert all(rule.summary and rule.name for rule in RULES)


# FT002 run-together-words


def test_ft002_restores_a_lost_sentence_boundary() -> None:
    text = "Dozens died in the fightingWhile aid workers waited at the border."
    assert repaired(text, "FT002") == (
        "Dozens died in the fighting. While aid workers waited at the border."
    )
    text = "The vote was delayed againThe opposition walked out."
    assert repaired(text, "FT002") == "The vote was delayed again. The opposition walked out."


# FT004 repeated-phrase


def test_ft004_repeat_across_a_spurious_boundary() -> None:
    text = "The loan came from the World Bank. World Bank. It was approved in May."
    found = findings(text, "FT004")
    assert len(found) == 1
    assert repaired(text, "FT004") == "The loan came from the World Bank. It was approved in May."


def test_ft004_repeat_with_lower_case_continuation_owns_the_break() -> None:
    text = "Troops were sent by the African Union. African Union. the biggest force yet."
    assert repaired(text, "FT004") == "Troops were sent by the African Union the biggest force yet."
    assert findings(text, "FT001") == []  # FT004 owns that break


def test_ft004_repeated_name_continuing_the_sentence() -> None:
    text = "Envoy Tomas Berg. Tomas Berg met both delegations on Friday."
    found = findings(text, "FT004")
    assert len(found) == 1 and found[0].confidence < 0.85
    assert repaired(text, "FT004") == "Envoy Tomas Berg met both delegations on Friday."
    text = "Mayor Rita Olsen. Rita Olsen, however, stayed home."
    assert repaired(text, "FT004") == "Mayor Rita Olsen, however, stayed home."


def test_ft004_repeat_within_a_sentence() -> None:
    text = "The army stayed in the in the north for a decade."
    assert repaired(text, "FT004") == "The army stayed in the north for a decade."


def test_ft004_repeat_of_a_possessive_phrase() -> None:
    text = "A poll by the Lindholm growers' union growers' union found support."
    assert repaired(text, "FT004") == "A poll by the Lindholm growers' union found support."


# FT006 capitalised-common-word


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The plan was launched Working with local partners in 2014.", "working"),
        ("Officials told Reporters that the deal would be signed soon.", "reporters"),
        ("The village lost Money when the bank closed.", "money"),
    ],
)
def test_ft006_suggests_lower_case(text: str, word: str) -> None:
    found = findings(text, "FT006")
    assert len(found) == 1
    assert found[0].fix is not None and found[0].fix.replacement == word


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The company is applying to list The preferred stock in New York.", "The"),
        ("A decision will be announced In a few weeks, officials said.", "In"),
        ("We would probably be happier The chorus is the best part.", "The"),
        ("Analysts say the merger Was approved on Friday.", "Was"),
    ],
)
def test_ft006_flags_a_capitalised_closed_class_word_without_a_fix(text: str, word: str) -> None:
    found = findings(text, "FT006")
    assert [text[f.start : f.end] for f in found] == [word]
    assert found[0].fix is None  # case damage or a lost sentence break: no safe guess


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The council decided To close the old bridge next spring.", "To"),
        ("Most of the workers wanted To stay at home that week.", "To"),
    ],
)
def test_ft006_lower_cases_a_closed_class_word_that_reads_as_one_sentence(
    text: str, word: str
) -> None:
    found = findings(text, "FT006")
    assert [text[f.start : f.end] for f in found] == [word]
    assert found[0].fix is not None and found[0].fix.replacement == word.lower()


# FT007 punctuation-debris


def test_ft007_reports_a_free_standing_semicolon_without_a_fix() -> None:
    text = "It was the courageous ; vote of a lifetime."
    found = findings(text, "FT007")
    assert [(text[f.start : f.end], f.fix) for f in found] == [(" ;", None)]


# FT008 stray-final-word


def test_ft008_deletes_a_stray_capitalised_final_word() -> None:
    text = "The envoy stressed cooperation with all partners committed to security Father."
    assert repaired(text, "FT008") == (
        "The envoy stressed cooperation with all partners committed to security."
    )
    text = "“We will not leave,” she said, promising more money for rural schools Window.”"
    assert repaired(text, "FT008").endswith("rural schools.”")


def test_ft008_deletes_a_lone_word_after_the_final_stop() -> None:
    text = "The harbour reopened to cargo ships on Monday after the strike. also"
    assert repaired(text, "FT008") == (
        "The harbour reopened to cargo ships on Monday after the strike."
    )
    assert findings(text, "FT001") == []  # FT008 owns that break
    text = "Dock workers in Valmere returned to work in 2019. which\nThe port is busy."
    assert repaired(text, "FT008").startswith("Dock workers in Valmere returned to work in 2019.\n")


# FT010 orphan-determiner


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("He walked to the of the market.", "the of"),
        ("She said the that plan failed.", "the that"),
        ("We saw the was closed.", "the was"),
        ("He worked at the from 1950 to 1977.", "the from"),
        ("It is headed by a or village head.", "a or"),
        ("In 1853 the this first part was built.", "the this"),
        ("He played for the also club for years.", "the also"),
        ("It was listed on the their register.", "the their"),
    ],
)
def test_ft010_flags_the_article_and_the_next_word_without_a_fix(text: str, span: str) -> None:
    [found] = findings(text, "FT010")
    assert text[found.start : found.end] == span
    assert found.fix is None
    assert orphan_determiner.RULE.rewrites is Rewrites.INSERT


# Clean text: nothing at all


@pytest.mark.parametrize(
    "text",
    [
        "By then he had had enough, and he said that that was final.",
        "The U.S. envoy, Dr. J. K. Smith, arrived at 10 a.m. on Monday.",
        "“It is over,” she said. “We will go home.”",
        "Inflation fell to 3.5 percent... and then rose again.",
        "Working Title Films Ltd",
        "- apples\n- pears\n- plums",
    ],
)
def test_clean_text_is_left_alone(text: str) -> None:
    assert findings(text) == []


def test_offsets_and_confidences_are_valid() -> None:
    text = "Troops came from Chad. , Mali. The the report is complete. ."
    for f in findings(text):
        assert 0 <= f.start <= f.end <= len(text)
        assert 0.0 <= f.confidence <= 1.0
        assert f.rule in {rule.code for rule in RULES}


# FT013 word-order


def test_ft013_reports_a_likelier_swap_without_a_fix() -> None:
    text = "Talks between the two sides will resume in the capital week next."
    [found] = findings(text, "FT013")
    assert text[found.start : found.end] == "week next"
    assert found.fix is None
    assert "'next week'" in found.message


# FT014 confused-word


def test_ft014_fixes_where_either_corpus_model_is_sure_enough() -> None:
    text = "He was elected to the council for a twelvemonth term."
    [found] = replacements(text)[:1]
    assert found.gain < confused_word.FIX_MARGIN  # the trigram model alone would report
    assert found.bigram_gain >= confused_word.BIGRAM_FIX_MARGIN
    assert repaired(text, "FT014") == text.replace("twelvemonth", "year")


def test_ft014_reports_a_weaker_case_without_a_fix() -> None:
    text = "The plan has serious drawbacks for local farmers."
    [found] = findings(text, "FT014")
    assert text[found.start : found.end] == "drawbacks"
    assert found.fix is None
    assert "'problems'" in found.message


def test_ft014_reads_only_whole_words() -> None:
    assert [r.replacement for r in replacements("The strike lasted a twelvemonth.")][:1] == ["year"]
    assert all(r.replacement != "year" for r in replacements("A twelvemonth-long strike."))


def test_ft014_gain_is_the_whole_sentence_score_difference() -> None:
    text = "The union said its members would vote on the offer next twelvemonth."
    model = TrigramModel.shipped()
    for found in replacements(text):
        new = text[: found.start] + found.replacement + text[found.end :]
        assert found.gain == pytest.approx(model.score(new) - model.score(text))


# FT015 stray-word


def test_ft015_reports_a_weaker_case_without_a_fix() -> None:
    text = "He was the most the popular mayor the town had known."
    [found] = findings(text, "FT015")
    assert text[found.start : found.end] == "the "
    assert found.start == text.index("the popular")
    assert found.fix is None


def test_ft015_gain_is_the_whole_sentence_score_difference() -> None:
    text = "Dockers unloaded the such cargo by hand after the strike."
    model = BigramModel.shipped()
    for found in deletions(text):
        new = text[: found.start] + text[found.end :]
        assert found.gain == pytest.approx(model.score(new) - model.score(text))


@pytest.mark.parametrize(
    "text",
    [
        "The ship flew the flag of the fleet's light cruiser. he commanded it for a year.",
        "It comes in four colours viz. red, blue, green and white.",
        "Roman units were posted there in the first century BC. some stayed for years.",
    ],
)
def test_spurious_break_stays_silent_before_a_new_clause_and_after_an_abbreviation(
    text: str,
) -> None:
    doc = Document(text)
    assert not [f for f in RuleDetector(RULES).detect(doc) if f.rule == "FT001"]


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("The new mayor was sworn in in a short ceremony.", False),
        ("Fighting was going on on the northern front.", False),
        ("She was born in in a small town.", True),
        ("The firm is based in in Leeds.", True),
    ],
)
def test_ft003_keeps_a_particle_verb_before_the_same_preposition(text: str, fires: bool) -> None:
    assert bool(findings(text, "FT003")) is fires


def test_a_rule_fix_never_deletes_a_tab_or_a_line_break() -> None:
    """A repeat across a tab is reported without a fix: the tab is the author's layout."""
    text = "Mr.World Bank.\tWorld Bank. World Bank."
    for found in findings(text):
        if found.fix is not None:
            assert "\t" not in text[found.start : found.end], found
    assert findings(text, "FT004")
