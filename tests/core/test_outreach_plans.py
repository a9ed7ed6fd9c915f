"""Campaign plans: task status derived from linked events; finding events by filter."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core.errors import PermissionDenied, ValidationError
from desktop.core.outreach import plans, query
from desktop.core.outreach.plans import DONE, IN_PROGRESS, LATE, NOT_STARTED
from desktop.core.security.roles import Role
from tests.core.outreach_helpers import DAY, add_event, as_role, communes


@pytest.mark.parametrize(
    ("measure", "target", "deadline", "linked", "status"),
    [
        (0, None, None, 0, NOT_STARTED),
        (0, None, None, 1, IN_PROGRESS),  # a draft only
        (1, None, None, 1, DONE),
        (30, 65, dt.date(2030, 1, 1), 30, IN_PROGRESS),
        (30, 65, dt.date(2019, 7, 31), 30, LATE),
        (0, 65, dt.date(2019, 7, 31), 0, LATE),
        (65, 65, dt.date(2019, 7, 31), 65, DONE),
    ],
)
def test_derive_status(measure, target, deadline, linked, status):
    assert plans.derive_status(measure, target, deadline, linked, dt.date(2020, 1, 1)) == status


@pytest.fixture
def officer(province):
    return as_role(province, Role.PROVINCIAL_OFFICER, "canbo")


def _plan(p):
    return plans.save_plan(
        p,
        plans.PlanInput(
            "78/KH-BCĐ", "Ban Chỉ đạo", dt.date(2019, 6, 7), "Hưởng ứng Ngày toàn dân",
            dt.date(2019, 6, 7), dt.date(2019, 8, 31),
        ),
    )  # fmt: skip


def test_task_status_follows_its_events(officer):
    plan_id = _plan(officer)
    banners = plans.save_task(
        officer, plan_id,
        plans.TaskInput("Treo băng rôn ở 3 xã", deadline=dt.date(2019, 7, 30),
                        expected_kinds=["banner"], target=3, target_measure="communes"),
    )  # fmt: skip
    talks = plans.save_task(officer, plan_id, plans.TaskInput("Nói chuyện chuyên đề"))
    before = {t.id: t for t in plans.plan_progress(officer, plan_id, dt.date(2019, 7, 1))}
    assert before[banners].status == NOT_STARTED and before[banners].gap == 3
    codes = [c for c, _n in communes(officer)[:3]]
    add_event(officer, kind="banner", quantity=5, commune_code=codes[0], plan_task_id=banners)
    add_event(officer, kind="banner", quantity=5, commune_code=codes[0], plan_task_id=banners,
              title="Băng rôn thứ hai")  # fmt: skip
    add_event(officer, state="draft", plan_task_id=talks)
    mid = {t.id: t for t in plans.plan_progress(officer, plan_id, dt.date(2019, 7, 1))}
    assert (mid[banners].measure, mid[banners].status, mid[banners].gap) == (1, IN_PROGRESS, 2)
    assert mid[talks].status == IN_PROGRESS and mid[talks].draft_events == 1
    late = {t.id: t for t in plans.plan_progress(officer, plan_id, dt.date(2019, 8, 15))}
    assert late[banners].status == LATE
    for code in codes[1:]:
        add_event(officer, kind="banner", quantity=1, commune_code=code, plan_task_id=banners)
    done = {t.id: t for t in plans.plan_progress(officer, plan_id, dt.date(2019, 8, 15))}
    assert done[banners].status == DONE and done[banners].gap == 0


def test_only_the_province_edits_plans(officer):
    with pytest.raises(PermissionDenied):
        _plan(as_role(officer, Role.COMMUNE_OFFICER, "xa1"))
    with pytest.raises(ValidationError) as err:
        plans.save_plan(officer, plans.PlanInput("", "", DAY, "t", DAY, DAY))
    assert err.value.field == "number"


def test_filters_search_and_vietnamese_sort(officer):
    code = communes(officer)[0][0]
    add_event(officer, title="Đào tạo kỹ năng", commune_code=code, lead_agency="police")
    add_event(officer, title="Duy trì câu lạc bộ", kind="model_club", village="Nà Lầu")
    add_event(officer, title="Dương cầm", state="draft", partner_agencies="police")
    add_event(officer, title="Ánh sáng", held_on=dt.date(2020, 1, 5))
    f = query.EventFilter()
    titles = lambda ids: [  # noqa: E731
        r.title for r in query.event_rows(officer, ids, query.names(officer))
    ]
    assert titles(query.event_ids(officer, f, "title", False)) == [
        "Ánh sáng", "Duy trì câu lạc bộ", "Dương cầm", "Đào tạo kỹ năng",
    ]  # fmt: skip
    assert titles(query.event_ids(officer, query.EventFilter(text="na lau"))) == [
        "Duy trì câu lạc bộ"
    ]
    assert titles(query.event_ids(officer, query.EventFilter(text="dao tao"))) == [
        "Đào tạo kỹ năng"
    ]
    assert set(titles(query.event_ids(officer, query.EventFilter(agency="police")))) == {
        "Đào tạo kỹ năng", "Dương cầm",
    }  # fmt: skip
    assert titles(query.event_ids(officer, query.EventFilter(state="draft"))) == ["Dương cầm"]
    assert titles(query.event_ids(officer, query.EventFilter(commune_code=code))) == [
        "Đào tạo kỹ năng"
    ]
    assert len(query.event_ids(officer, query.EventFilter(date_from=dt.date(2020, 1, 1)))) == 1
    assert len(query.event_ids(officer, query.EventFilter(kind="model_club"))) == 1
    assert query.event_ids(officer, query.EventFilter(text="zzz")) == []
