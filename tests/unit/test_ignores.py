"""The ``.fixtext-ignore.toml`` sidecar (issue 24): what ``fixtext review`` records
outside the text, and the pipeline dropping the findings it names."""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path

import pytest

from fixtext.document import Document
from fixtext.ignores import (
    SIDECAR,
    IgnoreFileError,
    Ignores,
    SentenceIndex,
    load_ignores,
    normalize,
    render,
    save_ignores,
)
from tests.unit.test_suppress_rules import pipeline

TEXT = "A stray cat sat sat down.\nThe dog ran ran off.\n\nA stray bird flew.\n"


def test_no_sidecar_no_ignores(tmp_path: Path) -> None:
    assert load_ignores(tmp_path / "story.txt") == Ignores()
    assert not Ignores()
    assert load_ignores("-") == Ignores()


def test_save_then_load_round_trips_and_keeps_other_files(tmp_path: Path) -> None:
    story, other = tmp_path / "story.txt", tmp_path / "other.md"
    save_ignores(other, Ignores(frozenset({"FT014"})))
    tricky = 'He said "no"\\ then \x7f left\tfast'
    sidecar = save_ignores(story, Ignores(frozenset({"FT005"}), frozenset({("FT003", tricky)})))
    assert sidecar == tmp_path / SIDECAR
    save_ignores(story, Ignores(sentences=frozenset({("FT007", "Second one.")})))
    loaded = load_ignores(story)
    assert loaded.rules == {"FT005"}
    assert loaded.sentences == {("FT003", normalize(tricky)), ("FT007", "Second one.")}
    assert load_ignores(other) == Ignores(frozenset({"FT014"}))
    table = tomllib.loads(sidecar.read_text("utf-8"))
    assert table["story.txt"]["rules"] == ["FT005"]
    assert sidecar.read_text("utf-8").startswith("# Findings ignored by `fixtext review`")
    assert stat.S_IMODE(sidecar.stat().st_mode) & 0o600 == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".fixtext")]


def test_render_is_sorted_and_stable() -> None:
    entries = {
        "b.txt": Ignores(frozenset({"FT2", "FT1"})),
        "a.txt": Ignores(sentences=frozenset({("X", "Two."), ("X", "One.")})),
    }
    text = render(entries)
    assert text == render(dict(reversed(entries.items())))
    assert text.index('["a.txt"]') < text.index('["b.txt"]')
    assert text.index('sentence = "One."') < text.index('sentence = "Two."')
    assert tomllib.loads(text)["b.txt"]["rules"] == ["FT1", "FT2"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not toml [", "invalid TOML"),
        ('"story.txt" = 3\n', "must be a table"),
        ('["story.txt"]\ncolour = 1\n', "unknown key 'colour'"),
        ('["story.txt"]\nrules = "FT003"\n', "rules must be a list"),
        ('[["story.txt".sentences]]\nrule = "FT003"\n', "needs a rule and a sentence"),
    ],
)
def test_a_bad_sidecar_is_one_line_naming_it(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / SIDECAR).write_text(content, encoding="utf-8")
    with pytest.raises(IgnoreFileError, match=message) as error:
        load_ignores(tmp_path / "story.txt")
    assert SIDECAR in str(error.value) and "\n" not in str(error.value)
    with pytest.raises(IgnoreFileError):
        save_ignores(tmp_path / "story.txt", Ignores(frozenset({"FT003"})))


def test_sentence_keys_are_normalized_and_found_from_file_offsets() -> None:
    text = "One  sentence\nwrapped here. Two.\n"
    index = SentenceIndex(text)
    assert index.key(0, 3) == "One sentence wrapped here."
    assert index.span(0, 3) == (0, text.index(" Two"))
    assert index.key(text.index("Two"), len(text)) == "Two."
    assert index.key(len(text) - 1, len(text)) is None  # the final line break


def test_sentence_keys_of_markdown_are_its_prose_in_file_offsets() -> None:
    text = "# Title\n\nSome **bold** words here.\n"
    index = SentenceIndex(text, "markdown")
    start = text.index("Some")
    assert index.key(text.index("bold"), text.index("bold") + 4) == "Some bold words here."
    span = index.span(start, start + 4)
    assert span is not None and text[span[0] : span[1]] == "Some **bold** words here."


def test_the_pipeline_drops_a_rule_in_the_whole_file() -> None:
    found = pipeline().check(Document(TEXT), Ignores(frozenset({"T2"})))
    assert {f.rule for f in found} == {"T1"}


def test_the_pipeline_drops_a_rule_in_one_sentence_whatever_changes_elsewhere() -> None:
    ignores = Ignores(sentences=frozenset({("T1", "A stray cat sat sat down.")}))
    edited = "Breaking news.\n\n" + TEXT.replace("The dog", "The big dog")
    for text in (TEXT, edited):
        found = pipeline().check(Document(text), ignores)
        assert sorted((f.rule, text[f.start : f.end]) for f in found) == [
            ("T1", " ran"),
            ("T2", "stray"),
            ("T2", "stray"),
        ]
    # the sentence itself changed: the ignore lapses
    changed = TEXT.replace("cat sat sat", "cat sat sat right")
    found = pipeline().check(Document(changed), ignores)
    assert ("T1", changed.index(" sat right")) in {(f.rule, f.start) for f in found}


def test_fix_keeps_a_sentence_ignored_when_another_fix_changes_it() -> None:
    ignores = Ignores(sentences=frozenset({("T1", "A stray cat sat sat down.")}))
    result = pipeline().fix(Document(TEXT), ignores=ignores)
    # T2's fix changed the ignored sentence in the first pass; T1 stays ignored in it
    assert result.text == "A straw cat sat sat down.\nThe dog ran off.\n\nA straw bird flew.\n"
    assert result.remaining == []
    assert result.ignores is not None
    assert ("T1", "A straw cat sat sat down.") in result.ignores.sentences
    assert pipeline().fix(Document(TEXT)).ignores is None


def test_carried_maps_ignored_sentences_through_edits() -> None:
    old = "Intro here. A stray cat sat.\n"
    new = "Intro. A straw cat sat.\n"
    edits = [(5, 10, ""), (14, 19, "straw")]
    assert old[:5] + old[10:14] + "straw" + old[19:] == new
    ignores = Ignores(sentences=frozenset({("T1", "A stray cat sat."), ("T9", "Gone.")}))
    carried = ignores.carried(old, new, edits)
    assert carried.sentences == ignores.sentences | {("T1", "A straw cat sat.")}
    assert Ignores(frozenset({"T1"})).carried(old, new, edits) == Ignores(frozenset({"T1"}))
