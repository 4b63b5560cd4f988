"""Throughput of ``fixtext batch`` on this machine: words per second with 1 and 2 Ray
workers (actors on a local Ray cluster), and the per-document overhead.

    python -m benchmarks.batch [--repeat 2] [--tiny 40] [--check-only] [--no-model]

The documents are the team's damaged examples (``examples/*.txt``), ``--repeat`` copies
each, every paragraph of a copy opened by its own sentence so that no LanguageTool or
model answer is reused from a cache. Every worker is started and warm before the clock
starts (startup is printed apart). The overhead is the time per document over
``--tiny`` one-sentence documents, less those words at the measured rate.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from fixtext.batch import InProcessPool, RayPool, Worker, run_batch
from fixtext.config import Settings, settings_for

ROOT = Path(__file__).resolve().parent.parent


def settings_of(path: str) -> Settings:
    return settings_for(path, None, False, {})[0]


def corpus(path: Path, repeat: int) -> int:
    """The examples, ``repeat`` distinct copies each, as JSONL; returns the words."""
    words = 0
    with path.open("w", encoding="utf-8") as out:
        for copy in range(repeat):
            for example in sorted((ROOT / "examples").glob("*.txt")):
                paragraphs = example.read_text(encoding="utf-8").split("\n\n")
                text = "\n\n".join(
                    f"Report {copy}-{n} follows. {p}" for n, p in enumerate(paragraphs)
                )
                words += len(text.split())
                doc = {"id": f"{example.stem}/{copy}", "text": text}
                out.write(json.dumps(doc) + "\n")
    return words


def tiny(path: Path, count: int) -> int:
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            doc = {"id": f"t{n}", "text": f"Ferry {n} left the harbour on Monday morning."}
            out.write(json.dumps(doc) + "\n")
    return 8 * count


def timed(pool_factory, docs: Path, out: Path) -> tuple[float, float, int]:
    """(startup seconds, run seconds, documents) of one batch run on a fresh pool."""
    start = time.monotonic()
    pool = pool_factory()
    startup = time.monotonic() - start
    summary = run_batch([str(docs)], out, settings_of, pool=pool, batch_size=2)
    assert summary.errors == 0, out.read_text()
    return startup, summary.seconds, summary.written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--tiny", type=int, default=40)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--check-only", action="store_true")
    parser.add_argument("--no-model", action="store_true")
    args = parser.parse_args()
    import ray

    ray.init(num_cpus=max(args.workers), include_dashboard=False, log_to_driver=False)
    worker_args = (None, args.no_model, args.check_only, False)
    mode = "check" if args.check_only else "fix"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rates = {}
        for workers in args.workers:
            docs = folder / f"docs-{workers}.jsonl"
            words = corpus(docs, args.repeat)  # fresh copies: nothing cached by a run before
            docs.write_text(docs.read_text().replace("Report ", f"Run {workers} report "))
            startup, seconds, count = timed(
                lambda w=workers: RayPool(worker_args, w, None), docs, folder / f"out-{workers}"
            )
            rates[workers] = words / seconds
            print(
                f"ray, {workers} worker{'s' * (workers > 1)} ({mode}): {words:,} words in "
                f"{count} documents, {seconds:.1f} s: {rates[workers]:,.0f} words/s "
                f"({count / seconds:.2f} documents/s; startup {startup:.1f} s)",
                flush=True,
            )
        docs = folder / "tiny.jsonl"
        words = tiny(docs, args.tiny)
        _, seconds, count = timed(
            lambda: InProcessPool(Worker(*worker_args)), docs, folder / "out-tiny"
        )
        per_doc = seconds / count
        overhead = per_doc - (words / count) / rates[min(rates)]
        print(
            f"per-document overhead (in-process, 1 worker, {count} one-sentence documents): "
            f"{per_doc * 1000:.0f} ms a document, {overhead * 1000:.0f} ms over its words' share"
        )
    ray.shutdown()


if __name__ == "__main__":
    main()
