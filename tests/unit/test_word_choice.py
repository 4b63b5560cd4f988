"""FT102's parts at their boundary: WordNet read backwards (:mod:`fixtext.lexicon.substitutes`,
on the tiny WordNet of ``test_word_damage``) and the detector's choices (which words it
looks at, when it asks for the masked look, what it reports), with a fake scorer in
BERT's place. The real BERT and WordNet run in ``tests/integration/test_word_choice.py``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from fixtext.detect.word_choice import (
    ASSISTED_MARGIN,
    FLAG_MARGIN,
    PHRASE_MARGIN,
    SCREEN_MARGIN,
    SUSPECT,
    WordChoiceDetector,
)
from fixtext.document import Document, quotations
from fixtext.findings import Source
from fixtext.lexicon.candidates import phrase_replaced_words
from fixtext.lexicon.mined import mined_substitutes
from fixtext.lexicon.substitutes import (
    abbreviates,
    inflections,
    other_forms,
    phrase_substitutes,
    spelling_key,
    substitutes,
)
from fixtext.lexicon.wordnet import WordNet
from fixtext.lexicon.words import KNOWN_WORD, is_common_lower
from fixtext.model.masked_lm import Proposal, Query
from tests.unit.test_word_damage import SYNSETS, write_wordnet


@pytest.fixture(scope="module")
def wn(tmp_path_factory: pytest.TempPathFactory) -> WordNet:
    return WordNet(write_wordnet(tmp_path_factory.mktemp("wordnet")))


def test_substitutes_are_synonyms_of_every_sense_and_related_words(wn: WordNet) -> None:
    assert substitutes(wn, "board") == ["council"]
    assert substitutes(wn, "council") == ["board", "assembly"]
    assert substitutes(wn, "boards") == ["councils"]  # inflected like the word
    assert substitutes(wn, "lifted") == ["raised"]
    # a related word of another part of speech in each of its forms
    assert substitutes(wn, "decision") == [
        "determination",
        "decide",
        "decides",
        "decided",
        "deciding",
    ]
    assert substitutes(wn, "decisions") == ["determinations"]  # no other part of speech
    assert substitutes(wn, "children") == []  # irregular: the suffix does not tell
    assert substitutes(wn, "unknown") == []
    assert "bring up" not in substitutes(wn, "raise")  # single words only


def test_a_two_word_lemma_reads_backwards_to_single_words(wn: WordNet) -> None:
    assert phrase_substitutes(wn, "bring", "up") == ["raise"]
    assert phrase_substitutes(wn, "brings", "up") == ["raises"]
    assert phrase_substitutes(wn, "bringing", "up") == ["raising"]
    # an irregular first word stands for the candidates' past
    assert phrase_substitutes(wn, "brought", "up") == ["raised"]
    assert phrase_substitutes(wn, "board", "meetings") == ["sessions"]  # a noun's last word
    assert phrase_substitutes(wn, "bring", "down") == []  # not a lemma
    assert phrase_substitutes(wn, "up", "bring") == []


#: Lemmas of two words for the phrase tests' own WordNet.
PHRASE_SYNSETS = [
    ("n", 100, "n", ["film", "plastic_film", "wrap"], []),
    ("n", 200, "n", ["health_care", "healthcare", "care"], []),
    ("v", 300, "v", ["go_up", "rise"], []),
    ("v", 400, "v", ["be_on", "happen"], []),
    ("n", 500, "n", ["computer_programme", "program", "software"], []),
]


@pytest.fixture(scope="module")
def phrase_wn(tmp_path_factory: pytest.TempPathFactory) -> WordNet:
    folder = tmp_path_factory.mktemp("phrases")
    return WordNet(write_wordnet(folder, PHRASE_SYNSETS))


def test_a_phrase_is_never_replaced_by_its_own_words_or_the_two_joined(
    phrase_wn: WordNet,
) -> None:
    assert phrase_substitutes(phrase_wn, "plastic", "film") == ["wrap"]
    assert phrase_substitutes(phrase_wn, "health", "care") == []
    # nor a word of the phrase in the other house spelling
    assert phrase_substitutes(phrase_wn, "computer", "programme") == ["software"]


def test_an_irregular_form_in_s_leaves_its_tense_untold(phrase_wn: WordNet, wn: WordNet) -> None:
    # "is" and "was" are both irregular forms of "be" (EXCEPTIONS): no candidate's form
    assert phrase_substitutes(phrase_wn, "be", "on") == ["happen"]
    assert phrase_substitutes(phrase_wn, "was", "on") == []
    assert phrase_substitutes(wn, "brought", "up") == ["raised"]  # a past: the past


def test_phrase_candidates_need_one_word_spinners_swap(phrase_wn: WordNet) -> None:
    assert phrase_substitutes(phrase_wn, "go", "up") == ["rise"]
    assert phrase_replaced_words(phrase_wn, "go", "up") == []  # neither word is swappable


def test_phrase_candidates_need_lower_case_words_one_of_them_swappable(wn: WordNet) -> None:
    assert phrase_replaced_words(wn, "brought", "up") == ["raised"]
    assert phrase_replaced_words(wn, "Brought", "up") == []  # a capital: a name, a start
    assert phrase_replaced_words(wn, "brought", "up2") == []


def test_other_forms_are_the_other_number_and_pertaining_adjectives(wn: WordNet) -> None:
    assert other_forms(wn, "council") == ["councils", "conciliar"]
    assert other_forms(wn, "councils") == ["council"]
    assert other_forms(wn, "decision") == ["decisions"]
    assert other_forms(wn, "children") == []  # irregular: WordNet's exception list
    assert other_forms(wn, "unknown") == []


def test_inflections_are_a_nouns_plural_and_a_verbs_forms() -> None:
    assert inflections("community", "n", {}) == ["communities"]
    assert inflections("locate", "v", {}) == ["locates", "located", "locating"]
    assert inflections("bring", "v", {"bring": ["brought"]}) == ["brings", "brought", "bringing"]
    assert inflections("stop", "v", {"stop": ["stopped", "stopping"]}) == [
        "stops",
        "stopped",
        "stopping",
    ]
    assert inflections("low", "a", {}) == []


@pytest.mark.parametrize(
    ("british", "american"),
    [
        ("organise", "organize"),
        ("colour", "color"),
        ("centre", "center"),
        ("travelled", "traveled"),
        ("kilometres", "kilometers"),
        ("programme", "program"),
    ],
)
def test_a_spelling_variant_shares_its_key(british: str, american: str) -> None:
    assert spelling_key(british) == spelling_key(american)
    assert spelling_key("council") != spelling_key("counsel")


class FakeScorer:
    """Gains from a table: (word, candidate) -> masked gain; the unmasked screen gives the
    same figure minus ``screen_offset``. Records what it was asked."""

    def __init__(self, gains: dict[tuple[str, str], float], screen_offset: float = 2.0) -> None:
        self.table = gains
        self.screen_offset = screen_offset
        self.masked: list[str] = []

    def single_piece(self, word: str) -> bool:
        """Every word but "assembly" and those of ``self.in_pieces``."""
        return word != "assembly" and word not in getattr(self, "in_pieces", ())

    def word_log_probs(
        self, sentences: Sequence[Sequence[str]], candidates: Sequence[Sequence[Sequence[str]]]
    ) -> list[list[tuple[float, list[float]]]]:
        """As BERT's: no scores for a sentence without candidates."""
        return [
            [
                (0.0, [self.table.get((w, c), -20.0) - self.screen_offset for c in options])
                for w, options in zip(words, sentence_candidates, strict=True)
            ]
            if any(sentence_candidates)
            else []
            for words, sentence_candidates in zip(sentences, candidates, strict=True)
        ]

    def gains(self, queries: Sequence[Query]) -> list[list[float]]:
        """The table's gain of each candidate over the query's word (or words, joined by
        a space); beside a word of ``self.beside`` ((neighbour, word, candidate) -> gain),
        that gain instead."""
        asked = [" ".join(q.words[q.index : q.index + q.width]) for q in queries]
        self.masked += asked
        beside: dict[tuple[str, str, str], float] = getattr(self, "beside", {})
        out = []
        for word, q in zip(asked, queries, strict=True):
            around = q.words[max(0, q.index - 1) : q.index] + q.words[q.index + q.width :][:1]
            out.append(
                [
                    max(
                        (beside[n, word, c] for n in around if (n, word, c) in beside),
                        default=self.table.get((word, c), -20.0),
                    )
                    for c in q.candidates
                ]
            )
        return out

    def proposals(self, queries: Sequence[Query]) -> list[list[Proposal]]:
        """Each candidate with its gain from the table, then BERT's own words for the
        query's word from ``self.offers`` (word -> [(offer, gain)]); the similarity of
        each from ``self.similar`` ((word, candidate) -> cosine), else 0.0."""
        self.masked += [q.words[q.index] for q in queries]
        out = []
        for q in queries:
            word = q.words[q.index]
            scored = [(c, self.table.get((word, c), -20.0)) for c in q.candidates]
            scored += [
                o for o in getattr(self, "offers", {}).get(word, []) if o[0] not in q.candidates
            ]
            similar = getattr(self, "similar", {})
            out.append(
                sorted(
                    (Proposal(c, g, similar.get((word, c), 0.0)) for c, g in scored),
                    key=lambda p: -p.gain,
                )
            )
        return out

    def damage(self, sentences: Sequence[Sequence[str]]) -> list[list[float]]:
        """The damage head's probability: ``self.suspects[word]``, else 0.1."""
        self.read = getattr(self, "read", 0) + len(sentences)
        return [[getattr(self, "suspects", {}).get(w, 0.1) for w in s] for s in sentences]


