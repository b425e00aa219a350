"""Imports flow one way (server → endpoint → schema → resolvers → models) and the
resolvers import one another without a cycle, type-only imports included."""

import ast
from pathlib import Path

ROOT = Path(__file__).parent.parent
# Each layer, and what of Dateline's it must never import.
FORBIDDEN = {
    "models": ("server", "endpoint", "schema", "resolvers", "cache"),
    "resolvers": ("server", "endpoint", "schema", "cache"),
    "schema": ("server", "endpoint"),
}


def _imports(path: Path) -> set[str]:
    """The modules `path` imports, by full dotted name (relative imports resolved)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _modules(package: str) -> dict[str, set[str]]:
    return {
        ".".join(path.relative_to(ROOT).with_suffix("").parts): _imports(path)
        for path in (ROOT / package).rglob("*.py")
    }


def test_each_layer_imports_only_the_layers_below_it() -> None:
    crossings = {
        (module, imported)
        for package, forbidden in FORBIDDEN.items()
        for module, imports in _modules(package).items()
        for imported in imports
        if imported.split(".")[0] in forbidden
    }

    assert crossings == set()


def test_the_resolvers_import_one_another_without_a_cycle() -> None:
    modules = _modules("resolvers")
    edges = {
        module: {name for name in imports if name in modules and name != module}
        for module, imports in modules.items()
    }
    cycles: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        for imported in sorted(edges[module]):
            if imported in path:
                cycles.append([*path[path.index(imported) :], imported])
            elif len(path) < len(modules):
                visit(imported, [*path, imported])

    for module in sorted(modules):
        visit(module, [module])

    assert cycles == []
