"""A bounded load test of ``fixtext serve`` on loopback, against LanguageTool alone.

It starts ``python -m fixtext serve --no-model`` (or ``--model PATH``) on a free
127.0.0.1 port, on the LanguageTool server fixtext uses (the one ``fixtext languagetool
status`` names, started if none runs), and drives it with ``--clients`` concurrent
clients (default 16) through ``--requests`` requests (default 2,000), after
``--warmup`` uncounted paragraphs (default 32: the model's first calls are slow), in
``--blocks`` equal blocks (default 4) that take turns, so that both kinds see the same
load from the rest of the machine:

* **alone**: the requests by themselves (blocks 1, 3, ...);
* **with long**: the same mix while a long document (``--long-paragraphs`` distinct
  paragraphs, default 30, one ``/v2/check``) is being checked all the time: one client
  sends one, and the next as soon as it is answered, until the block ends; the next
  block starts when that one is answered (blocks 2, 4, ...).

The mix: most requests are one held-out news paragraph (from ``../shared/corpus``'s
``*heldout*`` files of the news sources, garbled with the training noise, each used
once, so no cache answers) sent to ``/v2/check``; every 10th goes to ``/v1/fix``; every
25th is **abandoned**: a document of 8 paragraphs sent on a raw socket that the client
closes 0.3 s later, before the answer; every 50th is **oversized**: a body over the
server's ``--max-body`` (413 expected).

Printed: the status codes of all requests (no 5xx may appear; abandoned ones have none),
the p50/p95 latency of the short ``/v2/check`` requests of each kind of block, the long
documents' latencies, and, measured last in the same run, LanguageTool alone: the same
paragraphs sent straight to its ``/v2/check`` by the same number of clients, the
baseline of the ratio. Server tracebacks (lines of its stderr) are counted too.

The server runs with ``--max-body 200000`` and ``--timeout`` 60 s (its default; a long
document under the model may need more). ``python -m fixtext serve`` imports the
``fixtext`` of the current directory first: run the script from the checkout to measure
(``cd OTHER_CHECKOUT && python PATH/TO/serve_load.py`` measures another version).
Usage: ``python benchmarks/serve_load.py [--requests 2000] [--clients 16] [--model PATH]
[--long-paragraphs 30] [--blocks 4] [--warmup 32] [--timeout 60]``; 2,000 requests take
3-5 minutes on 2 shared cores without the model, 400 with it 2-6 minutes.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import requests

ROOT = Path(__file__).resolve().parent.parent
NEWS = ("bbc-news", "fnc1-news", "reuters21578", "xsum-bbc-sample", "wmt-en-original")
MAX_BODY = 200_000


def paragraphs(count: int, seed: int = 23) -> list[str]:
    """``count`` distinct held-out news paragraphs (150-1,200 characters), garbled by
    the training noise, in a seeded order; the example articles when ``../shared`` is
    missing (then they repeat, and caches help)."""
    from fixtext.training.noise import Noiser

    corpus = ROOT.parent / "shared" / "corpus"
    lines = [
        line.strip()
        for name in NEWS
        if (corpus / f"{name}.heldout.txt").is_file()
        for line in (corpus / f"{name}.heldout.txt").read_text(encoding="utf-8").splitlines()
        if 150 <= len(line.strip()) <= 1200
    ]
    if not lines:
        print("../shared/corpus missing: using the example articles", file=sys.stderr)
        lines = [
            p.strip()
            for path in sorted((ROOT / "examples").glob("*.txt"))
            for p in path.read_text(encoding="utf-8").split("\n\n")
            if len(p.strip()) >= 150
        ]
    rng = random.Random(seed)
    lines = list(dict.fromkeys(lines))
    rng.shuffle(lines)
    while len(lines) < count:
        lines += lines
    noiser = Noiser(seed)
    return [noiser.garble(line) for line in lines[:count]]


def languagetool_url() -> str:
    """The URL of the LanguageTool server fixtext uses (started if none runs)."""
    command = [sys.executable, "-m", "fixtext", "languagetool"]
    for action in ("status", "start", "status"):
        out = subprocess.run([*command, action], capture_output=True, text=True, check=False)
        fields = dict(line.split(": ", 1) for line in out.stdout.splitlines() if ": " in line)
        if action == "status" and fields.get("running") == "True" and fields.get("url"):
            return fields["url"]
    raise SystemExit(f"no LanguageTool server: {out.stdout} {out.stderr}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Results:
    """What one half (or the LanguageTool run) saw."""

    statuses: Counter[str] = field(default_factory=Counter)
    short: list[float] = field(default_factory=list)  # seconds of 200 answers to /v2/check
    fixes: list[float] = field(default_factory=list)
    long: list[tuple[str, float]] = field(default_factory=list)
    wall: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def merge(self, other: Results) -> None:
        self.statuses += other.statuses
        self.short += other.short
        self.fixes += other.fixes
        self.long += other.long
        self.wall += other.wall

    def add(self, status: str, seconds: float, kind: str) -> None:
        with self.lock:
            self.statuses[status] += 1
            if status == "200" and kind == "check":
                self.short.append(seconds)
            elif status == "200" and kind == "fix":
                self.fixes.append(seconds)


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


_local = threading.local()


def session() -> requests.Session:
    """One keep-alive session per client thread."""
    if not hasattr(_local, "session"):
        _local.session = requests.Session()
    return _local.session


def one_request(url: str, kind: str, text: str, results: Results) -> None:
    """Send one request of ``kind`` and record its status and time."""
    started = time.monotonic()
    try:
        if kind == "abandoned":
            abandon(url, text)
            results.add("abandoned", 0.0, kind)
            return
        if kind == "fix":
            answer = session().post(f"{url}/v1/fix", json={"text": text}, timeout=900)
        else:
            answer = session().post(
                f"{url}/v2/check", data={"text": text, "language": "en-US"}, timeout=900
            )
        status = str(answer.status_code)
    except requests.RequestException as exc:
        _local.__dict__.pop("session", None)
        status = f"error ({type(exc).__name__})"
    results.add(status, time.monotonic() - started, kind)


def abandon(url: str, text: str, after: float = 0.3) -> None:
    """Send a ``/v2/check`` request and close the connection ``after`` seconds later."""
    host, port = url.removeprefix("http://").split(":")
    body = urlencode({"text": text, "language": "en-US"}).encode()
    with socket.create_connection((host, int(port)), timeout=30) as conn:
        conn.sendall(
            b"POST /v2/check HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
            b"application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n" % len(body) + body
        )
        time.sleep(after)


def plan(count: int, texts: list[str], pool: list[str]) -> list[tuple[str, str]]:
    """``count`` (kind, text) requests: paragraphs to check, every 10th to fix, every
    25th abandoned (8 paragraphs), every 50th oversized."""
    out = []
    for i in range(count):
        if i % 50 == 7:
            out.append(("oversized", "x " * (MAX_BODY // 2 + 1000)))
        elif i % 25 == 3:
            out.append(("abandoned", "\n\n".join(pool.pop() for _ in range(8))))
        elif i % 10 == 5:
            out.append(("fix", texts.pop()))
        else:
            out.append(("check", texts.pop()))
    return out


def run_block(
    url: str, requests_: list[tuple[str, str]], clients: int, long_docs: list[str] | None
) -> Results:
    """Send ``requests_`` with ``clients`` clients; with ``long_docs``, keep one long
    document being checked meanwhile."""
    results = Results()
    done = threading.Event()

    def long_client() -> None:
        assert long_docs is not None
        while not done.is_set() and long_docs:
            started = time.monotonic()
            try:
                answer = requests.post(
                    f"{url}/v2/check",
                    data={"text": long_docs.pop(), "language": "en-US"},
                    timeout=900,
                )
                status = str(answer.status_code)
            except requests.RequestException as exc:
                status = f"error ({type(exc).__name__})"
            with results.lock:
                results.long.append((status, time.monotonic() - started))
                results.statuses[status] += 1

    runner = None
    if long_docs is not None:
        runner = threading.Thread(target=long_client)
        runner.start()
        time.sleep(1.0)  # the long document is under way before the short ones start
    started = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(lambda item: one_request(url, item[0], item[1], results), requests_))
    results.wall = time.monotonic() - started
    done.set()
    if runner is not None:
        runner.join()
    return results


def languagetool_alone(lt_url: str, texts: list[str], clients: int) -> Results:
    """The same paragraphs straight to LanguageTool's ``/v2/check``."""
    results = Results()

    def one(text: str) -> None:
        started = time.monotonic()
        answer = session().post(
            f"{lt_url}/v2/check", data={"text": text, "language": "en-US"}, timeout=300
        )
        results.add(str(answer.status_code), time.monotonic() - started, "check")

    started = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(one, texts))
    results.wall = time.monotonic() - started
    return results


