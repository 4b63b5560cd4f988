"""Render ``docs/measurements.md`` from the output folder of ``tools/measure.sh``.

``make measurements`` runs ``tools/measure.sh OUT`` and then this script on ``OUT``. It
reads, from that folder:

* ``examples.json``, ``synthetic.json``, ``jfleg.json``, ``mt-<pair>.json`` and
  ``news-<corpus>-<variant>.json``: ``fixtext eval --format json`` (the counts and rates
  of :meth:`fixtext.evaluate.report.Report.as_dict`); ``mt-all-<pair>.json``,
  ``examples-all.json`` and ``news-fnc1-all.json``: the same with ``--bert all``;
* ``quality.json``: ``benchmarks/quality.py --json`` (fixtext, LanguageTool alone, Harper);
* ``class_recall.txt``: ``python -m tools.class_recall`` (each class of damage alone);
* ``word-choice/report.json``: ``python -m tools.calibrate_word_choice`` (FT102, FT104,
  FT105 and the fluency guard);
* ``speed.md``, ``speed-bert-all.md`` and ``speed-no-model.md``: ``benchmarks/speed.py``,
  when measured;
* ``run.txt``: the date, commit and machine of the run;

and ``models/fixtext-small/calibration.json`` (``python -m tools.calibrate_detector``).
The prose between the tables is fixed here; every figure comes from those files, so
nothing in the page is older than the run. A file that is missing leaves its section
saying so. Usage: ``python -m tools.measurements [OUT] [--out docs/measurements.md]``
(``OUT`` defaults to the newest ``runs/measure-*``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fixtext.evaluate.metrics import TagCounts
from tools.shared_data import ROOT

DEFAULT_OUT = ROOT / "docs" / "measurements.md"
MODEL = ROOT / "models" / "fixtext-small"
PAIRS = ("ro-en", "et-en", "ne-en", "si-en", "ru-en")
#: The clean news files of measure.sh: (file, corpus label, language variant).
NEWS = (
    ("news-bbc-gb.json", "BBC (British)", "en-GB"),
    ("news-bbc-us.json", "BBC (British)", "en-US"),
    ("news-fnc1-us.json", "fnc1 (American online news)", "en-US"),
)
#: The commands of measure.sh behind each section (keep in step with tools/measure.sh).
EVAL = "fixtext eval --format json --set"
COMMANDS = {
    "mt": [f"{EVAL} ../shared/eval/mt-postedit/$PAIR    # ro-en et-en ne-en si-en ru-en"],
    "bad_words": [
        f"{EVAL} ../shared/eval/mt-postedit/$PAIR --bert all --limit 200  # mt-all-$PAIR.json",
        f"{EVAL} examples --bert all                                   # examples-all.json",
        f"{EVAL} ../shared/corpus/fnc1-news.heldout.txt --clean --limit 286 --bert all",
    ],
    "news": [
        f"{EVAL} ../shared/corpus/bbc-news.heldout.txt --clean --limit 167 --language en-GB",
        f"{EVAL} ../shared/corpus/bbc-news.heldout.txt --clean --limit 167",
        f"{EVAL} ../shared/corpus/fnc1-news.heldout.txt --clean --limit 286",
    ],
    "set": [
        f"{EVAL} examples",
        f"{EVAL} ../shared/corpus/enwiki-2018.heldout.txt --limit 300",
        f"{EVAL} ../shared/eval/jfleg-dev --limit 300",
    ],
    "class": ["python -m tools.class_recall --per-class 40"],
    "bert": [
        "python -m tools.calibrate_word_choice --out OUT/word-choice --clean 600 --noised 250 "
        "--mlqe 60 --guard 30"
    ],
    "quality": ["python benchmarks/quality.py --json OUT/quality.json"],
    "speed": [
        "python benchmarks/speed.py --words 1000 10000 100000",
        "python benchmarks/speed.py --words 1000 10000 100000 --bert all",
        "python benchmarks/speed.py --words 1000 10000 100000 --no-model",
    ],
    "calibration": [
        "python -m tools.calibrate_detector models/fixtext-small --limit 300 --target 0.005"
    ],
}
#: Noise operation (``fixtext.training.noise.OPERATIONS``) -> its name in the tables.
CLASS_LABELS = {
    "punctuation_debris": "punctuation debris",
    "spurious_break": "spurious sentence break",
    "duplicate_word": "duplicated word or phrase",
    "run_together": "words run together",
    "duplicate_entity": "duplicated entity",
    "case_damage": "case damage",
    "stray_word": "stray word",
    "self_coordination": "self-coordination",
    "agreement_flip": "agreement flip",
    "spinner_synonym": "wrong-sense synonym (spinner)",
    "related_word": "related word",
    "order_swap": "head/adjective order swap",
    "delete_word": "deleted word",
    "drop_function_word": "dropped function word",
}
#: The classes where the right word must be guessed: only a repair model that knows which
#: word was meant can repair them.
WORD_LEVEL = frozenset(
    {"spinner_synonym", "related_word", "drop_function_word", "delete_word", "self_coordination"}
)
#: The issue's target for word-edit reduction on mixed synthetic noise.
TARGET_REDUCTION = 0.60

Report = dict[str, Any]


def pct(value: float | None, digits: int = 1) -> str:
    """A rate as a percentage; ``n/a`` when undefined."""
    return "n/a" if value is None else f"{100 * value:.{digits}f}%"


def num(value: int) -> str:
    """An integer with thousands separators."""
    return f"{value:,}"


def spans(report: Report) -> dict[str, int]:
    """The span counts of a report."""
    return report["spans"]


def count(report: Report, key: str) -> int:
    """An integer count of a report."""
    return int(report[key])


def wrap(text: str) -> str:
    """A paragraph wrapped at 90 characters."""
    return textwrap.fill(text, width=90, break_on_hyphens=False, break_long_words=False)


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


@dataclass
class Run:
    """The files of one measure.sh run."""

    folder: Path

    def report(self, name: str) -> Report | None:
        """A ``fixtext eval --format json`` report, None when the file is missing or empty."""
        path = self.folder / name
        if not path.is_file() or not path.read_text(encoding="utf-8").strip():
            return None
        return json.loads(path.read_text(encoding="utf-8"))

    def text(self, name: str) -> str | None:
        """A text file of the run, None when it is missing or empty."""
        path = self.folder / name
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        return text if text.strip() else None

    def about(self) -> dict[str, str]:
        """``run.txt`` (``key: value`` lines); the date falls back to examples.json's mtime."""
        about: dict[str, str] = {}
        for line in (self.text("run.txt") or "").splitlines():
            key, _, value = line.partition(":")
            if value.strip():
                about[key.strip()] = value.strip()
        if "date" not in about:
            stamp = next((p for p in sorted(self.folder.glob("*.json"))), None)
            if stamp is not None:
                about["date"] = f"{datetime.fromtimestamp(stamp.stat().st_mtime, UTC):%Y-%m-%d}"
        return about


