"""Repair quality of fixtext, LanguageTool alone and Harper, on the same inputs, one run.

Each tool is a ``Repair`` function (:mod:`fixtext.evaluate.report`), so one
:func:`~fixtext.evaluate.report.evaluate` scores all three identically:

* **fixtext**: the default pipeline (default settings, the shipped model if there is one);
* **LanguageTool alone**: every match is a flag; each match's first replacement is the
  fix (non-overlapping ones, the leftmost winning, applied right to left);
* **Harper** (``harper-py``): every lint is a flag; each lint's first suggestion is the
  fix, treated the same way.

Sets (each skipped with a note when its files are missing): ``examples`` (the team's
garbled articles), ``synthetic`` (a held-out corpus damaged by the training noise with a
seed training never uses), ``mt-postedit`` (machine translation against its human
post-edit, per language pair) and ``jfleg`` (learner English, four references).

Usage: ``python benchmarks/quality.py [--limit N] [--sets examples synthetic mt-postedit
jfleg] [--pairs ro-en ru-en] [--no-model] [--json PATH]``.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import shlex
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from fixtext.evaluate import Example, Report, evaluate, load_set
from fixtext.evaluate.datasets import Noise
from fixtext.evaluate.metrics import Span
from fixtext.evaluate.report import Repair
from fixtext.protocols import GrammarChecker

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SETS = ("examples", "synthetic", "mt-postedit", "jfleg")
SEED = 2024
"""Noise seed for the synthetic set; training draws from other seeds."""

Edit = tuple[int, int, str]
"""Replace ``text[start:end]`` with the string (an insertion when start == end)."""

# harper.SuggestionKind values, kept here so the repair function runs on fakes.
_HARPER_REMOVE = 1
_HARPER_INSERT_AFTER = 2


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply the edits that do not overlap, right to left so offsets stay valid.

    Edits are taken by start (ties in the given order); one that starts inside the last
    kept edit, or at the same place, is skipped: the leftmost, first edit wins.
    """
    kept: list[Edit] = []
    for edit in sorted(edits, key=lambda e: e[0]):
        if kept and (edit[0] < kept[-1][1] or edit[0] == kept[-1][0]):
            continue
        kept.append(edit)
    for start, end, new in reversed(kept):
        text = text[:start] + new + text[end:]
    return text


def languagetool_repair(checker: GrammarChecker) -> Repair:
    """A ``Repair``: LanguageTool's matches are the flags, their first replacements the fix."""

    def repair(sentences: list[str]) -> list[tuple[list[Span], str]]:
        out: list[tuple[list[Span], str]] = []
        for text, matches in zip(sentences, checker.check(sentences), strict=True):
            spans = [(m.offset, m.offset + m.length) for m in matches]
            edits = [
                (m.offset, m.offset + m.length, m.replacements[0])
                for m in matches
                if m.replacements
            ]
            out.append((spans, apply_edits(text, edits)))
        return out

    return repair


class HarperLinter(Protocol):
    """The part of ``harper.Linter`` the benchmark uses."""

    def lint(self, text: str, *, language: str) -> list[Any]:
        """Lints with ``span.start``/``span.end`` and ``suggestions`` (kind, replacement)."""
        ...


def harper_edit(lint: Any) -> Edit | None:
    """The edit of a Harper lint's first suggestion, or None when it has none."""
    if not lint.suggestions:
        return None
    suggestion = lint.suggestions[0]
    start, end = lint.span.start, lint.span.end
    if suggestion.kind == _HARPER_INSERT_AFTER:
        return (end, end, suggestion.replacement_text)
    if suggestion.kind == _HARPER_REMOVE:
        return (start, end, "")
    return (start, end, suggestion.replacement_text)


