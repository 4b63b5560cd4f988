"""``fixtext review``: walk a file's findings one by one and decide each with one key.

Each finding is shown in reading order (merged per span as ``check`` prints them, see
:func:`fixtext.printers.report.merge_findings`): its place, rule code and name, the
sentence with the span in brackets (and in colour on a terminal that takes it; ``NO_COLOR``
turns colour off), the message, the fix and its alternatives, and the verifier's verdict.
Keys (:data:`HELP`): accept, pick an alternative, edit the span by hand, skip, ignore the
rule in this sentence or in the whole file, accept every safe fix, quit and save, quit
without saving.

Nothing is written until a file's review ends (or ``q``): the accepted edits, which never
overlap (a finding whose span overlaps an accepted edit is passed over), are applied right
to left, so no offset moves, and the file is replaced atomically; every byte outside them
is kept. Ignores go to the sidecar beside the file (:mod:`fixtext.ignores`), recorded
against the sentence as it reads after the edits.

With stdin a terminal, keys are read one at a time (termios cbreak mode); otherwise one
key per line, so a review can be scripted (``printf 'a\\ns\\nq\\n' | fixtext review f``).
The end of input saves, as ``q`` does.
"""

from __future__ import annotations

import itertools
import os
import select
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from fixtext.config import Settings
from fixtext.document import Document
from fixtext.findings import Applicability, Finding
from fixtext.ignores import IgnoreFileError, Ignores, SentenceIndex, load_ignores, save_ignores
from fixtext.inputs import InputError, printable, write_atomic
from fixtext.printers.report import FileReport, Merged
from fixtext.registry import lookup

HELP = """\
  a   accept the fix              1-9  accept that alternative
  e   edit the span by hand       s, n skip this finding
  i   ignore this rule in this sentence (recorded in .fixtext-ignore.toml)
  f   ignore this rule in this file     (recorded in .fixtext-ignore.toml)
  A   accept every remaining safe fix in this file
  q   quit: save this file's edits and ignores, review no further file
  x   quit without saving this file's edits and ignores
  ?   this help
"""

#: What :func:`review_files` needs to check one file: its findings, unmerged.
Check = Callable[[Document, Settings, Ignores], list[Finding]]

_ANSI = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "span": "1;4;31"}


class ReviewError(Exception):
    """A file or sidecar that cannot be written; the message is one line (exit 2)."""


class Quit(Exception):
    """The editor quit the review (``q`` saves this file's work, ``x`` does not)."""

    def __init__(self, save: bool) -> None:
        super().__init__("quit")
        self.save = save


class Terminal:
    """Keys in, text out: single keys in cbreak mode when ``stdin`` is a terminal, one
    key per line otherwise."""

    def __init__(
        self, stdin: TextIO | None = None, stdout: TextIO | None = None, color: bool | None = None
    ) -> None:
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.interactive = self.stdin.isatty()
        if color is None:
            color = (
                self.stdout.isatty()
                and not os.environ.get("NO_COLOR")
                and os.environ.get("TERM") != "dumb"
            )
        self.color = color

    def style(self, text: str, name: str) -> str:
        """``text`` in the style ``name`` when colour is on."""
        return f"\x1b[{_ANSI[name]}m{text}\x1b[0m" if self.color else text

    def write(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()

    def key(self, prompt: str) -> str:
        """One key ("" at the end of input; ``q`` for Ctrl-D on a terminal)."""
        if not self.interactive:
            self.write(prompt)
            line = self.stdin.readline()
            if not line:
                self.write("\n")
                return ""
            self.write(line.strip() + "\n")  # a transcript shows the key taken
            return line.strip()
        key = self._read_key(prompt)
        self.write((key if key.isprintable() else "") + "\n")
        return key

    def _read_key(self, prompt: str) -> str:
        import termios
        import tty

        fd = self.stdin.fileno()
        saved = termios.tcgetattr(fd)
        try:
            # before the prompt shows: a key typed at it is read at once, never echoed
            tty.setcbreak(fd, termios.TCSANOW)  # TCSANOW: keys typed ahead are kept
            self.write(prompt)
            data = os.read(fd, 1)
            if data == b"\x1b":  # an escape sequence (an arrow key): read and drop it
                while select.select([fd], [], [], 0.05)[0]:
                    os.read(fd, 16)
                return "\x1b"
            if data and data[0] >= 0xC0:  # the rest of a UTF-8 character
                data += os.read(fd, 3 if data[0] >= 0xF0 else 2 if data[0] >= 0xE0 else 1)
        finally:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)
        if data in (b"", b"\x04"):  # end of input, Ctrl-D
            return "q"
        return data.decode("utf-8", errors="replace")

    def line(self, prompt: str, default: str) -> str | None:
        """A line of text, offered pre-filled with ``default`` on a terminal (None when
        cancelled with Ctrl-D or at the end of input)."""
        if not self.interactive:
            self.write(prompt)
            line = self.stdin.readline()
            if not line:
                self.write("\n")
                return None
            self.write(line if line.endswith("\n") else line + "\n")
            return line.removesuffix("\n").removesuffix("\r")
        try:
            import readline
        except ImportError:  # pragma: no cover - CPython on POSIX has it
            readline = None  # type: ignore[assignment]
        if readline is not None:
            readline.set_startup_hook(lambda: readline.insert_text(default))
        try:
            return input(prompt)
        except EOFError:
            self.write("\n")
            return None
        finally:
            if readline is not None:
                readline.set_startup_hook()


