"""Backups of this profile: the list (made before upgrades, before restores and by hand),
Back up now, and Restore… (through the op runner; the officer signs in again after)."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core import backup
from desktop.core.backup import BackupInfo
from desktop.core.i18n import N_, _, format_datetime, format_number
from desktop.core.profile import OpenProfile
from desktop.core.security import roles
from desktop.ui import texts
from desktop.ui.empty_note import EmptyNote, nothing_yet
from desktop.ui.forms import name_fields, password_edit, set_alert
from desktop.ui.ops import Op, error_text
from desktop.ui.pages.base import note

log = logging.getLogger(__name__)
# Messages shown after a restore outlive the window (it closes with the profile): held here
# until they are closed.
_notices: list[QMessageBox] = []

COLUMNS = (N_("Made on"), N_("Why"), N_("Version"), N_("Size"))
REASONS = {
    backup.MANUAL: N_("Made by hand"),
    backup.UPGRADE: N_("Before an upgrade of Khiên"),
    backup.LEGACY_UPGRADE: N_("Before an upgrade (database only)"),
    backup.BEFORE_RESTORE: N_("Before a restore"),
}


def made_on(info: BackupInfo) -> str:
    """The backup's time on this computer's clock."""
    if info.created is None:
        return ""
    local = info.created.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)
    return format_datetime(local)


def why(info: BackupInfo) -> str:
    if info.problem:
        return info.problem
    return _(REASONS[info.reason]) if info.reason in REASONS else info.reason


def size_text(info: BackupInfo) -> str:
    return _("{n} MB").format(n=format_number(info.size / 1_000_000, 1))


class RestoreDialog(QDialog):
    """Asks once more, and for the password that opens the backup."""

    def __init__(self, info: BackupInfo, username: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Restore a backup"))
        self.setMinimumWidth(480)
        when = made_on(info) or info.path.name
        question = QLabel(
            _(
                "Restore the backup made on {when}? Everything recorded on this computer "
                "since then is replaced by the backup's data. A copy of the current data is "
                "kept first, in this list. Khiên then asks you to sign in again."
            ).format(when=when)
        )
        question.setWordWrap(True)
        self.password = password_edit()
        self.password.setObjectName("password")
        self.error = QLabel()
        self.error.setObjectName("error")
        set_alert(self.error)
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow(_("User name:"), QLabel(username))
        form.addRow(_("Password:"), self.password)
        hint = note(_("The password this account had when the backup was made."))
        self.buttons, self.ok = texts.button_box(_("Restore"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        name_fields(self)  # the password field is named after its label
        self.password.setFocus()

    def _accept(self) -> None:
        if not self.password.text():
            self.error.setText(_("Enter the password."))
            self.error.show()
            return
        self.accept()


class BackupsPanel(QWidget):
    restored = Signal()

    def __init__(self, opened: OpenProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = opened
        self.rows: list[BackupInfo] = []
        self.op: Op | None = None
        self.dialog: RestoreDialog | None = None
        self.allowed = roles.can_administer(opened.user.role)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("backups")
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.ask_restore())
        self.empty = EmptyNote(self.table)  # over the empty table: how to make the first
        self.backup_button = QPushButton(_("Back up now"))
        self.backup_button.clicked.connect(self.back_up)
        self.restore_button = QPushButton(_("Restore…"))
        self.restore_button.clicked.connect(self.ask_restore)
        self.folder_button = QPushButton(_("Open the folder"))
        self.folder_button.clicked.connect(self._open_folder)
        self.backup_button.setEnabled(self.allowed)
        buttons = QHBoxLayout()
        for button in (self.backup_button, self.restore_button, self.folder_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(
            note(
                _(
                    "Khiên keeps a copy of this computer's data before each upgrade and "
                    "before each restore. Restoring a backup replaces everything recorded "
                    "since it was made. Copy the folder to a USB stick to keep backups "
                    "away from this computer."
                )
            )
        )
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.refresh()

    # -- the list ---------------------------------------------------------------------

    def refresh(self) -> None:
        self.rows = backup.list_backups(self.profile.data_dir)
        self.table.setRowCount(len(self.rows))
        for n, info in enumerate(self.rows):
            values = (made_on(info), why(info), info.app_version, size_text(info))
            for col, value in enumerate(values):
                self.table.setItem(n, col, QTableWidgetItem(value))
        button = self.backup_button.text() if self.allowed else ""
        self.empty.set_text(nothing_yet(_("No backup has been made yet"), button))
        if self.rows:
            self.table.selectRow(0)
        self._selection_changed()

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        info = self.selected()
        self.restore_button.setEnabled(
            self.allowed and info is not None and not info.problem and self.op is None
        )

    def _open_folder(self) -> None:
        folder = backup.backup_folder(self.profile.data_dir)
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # -- back up now ------------------------------------------------------------------

    def back_up(self) -> Op:
        opened = self.profile
        self.backup_button.setEnabled(False)
        self.op = Op(self, _("Making a backup…"), lambda: backup.backup_now(opened))
        self.op.on_success(self._backed_up).on_failure(self._backup_failed)
        return self.op.run()

    def _backed_up(self, path: Path) -> None:
        self.op = None
        self.backup_button.setEnabled(self.allowed)
        self.refresh()
        texts.show_info(self, _("The backup {file} was made.").format(file=path.name))

    def _backup_failed(self, exc: BaseException) -> None:
        self.op = None
        self.backup_button.setEnabled(self.allowed)
        texts.show_error(self, error_text(exc))

    # -- restore ----------------------------------------------------------------------

    def ask_restore(self) -> RestoreDialog | None:
        info = self.selected()
        if info is None or not self.restore_button.isEnabled():
            return None
        self.dialog = RestoreDialog(info, self.profile.user.username, self)
        self.dialog.accepted.connect(lambda: self.restore(info, self.dialog.password.text()))
        self.dialog.open()
        return self.dialog

    def restore(self, info: BackupInfo, password: str) -> Op:
        opened = self.profile
        self.restore_button.setEnabled(False)
        self.backup_button.setEnabled(False)
        self.op = Op(
            self,
            _("Restoring the backup…"),
            lambda: backup.restore_job(opened, info.path, password),
            cancellable=False,
        )
        self.op.on_success(self._restored).on_failure(self._restore_failed)
        return self.op.run()

    def _restored(self, _replaced: object) -> None:
        self.op = None
        log.info("A backup was restored; signing out")
        self._notice(texts.show_info(None, _("The backup was restored. Sign in again.")))
        self._sign_out()

    def _restore_failed(self, exc: BaseException) -> None:
        self.op = None
        if self.profile.closed:  # it failed after the profile was closed: start again
            self._notice(texts.show_error(None, error_text(exc)))
            self._sign_out()
            return
        self.backup_button.setEnabled(self.allowed)
        self.refresh()  # the copy of the current data made first is listed
        texts.show_error(self, error_text(exc))

    @staticmethod
    def _notice(box: QMessageBox) -> None:
        """Keep a parentless message open after this window is gone."""
        _notices.append(box)
        box.finished.connect(lambda _result: _notices.remove(box))

    def _sign_out(self) -> None:
        self.restored.emit()
        signal = getattr(self.window(), "sign_out_requested", None)
        if signal is not None:  # the main window: back to the sign-in dialog
            signal.emit()
