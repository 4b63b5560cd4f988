"""The WordNet reader, the word-damage generator and the MLQE-PE tag reader (issue 22,
part 2), on a tiny WordNet written here in WordNet's own file format."""

from __future__ import annotations

import ast
import random
from pathlib import Path
from typing import Any

import pytest

from fixtext.lexicon import wordnet
from fixtext.lexicon.wordnet import WordNet
from fixtext.training import word_damage as wd

ROOT = Path(__file__).resolve().parents[2]

HEADER = "  1 This software and database is being provided to you, the LICENSEE ...\n"
#: (pos, offset, ss_type, lemmas, pointers "symbol offset pos source/target").
SYNSETS = [
    ("n", 100, "n", ["council", "board"], []),
    ("n", 200, "n", ["council", "assembly"], []),
    ("n", 300, "n", ["concern", "worry"], []),
    ("n", 400, "n", ["concern", "business", "company"], []),
    ("n", 450, "n", ["engine"], []),
    ("n", 470, "n", ["board_meeting", "session"], []),
    ("n", 800, "n", ["decision", "determination"], ["+ 700 v 0101"]),
    ("n", 850, "n", ["child", "kid"], []),
    ("n", 860, "n", ["child", "youngster"], []),
    ("v", 500, "v", ["raise", "lift"], []),
    ("v", 600, "v", ["raise", "bring_up"], []),
    ("v", 700, "v", ["decide", "make_up_one's_mind"], ["+ 800 n 0101"]),
    ("a", 900, "a", ["happy"], ["& 950 a 0000", "+ 980 n 0101"]),
    ("a", 950, "s", ["glad(p)"], ["& 900 a 0000"]),
    ("n", 980, "n", ["happiness", "felicity"], ["+ 900 a 0101"]),
    ("a", 990, "a", ["conciliar"], ["\\ 100 n 0101"]),  # pertains to "council"
]
EXCEPTIONS = {"verb": ["brought bring", "went go", "was be"], "noun": ["children child"]}


def write_wordnet(folder: Path, synsets: list[Any] | None = None) -> Path:
    """WordNet's index.POS, data.POS and POS.exc files for ``synsets`` (default
    :data:`SYNSETS`)."""
    folder.mkdir(parents=True, exist_ok=True)
    names = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
    data: dict[str, list[str]] = {p: [] for p in names}
    index: dict[str, dict[str, list[int]]] = {p: {} for p in names}
    for pos, offset, ss_type, lemmas, pointers in SYNSETS if synsets is None else synsets:
        words = " ".join(f"{lemma} 0" for lemma in lemmas)
        ptrs = " ".join(pointers)
        line = f"{offset:08d} 05 {ss_type} {len(lemmas):02x} {words} {len(pointers):03d} {ptrs}"
        data[pos].append(f"{line} | a gloss")
        for lemma in lemmas:
            index[pos].setdefault(lemma.split("(")[0].lower(), []).append(offset)
    for pos, name in names.items():
        (folder / f"data.{name}").write_text(HEADER + "\n".join(data[pos]) + "\n")
        rows = [
            f"{lemma} {pos} {len(offsets)} 0 {len(offsets)} 0 " + " ".join(map(str, offsets))
            for lemma, offsets in sorted(index[pos].items())
        ]
        (folder / f"index.{name}").write_text(HEADER + "\n".join(rows) + "\n")
    for name, lines in EXCEPTIONS.items():
        (folder / f"{name}.exc").write_text("\n".join(lines) + "\n")
    return folder


@pytest.fixture(scope="module")
def wn(tmp_path_factory: pytest.TempPathFactory) -> WordNet:
    return WordNet(write_wordnet(tmp_path_factory.mktemp("wordnet")))


# -- the reader ----------------------------------------------------------------------------


def test_reader_synsets_in_sense_order(wn: WordNet) -> None:
    assert [s.offset for s in wn.synsets("council", "n")] == [100, 200]
    assert wn.synonyms("council", "n") == [["board"], ["assembly"]]
    assert wn.synsets("Council", "n")[0].words() == ["council", "board"]
    assert wn.synsets("raise", "v")[1].words() == ["raise", "bring up"]
    assert wn.synsets("glad", "a")[0].words() == ["glad"]  # the (p) marker dropped
    assert wn.synsets("nothing", "n") == []


