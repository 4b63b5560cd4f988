"""Findings ignored outside the text: the ``.fixtext-ignore.toml`` sidecar.

``fixtext review`` records what an editor chooses to ignore in a sidecar file in the
reviewed file's folder, so nothing editorial goes into the copy. One sidecar per folder,
one table per file name::

    ["port-strike.txt"]
    rules = ["FT005"]                  # ignored in the whole file

    [["port-strike.txt".sentences]]    # ignored in one sentence
    rule = "FT003"
    sentence = "One crane driver, who has worked at the port for for 19 years, said ..."

A sentence is recorded by its text with runs of white space collapsed to one space, so the
ignore survives edits elsewhere in the file (and a re-wrap), and lapses when the sentence
itself changes. ``check``, ``fix`` and ``review`` drop the findings it names (the
pipeline filters them, see :meth:`Ignores.drops`); stdin has no sidecar.
"""

from __future__ import annotations

import bisect
import contextlib
import json
import os
import tempfile
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fixtext.document import Document
from fixtext.formats import prose_view
from fixtext.inputs import InputError, printable, write_atomic

SIDECAR = ".fixtext-ignore.toml"
_HEADER = """\
# Findings ignored by `fixtext review`, kept outside the text. `fixtext check`, `fix` and
# `review` skip them: `rules` in the whole file, `sentences` a rule in one sentence (its
# text, white space collapsed). Edit or delete entries freely.
"""


class IgnoreFileError(Exception):
    """A sidecar that cannot be read or written; the message is one line (exit 2)."""


def normalize(sentence: str) -> str:
    """``sentence`` with runs of white space collapsed to one space, trimmed."""
    return " ".join(sentence.split())


@dataclass(frozen=True)
class Ignores:
    """What one file's sidecar entry ignores: ``rules`` in the whole file, and
    ``sentences``, pairs of (rule, normalized sentence text)."""

    rules: frozenset[str] = frozenset()
    sentences: frozenset[tuple[str, str]] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.rules or self.sentences)

    def drops(self, rule: str, sentence: str | None) -> bool:
        """True when a finding of ``rule`` in ``sentence`` (normalized; None: in no
        sentence) is ignored."""
        if rule in self.rules:
            return True
        return sentence is not None and (rule, sentence) in self.sentences

    def added(
        self, rules: Iterable[str] = (), sentences: Iterable[tuple[str, str]] = ()
    ) -> Ignores:
        """These ignores and more."""
        return Ignores(self.rules | frozenset(rules), self.sentences | frozenset(sentences))

    def carried(
        self, old: str, new: str, edits: Sequence[tuple[int, int, str]], fmt: str = "text"
    ) -> Ignores:
        """These ignores, plus what the ignored sentences of ``old`` read as in ``new``,
        ``old`` with ``edits`` (non-overlapping ``(start, end, replacement)`` in offsets of
        ``old``) applied: so a fix elsewhere in an ignored sentence keeps it ignored."""
        if not self.sentences:
            return self
        rules_of: dict[str, list[str]] = {}
        for rule, sentence in self.sentences:
            rules_of.setdefault(sentence, []).append(rule)
        after = SentenceIndex(new, fmt)
        more: list[tuple[str, str]] = []
        for start, end, key in SentenceIndex(old, fmt).spans:
            if key in rules_of:
                moved = after.key(_moved(start, edits), _moved(end, edits))
                if moved is not None and moved != key:
                    more.extend((rule, moved) for rule in rules_of[key])
        return self.added(sentences=more)


def _moved(offset: int, edits: Sequence[tuple[int, int, str]]) -> int:
    """Where ``offset`` is once ``edits`` ending at or before it are applied."""
    return offset + sum(len(new) - (end - start) for start, end, new in edits if end <= offset)


