"""The pre-commit manifest and the plain git hook, in real git repositories, with a stub
fixtext that records what the hook passes it (no LanguageTool needed)."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from fixtext.hooks import (
    MARKER,
    HookError,
    hook_install_command,
    hook_path,
    hook_script,
    hook_uninstall_command,
    install_git_hook,
    uninstall_git_hook,
)
from tests.conftest import ROOT

MANIFEST = ROOT / ".pre-commit-hooks.yaml"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git_env(**extra: str) -> dict[str, str]:
    """A hermetic environment for git: no user or system configuration, a fixed author."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Desk",
        GIT_AUTHOR_EMAIL="desk@example.org",
        GIT_COMMITTER_NAME="Desk",
        GIT_COMMITTER_EMAIL="desk@example.org",
    )
    env.update(extra)
    return env


class Repo:
    """A real temporary git repository."""

    def __init__(self, path: Path, env: dict[str, str] | None = None) -> None:
        self.path = path
        self.env = env or git_env()
        path.mkdir(parents=True, exist_ok=True)
        self.git("-c", "init.defaultBranch=main", "init", "-q")

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run git in the repository."""
        return subprocess.run(
            ["git", *args],
            cwd=self.path,
            env=self.env,
            capture_output=True,
            text=True,
            check=check,
            timeout=120,
        )

    def write(self, name: str, text: str) -> Path:
        """Write a file (folders created) and return its path."""
        path = self.path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def add(self, *names: str) -> None:
        """Stage files."""
        self.git("add", "--", *names)

    def commit(self, message: str = "edit") -> subprocess.CompletedProcess[str]:
        """``git commit`` running the hooks; the completed process, whatever its status."""
        return self.git("commit", "-q", "-m", message, check=False)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "repo")


# --- the pre-commit framework's manifest ---------------------------------------------


def test_manifest_is_valid_for_pre_commit() -> None:
    pytest.importorskip("pre_commit")
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(MANIFEST)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_manifest_hooks_run_fixtext_serially_on_prose() -> None:
    yaml = pytest.importorskip("yaml")
    hooks = {hook["id"]: hook for hook in yaml.safe_load(MANIFEST.read_text("utf-8"))}
    assert hooks["fixtext-check"]["entry"] == "fixtext check"
    assert hooks["fixtext-fix"]["entry"] == "fixtext fix --write"
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["types"] == ["text"]
        assert hook["require_serial"] is True
        pattern = re.compile(hook["files"])
        for name in ("a.txt", "docs/b c.md", "x.markdown", "p.html", "P.HTM", "R.MD"):
            assert pattern.search(name), name
        for name in ("a.py", "txt", "notes.txt.bak", "index.xhtml5", "md/readme"):
            assert not pattern.search(name), name


# --- installing and removing the plain git hook -------------------------------------


def test_install_writes_an_executable_posix_hook(repo: Repo) -> None:
    path = install_git_hook(repo.path)
    assert path == (repo.path / ".git" / "hooks" / "pre-commit").resolve()
    assert stat.S_IMODE(path.stat().st_mode) == 0o755
    text = path.read_text("utf-8")
    assert text.startswith("#!/bin/sh\n") and MARKER in text and "mode=check" in text
    for fix in (False, True):
        syntax = subprocess.run(
            ["sh", "-n"], input=hook_script(fix), capture_output=True, text=True
        )
        assert syntax.returncode == 0, syntax.stderr


def test_own_hook_is_overwritten_freely(repo: Repo) -> None:
    install_git_hook(repo.path)
    path = install_git_hook(repo.path, fix=True)
    assert "mode=fix" in path.read_text("utf-8")


def test_foreign_hook_is_kept_without_force(repo: Repo) -> None:
    path = hook_path(repo.path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\nexec make lint\n", encoding="utf-8")
    with pytest.raises(HookError, match="not fixtext's hook; use --force") as error:
        install_git_hook(repo.path)
    assert "\n" not in str(error.value)
    assert path.read_text("utf-8") == "#!/bin/sh\nexec make lint\n"
    with pytest.raises(HookError, match="not fixtext's hook; not removed"):
        uninstall_git_hook(repo.path)
    assert install_git_hook(repo.path, force=True) == path
    assert MARKER in path.read_text("utf-8")


def test_pre_commit_frameworks_hook_gets_its_own_advice(repo: Repo) -> None:
    path = hook_path(repo.path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/usr/bin/env bash\n# File generated by pre-commit: x\n", "utf-8")
    with pytest.raises(HookError, match=r"pre-commit's hook: add fixtext to \.pre-commit"):
        install_git_hook(repo.path)


def test_forced_install_replaces_a_symlink_without_writing_through_it(repo: Repo) -> None:
    shared = repo.path.parent / "shared-hook"
    shared.write_text("#!/bin/sh\n", encoding="utf-8")
    path = hook_path(repo.path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(shared)
    install_git_hook(repo.path, force=True)
    assert not path.is_symlink() and MARKER in path.read_text("utf-8")
    assert shared.read_text("utf-8") == "#!/bin/sh\n"


def test_uninstall_removes_only_fixtext_hook(repo: Repo) -> None:
    assert uninstall_git_hook(repo.path) is None
    path = install_git_hook(repo.path)
    assert uninstall_git_hook(repo.path) == path
    assert not path.exists()


def test_hooks_path_setting_is_respected(repo: Repo) -> None:
    repo.git("config", "core.hooksPath", ".githooks")
    assert install_git_hook(repo.path) == (repo.path / ".githooks" / "pre-commit").resolve()
    elsewhere = repo.path.parent / "team-hooks"
    repo.git("config", "core.hooksPath", str(elsewhere))
    assert install_git_hook(repo.path) == elsewhere.resolve() / "pre-commit"


def test_worktree_installs_into_the_shared_hooks(repo: Repo) -> None:
    repo.write("a.txt", "Fine.\n")
    repo.add("a.txt")
    repo.git("commit", "-q", "-m", "start")
    worktree = repo.path.parent / "worktree"
    repo.git("worktree", "add", "-q", str(worktree))
    expected = (repo.path / ".git" / "hooks" / "pre-commit").resolve()
    assert install_git_hook(worktree) == expected


def test_not_a_repository_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(HookError, match="not a git repository") as error:
        install_git_hook(tmp_path)
    assert "\n" not in str(error.value)
    with pytest.raises(HookError, match="not a directory"):
        install_git_hook(tmp_path / "missing")


def test_commands_work_in_the_current_directory(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo.path)
    assert "checks (fixtext check)" in hook_install_command(fix=False, force=False)
    assert "repairs (fixtext fix --write)" in hook_install_command(fix=True, force=False)
    assert hook_uninstall_command().startswith("removed ")
    assert hook_uninstall_command() == "no fixtext pre-commit hook installed"


# --- what the hook passes to fixtext -------------------------------------------------

STUB = """#!/bin/sh
# Logs its folder, arguments, the files' content, the configuration files; exits $STUB_EXIT.
{{ pwd; for arg; do printf '<%s>' "$arg"; done; echo
   for arg; do [ -f "$arg" ] && printf '%s=%s' "$arg" "$(cat -- "$arg")"; done; echo
   find . -name .fixtext.toml -o -name pyproject.toml | sort | tr '\\n' ' '; echo
}} >> {log}
if [ "$2" = --write ] && [ -n "$STUB_REWRITE" ]; then
    shift 3
    for arg; do printf 'repaired\\n' > "$arg"; done
