"""Unit tests for the rule detectors FT001-FT015: each fires on its damage class, with
the right fix, and stays silent on look-alikes of that damage."""

from __future__ import annotations

import re

import pytest

from fixtext.detect.rules import RULES, RuleDetector, confused_word
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


# FT001 spurious-sentence-break


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        (
            "Rebels seized the dry northern plain. wide of the river last year.",
            "Rebels seized the dry northern plain wide of the river last year.",
        ),
        (
            "The talks were held in the capital. mostly behind closed doors.",
            "The talks were held in the capital mostly behind closed doors.",
        ),
        (
            "Ministers met the union leaders. members of which had walked out.",
            "Ministers met the union leaders members of which had walked out.",
        ),
    ],
)
def test_ft001_fires_and_drops_the_stop(text: str, fixed: str) -> None:
    assert repaired(text, "FT001") == fixed


@pytest.mark.parametrize(
    "text",
    [
        "He moved to the U.S. in 1990 and stayed.",
        "The meeting starts at 9 a.m. and ends at 5 p.m. on Friday.",
        "Some fruits, e.g. apples, keep well.",
        "The results, i.e. the final tallies, came late.",
        "She lives at No. 10 with her family.",
        "Mr. and Mrs. Smith arrived late.",
        "The novel by J. K. Rowling sold well.",
        "Wait... and then it happened.",
        "Growth was 3.5 percent in the year.",
        "See example.com or version v1.2 for details.",
        "The dogs, cats, etc. were fed.",
        "Sales of his phone rose. iPhone rivals fell back.",
        "The statue honours the general. de Gaulle led France.",
    ],
)
def test_ft001_silent_on_look_alikes(text: str) -> None:
    assert findings(text, "FT001") == []


# FT002 run-together-words


def test_ft002_restores_a_lost_sentence_boundary() -> None:
    text = "Dozens died in the fightingWhile aid workers waited at the border."
    assert repaired(text, "FT002") == (
        "Dozens died in the fighting. While aid workers waited at the border."
    )
    text = "The vote was delayed againThe opposition walked out."
    assert repaired(text, "FT002") == "The vote was delayed again. The opposition walked out."


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("She was aTeacher in the village.", "She was a teacher in the village."),
        ("The storm led toA delay of two days.", "The storm led to a delay of two days."),
        ("The mayor wasOn her way to the port.", "The mayor was on her way to the port."),
        (
            "They moved to the town whereHer father worked.",
            "They moved to the town where her father worked.",
        ),
        (
            "Fighting spread across the countrysideOfficials fled north.",
            "Fighting spread across the countryside. Officials fled north.",
        ),
        ("It explains theBank Charter Act.", "It explains the Bank Charter Act."),
        ("He moved toValmere in May.", "He moved to Valmere in May."),
        ("The park covers a spaceOf ten acres.", "The park covers a space of ten acres."),
        ("It is a river whichIs long and wide.", "It is a river which is long and wide."),
        ("He was planning forThe building work.", "He was planning for the building work."),
    ],
)
def test_ft002_short_function_word_and_known_word_before_a_starter(text: str, fixed: str) -> None:
    assert repaired(text, "FT002") == fixed


@pytest.mark.parametrize(
    "text",
    [
        "He bought an iPhone and watched YouTube videos.",
        "The caption read zorbleplinkThe harbour at dawn.",
        "Call toString() on the value.",
        "She read it on an eBook and an iPad.",
        "She sold it on eBay and paid with PayPal.",
        "They ate at McDonald and read about MacArthur.",
        "He wrote JavaScript on a PlayStation and posted on LinkedIn.",
        "Fans of WhatsApp met DeSantis at LaGuardia with O'Neill.",
        "Follow #theBank and @inParis for news.",
    ],
)
def test_ft002_silent_on_camel_case_names(text: str) -> None:
    assert findings(text, "FT002") == []


