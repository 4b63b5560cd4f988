"""Time of ``fixtext check --no-model`` (rules and LanguageTool) against input size, for
the three shapes of long input:

* **token**: one word with no white space, pseudo-random lower-case letters (no two of
  LanguageTool's 4,000-character chunks alike, so its cache does not help);
* **sentence**: one line of words with no full stop: the words of the held-out
  paragraphs (or the example articles), lower-cased and stripped of punctuation;
* **document**: distinct held-out paragraphs (see ``speed.build_document``), cut to size;
  they need ``../shared/corpus`` next to the checkout, since the example articles it
  falls back to repeat, and LanguageTool's cache answers repeats.

Each size (default 1 KB to 2 MB) is one run of ``python -m fixtext check --no-model
--format json`` on a file of that many bytes (its output parsed, its findings counted,
with those of FT099, sentences too long for the rules), LanguageTool already running in a
private cache directory (started before the first run and stopped at the end, so shared
servers are left alone). Linear work shows as a steady MB per second down each column; a
run over ``--budget`` seconds (default 60) is marked, and one over ``--timeout`` is
stopped. The ``fixtext`` run is the one the script's Python imports (run it from a
checkout, or with ``PYTHONPATH`` set to one).
Usage: ``python benchmarks/long_inputs.py [--sizes 1000 2000000] [--shapes token]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from speed import build_document  # benchmarks/ is on the path of a script run from it

DEFAULT_SIZES = (1_000, 10_000, 100_000, 500_000, 1_000_000, 2_000_000)


def long_token(size: int) -> str:
    """One word of ``size`` pseudo-random lower-case letters (seeded), and a newline."""
    rng = random.Random(size)
    return "".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=size - 1)) + "\n"


def long_sentence(size: int) -> str:
    """One line of about ``size`` bytes of lower-case words, with no sentence end."""
    words = re.findall(r"[a-z]+", build_document(size // 6 + 10).lower())
    out: list[str] = []
    length = 0
    while length < size - 1:
        for word in words:
            out.append(word)
            length += len(word) + 1
            if length >= size - 1:
                break
    return " ".join(out)[: size - 1].rstrip() + "\n"


def long_document(size: int) -> str:
    """Distinct paragraphs, cut at the last paragraph that keeps it within ``size`` bytes."""
    text = build_document(size // 5 + 10)
    cut = text.rfind("\n\n", 0, size)
    return (text[:cut] if cut > 0 else text[: size - 1]) + "\n"


SHAPES: dict[str, Callable[[int], str]] = {
    "token": long_token,
    "sentence": long_sentence,
    "document": long_document,
}


def timed(
    command: list[str], env: dict[str, str], timeout: float
) -> tuple[float, list[str]] | None:
    """Wall seconds of one ``check --format json`` (exit 0 or 1 with its JSON output) and
    the rule ids of its findings; None when it ran past ``timeout``."""
    start = time.perf_counter()
    try:
        result = subprocess.run(command, env=env, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    seconds = time.perf_counter() - start
    try:
        files = json.loads(result.stdout)["files"]
    except (ValueError, KeyError):
        files = None
    if result.returncode not in (0, 1) or files is None:
        sys.exit(f"benchmark command failed: {' '.join(command)}\n{result.stderr.decode()}")
    return seconds, [finding["rule"] for file in files for finding in file["findings"]]


def main() -> None:
    """Print a markdown table: seconds and MB per second per shape and size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--shapes", nargs="+", choices=list(SHAPES), default=list(SHAPES))
    parser.add_argument("--budget", type=float, default=60.0, help="seconds a run may take")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds before a stop")
    args = parser.parse_args()

    from fixtext.detect.rules.base import TOO_LONG
    from fixtext.languagetool import ensure_running, install, stop

    cache = Path(tempfile.mkdtemp(prefix="fixtext-long-"))
    env = {**os.environ, "FIXTEXT_CACHE_DIR": str(cache)}
    env.pop("FIXTEXT_LANGUAGETOOL_URL", None)
    os.environ.update(env)
    install(cache_dir=cache)
    ensure_running(cache_dir=cache)
    rows = []
    try:
        for shape in args.shapes:
            for size in args.sizes:
                path = cache / f"{shape}-{size}.txt"
                path.write_text(SHAPES[shape](size), encoding="utf-8")
                command = [sys.executable, "-m", "fixtext", "check", "--no-model"]
                result = timed([*command, "--format", "json", str(path)], env, args.timeout)
                rows.append((shape, path.stat().st_size, result))
                shown = "timeout" if result is None else f"{result[0]:.1f}"
                print(f"{shape} {path.stat().st_size:,} bytes: {shown} s", file=sys.stderr)
    finally:
        stop(cache)

    print(f"machine: {os.cpu_count()} cores; `fixtext check --no-model`, LanguageTool warm")
    print(f"| shape | bytes | seconds | MB/s | findings | {TOO_LONG.code} | within budget |")
    print("|---|---|---|---|---|---|---|")
    for shape, size, result in rows:
        if result is None:
            print(f"| {shape} | {size:,} | over {args.timeout:.0f} | - | - | - | no |")
            continue
        seconds, rules = result
        ok = "yes" if seconds <= args.budget else f"no (over {args.budget:.0f} s)"
        print(
            f"| {shape} | {size:,} | {seconds:.1f} | {size / 1e6 / seconds:.3f} | {len(rules):,} "
            f"| {rules.count(TOO_LONG.code)} | {ok} |"
        )


if __name__ == "__main__":
    main()
