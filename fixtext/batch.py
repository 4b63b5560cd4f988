"""``fixtext batch``: check or repair many documents into one JSONL file, resumably.

The driver (:func:`run_batch`) lists the documents (files, folders, globs, or JSONL files
of ``{"id": ..., "text": ...}`` lines), leaves out the ones whose record is already in
``--out``, reads the others in batches and hands each batch to a worker; a
:class:`Worker` holds one :class:`~fixtext.engine.Engine` (the machine's LanguageTool
server and the model, started or reused once) and returns one record per document.

Workers run in this process (``--engine local --workers 1``), in a process pool on this
machine (``--workers N``), or as Ray actors (``--engine ray``) that Ray restarts when they
die, retrying their batches. Only the driver writes: each batch's records are appended
as whole lines in one write, flushed and fsynced, and a document whose record is already
written is never written again (a retried batch, a re-run), so every document gets
exactly one record. A run killed mid-write leaves at most a partial last line, which the
next run cuts off.

A record is ``{"id", "path", "words", "findings"}`` (``findings``: the JSON contract's
rows, as ``fixtext check --format json`` prints them) plus, unless ``--check-only``,
``"text"`` (the repaired text), ``"applied"`` and ``"remaining"`` (as ``fixtext fix
--format json`` prints them); a document that cannot be read or checked is ``{"id",
"path", "error"}``.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import fcntl
import glob
import json
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from fixtext.config import Settings
from fixtext.document import Document
from fixtext.formats import FORMATS, detect_format
from fixtext.ignores import IgnoreFileError, Ignores, load_ignores
from fixtext.inputs import InputError, decode, expand, printable, read_text
from fixtext.printers.report import FileReport

#: Documents per batch: one write (and fsync) of the output per batch.
BATCH_SIZE = 8
#: Batches in flight per worker (one being checked, one waiting), so no worker idles.
IN_FLIGHT = 2
#: Seconds between progress lines when stderr is not a terminal.
PROGRESS_EVERY_S = 10.0
_GLOB_CHARS = frozenset("*?[")


class BatchError(Exception):
    """The run cannot go on (bad input list, output locked, a worker pool lost); the
    records written so far stay, and a re-run resumes after them."""


@dataclass(frozen=True)
class Source:
    """Where one document is: a file (``path``) or line ``line`` of a JSONL file (at byte
    ``offset`` of ``jsonl``)."""

    id: str
    path: str | None = None
    jsonl: str | None = None
    offset: int = 0
    line: int = 0


@dataclass(frozen=True)
class Job:
    """One document as a worker gets it: its text (None with ``error``), settings and
    ignores."""

    id: str
    path: str | None
    text: str | None
    format: str
    settings: Settings | None
    ignores: Ignores | None = None
    error: str | None = None


# -- inputs -----------------------------------------------------------------------------


def sources(inputs: list[str]) -> tuple[list[Source], list[str]]:
    """The documents ``inputs`` name, in order (JSONL files: one per line with an ``id``;
    folders: their prose files; globs: what they match), and warnings (duplicate ids,
    unmatched globs, lines without an id: those are error records' ids instead)."""
    out: list[Source] = []
    warnings: list[str] = []
    seen: set[str] = set()

    def add(source: Source) -> None:
        if source.id in seen:
            warnings.append(f"{printable(source.id)}: duplicate id; only the first is checked")
            return
        seen.add(source.id)
        out.append(source)

    for given in inputs:
        paths: list[Path]
        if not Path(given).exists() and _GLOB_CHARS & set(given):
            matched = sorted(glob.glob(given, recursive=True))
            if not matched:
                warnings.append(f"{printable(given)}: no file matches")
            paths = [Path(m) for m in matched]
        else:
            paths = [Path(given)]
        for path in expand(paths):
            if path.suffix.lower() == ".jsonl" and path.is_file():
                for source in _jsonl_sources(path):
                    add(source)
            else:
                add(Source(str(path), path=str(path)))
    return out, warnings


def _jsonl_sources(path: Path) -> Iterator[Source]:
    """One source per non-blank line of a JSONL file; a line without a string ``id`` gets
    the id ``FILE:LINE`` (its record will be an error)."""
    with path.open("rb") as handle:
        offset = 0
        for number, raw in enumerate(handle, 1):
            here, offset = offset, offset + len(raw)
            if not raw.strip():
                continue
            try:
                doc_id = json.loads(raw).get("id")
            except (ValueError, AttributeError):
                doc_id = None
            if not isinstance(doc_id, str | int) or isinstance(doc_id, bool):
                doc_id = f"{path}:{number}"
            yield Source(str(doc_id), jsonl=str(path), offset=here, line=number)


def load_job(
    source: Source,
    settings_of: Callable[[str], Settings],
    input_format: str | None,
    max_bytes: int,
) -> Job | None:
    """Read one document (in the driver: workers need no shared file system); None for a
    file the configuration leaves out."""
    try:
        if source.jsonl is not None:
            name = source.id
            where = f"{source.jsonl}:{source.line}"
            with open(source.jsonl, "rb") as handle:
                handle.seek(source.offset)
                raw = handle.readline()
            try:
                item = json.loads(decode(raw, where))
            except ValueError as exc:
                raise InputError(f"{where}: not a JSON object ({exc})") from None
            if not isinstance(item, dict) or "id" not in item:
                raise InputError(f'{where}: no "id"')
            text = item.get("text")
            if not isinstance(text, str):
                raise InputError(f'{where}: "text" is not a string')
            if len(text.encode("utf-8", "surrogatepass")) > max_bytes:
                raise InputError(f"{where}: larger than the {max_bytes}-byte limit")
            settings = settings_of(source.jsonl)
            fmt = str(item.get("format") or detect_format(name, input_format))
            if fmt not in FORMATS:
                raise InputError(f"{where}: format must be one of {', '.join(FORMATS)}")
            return Job(source.id, None, text, fmt, settings)
        assert source.path is not None
        settings = settings_of(source.path)
        if not settings.wants(source.path):
            return None  # the configuration's include/exclude leave it out, as in check
        text = read_text(source.path, max_bytes)
        ignores = load_ignores(source.path)
        fmt = detect_format(source.path, input_format)
        return Job(source.id, source.path, text, fmt, settings, ignores)
    except (InputError, IgnoreFileError, OSError, ValueError) as exc:
        return Job(source.id, source.path, None, "text", None, error=str(exc))


# -- workers ----------------------------------------------------------------------------


class Worker:
    """Checks (or repairs) batches of documents with one engine: the machine's
    LanguageTool server (started if none runs, as ``fixtext check`` does) and the model,
    loaded once. The same class runs in this process, in a process pool and as a Ray
    actor."""

    def __init__(self, model: str | None, no_model: bool, check_only: bool, unsafe: bool) -> None:
        self.model = model
        self.no_model = no_model
        self.check_only = check_only
        self.unsafe = unsafe
        self._engine: Any = None
        self.started_languagetool = False

    def engine(self) -> Any:
        """The engine, started on first use: LanguageTool (installed first on a machine
        without it) and the model."""
        if self._engine is None:
            from fixtext.engine import Engine
            from fixtext.languagetool import install, status
            from fixtext.model.seq2seq import default_model_path

            install()  # idempotent; a new cluster node fetches the jars once
            self.started_languagetool |= not status().get("running", False)
            path = None if self.no_model else Path(self.model or default_model_path())
            self._engine = Engine(path, resident=True)
        return self._engine

    def shutdown(self) -> None:
        """Stop the machine's LanguageTool server if this worker started it (at the end
        of a run: a server that was running before, a user's or another run's, stays)."""
        from fixtext.languagetool import stop

        if self.started_languagetool:
            stop()
            self.started_languagetool = False

    def warm(self) -> str:
        """Start the engine now; return this worker's host and pid (for logs, tests)."""
        self.engine()
        return f"{os.uname().nodename}:{os.getpid()}"

    def process(self, jobs: list[Job]) -> list[dict[str, Any]]:
        """One record per job, in order. A document that fails is an error record; a lost
        LanguageTool server is restarted once, then the whole batch fails (to be retried
        or resumed), since that says nothing about the document."""
        from fixtext.languagetool import LanguageToolUnavailable

        out = []
        for job in jobs:
            try:
                out.append(self._record(job))
            except LanguageToolUnavailable:
                self._engine = None  # a new engine runs ensure_running again
                out.append(self._record(job))
        return out

    def _record(self, job: Job) -> dict[str, Any]:
        from fixtext.languagetool import LanguageToolUnavailable

        record: dict[str, Any] = {"id": job.id, "path": job.path}
        if job.error is not None or job.text is None or job.settings is None:
            return {**record, "error": job.error or "no text"}
        doc = Document(job.text, job.path or job.id, job.format)
        record["words"] = len(job.text.split())
        try:
            pipeline = self.engine().pipeline(job.settings)
            if self.check_only:
                found = pipeline.check(doc, job.ignores or None)
                return {**record, "findings": FileReport.merged(doc, found).rows()}
            result = pipeline.fix(doc, self.unsafe, job.ignores or None)
        except LanguageToolUnavailable:
            raise
        except Exception as exc:  # one document's failure is its record, not the run's
            return {**record, "error": f"{type(exc).__name__}: {exc}"}
        left = FileReport.merged(Document(result.text, doc.path, doc.format), result.remaining)
        return {
            **record,
            "findings": FileReport.merged(doc, result.found).rows(),
            "applied": [
                {
                    "rule": f.rule,
                    "message": f.message,
                    "replacement": f.fix.replacement if f.fix else None,
                    "verdict": f.fix.verdict if f.fix else "",
                }
                for f in result.applied
            ],
            "remaining": left.rows(),
            "text": result.text,
        }


_process_worker: Worker | None = None


def _init_process(args: tuple[str | None, bool, bool, bool]) -> None:
    global _process_worker
    _process_worker = Worker(*args)
    _process_worker.warm()


def _process_in_pool(jobs: list[Job]) -> list[dict[str, Any]]:
    assert _process_worker is not None
    return _process_worker.process(jobs)


class Pool:
    """Workers that take batches: :meth:`submit` returns a future of the records."""

    workers = 1

    def submit(self, jobs: list[Job]) -> cf.Future[list[dict[str, Any]]]:
        raise NotImplementedError

    def close(self) -> None:
        """Let the workers go, stopping a LanguageTool server the run started."""


class InProcessPool(Pool):
    """One worker in this process: each batch runs when submitted."""

    def __init__(self, worker: Worker) -> None:
        self.worker = worker
        worker.warm()

    def submit(self, jobs: list[Job]) -> cf.Future[list[dict[str, Any]]]:
        future: cf.Future[list[dict[str, Any]]] = cf.Future()
        try:
            future.set_result(self.worker.process(jobs))
        except BaseException as exc:
            future.set_exception(exc)
        return future

    def close(self) -> None:
        self.worker.shutdown()


class ProcessPool(Pool):
    """``workers`` processes on this machine, each with its own engine (all of them use
    the machine's one LanguageTool server and one model server)."""

    def __init__(self, worker_args: tuple[str | None, bool, bool, bool], workers: int) -> None:
        from fixtext.languagetool import status

        self.workers = workers
        self.languagetool_was_running = bool(status().get("running"))
        self.executor = cf.ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_process,
            initargs=(worker_args,),
        )

    def submit(self, jobs: list[Job]) -> cf.Future[list[dict[str, Any]]]:
        return self.executor.submit(_process_in_pool, jobs)

    def close(self) -> None:
        from fixtext.languagetool import stop

        self.executor.shutdown(wait=True, cancel_futures=True)
        if not self.languagetool_was_running:  # the workers, all on this machine, started it
            stop()


