"""FT102, FT103 and the fluency guard with the real parts: the installed BERT (float32),
the shipped damage head and WordNet, in this process and in a real model server."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from fixtext.detect.damaged_word import DamagedWordDetector
from fixtext.detect.word_choice import FLAG_MARGIN, WordChoiceDetector
from fixtext.document import Document
from fixtext.findings import Finding, Source
from fixtext.lexicon import wordnet
from fixtext.lexicon.candidates import replaced_words
from fixtext.model import bert
from fixtext.model.client import ResidentScorer, start, stop_all
from fixtext.model.masked_lm import TOP_FILLS, MaskedScorer, Query, head_settings
from fixtext.propose.masked_word import MaskedWordProposer
from fixtext.verify import FLUENCY_MARGIN

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        bert.installed() is None or not wordnet.installed(),
        reason="BERT or WordNet is not installed (make setup installs both)",
    ),
]


@pytest.fixture(scope="module")
def scorer() -> MaskedScorer:
    return MaskedScorer.installed()


@pytest.fixture(scope="module")
def detector(scorer: MaskedScorer) -> WordChoiceDetector:
    """FT102 as ``bert = "all"`` runs it: with the damage head's help where it is shipped."""
    return WordChoiceDetector(scorer, wordnet.load(), assisted=scorer.head is not None)


def fixes(findings: list[Finding], text: str) -> list[tuple[str, str]]:
    """Each finding's words of ``text`` and its fix (findings without one left out)."""
    return [(text[f.start : f.end], f.fix.replacement) for f in findings if f.fix]


def test_a_stand_in_word_is_flagged_with_the_word_it_replaced(scorer: MaskedScorer) -> None:
    detector = WordChoiceDetector(scorer, wordnet.load())
    text = (
        "Shares in the firm fell sharply after it foregathered with creditors on Monday. "
        "The central bank left interest rates unchanged on Thursday."
    )
    findings = detector.detect(Document(text))
    assert fixes(findings, text) == [("foregathered", "met")]


def test_a_word_machine_translation_puts_for_another_is_flagged(
    detector: WordChoiceDetector,
) -> None:
    """WordNet has no "park" for "fleet"; MLQE-PE train's post-edits do (the mined table)."""
    text = (
        "Yellowstone became the first national fleet in the world in 1872, and millions of "
        "tourists visit it every summer. "
        "The navy sent its fleet to the Pacific in 1941."
    )
    findings = detector.detect(Document(text))
    assert fixes(findings, text) == [("fleet", "park")]
    assert findings[0].start == text.index("fleet")


def test_two_words_standing_for_one_are_flagged_and_phrases_in_place_are_not(
    detector: WordChoiceDetector,
) -> None:
    text = (
        "The minister said the government was bound up to cutting the deficit by next year. "
        "Engineers carried out tests on the bridge after rebels took over the town, and the "
        "two sides agreed to set up a joint committee to find out what had happened."
    )
    judged = {j.word for j in detector.judge(Document(text))}
    assert {"carried out", "took over", "set up", "find out"} <= judged  # all read as one
    findings = detector.detect(Document(text))
    assert fixes(findings, text) == [("bound up", "committed")]


def test_a_stand_in_opening_a_sentence_is_flagged_and_openers_in_place_are_not(
    detector: WordChoiceDetector,
) -> None:
    text = (
        "Metropolis officials approved the new budget on Tuesday. "
        "Town officials approved theirs a week later. "
        "Bush said the talks would resume on Monday."
    )
    assert "City" in detector.opening_candidates("Metropolis")[0]  # read in place
    assert detector.opening_candidates("Bush") == ((), ())  # a name: never judged
    judged = {j.word for j in detector.judge(Document(text))}
    assert {"Metropolis", "Town"} <= judged
    findings = detector.detect(Document(text))
    assert fixes(findings, text) == [("Metropolis", "City")]


