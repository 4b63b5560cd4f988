"""Install the LanguageTool server jars into fixtext's cache, outside the repository.

The jars come from Maven Central through ``mvn dependency:copy-dependencies`` (Maven keeps
its own ``~/.m2`` cache, so a reinstall is a local copy). Without a working ``mvn`` the
release zip is fetched by language_tool_python instead (into its own cache,
``~/.cache/language_tool_python`` or ``$LTP_PATH``). Either way a marker file, written
only after success, records the classpath; with it present :func:`install` is instant.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from fixtext.cache import cache_home, file_lock

#: The LanguageTool release fixtext runs (newest 6.x on Maven Central; needs Java 17).
LT_VERSION = "6.8"

_MARKER = "installed.json"
_POM = """\
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>fixtext</groupId>
  <artifactId>languagetool-fetch</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.languagetool</groupId>
      <artifactId>languagetool-server</artifactId>
      <version>{version}</version>
    </dependency>
    <dependency>
      <groupId>org.languagetool</groupId>
      <artifactId>language-en</artifactId>
      <version>{version}</version>
    </dependency>
  </dependencies>
</project>
"""

Progress = Callable[[str], None]


class LanguageToolUnavailable(Exception):
    """LanguageTool cannot be used; the message says how to fix it."""


def cache_root(cache_dir: Path | None = None) -> Path:
    """Return ``<cache>/languagetool`` (see :func:`fixtext.cache.cache_home`)."""
    return cache_home(cache_dir) / "languagetool"


def _read_marker(version: str, cache_dir: Path | None) -> dict[str, str] | None:
    marker = cache_root(cache_dir) / version / _MARKER
    try:
        data = json.loads(marker.read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not Path(data.get("jar_dir", "")).is_dir():
        return None
    return data


def is_installed(version: str = LT_VERSION, cache_dir: Path | None = None) -> bool:
    """True when ``version`` has been installed successfully."""
    return _read_marker(version, cache_dir) is not None


def _require_marker(version: str, cache_dir: Path | None) -> dict[str, str]:
    data = _read_marker(version, cache_dir)
    if data is None:
        raise LanguageToolUnavailable(
            f"LanguageTool {version} is not installed; run `fixtext languagetool install`"
        )
    return data


def jar_dir(version: str = LT_VERSION, cache_dir: Path | None = None) -> Path:
    """Return the directory holding the installed jars."""
    return Path(_require_marker(version, cache_dir)["jar_dir"])


def classpath(version: str = LT_VERSION, cache_dir: Path | None = None) -> str:
    """Return the Java classpath that runs the installed server."""
    return _require_marker(version, cache_dir)["classpath"]


def install(
    version: str = LT_VERSION, cache_dir: Path | None = None, progress: Progress | None = None
) -> Path:
    """Install LanguageTool ``version`` (idempotent) and return its jar directory."""
    say = progress or (lambda _message: None)
    root = cache_root(cache_dir)
    if is_installed(version, cache_dir):
        return jar_dir(version, cache_dir)
    with file_lock(root / "install.lock"):
        if is_installed(version, cache_dir):  # another process finished meanwhile
            return jar_dir(version, cache_dir)
        home = root / version
        home.mkdir(parents=True, exist_ok=True)
        failures: list[str] = []
        mvn = shutil.which("mvn")
        if mvn:
            say(f"Fetching LanguageTool {version} from Maven Central into {home / 'lib'} ...")
            try:
                marker = _install_with_maven(mvn, version, home)
            except LanguageToolUnavailable as error:
                failures.append(str(error))
            else:
                return _write_marker(home, marker)
        else:
            failures.append("`mvn` not found")
        say(f"Downloading LanguageTool {version} with language_tool_python ...")
        try:
            marker = _install_with_language_tool_python(version)
        except Exception as error:  # its download raises many kinds of errors
            failures.append(f"language_tool_python download failed: {error}")
            raise LanguageToolUnavailable(
                f"cannot install LanguageTool {version} ({'; '.join(failures)}); "
                "install Maven (`mvn`) and Java 17, then run `fixtext languagetool install`"
            ) from error
        return _write_marker(home, marker)


def _install_with_maven(mvn: str, version: str, home: Path) -> dict[str, str]:
    pom = home / "pom.xml"
    pom.write_text(_POM.format(version=version))
    partial = home / "lib.partial"
    lib = home / "lib"
    shutil.rmtree(partial, ignore_errors=True)
    command = [
        mvn, "-B", "-q", "-f", str(pom), "dependency:copy-dependencies",
        f"-DoutputDirectory={partial}",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not any(partial.glob("languagetool-server-*.jar")):
        shutil.rmtree(partial, ignore_errors=True)
        tail = (result.stdout + result.stderr).strip().splitlines()[-3:]
        raise LanguageToolUnavailable(f"mvn failed ({result.returncode}): {' | '.join(tail)}")
    shutil.rmtree(lib, ignore_errors=True)
    partial.rename(lib)
    return {"source": "maven", "jar_dir": str(lib), "classpath": str(lib / "*")}


def _install_with_language_tool_python(version: str) -> dict[str, str]:
    from language_tool_python.download_lt import LocalLanguageTool

    local = LocalLanguageTool.from_version_name(version)
    local.download()
    jar = local.get_jar_path()
    return {"source": "language_tool_python", "jar_dir": str(jar.parent), "classpath": str(jar)}


def _write_marker(home: Path, marker: dict[str, str]) -> Path:
    tmp = home / f"{_MARKER}.tmp"
    tmp.write_text(json.dumps(marker, indent=2))
    tmp.replace(home / _MARKER)
    return Path(marker["jar_dir"])
