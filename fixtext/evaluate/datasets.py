"""Loaders for evaluation sets: each returns a list of :class:`Example`.

Kinds (what :func:`load_set` looks for):

* **parallel** — a directory of ``<name>.txt`` (garbled) beside ``<name>.clean.txt``
  (correct), line for line, like ``examples/``; blank lines are skipped. A ``.txt``
  without a ``.clean.txt`` is correct text: each of its lines is its own reference.
* **mt-postedit** — ``dev.mt.txt`` (machine translation, the source) and ``dev.pe.txt``
  (its human post-edit, the reference), as in ``../shared/eval/mt-postedit/<pair>/``;
  with ``dev.mt.tok`` and ``dev.mt.tags`` (MLQE-PE's tokens and their OK/BAD tags) each
  source's words carry their tags.
* **jfleg** — ``dev.src.txt`` and ``dev.ref0.txt`` .. ``dev.ref3.txt``.
* **synthetic** — a held-out corpus file (one paragraph per line) whose sentences are
  damaged by a ``noise(sentence, rng)`` callable; the clean sentence is the reference.
* **clean** — a corpus file read as it is: each paragraph is its own reference, so the
  only figures are how many paragraphs a repair changes and flags.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fixtext.document import split_sentences
from fixtext.evaluate.metrics import TaggedWord

Noise = Callable[[str, random.Random], str]
"""Damages one sentence, drawing its choices from the given random generator."""


class DatasetError(Exception):
    """An evaluation set is missing, malformed or of an unknown kind."""


@dataclass(frozen=True)
class Example:
    """One source sentence (or line) and the correct versions of it."""

    source: str
    references: tuple[str, ...]
    #: The source's words with their OK/BAD tags, where the set has tags.
    tags: tuple[TaggedWord, ...] = ()


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _aligned_rows(source: Path, *others: Path) -> list[tuple[int, str, tuple[str, ...]]]:
    """(line number, source line, the other files' lines) of line-aligned files, each read
    once, skipping lines blank in every file."""
    src = _lines(source)
    columns = [_lines(r) for r in others]
    for path, lines in zip(others, columns, strict=True):
        if len(lines) != len(src):
            raise DatasetError(f"{path} has {len(lines)} lines, {source} has {len(src)}")
    out = []
    for number, (line, *alts) in enumerate(zip(src, *columns, strict=True), 1):
        if not line.strip() and not any(a.strip() for a in alts):
            continue
        if not line.strip() or not all(a.strip() for a in alts):
            raise DatasetError(f"{source}:{number}: blank in some files but not others")
        out.append((number, line, tuple(alts)))
    return out


def _aligned(source: Path, *references: Path) -> list[Example]:
    """Zip line-aligned files into examples, skipping lines blank in every file."""
    return [Example(line, alts) for _, line, alts in _aligned_rows(source, *references)]


def load_parallel(directory: Path) -> list[Example]:
    """Load every ``<name>.txt`` of ``directory`` with its ``<name>.clean.txt``, by name.

    A ``<name>.txt`` with no ``<name>.clean.txt`` is taken as correct text (its lines
    are their own references); a ``.clean.txt`` with no ``.txt`` is an error.
    """
    out: list[Example] = []
    for clean in sorted(directory.glob("*.clean.txt")):
        if not clean.with_name(clean.name.removesuffix(".clean.txt") + ".txt").is_file():
            raise DatasetError(f"{clean} has no garbled counterpart")
    for path in sorted(directory.glob("*.txt")):
        if path.name.endswith(".clean.txt"):
            continue
        clean = path.with_name(path.name.removesuffix(".txt") + ".clean.txt")
        out += _aligned(path, clean) if clean.is_file() else _aligned(path, path)
    return out


def load_mt_postedit(directory: Path) -> list[Example]:
    """Load ``dev.mt.txt`` with its post-edit ``dev.pe.txt`` as the one reference, and,
    where ``dev.mt.tok`` and ``dev.mt.tags`` are there, each word's tag."""
    source, post_edits = directory / "dev.mt.txt", directory / "dev.pe.txt"
    tok, tags = directory / "dev.mt.tok", directory / "dev.mt.tags"
    if not (tok.is_file() and tags.is_file()):
        return _aligned(source, post_edits)
    return [
        Example(text, (post_edit,), tagged_words(text, words.split(), marks.split(), f"{tok}:{n}"))
        for n, text, (post_edit, words, marks) in _aligned_rows(source, post_edits, tok, tags)
    ]


def tagged_words(
    text: str, tokens: list[str], tags: list[str], where: str
) -> tuple[TaggedWord, ...]:
    """Each token of ``text`` (found in order) with its tag, read by :func:`word_labels`."""
    try:
        labels = word_labels(tags, len(tokens))
    except ValueError:
        raise DatasetError(f"{where}: {len(tags)} OK/BAD tags for {len(tokens)} tokens") from None
    out: list[TaggedWord] = []
    at = 0
    for token, bad in zip(tokens, labels, strict=True):
        start = text.find(token, at)
        if start < 0 or text[at:start].strip():
            raise DatasetError(f"{where}: token {token!r} is not next in the text")
        at = start + len(token)
        out.append((start, at, bad))
    return tuple(out)


def word_labels(tags: Sequence[str], n_words: int) -> tuple[bool, ...]:
    """Whether each of ``n_words`` words is tagged BAD: ``tags`` holds an OK/BAD tag a
    word or, as MLQE-PE's ``.tags`` files do, a gap tag before, between and after them
    (``gap word gap ... word gap``), of which only the words' are read. Raises
    ``ValueError`` for another count of tags or a tag neither OK nor BAD."""
    if len(tags) == 2 * n_words + 1:
        tags = tags[1::2]
    elif len(tags) != n_words:
        raise ValueError(f"{len(tags)} tags for {n_words} words")
    unknown = set(tags) - {"OK", "BAD"}
    if unknown:
        raise ValueError(f"unknown tag {min(unknown)!r}")
    return tuple(tag == "BAD" for tag in tags)


def load_jfleg(directory: Path) -> list[Example]:
    """Load ``dev.src.txt`` with every ``dev.ref<k>.txt`` (k = 0, 1, ...) as references."""
    refs = sorted(directory.glob("dev.ref*.txt"), key=lambda p: int(p.name[7:-4]))
    if not refs:
        raise DatasetError(f"{directory}: no dev.ref<k>.txt files")
    return _aligned(directory / "dev.src.txt", *refs)


def load_synthetic(
    corpus: Path, noise: Noise, *, seed: int = 0, limit: int | None = None
) -> list[Example]:
    """Damage the sentences of a held-out corpus file with ``noise``.

    Sentences are split with :func:`fixtext.document.split_sentences`; each example is
    ``Example(noise(sentence, rng), (sentence,))`` with one ``random.Random(seed)`` shared
    in corpus order, so a seed gives the same set every time. ``limit`` keeps the first
    that many sentences. Noise that leaves a sentence unchanged yields a clean example.
    """
    rng = random.Random(seed)
    out: list[Example] = []
    for paragraph in _lines(corpus):
        for start, end in split_sentences(paragraph):
            if limit is not None and len(out) >= limit:
                return out
            sentence = paragraph[start:end]
            out.append(Example(noise(sentence, rng), (sentence,)))
    return out


def load_clean(corpus: Path, *, limit: int | None = None) -> list[Example]:
    """The first ``limit`` non-blank paragraphs of a corpus file, each its own reference."""
    paragraphs = [line for line in _lines(corpus) if line.strip()][:limit]
    return [Example(p, (p,)) for p in paragraphs]


def load_set(
    path: Path | str,
    noise: Noise | None = None,
    *,
    seed: int = 0,
    limit: int | None = None,
    clean: bool = False,
) -> list[Example]:
    """Load the set at ``path``, detecting its kind from the files present.

    A file is a corpus for :func:`load_synthetic` (``noise`` required; ``seed`` and
    ``limit`` apply to it only), or with ``clean`` for :func:`load_clean`. A directory is
    mt-postedit if it has ``dev.mt.txt`` and ``dev.pe.txt``, jfleg if it has
    ``dev.src.txt``, parallel if it has ``*.txt`` files; anything else raises
    :class:`DatasetError`.
    """
    path = Path(path)
    if path.is_file() and clean:
        return load_clean(path, limit=limit)
    if clean:
        raise DatasetError(f"{path}: a clean set is a corpus file")
    if path.is_file():
        if noise is None:
            raise DatasetError(f"{path} is a corpus file: a synthetic set needs a noise function")
        return load_synthetic(path, noise, seed=seed, limit=limit)
    if not path.is_dir():
        raise DatasetError(f"{path}: no such file or directory")
    if (path / "dev.mt.txt").is_file() and (path / "dev.pe.txt").is_file():
        return load_mt_postedit(path)
    if (path / "dev.src.txt").is_file():
        return load_jfleg(path)
    if any(path.glob("*.txt")):
        return load_parallel(path)
    raise DatasetError(
        f"{path}: unknown kind of set; expected dev.mt.txt + dev.pe.txt (mt-postedit), "
        "dev.src.txt + dev.ref<k>.txt (jfleg), <name>.txt [+ <name>.clean.txt] "
        "(parallel) or a corpus file with a noise function (synthetic)"
    )
