"""Every picker finds an item the way officers type (issue 17, point 3): every typed word,
without diacritics, anywhere in the item's name and in any order (``text.matches``)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from desktop.core.outreach import plans
from desktop.core.security.roles import Role
from desktop.core.text import fold
from desktop.ui.event_dialog import EventDialog
from desktop.ui.pages.case_new import NewCaseDialog
from desktop.ui.plan_dialogs import TaskDialog
from tests.core.outreach_helpers import as_role
from tests.ui.conftest import type_into

DONG_DANG = "Xã Đồng Đăng"
HEALTH = "Sở Y tế"  # the Department of Health


@pytest.fixture
def officer(province, vi_sections):
    return as_role(province, Role.PROVINCIAL_OFFICER, "canbo")


def _offered(box: QComboBox, typed: str) -> list[str]:
    """Type *typed* into the searchable *box* as an officer does: what its popup offers."""
    edit = box.lineEdit()
    assert edit is not None, "a picker one can type into"
    edit.setFocus()
    edit.selectAll()
    type_into(edit, typed)
    popup = box.completer().popup()
    if not popup.isVisible():
        return []
    model = popup.model()
    return [str(model.index(r, 0).data()) for r in range(model.rowCount())]


def _pick(qtbot, box: QComboBox, typed: str, wanted: str) -> None:
    """Type into *box*, go down the popup to *wanted* and press Enter on it."""
    offered = _offered(box, typed)
    assert wanted in offered, (typed, offered)
    popup = box.completer().popup()
    for _ in range(offered.index(wanted) + 1):
        qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not popup.isVisible())
    assert box.currentText() == wanted


def _event_form(qtbot, officer) -> EventDialog:
    dlg = EventDialog(officer)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def test_the_event_forms_commune_and_agency_pickers(qtbot, officer):
    dlg = _event_form(qtbot, officer)
    for typed in ("dong dang", "dang dong", "xa dong dang", "Đồng Đăng", "DONG DANG"):
        assert DONG_DANG in _offered(dlg.commune, typed), typed
    assert all("dang" in fold(n) for n in _offered(dlg.commune, "dang"))
    assert _offered(dlg.commune, "dong zzz") == []
    _pick(qtbot, dlg.commune, "dong dang", DONG_DANG)
    assert dlg.commune.itemText(dlg.commune.findData(dlg.commune.currentData())) == DONG_DANG
    assert dlg.raw()["commune_code"] == dlg.commune.currentData() is not None

    assert _offered(dlg.lead, "y te") == [HEALTH]
    _pick(qtbot, dlg.lead, "y te", HEALTH)
    assert dlg.raw()["lead_agency"] == "health"
    # Typed and left: the one item the words name is chosen; no match keeps the choice.
    dlg.lead.lineEdit().selectAll()
    type_into(dlg.lead.lineEdit(), "ngoai vu")
    qtbot.keyClick(dlg.lead.lineEdit(), Qt.Key.Key_Return)
    assert dlg.lead.currentData() == "foreign_affairs"
    dlg.lead.lineEdit().selectAll()
    type_into(dlg.lead.lineEdit(), "zzz")
    qtbot.keyClick(dlg.lead.lineEdit(), Qt.Key.Key_Return)
    assert dlg.lead.currentData() == "foreign_affairs" and dlg.lead.currentText() == "Sở Ngoại vụ"
    dlg.reject()


def test_the_plan_task_picker_finds_a_word_from_the_middle_of_a_title(qtbot, officer):
    today = dt.date.today()
    plan_id = plans.save_plan(
        officer,
        plans.PlanInput("12/KH-UBND", "UBND tỉnh", today, "Tháng hành động",
                        today - dt.timedelta(days=30), today + dt.timedelta(days=30)),
    )  # fmt: skip
    title = "Tuyên truyền lưu động ở các xã biên giới"
    task_id = plans.save_task(officer, plan_id, plans.TaskInput(title))
    plans.save_task(officer, plan_id, plans.TaskInput("Nói chuyện chuyên đề"))
    dlg = _event_form(qtbot, officer)  # dated today: the plan's tasks are offered
    box = dlg.task.combo
    label = f"12/KH-UBND · 1. {title}"  # the plan's number and the task's place in it
    assert _offered(box, "bien gioi") == [label]
    assert _offered(box, "luu") == [label]
    assert _offered(box, "12/kh chuyen") == ["12/KH-UBND · 2. Nói chuyện chuyên đề"]
    _pick(qtbot, box, "xa luu dong", label)
    assert dlg.task.value() == task_id and dlg.raw()["plan_task_id"] == task_id
    dlg.reject()


def _task_dialog(qtbot, officer, number: str) -> TaskDialog:
    """The task form of a new plan of today, shown."""
    today = dt.date.today()
    plan_id = plans.save_plan(
        officer, plans.PlanInput(number, "UBND tỉnh", today, "Kế hoạch", today, today)
    )
    dlg = TaskDialog(officer, plan_id)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def test_the_task_dialogs_agency_and_area_pickers(qtbot, officer):
    dlg = _task_dialog(qtbot, officer, "13/KH-UBND")
    _pick(qtbot, dlg.lead, "y te", HEALTH)
    assert dlg.data().lead_agency == "health"
    _pick(qtbot, dlg.area, "dang dong", DONG_DANG)
    assert dlg.data().area_kind == "commune"
    dlg.reject()


def test_the_reception_forms_country_province_and_commune_pickers(qtbot, officer):
    dlg = NewCaseDialog(officer)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    more = dlg.more
    assert _offered(more.nationality, "trung")[:1] == ["Trung Quốc"]
    _pick(qtbot, more.nationality, "trung", "Trung Quốc")
    assert more.nationality.code() == "CN"
    assert "Lào" in _offered(more.nationality, "lao")
    _pick(qtbot, more.province, "son lang", "Lạng Sơn")
    _pick(qtbot, more.home, "dang dong", DONG_DANG)
    assert more.home.currentData() is not None
    _pick(qtbot, dlg.commune, "dang", DONG_DANG)
    _pick(qtbot, more.ethnic, "nung", "Nùng")
    dlg.received_on.clear()
    type_into(dlg.received_on, "02/05/2025")  # before the reform: the old communes too
    more.province.choose(more.own_province)
    qtbot.waitUntil(more.legacy.isVisible)
    offered = _offered(more.legacy, "dong dang")
    assert offered and all("Đồng Đăng" in name for name in offered)
    _pick(qtbot, more.legacy, "dang dong", offered[0])
    assert more.legacy.currentData() is not None
    dlg.reject()


def test_enter_picks_what_was_typed_then_is_the_dialogs(qtbot, officer):
    dlg = _task_dialog(qtbot, officer, "14/KH-UBND")
    type_into(dlg.title, "Nói chuyện ở trường học")
    edit = dlg.lead.lineEdit()
    edit.setFocus()
    edit.selectAll()
    type_into(edit, "y te")
    dlg.lead.completer().popup().hide()
    qtbot.keyClick(edit, Qt.Key.Key_Return)  # picks the one agency the words name…
    assert dlg.lead.currentData() == "health" and dlg.isVisible()
    with qtbot.waitSignal(dlg.accepted):
        qtbot.keyClick(edit, Qt.Key.Key_Return)  # …and then saves, as Enter does
    (task,) = plans.plan_progress(officer, dlg.plan_id)
    assert task.lead_agency == "health"


def test_office_commune_picker_folds_accents(qtbot, province):
    from desktop.ui.pages.office_dialog import OfficeDialog

    dialog = OfficeDialog(province, "commune")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert any(fold(name) == fold("Xã Đồng Đăng") for name in _offered(dialog.commune, "dong dang"))


def test_figure_source_body_suggestions_fold_accents(qtbot, province):
    from desktop.core import other_figures
    from desktop.ui.pages.reports_figures import FigureDialog

    other_figures.save(
        province,
        other_figures.FigureInput("cases_detected", dt.date(2026, 1, 1), dt.date(2026, 3, 31), 2,
                                  "Công an tỉnh Lạng Sơn", "", dt.date(2026, 4, 2)),
        today=dt.date(2026, 5, 1),
    )  # fmt: skip
    dialog = FigureDialog(province)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert _offered(dialog.body, "cong an") == ["Công an tỉnh Lạng Sơn"]