def missing(name: str) -> str:
    """The line a section shows when its file is missing."""
    return f"*Not measured in this run (no `{name}`).*"


# --- headline -----------------------------------------------------------------------------


def speed_ratios(markdown: str | None) -> dict[int, str]:
    """Words -> warm ratio, from the table ``benchmarks/speed.py`` prints."""
    ratios: dict[int, str] = {}
    for line in (markdown or "").splitlines():
        cells = [c.strip().strip("*") for c in line.strip().strip("|").split("|")]
        if len(cells) >= 7 and cells[0].replace(",", "").isdigit():
            ratios[int(cells[0].replace(",", ""))] = cells[6]
    return ratios


def headline(run: Run) -> list[tuple[str, str, str]]:
    """(figure, value, where it comes from) rows of the summary table."""
    rows: list[tuple[str, str, str]] = []
    for name, label in (
        ("examples.json", "team examples"),
        ("synthetic.json", "noised held-out enwiki"),
    ):
        r = run.report(name)
        if r is not None:
            s = spans(r)
            repaired = s["damaged"] - count(r, "spans_left")
            rows.append(
                (
                    f"damaged spans repaired, {label}",
                    f"{pct(r['span_repair_rate'])} ({num(repaired)} / {num(s['damaged'])})",
                    "[every set](#every-set)",
                )
            )
    mt = [r for p in PAIRS if (r := run.report(f"mt-{p}.json")) is not None]
    if mt:
        unchanged = sum(count(r, "unchanged") for r in mt)
        harmed = sum(count(r, "harmed") for r in mt)
        rows.append(
            (
                "MLQE-PE dev sentences the post-editor left alone that fixtext changed",
                f"{harmed} of {num(unchanged)} ({pct(harmed / unchanged)})",
                "[good text](#good-text-left-alone)",
            )
        )
    news = []
    for name, corpus, variant in NEWS:
        r = run.report(name)
        if r is not None:
            short = corpus.split(" ")[0]
            news.append(f"{short} {variant} {count(r, 'harmed')} of {count(r, 'unchanged')}")
    if news:
        rows.append(
            ("clean news paragraphs changed", "; ".join(news), "[good text](#good-text-left-alone)")
        )
    ratios = speed_ratios(run.text("speed.md"))
    if ratios:
        value = ", ".join(f"{ratio} at {num(words)} words" for words, ratio in ratios.items())
        rows.append(("warm `check` time / LanguageTool alone", value, "[speed](#speed-and-memory)"))
    return rows


