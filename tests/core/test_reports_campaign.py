"""Campaign result report: every figure checked against queries written here (raw SQL or
plain Python over the rows), coverage of communes across the 2025 reform, agencies and
communes by name, and the refusals."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import text

from desktop.core import i18n, profile
from desktop.core.errors import KhienError, ValidationError
from desktop.core.i18n import _
from desktop.core.outreach import events, plans
from desktop.core.reports import campaign
from desktop.core.reports.content import ReportContent, Section, TableData
from desktop.core.security.roles import Role
from desktop.core.stats.campaign import plan_figures
from tests.core.outreach_helpers import add_event, as_role

TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def officer(province):
    return as_role(province, Role.PROVINCIAL_OFFICER, "canbo")


def _sql(p: profile.OpenProfile, sql: str, **params: Any) -> list[Any]:
    with p.db.session() as s:
        return list(s.execute(text(sql), params))


def _plan(p, number="78/KH-BCĐ", start=dt.date(2019, 6, 7), end=dt.date(2019, 12, 31)):
    return plans.save_plan(
        p,
        plans.PlanInput(
            number, "Ban Chỉ đạo phòng, chống tội phạm tỉnh Lạng Sơn", start,
            "Hưởng ứng Ngày toàn dân phòng, chống mua bán người (30/7)", start, end,
            "Thiết thực, hiệu quả, tránh hình thức",
        ),
    )  # fmt: skip


def _task(p, plan_id, title, **kw):
    return plans.save_task(p, plan_id, plans.TaskInput(title, **kw))


def _legacy_with_successor(p) -> list[tuple[int, str, int]]:
    """Pre-reform communes of the province that became exactly one current commune:
    (legacy code, legacy name, current code), from the raw table."""
    rows = _sql(
        p,
        "SELECT code, name, successors FROM admin_units WHERE kind = 'legacy_commune' "
        "AND province_code = :prov ORDER BY code",
        prov=p.node.province_code,
    )
    return [(int(c), n, int(s)) for c, n, s in rows if len(s.split()) == 1]


def _names(p, kind: str, lang: str = "vi") -> dict[str, str]:
    rows = _sql(p, "SELECT code, name, name_en FROM reference_items WHERE kind = :k", k=kind)
    return {c: (en if lang == "en" and en else vi) for c, vi, en in rows}


def _section(content: ReportContent, heading_start: str) -> Section:
    return next(s for s in content.sections if s.heading.startswith(heading_start))


def _table(section: Section, title: str) -> TableData:
    return next(t for t in section.tables if t.title == title)


def _by_first(table: TableData) -> dict[Any, list[Any]]:
    return {row[0]: row[1:] for row in table.rows}


@pytest.fixture
def plan78(officer):
    """Plan 78 of 2019 with four tasks and events in pre-reform communes: final ones, a
    draft, a deleted one, one outside its task's area, one with no commune, one linked to no
    task and one serving another plan."""
    p = officer
    legacy = _legacy_with_successor(p)
    (la, _na, _), (lb, _nb, _), (lc, _nc, _), (ld, _nd, _) = legacy[0:4]
    lt, _nt, current = legacy[10]
    plan_id = _plan(p)
    banners = _task(
        p, plan_id, "Treo băng rôn, khẩu hiệu ở 3 xã", lead_agency="culture",
        partner_agencies=["commune_pc"], expected_kinds=["banner", "led_text"],
        deadline=dt.date(2019, 7, 30), target=3, target_measure="communes",
    )  # fmt: skip
    talks = _task(
        p, plan_id, "Nói chuyện chuyên đề, diễn đàn ở xã biên giới", lead_agency="womens_union",
        partner_agencies=["youth_union", "commune_pc"], area_kind="commune",
        area_ref=str(current), deadline=dt.date(2019, 8, 31), target=5,
    )  # fmt: skip
    media = _task(
        p, plan_id, "Tin, bài trên báo, đài; phát thanh trên loa", lead_agency="info_comm",
        expected_kinds=["press", "loudspeaker"], deadline=dt.date(2019, 12, 31),
    )  # fmt: skip
    idle = _task(
        p, plan_id, "Xác minh, tiếp nhận nạn nhân trở về", lead_agency="labour",
        partner_agencies=["foreign_affairs"], deadline=dt.date(2019, 12, 31), target=2,
    )  # fmt: skip
    ev = {
        "banner_a": add_event(p, kind="banner", quantity=5, commune_code=la,
                              lead_agency="culture", partner_agencies="commune_pc",
                              languages="vi tay", plan_task_id=banners),
        "banner_a2": add_event(p, kind="banner", quantity=3, commune_code=la,
                               lead_agency="culture", plan_task_id=banners,
                               title="Băng rôn thứ hai", held_on=dt.date(2019, 7, 2)),
        "led_b": add_event(p, kind="led_text", quantity=2, commune_code=lb,
                           lead_agency="commune_pc", partner_agencies="culture",
                           plan_task_id=banners, held_on=dt.date(2019, 6, 21)),
        "draft_c": add_event(p, kind="banner", quantity=9, commune_code=lc, state="draft",
                             lead_agency="culture", plan_task_id=banners),
        "deleted_d": add_event(p, kind="banner", quantity=7, commune_code=ld,
                               lead_agency="culture", plan_task_id=banners),
        "talk_t": add_event(p, kind="talk", audience_total=120, audience_women=70,
                            audience_men=50, audience_youth=30, commune_code=lt,
                            partner_agencies="youth_union police", languages="vi nung",
                            plan_task_id=talks),
        "forum_t": add_event(p, kind="forum", audience_total=80, audience_women=40,
                             audience_men=30, audience_youth=10, commune_code=lt,
                             lead_agency="youth_union", partner_agencies="womens_union youth_union",
                             plan_task_id=talks, held_on=dt.date(2019, 8, 2)),
        "counsel_b": add_event(p, kind="counselling", audience_total=15, audience_women=9,
                               audience_men=6, commune_code=lb, plan_task_id=talks),
        "talk_none": add_event(p, kind="talk", audience_total=40, audience_women=20,
                               audience_men=20, plan_task_id=talks),
        "speaker_c": add_event(p, kind="loudspeaker", quantity=4, minutes=45, commune_code=lc,
                               lead_agency="info_comm", plan_task_id=media),
        "press": add_event(p, kind="press", quantity=2, lead_agency="info_comm",
                           plan_task_id=media, held_on=dt.date(2019, 7, 31)),
        "unlinked": add_event(p, kind="talk", commune_code=ld),
    }  # fmt: skip
    events.delete_event(p, ev["deleted_d"])
    other = _plan(p, "12/KH-BCĐ")
    other_task = _task(p, other, "Nhiệm vụ của kế hoạch khác")
    add_event(p, kind="rally", commune_code=ld, plan_task_id=other_task)
    return {
        "plan": plan_id, "banners": banners, "talks": talks, "media": media, "idle": idle,
        "events": ev, "current": current, "legacy": (la, lb, lc, ld, lt),
    }  # fmt: skip


def _counted(p, plan_id: str) -> list[Any]:
    """Live final events linked to a live task of the plan (raw SQL)."""
    return _sql(
        p,
        "SELECT e.* FROM outreach_events e JOIN plan_tasks t ON t.id = e.plan_task_id "
        "WHERE t.plan_id = :plan AND t.deleted = 0 AND e.deleted = 0 AND e.state = 'final'",
        plan=plan_id,
    )


def test_figures_match_independent_queries(officer, plan78):
    p, plan_id = officer, plan78["plan"]
    with p.db.session() as s:
        f = plan_figures(s, plan_id, TODAY)
    rows = _counted(p, plan_id)
    assert len(rows) == 9 and f["totals"]["events"] == 9
    per_task = dict(
        _sql(
            p,
            "SELECT plan_task_id, count(*) FROM outreach_events WHERE deleted = 0 "
            "AND state = 'final' AND plan_task_id IS NOT NULL GROUP BY plan_task_id",
        )
    )
    tasks = {t["id"]: t for t in f["tasks"]}
    for key in ("banners", "talks", "media", "idle"):
        assert tasks[plan78[key]]["events"] == per_task.get(plan78[key], 0)
    by_kind = {
        k: {"events": n, "quantity": q, "audience": a, "minutes": m}
        for k, n, q, a, m in _sql(
            p,
            "SELECT e.kind, count(*), sum(e.quantity), sum(e.audience_total), sum(e.minutes) "
            "FROM outreach_events e JOIN plan_tasks t ON t.id = e.plan_task_id "
            "WHERE t.plan_id = :plan AND e.deleted = 0 AND e.state = 'final' GROUP BY e.kind",
            plan=plan_id,
        )
    }
    assert f["totals"]["by_kind"] == by_kind
    assert by_kind["banner"] == {"events": 2, "quantity": 8, "audience": 0, "minutes": 0}
    assert by_kind["loudspeaker"]["minutes"] == 45
    audience = {
        "total": sum(r.audience_total for r in rows),
        "women": sum(r.audience_women for r in rows),
        "men": sum(r.audience_men for r in rows),
        "youth": sum(r.audience_youth for r in rows),
    }
    assert f["totals"]["audience"] == audience == {
        "total": 255, "women": 139, "men": 106, "youth": 40,
    }  # fmt: skip
    lead: dict[str, int] = {}
    partner: dict[str, int] = {}
    for r in rows:
        if r.lead_agency:
            lead[r.lead_agency] = lead.get(r.lead_agency, 0) + 1
        for code in set(r.partner_agencies.split()) - {r.lead_agency}:
            partner[code] = partner.get(code, 0) + 1
    for code in set(lead) | set(partner):
        assert f["totals"]["by_agency"][code] == {
            "lead": lead.get(code, 0), "partner": partner.get(code, 0),
        }  # fmt: skip
    languages: dict[str, int] = {}
    for r in rows:
        for code in set(r.languages.split()):
            languages[code] = languages.get(code, 0) + 1
    assert f["totals"]["by_language"] == languages
    days = sorted(dt.date.fromisoformat(str(r.held_on)) for r in rows)
    assert (f["totals"]["first_day"], f["totals"]["last_day"]) == (days[0], days[-1])
    assert f["totals"]["drafts"] == 1 and tasks[plan78["banners"]]["drafts"] == 1


def test_coverage_gap_and_status(officer, plan78):
    p = officer
    with p.db.session() as s:
        f = plan_figures(s, plan78["plan"], TODAY)
    tasks = {t["id"]: t for t in f["tasks"]}
    assert f["legacy_communes"] is True
    province_legacy = {
        int(c)
        for (c,) in _sql(
            p,
            "SELECT code FROM admin_units WHERE kind = 'legacy_commune' AND province_code = :prov",
            prov=p.node.province_code,
        )
    }
    banner_rows = [r for r in _counted(p, plan78["plan"]) if r.plan_task_id == plan78["banners"]]
    reached = {r.commune_code for r in banner_rows} & province_legacy
    cov = tasks[plan78["banners"]]["coverage"]
    assert (cov["area"], cov["covered"], cov["outside"]) == (len(province_legacy), len(reached), 0)
    assert cov["covered"] == 2 and len(cov["uncovered"]) == len(province_legacy) - 2
    # A commune task of a 2019 plan: its area is the pre-reform communes that became it.
    became = {
        int(c)
        for c, succ in _sql(
            p, "SELECT code, successors FROM admin_units WHERE kind = 'legacy_commune'"
        )
        if str(plan78["current"]) in succ.split()
    }
    talk_rows = [r for r in _counted(p, plan78["plan"]) if r.plan_task_id == plan78["talks"]]
    inside = {r.commune_code for r in talk_rows if r.commune_code in became}
    outside = [r for r in talk_rows if r.commune_code not in became]
    cov = tasks[plan78["talks"]]["coverage"]
    assert (cov["area"], cov["covered"], cov["outside"]) == (len(became), len(inside), len(outside))
    assert len(outside) == 2 and len(inside) == 1
    # The media task is province-wide: only its article with no commune is outside.
    assert f["totals"]["coverage"]["outside"] == 2 + 1
    # Gap and status, as the Plans page derives them.
    banners = tasks[plan78["banners"]]
    assert (banners["target"], banners["achieved"], banners["gap"]) == (3, 2, 1)
    assert banners["status"] == plans.LATE
    talks = tasks[plan78["talks"]]
    assert (talks["achieved"], talks["gap"], talks["status"]) == (4, 1, plans.LATE)
    assert tasks[plan78["media"]]["status"] == plans.DONE
    assert tasks[plan78["media"]]["gap"] == 0
    idle = tasks[plan78["idle"]]
    assert (idle["events"], idle["gap"], idle["status"]) == (0, 2, plans.LATE)
    assert f["totals"]["by_status"] == {
        plans.DONE: 1, plans.IN_PROGRESS: 0, plans.LATE: 3, plans.NOT_STARTED: 0,
    }  # fmt: skip
    # An earlier day: the talks' deadline has not passed yet.
    with p.db.session() as s:
        early = plan_figures(s, plan78["plan"], dt.date(2019, 8, 15))
    assert {t["id"]: t["status"] for t in early["tasks"]}[plan78["talks"]] == plans.IN_PROGRESS


def _content_is_well_typed(content: ReportContent) -> None:
    for section in content.sections:
        assert section.heading
        for table in section.tables:
            assert table.rows, f"empty table {table.title}"
            assert all(isinstance(c, str) and c for c in table.columns)
            assert table.widths is None or len(table.widths) == len(table.columns)
            for row in table.rows:
                assert len(row) == len(table.columns)
                for i, cell in enumerate(row):
                    assert not isinstance(cell, bool)
                    assert cell is None or isinstance(cell, int | float | str | dt.date)
                    if i in table.counts:
                        assert cell is None or isinstance(cell, int)
        for chart in section.charts:
            assert len(chart.labels) == len(chart.values)
            assert all(isinstance(v, int) for v in chart.values)


def test_report_names_agencies_kinds_and_communes(officer, plan78):
    p = officer
    content = campaign.build(p, plan78["plan"], TODAY)
    _content_is_well_typed(content)
    assert content.kind == "campaign" and not content.empty
    assert "78/KH-BCĐ" in content.title and "07/06/2019" in content.title
    agencies, kinds = _names(p, "agency"), _names(p, "outreach_kind")
    rows = _counted(p, plan78["plan"])
    # Summary: kinds by name, totals as in SQL.
    summary = content.sections[0]
    by_kind = _by_first(_table(summary, _("Results by kind of activity")))
    assert by_kind[kinds["banner"]][0] == 2 and by_kind[kinds["banner"]][2] == 8
    assert by_kind[kinds["loudspeaker"]][-1] == 45  # minutes on air
    assert by_kind[kinds["talk"]][3] == sum(r.audience_total for r in rows if r.kind == "talk")
    assert by_kind[_("Total")][0] == len(rows)
    audience = _by_first(_table(summary, _("Participants by sex and age")))
    assert audience[_("Women")] == [sum(r.audience_women for r in rows)]
    assert audience[_("Young people and students")] == [40]
    plan_agencies = _by_first(_table(summary, _("Agencies taking part")))
    # labour leads the idle task: listed with no activity; police only partnered a talk.
    assert plan_agencies[agencies["labour"]] == [1, 0, 0, 0]
    assert plan_agencies[agencies["police"]] == [0, 0, 0, 1]
    assert plan_agencies[agencies["culture"]] == [1, 0, 2, 1]
    charts = {c.title: dict(zip(c.labels, c.values, strict=True)) for c in summary.charts}
    assert charts[_("Activities by kind")][kinds["banner"]] == 2
    assert list(charts[_("Activities by task")].values()) == [3, 4, 2, 0]
    # Targets: one row per task, in order.
    targets = _table(
        _section(content, _("II. Results against targets")), _("Tasks against their targets")
    )
    assert [r[0] for r in targets.rows] == [1, 2, 3, 4]
    assert targets.rows[0][2] == dt.date(2019, 7, 30)
    assert targets.rows[0][3:] == [3, 3, _("communes"), 2, 1, _("Late")]
    assert targets.rows[2][4] is None and targets.rows[2][7] is None  # no target, no gap
    # Task 1: where, by name with diacritics, from the raw table.
    task1 = _section(content, _("Task {n}: {title}").format(n=1, title=""))
    la, lb = plan78["legacy"][:2]
    names = dict(
        _sql(
            p,
            "SELECT code, name FROM admin_units WHERE kind = 'legacy_commune' AND code IN (:a, :b)",
            a=la,
            b=lb,
        )
    )
    communes = _by_first(_table(task1, _("Activities by commune")))
    # No participants at banners: the column is left out.
    assert communes[names[la]] == [2] and communes[names[lb]] == [1]
    assert any(ord(ch) > 127 for name in names.values() for ch in name)
    assert communes[_("Total")] == [3]
    kinds1 = _table(task1, _("Activities by kind"))
    assert kinds1.columns == [_("Kind of activity"), _("Activities"), _("What is counted"),
                              _("Quantity")]  # fmt: skip
    assert _by_first(kinds1)[kinds["led_text"]] == [1, _("Electronic boards"), 2]
    task_agencies = _by_first(_table(task1, _("Agencies taking part")))
    assert task_agencies[agencies["culture"]] == [_("Lead"), 2, 1]
    assert task_agencies[agencies["commune_pc"]] == [_("Partner"), 1, 1]
    text_ = " ".join(task1.paragraphs)
    assert agencies["culture"] in text_ and agencies["commune_pc"] in text_
    assert "culture" not in text_ and "commune_pc" not in text_
    # Task 2 counts its events outside the area; task 4 says nothing was done.
    task2 = " ".join(_section(content, _("Task {n}: {title}").format(n=2, title="")).paragraphs)
    assert _("Activities outside it or without a commune: {n}.").format(n=2) in task2
    task4 = _section(content, _("Task {n}: {title}").format(n=4, title=""))
    assert _("No activity has been recorded for this task yet.") in task4.paragraphs
    assert not task4.tables
    drafts_note = _("Draft activities linked to the plan's tasks, not counted: {n}.")
    assert any(n.startswith(drafts_note.split("{n}")[0]) for n in content.notes)


def test_report_in_english_uses_english_names(officer, plan78):
    with i18n.language_override("en"):
        content = campaign.build(officer, plan78["plan"], TODAY)
        total = _("Total")
    agencies_en = _names(officer, "agency", "en")
    assert content.doc_type == "Report"
    assert content.title.startswith("Results of Plan No. 78/KH-BCĐ of 07/06/2019")
    assert content.sections[0].heading == "I. General results"
    rows = _by_first(
        next(t for t in content.sections[0].tables if t.title == "Agencies taking part")
    )
    assert rows[agencies_en["culture"]] == [1, 0, 2, 1]
    kinds = next(t for t in content.sections[0].tables if t.title == "Results by kind of activity")
    assert kinds.columns[0] == "Kind of activity" and kinds.rows[-1][0] == total == "Total"
    assert "Participants: 255 attendances" in " ".join(content.sections[0].paragraphs)


def test_office_area_and_events_across_the_reform(province, officer):
    """A plan ending after the reform counts current communes; a pre-reform event counts for
    the commune its commune became; an office's area is its communes."""
    legacy = _legacy_with_successor(officer)
    current = [
        int(c)
        for (c,) in _sql(
            officer,
            "SELECT code FROM admin_units WHERE kind = 'commune' AND province_code = :prov "
            "ORDER BY code",
            prov=province.node.province_code,
        )
    ]
    # A pre-reform commune whose code is no current commune's (codes of the two sets
    # overlap): only the successor link can make its event count.
    old, became = next((c, s) for c, _n, s in legacy if c != s and c not in current)
    c1, c3, c4 = [c for c in current if c != became][:3]
    office = profile.save_office(
        province, level="area", name="Văn phòng khu vực Đồng Đăng",
        parent_id=province.node.office_id, area_codes=[c1, became, c3],
    )  # fmt: skip
    plan_id = _plan(officer, "45/KH-BCĐ", dt.date(2025, 6, 1), dt.date(2026, 6, 30))
    task = _task(officer, plan_id, "Tuyên truyền trên địa bàn khu vực", area_kind="office",
                 area_ref=office.id, target=3, target_measure="communes")  # fmt: skip
    add_event(officer, held_on=dt.date(2026, 3, 2), commune_code=c1, plan_task_id=task)
    add_event(officer, held_on=dt.date(2025, 6, 15), commune_code=old, plan_task_id=task)
    add_event(officer, held_on=dt.date(2026, 3, 9), commune_code=c4, plan_task_id=task)
    with officer.db.session() as s:
        f = plan_figures(s, plan_id, TODAY)
    assert f["legacy_communes"] is False
    cov = f["tasks"][0]["coverage"]
    assert (cov["area"], cov["covered"], cov["outside"]) == (3, 2, 1)
    assert cov["uncovered"] == [c3]
    assert f["tasks"][0]["by_commune"].keys() == {str(c1), str(c4), f"legacy-{old}"}
    content = campaign.build(officer, plan_id, TODAY)
    task1 = content.sections[3]
    assert office.name in " ".join(task1.paragraphs)
    c3_name = _sql(officer, "SELECT name FROM admin_units WHERE kind = 'commune' AND code = :c",
                   c=c3)[0][0]  # fmt: skip
    assert _("Not reached yet: {communes}.").format(communes=c3_name) in task1.paragraphs


