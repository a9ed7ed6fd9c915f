"""Windows that fit the screen they open on (1366×768 laptops with a taskbar, 1920×1080 at
150 %: 1280×720 logical), and a main window that comes back as it was left.

``fit_to_screen`` sizes every dialog: the size it would like, at most the available
geometry of its screen (``QScreen.availableGeometry``, without the taskbar) less the
title bar and a margin; the long forms scroll inside. ``save_main_window`` and
``restore_main_window`` keep the main window's geometry as base64 text in the local
preference file (``desktop.ui.prefs``): it belongs to the machine, not to the database.
So do the pages' splitters and the column widths of their lists (``splitter_states``):
a list whose widths came back, or that was once sized to its rows, keeps them when it
reloads (``size_columns``, the one column-fitting helper of every list).
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QByteArray, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QFontMetricsF, QGuiApplication, QScreen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSplitter,
    QTableView,
    QTreeView,
    QWidget,
)

# Room kept around a window: a gap from the screen's edges on each side, and the title bar
# and frame the window system adds (not known before the window is shown).
MARGIN = 8
DECORATION = QSize(16, 40)
# The screen's available size below which a main window with nothing remembered starts
# maximised (a 1366×768 laptop, a 1920×1080 screen at 150 %).
SMALL_SCREEN = QSize(1400, 850)
# The main window's size on a larger screen when nothing is remembered.
MAIN_SIZE = QSize(1280, 800)
# When the window's title bar shows less than this on every screen, it is off-screen.
VISIBLE_TITLE = QSize(120, 24)
FALLBACK = QRect(0, 0, 1280, 680)
# A list's property once its column widths are settled (restored, or fitted to its first
# rows): reloading it no longer fits them to the contents.
COLUMNS_KEPT = "khien_columns_kept"


def _screen_of(widget: QWidget | None) -> QScreen | None:
    """The screen *widget* opens on: its parent's when it has one (a dialog opens over the
    main window), else its own, else the primary screen."""
    if widget is not None:
        holder = widget.parentWidget()
        window = holder.window() if holder is not None else widget
        screen = window.screen()
        if screen is not None:
            return screen
    return QGuiApplication.primaryScreen()


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The part of *widget*'s screen that windows may use (without the taskbar)."""
    screen = _screen_of(widget)
    return screen.availableGeometry() if screen is not None else QRect(FALLBACK)


def room(available: QRect) -> QSize:
    """The largest window (without its title bar and frame) that fits in *available*."""
    return QSize(
        max(available.width() - DECORATION.width() - 2 * MARGIN, 1),
        max(available.height() - DECORATION.height() - 2 * MARGIN, 1),
    )


def _lower_minimum(widget: QWidget, space: QSize) -> None:
    if widget.minimumWidth() > space.width():
        widget.setMinimumWidth(space.width())
    if widget.minimumHeight() > space.height():
        widget.setMinimumHeight(space.height())


def fit_to_screen(
    widget: QWidget, width: int, height: int, available: QRect | None = None
) -> QSize:
    """Size *widget* to *width* × *height*, or less where its screen (or *available*, for
    tests) has less room; a minimum size larger than the room is lowered to it, so the
    window's buttons never sit under the taskbar. Returns the size given."""
    space = room(available if available is not None else available_geometry(widget))
    _lower_minimum(widget, space)
    size = QSize(min(width, space.width()), min(height, space.height()))
    size = size.expandedTo(widget.minimumSize())
    widget.resize(size)
    return size


def fits(widget: QWidget, available: QRect) -> bool:
    """Whether *widget*, with a title bar and frame, fits in *available*."""
    space = room(available)
    return widget.width() <= space.width() and widget.height() <= space.height()


def starts_maximised(available: QSize) -> bool:
    return available.width() < SMALL_SCREEN.width() or available.height() < SMALL_SCREEN.height()


def on_screen(frame: QRect, screens: list[QRect]) -> bool:
    """Whether enough of the title bar of a window at *frame* shows on one of *screens*
    to take it with the mouse."""
    title = QRect(frame.left(), frame.top(), frame.width(), VISIBLE_TITLE.height() * 2)
    for screen in screens:
        part = title.intersected(screen)
        if part.width() >= min(VISIBLE_TITLE.width(), frame.width()) and (
            part.height() >= VISIBLE_TITLE.height()
        ):
            return True
    return False


