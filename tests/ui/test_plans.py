"""The Plans page: task status, gap to target, overdue tasks stand out, linked events."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QColor

from desktop.core.outreach import plans
from desktop.core.security.roles import Role
from desktop.ui.pages.plans import STATUS_COLOURS, PlansPage
from tests.core.outreach_helpers import add_event, as_role, communes


def test_plan_tasks_status_gap_and_linked_events(qtbot, province, vi_sections):
    officer = as_role(province, Role.PROVINCIAL_OFFICER, "canbo")
    plan_id = plans.save_plan(
        officer,
        plans.PlanInput("78/KH-BCĐ", "Ban Chỉ đạo", dt.date(2019, 6, 7), "Hưởng ứng ngày 30/7",
                        dt.date(2019, 6, 7), dt.date(2019, 12, 31)),
    )  # fmt: skip
    banners = plans.save_task(
        officer, plan_id,
        plans.TaskInput("Băng rôn ở 65 xã", lead_agency="culture", deadline=dt.date(2019, 7, 30),
                        target=65, target_measure="communes"),
    )  # fmt: skip
    plans.save_task(officer, plan_id, plans.TaskInput("Nói chuyện chuyên đề"))
    for code, _name in communes(officer)[:2]:
        add_event(officer, kind="banner", quantity=3, commune_code=code, plan_task_id=banners)
    page = PlansPage(officer)
    qtbot.addWidget(page)
    page.show()
    assert page.plan_list.count() == 1 and "78/KH-BCĐ" in page.details.text()
    table = page.task_table
    assert table.rowCount() == 2
    assert table.item(0, 4).text() == "65 xã, phường"
    assert table.item(0, 5).text() == "2 xã, phường" and table.item(0, 6).text() == "63"
    assert table.item(0, 7).text() == "Quá hạn"
    assert table.item(0, 1).background().color() == QColor(STATUS_COLOURS[plans.LATE])
    assert table.item(1, 7).text() == "Chưa thực hiện"
    table.selectRow(0)
    assert page.events.rowCount() == 2 and "(2)" in page.events_label.text()
    table.selectRow(1)
    assert page.events.rowCount() == 0
