"""Administration → Backups: a profile of the previous release opens after an automatic
backup, the backup is listed and restores through the op runner after a confirmation, and
the officer signs in again. A profile of a newer Khiên is refused at sign-in."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select, text

from desktop.core import backup, profile
from desktop.core.db.models import OutreachEvent
from desktop.core.i18n import _
from desktop.core.security.roles import Role
from desktop.ui.pages.admin import AdminPage
from desktop.ui.pages.admin_backups import BackupsPanel, RestoreDialog
from tests.conftest import ADMIN, PASSWORD

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "schema_0004_sync"
OLD_USER, OLD_PASSWORD = "admin", "fixture-pass-1"
LATE = "Ghi sau khi nâng cấp"


def _sign_in(qtbot, launcher, user, password):
    dlg = launcher.login_dialog
    assert dlg is not None and dlg.isVisible()
    dlg.username.clear()
    qtbot.keyClicks(dlg.username, user)
    qtbot.keyClicks(dlg.password, password)
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    return dlg


def _backups_panel(launcher) -> BackupsPanel:
    win = launcher.main_window
    admin = next(p for p in win.pages if isinstance(p, AdminPage))
    win.show_section(win.pages.index(admin))
    admin.tabs.setCurrentWidget(admin.backups)
    return admin.backups


def _titles(opened) -> set[str]:
    with opened.db.session() as s:
        return set(s.execute(select(OutreachEvent.title)).scalars())


def _message_boxes() -> list[QMessageBox]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


def test_old_profile_upgrades_lists_its_backup_and_restores_it(qtbot, data_dir, launcher):
    shutil.copytree(FIXTURE, data_dir)
    launcher.start()
    _sign_in(qtbot, launcher, OLD_USER, OLD_PASSWORD)
    qtbot.waitUntil(lambda: launcher.main_window is not None)
    opened = launcher.profile
    assert opened.backup_made is not None and opened.backup_made.suffix == ".zip"
    with opened.db.session() as s:  # a record made after the upgrade
        s.add(OutreachEvent(kind="talk", title=LATE, held_on=dt.date(2026, 8, 3)))

    panel = _backups_panel(launcher)
    assert panel.isVisible()
    assert panel.table.rowCount() == 1
    assert panel.table.item(0, 1).text() == _("Before an upgrade of Khiên")
    assert panel.table.item(0, 0).text()  # when it was made
    assert panel.restore_button.isEnabled()

    dialog = panel.ask_restore()
    assert isinstance(dialog, RestoreDialog) and dialog.isVisible()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)  # no password yet: asked for it
    assert dialog.isVisible() and dialog.error.isVisible()
    qtbot.keyClicks(dialog.password, OLD_PASSWORD)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: launcher.login_dialog is not None, timeout=30_000)
    assert launcher.main_window is None and opened.closed
    boxes = _message_boxes()
    assert [b.text() for b in boxes] == [_("The backup was restored. Sign in again.")]
    boxes[0].close()

    _sign_in(qtbot, launcher, OLD_USER, OLD_PASSWORD)
    qtbot.waitUntil(lambda: launcher.main_window is not None)
    again = launcher.profile
    assert LATE not in _titles(again)
    assert "Treo băng rôn tại chợ Đông Kinh" in _titles(again)
    reasons = [b.reason for b in backup.list_backups(data_dir)]
    assert backup.BEFORE_RESTORE in reasons  # the data replaced can be restored in turn
    panel = _backups_panel(launcher)
    assert panel.table.rowCount() == len(reasons)


def test_a_wrong_password_is_one_sentence_and_changes_nothing(qtbot, province, launcher):
    saved = backup.backup_now(province)
    province.close()
    launcher.start()
    _sign_in(qtbot, launcher, ADMIN, PASSWORD)
    qtbot.waitUntil(lambda: launcher.main_window is not None)
    panel = _backups_panel(launcher)
    assert [r.path for r in panel.rows] == [saved]
    dialog = panel.ask_restore()
    qtbot.keyClicks(dialog.password, "sai-mat-khau-9")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.op is None, timeout=30_000)
    assert launcher.main_window is not None and not launcher.profile.closed
    assert panel.window().isVisible()
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    assert any(b.text() == _("This user name and password do not open the backup.") for b in boxes)
    # the copy of the current data made first is listed; nothing was replaced
    assert [r.reason for r in panel.rows] == [backup.BEFORE_RESTORE, backup.MANUAL]


def test_cancel_restores_nothing(qtbot, province, launcher):
    backup.backup_now(province)
    province.close()
    launcher.start()
    _sign_in(qtbot, launcher, ADMIN, PASSWORD)
    qtbot.waitUntil(lambda: launcher.main_window is not None)
    panel = _backups_panel(launcher)
    dialog = panel.ask_restore()
    dialog.reject()
    assert panel.op is None and len(panel.rows) == 1 and not launcher.profile.closed


def test_back_up_now_adds_a_row(qtbot, province, launcher):
    province.close()
    launcher.start()
    _sign_in(qtbot, launcher, ADMIN, PASSWORD)
    qtbot.waitUntil(lambda: launcher.main_window is not None)
    panel = _backups_panel(launcher)
    assert panel.table.rowCount() == 0 and panel.empty.isVisible()
    assert not panel.restore_button.isEnabled()
    qtbot.mouseClick(panel.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=30_000)
    assert panel.table.item(0, 1).text() == _("Made by hand")
    assert panel.restore_button.isEnabled()


def test_officers_see_the_list_but_cannot_restore(qtbot, province, launcher):
    backup.backup_now(province)
    province.create_account(
        username="canbo", full_name="Lương Thị Cán", role=Role.PROVINCIAL_OFFICER,
        office_id=province.node.office_id, password="canbo-pass-1",
    )  # fmt: skip
    province.close()
    launcher.start()
    _sign_in(qtbot, launcher, "canbo", "canbo-pass-1")
    qtbot.waitUntil(lambda: launcher.main_window is not None)
    panel = _backups_panel(launcher)
    assert panel.table.rowCount() == 1
    assert not panel.restore_button.isEnabled() and not panel.backup_button.isEnabled()
    assert panel.ask_restore() is None


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_profile_of_a_newer_khien_is_refused_at_sign_in(
    qtbot, province, data_dir, launcher, lang
):
    from desktop.core import i18n

    with province.db.session() as s:
        s.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    province.close()
    before = hashlib.sha256((data_dir / "khien.db").read_bytes()).hexdigest()
    i18n.set_language(lang)
    launcher.start()
    dlg = _sign_in(qtbot, launcher, ADMIN, PASSWORD)
    assert launcher.main_window is None
    assert dlg.error.isVisible()
    assert dlg.error.text() == _(
        "This profile was written by a newer version of Khiên: update Khiên to open it."
    )
    assert hashlib.sha256((data_dir / "khien.db").read_bytes()).hexdigest() == before
    assert backup.list_backups(data_dir) == []
    assert profile.exists(data_dir)


def test_the_newest_khien_that_opened_the_folder_is_noted(tmp_path, monkeypatch):
    """The installers read khien-version.txt to refuse an older Khiên over newer records."""
    import desktop
    from desktop.ui import app

    note = tmp_path / app.VERSION_FILE
    monkeypatch.setattr(desktop, "__version__", "0.2.0")
    app.note_version(tmp_path)
    assert note.read_text() == "0.2.0\n"
    monkeypatch.setattr(desktop, "__version__", "0.1.9")
    app.note_version(tmp_path)  # an older Khiên started later does not lower it
    assert note.read_text() == "0.2.0\n"
    monkeypatch.setattr(desktop, "__version__", "0.10.0")
    app.note_version(tmp_path)  # compared as numbers, not text
    assert note.read_text() == "0.10.0\n"


def test_settings_list_the_upgrade_backup_and_restore_from_there(qtbot, data_dir, launcher):
    """The backup made before an upgrade is also under Settings → Backups."""
    from desktop.ui.settings_dialog import BACKUPS

    shutil.copytree(FIXTURE, data_dir)
    launcher.start()
    _sign_in(qtbot, launcher, OLD_USER, OLD_PASSWORD)
    qtbot.waitUntil(lambda: launcher.main_window is not None)
    opened = launcher.profile
    settings = launcher.main_window.open_settings(BACKUPS)
    panel = settings.backups
    assert settings.tabs.currentWidget() is panel and panel.isVisible()
    assert settings.tabs.tabText(BACKUPS) == _("Backups")
    assert panel.table.rowCount() == 1
    assert panel.table.item(0, 1).text() == _("Before an upgrade of Khiên")
    panel.table.selectRow(0)
    assert panel.restore_button.isEnabled()
    dialog = panel.ask_restore()
    qtbot.keyClicks(dialog.password, OLD_PASSWORD)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: launcher.login_dialog is not None, timeout=30_000)
    assert launcher.main_window is None and opened.closed
    for box in _message_boxes():
        box.close()
