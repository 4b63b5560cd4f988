"""Bad input and a failing backend, through the real CLI (``python -m fixtext``).

Every failure must end with one ``fixtext: error:`` line on stderr and its documented exit
code (see docs/hardening.md), never a traceback and never a damaged or half-written file.
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.integration

GARBLED = b"The board voted to to delay the vote.\n"
FIXED = b"The board voted to delay the vote.\n"
#: Runs the CLI after the patch given as argv[1] (Python source) has been executed.
PATCHED_CLI = "import sys; exec(sys.argv.pop(1)); from fixtext.cli import main; main()"


def fixtext(
    *args: str | Path,
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
    patch: str | None = None,
    user: tuple[str, ...] = (),
    timeout: float = 300,
) -> subprocess.CompletedProcess[bytes]:
    """Run the CLI (optionally after ``patch``, optionally as another ``user``)."""
    head = (
        [sys.executable, "-c", PATCHED_CLI, patch] if patch else [sys.executable, "-m", "fixtext"]
    )
    return subprocess.run(
        [*user, *head, *map(str, args)],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
        timeout=timeout,
    )


def assert_error(result: subprocess.CompletedProcess[bytes], code: int, needle: str) -> str:
    """Exit ``code``, one ``fixtext: error:`` line naming ``needle``, nothing on stdout."""
    err = result.stderr.decode()
    assert result.returncode == code, err
    assert "Traceback" not in err
    assert err.count("\n") == 1 and err.startswith("fixtext: error: "), err
    assert needle in err, err
    assert result.stdout == b""
    return err


def leftovers(folder: Path) -> list[str]:
    """Temp files a write left behind in ``folder``."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".fixtext"))


@pytest.fixture
def lt(languagetool_url: str) -> str:
    """The session's real LanguageTool server."""
    return languagetool_url


# --- inputs that are not UTF-8 text ------------------------------------------------------