class SentenceIndex:
    """The sentences of a file (of its prose, for Markdown and HTML) in file offsets,
    each with the normalized text an ignore records."""

    def __init__(self, text: str, fmt: str = "text") -> None:
        view = prose_view(text, fmt)
        spans: list[tuple[int, int, str]] = []
        for sentence in Document(view.text).sentences:
            start, end, _ = view.to_original(sentence.start, sentence.end)
            spans.append((start, end, normalize(sentence.text)))
        self._spans = sorted(spans)
        self._starts = [s for s, _, _ in self._spans]

    @property
    def spans(self) -> list[tuple[int, int, str]]:
        """Every sentence: (start, end, normalized text), in file order."""
        return list(self._spans)

    def _find(self, start: int, end: int) -> tuple[int, int, str] | None:
        index = bisect.bisect_right(self._starts, start) - 1
        if index >= 0 and start < self._spans[index][1]:
            return self._spans[index]
        following = index + 1
        if following < len(self._spans) and self._spans[following][0] < max(end, start + 1):
            return self._spans[following]
        return None

    def key(self, start: int, end: int) -> str | None:
        """The normalized text of the sentence holding offset ``start``, else of the first
        sentence overlapping ``start``..``end``; None when there is none."""
        found = self._find(start, end)
        return None if found is None else found[2]

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The file offsets of the sentence :meth:`key` reads."""
        found = self._find(start, end)
        return None if found is None else found[:2]


def sidecar_path(path: str | Path) -> Path:
    """The sidecar that holds ``path``'s ignores: ``.fixtext-ignore.toml`` beside it."""
    return Path(path).parent / SIDECAR


def _load_table(sidecar: Path) -> dict[str, Any]:
    try:
        table = tomllib.loads(sidecar.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise IgnoreFileError(f"{printable(sidecar)}: cannot read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise IgnoreFileError(f"{printable(sidecar)}: invalid TOML ({exc})") from None
    for name, entry in table.items():
        _parse_entry(sidecar, name, entry)
    return table


def _parse_entry(sidecar: Path, name: str, entry: Any) -> Ignores:
    where = f"{printable(sidecar)}: [{json.dumps(name, ensure_ascii=False)}]"
    if not isinstance(entry, dict):
        raise IgnoreFileError(f"{where} must be a table")
    unknown = set(entry) - {"rules", "sentences"}
    if unknown:
        raise IgnoreFileError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    rules = entry.get("rules", [])
    if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
        raise IgnoreFileError(f"{where}: rules must be a list of rule codes")
    pairs = []
    for item in entry.get("sentences", []):
        if (
            not isinstance(item, dict)
            or set(item) != {"rule", "sentence"}
            or not all(isinstance(v, str) for v in item.values())
        ):
            raise IgnoreFileError(f"{where}: each of sentences needs a rule and a sentence")
        pairs.append((item["rule"], normalize(item["sentence"])))
    return Ignores(frozenset(rules), frozenset(pairs))


def load_ignores(path: str | Path) -> Ignores:
    """The ignores the sidecar beside ``path`` records for it (none for stdin, ``-``);
    raises :class:`IgnoreFileError` for a sidecar that is not valid."""
    if str(path) == "-":
        return Ignores()
    sidecar = sidecar_path(path)
    table = _load_table(sidecar)
    name = Path(path).name
    return _parse_entry(sidecar, name, table[name]) if name in table else Ignores()


def _string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's; DEL must be escaped too)."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def render(entries: dict[str, Ignores]) -> str:
    """The sidecar's text for ``entries`` (file name -> ignores), sorted."""
    parts = [_HEADER]
    for name in sorted(entries):
        ignores = entries[name]
        key = _string(name)
        parts.append(f"\n[{key}]\n")
        rules = ", ".join(_string(rule) for rule in sorted(ignores.rules))
        parts.append(f"rules = [{rules}]\n")
        for rule, sentence in sorted(ignores.sentences):
            parts.append(
                f"\n[[{key}.sentences]]\nrule = {_string(rule)}\nsentence = {_string(sentence)}\n"
            )
    return "".join(parts)


def save_ignores(path: str | Path, more: Ignores) -> Path:
    """Add ``more`` to what the sidecar beside ``path`` records for it, writing the sidecar
    atomically (other files' entries kept); returns the sidecar's path."""
    sidecar = sidecar_path(path)
    table = _load_table(sidecar)
    entries = {name: _parse_entry(sidecar, name, entry) for name, entry in table.items()}
    name = Path(path).name
    current = entries.get(name, Ignores())
    entries[name] = current.added(more.rules, more.sentences)
    text = render(entries)
    try:
        if sidecar.exists():
            write_atomic(sidecar, text)
        else:
            _write_new(sidecar, text)
    except InputError as exc:
        raise IgnoreFileError(str(exc)) from None
    return sidecar


def _write_new(path: Path, text: str) -> None:
    """Create ``path`` with ``text``: a temporary file in the same folder, then a rename."""
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".fixtext", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise InputError(f"{printable(path)}: cannot write ({exc.strerror or exc})") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