# --- sections -----------------------------------------------------------------------------


def good_text(run: Run) -> str:
    """MLQE-PE dev per pair and the clean news sets."""
    out = []
    rows = []
    totals = [0, 0, 0, 0, 0, 0]
    further = []
    for pair in PAIRS:
        r = run.report(f"mt-{pair}.json")
        if r is None:
            continue
        values = [
            count(r, "unchanged"),
            count(r, "clean_flagged"),
            count(r, "harmed"),
            count(r, "hypothesis_edits"),
            count(r, "source_edits"),
            count(r, "collateral"),
        ]
        totals = [t + v for t, v in zip(totals, values, strict=True)]
        if values[3] > values[4]:
            further.append(pair)
        unchanged, flagged, harmed, after, before, collateral = values
        edits = f"{num(after)} vs {num(before)}"
        rows.append([pair, num(unchanged), num(flagged), num(harmed), edits, num(collateral)])
    if rows:
        unchanged, flagged, harmed, after, before, collateral = totals
        verdict = (
            "never further from the post-edit"
            if not further
            else f"further from the post-edit on {', '.join(further)}"
        )
        rows.append(
            [
                "**all**",
                f"**{num(unchanged)}**",
                f"**{num(flagged)}**",
                f"**{num(harmed)} ({pct(harmed / unchanged)}; goal <= 0.5%)**",
                f"{num(after)} vs {num(before)}: {verdict}",
                num(collateral),
            ]
        )
        out.append(
            table(
                [
                    "pair",
                    "unchanged by post-editor",
                    "flagged",
                    "changed by fixtext",
                    "word edits to the post-edit, after vs before",
                    "collateral edits",
                ],
                rows,
            )
        )
    else:
        out.append(missing("mt-*.json"))
    out.append(
        "\nClean held-out news, 10,000 words each (`--clean`: every paragraph is its own\n"
        "reference, so any change is a change of good text):\n\n```sh\n"
        + "\n".join(COMMANDS["news"])
        + "\n```\n"
    )
    news_rows = []
    for name, corpus, variant in NEWS:
        r = run.report(name)
        if r is not None:
            news_rows.append(
                [
                    corpus,
                    variant,
                    num(count(r, "unchanged")),
                    f"{count(r, 'harmed')} ({pct(r['harm_rate'])})",
                    f"{count(r, 'clean_flagged')} ({pct(r['flag_rate_clean'])})",
                ]
            )
    out.append(
        table(["set", "language", "paragraphs", "changed", "flagged"], news_rows)
        if news_rows
        else missing("news-*.json")
    )
    return "\n".join(out)


