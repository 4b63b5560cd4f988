"""The wheel carries every subpackage and the shipped model (pyproject lists them)."""

from __future__ import annotations

import tomllib

from tests.conftest import ROOT


def test_every_subpackage_is_listed_for_the_wheel() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    listed = set(pyproject["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "fixtext").rglob("__init__.py")
    }
    assert on_disk <= listed
    assert pyproject["tool"]["setuptools"]["package-dir"]["fixtext.models"] == "models"


def test_every_shipped_model_file_is_in_the_wheel_data() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = pyproject["tool"]["setuptools"]["package-data"]["fixtext.models"]
    models = ROOT / "models"
    shipped = [
        path.relative_to(models).as_posix()
        for path in models.rglob("*")
        if path.is_file() and "checkpoint" not in path.parts
    ]
    assert any(name.endswith("detector/model.safetensors") for name in shipped)
    missing = [n for n in shipped if not any(_glob_matches(n, p) for p in patterns)]
    assert missing == []


def _glob_matches(name: str, pattern: str) -> bool:
    """setuptools' package-data glob: ``*`` never crosses a ``/``."""
    from fnmatch import fnmatch

    parts, globs = name.split("/"), pattern.split("/")
    return len(parts) == len(globs) and all(map(fnmatch, parts, globs))


def test_the_lock_file_pins_every_dependency_within_its_declared_range() -> None:
    """pyproject.toml declares compatible ranges; requirements.lock the exact, tested set
    that `make` installs: every dependency is pinned there, inside its range."""
    from packaging.requirements import Requirement

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = [
        *pyproject["project"]["dependencies"],
        *pyproject["project"]["optional-dependencies"]["dev"],
    ]
    locked = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            locked[name.lower().replace("_", "-")] = version
    for spec in map(Requirement, declared):
        name = spec.name.lower().replace("_", "-")
        assert name in locked, f"{name} is not in requirements.lock"
        assert spec.specifier.contains(locked[name]), f"{name}=={locked[name]} outside {spec}"
