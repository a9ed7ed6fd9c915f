"""The events list's agency and kind filters hold the items no longer in force too (past
events stay findable), a ceased one saying until when (issue 16, point 4)."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core import i18n, refdata
from desktop.core.i18n import _
from desktop.core.security.roles import Role
from desktop.ui.pages.outreach_filters import FilterBar
from tests.core.outreach_helpers import add_event, as_role

LABOUR = "Sở Lao động - Thương binh và Xã hội"


def _until(name: str, day: dt.date) -> str:
    return _("{name} (until {date})").format(name=name, date=i18n.format_date(day))


@pytest.fixture
def officer(province):
    return as_role(province, Role.PROVINCIAL_OFFICER, "canbo")


def _items(box) -> dict[str, str]:
    box.fill()  # as when the officer opens it: its choices are read then
    return {box.itemData(n): box.itemText(n) for n in range(box.count()) if box.itemData(n)}


def test_ceased_agencies_stay_filterable_and_say_until_when(qtbot, officer):
    bar = FilterBar(officer)
    qtbot.addWidget(bar)
    agencies = _items(bar.agency)
    assert agencies["labour"] == _until(LABOUR, dt.date(2025, 2, 28))
    assert agencies["district_pc"] == _until("Ủy ban nhân dân huyện", dt.date(2025, 6, 30))
    assert "30/06/2025" in agencies["district_pc"]
    assert agencies["home_affairs"] == "Sở Nội vụ", "in force today: its name alone"
    assert agencies["police"] == "Công an tỉnh"
    assert {"guangxi_coop", "school"} <= set(_items(bar.kind))


def test_a_2019_event_is_found_by_its_ceased_department(qtbot, officer):
    add_event(officer, held_on=dt.date(2019, 6, 21), lead_agency="labour", title="Tọa đàm 2019")
    add_event(officer, held_on=dt.date(2026, 1, 15), lead_agency="home_affairs")
    bar = FilterBar(officer)
    qtbot.addWidget(bar)
    with qtbot.waitSignal(bar.changed) as got:
        bar.agency.setCurrentIndex(bar.agency.findData("labour"))
    assert got.args[0].agency == "labour"


def test_the_core_helper_labels_items_by_their_dates(officer):
    with officer.db.session() as s:
        spring = {
            c.code: c for c in refdata.filter_choices_in(s, "agency", "vi", dt.date(2025, 4, 1))
        }
        early = {
            c.code: c for c in refdata.filter_choices_in(s, "agency", "en", dt.date(2025, 1, 1))
        }
    assert spring["district_pc"].valid and spring["district_pc"].label == "Ủy ban nhân dân huyện"
    assert not spring["labour"].valid
    assert spring["labour"].label == _until(LABOUR, dt.date(2025, 2, 28))
    assert not early["home_affairs"].valid
    assert early["home_affairs"].label == _("{name} (from {date})").format(
        name="Department of Home Affairs", date="01/03/2025"
    )
