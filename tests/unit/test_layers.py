"""The package's layers: no module imports from a layer above its own, modules of an
independent layer do not import each other, and there are no import cycles.

From the top: the front doors (the CLI, hooks, the HTTP API, evaluation and training), the
printers, the engine and the rule registry, the pipeline, apply, propose, then detect,
verify and the fix policy, then the model, LanguageTool and the lexicon, and the core
(findings, codes, documents and formats, configuration, text operations, processes). Every
import counts, the ones inside functions and under ``TYPE_CHECKING`` too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "fixtext"

#: (modules of the layer, True when its modules may not import one another), top first.
LAYERS: list[tuple[tuple[str, ...], bool]] = [
    (
        (
            "fixtext.__main__",
            "fixtext.cli",
            "fixtext.batch",
            "fixtext.hooks",
            "fixtext.review",
            "fixtext.api",
            "fixtext.evaluate",
            "fixtext.training",
        ),
        False,
    ),
    (("fixtext.printers",), False),
    (("fixtext.engine", "fixtext.registry"), True),
    (("fixtext.pipeline",), False),
    (("fixtext.apply",), False),
    (("fixtext.propose",), False),
    (("fixtext.detect", "fixtext.verify", "fixtext.policy"), True),
    (("fixtext.model", "fixtext.languagetool", "fixtext.lexicon"), True),
    (
        (
            "fixtext.findings",
            "fixtext.codes",
            "fixtext.document",
            "fixtext.protocols",
            "fixtext.textops",
            "fixtext.config",
            "fixtext.inputs",
            "fixtext.processes",
            "fixtext.cache",
            "fixtext.formats",
            "fixtext.ignores",
            "fixtext.progress",
            "fixtext",
        ),
        False,
    ),
]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str) -> set[str]:
    """The fixtext modules ``name`` imports (``from a import b`` counts as ``a.b`` when
    that is a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(MODULES[name].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in MODULES else node.module)
    return {module for module in found if module == "fixtext" or module.startswith("fixtext.")}


def layer_of(module: str) -> tuple[int, str]:
    """(layer index, the layer entry the module belongs to): the longest matching prefix."""
    best: tuple[int, str] | None = None
    for index, (entries, _) in enumerate(LAYERS):
        for entry in entries:
            matches = module == entry or module.startswith(entry + ".")
            if matches and (best is None or len(entry) > len(best[1])):
                best = (index, entry)
    assert best is not None, f"{module} is in no layer: add it to LAYERS"
    return best


def test_every_module_has_a_layer() -> None:
    for module in MODULES:
        layer_of(module)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_imports_from_a_higher_layer_or_an_independent_sibling(module: str) -> None:
    index, entry = layer_of(module)
    for imported in sorted(imports_of(module)):
        imported_index, imported_entry = layer_of(imported)
        assert imported_index >= index, f"{module} (layer {index}) imports {imported} (above)"
        if imported_index == index and LAYERS[index][1]:
            assert imported_entry == entry, f"{module} imports its independent sibling {imported}"


def test_there_are_no_import_cycles() -> None:
    graph = {module: imports_of(module) & MODULES.keys() for module in MODULES}
    for module in graph:  # a package imports its __init__ on the way: not an edge back
        graph[module] = {m for m in graph[module] if not module.startswith(m + ".")}
    state: dict[str, int] = {}  # 1: on the stack, 2: done

    def visit(module: str, stack: list[str]) -> None:
        state[module] = 1
        for imported in sorted(graph[module]):
            if state.get(imported) == 1:
                cycle = [*stack[stack.index(imported) :], imported]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if imported not in state:
                visit(imported, [*stack, imported])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