def test_reader_related_words(wn: WordNet) -> None:
    assert wn.related("decide", "v") == [("decision", "n", "+")]
    # a lexical pointer from "decision" (word 1), not from "determination"
    assert wn.related("determination", "n") == []
    assert ("glad", "a", "&") in wn.related("happy", "a")
    assert ("happiness", "n", "+") in wn.related("happy", "a")


def test_reader_base_forms(wn: WordNet) -> None:
    assert wn.base_forms("councils", "n") == [("council", "s", "")]
    assert wn.base_forms("raised", "v") == [("raise", "ed", "e")]
    assert wn.base_forms("children", "n") == [("child", "*", "")]
    assert wn.irregular("v")["bring"] == ["brought"]


def test_reader_pertaining_adjectives(wn: WordNet) -> None:
    assert wn.pertaining("council") == ["conciliar"]  # read backwards from the adjective
    assert wn.pertaining("board") == []  # the pointer names word 1 of the synset only
    assert wn.pertaining("conciliar") == []


def test_reader_knows_words_only_lower_case_or_as_names_too(tmp_path: Path) -> None:
    names = WordNet(write_wordnet(tmp_path, [*SYNSETS, ("n", 990, "n", ["Felicity"], [])]))
    plain = WordNet(write_wordnet(tmp_path / "plain"))
    assert plain.lower_case_only("felicity") and plain.lower_case_only("councils")
    assert not names.lower_case_only("felicity")  # also a name: "Felicity"
    assert names.lower_case_only("happiness")
    assert not plain.lower_case_only("unknown")  # WordNet does not know it


def test_load_caches_per_folder(wn: WordNet) -> None:
    assert wordnet.load(wn.directory) is wordnet.load(wn.directory)


def test_deb_members_and_missing_files(tmp_path: Path) -> None:
    def member(name: str, body: bytes) -> bytes:
        head = f"{name:<16}{0:<12}{0:<6}{0:<6}{100644:<8}{len(body):<10}`\n".encode()
        return head + body + (b"\n" if len(body) % 2 else b"")

    deb = b"!<arch>\n" + member("debian-binary", b"2.0\n") + member("x.txt", b"odd")
    assert wordnet._deb_members(deb) == {"debian-binary": b"2.0\n", "x.txt": b"odd"}
    with pytest.raises(wordnet.WordNetUnavailable):
        wordnet._deb_members(b"not a deb")
    with pytest.raises(wordnet.WordNetUnavailable, match="cannot read"):
        WordNet(tmp_path).synsets("dog", "n")


# -- the candidates ------------------------------------------------------------------------


def test_wrong_sense_never_offers_the_first_sense(wn: WordNet) -> None:
    assert wd.wrong_sense_candidates(wn, "council") == ["assembly"]
    assert wd.wrong_sense_candidates(wn, "concerns") == ["businesses", "companies"]
    # inflected like the word, irregular forms from WordNet's exceptions
    assert wd.wrong_sense_candidates(wn, "raised") == ["brought up"]
    assert wd.wrong_sense_candidates(wn, "raising") == ["bringing up"]
    assert wd.wrong_sense_candidates(wn, "engine") == []  # one sense only


def test_related_candidates(wn: WordNet) -> None:
    assert wd.related_candidates(wn, "decided") == ["decision"]
    assert wd.related_candidates(wn, "happy") == ["glad", "happiness"]


@pytest.mark.parametrize(
    ("lemma", "pos", "suffix", "form"),
    [
        ("business", "n", "s", "businesses"),
        ("company", "n", "ies", "companies"),
        ("chairman", "n", "men", "chairmen"),
        ("lift", "v", "ed", "lifted"),
        ("raise", "v", "ing", "raising"),
        ("carry", "v", "s", "carries"),
        ("financial institution", "n", "s", "financial institutions"),
        ("happy", "a", "er", None),
        ("go", "v", "s", "goes"),
        ("have", "v", "s", "has"),  # the exception, not "haves"
        ("bring", "v", "ed", "brought"),
        ("stop", "v", "ed", "stopped"),
        ("stop", "v", "ing", "stopping"),  # the exception, not "stoping"
        ("lie", "v", "ing", "lying"),
        ("bring up", "v", "ed", "brought up"),  # a verb's first word
        ("board", "n", "", "board"),
    ],
)
def test_inflect(lemma: str, pos: str, suffix: str, form: str | None) -> None:
    """Irregular forms as WordNet's exception lists give them (base -> forms)."""
    irregular = {
        "stop": ["stopped", "stopping"],
        "have": ["had", "has"],
        "bring": ["brought"],
        "lie": ["lain", "lay", "lying"],
    }
    assert wd.inflect(lemma, pos, suffix, irregular) == form


