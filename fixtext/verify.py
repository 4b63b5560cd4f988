"""The verifier: decides whether a proposed repair is *safe* to apply unasked.

A repair of a sentence is safe only when all of these hold:

1. **Grammar**: LanguageTool reports no new error on the repaired sentence (a match is
   identified by rule id and matched text) and no more errors than on the original. A
   spelling match on a word the original has is not new: removing a repeat can unmask a
   name LanguageTool does not know ("Colbeck Colbeck" -> "Colbeck"). Advice is not an
   error: style, register, typography and regional-variant matches (the ``advice``
   predicate, :meth:`fixtext.config.LanguageToolSettings.is_advice`) never veto a repair.
2. **Protected tokens**: the set of protected tokens is unchanged: capitalised words not at
   a sentence start (names), numbers and dates, quoted speech, URLs and e-mail addresses.
   One exception, case repair: a capitalised closed-class word (``In``, ``Of``, ``The``;
   not one that is also a name or month, see :data:`~fixtext.lexicon.names.CLOSED_CLASS`)
   may become lower-case when it follows a lower-case word and no capitalised word follows
   it ("published In 2004"; never "Bank Of England" or "course, In"). Open-class words
   stay protected, since common words are names too ("entered Justify", "told Time").
   A name that only moves to or from a sentence start is kept ("He is He is one" ->
   "He is one"), and one split off a fused word is not new ("theBank" -> "the Bank").
3. **Edit size**: at most ``max(MIN_EDIT_WORDS, MAX_EDIT_SHARE * tokens)`` token edits
   (:func:`fixtext.textops.word_edit_distance`, the distance eval reports).

4. **Fluency** (where BERT is installed and the model is on): the words around the edit
   read no less likely under BERT than before, by more than :data:`FLUENCY_MARGIN`
   (natural log pseudo-likelihood of the unchanged words each side,
   :meth:`fixtext.model.masked_lm.MaskedScorer.context_change`). This catches what
   grammar rules cannot: a content word deleted, a word moved into the wrong clause, a
   fluent but wrong word. Only repairs that pass the other checks and change words are
   scored (removing a stray full stop can read worse halfway through a repair of several
   steps, and deletes no word); a sentence BERT cannot read whole (over its length) gets
   no judgement and passes this check.

Anything else stays a suggestion, applied only with ``--unsafe-fixes``. The verdict text
names the first check that failed, so the decision is visible in every finding.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from fixtext.lexicon.names import CLOSED_CLASS
from fixtext.protocols import GrammarChecker, Match
from fixtext.textops import tokenize, word_edit_distance

#: How much less likely (nats) the words around an edit may read after it; see
#: docs/thresholds.md for how it was chosen.
FLUENCY_MARGIN = 6.0
MIN_EDIT_WORDS = 3
MAX_EDIT_SHARE = 0.25

#: LanguageTool's spelling rules (MORFOLOGIK_RULE_EN_US, ...).
SPELLING_RULE_PREFIX = "MORFOLOGIK_RULE_"

_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_URL = re.compile(r"\b(?:https?://|www\.)\S+|\b[\w.+-]+@[\w-]+\.[\w.-]+")
_NUMBER = re.compile(r"\d+(?:[.,:/]\d+)*")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_FUSED_TAIL = re.compile(r"\b[a-z]+([A-Z][a-z]+)\b")
_AFTER_LOWER = re.compile(r"[a-z] $")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s*)[\"'“‘(\[]*$")


@dataclass(frozen=True)
class Verdict:
    """The verifier's decision on one repair: ``safe`` when the repaired sentence reads
    no worse, with the reason; ``changes`` is False when the repair changes nothing."""

    safe: bool
    reason: str
    changes: bool = True


def protected_tokens(sentence: str) -> Counter[str]:
    """The tokens a repair must keep: names, numbers, quotes, URLs and e-mail addresses.

    Returned as a set-like counter with every count 1: repeating or removing a repeated
    copy of a name keeps it protected; adding, changing or losing it does not.
    """
    found: set[str] = set()
    for pattern in (_QUOTED, _URL, _NUMBER):
        found.update(m.group() for m in pattern.finditer(sentence))
    for match in _WORD.finditer(sentence):
        word = match.group()
        if (
            word[0].isupper()
            and word != "I"
            and not _SENTENCE_START.search(sentence[: match.start()])
        ):
            found.add(word)
    return Counter(found)


def _words(text: str) -> Counter[str]:
    """Every word of ``text`` once: a name that moves to or from a sentence start (where
    it is not protected) is still kept."""
    return Counter(set(_WORD.findall(text)))


def _word_sequence(text: str) -> list[str]:
    """The words of ``text`` in order, lower-cased: a repair that keeps them changes only
    punctuation, spacing or case, which the fluency guard leaves alone."""
    return [w.lower() for w in _WORD.findall(text)]


def _split_tails(text: str) -> Counter[str]:
    """Capitalised tails of words fused to a lower-case word ("theBank" -> "Bank"): a repair
    that restores the space does not add a name."""
    return Counter({m.group(1): 1 for m in _FUSED_TAIL.finditer(text)})


def _case_repairs(original: str, repaired: str) -> Counter[str]:
    """Title-cased closed-class words of ``original`` that ``repaired`` may lower-case:
    right after a lower-case word (one space between), not before a capitalised word,
    and their lower-case form more frequent in ``repaired`` than in ``original``."""
    more = Counter(_WORD.findall(repaired))
    more.subtract(Counter(_WORD.findall(original)))
    out: Counter[str] = Counter()
    for match in _WORD.finditer(original):
        word = match.group()
        following = _WORD.match(original, match.end() + 1)
        if (
            word.istitle()
            and more[word.lower()] > 0
            and word.lower() in CLOSED_CLASS
            and _AFTER_LOWER.search(original, 0, match.start())
            and not (following and following.group()[0].isupper())
        ):
            out[word] = 1
    return out


def _spelling_of(rule: str, text: str, known: Counter[str]) -> bool:
    """True for a spelling match on a word the original has: a name LanguageTool does not
    know is no new damage when a repair removes what hid it ("Colbeck Colbeck")."""
    return rule.startswith(SPELLING_RULE_PREFIX) and known[text] > 0


def _match_keys(text: str, matches: list[Match]) -> Counter[tuple[str, str]]:
    return Counter((m.rule, text[m.offset : m.offset + m.length]) for m in matches)


#: Decides from a match's category and issue type whether it is advice, not an error.
AdvicePredicate = Callable[[str, str], bool]


def _no_advice(category: str, issue_type: str) -> bool:
    return False


class FluencyScorer(Protocol):
    """Scores how an edit changes the likelihood of the words around it (BERT)."""

    def context_change(self, pairs: Sequence[tuple[str, str]]) -> list[float]: ...


class Verifier:
    """Checks repairs with grammar rules, protected tokens and edit size."""

    def __init__(
        self,
        checker: GrammarChecker,
        protected_terms: tuple[str, ...] = (),
        advice: AdvicePredicate = _no_advice,
        fluency: FluencyScorer | None = None,
    ) -> None:
        self.checker = checker
        self.protected_terms = protected_terms
        self.advice = advice
        self.fluency = fluency

    def verify(
        self, pairs: list[tuple[str, str]], guarded: Sequence[bool] | None = None
    ) -> list[Verdict]:
        """Return a verdict for each (original, repaired) sentence pair, in one batch. The
        fluency guard scores only the pairs ``guarded`` marks (all by default): the caller
        leaves out fixes that could only be suggestions, whose verdict applies nothing."""
        verdicts: list[Verdict | None] = [self._static(o, r) for o, r in pairs]
        for i, (original, repaired) in enumerate(pairs):
            if verdicts[i] is None and any(
                original.count(t) != repaired.count(t) for t in self.protected_terms
            ):
                verdicts[i] = Verdict(False, "changes a configured protected term")
        todo = [i for i, v in enumerate(verdicts) if v is None]
        texts = sorted({t for i in todo for t in pairs[i]})
        matches = dict(zip(texts, self.checker.check(texts), strict=True))
        for i in todo:
            original, repaired = pairs[i]
            before, after = self._errors(matches[original]), self._errors(matches[repaired])
            verdicts[i] = self._grammar(original, repaired, before, after)
        if self.fluency is not None:
            safe = [
                i
                for i, v in enumerate(verdicts)
                if v is not None
                and v.safe
                and (guarded is None or guarded[i])
                and _word_sequence(pairs[i][0]) != _word_sequence(pairs[i][1])
            ]
            for i, change in zip(
                safe, self.fluency.context_change([pairs[i] for i in safe]), strict=True
            ):
                if change < -FLUENCY_MARGIN:
                    verdicts[i] = Verdict(
                        False,
                        f"BERT: the words around the edit read {-change:.1f} nats less likely",
                    )
        return [v for v in verdicts if v is not None]

    def _errors(self, matches: list[Match]) -> list[Match]:
        """The matches that are errors, not advice."""
        return [m for m in matches if not self.advice(m.category, m.issue_type)]

    @staticmethod
    def _static(original: str, repaired: str) -> Verdict | None:
        if original == repaired:
            return Verdict(False, "no change", changes=False)
        if not repaired.strip():
            return Verdict(False, "repair deletes the whole sentence")
        before, after = protected_tokens(original), protected_tokens(repaired)
        lost = before - after - _case_repairs(original, repaired) - _words(repaired)
        if after - before - _words(original) - _split_tails(original) or lost:
            return Verdict(False, "changes a protected name, number, quote or URL")
        edits = word_edit_distance(original, repaired)
        limit = max(MIN_EDIT_WORDS, int(MAX_EDIT_SHARE * len(tokenize(original))))
        if edits > limit:
            return Verdict(False, f"edit too large ({edits} word edits, limit {limit})")
        return None

    @staticmethod
    def _grammar(original: str, repaired: str, before: list[Match], after: list[Match]) -> Verdict:
        if len(after) > len(before):
            return Verdict(False, f"LanguageTool: {len(after)} matches after, {len(before)} before")
        new = _match_keys(repaired, after) - _match_keys(original, before)
        known = _words(original)
        new = Counter(
            {
                (rule, text): n
                for (rule, text), n in new.items()
                if not _spelling_of(rule, text, known)
            }
        )
        if new:
            rule, text = next(iter(new))
            return Verdict(False, f"LanguageTool: new match {rule} on {text!r}")
        return Verdict(True, "verified: no new LanguageTool match, protected tokens kept")