def test_empty_plan_says_so(officer):
    plan_id = _plan(officer)
    _task(officer, plan_id, "Treo băng rôn", target=65, target_measure="communes",
          deadline=dt.date(2030, 7, 30))  # fmt: skip
    _task(officer, plan_id, "Nói chuyện chuyên đề")
    drafted = _task(officer, plan_id, "Mít tinh")
    add_event(officer, kind="rally", state="draft", plan_task_id=drafted)
    content = campaign.build(officer, plan_id, TODAY)
    # Not "empty" (which prints one sentence only): the tasks and targets are still listed.
    assert not content.empty
    _content_is_well_typed(content)
    summary = content.sections[0]
    assert _("No outreach activity linked to the plan's tasks has been recorded yet.") in (
        summary.paragraphs
    )
    assert not summary.tables and not summary.charts
    targets = content.sections[1].tables[0]
    assert [r[3] for r in targets.rows] == [0, 0, 0]  # activities
    assert targets.rows[0][4:8] == [65, _("communes"), 0, 65]
    assert [r[-1] for r in targets.rows] == [_("Not started"), _("Not started"), _("In progress")]
    assert content.sections[2].heading == _("III. Results of each task")
    for section in content.sections[3:]:
        assert _("No activity has been recorded for this task yet.") in section.paragraphs


