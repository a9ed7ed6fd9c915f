"""Issue 17 point 2: every window fits a small screen, and the main window remembers itself.

The offscreen platform's screen cannot be resized, so the available geometry is given to
``window_state.fit_to_screen``: the 1280×720 logical of a 1920×1080 screen at 150 %, less
a 40 px taskbar. Every dialog of ``desktop.ui`` (the registry of ``test_dialog_keys``, and
the ones it skips for its own reasons) is fitted into it and shown; then its window, with
a title bar and frame, must fit, and its buttons (outside a scrolled form) must be inside
it, the main one (the default button) first of all.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QDialog, QPushButton, QScrollArea

from desktop.core import profile
from desktop.core.outreach import excel
from desktop.core.reports import numbers, service
from desktop.ui import window_state
from desktop.ui.event_dialog import EventDialog
from desktop.ui.main_window import SECTIONS, MainWindow
from desktop.ui.pages.case_dialog import CaseDialog
from desktop.ui.pages.case_new import NewCaseDialog
from desktop.ui.pages.outreach_excel import ImportReport
from desktop.ui.pages.reports import SentDialog
from desktop.ui.pages.reports_preview import PreviewDialog
from desktop.ui.pdf_view import PdfFile
from desktop.ui.prefs import Prefs
from tests.core.cases_helpers import D, receive
from tests.ui.test_dialog_keys import BUILDERS, SKIPPED, Built, _all_dialog_classes, _officer

# 1280×720 logical less a 40 px taskbar at the bottom.
SMALL = QRect(0, 0, 1280, 680)
# A 1366×768 laptop with the same taskbar.
LAPTOP = QRect(0, 0, 1366, 728)


def _pdf() -> PdfFile:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    page.drawString(72, 760, "Biên bản tiếp nhận")
    page.showPage()
    page.save()
    return PdfFile(out.getvalue(), "record")


def _case(p: profile.OpenProfile, _t: Path) -> Built:
    officer = _officer(p)
    dialog = CaseDialog(officer, receive(officer, on=D(2025, 9, 2)))
    return dialog, dialog.findChild(QPushButton, "close")


def _preview(p: profile.OpenProfile, _t: Path) -> Built:
    dialog = PreviewDialog(p, "Biên bản", _pdf(), "reception")
    return dialog, dialog.findChildren(QPushButton)[-1]


def _sent(p: profile.OpenProfile, _t: Path) -> Built:
    given = numbers.Given("BC", 2025, 1, "period:2025-01-01:2025-01-31", "period", "01/BC-BCĐ",
                          dt.date(2025, 2, 1))  # fmt: skip
    dialog = SentDialog(p, service.NumberedDocument(given, "Periodic report", "January"))
    return dialog, dialog.ok


def _import_report(_p: profile.OpenProfile, _t: Path) -> Built:
    problems = [excel.RowProblem(n, "Ngày", "Ngày không hợp lệ.") for n in range(2, 60)]
    dialog = ImportReport(excel.ImportCheck([], problems))
    return dialog, dialog.findChildren(QPushButton)[-1]  # Close


# The dialogs test_dialog_keys does not build (no single main action, or built from
# another change's data): here their Close or OK stands for the main button.
EXTRA: dict[str, Callable[[profile.OpenProfile, Path], Built]] = {
    "CaseDialog": _case,
    "PreviewDialog": _preview,
    "SentDialog": _sent,
    "ImportReport": _import_report,
}
ALL = {cls.__name__: builder for cls, builder in BUILDERS.items()} | EXTRA
# The base class of PlanDialog and TaskDialog, never shown itself.
NOT_SHOWN = {"_Dialog"}


def test_every_dialog_is_checked() -> None:
    """Every dialog test_dialog_keys knows (it finds the new ones: its
    test_every_dialog_is_registered) is fitted here: a dialog it skips needs a builder in
    EXTRA."""
    known = {cls.__name__ for cls in BUILDERS} | SKIPPED
    missing = sorted(known - set(ALL) - NOT_SHOWN)
    assert not missing, f"add these dialogs to EXTRA: {missing}"
    names = {c.__name__ for c in _all_dialog_classes()}
    assert set(EXTRA) <= names


def _buttons_in_view(dialog: QDialog) -> list[str]:
    """The texts of the dialog's visible buttons (not those of a scrolled form) that lie
    outside what the dialog shows."""
    hidden = []
    for button in dialog.findChildren(QPushButton):
        if button.window() is not dialog or not button.isVisible():
            continue
        holder = button.parentWidget()
        while holder is not None and holder is not dialog and not isinstance(holder, QScrollArea):
            holder = holder.parentWidget()
        if isinstance(holder, QScrollArea):
            continue
        corner = button.mapTo(dialog, QPoint(0, 0))
        if not dialog.rect().contains(QRect(corner, button.size())):
            hidden.append(button.text())
    return hidden


@pytest.mark.parametrize("name", sorted(ALL))
def test_every_dialog_fits_1280_by_720_with_a_taskbar(qtbot, province, tmp_path, monkeypatch, name):
    # The screen each dialog sizes itself for (window_state.fit_to_screen) is SMALL.
    monkeypatch.setattr(window_state, "available_geometry", lambda _widget=None: SMALL)
    dialog, main = ALL[name](province, tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    space = window_state.room(SMALL)
    assert dialog.width() <= space.width() and dialog.height() <= space.height(), (
        f"{dialog.width()}×{dialog.height()} does not fit {space.width()}×{space.height()}"
    )
    assert window_state.fits(dialog, SMALL)
    corner = main.mapTo(dialog, QPoint(0, 0))
    assert main.isVisible() and dialog.rect().contains(QRect(corner, main.size()))
    assert _buttons_in_view(dialog) == []


def test_fit_to_screen_keeps_a_smaller_size_and_lowers_a_too_large_minimum(qtbot):
    dialog = QDialog()
    qtbot.addWidget(dialog)
    assert window_state.fit_to_screen(dialog, 500, 400, SMALL) == QSize(500, 400)
    assert dialog.size() == QSize(500, 400)
    dialog.setMinimumSize(600, 700)
    size = window_state.fit_to_screen(dialog, 1400, 900, SMALL)
    assert size == window_state.room(SMALL) == QSize(1280 - 32, 680 - 56)
    assert dialog.minimumHeight() == size.height() and dialog.minimumWidth() == 600


@pytest.mark.parametrize("cls", [EventDialog, NewCaseDialog], ids=lambda c: c.__name__)
def test_the_long_forms_scroll_and_keep_their_buttons(qtbot, province, cls):
    dialog = cls(_officer(province))
    qtbot.addWidget(dialog)
    window_state.fit_to_screen(dialog, 720, 760, SMALL)
    dialog.show()
    qtbot.waitExposed(dialog)
    area = dialog.findChild(QScrollArea)
    assert area is not None and area.verticalScrollBar().maximum() > 0  # the form scrolls
    assert _buttons_in_view(dialog) == []


# -- the main window --------------------------------------------------------------------


def _window(qtbot, opened: profile.OpenProfile) -> MainWindow:
    win = MainWindow(opened)
    qtbot.addWidget(win)
    return win


def test_the_main_window_comes_back_as_it_was_left(qtbot, province):
    first = _window(qtbot, province)
    first.setWindowState(Qt.WindowState.WindowNoState)
    first.resize(760, 600)
    first.move(30, 40)
    first.show_section(5)  # Reports: its splitter
    first.show()
    qtbot.waitExposed(first)
    reports = first.pages[5]
    split = window_state.splitter_states(reports, "x")
    assert split, "the Reports page has a splitter"
    from PySide6.QtWidgets import QSplitter

    splitter = reports.findChildren(QSplitter)[0]
    splitter.setSizes([150, 400])
    kept = splitter.sizes()
    left = first.geometry()
    assert left.size() == QSize(768, 600)  # the minimum width is lowered to the screen's room
    first.close()  # hiding keeps the state in the machine's preference file

    saved = Prefs(province.data_dir).window
    assert saved["section"] == "5" and saved["geometry"]
    second = _window(qtbot, province)
    second.show()
    qtbot.waitExposed(second)
    assert second.geometry() == left
    assert second.current_section() == 5
    assert second.pages[5].findChildren(QSplitter)[0].sizes() == kept
    # The launcher's own copy of the file keeps the language without losing the window.
    launcher_prefs = Prefs(province.data_dir)
    launcher_prefs.language = "en"
    launcher_prefs.save()
    assert Prefs(province.data_dir).window["geometry"] == saved["geometry"]


def test_a_small_screen_starts_maximised_when_nothing_is_remembered(qtbot, province):
    win = _window(qtbot, province)
    win.setWindowState(Qt.WindowState.WindowNoState)
    assert not window_state.restore_main_window(win, "", screens=[LAPTOP], primary=LAPTOP)
    assert win.windowState() & Qt.WindowState.WindowMaximized
    big = QRect(0, 0, 1920, 1040)
    other = _window(qtbot, province)
    other.setWindowState(Qt.WindowState.WindowNoState)
    window_state.restore_main_window(other, "", screens=[big], primary=big)
    assert not other.windowState() & Qt.WindowState.WindowMaximized
    assert other.size() == window_state.MAIN_SIZE
    assert other.geometry().center() == big.center() or (
        abs(other.geometry().center().x() - big.center().x()) <= 1
    )


def test_a_geometry_left_on_an_unplugged_monitor_comes_back_centred(qtbot, province):
    win = _window(qtbot, province)
    win.setWindowState(Qt.WindowState.WindowNoState)
    win.resize(700, 500)
    win.move(10, 10)
    saved = window_state.save_main_window(win)
    # Its place is on no screen now: the only one is elsewhere (at x = 3000).
    primary = QRect(3000, 0, 1366, 728)
    assert window_state.restore_main_window(win, saved, screens=[primary], primary=primary)
    frame = win.geometry()
    assert primary.contains(frame)
    assert abs(frame.center().x() - primary.center().x()) <= 1
    assert abs(frame.center().y() - primary.center().y()) <= 1
    assert window_state.on_screen(frame, [primary])
    assert not window_state.on_screen(QRect(10, 10, 700, 500), [primary])


def test_unreadable_window_state_is_ignored(province):
    (province.data_dir / "ui-preferences.json").write_text(
        '{"language": "vi", "window": {"geometry": 5, "section": "99"}}', encoding="utf-8"
    )
    prefs = Prefs(province.data_dir)
    assert prefs.language == "vi" and prefs.window == {"section": "99"}
    assert len(SECTIONS) < 99
