"""Princeton WordNet 3.0, read from Debian's ``wordnet-base`` package: synonym sets and
related words, an independent thesaurus for the word-damage generator (issue 22).

:func:`install` (run by ``make setup``; idempotent) fetches the pinned package
(:data:`PACKAGE` ``=`` :data:`VERSION`) with ``apt-get download``, checks its SHA-256,
takes the dictionary files (``usr/share/wordnet/``) and the copyright file out of the
``.deb`` (an ``ar`` archive holding ``data.tar.xz``) without dpkg, and puts them in
``<cache>/wordnet/wordnet-base-3.0-37/`` with a marker written last. :func:`load`
returns a :class:`WordNet` over that folder (or any folder of WordNet's ``index.*`` and
``data.*`` files: tests write tiny ones), cached per folder; each part of speech is read
on first use. The licence (the WordNet 3.0 licence, BSD-like) is in
``models/bert-detector/README.md``.

The file format is WordNet's ``wndb(5)``: ``index.POS`` lines ``lemma pos synset_cnt
p_cnt [ptr_symbol ...] sense_cnt tagsense_cnt synset_offset ...`` with the offsets in
order of sense frequency (the first is the word's commonest sense), and ``data.POS``
lines ``offset lex_filenum ss_type w_cnt(hex) word lex_id(hex) ... p_cnt pointer ...
[frames] | gloss``, each pointer ``symbol offset pos source/target`` (two hex bytes:
the source and target word numbers, 0000 for a pointer between whole synsets).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fixtext.cache import cache_home, file_lock

PACKAGE = "wordnet-base"
VERSION = "1:3.0-37"  # Debian bookworm's
#: SHA-256 of ``wordnet-base_3.0-37_all.deb`` (6,467,132 bytes), as in Debian's Packages.
DEB_SHA256 = "61060d960f9ada8fa120872312eccd3ecebfbab8c4579e4f5a74e1cf67620752"
DEB_SIZE = 6_467_132
FOLDER = "wordnet-base-3.0-37"
MARKER = "fixtext-install.json"
POS = ("n", "v", "a", "r")
FILE_POS = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
#: The files install() keeps (``*.exc``: irregular forms, used by :meth:`WordNet.base_forms`).
DATA_FILES = tuple(f"{kind}.{FILE_POS[p]}" for p in POS for kind in ("index", "data")) + tuple(
    f"{FILE_POS[p]}.exc" for p in POS
)
#: Pointer symbols of related words: derivationally related form, also see, similar to,
#: pertainym / derived from (an adjective's noun, an adverb's adjective).
RELATED_POINTERS = frozenset({"+", "^", "&", "\\"})
#: ``morphy``'s detachment rules (WordNet's ``morph.c``): suffix, replacement.
SUFFIX_RULES: dict[str, tuple[tuple[str, str], ...]] = {
    "n": (
        ("s", ""),
        ("ses", "s"),
        ("xes", "x"),
        ("zes", "z"),
        ("ches", "ch"),
        ("shes", "sh"),
        ("men", "man"),
        ("ies", "y"),
    ),
    "v": (
        ("s", ""),
        ("ies", "y"),
        ("es", "e"),
        ("es", ""),
        ("ed", "e"),
        ("ed", ""),
        ("ing", "e"),
        ("ing", ""),
    ),
    "a": (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
    "r": (),
}

Progress = Callable[[str], None]


class WordNetUnavailable(Exception):
    """WordNet cannot be installed or read; the message says why."""


@dataclass(frozen=True)
class Pointer:
    symbol: str
    pos: str
    offset: int
    source: int  # 1-based word number in this synset; 0: the whole synset
    target: int  # 1-based word number in the target synset; 0: the whole synset


@dataclass(frozen=True)
class Synset:
    pos: str  # n, v, a (satellites included) or r
    offset: int
    lemmas: tuple[str, ...]  # as written in WordNet: underscores between words
    pointers: tuple[Pointer, ...]

    def words(self) -> list[str]:
        """The lemmas with spaces: ``"financial institution"``."""
        return [lemma.replace("_", " ") for lemma in self.lemmas]


def _parse_synset(pos: str, line: str) -> Synset:
    """One line of a ``data.POS`` file."""
    fields = line.split(" | ", 1)[0].split()
    offset, w_cnt = int(fields[0]), int(fields[3], 16)
    lemmas = tuple(re.sub(r"\([a-z]+\)$", "", fields[4 + 2 * i]) for i in range(w_cnt))
    at = 4 + 2 * w_cnt
    pointers = []
    for _ in range(int(fields[at])):
        symbol, target, target_pos, numbers = fields[at + 1 : at + 5]
        pointers.append(
            Pointer(
                symbol,
                "a" if target_pos == "s" else target_pos,
                int(target),
                int(numbers[:2], 16),
                int(numbers[2:], 16),
            )
        )
        at += 4
    return Synset(pos, offset, lemmas, tuple(pointers))


def _key(lemma: str) -> str:
    return lemma.lower().replace(" ", "_")


class WordNet:
    """The dictionary in ``directory``; an index is parsed on first use, a synset read
    at its byte offset when first asked for."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._index: dict[str, dict[str, tuple[int, ...]]] = {}
        self._data: dict[str, dict[int, Synset]] = {}
        self._synsets: dict[tuple[str, int], Synset] = {}
        self._bytes: dict[str, bytes] = {}
        self._exceptions: dict[str, dict[str, tuple[str, ...]]] = {}
        self._irregular: dict[str, dict[str, list[str]]] = {}
        self._pertaining: dict[str, list[str]] | None = None

    def _read(self, name: str) -> Iterable[str]:
        path = self.directory / name
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError as error:
            raise WordNetUnavailable(f"cannot read {path}: {error.strerror}") from error
        return (line for line in text.splitlines() if line and not line.startswith(" "))

    def index(self, pos: str) -> dict[str, tuple[int, ...]]:
        """lemma (lower case, underscores) -> its synset offsets, commonest sense first."""
        if pos not in self._index:
            table: dict[str, tuple[int, ...]] = {}
            for line in self._read(f"index.{FILE_POS[pos]}"):
                fields = line.split()
                p_cnt = int(fields[3])
                table[fields[0]] = tuple(int(o) for o in fields[6 + p_cnt :])
            self._index[pos] = table
        return self._index[pos]

    def data(self, pos: str) -> dict[int, Synset]:
        """offset -> synset, for one part of speech (the whole file parsed)."""
        if pos not in self._data:
            table: dict[int, Synset] = {}
            for line in self._read(f"data.{FILE_POS[pos]}"):
                synset = _parse_synset(pos, line)
                table[synset.offset] = synset
            self._data[pos] = table
        return self._data[pos]

    def synset(self, pos: str, offset: int) -> Synset:
        """The synset at ``offset``: read from that byte of the data file (WordNet's
        offsets are byte offsets), or, where the line there does not carry that offset,
        from the whole file parsed."""
        key = (pos, offset)
        if key not in self._synsets:
            if pos in self._data:
                self._synsets[key] = self._data[pos][offset]
            else:
                raw = self._raw(pos)
                end = raw.find(b"\n", offset)
                line = raw[offset : end if end >= 0 else len(raw)].decode("utf-8", "replace")
                if (
                    offset
                    and raw[offset - 1 : offset] == b"\n"
                    and line.startswith(f"{offset:08d} ")
                ):
                    self._synsets[key] = _parse_synset(pos, line)
                else:
                    self._synsets[key] = self.data(pos)[offset]
        return self._synsets[key]

    def _raw(self, pos: str) -> bytes:
        if pos not in self._bytes:
            path = self.directory / f"data.{FILE_POS[pos]}"
            try:
                self._bytes[pos] = path.read_bytes()
            except OSError as error:
                raise WordNetUnavailable(f"cannot read {path}: {error.strerror}") from error
        return self._bytes[pos]

    def exceptions(self, pos: str) -> dict[str, tuple[str, ...]]:
        """Irregular inflected form -> base forms (``went`` -> ``go``)."""
        if pos not in self._exceptions:
            table: dict[str, tuple[str, ...]] = {}
            try:
                lines = list(self._read(f"{FILE_POS[pos]}.exc"))
            except WordNetUnavailable:
                lines = []  # optional: a folder without exception lists has none
            for line in lines:
                form, *bases = line.split()
                table[form] = tuple(bases)
            self._exceptions[pos] = table
        return self._exceptions[pos]

    def irregular(self, pos: str) -> dict[str, list[str]]:
        """Base form -> its irregular forms (``bring`` -> ``brought``), from the exceptions."""
        if pos not in self._irregular:
            table: dict[str, list[str]] = {}
            for form, bases in self.exceptions(pos).items():
                for base in bases:
                    table.setdefault(base, []).append(form)
            self._irregular[pos] = table
        return self._irregular[pos]

    def synsets(self, lemma: str, pos: str) -> list[Synset]:
        """The synsets of ``lemma`` (a base form) as ``pos``, commonest sense first."""
        return [self.synset(pos, offset) for offset in self.index(pos).get(_key(lemma), ())]

    def base_forms(self, word: str, pos: str, tail: str = "") -> list[tuple[str, str, str]]:
        """``(base, suffix, replacement)`` for each way ``word`` reads as an inflection of
        a lemma of ``pos`` (``morphy``): the word itself (``("", "")``), WordNet's
        irregular forms (suffix ``"*"``), then the detachment rules. With ``tail`` (such
        as ``"_up"``), the lemma is the base followed by ``tail``: the inflected first
        word of a verb of several words ("brought" of "bring_up")."""
        low = word.lower()
        index = self.index(pos)
        found: list[tuple[str, str, str]] = []
        if low + tail in index:
            found.append((low, "", ""))
        for base in self.exceptions(pos).get(low, ()):
            if base + tail in index and base != low:
                found.append((base, "*", ""))
        for suffix, replacement in SUFFIX_RULES[pos]:
            if low.endswith(suffix) and len(low) > len(suffix) + 1:
                base = low[: -len(suffix)] + replacement
                if base + tail in index and all(base != b for b, _, _ in found):
                    found.append((base, suffix, replacement))
        return found

    def lower_case_only(self, word: str) -> bool:
        """Whether WordNet knows ``word`` (any inflection, any part of speech) and only as
        a lower-case lemma: never as a proper noun of that spelling ("bush" is also
        "Bush", "outsiders" is only "outsider")."""
        found = False
        for pos in POS:
            for base, _, _ in self.base_forms(word, pos):
                for synset in self.synsets(base, pos):
                    for lemma in synset.words():
                        if lemma.lower() == base:
                            if lemma != base:
                                return False
                            found = True
        return found

    def synonyms(self, lemma: str, pos: str) -> list[list[str]]:
        """The other lemmas of each synset of ``lemma``, commonest sense first."""
        key = _key(lemma)
        return [
            [w for w, raw in zip(s.words(), s.lemmas, strict=True) if raw.lower() != key]
            for s in self.synsets(lemma, pos)
        ]

    def related(self, lemma: str, pos: str) -> list[tuple[str, str, str]]:
        """``(word, pos, symbol)`` related to ``lemma`` by :data:`RELATED_POINTERS`: a
        lexical pointer from this very lemma (``decide`` -> ``decision``), or a semantic
        one from a synset of it (similar to, also see), each word once."""
        key = _key(lemma)
        seen: set[tuple[str, str]] = set()
        out: list[tuple[str, str, str]] = []
        for synset in self.synsets(lemma, pos):
            number = 1 + [raw.lower() for raw in synset.lemmas].index(key)
            for pointer in synset.pointers:
                if pointer.symbol not in RELATED_POINTERS:
                    continue
                if pointer.source not in (0, number):
                    continue
                target = self.synset(pointer.pos, pointer.offset)
                words = target.words()
                chosen = words if pointer.target == 0 else [words[pointer.target - 1]]
                for word in chosen:
                    if word.lower() != key.replace("_", " ") and (word, pointer.pos) not in seen:
                        seen.add((word, pointer.pos))
                        out.append((word, pointer.pos, pointer.symbol))
        return out

    def pertaining(self, noun: str) -> list[str]:
        """The adjectives WordNet says pertain to ``noun`` (a lower-case lemma):
        ``region`` -> ``regional``. Read backwards from every adjective's pertainym
        pointers (the index is built on first use)."""
        if self._pertaining is None:
            table: dict[str, list[str]] = {}
            for synset in self.data("a").values():
                for pointer in synset.pointers:
                    if pointer.symbol != "\\" or pointer.pos != "n" or not pointer.source:
                        continue
                    target = self.synset("n", pointer.offset).words()
                    nouns = target if pointer.target == 0 else [target[pointer.target - 1]]
                    adjective = synset.words()[pointer.source - 1]
                    for word in nouns:
                        forms = table.setdefault(word.lower(), [])
                        if adjective not in forms:
                            forms.append(adjective)
            self._pertaining = table
        return self._pertaining.get(noun, [])