class RayPool(Pool):
    """``workers`` Ray actors (one CPU each, named ``fixtext-batch-<run>-<i>`` so they can
    be found), restarted by Ray when they die, which then retries their batches."""

    def __init__(
        self,
        worker_args: tuple[str | None, bool, bool, bool],
        workers: int | None,
        address: str | None,
    ) -> None:
        try:
            import ray
        except ImportError:
            raise BatchError("--engine ray needs Ray: pip install 'fixtext[ray]'") from None
        self.ray = ray
        self.started = False
        if not ray.is_initialized():
            try:
                ray.init(address=address, log_to_driver=False, configure_logging=False)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                raise BatchError(f"cannot connect to Ray at {address}: {exc}") from None
            self.started = True
        if workers is None:
            workers = max(1, int(ray.cluster_resources().get("CPU", 1)))
        self.workers = workers
        remote = ray.remote(num_cpus=1, max_restarts=-1, max_task_retries=-1)(Worker)
        run = f"{os.getpid()}-{int(time.time())}"
        self.names = [f"fixtext-batch-{run}-{i}" for i in range(workers)]
        self.actors = [remote.options(name=name).remote(*worker_args) for name in self.names]
        self.hosts = ray.get([actor.warm.remote() for actor in self.actors])
        self.load = [0] * workers  # batches in flight per actor
        self._lock = threading.Lock()

    def submit(self, jobs: list[Job]) -> cf.Future[list[dict[str, Any]]]:
        """Give the batch to the actor with the fewest in flight (a restarting actor's
        batches wait for it; new ones go to the others)."""
        with self._lock:
            index = min(range(len(self.actors)), key=self.load.__getitem__)
            self.load[index] += 1
        future = self.actors[index].process.remote(jobs).future()
        future.add_done_callback(lambda _: self._finished(index))
        return future

    def _finished(self, index: int) -> None:
        with self._lock:
            self.load[index] -= 1

    def close(self) -> None:
        with contextlib.suppress(Exception):  # an actor lost for good stops nothing
            self.ray.get([actor.shutdown.remote() for actor in self.actors], timeout=60)
        for actor in self.actors:
            self.ray.kill(actor, no_restart=True)
        if self.started:
            self.ray.shutdown()


