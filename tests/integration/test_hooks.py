"""The hooks as a newsroom uses them: real git, the real pre-commit framework, real fixtext
against the real LanguageTool server."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from fixtext.hooks import install_git_hook
from tests.conftest import ROOT
from tests.unit.test_hooks import Repo, git_env

pytestmark = pytest.mark.integration
FIXTEXT = Path(sys.executable).with_name("fixtext")
GARBLED = "The council voted to to approve the plan after a long debate.\n"
CLEAN = "The council voted to approve the plan after a long debate.\n"
GARBLED_TOO = "The mayor said said that the bridge would reopen in May.\n"


@pytest.fixture
def env(languagetool_url: str, tmp_path: Path) -> dict[str, str]:
    """git's hermetic environment, with fixtext pointed at this session's server."""
    return git_env(
        FIXTEXT_LANGUAGETOOL_URL=languagetool_url,
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-cache"),
    )


# --- the pre-commit framework, running the hooks of our .pre-commit-hooks.yaml ----------


def pre_commit_repo(path: Path, env: dict[str, str], hook_id: str) -> Repo:
    """A repository whose .pre-commit-config.yaml runs our manifest's hook ``hook_id``.

    The hook is ours as published, except that it runs this checkout's fixtext as a
    ``repo: local`` system hook (pre-commit would otherwise build a virtualenv from PyPI).
    """
    yaml = pytest.importorskip("yaml")
    pytest.importorskip("pre_commit")
    manifest = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    [hook] = [hook for hook in manifest if hook["id"] == hook_id]
    command = hook["entry"].removeprefix("fixtext ")
    hook.update(language="system", entry=f"{shlex.quote(str(FIXTEXT))} {command}")
    repo = Repo(path, env)
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    repo.write(".pre-commit-config.yaml", yaml.safe_dump(config, sort_keys=False))
    subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=path,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    repo.add(".pre-commit-config.yaml")
    assert repo.commit("pre-commit configuration").returncode == 0
    return repo


def test_pre_commit_check_blocks_garble_and_passes_clean_text(
    tmp_path: Path, env: dict[str, str]
) -> None:
    repo = pre_commit_repo(tmp_path / "repo", env, "fixtext-check")
    repo.write("news/council vote.md", GARBLED)
    repo.write("tool.py", "print('to to')\n")
    repo.add("news/council vote.md", "tool.py")
    blocked = repo.commit()
    assert blocked.returncode == 1
    assert "fixtext check" in blocked.stderr and "Failed" in blocked.stderr
    assert "news/council vote.md:1:" in blocked.stderr and "FT003" in blocked.stderr
    assert (repo.path / "news/council vote.md").read_text("utf-8") == GARBLED

    repo.write("news/council vote.md", CLEAN)
    repo.add("news/council vote.md")
    passed = repo.commit()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stderr


def test_pre_commit_fix_rewrites_then_the_second_commit_passes(
    tmp_path: Path, env: dict[str, str]
) -> None:
    repo = pre_commit_repo(tmp_path / "repo", env, "fixtext-fix")
    story = repo.write("story.txt", GARBLED)
    repo.add("story.txt")
    first = repo.commit()
    assert first.returncode == 1
    assert "files were modified by this hook" in first.stderr
    assert story.read_text("utf-8") == CLEAN
    repo.add("story.txt")
    second = repo.commit()
    assert second.returncode == 0, second.stdout + second.stderr
    assert repo.git("show", "HEAD:story.txt").stdout == CLEAN


# --- the plain git hook ------------------------------------------------------------


def test_git_hook_blocks_staged_garble_only(tmp_path: Path, env: dict[str, str]) -> None:
    repo = Repo(tmp_path / "repo", env)
    install_git_hook(repo.path)
    repo.write("desk/lead story.txt", GARBLED)
    repo.add("desk/lead story.txt")
    blocked = repo.commit()
    assert blocked.returncode == 1
    assert "desk/lead story.txt:1:" in blocked.stderr and "FT003" in blocked.stderr
    assert "fixtext: commit blocked: garbled text" in blocked.stderr

    # The unstaged repair does not count: the staged text is what would be committed.
    repo.write("desk/lead story.txt", CLEAN)
    assert repo.commit().returncode == 1

    # Clean staged text passes, with garbled files beside it that are not staged.
    repo.add("desk/lead story.txt")
    repo.write("desk/lead story.txt", GARBLED_TOO)
    repo.write("draft.md", GARBLED_TOO)
    passed = repo.commit()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert repo.git("show", "HEAD:desk/lead story.txt").stdout == CLEAN


def test_git_hook_fix_mode_rewrites_then_the_second_commit_passes(
    tmp_path: Path, env: dict[str, str]
) -> None:
    repo = Repo(tmp_path / "repo", env)
    install_git_hook(repo.path, fix=True)
    story = repo.write("story.md", GARBLED)
    repo.add("story.md")
    first = repo.commit()
    assert first.returncode == 1
    assert "fixtext repaired staged files" in first.stderr
    assert story.read_text("utf-8") == CLEAN
    repo.add("story.md")
    second = repo.commit()
    assert second.returncode == 0, second.stdout + second.stderr
    assert repo.git("show", "HEAD:story.md").stdout == CLEAN
