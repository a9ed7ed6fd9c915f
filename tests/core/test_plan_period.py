"""Plans that keep their time (issue 16, point 3): the task picker offers the tasks of the
plans whose period holds the event's date; a link outside it needs a reason, checked in the
core and printed in the campaign report, whose period is the plan's; tasks measured by
cases and support, and by a named set of communes; the reminder of a plan's report."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select, text

from desktop.core import i18n, profile, refdata
from desktop.core.cases import records
from desktop.core.db.models_outreach import OutreachEvent
from desktop.core.errors import ValidationError
from desktop.core.outreach import plans
from desktop.core.outreach.plans_area import AREA_SET_KIND
from desktop.core.reports import campaign
from desktop.core.security.roles import Role
from desktop.core.stats import dashboard
from desktop.core.stats.campaign import plan_figures
from tests.core.cases_helpers import identify, receive
from tests.core.outreach_helpers import add_event, as_role

D = dt.date
TODAY = D(2026, 11, 28)


@pytest.fixture
def officer(province):
    return as_role(province, Role.PROVINCIAL_OFFICER, "canbo")


@pytest.fixture
def area_sets_editable():
    """The reference list of named sets of communes is one the refdata API edits."""
    assert AREA_SET_KIND in refdata.KINDS


def _plan(p, number, start, end, **kw: Any) -> str:
    return plans.save_plan(
        p, plans.PlanInput(number, "Ban Chỉ đạo", start, f"Kế hoạch {number}", start, end, **kw)
    )


def _task(p, plan_id, title="Nói chuyện chuyên đề", **kw: Any) -> str:
    return plans.save_task(p, plan_id, plans.TaskInput(title, **kw))


@pytest.fixture
def two_plans(officer):
    """Plan 78 of 2019 (07/06–31/12/2019) and a plan of 2026 (01/06–31/12/2026)."""
    p78 = _plan(officer, "78/KH-BCĐ", D(2019, 6, 7), D(2019, 12, 31))
    p26 = _plan(officer, "45/KH-BCĐ", D(2026, 6, 1), D(2026, 12, 31))
    return {
        "p78": p78,
        "t78": [_task(officer, p78, "Băng rôn"), _task(officer, p78, "Nói chuyện")],
        "p26": p26,
        "t26": [_task(officer, p26, "Tờ rơi")],
    }


# -- the picker's period rule -----------------------------------------------------------


def test_the_picker_offers_the_tasks_of_the_plans_holding_the_day(officer, two_plans):
    ids = lambda day, every=False: [  # noqa: E731
        c.id for c in plans.task_choices(officer, day, every)
    ]
    assert ids(D(2019, 7, 30)) == two_plans["t78"]
    assert ids(D(2026, 7, 30)) == two_plans["t26"]
    # first and last day of a period belong to it; the day after does not
    assert ids(D(2019, 6, 7)) == ids(D(2019, 12, 31)) == two_plans["t78"]
    assert ids(D(2019, 6, 6)) == ids(D(2020, 1, 1)) == []
    assert ids(None) == []
    # on request, every plan's tasks (the newest plan first), each knowing its period
    every = plans.task_choices(officer, D(2026, 7, 30), every_plan=True)
    assert [c.id for c in every] == two_plans["t26"] + two_plans["t78"]
    assert [c.holds(D(2026, 7, 30)) for c in every] == [True, False, False]
    assert every[1].label == "78/KH-BCĐ · 1. Băng rôn"
    # a deleted plan's tasks are never offered
    with officer.db.session() as s:
        from desktop.core.db.models_outreach import CampaignPlan
        from desktop.core.db.syncmeta import tombstone

        plan = s.get(CampaignPlan, two_plans["p26"])
        assert plan is not None
        tombstone(plan)
    assert ids(D(2026, 7, 30)) == []


def test_linking_outside_the_period_needs_a_reason(officer, two_plans):
    task = two_plans["t78"][0]
    choice = plans.task_choice(officer, task)
    assert choice is not None
    with pytest.raises(ValidationError) as err:
        add_event(officer, held_on=D(2026, 7, 30), plan_task_id=task)
    assert err.value.field == "plan_task_id"
    assert err.value.message == plans.outside_reason(choice)
    assert "78/KH-BCĐ" in err.value.message
    with pytest.raises(ValidationError):  # blanks are no reason
        add_event(officer, held_on=D(2026, 7, 30), plan_task_id=task, task_link_reason="  ")
    reason = "Tiếp tục mô hình câu lạc bộ của Kế hoạch 78"
    late = add_event(officer, held_on=D(2026, 7, 30), plan_task_id=task, task_link_reason=reason)
    inside = add_event(officer, plan_task_id=task, task_link_reason="không cần")
    draft = add_event(officer, held_on=D(2026, 7, 30), plan_task_id=task, state="draft")
    with officer.db.session() as s:
        stored = {e.id: e.task_link_reason for e in s.execute(select(OutreachEvent)).scalars()}
    # kept outside the period; dropped inside it (no reason is needed there); a draft may
    # wait for its reason
    assert stored == {late: reason, inside: "", draft: ""}
    # the rule in the core, as the form asks it
    assert plans.link_problem(choice, D(2026, 7, 30), "") == plans.outside_reason(choice)
    assert plans.link_problem(choice, D(2019, 7, 30), "") == ""
    assert plans.link_problem(choice, D(2026, 7, 30), reason) == ""
    assert plans.link_problem(None, D(2026, 7, 30), "") == ""
    with pytest.raises(ValidationError) as err:
        add_event(officer, plan_task_id="no-such-task")
    assert err.value.field == "plan_task_id"


# -- the campaign report's period -------------------------------------------------------


def _texts(content) -> list[str]:
    out = []
    for section in content.sections:
        out.append(section.heading)
        out += section.paragraphs
        for table in section.tables:
            out += [str(c) for row in table.rows for c in row if c is not None]
    return out


def test_the_campaign_report_period_is_the_plans(officer, two_plans):
    task = two_plans["t78"][0]
    for day in (D(2019, 6, 21), D(2019, 7, 30)):
        add_event(officer, held_on=day, plan_task_id=task)
    reason = "Hoạt động tiếp nối của Kế hoạch 78"
    late = add_event(
        officer, held_on=D(2026, 7, 30), plan_task_id=task, task_link_reason=reason,
        title="Nói chuyện năm 2026",
    )  # fmt: skip
    f = plan_figures_of(officer, two_plans["p78"])
    assert (f["plan"]["period_start"], f["plan"]["period_end"]) == (D(2019, 6, 7), D(2019, 12, 31))
    assert [(e["id"], e["held_on"], e["reason"], e["position"]) for e in f["outside_period"]] == [
        (late, D(2026, 7, 30), reason, 1)
    ]
    assert f["totals"]["events"] == 3  # counted with its task, and listed apart
    with i18n.language_override("en"):
        content = campaign.build(officer, two_plans["p78"], TODAY)
        texts = _texts(content)
        when = i18n.format_date(D(2026, 7, 30))
        start, end = i18n.format_date(D(2019, 6, 7)), i18n.format_date(D(2019, 12, 31))
    # the period printed is the plan's; the 2026 date appears only in the list of links
    # made outside it, with the reason
    intro = content.sections[0].paragraphs[0]
    assert f"from {start} to {end}" in intro
    assert not any(when in t for t in content.sections[0].paragraphs)
    assert not any("to " + when in t for t in texts)
    outside = content.sections[-1]
    assert outside.heading.startswith("IV.")
    assert outside.tables[0].rows == [
        [1, D(2026, 7, 30), "Nói chuyện năm 2026", "Task 1", outside.tables[0].rows[0][4], reason]
    ]
    assert any("of which 2 in the plan's period and 1 outside it" in t for t in texts)


def plan_figures_of(p: profile.OpenProfile, plan_id: str) -> dict[str, Any]:
    with p.db.session() as s:
        return plan_figures(s, plan_id, TODAY)


# -- measured by cases and support, and by a named set of communes ----------------------


def test_tasks_measured_by_cases_and_support(officer):
    plan_id = _plan(officer, "12/KH-BCĐ", D(2025, 7, 1), D(2025, 12, 31))
    first = receive(officer, "Hoàng Thị Hòa", on=D(2025, 9, 2), commune=6040)
    second = receive(officer, "Lý Thị Mai", on=D(2025, 10, 2), commune=6001)
    receive(officer, "Nông Thị Lan", on=D(2025, 6, 20), commune=6040)  # before the period
    for cid, on in ((first, D(2025, 9, 3)), (second, D(2025, 10, 3))):
        identify(officer, cid, on)
    records.add_support(officer, first, records.SupportInput("a", D(2025, 9, 4), 500_000))
    records.add_support(officer, first, records.SupportInput("b", D(2025, 9, 5), 200_000))
    wrong = records.add_support(officer, second, records.SupportInput("a", D(2025, 10, 4), 1))
    records.correct_support(officer, wrong, "Nhập nhầm")  # cancelled: nobody supported
    cases_all = _task(officer, plan_id, "Tiếp nhận", target=3, target_measure="cases")
    cases_here = _task(
        officer, plan_id, "Tiếp nhận ở Thất Khê", area_kind="commune", area_ref="6040",
        target_measure="cases",
    )  # fmt: skip
    support = _task(officer, plan_id, "Hỗ trợ", target=1, target_measure="support")
    got = {t.id: t for t in plans.plan_progress(officer, plan_id, D(2025, 11, 1))}
    assert (got[cases_all].measure, got[cases_all].gap) == (2, 1)
    assert got[cases_all].status == plans.IN_PROGRESS
    assert (got[cases_here].measure, got[cases_here].status) == (1, plans.DONE)
    assert (got[support].measure, got[support].status) == (1, plans.DONE)
    # the same figures against plain SQL: cases received in the period; persons with a
    # support entry in it that is neither a counter-entry nor cancelled by one
    with officer.db.session() as s:
        received = s.execute(
            text("SELECT count(*) FROM reception_cases WHERE deleted = 0 AND received_on "
                 "BETWEEN '2025-07-01' AND '2025-12-31'")
        ).scalar_one()  # fmt: skip
        persons = s.execute(
            text("SELECT count(DISTINCT c.person_id) FROM support_entries e JOIN "
                 "reception_cases c ON c.id = e.case_id WHERE e.deleted = 0 AND "
                 "e.corrects_id IS NULL AND e.id NOT IN (SELECT corrects_id FROM "
                 "support_entries WHERE corrects_id IS NOT NULL) AND e.given_on BETWEEN "
                 "'2025-07-01' AND '2025-12-31'")
        ).scalar_one()  # fmt: skip
    assert (received, persons) == (2, 1)
    f = plan_figures_of(officer, plan_id)
    assert [t["achieved"] for t in f["tasks"]] == [2, 1, 1]
    content = campaign.build(officer, plan_id, TODAY)
    assert content.sections[1].tables[0].rows[0][6] == 2  # achieved, in the targets table


def test_a_task_of_a_named_set_of_communes(officer, area_sets_editable):
    province = as_role(officer, Role.PROVINCIAL_ADMIN, "admin")
    profile.save_reference_item(
        province, kind=AREA_SET_KIND, code="bien_gioi", name="Các xã biên giới",
        name_en="Border communes", detail="6040, 6001",
    )  # fmt: skip
    assert plans.area_set_choices(officer)[0][0] == "bien_gioi"
    plan_id = _plan(officer, "13/KH-BCĐ", D(2025, 7, 1), D(2025, 12, 31))
    with pytest.raises(ValidationError) as err:
        _task(officer, plan_id, area_kind="set", area_ref="khong_co")
    assert err.value.field == "area"
    talks = _task(officer, plan_id, area_kind="set", area_ref="bien_gioi", target=2,
                  target_measure="communes")  # fmt: skip
    cases = _task(officer, plan_id, "Tiếp nhận", area_kind="set", area_ref="bien_gioi",
                  target_measure="cases")  # fmt: skip
    for code in (6040, 6112):
        add_event(officer, held_on=D(2025, 8, 1), commune_code=code, plan_task_id=talks)
    receive(officer, "Hoàng Thị Hòa", on=D(2025, 9, 2), commune=6001)
    receive(officer, "Lý Thị Mai", on=D(2025, 9, 2), commune=6112)
    f = plan_figures_of(officer, plan_id)
    by_id = {t["id"]: t for t in f["tasks"]}
    assert by_id[talks]["coverage"] == {
        "area": 2, "covered": 1, "outside": 1, "uncovered": [6001],
    }  # fmt: skip
    assert by_id[cases]["achieved"] == 1  # the case in 6001, not the one in 6112
    with i18n.language_override("en"):
        content = campaign.build(officer, plan_id, TODAY)
    task_section = next(s for s in content.sections if s.heading.startswith("Task 1"))
    assert any("Area: Border communes." in t for t in task_section.paragraphs)


# -- legal basis and the report due --------------------------------------------------------


def test_a_plan_carries_its_legal_basis_and_report_day(officer):
    basis = "Luật Phòng, chống mua bán người số 53/2024/QH15"
    plan_id = _plan(
        officer, "45/KH-BCĐ", D(2026, 6, 1), D(2026, 12, 31), legal_basis=f"  {basis} ",
        report_due_on=D(2026, 12, 15),
    )  # fmt: skip
    view = plans.load_plan(officer, plan_id)
    assert (view.legal_basis, view.report_due_on) == (basis, D(2026, 12, 15))
    with pytest.raises(ValidationError) as err:
        _plan(officer, "46/KH-BCĐ", D(2026, 6, 1), D(2026, 12, 31), report_due_on=D(2026, 5, 1))
    assert err.value.field == "report_due_on"
    _task(officer, plan_id)
    with i18n.language_override("en"):
        content = campaign.build(officer, plan_id, TODAY)
    assert f"Legal basis: {basis}." in content.sections[0].paragraphs


def test_the_dashboard_reminds_of_reports_due(officer):
    today = D(2026, 12, 2)
    due = {
        "soon": today + dt.timedelta(days=dashboard.REPORT_SOON_DAYS),
        "today": today,
        "overdue": today - dt.timedelta(days=5),
        "later": today + dt.timedelta(days=dashboard.REPORT_SOON_DAYS + 1),
        "long ago": today - dt.timedelta(days=dashboard.REPORT_OVERDUE_DAYS + 1),
    }
    ids = {
        name: _plan(officer, name, D(2026, 1, 1), D(2026, 11, 30), report_due_on=day)
        for name, day in due.items()
    }
    _plan(officer, "no day", D(2026, 1, 1), D(2026, 11, 30))
    got = dashboard.reports_due(officer, today)
    assert [(r.plan_number, r.days_left, r.overdue) for r in got] == [
        ("overdue", -5, True), ("today", 0, False), ("soon", 14, False),
    ]  # fmt: skip
    assert got[0].plan_id == ids["overdue"]
    assert dashboard.figures(officer, today).reports_due == got


def test_an_older_profile_gains_the_new_columns_empty(tmp_path):
    """0008 on the newest fixture profile: events keep their links, with no reason; plans
    (if any) have no legal basis and no report day yet."""
    import shutil
    from pathlib import Path

    from desktop.core.db import migrate
    from desktop.core.db.models_outreach import CampaignPlan

    fixtures = sorted((Path(__file__).resolve().parents[1] / "fixtures").glob("schema_*"))
    data_dir = tmp_path / "old"
    shutil.copytree(fixtures[-1], data_dir)
    opened = profile.open_profile(data_dir, "admin", "fixture-pass-1")
    try:
        assert migrate.current_revision(opened.db.engine) == migrate.head_revision()
        with opened.db.session() as s:
            reasons = set(s.execute(select(OutreachEvent.task_link_reason)).scalars())
            assert reasons == {""}
            for plan in s.execute(select(CampaignPlan)).scalars():
                assert (plan.legal_basis, plan.report_due_on) == ("", None)
    finally:
        opened.close()


def test_the_pdf_lists_the_links_outside_the_period(officer, two_plans, tmp_path):
    from pypdf import PdfReader

    from desktop.core.progress import run_job
    from desktop.core.reports import service

    task = two_plans["t78"][0]
    add_event(officer, held_on=D(2019, 6, 21), plan_task_id=task)
    reason = "Tiếp nối mô hình câu lạc bộ"
    add_event(officer, held_on=D(2026, 7, 30), plan_task_id=task, task_link_reason=reason)
    header = service.ReportHeader(
        "Ủy ban nhân dân tỉnh Lạng Sơn", "Ban Chỉ đạo phòng, chống tội phạm tỉnh", "15/BC-BCĐ",
        "Lạng Sơn", "KT. TRƯỞNG BAN", "Phó Trưởng ban", "Nguyễn Văn An", ["Lưu: VT"],
    )  # fmt: skip
    request = service.ReportRequest(
        "campaign", plan_id=two_plans["p78"], language="en", header=header, on=TODAY
    )
    out = run_job(service.build_pdf(officer, request, tmp_path / "bao-cao.pdf"))
    flat = " ".join(" ".join(p.extract_text() for p in PdfReader(str(out)).pages).split())
    assert "from 07/06/2019 to 31/12/2019" in flat
    assert "IV. Activities linked outside the plan's period" in flat
    assert reason in flat and "to 30/07/2026" not in flat