def test_refusals(officer):
    with pytest.raises(ValidationError) as err:
        campaign.check(officer, "không-có-kế-hoạch-này")
    assert err.value.message == _("No campaign plan has the id or number “{plan}”.").format(
        plan="không-có-kế-hoạch-này"
    )
    with pytest.raises(KhienError):
        campaign.build(officer, "không-có-kế-hoạch-này")
    plan_id = _plan(officer)
    for ref in (plan_id, "78/KH-BCĐ"):
        with pytest.raises(ValidationError) as err:
            campaign.check(officer, ref)
        assert err.value.message == _(
            "Plan {number} has no tasks yet: add its tasks before reporting on it."
        ).format(number="78/KH-BCĐ")
    _task(officer, plan_id, "Treo băng rôn")
    campaign.check(officer, "78/KH-BCĐ")  # by number, once it has a task
    # A second plan with the same number: the number no longer names one plan.
    _task(officer, _plan(officer), "Nhiệm vụ khác")
    with pytest.raises(ValidationError):
        campaign.check(officer, "78/KH-BCĐ")
    campaign.check(officer, plan_id)


def test_demo_plan_78_matches_sql(tmp_path):
    from desktop.core import demo
    from desktop.core.progress import run_job

    opened = run_job(demo.create_demo_profile(tmp_path / "d", events=1500, cases=0, seed=3))
    try:
        plan_id = _sql(opened, "SELECT id FROM campaign_plans WHERE number = '78/KH-BCĐ'")[0][0]
        with opened.db.session() as s:
            f = plan_figures(s, plan_id, TODAY)
        rows = _counted(opened, plan_id)
        assert f["totals"]["events"] == len(rows) == 43
        by_task: dict[str, int] = {}
        for r in rows:
            by_task[r.plan_task_id] = by_task.get(r.plan_task_id, 0) + 1
        assert [t["events"] for t in f["tasks"]] == [by_task.get(t["id"], 0) for t in f["tasks"]]
        progress = plans.plan_progress(opened, plan_id, TODAY)
        assert [(t["status"], t["gap"]) for t in f["tasks"]] == [
            (t.status, t.gap) for t in progress
        ]
        first = f["tasks"][0]
        communes = {r.commune_code for r in rows if r.plan_task_id == first["id"]}
        assert first["coverage"]["covered"] == len(communes)
        assert first["gap"] == 65 - len(communes)
        content = campaign.build(opened, plan_id, TODAY)
        _content_is_well_typed(content)
        assert content.sections[1].tables[0].rows[0][3] == by_task[first["id"]]
    finally:
        opened.close()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_pdf_through_the_report_service(officer, plan78, tmp_path, lang):
    service = pytest.importorskip("desktop.core.reports.service")
    from pypdf import PdfReader

    from desktop.core.progress import run_job

    header = service.ReportHeader(
        "Ủy ban nhân dân tỉnh Lạng Sơn", "Ban Chỉ đạo phòng, chống tội phạm tỉnh", "15/BC-BCĐ",
        "Lạng Sơn", "KT. TRƯỞNG BAN", "Phó Trưởng ban", "Nguyễn Văn An", ["Lưu: VT"],
    )  # fmt: skip
    request = service.ReportRequest(
        "campaign", plan_id=plan78["plan"], language=lang, header=header, on=dt.date(2019, 8, 5)
    )
    out = run_job(service.build_pdf(officer, request, tmp_path / "bao-cao.pdf"))
    pages = [page.extract_text() for page in PdfReader(str(out)).pages]
    flat = " ".join(" ".join(pages).split())
    rows = _counted(officer, plan78["plan"])
    days = sorted(dt.date.fromisoformat(str(r.held_on)) for r in rows)
    with i18n.language_override(lang):
        expected = [
            _("I. General results"), _("II. Results against targets"),
            _("III. Results of each task"),
            _("Task {n}: {title}").format(n=1, title="Treo băng rôn, khẩu hiệu ở 3 xã"),
            _("Activities held: {events}, from {first} to {last}.").format(
                events=len(rows), first=i18n.format_date(days[0]),
                last=i18n.format_date(days[-1]),
            ),
            _("No activity has been recorded for this task yet."),
            "Nguyễn Văn An", "78/KH-BCĐ",
        ]  # fmt: skip
        participants = i18n.format_number(sum(r.audience_total for r in rows))
    for text_ in expected:
        assert text_ in flat, text_
    assert participants in flat
    for code in ("culture", "womens_union", "info_comm", "labour"):
        assert _names(officer, "agency", lang)[code] in flat, code
    la, lb = plan78["legacy"][:2]
    for code in (la, lb):
        name = _sql(
            officer,
            "SELECT name FROM admin_units WHERE kind = 'legacy_commune' AND code = :c",
            c=code,
        )[0][0]
        assert name in flat, name
    for code in ("womens_union", "commune_pc", "info_comm", "led_text", "legacy-"):
        assert code not in flat, code
    assert len(pages) >= 2
    assert any(line.strip() == "2" for line in pages[1].split("\n")[:2])
