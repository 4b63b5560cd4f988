"""LanguageTool as a detector: its matches on each paragraph become findings.

Matches of disabled rules and categories are dropped. A match of a *split-only* rule (the
spelling rules) is kept only when it finds two words run together (see
:func:`run_together_split`; the split becomes the fix) or a name written in lower case
between plain English words (see :func:`capitalised_name` and
:func:`between_plain_words`; the capitalised name becomes the fix). The neighbour check
keeps a lower-case word of a real name ("Lorenzo della Robbia") from being capitalised;
see docs/thresholds.md.

A paragraph longer than :data:`MAX_CHUNK` characters is cut at sentence boundaries into
chunks of about that size, so LanguageTool never gets a megabyte-sized request. Short
paragraphs go together: up to :data:`PIECES_PER_REQUEST` consecutive paragraphs (or
chunks) within :data:`MAX_CHUNK` characters make one request, joined by a blank line
(LanguageTool's paragraph break), and each match goes back to its paragraph
(:func:`requests`, :func:`split_matches`). LanguageTool spends about 15 ms of CPU on a
request however short, as much as on 250 characters of text: a paragraph a request took
about 1.5 times the CPU (see docs/hardening.md). A run starts at every
:data:`PIECES_PER_REQUEST`-th paragraph, so a ``fix`` pass re-sends only the requests
whose paragraphs it changed.

LanguageTool's rules look at one sentence, except its text-level rules
(:data:`TEXT_LEVEL_RULES`). A paragraph where a kept match of one of those comes back
is checked again alone and keeps the matches it has alone, so the findings are those of
a paragraph a request. (A match that only pairs across paragraphs, such as a quote
opened in one and closed in the next, can be lost: its rules, EN_UNPAIRED_QUOTES and
EN_UNPAIRED_BRACKETS, are disabled by default.)

The detector reports its progress by sentences (:func:`fixtext.progress.report`) after
every :data:`REQUESTS_PER_REPORT` requests.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from fixtext import progress
from fixtext.config import LanguageToolSettings
from fixtext.document import Document, Segment, split_sentences
from fixtext.findings import Finding, Fix, Source
from fixtext.lexicon.bigrams import BigramModel
from fixtext.lexicon.words import is_run_together, is_word
from fixtext.protocols import GrammarChecker, Match

MAX_CHUNK = 4000
#: Most paragraphs (or chunks of a long one) in one LanguageTool request.
PIECES_PER_REQUEST = 8
#: What joins the paragraphs of a request: a blank line, a paragraph break to LanguageTool.
SEPARATOR = "\n\n"
#: Requests between two progress reports: several for each of the checker's workers, so
#: that few wait for the last of a round.
REQUESTS_PER_REPORT = 16
#: LanguageTool 6.8's English rules that look across sentences (its ``TextLevelRule``s).
TEXT_LEVEL_RULES = frozenset(
    {
        "EN_REPEATEDWORDS",
        "EN_UNPAIRED_BRACKETS",
        "EN_UNPAIRED_QUOTES",
        "EN_WORD_COHERENCY",
        "ENGLISH_WORD_REPEAT_BEGINNING_RULE",
        "PUNCTUATION_PARAGRAPH_END",
        "REP_PASSIVE_VOICE",
        "REP_THANK_YOU_FOR",
        "SENTENCE_WHITESPACE",
        "TOO_LONG_SENTENCE",
        "UPPERCASE_SENTENCE_START",
        "WHITESPACE_RULE",
    }
)
#: How much better (natural log probability, :mod:`fixtext.lexicon.bigrams`) a later split
#: suggestion of LanguageTool must read than its first suggestion to be taken: set below
#: the gain of the later splits that restore noised run-together words, and above that of
#: clean lines but real errors ("pantsand"); see docs/thresholds.md.
SPLIT_MARGIN = 3.0
#: The word before a span, if a space separates them ("for argentina"); None-word at a
#: clause start ("1994, argentina"). The word after, likewise ("argentina in", "argentina.").
_PREVIOUS_WORD = re.compile(r"(?:(?<![^\W\d_])([^\W\d_]+)|[,;:]|^) $")
_NEXT_WORD = re.compile(r"(?: ([^\W\d_]+)(?![^\W\d_])|[.,;:!?](?:\s|$)|$)")

#: Tense of the auxiliary forms LanguageTool's agreement rules swap ("They was" ->
#: "are" or "were"): a repair of agreement keeps the tense the writer chose.
AUXILIARY_TENSE = {
    **dict.fromkeys(("is", "are", "am", "has", "have", "does", "do"), "present"),
    **dict.fromkeys(("was", "were", "had", "did"), "past"),
}


def same_tense_first(word: str, replacements: list[str]) -> list[str]:
    """``replacements`` with those in the tense of auxiliary ``word`` first, in their
    order ("was" -> ["were", "are"]); unchanged when ``word`` is not an auxiliary."""
    tense = AUXILIARY_TENSE.get(word.lower())
    if tense is None:
        return replacements
    return sorted(replacements, key=lambda r: AUXILIARY_TENSE.get(r.lower()) != tense)


def chunks(paragraph: Segment) -> list[Segment]:
    """The paragraph itself, or sentence-aligned pieces of at most about MAX_CHUNK chars
    (a single sentence longer than that is cut at white space)."""
    if len(paragraph.text) <= MAX_CHUNK:
        return [paragraph]
    out: list[Segment] = []
    start = end = 0
    for s, e in _pieces(paragraph.text):
        if e - start > MAX_CHUNK and end > start:
            out.append(
                Segment(paragraph.start + start, paragraph.start + end, paragraph.text[start:end])
            )
            start = s
        end = e
    out.append(Segment(paragraph.start + start, paragraph.start + end, paragraph.text[start:end]))
    return out


def requests(pieces: list[Segment]) -> list[list[Segment]]:
    """``pieces`` in the runs sent as one request each: a run starts at every
    :data:`PIECES_PER_REQUEST`-th piece and where the next piece would take it past
    :data:`MAX_CHUNK` characters, separators counted."""
    runs: list[list[Segment]] = []
    size = 0
    for index, piece in enumerate(pieces):
        size += len(SEPARATOR) + len(piece.text)
        if index % PIECES_PER_REQUEST == 0 or size > MAX_CHUNK + len(SEPARATOR):
            runs.append([])
            size = len(SEPARATOR) + len(piece.text)
        runs[-1].append(piece)
    return runs


def split_matches(run: list[Segment], matches: list[Match]) -> list[list[Match]]:
    """The matches of the request of ``run``'s pieces joined by :data:`SEPARATOR`, given
    back to each piece with offsets into it; a match that reaches past its piece belongs
    to none."""
    starts: list[int] = []
    position = 0
    for piece in run:
        starts.append(position)
        position += len(piece.text) + len(SEPARATOR)
    out: list[list[Match]] = [[] for _ in run]
    for match in matches:
        index = bisect.bisect_right(starts, match.offset) - 1
        offset = match.offset - starts[index]
        if offset + match.length <= len(run[index].text):
            out[index].append(replace(match, offset=offset))
    return out


def _pieces(text: str) -> list[tuple[int, int]]:
    """Sentence spans, with any sentence over MAX_CHUNK cut at white space."""
    out: list[tuple[int, int]] = []
    for s, e in split_sentences(text):
        while e - s > MAX_CHUNK:
            cut = text.rfind(" ", s + 1, s + MAX_CHUNK)
            cut = cut if cut > s else s + MAX_CHUNK
            out.append((s, cut))
            s = cut
        out.append((s, e))
    return out


def is_split_of(word: str, suggestion: str) -> bool:
    """True when ``suggestion`` is ``word`` cut into two words run together (see
    :func:`~fixtext.lexicon.words.is_run_together`)."""
    left, space, right = suggestion.partition(" ")
    return bool(space) and left + right == word and is_run_together(left, right)


def run_together_split(text: str, start: int, end: int, suggestions: tuple[str, ...]) -> str | None:
    """LanguageTool's suggestion for the all-lower-case word ``text[start:end]`` that
    splits it into two words run together ("interviewwith" -> "interview with"), or None.

    The first suggestion is taken when it is such a split; a later one only when it reads
    :data:`SPLIT_MARGIN` better than the first (:func:`later_split`). Two content words
    are left alone, as they are often a closed compound LanguageTool does not know
    ("stockmarket").
    """
    word = text[start:end]
    if not (word.isalpha() and word.islower() and suggestions):
        return None
    if is_split_of(word, suggestions[0]):
        return suggestions[0]
    later = later_split(text, start, end, suggestions)
    return later[0] if later is not None and later[1] >= SPLIT_MARGIN else None


def later_split(
    text: str, start: int, end: int, suggestions: tuple[str, ...]
) -> tuple[str, float] | None:
    """The first of LanguageTool's later suggestions for ``text[start:end]`` that splits
    it into two words run together, with how much better (natural log) the corpus bigram
    model reads ``text`` with it than with the first suggestion; None when there is none.

    A word whose first suggestion is a spelling correction is usually a typo, not a
    run-together ("belived" -> "believed": "be lived" reads 24 worse), but not always
    ("singles eventat the": "event at" reads 23 better than "even tat").
    """
    word = text[start:end]
    split = next((s for s in suggestions[1:] if is_split_of(word, s)), None)
    if split is None:
        return None
    model = BigramModel.shipped()
    with_split = model.score(text[:start] + split + text[end:])
    return split, with_split - model.score(text[:start] + suggestions[0] + text[end:])


def capitalised_name(word: str, suggestions: tuple[str, ...]) -> str | None:
    """LanguageTool's first suggestion for an all-lower-case ``word`` when it only
    capitalises the word, a name or nationality written in lower case ("argentina" ->
    "Argentina", "canadian" -> "Canadian"), or None. LanguageTool's dictionary knows
    "homer" and "smith" as words, so those are never flagged."""
    if not (word.isalpha() and word.islower() and suggestions):
        return None
    return suggestions[0] if suggestions[0] == word.capitalize() else None


def between_plain_words(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` stands between single spaces or clause punctuation,
    and the words next to it are lower-case English words (``is_word``), not a name
    ("Lorenzo della Robbia", "the Croatian luger"), a quotation or a foreign phrase."""
    before = _PREVIOUS_WORD.search(text, 0, start)
    after = _NEXT_WORD.match(text, end)
    if before is None or after is None:
        return False
    return all(w is None or (w.islower() and is_word(w)) for w in (before.group(1), after.group(1)))


