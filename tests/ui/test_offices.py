"""Administration → Offices: the office tree edited through the real dialog."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt

from desktop.core import profile
from desktop.core.i18n import _, ngettext
from desktop.core.security.roles import Role
from desktop.ui import texts
from desktop.ui.pages.admin import AdminPage
from tests.ui.conftest import type_into

THAT_KHE, TRANG_DINH = 6040, 6046


@pytest.fixture
def page(qtbot, province):
    page = AdminPage(province)
    qtbot.addWidget(page)
    page.show()
    page.tabs.setCurrentWidget(page.offices)
    return page


@pytest.fixture
def panel(page):
    return page.offices


def test_the_offices_tab_follows_the_reference_lists(page, panel):
    tabs = page.tabs
    assert tabs.tabText(tabs.indexOf(panel)) == _("Offices")
    assert tabs.indexOf(panel) == 1
    assert [(d, lvl) for d, _n, lvl, _s in panel.shown()] == [(0, _("Province level"))]


def test_add_an_area_office_and_a_commune_office(qtbot, panel, province):
    root = panel.shown()[0][1]
    # An area office covering two communes.
    qtbot.mouseClick(panel.add_area, Qt.MouseButton.LeftButton)
    dlg = panel.dialog
    assert dlg is not None and dlg.isVisible()
    assert not dlg.ok.isEnabled(), "no name yet"
    type_into(dlg.name, "Khu vực Tràng Định")
    type_into(dlg.covered_filter, "thất khê")
    visible = [
        dlg.covered.item(i).text()
        for i in range(dlg.covered.count())
        if not dlg.covered.item(i).isHidden()
    ]
    assert visible == ["Xã Thất Khê"]
    dlg.set_covered({THAT_KHE, TRANG_DINH})
    assert dlg.ok.isEnabled()
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    assert not dlg.isVisible()
    assert panel.selected().name == "Khu vực Tràng Định"
    assert panel.selected().area_codes == (THAT_KHE, TRANG_DINH)

    # A commune office under it: the commune is typed into the searchable box.
    qtbot.mouseClick(panel.add_commune, Qt.MouseButton.LeftButton)
    dlg = panel.dialog
    assert not dlg.ok.isEnabled()
    dlg.parent_box.setCurrentIndex(dlg.parent_box.findData(panel.selected().id))
    type_into(dlg.commune.lineEdit(), "Xã Thất Kh")
    assert dlg.form.error_of("unit_code"), "not a commune yet: the reason shows as you type"
    assert not dlg.ok.isEnabled()
    type_into(dlg.commune.lineEdit(), "ê")
    assert dlg.commune_code() == THAT_KHE
    assert dlg.name.text() == "Xã Thất Khê", "the name is filled in from the commune"
    assert dlg.form.error_of("unit_code") == ""
    dlg.name.clear()
    type_into(dlg.name, "UBND xã Thất Khê")
    assert dlg.ok.isEnabled()
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    assert not dlg.isVisible()

    assert panel.shown() == [
        (0, root, _("Province level"), ""),
        (
            1,
            "Khu vực Tràng Định",
            _("Area level"),
            ngettext("{n} commune", "{n} communes", 2).format(n=2),
        ),
        (2, "UBND xã Thất Khê", _("Commune level"), "Xã Thất Khê"),
    ]
    assert panel.selected().name == "UBND xã Thất Khê"
    assert [r.name for r in profile.office_rows(province)][1:] == [
        "Khu vực Tràng Định",
        "UBND xã Thất Khê",
    ]

    # The same commune cannot get a second office: refused as you type.
    panel.add_commune.click()
    dlg = panel.dialog
    type_into(dlg.commune.lineEdit(), "Xã Thất Khê")
    assert "UBND xã Thất Khê" in dlg.form.error_of("unit_code")
    assert not dlg.ok.isEnabled()
    dlg.reject()


def test_edit_and_retire(qtbot, panel, province, monkeypatch):
    root = profile.office_rows(province)[0]
    area = profile.save_office(province, level="area", name="Khu vực Lộc Bình", parent_id=root.id)
    commune = profile.save_office(
        province, level="commune", name="Xã Thất Khê", parent_id=area.id, unit_code=THAT_KHE
    )
    panel.refresh()
    panel.select_id(area.id)
    assert panel.retire.isEnabled()
    panel.edit_selected()
    dlg = panel.dialog
    dlg.name.selectAll()
    type_into(dlg.name, "Khu vực Đình Lập")
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    assert not dlg.isVisible()
    assert panel.selected().name == "Khu vực Đình Lập"

    monkeypatch.setattr(texts, "ask", lambda *a, **k: True)
    shown: list[str] = []
    monkeypatch.setattr(texts, "show_error", lambda _p, text, title="": shown.append(text))
    panel.retire_selected()
    assert shown and "Khu vực Đình Lập" in shown[0], "it still has a commune office"
    panel.select_id(commune.id)
    panel.retire_selected()
    panel.select_id(area.id)
    panel.retire_selected()
    assert len(shown) == 1
    assert [d for d, *_rest in panel.shown()] == [0]
    panel.select_id(root.id)
    assert not panel.retire.isEnabled(), "the province office is never retired"


def test_read_only_for_other_roles(qtbot, province):
    province.user = dataclasses.replace(province.user, role=Role.PROVINCIAL_OFFICER.value)
    page = AdminPage(province)
    qtbot.addWidget(page)
    panel = page.offices
    panel.select_id(profile.office_rows(province)[0].id)
    assert panel.shown(), "the tree is still shown"
    for button in (panel.add_area, panel.add_commune, panel.edit, panel.retire):
        assert not button.isEnabled()
    panel.edit_selected()
    assert panel.dialog is None
