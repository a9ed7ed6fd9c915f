"""Time to the first screen of a list page against a bare QTableView over a trivial model of
as many rows (used by the outreach and cases benchmarks).

The page is built, shown and painted with its first rows; that is the first screen. Its
ids behind the first page come from the op runner's worker afterwards: the time until
they are all in is measured too (and waited for before the next run, so that no run
shares the machine with the previous one's worker)."""

from __future__ import annotations

import gc
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

WIDTH, HEIGHT = 1100, 700
REPEAT = 9


def _app() -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def _bare_once(rows: int, columns: int) -> float:
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QTableView

    class Trivial(QAbstractTableModel):
        def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008, N802
            return rows

        def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008, N802
            return columns

        def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            return f"{index.row()}:{index.column()}" if role == 0 else None

    app = _app()
    gc.collect()  # each run starts clean: no collection of an earlier run's garbage in it
    start = time.perf_counter()
    view = QTableView()
    view.setModel(Trivial())
    view.resize(WIDTH, HEIGHT)
    view.show()
    app.processEvents()
    took = time.perf_counter() - start
    view.close()
    view.deleteLater()
    app.processEvents()
    return took


def _page_once(build: Callable[[], Any]) -> tuple[float, float]:
    app = _app()
    gc.collect()
    start = time.perf_counter()
    page = build()
    page.resize(WIDTH, HEIGHT)
    page.show()
    app.processEvents()
    first = time.perf_counter() - start
    while page.model.loading():
        app.processEvents()
        time.sleep(0.0005)
    every = time.perf_counter() - start
    assert page.model.total == len(page.model.ids), "every id is in"
    page.close()
    page.deleteLater()
    app.processEvents()
    return first, every


def first_screen(build: Callable[[], Any], rows: int, columns: int) -> tuple[float, float, float]:
    """Medians of (the page's first screen, every id in, the bare table's first screen)."""
    _app()
    _page_once(build)  # warm-up: imports, fonts, the database's cache
    _bare_once(rows, columns)
    ours = [_page_once(build) for _ in range(REPEAT)]
    bare = [_bare_once(rows, columns) for _ in range(REPEAT)]
    return (
        statistics.median(t for t, _all in ours),
        statistics.median(a for _t, a in ours),
        statistics.median(bare),
    )