@pytest.mark.usefixtures("lt")
def test_empty_file_is_clean_and_fix_prints_nothing(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    checked = fixtext("check", "--no-model", path)
    assert (checked.returncode, checked.stdout, checked.stderr) == (0, b"", b"")
    fixed = fixtext("fix", "--no-model", "--quiet", path)
    assert (fixed.returncode, fixed.stdout, fixed.stderr) == (0, b"", b"")


@pytest.mark.usefixtures("lt")
def test_whitespace_only_file_comes_back_unchanged(tmp_path: Path) -> None:
    data = b"  \r\n\t\n \n\n"
    path = tmp_path / "blank.txt"
    path.write_bytes(data)
    checked = fixtext("check", "--no-model", path)
    assert (checked.returncode, checked.stdout) == (0, b"")
    fixed = fixtext("fix", "--no-model", "--quiet", path)
    assert (fixed.returncode, fixed.stdout, fixed.stderr) == (0, data, b"")


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        ("The board voted.\n".encode("utf-16"), "UTF-16 text is not supported"),
        (b"caf\xe9 au lait\n", "not valid UTF-8 (byte 3)"),
        (b"\xed\xa0\x80 surrogate\n", "not valid UTF-8"),
        (b"text\x00more\n", "binary file (contains NUL bytes)"),
    ],
    ids=["utf16-bom", "latin1", "surrogate", "nul"],
)
def test_undecodable_input_exits_2_and_is_never_written(
    tmp_path: Path, data: bytes, needle: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    assert_error(fixtext("check", "--no-model", path), 2, f"{path}: {needle}")
    assert_error(fixtext("fix", "--no-model", "--write", path), 2, needle)
    assert_error(fixtext("check", "--no-model", "-", stdin=data), 2, f"-: {needle}")
    assert path.read_bytes() == data


def test_directory_and_missing_file_exit_2(tmp_path: Path) -> None:
    empty = fixtext("check", "--no-model", tmp_path)  # a folder without prose: as ruff does
    assert empty.returncode == 0 and empty.stdout == b""
    assert empty.stderr.decode() == f"fixtext: warning: {tmp_path}: no .txt, .md or .html files\n"
    missing = tmp_path / "missing.txt"
    assert_error(fixtext("fix", "--no-model", missing), 2, f"{missing}: no such file")
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(missing)
    assert_error(fixtext("check", "--no-model", dangling), 2, "no such file")


def test_unreadable_file_exits_2(tmp_path: Path) -> None:
    user: tuple[str, ...] = ()
    if os.geteuid() == 0:  # root reads anything: run the CLI as nobody
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: cannot drop the read permission")
        user = ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")
    folder = Path(tempfile.mkdtemp(prefix="fixtext-unreadable-"))  # outside 0700 tmp_path
    try:
        folder.chmod(0o755)
        path = folder / "secret.txt"
        path.write_bytes(GARBLED)
        path.chmod(0o000)
        result = fixtext("check", "--no-model", path, user=user, env={"HOME": str(folder)})
        assert_error(result, 2, f"{path}: permission denied")
    finally:
        shutil.rmtree(folder)


# --- encodings and line endings are kept byte for byte -----------------------------------


def _findings(result: subprocess.CompletedProcess[bytes]) -> list[tuple[str, int, int, str]]:
    [entry] = json.loads(result.stdout)["files"]
    return [(f["rule"], f["start"], f["end"], f["text"]) for f in entry["findings"]]


@pytest.mark.usefixtures("lt")
def test_utf8_bom_is_read_and_kept_by_fix_write(tmp_path: Path) -> None:
    plain, bom = tmp_path / "plain.txt", tmp_path / "bom.txt"
    plain.write_bytes(GARBLED)
    bom.write_bytes(b"\xef\xbb\xbf" + GARBLED)
    without = _findings(fixtext("check", "--no-model", "--format", "json", plain))
    with_bom = _findings(fixtext("check", "--no-model", "--format", "json", bom))
    assert without and with_bom == [(r, s + 1, e + 1, t) for r, s, e, t in without]
    fixed = fixtext("fix", "--no-model", "--write", bom)
    assert fixed.returncode == 0, fixed.stderr
    assert bom.read_bytes() == b"\xef\xbb\xbf" + FIXED


@pytest.mark.usefixtures("lt")
def test_crlf_and_mixed_line_endings_are_kept_by_fix(tmp_path: Path) -> None:
    data = (
        b"Port strike\r\n\r\nThe board voted to to delay the vote.\r\n"
        b"Unions said talks would resume.\n\nA third line ends in CR.\rThen tabs\there.\r\n"
    )
    expected = data.replace(b"to to", b"to")
    path = tmp_path / "crlf.txt"
    path.write_bytes(data)
    printed = fixtext("fix", "--no-model", path)
    assert printed.stdout == expected, printed.stderr
    fixed = fixtext("fix", "--no-model", "--write", path)
    assert fixed.returncode == 0, fixed.stderr
    assert path.read_bytes() == expected


@pytest.mark.usefixtures("lt")
def test_output_is_utf8_whatever_the_locale(tmp_path: Path) -> None:
    data = "Hello 😀 “quoted” café.\n".encode()
    path = tmp_path / "emoji.txt"
    path.write_bytes(data)
    result = fixtext("fix", "--no-model", "--quiet", path, env={"PYTHONIOENCODING": "ascii"})
    assert (result.returncode, result.stdout, result.stderr) == (0, data, b"")


# --- size: a long line is handled, a huge file is refused ---------------------------------


class StubLanguageTool(http.server.ThreadingHTTPServer):
    """A LanguageTool stand-in that answers at once with no matches.

    LanguageTool itself needs minutes for megabytes on this machine; the stub measures
    what fixtext adds.
    """

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _StubHandler)
        self.largest = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _StubHandler(http.server.BaseHTTPRequestHandler):
    server: StubLanguageTool

    def do_GET(self) -> None:
        self._send([{"name": "English (US)", "code": "en", "longCode": "en-US"}])

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        self.rfile.read(length)
        self.server.largest = max(self.server.largest, length)
        self._send({"matches": []})

    def _send(self, payload: object) -> None:
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def stub_languagetool() -> Iterator[StubLanguageTool]:
    server = StubLanguageTool()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_five_megabyte_single_line_is_checked_in_bounded_time(
    tmp_path: Path, stub_languagetool: StubLanguageTool
) -> None:
    sentence = b"The port authority said the strike would end after talks in the capital. "
    body = sentence * (5_000_000 // len(sentence))
    data = body + b"The board voted to to delay the vote."
    path = tmp_path / "long.txt"
    path.write_bytes(data)
    started = time.monotonic()
    result = fixtext(
        "check",
        "--no-model",
        "--format",
        "json",
        path,
        env={"FIXTEXT_LANGUAGETOOL_URL": stub_languagetool.url},
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 1, result.stderr
    assert [(r, s) for r, s, _, _ in _findings(result)] == [("FT003", len(body) + 18)]
    assert elapsed < 120, f"{elapsed:.0f} s"


def test_input_over_max_bytes_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50_000_000)  # sparse: no 50 MB written to the disk
    started = time.monotonic()
    err = assert_error(fixtext("check", "--no-model", path), 2, "10000000-byte limit")
    assert "--max-bytes" in err and time.monotonic() - started < 30
    small = tmp_path / "small.txt"
    small.write_bytes(GARBLED)
    assert_error(fixtext("fix", "--max-bytes", "10", small), 2, f"{small}: larger than")
    assert_error(fixtext("check", "--max-bytes", "10", "-", stdin=GARBLED), 2, "-: larger")
    assert small.read_bytes() == GARBLED


# --- --write never damages a file -------------------------------------------------------


@pytest.mark.usefixtures("lt")
def test_read_only_file_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "ro.txt"
    path.write_bytes(GARBLED)
    path.chmod(0o444)
    result = fixtext("fix", "--no-model", "--quiet", "--write", path)
    assert_error(result, 2, f"{path}: file is read-only; not written")
    assert path.read_bytes() == GARBLED and leftovers(tmp_path) == []


@pytest.mark.usefixtures("lt")
def test_write_goes_through_a_symlink_and_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_bytes(GARBLED)
    link = tmp_path / "link.txt"
    link.symlink_to(target.name)
    result = fixtext("fix", "--no-model", "--write", link)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == target.name
    assert target.read_bytes() == FIXED and leftovers(tmp_path) == []


EDIT_DURING_FIX = """
from pathlib import Path
from fixtext.pipeline import Pipeline
_fix = Pipeline.fix
def fix(self, doc, unsafe=False, ignores=None):
    result = _fix(self, doc, unsafe, ignores)
    Path(doc.path).write_bytes(b"Edited meanwhile by someone else.\\n")
    return result
Pipeline.fix = fix
"""


@pytest.mark.usefixtures("lt")
def test_file_changed_while_being_fixed_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(GARBLED)
    result = fixtext("fix", "--no-model", "--quiet", "--write", path, patch=EDIT_DURING_FIX)
    assert_error(result, 2, f"{path}: changed while being fixed; not written")
    assert path.read_bytes() == b"Edited meanwhile by someone else.\n"
    assert leftovers(tmp_path) == []


INTERRUPT_WRITE = """
import fixtext.inputs
def replace(src, dst):
    raise KeyboardInterrupt
fixtext.inputs.os.replace = replace
"""


@pytest.mark.usefixtures("lt")
def test_interrupt_during_write_exits_130_and_keeps_the_file(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(GARBLED)
    result = fixtext("fix", "--no-model", "--quiet", "--write", path, patch=INTERRUPT_WRITE)
    assert result.returncode == 130, result.stderr
    assert "Traceback" not in result.stderr.decode()
    assert path.read_bytes() == GARBLED and leftovers(tmp_path) == []


def test_ctrl_c_exits_130_without_a_traceback() -> None:
    """A real SIGINT while the CLI waits on stdin.

    The child gets SIGINT's default disposition, as under a terminal: a suite started in
    the background (``make test &``) inherits SIGINT ignored, which would hide the signal.
    """
    process = subprocess.Popen(
        [sys.executable, "-m", "fixtext", "check", "--no-model", "-"],
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    try:
        syscall = Path(f"/proc/{process.pid}/syscall")
        deadline = time.monotonic() + 60
        while not syscall.read_text().startswith("0 0x0 "):  # read(0, ...): waiting on stdin
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == 130, err
    assert b"Traceback" not in err


# --- the backends fail --------------------------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_languagetool_url_on_a_dead_port_exits_3(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(GARBLED)
    url = f"http://127.0.0.1:{_closed_port()}"
    result = fixtext("check", "--no-model", path, env={"FIXTEXT_LANGUAGETOOL_URL": url})
    assert_error(result, 3, f"FIXTEXT_LANGUAGETOOL_URL={url} does not answer")


@pytest.mark.usefixtures("lt")
def test_missing_or_empty_model_dir_exits_2(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_bytes(GARBLED)
    missing = tmp_path / "no-such-model"
    assert_error(fixtext("check", "--model", missing, story), 2, f"{missing}: not a model")
    empty = tmp_path / "empty-model"
    empty.mkdir()
    assert_error(fixtext("fix", "--model", empty, story), 2, f"{empty}: not a model")


@pytest.mark.usefixtures("lt")
def test_corrupt_model_weights_exit_2(tmp_path: Path) -> None:
    from transformers import T5Config

    from fixtext.training.tokenizer import train_tokenizer

    model = tmp_path / "corrupt-model"
    train_tokenizer(["The board voted to delay the vote."] * 20, vocab_size=300).save_pretrained(
        model
    )
    T5Config(vocab_size=300, d_model=8, d_ff=8, num_layers=1, num_heads=1).save_pretrained(model)
    (model / "model.safetensors").write_bytes(b"\x08\x00\x00\x00\x00\x00\x00\x00garbage!" * 64)
    story = tmp_path / "story.txt"
    story.write_bytes(GARBLED)
    assert_error(fixtext("check", "--model", model, story), 2, f"{model}: cannot load model")
    assert story.read_bytes() == GARBLED


KILL_JVM_AT_FIRST_CHECK = """
import os, signal, threading, time
from fixtext.languagetool.checker import LanguageToolChecker
from fixtext.languagetool.process import read_state
_request = LanguageToolChecker._request
lock, killed = threading.Lock(), []
def request(self, text):
    with lock:
        if not killed:
            pid = read_state()["pid"]
            killed.append(pid)
            os.kill(pid, signal.SIGKILL)
            while os.path.exists(f"/proc/{pid}") and " Z " not in open(f"/proc/{pid}/stat").read():
                time.sleep(0.05)
            if NO_JAVA:
                os.environ.update(JAVA_HOME="/nonexistent", PATH="/nonexistent")
    return _request(self, text)
LanguageToolChecker._request = request
import atexit, sys
if not NO_JAVA:  # tell the test which JVM was killed
    atexit.register(lambda: sys.stderr.write(f"killed {killed}\\n"))
"""


def test_languagetool_killed_mid_run_is_restarted_once_then_exit_3(tmp_path: Path, lt: str) -> None:
    """A private LanguageTool (its own cache and JVM): killed between runs and during one."""
    if shutil.which("java") is None:
        pytest.skip("needs Java 17+ for LanguageTool")
    from fixtext.languagetool import install, stop
    from fixtext.languagetool.process import read_state

    story = tmp_path / "story.txt"
    story.write_bytes(
        b"The board voted to to delay the vote.\n\nHe go to school every day.\n\n"
        b"Unions said talks would resume on Monday.\n"
    )
    args = ("check", "--no-model", "--format", "json", story)
    reference = fixtext(*args, env={"FIXTEXT_LANGUAGETOOL_URL": lt})
    assert reference.returncode == 1, reference.stderr

    cache = tmp_path / "cache"
    install(cache_dir=cache)
    env = {"FIXTEXT_CACHE_DIR": str(cache), "FIXTEXT_LANGUAGETOOL_URL": ""}
    try:
        # What a JVM that died between two runs leaves: a state file naming a dead pid.
        dead = subprocess.Popen(["true"])
        dead.wait()
        state = {"pid": dead.pid, "port": _closed_port(), "version": "6.8"}
        (cache / "languagetool" / "server.json").write_text(json.dumps(state))

        recovered = fixtext(*args, env=env, patch="NO_JAVA = False" + KILL_JVM_AT_FIRST_CHECK)
        assert (recovered.returncode, recovered.stdout) == (1, reference.stdout)
        [killed] = json.loads(recovered.stderr.decode().split("killed ")[-1])
        restarted = read_state(cache)
        assert restarted is not None and restarted["pid"] not in (dead.pid, killed)

        failed = fixtext(*args, env=env, patch="NO_JAVA = True" + KILL_JVM_AT_FIRST_CHECK)
        err = assert_error(failed, 3, "LanguageTool unavailable")
        assert "failed twice" in err and "Java not found" in err
    finally:
        stop(cache)
