"""Validation knows dates (issue 16, points 3 and 4): a code of a dated reference list must be
in force on the row's date when it changes, reference items arriving with a bundle bring
their dates, and a final event linked to a task outside its plan's period needs a reason —
at every door: the event service, a direct write, a bundle's rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from desktop.core import refdata, validation
from desktop.core.db.models import OutreachEvent
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.outreach import events, plans
from desktop.core.security.roles import Role
from tests.core.outreach_helpers import add_event, as_role
from tests.core.outreach_helpers import refused as _refused

D = dt.date
Y2019 = D(2019, 6, 21)
Y2026 = D(2026, 1, 15)
TODAY = D(2026, 11, 28)


@pytest.fixture
def officer(province):
    return as_role(province, Role.PROVINCIAL_OFFICER, "canbo")


LABOUR = "Sở Lao động - Thương binh và Xã hội"


def _not_in_force(column: str, name: str) -> str:
    return _("{field}: “{name}” was not in force on that date.").format(
        field=validation.label(column), name=name
    )


def _record(table: str, row_id: str, content: dict[str, Any]) -> dict[str, Any]:
    return {"table": table, "id": row_id, "parents": [], "content": content}


def _problem(p, records: list[dict[str, Any]]) -> str:
    with p.db.session() as s:
        return validation.check_records(s, records)[1]


# -- dated reference codes ----------------------------------------------------------------


def test_a_department_is_accepted_on_its_own_days_only(officer):
    add_event(officer, held_on=Y2019, lead_agency="labour", partner_agencies=["info_comm"])
    add_event(officer, held_on=Y2026, lead_agency="home_affairs")
    message = _refused(
        lambda: add_event(officer, held_on=Y2026, lead_agency="labour"), "lead_agency"
    )
    assert _not_in_force("lead_agency", LABOUR) in message
    _refused(
        lambda: add_event(officer, held_on=Y2026, partner_agencies=["police", "info_comm"]),
        "partner_agencies",
    )
    # the last day of the old department and the first of the new one
    add_event(officer, held_on=D(2025, 2, 28), lead_agency="labour")
    _refused(lambda: add_event(officer, held_on=D(2025, 3, 1), lead_agency="labour"), "lead_agency")
    _refused(
        lambda: add_event(officer, held_on=D(2025, 2, 28), lead_agency="home_affairs"),
        "lead_agency",
    )


def test_a_direct_write_is_judged_too(officer):
    with pytest.raises(ValidationError) as caught, officer.db.session() as s:
        s.add(OutreachEvent(kind="talk", title="Nói chuyện", held_on=Y2026, lead_agency="labour"))
    assert caught.value.field == "lead_agency"


def test_an_old_row_unchanged_stays_valid(officer):
    """Only a changed field is judged: a 2019 event moved to 2026 keeps its department (the
    form shows it as no longer valid), and its other fields can still be edited."""
    eid = add_event(officer, held_on=Y2019, lead_agency="labour")
    data = events.load_event(officer, eid).data
    events.save_event(officer, data.__class__(**{**vars(data), "held_on": Y2026}), eid, TODAY)
    with officer.db.session() as s:
        ev = s.get(OutreachEvent, eid)
        ev.title = "Nói chuyện (sửa)"
    # choosing the old department anew on that row is refused
    data = events.load_event(officer, eid).data
    assert data.lead_agency == "labour" and data.held_on == Y2026
    data.lead_agency = "police"
    events.save_event(officer, data, eid, TODAY)
    data.lead_agency = "labour"
    _refused(lambda: events.save_event(officer, data, eid, TODAY), "lead_agency")


def test_a_bundle_row_with_a_ceased_department_is_refused(officer):
    content = {"kind": "talk", "title": "Nói chuyện", "held_on": "2026-01-15"}
    assert _problem(officer, [_record("outreach_events", "e1", content)]) == ""
    bad = {**content, "lead_agency": "labour"}
    reason = _problem(officer, [_record("outreach_events", "e1", bad)])
    assert reason == _not_in_force("lead_agency", LABOUR)
    assert (
        _problem(officer, [_record("outreach_events", "e1", {**bad, "held_on": "2019-06-21"})])
        == ""
    )


def test_reference_items_in_the_same_bundle_bring_their_dates(officer):
    """An item the bundle adds counts with its dates; an item the bundle changes counts as
    it arrives (an end date moved, a new body)."""
    event = {"kind": "talk", "title": "Nói chuyện", "held_on": "2026-01-15"}
    new_body = {"kind": "agency", "code": "new_body", "name": "Sở Mới", "valid_from": "2026-02-01"}
    records = [
        _record("reference_items", refdata.seed_id("agency", "new_body"), new_body),
        _record("outreach_events", "e1", {**event, "lead_agency": "new_body"}),
    ]
    assert _problem(officer, records) == _not_in_force("lead_agency", "Sở Mới")
    records[1]["content"]["held_on"] = "2026-03-01"
    assert _problem(officer, records) == ""
    # the labour department, its end moved to the end of 2026 by the province
    labour_id = refdata.seed_id("agency", "labour")
    with officer.db.session() as s:
        labour = next(i for i in refdata.items(s, "agency") if i.code == "labour")
    moved = {"kind": "agency", "code": "labour", "name": labour.name, "valid_to": "2026-12-31"}
    late = _record("outreach_events", "e2", {**event, "lead_agency": "labour"})
    assert _problem(officer, [late]) == _not_in_force("lead_agency", LABOUR)
    assert _problem(officer, [_record("reference_items", labour_id, moved), late]) == ""


# -- the task link rule -------------------------------------------------------------------


@pytest.fixture
def plan_2019(officer):
    plan_id = plans.save_plan(
        officer,
        plans.PlanInput("78/KH-BCĐ", "BCĐ", D(2019, 6, 7), "KH 78", D(2019, 6, 7), D(2019, 12, 31)),
    )
    return plan_id, plans.save_task(officer, plan_id, plans.TaskInput("Băng rôn"))


def test_a_direct_write_outside_the_plans_period_needs_a_reason(officer, plan_2019):
    _plan, task = plan_2019
    row = dict(kind="talk", title="Nói chuyện", held_on=D(2020, 3, 2), plan_task_id=task)
    with pytest.raises(ValidationError) as caught, officer.db.session() as s:
        s.add(OutreachEvent(**row, state="final"))
    assert caught.value.field == "plan_task_id" and "78/KH-BCĐ" in caught.value.message
    with pytest.raises(ValidationError), officer.db.session() as s:  # final by default
        s.add(OutreachEvent(**row))
    with officer.db.session() as s:  # a draft may wait for its reason; a reason is enough
        s.add(OutreachEvent(**row, state="draft"))
        s.add(OutreachEvent(**row, state="final", task_link_reason="Báo cáo bổ sung"))
        s.add(OutreachEvent(**{**row, "held_on": D(2019, 12, 31)}, state="final"))


def test_finishing_a_draft_or_moving_its_date_is_judged(officer, plan_2019):
    _plan, task = plan_2019
    with officer.db.session() as s:
        ev = OutreachEvent(kind="talk", title="Nói chuyện", held_on=D(2020, 3, 2),
                           plan_task_id=task, state="draft")  # fmt: skip
        s.add(ev)
        s.flush()
        eid = ev.id
    with pytest.raises(ValidationError), officer.db.session() as s:
        s.get(OutreachEvent, eid).state = "final"
    with officer.db.session() as s:
        ev = s.get(OutreachEvent, eid)
        ev.state, ev.held_on = "final", D(2019, 8, 1)
    with pytest.raises(ValidationError), officer.db.session() as s:
        s.get(OutreachEvent, eid).held_on = D(2020, 1, 1)


def test_an_old_link_unchanged_stays_valid(officer, plan_2019):
    """A row written before the rule (outside the period, no reason) can still be edited."""
    _plan, task = plan_2019
    with officer.db.session() as s:
        ev = OutreachEvent(kind="talk", title="Nói chuyện", held_on=D(2019, 8, 1),
                           plan_task_id=task, state="final")  # fmt: skip
        s.add(ev)
        s.flush()
        eid = ev.id
    plans.save_plan(  # the plan's period shortened afterwards
        officer,
        plans.PlanInput("78/KH-BCĐ", "BCĐ", D(2019, 6, 7), "KH 78", D(2019, 6, 7), D(2019, 7, 31)),
        _plan,
    )
    with officer.db.session() as s:
        s.get(OutreachEvent, eid).audience_total = 80


def test_the_event_service_and_validation_ask_the_same_rule(officer, plan_2019):
    _plan, task = plan_2019
    outside = dict(held_on=dt.date(2020, 3, 2), plan_task_id=task)
    service = _refused(lambda: add_event(officer, **outside), "plan_task_id")
    with pytest.raises(ValidationError) as caught, officer.db.session() as s:
        s.add(OutreachEvent(kind="talk", title="Nói chuyện", state="final", **outside))
    assert service in caught.value.message
    choice = plans.task_choice(officer, task)
    assert choice is not None
    assert plans.link_refusal(choice, D(2020, 3, 2), "", True) == service
    assert plans.link_refusal(choice, D(2020, 3, 2), "", False) == ""
    assert plans.period_holds(choice.period_start, choice.period_end, D(2019, 12, 31))


def test_a_bundle_row_outside_the_plans_period_needs_a_reason(officer, plan_2019):
    _plan, task = plan_2019
    row = {"kind": "talk", "title": "Nói chuyện", "held_on": "2020-03-02",
           "plan_task_id": task, "state": "final", "task_link_reason": ""}  # fmt: skip
    assert "78/KH-BCĐ" in _problem(officer, [_record("outreach_events", "e1", row)])
    fine = {**row, "task_link_reason": "Hoạt động bổ sung"}
    assert _problem(officer, [_record("outreach_events", "e1", fine)]) == ""
    draft = {**row, "state": "draft"}
    assert _problem(officer, [_record("outreach_events", "e1", draft)]) == ""


def test_plans_and_tasks_in_the_same_bundle_are_used(officer):
    plan = {"number": "99/KH-BCĐ", "issuer": "BCĐ", "issued_on": "2026-01-05",
            "title": "KH 99", "period_start": "2026-01-05", "period_end": "2026-06-30"}  # fmt: skip
    task = {"plan_id": "p99", "position": 1, "title": "Tờ rơi"}
    row = {"kind": "talk", "title": "Nói chuyện", "held_on": "2026-08-02",
           "plan_task_id": "t99", "state": "final"}  # fmt: skip
    records = [
        _record("campaign_plans", "p99", plan),
        _record("plan_tasks", "t99", task),
        _record("outreach_events", "e1", row),
    ]
    assert "99/KH-BCĐ" in _problem(officer, records)
    records[2]["content"]["held_on"] = "2026-06-30"
    assert _problem(officer, records) == ""
    # a task known neither here nor in the bundle: not this rule's to refuse
    assert (
        _problem(officer, [_record("outreach_events", "e1", {**row, "plan_task_id": "zz"})]) == ""
    )