def install_dir(cache_dir: Path | None = None) -> Path:
    """``<cache>/wordnet/wordnet-base-3.0-37``."""
    return cache_home(cache_dir) / "wordnet" / FOLDER


def installed(cache_dir: Path | None = None) -> bool:
    home = install_dir(cache_dir)
    try:
        record = json.loads((home / MARKER).read_text())
    except (OSError, ValueError):
        return False
    return (
        isinstance(record, dict)
        and record.get("sha256") == DEB_SHA256
        and all((home / name).is_file() for name in DATA_FILES)
    )


def _apt_download(folder: Path, say: Progress) -> Path:
    """``apt-get download wordnet-base=VERSION`` into ``folder`` (after ``apt-get
    update`` when the package lists lack it and we are root); the ``.deb``'s path."""
    command = ["apt-get", "download", "-q", f"{PACKAGE}={VERSION}"]
    for attempt in range(2):
        try:
            result = subprocess.run(command, cwd=folder, capture_output=True, text=True)
        except FileNotFoundError as error:
            raise WordNetUnavailable("apt-get is not installed: cannot fetch WordNet") from error
        debs = sorted(folder.glob("*.deb"))
        if result.returncode == 0 and debs:
            return debs[0]
        if attempt == 0 and hasattr(os, "geteuid") and os.geteuid() == 0:
            say("apt-get download failed; running apt-get update ...")
            subprocess.run(["apt-get", "update", "-q"], capture_output=True)
            continue
        break
    last = (result.stderr.strip().splitlines() or ["no output"])[-1]
    raise WordNetUnavailable(f"apt-get download {PACKAGE}={VERSION} failed: {last}")