class GrammarDetector:
    """Sends every paragraph to LanguageTool and reports the matches the settings keep."""

    name = "languagetool"

    def __init__(self, checker: GrammarChecker, settings: LanguageToolSettings) -> None:
        self.checker = checker
        self.settings = settings

    def detect(self, doc: Document) -> list[Finding]:
        """One finding per kept match, its first replacement as the suggested fix."""
        paragraphs = [piece for p in doc.paragraphs for piece in chunks(p)]
        results = self._matches(doc, paragraphs)
        findings: list[Finding] = []
        for paragraph, matches in zip(paragraphs, results, strict=True):
            for match in matches:
                if self.settings.drops(match.rule, match.category, match.issue_type):
                    continue
                start = paragraph.start + match.offset
                message, fix = match.message, None
                if match.rule in self.settings.split_only_rules:
                    end = match.offset + match.length
                    word = paragraph.text[match.offset : end]
                    split = run_together_split(
                        paragraph.text, match.offset, end, match.replacements
                    )
                    name = capitalised_name(word, match.replacements)
                    if name is not None and not between_plain_words(
                        paragraph.text, match.offset, end
                    ):
                        name = None  # "Lorenzo della Robbia", "Croatian luger", "khalifa"
                    if split is not None:
                        message = f"{word!r} looks like two words run together"
                        fix = Fix(split)
                    elif name is not None:
                        message, fix = f"{word!r} is a name written in lower case", Fix(name)
                    else:
                        continue
                elif match.replacements:
                    word = paragraph.text[match.offset : match.offset + match.length]
                    first, *others = same_tense_first(word, list(match.replacements))
                    fix = Fix(first, alternatives=tuple(others))
                findings.append(
                    Finding(
                        rule=match.rule,
                        message=message,
                        start=start,
                        end=start + match.length,
                        confidence=self.settings.confidence_for(match.category),
                        source=Source.LANGUAGETOOL,
                        fix=fix,
                        category=match.category,
                    )
                )
        return findings

    def _matches(self, doc: Document, pieces: list[Segment]) -> list[list[Match]]:
        """The matches of each piece as if it were checked alone (see the module
        docstring), reporting the sentences checked after every few requests."""
        starts = [sentence.start for sentence in doc.sentences]
        runs = requests(pieces)
        out: list[list[Match]] = []
        for first in range(0, len(runs), REQUESTS_PER_REPORT):
            batch = runs[first : first + REQUESTS_PER_REPORT]
            answers = self.checker.check([SEPARATOR.join(p.text for p in run) for run in batch])
            for run, matches in zip(batch, answers, strict=True):
                out.extend(split_matches(run, matches))
            progress.report(bisect.bisect_left(starts, batch[-1][-1].end), len(starts))
        alone = [i for i, matches in enumerate(out) if any(map(self._text_level, matches))]
        answers = self.checker.check([pieces[i].text for i in alone]) if alone else []
        for index, matches in zip(alone, answers, strict=True):
            out[index] = matches
        return out

    def _text_level(self, match: Match) -> bool:
        """True for a kept match of a rule that looks across sentences."""
        return match.rule in TEXT_LEVEL_RULES and not self.settings.drops(
            match.rule, match.category, match.issue_type
        )