# FT003 repeated-word


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("The council voted to to approve the budget.", "The council voted to approve the budget."),
        ("Police found the the car near the river.", "Police found the car near the river."),
        ("She was born in in a small town.", "She was born in a small town."),
        ("The the report was published.", "The report was published."),
    ],
)
def test_ft003_deletes_the_second_copy(text: str, fixed: str) -> None:
    assert repaired(text, "FT003") == fixed


@pytest.mark.parametrize(
    "text",
    [
        "By then he had had enough of the job.",
        "He said that that plan would fail.",
        "What the problem is is that nobody knows.",
        "She waved bye bye to the crowd.",
        "It was a very very long day.",
        "He grew up in Walla Walla with his aunt.",
        "The score was 10 10 at half time.",
        "She gave her her coat back.",
        "He saw The The play live.",
    ],
)
def test_ft003_silent_on_legitimate_doubles(text: str) -> None:
    assert findings(text, "FT003") == []


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


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        (
            "The cabinet, led by the veteran Anna Brandt. Anna Brandt, proved unable to act.",
            "The cabinet, led by the veteran Anna Brandt, proved unable to act.",
        ),
        (
            "Aid was sent by the Red Cross. Red Cross, the UN and others.",
            "Aid was sent by the Red Cross, the UN and others.",
        ),
    ],
)
def test_ft004_copy_continued_after_a_comma(text: str, fixed: str) -> None:
    assert repaired(text, "FT004") == fixed


def test_ft004_repeat_within_a_sentence() -> None:
    text = "The army stayed in the in the north for a decade."
    assert repaired(text, "FT004") == "The army stayed in the north for a decade."


def test_ft004_repeat_of_a_possessive_phrase() -> None:
    text = "A poll by the Lindholm growers' union growers' union found support."
    assert repaired(text, "FT004") == "A poll by the Lindholm growers' union found support."


@pytest.mark.parametrize(
    "text",
    [
        "It was a disaster. A disaster.",
        "He sang New York, New York at the party.",
        "Prices rose more and more and more.",
        "Traders went from house to house to sell bread.",
        "We will fight. We will fight.",
        "The album was produced by Harlow. Harlow later toured with the band.",
        "The mill was later sold to Green Valley Foods. Green Valley Foods closed it.",
        "A Profile Of Envoy Tomas Berg.\n\nTomas Berg spoke to reporters.",
        "Her essay cited the poem Canciones de la de la Vega in full.",
        "It marked the execution of Ramon Ortega Valencia. Valencia, a lawyer, was shot.",
        "The firm was run by Tom Hale. Hale, 54, retired in May.",
        "The ship docked at Valmere. Valmere, however, stayed calm.",
    ],
)
def test_ft004_silent_on_echoes(text: str) -> None:
    assert findings(text, "FT004") == []


# FT005 self-coordination


@pytest.mark.parametrize(
    "text",
    [
        "The Support Front for Islam and Islam (SFI) said it attacked a convoy.",
        "The treaty promised security for peace and peace.",
        "Delegates from Kenya or Kenya, officials said, attended the summit.",
        "Farmers pressed for loans and loans across the region.",
        "The new plant will hire workers and workers.",
        "They spoke of schools and schools of the future.",
        "Farmers in the hills grow barley and barley near the river.",
        "Most lorries carry coal and coal through the tunnel.",
        "She studied the claims and claims of rival firms.",
        "He was a bank founder and founder in the town.",
        "He thanked the driver and driver for their help.",
    ],
)
def test_ft005_fires_without_a_fix_on_the_second_copy(text: str) -> None:
    found = findings(text, "FT005")
    assert len(found) == 1
    assert found[0].fix is None
    copy = text[found[0].start : found[0].end]
    assert re.search(rf"{re.escape(copy)} (and|or) $", text[: found[0].start]), copy
    assert 0 < found[0].confidence < 1


