"""Read a text and split it into paragraphs and sentences with exact offsets.

Nothing here changes the text: every :class:`Segment` is a pair of code-point offsets
into :attr:`Document.text`, so ``doc.text[s.start:s.end] == s.text`` always holds and
whatever is not repaired comes out byte for byte.

Splitting rules, chosen to stay safe around look-alikes of damage:

* a paragraph is a run of non-blank lines; blank lines separate paragraphs;
* inside a paragraph a line break ends a sentence unless the line is a hard-wrapped
  continuation (the line ends in a lower-case letter or comma and the next starts
  lower-case);
* inside a line, a sentence ends at ``.``, ``!`` or ``?`` (with any closing quotes or
  brackets) followed by white space and an upper-case letter, digit or opening quote,
  except after abbreviations ("Mr.", "No.", "U.S.", "a.m."), initials ("J. K.") and
  inside ellipses followed by lower case. A full stop followed by a lower-case word does
  *not* end a sentence: that is exactly the spurious break the rules look for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st no nos vs etc e.g i.e u.s u.k u.n a.m p.m jan feb mar apr jun "
    "jul aug sep sept oct nov dec gen col lt sgt capt cmdr adm rep sen gov pres inc ltd co "
    "corp jr sr mt ft fig figs approx dept est vol ch pp ed eds rev hon messrs mme mlle "
    "cf al ca op art sec".split()
)

_SENTENCE_END = re.compile(r"[.!?]+[\"'”’»)\]]*(?=\s)")
_OPENER = re.compile(r"\s+[\"'“‘«(\[]*[A-Z0-9À-ÖØ-Þ]")
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_SPACE = re.compile(r"\s*")


@dataclass(frozen=True)
class Segment:
    """A span of the document: ``text == document.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Sentence(Segment):
    """A sentence, with the index of the paragraph it belongs to."""

    paragraph: int


@dataclass(frozen=True)
class Document:
    """A text with its paragraphs and sentences. ``path`` is ``-`` for stdin; ``format``
    is ``text``, ``markdown`` or ``html`` (see :mod:`fixtext.formats`)."""

    text: str
    path: str = "-"
    format: str = "text"

    @classmethod
    def from_file(cls, path: Path, fmt: str | None = None) -> Document:
        """Read ``path`` as UTF-8 (raises :class:`InputError` on bad input); the format
        is ``fmt`` or guessed from the extension."""
        from fixtext.formats import detect_format
        from fixtext.inputs import read_text

        return cls(read_text(path), str(path), detect_format(str(path), fmt))

    @property
    def paragraphs(self) -> list[Segment]:
        """Runs of non-blank lines, trimmed of surrounding white space."""
        return split_paragraphs(self.text)

    @property
    def sentences(self) -> list[Sentence]:
        """Every sentence of every paragraph, in order."""
        out: list[Sentence] = []
        for index, para in enumerate(self.paragraphs):
            for start, end in split_sentences(para.text):
                s, e = para.start + start, para.start + end
                out.append(Sentence(s, e, self.text[s:e], index))
        return out

    def line_column(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a code-point offset."""
        line = self.text.count("\n", 0, offset) + 1
        column = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return line, column


def sentence_at(sentences: list[Sentence], offset: int) -> Sentence | None:
    """The sentence of ``sentences`` that holds the character at ``offset``, if any."""
    return next((s for s in sentences if s.start <= offset < s.end), None)


def split_paragraphs(text: str) -> list[Segment]:
    """Split on blank lines; each paragraph is trimmed of surrounding white space."""
    out: list[Segment] = []
    pos = 0
    for match in [*_BLANK_LINE.finditer(text), None]:
        end = match.start() if match else len(text)
        chunk = text[pos:end]
        stripped = chunk.strip()
        if stripped:
            s = pos + (len(chunk) - len(chunk.lstrip()))
            out.append(Segment(s, s + len(stripped), stripped))
        if match:
            pos = match.end() - 1  # keep the last newline with the next paragraph's lead
    return out


def split_sentences(paragraph: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the sentences of one paragraph."""
    bounds: list[tuple[int, int]] = []
    line_start = 0
    lines = paragraph.split("\n")
    pending_start: int | None = None
    for i, line in enumerate(lines):
        line_end = line_start + len(line)
        for s, e in _split_line(line):
            if pending_start is not None:
                s = pending_start - line_start
                pending_start = None
            bounds.append((line_start + s, line_start + e))
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if bounds and _is_continuation(line, nxt) and bounds[-1][1] == line_end - _trail(line):
            pending_start = bounds.pop()[0]
        line_start = line_end + 1
    if pending_start is not None:  # paragraph ended inside a wrapped sentence
        bounds.append((pending_start, len(paragraph.rstrip())))
    return [(s, e) for s, e in bounds if e > s]


def _trail(line: str) -> int:
    return len(line) - len(line.rstrip())


def _is_continuation(line: str, next_line: str) -> bool:
    tail, head = line.rstrip(), next_line.lstrip()
    return bool(tail and head) and (tail[-1].islower() or tail[-1] == ",") and head[0].islower()


def _split_line(line: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    lead = len(line) - len(line.lstrip())
    start = lead
    if start >= len(line):
        return out
    for match in _SENTENCE_END.finditer(line):
        end = match.end()
        if end <= start or not _OPENER.match(line, end):
            continue
        if _is_abbreviation(line[start:end]):
            continue
        out.append((start, end))
        start = _SPACE.match(line, end).end()  # no copy of the rest: linear time
    tail_end = len(line.rstrip())
    if tail_end > start:
        out.append((start, tail_end))
    return out


def _is_abbreviation(sentence: str) -> bool:
    """True when the final full stop belongs to an abbreviation or an initial."""
    text = sentence.rstrip("\"'”’»)]")
    if not text.endswith(".") or text.endswith(".."):
        return False
    match = _WORD_BEFORE.search(text)
    if not match:
        return False
    word = match.group(1)
    if len(word) == 1 and word.isupper():  # an initial: "J. K. Rowling"
        return True
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):  # U.S. / a.m. / e.g.
        return True
    return word.lower() in ABBREVIATIONS
