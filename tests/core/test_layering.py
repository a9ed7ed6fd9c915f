"""The architecture rule of DESIGN.md §1: desktop/core and the CLI never import Qt or the UI,
and the UI never writes SQL or opens sessions on its own."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = ROOT / "desktop"
FORBIDDEN = ("PySide6", "desktop.ui", "shiboken6")


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def _headless_files() -> list[Path]:
    return sorted((DESKTOP / "core").rglob("*.py")) + sorted((DESKTOP / "cli").rglob("*.py"))


def test_core_and_cli_never_import_qt_or_ui():
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in _headless_files()
        for name in _imports(path)
        if name.startswith(FORBIDDEN)
    ]
    assert not offenders, offenders


def test_layering_check_catches_a_violation(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from PySide6.QtWidgets import QWidget\n")
    assert any(n.startswith(FORBIDDEN) for n in _imports(bad))


def test_ui_never_writes_sql():
    offenders = []
    for path in sorted((DESKTOP / "ui").rglob("*.py")):
        for name in _imports(path):
            if name.startswith(("sqlalchemy", "sqlcipher3", "sqlite3", "desktop.core.db.models")):
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not offenders, offenders


def test_importing_the_whole_headless_side_loads_no_qt():
    modules = [
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for p in _headless_files()
        if p.name != "__init__.py" and "migrations" not in p.parts
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'desktop.ui'))]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
