"""The pipeline: detect -> propose -> verify -> apply, in a few lines.

``check`` runs every detector (:mod:`fixtext.detect`), lets the refiners of
:mod:`fixtext.propose` give findings better fixes, asks the model for rewrites of the
sentences that have findings (:mod:`fixtext.propose.model_rewrite`), has the verifier
(:mod:`fixtext.verify`) judge every fix in its whole sentence, and lets the fix policy
(:mod:`fixtext.policy`) decide which verified fixes are safe. ``fix`` applies fixes
(:mod:`fixtext.apply`) in passes, each fix verified in exactly the context it is applied
to; passes repeat until no applicable fix is left, so a second ``fix`` run changes
nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from fixtext.apply import applied, choose, unit
from fixtext.config import Settings
from fixtext.document import Document
from fixtext.findings import SOURCE_PRIORITY, Applicability, Finding, Fix
from fixtext.formats import ProseView, prose_view, suppressions
from fixtext.ignores import Ignores, SentenceIndex
from fixtext.policy import FixPolicy
from fixtext.propose.model_rewrite import CODE as REWRITE
from fixtext.propose.model_rewrite import ModelRewriter
from fixtext.protocols import Detector, Proposer, Refiner, SentenceScorer
from fixtext.verify import Verdict, Verifier

#: Most ``fix`` passes over one document.
MAX_PASSES = 6


@dataclass(frozen=True)
class FixResult:
    """The repaired text, the fixes applied (in order), the findings that remain, and
    the findings of the original text (``found``, offsets into the original); ``ignores``
    are the ignores given to :meth:`Pipeline.fix` carried over to the repaired text
    (:meth:`Ignores.carried`), None when none were given."""

    text: str
    applied: list[Finding]
    remaining: list[Finding]
    found: list[Finding]
    ignores: Ignores | None = None


class Pipeline:
    """Detectors, an optional proposer and the verifier, run over one document."""

    def __init__(
        self,
        detectors: Sequence[Detector],
        verifier: Verifier,
        settings: Settings,
        proposer: Proposer | None = None,
        refiners: Sequence[Refiner] = (),
        second_opinion: SentenceScorer | None = None,
        policy: FixPolicy | None = None,
    ) -> None:
        """``policy`` decides whose verified fixes apply unasked; None applies every
        verified fix (fakes in unit tests; the engine passes the shipped policy)."""
        self.policy = policy or FixPolicy.apply_all()
        self.detectors = tuple(detectors)
        self.refiners = tuple(refiners)
        self.verifier = verifier
        self.settings = settings
        self.rewriter = (
            None if proposer is None else ModelRewriter(proposer, settings, second_opinion)
        )

    def check(self, doc: Document, ignores: Ignores | None = None) -> list[Finding]:
        """All findings of the document, sorted by position, every fix verified.

        Detectors see the document's prose (see :mod:`fixtext.formats`); findings come
        back in file offsets, without those inside suppressed ranges (for their rule) and
        those ``ignores`` (the file's sidecar entry, :mod:`fixtext.ignores`) names, and a
        fix that would touch markup is dropped.
        """
        view = prose_view(doc.text, doc.format)
        prose = Document(view.text, doc.path)
        return [file for _, file in self._to_file(doc, view, self._check_prose(prose), ignores)]

    def _to_file(
        self,
        doc: Document,
        view: ProseView,
        findings: list[Finding],
        ignores: Ignores | None = None,
    ) -> list[tuple[Finding, Finding]]:
        """Pairs of (prose finding, file finding) for the findings that are neither
        suppressed nor ignored."""
        if doc.format == "text":  # the identity view
            mapped = [(f, f) for f in findings]
        else:
            mapped = []
            for finding in findings:
                start, end, contiguous = view.to_original(finding.start, finding.end)
                moved = replace(finding, start=start, end=end)
                if not contiguous and finding.fix is not None:
                    moved = moved.with_fix(None)
                mapped.append((finding, moved))
        suppressed = suppressions(doc.text, doc.format)
        kept = [
            (p, f)
            for p, f in mapped
            if not any(s.covers(f.rule, f.start, f.end) for s in suppressed)
        ]
        if not ignores:
            return kept
        index = SentenceIndex(doc.text, doc.format) if ignores.sentences else None
        return [
            (p, f)
            for p, f in kept
            if not ignores.drops(f.rule, index.key(f.start, f.end) if index else None)
        ]

    def _check_prose(self, doc: Document) -> list[Finding]:
        """Detect, propose and verify on prose text (offsets into ``doc.text``)."""
        sentences = doc.sentences
        findings = [  # detect
            f
            for detector in self.detectors
            for f in detector.detect(doc)
            if self.settings.rule_enabled(f.rule) and f.confidence >= self.settings.min_confidence
        ]
        for refiner in self.refiners:  # propose, before de-duplication: any finding counts
            findings = refiner.refine(doc, findings)
        findings = _dedupe(findings)
        pairs: list[tuple[str, str]] = []
        owners: list[int] = []
        for index, finding in enumerate(findings):
            if finding.fix is not None:
                start, end = unit(sentences, finding, len(doc.text))
                pairs.append((doc.text[start:end], _apply_in(doc.text, start, end, finding)))
                owners.append(index)
        # the fluency guard looks only at fixes that could apply unasked
        may_apply = [not self._held_back(findings[i].rule, findings[i].fix) for i in owners]
        rewrites = {} if self.rewriter is None else self.rewriter.propose(doc, sentences, findings)
        for candidates in rewrites.values():
            pairs.extend(candidates)
            may_apply += [not self._held_back(REWRITE.code)] * len(candidates)
        verdicts = self.verifier.verify(pairs, may_apply)  # verify, in whole sentences
        repaired_units: dict[tuple[int, str], int] = {}
        duplicates: set[int] = set()
        for index, verdict, (_, repaired) in zip(owners, verdicts, pairs, strict=False):
            fix = findings[index].fix
            assert fix is not None
            findings[index] = findings[index].with_fix(
                self._decided(findings[index].rule, fix, verdict)
            )
            key = (unit(sentences, findings[index], len(doc.text))[0], repaired)
            if key in repaired_units:  # same repair offered twice: keep the first source
                duplicates.add(index)
            repaired_units.setdefault(key, index)
        rewrite_verdicts = iter(verdicts[len(owners) :])
        taken = set(pairs[: len(owners)])
        for sentence, candidates in rewrites.items():
            results = [(pair, next(rewrite_verdicts)) for pair in candidates]
            assert self.rewriter is not None
            best = self.rewriter.best(sentence, results, findings, taken)
            if best is not None:
                rewrite, verdict = best
                assert rewrite.fix is not None
                findings.append(rewrite.with_fix(self._decided(REWRITE.code, rewrite.fix, verdict)))
        kept = [f for i, f in enumerate(findings) if i not in duplicates]
        return sorted(kept, key=lambda f: (f.start, f.end, f.rule))

    def _held_back(self, rule: str, fix: Fix | None = None) -> str:
        """Why a verified fix of ``rule`` would still be a suggestion (its proposer holds
        it back, or the fix policy does not let ``rule`` apply unasked); "" when not."""
        return (fix.hold if fix else "") or self.policy.why_not(rule)

    def _decided(self, rule: str, fix: Fix, verdict: Verdict) -> Fix:
        """``fix`` with the verifier's verdict, safe only when the fix is not held back
        by its proposer and the fix policy lets ``rule`` apply fixes unasked."""
        held = self._held_back(rule, fix)
        if verdict.safe and held:
            return replace(
                fix,
                applicability=Applicability.UNSAFE,
                verdict=f"verified, but a suggestion: {held}",
            )
        if verdict.safe:
            applicability = Applicability.SAFE
        elif verdict.changes:
            applicability = Applicability.UNSAFE
        else:
            applicability = Applicability.DISPLAY_ONLY
        return replace(fix, applicability=applicability, verdict=verdict.reason)

    def fix(self, doc: Document, unsafe: bool = False, ignores: Ignores | None = None) -> FixResult:
        """Apply safe fixes (all fixes with ``unsafe``) pass by pass until none is left;
        findings ``ignores`` names are neither applied nor reported."""
        done: list[Finding] = []
        found: list[Finding] | None = None
        text = doc.text
        for _ in range(MAX_PASSES):
            current = replace(doc, text=text)
            view = prose_view(text, doc.format)
            prose = Document(view.text, doc.path)
            pairs = self._to_file(current, view, self._check_prose(prose), ignores)
            findings = [file for _, file in pairs]
            found = findings if found is None else found
            to_file = {id(p): f for p, f in pairs if f.fix is not None}
            applicable = [p for p, f in pairs if f.fix is not None]
            chosen = [
                to_file[id(p)] for p in choose(prose.sentences, applicable, unsafe, len(view.text))
            ]
            if not chosen:
                return FixResult(text, done, findings, found, ignores)
            repaired = applied(text, chosen)  # apply
            if ignores:  # an ignored sentence a fix changed stays ignored
                edits = [(f.start, f.end, f.fix.replacement) for f in chosen if f.fix]
                ignores = ignores.carried(text, repaired, edits, doc.format)
            text = repaired
            done.extend(chosen)
        remaining = self.check(replace(doc, text=text), ignores)
        return FixResult(text, done, remaining, found or [], ignores)


def _apply_in(text: str, start: int, end: int, finding: Finding) -> str:
    """``text[start:end]`` with the finding's fix applied."""
    assert finding.fix is not None
    return text[start : finding.start] + finding.fix.replacement + text[finding.end : end]


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """Drop findings that repeat another's span and fix; rules win over LanguageTool."""
    seen: set[tuple[int, int, str | None]] = set()
    out: list[Finding] = []
    for f in sorted(findings, key=lambda f: SOURCE_PRIORITY[f.source]):
        key = (f.start, f.end, f.fix.replacement if f.fix else None)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out