def detect(scorer: FakeScorer, wn: WordNet, text: str) -> list:
    return WordChoiceDetector(scorer, wn).detect(Document(text))  # type: ignore[arg-type]


def test_a_word_far_behind_a_candidate_is_flagged_with_the_fix(wn: WordNet) -> None:
    scorer = FakeScorer({("board", "council"): FLAG_MARGIN + 1})
    text = "The town board met on Monday. The board said no."
    findings = detect(scorer, wn, text)
    assert [(text[f.start : f.end], f.fix.replacement) for f in findings] == [
        ("board", "council"),
        ("board", "council"),
    ]
    assert findings[1].start == text.rindex("board")
    assert all(f.rule == "FT102" and f.source is Source.MODEL for f in findings)


def test_below_the_margin_or_the_screen_nothing(wn: WordNet) -> None:
    assert detect(FakeScorer({("board", "council"): FLAG_MARGIN - 0.1}), wn, "The board met.") == []
    scorer = FakeScorer({("board", "council"): FLAG_MARGIN + 1}, screen_offset=30.0)
    assert detect(scorer, wn, "The board met.") == []
    assert scorer.masked == []  # screened out: no masked forward
    scorer = FakeScorer({("board", "council"): SCREEN_MARGIN + 3}, screen_offset=0.0)
    detect(scorer, wn, "The board met.")
    assert scorer.masked == ["board"]


