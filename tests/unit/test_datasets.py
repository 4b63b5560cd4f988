"""Loaders on tiny temporary sets (and on ../shared/eval when it is there)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from fixtext.evaluate.datasets import (
    DatasetError,
    Example,
    load_jfleg,
    load_mt_postedit,
    load_parallel,
    load_set,
    load_synthetic,
)

SHARED_EVAL = Path(__file__).resolve().parents[2].parent / "shared" / "eval"


def write(directory: Path, **files: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / name.replace("__", ".")).write_text(text, encoding="utf-8")
    return directory


def test_parallel_pairs_by_name_skip_blank_lines_and_take_unpaired_as_clean(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        a__txt="Head\n\nvoted to to stay\n",
        a__clean__txt="Head\n\nvoted to stay\n",
        b__txt="All good.\n",
        README__md="not a set",
    )
    assert load_parallel(tmp_path) == [
        Example("Head", ("Head",)),
        Example("voted to to stay", ("voted to stay",)),
        Example("All good.", ("All good.",)),
    ]
    assert load_set(tmp_path) == load_parallel(tmp_path)


@pytest.mark.parametrize(
    "files",
    [
        {"a__clean__txt": "x\n"},  # no garbled counterpart
        {"a__txt": "x\ny\n", "a__clean__txt": "x\n"},  # line counts differ
        {"a__txt": "x\n\n", "a__clean__txt": "x\ny\n"},  # blank in one file only
    ],
)
def test_parallel_errors(tmp_path: Path, files: dict[str, str]) -> None:
    write(tmp_path, **files)
    with pytest.raises(DatasetError):
        load_parallel(tmp_path)


def test_mt_postedit(tmp_path: Path) -> None:
    write(tmp_path, dev__mt__txt="a b\nc\n", dev__pe__txt="a c\nc\n", dev__src__txt="x\ny\n")
    expected = [Example("a b", ("a c",)), Example("c", ("c",))]
    assert load_mt_postedit(tmp_path) == expected
    assert load_set(tmp_path) == expected  # dev.src.txt here is the foreign source


def test_mt_postedit_word_tags_found_in_the_text(tmp_path: Path) -> None:
    write(
        tmp_path,
        dev__mt__txt="He said, go.\n\nok\n",
        dev__pe__txt="He said: go.\n\nok\n",
        dev__mt__tok="He said , go .\n\nok\n",
        dev__mt__tags="OK OK OK OK OK BAD OK OK OK OK OK\n\nOK\n",  # gap word gap ...
    )
    first, second = load_mt_postedit(tmp_path)
    assert first.tags == (
        (0, 2, False),
        (3, 7, False),
        (7, 8, True),
        (9, 11, False),
        (11, 12, False),
    )
    assert second.tags == ((0, 2, False),)


@pytest.mark.parametrize(
    ("tok", "tags", "message"),
    [
        ("He said , go .\n", "OK BAD\n", "2 OK/BAD tags for 5 tokens"),
        ("He said , go .\n", "OK OK OK FINE OK\n", "5 OK/BAD tags for 5 tokens"),
        ("He says , go .\n", "OK OK OK OK OK\n", "'says' is not next"),
        ("He said , go .\nmore\n", "OK OK OK OK OK\nOK\n", "has 2 lines"),
    ],
)
def test_mt_postedit_bad_tags(tmp_path: Path, tok: str, tags: str, message: str) -> None:
    write(tmp_path, dev__mt__txt="He said, go.\n", dev__pe__txt="He said: go.\n")
    write(tmp_path, dev__mt__tok=tok, dev__mt__tags=tags)
    with pytest.raises(DatasetError, match=message):
        load_mt_postedit(tmp_path)


def test_jfleg_takes_every_reference_in_numeric_order(tmp_path: Path) -> None:
    refs = {f"dev__ref{k}__txt": f"r{k}\n" for k in (0, 1, 2, 10)}
    write(tmp_path, dev__src__txt="s\n", **refs)
    expected = [Example("s", ("r0", "r1", "r2", "r10"))]
    assert load_jfleg(tmp_path) == expected
    assert load_set(tmp_path) == expected


def test_jfleg_without_references(tmp_path: Path) -> None:
    write(tmp_path, dev__src__txt="s\n")
    with pytest.raises(DatasetError, match=r"no dev\.ref"):
        load_jfleg(tmp_path)


def noise(sentence: str, rng: random.Random) -> str:
    """Drop one random word."""
    words = sentence.split()
    del words[rng.randrange(len(words))]
    return " ".join(words)


def test_synthetic_noises_each_sentence_reproducibly(tmp_path: Path) -> None:
    corpus = tmp_path / "news.heldout.txt"
    corpus.write_text("One two three. Four five six.\n\nSeven eight nine.\n", encoding="utf-8")
    examples = load_synthetic(corpus, noise, seed=3)
    assert [e.references for e in examples] == [
        ("One two three.",),
        ("Four five six.",),
        ("Seven eight nine.",),
    ]
    assert all(len(e.source.split()) == 2 for e in examples)
    assert load_synthetic(corpus, noise, seed=3) == examples
    assert load_set(corpus, noise, seed=3, limit=2) == examples[:2]


def test_load_set_errors(tmp_path: Path) -> None:
    corpus = tmp_path / "c.txt"
    corpus.write_text("A sentence.\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="noise function"):
        load_set(corpus)
    with pytest.raises(DatasetError, match="no such file"):
        load_set(tmp_path / "missing")
    with pytest.raises(DatasetError, match="unknown kind"):
        load_set(write(tmp_path / "empty", notes__md="x"))


@pytest.mark.skipif(not SHARED_EVAL.is_dir(), reason=f"data set missing: {SHARED_EVAL}")
def test_shared_eval_sets_load() -> None:
    jfleg = load_set(SHARED_EVAL / "jfleg-dev")
    assert len(jfleg) == 754
    assert all(len(e.references) == 4 for e in jfleg)
    for pair in sorted((SHARED_EVAL / "mt-postedit").iterdir()):
        examples = load_set(pair)
        assert len(examples) == 1000, pair
        assert all(len(e.references) == 1 for e in examples)
        assert all(e.tags for e in examples), pair  # every source's words tagged
