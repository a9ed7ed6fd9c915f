"""How a page's nameless inputs get their accessible names (desktop.ui.input_names), used by
every page when shown (test_registry_pages checks the pages themselves)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.input_names import name_inputs

LONG_NOTE = (
    "A retired item stays on old records but is no longer offered on new ones; items marked "
    "to be checked were seeded from public sources."
)


def test_a_field_takes_the_caption_before_it_in_a_row_or_a_grid(qtbot):
    root = QWidget()
    qtbot.addWidget(root)
    grid = QGridLayout(root)
    status, gate = QComboBox(), QComboBox()
    grid.addWidget(QLabel("Trạng thái:"), 0, 0)
    grid.addWidget(status, 0, 1)
    row = QHBoxLayout()
    row.addWidget(QLabel("Cửa <b>khẩu</b>:"))
    row.addWidget(gate)
    grid.addLayout(row, 1, 0, 1, 2)
    name_inputs(root)
    assert status.accessibleName() == "Trạng thái"
    assert gate.accessibleName() == "Cửa khẩu"


def test_a_number_takes_the_check_box_that_enables_it(qtbot):
    root = QWidget()
    qtbot.addWidget(root)
    row = QHBoxLayout(root)
    threshold = QSpinBox()
    row.addWidget(QCheckBox("Ẩn số liệu nhỏ"))
    row.addWidget(threshold)
    name_inputs(root)
    assert threshold.accessibleName() == "Ẩn số liệu nhỏ"


def test_form_rows_placeholders_and_own_names(qtbot):
    root = QWidget()
    qtbot.addWidget(root)
    form = QFormLayout(root)
    year, search, named = QSpinBox(), QLineEdit(), QLineEdit()
    form.addRow("Năm:", year)
    search.setPlaceholderText("Tìm theo mã vụ việc…")
    named.setAccessibleName("Ngày đầu của khoảng thời gian")
    named.setPlaceholderText("ngày/tháng/năm")
    form.addRow(search)
    form.addRow(named)
    name_inputs(root)
    assert year.accessibleName() == "Năm"
    assert search.accessibleName() == "Tìm theo mã vụ việc"
    assert named.accessibleName() == "Ngày đầu của khoảng thời gian"  # its own name stays


def test_a_list_is_named_by_its_tab_group_or_page_and_never_by_a_note(qtbot):
    root = QWidget()
    qtbot.addWidget(root)
    box = QVBoxLayout(root)
    tabs = QTabWidget()
    in_tab, in_group, on_page = QTableView(), QTableView(), QTableView()
    tab = QWidget()
    QVBoxLayout(tab).addWidget(in_tab)
    tabs.addTab(tab, "&Sao lưu")
    group = QGroupBox("Các lần bàn giao")
    QVBoxLayout(group).addWidget(in_group)
    box.addWidget(tabs)
    box.addWidget(group)
    box.addWidget(QLabel(LONG_NOTE))
    box.addWidget(on_page)
    name_inputs(root, "Quản trị")
    assert in_tab.accessibleName() == "Sao lưu"
    assert in_group.accessibleName() == "Các lần bàn giao"
    assert on_page.accessibleName() == "Quản trị"  # the long note before it is no caption


def test_a_box_with_nothing_to_go_by_stays_nameless(qtbot):
    """No name is invented: the registry then says which input needs one."""
    root = QWidget()
    qtbot.addWidget(root)
    box = QComboBox()
    box.addItem("Tất cả xã, phường")
    QVBoxLayout(root).addWidget(box)
    name_inputs(root, "Tuyên truyền")
    assert box.accessibleName() == ""
