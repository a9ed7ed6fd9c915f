"""Figures of other bodies in the GUI: the provincial officer types an entry, the form
says what is wrong as it is typed, the list shows it with its source; other offices read."""

from __future__ import annotations

import datetime as dt

from desktop.core import other_figures
from desktop.core.i18n import _
from desktop.core.security.roles import Role
from desktop.ui import texts
from desktop.ui.pages.reports_figures import FigureDialog, OtherFiguresPanel
from tests.core.cases_helpers import as_role
from tests.ui.conftest import type_into


def _fill(dialog: FigureDialog, **values: str) -> None:
    for name, value in values.items():
        widget = getattr(dialog, name)
        if name == "body":
            widget.setEditText(value)
            continue
        widget.clear()
        type_into(widget, value)


def test_type_an_entry_and_see_it_listed(qtbot, province, monkeypatch):
    dialog = FigureDialog(province)
    qtbot.addWidget(dialog)
    dialog.figure.setCurrentIndex(dialog.figure.findData("offenders_detected"))
    _fill(dialog, start="01/01/2026", end="31/3/2026", value="abc",
          body="Công an tỉnh Lạng Sơn", document="Báo cáo số 115/BC-CAT",
          source_date="05/04/2026")  # fmt: skip
    assert not dialog.ok.isEnabled()  # "abc" is no number
    assert dialog.form.error_of("value") == _("Enter a whole number, 0 or more.")
    _fill(dialog, value="12", end="31/02/2026")  # no such day
    assert not dialog.ok.isEnabled() and dialog.form.error_of("period_end")
    _fill(dialog, end="31/03/2026", source_date="05/04/2099")
    dialog.ok.click()  # the core refuses a document dated in the future, next to its field
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.form.error_of("source_date") == _(
        "The source document cannot be dated in the future."
    )
    _fill(dialog, source_date="05/04/2026")
    dialog.ok.click()
    assert dialog.saved_id is not None
    [saved] = other_figures.entries(province)
    assert (saved.figure, saved.value, saved.period_end) == (
        "offenders_detected", 12, dt.date(2026, 3, 31))  # fmt: skip

    listing = OtherFiguresPanel(province)
    qtbot.addWidget(listing)
    assert listing.table.rowCount() == 1 and listing.empty.isHidden()
    assert "115/BC-CAT" in listing.table.item(0, 3).text()
    assert not listing.edit_button.isEnabled()  # nothing chosen yet
    listing.table.selectRow(0)
    assert listing.edit_button.isEnabled() and listing.delete_button.isEnabled()
    monkeypatch.setattr(texts, "ask", lambda *_a, **_k: True)
    listing.remove()
    assert listing.table.rowCount() == 0 and not listing.empty.isHidden()
    assert other_figures.entries(province) == []


def test_a_district_reads_but_does_not_enter(qtbot, province):
    other_figures.save(
        province,
        other_figures.FigureInput("cases_detected", dt.date(2026, 1, 1), dt.date(2026, 3, 31), 4,
                                  "Công an tỉnh Lạng Sơn", "", dt.date(2026, 4, 2)),
        today=dt.date(2026, 5, 1),
    )  # fmt: skip
    listing = OtherFiguresPanel(as_role(province, Role.DISTRICT_OFFICER))
    qtbot.addWidget(listing)
    assert listing.table.rowCount() == 1
    listing.table.selectRow(0)
    for button in (listing.add_button, listing.edit_button, listing.delete_button):
        assert not button.isEnabled()
    assert listing.add_button.toolTip() == _(
        "Only the provincial office enters figures from other bodies."
    )


def test_the_reports_page_has_them_in_a_tab(qtbot, province):
    from desktop.ui.pages.reports import ReportsPage

    page = ReportsPage(province)
    qtbot.addWidget(page)
    index = page.tabs.indexOf(page.figures)
    assert page.tabs.tabText(index) == _("Figures of other bodies")
    other_figures.save(
        province,
        other_figures.FigureInput("cases_tried", dt.date(2026, 1, 1), dt.date(2026, 6, 30), 2,
                                  "Tòa án nhân dân tỉnh Lạng Sơn", "", dt.date(2026, 7, 2)),
        today=dt.date(2026, 8, 1),
    )  # fmt: skip
    page.tabs.setCurrentIndex(index)  # shown: read again
    assert page.figures.table.rowCount() == 1
