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