def cell(rate: float | None, part: int, whole: int) -> str:
    """``61.3% (38 / 62)``."""
    return f"{pct(rate)} ({num(part)} / {num(whole)})"


def every_set_row(label: str, r: Report) -> list[str]:
    """One row of the every-set table."""
    s = spans(r)
    repaired = s["damaged"] - count(r, "spans_left")
    gleu = f"{r['gleu']:.1f} ({r['source_gleu']:.1f})"
    return [
        label,
        cell(r["span_recall"], s["caught"], s["damaged"]),
        cell(r["span_precision"], s["flags_on_damage"], s["flags"]),
        cell(r["span_repair_rate"], repaired, s["damaged"]),
        f"{pct(r['word_edit_reduction'])} ({num(count(r, 'hypothesis_edits'))} of "
        f"{num(count(r, 'source_edits'))} edits left)",
        f"{count(r, 'exact')} / {count(r, 'damaged')}",
        f"{count(r, 'harmed')} / {count(r, 'unchanged')}",
        f"{count(r, 'clean_flagged')} / {count(r, 'unchanged')}",
        f"{count(r, 'collateral')} in {count(r, 'collateral_examples')}",
        gleu,
    ]


def tag_cell(counts: TagCounts | None) -> str:
    """Precision / recall / MCC of flagged words against the BAD tags."""
    if counts is None or not counts.words:
        return "n/a"
    mcc = "n/a" if counts.mcc is None else f"{counts.mcc:.3f}"
    return f"{pct(counts.precision)} / {pct(counts.recall)} / {mcc}"


def tags_of(report: Report | None) -> TagCounts | None:
    """A report's tagged-word counts (None without the report)."""
    return None if report is None else TagCounts(**report["tags"])


def bad_words(run: Run) -> str:
    """MLQE-PE dev flags against the word tags: the default settings and ``bert = "all"``
    (FT102 and FT103 too), per pair and pooled, beside what flagging nothing and the
    random flagger score."""
    rows = []
    pooled: list[TagCounts] = [TagCounts(), TagCounts()]
    for pair in PAIRS:
        default, every = run.report(f"mt-{pair}.json"), run.report(f"mt-all-{pair}.json")
        if default is None and every is None:
            continue
        counts = [tags_of(default), tags_of(every)]
        pooled = [p + (c or TagCounts()) for p, c in zip(pooled, counts, strict=True)]
        tagged = counts[0] or counts[1] or TagCounts()
        unchanged = (
            "n/a"
            if every is None
            else f"{num(count(every, 'clean_flagged'))} / {num(count(every, 'unchanged'))}"
        )
        rows.append(
            [
                pair,
                f"{num(tagged.words)} ({pct(tagged.bad_rate)} BAD)",
                tag_cell(counts[0]),
                tag_cell(counts[1]),
                unchanged,
            ]
        )
    if not rows:
        return missing("mt-*.json")
    words = (pooled[0] if pooled[0].words else pooled[1]).words
    rows.append(["**all**", num(words), *(f"**{tag_cell(c)}**" for c in pooled), ""])
    clean = run.report("news-fnc1-all.json")
    news = (
        missing("news-fnc1-all.json")
        if clean is None
        else f"{num(count(clean, 'clean_flagged'))} of {num(count(clean, 'unchanged'))} "
        f"paragraphs ({pct(clean['flag_rate_clean'])}), {num(count(clean, 'harmed'))} changed"
    )
    examples = run.report("examples-all.json")
    team = (
        missing("examples-all.json")
        if examples is None
        else f"span recall {pct(examples['span_recall'])}, span precision "
        f"{pct(examples['span_precision'])}, word-edit reduction "
        f"{pct(examples['word_edit_reduction'])}, collateral edits {examples['collateral']}"
    )
    header = [
        "pair",
        "words (default run)",
        "default: precision / recall / MCC",
        '`bert = "all"`, first 200: precision / recall / MCC',
        "unchanged sentences flagged (all)",
    ]
    return (
        table(header, rows)
        + "\n\nFlagging nothing scores MCC 0 (no precision, recall 0); flagging at random at "
        "the BAD rate scores MCC 0 with precision and recall equal to the BAD rate.\n\n"
        + f'With `bert = "all"`: clean fnc1 news, {news}; team examples, {team}.'
    )


