"""Sign in: user name, password, language; a one-line reason when it fails."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from desktop.core import i18n
from desktop.core.errors import KhienError
from desktop.core.i18n import _
from desktop.ui import texts
from desktop.ui.forms import name_fields, password_edit, set_alert
from desktop.ui.prefs import Prefs
from desktop.ui.preload import Preload
from desktop.ui.recovery_dialog import RecoveryDialog

log = logging.getLogger(__name__)

# Each language is named in itself, so anyone can find their own.
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


def language_combo(current: str) -> QComboBox:
    combo = QComboBox()
    for code, name in LANGUAGE_NAMES.items():
        combo.addItem(name, code)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


class LoginDialog(QDialog):
    signed_in = Signal(object)  # OpenProfile

    def __init__(self, data_dir: Path, prefs: Prefs) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.prefs = prefs
        self.recovery: RecoveryDialog | None = None
        # Importing the database layer while the officer types (the launcher's): signing in
        # waits for its first part, so that both threads never import the same modules.
        self.preload: Preload | None = None
        self.setMinimumWidth(440)

        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.username = QLineEdit(prefs.last_username)
        self.username.setObjectName("username")
        self.password = password_edit()
        self.password.setObjectName("password")
        self.language = language_combo(i18n.language())
        self.language.currentIndexChanged.connect(self._language_chosen)
        form = QFormLayout()
        self.username_label, self.password_label = QLabel(), QLabel()
        self.language_label = QLabel()
        form.addRow(self.username_label, self.username)
        form.addRow(self.password_label, self.password)
        form.addRow(self.language_label, self.language)

        self.error = QLabel()
        self.error.setObjectName("error")
        set_alert(self.error)
        self.error.setWordWrap(True)
        self.error.hide()
        self.forgot = QPushButton()
        self.forgot.setFlat(True)
        self.forgot.setAutoDefault(False)  # Enter signs in; it never opens the recovery
        self.forgot.setCursor(Qt.CursorShape.PointingHandCursor)
        # The palette's link colour: blue on the light theme, yellow on the black one.
        self.forgot.setStyleSheet("text-decoration: underline; color: palette(link);")
        self.forgot.clicked.connect(self._forgot)
        self.buttons, self.ok = texts.button_box()
        self.buttons.accepted.connect(self._sign_in)
        self.buttons.rejected.connect(self.reject)

        bottom = QHBoxLayout()
        bottom.addWidget(self.forgot)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(bottom)
        self.retranslate()
        (self.password if prefs.last_username else self.username).setFocus()
        name_fields(self)  # every input named from its label (screen readers)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Sign in to Khiên"))
        self.heading.setText("Khiên")
        self.intro.setText(_("Records of outreach and trafficking cases, kept on this computer."))
        self.username_label.setText(_("&User name:"))
        self.password_label.setText(_("&Password:"))
        self.language_label.setText(_("&Language:"))
        self.username_label.setBuddy(self.username)
        self.password_label.setBuddy(self.password)
        self.language_label.setBuddy(self.language)
        self.forgot.setText(_("Forgot password?"))
        self.ok.setText(_("Sign in"))
        self.buttons.buttons()[-1].setText(_("Cancel"))

    def _language_chosen(self) -> None:
        lang = self.language.currentData()
        i18n.set_language(lang)
        self.prefs.language = lang
        self.prefs.save()
        self.error.hide()
        self.retranslate()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _sign_in(self) -> None:
        name = self.username.text().strip()
        if not name or not self.password.text():
            self.show_error(_("Enter your user name and password."))
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        if self.preload is not None:
            self.preload.wait_core()
        from desktop.core import profile

        try:
            opened = profile.open_profile(self.data_dir, name, self.password.text())
        except KhienError as exc:
            self.show_error(exc.message)
            self.password.clear()
            self.password.setFocus()
            return
        except Exception:
            log.exception("Sign-in failed")
            self.show_error(_("The profile could not be opened; the details are in the log."))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.password.clear()
        self.prefs.last_username = opened.user.username
        self.prefs.save()
        self.accept()
        self.signed_in.emit(opened)

    def _forgot(self) -> None:
        self.recovery = RecoveryDialog(self.data_dir, self.username.text().strip(), self)
        self.recovery.recovered.connect(self._recovered)
        self.recovery.open()

    def _recovered(self, username: str) -> None:
        self.username.setText(username)
        self.password.clear()
        self.password.setFocus()
        self.error.hide()
        texts.show_info(self, _("The password was changed. Sign in with the new password."))