@dataclass(frozen=True)
class Edit:
    """Replace ``start``..``end`` of the original text with ``replacement``."""

    start: int
    end: int
    replacement: str

    def overlaps(self, start: int, end: int) -> bool:
        """True when the span ``start``..``end`` shares a character with this edit's, or
        either is an empty point touching the other."""
        if self.start == self.end or start == end:
            return self.start <= end and start <= self.end
        return self.start < end and start < self.end


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with ``edits`` (offsets into ``text``) applied right to left, so no offset
    moves; overlapping edits are refused (ValueError)."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    for before, after in itertools.pairwise(ordered):
        if before.overlaps(after.start, after.end):
            raise ValueError(f"overlapping edits at {before.start} and {after.start}")
    for edit in reversed(ordered):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text


def moved(offset: int, edits: Sequence[Edit]) -> int:
    """Where ``offset`` of the original text is once ``edits`` (none covering it) apply."""
    return offset + sum(len(e.replacement) - (e.end - e.start) for e in edits if e.end <= offset)


@dataclass
class FileReview:
    """One file's review: the decisions taken, applied when it ends."""

    doc: Document
    merged: list[Merged]
    edits: list[Edit] = field(default_factory=list)
    accepted: set[int] = field(default_factory=set)  # indexes into merged
    ignore_file: set[str] = field(default_factory=set)
    ignore_here: list[tuple[tuple[str, ...], int, int]] = field(default_factory=list)
    ignored: set[int] = field(default_factory=set)
    passed_over: int = 0

    def __post_init__(self) -> None:
        self.sentences = SentenceIndex(self.doc.text, self.doc.format)

    def accept(self, index: int, replacement: str) -> None:
        finding = self.merged[index].finding
        self.edits.append(Edit(finding.start, finding.end, replacement))
        self.accepted.add(index)

    def blocked(self, finding: Finding) -> bool:
        """True when an accepted edit overlaps ``finding``'s span."""
        return any(e.overlaps(finding.start, finding.end) for e in self.edits)

    def is_ignored(self, finding: Finding) -> bool:
        """True when a decision taken in this review already ignores ``finding``."""
        if finding.rule in self.ignore_file:
            return True
        key = self.sentences.key(finding.start, finding.end)
        return key is not None and any(
            finding.rule in codes and self.sentences.key(start, end) == key
            for codes, start, end in self.ignore_here
        )

    def result_text(self) -> str:
        return apply_edits(self.doc.text, self.edits)

    def new_ignores(self, text: str) -> tuple[Ignores, int]:
        """The ignores to record, their sentences read in ``text`` (the file after the
        edits), and how many could not be placed in a sentence."""
        index = SentenceIndex(text, self.doc.format)
        pairs: list[tuple[str, str]] = []
        lost = 0
        for codes, start, end in self.ignore_here:
            key = index.key(moved(start, self.edits), moved(end, self.edits))
            if key is None:
                lost += 1
                continue
            pairs.extend((code, key) for code in codes if code not in self.ignore_file)
        return Ignores(frozenset(self.ignore_file), frozenset(pairs)), lost


