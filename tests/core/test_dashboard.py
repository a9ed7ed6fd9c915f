"""Dashboard figures: this month against the last, the months and kinds series, late plan
tasks and cases needing attention — checked on hand-made rows at the month boundaries and
against plain Python over the rows of demo data."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import select

from desktop.core import demo
from desktop.core.cases import rules
from desktop.core.db.models import OutreachEvent, ReceptionCase
from desktop.core.db.models_outreach import CampaignPlan, PlanTask
from desktop.core.db.syncmeta import tombstone
from desktop.core.outreach import plans
from desktop.core.progress import Cancelled, run_job
from desktop.core.stats import dashboard
from tests.conftest import build_once

D = dt.date
TODAY = D(2026, 3, 15)


def test_month_helpers_cross_years_and_leap_days():
    assert dashboard.month_end(D(2024, 2, 10)) == D(2024, 2, 29)
    assert dashboard.month_end(D(2026, 2, 1)) == D(2026, 2, 28)
    assert dashboard.month_end(D(2026, 12, 31)) == D(2026, 12, 31)
    assert dashboard.previous_month(D(2026, 1, 31)) == D(2025, 12, 1)
    assert dashboard.previous_month(D(2026, 3, 31)) == D(2026, 2, 1)
    months = dashboard.last_months(D(2026, 3, 1))
    assert len(months) == 12 and months[0] == D(2025, 4, 1) and months[-1] == D(2026, 3, 1)
    assert all(m.day == 1 for m in months) and months == sorted(set(months))


def _event(s: Any, on: dt.date, kind: str = "talk", people: int = 0, state: str = "final"):
    ev = OutreachEvent(
        kind=kind, title=f"{kind} {on}", held_on=on, commune_code=6040, lead_agency="police",
        audience_total=people, audience_women=people // 2, audience_men=people - people // 2,
        audience_youth=people // 4, state=state,
    )  # fmt: skip
    s.add(ev)
    return ev


@pytest.fixture
def boundaries(province):
    """Events on the first and last days of this month and last month, and just outside."""
    with province.db.session() as s:
        _event(s, D(2026, 3, 1), people=10)  # first day of this month
        _event(s, D(2026, 3, 31), "banner", people=5, state="draft")  # last day, a draft
        _event(s, D(2026, 2, 1), people=100)  # first day of last month
        _event(s, D(2026, 2, 28), "rally", people=200)  # last day of last month
        _event(s, D(2026, 1, 31), "rally", people=1000)  # the month before: not compared
        _event(s, D(2026, 4, 1), people=7)  # next month: counted nowhere this month
        _event(s, D(2025, 3, 31), people=3)  # 12 months back is April 2025: outside the chart
        _event(s, D(2025, 4, 1), "banner")  # inside the chart, not this year
        _event(s, D(2025, 12, 31), "banner")  # last day of last year
        gone = _event(s, D(2026, 3, 10), people=999)
        s.flush()
        tombstone(gone)
    return province


def test_this_month_against_last_on_the_boundaries(boundaries):
    f = dashboard.figures(boundaries, TODAY)
    assert (f.this_month.start, f.this_month.end) == (D(2026, 3, 1), D(2026, 3, 31))
    assert (f.last_month.start, f.last_month.end) == (D(2026, 2, 1), D(2026, 2, 28))
    assert (f.this_month.events, f.this_month.participants) == (2, 15)
    assert (f.last_month.events, f.last_month.participants) == (2, 300)
    assert f.this_month.women == 5 + 2 and f.last_month.youth == 25 + 50
    assert f.events_change == 0 and f.participants_change == -285


def test_the_same_figures_on_the_first_and_last_day_of_the_month(boundaries):
    first = dashboard.figures(boundaries, D(2026, 3, 1))
    last = dashboard.figures(boundaries, D(2026, 3, 31))
    assert first.this_month == last.this_month and first.last_month == last.last_month
    assert first.months == last.months and first.kinds == last.kinds
    # A day later, March is "last month" and April "this month".
    april = dashboard.figures(boundaries, D(2026, 4, 1))
    assert april.last_month.events == 2 and april.this_month.events == 1
    assert april.events_change == -1


def test_months_and_kinds_series(boundaries):
    f = dashboard.figures(boundaries, TODAY)
    months = dict(f.months)
    assert list(months) == dashboard.last_months(TODAY)
    assert months[D(2025, 4, 1)] == 1 and D(2025, 3, 1) not in months
    assert months[D(2025, 12, 1)] == 1 and months[D(2026, 1, 1)] == 1
    assert months[D(2026, 2, 1)] == 2 and months[D(2026, 3, 1)] == 2
    assert sum(months.values()) == 7
    assert (f.year_start, f.year_end) == (D(2026, 1, 1), D(2026, 12, 31))
    # This year: talks on 1 Feb, 1 Mar and 1 Apr; rallies on 31 Jan and 28 Feb; one banner.
    assert f.kinds == [("talk", 3), ("rally", 2), ("banner", 1)]


def _plan(s: Any, number: str = "78/KH-BCĐ") -> CampaignPlan:
    plan = CampaignPlan(
        number=number, issuer="BCĐ 138", issued_on=D(2026, 1, 5), title="Tháng hành động",
        period_start=D(2026, 1, 1), period_end=D(2026, 12, 31),
    )  # fmt: skip
    s.add(plan)
    s.flush()
    return plan


def _task(s: Any, plan: CampaignPlan, n: int, deadline: dt.date | None, target: int | None = 2):
    task = PlanTask(plan_id=plan.id, position=n, title=f"Nhiệm vụ {n}", deadline=deadline,
                    target=target, target_measure="events")  # fmt: skip
    s.add(task)
    s.flush()
    return task


def test_late_tasks_are_past_their_deadline_and_not_done(province):
    with province.db.session() as s:
        plan, other = _plan(s), _plan(s, "12/KH-UBND")
        late = _task(s, plan, 1, D(2026, 3, 14))  # yesterday, nothing done
        started = _task(s, plan, 2, D(2026, 2, 1))  # one of two events: still late
        e = _event(s, D(2026, 1, 20))
        e.plan_task_id = started.id
        done = _task(s, plan, 3, D(2026, 2, 1), target=1)  # met its target: not late
        e = _event(s, D(2026, 1, 21))
        e.plan_task_id = done.id
        _task(s, plan, 4, TODAY)  # due today: not late yet
        _task(s, plan, 5, None)  # no deadline: never late
        _task(s, plan, 6, D(2026, 12, 31))
        drafted = _task(s, other, 1, D(2026, 1, 10), target=1)  # a draft does not count
        e = _event(s, D(2026, 1, 5), state="draft")
        e.plan_task_id = drafted.id
        dropped = _task(s, other, 2, D(2026, 1, 1))
        tombstone(dropped)
        ids = {"late": late.id, "started": started.id, "drafted": drafted.id}
    f = dashboard.figures(province, TODAY)
    assert [t.task_id for t in f.late_tasks] == [ids["drafted"], ids["started"], ids["late"]]
    assert f.late_tasks[0].plan_number == "12/KH-UBND" and f.late_plans == 2
    # Independently: every live task whose own status (from the plans module) is late.
    expected = {
        t.id
        for p in plans.list_plans(province)
        for t in plans.plan_progress(province, p.id, TODAY)
        if t.deadline is not None and t.deadline < TODAY and t.measure < (t.target or 1)
    }
    assert {t.task_id for t in f.late_tasks} == expected
    assert dashboard.figures(province, D(2026, 1, 1)).late_tasks == []


def _demo(province, _folder) -> dict:
    run_job(demo.generate(province, events=600, cases=120, seed=4))
    return {}


@pytest.mark.parametrize("today", [D(2026, 3, 1), D(2026, 2, 28), D(2025, 12, 31)])
def test_figures_agree_with_python_over_the_rows(province, today, tmp_path, tmp_path_factory):
    # the three days look at the same rows: generated once, copied for the other two
    build_once("dashboard-demo", province, tmp_path, tmp_path_factory, _demo)
    with province.db.session() as s:
        for ev in s.execute(select(OutreachEvent).limit(20)).scalars():
            tombstone(ev)
        for case in s.execute(select(ReceptionCase).limit(5)).scalars():
            tombstone(case)
    f = dashboard.figures(province, today)
    with province.db.session() as s:
        events = list(s.execute(select(OutreachEvent).where(OutreachEvent.deleted.is_(False))))
        rows = [(e.held_on, e.kind, e.audience_total) for (e,) in events]
        cases = [
            (c.status, c.due_on)
            for (c,) in s.execute(select(ReceptionCase).where(ReceptionCase.deleted.is_(False)))
        ]

    def in_month(day: dt.date, first: dt.date) -> bool:
        return (day.year, day.month) == (first.year, first.month)

    this, last = today.replace(day=1), (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    assert f.this_month.events == sum(1 for d, _k, _n in rows if in_month(d, this))
    assert f.last_month.participants == sum(n for d, _k, n in rows if in_month(d, last))
    assert f.this_month.participants == sum(n for d, _k, n in rows if in_month(d, this))
    by_month = Counter((d.year, d.month) for d, _k, _n in rows)
    assert [n for _m, n in f.months] == [by_month[(m.year, m.month)] for m, _n in f.months]
    assert dict(f.kinds) == dict(Counter(k for d, k, _n in rows if d.year == today.year))
    assert [n for _k, n in f.kinds] == sorted((n for _k, n in f.kinds), reverse=True)
    assert dict(f.statuses) == dict(Counter(status for status, _due in cases))
    assert [c for c, _n in f.statuses] == [c for c in rules.STATUSES if c in dict(f.statuses)]
    assert f.awaiting == sum(1 for st, _d in cases if st in (rules.RECEIVED, rules.VERIFYING))
    assert f.overdue == sum(1 for st, d in cases if d and d < today and st != rules.CLOSED)
    assert sum(n for _m, n in f.months) > 0 and f.statuses


def test_loading_reports_progress_and_can_be_cancelled(province):
    steps = []
    run_job(dashboard.load(province, TODAY), steps.append)
    assert steps[-1].done == steps[-1].total and len(steps) == steps[-1].total + 1
    with pytest.raises(Cancelled):
        run_job(dashboard.load(province, TODAY), should_cancel=lambda: True)


def test_an_empty_profile_has_zero_figures_not_errors(province):
    f = dashboard.figures(province, TODAY)
    assert f.this_month.events == f.last_month.participants == f.awaiting == f.overdue == 0
    assert f.kinds == [] and f.statuses == [] and f.late_tasks == []
    assert [n for _m, n in f.months] == [0] * 12


def test_figures_are_counted_again_only_after_a_write_or_on_another_day(province):
    first = dashboard.figures(province, TODAY)
    assert run_job(dashboard.load(province, TODAY, first)) is first
    with province.db.session() as s:
        _event(s, TODAY, people=5)
    again = run_job(dashboard.load(province, TODAY, first))
    assert again is not first and again.version > first.version
    assert (again.this_month.events, again.this_month.participants) == (1, 5)
    tomorrow = run_job(dashboard.load(province, TODAY + dt.timedelta(days=1), again))
    assert tomorrow is not again and tomorrow.today == TODAY + dt.timedelta(days=1)
