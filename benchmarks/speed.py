"""Speed of ``fixtext check`` against LanguageTool alone, measured in the same run.

For each document size it measures, in a private cache directory (so a server used by
anything else is left alone):

* **cold**: ``fixtext check`` with no server running (LanguageTool's JVM start and the
  model server's start, torch import and model load included);
* **warm**: ``fixtext check`` again, both servers already up (Python start included:
  that is what an editor's second run costs); the median of ``--repeat`` runs;
* **LanguageTool alone**: the same paragraphs sent to the same server through
  ``language_tool_python`` — cold (JVM start + check) and warm (check only, a fresh
  client each time, the median of ``--repeat`` runs).

Memory: peak resident size of the ``fixtext check`` process, of the model server and of
the LanguageTool JVM, each on its own.

BERT and WordNet (the fluency guard and FT102) are used from the user's cache, linked
into the private one; ``--bert off|guard|all`` sets the ``bert`` setting (default: its
default, ``guard``).

Documents are distinct held-out paragraphs (see :func:`build_document`).
Usage: ``python benchmarks/speed.py [--words 1000 10000] [--repeat 3] [--no-model |
--bert all]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_document(words: int) -> str:
    """``words`` words of distinct paragraphs: held-out news and encyclopedia prose from
    ``../shared/corpus`` when present (no repeats, so no cache helps either tool), else
    the team's example articles repeated to size."""
    shared = ROOT.parent / "shared" / "corpus"
    sources = sorted(shared.glob("*news*.heldout.txt")) + sorted(shared.glob("enwiki*.heldout.txt"))
    paths = sources or sorted((ROOT / "examples").glob("*.txt"))
    paragraphs = [
        line
        for path in paths
        for line in path.read_text(encoding="utf-8").splitlines()
        if len(line.split()) > 8
    ]
    out: list[str] = []
    count = 0
    while count < words:
        for paragraph in paragraphs:
            out.append(paragraph)
            count += len(paragraph.split())
            if count >= words:
                break
    return "\n\n".join(out) + "\n"


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one command (exit 0 and 1 are success for check)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        sys.exit(f"benchmark command failed: {' '.join(command)}\n{errors}")
    return elapsed, usage.ru_maxrss / 1024


def peak_mb(pid: object) -> float:
    """Peak resident memory (VmHWM) of a running process, NaN when there is none."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return float("nan")
    kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
    return kb / 1024


def jvm_peak_mb(cache: Path) -> float:
    """Peak resident memory of the LanguageTool JVM of ``cache``."""
    from fixtext.languagetool.process import read_state

    return peak_mb((read_state(cache) or {}).get("pid"))


def model_server_peak_mb(cache: Path) -> float:
    """Peak resident memory of the model server of ``cache`` (NaN without the model)."""
    from fixtext.model.client import servers

    running = [info["pid"] for info in servers(cache) if info["running"]]
    return peak_mb(running[0]) if running else float("nan")


def main() -> None:
    """Print a markdown table of timings and fixtext / LanguageTool ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, nargs="+", default=[1000])
    parser.add_argument("--repeat", type=int, default=3, help="warm runs (median)")
    parser.add_argument("--no-model", action="store_true")
    parser.add_argument("--bert", choices=("off", "guard", "all"), help="the bert setting")
    args = parser.parse_args()

    from fixtext.cache import cache_home
    from fixtext.languagetool import LanguageToolChecker, ensure_running, install, stop
    from fixtext.model.client import stop_all

    cache = Path(tempfile.mkdtemp(prefix="fixtext-bench-"))
    for name in ("bert", "wordnet"):  # installed once, in the user's cache
        if (cache_home() / name).is_dir():
            (cache / name).symlink_to(cache_home() / name)
    env = {**os.environ, "FIXTEXT_CACHE_DIR": str(cache)}
    env.pop("FIXTEXT_LANGUAGETOOL_URL", None)
    os.environ.update(env)
    install(cache_dir=cache)
    extra = ["--no-model"] if args.no_model else []
    if args.bert:
        (cache / "bert.toml").write_text(f'bert = "{args.bert}"\n', encoding="utf-8")
        extra = ["--config", str(cache / "bert.toml")]
    rows = []
    for words in args.words:
        text = build_document(words)
        path = cache / f"doc-{words}.txt"
        path.write_text(text, encoding="utf-8")
        paragraphs = [p for p in text.split("\n\n") if p.strip()]
        command = [sys.executable, "-m", "fixtext", "check", str(path), *extra]

        stop(cache)
        start = time.perf_counter()
        url = ensure_running(cache_dir=cache)
        LanguageToolChecker(url).check(paragraphs)
        lt_cold = time.perf_counter() - start
        lt_warms = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            LanguageToolChecker(url).check(paragraphs)  # a fresh client: no cache
            lt_warms.append(time.perf_counter() - start)
        lt_warm = statistics.median(lt_warms)

        stop(cache)
        stop_all(cache)
        cold, _ = timed(command, env)
        warm_runs = [timed(command, env) for _ in range(args.repeat)]
        warm = statistics.median(seconds for seconds, _ in warm_runs)
        python_mb = max(mb for _, mb in warm_runs)
        model_mb = model_server_peak_mb(cache)
        rows.append((words, cold, warm, lt_cold, lt_warm, python_mb, model_mb, jvm_peak_mb(cache)))
    stop(cache)
    stop_all(cache)

    model = "off" if args.no_model else f"shipped, bert = {args.bert or 'default'}"
    print(f"machine: {os.cpu_count()} cores; model: {model}")
    print(
        "| words | fixtext cold s | fixtext warm s | LT alone cold s | LT alone warm s "
        "| cold ratio | warm ratio | warm words/s | fixtext peak MB | model server peak MB "
        "| JVM peak MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for words, cold, warm, lt_cold, lt_warm, python_mb, model_mb, jvm_mb in rows:
        print(
            f"| {words:,} | {cold:.2f} | {warm:.2f} | {lt_cold:.2f} | {lt_warm:.2f} "
            f"| {cold / lt_cold:.2f}x | {warm / lt_warm:.2f}x | {words / warm:.0f} "
            f"| {python_mb:.0f} | {model_mb:.0f} | {jvm_mb:.0f} |"
        )


if __name__ == "__main__":
    main()
