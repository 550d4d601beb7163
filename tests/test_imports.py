"""The package has no import cycle, counting imports made only for type checking.

Each part of the shell gets the narrow interface it needs (`household.CoachForHousehold`,
`health.CoachForHealth`) instead of importing the runtime that uses it, so the modules
form layers: the core, then what reads and translates it, then the runtime, then the
entry's wiring and the platforms.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "custom_components" / "sleep_coach"
ROOT = "sleep_coach"


def module_name(path: Path) -> str:
    parts = [ROOT, *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """Return the package's modules that `name` imports, wherever the import stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            module = f"{base}.{node.module}" if node.module else base
            targets = [module, *(f"{module}.{alias.name}" for alias in node.names)]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            "custom_components.sleep_coach"
        ):
            targets = [str(node.module).removeprefix("custom_components.")]
        elif isinstance(node, ast.Import):
            targets = [
                alias.name.removeprefix("custom_components.")
                for alias in node.names
                if alias.name.startswith("custom_components.sleep_coach")
            ]
        found.update(target for target in targets if target in known and target != name)
    return found


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """Return one cycle of the graph as a path that ends where it starts, or None."""
    visiting: list[str] = []
    done: set[str] = set()

    def visit(node: str) -> list[str] | None:
        if node in visiting:
            return [*visiting[visiting.index(node) :], node]
        if node in done:
            return None
        visiting.append(node)
        for neighbour in sorted(graph[node]):
            if cycle := visit(neighbour):
                return cycle
        visiting.pop()
        done.add(node)
        return None

    for node in sorted(graph):
        if cycle := visit(node):
            return cycle
    return None


def import_graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports_of(name, path, known) for name, path in found.items()}


def test_the_package_has_no_import_cycle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_check_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_runtime_imports_none_of_the_parts_it_feeds() -> None:
    graph = import_graph()
    assert graph[f"{ROOT}.household"].isdisjoint({f"{ROOT}.runtime", f"{ROOT}.data"})
    assert graph[f"{ROOT}.health"].isdisjoint({f"{ROOT}.runtime", f"{ROOT}.data"})
    assert f"{ROOT}.runtime" in graph[f"{ROOT}.data"]
