"""A plan's tasks name the agencies and kinds valid during the plan's period (issue 16,
point 4): a 2019 plan its 2019 departments, a plan of 2026 the bodies after Decree 45/2025,
a plan across the reform both; a task's own value stays, marked, never dropped."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core import refdata
from desktop.core.errors import ValidationError
from desktop.core.outreach import plans
from desktop.core.security.roles import Role
from tests.core.outreach_helpers import as_role

D = dt.date


@pytest.fixture
def officer(province):
    return as_role(province, Role.PROVINCIAL_OFFICER, "canbo")


def _plan(p, number: str, start: dt.date, end: dt.date) -> str:
    return plans.save_plan(p, plans.PlanInput(number, "BCĐ", start, f"KH {number}", start, end))


def _codes(p, plan_id: str, kind: str = "agency", keep=()) -> dict[str, bool]:
    return {c.code: c.valid for c in plans.task_ref_choices(p, plan_id, kind, list(keep))}


def test_the_choices_are_those_valid_during_the_period(officer):
    p19 = _plan(officer, "78/KH-BCĐ", D(2019, 6, 7), D(2019, 12, 31))
    p26 = _plan(officer, "45/KH-BCĐ", D(2026, 6, 1), D(2026, 12, 31))
    across = _plan(officer, "12/KH-BCĐ", D(2025, 1, 1), D(2025, 12, 31))
    then, now, both = _codes(officer, p19), _codes(officer, p26), _codes(officer, across)
    assert {"labour", "info_comm", "district_police"} <= set(then)
    assert not {"home_affairs", "science_tech"} & set(then)
    assert {"home_affairs", "science_tech", "culture"} <= set(now)
    assert not {"labour", "info_comm", "district_police", "district_pc"} & set(now)
    # valid on some day of the period: the old departments and the new ones
    assert {"labour", "home_affairs", "district_pc"} <= set(both)
    assert all(both.values())


def test_a_tasks_own_value_stays_marked(officer):
    p26 = _plan(officer, "45/KH-BCĐ", D(2026, 6, 1), D(2026, 12, 31))
    offered = plans.task_ref_choices(officer, p26, "agency", ["labour", "police"])
    by_code = {c.code: c for c in offered}
    assert by_code["police"].valid and not by_code["labour"].valid
    assert offered[-1].code == "labour", "after the valid ones"
    assert by_code["labour"].label.startswith("Sở Lao động - Thương binh và Xã hội (")


def test_a_new_task_cannot_name_a_body_out_of_force_in_the_period(officer):
    p26 = _plan(officer, "45/KH-BCĐ", D(2026, 6, 1), D(2026, 12, 31))
    with pytest.raises(ValidationError) as caught:
        plans.save_task(officer, p26, plans.TaskInput("Tờ rơi", lead_agency="info_comm"))
    assert caught.value.field == "lead_agency"
    assert "Sở Thông tin và Truyền thông" in caught.value.message
    assert caught.value.message.endswith(".") and "\n" not in caught.value.message
    with pytest.raises(ValidationError) as caught:
        plans.save_task(
            officer, p26, plans.TaskInput("Tờ rơi", partner_agencies=["police", "labour"])
        )
    assert caught.value.field == "partner_agencies"
    plans.save_task(officer, p26, plans.TaskInput("Tờ rơi", lead_agency="science_tech"))


def test_an_old_tasks_value_can_be_kept_when_editing(officer):
    """A task saved with a body later ended (its plan period changed) keeps it on edit."""
    plan = _plan(officer, "78/KH-BCĐ", D(2019, 6, 7), D(2019, 12, 31))
    task = plans.save_task(officer, plan, plans.TaskInput("Tờ rơi", lead_agency="info_comm"))
    plans.save_plan(
        officer,
        plans.PlanInput("78/KH-BCĐ", "BCĐ", D(2026, 1, 1), "KH", D(2026, 1, 1), D(2026, 12, 31)),
        plan,
    )
    plans.save_task(officer, plan, plans.TaskInput("Tờ rơi (sửa)", lead_agency="info_comm"), task)
    with pytest.raises(ValidationError):
        plans.save_task(
            officer, plan, plans.TaskInput("Tờ rơi", lead_agency="info_comm",
                                           partner_agencies=["labour"]), task,
        )  # fmt: skip


def test_an_unknown_plan_offers_what_is_valid_today(officer):
    with officer.db.session() as s:
        today = {i.code for i in refdata.items_on(s, "agency", dt.date.today())}
    assert set(_codes(officer, "no-such-plan")) == today