def test_a_word_the_damage_head_suspects_needs_a_smaller_lead(wn: WordNet) -> None:
    scorer = FakeScorer({("board", "council"): ASSISTED_MARGIN + 0.5})
    scorer.suspects = {"board": SUSPECT}  # type: ignore[attr-defined]
    text = "The board met."
    assert detect(scorer, wn, text) == []  # not assisted: FLAG_MARGIN applies
    assisted = WordChoiceDetector(scorer, wn, assisted=True)  # type: ignore[arg-type]
    (finding,) = assisted.detect(Document(text))
    assert finding.fix.replacement == "council"
    scorer.suspects = {"board": SUSPECT - 0.01}  # type: ignore[attr-defined]
    assert assisted.detect(Document(text)) == []


def test_a_word_the_damage_head_suspects_is_read_masked_past_the_screen(wn: WordNet) -> None:
    scorer = FakeScorer({("board", "council"): ASSISTED_MARGIN + 0.5}, screen_offset=30.0)
    scorer.suspects = {"board": SUSPECT - 0.01}  # type: ignore[attr-defined]
    assisted = WordChoiceDetector(scorer, wn, assisted=True)  # type: ignore[arg-type]
    assert assisted.detect(Document("The board met.")) == [] and scorer.masked == []
    scorer.suspects = {"board": SUSPECT}  # type: ignore[attr-defined]
    (finding,) = assisted.detect(Document("The board met."))
    assert finding.fix.replacement == "council"
    assert scorer.masked == ["board", "met"]  # and its neighbour, with the fix in place


