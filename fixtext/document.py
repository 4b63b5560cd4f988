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
  *not* end a sentence: that is exactly the spurious break the rules look for;
* a sentence longer than :data:`MAX_SENTENCE_CHARS` (a flattened table, a file without
  full stops, one endless token) is cut into pieces of at most :data:`PIECE_CHARS`
  characters, at white space where there is some. Each piece is a :class:`Sentence`
  whose ``whole`` names the overlong sentence, so no later step works on more than that
  many characters at a time (a fix in it is verified on its piece); the rules skip such
  pieces and say so (FT099, :mod:`fixtext.detect.rules.base`).

Splitting is linear in the length of the text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st no nos vs etc e.g i.e u.s u.k u.n a.m p.m jan feb mar apr jun "
    "jul aug sep sept oct nov dec gen col lt sgt capt cmdr adm rep sen gov pres inc ltd co "
    "corp jr sr mt ft fig figs approx dept est vol ch pp ed eds rev hon messrs mme mlle "
    "cf al ca op art sec".split()
)

#: Longest sentence, in characters, that is handed on whole (see the module docstring).
#: Above the longest sentence of real prose in the training corpus, so only non-prose is
#: cut (see docs/thresholds.md).
MAX_SENTENCE_CHARS = 4000
#: Longest piece of an overlong sentence. Each fix in one is verified by a LanguageTool
#: check of its piece, whose cost grows with the piece's length (see docs/thresholds.md).
PIECE_CHARS = 1000

#: Only from the first of a run of stops: tried from inside the run it would fail again,
#: rescanning the run from each character.
_SENTENCE_END = re.compile(r"(?<![.!?])[.!?]+[\"'”’»)\]]*(?=\s)")
_OPENER = re.compile(r"\s+[\"'“‘«(\[]*[A-Z0-9À-ÖØ-Þ]")
_CLOSERS = "\"'”’»)]"
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_SPACE = re.compile(r"\s*")
_OPENING = {'"': '"', "“": "”", "«": "»", "‘": "’"}
#: Quotation marks: double ones anywhere, a single opening one at a word's start, a
#: single closing one not followed by a letter (not the apostrophe of "don’t").
_QUOTE_MARK = re.compile(r'["“”«»]|(?<!\w)‘|’(?![^\W\d_])')


@dataclass(frozen=True)
class Segment:
    """A span of the document: ``text == document.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Sentence(Segment):
    """A sentence, with the index of the paragraph it belongs to. ``whole`` is None, or,
    for a piece of a sentence longer than :data:`MAX_SENTENCE_CHARS`, the (start, end)
    document offsets of that whole sentence."""

    paragraph: int
    whole: tuple[int, int] | None = field(default=None, compare=False)


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
        """Every sentence of every paragraph, in order; an overlong sentence as its pieces."""
        out: list[Sentence] = []
        for index, para in enumerate(self.paragraphs):
            for start, end in _sentence_bounds(para.text):
                pieces = _cut(para.text, start, end)
                whole = (para.start + start, para.start + end) if len(pieces) > 1 else None
                for piece_start, piece_end in pieces:
                    s, e = para.start + piece_start, para.start + piece_end
                    out.append(Sentence(s, e, self.text[s:e], index, whole))
        return out

    @cached_property
    def _line_starts(self) -> list[int]:
        return [0, *(m.end() for m in re.finditer("\n", self.text))]

    def line_column(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a code-point offset (a binary search: a file's
        findings cost no pass over the text each)."""
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1


def sentence_at(sentences: list[Sentence], offset: int) -> Sentence | None:
    """The sentence of ``sentences`` (in document order, as :attr:`Document.sentences`
    gives them) that holds the character at ``offset``, if any."""
    index = bisect.bisect_right(sentences, offset, key=lambda s: s.start) - 1
    if index >= 0 and offset < sentences[index].end:
        return sentences[index]
    return None


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
    """Return (start, end) offsets of the sentences of one paragraph, an overlong one as
    its pieces (see :data:`MAX_SENTENCE_CHARS`)."""
    return [
        piece for start, end in _sentence_bounds(paragraph) for piece in _cut(paragraph, start, end)
    ]


def _cut(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentence ``text[start:end]``, or, when longer than :data:`MAX_SENTENCE_CHARS`,
    its pieces of at most :data:`PIECE_CHARS` characters, each ending before the last
    white space that keeps it within the limit (at the limit when there is none), none
    starting or ending with white space."""
    if end - start <= MAX_SENTENCE_CHARS:
        return [(start, end)]
    out: list[tuple[int, int]] = []
    while end - start > PIECE_CHARS:
        limit = start + PIECE_CHARS
        cut = max(text.rfind(space, start + 1, limit + 1) for space in " \n\t")
        piece_end = cut if cut > start else limit
        while text[piece_end - 1].isspace():
            piece_end -= 1
        out.append((start, piece_end))
        start = _SPACE.match(text, piece_end).end()
    out.append((start, end))
    return out


def _sentence_bounds(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of one paragraph, however long."""
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
        if _is_abbreviation(line, start, end):
            continue
        out.append((start, end))
        start = _SPACE.match(line, end).end()  # no copy of the rest: linear time
    tail_end = len(line.rstrip())
    if tail_end > start:
        out.append((start, tail_end))
    return out


def _is_abbreviation(line: str, start: int, end: int) -> bool:
    """True when the final full stop of the sentence ``line[start:end]`` (before any
    closing quotes) belongs to an abbreviation or an initial. Reads only the word before
    the stop."""
    stop = end
    while stop > start and line[stop - 1] in _CLOSERS:
        stop -= 1
    if stop == start or line[stop - 1] != "." or (stop - 2 >= start and line[stop - 2] == "."):
        return False  # no full stop, or an ellipsis
    begin = stop - 1  # the word: letters, digits, "_" and dots before the stop
    while begin > start and (line[begin - 1].isalnum() or line[begin - 1] in "_."):
        begin -= 1
    word = line[begin : stop - 1]
    if not word:
        return False
    if len(word) == 1 and word.isupper():  # an initial: "J. K. Rowling"
        return True
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):  # U.S. / a.m. / e.g.
        return True
    return word.lower() in ABBREVIATIONS


def quotations(text: str) -> list[range]:
    """The spans of ``text`` inside quotation marks, in order: “…”, «…», "…" (paired
    within a paragraph) and ‘…’ (an opening ‘ at a word's start, a closing ’ not
    followed by a letter, so "don’t" is no quotation). An unclosed quotation runs to its
    paragraph's end."""
    spans: list[range] = []
    for paragraph in split_paragraphs(text):
        opened: tuple[int, str] | None = None
        for match in _QUOTE_MARK.finditer(paragraph.text):
            mark, at = match.group(), paragraph.start + match.start()
            if opened is None and mark in _OPENING:
                opened = (at, _OPENING[mark])
            elif opened is not None and mark == opened[1]:
                spans.append(range(opened[0], at + 1))
                opened = None
        if opened is not None:
            spans.append(range(opened[0], paragraph.end))
    return spans


def quoted_at(quoted: list[range], offset: int) -> bool:
    """Whether ``offset`` lies inside one of ``quoted`` (:func:`quotations`' answer)."""
    inside = bisect.bisect_right(quoted, offset, key=lambda r: r.start) - 1
    return inside >= 0 and offset in quoted[inside]
