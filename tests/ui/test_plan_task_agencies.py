"""The task dialog offers the agencies and kinds valid during its plan's period (issue 16,
point 4); a task's own agency no longer valid stays shown, marked, and saved as it was."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core.outreach import plans
from desktop.core.security.roles import Role
from desktop.ui.plan_dialogs import TaskDialog
from tests.core.outreach_helpers import as_role

D = dt.date
LABOUR = "Sở Lao động - Thương binh và Xã hội"


@pytest.fixture
def officer(province):
    return as_role(province, Role.PROVINCIAL_OFFICER, "canbo")


def _plan(p, number: str, start: dt.date, end: dt.date) -> str:
    return plans.save_plan(p, plans.PlanInput(number, "BCĐ", start, f"KH {number}", start, end))


def _codes(box) -> list[str]:
    return [box.itemData(n) for n in range(box.count()) if box.itemData(n)]


def _list_codes(codes) -> list[str]:
    return [str(codes.item(n).data(0x0100)) for n in range(codes.count())]


def _open(qtbot, officer, plan_id, task=None) -> TaskDialog:
    dlg = TaskDialog(officer, plan_id, task)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def test_a_2019_plan_offers_its_2019_departments(qtbot, officer):
    dlg = _open(qtbot, officer, _plan(officer, "78/KH-BCĐ", D(2019, 6, 7), D(2019, 12, 31)))
    assert {"labour", "info_comm", "district_police"} <= set(_codes(dlg.lead))
    assert "home_affairs" not in _codes(dlg.lead)
    assert "labour" in _list_codes(dlg.partners)
    dlg.reject()


def test_a_2026_plan_offers_the_bodies_after_decree_45(qtbot, officer):
    dlg = _open(qtbot, officer, _plan(officer, "45/KH-BCĐ", D(2026, 6, 1), D(2026, 12, 31)))
    assert {"home_affairs", "science_tech", "culture"} <= set(_codes(dlg.lead))
    assert not {"labour", "info_comm", "district_pc"} & set(_codes(dlg.lead))
    assert not {"labour", "info_comm"} & set(_list_codes(dlg.partners))
    dlg.reject()


def test_a_saved_agency_no_longer_valid_stays_shown_and_marked(qtbot, officer):
    plan_id = _plan(officer, "78/KH-BCĐ", D(2019, 6, 7), D(2019, 12, 31))
    task_id = plans.save_task(
        officer, plan_id, plans.TaskInput("Tờ rơi", lead_agency="labour",
                                          partner_agencies=["info_comm"]),
    )  # fmt: skip
    plans.save_plan(  # the plan moved to 2026: its task's department had ceased by then
        officer,
        plans.PlanInput("78/KH-BCĐ", "BCĐ", D(2026, 1, 1), "KH", D(2026, 1, 1), D(2026, 12, 31)),
        plan_id,
    )
    task = next(t for t in plans.plan_progress(officer, plan_id) if t.id == task_id)
    dlg = _open(qtbot, officer, plan_id, task)
    assert dlg.lead.currentData() == "labour", "never silently dropped"
    assert dlg.lead.currentText().startswith(f"{LABOUR} (")
    assert _codes(dlg.lead)[-1] == "labour", "after the valid ones"
    assert dlg.partners.values() == ["info_comm"]
    assert dlg.data().lead_agency == "labour"
    dlg.save()  # saved as it was
    assert dlg.saved_id == task_id
    dlg.reject()