def test_the_words_post_editors_wrote_back_are_candidates_too(wn: WordNet) -> None:
    """The tiny WordNet knows no "fleet"; the mined table (MLQE-PE train) offers "park"."""
    assert "park" in mined_substitutes("fleet")
    scorer = FakeScorer({("fleet", "park"): FLAG_MARGIN + 1})
    (finding,) = detect(scorer, wn, "The national fleet opened in 1990.")
    assert finding.fix.replacement == "park"


def test_alternatives_are_the_next_candidates_that_gain(wn: WordNet) -> None:
    scorer = FakeScorer({("council", "board"): FLAG_MARGIN + 2})
    (finding,) = detect(scorer, wn, "The council met.")
    assert finding.fix.replacement == "board"
    assert finding.fix.alternatives == ()  # "assembly" is no single piece: never offered


@pytest.mark.parametrize(
    "text",
    [
        "The Board met on Monday.",  # capitalised: a name or a title
        'He said "the board met" and left.',  # quoted words stay as written
        "He said “the board met” and left.",
    ],
)
def test_names_and_quotes_are_never_flagged(wn: WordNet, text: str) -> None:
    scorer = FakeScorer({("board", "council"): FLAG_MARGIN + 5, ("Board", "council"): 50.0})
    assert detect(scorer, wn, text) == []


def test_a_capitalised_word_opening_a_sentence_gets_its_candidates_capitalised(
    wn: WordNet,
) -> None:
    scorer = FakeScorer({("Board", "Council"): FLAG_MARGIN + 1})
    for text in (
        "Board members met on Monday.",
        "No vote was held. Board members met on Monday.",
        'He said "no vote." Board members met on Monday.',
        "No vote was held.\n\nBoard members met on Monday.",
    ):
        (finding,) = detect(scorer, wn, text)
        assert text[finding.start : finding.end] == "Board"
        assert finding.fix.replacement == "Council"
    assert detect(scorer, wn, "The Board members met on Monday.") == []  # not the opener


def test_an_opener_the_corpus_writes_capitalised_is_a_name_left_alone(wn: WordNet) -> None:
    """The tiny WordNet reads "council" back to "board", but the corpus writes "Council"
    capitalised (a name: "Council said ..."), and a lower-case opener is judged as it is."""
    scorer = FakeScorer({("Council", "Board"): 50.0, ("council", "board"): FLAG_MARGIN + 1})
    assert detect(scorer, wn, "Council members met on Monday.") == [] and scorer.masked == []
    (finding,) = detect(scorer, wn, "council members met on Monday.")
    assert finding.fix.replacement == "board"


def test_an_opener_is_read_in_lower_case_for_candidates_bert_knows_capitalised_in_pieces(
    wn: WordNet,
) -> None:
    """BERT may know "council" as one piece and "Council" only in pieces ("Economists"):
    then the opener is read in lower case for it, and the fix is capitalised; a candidate
    BERT knows in pieces in lower case too is dropped."""
    scorer = FakeScorer({("board", "council"): FLAG_MARGIN + 1, ("Board", "Council"): -50.0})
    scorer.single_piece = lambda word: word != "Council"  # type: ignore[method-assign]
    detector = WordChoiceDetector(scorer, wn)  # type: ignore[arg-type]
    in_place, in_lower_case = detector.opening_candidates("Board", "members")
    assert "Council" not in in_place and "council" in in_lower_case
    (finding,) = detector.detect(Document("Board members met on Monday."))
    assert finding.fix.replacement == "Council" and "board" in scorer.masked
    scorer.single_piece = lambda word: word.islower()  # type: ignore[method-assign]
    detector, scorer.masked = WordChoiceDetector(scorer, wn), []  # type: ignore[arg-type]
    (finding,) = detector.detect(Document("Board voted."))  # nothing to read in place
    assert finding.fix.replacement == "Council" and scorer.masked == ["board"]
    scorer.single_piece = lambda word: word != "council"  # type: ignore[method-assign]
    detector = WordChoiceDetector(scorer, wn)  # type: ignore[arg-type]
    assert "Council" in detector.opening_candidates("Board")[0]  # one piece capitalised
    scorer.single_piece = lambda word: word.lower() != "council"  # type: ignore[method-assign]
    detector = WordChoiceDetector(scorer, wn)  # type: ignore[arg-type]
    assert "council" not in {c.lower() for c in sum(detector.opening_candidates("Board"), ())}
    assert detector.detect(Document("Board members met on Monday.")) == []