@pytest.mark.parametrize(
    "text",
    [
        "More and more people moved to the city.",
        "He read the letter again and again.",
        "They argued over and over about money.",
        "The wheel went round and round.",
        "The speech went on and on.",
        "They walked side by side and learned step by step.",
        "The pain grew worse and worse.",
        "It took years and years to finish.",
        "He walked and walked until dawn.",
        "He was loyal through and through.",
        "Both the Greek and the Greek Cypriot press objected.",
        "Hundreds and hundreds of fans waited outside.",
        "There were thousands and thousands of them.",
        "The road ran on for miles and miles.",
        "Police logged thefts and thefts against shops as one category.",
        "The sea rises and rises.",
        "The council will tax and tax until people leave.",
        "They sold the harvest and harvest tools at auction.",
        "The choir sang folk songs and songs of protest.",
        "They should be cut or cut.",
        "The two runners stayed neck and neck.",
        "Folk songs and songs of protest filled the hall.",
        "Farm workers and workers in the mills struck.",
        "Prices grew higher and higher.",
        "The lorries moved closer and closer to the border.",
    ],
)
def test_ft005_silent_on_idioms(text: str) -> None:
    assert findings(text, "FT005") == []


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
    "text",
    [
        "Working with partners, the agency built schools.",
        "The minister said: Nobody will be left behind.",
        "He shouted “Stop the vote” at the crowd.",
        "The plan (Working title) was dropped.",
        "Breaking News From The Capital",
        "- Working groups meet weekly",
        "1. Working groups meet weekly.",
        "He met the President on Monday to discuss English lessons.",
        "They prayed to God in the Parliament building.",
        "Yesterday I said the NATO summit was over.",
        "The Ministry of Defence said the Working Group would meet.",
        "She starred in the film Arrival last year.",
    ],
)
def test_ft006_silent_on_legitimate_capitals(text: str) -> None:
    assert findings(text, "FT006") == []


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


@pytest.mark.parametrize(
    "text",
    [
        "Inflation fell in May last year and rose in the spring.",
        "She told Will that the train had left.",
        "The shop sells grade A beef and fresh fish.",
        "She starred in the film The wall of sound last year.",
        "He has crowned the year with His goodness, the preacher said.",
        "They met in The Hague on Monday.",
        "He said, The end is near.",
    ],
)
def test_ft006_silent_on_capitalised_closed_class_words_in_names(text: str) -> None:
    assert findings(text, "FT006") == []


# FT007 punctuation-debris


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("Troops came from Chad. , Mali and Niger.", "Troops came from Chad, Mali and Niger."),
        ("The withdrawal is complete. .", "The withdrawal is complete."),
        ("The fighting went on , officials said.", "The fighting went on, officials said."),
        ("Prices rose,, traders said.", "Prices rose, traders said."),
        (
            "Aid is needed in (the northern) (region) now.",
            "Aid is needed in the northern region now.",
        ),
        ("The report () was delayed.", "The report was delayed."),
        ("The talks ended.. .", "The talks ended."),
        ("A deal is due in a . few weeks.", "A deal is due in a few weeks."),
        ("He began his , career at home.", "He began his career at home."),
        ("He signed with , Hansa in May.", "He signed with Hansa in May."),
        ("They backed the. , plan in full.", "They backed the plan in full."),
        ("It is the end of,, the war.", "It is the end of the war."),
        (
            "The lake feeds (both farms) and (the town) of Ardel.",
            "The lake feeds both farms and the town of Ardel.",
        ),
        ("His , career began at home , he said.", "His career began at home, he said."),
        ("In the summer. , of 1991 he left.", "In the summer of 1991 he left."),
        ("It was held in round robin , format.", "It was held in round robin format."),
        ("She had, , been there before.", "She had been there before."),
        ("The bridge was built. . in 1901.", "The bridge was built in 1901."),
        ("The mill is located in , his home town.", "The mill is located in his home town."),
    ],
)
def test_ft007_removes_debris(text: str, fixed: str) -> None:
    assert repaired(text, "FT007") == fixed


@pytest.mark.parametrize(
    "text",
    [
        "Wait... and see what happens.",
        "He paused . . . and went on.",
        "The result - a draw - pleased nobody.",
        "“We said yes.”",
        "He answered: “yes.”",
        "1. Open the door. 2. Close the window.",
        "Growth reached 3.5 percent, up from 2.1.",
        "Call foo() to start.",
        "Prices rose; traders said so.",
        "Bring pens, paper, etc. to the exam.",
        "Ah.. guys, I think we are lost.",
        "See clauses (a) and (b) of the treaty.",
        "The verbs (pick up) and (jog) are listed.",
    ],
)
def test_ft007_silent_on_look_alikes(text: str) -> None:
    assert findings(text, "FT007") == []


