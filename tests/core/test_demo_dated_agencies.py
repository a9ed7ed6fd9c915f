"""Demo data names only bodies in force on each record's date (issue 16, point 4): a demo
event's lead and partner agencies are valid on its date, and the demo plan of the current
year names no department that ceased in 2025."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from desktop.core import demo, refdata
from desktop.core.db.models import OutreachEvent
from desktop.core.db.models_outreach import CampaignPlan, PlanTask
from desktop.core.demo import rows as demo_rows
from desktop.core.progress import run_job


def test_demo_events_name_agencies_valid_on_their_date(province):
    run_job(demo.generate(province, events=600, cases=0, seed=11))
    with province.db.session() as s:
        spans = {i.code: i for i in refdata.items(s, "agency", include_inactive=True)}
        rows = s.execute(
            select(OutreachEvent.held_on, OutreachEvent.lead_agency, OutreachEvent.partner_agencies)
        ).all()
    assert rows
    old = {"labour", "info_comm", "district_police", "district_pc"}
    for day, lead, partners in rows:
        for code in [lead, *partners.split()]:
            assert spans[code].valid_on(day), (day, code)
    leads_before = {lead for day, lead, _p in rows if day < refdata.DECREE_45_START}
    leads_after = {lead for day, lead, _p in rows if day > refdata.LAST_DISTRICT_DAY}
    assert leads_before & old, "the old departments still lead the events of their days"
    assert not leads_after & old
    assert leads_after & {"home_affairs", "science_tech", "ethnic_religion"}


def test_the_current_demo_plan_names_bodies_of_its_period(province):
    run_job(demo.generate(province, events=10, cases=0, seed=3))
    with province.db.session() as s:
        q = select(PlanTask, CampaignPlan).join(CampaignPlan, CampaignPlan.id == PlanTask.plan_id)
        for task, plan in s.execute(q):
            valid = {
                i.code
                for i in refdata.items_during(s, "agency", plan.period_start, plan.period_end)
            }
            for code in [task.lead_agency, *task.partner_agencies.split()]:
                assert code in valid, (plan.number, code)


def test_the_rows_helper_picks_by_date():
    refs = demo_rows.Refs(
        ["police", "labour", "home_affairs"], ["talk"], [], ["tay"],
        agency_spans={
            "labour": (None, dt.date(2025, 2, 28)),
            "home_affairs": (dt.date(2025, 3, 1), None),
        },
    )  # fmt: skip
    assert refs.agencies_on(dt.date(2024, 5, 1)) == ["police", "labour"]
    assert refs.agencies_on(dt.date(2026, 5, 1)) == ["police", "home_affairs"]
    rng = random.Random(5)
    for _i in range(50):
        places = demo_rows.Places([(1, "Xã A")], [(2, "Xã B")])
        row = demo_rows.event_row(rng, refs, places, "canbo", None)
        day = row["held_on"]
        for code in [row["lead_agency"], *row["partner_agencies"].split()]:
            assert code in refs.agencies_on(day)
