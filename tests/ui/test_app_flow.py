"""The whole path an officer takes: sign in, every section, language, sign out, quit."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.core import i18n, profile
from desktop.core.i18n import _
from desktop.ui.main_window import SECTIONS
from desktop.ui.pages.admin import AdminPage
from tests.conftest import ADMIN, PASSWORD
from tests.ui.conftest import type_into


def _sign_in(qtbot, launcher, password=PASSWORD):
    dlg = launcher.login_dialog
    assert dlg is not None and dlg.isVisible()
    dlg.username.clear()
    qtbot.keyClicks(dlg.username, ADMIN)
    qtbot.keyClicks(dlg.password, password)
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    return dlg


def test_sign_in_visit_every_section_switch_language_and_quit(
    qtbot, province, launcher, vi_sections
):
    province.close()
    launcher.start()
    _sign_in(qtbot, launcher)
    qtbot.waitUntil(lambda: launcher.main_window is not None)
    win = launcher.main_window
    qtbot.waitExposed(win)
    assert win.user_label.text().startswith("Nguyễn Văn Quản")
    assert win.sync_label.text() == _("Never synced")

    for n in range(len(SECTIONS)):
        item = win.sidebar.item(n)
        rect = win.sidebar.visualItemRect(item)
        qtbot.mouseClick(win.sidebar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert win.stack.currentWidget() is win.pages[n]
        assert win.pages[n].isVisible()
    assert isinstance(win.pages[-1], AdminPage)

    win.show_section(3)
    assert win.sidebar.item(0).text() == "Tổng quan"
    menus = [m.menu() for m in win.menuBar().actions()]
    english = next(a for m in menus for a in m.actions() if a.text() == "English")
    english.trigger()
    assert i18n.language() == "en"
    assert win.sidebar.item(0).text() == "Dashboard"
    assert win.current_section() == 3, "the section is kept"
    assert launcher.prefs.language == "en"

    settings = win.open_settings()
    settings.language.setCurrentIndex(settings.language.findData("vi"))
    assert win.sidebar.item(0).text() == "Tổng quan"
    assert win.current_section() == 3
    settings.accept()

    with qtbot.waitSignal(launcher.finished):
        win.action_quit.trigger()
    assert launcher.main_window is None


def test_ctrl_digits_switch_sections(qtbot, province, launcher):
    province.close()
    launcher.start()
    _sign_in(qtbot, launcher)
    qtbot.waitUntil(lambda: launcher.main_window is not None)
    win = launcher.main_window
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    qtbot.keyClick(win, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert win.current_section() == 6
    qtbot.keyClick(win, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert win.current_section() == 1


def test_wrong_password_shows_one_line_and_stays(qtbot, province, launcher):
    province.close()
    launcher.start()
    dlg = _sign_in(qtbot, launcher, password="not-the-password")
    assert dlg.error.isVisible()
    assert dlg.error.text() == _("The user name or password is wrong.")
    assert dlg.password.text() == ""
    assert launcher.main_window is None


def test_sign_out_comes_back_to_sign_in(qtbot, province, launcher):
    province.close()
    launcher.start()
    _sign_in(qtbot, launcher)
    qtbot.waitUntil(lambda: launcher.main_window is not None)
    launcher.main_window.action_sign_out.trigger()
    assert launcher.main_window is None
    assert launcher.login_dialog is not None and launcher.login_dialog.isVisible()
    assert launcher.login_dialog.username.text() == ADMIN


def test_first_run_creates_the_installation(qtbot, data_dir, launcher):
    assert not profile.exists(data_dir)
    launcher.start()
    dlg = launcher.setup_dialog
    assert dlg is not None
    assert dlg.province.currentData() == 20
    office = dlg.office.text()
    assert "Lạng Sơn" in office
    assert dlg.from_package.isEnabled() and dlg.as_province.isChecked()
    assert not dlg.ok.isEnabled()
    qtbot.keyClicks(dlg.username, "quantri")
    type_into(dlg.full_name, "Hoàng Thị Lan")
    qtbot.keyClicks(dlg.password, "short")
    assert dlg.form.error_of("password"), "the reason shows as you type"
    dlg.password.clear()
    qtbot.keyClicks(dlg.password, "mat-khau-tinh")
    qtbot.keyClicks(dlg.confirm, "mat-khau-tinh!")
    assert dlg.form.error_of("confirm")
    assert not dlg.ok.isEnabled()
    qtbot.keyClick(dlg.confirm, Qt.Key.Key_Backspace)
    assert dlg.ok.isEnabled()
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: launcher.key_dialog is not None)
    keys = launcher.key_dialog
    assert keys.key.text().startswith("AGE-SECRET-KEY-")
    assert not keys.ok.isEnabled(), "the key must be kept before going on"
    qtbot.mouseClick(keys.copy, Qt.MouseButton.LeftButton)
    assert keys.ok.isEnabled()
    qtbot.mouseClick(keys.ok, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: launcher.main_window is not None)
    assert profile.exists(data_dir)
    assert launcher.main_window.user_label.text().startswith("Hoàng Thị Lan")
    assert launcher.main_window.office_label.text() == office


def test_recovery_key_saves_to_a_file(qtbot, tmp_path):
    from desktop.ui.recovery_key_dialog import RecoveryKeyDialog

    dlg = RecoveryKeyDialog("AGE-SECRET-KEY-1TEST")
    qtbot.addWidget(dlg)
    target = tmp_path / "key.txt"
    assert dlg.save_to(target)
    assert target.read_text().strip() == "AGE-SECRET-KEY-1TEST"
    assert dlg.ok.isEnabled()


def test_forgot_password_recovers_access(qtbot, province, launcher, tmp_path):
    identity = province.recovery_identity
    province.close()
    key_file = tmp_path / "recovery.txt"
    key_file.write_text(identity)
    launcher.start()
    login = launcher.login_dialog
    qtbot.mouseClick(login.forgot, Qt.MouseButton.LeftButton)
    rec = login.recovery
    assert rec is not None and not rec.ok.isEnabled()
    rec.load_file(key_file)
    qtbot.keyClicks(rec.username, ADMIN)
    qtbot.keyClicks(rec.new, "mat-khau-moi-1")
    qtbot.keyClicks(rec.confirm, "mat-khau-moi-1")
    assert rec.ok.isEnabled()
    qtbot.mouseClick(rec.ok, Qt.MouseButton.LeftButton)
    assert not rec.isVisible()
    _sign_in(qtbot, launcher, password="mat-khau-moi-1")
    qtbot.waitUntil(lambda: launcher.main_window is not None)


def test_signing_out_keeps_what_an_open_form_holds(qtbot, province, launcher):
    """The event form's draft is saved before the profile closes, not lost with it."""
    from desktop.core.outreach import drafts
    from desktop.ui.event_dialog import EventDialog

    province.close()
    launcher.start()
    _sign_in(qtbot, launcher)
    qtbot.waitUntil(lambda: launcher.main_window is not None)
    dlg = EventDialog(launcher.profile, parent=launcher.main_window)
    dlg.show()
    type_into(dlg.title, "Buổi nói chuyện chưa lưu")
    assert dlg.draft_timer.isActive(), "typed, not yet saved"
    launcher.main_window.action_sign_out.trigger()
    again = profile.open_profile(province.data_dir, ADMIN, PASSWORD)
    try:
        saved = drafts.load_draft(again, drafts.draft_key(again, "event"))
        assert saved is not None and saved["title"] == "Buổi nói chuyện chưa lưu"
    finally:
        again.close()