@pytest.mark.parametrize(
    "text",
    [
        '"No vote was held. Board members met," he said.',  # quoted
        "BOARD members met.",  # in capitals
        "- Board members met.",  # after a list marker
        "The plan was approved by the\nBoard members on Monday.",  # a wrapped line
    ],
)
def test_a_capital_that_opens_no_sentence_or_is_quoted_is_left_alone(
    wn: WordNet, text: str
) -> None:
    scorer = FakeScorer({("Board", "Council"): 50.0, ("BOARD", "Council"): 50.0})
    assert detect(scorer, wn, text) == []


def test_after_a_closing_quote_words_count_again(wn: WordNet) -> None:
    scorer = FakeScorer({("board", "council"): FLAG_MARGIN + 1})
    text = 'He said "no" and the board met.'
    (finding,) = detect(scorer, wn, text)
    assert text[finding.start : finding.end] == "board"


@pytest.mark.parametrize(
    ("short", "word", "abbreviation"),
    [
        ("pct", "percent", True),
        ("govt", "government", True),
        ("boat", "boating", False),
        ("vote", "voter", False),
        ("cat", "act", False),
        ("percent", "pct", False),
    ],
)
def test_abbreviations_are_house_style(short: str, word: str, abbreviation: bool) -> None:
    assert abbreviates(short, word) is abbreviation


def test_a_word_of_several_pieces_always_gets_the_masked_look(wn: WordNet) -> None:
    """Seen whole, BERT copies a long word's later pieces: the unmasked screen would
    pass it by, so it is always scored masked."""
    scorer = FakeScorer({("assembly", "council"): FLAG_MARGIN + 1}, screen_offset=30.0)
    (finding,) = detect(scorer, wn, "The assembly met.")
    assert finding.fix.replacement == "council"
    assert scorer.masked == ["assembly", "met"]  # and its neighbour, with the fix in place


def test_two_words_that_stand_for_one_are_flagged_as_one(wn: WordNet) -> None:
    scorer = FakeScorer({("brought up", "raised"): PHRASE_MARGIN})
    text = "They brought up the price."
    (finding,) = detect(scorer, wn, text)
    assert text[finding.start : finding.end] == "brought up"
    assert finding.fix is not None and finding.fix.replacement == "raised"
    assert "brought up" in scorer.masked  # always read masked: no screen for a phrase


def test_a_phrase_below_the_margin_split_or_quoted_is_left_alone(wn: WordNet) -> None:
    assert FLAG_MARGIN < PHRASE_MARGIN - 0.1  # a word's margin is not enough for two
    gains = {("brought up", "raised"): PHRASE_MARGIN - 0.1}
    assert detect(FakeScorer(gains), wn, "They brought up the price.") == []
    gains = {("brought up", "raised"): PHRASE_MARGIN}
    for text in ("They brought, up the price.", 'They said "brought up" twice.'):
        scorer = FakeScorer(gains)
        assert detect(scorer, wn, text) == []
        assert "brought up" not in scorer.masked


