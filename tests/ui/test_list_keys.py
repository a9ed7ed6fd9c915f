"""Issue 17 point 1 in lists: Enter opens the chosen row, Delete deletes after a question whose
default is Cancel, the status bar offers to undo the deletion (a click or Ctrl+Z), and
the shortcuts are written in the tooltips."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.core.outreach import events
from desktop.core.security.roles import Role
from desktop.ui.event_dialog import EventDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.case_dialog import CaseDialog
from desktop.ui.pages.cases import CasesPage
from desktop.ui.pages.outreach import OutreachPage
from tests.core.cases_helpers import D, receive
from tests.core.outreach_helpers import add_event, as_role
from tests.ui.lists_ui import settle


@pytest.fixture
def officer(province):
    return as_role(province, Role.PROVINCIAL_OFFICER, "canbo")


@pytest.fixture
def window(qtbot, officer, vi_sections):
    add_event(officer, title="Nói chuyện tại thôn Nà Lầu", village="Nà Lầu")
    add_event(officer, title="Treo băng rôn ở chợ Đông Kinh", kind="banner", quantity=4)
    win = MainWindow(officer)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    return win


def _page(win: MainWindow, cls):
    n = next(i for i, p in enumerate(win.pages) if isinstance(p, cls))
    win.show_section(n)
    return win.pages[n]


def _back_to(qtbot, window, widget) -> None:
    """What the window system does once a question box closes: the window is active again
    and the list has its focus back (the offscreen platform leaves it to us)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    widget.setFocus()


def _answer_question(qtbot, yes: bool, seen: list[QMessageBox], tries: int = 300) -> None:
    """Answer the next question box once it shows (it blocks in exec())."""

    def answer() -> None:
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
        shown = [b for b in boxes if b.isVisible()]
        if not shown:
            nonlocal tries
            tries -= 1
            if tries > 0:  # the question never came: the test's assertion says so
                QTimer.singleShot(10, answer)
            return
        box = shown[0]
        seen.append(box)
        assert box.defaultButton() is box.escapeButton(), "Cancel is the default"
        accept = next(
            b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole
        )
        (accept if yes else box.escapeButton()).click()

    QTimer.singleShot(0, answer)


def test_delete_key_asks_deletes_and_undo_brings_it_back(qtbot, window, officer):
    page = _page(window, OutreachPage)
    page.table.selectRow(0)
    page.table.setFocus()
    event_id = page.model.id_at(0)
    title = page.model.row_at(0).title
    seen: list[QMessageBox] = []

    _answer_question(qtbot, False, seen)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert len(seen) == 1 and title in seen[0].text()
    assert page.model.rowCount() == 2, "Cancel deletes nothing"
    _back_to(qtbot, window, page.table)

    _answer_question(qtbot, True, seen)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    settle(qtbot, page)
    assert len(seen) == 2 and page.model.rowCount() == 1
    bar = window.undo_bar
    assert bar.isVisible() and title in bar.label.toolTip() and bar.label.text()
    assert window.action_undo.isEnabled()

    qtbot.mouseClick(bar.button, Qt.MouseButton.LeftButton)
    assert not bar.isVisible() and not window.action_undo.isEnabled()
    settle(qtbot, page)
    assert page.model.rowCount() == 2
    assert page.model.id_at(page.current_row()) == event_id, "the event is back, chosen"
    assert events.load_event(officer, event_id).data.title == title


def test_ctrl_z_undoes_while_the_offer_shows_and_a_new_deletion_replaces_it(qtbot, window, officer):
    page = _page(window, OutreachPage)
    first, second = page.model.id_at(0), page.model.id_at(1)
    for event_id in (first, second):
        events.delete_event(officer, event_id)
        page.refresh()
        page.deleted.emit("x", "outreach_events", event_id)
    assert window.undo_bar.target == ("outreach_events", second)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, page)
    assert [page.model.id_at(r) for r in range(page.model.rowCount())] == [second]
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, page)
    assert page.model.rowCount() == 1, "one undo per offer"