def every_set(run: Run) -> str:
    """Every eval set with its counts."""
    sets = [
        ("examples.json", "team examples, `examples/`"),
        ("synthetic.json", "held-out enwiki noised with seed 2024"),
        *((f"mt-{p}.json", f"MLQE-PE dev {p}") for p in PAIRS),
        ("jfleg.json", "JFLEG dev"),
    ]
    rows = []
    for name, label in sets:
        r = run.report(name)
        if r is not None:
            rows.append(every_set_row(f"{label} ({num(count(r, 'examples'))})", r))
    if not rows:
        return missing("*.json")
    header = [
        "set (examples)",
        "span recall",
        "span precision",
        "spans repaired",
        "word-edit reduction",
        "exact",
        "harm",
        "clean flagged",
        "collateral edits",
        "GLEU (source)",
    ]
    return table(header, rows)


@dataclass
class ClassRow:
    """One line of class_recall.txt."""

    name: str
    sentences: int
    flagged: str
    exact: str
    closer: str
    worse: str
    before: int
    after: int
    left: float


CLASS_LINE = re.compile(
    r"^(\w+)\s+(\d+)\s+(\d+%)\s+(\d+%)\s+(\d+%)\s+(\d+%)\s+(\d+)->(\d+)\s+([\d.]+)%$"
)


def class_rows(text: str) -> tuple[list[ClassRow], float | None]:
    """The rows of class_recall.txt and its mixed-noise edit reduction."""
    rows = []
    mixed = None
    for line in text.splitlines():
        line = line.strip()
        if m := CLASS_LINE.match(line):
            name, n, flagged, exact, closer, worse, before, after, left = m.groups()
            rows.append(
                ClassRow(
                    name,
                    int(n),
                    flagged,
                    exact,
                    closer,
                    worse,
                    int(before),
                    int(after),
                    float(left) / 100,
                )
            )
        elif line.startswith("mixed-noise edit reduction:"):
            mixed = float(line.split(":")[1].strip().rstrip("%")) / 100
    return rows, mixed


def classes(run: Run) -> str:
    """Each class of damage alone, and what it means for the synthetic target."""
    text = run.text("class_recall.txt")
    rows, mixed = class_rows(text or "")
    if not rows:
        return missing("class_recall.txt")
    out = [
        table(
            ["class", "sentences", "flagged", "exact", "closer", "worse", "edits", "left"],
            [
                [
                    CLASS_LABELS.get(r.name, r.name),
                    str(r.sentences),
                    r.flagged,
                    r.exact,
                    r.closer,
                    r.worse,
                    f"{r.before} -> {r.after}",
                    pct(r.left),
                ]
                for r in rows
            ],
        )
    ]
    if mixed is not None:
        left = 1 - mixed
        word_level = sum(r.left for r in rows if r.name in WORD_LEVEL)
        mechanical = left - word_level
        budget = 1 - TARGET_REDUCTION  # edits that may be left at the target
        needed = (left - budget) / mechanical if mechanical > 0 else float("inf")
        reach = (
            f"the issue's {pct(TARGET_REDUCTION, 0)} target would need "
            f"{pct(needed, 0)} of what the mechanical classes leave repaired with no "
            "word-level repair at all"
            if needed <= 1
            else f"the issue's {pct(TARGET_REDUCTION, 0)} target cannot be reached "
            "without word-level repairs"
        )
        out.append("")
        out.append(
            wrap(
                f"The mix's edit reduction is {pct(mixed)}, so {pct(left)} of the edits are "
                f"left, and {100 * word_level:.1f} points of them are in the five word-level "
                "classes (spinner and related words, dropped and deleted words, "
                "self-coordination), where the right word must be guessed. Even if every other "
                f"class were repaired perfectly, the edit reduction would be "
                f"{pct(1 - word_level, 0)}; {reach}."
            )
        )
    return "\n".join(out)


