"""window_state.size_columns and fit_column: the one column-fitting helper of the lists
(cases, events, accounts, reference data) gives the widths Qt's resizeColumnsToContents
gives, while laying out only the widest texts and the cells that are more than text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QIcon, QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QTableView

from desktop.ui import window_state

ROWS = 30


def _model() -> QStandardItemModel:
    model = QStandardItemModel(ROWS, 5)
    model.setHorizontalHeaderLabels(["Mã", "Họ và tên", "Số", "Biểu tượng", "Đậm"])
    pixmap = QPixmap(40, 16)
    pixmap.fill(Qt.GlobalColor.red)
    bold = QFont()
    bold.setBold(True)
    for row in range(ROWS):
        model.setItem(row, 0, QStandardItem(f"HS-{row:04d}"))
        model.setItem(row, 1, QStandardItem("Nguyễn Thị Ánh " + "dài " * (row % 5)))
        number = QStandardItem()
        number.setData(10 ** (row % 7), Qt.ItemDataRole.DisplayRole)  # not text: by the view
        model.setItem(row, 2, number)
        # The same text in every row: the one with an icon, or in bold, is the widest cell.
        icon = QStandardItem("cùng một chữ")
        if row == 3:
            icon.setIcon(QIcon(pixmap))
        model.setItem(row, 3, icon)
        strong = QStandardItem("cùng một chữ")
        if row == 5:
            strong.setFont(bold)
        model.setItem(row, 4, strong)
    return model


def _view(qtbot, model: QStandardItemModel, precision: int) -> QTableView:
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.horizontalHeader().setResizeContentsPrecision(precision)
    return view


def _widths(view: QTableView) -> list[int]:
    header = view.horizontalHeader()
    return [header.sectionSize(c) for c in range(header.count())]


def test_widths_as_qt_fits_them(qtbot):
    model = _model()
    for precision in (10, -1):
        ours = _view(qtbot, model, precision)
        ours.setRowHidden(1, True)  # skipped, as Qt skips it
        window_state.size_columns(ours)
        by_qt = _view(qtbot, model, precision)
        by_qt.setRowHidden(1, True)
        by_qt.resizeColumnsToContents()
        assert _widths(ours) == _widths(by_qt), precision
        assert ours.property(window_state.COLUMNS_KEPT), "fitted once: a reload keeps them"


def test_kept_widths_and_stretched_column_stay(qtbot):
    view = _view(qtbot, _model(), 10)
    header = view.horizontalHeader()
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    view.setProperty(window_state.COLUMNS_KEPT, True)
    header.resizeSection(0, 333)
    window_state.size_columns(view)
    assert header.sectionSize(0) == 333, "the officer's widths stay"
    stretched = header.sectionSize(1)
    assert window_state.fit_column(view, 1) == stretched
    assert window_state.fit_column(view, 0) < 333


def test_empty_list_fits_headers_and_fits_again_later(qtbot):
    model = QStandardItemModel(0, 2)
    model.setHorizontalHeaderLabels(["Mã", "Họ và tên của người được tiếp nhận"])
    view = _view(qtbot, model, 10)
    window_state.size_columns(view)
    assert view.horizontalHeader().sectionSize(1) == view.horizontalHeader().sectionSizeHint(1)
    assert not view.property(window_state.COLUMNS_KEPT), "no rows yet: fitted again with rows"