def harper_repair(linter: HarperLinter) -> Repair:
    """A ``Repair``: Harper's lints (plain text) are the flags, first suggestions the fix."""

    def repair(sentences: list[str]) -> list[tuple[list[Span], str]]:
        out: list[tuple[list[Span], str]] = []
        for text in sentences:
            lints = linter.lint(text, language="plaintext")
            edits = [e for e in map(harper_edit, lints) if e is not None]
            out.append(([(x.span.start, x.span.end) for x in lints], apply_edits(text, edits)))
        return out

    return repair


@dataclass
class Tool:
    """A tool under test: its repair function, or why it is unavailable."""

    name: str
    repair: Repair | None
    note: str = ""


def _fixtext_tool(model: bool) -> Tool:
    from fixtext.config import build_settings
    from fixtext.engine import build_pipeline
    from fixtext.evaluate.adapter import pipeline_repair
    from fixtext.languagetool import LanguageToolUnavailable
    from fixtext.model.seq2seq import ModelError, default_model_path

    path = default_model_path() if model else None
    if path is None:
        note = "no model (none shipped)" if model else "no model (--no-model)"
    else:
        note = f"model {path}"
    try:
        return Tool("fixtext", pipeline_repair(build_pipeline(build_settings(), path)), note)
    except (LanguageToolUnavailable, ModelError) as error:
        return Tool("fixtext", None, f"unavailable: {error}")


def _languagetool_tool() -> Tool:
    from fixtext.config import build_settings
    from fixtext.languagetool import LanguageToolChecker, LanguageToolUnavailable, ensure_running

    try:
        checker = LanguageToolChecker(ensure_running(), language=build_settings().language)
    except LanguageToolUnavailable as error:
        return Tool("LanguageTool", None, f"unavailable: {error}")
    return Tool("LanguageTool", languagetool_repair(checker), "all matches, no filter")


def _harper_tool() -> Tool:
    try:
        import harper
    except ImportError as error:
        return Tool("Harper", None, f"unavailable: harper-py not installed ({error})")
    linter = harper.Linter(harper.Dialect.AMERICAN)
    version = importlib.metadata.version("harper-py")
    return Tool("Harper", harper_repair(linter), f"harper-py {version}, all lints, American")


def build_tools(model: bool) -> list[Tool]:
    """fixtext, LanguageTool alone and Harper; one that cannot be built says why."""
    return [_fixtext_tool(model), _languagetool_tool(), _harper_tool()]


def synthetic_noise(seed: int = SEED) -> Noise:
    """The training noise (:class:`~fixtext.training.noise.Noiser`) as a ``load_set`` noise.

    One garbler for the whole set: its own random stream, seeded once, draws every choice.
    """
    from fixtext.training.noise import Noiser

    garble = Noiser(seed).garble
    return lambda sentence, _rng: garble(sentence)


def load_sets(
    names: Sequence[str], limit: int, corpus: Path, pairs: Sequence[str]
) -> tuple[dict[str, list[Example]], list[str]]:
    """The requested sets (label -> examples) and notes on those skipped.

    Every set but ``examples`` (the team's articles, always whole) keeps its first
    ``limit`` examples; the synthetic set is the one ``fixtext eval`` builds with the
    same seed and limit.
    """
    paths: dict[str, Path] = {}
    for name in names:
        if name == "examples":
            paths["examples"] = ROOT / "examples"
        elif name == "synthetic":
            paths[f"synthetic ({corpus.name}, seed {SEED})"] = corpus
        elif name == "mt-postedit":
            paths.update({f"mt-postedit/{p}": SHARED / "eval" / "mt-postedit" / p for p in pairs})
        else:
            paths["jfleg"] = SHARED / "eval" / "jfleg-dev"
    sets: dict[str, list[Example]] = {}
    notes: list[str] = []
    for label, path in paths.items():
        if not path.exists():
            notes.append(f"skipped {label}: {path} is missing")
        elif path.is_file():
            sets[label] = load_set(path, synthetic_noise(), limit=limit)
        elif label == "examples":  # about 90 lines, always whole
            sets[label] = load_set(path)
        else:
            sets[label] = load_set(path)[:limit]
    return sets, notes


