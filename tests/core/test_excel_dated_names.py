"""The Excel import knows dates (issue 16, points 3 and 4): a name resolves to the item valid
on the row's date, a ceased body on a later row is refused naming the row and the body, and
a final row linked to a task outside its plan's period needs the reason column."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from desktop.core.i18n import _
from desktop.core.outreach import events, excel, plans, query
from desktop.core.outreach import excel_names as names
from desktop.core.progress import run_job
from desktop.core.security.roles import Role
from tests.core.outreach_helpers import as_role

TODAY = dt.date(2026, 11, 28)
LABOUR = "Sở Lao động - Thương binh và Xã hội"


@pytest.fixture
def officer(province):
    return as_role(province, Role.PROVINCIAL_OFFICER, "canbo")


def _template_with(tmp_path, *rows):
    path = tmp_path / "mau.xlsx"
    excel.save_template(path)
    wb = load_workbook(path)
    heads = [c.value for c in wb.active[1]]
    for values in rows:
        wb.active.append([values.get(h) for h in heads])
    wb.save(path)
    return path


def _row(day: str = "30/07/2019", **values):
    base = {_("Date"): day, _("Kind of activity"): "Nói chuyện chuyên đề, tọa đàm",
            _("Title"): "Tọa đàm", _("Audience, total"): 10}  # fmt: skip
    base.update({_(k.replace("_", " ")): v for k, v in values.items()})
    return base


def test_the_template_has_a_reason_column_next_to_the_plan_task(tmp_path):
    path = _template_with(tmp_path)
    heads = [c.value for c in load_workbook(path).active[1]]
    at = heads.index(_("Plan task"))
    assert heads[at + 1] == _("Reason for the plan task")


def test_a_name_resolves_to_the_item_valid_on_the_rows_date(officer, tmp_path):
    path = _template_with(
        tmp_path,
        _row("21/06/2019", **{"Lead agency": LABOUR}),
        _row("15/01/2026", **{"Lead agency": LABOUR}),
        _row("15/01/2026", **{"Lead agency": "Sở Nội vụ"}),
        _row("15/01/2026", **{"Partner agencies": "Công an tỉnh; Công an huyện"}),
        _row("28/02/2025", **{"Lead agency": "Sở Lao động - Thương binh và Xã hội"}),
    )
    check = excel.check_file(officer, path, TODAY)
    good = {row: data for row, data in check.good}
    assert good[2].lead_agency == "labour" and good[4].lead_agency == "home_affairs"
    assert good[6].lead_agency == "labour", "the department's last day"
    problems = {p.row: p for p in check.problems}
    assert set(problems) == {3, 5}
    assert problems[3].column == _("Lead agency")
    message = problems[3].message
    assert "3" in message and LABOUR in message and "15/01/2026" in message
    assert message.endswith(".") and "\n" not in message
    assert "Công an huyện" in problems[5].message and problems[5].column == _("Partner agencies")


def test_an_item_of_the_same_name_is_chosen_by_its_dates(officer):
    """Two items sharing a name (a body re-created under a new code): the row's date picks."""
    refs = names.References()
    refs.items["agency"] = names.NameIndex()
    for code, span in (("old", (None, dt.date(2025, 2, 28))), ("new", (dt.date(2025, 3, 1), None))):
        refs.items["agency"].add("Sở Y tế", code)
        refs.spans.setdefault("agency", {})[code] = [span]
    assert names.item_code(refs, "agency", "Sở Y tế", dt.date(2019, 1, 1)) == ("old", None)
    assert names.item_code(refs, "agency", "Sở Y tế", dt.date(2026, 1, 1)) == ("new", None)
    code, why = names.item_code(refs, "agency", "Sở Y tế")
    assert code == "" and why is not None and "new" in why and "old" in why


@pytest.fixture
def plan_2019(officer):
    start, end = dt.date(2019, 6, 7), dt.date(2019, 12, 31)
    plan_id = plans.save_plan(
        officer, plans.PlanInput("78/KH-BCĐ", "BCĐ", start, "KH 78", start, end)
    )
    plans.save_task(officer, plan_id, plans.TaskInput("Băng rôn"))
    return plan_id


def test_a_row_linked_outside_its_plans_period_needs_a_reason(officer, plan_2019, tmp_path):
    task = "78/KH-BCĐ · 1"
    path = _template_with(
        tmp_path,
        _row("30/07/2019", **{"Plan task": task}),
        _row("02/03/2020", **{"Plan task": task}),
        _row("02/03/2020", **{"Plan task": task, "Reason for the plan task": "Bổ sung"}),
        _row("02/03/2020", **{"Plan task": task, "State": _("Draft")}),
        _row("30/07/2019", **{"Plan task": task, "Reason for the plan task": "Thừa"}),
    )
    check = excel.check_file(officer, path, TODAY)
    problems = {p.row: p for p in check.problems}
    assert set(problems) == {3}
    assert problems[3].column == _("Plan task") and "78/KH-BCĐ" in problems[3].message
    assert problems[3].message.endswith(".")
    assert run_job(excel.import_events(officer, check, only_good=True)) == 4
    reasons = sorted(
        events.load_event(officer, i).data.task_link_reason
        for i in query.event_ids(officer, query.EventFilter())
    )
    # a reason is kept only for a link outside the plan's period
    assert reasons == ["", "", "", "Bổ sung"]


def test_the_export_writes_the_reason_and_it_comes_back(officer, plan_2019, tmp_path):
    task = plans.task_choices(officer, None, every_plan=True)[0].id
    raw = {"kind": "talk", "title": "Tọa đàm", "held_on": dt.date(2020, 3, 2),
           "plan_task_id": task, "task_link_reason": "Hoạt động bổ sung"}  # fmt: skip
    events.save_event(officer, events.parse(raw, TODAY), today=TODAY)
    out = tmp_path / "events.xlsx"
    run_job(excel.export_events(officer, query.EventFilter(), out))
    check = excel.check_file(officer, out, TODAY)
    assert check.problems == []
    assert [d.task_link_reason for _r, d in check.good] == ["Hoạt động bổ sung"]
