"""No package imports itself in a circle: every import counts, at the top, in a function or for types.

Add a package to PACKAGES to hold it to the same rule.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["planner", "rtr", "watch", "web"]


def modules_of(package: str, root: Path = ROOT) -> dict[str, Path]:
    """Map each module of a package (sub-packages included) to its file."""
    found = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """Return the modules of `known` that a module imports anywhere in its text.

    A parent package's __init__, which Python runs before any of its modules, is not an edge:
    only what a module names is.
    """
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:  # `from p import module` imports the module, else p itself
                targets.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    return {target for target in targets if target in known and target != name}


def import_graph(packages: list[str], root: Path = ROOT) -> dict[str, set[str]]:
    """Return every module of the packages with the modules of the packages it imports."""
    files: dict[str, Path] = {}
    for package in packages:
        files |= modules_of(package, root)
    return {name: imports_of(name, path, set(files)) for name, path in files.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """Return one import cycle as a path that ends where it starts, or None."""
    state: dict[str, str] = {}  # "open" while on the path, "done" once fully explored
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = "open"
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == "open":
                return path[path.index(target) :] + [target]
            if target not in state:
                cycle = visit(target)
                if cycle:
                    return cycle
        path.pop()
        state[module] = "done"
        return None

    for module in sorted(graph):
        if module not in state:
            cycle = visit(module)
            if cycle:
                return cycle
    return None


@pytest.mark.parametrize("package", PACKAGES)
def test_no_package_imports_itself_in_a_circle(package):
    cycle = find_cycle(import_graph([package]))
    assert cycle is None, " -> ".join(cycle or [])


def test_the_packages_together_import_each_other_without_a_circle():
    cycle = find_cycle(import_graph(PACKAGES))
    assert cycle is None, " -> ".join(cycle or [])


def test_the_cycle_finder_finds_a_circle_and_names_it():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_graph_sees_imports_inside_functions_and_for_types_only(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "one.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.two import X\n"
    )
    (package / "two.py").write_text("def f():\n    from . import one\n")
    graph = import_graph(["pkg"], tmp_path)
    assert graph["pkg.one"] == {"pkg.two"} and graph["pkg.two"] == {"pkg.one"}
    assert find_cycle(graph) == ["pkg.one", "pkg.two", "pkg.one"]
