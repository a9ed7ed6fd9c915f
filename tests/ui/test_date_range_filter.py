"""The events list's own date range (issue 17, point 4): "From … to …" opens two date
fields typed as dd/mm/yyyy, checked as they are typed with one sentence, and the list
shows the events of those days (the core query's date_from/date_to)."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core.i18n import _
from desktop.core.security.roles import Role
from desktop.ui.pages.outreach import OutreachPage
from desktop.ui.pages.outreach_filters import CUSTOM, FilterBar
from tests.core.outreach_helpers import add_event, as_role
from tests.ui.lists_ui import settle


@pytest.fixture
def officer(province):
    return as_role(province, Role.PROVINCIAL_OFFICER, "canbo")


@pytest.fixture
def bar(qtbot, officer):
    widget = FilterBar(officer)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _type(qtbot, edit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


def _custom(bar) -> None:
    bar.period.setCurrentIndex(bar.period.findData(CUSTOM))


def test_the_range_fields_show_for_from_to_only(qtbot, bar):
    assert not bar.range.isVisible()
    with qtbot.waitSignal(bar.changed) as got:
        _custom(bar)
    assert bar.range.isVisible()
    assert got.args[0].date_from is None and got.args[0].date_to is None, "nothing typed yet"
    assert bar.date_from.accessibleName() and bar.date_to.accessibleName()
    bar.period.setCurrentIndex(bar.period.findData("year"))
    assert not bar.range.isVisible()


def test_a_typed_range_filters_after_a_pause(qtbot, bar):
    _custom(bar)
    _type(qtbot, bar.date_from, "01/03/2025")
    with qtbot.waitSignal(bar.changed) as got:  # the debounce timer, no sleep
        _type(qtbot, bar.date_to, "31/03/2025")
    f = got.args[0]
    assert (f.date_from, f.date_to) == (dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    assert not bar.range_reason.isVisible()


def test_either_side_may_stay_open(qtbot, bar):
    _custom(bar)
    _type(qtbot, bar.date_to, "2025-06-30")  # the ISO form is read too
    f = bar.current()
    assert (f.date_from, f.date_to) == (None, dt.date(2025, 6, 30))


@pytest.mark.parametrize(
    ("start", "end", "reason"),
    [
        ("31/02/2025", "", "“{value}” is not a real date on the calendar."),
        ("1/3/25", "", "“{value}” is not a date: write it as dd/mm/yyyy."),
        ("10/03/2025", "01/03/2025", "The start date comes after the end date."),
    ],
)
def test_a_wrong_range_says_why_and_keeps_the_last_valid_one(qtbot, bar, start, end, reason):
    _custom(bar)
    _type(qtbot, bar.date_from, "01/01/2025")
    bar.emit_now()
    _type(qtbot, bar.date_to, end)
    bar.date_from.setText(start)  # from a valid range to a refused one in one change
    assert bar.range_reason.isVisible()
    assert bar.range_reason.text() == _(reason).format(value=start)
    assert not bar.timer.isActive(), "a refused range does not refresh the list"
    assert bar.current().date_from == dt.date(2025, 1, 1), "the list keeps the last valid range"
    _type(qtbot, bar.date_from, "01/01/2025")
    assert not bar.range_reason.isVisible(), "a corrected date clears the reason"


def test_a_dashboard_preset_clears_the_typed_range(qtbot, bar):
    _custom(bar)
    _type(qtbot, bar.date_from, "01/01/2025")
    bar.apply_preset("talk", dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert not bar.range.isVisible()
    assert bar.date_from.text() == ""
    f = bar.current()
    assert (f.date_from, f.date_to) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))


def test_the_list_shows_the_events_of_the_typed_days(qtbot, officer):
    add_event(officer, held_on=dt.date(2025, 2, 27), title="Trước")
    inside = add_event(officer, held_on=dt.date(2025, 3, 15), title="Trong kỳ")
    add_event(officer, held_on=dt.date(2025, 4, 2), title="Sau")
    page = OutreachPage(officer)
    qtbot.addWidget(page)
    page.show()
    assert len(page.model.ids) == 3
    _custom(page.filters)
    _type(qtbot, page.filters.date_from, "01/03/2025")
    _type(qtbot, page.filters.date_to, "31/03/2025")
    qtbot.keyClick(page.filters.date_to, "\r")  # Enter: at once, no pause
    settle(qtbot, page)
    assert page.model.ids == [inside]
