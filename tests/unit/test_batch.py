"""``fixtext batch``'s driver without LanguageTool: inputs, the results file (resume, a
partial last line, one writer), exactly-once writing with a pool that answers twice."""

from __future__ import annotations

import concurrent.futures as cf
import json
from pathlib import Path

import pytest

from fixtext.batch import BatchError, Job, Output, Pool, run_batch, sources
from fixtext.config import Settings, build_settings


def settings_of(path: str) -> Settings:
    return build_settings()


class EchoPool(Pool):
    """Answers every batch at once with one record per document, twice over (as a retried
    batch whose first answer also arrived would)."""

    workers = 2

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def submit(self, jobs: list[Job]) -> cf.Future[list[dict]]:
        self.batches.append([job.id for job in jobs])
        future: cf.Future[list[dict]] = cf.Future()
        records = [
            {"id": j.id, "path": j.path, "words": len((j.text or "").split()), "findings": []}
            for j in jobs
        ]
        future.set_result(records + records)
        return future


def write_jsonl(path: Path, items: list[object]) -> Path:
    path.write_text("".join(json.dumps(x) + "\n" for x in items), encoding="utf-8")
    return path


def ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]


def test_sources_read_folders_globs_and_jsonl(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A.", encoding="utf-8")
    (tmp_path / "b.md").write_text("B.", encoding="utf-8")
    docs = write_jsonl(tmp_path / "docs.jsonl", [{"id": "x", "text": "X."}, {"text": "no id"}])
    (tmp_path / "docs.jsonl").write_text(
        docs.read_text() + "\n" + json.dumps({"id": "x", "text": "again"}) + "\n"
    )
    found, warnings = sources([str(tmp_path / "*.txt"), str(docs), str(tmp_path / "*.nothing")])
    assert [s.id for s in found] == [str(tmp_path / "a.txt"), "x", f"{docs}:2"]
    assert any("duplicate id" in w for w in warnings)
    assert any("no file matches" in w for w in warnings)


def test_every_document_is_written_once_and_bad_ones_are_error_records(tmp_path: Path) -> None:
    docs = write_jsonl(
        tmp_path / "docs.jsonl",
        [{"id": f"d{i}", "text": f"Story {i}."} for i in range(7)] + [{"id": "bad", "text": 3}],
    )
    out = tmp_path / "out.jsonl"
    pool = EchoPool()
    summary = run_batch([str(docs)], out, settings_of, pool=pool, batch_size=3)
    assert sorted(ids(out)) == sorted([*(f"d{i}" for i in range(7)), "bad"])  # any order
    assert (summary.written, summary.errors, summary.resumed) == (8, 1, 0)
    assert "bad" not in {i for batch in pool.batches for i in batch}  # no worker needed
    assert 'docs.jsonl:8: \\"text\\" is not a string' in out.read_text()


def test_a_rerun_resumes_after_a_partial_last_line(tmp_path: Path) -> None:
    docs = write_jsonl(tmp_path / "docs.jsonl", [{"id": f"d{i}", "text": "T."} for i in range(4)])
    out = tmp_path / "out.jsonl"
    out.write_text(json.dumps({"id": "d0", "findings": []}) + '\n{"id": "d1", "fin')
    pool = EchoPool()
    summary = run_batch([str(docs)], out, settings_of, pool=pool)
    assert ids(out) == ["d0", "d1", "d2", "d3"]
    assert (summary.written, summary.resumed) == (3, 1)
    assert pool.batches == [["d1", "d2", "d3"]]
    assert run_batch([str(docs)], out, settings_of, pool=EchoPool()).written == 0


def test_one_run_at_a_time_writes_a_results_file(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    first = Output(out)
    try:
        with pytest.raises(BatchError, match="another fixtext batch"):
            Output(out)
    finally:
        first.close()


class Exploding:
    """An engine whose pipeline fails on documents that say "boom"."""

    def pipeline(self, settings: Settings) -> Exploding:
        return self

    def check(self, doc, ignores=None) -> list:
        if "boom" in doc.text:
            raise RuntimeError("the pipeline broke")
        return []


def test_a_document_the_pipeline_fails_on_is_an_error_record_and_the_rest_go_on() -> None:
    from fixtext.batch import Worker

    worker = Worker(None, True, True, False)
    worker._engine = Exploding()
    jobs = [
        Job(i, None, text, "text", build_settings()) for i, text in [("a", "boom"), ("b", "ok")]
    ]
    first, second = worker.process(jobs)
    assert first == {
        "id": "a",
        "path": None,
        "words": 1,
        "error": "RuntimeError: the pipeline broke",
    }
    assert second == {"id": "b", "path": None, "words": 1, "findings": []}