def test_ft007_reports_a_free_standing_semicolon_without_a_fix() -> None:
    text = "It was the courageous ; vote of a lifetime."
    found = findings(text, "FT007")
    assert [(text[f.start : f.end], f.fix) for f in found] == [(" ;", None)]


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("The old lighthouse, , was built in 1850.", "The old lighthouse was built in 1850."),
        ("Most ships, , were sent to other ports.", "Most ships were sent to other ports."),
        (
            "Ferries link Valmere. , Sorano and the islands.",
            "Ferries link Valmere, Sorano and the islands.",
        ),
        (
            "The union met Anna Berg , the port director, on Monday.",
            "The union met Anna Berg, the port director, on Monday.",
        ),
    ],
)
def test_ft007_keeps_a_mark_only_where_the_corpus_reads_one(text: str, fixed: str) -> None:
    assert repaired(text, "FT007") == fixed


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


@pytest.mark.parametrize(
    "text",
    [
        "The full table of tonnage figures is printed in vol. iii",
        "The harbour reopened on Monday. officials said the strike was over.",
        "Chapter One. the",
    ],
)
def test_ft008_silent_on_abbreviations_and_continued_sentences(text: str) -> None:
    assert findings(text, "FT008") == []


@pytest.mark.parametrize(
    "text",
    [
        "He was named Player of the Year.",
        "She is Deputy Leader of the Opposition.",
        "The prize went to the Chairman.",
        "He said “yes.”",
        "The land is valued at $20 Million.",
        "The plan was backed by President Macron.",
    ],
)
def test_ft008_silent_on_names_and_titles(text: str) -> None:
    assert findings(text, "FT008") == []


# FT009 quantifier-agreement


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("Many country have rejected the plan.", "Many countries have rejected the plan."),
        ("He said several soldier were wounded.", "He said several soldiers were wounded."),
        ("Two member of the board resigned.", "Two members of the board resigned."),
        (
            "He said most senior member of the party have left.",
            "He said most senior members of the party have left.",
        ),
        (
            "It is one of the largest country in Africa.",
            "It is one of the largest countries in Africa.",
        ),
        ("Each of the member have voted.", "Each of the members have voted."),
        ("Dozens of team were there.", "Dozens of teams were there."),
        ("Several official already said no.", "Several officials already said no."),
        ("He played 16 game for the club.", "He played 16 games for the club."),
        ("The vote drew 3,400 member in all.", "The vote drew 3,400 members in all."),
        ("Dozens of farm now use the app.", "Dozens of farms now use the app."),
        (
            "More than half of its member expect a poor harvest.",
            "More than half of its members expect a poor harvest.",
        ),
        ("Some of his recording were lost.", "Some of his recordings were lost."),
        (
            "Most of the village that remain are empty.",
            "Most of the villages that remain are empty.",
        ),
        ("She taught at a leading schools of art.", "She taught at a leading school of art."),
        ("He won a bronze medals at the games.", "He won a bronze medal at the games."),
        ("An examples of this is the port.", "An example of this is the port."),
    ],
)
def test_ft009_pluralises_the_noun(text: str, fixed: str) -> None:
    assert repaired(text, "FT009") == fixed


