"""Speed of ``fixtext check`` against LanguageTool alone, measured in the same run.

For each document size it measures, in a private cache directory (so a server used by
anything else is left alone):

* **cold**: ``fixtext check`` with no server running (JVM start, model load included);
* **warm**: ``fixtext check`` again, the server already up (Python start and model load
  still included: that is what an editor's second run costs);
* **LanguageTool alone**: the same paragraphs sent to the same server through
  ``language_tool_python`` — cold (JVM start + check) and warm (check only).

Documents are built from the team's example articles in ``examples/`` repeated to size.
Usage: ``python benchmarks/speed.py [--words 1000 10000] [--no-model]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_document(words: int) -> str:
    """Paragraphs of the example articles, repeated until ``words`` words."""
    paragraphs = [
        line
        for path in sorted((ROOT / "examples").glob("*.txt"))
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


def timed(command: list[str], env: dict[str, str]) -> float:
    """Wall seconds of one command (exit codes 0 and 1 are success for check)."""
    start = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        sys.exit(f"benchmark command failed: {' '.join(command)}\n{result.stderr}")
    return elapsed


def main() -> None:
    """Print a markdown table of timings and fixtext / LanguageTool ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, nargs="+", default=[1000])
    parser.add_argument("--no-model", action="store_true")
    args = parser.parse_args()

    from fixtext.languagetool import LanguageToolChecker, ensure_running, install, stop

    cache = Path(tempfile.mkdtemp(prefix="fixtext-bench-"))
    env = {**os.environ, "FIXTEXT_CACHE_DIR": str(cache)}
    env.pop("FIXTEXT_LANGUAGETOOL_URL", None)
    os.environ.update(env)
    install(cache_dir=cache)
    extra = ["--no-model"] if args.no_model else []
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
        start = time.perf_counter()
        LanguageToolChecker(url).check(paragraphs)  # a fresh client: no cache
        lt_warm = time.perf_counter() - start

        stop(cache)
        cold = timed(command, env)
        warm = timed(command, env)
        rows.append((words, cold, warm, lt_cold, lt_warm))
    stop(cache)

    print(f"machine: {os.cpu_count()} cores; model: {'off' if args.no_model else 'shipped'}")
    print(
        "| words | fixtext cold s | fixtext warm s | LT alone cold s | LT alone warm s "
        "| cold ratio | warm ratio | warm words/s |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for words, cold, warm, lt_cold, lt_warm in rows:
        print(
            f"| {words} | {cold:.2f} | {warm:.2f} | {lt_cold:.2f} | {lt_warm:.2f} "
            f"| {cold / lt_cold:.2f}x | {warm / lt_warm:.2f}x | {words / warm:.0f} |"
        )


if __name__ == "__main__":
    main()
