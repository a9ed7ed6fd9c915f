"""The module-level import graph of ``desktop`` has no circle (issue 18, point 7).

An import inside a function does not count (it runs when called, and keeps the start
fast), nor one under ``if TYPE_CHECKING:`` (never run). An import under another ``if`` or a
``try`` at module level counts. ``from package import name`` counts as an import of
``package.name`` when that is a module, else of ``package``.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _module_level_imports(body: list[ast.stmt]) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []
    for stmt in body:
        if isinstance(stmt, ast.Import | ast.ImportFrom):
            found.append(stmt)
        elif isinstance(stmt, ast.If):
            if not _is_type_checking(stmt):
                found += _module_level_imports(stmt.body) + _module_level_imports(stmt.orelse)
        elif isinstance(stmt, ast.Try):
            for part in (stmt.body, stmt.orelse, stmt.finalbody, *(h.body for h in stmt.handlers)):
                found += _module_level_imports(part)
        elif isinstance(stmt, ast.With):
            found += _module_level_imports(stmt.body)
    return found


def _modules(top: Path) -> dict[str, Path]:
    """Every module of the package at *top*: its dotted name and its file."""
    out = {}
    for path in top.rglob("*.py"):
        parts = list(path.relative_to(top.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _known(name: str, modules: dict[str, Path]) -> str | None:
    """*name*, or the nearest package above it, when it is one of *modules*."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _targets(stmt: ast.Import | ast.ImportFrom, me: str, is_package: bool,
             modules: dict[str, Path]) -> set[str]:  # fmt: skip
    if isinstance(stmt, ast.Import):
        found = {_known(a.name, modules) for a in stmt.names}
    else:
        base = stmt.module or ""
        if stmt.level:
            parts = me.split(".") if is_package else me.split(".")[:-1]
            parts = parts[: len(parts) - (stmt.level - 1)]
            base = ".".join(parts + ([stmt.module] if stmt.module else []))
        found = {
            f"{base}.{a.name}" if f"{base}.{a.name}" in modules else _known(base, modules)
            for a in stmt.names
        }
    return {t for t in found if t is not None and t != me}


def import_graph(top: Path) -> dict[str, set[str]]:
    """Each module of the package at *top* and the modules of it that it imports at module
    level."""
    modules = _modules(top)
    graph = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        is_package = path.name == "__init__.py"
        graph[name] = set().union(
            *(_targets(s, name, is_package, modules) for s in _module_level_imports(tree.body))
        )
    return graph


def _path_within(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    """One circle through the modules of *group* (a strongly connected group), as a path
    that ends where it starts."""
    start = min(group)
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:  # breadth first, so the circle shown is a shortest one
        following = []
        for here in frontier:
            for there in sorted(graph[here] & group):
                if there == start:
                    path = [here]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [start, *reversed(path[:-1]), start]
                if there not in previous:
                    previous[there] = here
                    following.append(there)
        frontier = following
    raise AssertionError(f"{sorted(group)} holds no circle")


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One circle for each group of modules that import one another (Tarjan's strongly
    connected components, written without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(group)
    return [_path_within(graph, g) for g in sorted(groups, key=min)]


def test_desktop_has_no_import_circle():
    found = [" → ".join(c) for c in circles(import_graph(ROOT / "desktop"))]
    assert not found, "import circles:\n" + "\n".join(found)


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    top = tmp_path / "pkg"
    for name, text in files.items():
        path = top / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return top


def test_the_check_names_a_made_up_circle(tmp_path):
    top = _package(tmp_path, {
        "__init__.py": "",
        "a.py": "from pkg import b\n",
        "b.py": "import pkg.sub.c\n",
        "sub/__init__.py": "",
        "sub/c.py": "from ..a import thing\n",
        "d.py": "from pkg import a\n",  # imports into the circle, not part of it
    })  # fmt: skip
    assert circles(import_graph(top)) == [["pkg.a", "pkg.b", "pkg.sub.c", "pkg.a"]]


def test_deferred_and_type_checking_imports_do_not_count(tmp_path):
    top = _package(tmp_path, {
        "__init__.py": "",
        "a.py": "from pkg import b\n",
        "b.py": (
            "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from pkg import a\n"
            "def f():\n    from pkg import a\n"
        ),
        "c.py": "try:\n    from pkg import d\nexcept ImportError:\n    pass\n",
        "d.py": "import sys\nif sys.platform:\n    import pkg.c\n",
    })  # fmt: skip
    assert circles(import_graph(top)) == [["pkg.c", "pkg.d", "pkg.c"]]