@pytest.mark.parametrize("suspect", ["brought", "up"])
def test_a_phrase_the_damage_head_suspects_in_either_word_needs_a_smaller_lead(
    wn: WordNet, suspect: str
) -> None:
    scorer = FakeScorer({("brought up", "raised"): ASSISTED_MARGIN + 0.5})
    scorer.suspects = {suspect: SUSPECT}  # type: ignore[attr-defined]
    assisted = WordChoiceDetector(scorer, wn, assisted=True)  # type: ignore[arg-type]
    (finding,) = assisted.detect(Document("They brought up the price."))
    assert finding.fix is not None and finding.fix.replacement == "raised"


def test_a_phrase_wrapped_over_two_lines_is_judged_as_one(wn: WordNet) -> None:
    scorer = FakeScorer({("brought up", "raised"): PHRASE_MARGIN})
    text = "They brought\nup the price."
    (finding,) = detect(scorer, wn, text)
    assert (finding.start, finding.end) == (5, 15)


def test_findings_come_in_the_order_of_the_text(wn: WordNet) -> None:
    scorer = FakeScorer({("board", "council"): 10.0, ("brought up", "raised"): 12.0})
    text = "The board met. They brought up the price."
    findings = detect(scorer, wn, text)
    assert [text[f.start : f.end] for f in findings] == ["board", "brought up"]


def test_of_a_word_and_its_phrase_leading_equally_the_word_wins(wn: WordNet) -> None:
    scorer = FakeScorer(
        {("board meeting", "session"): 10.0, ("board", "council"): 10.0}, screen_offset=0
    )
    (finding,) = detect(scorer, wn, "The board meeting ended.")
    assert finding.fix is not None and finding.fix.replacement == "council"


@pytest.mark.parametrize(("phrase_lead", "expected"), [(12.0, "session"), (9.0, "council")])
def test_of_a_phrase_and_its_word_both_flagged_the_larger_lead_wins(
    wn: WordNet, phrase_lead: float, expected: str
) -> None:
    scorer = FakeScorer(
        {("board meeting", "session"): phrase_lead, ("board", "council"): 10.0}, screen_offset=0
    )
    (finding,) = detect(scorer, wn, "The board meeting ended.")
    assert finding.fix is not None and finding.fix.replacement == expected


def test_a_quotation_over_two_sentences_stays_as_written(wn: WordNet) -> None:
    scorer = FakeScorer({("board", "council"): FLAG_MARGIN + 1})
    text = "“We will stay out. The board met,” he said. Then the board left."
    (finding,) = detect(scorer, wn, text)
    assert finding.start == text.rindex("board")  # only the one outside the quotation


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ('He said "no" and "yes".', ['"no"', '"yes"']),
        ("It isn’t the ‘board’ we want.", ["‘board’"]),  # an apostrophe is no quotation
        ("«Oui» dit-il.", ["«Oui»"]),
        ('An "open one\n\nruns to the end" of it.', ['"open one', '" of it.']),
    ],
)
def test_quotations(text: str, quoted: list[str]) -> None:
    assert [text[r.start : r.stop] for r in quotations(text)] == quoted


def test_the_guard_leaves_out_context_words_the_edit_copies() -> None:
    """Removing a repeated name: the name's other copy is not scored (it was easy to guess
    from the copy the repair removes)."""
    from fixtext.model.masked_lm import WORD, _contexts

    original = WORD.findall("Minister Pavel Dunmore. Pavel Dunmore called both sides in.")
    repaired = WORD.findall("Minister Pavel Dunmore called both sides in.")
    (before, kept_before), (after, kept_after) = _contexts(original, repaired)
    assert [before[i] for i in kept_before] == [after[i] for i in kept_after]
    assert [before[i] for i in kept_before] == ["Minister", "called"]  # no "Pavel", "Dunmore"