def test_an_opener_s_fix_bert_knows_capitalised_only_in_pieces_is_found_in_lower_case(
    detector: WordChoiceDetector,
) -> None:
    text = "Complete of the new hospital is expected next year."
    assert "completion" in detector.opening_candidates("Complete", "of")[1]
    findings = detector.detect(Document(text))
    assert fixes(findings, text) == [("Complete", "Completion")]


def test_a_rare_stand_in_opening_a_sentence_is_flagged_and_names_are_not_judged(
    detector: WordChoiceDetector,
) -> None:
    text = (
        "Imperativeness officers said the minister would not comment on the report. "
        "Apple said sales rose. Mike said the talks would resume. Felicity Jones said "
        "nothing. Serenity said the talks would resume."
    )
    assert detector.opening_candidates("Apple", "said") == ((), ())  # one piece: a name BERT knows
    assert detector.opening_candidates("Mike", "said") == ((), ())
    assert detector.opening_candidates("Felicity", "Jones") == ((), ())  # a name's first word
    assert any(detector.opening_candidates("Serenity", "said"))  # a rare word, or a name
    findings = detector.detect(Document(text))
    assert fixes(findings, text) == [("Imperativeness", "Press")]


def test_two_neighbouring_stand_ins_are_fixed_together_and_a_right_neighbour_is_kept(
    detector: WordChoiceDetector,
) -> None:
    text = (
        "He was arrested by a law officeholder outside the station. "
        "Residents elevated issues about the new road at the meeting."
    )
    findings = detector.detect(Document(text))
    assert fixes(findings, text) == [("law officeholder", "police officer"), ("elevated", "raised")]
    assert findings[0].fix is not None and findings[0].fix.alternatives == ("law officer",)


def test_a_word_ft103_flags_gets_the_word_bert_prefers_in_its_place(
    scorer: MaskedScorer,
) -> None:
    text = "The king sat on the section while the court waited in silence."
    start = text.index("section")
    flagged = Finding("FT103", "damaged", start, start + len("section"), 0.9, Source.MODEL)
    (proposed,) = MaskedWordProposer(scorer, wordnet.load()).refine(Document(text), [flagged])
    assert proposed.fix is not None and proposed.fix.replacement == "throne"


@pytest.mark.parametrize(
    ("text", "word", "right"),
    [
        (
            "Negotiators from both facets will meet on Monday to settle the dispute.",
            "facets",
            "sides",
        ),
        ("Prices reached their highest level on file this month.", "file", "record"),
    ],
)
def test_a_flagged_word_the_lexicons_miss_gets_bert_s_own_word(
    scorer: MaskedScorer, text: str, word: str, right: str
) -> None:
    wn = wordnet.load()
    assert right not in replaced_words(wn, word)
    start = text.index(word)
    flagged = Finding("FT103", "damaged", start, start + len(word), 0.9, Source.MODEL)
    (proposed,) = MaskedWordProposer(scorer, wn).refine(Document(text), [flagged])
    assert proposed.fix is not None and proposed.fix.replacement == right


def test_proposals_score_the_candidates_as_gains_does_and_add_bert_s_own(
    scorer: MaskedScorer,
) -> None:
    query = Query(("The", "city", "board", "approved", "the", "budget", "."), 2, ("panel",))
    (proposals,) = scorer.proposals([query])
    by_word = {p.word: p for p in proposals}
    assert by_word["panel"].gain == pytest.approx(scorer.gains([query])[0][0], abs=1e-4)
    assert "council" in by_word and "board" not in by_word
    assert len(by_word) == len(proposals) == 1 + TOP_FILLS
    assert [p.gain for p in proposals] == sorted((p.gain for p in proposals), reverse=True)
    assert all(-1.0 <= p.similarity <= 1.0 for p in proposals)


