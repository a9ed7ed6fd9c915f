"""Settings: the interface language (applies at once) and the user's password."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core import i18n
from desktop.core.errors import KhienError, ValidationError, WrongPassword
from desktop.core.i18n import _
from desktop.core.profile import OpenProfile
from desktop.ui import keys, texts
from desktop.ui.forms import Form, password_check, password_edit
from desktop.ui.login_dialog import language_combo
from desktop.ui.pages.admin_backups import BackupsPanel

GENERAL, PASSWORD, BACKUPS = 0, 1, 2


class PasswordPanel(QWidget):
    def __init__(self, opened: OpenProfile) -> None:
        super().__init__()
        self.profile = opened
        self.old = password_edit()
        self.old.setObjectName("old")
        self.new = password_edit()
        self.new.setObjectName("new")
        self.confirm = password_edit()
        self.confirm.setObjectName("confirm")
        self.change = QPushButton(_("Change password"))
        self.change.clicked.connect(self.submit)
        self.done = QLabel()
        self.done.setObjectName("done")
        fields = QFormLayout()
        self.form = Form(fields, self.change)
        self.form.add("old", _("Current password:"), self.old, self._old_check, required=True)
        self.form.add("new", _("New password:"), self.new, password_check(self.new), required=True)
        self.form.add("confirm", _("Repeat it:"), self.confirm, self._confirm_check, required=True)
        self.new.textEdited.connect(lambda: self.form.validate())
        # Enter in a password field changes the password; it does not close Settings.
        keys.enter_presses(self.change, self.old, self.new, self.confirm)
        layout = QVBoxLayout(self)
        layout.addLayout(fields)
        layout.addWidget(self.form.footer(self.change))
        layout.addWidget(self.done)
        layout.addStretch(1)
        self.form.validate()

    def _old_check(self) -> str:
        return "" if self.old.text() else _("Enter your current password.")

    def _confirm_check(self) -> str:
        return "" if self.confirm.text() == self.new.text() else _("The two passwords differ.")

    def submit(self) -> None:
        self.done.clear()
        if not self.form.validate():
            return
        try:
            self.profile.change_password(self.old.text(), self.new.text())
        except WrongPassword as exc:
            self.form.set_error("old", exc.message)
            return
        except ValidationError as exc:
            self.form.set_error("new", exc.message)
            return
        except KhienError as exc:
            texts.show_error(self, exc.message)
            return
        for edit in (self.old, self.new, self.confirm):
            edit.clear()
        for field in self.form.fields.values():
            field.touched = False
        self.form.validate()
        self.done.setText(_("Your password was changed."))


class SettingsDialog(QDialog):
    def __init__(
        self,
        opened: OpenProfile,
        set_language: Callable[[str], Any],
        tab: int = GENERAL,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._set_language = set_language
        self.profile = opened
        self.setMinimumWidth(520)
        self.tabs = QTabWidget()
        general = QWidget()
        self.language = language_combo(i18n.language())
        self.language.currentIndexChanged.connect(self._language_chosen)
        self.language_label = QLabel()
        lang_form = QFormLayout(general)
        lang_form.addRow(self.language_label, self.language)
        self.password = PasswordPanel(opened)
        self.tabs.addTab(general, "")
        self.tabs.addTab(self.password, "")
        # The same list as Administration → Backups (restoring is for administrators).
        self.backups = BackupsPanel(opened)
        self.tabs.addTab(self.backups, "")
        self.buttons, self.ok = texts.button_box(_("Close"), cancel=False)
        self.buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.buttons)
        self.tabs.setCurrentIndex(tab)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Settings"))
        self.tabs.setTabText(GENERAL, _("General"))
        self.tabs.setTabText(PASSWORD, _("Password"))
        self.tabs.setTabText(BACKUPS, _("Backups"))
        self.language_label.setText(_("Language:"))
        self.ok.setText(_("Close"))

    def _language_chosen(self) -> None:
        self._set_language(str(self.language.currentData()))
        # The password tab is rebuilt in the new language (nothing typed there is kept).
        old, self.password = self.password, PasswordPanel(self.profile)
        current = self.tabs.currentIndex()
        self.tabs.removeTab(PASSWORD)
        self.tabs.insertTab(PASSWORD, self.password, "")
        self.tabs.setCurrentIndex(current)
        old.deleteLater()
        self.retranslate()