class Reviewer:
    """Shows findings and turns keys into decisions."""

    def __init__(self, terminal: Terminal) -> None:
        self.term = terminal

    # -- showing ---------------------------------------------------------------------------

    def _context(self, review: FileReview, finding: Finding) -> str:
        """The sentence around ``finding`` (of the file's text), its span in brackets."""
        text = review.doc.text
        span = review.sentences.span(finding.start, finding.end) or _line_span(
            text, finding.start, finding.end
        )
        start, end = min(span[0], finding.start), max(span[1], finding.end)
        if end - start > 400:  # an overlong sentence: the span and a little around it
            start, end = max(start, finding.start - 120), min(end, finding.end + 120)

        def plain(piece: str) -> str:
            return printable(piece.replace("\r\n", " ").replace("\n", " ").replace("\t", " "))

        marked = self.term.style(f"[{plain(text[finding.start : finding.end])}]", "span")
        return plain(text[start : finding.start]) + marked + plain(text[finding.end : end])

    def show(self, review: FileReview, index: int, total: int) -> None:
        merged = review.merged[index]
        finding = merged.finding
        line, column = review.doc.line_column(finding.start)
        code = lookup(finding.rule)
        name = f" {code.name}" if code is not None else ""
        also = f"; also {', '.join(merged.also)}" if merged.also else ""
        where = f"{printable(review.doc.path)}:{line}:{column}:"
        out = [
            "",
            f"[{index + 1}/{total}] {self.term.style(where, 'bold')} "
            f"{self.term.style(finding.rule, 'red')}{name} ({finding.source.value}, "
            f"{finding.confidence:.2f}{also})",
            f"  {self._context(review, finding)}",
            f"  {printable(finding.message)}",
        ]
        fix = finding.fix
        if fix is None:
            out.append("  no fix offered: e to edit by hand")
        else:
            kind = {
                Applicability.SAFE: self.term.style("safe fix", "green"),
                Applicability.UNSAFE: self.term.style("suggestion", "yellow"),
                Applicability.DISPLAY_ONLY: "display only",
            }[fix.applicability]
            old = review.doc.text[finding.start : finding.end]
            out.append(f"  {kind}: {printable(repr(old))} -> {printable(repr(fix.replacement))}")
            for number, alternative in enumerate(fix.alternatives[:9], 1):
                out.append(f"    {number}: {printable(repr(alternative))}")
            if fix.verdict:
                out.append(f"  verdict: {self.term.style(printable(fix.verdict), 'dim')}")
        self.term.write("\n".join(out) + "\n")

    def _prompt(self, finding: Finding, safe_left: bool) -> str:
        keys = []
        if finding.fix is not None:
            keys.append("a")
            if finding.fix.alternatives:
                count = min(9, len(finding.fix.alternatives))
                keys.append("1" if count == 1 else f"1-{count}")
        keys += ["e", "s", "i", "f"]
        if safe_left:
            keys.append("A")
        keys += ["q", "x", "?"]
        return f"[{','.join(keys)}] > "

    # -- deciding --------------------------------------------------------------------------

    def review(self, review: FileReview) -> None:
        """Walk every finding of ``review``; raises :class:`Quit` on ``q`` or ``x``."""
        total = len(review.merged)
        for index, merged in enumerate(review.merged):
            finding = merged.finding
            if index in review.accepted:
                continue
            if review.is_ignored(finding):
                review.ignored.add(index)
                continue
            if review.blocked(finding):
                review.passed_over += 1
                line, column = review.doc.line_column(finding.start)
                self.term.write(
                    f"\n[{index + 1}/{total}] {finding.rule} at {line}:{column} overlaps an "
                    "edit accepted above; passed over\n"
                )
                continue
            self.show(review, index, total)
            self._decide(review, index)

    def _safe_left(self, review: FileReview, index: int) -> list[int]:
        """Indexes from ``index`` on whose fix is safe and could still be accepted."""
        return [
            i
            for i in range(index, len(review.merged))
            if i not in review.accepted
            and (fix := review.merged[i].finding.fix) is not None
            and fix.safe
            and not review.is_ignored(review.merged[i].finding)
        ]

    def _decide(self, review: FileReview, index: int) -> None:
        finding = review.merged[index].finding
        fix = finding.fix
        old = review.doc.text[finding.start : finding.end]
        while True:
            key = self.term.key(self._prompt(finding, bool(self._safe_left(review, index))))
            if key == "":
                raise Quit(save=True)
            if key == "a" and fix is not None:
                review.accept(index, fix.replacement)
                return
            if key.isdigit() and fix is not None and 1 <= int(key) <= len(fix.alternatives[:9]):
                review.accept(index, fix.alternatives[int(key) - 1])
                return
            if key == "e":
                text = self.term.line(f"replace {printable(repr(old))} with: ", old)
                if text is None:
                    continue
                if text == old:
                    self.term.write("  unchanged: skipped\n")
                    return
                review.accept(index, text)
                return
            if key in ("s", "n"):
                return
            if key == "i":
                codes = (finding.rule, *review.merged[index].also)
                review.ignore_here.append((codes, finding.start, finding.end))
                review.ignored.add(index)
                return
            if key == "f":
                review.ignore_file.add(finding.rule)
                review.ignore_here.append((review.merged[index].also, finding.start, finding.end))
                review.ignored.add(index)
                return
            if key == "A":
                taken = 0
                for i in self._safe_left(review, index):
                    other = review.merged[i].finding
                    if not review.blocked(other):
                        assert other.fix is not None
                        review.accept(i, other.fix.replacement)
                        taken += 1
                self.term.write(f"  accepted {taken} safe fix(es)\n")
                if index in review.accepted:
                    return
                continue
            if key in ("q", "x"):
                raise Quit(save=key == "q")
            if key == "?":
                self.term.write(HELP)
                continue
            self.term.write("  not a key here; ? lists the keys\n")