def _deb_members(deb: bytes) -> dict[str, bytes]:
    """The members of a ``.deb`` (an ``ar`` archive)."""
    if not deb.startswith(b"!<arch>\n"):
        raise WordNetUnavailable("not a .deb (no ar header)")
    members, at = {}, 8
    while at + 60 <= len(deb):
        header = deb[at : at + 60]
        name = header[:16].decode().strip().rstrip("/")
        size = int(header[48:58].decode().strip())
        members[name] = deb[at + 60 : at + 60 + size]
        at += 60 + size + (size % 2)
    return members


def extract(deb_path: Path, out: Path) -> None:
    """The dictionary files and the copyright of ``deb_path`` into ``out``."""
    members = _deb_members(deb_path.read_bytes())
    data = next((members[n] for n in members if n.startswith("data.tar")), None)
    if data is None:
        raise WordNetUnavailable(f"{deb_path.name} has no data.tar member")
    wanted = {f"./usr/share/wordnet/{name}": name for name in DATA_FILES}
    wanted["./usr/share/doc/wordnet-base/copyright"] = "copyright"
    out.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        for member in archive.getmembers():
            if member.name in wanted and member.isfile():
                handle = archive.extractfile(member)
                assert handle is not None
                (out / wanted[member.name]).write_bytes(handle.read())
    missing = [name for name in wanted.values() if not (out / name).is_file()]
    if missing:
        raise WordNetUnavailable(f"{deb_path.name} lacks {missing}")


