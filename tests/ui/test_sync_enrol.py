"""Enrolling a laptop from the Administration page, and starting one from its package."""

from __future__ import annotations

from PySide6.QtCore import Qt

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
    qtbot.waitUntil(lambda: dlg.commune_code() is not None)
    assert dlg.office.text() == dlg.commune.currentText()
    qtbot.keyClicks(dlg.username, "canbo.thatkhe")
    type_into(dlg.full_name, "Nông Thị Hoa")
    assert len(dlg.password.text()) >= 8
    assert dlg.ok.isEnabled()
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
