"""Demo plans: Plan 78/KH-BCĐ with its tasks and their events; the current plan linked."""

from __future__ import annotations

import datetime as dt

from desktop.core import demo
from desktop.core.outreach import plans, query
from desktop.core.progress import run_job


def test_demo_profile_has_plan_78_with_varied_task_status(tmp_path):
    opened = run_job(demo.create_demo_profile(tmp_path / "d", events=1500, cases=0, seed=3))
    try:
        found = {p.number: p for p in plans.list_plans(opened)}
        p78 = found["78/KH-BCĐ"]
        assert p78.issued_on == dt.date(2019, 6, 7) and "30/7" in p78.title
        tasks = plans.plan_progress(opened, p78.id, dt.date(2026, 11, 28))
        assert [t.lead_agency for t in tasks][:3] == ["culture", "womens_union", "info_comm"]
        assert tasks[0].target == 65 and tasks[0].target_measure == "communes"
        assert {t.status for t in tasks} >= {plans.DONE, plans.LATE}
        current = next(p for n, p in found.items() if n != "78/KH-BCĐ")
        linked = query.event_ids(opened, query.EventFilter(plan_id=current.id))
        assert linked, "some demo events serve the current plan"
        assert len(query.event_ids(opened, query.EventFilter(plan_id=p78.id))) == 43
    finally:
        opened.close()