def test_a_neighbour_that_leads_once_the_word_is_fixed_grows_the_flag(wn: WordNet) -> None:
    scorer = FakeScorer({("board", "council"): FLAG_MARGIN + 1})
    scorer.beside = {("council", "lifted", "raised"): FLAG_MARGIN + 0.5}  # type: ignore[attr-defined]
    text = "The board lifted the ban."
    (finding,) = detect(scorer, wn, text)
    assert text[finding.start : finding.end] == "board lifted"
    assert finding.fix.replacement == "council raised"
    assert finding.fix.alternatives == ("council lifted",)  # the word's fix alone
    assert "board lifted" in finding.message and "council raised" in finding.message
    # the neighbour before the flagged word, too
    scorer = FakeScorer({("lifted", "raised"): FLAG_MARGIN + 1})
    scorer.beside = {("raised", "board", "council"): FLAG_MARGIN + 0.5}  # type: ignore[attr-defined]
    (finding,) = detect(scorer, wn, text)
    assert (text[finding.start : finding.end], finding.fix.replacement) == (
        "board lifted",
        "council raised",
    )
    assert finding.fix.alternatives == ("board raised",)


def test_a_neighbour_below_the_margin_with_the_fix_leaves_the_flag_alone(wn: WordNet) -> None:
    scorer = FakeScorer({("board", "council"): FLAG_MARGIN + 1})
    scorer.beside = {("council", "lifted", "raised"): FLAG_MARGIN - 0.1}  # type: ignore[attr-defined]
    text = "The board lifted the ban."
    (finding,) = detect(scorer, wn, text)
    assert (text[finding.start : finding.end], finding.fix.replacement) == ("board", "council")
    assert scorer.masked.count("lifted") == 1  # the neighbour, read with the fix in place


def test_a_neighbour_only_grows_a_flag_it_never_adds_one(wn: WordNet) -> None:
    scorer = FakeScorer({("board", "council"): FLAG_MARGIN - 1}, screen_offset=0.0)
    scorer.beside = {("council", "lifted", "raised"): FLAG_MARGIN + 5}  # type: ignore[attr-defined]
    assert detect(scorer, wn, "The board lifted the ban.") == []
    assert scorer.masked == ["board"]  # no flag: no neighbour read with a fix in place


def test_no_growth_across_punctuation_or_over_a_flag_of_its_own(wn: WordNet) -> None:
    beside = {("council", "lifted", "raised"): FLAG_MARGIN + 5}
    scorer = FakeScorer({("board", "council"): FLAG_MARGIN + 1})
    scorer.beside = beside  # type: ignore[attr-defined]
    text = "The board, lifted by the vote, met."
    (finding,) = detect(scorer, wn, text)
    assert text[finding.start : finding.end] == "board"
    # both words flagged on their own: two findings, each its own fix
    scorer = FakeScorer(
        {("board", "council"): FLAG_MARGIN + 1, ("lifted", "raised"): FLAG_MARGIN + 2}
    )
    scorer.beside = beside  # type: ignore[attr-defined]
    text = "The board lifted the ban."
    findings = detect(scorer, wn, text)
    assert [(text[f.start : f.end], f.fix.replacement) for f in findings] == [
        ("board", "council"),
        ("lifted", "raised"),
    ]


def test_a_neighbour_between_two_flags_grows_one_of_them(wn: WordNet) -> None:
    """The neighbour goes to the flag beside which it leads most, not to the larger flag."""
    scorer = FakeScorer(
        {("board", "council"): FLAG_MARGIN + 3, ("decision", "determination"): FLAG_MARGIN + 1}
    )
    scorer.beside = {  # type: ignore[attr-defined]
        ("council", "lifted", "raised"): FLAG_MARGIN + 1,
        ("determination", "lifted", "raised"): FLAG_MARGIN + 2,
    }
    text = "The board lifted decision rules."
    findings = detect(scorer, wn, text)
    spans = [(text[f.start : f.end], f.fix.replacement) for f in findings]
    assert spans == [("board", "council"), ("lifted decision", "raised determination")]


