"""The Plans page: task status, gap to target, overdue tasks stand out, linked events."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop.core import profile
from desktop.core.outreach import plans
from desktop.core.security.roles import Role
from desktop.ui.pages.plans import STATUS_COLOURS, PlansPage
from tests.core.outreach_helpers import add_event, as_role, communes
from tests.ui.conftest import type_into


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


def test_new_plan_and_tasks_through_the_dialogs(qtbot, province, vi_sections):
    officer = as_role(province, Role.PROVINCIAL_OFFICER, "canbo")
    page = PlansPage(officer)
    qtbot.addWidget(page)
    page.show()
    assert page.new_plan_btn.isEnabled() and not page.edit_plan_btn.isEnabled()
    qtbot.mouseClick(page.new_plan_btn, Qt.MouseButton.LeftButton)
    dlg = page.dialog
    assert not dlg.ok.isEnabled()
    type_into(dlg.number, "78/KH-BCĐ")
    type_into(dlg.issuer, "Ban Chỉ đạo 138 tỉnh")
    type_into(dlg.title, "Hưởng ứng ngày 30/7")
    type_into(dlg.period_start, "07/06/2019")
    type_into(dlg.period_end, "31/13/2019")
    assert "không phải là ngày có thật" in dlg.form.error_of("period_end")
    dlg.period_end.clear()
    type_into(dlg.period_end, "01/06/2019")
    assert (
        dlg.form.error_of("period_end") == "Thời gian kết thúc không thể trước thời gian bắt đầu."
    )
    assert not dlg.ok.isEnabled()
    dlg.period_end.clear()
    type_into(dlg.period_end, "31/12/2019")
    assert dlg.form.error_of("period_end") == "" and dlg.ok.isEnabled()
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    assert not dlg.isVisible() and page.plan_list.count() == 1
    assert "78/KH-BCĐ" in page.details.text() and page.add_task_btn.isEnabled()

    qtbot.mouseClick(page.edit_plan_btn, Qt.MouseButton.LeftButton)
    dlg = page.dialog
    assert dlg.number.text() == "78/KH-BCĐ" and dlg.period_start.text() == "07/06/2019"
    dlg.theme.setText("Chung tay phòng, chống mua bán người")
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    assert "Chung tay" in page.details.text() and page.plan_list.count() == 1

    qtbot.mouseClick(page.add_task_btn, Qt.MouseButton.LeftButton)
    dlg = page.dialog
    type_into(dlg.title, "Băng rôn ở 65 xã")
    dlg.lead.setCurrentIndex(dlg.lead.findData("culture"))
    code, name = profile.commune_choices(officer)[0]
    dlg.area.setCurrentIndex(dlg.area.findData(f"commune:{code}"))
    type_into(dlg.deadline, "30/07/2019")
    type_into(dlg.target, "-3")
    assert dlg.form.error_of("target") and not dlg.ok.isEnabled()
    dlg.target.clear()
    type_into(dlg.target, "65")
    dlg.measure.setCurrentIndex(dlg.measure.findData("communes"))
    for n in range(dlg.kinds.count()):
        if dlg.kinds.item(n).data(Qt.ItemDataRole.UserRole) == "banner":
            dlg.kinds.item(n).setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    assert page.task_table.rowCount() == 1
    assert page.task_table.item(0, 4).text() == "65 xã, phường"
    task = page.tasks[0]
    assert (task.area_kind, task.area_ref, task.expected_kinds) == (
        "commune",
        str(code),
        ["banner"],
    )

    page.task_table.selectRow(0)
    qtbot.mouseClick(page.edit_task_btn, Qt.MouseButton.LeftButton)
    dlg = page.dialog
    assert dlg.area.currentText() == name and dlg.deadline.text() == "30/07/2019"
    dlg.title.clear()
    type_into(dlg.title, "Băng rôn, khẩu hiệu ở 65 xã")
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    assert page.task_table.item(0, 1).text() == "Băng rôn, khẩu hiệu ở 65 xã"


def test_plan_buttons_disabled_for_roles_core_refuses(qtbot, province, vi_sections):
    commune = as_role(province, Role.COMMUNE_OFFICER, "xa1")
    page = PlansPage(commune)
    qtbot.addWidget(page)
    for b in (page.new_plan_btn, page.edit_plan_btn, page.add_task_btn, page.edit_task_btn):
        assert not b.isEnabled()
    page.new_plan()
    assert page.dialog is None


def _two_plans(officer):
    """Plan 78 of 2019 with two tasks, a plan of 2026 with one: {number: [task ids]}."""
    out = {}
    for number, start, end, titles in (
        ("78/KH-BCĐ", dt.date(2019, 6, 7), dt.date(2019, 12, 31), ("Băng rôn", "Nói chuyện")),
        ("45/KH-BCĐ", dt.date(2026, 6, 1), dt.date(2026, 12, 31), ("Tờ rơi",)),
    ):
        plan_id = plans.save_plan(
            officer, plans.PlanInput(number, "Ban Chỉ đạo", start, number, start, end)
        )
        out[number] = [plans.save_task(officer, plan_id, plans.TaskInput(t)) for t in titles]
    return out


def test_plan_dialog_legal_basis_and_report_due(qtbot, province, vi_sections):
    officer = as_role(province, Role.PROVINCIAL_OFFICER, "canbo")
    page = PlansPage(officer)
    qtbot.addWidget(page)
    page.show()
    qtbot.mouseClick(page.new_plan_btn, Qt.MouseButton.LeftButton)
    dlg = page.dialog
    type_into(dlg.number, "45/KH-BCĐ")
    type_into(dlg.title, "Phòng, chống mua bán người năm 2026")
    type_into(dlg.period_start, "01/06/2026")
    type_into(dlg.period_end, "31/12/2026")
    dlg.legal_basis.setPlainText("Luật số 53/2024/QH15; Nghị định số 162/2025/NĐ-CP")
    type_into(dlg.report_due, "15/05/2026")
    assert dlg.form.error_of("report_due_on") and not dlg.ok.isEnabled()
    dlg.report_due.clear()
    type_into(dlg.report_due, "15/12/2026")
    assert dlg.form.error_of("report_due_on") == "" and dlg.ok.isEnabled()
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    assert not dlg.isVisible()
    plan = page.plans[0]
    assert plan.legal_basis.startswith("Luật số 53/2024/QH15")
    assert plan.report_due_on == dt.date(2026, 12, 15)
    assert "Nghị định số 162/2025/NĐ-CP" in page.details.text()
    assert "15/12/2026" in page.details.text()
    qtbot.mouseClick(page.edit_plan_btn, Qt.MouseButton.LeftButton)
    dlg = page.dialog
    assert dlg.report_due.text() == "15/12/2026"
    assert dlg.legal_basis.toPlainText().endswith("162/2025/NĐ-CP")
    dlg.reject()


def test_task_picker_offers_the_plans_of_the_day(qtbot, province, vi_sections):
    from desktop.ui.plan_dialogs import TaskPicker

    officer = as_role(province, Role.PROVINCIAL_OFFICER, "canbo")
    tasks = _two_plans(officer)
    picker = TaskPicker(officer)
    qtbot.addWidget(picker)
    picker.show()
    offered = lambda: [picker.combo.itemData(n) for n in range(1, picker.combo.count())]  # noqa: E731
    assert offered() == []  # no date yet
    picker.set_day(dt.date(2019, 7, 30))
    assert offered() == tasks["78/KH-BCĐ"]
    picker.set_value(tasks["78/KH-BCĐ"][1])
    assert picker.problem() == "" and not picker.reason.isVisibleTo(picker)
    # the date moves to 2026: the task chosen stays, marked, and now asks for a reason
    picker.set_day(dt.date(2026, 7, 30))
    assert offered() == tasks["45/KH-BCĐ"] + [tasks["78/KH-BCĐ"][1]]
    assert "31/12/2019" in picker.combo.currentText()
    assert picker.outside() and picker.reason.isVisibleTo(picker)
    assert "78/KH-BCĐ" in picker.problem()
    type_into(picker.reason, "Tiếp nối Kế hoạch 78")
    assert picker.problem() == "" and picker.reason_text() == "Tiếp nối Kế hoạch 78"
    picker.every.setChecked(True)
    assert offered() == tasks["45/KH-BCĐ"] + tasks["78/KH-BCĐ"]
    picker.set_value(tasks["45/KH-BCĐ"][0])
    assert picker.reason_text() == "" and not picker.reason.isVisibleTo(picker)


def test_event_form_links_outside_the_period_only_with_a_reason(qtbot, province, vi_sections):
    from desktop.core.outreach import events
    from desktop.ui.event_dialog import EventDialog

    officer = as_role(province, Role.PROVINCIAL_OFFICER, "canbo")
    tasks = _two_plans(officer)
    dlg = EventDialog(officer)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.kind.setCurrentIndex(dlg.kind.findData("talk"))
    type_into(dlg.title, "Nói chuyện tại xã Tân Thanh")
    dlg.w["held_on"].setText("")
    type_into(dlg.w["held_on"], "30/07/2026")
    dlg.lead.setCurrentIndex(dlg.lead.findData("womens_union"))
    picker = dlg.task
    assert [picker.combo.itemData(n) for n in range(1, picker.combo.count())] == tasks["45/KH-BCĐ"]
    picker.every.setChecked(True)
    picker.combo.setCurrentIndex(picker.combo.findData(tasks["78/KH-BCĐ"][0]))
    assert "78/KH-BCĐ" in dlg.form.error_of("plan_task_id") and not dlg.save_btn.isEnabled()
    type_into(picker.reason, "Tiếp nối mô hình của Kế hoạch 78")
    assert dlg.form.error_of("plan_task_id") == "" and dlg.save_btn.isEnabled()
    qtbot.mouseClick(dlg.save_btn, Qt.MouseButton.LeftButton)
    saved = events.load_event(officer, dlg.saved_ids[0]).data
    assert saved.plan_task_id == tasks["78/KH-BCĐ"][0]
    assert saved.task_link_reason == "Tiếp nối mô hình của Kế hoạch 78"