def quality(run: Run) -> str:
    """fixtext against LanguageTool alone and Harper (benchmarks/quality.py)."""
    text = run.text("quality.json")
    if text is None:
        return missing("quality.json")
    payload = json.loads(text)
    rows = []
    for result in payload["results"]:
        r = result["report"]
        if r is None:
            rows.append([result["set"], result["tool"], result["note"], *["n/a"] * 6])
            continue
        jfleg = result["set"] == "jfleg"
        gleu = f"{r['gleu']:.1f} ({r['source_gleu']:.1f})" if jfleg else ""
        rows.append(
            [
                result["set"],
                result["tool"],
                pct(r["span_recall"]),
                pct(r["span_precision"]),
                pct(r["flag_rate_clean"]),
                pct(r["word_edit_reduction"]),
                pct(r["exact_repairs"]),
                pct(r["harm_rate"]),
                gleu,
            ]
        )
    header = [
        "set",
        "tool",
        "span recall",
        "span precision",
        "flag rate on clean",
        "word-edit reduction",
        "exact",
        "harm",
        "GLEU (source)",
    ]
    notes = "".join(f" {note}." for note in payload.get("notes", []))
    ran = wrap(f"This run took {payload['seconds'] / 60:.0f} minutes.{notes}")
    return f"{ran}\n\n{table(header, rows)}"


def word_choice(run: Run) -> str:
    """FT102's and the fluency guard's figures (``word-choice/report.json``)."""
    text = run.text("word-choice/report.json")
    if text is None:
        return missing("word-choice/report.json")
    r = json.loads(text)
    clean = r["clean"]
    margins = sorted((m for m in r["noised"] if m != "shipped"), key=float)  # "shipped": FT103
    rows = [
        [
            m,
            pct(clean["test_rate"][m]),
            pct(r["noised"][m]["recall"]),
            pct(r["noised"][m]["restored"]),
            str(r["noised"][m]["other_words_flagged"]),
            f"{r['mlqe'][m]['flagged_words']} / {r['mlqe'][m]['bad_words']}",
            str(r["mlqe"][m]["mcc"]),
            r["mlqe"][m]["unchanged_flagged"],
        ]
        for m in margins
    ]
    ft102 = table(
        [
            f"FT102 margin (shipped {clean['shipped_margin']})",
            f"clean flagged (test half of {clean['sentences'][1]})",
            f"WordNet swaps flagged ({r['noised'][margins[0]]['swaps']})",
            "restored",
            "other words flagged",
            "MLQE-PE dev words flagged / BAD",
            "MCC",
            "unchanged sentences flagged",
        ],
        rows,
    )
    guard = r["guard"]
    sources = [k for k in guard if isinstance(guard[k], dict)]
    guard_rows = [
        [m]
        + [f"{pct(guard[s][m]['good_vetoed'])} / {pct(guard[s][m]['bad_vetoed'])}" for s in sources]
        for m in guard[sources[0]]
        if m != "pairs"
    ]
    header = ["guard margin"] + [f"{s} ({guard[s]['pairs']})" for s in sources]
    span_lines = ""
    for key, name, damage in (
        ("missing", "FT104 missing-word", "dropped function words"),
        ("extra", "FT105 extra-word", "stray words put in"),
    ):
        if key in r:  # with the damage head
            m = r[key]
            span_lines += (
                f"{name}: {pct(m['clean_flagged']['calibrate'])} / "
                f"{pct(m['clean_flagged']['test'])} of clean sentences flagged (calibration / "
                f"test half), {pct(m['caught'])} of {m['damaged']} {damage} caught, "
                f"{pct(m['restored'])} restored, {m['other_flags']} other words flagged.\n\n"
            )
    if "proposals" in r:
        mlqe, swaps = r["proposals"]["mlqe"], r["proposals"]["swaps"]
        span_lines += (
            f"FT103's proposer, the damaged word given: its first proposal is the "
            f"post-editor's word for {pct(mlqe['proposer']['all'])} of {mlqe['cases']} MLQE-PE "
            f"dev words replaced one for one ({pct(mlqe['lexicons_by_gain']['all'])} with the "
            f"lexicons' candidates by gain alone), the original for "
            f"{pct(swaps['proposer']['all'])} of the WordNet swaps "
            f"({pct(swaps['lexicons_by_gain']['all'])}).\n\n"
        )
    return (
        f"{ft102}\n\n{span_lines}The fluency guard (shipped margin "
        f"{guard['shipped_margin']}), share of good repairs / bad changes vetoed:\n\n"
        + table(header, guard_rows)
    )


