"""Layout-only rewrites: repairs that change nothing but spacing and sentence punctuation.

A model rewrite of words only the model flagged may still be applied unasked
(``model-only-fixes = "layout"``) when it is *layout only*: it removes punctuation debris
("talks,, ended") or restores a space lost between two words ("ofthe", "onThe"), and
cannot change a word, a name, a number, a symbol or a quotation.
"""

from __future__ import annotations

from fixtext.lexicon.words import is_run_together

#: Punctuation a layout-only rewrite may remove (never add). Everything else that is not
#: white space (letters, digits, symbols, apostrophes, hyphens, quotes, brackets) is kept.
REMOVABLE = frozenset(".,;:!?")
_ENDS = ".!?"
_ELLIPSIS = ".."


def layout_only(original: str, rewrite: str) -> bool:
    """True when ``rewrite`` differs from ``original`` only in layout, which means:

    * every character other than white space and ``. , ; : ! ?`` is kept, in order;
    * between two kept characters, those punctuation marks are only removed, and the
      closing punctuation of the sentence (after its last letter or digit) is kept;
    * a full stop, ``!`` or ``?`` followed by white space and then anything but a
      lower-case letter may end a sentence ("Nam. <ref", "U.S. Army"): it is kept;
    * two or more full stops in a row are an ellipsis ("Ah.. guys", "wait..."): kept whole;
    * white space between two kept characters is never removed (no words merged); it is
      added between two letters only to split two words run together
      (:func:`~fixtext.lexicon.words.is_run_together`: "ofthe" -> "of the"), where a
      capital glued to the first word may become lower case ("onThe" -> "on the").
    """
    old_kept, old_gaps = _skeleton(original)
    new_kept, new_gaps = _skeleton(rewrite)
    if original == rewrite or len(old_kept) != len(new_kept):
        return False
    for k, ((index, old), (_, new)) in enumerate(zip(old_kept, new_kept, strict=True)):
        old_gap, new_gap = old_gaps[k], new_gaps[k]
        split = k > 0 and not old_gap and _has_space(new_gap)
        if split and not _splits_run_together(original, index):
            return False
        if old != new and not (split and old.isupper() and new == old.lower()):
            return False
        if not _removes_only(old_gap, new_gap):
            return False
        if _ends_sentence(old_gap, old) and not any(c in _ENDS for c in new_gap):
            return False
        if _ELLIPSIS in old_gap and old_gap.count(".") != new_gap.count("."):
            return False
        if k > 0 and _has_space(old_gap) and not _has_space(new_gap):
            return False  # two words merged
    return _closing(original) == _closing(rewrite)


def _skeleton(text: str) -> tuple[list[tuple[int, str]], list[str]]:
    """The kept characters with their offsets, and the text before each of them."""
    kept: list[tuple[int, str]] = []
    gaps: list[str] = []
    gap_start = 0
    for index, char in enumerate(text):
        if char.isspace() or char in REMOVABLE:
            continue
        kept.append((index, char))
        gaps.append(text[gap_start:index])
        gap_start = index + 1
    return kept, gaps


def _has_space(text: str) -> bool:
    return any(char.isspace() for char in text)


def _removes_only(old_gap: str, new_gap: str) -> bool:
    """True when the punctuation of ``new_gap`` is that of ``old_gap`` with some removed."""
    old_marks = iter(c for c in old_gap if not c.isspace())
    return all(mark in old_marks for mark in (c for c in new_gap if not c.isspace()))


def _ends_sentence(gap: str, following: str) -> bool:
    """True when ``gap`` holds a full stop, ``!`` or ``?`` followed by white space, and the
    character after the gap (``following``) is not a lower-case letter."""
    mark = max((i for i, c in enumerate(gap) if c in _ENDS), default=-1)
    return mark >= 0 and _has_space(gap[mark:]) and not following.islower()


def _splits_run_together(text: str, index: int) -> bool:
    """True when splitting ``text``'s letters at ``index`` parts two words run together."""
    start = index
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    end = index
    while end < len(text) and text[end].isalpha():
        end += 1
    left, right = text[start:index], text[index:end]
    tail_lower = len(right) == 1 or right[1:].islower()
    return left.islower() and tail_lower and is_run_together(left, right.lower())


def _closing(text: str) -> str:
    """What follows the last letter or digit of ``text``, spaces dropped."""
    last = max((i for i, c in enumerate(text) if c.isalnum()), default=-1)
    return "".join(text[last + 1 :].split())