fi
exit ${{STUB_EXIT:-0}}
"""


@pytest.fixture
def stubbed(tmp_path: Path) -> tuple[Repo, Path]:
    """A repository with fixtext's hook running a stub fixtext; and the stub's log."""
    log = tmp_path / "calls.log"
    stub = tmp_path / "bin" / "fixtext"
    stub.parent.mkdir()
    stub.write_text(STUB.format(log=log), encoding="utf-8")
    stub.chmod(0o755)
    repo = Repo(tmp_path / "repo", git_env(FIXTEXT=str(stub)))
    install_git_hook(repo.path)
    return repo, log


def calls(log: Path) -> list[str]:
    return log.read_text("utf-8").splitlines() if log.exists() else []


def test_only_staged_prose_files_reach_fixtext(stubbed: tuple[Repo, Path]) -> None:
    repo, log = stubbed
    names = ["notes/a b.md", "-lead.txt", "Story.HTML", "café.markdown", "p.htm"]
    for name in names:
        repo.write(name, f"text of {name}")
    repo.write("code.py", "x = 1\n")
    repo.write("unstaged.txt", "The mayor said said it.\n")
    repo.add(*names, "code.py")
    assert repo.commit().returncode == 0
    folder, args, _contents, _configs = calls(log)
    assert folder.startswith(str((repo.path / ".git").resolve()))
    assert args.startswith("<check><-->")
    assert sorted(re.findall(r"<([^<>]*)>", args)[2:]) == sorted(names)
    assert not list((repo.path / ".git").glob("fixtext-staged*")), "temporary folder left"


def test_the_staged_content_is_checked_not_the_working_tree(
    stubbed: tuple[Repo, Path],
) -> None:
    repo, log = stubbed
    repo.write("story.txt", "staged words")
    repo.add("story.txt")
    repo.write("story.txt", "later words")
    assert repo.commit().returncode == 0
    assert calls(log)[2] == "story.txt=staged words"


def test_the_staged_configuration_comes_along(stubbed: tuple[Repo, Path]) -> None:
    repo, log = stubbed
    repo.write("desk/.fixtext.toml", "disable = []\n")
    repo.write("pyproject.toml", "[tool.fixtext]\n")
    repo.write("desk/story.txt", "words")
    repo.write("other/.fixtext.toml", "untracked, so not part of the commit\n")
    repo.add("desk", "pyproject.toml")
    assert repo.commit().returncode == 0
    assert calls(log)[3].split() == ["./desk/.fixtext.toml", "./pyproject.toml"]


def test_nothing_staged_means_no_fixtext_run(stubbed: tuple[Repo, Path]) -> None:
    repo, log = stubbed
    repo.write("code.py", "x = 1\n")
    repo.add("code.py")
    assert repo.commit().returncode == 0
    assert calls(log) == []


@pytest.mark.parametrize(
    ("status", "message"), [(1, "garbled text"), (3, "fixtext check failed (exit 3)")]
)
def test_fixtext_failure_blocks_the_commit(
    stubbed: tuple[Repo, Path], status: int, message: str
) -> None:
    repo, _log = stubbed
    repo.env["STUB_EXIT"] = str(status)
    repo.write("story.txt", "words")
    repo.add("story.txt")
    result = repo.commit()
    assert result.returncode != 0
    assert f"fixtext: commit blocked: {message}" in result.stderr
    assert repo.git("rev-parse", "--verify", "-q", "HEAD", check=False).returncode != 0


def test_fix_mode_blocks_when_files_changed(stubbed: tuple[Repo, Path]) -> None:
    repo, log = stubbed
    install_git_hook(repo.path, fix=True)
    repo.write("my story.txt", "words")
    repo.add("my story.txt")
    repo.env["STUB_REWRITE"] = "1"
    result = repo.commit()
    assert result.returncode != 0
    assert "review the changes (git diff), git add them" in result.stderr
    assert re.findall(r"<([^<>]*)>", calls(log)[1]) == ["fix", "--write", "--", "my story.txt"]
    assert (repo.path / "my story.txt").read_text("utf-8") == "repaired\n"
    del repo.env["STUB_REWRITE"]
    repo.add("my story.txt")
    assert repo.commit().returncode == 0