def speed_table(markdown: str | None, name: str) -> str:
    """The table of a ``benchmarks/speed.py`` output, without its machine line."""
    if markdown is None:
        return missing(name)
    return "\n".join(line for line in markdown.splitlines() if line.startswith("|"))


def calibration() -> str:
    """The shipped model's calibration."""
    path = MODEL / "calibration.json"
    if not path.is_file():
        return "*No calibration.json: the shipped model's detector is off.*"
    c = json.loads(path.read_text(encoding="utf-8"))
    rows = [
        ["used by default", "yes" if c["use_by_default"] else "no"],
        ["detector threshold (FT101)", str(c["threshold"])],
        ["clean sentences flagged at it", pct(c["clean_flag_rate"])],
        ["damaged spans flagged at it", pct(c["damaged_span_recall"])],
        ["top rewrites that repair a given damaged span exactly", pct(c["proposer_exact_repairs"])],
        ["flagged clean words left alone", pct(c["proposer_keeps_clean"])],
        ["milliseconds per span", f"{c['proposer_ms_per_span']}"],
    ]
    return wrap(f"Measured on {c['measured_on']}.") + "\n\n" + table(["figure", "value"], rows)


# --- the page -----------------------------------------------------------------------------

TEMPLATE = """\
# Measurements

<!-- Generated by tools/measurements.py from a tools/measure.sh run: edit the script, not
this page. -->

Every figure on this page is regenerated by one command, `make measurements`: it runs
`tools/measure.sh OUT` (it needs `../shared` and the cores to itself), then
`python -m tools.measurements OUT`, which writes this page from the files in `OUT`.
Default settings throughout: rules, LanguageTool and the shipped model, with the fix
policy deciding which verified fixes apply unasked. The history of these figures is in
[CHANGELOG.md](../CHANGELOG.md).

This page: {about}.

## Summary

{headline}

## Good text left alone

MLQE-PE dev, all five pairs (1,000 machine-translated sentences each; the ones the
professional post-editor left unchanged are the good text; the fix policy was measured
on the *train* split, never on dev):

```sh
{mt_commands}
```

{good_text}

## Every set

```sh
{set_commands}
```

and the MLQE-PE pairs above.

{every_set}

- **span recall**: damaged spans (word edit regions from the source to the nearest
  reference) touched by a finding; a repeated word ("at the the gate") is one deleted copy
  that either copy may stand for, so its span covers both (`damaged_spans` in
  `fixtext/evaluate/metrics.py`). **span precision**: findings that touch a damaged span.
- **spans repaired**: damaged spans no longer there after `fix`. **word-edit reduction**:
  `1 - edits(repair, reference) / edits(source, reference)` over the damaged sentences;
  negative would mean further from the reference. **exact**: damaged sentences repaired
  to a reference.
- **harm**: sentences a human left alone that `fix` changed; **clean flagged**: those with
  any finding. **collateral edits**: edits outside every damaged span of a damaged
  sentence, and in how many sentences.
- The noised set is made by the training noise (`fixtext/training/noise.py`) from
  held-out sentences the model never saw, with a seed training never uses.

## Each class of damage alone

```sh
{class_commands}
```

Each noise operation alone on 40 held-out sentences, then `fixtext fix`: flagged = a
finding touches the damage, exact = the clean sentence comes back, closer / worse = the
word edit distance to it falls / rises, edits = word edits before -> after, left = the
class's share of the edits a mix of the operations (at the noise's weights) leaves; the
shares add up to 1 minus that mix's edit reduction.

{classes}

## Against LanguageTool alone and Harper

```sh
{quality_commands}
```

LanguageTool and Harper are scored as an editor who accepts every first suggestion;
`benchmarks/README.md` says how each tool is run and what each column means.

{quality}

## Word-level damage against MLQE-PE's tags

```sh
{bad_words_commands}
```

A word counts as flagged when a finding overlaps it; the tags are MLQE-PE's word-level
OK/BAD tags of the machine translation (`dev.mt.tags`).

{bad_words}

## BERT: FT102 word-choice, FT104 missing-word, FT105 extra-word and the fluency guard

```sh
{bert_commands}
```

Clean held-out sentences in two halves (the margin is chosen on one, its rate reported on
the other); WordNet swaps: held-out sentences with one content word swapped for a WordNet
word of another sense or a related word (never FT014's tables); MLQE-PE dev: flags
against the word-level BAD tags of real MT. The guard: small real post-edits (MT ->
post-edit) and noised sentences put back are good repairs, the same reversed are bad
changes. docs/thresholds.md says how the shipped margins were chosen.

{word_choice}

## Speed and memory

```sh
{speed_commands}
```

Distinct held-out paragraphs; cold = no LanguageTool server and no model server running
(JVM start, torch import and model load included); warm = both servers running, a fresh
`fixtext check` process each time, median of 3 runs; LanguageTool alone is timed inside
one Python process, so its figures exclude Python's start and imports. Compare the
ratios: the machine is shared and its speed varies from run to run by up to 1.5x.

With the model (default settings):

{speed}

With the model, FT102 and FT103 (`bert = "all"`):

{speed_bert_all}

Rules and LanguageTool only (`--no-model`):

{speed_no_model}

## The shipped model

```sh
{calibration_commands}
```

Read from `models/fixtext-small/calibration.json`, which that command writes; the model
card, `models/fixtext-small/README.md`, has the threshold grid and the training figures.

{calibration}
"""


