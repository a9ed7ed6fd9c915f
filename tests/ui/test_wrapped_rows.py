"""Long texts in lists wrap onto as many lines as they need, whatever width the window
settles to after the rows were filled (the plans' tasks, the case's support, the figures)."""

from PySide6.QtWidgets import QApplication, QHeaderView, QTableWidget, QTableWidgetItem

from desktop.ui import window_state

LONG = (
    "Tuyên truyền đến từng khu dân cư, cơ quan, doanh nghiệp, trường học; chỉ đạo báo chí "
    "mở trang, chuyên mục; tăng thời lượng trên loa truyền thanh cơ sở"
)


def _table(qtbot, follow: bool) -> QTableWidget:
    table = QTableWidget(1, 2)
    qtbot.addWidget(table)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    if follow:
        window_state.rows_follow_columns(table)
    else:
        table.setWordWrap(True)
    table.setItem(0, 0, QTableWidgetItem(LONG))
    table.setItem(0, 1, QTableWidgetItem("Sở Thông tin"))
    table.resize(900, 300)
    table.show()
    qtbot.waitExposed(table)
    table.resizeRowsToContents()  # filled at one width…
    table.resize(300, 300)  # …then the window settles narrower
    qtbot.waitUntil(lambda: table.columnWidth(0) < 250)
    return table


def _turns() -> None:
    """A few turns of the event loop: the rows are measured on the next one."""
    for _ in range(3):
        QApplication.processEvents()


def test_rows_grow_when_a_stretched_column_narrows(qtbot):
    table = _table(qtbot, follow=True)
    _turns()
    assert table.rowHeight(0) >= table.sizeHintForRow(0) > 60


def test_without_it_the_row_keeps_the_old_height(qtbot):
    table = _table(qtbot, follow=False)
    _turns()
    assert table.rowHeight(0) < table.sizeHintForRow(0)
