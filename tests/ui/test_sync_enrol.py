"""Enrolling a laptop from the Administration page, and starting one from its package."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.core import profile
from desktop.core.i18n import _
from desktop.core.sync import enrol
from desktop.ui.pages.admin import AdminPage
from tests.ui.conftest import type_into


def _enrol_through_the_dialog(qtbot, province, tmp_path):
    page = AdminPage(province)
    qtbot.addWidget(page)
    page.show()
    panel = page.offices
    qtbot.mouseClick(panel.enrol, Qt.MouseButton.LeftButton)
    dlg = panel.enrol_dialog
    assert dlg is not None and not dlg.ok.isEnabled()
    type_into(dlg.commune.lineEdit(), "Xã Thất Khê")
    qtbot.waitUntil(lambda: dlg.commune_code() is not None, timeout=20_000)
    qtbot.waitUntil(lambda: dlg.office.text() == dlg.commune.currentText(), timeout=20_000)
    qtbot.keyClicks(dlg.username, "canbo.thatkhe")
    type_into(dlg.full_name, "Nông Thị Hoa")
    assert len(dlg.password.text()) >= 8
    qtbot.waitUntil(dlg.ok.isEnabled, timeout=20_000)
    target = tmp_path / "usb" / "thatkhe.khs"
    target.parent.mkdir()
    dlg.choose_target = lambda: target
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.slip is not None, timeout=20_000)
    return page, dlg, target


def test_enrol_writes_a_package_that_starts_a_laptop(qtbot, province, tmp_path):
    page, dlg, target = _enrol_through_the_dialog(qtbot, province, tmp_path)
    panel = page.offices
    slip = dlg.slip.view.toPlainText()
    assert dlg.passphrase in slip and dlg.password.text() in slip and "canbo.thatkhe" in slip
    assert not list(target.parent.glob("*.part"))
    pdf = dlg.slip.save_pdf(tmp_path / "slip.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    dlg.slip.accept()
    assert not dlg.isVisible()
    assert any(row[1] == dlg.office.text() for row in panel.shown())
    laptop = enrol.start_from_package(
        tmp_path / "laptop", target.read_bytes(), dlg.passphrase, "canbo.thatkhe",
        dlg.password.text(),
    )  # fmt: skip
    assert laptop.node.level == "commune" and laptop.user.full_name == "Nông Thị Hoa"
    laptop.close()


def test_enrol_checks_as_you_type(qtbot, province):
    page = AdminPage(province)
    qtbot.addWidget(page)
    dlg = page.offices.open_enrol()
    qtbot.keyClicks(dlg.username, "two words")
    assert dlg.form.error_of("username")
    dlg.password.clear()
    qtbot.keyClicks(dlg.password, "short")
    assert dlg.form.error_of("password")
    dlg.level.setCurrentIndex(dlg.level.findData("area"))
    assert not dlg.commune.isEnabled()
    assert not dlg.ok.isEnabled()
    dlg.reject()


def _package(province, tmp_path):
    from desktop.core.security.roles import Role

    phrase = enrol.new_passphrase()
    data = enrol.make_setup_package(
        province, level="commune", unit_code=6040, office_name="UBND xã Thất Khê",
        parent_office_id=None, username="canbo.thatkhe", full_name="Nông Thị Hoa",
        role=Role.COMMUNE_OFFICER, password="mat-khau-tam-1", passphrase=phrase,
    )  # fmt: skip
    path = tmp_path / "usb" / "thatkhe.khs"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return path, phrase


def _fill(qtbot, dlg, path, phrase, password="mat-khau-tam-1"):
    qtbot.mouseClick(dlg.from_package, Qt.MouseButton.LeftButton)
    assert dlg.from_package.isChecked() and dlg.package.isVisible()
    assert not dlg.ok.isEnabled()
    fields = dlg.package
    fields.choose_file = lambda: path
    qtbot.mouseClick(fields.browse, Qt.MouseButton.LeftButton)
    assert fields.file.text() == str(path)
    qtbot.keyClicks(fields.passphrase, phrase[:5])
    assert fields.form.error_of("passphrase"), "too short: the reason shows as you type"
    fields.passphrase.clear()
    qtbot.keyClicks(fields.passphrase, phrase.upper())
    assert not fields.form.error_of("passphrase")
    qtbot.keyClicks(fields.username, "canbo.thatkhe")
    qtbot.keyClicks(fields.password, password)
    assert dlg.ok.isEnabled()


def test_first_run_from_a_setup_package(qtbot, province, tmp_path):
    from desktop.ui.launcher import Launcher
    from desktop.ui.prefs import Prefs

    path, phrase = _package(province, tmp_path)
    laptop_dir = tmp_path / "laptop"
    laptop_dir.mkdir()
    launcher = Launcher(laptop_dir, Prefs(laptop_dir))
    try:
        launcher.start()
        dlg = launcher.setup_dialog
        assert dlg is not None and dlg.from_package.isEnabled()
        _fill(qtbot, dlg, path, phrase, password="wrong-password-1")
        qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dlg.error_box is not None, timeout=20_000)
        assert dlg.error_box.text() == _("The user name or password is wrong.")
        assert not profile.exists(laptop_dir)
        dlg.error_box.accept()
        assert launcher.main_window is None and dlg.isVisible()
        dlg.package.password.clear()
        qtbot.keyClicks(dlg.package.password, "mat-khau-tam-1")
        qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: launcher.main_window is not None, timeout=20_000)
        win = launcher.main_window
        assert win.office_label.text() == "UBND xã Thất Khê"
        assert launcher.profile.node.level == "commune"
    finally:
        launcher.shutdown()


def test_an_area_office_is_enrolled_with_the_communes_it_covers(qtbot, province, tmp_path):
    from sqlalchemy import select

    from desktop.core.db.models import Office
    from desktop.core.sync import node

    page = AdminPage(province)
    qtbot.addWidget(page)
    dlg = page.offices.open_enrol()
    dlg.show()
    dlg.level.setCurrentIndex(dlg.level.findData("area"))
    assert dlg.covered.isVisible() and not dlg.commune.isVisible()
    qtbot.keyClicks(dlg.covered_filter, "that khe")
    shown = [dlg.covered.item(i) for i in range(dlg.covered.count())]
    visible = [i for i in shown if not i.isHidden()]
    assert [i.text() for i in visible] == ["Xã Thất Khê"]
    visible[0].setCheckState(Qt.CheckState.Checked)
    dlg.covered_filter.clear()
    for item in shown:
        if item.text() == "Xã Tràng Định":
            item.setCheckState(Qt.CheckState.Checked)
    assert sorted(dlg.covered_codes()) == [6040, 6046]
    assert dlg.covered_count.text()
    type_into(dlg.office, "Phòng Khu vực Tràng Định")
    qtbot.keyClicks(dlg.username, "canbo.khuvuc")
    type_into(dlg.full_name, "Hoàng Văn Khu")
    qtbot.waitUntil(dlg.ok.isEnabled, timeout=20_000)
    target = tmp_path / "khuvuc.khs"
    dlg.choose_target = lambda: target
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.slip is not None, timeout=20_000)
    area_phrase, area_password = dlg.passphrase, dlg.password.text()
    dlg.slip.accept()
    with province.db.session() as s:
        office = s.execute(
            select(Office).where(Office.name == "Phòng Khu vực Tràng Định")
        ).scalar_one()
        assert (office.level, office.area_codes) == ("area", "6040 6046")
    area = enrol.start_from_package(
        tmp_path / "area", target.read_bytes(), area_phrase, "canbo.khuvuc", area_password
    )
    area.close()

    # A commune under it: its package names both offices upstream.
    dlg = page.offices.open_enrol()
    dlg.show()
    dlg.parent_box.setCurrentIndex(dlg.parent_box.findData(office.id))
    type_into(dlg.commune.lineEdit(), "Xã Thất Khê")
    qtbot.waitUntil(lambda: dlg.commune_code() is not None, timeout=20_000)
    qtbot.keyClicks(dlg.username, "canbo.thatkhe")
    type_into(dlg.full_name, "Nông Thị Hoa")
    qtbot.waitUntil(dlg.ok.isEnabled, timeout=20_000)
    target = tmp_path / "thatkhe.khs"
    dlg.choose_target = lambda: target
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.slip is not None, timeout=20_000)
    laptop = enrol.start_from_package(
        tmp_path / "laptop", target.read_bytes(), dlg.passphrase, "canbo.thatkhe",
        dlg.password.text(),
    )  # fmt: skip
    dlg.slip.accept()
    with laptop.db.session() as s:
        assert {p.name for p in node.upstream(s)} == {
            "Phòng Khu vực Tràng Định", province.node.office_name,
        }  # fmt: skip
    laptop.close()


def test_an_area_office_reports_to_the_province(qtbot, province):
    from desktop.core.sync import enrol as core_enrol

    page = AdminPage(province)
    qtbot.addWidget(page)
    core_enrol.make_setup_package(
        province, level="area", unit_code=None, office_name="Khu vực A", parent_office_id=None,
        username="canbo.a", full_name="Hoàng Văn A", role="district_officer",
        password="mat-khau-khu-1", passphrase="ab2c-de3f-gh4j-km5n-pq6r-st7u",
    )  # fmt: skip
    dlg = page.offices.open_enrol()
    dlg.level.setCurrentIndex(dlg.level.findData("area"))
    area_index = dlg.parent_box.findText("Khu vực A", Qt.MatchFlag.MatchContains)
    dlg.parent_box.setCurrentIndex(area_index)
    assert dlg.form.error_of("parent") == _("An area office reports to the province office.")
    dlg.reject()