def test_a_rare_word_opening_a_sentence_is_judged_and_a_name_is_not(
    wn: WordNet, tmp_path: Path
) -> None:
    """The corpus seldom writes "felicity", and WordNet knows it only in lower case."""
    assert not is_common_lower("felicity", KNOWN_WORD)
    scorer = FakeScorer({("Felicity", "Happiness"): FLAG_MARGIN + 1})
    scorer.in_pieces = {"Felicity"}  # type: ignore[attr-defined]
    text = "Felicity filled the room."
    scorer.in_pieces = {"Felicity", "Happiness"}  # type: ignore[attr-defined]
    rare = WordChoiceDetector(scorer, wn)  # type: ignore[arg-type]
    assert rare.opening_candidates("Felicity", "filled")[1] == ()  # no lower-case read
    scorer.in_pieces = {"Felicity"}  # type: ignore[attr-defined]
    (finding,) = detect(scorer, wn, text)
    assert (text[finding.start : finding.end], finding.fix.replacement) == ("Felicity", "Happiness")
    assert detect(scorer, wn, "Felicity Jones filled the room.") == []  # a name's first word
    scorer.in_pieces = set()  # type: ignore[attr-defined]  # one piece: a name BERT knows
    assert detect(scorer, wn, text) == []
    scorer.in_pieces = {"Felicity"}  # type: ignore[attr-defined]
    names = WordNet(write_wordnet(tmp_path, [*SYNSETS, ("n", 990, "n", ["Felicity"], [])]))
    assert detect(scorer, names, text) == []  # WordNet knows it as a name too


def test_a_neighbour_the_damage_head_suspects_needs_the_assisted_lead(wn: WordNet) -> None:
    scorer = FakeScorer({("board", "council"): FLAG_MARGIN + 1})
    scorer.beside = {("council", "lifted", "raised"): ASSISTED_MARGIN + 0.5}  # type: ignore[attr-defined]
    text = "The board lifted the ban."
    assisted = WordChoiceDetector(scorer, wn, assisted=True)  # type: ignore[arg-type]
    (finding,) = assisted.detect(Document(text))
    assert text[finding.start : finding.end] == "board"  # not suspect: FLAG_MARGIN applies
    scorer.suspects = {"lifted": SUSPECT}  # type: ignore[attr-defined]
    (finding,) = assisted.detect(Document(text))
    assert (text[finding.start : finding.end], finding.fix.replacement) == (
        "board lifted",
        "council raised",
    )


def test_of_two_neighbours_that_lead_the_larger_lead_joins(wn: WordNet) -> None:
    scorer = FakeScorer({("lifted", "raised"): FLAG_MARGIN + 1})
    scorer.beside = {  # type: ignore[attr-defined]
        ("raised", "board", "council"): FLAG_MARGIN + 1,
        ("raised", "decision", "determination"): FLAG_MARGIN + 2,
    }
    text = "The board lifted decision rules."
    (finding,) = detect(scorer, wn, text)
    assert (text[finding.start : finding.end], finding.fix.replacement) == (
        "lifted decision",
        "raised determination",
    )


def test_a_grown_fix_keeps_the_line_break_between_the_words(wn: WordNet) -> None:
    scorer = FakeScorer({("board", "council"): FLAG_MARGIN + 1})
    scorer.beside = {("council", "lifted", "raised"): FLAG_MARGIN + 1}  # type: ignore[attr-defined]
    text = "The town board\nlifted the ban on Monday."
    (finding,) = detect(scorer, wn, text)
    assert (text[finding.start : finding.end], finding.fix.replacement) == (
        "board\nlifted",
        "council\nraised",
    )


@pytest.mark.parametrize(
    ("read_as", "in_pieces"),
    [(("Board", "Council"), set()), (("board", "council"), {"Council"})],
    ids=["in place", "in lower case: 'Council' in pieces"],
)
def test_an_opener_neighbour_gets_its_candidates_capitalised(
    wn: WordNet, read_as: tuple[str, str], in_pieces: set[str]
) -> None:
    scorer = FakeScorer({("lifted", "raised"): FLAG_MARGIN + 1})
    scorer.beside = {("raised", *read_as): FLAG_MARGIN + 1}  # type: ignore[attr-defined]
    scorer.in_pieces = in_pieces  # type: ignore[attr-defined]
    text = "Board lifted the ban."
    (finding,) = detect(scorer, wn, text)
    assert (text[finding.start : finding.end], finding.fix.replacement) == (
        "Board lifted",
        "Council raised",
    )