def test_the_damage_head_flags_a_stand_in_and_leaves_a_clean_sentence_alone(
    scorer: MaskedScorer,
) -> None:
    settings = head_settings()
    assert settings is not None and scorer.head is not None  # shipped in models/bert-detector
    detector = DamagedWordDetector(scorer, float(settings["threshold"]))
    text = (
        "The company said it would foregather with union leaders next week. "
        "Farmers in the valley said the harvest was the worst in a decade."
    )
    assert [text[f.start : f.end] for f in detector.detect(Document(text))] == ["foregather"]


def test_gains_rank_the_right_word_first(scorer: MaskedScorer) -> None:
    words = ("The", "city", "council", "approved", "the", "budget", "on", "Monday", ".")
    (gains,) = scorer.gains([Query(words, 3, ("approved", "rejected", "banana"))])
    assert abs(gains[0]) < 1e-4  # the word itself gains nothing
    assert gains[2] < -FLAG_MARGIN  # nonsense in its place reads far worse


def test_the_guard_measures_a_deleted_content_word_and_a_real_repair(
    scorer: MaskedScorer,
) -> None:
    original = "The city council approved the budget on Monday."
    deleted, repaired = scorer.context_change(
        [
            (original, "The city council approved the on Monday."),
            ("The city council approved the the budget on Monday.", original),
        ]
    )
    assert deleted < -FLUENCY_MARGIN < 0 < repaired


@pytest.fixture
def cache() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="ft-"))
    yield path
    stop_all(path)
    shutil.rmtree(path, ignore_errors=True)


def test_the_model_server_scores_like_this_process(
    scorer: MaskedScorer, tiny_span_model: Path, cache: Path
) -> None:
    pending = start(tiny_span_model, cache)
    assert pending is not None
    served = pending.wait()
    assert served is not None
    resident = ResidentScorer(served)
    queries = [Query(("The", "board", "met", "on", "Friday", "."), 1, ("council", "panel"))]
    phrase = Query(("Rebels", "took", "over", "the", "town", "."), 1, ("seized", "assumed"), 2)
    pairs = [("The board met on Friday.", "The met on Friday.")]
    sentences = [("The", "board", "met", "."), ("It", "rained", ".")]
    candidates = [[(), ("council",), (), ()], [(), (), ()]]
    words = [list(s) for s in sentences]
    assert resident.damage(words) == [pytest.approx(p, abs=1e-4) for p in scorer.damage(words)]
    got_rows = resident.word_log_probs(sentences, candidates)
    want_rows = scorer.word_log_probs(sentences, candidates)
    assert got_rows[1] == want_rows[1] == []  # no candidates: no scores
    assert got_rows[0][1][0] == pytest.approx(want_rows[0][1][0], abs=1e-3)
    for got, want in [
        (resident.gains(queries)[0], scorer.gains(queries)[0]),
        (resident.fill(queries)[0], scorer.fill(queries)[0]),
        (
            {p.word: p.gain + 100 * p.similarity for p in resident.proposals(queries)[0]},
            {p.word: p.gain + 100 * p.similarity for p in scorer.proposals(queries)[0]},
        ),
        (resident.context_change(pairs), scorer.context_change(pairs)),
        (resident.gains([phrase])[0], scorer.gains([phrase])[0]),
    ]:
        assert got == pytest.approx(want, abs=1e-3)
    assert resident._local is None  # answered by the server, not here


def test_a_pair_over_the_length_limit_leaves_the_others_scores_alone(
    scorer: MaskedScorer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The original fits and its repair does not: that pair gets no judgement (0.0), and
    the next pair's score is the one it gets alone."""
    from fixtext.model import masked_lm

    monkeypatch.setattr(masked_lm, "MAX_PIECES", 8)
    over = ("The cat sat down .", "The cat sat down down down down down .")
    fits = ("The dog sat .", "The dog sat down .")
    alone = scorer.context_change([fits])
    assert scorer.context_change([over, fits]) == pytest.approx([0.0, *alone])
    assert alone[0] != 0.0
