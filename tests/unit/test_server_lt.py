"""The LanguageTool API layer: annotations, UTF-16 offsets, matches built from findings."""

from __future__ import annotations

import json

import pytest

from fixtext.api.lt_json import (
    MAX_JSON_DEPTH,
    CheckedText,
    RequestError,
    Utf16,
    check_language,
    check_response,
    json_depth,
    load_json,
    lone_surrogate,
    parse_bool,
    rule_list,
)
from fixtext.findings import Applicability, Finding, Fix, Source


def annotation(*items: dict[str, str]) -> str:
    return json.dumps({"annotation": list(items)})


def finding(
    start: int,
    end: int,
    rule: str = "FT003",
    replacement: str | None = "",
    safe: bool = True,
    source: Source = Source.RULES,
    alternatives: tuple[str, ...] = (),
    category: str = "",
) -> Finding:
    applicability = Applicability.SAFE if safe else Applicability.UNSAFE
    fix = None if replacement is None else Fix(replacement, alternatives, applicability, "v")
    return Finding(rule, f"{rule} message", start, end, 0.8, source, fix, category)


def test_utf16_counts_astral_characters_twice() -> None:
    utf16 = Utf16("a😀b😀c")
    assert [utf16(i) for i in range(6)] == [0, 1, 3, 4, 6, 7]
    assert Utf16("plain")(3) == 3


def test_annotation_maps_plain_offsets_to_the_full_text() -> None:
    checked = CheckedText.from_annotation(
        annotation(
            {"text": "A "},
            {"markup": "<b>"},
            {"text": "test"},
            {"markup": "</b>"},
            {"text": ". He go."},
            {"markup": "\\par ", "interpretAs": "\n\n"},
            {"text": "Next."},
        )
    )
    assert checked.full == "A <b>test</b>. He go.\\par Next."
    assert checked.plain == "A test. He go.\n\nNext."
    go = checked.plain.index("go")
    start, end = checked.to_full(go, go + 2)
    assert checked.full[start:end] == "go"
    nxt = checked.plain.index("Next")
    assert checked.full[slice(*checked.to_full(nxt, nxt + 4))] == "Next"
    assert checked.is_prose(go, go + 2)
    assert not checked.is_prose(0, 6)  # "A test" crosses <b>
    assert checked.full[slice(*checked.to_full(0, 6))] == "A <b>test"
    par = checked.plain.index("\n\n")
    markup = checked.full.index("\\par ")
    assert checked.to_full(par, par + 2) == (markup, markup + len("\\par "))
    assert not checked.touches_text(par, par + 2)
    assert checked.touches_text(par - 1, par + 1)


@pytest.mark.parametrize(
    "data",
    [
        "not json",
        "[]",
        '{"annotation": {}}',
        annotation({"text": "a", "markup": "b"}),
        annotation({}),  # type: ignore[arg-type]
        '{"annotation": [{"text": 3}]}',
        '{"annotation": [{"text": "a", "interpretAs": "b"}]}',
        '{"annotation": [{"markup": "<b>", "interpretAs": 1}]}',
        '{"annotation": ["text"]}',
    ],
)
def test_bad_annotations_are_request_errors(data: str) -> None:
    with pytest.raises(RequestError):
        CheckedText.from_annotation(data)


@pytest.mark.parametrize(
    "data",
    [
        "[" * 100_000 + "]" * 100_000,  # RecursionError in the parser (issue 23)
        '{"annotation": [], "x": ' + "[" * 500 + "]" * 500 + "}",  # parses; too deep
        '{"annotation": ' + "[" * 40 + "]" * 40 + "}",
    ],
)
def test_deeply_nested_data_is_a_request_error(data: str) -> None:
    with pytest.raises(RequestError, match="not valid JSON"):
        CheckedText.from_annotation(data)


