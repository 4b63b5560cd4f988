"""The pipeline: detect, propose, verify, and (for ``fix``) apply.

``check`` runs every detector, lets the refiners replace fixes they can rank better (the
moved-word ranker) or give a report a fix that another detector corroborates, asks the
proposer (the seq2seq model, when configured) for rewrites of sentences that have
findings, and has the verifier decide for every fix whether it is safe. ``fix`` applies
fixes in passes: in each pass at most one fix per sentence, each verified in exactly the
context it is applied to; passes repeat until no applicable fix is left, so a second
``fix`` run changes nothing.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from fixtext.config import Settings
from fixtext.document import Document, Sentence
from fixtext.findings import Finding, Fix, Source
from fixtext.formats import ProseView, prose_view, suppressed_ranges
from fixtext.lexicon.names import FUNCTION_WORDS
from fixtext.policy import FixPolicy
from fixtext.propose.layout_only import layout_only
from fixtext.protocols import Detector, Proposer, Refiner, SentenceScorer
from fixtext.verify import Verdict, Verifier

MAX_PASSES = 6
PROPOSAL_CACHE = 4096
REWRITE_RULE = "FT100"
_WORDS = re.compile(r"^\s+|\S+\s*")
_CONTENT_WORD = re.compile(r"[^\W\d_]+")
_SOURCE_PRIORITY = {Source.RULES: 0, Source.LANGUAGETOOL: 1, Source.MODEL: 2}


@dataclass(frozen=True)
class FixResult:
    """The repaired text, the fixes applied (in order), the findings that remain, and
    the findings of the original text (``found``, offsets into the original)."""

    text: str
    applied: list[Finding]
    remaining: list[Finding]
    found: list[Finding]


def minimal_edit(before: str, after: str) -> tuple[int, int, str]:
    """The smallest word-aligned span of ``before`` to replace to obtain ``after``.

    Words are compared with their trailing white space (leading white space is a token of
    its own). Returns (start, end, replacement) with
    ``before[:start] + replacement + before[end:] == after``.
    """
    old, new = _WORDS.findall(before), _WORDS.findall(after)
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(old), len(new)) - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    start = sum(map(len, old[:prefix]))
    end = len(before) - sum(map(len, old[len(old) - suffix :]))
    rep_start = sum(map(len, new[:prefix]))
    rep_end = len(after) - sum(map(len, new[len(new) - suffix :]))
    replacement = after[rep_start:rep_end]
    while end > start and replacement and before[end - 1] == replacement[-1] == " ":
        end, replacement = end - 1, replacement[:-1]
    return start, end, replacement


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
        self.second_opinion = second_opinion
        self.verifier = verifier
        self.settings = settings
        self.proposer = proposer
        self._proposals: OrderedDict[tuple[str, tuple[tuple[int, int], ...]], list[str]] = (
            OrderedDict()
        )

    def check(self, doc: Document) -> list[Finding]:
        """All findings of the document, sorted by position, every fix verified.

        Detectors see the document's prose (see :mod:`fixtext.formats`); findings come
        back in file offsets, without those inside suppressed ranges, and a fix that would
        touch markup is dropped.
        """
        view = prose_view(doc.text, doc.format)
        prose = Document(view.text, doc.path)
        return [file for _, file in self._to_file(doc, view, self._check_prose(prose))]

    def _to_file(
        self, doc: Document, view: ProseView, findings: list[Finding]
    ) -> list[tuple[Finding, Finding]]:
        """Pairs of (prose finding, file finding) for the findings that are not suppressed."""
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
        suppressed = suppressed_ranges(doc.text, doc.format)
        return [
            (p, f)
            for p, f in mapped
            if not any(s <= f.start < e or (f.start < s < f.end) for s, e in suppressed)
        ]

    def _check_prose(self, doc: Document) -> list[Finding]:
        """Detect, propose and verify on prose text (offsets into ``doc.text``)."""
        sentences = doc.sentences
        findings = [
            f
            for detector in self.detectors
            for f in detector.detect(doc)
            if self.settings.rule_enabled(f.rule) and f.confidence >= self.settings.min_confidence
        ]
        for refiner in self.refiners:  # before de-duplication: they may read any finding
            findings = refiner.refine(doc, findings)
        findings = _dedupe(findings)
        pairs: list[tuple[str, str]] = []
        owners: list[int] = []
        for index, finding in enumerate(findings):
            if finding.fix is not None:
                start, end = _unit(sentences, finding, len(doc.text))
                pairs.append((doc.text[start:end], _apply_in(doc.text, start, end, finding)))
                owners.append(index)
        rewrites = self._rewrites(doc, sentences, findings)
        for candidates in rewrites.values():
            pairs.extend(candidates)
        verdicts = self.verifier.verify(pairs)
        repaired_units: dict[tuple[int, str], int] = {}
        duplicates: set[int] = set()
        for index, verdict, (_, repaired) in zip(owners, verdicts, pairs, strict=False):
            fix = findings[index].fix
            assert fix is not None
            findings[index] = findings[index].with_fix(
                self._decided(findings[index].rule, fix, verdict)
            )
            key = (_unit(sentences, findings[index], len(doc.text))[0], repaired)
            if key in repaired_units:  # same repair offered twice: keep the first source
                duplicates.add(index)
            repaired_units.setdefault(key, index)
        rewrite_verdicts = iter(verdicts[len(owners) :])
        taken = set(pairs[: len(owners)])
        for sentence, candidates in rewrites.items():
            results = [(pair, next(rewrite_verdicts)) for pair in candidates]
            finding = self._rewrite_finding(sentence, results, findings, taken)
            if finding is not None:
                findings.append(finding)
        kept = [f for i, f in enumerate(findings) if i not in duplicates]
        return sorted(kept, key=lambda f: (f.start, f.end, f.rule))

    def _decided(self, rule: str, fix: Fix, verdict: Verdict) -> Fix:
        """``fix`` with the verifier's verdict, safe only when the fix is not held back
        by its proposer and the fix policy lets ``rule`` apply fixes unasked."""
        held = fix.hold or self.policy.why_not(rule)
        if verdict.safe and held:
            return replace(fix, safe=False, verdict=f"verified, but a suggestion: {held}")
        return replace(fix, safe=verdict.safe, verdict=verdict.reason)

    def fix(self, doc: Document, unsafe: bool = False) -> FixResult:
        """Apply safe fixes (all fixes with ``unsafe``) pass by pass until none is left."""
        applied: list[Finding] = []
        found: list[Finding] | None = None
        text = doc.text
        for _ in range(MAX_PASSES):
            current = replace(doc, text=text)
            view = prose_view(text, doc.format)
            prose = Document(view.text, doc.path)
            pairs = self._to_file(current, view, self._check_prose(prose))
            findings = [file for _, file in pairs]
            found = findings if found is None else found
            to_file = {id(p): f for p, f in pairs if f.fix is not None}
            applicable = [p for p, f in pairs if f.fix is not None]
            chosen = [
                to_file[id(p)] for p in _choose(prose.sentences, applicable, unsafe, len(view.text))
            ]
            if not chosen:
                return FixResult(text, applied, findings, found)
            for finding in sorted(chosen, key=lambda f: f.start, reverse=True):
                assert finding.fix is not None
                text = text[: finding.start] + finding.fix.replacement + text[finding.end :]
            applied.extend(chosen)
        return FixResult(text, applied, self.check(replace(doc, text=text)), found or [])

    def _rewrites(
        self, doc: Document, sentences: list[Sentence], findings: list[Finding]
    ) -> dict[Sentence, list[tuple[str, str]]]:
        """Model rewrites of every sentence that has a finding, as (original, rewrite)."""
        if self.proposer is None:
            return {}
        flagged: dict[Sentence, tuple[tuple[int, int], ...]] = {}
        for sentence in sentences:
            spans = sorted(
                {
                    (max(0, f.start - sentence.start), min(sentence.end, f.end) - sentence.start)
                    for f in findings
                    if _inside(f, sentence)
                }
            )
            if spans:
                flagged[sentence] = tuple(spans)
        missing = list(dict.fromkeys((s.text, spans) for s, spans in flagged.items()))
        missing = [key for key in missing if key not in self._proposals]
        if missing:
            proposals = self.proposer.propose(
                [text for text, _ in missing], self.settings.n_best, [list(s) for _, s in missing]
            )
            self._proposals.update(zip(missing, proposals, strict=True))
        out = {
            s: [(s.text, c) for c in self._proposals[(s.text, spans)] if c != s.text]
            for s, spans in flagged.items()
        }
        while len(self._proposals) > PROPOSAL_CACHE:  # bounded: a server runs for days
            self._proposals.popitem(last=False)
        return out

    def _rewrite_finding(
        self,
        sentence: Sentence,
        results: list[tuple[tuple[str, str], Verdict]],
        findings: list[Finding],
        taken: set[tuple[str, str]],
    ) -> Finding | None:
        """The model's best rewrite of a sentence as one finding.

        A verified rewrite may be applied unasked only if it deletes, inserts or moves no
        content word (:func:`content_change`) and the words it changes lie inside a span
        a rule or LanguageTool flagged (and only adds words, for a rule whose
        ``rewrites`` is "insert"; never for "none"), or (``model-only-fixes =
        "layout"``) it is a :func:`~fixtext.propose.layout_only.layout_only` change touching a flagged
        span, or it touches a flagged span and the second opinion (the corpus bigram
        model) reads the rewritten sentence better by ``model-only-margin``. The first
        verified rewrite that may be applied wins; failing that, the first verified one,
        or the first of all, is a suggestion. The fix policy has the last word.
        """
        if not results:
            return None
        verified = [(pair, v) for pair, v in results if v.safe]
        why = {pair: self._unlicensed(sentence, pair, findings) for pair, _ in verified}
        applicable = [(pair, v) for pair, v in verified if not why[pair]]
        (original, rewrite), verdict = (applicable or verified or results)[0]
        if verdict.safe and not applicable:
            verdict = Verdict(False, why[(original, rewrite)])
        if (original, rewrite) in taken:
            return None  # the same repair is already offered by another finding
        start, end, replacement = minimal_edit(original, rewrite)
        covered = [f.confidence for f in findings if _inside(f, sentence)]
        return Finding(
            rule=REWRITE_RULE,
            message=f"model rewrite: {original[start:end]!r} -> {replacement!r}",
            start=sentence.start + start,
            end=sentence.start + end,
            confidence=max(covered, default=0.5),
            source=Source.MODEL,
            fix=self._decided(REWRITE_RULE, Fix(replacement), verdict),
        )

    def _unlicensed(
        self, sentence: Sentence, pair: tuple[str, str], findings: list[Finding]
    ) -> str:
        """Why a verified rewrite may not be applied unasked; "" when it may (see
        :meth:`_rewrite_finding`). A rewrite that deletes, inserts or moves a content word
        never may (:func:`content_change`)."""
        changed = content_change(*pair)
        if changed:
            return f"a model rewrite may not {changed} on its own"
        if not self._applicable(sentence, pair, findings):
            return "no rule or LanguageTool finding licenses this rewrite"
        return ""

    def _applicable(
        self, sentence: Sentence, pair: tuple[str, str], findings: list[Finding]
    ) -> bool:
        """True when a finding licenses a verified rewrite (see :meth:`_rewrite_finding`)."""
        original, rewrite = pair
        start, end, _ = minimal_edit(original, rewrite)
        changed = original[start:end]
        core_start = sentence.start + start + len(changed) - len(changed.lstrip())
        core_end = max(core_start, sentence.start + end - (len(changed) - len(changed.rstrip())))
        touches_flag = any(f.start <= core_end and core_start <= f.end for f in findings)
        if self.settings.model_only_fixes == "layout" and layout_only(original, rewrite):
            return touches_flag
        covered = any(
            f.source is not Source.MODEL
            and f.start <= core_start
            and core_end <= f.end
            and _admits(f.extra.get("rewrites", "any"), changed)
            for f in findings
        )
        if covered or self.second_opinion is None or not touches_flag:
            return covered
        if not _keeps_content(original, rewrite):
            return False
        gain = self.second_opinion.score(rewrite) - self.second_opinion.score(original)
        return gain >= self.settings.model_only_margin


def _admits(rewrites: str, changed: str) -> bool:
    """True when a finding whose rule allows ``rewrites`` ("any", "insert", "none") lets a
    model rewrite that replaces ``changed`` be applied unasked."""
    return rewrites == "any" or (rewrites == "insert" and not changed.strip())


def _keeps_content(original: str, rewrite: str) -> bool:
    """True when the rewrite only deletes or inflects: every word it drops is a function
    word, a word it still has (a repeat) or shares its first three letters (all, if
    shorter) with a word it adds, and every word it adds shares them with a word it drops
    ("theirs" -> "their", "Into" -> "In"). A corpus model prefers common words, so it may
    not license one content word for another ("awarded fraudulently" -> "awarded
    taken") or new words ("of fruit. of fruit." -> "of the of fruit.")."""
    before = Counter(w.lower() for w in _CONTENT_WORD.findall(original))
    after = Counter(w.lower() for w in _CONTENT_WORD.findall(rewrite))
    dropped, added = before - after, after - before

    def inflects(word: str, others: Counter[str]) -> bool:  # the first 3 letters, or all
        return any(
            other[:3].startswith(word[:3]) or word[:3].startswith(other[:3]) for other in others
        )

    return all(w in FUNCTION_WORDS or after[w] or inflects(w, added) for w in dropped) and all(
        inflects(w, dropped) for w in added
    )


#: Endings an inflection may trade ("rise" -> "rises", "study" -> "studies", "vote" ->
#: "voted"); a spelling variant ("organisation" -> "organization") is no inflection.
_INFLECTIONS = frozenset({"", "s", "es", "ed", "d", "ing", "e", "er", "est", "y", "ies", "ied"})
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
#: Words that are no content words besides :data:`~fixtext.lexicon.names.FUNCTION_WORDS`.
_NOT_CONTENT = FUNCTION_WORDS | frozenset(
    "theirs ours yours hers mine myself yourself himself herself itself ourselves "
    "themselves".split()
)


def _inflects(old: str, new: str) -> bool:
    """True when ``new`` is ``old`` with another inflectional ending (or the same word)."""
    stem = 0
    while stem < min(len(old), len(new)) and old[stem] == new[stem]:
        stem += 1
    return old == new or (stem >= 3 and old[stem:] in _INFLECTIONS and new[stem:] in _INFLECTIONS)


def _words_of(text: str) -> list[str]:
    """The words of ``text``, a fused pair split ("weekendThe" -> "weekend", "The")."""
    return [w for word in _CONTENT_WORD.findall(text) for w in _CAMEL.split(word)]


def content_change(original: str, rewrite: str) -> str:
    """How ``rewrite`` deletes, inserts or moves a content word of ``original``; "" when
    it does none of these.

    Content words are the words outside :data:`~fixtext.lexicon.names.FUNCTION_WORDS` and
    the other pronouns, in order; a rewrite may drop a repeated one (the copy stays),
    change one's inflectional ending ("figure" -> "figures") and add, drop or move
    function words. A capitalised word (a name, or the first word of a sentence) may not
    appear or go, except by case repair ("To" -> "to").
    """
    before, after = _words_of(original), _words_of(rewrite)
    lowered = Counter(after) - Counter(before)  # "To" -> "to": one more "to"
    for word in {w for w in before if w[0].isupper()} - set(after):
        if not (word.lower() in FUNCTION_WORDS and lowered[word.lower()]):
            return f"delete the capitalised word {word!r}"
    for word in {w for w in after if w[0].isupper()} - set(before):
        if word.lower() not in FUNCTION_WORDS:
            return f"insert the capitalised word {word!r}"
    old = [w.lower() for w in before if w.lower() not in _NOT_CONTENT]
    new = [w.lower() for w in after if w.lower() not in _NOT_CONTENT]
    opcodes = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "insert" or (tag == "replace" and i2 - i1 != j2 - j1):
            return f"insert or move the content word {new[j1]!r}"
        if tag == "delete" and not all(w in new for w in old[i1:i2]):
            return f"delete the content word {next(w for w in old[i1:i2] if w not in new)!r}"
        if tag == "replace" and not all(map(_inflects, old[i1:i2], new[j1:j2])):
            return f"replace the content word {old[i1]!r}"
    return ""


def _inside(finding: Finding, sentence: Sentence) -> bool:
    return finding.start < sentence.end and finding.end > sentence.start


def _unit(sentences: list[Sentence], finding: Finding, length: int) -> tuple[int, int]:
    """The whole sentences a finding touches: the context its fix is verified in."""
    starts = [s.start for s in sentences]
    first = max(0, bisect.bisect_right(starts, finding.start) - 1)
    touched = []
    for sentence in sentences[first:]:
        if sentence.start > finding.end:
            break
        if finding.start <= sentence.end:
            touched.append(sentence)
    if not touched:
        return max(0, finding.start - 1), min(length, finding.end + 1)
    return touched[0].start, touched[-1].end


def _apply_in(text: str, start: int, end: int, finding: Finding) -> str:
    assert finding.fix is not None
    return text[start : finding.start] + finding.fix.replacement + text[finding.end : end]


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """Drop findings that repeat another's span and fix; rules win over LanguageTool."""
    seen: set[tuple[int, int, str | None]] = set()
    out: list[Finding] = []
    for f in sorted(findings, key=lambda f: _SOURCE_PRIORITY[f.source]):
        key = (f.start, f.end, f.fix.replacement if f.fix else None)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out


def _choose(
    sentences: list[Sentence], findings: list[Finding], unsafe: bool, length: int
) -> list[Finding]:
    """At most one fix per sentence unit, non-overlapping, best first."""
    candidates = [
        f
        for f in findings
        if f.fix is not None and (f.fix.safe or unsafe) and f.fix.verdict != "no change"
    ]
    candidates.sort(
        key=lambda f: (not f.fix.safe, _SOURCE_PRIORITY[f.source], -f.confidence, f.start)  # type: ignore[union-attr]
    )
    chosen: list[Finding] = []
    units: list[tuple[int, int]] = []
    for finding in candidates:
        unit = _unit(sentences, finding, length)
        if any(unit[0] < u[1] and u[0] < unit[1] for u in units):
            continue
        units.append(unit)
        chosen.append(finding)
    return chosen