def test_the_offer_goes_after_its_time(qtbot, window, officer):
    page = _page(window, OutreachPage)
    bar = window.undo_bar
    bar.timer.setInterval(50)
    page.deleted.emit("x", "outreach_events", page.model.id_at(0))
    assert bar.isVisible()
    qtbot.waitUntil(lambda: not bar.isVisible())
    assert not window.action_undo.isEnabled()


def test_enter_opens_the_chosen_event_and_case(qtbot, window, officer):
    page = _page(window, OutreachPage)
    page.table.selectRow(1)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert isinstance(page.dialog, EventDialog) and page.dialog.isVisible()
    assert page.dialog.event_id == page.model.id_at(1)
    page.dialog.reject()

    case_id = receive(officer, on=D(2025, 9, 2))
    cases = _page(window, CasesPage)
    cases.refresh()
    cases.select_id(case_id)
    cases.table.setFocus()
    qtbot.keyClick(cases.table, Qt.Key.Key_Enter)
    assert isinstance(cases.case_dialog, CaseDialog) and cases.case_dialog.case_id == case_id
    cases.case_dialog.reject()


def test_enter_in_the_search_field_opens_nothing(qtbot, window):
    page = _page(window, OutreachPage)
    page.table.selectRow(0)
    qtbot.keyClick(page.filters.search, Qt.Key.Key_Return)
    assert page.dialog is None


def test_shortcuts_are_written_in_tooltips(window):
    tips = [window.sidebar.item(n).toolTip() for n in range(window.sidebar.count())]
    assert [t.rsplit("(", 1)[1] for t in tips] == [f"Ctrl+{n})" for n in range(1, 8)]
    page = _page(window, OutreachPage)
    assert "Ctrl+N" in page.new_btn.toolTip() and "Ctrl+F" in page.filters.search.toolTip()
    cases = _page(window, CasesPage)
    assert "Ctrl+N" in cases.new.toolTip() and "Ctrl+F" in cases.search.toolTip()
    assert "Ctrl+Z" in window.action_undo.shortcut().toString()


def test_enter_opens_the_chosen_plan_task_reference_item_and_office(qtbot, window, province):
    import datetime as dt

    from desktop.core.outreach import plans
    from desktop.ui.pages.admin_offices import OfficesPanel
    from desktop.ui.pages.admin_refdata import RefDataPanel
    from desktop.ui.pages.plans import PlansPage
    from desktop.ui.plan_dialogs import PlanDialog, TaskDialog

    officer = window.profile
    plan_id = plans.save_plan(
        officer,
        plans.PlanInput(
            "12/KH-UBND", "UBND tỉnh Lạng Sơn", dt.date(2025, 1, 10),
            "Kế hoạch phòng, chống mua bán người năm 2025",
            dt.date(2025, 1, 1), dt.date(2025, 12, 31),
        ),
    )  # fmt: skip
    plans.save_task(officer, plan_id, plans.TaskInput("Nói chuyện chuyên đề"))
    page = _page(window, PlansPage)
    page.plan_list.setFocus()
    qtbot.keyClick(page.plan_list, Qt.Key.Key_Return)
    assert isinstance(page.dialog, PlanDialog) and page.dialog.isVisible()
    page.dialog.reject()
    page.task_table.selectRow(0)
    page.task_table.setFocus()
    qtbot.keyClick(page.task_table, Qt.Key.Key_Return)
    assert isinstance(page.dialog, TaskDialog) and page.dialog.isVisible()
    page.dialog.reject()

    for panel_cls, view_of in ((RefDataPanel, "table"), (OfficesPanel, "tree")):
        panel = panel_cls(province)  # the administrator edits these
        qtbot.addWidget(panel)
        panel.show()
        view = getattr(panel, view_of)
        view.setCurrentIndex(view.model().index(0, 0))
        _back_to(qtbot, panel, view)
        qtbot.keyClick(view, Qt.Key.Key_Return)
        assert panel.dialog is not None and panel.dialog.isVisible(), panel_cls.__name__
        panel.dialog.reject()
