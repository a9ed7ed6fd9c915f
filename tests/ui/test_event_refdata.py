"""The event form offers the agencies and kinds valid on the event's day (issue 16, point 4):
a 2019 event its 2019 departments, a new one the departments after Decree 45/2025, and an
event's own value even when no longer valid, marked as such."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core.outreach import events
from desktop.core.security.roles import Role
from desktop.ui.event_dialog import EventDialog
from tests.core.outreach_helpers import add_event, as_role
from tests.ui.conftest import type_into


@pytest.fixture
def officer(province):
    return as_role(province, Role.PROVINCIAL_OFFICER, "canbo")


def _codes(box) -> list[str]:
    return [box.itemData(n) for n in range(box.count()) if box.itemData(n)]


def _partner_codes(codes) -> list[str]:
    return [str(codes.item(n).data(0x0100)) for n in range(codes.count())]


def _set_day(dlg: EventDialog, text: str) -> None:
    dlg.w["held_on"].clear()
    type_into(dlg.w["held_on"], text)


def _open(qtbot, officer, event_id=None) -> EventDialog:
    dlg = EventDialog(officer, event_id)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def test_the_choices_follow_the_events_date(qtbot, officer):
    dlg = _open(qtbot, officer)
    assert "home_affairs" in _codes(dlg.lead) and "labour" not in _codes(dlg.lead)
    _set_day(dlg, "21/06/2019")
    assert "labour" in _codes(dlg.lead) and "home_affairs" not in _codes(dlg.lead)
    assert "district_police" in _partner_codes(dlg.partners)
    dlg.lead.setCurrentIndex(dlg.lead.findData("labour"))
    _set_day(dlg, "15/01/2026")
    # The chosen value stays, said to be no longer valid; nothing else of 2019 is offered.
    assert dlg.lead.currentData() == "labour"
    assert dlg.lead.currentText() != "Sở Lao động - Thương binh và Xã hội"
    assert "Sở Lao động - Thương binh và Xã hội" in dlg.lead.currentText()
    assert "info_comm" not in _codes(dlg.lead)
    assert {"guangxi_coop", "school", "enterprise"} <= set(_codes(dlg.kind))
    dlg.reject()


def test_a_2019_event_shows_its_2019_department(qtbot, officer):
    event_id = add_event(
        officer, held_on=dt.date(2019, 6, 21), lead_agency="labour", partner_agencies=["info_comm"]
    )
    dlg = _open(qtbot, officer, event_id)
    assert dlg.lead.currentData() == "labour"
    assert dlg.lead.currentText() == "Sở Lao động - Thương binh và Xã hội"
    assert dlg.partners.values() == ["info_comm"]
    dlg.reject()


def test_an_old_value_on_a_new_event_is_kept_and_marked(qtbot, officer):
    # A 2019 event moved to 2026 keeps its department (a new one could not name it: the core
    # refuses a code chosen for a day it was not in force, see test_validation_dates).
    event_id = add_event(
        officer, held_on=dt.date(2019, 6, 21), lead_agency="labour", partner_agencies=["info_comm"]
    )
    data = events.load_event(officer, event_id).data
    data.held_on = dt.date(2026, 1, 15)
    events.save_event(officer, data, event_id, dt.date(2026, 11, 28))
    dlg = _open(qtbot, officer, event_id)
    assert dlg.lead.currentData() == "labour", "never silently dropped"
    assert dlg.lead.currentText().startswith("Sở Lao động - Thương binh và Xã hội (")
    assert dlg.partners.values() == ["info_comm"]
    assert dlg.raw()["lead_agency"] == "labour"
    dlg.reject()
