"""The base of the big lists (events, cases): a table model that holds the ordered ids of
the rows a query matches and fetches the rows a page at a time as the view shows them
(DESIGN.md §7).

The first screen comes at once: one quick read on the GUI thread gives the first page of
rows and how many rows match, and the op runner's worker fetches every id behind it once
that screen is painted (rows past the first page are blank for that moment). A new query
(a filter, a sort, a refresh) runs only on the worker: the rows shown stay until its
answer arrives, and a newer query supersedes an older one (a queued one never runs, the
answer of one already running is dropped), so what is shown last is the answer to the
last query asked.

A list may add steps of its own on the GUI thread: once the first screen is painted
(``after_first``) and as an answer arrives, before it shows (``before_shown``). The cases
list writes there the audit line of a read that shows names: a write on the worker would
race with the GUI thread's own writes (see ``cases_model``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from desktop.core.db.database import ProfileClosed
from desktop.core.errors import KhienError
from desktop.core.i18n import _
from desktop.core.profile import OpenProfile
from desktop.ui.ops import Op, error_text

log = logging.getLogger(__name__)

PAGE = 50  # rows read at a time: a screen and a half
NO_DIALOG_MS = 2**31 - 1  # a list's query is quick: it never shows a progress dialog
UNSHOWN_MS = 100  # a list not shown by then asks for every id anyway
Index = QModelIndex | QPersistentModelIndex
# The roles a list's cells answer, as the plain numbers a view asks ``data`` with: it asks
# for every role of every cell it sizes or paints (about 1,400 calls for a first screen),
# most of them roles no cell has, and a number compares faster than Qt's enum members.
DISPLAY = int(Qt.ItemDataRole.DisplayRole)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)


class LazyListModel(QAbstractTableModel):
    """Subclasses say how to read the first ids (``read_first``), every id (``ids_job``)
    and the rows of some ids (``read_rows``); a query is any value compared with ``==``."""

    shown = Signal()  # new ids are shown (the first page, or all of them)
    failed = Signal(str)  # the last query failed: the sentence to show

    def __init__(self, profile: OpenProfile) -> None:
        super().__init__()
        self.profile = profile
        self.ids: list[str] = []  # every id, or only the first page's for a moment
        self.total = 0
        self.query: Any = None  # the query whose ids are shown
        self.wanted: Any = None  # the last query asked
        self.pages: dict[int, list[Any]] = {}
        self.texts: dict[int, tuple[str, ...]] = {}  # the shown rows' cells, as shown
        self._op: Op | None = None
        # What is left for once the list is painted: (query, its count, every id to ask?)
        self._deferred: tuple[Any, int, bool] | None = None
        self._viewports: list[QWidget] = []  # of the views watched (see ``watch``)

    # -- what a list says -----------------------------------------------------------------

    def read_first(self, query: Any, limit: int) -> tuple[list[Any], int]:
        """The first *limit* rows of *query* (each with an ``id``) and how many rows it
        matches, read together on the GUI thread."""
        raise NotImplementedError

    def ids_job(self, query: Any) -> Callable[[], list[str]]:
        """A job for the worker thread that returns every id of *query*, in order."""
        raise NotImplementedError

    def read_rows(self, ids: list[str]) -> list[Any]:
        """The rows of *ids* (each with an ``id``), those deleted meanwhile left out."""
        raise NotImplementedError

    def row_texts(self, r: Any) -> tuple[str, ...]:
        """The cells of row *r* as shown, one per column."""
        raise NotImplementedError

    def wants_after_first(self, query: Any) -> bool:
        """True when the first screen of *query* leaves work for ``after_first``."""
        return False

    def after_first(self, query: Any, total: int) -> None:
        """Work left by the first screen of *query* (*total* rows), done on the GUI thread
        once that screen is painted, before every id is asked of the worker. An error
        stops there: it is said (``failed``) and no id is asked."""

    def before_shown(self, query: Any, ids: list[str]) -> None:
        """Work to do on the GUI thread when the worker's answer to *query* arrives, before
        anything of it is shown. An error keeps the rows shown and is said (``failed``)."""

    # -- loading ----------------------------------------------------------------------------

    def show_first(self, query: Any) -> None:
        """Show the first page of *query* now, and every id once the worker has them."""
        self._drop_running()
        self.wanted = query
        rows, total = self.read_first(query, PAGE)
        ids = [r.id for r in rows]
        self._replace(query, ids, max(total, len(ids)))
        self.pages[0] = rows
        more = len(ids) < total
        if more or self.wants_after_first(query):
            # Once the first screen is painted (see ``watch``): the worker's Python work
            # would slow its painting down. A list not shown soon asks anyway.
            self._deferred = (query, total, more)
            QTimer.singleShot(UNSHOWN_MS, self, self._unshown)

    def watch(self, view: QAbstractItemView) -> None:
        """Let *view*'s painting start the work ``show_first`` left for after it."""
        view.viewport().installEventFilter(self)
        self._viewports.append(view.viewport())

    def _unshown(self) -> None:
        """A list not shown soon does the first screen's work left anyway; a list shown
        waits for its paint. On a slow or busy machine the page can take longer than
        UNSHOWN_MS to be built and laid out: this timer then comes due before the first
        paint, and the work (an audit line written, the names read) would be done first,
        delaying the very screen it was left out of."""
        shown = [v for v in self._viewports if shiboken6.isValid(v) and v.isVisible()]
        if not shown:
            self._start_deferred()
        else:
            # A view can be visible and still never painted (no room in its window, the
            # window minimised): the work is not left waiting for a paint forever.
            QTimer.singleShot(UNSHOWN_MS * 10, self, self._start_deferred)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and self._deferred is not None:
            QTimer.singleShot(0, self, self._start_deferred)  # after this paint
        return False

    def _start_deferred(self) -> None:
        if self._deferred is None:
            return
        query, total, more = self._deferred
        self._deferred = None
        if self.wants_after_first(query) and not self._done(self.after_first, query, total):
            return
        if more:
            self._start(query)

    def _done(self, work: Callable[..., None], *args: Any) -> bool:
        """Run *work* (a list's own step, on the GUI thread); an error is said as the op
        runner says a failed job's, and False returned."""
        try:
            work(*args)
        except ProfileClosed:  # the officer signed out meanwhile
            return False
        except Exception as exc:
            if not isinstance(exc, KhienError):
                log.error("A list's rows could not be shown", exc_info=exc)
            self.failed.emit(error_text(exc))
            return False
        return True

    def request(self, query: Any) -> None:
        """Ask the worker for the ids of *query*; the rows shown stay until they arrive."""
        self._drop_running()
        self.wanted = query
        self._start(query)

    def loading(self) -> bool:
        """True while the answer to the last query is awaited."""
        return self._op is not None or self._deferred is not None

    def _drop_running(self) -> None:
        self._deferred = None
        if self._op is not None:
            self._op.cancel()  # queued: never runs; running: its answer is dropped
            self._op = None

    def _start(self, query: Any) -> None:
        job = _OneShot(self.ids_job(query))
        op = Op(None, _("Loading the list…"), job, progress_delay_ms=NO_DIALOG_MS)
        # Not parented to the page (a page closed while its query runs must not take the
        # op with it): the callbacks check that the model still exists.
        op.on_success(lambda ids: self._answered(op, query, ids))
        op.on_failure(lambda exc: self._failed(op, exc))
        op.on_cancel(lambda: (job.forget(), self._failed(op, None)))
        self._op = op
        op.run()

    def _current(self, op: Op) -> bool:
        return shiboken6.isValid(self) and op is self._op

    def reread(self) -> None:
        """Read the rows shown again (as they come into view): what they may show changed."""
        self.pages, self.texts = {}, {}
        if self.ids:
            last = self.index(len(self.ids) - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def _answered(self, op: Op, query: Any, ids: list[str]) -> None:
        if not self._current(op):
            return  # a newer query was asked meanwhile
        self._op = None
        if not self._done(self.before_shown, query, ids):
            return  # the rows shown stay
        known = self.ids
        if query == self.query and len(ids) == self.total and ids[: len(known)] == known:
            # The same rows (all of them behind the first page, or again after a refresh):
            # no reset, so the selection and the scroll position stay; rows are read again.
            self.ids = ids
            self.reread()
            self.shown.emit()
            return
        self._replace(query, ids, len(ids))

    def _failed(self, op: Op, exc: BaseException | None) -> None:
        if self._current(op):
            self._op = None
            if exc is not None:
                self.failed.emit(error_text(exc))

    def _replace(self, query: Any, ids: list[str], total: int) -> None:
        self.beginResetModel()
        self.query, self.ids, self.total = query, ids, total
        self.pages, self.texts = {}, {}
        self.endResetModel()
        self.shown.emit()

    # -- rows -------------------------------------------------------------------------------

    def row_at(self, row: int) -> Any:
        """The row at *row*, read with its page on first use (None when not known yet)."""
        if not 0 <= row < len(self.ids):
            return None
        page = row // PAGE
        if page not in self.pages:
            chunk = self.ids[page * PAGE : (page + 1) * PAGE]
            try:
                found = {r.id: r for r in self.read_rows(chunk)}
            except ProfileClosed:  # an answer that came after the officer signed out
                return None
            self.pages[page] = [found.get(i) for i in chunk]
        return self.pages[page][row % PAGE]

    def text_at(self, row: int, column: int) -> str | None:
        """The cell at *row*, *column* as shown; formatted when first shown. A list's cells
        are plain text (no icon, check box, font or size of their own): window_state's
        fit_column sizes them from this text."""
        texts = self.texts.get(row)
        if texts is None:
            r = self.row_at(row)
            if r is None:
                return None
            texts = self.texts[row] = self.row_texts(r)
        return texts[column]

    def id_at(self, row: int) -> str | None:
        return self.ids[row] if 0 <= row < len(self.ids) else None

    def row_of(self, row_id: str) -> int:
        try:
            return self.ids.index(row_id)
        except ValueError:
            return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self.total


class _OneShot:
    """A job that lets go of what it reads with (the open profile) once it has run or is
    called off: the worker pool may keep a finished job for a while, and a job must not
    keep a signed-out profile's database open."""

    def __init__(self, job: Callable[[], list[str]]) -> None:
        self._job: Callable[[], list[str]] | None = job

    def __call__(self) -> list[str]:
        job, self._job = self._job, None
        return job() if job is not None else []

    def forget(self) -> None:
        self._job = None


def select_id(view: QTableView, model: LazyListModel, row_id: str) -> bool:
    """Select the row of *row_id* in *view* and scroll to it; False when it is not listed."""
    row = model.row_of(row_id)
    if row < 0:
        return False
    view.selectRow(row)
    view.scrollTo(model.index(row, 0))
    return True