@pytest.mark.parametrize(
    "text",
    [
        "She is the most senior member of the party.",
        "He is Britain's most senior officer.",
        "They own a two car garage.",
        "He signed a four-year contract with the club.",
        "Most time was spent waiting.",
        "There is a one in five chance of rain.",
        "He finished in the number two position.",
        "Both labour policy and land policy changed.",
        "This message is one of great interest to the nation.",
        "One of the team members left early.",
        "Each of the countries was represented.",
        "The fort was built in the 5th century by the king.",
        "He played for the Under-20 team in Cork.",
        "They played for the under 19 team in Cork.",
        "The plan saves £100 every year for each household.",
        "The song was listed as top 5 single of the year.",
        "In 1992 game prices rose.",
        "The November, 30 issue of the paper sold out.",
        "He found that 20 women work in the mill.",
        "Most of the team were tired.",
        "Half of the city is flooded.",
        "Performances of some of the same material were released.",
        "Details of the latter half of the century are sketchy.",
        "Thanks for all of the work put in this year.",
        "Most of the town square remains closed.",
        "He had many group and solo exhibitions.",
        "It was one of the first group of homes built there.",
        "The boiler pressure was 10 bar.",
        "It served as the standard class 9 bridge.",
        "Of the twelve, six leaving office at the end of the year were thanked.",
        "Ten starý song was recorded in 1971.",
        "It is a species of moth found in Peru.",
        "He used art as a means of protest.",
        "He won by one and a half lengths from the favourite.",
        "A report shows that prices rose.",
        "Each tries to be first, and each fails.",
        "They each received nominations for the prize.",
        "They held multiple Triplemanía shows over the summers.",
        "It took a few days to build.",
        "He was a sports car driver.",
    ],
)
def test_ft009_silent_on_correct_usage(text: str) -> None:
    assert findings(text, "FT009") == []


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
    assert found.extra["rewrites"] == "insert"


@pytest.mark.parametrize(
    "text",
    [
        "It was the will of the people.",
        "He bought a can of paint and a while later left.",
        "Vitamin A of course helps, as does Type A with rest.",
        "The by-election and the 'and' operator were discussed.",
        "He read the the report.",  # FT003's
        "The past decade saw the above figure double.",
        "The then mayor and the so-called reform were both ignored.",
        "It was the very first and the just cause.",
    ],
)
def test_ft010_silent_where_an_article_may_stand(text: str) -> None:
    assert findings(text, "FT010") == []


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
        assert f.extra["name"]


# FT011 subject-agreement


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("It were listed as a monument in 1987.", "It was listed as a monument in 1987."),
        ("He moved north and he were made captain.", "He moved north and he was made captain."),
        ("She left, but she were soon back.", "She left, but she was soon back."),
        ("The bridge were built in 1900.", "The bridge was built in 1900."),
        ("Its village are known for wool.", "Its village is known for wool."),
        ("The Harrow Lane school were built in 1860.", "The Harrow Lane school was built in 1860."),
        ("The port's main bridge were rebuilt.", "The port's main bridge was rebuilt."),
        ("Each village have a school.", "Each village has a school."),
        (
            "Mira Tondel (born 3 May 1984) are a Norwegian sculptor.",
            "Mira Tondel (born 3 May 1984) is a Norwegian sculptor.",
        ),
    ],
)
def test_ft011_singular_verb(text: str, fixed: str) -> None:
    assert repaired(text, "FT011") == fixed


@pytest.mark.parametrize(
    "text",
    [
        "If it were true, we would know.",
        "He spoke, as it were, for the town.",
        "She wishes she were at home.",
        "Even though he were to resign, the plan stands.",
        "The team were beaten in the final.",
        "The pair were held for a week.",
        "The number of cases are rising.",
        "The other two were never found.",
        "Rights tied to it were sold in 1990.",
        "The houses were built in 1900.",
        "The old fishing fleet were laid up.",
        "The harbour and quay were rebuilt.",
        "The docks facing it are busy.",
        "The 1,000 acre farm were sold.",
        "A number were never found.",
        "The farming produce are rice and maize.",
        "The Tide Singers (formed 1990) are a folk band.",
        "Harbour Lights were a folk band from Valmere.",
    ],
)
def test_ft011_silent(text: str) -> None:
    assert findings(text, "FT011") == []


# FT012 verb-form


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        (
            "She was the first skier to competes at the games.",
            "She was the first skier to compete at the games.",
        ),
        ("The series will follows the crew.", "The series will follow the crew."),
        ("They could not agrees on a price.", "They could not agree on a price."),
        ("A full charge would takes nine hours.", "A full charge would take nine hours."),
    ],
)
def test_ft012_gives_the_plain_form(text: str, fixed: str) -> None:
    assert repaired(text, "FT012") == fixed