def _line_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The lines holding ``start``..``end`` (without their line breaks)."""
    line_end = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, len(text) if line_end < 0 else line_end


@dataclass
class Summary:
    """What a review did, over every file."""

    edited: int = 0
    ignored: int = 0
    left: int = 0
    lines: list[str] = field(default_factory=list)


def save(review: FileReview) -> str:
    """Write the file's accepted edits (atomically) and its ignores (to the sidecar);
    returns the summary line. Raises :class:`ReviewError`."""
    text = review.result_text()
    notes: list[str] = []
    path = Path(review.doc.path)
    if text != review.doc.text:
        try:
            warning = write_atomic(path, text, expected=review.doc.text)
        except InputError as exc:
            raise ReviewError(str(exc)) from None
        if warning:
            notes.append(f"warning: {warning}")
    ignores, lost = review.new_ignores(text)
    if ignores:
        try:
            sidecar = save_ignores(path, ignores)
        except IgnoreFileError as exc:
            raise ReviewError(str(exc)) from None
        notes.append(f"ignores in {printable(sidecar)}")
    if lost:
        notes.append(f"{lost} ignore(s) not recorded: no sentence holds them")
    return "; ".join(notes)


def review_files(
    inputs: Sequence[tuple[Document, Settings]], check: Check, terminal: Terminal
) -> Summary:
    """Review each file in turn; raises :class:`ReviewError` when a file or sidecar
    cannot be read or written (files reviewed before it are saved)."""
    summary = Summary()
    reviewer = Reviewer(terminal)
    for number, (doc, settings) in enumerate(inputs):
        try:
            ignores = load_ignores(doc.path)
        except IgnoreFileError as exc:
            raise ReviewError(str(exc)) from None
        terminal.write(f"checking {printable(doc.path)} ...\n")
        merged = FileReport.merged(doc, check(doc, settings, ignores))
        review = FileReview(
            doc, [Merged(f, also) for f, also in zip(merged.findings, merged.also, strict=True)]
        )
        where = printable(doc.path)
        if not review.merged:
            summary.lines.append(f"{where}: nothing to review")
            continue
        quit_: Quit | None = None
        try:
            reviewer.review(review)
        except Quit as exc:
            quit_ = exc
        decided = len(review.accepted) + len(review.ignored)
        left = len(review.merged) - decided
        unreviewed = len(inputs) - number - 1
        stopped = f"; {unreviewed} file(s) not reviewed" if quit_ and unreviewed else ""
        if quit_ is not None and not quit_.save:
            summary.left += len(review.merged) + unreviewed
            summary.lines.append(f"{where}: not saved ({decided} decision(s) dropped){stopped}")
            break
        note = save(review)
        summary.edited += len(review.accepted)
        summary.ignored += len(review.ignored)
        summary.left += left + (unreviewed if quit_ else 0)
        line = f"{where}: {len(review.accepted)} edited, {len(review.ignored)} ignored, {left} left"
        summary.lines.append(line + (f" ({note})" if note else "") + stopped)
        if quit_ is not None:
            break
    return summary
