"""The layout's rules, read from the source with `ast` (nothing is imported):

- `shared/` imports no service;
- no service imports another (`services.X` never imports `services.Y`), not even lazily;
- no import cycles between the modules of one top-level package (module-level imports only: an
  import inside a function or under `if TYPE_CHECKING:` runs later or never, so it cannot loop at
  import time; a package's `__init__` re-exporting its own submodules is not a cycle with them);
- no production module is longer than 500 lines (short enough to read in one sitting).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
PRODUCTION_PACKAGES = ("services", "shared", "coi_cli")
MAX_MODULE_LINES = 500


@dataclass(frozen=True)
class Module:
    name: str
    path: Path
    is_package: bool
    tree: ast.Module
    lines: int


@cache
def _modules() -> dict[str, Module]:
    found: dict[str, Module] = {}
    for package in PRODUCTION_PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            parts = path.relative_to(REPO).with_suffix("").parts
            is_package = parts[-1] == "__init__"
            name = ".".join(parts[:-1] if is_package else parts)
            source = path.read_text(encoding="utf-8")
            found[name] = Module(name, path, is_package, ast.parse(source, str(path)), source.count("\n"))
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _module_level_imports(body: list[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    """Imports that run when the module is imported: top level, and inside top-level `if`/`try`
    blocks other than `if TYPE_CHECKING:` (never inside functions or classes)."""
    for statement in body:
        if isinstance(statement, ast.Import | ast.ImportFrom):
            yield statement
        elif isinstance(statement, ast.If):
            if not _is_type_checking(statement.test):
                yield from _module_level_imports(statement.body)
            yield from _module_level_imports(statement.orelse)
        elif isinstance(statement, ast.Try):
            for block in (statement.body, statement.orelse, statement.finalbody):
                yield from _module_level_imports(block)
            for handler in statement.handlers:
                yield from _module_level_imports(handler.body)


def _all_imports(tree: ast.Module) -> Iterator[ast.Import | ast.ImportFrom]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node


def _targets(module: Module, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The dotted names an import statement reaches: for `from a.b import c`, `a.b.c` when that is
    a module, else `a.b`."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        package = module.name if module.is_package else module.name.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{node.module}" if node.module else package
    else:
        base = node.module or ""
    known = _modules()
    return [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]


def _service_of(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if parts[0] == "services" and len(parts) > 1 else None


def _import_graph() -> dict[str, set[str]]:
    """Module-level import edges between production modules of the same top-level package."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for module in modules.values():
        top = module.name.split(".")[0]
        for node in _module_level_imports(module.tree.body):
            for target in _targets(module, node):
                if target not in modules or target == module.name or target.split(".")[0] != top:
                    continue
                if module.is_package and target.startswith(module.name + "."):
                    continue  # a package's __init__ re-exporting its own submodules
                graph[module.name].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph[node]):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(components)


def test_the_production_packages_are_all_read():
    modules = _modules()
    for package in PRODUCTION_PACKAGES:
        assert package in modules, f"{package}/__init__.py not found"
    assert "services.review.rules.engine" in modules
    assert "shared.workspace.store" in modules


def test_shared_imports_no_service():
    offenders = sorted(
        f"{module.name} imports {target}"
        for module in _modules().values()
        if module.name.split(".")[0] == "shared"
        for node in _all_imports(module.tree)
        for target in _targets(module, node)
        if target == "services" or target.startswith("services.")
    )
    assert offenders == []


def test_no_service_imports_another():
    offenders = sorted(
        f"{module.name} imports {target}"
        for module in _modules().values()
        if (service := _service_of(module.name)) is not None
        for node in _all_imports(module.tree)
        for target in _targets(module, node)
        if (other := _service_of(target)) is not None and other != service
    )
    assert offenders == []


def test_there_are_no_import_cycles_inside_a_top_level_package():
    assert _cycles(_import_graph()) == []


def test_the_cycle_finder_finds_a_loop_and_ignores_a_chain():
    # The finder itself, so an empty answer above means "no cycles", not "finder broken".
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_the_import_graph_sees_real_edges():
    graph = _import_graph()
    assert "services.review.rules.coverage_terms" in graph["services.review.rules.engine"]
    # __init__ re-exporting its own submodule is not an edge; the submodule importing a sibling is.
    assert "services.review.rules.engine" not in graph["services.review.rules"]


def test_no_production_module_is_longer_than_500_lines():
    too_long = sorted(
        f"{module.path.relative_to(REPO)}: {module.lines} lines"
        for module in _modules().values()
        if module.lines > MAX_MODULE_LINES
    )
    assert too_long == []