# -- the damage ----------------------------------------------------------------------------

SENTENCES = [
    "The council raised concerns about the engine and the decision of the board .",
    "Children were happy that the council decided to raise the concerns in March .",
    "A council of the company decided on the engine , and the board was happy .",
]


def undo(example: wd.Example) -> list[str]:
    """The sentence before ``example.edits``: their positions are in the final sentence,
    so they are undone from the right."""
    words = list(example.words)
    for edit in sorted(example.edits, key=lambda e: e.at, reverse=True):
        words[edit.at : edit.at + len(edit.new)] = list(edit.old)
    return words


def bad_positions(example: wd.Example) -> set[int]:
    """Where each edit left its mark, in the final sentence's positions."""
    marks: set[int] = set()
    for edit in example.edits:
        if edit.kind == "drop":
            after = example.words[edit.at]
            marks.add(edit.at if after[0].isalnum() else edit.at - 1)
        else:
            marks.update(range(edit.at, edit.at + len(edit.new)))
    return marks


@pytest.mark.parametrize("seed", range(60))
def test_labels_are_exactly_the_changed_words(wn: WordNet, seed: int) -> None:
    rng = random.Random(seed)
    words = wd.tokenize(SENTENCES[seed % len(SENTENCES)])
    example = wd.damage(words, rng, wn, clean_share=0.0)
    assert example.edits, "every sentence here offers something to damage"
    assert len(example.labels) == len(example.words)
    assert undo(example) == words
    assert {i for i, label in enumerate(example.labels) if label} == bad_positions(example)
    for edit in example.edits:
        if edit.kind == "wrong_sense":
            assert " ".join(edit.new) in wd.wrong_sense_candidates(wn, edit.old[0])
        elif edit.kind == "related":
            assert " ".join(edit.new) in wd.related_candidates(wn, edit.old[0])


def test_every_kind_of_damage_occurs(wn: WordNet) -> None:
    rng = random.Random(1)
    kinds = {
        edit.kind
        for n in range(200)
        for edit in wd.damage(wd.tokenize(SENTENCES[n % 3]), rng, wn, clean_share=0.0).edits
    }
    assert kinds == {"wrong_sense", "related", "self_coordination", "drop"}


def test_self_coordination_and_drop(wn: WordNet) -> None:
    example = wd.Example(wd.tokenize("Muslims and Islam ."), [0, 0, 0, 0])
    assert wd.self_coordination(example, random.Random(0), wn)
    assert example.words == ["Muslims", "and", "Muslims", "."]
    assert example.labels == [0, 0, 1, 0]
    example = wd.Example(wd.tokenize("He went to the market ."), [0] * 6)
    assert wd.drop(example, random.Random(0), wn)
    assert len(example.words) == 5 and sum(example.labels) == 1
    assert undo(example) == wd.tokenize("He went to the market .")


def test_clean_share_leaves_sentences_alone(wn: WordNet) -> None:
    words = wd.tokenize(SENTENCES[0])
    example = wd.damage(words, random.Random(0), wn, clean_share=1.0)
    assert example.words == words and not any(example.labels) and not example.edits


