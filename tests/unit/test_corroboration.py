"""Corroborated reports: an FT014 report becomes a fix only where FT101 flags its word
(fake findings at the detector boundary; FT014's replacement comes from the shipped
corpus tables)."""

from __future__ import annotations

from fixtext.document import Document
from fixtext.findings import Finding, Fix, Source
from fixtext.propose.corroboration import CorroboratedReports

TEXT = "The plan has serious drawbacks for local farmers."
WORD = (TEXT.index("drawbacks"), TEXT.index("drawbacks") + len("drawbacks"))


def report() -> Finding:
    return Finding("FT014", "may stand for 'problems'", *WORD, 0.5, Source.RULES)


def model_flag(start: int, end: int) -> Finding:
    return Finding("FT101", "improbable wording", start, end, 0.9, Source.MODEL)


def test_a_report_the_model_flags_too_gets_the_replacement_as_its_fix() -> None:
    flag = model_flag(WORD[0] - 8, WORD[1])  # a run of two flagged words: "serious drawbacks"
    [refined, kept] = CorroboratedReports().refine(Document(TEXT), [report(), flag])
    assert refined.fix == Fix("problems")
    assert "agree" in refined.message
    assert kept == flag


def test_a_report_alone_or_beside_another_flag_stays_a_report() -> None:
    refiner = CorroboratedReports()
    assert refiner.refine(Document(TEXT), [report()]) == [report()]
    elsewhere = model_flag(0, 3)  # "The"
    assert refiner.refine(Document(TEXT), [report(), elsewhere]) == [report(), elsewhere]


def test_other_rules_and_findings_with_a_fix_are_left_alone() -> None:
    flag = model_flag(*WORD)
    other = Finding("FT006", "case", *WORD, 0.5, Source.RULES)
    fixed = Finding("FT014", "mistranslation", *WORD, 0.7, Source.RULES, Fix("issues"))
    findings = [other, fixed, flag]
    assert CorroboratedReports().refine(Document(TEXT), findings) == findings
