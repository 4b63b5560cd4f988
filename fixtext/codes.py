"""What a finding code is: the record every stage declares for the codes it reports.

Each code (FT001... for the rules, FT099 for sentences too long to check, FT100 for the
model's rewrites, FT101 for the model's flags) is declared once, next to the code that
reports it, as a :class:`Code`: its name, one-line summary, LanguageTool issue type, how
far a model rewrite inside its findings may go unasked, the thresholds it decides by, and
examples that must fire and must stay silent (they are its tests). :mod:`fixtext.registry`
collects them; the docs' rule table, SARIF's rule metadata, the server's categories and
``fixtext rule CODE`` read it there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Rewrites(StrEnum):
    """Which model rewrites inside a code's finding may be applied unasked."""

    ANY = "any"  # any verified rewrite the finding covers
    INSERT = "insert"  # only rewrites that add words (the damage may be a dropped word)
    NONE = "none"  # none: the code's own margin decides what is fixed


@dataclass(frozen=True)
class Example:
    """A sentence on which a code must fire; ``fixed`` is the sentence after its fix
    (None: it must only report, or the fix is not asserted)."""

    text: str
    fixed: str | None = None


@dataclass(frozen=True, kw_only=True)
class Code:
    """One finding code and its contract."""

    code: str  # "FT003"
    name: str  # "repeated-word"
    summary: str  # "A word is repeated."
    #: LanguageTool's issueType for the code's matches ("grammar", "duplication", ...).
    issue_type: str = "grammar"
    rewrites: Rewrites = Rewrites.ANY
    #: The named thresholds the code decides by, as the code uses them.
    thresholds: Mapping[str, float] = field(default_factory=dict)
    fires: tuple[Example, ...] = ()
    silent: tuple[str, ...] = ()
    #: The contract in prose: what it finds, why, its fix and when the fix is safe.
    doc: str = ""
