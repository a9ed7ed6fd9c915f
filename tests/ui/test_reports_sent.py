"""The Reports page's register of numbers given this year, and “Mark as sent…” driven from
the keyboard: Enter on a row opens the dialog, the date is checked as it is typed (a date
that cannot be, in the future or before the document's own date keeps the button
disabled), Enter marks it, Escape changes nothing."""

from __future__ import annotations

import datetime as dt
import json

from PySide6.QtCore import Qt

from desktop.core import i18n, profile
from desktop.core.i18n import _
from desktop.core.reports import numbers
from desktop.ui.pages.reports import ReportsPage, SentDialog
from tests.ui.conftest import type_into

TODAY = dt.date.today()
WRITTEN = TODAY.replace(month=1, day=1)


def _retype(edit, text: str) -> None:
    edit.selectAll()
    edit.del_()
    type_into(edit, text)


def _page(qtbot, opened) -> ReportsPage:
    page = ReportsPage(opened)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_mark_a_report_sent_from_the_keyboard(qtbot, province):
    year = TODAY.year
    numbers.take(province, "period", year, 1, f"period:{year}-01-01:{year}-01-31",
                 text="01/BC-BCĐ", written_on=WRITTEN)  # fmt: skip
    # A record numbered by version 1 (the number and its document only) is listed too.
    profile.set_setting(province, f"reports.number.BB.{year}",
                        json.dumps({"4": "reception:gone"}))  # fmt: skip
    page = _page(qtbot, province)
    page.tabs.setCurrentWidget(page.register)
    register = page.register
    table = register.table
    assert table.rowCount() == 2 and register.empty.isHidden()
    first = [table.item(0, c).text() for c in range(table.columnCount())]
    assert first[:2] == ["01/BC-BCĐ", _("Periodic report")]
    assert first[3:] == [i18n.format_date(WRITTEN), _("not yet"), ""]
    assert [table.item(1, c).text() for c in (0, 1, 3)] == ["04/BB", _("Reception record"), ""]
    assert not register.mark_button.isEnabled()  # nothing chosen yet

    table.setFocus()
    table.selectRow(0)
    assert register.mark_button.isEnabled()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    dialog = register.dialog
    assert isinstance(dialog, SentDialog) and dialog.isVisible()
    assert dialog.focusWidget() is dialog.sent_on
    assert dialog.sent_on.text() == i18n.format_date(TODAY)
    assert dialog.ok.isEnabled()

    for typed, why in (
        ("31/02/" + str(year), None),
        (i18n.format_date(TODAY + dt.timedelta(days=1)),
         _("The date it was sent cannot be in the future.")),
        (i18n.format_date(WRITTEN - dt.timedelta(days=1)),
         _("A document cannot be sent before its date, {date}.").format(
             date=i18n.format_date(WRITTEN))),
        ("", None),
    ):  # fmt: skip
        _retype(dialog.sent_on, typed)
        assert not dialog.ok.isEnabled(), typed
        shown = dialog.form.error_of("sent_on")
        assert shown and (why is None or shown == why)
        qtbot.keyClick(dialog.sent_on, Qt.Key.Key_Return)  # refused: still open, nothing kept
        assert dialog.isVisible()
        assert numbers.given(province, "period", year)[1].sent_on is None

    _retype(dialog.sent_on, i18n.format_date(WRITTEN))
    assert dialog.ok.isEnabled() and not dialog.form.error_of("sent_on")
    qtbot.keyClick(dialog.sent_on, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.sent_to
    type_into(dialog.sent_to, "Bộ Công an")
    qtbot.keyClick(dialog.sent_to, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    kept = numbers.given(province, "period", year)[1]
    assert (kept.sent_on, kept.sent_to) == (WRITTEN, "Bộ Công an")
    assert table.item(0, 4).text() == i18n.format_date(WRITTEN)
    assert table.item(0, 5).text() == "Bộ Công an"
    assert register.selected() is not None and register.selected().given.number == 1
    assert register.note.text() == _("Number {number} is marked as sent on {date}.").format(
        number="01/BC-BCĐ", date=i18n.format_date(WRITTEN)
    )

    # Escape leaves the mark as it was.
    again = register.mark_selected()
    assert again is not None and again.sent_to.text() == "Bộ Công an"
    _retype(again.sent_on, i18n.format_date(TODAY))
    qtbot.keyClick(again.sent_on, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not again.isVisible())
    assert numbers.given(province, "period", year)[1].sent_on == WRITTEN


def test_an_empty_year_says_so(qtbot, province):
    page = _page(qtbot, province)
    page.tabs.setCurrentWidget(page.register)
    assert page.register.table.rowCount() == 0
    assert page.register.empty.isVisible()
    assert not page.register.mark_button.isEnabled()
    assert page.register.mark_selected() is None
