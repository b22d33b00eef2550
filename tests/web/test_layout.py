"""web/ is grouped by role and its modules import each other without circles."""

from __future__ import annotations

import ast
from pathlib import Path

WEB = Path(__file__).resolve().parents[2] / "web"
FOLDERS = {
    "api",
    "auth",
    "cache",
    "core",
    "forms",
    "pages",
    "services",
    "store",
    "static",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(WEB.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, known: set[str]) -> set[str]:
    """Return the web modules a module imports at its top level (not inside functions)."""
    found: set[str] = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:  # a submodule, or a name the module itself defines
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in known else node.module)
    return {name for name in found if name in known}


def graph() -> dict[str, set[str]]:
    paths = {module_name(p): p for p in WEB.rglob("*.py")}
    known = set(paths)
    edges = {name: imports_of(path, known) - {name} for name, path in paths.items()}
    for name in known:  # importing web.a.b runs web/a/__init__.py first
        parent = name.rpartition(".")[0]
        for edge in list(edges[name]):
            package = edge.rpartition(".")[0]
            if (
                package in known
                and package not in (parent, name)
                and not name.startswith(package + ".")
            ):
                edges[name].add(package)
    return edges


def cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """Return one import circle, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_web_has_no_import_circles():
    assert cycle(graph()) is None, " -> ".join(cycle(graph()) or [])


def test_the_cycle_finder_finds_a_circle():
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) is None


def test_web_holds_only_the_factory_and_folders_named_by_role():
    loose = sorted(p.name for p in WEB.glob("*.py") if p.name != "__init__.py")
    folders = {p.name for p in WEB.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert loose == [] and folders == FOLDERS


def test_services_take_no_request_and_no_current_user():
    for path in (WEB / "services").glob("*.py"):
        names = {
            alias.name
            for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.ImportFrom) and node.module in ("flask", "flask_login")
            for alias in node.names
        }
        assert not names & {"request", "current_user", "g", "session", "abort"}, path.name


def test_the_store_and_core_import_nothing_from_services_pages_or_the_api():
    above = ("web.services", "web.pages", "web.api")
    for folder in ("store", "core"):
        for path in (WEB / folder).glob("*.py"):
            names = {
                name
                for node in ast.walk(ast.parse(path.read_text()))
                for name in (
                    [alias.name for alias in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else []
                )
            }
            assert not {n for n in names if n.startswith(above)}, f"{folder}/{path.name}"