def centre(widget: QWidget, available: QRect) -> None:
    """Place *widget* in the middle of *available*."""
    size = widget.size()
    widget.move(available.center() - QPoint(size.width() // 2, size.height() // 2))


def _screens() -> list[QRect]:
    return [s.availableGeometry() for s in QGuiApplication.screens()]


def _primary() -> QRect:
    screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(FALLBACK)


def encode(data: QByteArray) -> str:
    return bytes(data.toBase64().data()).decode("ascii")


def decode(text: str) -> QByteArray:
    try:
        return QByteArray.fromBase64(text.encode("ascii"))
    except UnicodeEncodeError:
        return QByteArray()


def restore_main_window(
    window: QWidget,
    saved: str,
    *,
    screens: list[QRect] | None = None,
    primary: QRect | None = None,
    maximise_small: bool = True,
) -> bool:
    """Give *window* the geometry it was saved with (*saved*, base64 of
    ``saveGeometry``), maximised if it was. A geometry whose title bar is on no screen (a
    monitor since unplugged) is centred on the primary screen instead, at most its size.
    With nothing remembered the window starts maximised on a small screen (when
    *maximise_small*), and at ``MAIN_SIZE`` in the middle of a larger one. *screens* and
    *primary* (available geometries) are the real ones unless given (tests). Returns
    whether a saved geometry was used."""
    screens = _screens() if screens is None else screens
    primary = _primary() if primary is None else primary
    _lower_minimum(window, room(primary))
    if saved and window.restoreGeometry(decode(saved)):
        if not on_screen(window.frameGeometry(), screens):
            state = window.windowState()
            window.setWindowState(state & ~Qt.WindowState.WindowMaximized)
            fit_to_screen(window, window.width(), window.height(), primary)
            centre(window, primary)
            window.setWindowState(state)
        return True
    # The size it comes back to from maximised, too.
    fit_to_screen(window, MAIN_SIZE.width(), MAIN_SIZE.height(), primary)
    centre(window, primary)
    if maximise_small and starts_maximised(primary.size()):
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    return False


def save_main_window(window: QWidget) -> str:
    """*window*'s geometry (position, size, maximised or not) as base64 text."""
    return encode(window.saveGeometry())


def _lists(holder: QWidget) -> list[tuple[QAbstractItemView, QHeaderView]]:
    """The named tables and trees inside *holder*, with their column headers (kept)."""
    found = []
    for view in holder.findChildren(QAbstractItemView):
        header = _columns_header(view)
        if header is not None and view.objectName():
            found.append((view, header))
    return found


def _columns_header(view: QAbstractItemView) -> QHeaderView | None:
    if isinstance(view, QTableView):
        return view.horizontalHeader()
    if isinstance(view, QTreeView):
        return view.header()
    return None


def splitter_states(holder: QWidget, prefix: str) -> dict[str, str]:
    """The states of the splitters inside *holder*, by ``prefix/n`` (in creation order),
    and of the column headers of its named lists, by ``prefix/columns/<objectName>``."""
    states = {
        f"{prefix}/{n}": encode(split.saveState())
        for n, split in enumerate(holder.findChildren(QSplitter))
    }
    for view, header in _lists(holder):
        states[f"{prefix}/columns/{view.objectName()}"] = encode(header.saveState())
    return states


def restore_splitters(holder: QWidget, prefix: str, states: dict[str, str]) -> None:
    """Give the splitters and lists inside *holder* the states ``splitter_states`` made."""
    for n, split in enumerate(holder.findChildren(QSplitter)):
        state = states.get(f"{prefix}/{n}")
        if state:
            split.restoreState(decode(state))
    for view, _header in _lists(holder):
        state = states.get(f"{prefix}/columns/{view.objectName()}")
        if state:
            restore_columns(view, state)


def restore_columns(view: QAbstractItemView, state: str) -> bool:
    """Give *view*'s columns the widths, order and sorting kept in *state*; the columns
    the page hides (a name a role may not see) stay as the page set them. Returns whether
    the state was read; a restored list keeps its widths when it reloads (``size_columns``)."""
    header = _columns_header(view)
    if header is None:
        return False
    hidden = [header.isSectionHidden(n) for n in range(header.count())]
    if not header.restoreState(decode(state)):
        return False
    for n, was_hidden in enumerate(hidden):
        header.setSectionHidden(n, was_hidden)
    view.setProperty(COLUMNS_KEPT, True)
    return True


def size_columns(view: QTableView, most: Mapping[int, int] | None = None) -> None:
    """Fit *view*'s columns to what it shows, until its widths are settled: restored from
    the preference file, or fitted once to rows. After that a reload (a new filter, a
    search) keeps the widths the officer sees, or has dragged. The widths are those of
    ``resizeColumnsToContents`` for a list at its top, for less (``fit_column``); *most*
    caps some columns' content (column → pixels: room left for a stretched column)."""
    if view.property(COLUMNS_KEPT):
        return
    model = view.model()
    if model is None:
        return
    for column in range(model.columnCount()):
        fit_column(view, column, (most or {}).get(column))
    if model.rowCount() > 0:
        view.setProperty(COLUMNS_KEPT, True)


# Roles that make a cell more than its text: such a cell is always sized by the view.
# (As plain numbers: a role given as an enum is converted on every call.)
DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_NOT_TEXT_ONLY = tuple(
    int(role.value)
    for role in (
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.CheckStateRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.SizeHintRole,
    )
)


def fit_column(view: QTableView, column: int, most: int | None = None) -> int:
    """Give *column* of *view* the width ``resizeColumnToContents`` gives it with the list at
    its top, and return it: the header's width, or the widest of the first cells (as many as
    the header's ``resizeContentsPrecision``, all when it is negative; hidden rows skipped).

    Qt lays out the text of every one of those cells to size it, a costly step for a big
    list's first screen; here each cell's text is measured with the font's metrics, and only
    the widest texts (within a pixel of the widest) and the cells that are more than plain
    text (an icon, a check box, a font, a size of their own) are sized by the view as Qt
    sizes them. A hidden column, and one the header stretches, stay as they are. With
    *most*, the content counts for at most that many pixels (never less than the header)."""
    header = view.horizontalHeader()
    mode = header.sectionResizeMode(column)
    if header.isSectionHidden(column) or mode == QHeaderView.ResizeMode.Stretch:
        return header.sectionSize(column)
    model = view.model()
    view.ensurePolished()
    limit = header.resizeContentsPrecision()
    first: dict[str, int] = {}  # each text once (a status, a sex repeat): its first row
    measured: list[int] = []  # rows sized by the view whatever their text
    # A big list's model (lazy_list) says its cells are plain text: their texts are read
    # directly, not through a dozen calls of its Python data() per cell.
    text_at = getattr(model, "text_at", None)
    row, seen, rows = 0, 0, model.rowCount()
    while row < rows and (limit < 0 or seen < limit):
        if not view.isRowHidden(row):
            seen += 1
            if text_at is not None:
                first.setdefault(text_at(row, column) or "", row)
            else:
                index = model.index(row, column)
                text = index.data(DISPLAY)
                if not isinstance(text, str) or any(
                    index.data(r) is not None for r in _NOT_TEXT_ONLY
                ):
                    measured.append(row)
                else:
                    first.setdefault(text, row)
        row += 1
    if first:
        metrics = QFontMetricsF(view.font())
        advances = {text: metrics.horizontalAdvance(text) for text in first}
        wide = max(advances.values()) - 1.0
        measured += [first[text] for text, advance in advances.items() if advance >= wide]
    content = 0
    if measured:
        grid = 1 if view.showGrid() else 0
        content = grid + max(
            view.sizeHintForIndex(model.index(r, column)).width() for r in measured
        )
    if most is not None:
        content = min(content, most)
    fitted = max(content, 0 if header.isHidden() else header.sectionSizeHint(column))
    header.resizeSection(column, fitted)
    return fitted


def rows_follow_columns(view: QTableView) -> None:
    """Keep *view*'s wrapped rows as tall as their text whenever a column's width changes
    (a stretched column settles only once the window is laid out or resized, after the
    rows were filled): no long title cut at a row height measured for another width.

    The header tells of a resize before its new widths can be read, so the rows are
    measured on the next turn of the event loop, once for a burst of resizes."""
    view.setWordWrap(True)
    later = QTimer(view)
    later.setSingleShot(True)
    later.setInterval(0)
    later.timeout.connect(view.resizeRowsToContents)
    view.horizontalHeader().sectionResized.connect(lambda *_: later.start())
