"""Derive the rule word lists in ``fixtext/data/`` from the clean training corpus.

Reads ``../shared/corpus/*.train.txt`` (one paragraph per line) and keeps word
*statistics* only -- no sentence or phrase of the corpus is written out. Seven files:

``lower_words.tsv``
    ``word<TAB>permille`` for words seen at least ``MIN_MID`` times in mid-sentence
    position (after a lower-case letter, digit or comma) that are written lower-case
    there at least half the time (``MIN_KNOWN_PERMILLE``); ``permille`` is that share.
    FT002 (run-together words), FT006 (capitalised common word) and FT008 (stray final
    word) use it: a capitalised form of a word written lower-case 90% of the time or
    more is unusual mid-sentence, while words like "President", "Monday" or "God" fall
    below that because the corpus capitalises them. FT002 also takes any listed word
    as a known English word ("government").
``sentence_starters.txt``
    Capitalised words that begin a sentence at least ``MIN_START`` times and are written
    lower-case mid-sentence at least ``MIN_LOWER_PERMILLE`` (``The``, ``While``,
    ``He``...). FT002 uses it to decide whether a run-together join was a lost sentence
    boundary ("killingWhile" -> "killing. While").
``noun_plurals.tsv``
    ``singular<TAB>plural`` for count nouns among the listed words (so "company" and
    "city", which names often capitalise, count): the singular follows a/an/each/every/one at
    least ``MIN_SINGULAR`` times; the plural follows a plural quantifier (many, several,
    two...) at least ``MIN_PLURAL`` times; and in the frame "quantifier + noun + follower"
    (a verb, preposition or conjunction, :data:`FOLLOWERS`) the singular is at most
    ``MAX_SINGULAR_SHARE`` as frequent as the plural. FT009 (quantifier agreement) uses it.
``plain_verbs.txt``
    Lower-case words that follow a modal (will, can, should...) at least ``MIN_AFTER_MODAL``
    times and in at least ``MIN_MODAL_SHARE`` of all their uses: plain verb forms
    ("expect", "remain", "play"), not nouns ("ship", "town"). FT009 uses it to see a
    plural verb after a noun ("half of its member expect").
``plural_singulars.tsv``
    ``plural<TAB>singular`` for the plurals of ``noun_plurals.tsv`` that never act as a
    singular: after a/an/each/every/one they occur fewer than
    ``MIN_SINGULAR_USES_OF_PLURAL`` times or under ``MAX_SINGULAR_USE_SHARE`` as often as
    after a plural quantifier ("species", "means", "people" are left out: "a species").
    FT009 uses it for a plural after a singular determiner ("a leading schools of").
``verb_s_forms.tsv``
    ``form<TAB>plain`` for third-person -s forms of the plain verbs ("competes" ->
    "compete") seen at least ``MIN_S_FORM_USES`` times and after a determiner ("the",
    "their", "some") in under ``MAX_S_FORM_NOUN_SHARE`` of their uses, so never a plural
    noun ("increases", "remains" are left out). FT012 (verb form after "to" or a modal)
    uses it.
``word_edges.tsv``
    ``word<TAB>after-comma<TAB>before-comma<TAB>before-stop<TAB>at-start`` for the words
    of ``lower_words.tsv``: how many of a thousand lower-case mid-sentence uses follow a
    comma ("and" 186, "of" 5), come right before one ("in" 0), or end a sentence, and how
    many of a thousand uses open a sentence. FT007 uses the comma shares to tell debris
    around a word that takes no comma ("the summer. , of 1991", "located in , his")
    from a comma the debris sat on ("Chad. , Mali"); FT002 uses the sentence edges to
    tell a lost sentence break ("killingWhile") from a lost space ("forThe").

Usage: ``python -m tools.build_lexicon [CORPUS_DIR] [OUT_DIR]`` (defaults
``../shared/corpus`` and ``fixtext/data``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from fixtext.lexicon.words import FOLLOWERS, PLURAL_QUANTIFIERS
from tools.shared_data import ROOT, parse_builder

MIN_MID = 30
MIN_LOWER_PERMILLE = 900
MIN_KNOWN_PERMILLE = 500
MIN_START = 40
MIN_PLURAL = 5
MIN_SINGULAR = 5
MAX_SINGULAR_SHARE = 0.05
MIN_AFTER_MODAL = 10
MIN_MODAL_SHARE = 0.03

SINGULAR_DETERMINERS = frozenset("a an each every one another".split())
MODALS = frozenset("will would can could may might must should shall".split())
NOUN_DETERMINERS = frozenset(
    "the a an these those their its his her our my your many several some such any no".split()
)
MIN_SINGULAR_USES_OF_PLURAL = 10
MAX_SINGULAR_USE_SHARE = 0.1
MIN_S_FORM_USES = 20
MAX_S_FORM_NOUN_SHARE = 0.005
IRREGULAR = {"man": "men", "woman": "women", "child": "children", "person": "people"}

_TOKEN = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
_STOP = re.compile(r"[.!?](?:\s|$)")
_START_CONTEXT = re.compile(r"(?:^|[.!?][\"'”’)\]]*)\s*[\"'“‘(\[]*$")


def _verb_stems(word: str) -> list[str]:
    """Plain forms a third-person -s form may come from: "carries" -> carry, "passes" ->
    pass, "competes" -> compete."""
    stems = [word[:-1]]
    if word.endswith("ies"):
        stems.insert(0, word[:-3] + "y")
    elif word.endswith("es"):
        stems.insert(0, word[:-2])
    return stems


def _plural_candidates(word: str) -> list[str]:
    """Regular plural spellings of ``word`` (plus the irregular one, if any)."""
    if word in IRREGULAR:
        return [IRREGULAR[word]]
    out = [word + "s"]
    if re.search(r"(s|x|z|ch|sh)$", word):
        out = [word + "es"]
    elif re.search(r"[^aeiou]y$", word):
        out = [word[:-1] + "ies"]
    return out


@dataclass
class Counts:
    """Word statistics of the corpus (lower-cased keys unless noted)."""

    lower_mid: Counter[str] = field(default_factory=Counter)  # lower-case mid-sentence
    cap_mid: Counter[str] = field(default_factory=Counter)  # capitalised mid-sentence
    starts: Counter[str] = field(default_factory=Counter)  # sentence starts (as written)
    after_det: Counter[str] = field(default_factory=Counter)  # a/an/each/every/one + word
    after_q: Counter[str] = field(default_factory=Counter)  # plural quantifier + word
    after_q_framed: Counter[str] = field(default_factory=Counter)  # ... + follower
    after_modal: Counter[str] = field(default_factory=Counter)  # will/can/should + word
    after_det_any: Counter[str] = field(default_factory=Counter)  # the/their/some... + word
    after_comma: Counter[str] = field(default_factory=Counter)  # lower-case, after ", "
    before_comma: Counter[str] = field(default_factory=Counter)  # lower-case, before ","
    before_stop: Counter[str] = field(default_factory=Counter)  # lower-case, ending a sentence
    uses: Counter[str] = field(default_factory=Counter)  # every use


def count(corpus: Path) -> Counts:
    """Count mid-sentence lower/capitalised uses, sentence starts and word frames."""
    c = Counts()
    for path in sorted(corpus.glob("*.train.txt")):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                tokens = [m.group().lower() for m in _TOKEN.finditer(line)]
                c.uses.update(tokens)
                for i in range(1, len(tokens) - 1):
                    first, word = tokens[i - 1], tokens[i]
                    if first in MODALS:
                        c.after_modal[word] += 1
                    if first in NOUN_DETERMINERS:
                        c.after_det_any[word] += 1
                    if first in SINGULAR_DETERMINERS:
                        c.after_det[word] += 1
                    elif first in PLURAL_QUANTIFIERS:
                        c.after_q[word] += 1
                        if tokens[i + 1] in FOLLOWERS:
                            c.after_q_framed[word] += 1
                for match in _TOKEN.finditer(line):
                    word = match.group()
                    before = line[max(0, match.start() - 4) : match.start()]
                    gap = line[match.start() - 1] if match.start() else ""
                    mid = gap == " " and re.search(r"[a-z0-9,] $", before)
                    if word.islower():
                        if mid:
                            c.lower_mid[word] += 1
                            c.after_comma[word] += before.endswith(", ")
                            c.before_comma[word] += line[match.end() : match.end() + 1] == ","
                            c.before_stop[word] += bool(_STOP.match(line, match.end()))
                    elif word[0].isupper() and word[1:].islower():
                        if mid:
                            c.cap_mid[word.lower()] += 1
                        elif _START_CONTEXT.search(line[max(0, match.start() - 6) : match.start()]):
                            c.starts[word] += 1
    return c


def _edges(c: Counts, word: str) -> tuple[int, int, int, int]:
    """Per mille of ``word``'s lower-case mid-sentence uses after a comma, before a comma
    and before a full stop, and of all its uses that open a sentence."""
    mid = c.lower_mid[word]
    start = c.starts[word.capitalize()]
    return (
        1000 * c.after_comma[word] // mid,
        1000 * c.before_comma[word] // mid,
        1000 * c.before_stop[word] // mid,
        1000 * start // (start + mid + c.cap_mid[word]),
    )


def build(corpus: Path, out: Path) -> None:
    """Write the seven lists to ``out``."""
    c = count(corpus)
    lower: dict[str, int] = {}
    for word, n_lower in c.lower_mid.items():
        total = n_lower + c.cap_mid[word]
        if total >= MIN_MID and len(word) > 1:
            permille = 1000 * n_lower // total
            if permille >= MIN_KNOWN_PERMILLE:
                lower[word] = permille
    common = {w for w, p in lower.items() if p >= MIN_LOWER_PERMILLE}
    starters = sorted(w for w, n in c.starts.items() if n >= MIN_START and w.lower() in common)

    nouns: list[tuple[str, str]] = []
    for word in sorted(lower):
        looks_plural = word.endswith("s") and not word.endswith("ss")
        if c.after_det[word] < MIN_SINGULAR or looks_plural:
            continue
        for plural in _plural_candidates(word):
            framed = c.after_q_framed[plural]
            if c.after_q[plural] >= MIN_PLURAL and c.after_q_framed[word] <= (
                MAX_SINGULAR_SHARE * framed
            ):
                nouns.append((word, plural))
                break

    verbs = sorted(
        w
        for w, n in c.after_modal.items()
        if w in lower and n >= MIN_AFTER_MODAL and n >= MIN_MODAL_SHARE * c.uses[w]
    )
    # plurals that never read as singular: not "species", "means", "people" ("a people")
    strict_plurals = {
        plural: word
        for word, plural in nouns
        if c.after_det[plural] < MIN_SINGULAR_USES_OF_PLURAL
        or c.after_det[plural] < MAX_SINGULAR_USE_SHARE * c.after_q[plural]
    }
    s_forms = {}
    verb_set = set(verbs)
    for word, n in c.uses.items():
        if not word.endswith("s") or word in verb_set or n < MIN_S_FORM_USES:
            continue
        if c.after_det_any[word] >= MAX_S_FORM_NOUN_SHARE * n:
            continue  # "the increases", "the remains": a noun too
        stem = next((s for s in _verb_stems(word) if s in verb_set), None)
        if stem:
            s_forms[word] = stem
    edges = {w: _edges(c, w) for w in sorted(lower)}

    out.mkdir(parents=True, exist_ok=True)
    (out / "lower_words.tsv").write_text(
        "".join(f"{w}\t{p}\n" for w, p in sorted(lower.items())), encoding="utf-8"
    )
    (out / "sentence_starters.txt").write_text("".join(f"{w}\n" for w in starters), "utf-8")
    (out / "noun_plurals.tsv").write_text("".join(f"{s}\t{p}\n" for s, p in nouns), "utf-8")
    (out / "plain_verbs.txt").write_text("".join(f"{w}\n" for w in verbs), encoding="utf-8")
    (out / "plural_singulars.tsv").write_text(
        "".join(f"{p}\t{strict_plurals[p]}\n" for p in sorted(strict_plurals)), encoding="utf-8"
    )
    (out / "verb_s_forms.tsv").write_text(
        "".join(f"{w}\t{s_forms[w]}\n" for w in sorted(s_forms)), encoding="utf-8"
    )
    (out / "word_edges.tsv").write_text(
        "".join("\t".join(map(str, (w, *e))) + "\n" for w, e in edges.items()), encoding="utf-8"
    )
    print(
        f"{len(lower)} lower-case words, {len(starters)} starters, {len(nouns)} nouns, "
        f"{len(verbs)} verbs, {len(s_forms)} -s forms, edge shares of {len(edges)} words"
    )


def main() -> None:
    """Command-line entry point."""
    corpus, out = parse_builder(__doc__.splitlines()[0], ROOT / "fixtext" / "data")
    build(corpus, out)


if __name__ == "__main__":
    main()
