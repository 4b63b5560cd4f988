"""FT100 model-rewrite: the seq2seq model rewrites each sentence that has a finding.

:class:`ModelRewriter` asks the proposer (the seq2seq model) for ``n_best`` rewrites of
every sentence with a finding, focused on the flagged spans, and turns the best verified
one into one FT100 finding whose fix is the minimal edit between the two sentences. A
rewrite is only ever applied unasked when something other than the model vouches for it:
a rule or LanguageTool finding covers the words it changes (and the rule admits model
rewrites, see :class:`~fixtext.codes.Rewrites`), or it is a layout-only change
(``model-only-fixes = "layout"``), or the corpus bigram model reads the rewritten
sentence better by ``model-only-margin``; and never when it deletes, inserts or moves a
content word or a capitalised word (:func:`content_change`). The others are suggestions
whose verdict says why.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, OrderedDict

from fixtext.codes import Code, Example, Rewrites
from fixtext.config import Settings
from fixtext.detect.rules import rewrites_of
from fixtext.document import Document, Sentence
from fixtext.findings import Finding, Fix, Source
from fixtext.lexicon.names import FUNCTION_WORDS
from fixtext.propose.layout_only import layout_only
from fixtext.protocols import Proposer, SentenceScorer
from fixtext.textops import minimal_edit
from fixtext.verify import Verdict

#: How many (sentence, spans) proposals are kept: a server runs for days.
PROPOSAL_CACHE = 4096
_CONTENT_WORD = re.compile(r"[^\W\d_]+")

CODE = Code(
    code="FT100",
    name="model-rewrite",
    summary="The model rewrites a flagged sentence.",
    fires=(Example("The ferry left the quay at dawn, , and reached the island by noon."),),
    silent=("Farmers in the valley said the harvest was the worst in a decade.",),
    doc=__doc__,
)


class ModelRewriter:
    """The model's rewrites of flagged sentences, and the choice of the best one."""

    def __init__(
        self,
        proposer: Proposer,
        settings: Settings,
        second_opinion: SentenceScorer | None = None,
    ) -> None:
        """``second_opinion`` (the corpus bigram model) may license a rewrite no finding
        covers (see :meth:`best`); ``settings`` gives ``n_best`` and the model-only
        options."""
        self.proposer = proposer
        self.second_opinion = second_opinion
        self.n_best = settings.n_best
        self.model_only_fixes = settings.model_only_fixes
        self.model_only_margin = settings.model_only_margin
        self._proposals: OrderedDict[tuple[str, tuple[tuple[int, int], ...]], list[str]] = (
            OrderedDict()
        )

    def propose(
        self, doc: Document, sentences: list[Sentence], findings: list[Finding]
    ) -> dict[Sentence, list[tuple[str, str]]]:
        """The model's rewrites of every sentence that has a finding, as (original, rewrite)
        pairs (cached: a ``fix`` pass asks again for sentences it did not change)."""
        flagged: dict[Sentence, tuple[tuple[int, int], ...]] = {}
        for sentence in sentences:
            spans = sorted(
                {
                    (max(0, f.start - sentence.start), min(sentence.end, f.end) - sentence.start)
                    for f in findings
                    if inside(f, sentence)
                }
            )
            if spans:
                flagged[sentence] = tuple(spans)
        missing = list(dict.fromkeys((s.text, spans) for s, spans in flagged.items()))
        missing = [key for key in missing if key not in self._proposals]
        if missing:
            proposals = self.proposer.propose(
                [text for text, _ in missing], self.n_best, [list(s) for _, s in missing]
            )
            self._proposals.update(zip(missing, proposals, strict=True))
        out = {
            s: [(s.text, c) for c in self._proposals[(s.text, spans)] if c != s.text]
            for s, spans in flagged.items()
        }
        while len(self._proposals) > PROPOSAL_CACHE:  # bounded: a server runs for days
            self._proposals.popitem(last=False)
        return out

    def best(
        self,
        sentence: Sentence,
        results: list[tuple[tuple[str, str], Verdict]],
        findings: list[Finding],
        taken: set[tuple[str, str]],
    ) -> tuple[Finding, Verdict] | None:
        """The model's best rewrite of a sentence as one finding (its fix not yet
        decided), with the verdict it stands on.

        A verified rewrite may be applied unasked only if it deletes, inserts or
        moves no content word (:func:`content_change`) and the words it changes lie
        inside a span a rule or LanguageTool flagged (and only adds words, for a
        rule whose ``rewrites`` is "insert"; never for "none"), or
        (``model-only-fixes = "layout"``) it is a :func:`~fixtext.propose.layout_only.layout_only`
        change touching a flagged span, or it touches a flagged span and the second
        opinion (the corpus bigram model) reads the rewritten sentence better by
        ``model-only-margin``. The first verified rewrite that may be applied wins;
        failing that, the first verified one, or the first of all, is a suggestion
        (its verdict says why). None when there is no rewrite, or the same repair is
        already offered by another finding.
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
        covered = [f.confidence for f in findings if inside(f, sentence)]
        return Finding(
            rule=CODE.code,
            message=f"model rewrite: {original[start:end]!r} -> {replacement!r}",
            start=sentence.start + start,
            end=sentence.start + end,
            confidence=max(covered, default=0.5),
            source=Source.MODEL,
            fix=Fix(replacement),
        ), verdict

    def _unlicensed(
        self, sentence: Sentence, pair: tuple[str, str], findings: list[Finding]
    ) -> str:
        """Why a verified rewrite may not be applied unasked; "" when it may (see
        :meth:`best`). A rewrite that deletes, inserts or moves a content word
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
        """True when a finding licenses a verified rewrite (see :meth:`best`)."""
        original, rewrite = pair
        start, end, _ = minimal_edit(original, rewrite)
        changed = original[start:end]
        core_start = sentence.start + start + len(changed) - len(changed.lstrip())
        core_end = max(core_start, sentence.start + end - (len(changed) - len(changed.rstrip())))
        touches_flag = any(f.start <= core_end and core_start <= f.end for f in findings)
        if self.model_only_fixes == "layout" and layout_only(original, rewrite):
            return touches_flag
        covered = any(
            f.source is not Source.MODEL
            and f.start <= core_start
            and core_end <= f.end
            and _admits(rewrites_of(f.rule), changed)
            for f in findings
        )
        if covered or self.second_opinion is None or not touches_flag:
            return covered
        if not _keeps_content(original, rewrite):
            return False
        gain = self.second_opinion.score(rewrite) - self.second_opinion.score(original)
        return gain >= self.model_only_margin


def _admits(rewrites: Rewrites, changed: str) -> bool:
    """True when a finding whose rule allows ``rewrites`` lets a model rewrite that
    replaces ``changed`` be applied unasked."""
    return rewrites is Rewrites.ANY or (rewrites is Rewrites.INSERT and not changed.strip())


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


def inside(finding: Finding, sentence: Sentence) -> bool:
    """True when the finding's span overlaps the sentence."""
    return finding.start < sentence.end and finding.end > sentence.start
