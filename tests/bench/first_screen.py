"""Time to the first screen of a list page against a bare QTableView over a trivial model of
as many rows (used by the outreach and cases benchmarks).

The page is built, shown and painted with its first rows; that is the first screen: the
clock stops after one round of the event loop, and a run whose table was not painted in it
(checked, on both sides, by a filter counting the paint events of the table's viewport)
fails rather than count a screen not yet drawn. The filter is put on the viewport between
building and showing, with the clock stopped: a Python filter on the whole application
would be called for every event of every widget built, and the page builds many more than
the bare table (about 1,500 events, 10 to 20 ms of the page's figure, none of the
baseline's). Its ids behind the first page come from the op runner's worker afterwards: the
time until they are all in is measured too (and waited for before the next run, so that no
run shares the machine with the previous one's worker)."""

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


def _watch(view: Any) -> Any:
    """A counter of the paint events of *view*'s viewport (where a table draws its rows)."""
    from PySide6.QtCore import QEvent, QObject

    class Paints(QObject):
        count = 0

        def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    paints = Paints(view)
    view.viewport().installEventFilter(paints)
    return paints


def _shown(app: Any, widget: Any, view: Any, built_s: float) -> float:
    """Show *widget* (already built in *built_s*) and run one round of the event loop: the
    seconds of both, checked to have painted *view*'s rows."""
    paints = _watch(view)  # clock stopped: see the module's text
    start = time.perf_counter()
    widget.resize(WIDTH, HEIGHT)
    widget.show()
    app.processEvents()
    took = built_s + time.perf_counter() - start
    assert paints.count > 0, "the table was not painted within the time counted"
    return took


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
    took = _shown(app, view, view, time.perf_counter() - start)
    view.close()
    view.deleteLater()
    app.processEvents()
    return took


def _page_once(build: Callable[[], Any]) -> tuple[float, float]:
    app = _app()
    gc.collect()
    start = time.perf_counter()
    page = build()
    first = _shown(app, page, page.table, time.perf_counter() - start)
    assert page.model.rowCount() > 0, "the first rows were in the first screen"
    while page.model.loading():
        app.processEvents()
        time.sleep(0.0005)
    every = time.perf_counter() - start  # (with the paint counter's few microseconds)
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