def install(cache_dir: Path | None = None, progress: Progress | None = None) -> Path:
    """Put WordNet 3.0 into the cache (idempotent) and return its folder."""
    say = progress or (lambda _message: None)
    home = install_dir(cache_dir)
    if installed(cache_dir):
        say(f"WordNet already installed in {home}")
        return home
    with file_lock(home.parent / "install.lock"):
        if installed(cache_dir):
            return home
        with tempfile.TemporaryDirectory(dir=home.parent) as scratch:
            say(f"Fetching {PACKAGE} {VERSION} with apt-get ...")
            deb = _apt_download(Path(scratch), say)
            digest = hashlib.sha256(deb.read_bytes()).hexdigest()
            if digest != DEB_SHA256:
                raise WordNetUnavailable(f"{deb.name} has SHA-256 {digest}, expected {DEB_SHA256}")
            partial = Path(scratch) / FOLDER
            extract(deb, partial)
            words = WordNet(partial)
            if not words.synsets("dog", "n") or not words.related("decide", "v"):
                raise WordNetUnavailable("the installed WordNet fails its sanity check")
            record = {"package": PACKAGE, "version": VERSION, "sha256": digest, "files": DATA_FILES}
            (partial / MARKER).write_text(json.dumps(record, indent=2) + "\n")
            shutil.rmtree(home, ignore_errors=True)
            partial.rename(home)
        say(f"WordNet installed in {home}")
        return home


@cache
def _load(directory: Path) -> WordNet:
    return WordNet(directory)


def load(directory: Path | None = None) -> WordNet:
    """The WordNet in ``directory`` or else the installed one (one instance per folder)."""
    if directory is None:
        if not installed():
            raise WordNetUnavailable(
                f"WordNet is not installed in {install_dir()}; run "
                "`python -m fixtext.lexicon.wordnet install` (part of `make setup`)"
            )
        directory = install_dir()
    return _load(Path(directory).resolve())


def main(argv: list[str] | None = None) -> int:
    """``python -m fixtext.lexicon.wordnet install``."""
    args = sys.argv[1:] if argv is None else argv
    if args != ["install"]:
        print("usage: python -m fixtext.lexicon.wordnet install", file=sys.stderr)
        return 2
    try:
        install(progress=print)
    except WordNetUnavailable as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
