"""PySide6 reads the source of every module imported after it (to find ``from __feature__
import``); desktop.ui.preload.read_sources_uncached makes it read each file and drop it
instead of keeping every line in ``linecache`` (about 20 MiB at the main window: issue 18's
memory bound). The answer PySide6 records for each module must stay the same."""

from __future__ import annotations

import importlib
import linecache
import sys
from pathlib import Path

import PySide6.QtCore  # noqa: F401 (the import hook under test comes with PySide6)
import pytest

from desktop.ui.preload import read_sources_uncached


@pytest.fixture
def module_dir(tmp_path: Path):  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(tmp_path))
    yield tmp_path
    sys.path.remove(str(tmp_path))
    for name in ("khien_probe_plain", "khien_probe_qt"):
        sys.modules.pop(name, None)


def test_imports_after_it_leave_no_source_in_linecache(module_dir: Path) -> None:
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not hasattr(feature, "_mod_uses_pyside"):
        pytest.skip("this PySide6 has no per-module feature check: nothing to keep out")
    read_sources_uncached()
    read_sources_uncached()  # a second call changes nothing (Preload calls it each time)
    plain = module_dir / "khien_probe_plain.py"
    plain.write_text("VALUE = 1\n" * 50, encoding="utf-8")
    qt = module_dir / "khien_probe_qt.py"
    qt.write_text("# uses PySide6\nVALUE = 2\n", encoding="utf-8")
    importlib.invalidate_caches()
    # Through builtins.__import__, as an import statement does (PySide6 replaces it to see
    # each import; importlib.import_module would go round it).
    __import__("khien_probe_plain")
    __import__("khien_probe_qt")
    assert str(plain) not in linecache.cache
    assert str(qt) not in linecache.cache
    # PySide6's own answers: -1 (ignore) for a module that does not name PySide6, 0 for one
    # that does, as inspect.getsource gave them.
    assert feature.pyside_feature_dict["khien_probe_plain"] == -1
    assert feature.pyside_feature_dict["khien_probe_qt"] == 0
