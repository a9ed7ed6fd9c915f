"""Undo in the UI for the deletion of another body's figure and of an event's photo (issue 17,
point 1): each asks first with Cancel as the default, then offers "Deleted: … — Undo";
undoing brings the row back where the officer was looking."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QVBoxLayout, QWidget

from desktop.core import other_figures
from desktop.core.i18n import _
from desktop.core.outreach import attachments
from desktop.core.security.roles import Role
from desktop.ui import texts
from desktop.ui.attachments_box import AttachmentsBox
from desktop.ui.pages.reports_figures import OtherFiguresPanel
from desktop.ui.undo_bar import UndoBar, undo_key
from tests.core.outreach_helpers import add_event, as_role


class Answers:
    """texts.ask answered by the test; the questions kept with their destructive flag."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answer: bool) -> None:
        self.answer = answer
        self.asked: list[tuple[str, bool]] = []
        monkeypatch.setattr(texts, "ask", self.ask)

    def ask(self, _parent, text: str, _yes: str, _title: str = "", *, destructive=True) -> bool:
        self.asked.append((text, destructive))
        return self.answer


def _activate(qtbot, window: QWidget) -> None:
    """What the window system does once a question box closes: the window is active again
    (the offscreen platform leaves it to us)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def _figure(province) -> str:
    return other_figures.save(
        province,
        other_figures.FigureInput("cases_detected", dt.date(2026, 1, 1), dt.date(2026, 3, 31), 4,
                                  "Công an tỉnh Lạng Sơn", "Báo cáo 115/BC-CAT",
                                  dt.date(2026, 4, 2)),
        today=dt.date(2026, 5, 1),
    )  # fmt: skip


def test_a_removed_figure_comes_back_from_the_status_bar(qtbot, province, monkeypatch):
    figure_id = _figure(province)
    panel = OtherFiguresPanel(province)
    bar = UndoBar(province)  # wired as the main window wires a page to its status bar
    panel.deleted.connect(bar.offer)
    bar.restored.connect(panel.restored)
    for w in (panel, bar):
        qtbot.addWidget(w)
    panel.show()
    panel.table.selectRow(0)

    answers = Answers(monkeypatch, answer=False)
    panel.remove()
    [(question, destructive)] = answers.asked
    assert destructive and "115/BC-CAT" not in question and "Công an tỉnh Lạng Sơn" in question
    assert panel.table.rowCount() == 1 and bar.isHidden(), "Cancel removes nothing"

    answers.answer = True
    with qtbot.waitSignal(panel.deleted) as sent:
        panel.remove()
    assert sent.args[1:] == ["other_body_figures", figure_id]
    assert panel.table.rowCount() == 0 and other_figures.entries(province) == []
    assert not bar.isHidden()
    assert bar.label.toolTip() == _("Deleted: {what} —").format(what=sent.args[0])

    qtbot.mouseClick(bar.button, Qt.MouseButton.LeftButton)
    assert [v.id for v in other_figures.entries(province)] == [figure_id]
    assert panel.table.rowCount() == 1 and panel.selected() is not None
    assert panel.selected().id == figure_id and bar.isHidden()


def test_a_removed_photo_comes_back_from_under_the_list(qtbot, province, monkeypatch, tmp_path):
    officer = as_role(province, Role.PROVINCIAL_OFFICER, "canbo")
    event_id = add_event(officer)
    photo: Path = tmp_path / "bang_ron.png"
    Image.new("RGB", (80, 60), "red").save(photo)
    form = QDialog()  # the event form the box sits in
    qtbot.addWidget(form)
    box = AttachmentsBox(officer, form)
    QVBoxLayout(form).addWidget(box)
    box.set_event(event_id, editable=True)
    form.show()
    _activate(qtbot, form)
    assert box.add(photo)
    [(_thumb, _name, remove)] = box.rows

    answers = Answers(monkeypatch, answer=False)
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    [(question, destructive)] = answers.asked
    assert destructive and "bang_ron.png" in question
    assert len(box.rows) == 1 and box.undo.isHidden(), "Cancel removes nothing"

    answers.answer = True
    qtbot.mouseClick(box.rows[0][2], Qt.MouseButton.LeftButton)
    assert box.rows == [] and attachments.list_attachments(officer, event_id) == []
    assert box.undo.isVisible() and "bang_ron.png" in box.undo.label.text()
    # The window is active again once the question has closed (offscreen: left to us).
    _activate(qtbot, form)
    assert box.undo.button.hasFocus(), "Enter, Space or Ctrl+Z there bring it back"

    # Ctrl+Z in the box brings it back (the box's own shortcut: the form is a dialog).
    qtbot.keySequence(box.undo.button, undo_key())
    [back] = attachments.list_attachments(officer, event_id)
    assert back.file_name == "bang_ron.png"
    assert len(box.rows) == 1 and box.undo.isHidden()


def test_the_removal_question_defaults_to_cancel(qtbot, province, monkeypatch):
    """The real question box (not answered by the test): Cancel is its default button."""
    _figure(province)
    panel = OtherFiguresPanel(province)
    qtbot.addWidget(panel)
    panel.table.selectRow(0)
    seen: list[bool] = []

    def exec_(box: QMessageBox) -> int:
        seen.append(box.defaultButton() is not None and box.defaultButton() is box.escapeButton())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    panel.remove()
    assert seen == [True]
    assert len(other_figures.entries(province)) == 1


def test_the_reports_page_hands_a_removed_figure_to_the_main_windows_undo(
    qtbot, province, monkeypatch
):
    from desktop.ui.main_window import MainWindow, section_of

    figure_id = _figure(province)
    window = MainWindow(province)
    qtbot.addWidget(window)
    page = window.page(section_of("ReportsPage"))
    page.tabs.setCurrentWidget(page.figures)
    page.figures.table.selectRow(0)
    Answers(monkeypatch, answer=True)
    page.figures.remove()
    assert other_figures.entries(province) == []
    assert window.undo_bar.target == ("other_body_figures", figure_id)
    window.undo_bar.undo()
    assert [v.id for v in other_figures.entries(province)] == [figure_id]
    assert page.figures.table.rowCount() == 1
