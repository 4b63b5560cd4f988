"""Run a repair function over an evaluation set and score it.

An example is *unchanged* when some reference equals its source
(:func:`~fixtext.evaluate.metrics.same_text`: a human left it alone) and *damaged*
otherwise. Damaged spans are taken against the reference with the fewest word edits from
the source (the first on a tie).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

from fixtext.evaluate.datasets import Example
from fixtext.evaluate.metrics import (
    DamagedSpan,
    Span,
    SpanCounts,
    TagCounts,
    damaged_spans,
    gleu,
    ratio,
    same_text,
    span_counts,
    span_precision,
    span_recall,
    tag_counts,
    touches,
    word_edit_reduction,
)
from fixtext.textops import word_edit_distance

Repair = Callable[[list[str]], list[tuple[list[Span], str]]]
"""Takes a batch of source sentences; returns (flagged char spans, repaired text) for each."""

Progress = Callable[[int, int], None]
"""Called after each batch with (examples done, examples in all)."""


@dataclass(frozen=True)
class Report:
    """Counts from one evaluation; the rates are derived from them."""

    examples: int
    damaged: int
    unchanged: int
    spans: SpanCounts
    source_edits: int
    hypothesis_edits: int
    exact: int
    harmed: int
    clean_flagged: int
    gleu: float
    source_gleu: float
    spans_left: int = 0
    collateral: int = 0
    collateral_examples: int = 0
    #: Tagged words by tag and flag, where the set has word tags (MLQE-PE's OK/BAD).
    tags: TagCounts = field(default_factory=TagCounts)

    @property
    def span_recall(self) -> float | None:
        """Share of damaged spans touched by a flag."""
        return span_recall(self.spans)

    @property
    def span_precision(self) -> float | None:
        """Share of flags that touch a damaged span."""
        return span_precision(self.spans)

    @property
    def word_edit_reduction(self) -> float | None:
        """``1 - hypothesis_edits / source_edits`` over the examples with source edits."""
        return word_edit_reduction(self.source_edits, self.hypothesis_edits)

    @property
    def exact_repairs(self) -> float | None:
        """Share of damaged examples whose repair equals a reference."""
        return ratio(self.exact, self.damaged)

    @property
    def span_repair_rate(self) -> float | None:
        """``1 - spans_left / spans.damaged``: damaged spans no longer present after repair.

        ``spans_left`` counts, per example, the damaged spans of the repair against the
        same reference (at most the source's count), so a repair that introduces new
        damage cannot score above one that leaves the text alone.
        """
        if not self.spans.damaged:
            return None
        return 1 - self.spans_left / self.spans.damaged

    @property
    def harm_rate(self) -> float | None:
        """Share of unchanged examples whose repair differs from the source."""
        return ratio(self.harmed, self.unchanged)

    @property
    def collateral_rate(self) -> float | None:
        """Share of damaged examples whose repair edits outside every damaged span."""
        return ratio(self.collateral_examples, self.damaged)

    @property
    def flag_rate_clean(self) -> float | None:
        """Share of unchanged examples with at least one flag."""
        return ratio(self.clean_flagged, self.unchanged)

    def as_dict(self) -> dict[str, object]:
        """Every count and rate, JSON-ready (an undefined rate is None)."""
        rates = (
            "span_recall",
            "span_precision",
            "word_edit_reduction",
            "exact_repairs",
            "span_repair_rate",
            "harm_rate",
            "collateral_rate",
            "flag_rate_clean",
        )
        tags = self.tags
        bad_words = {
            "bad_rate": tags.bad_rate,
            "precision": tags.precision,
            "recall": tags.recall,
            "mcc": tags.mcc,
        }
        return {
            **asdict(self),
            **{name: getattr(self, name) for name in rates},
            "bad_words": bad_words,
        }

    def as_table(self) -> str:
        """A plain-text table: metric, value, and the counts behind it."""
        s = self.spans
        rows = [
            ("examples", str(self.examples), f"{self.damaged} damaged, {self.unchanged} unchanged"),
            ("span recall", _pct(self.span_recall), f"{s.caught} / {s.damaged} damaged spans"),
            ("span precision", _pct(self.span_precision), f"{s.flags_on_damage} / {s.flags} flags"),
            (
                "word-edit reduction",
                _pct(self.word_edit_reduction),
                f"{self.hypothesis_edits} edits left of {self.source_edits}",
            ),
            ("exact repairs", _pct(self.exact_repairs), f"{self.exact} / {self.damaged}"),
            (
                "damaged spans repaired",
                _pct(self.span_repair_rate),
                f"{s.damaged - self.spans_left} / {s.damaged}",
            ),
            ("harm rate", _pct(self.harm_rate), f"{self.harmed} / {self.unchanged} clean changed"),
            (
                "collateral",
                _pct(self.collateral_rate),
                f"{self.collateral} edits outside damage in {self.collateral_examples} / "
                f"{self.damaged} damaged",
            ),
            (
                "flag rate on clean",
                _pct(self.flag_rate_clean),
                f"{self.clean_flagged} / {self.unchanged}",
            ),
            ("GLEU", f"{self.gleu:.2f}", f"source {self.source_gleu:.2f}"),
        ]
        tags = self.tags
        if tags.words:
            rows += [
                (
                    "BAD words flagged",
                    _pct(tags.recall),
                    f"{tags.bad_flagged} / {tags.bad_flagged + tags.bad_missed} tagged BAD "
                    f"({_pct(tags.bad_rate)} of {tags.words} words)",
                ),
                (
                    "flagged words BAD",
                    _pct(tags.precision),
                    f"{tags.bad_flagged} / {tags.bad_flagged + tags.ok_flagged} flagged "
                    f"(random: {_pct(tags.bad_rate)})",
                ),
                ("BAD-tag MCC", f"{tags.mcc:.3f}", "flagging nothing or at random: 0"),
            ]
        widths = [max(len(row[k]) for row in rows) for k in range(2)]
        return "\n".join(
            f"{name:<{widths[0]}}  {value:>{widths[1]}}  {note}" for name, value, note in rows
        )


def collateral_edits(source: str, hypothesis: str, damage: Sequence[DamagedSpan]) -> int:
    """How many edit regions of ``source`` -> ``hypothesis`` touch no damaged span: the
    repair's edits to words that were fine (:func:`~fixtext.evaluate.metrics.touches`)."""
    return sum(
        not any(touches(d, (edit.start, edit.end)) for d in damage)
        for edit in damaged_spans(source, hypothesis)
    )


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def evaluate(
    examples: Sequence[Example],
    repair: Repair,
    *,
    batch_size: int = 64,
    progress: Progress | None = None,
) -> Report:
    """Repair every source in batches of ``batch_size`` and score the results."""
    flags: list[list[Span]] = []
    hypotheses: list[str] = []
    for start in range(0, len(examples), batch_size):
        batch = [e.source for e in examples[start : start + batch_size]]
        results = repair(batch)
        if len(results) != len(batch):
            raise ValueError(f"repair returned {len(results)} results for {len(batch)} sentences")
        for spans, text in results:
            flags.append(list(spans))
            hypotheses.append(text)
        if progress is not None:
            progress(len(hypotheses), len(examples))

    damaged = unchanged = source_edits = hypothesis_edits = exact = harmed = clean_flagged = 0
    spans_left = collateral = collateral_examples = 0
    spans = SpanCounts()
    tags = TagCounts()
    for example, flagged, hyp in zip(examples, flags, hypotheses, strict=True):
        src, refs = example.source, example.references
        if any(same_text(src, r) for r in refs):
            unchanged += 1
            harmed += not same_text(hyp, src)
            clean_flagged += bool(flagged)
        else:
            damaged += 1
            exact += any(same_text(hyp, r) for r in refs)
        distances = [word_edit_distance(src, r) for r in refs]
        nearest = min(range(len(refs)), key=distances.__getitem__)
        if distances[nearest]:
            source_edits += distances[nearest]
            hypothesis_edits += min(word_edit_distance(hyp, r) for r in refs)
        source_damage = damaged_spans(src, refs[nearest])
        spans += span_counts(source_damage, flagged)
        tags += tag_counts(example.tags, flagged)
        if source_damage and hyp != src:
            outside = collateral_edits(src, hyp, source_damage)
            collateral += outside
            collateral_examples += bool(outside)
        if source_damage:
            left = len(damaged_spans(hyp, refs[nearest])) if hyp != src else len(source_damage)
            spans_left += min(left, len(source_damage))

    sources = [e.source for e in examples]
    references = [e.references for e in examples]
    return Report(
        examples=len(examples),
        damaged=damaged,
        unchanged=unchanged,
        spans=spans,
        source_edits=source_edits,
        hypothesis_edits=hypothesis_edits,
        exact=exact,
        harmed=harmed,
        clean_flagged=clean_flagged,
        spans_left=spans_left,
        collateral=collateral,
        collateral_examples=collateral_examples,
        tags=tags,
        gleu=gleu(hypotheses, sources, references),
        source_gleu=gleu(sources, sources, references),
    )
