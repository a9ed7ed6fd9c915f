"""Issue 17 point 2: the main window remembers its lists' column widths.

A column the officer widens stays as wide: when the list reloads (a filter, a search), and
in the next window, which reads the widths back from the machine's preference file
(``window_state.splitter_states`` / ``restore_splitters``, called by the main window for
every page). A column the page hides for a role (the victim's name) stays hidden whatever
the remembered state says.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTableView

from desktop.core import profile
from desktop.core.security.roles import Role
from desktop.ui import window_state
from desktop.ui.main_window import MainWindow, section_of
from desktop.ui.pages.admin_accounts import AccountsPanel
from desktop.ui.pages.cases import CasesPage
from desktop.ui.prefs import Prefs
from tests.core.cases_helpers import D, receive
from tests.core.outreach_helpers import as_role
from tests.ui.lists_ui import settle

WIDE = 333  # wider than any column is fitted to here


def _window(qtbot, opened: profile.OpenProfile) -> MainWindow:
    win = MainWindow(opened)
    qtbot.addWidget(win)
    win.resize(1280, 680)
    win.show()
    qtbot.waitExposed(win)
    return win


def _cases(win: MainWindow) -> CasesPage:
    win.show_section(section_of("CasesPage"))
    page = win.stack.currentWidget()
    assert isinstance(page, CasesPage)
    return page


def _with_cases(p: profile.OpenProfile) -> profile.OpenProfile:
    officer = as_role(p, Role.PROVINCIAL_OFFICER, "canbo")
    receive(officer, name="Hoàng Thị Hòa", on=D(2025, 9, 2))
    receive(officer, name="Lý Thị Mai", on=D(2025, 9, 3))
    return officer


def test_a_widened_column_survives_a_reload_and_a_new_window(qtbot, province):
    officer = _with_cases(province)
    first = _window(qtbot, officer)
    page = _cases(first)
    header = page.table.horizontalHeader()
    fitted = header.sectionSize(2)
    assert fitted != WIDE
    header.resizeSection(2, WIDE)  # as the officer drags its edge
    page.search.setText("Hòa")
    page.refresh()  # a search reloads the list
    settle(qtbot, page)
    assert page.model.ids and header.sectionSize(2) == WIDE
    first.close()  # hiding keeps the window's state in the preference file
    assert "CasesPage/columns/cases" in Prefs(province.data_dir).window

    second = _window(qtbot, officer)
    again = _cases(second)
    again.refresh()
    assert again.table.horizontalHeader().sectionSize(2) == WIDE
    again.search.setText("Mai")
    again.refresh()
    assert again.table.horizontalHeader().sectionSize(2) == WIDE


def test_with_nothing_remembered_the_columns_fit_the_rows_once_they_come(qtbot, province):
    win = _window(qtbot, province)
    page = _cases(win)
    assert not page.model.ids
    empty_width = page.table.horizontalHeader().sectionSize(0)
    _with_cases(province)
    page.refresh()
    settle(qtbot, page)
    table: QTableView = page.table
    assert table.horizontalHeader().sectionSize(0) != empty_width  # fitted to the codes
    assert table.horizontalHeader().sectionSize(0) >= table.sizeHintForColumn(0)


def test_a_column_hidden_for_a_role_stays_hidden(qtbot, province):
    officer = _with_cases(province)
    first = _window(qtbot, officer)
    shown = _cases(first).table
    assert not shown.isColumnHidden(1)  # the officer sees names
    shown.horizontalHeader().resizeSection(1, WIDE)
    first.close()

    statistician = as_role(province, Role.STATISTICIAN, "thongke")
    second = _window(qtbot, statistician)
    masked = _cases(second).table
    assert masked.isColumnHidden(1), "the remembered state never shows a masked column"


def test_the_accounts_list_keeps_its_widths(qtbot, province):
    first = _window(qtbot, province)
    first.show_section(section_of("AdminPage"))
    accounts = first.findChild(QTableView, "accounts")
    assert accounts is not None
    accounts.horizontalHeader().resizeSection(0, WIDE)
    first.close()
    second = _window(qtbot, province)
    second.show_section(section_of("AdminPage"))
    panel = second.findChild(AccountsPanel)
    assert panel is not None
    panel.refresh()  # a new account reloads the list
    assert panel.table.horizontalHeader().sectionSize(0) == WIDE


def test_an_unreadable_column_state_changes_nothing(qtbot):
    table = QTableView()
    qtbot.addWidget(table)
    assert not window_state.restore_columns(table, "not base64 of a header")
    assert not table.property(window_state.COLUMNS_KEPT)