def test_damage_does_not_draw_on_ft014s_tables(wn: WordNet) -> None:
    """The generator imports neither noise.py nor the confusion tables, and a sentence of
    FT014's own words is damaged only where WordNet offers a replacement."""
    tree = ast.parse((ROOT / "fixtext/training/word_damage.py").read_text())
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
    }
    assert not any("noise" in str(m) or "words" in str(m).split(".")[-1:] for m in imported)
    source = (ROOT / "fixtext/training/word_damage.py").read_text()
    assert "confusions" not in source.replace("confusions.tsv", "")
    table = [
        line.split("\t")
        for line in (ROOT / "fixtext/data/confusions.tsv").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    ft014_words = [row[1] for row in table if len(row) > 2 and row[1].isalpha()][:40]
    rng = random.Random(3)
    for n in range(0, len(ft014_words), 8):
        words = [*ft014_words[n : n + 8], "."]
        example = wd.damage(words, rng, wn, clean_share=0.0)
        for edit in example.edits:
            if edit.kind in ("wrong_sense", "related"):
                assert edit.old[0] in {"council", "concern", "raise", "decide", "happy"}


# -- MLQE-PE tags and the corpus -----------------------------------------------------------


def test_mlqe_tag_reader_round_trip(tmp_path: Path) -> None:
    pair = tmp_path / "xx-en"
    pair.mkdir()
    sentences = [
        (["The", "cat", "sat", "."], [0, 1, 0, 0]),
        (["A", "dog", "."], [1, 1, 0]),
        (["Fine", "."], [0, 0]),
    ]
    (pair / "train.mt.tok").write_text("\n".join(" ".join(w) for w, _ in sentences) + "\n")
    tags = [wd.format_tags(labels, gaps=n != 1) for n, (_, labels) in enumerate(sentences)]
    (pair / "train.mt.tags").write_text("\n".join(tags) + "\n")
    assert tags[0] == "OK OK OK BAD OK OK OK OK OK" and tags[1] == "BAD BAD OK"
    read = wd.read_mlqe(pair, "train")
    assert [(list(s.words), list(s.labels)) for s in read] == sentences
    assert {s.pair for s in read} == {"xx-en"} and read[0].unchanged is None
    (pair / "train.mt.txt").write_text("The cat sat.\nA dog.\nFine.\n")
    (pair / "train.pe.txt").write_text("The cat sat.\nThe dog.\nFine.\n")
    assert [s.unchanged for s in wd.read_mlqe(pair, "train")] == [True, False, True]
    (pair / "train.mt.tags").write_text("OK OK\nOK\nOK OK\n")
    with pytest.raises(ValueError, match="line 1: 2 tags for 4 words"):
        wd.read_mlqe(pair, "train")
    with pytest.raises(ValueError, match="unknown tag 'MAYBE'"):
        wd.word_tags("OK MAYBE", 2)


def test_corpus_sentences(tmp_path: Path) -> None:
    (tmp_path / "a.train.txt").write_text(
        "One two three four five six seven. Short one.\n\nEight nine ten eleven twelve thirteen.\n"
    )
    got = wd.corpus_sentences(tmp_path, ["a"], "train", 5, seed=0)
    assert sorted(s for _, s in got) == [
        "Eight nine ten eleven twelve thirteen.",
        "One two three four five six seven.",
    ]
    expected = ["Don't", "stop", ",", "U", ".", "S", ".", "man", "!"]
    assert wd.tokenize("Don't stop, U.S. man!") == expected


@pytest.mark.skipif(not wordnet.installed(), reason="WordNet is not installed (make setup)")
def test_real_wordnet_damages_ft014s_words_from_wordnet_only() -> None:
    """With the installed WordNet 3.0: FT014's own words are damaged, and every swap is one
    of WordNet's candidates, most of them outside FT014's table."""
    real = wordnet.load()
    assert "worries" in wd.wrong_sense_candidates(real, "concerns")
    table = [
        line.split("\t")
        for line in (ROOT / "fixtext/data/confusions.tsv").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    pairs = {(row[1], new) for row in table if len(row) > 2 for new in row[2].split("|")}
    rng = random.Random(5)
    swaps = []
    for right, _ in sorted(pairs)[:200]:
        if not right.isalpha():
            continue
        example = wd.damage(["The", right, "was", "there", "."], rng, real, clean_share=0.0)
        for edit in example.edits:
            if edit.kind == "wrong_sense":
                assert " ".join(edit.new) in wd.wrong_sense_candidates(real, edit.old[0])
                swaps.append((edit.old[0], " ".join(edit.new)))
            elif edit.kind == "related":
                assert " ".join(edit.new) in wd.related_candidates(real, edit.old[0])
                swaps.append((edit.old[0], " ".join(edit.new)))
    assert len(swaps) >= 20
    assert sum(swap in pairs for swap in swaps) < len(swaps) / 4


@pytest.mark.skipif(not wordnet.installed(), reason="WordNet is not installed (make setup)")
def test_real_wordnet_reads_synsets_at_their_byte_offsets() -> None:
    """WordNet 3.0's offsets are byte offsets: a synset is read where it lies, without
    parsing the whole data file, and equals the one the whole file gives."""
    lazy = WordNet(wordnet.install_dir())
    looked_up = {pos: lazy.synsets(word, pos) for word, pos in [("council", "n"), ("raise", "v")]}
    assert lazy._data == {}  # nothing parsed whole
    whole = WordNet(wordnet.install_dir())
    for pos, synsets in looked_up.items():
        assert synsets and all(s == whole.data(pos)[s.offset] for s in synsets)


def test_a_data_file_whose_offsets_are_not_byte_offsets_is_parsed_whole(wn: WordNet) -> None:
    assert wn.synset("n", 100).lemmas == ("council", "board")  # the tiny file's offsets
