"""The Excel import report (``ImportReport``, issue 17 point 1): Close is its one default
button, so Enter closes it and nothing is imported; importing only the correct rows takes a
deliberate click (or Space on it). Escape closes it too."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QPushButton

from desktop.core.i18n import _
from desktop.core.outreach import events, excel
from desktop.ui.pages.outreach_excel import ImportReport


def _report(qtbot) -> ImportReport:
    good = [(2, events.EventInput(title="Tuyên truyền"))]
    problems = [excel.RowProblem(3, "Ngày", "Ngày không hợp lệ.")]
    dialog = ImportReport(excel.ImportCheck(good, problems))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _button(dialog: QDialog, text: str) -> QPushButton:
    return next(b for b in dialog.findChildren(QPushButton) if b.text() == text)


def test_close_is_the_only_button_enter_presses(qtbot):
    dialog = _report(qtbot)
    close = _button(dialog, _("Close"))
    assert dialog.import_good.isEnabled()
    buttons = dialog.findChildren(QPushButton)
    assert [b for b in buttons if b.isDefault()] == [close]
    assert [b for b in buttons if b.autoDefault()] == [close]


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Escape])
def test_enter_and_escape_close_without_importing(qtbot, key):
    dialog = _report(qtbot)
    dialog.import_good.setFocus()  # even with the import button focused
    QTest.keyClick(dialog.focusWidget() or dialog, key)
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_a_click_imports_the_correct_rows(qtbot):
    dialog = _report(qtbot)
    qtbot.mouseClick(dialog.import_good, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