# -- output -----------------------------------------------------------------------------


class Output:
    """The JSONL results file, locked against a second run: the ids already done, and
    :meth:`write` appending one batch's records atomically (one write, fsync)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.handle: IO[bytes] = open(path, "a+b")  # noqa: SIM115 (held for the run)
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.close()
            raise BatchError(f"{printable(path)}: another fixtext batch is writing it") from None
        self.done: set[str] = set()
        self.errors = 0
        self._recover()

    def _recover(self) -> None:
        """Read the ids done; cut off a partial last line (a run killed mid-write)."""
        self.handle.seek(0)
        good = 0
        for raw in self.handle:
            if not raw.endswith(b"\n"):
                break
            try:
                record = json.loads(raw)
                self.done.add(str(record["id"]))
                self.errors += "error" in record
            except (ValueError, KeyError, TypeError):
                break  # a damaged line: everything from here is redone
            good += len(raw)
        self.handle.truncate(good)
        self.handle.seek(0, os.SEEK_END)
        self.resumed = len(self.done)

    def write(self, records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """Append the records not yet written; return those written."""
        new: list[dict[str, Any]] = []
        ids: set[str] = set()
        for record in records:
            key = str(record["id"])
            if key not in self.done and key not in ids:
                ids.add(key)
                new.append(record)
        if not new:
            return []
        data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in new)
        self.handle.write(data.encode("utf-8"))
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.done |= ids
        self.errors += sum("error" in r for r in new)
        return new

    def close(self) -> None:
        self.handle.close()


# -- progress ---------------------------------------------------------------------------


class Progress:
    """Documents done, words per second, ETA and errors, on one stderr line (redrawn on
    a terminal, every ``PROGRESS_EVERY_S`` seconds otherwise)."""

    def __init__(self, total: int, stream: IO[str] | None, resumed: int) -> None:
        self.total, self.stream, self.resumed = total, stream, resumed
        self.done = self.words = self.errors = 0
        self.start = self.last = time.monotonic()
        self.tty = bool(stream and stream.isatty())
        self.shown = -1

    def update(self, records: list[dict[str, Any]]) -> None:
        self.done += len(records)
        self.words += sum(r.get("words", 0) for r in records)
        self.errors += sum("error" in r for r in records)
        now = time.monotonic()
        if self.tty or now - self.last >= PROGRESS_EVERY_S:
            self.last = now
            self.show()

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.start, 1e-9)
        rate = self.done / elapsed
        left = self.total - self.done
        eta = _clock(left / rate) if rate > 0 else "?"
        return (
            f"fixtext batch: {self.resumed + self.done:,}/{self.resumed + self.total:,} "
            f"documents, {self.words / elapsed:,.0f} words/s, ETA {eta}, "
            f"{self.errors} errors"
        )

    def show(self, final: bool = False) -> None:
        if self.stream is None or (final and self.shown == self.done and not self.tty):
            return
        self.shown = self.done
        end = "\n" if final or not self.tty else ""
        self.stream.write(("\r\x1b[K" if self.tty else "") + self.line() + end)
        self.stream.flush()


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


# -- the run ----------------------------------------------------------------------------


@dataclass
class Summary:
    """What a run did: documents written (``written``, of them ``errors``), skipped as
    already done (``resumed``), words, seconds and workers."""

    written: int = 0
    errors: int = 0
    resumed: int = 0
    words: int = 0
    seconds: float = 0.0
    workers: int = 1


def run_batch(
    inputs: list[str],
    out: Path,
    settings_of: Callable[[str], Settings],
    *,
    engine: str = "local",
    address: str | None = None,
    workers: int | None = None,
    model: str | None = None,
    no_model: bool = False,
    check_only: bool = False,
    unsafe: bool = False,
    input_format: str | None = None,
    max_bytes: int = 10_000_000,
    batch_size: int = BATCH_SIZE,
    progress: IO[str] | None = None,
    warn: Callable[[str], None] = lambda message: None,
    pool: Pool | None = None,
) -> Summary:
    """Check (or repair) every document ``inputs`` name into ``out``, skipping those done.

    ``settings_of(path)`` gives a file's settings (a JSONL file's for its lines); a file
    its ``include``/``exclude`` leave out is skipped. ``pool`` overrides ``engine``.
    """
    found, warnings = sources(inputs)
    for warning in warnings:
        warn(warning)
    output = Output(out)
    try:
        todo = [s for s in found if s.id not in output.done]
        summary = Summary(resumed=len(found) - len(todo))
        if not todo:
            return summary
        worker_args = (model, no_model, check_only, unsafe)
        if pool is None:
            pool = _pool(engine, worker_args, workers, address)
        summary.workers = pool.workers
        shown = Progress(len(todo), progress, summary.resumed)
        cache: dict[str, Settings] = {}

        def settings_for(path: str) -> Settings:
            key = str(Path(path).parent)
            if key not in cache:
                cache[key] = settings_of(path)
            return cache[key]

        try:
            _drive(
                pool,
                _batches(todo, settings_for, input_format, max_bytes, batch_size),
                output,
                shown,
                summary,
            )
        finally:
            pool.close()
        shown.show(final=True)
        summary.seconds = time.monotonic() - shown.start
        summary.words = shown.words
        return summary
    finally:
        output.close()


def _pool(
    engine: str,
    worker_args: tuple[str | None, bool, bool, bool],
    workers: int | None,
    address: str | None,
) -> Pool:
    if engine == "ray":
        return RayPool(worker_args, workers, address)
    if engine != "local":
        raise BatchError(f"--engine must be local or ray, not {engine!r}")
    count = workers or os.cpu_count() or 1
    if count == 1:
        return InProcessPool(Worker(*worker_args))
    return ProcessPool(worker_args, count)


def _batches(
    todo: list[Source],
    settings_of: Callable[[str], Settings],
    input_format: str | None,
    max_bytes: int,
    size: int,
) -> Iterator[list[Job]]:
    """The documents, read lazily, ``size`` at a time."""
    for start in range(0, len(todo), size):
        jobs = (
            load_job(s, settings_of, input_format, max_bytes) for s in todo[start : start + size]
        )
        yield [job for job in jobs if job is not None]


def _drive(
    pool: Pool,
    batches: Iterator[list[Job]],
    output: Output,
    shown: Progress,
    summary: Summary,
) -> None:
    """Keep ``IN_FLIGHT`` batches per worker going; write each batch as it completes."""
    pending: set[cf.Future[list[dict[str, Any]]]] = set()
    exhausted = False
    while pending or not exhausted:
        while not exhausted and len(pending) < IN_FLIGHT * pool.workers:
            batch = next(batches, None)
            if batch is None:
                exhausted = True
                break
            ready = [job for job in batch if job.error is not None]
            if ready:  # unreadable documents need no worker
                _record(output, shown, summary, [_error_record(job) for job in ready])
            jobs = [job for job in batch if job.error is None]
            if jobs:
                pending.add(pool.submit(jobs))
        if not pending:
            continue
        done, pending = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
        for future in done:
            try:
                records = future.result()
            except Exception as exc:
                for other in pending:
                    other.cancel()
                raise BatchError(_failure(exc)) from exc
            _record(output, shown, summary, records)


def _record(
    output: Output, shown: Progress, summary: Summary, records: list[dict[str, Any]]
) -> None:
    written = output.write(records)
    summary.written += len(written)
    summary.errors += sum("error" in r for r in written)
    shown.update(written)


def _failure(exc: BaseException) -> str:
    """One line for a batch that failed as a whole (the run stops; a re-run resumes)."""
    cause = getattr(exc, "cause", None) or exc  # a RayTaskError wraps the worker's error
    name = type(cause).__name__
    if name == "LanguageToolUnavailable":
        return f"LanguageTool unavailable: {cause}"
    text = str(cause).strip().splitlines()
    return f"a batch failed: {name}: {text[-1] if text else ''}"


def _error_record(job: Job) -> dict[str, Any]:
    return {"id": job.id, "path": job.path, "error": job.error}