@pytest.mark.parametrize(
    "text",
    [
        "The win led them to wins over Leeds and Derby.",
        "Growth is due to increases in trade.",
        "She wants to focus on her studies.",
        "As of May 2021, contains five species.",
        "His will contains a clause on the farm.",
        "It raises the age to 21, establishes a delay and adds checks.",
        "The town is home to remains of a fort.",
    ],
)
def test_ft012_silent_on_correct_usage(text: str) -> None:
    assert findings(text, "FT012") == []


# FT013 word-order


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        (
            "The ferry ran aground in waters shallow off the island.",
            "The ferry ran aground in shallow waters off the island.",
        ),
        (
            "The company reported a loss in the quarter third.",
            "The company reported a loss in the third quarter.",
        ),
    ],
)
def test_ft013_swaps_words_in_the_wrong_order(text: str, fixed: str) -> None:
    assert repaired(text, "FT013") == fixed


def test_ft013_reports_a_likelier_swap_without_a_fix() -> None:
    text = "Talks between the two sides will resume in the capital week next."
    [found] = findings(text, "FT013")
    assert text[found.start : found.end] == "week next"
    assert found.fix is None
    assert "'next week'" in found.message


@pytest.mark.parametrize(
    "text",
    [
        "The harbour was closed for three days after the storm.",
        "The company owned equally by the two banks reported a loss.",
        "Not only was he the mayor, he also ran the port.",
        "What rating can it get?",
        "The envoy said the talks would resume next week in the capital.",
    ],
)
def test_ft013_silent_on_clean_text_free_adverbs_and_questions(text: str) -> None:
    assert findings(text, "FT013") == []


# FT014 confused-word


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        (
            "The annual tumour rate of the economy slowed to two per cent.",
            "The annual growth rate of the economy slowed to two per cent.",
        ),
        (
            "Exports rose sharply over the past twelvemonth.",
            "Exports rose sharply over the past year.",
        ),
        (
            "The central bank will meet again next calendar month to review rates.",
            "The central bank will meet again next month to review rates.",
        ),
    ],
)
def test_ft014_puts_back_the_right_word(text: str, fixed: str) -> None:
    assert repaired(text, "FT014") == fixed


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


@pytest.mark.parametrize(
    "text",
    [
        "The council agreed to build a new bridge over the stream.",
        "The minister said the bill would be debated in the courtroom next week.",
        "The Accounting Firm audited the port authority.",
        "Countrywide Credit reported higher profits.",
        "Shares in the firm fell after the company cut its profit forecast.",
    ],
)
def test_ft014_silent_on_fitting_synonyms_and_names(text: str) -> None:
    assert findings(text, "FT014") == []


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


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        (
            "Prices rose sharply in the own first quarter.",
            "Prices rose sharply in the first quarter.",
        ),
        (
            "Trade fell in the such first half of the year.",
            "Trade fell in the first half of the year.",
        ),
        (
            "The mayor opened the new bridge at the own end of May.",
            "The mayor opened the new bridge at the end of May.",
        ),
    ],
)
def test_ft015_deletes_a_stray_word(text: str, fixed: str) -> None:
    assert repaired(text, "FT015") == fixed


def test_ft015_reports_a_weaker_case_without_a_fix() -> None:
    text = "He was the most the popular mayor the town had known."
    [found] = findings(text, "FT015")
    assert text[found.start : found.end] == "the "
    assert found.start == text.index("the popular")
    assert found.fix is None


@pytest.mark.parametrize(
    "text",
    [
        "The council will own the new bridge once it opens.",
        "Fishermen said the ban would hurt their own families.",
        "Ministers said that the talks would resume on Monday.",
        "The company that runs the port said other firms would follow.",
        "The mayor asked such questions of the harbour board.",
    ],
)
def test_ft015_silent_on_words_in_their_place(text: str) -> None:
    assert findings(text, "FT015") == []


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