def start_server(
    port: int, lt_url: str, model: str | None, timeout: float, log: Path
) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "fixtext", "serve", "--no-config", "--port", str(port),
        "--max-body", str(MAX_BODY), "--timeout", str(timeout),
        *(["--model", model] if model else ["--no-model"]),
    ]  # fmt: skip
    env = {**os.environ, "FIXTEXT_LANGUAGETOOL_URL": lt_url}
    with log.open("wb") as sink:
        process = subprocess.Popen(command, env=env, stdout=sink, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(3000):
        if process.poll() is not None:
            raise SystemExit(f"fixtext serve exited:\n{log.read_text()}")
        try:
            if requests.get(f"{url}/health", timeout=5).status_code == 200:
                return process
        except requests.ConnectionError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("fixtext serve did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests in all")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--long-paragraphs", type=int, default=30)
    parser.add_argument(
        "--blocks", type=int, default=4, help="alternating blocks, alone / with long (even)"
    )
    parser.add_argument("--warmup", type=int, default=32, help="uncounted requests first")
    parser.add_argument("--model", help="serve with this model (default: --no-model)")
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="the server's --timeout (its default: 60 s)"
    )
    args = parser.parse_args()

    shorts = sum(1 for i in range(args.requests) if i % 50 != 7 and i % 25 != 3)
    abandoned = sum(1 for i in range(args.requests) if i % 25 == 3 and i % 50 != 7)
    texts = paragraphs(shorts + 8 * abandoned + 40 * args.long_paragraphs + args.warmup)
    warmup, texts = texts[: args.warmup], texts[args.warmup :]
    short_texts, pool = texts[:shorts], texts[shorts : shorts + 8 * abandoned]
    long_pool = texts[shorts + 8 * abandoned :]
    long_docs = [
        "\n\n".join(long_pool[i : i + args.long_paragraphs])
        for i in range(0, len(long_pool) - args.long_paragraphs + 1, args.long_paragraphs)
    ]
    requests_ = plan(args.requests, short_texts, pool)
    checked = [text for kind, text in requests_ if kind == "check"]
    size = -(-len(requests_) // args.blocks)
    blocks = [requests_[i : i + size] for i in range(0, len(requests_), size)]

    lt_url = languagetool_url()
    port = free_port()
    log = Path(tempfile.mkdtemp(prefix="serve-load-")) / "server.log"
    started = time.monotonic()
    server = start_server(port, lt_url, args.model, args.timeout, log)
    url = f"http://127.0.0.1:{port}"
    print(f"fixtext serve on {url} (log {log}), LanguageTool {lt_url}", file=sys.stderr)
    alone, together = Results(), Results()
    try:
        run_block(url, [("check", text) for text in warmup], args.clients, None)
        for index, block in enumerate(blocks):
            with_long = index % 2 == 1
            part = run_block(url, block, args.clients, long_docs if with_long else None)
            (together if with_long else alone).merge(part)
            name = "with long" if with_long else "alone"
            print(f"{name}: {part.wall:.0f} s {dict(part.statuses)}", file=sys.stderr)
    finally:
        server.terminate()
        server.wait(30)
    lt = languagetool_alone(lt_url, checked, args.clients)
    total = time.monotonic() - started
    tracebacks = log.read_text(errors="replace").count("Traceback")

    mode = f"model {args.model}" if args.model else "--no-model"
    print(
        f"machine: {os.cpu_count()} cores; `fixtext serve {mode}` on loopback, "
        f"{args.clients} clients, {len(requests_):,} requests in {len(blocks)} blocks, "
        f"alone and with a long document by turns (+{len(together.long)} long documents of "
        f"{args.long_paragraphs} paragraphs); {total:.0f} s in all"
    )
    statuses = alone.statuses + together.statuses
    print(f"status codes: {', '.join(f'{k}: {v}' for k, v in sorted(statuses.items()))}")
    fives = sum(v for k, v in statuses.items() if k.startswith("5") or k.startswith("error"))
    print(f"5xx or errors: {fives}; server tracebacks: {tracebacks}")
    print()
    print("| short /v2/check requests | answered | p50 s | p95 s | p95 / LanguageTool's |")
    print("|---|---|---|---|---|")
    lt95 = percentile(lt.short, 0.95)
    for name, res in (("fixtext, alone", alone), ("fixtext, with a long document", together)):
        p95 = percentile(res.short, 0.95)
        print(
            f"| {name} | {len(res.short)} | {percentile(res.short, 0.5):.2f} | {p95:.2f} "
            f"| {p95 / lt95:.1f} |"
        )
    print(
        f"| LanguageTool alone (same paragraphs) | {len(lt.short)} | "
        f"{percentile(lt.short, 0.5):.2f} | {lt95:.2f} | 1.0 |"
    )
    fixes = alone.fixes + together.fixes
    if fixes:
        print(
            f"\n/v1/fix: {len(fixes)} answered, p50 {percentile(fixes, 0.5):.2f} s, "
            f"p95 {percentile(fixes, 0.95):.2f} s"
        )
    longs = ", ".join(f"{status} in {seconds:.0f} s" for status, seconds in together.long)
    print(f"long documents ({args.long_paragraphs} paragraphs each): {longs}")
    print(
        f"throughput: {len(alone.short) / alone.wall:.1f} short checks/s alone, "
        f"{len(together.short) / together.wall:.1f} with the long document; "
        f"LanguageTool alone {len(lt.short) / lt.wall:.1f}/s"
    )
    print(f"command: python benchmarks/serve_load.py {' '.join(sys.argv[1:])}".rstrip())


if __name__ == "__main__":
    main()
