"""install(): Maven path, idempotence, marker only after success, fallback, errors."""

from __future__ import annotations

import importlib
import json
import os
import stat
from pathlib import Path

import pytest

from fixtext.languagetool.install import (
    LanguageToolUnavailable,
    cache_root,
    classpath,
    install,
    is_installed,
    jar_dir,
)

# The package re-exports the install() function under the submodule's name.
lt_install = importlib.import_module("fixtext.languagetool.install")

FAKE_MVN = """#!/bin/sh
echo run >> "{calls}"
[ -n "$FAKE_MVN_FAIL" ] && {{ echo "[ERROR] Could not resolve dependencies"; exit 1; }}
for arg in "$@"; do
  case "$arg" in -DoutputDirectory=*) out="${{arg#-DoutputDirectory=}}";; esac
done
mkdir -p "$out" && touch "$out/languagetool-server-6.8.jar" "$out/language-en-6.8.jar"
"""


@pytest.fixture
def fake_mvn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Put a fake ``mvn`` first on PATH; returns the file it logs its calls to."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "mvn-calls"
    mvn = bin_dir / "mvn"
    mvn.write_text(FAKE_MVN.format(calls=calls))
    mvn.chmod(mvn.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return calls


def test_cache_root_honours_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIXTEXT_CACHE_DIR", str(tmp_path))
    assert cache_root() == tmp_path / "languagetool"
    assert cache_root(tmp_path / "x") == tmp_path / "x" / "languagetool"


def test_maven_install_is_idempotent(tmp_path: Path, fake_mvn: Path) -> None:
    cache = tmp_path / "cache"
    assert not is_installed("6.8", cache)
    lib = install("6.8", cache)
    assert lib == cache / "languagetool" / "6.8" / "lib"
    assert (lib / "languagetool-server-6.8.jar").exists()
    assert is_installed("6.8", cache) and jar_dir("6.8", cache) == lib
    assert classpath("6.8", cache) == str(lib / "*")
    assert "<version>6.8</version>" in (lib.parent / "pom.xml").read_text()
    assert install("6.8", cache) == lib
    assert fake_mvn.read_text().count("run") == 1  # the second install did not run mvn


def test_failed_maven_leaves_no_marker_and_falls_back(
    tmp_path: Path, fake_mvn: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_MVN_FAIL", "1")
    release = tmp_path / "LanguageTool-6.8"
    release.mkdir()

    def fallback(version: str) -> dict[str, str]:
        jar = release / "languagetool-server.jar"
        return {"source": "language_tool_python", "jar_dir": str(release), "classpath": str(jar)}

    monkeypatch.setattr(lt_install, "_install_with_language_tool_python", fallback)
    cache = tmp_path / "cache"
    assert install("6.8", cache) == release
    assert not (cache / "languagetool" / "6.8" / "lib").exists()
    assert classpath("6.8", cache).endswith("languagetool-server.jar")


def test_no_mvn_and_failed_download_raise_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lt_install.shutil, "which", lambda _name: None)

    def offline(version: str) -> dict[str, str]:
        raise OSError("no network")

    monkeypatch.setattr(lt_install, "_install_with_language_tool_python", offline)
    with pytest.raises(
        LanguageToolUnavailable, match=r"`mvn` not found.*no network.*install Maven"
    ):
        install("6.8", tmp_path)
    assert not is_installed("6.8", tmp_path)


def test_not_installed_message_says_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(LanguageToolUnavailable, match="run `fixtext languagetool install`"):
        jar_dir("6.8", tmp_path)


def test_marker_pointing_at_a_removed_directory_is_not_installed(tmp_path: Path) -> None:
    home = tmp_path / "languagetool" / "6.8"
    home.mkdir(parents=True)
    gone = str(tmp_path / "gone")
    (home / "installed.json").write_text(json.dumps({"jar_dir": gone, "classpath": gone}))
    assert not is_installed("6.8", tmp_path)
