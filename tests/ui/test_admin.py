"""Administration: reference lists, accounts, demo data."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt

from desktop.core import profile
from desktop.core.i18n import _
from desktop.core.security.roles import Role
from desktop.ui.pages.admin import AdminPage
from tests.ui.conftest import type_into


@pytest.fixture
def admin_page(qtbot, province):
    page = AdminPage(province)
    qtbot.addWidget(page)
    page.show()
    return page


def _rows(model):
    return [(r.code, r.name, r.active) for r in model.rows]


def test_add_a_border_gate_through_the_dialog(qtbot, admin_page, province):
    panel = admin_page.refdata
    panel.kind.setCurrentIndex(panel.kind.findData("border_gate"))
    before = len(panel.model.rows)
    qtbot.mouseClick(panel.add, Qt.MouseButton.LeftButton)
    dlg = panel.dialog
    assert dlg is not None and dlg.isVisible()
    assert not dlg.ok.isEnabled()
    qtbot.keyClicks(dlg.code, "po chai")
    assert dlg.form.error_of("code"), "a code with a space is refused as you type"
    dlg.code.clear()
    qtbot.keyClicks(dlg.code, "po_chai")
    type_into(dlg.name, "Cửa khẩu Pò Chài")
    assert dlg.ok.isEnabled()
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    assert not dlg.isVisible()
    assert len(panel.model.rows) == before + 1
    assert ("po_chai", "Cửa khẩu Pò Chài", True) in _rows(panel.model)
    assert panel.selected().code == "po_chai"
    assert profile.reference_items(province, "border_gate", False)[-1].code == "po_chai"


def test_a_taken_code_is_shown_next_to_the_field(qtbot, admin_page):
    panel = admin_page.refdata
    panel.kind.setCurrentIndex(panel.kind.findData("border_gate"))
    panel.add_item()
    dlg = panel.dialog
    qtbot.keyClicks(dlg.code, "huu_nghi")
    qtbot.keyClicks(dlg.name, "Again")
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    assert dlg.isVisible()
    assert "huu_nghi" in dlg.form.error_of("code")
    assert not dlg.ok.isEnabled()
    dlg.reject()


def test_retire_and_restore(qtbot, admin_page):
    panel = admin_page.refdata
    panel.table.selectRow(0)
    first = panel.selected()
    assert panel.retire.text() == _("Retire")
    qtbot.mouseClick(panel.retire, Qt.MouseButton.LeftButton)
    assert panel.selected().id == first.id and not panel.selected().active
    assert panel.retire.text() == _("Restore")
    qtbot.mouseClick(panel.retire, Qt.MouseButton.LeftButton)
    assert panel.selected().active


def test_read_only_for_other_roles(qtbot, province):
    officer = dataclasses.replace(province.user, role=Role.PROVINCIAL_OFFICER.value)
    province.user = officer
    page = AdminPage(province)
    qtbot.addWidget(page)
    page.refdata.table.selectRow(0)
    assert not page.refdata.add.isEnabled()
    assert not page.refdata.edit.isEnabled()
    assert not page.accounts.new.isEnabled()
    assert not page.demo.button.isEnabled()
    assert page.refdata.model.rows, "the lists are still shown"


def test_create_an_account(qtbot, admin_page):
    panel = admin_page.accounts
    assert [a.username for a in panel.model.rows] == ["admin"]
    qtbot.mouseClick(panel.new, Qt.MouseButton.LeftButton)
    dlg = panel.dialog
    qtbot.keyClicks(dlg.username, "canbo1")
    type_into(dlg.full_name, "Lường Văn Đức")
    dlg.role.setCurrentIndex(dlg.role.findData(Role.PROVINCIAL_OFFICER.value))
    qtbot.keyClicks(dlg.password, "mat-khau-2")
    qtbot.keyClicks(dlg.confirm, "mat-khau-2")
    assert dlg.ok.isEnabled()
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    assert not dlg.isVisible()
    names = {a.username: a for a in panel.model.rows}
    assert names["canbo1"].full_name == "Lường Văn Đức"
    assert names["canbo1"].role == Role.PROVINCIAL_OFFICER.value


def test_demo_data_runs_in_the_background(qtbot, admin_page):
    from desktop.core import demo

    panel = admin_page.demo
    panel.events.setValue(30)
    panel.cases.setValue(5)
    op = panel.start()
    qtbot.waitUntil(lambda: panel.result is not None, timeout=30_000)
    assert op.done
    assert panel.result == {"events": 30, "persons": 5, "cases": 5}
    assert demo.count_rows(admin_page.profile)["cases"] == 5
    assert panel.button.isEnabled()


def test_an_item_is_dated_through_the_dialog(qtbot, admin_page, province):
    """Issue 16, point 4: valid from / valid to, from ≤ to checked as typed."""
    panel = admin_page.refdata
    panel.kind.setCurrentIndex(panel.kind.findData("agency"))
    labour = next(r for r in panel.model.rows if r.code == "labour")
    assert labour.valid_to is not None
    row = panel.model.rows.index(labour)
    assert panel.model.index(row, 5).data() == "28/02/2025"  # the column "Valid to"
    panel.table.selectRow(next(n for n, r in enumerate(panel.model.rows) if r.code == "police"))
    panel.edit_selected()
    dlg = panel.dialog
    assert dlg is not None and dlg.valid_from.text() == "" and dlg.valid_to.text() == ""
    type_into(dlg.valid_from, "01/07/2025")
    type_into(dlg.valid_to, "30/06/2025")
    assert dlg.form.error_of("valid_to"), "a last day before the first is refused as you type"
    assert not dlg.ok.isEnabled()
    dlg.valid_to.clear()
    type_into(dlg.valid_to, "31/12/2099")
    assert not dlg.form.error_of("valid_to") and dlg.ok.isEnabled()
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    assert not dlg.isVisible()
    saved = next(i for i in profile.reference_items(province, "agency") if i.code == "police")
    assert (saved.valid_from, saved.valid_to) == (dt.date(2025, 7, 1), dt.date(2099, 12, 31))


def test_a_border_gates_commune_is_chosen_in_the_dialog(qtbot, admin_page, province):
    panel = admin_page.refdata
    panel.kind.setCurrentIndex(panel.kind.findData("border_gate"))
    panel.table.selectRow(next(n for n, r in enumerate(panel.model.rows) if r.code == "chi_ma"))
    panel.edit_selected()
    dlg = panel.dialog
    assert dlg is not None and dlg.commune is not None
    assert dlg.commune.currentText() == "Xã Mẫu Sơn"
    dlg.commune.setCurrentIndex(dlg.commune.findData(6541))
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    assert not dlg.isVisible()
    saved = next(i for i in profile.reference_items(province, "border_gate") if i.code == "chi_ma")
    assert saved.unit_code == 6541
    panel.kind.setCurrentIndex(panel.kind.findData("agency"))
    panel.table.selectRow(0)
    panel.edit_selected()
    assert panel.dialog.commune is None, "only a border gate stands in a commune"
    panel.dialog.reject()