def test_json_depth_is_bounded_and_counted_without_recursion() -> None:
    assert json_depth(1, 5) == 0 and json_depth([], 5) == 1
    assert json_depth({"a": [{"b": []}]}, 5) == 4
    deep: list[object] = []
    for _ in range(5000):
        deep = [deep]
    assert json_depth(deep, MAX_JSON_DEPTH) == MAX_JSON_DEPTH + 1  # stops past the limit
    with pytest.raises(RequestError, match="deeper than"):
        load_json("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1), "the body")
    assert load_json("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH, "the body")
    with pytest.raises(RequestError, match="not UTF-8"):
        load_json(b'"\xff"', "the body")


@pytest.mark.parametrize(
    ("item", "where"),
    [
        (
            '{"text": "ab\\ud800c"}',
            "item 0: 'text' has a lone UTF-16 surrogate (U+D800 at character 2)",
        ),
        ('{"markup": "<\\udfff>"}', "'markup' has a lone UTF-16 surrogate (U+DFFF at character 1)"),
        ('{"markup": "<b>", "interpretAs": "\\udc00"}', "'interpretAs' has a lone"),
    ],
)
def test_a_lone_surrogate_in_data_is_a_request_error_naming_its_place(
    item: str, where: str
) -> None:
    """JSON can spell half a UTF-16 pair; it could not be sent on to LanguageTool."""
    with pytest.raises(RequestError) as error:
        CheckedText.from_annotation('{"annotation": [' + item + "]}")
    assert where in str(error.value)
    paired = CheckedText.from_annotation('{"annotation": [{"text": "\\ud83d\\ude00"}]}')
    assert paired.plain == "😀"  # a whole pair is one character
    assert lone_surrogate("fine 😀") is None


def test_parameters() -> None:
    assert rule_list(" FT003, EN_A_VS_AN ,,") == {"FT003", "EN_A_VS_AN"}
    assert rule_list(None) == frozenset()
    assert parse_bool("x", "true") and not parse_bool("x", None) and not parse_bool("x", "false")
    with pytest.raises(RequestError):
        parse_bool("enabledOnly", "yes")
    for ok in ("en-US", "en-GB", "en", "auto"):
        check_language(ok)
    for bad in (None, "de-DE", "fr"):
        with pytest.raises(RequestError):
            check_language(bad)


def test_response_has_languagetools_shape_and_utf16_offsets() -> None:
    text = "😀 He voted to to go."
    start = text.index(" to to")
    answer = check_response(CheckedText.plain_text(text), [finding(start, start + 3)], "en-US")
    assert set(answer) >= {"software", "language", "matches"}
    assert answer["language"]["code"] == "en-US"
    assert answer["language"]["detectedLanguage"]["code"] == "en-US"
    (match,) = answer["matches"]
    assert match["offset"] == start + 1 and match["length"] == 3
    assert match["replacements"] == [{"value": ""}]
    assert match["sentence"] == text
    context = match["context"]
    assert context["text"] == text
    assert (context["offset"], context["length"]) == (start + 1, 3)
    assert match["rule"]["id"] == "FT003"
    assert set(match["rule"]) >= {"description", "issueType", "category"}
    assert set(match["rule"]["category"]) == {"id", "name"}
    assert match["type"] == {"typeName": "Other"}


def test_long_text_context_is_cut_with_ellipses() -> None:
    text = "x" * 100 + " to to " + "y" * 100
    start = text.index(" to")
    (match,) = check_response(CheckedText.plain_text(text), [finding(start, start + 3)], "en-US")[
        "matches"
    ]
    context = match["context"]
    assert context["text"].startswith("...") and context["text"].endswith("...")
    piece = context["text"][context["offset"] : context["offset"] + context["length"]]
    assert piece == " to"


def test_same_span_findings_merge_safe_fixes_first() -> None:
    text = "He go home."
    unsafe = finding(3, 5, "HE_VERB_AGR", "went", False, Source.LANGUAGETOOL, ("gone",))
    safe = finding(3, 5, "FT100", "goes", True, Source.MODEL)
    answer = check_response(CheckedText.plain_text(text), [unsafe, safe], "en-US")
    (match,) = answer["matches"]
    assert [r["value"] for r in match["replacements"]] == ["goes", "went", "gone"]
    assert match["rule"]["id"] == "FT100"


def test_languagetool_findings_keep_their_category() -> None:
    text = "He go home."
    lt = finding(3, 5, "HE_VERB_AGR", "goes", True, Source.LANGUAGETOOL, category="GRAMMAR")
    (match,) = check_response(CheckedText.plain_text(text), [lt], "en-GB")["matches"]
    assert match["rule"]["category"] == {"id": "GRAMMAR", "name": "Grammar"}
    assert match["rule"]["issueType"] == "grammar"
    assert (
        check_response(CheckedText.plain_text(text), [lt], "en-US", frozenset({"GRAMMAR"}))[
            "matches"
        ]
        == []
    )


def test_findings_across_markup_lose_their_replacements_and_inside_markup_vanish() -> None:
    checked = CheckedText.from_annotation(
        annotation(
            {"text": "the the"},
            {"markup": "<i>", "interpretAs": "Dummy"},
            {"text": " end"},
        )
    )
    across = finding(4, 9)  # "the" + "Du"
    inside = finding(7, 12)  # "Dummy"
    (match,) = check_response(checked, [across, inside], "en-US")["matches"]
    assert match["replacements"] == []
    assert match["offset"] == 4 and match["length"] == len("the<i>")