@dataclass
class Result:
    """One tool on one set: its report and seconds, or why there is none."""

    set: str
    tool: str
    report: Report | None
    seconds: float | None = None
    note: str = ""


def run(tools: Sequence[Tool], sets: dict[str, list[Example]]) -> list[Result]:
    """Evaluate every available tool on every set, printing progress to stderr."""
    results: list[Result] = []
    for label, examples in sets.items():
        for tool in tools:
            if tool.repair is None:
                results.append(Result(label, tool.name, None, note=tool.note))
                continue
            print(f"{label}: {tool.name} on {len(examples)} examples ...", file=sys.stderr)
            start = time.perf_counter()
            report = evaluate(examples, tool.repair)
            seconds = time.perf_counter() - start
            results.append(Result(label, tool.name, report, seconds, tool.note))
    return results


def cell(value: float | None, percent: bool = True) -> str:
    """A table cell: a percentage (or a plain number), ``n/a`` when undefined."""
    if value is None:
        return "n/a"
    return f"{100 * value:.1f}%" if percent else f"{value:.1f}"


HEADER = (
    "| set | tool | examples (damaged / unchanged) | span recall | span precision "
    "| flag rate on clean | word-edit reduction | exact repairs | harm rate | GLEU "
    "| source GLEU | seconds |"
)


def table(results: Sequence[Result]) -> str:
    """The markdown table: one row per set and tool."""
    lines = [HEADER, "|" + "---|" * HEADER.count(" | ") + "---|"]
    for r in results:
        if r.report is None:
            lines.append(f"| {r.set} | {r.tool} | {r.note} |" + " n/a |" * 9)
            continue
        rep = r.report
        jfleg = r.set == "jfleg"
        row = [
            r.set,
            r.tool,
            f"{rep.examples} ({rep.damaged} / {rep.unchanged})",
            cell(rep.span_recall),
            cell(rep.span_precision),
            cell(rep.flag_rate_clean),
            cell(rep.word_edit_reduction),
            cell(rep.exact_repairs),
            cell(rep.harm_rate),
            cell(rep.gleu if jfleg else None, percent=False),
            cell(rep.source_gleu if jfleg else None, percent=False),
            cell(r.seconds, percent=False),
        ]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmark; print the markdown table, optionally write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=300, help="examples per set, but examples/")
    parser.add_argument("--sets", nargs="+", choices=SETS, default=list(SETS))
    parser.add_argument("--pairs", nargs="+", default=["ro-en", "ru-en"], help="mt-postedit")
    parser.add_argument(
        "--corpus", type=Path, default=SHARED / "corpus" / "wmt-en-original.heldout.txt"
    )
    parser.add_argument("--no-model", action="store_true", help="fixtext without the model")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)

    command = shlex.join(
        ["python", "benchmarks/quality.py", *(sys.argv[1:] if argv is None else argv)]
    )
    started = time.perf_counter()
    sets, notes = load_sets(args.sets, args.limit, args.corpus, args.pairs)
    tools = build_tools(model=not args.no_model)
    results = run(tools, sets)
    elapsed = time.perf_counter() - started

    machine = f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
    print(f"command: `{command}`  ")
    print(f"machine: {machine}; total {elapsed:.0f} s  ")
    for tool in tools:
        print(f"{tool.name}: {tool.note}  ")
    for note in notes:
        print(f"{note}  ")
    print()
    print(table(results))
    if args.json is not None:
        payload = {
            "command": command,
            "machine": {"cores": os.cpu_count(), "description": machine},
            "seconds": elapsed,
            "tools": {t.name: t.note for t in tools},
            "notes": notes,
            "results": [
                {
                    "set": r.set,
                    "tool": r.tool,
                    "seconds": r.seconds,
                    "note": r.note,
                    "report": r.report.as_dict() if r.report is not None else None,
                }
                for r in results
            ],
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
