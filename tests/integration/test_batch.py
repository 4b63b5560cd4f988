"""``fixtext batch`` on a local Ray cluster of 2 CPUs (real LanguageTool, the shipped
model): its records equal ``fixtext check --format json`` and ``fixtext fix --format json``
file by file; an actor killed mid-run still leaves every document exactly once; a bad
document is an error record and the others complete; a re-run resumes."""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from fixtext.batch import RayPool, run_batch
from fixtext.config import Settings, settings_for
from tests.conftest import ROOT
from tests.integration.test_cli import fixtext

ray = pytest.importorskip("ray")
pytestmark = pytest.mark.integration
EXAMPLES = sorted((ROOT / "examples").glob("*.txt"))


@pytest.fixture(autouse=True)
def _server(languagetool_url: str) -> None:
    """Every test here runs against the one real server of this test session."""


@pytest.fixture(scope="module")
def cluster() -> Iterator[None]:
    """A local Ray cluster of 2 CPUs for this module."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


def settings_of(path: str) -> Settings:
    return settings_for(path, None, True, {})[0]


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def paragraphs_jsonl(path: Path) -> list[str]:
    """The examples' paragraphs, one document each: many short documents."""
    ids = []
    with path.open("w", encoding="utf-8") as out:
        for example in EXAMPLES:
            text = example.read_text(encoding="utf-8")
            for number, paragraph in enumerate(p for p in text.split("\n\n") if p.strip()):
                ids.append(f"{example.stem}/{number}")
                out.write(json.dumps({"id": ids[-1], "text": paragraph}) + "\n")
    return ids


def test_batch_on_ray_equals_check_and_fix_per_file(cluster: None, tmp_path: Path) -> None:
    files = [str(p.relative_to(ROOT)) for p in EXAMPLES]
    out = tmp_path / "results.jsonl"
    summary = run_batch(files, out, settings_of, engine="ray", workers=2, batch_size=1)
    assert (summary.written, summary.errors) == (len(files), 0)
    got = {r["id"]: r for r in records(out)}
    assert sorted(got) == sorted(files)

    checked = fixtext("check", "--format", "json", *files)
    assert checked.returncode == 1, checked.stderr
    for entry in json.loads(checked.stdout)["files"]:
        assert got[entry["path"]]["findings"] == entry["findings"], entry["path"]
    fixed = fixtext("fix", "--format", "json", *files)
    assert fixed.returncode in (0, 1), fixed.stderr
    for entry in json.loads(fixed.stdout)["files"]:
        record = got[entry["path"]]
        for key in ("applied", "remaining", "text"):
            assert record[key] == entry[key], (entry["path"], key)
    port = got["examples/port-strike.txt"]
    assert (len(port["applied"]), len(port["remaining"])) == (10, 9)  # as README's make run


def test_a_killed_actor_still_yields_every_document_exactly_once(
    cluster: None, tmp_path: Path
) -> None:
    ids = paragraphs_jsonl(tmp_path / "docs.jsonl")
    out = tmp_path / "results.jsonl"
    pool = RayPool((None, True, True, False), 2, None)  # --no-model --check-only: quick
    victim = ray.get_actor(pool.names[0])
    killed = threading.Event()
    written_at_kill: list[int] = []

    def kill_when_started() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            lines = out.read_bytes().count(b"\n") if out.exists() else 0
            if lines >= 2:
                written_at_kill.append(lines)
                ray.kill(victim, no_restart=False)  # Ray restarts it and retries its batches
                killed.set()
                return
            time.sleep(0.05)

    killer = threading.Thread(target=kill_when_started)
    killer.start()
    summary = run_batch([str(tmp_path / "docs.jsonl")], out, settings_of, pool=pool, batch_size=2)
    killer.join()
    assert killed.is_set() and written_at_kill[0] < len(ids) - 4  # killed mid-run
    written = [r["id"] for r in records(out)]
    assert Counter(written) == Counter(ids)  # every document, each once
    assert summary.written == len(ids) and summary.errors == 0
    assert all("findings" in r and "text" not in r for r in records(out))


def test_a_bad_document_is_an_error_record_and_the_rest_complete(
    cluster: None, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(ROOT / "examples" / "port-strike.txt", folder / "port-strike.txt")
    (folder / "binary.txt").write_bytes(b"\x00\x01\xff\xfe garbage")
    (folder / "latin1.txt").write_bytes("café au lait".encode("latin-1"))
    jsonl = tmp_path / "docs.jsonl"
    jsonl.write_text(
        '{"id": "ok", "text": "He voted to to stay."}\n'
        '{"id": "no-text"}\n'
        "not json\n"
        '{"id": 7, "text": ["not", "a", "string"]}\n',
        encoding="utf-8",
    )
    out = tmp_path / "results.jsonl"
    summary = run_batch(
        [str(folder), str(jsonl)],
        out,
        settings_of,
        engine="ray",
        workers=1,
        no_model=True,
        check_only=True,
    )
    assert (summary.written, summary.errors) == (7, 5)
    got = {r["id"]: r for r in records(out)}
    assert len(got) == len(records(out)) == 7
    errors = {k for k, r in got.items() if "error" in r}
    bad = {str(folder / "binary.txt"), str(folder / "latin1.txt"), "no-text", f"{jsonl}:3", "7"}
    assert errors == bad
    assert got["ok"]["findings"][0]["rule"] == "FT003"
    assert got[str(folder / "port-strike.txt")]["findings"]


def test_a_rerun_resumes_and_cuts_a_partial_line(cluster: None, tmp_path: Path) -> None:
    jsonl = tmp_path / "docs.jsonl"
    lines = [{"id": f"d{i}", "text": f"Story {i}: he voted to to stay."} for i in range(6)]
    jsonl.write_text("".join(json.dumps(x) + "\n" for x in lines[:3]), encoding="utf-8")
    out = tmp_path / "results.jsonl"
    args = ("batch", str(jsonl), "--out", str(out), "--workers", "1", "--check-only")
    first = fixtext(*args, "--no-model")
    assert first.returncode == 0, first.stderr
    with out.open("a", encoding="utf-8") as handle:
        handle.write('{"id": "d3", "findi')  # a run killed mid-write
    jsonl.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    second = fixtext(*args, "--no-model")
    assert second.returncode == 0, second.stderr
    assert "3 written (0 errors), 3 already in" in second.stderr
    assert [r["id"] for r in records(out)] == [f"d{i}" for i in range(6)]