def render(run: Run) -> str:
    """The page for ``run``."""
    about = run.about()
    parts = [f"`{run.folder.name}`"]
    parts += [f"{key} {about[key]}" for key in ("date", "commit", "machine") if key in about]
    rows = headline(run)
    summary = (
        table(["figure", "value", "details"], [list(r) for r in rows])
        if rows
        else missing("*.json")
    )
    fields = {
        "about": ", ".join(parts),
        "headline": summary,
        "good_text": good_text(run),
        "every_set": every_set(run),
        "classes": classes(run),
        "quality": quality(run),
        "speed": speed_table(run.text("speed.md"), "speed.md"),
        "speed_bert_all": speed_table(run.text("speed-bert-all.md"), "speed-bert-all.md"),
        "speed_no_model": speed_table(run.text("speed-no-model.md"), "speed-no-model.md"),
        "word_choice": word_choice(run),
        "bad_words": bad_words(run),
        "calibration": calibration(),
        **{f"{key}_commands": "\n".join(lines) for key, lines in COMMANDS.items()},
    }
    return TEMPLATE.format(**fields)


def newest_run() -> Path | None:
    """The newest ``runs/measure-*`` folder."""
    runs = sorted(p for p in (ROOT / "runs").glob("measure-*") if p.is_dir())
    return max(runs, key=lambda p: p.stat().st_mtime) if runs else None


def main(argv: Sequence[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", type=Path, nargs="?", help="a tools/measure.sh output folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    folder = args.run or newest_run()
    if folder is None or not folder.is_dir():
        sys.exit(f"no measure run at {folder or 'runs/measure-*'}; run tools/measure.sh first")
    page = render(Run(folder))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(page, encoding="utf-8")
    print(f"{args.out} written from {folder}")


if __name__ == "__main__":
    main()
