"""The prose view of a file and the builder the format readers fill it with."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

Run = tuple[int, int | None, int]
"""``(prose_start, original_start, length)``; ``original_start`` None: synthetic text."""


@dataclass(frozen=True)
class ProseView:
    """Prose text plus where each character came from, as runs over the prose.

    ``runs`` cover ``text`` in order without gaps; a run with an original start maps its
    characters one to one onto consecutive offsets of the file, a run with ``None`` is
    synthetic (block breaks, decoded character references). Adjacent runs never continue
    each other, so a span inside one mapped run is exactly one stretch of the file.
    """

    text: str
    runs: tuple[Run, ...]
    _starts: list[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", [run[0] for run in self.runs])

    @classmethod
    def identity(cls, text: str) -> ProseView:
        """The view of a plain-text file: every character is prose, offsets unchanged."""
        return cls(text, ((0, 0, len(text)),) if text else ())

    def to_original(self, start: int, end: int) -> tuple[int, int, bool]:
        """Map a prose span to the file: (start, end, contiguous).

        ``contiguous`` is True when the prose span is exactly one run of the file (no
        synthetic character inside, no skipped markup between), so replacing it in the
        file changes prose only. An empty span (an insertion point) maps to the origin of
        the character at ``start``, else just after the one before; it is contiguous
        unless it sits on skipped markup between two prose characters or among synthetic
        ones. Out-of-range offsets are clamped; this never raises.
        """
        size = len(self.text)
        start = min(max(start, 0), size)
        end = min(max(end, start), size)
        if start == end:
            return self._insertion(start)
        first = self._first_mapped(start, end)
        if first is None:
            point = self._insertion(start)[0]
            return point, point, False
        last = self._last_mapped(start, end)
        run = self._run_at(start)
        contiguous = run[1] is not None and end <= run[0] + run[2]
        return first, last + 1, contiguous

    def _index(self, pos: int) -> int:
        return max(bisect_right(self._starts, pos) - 1, 0)

    def _run_at(self, pos: int) -> Run:
        return self.runs[self._index(pos)]

    def _origin(self, pos: int) -> int | None:
        """Origin of the prose character at ``pos`` (None: synthetic or out of range)."""
        if not 0 <= pos < len(self.text):
            return None
        prose, original, _ = self._run_at(pos)
        return None if original is None else original + pos - prose

    def _first_mapped(self, start: int, end: int) -> int | None:
        """Origin of the first mapped character in [start, end)."""
        index = self._index(start)
        while index < len(self.runs) and self.runs[index][0] < end:
            prose, original, _ = self.runs[index]
            if original is not None:
                return original + max(start, prose) - prose
            index += 1
        return None

    def _last_mapped(self, start: int, end: int) -> int | None:
        """Origin of the last mapped character in [start, end)."""
        index = self._index(end - 1)
        while index >= 0 and self.runs[index][0] + self.runs[index][2] > start:
            prose, original, length = self.runs[index]
            if original is not None:
                return original + min(end, prose + length) - 1 - prose
            index -= 1
        return None

    def _insertion(self, pos: int) -> tuple[int, int, bool]:
        here, before = self._origin(pos), self._origin(pos - 1)
        if here is not None:
            return here, here, before is None or before + 1 == here
        if before is not None:
            return before + 1, before + 1, True
        after = self._first_mapped(pos, len(self.text))
        if after is not None:
            return after, after, False
        previous = self._last_mapped(0, pos) if pos else None
        point = 0 if previous is None else previous + 1
        return point, point, False


class ViewBuilder:
    """Collects prose from a file piece by piece and builds its :class:`ProseView`."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._parts: list[str] = []
        self._runs: list[Run] = []
        self._size = 0
        self._pending_break = False

    def real(self, start: int, end: int) -> None:
        """Append ``source[start:end]`` as prose mapped to where it is."""
        if end <= start:
            return
        self._flush_break()
        last = self._runs[-1] if self._runs else None
        if last is not None and last[1] is not None and last[1] + last[2] == start:
            self._runs[-1] = (last[0], last[1], last[2] + end - start)
        else:
            self._runs.append((self._size, start, end - start))
        self._append(self.source[start:end])

    def synthetic(self, text: str) -> None:
        """Append prose that is not in the file as such (a decoded character reference)."""
        self._flush_break()
        self._synthetic(text)

    def block_break(self) -> None:
        """End the current block: a blank line before the next prose, if any comes."""
        if self._size:
            self._pending_break = True

    def build(self) -> ProseView:
        """The finished view."""
        return ProseView("".join(self._parts), tuple(self._runs))

    def _flush_break(self) -> None:
        if self._pending_break:
            self._pending_break = False
            self._synthetic("\n\n")

    def _synthetic(self, text: str) -> None:
        if not text:
            return
        last = self._runs[-1] if self._runs else None
        if last is not None and last[1] is None:
            self._runs[-1] = (last[0], None, last[2] + len(text))
        else:
            self._runs.append((self._size, None, len(text)))
        self._append(text)

    def _append(self, text: str) -> None:
        self._parts.append(text)
        self._size += len(text)
