"""Forgot password: the province's recovery identity gives an account a new password."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import KhienError
from desktop.core.i18n import _
from desktop.ui import texts
from desktop.ui.forms import Form, name_fields, password_check, password_edit, username_check

log = logging.getLogger(__name__)
MAX_IDENTITY_FILE = 64 * 1024


class RecoveryDialog(QDialog):
    recovered = Signal(str)  # the user name that has a new password

    def __init__(self, data_dir: Path, username: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.data_dir = data_dir
        self.setWindowTitle(_("Recover access"))
        self.setMinimumWidth(560)
        intro = QLabel(
            _(
                "The province keeps a recovery key for this installation. Load its file or "
                "paste its text, then choose a new password for the account."
            )
        )
        intro.setWordWrap(True)
        self.identity = QPlainTextEdit()
        self.identity.setObjectName("identity")
        self.identity.setTabChangesFocus(True)  # a key has no tabs: Tab goes on to the next field
        self.identity.setPlaceholderText("AGE-SECRET-KEY-…")
        self.identity.setFixedHeight(70)
        self.load = QPushButton(_("Choose file…"))
        self.load.setAutoDefault(False)  # Enter sets the password; it never opens a picker
        self.load.clicked.connect(self._choose_file)
        self.username = QLineEdit(username)
        self.new = password_edit()
        self.confirm = password_edit()
        self.buttons, self.ok = texts.button_box(_("Set new password"))
        self.buttons.accepted.connect(self._recover)
        self.buttons.rejected.connect(self.reject)

        layout_form = QFormLayout()
        self.form = Form(layout_form, self.ok)
        self.form.add(
            "identity", _("Recovery key:"), self.identity, self._identity_check, required=True
        )
        layout_form.addRow("", self.load)
        self.form.add(
            "username", _("User name:"), self.username, username_check(self.username),
            required=True,
        )  # fmt: skip
        self.form.add("new", _("New password:"), self.new, password_check(self.new), required=True)
        self.form.add("confirm", _("Repeat it:"), self.confirm, self._confirm_check, required=True)
        self.new.textEdited.connect(lambda: self.form.validate())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(layout_form)
        layout.addWidget(self.form.footer(self.buttons))
        self.form.validate()
        name_fields(self)  # every input named from its label (screen readers)

    def _identity_check(self) -> str:
        if not self.identity.toPlainText().strip():
            return _("Load the recovery key file or paste its text.")
        return ""

    def _confirm_check(self) -> str:
        if self.confirm.text() != self.new.text():
            return _("The two passwords differ.")
        return ""

    def _choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the recovery key file"), "", _("Text files (*.txt);;All files (*)")
        )
        if name:
            self.load_file(Path(name))

    def load_file(self, path: Path) -> None:
        try:
            if path.stat().st_size > MAX_IDENTITY_FILE:
                raise ValueError("too large")
            text = path.read_text(encoding="utf-8")
        except (OSError, ValueError, UnicodeDecodeError):
            texts.show_error(self, _("This file cannot be read as a recovery key."))
            return
        self.identity.setPlainText(text.strip())

    def _recover(self) -> None:
        if not self.form.validate():
            return
        from desktop.core import profile
        from desktop.ui.ops import error_text

        name = self.username.text().strip()
        try:
            profile.recover_access(
                self.data_dir, self.identity.toPlainText().strip(), name, self.new.text()
            )
        except KhienError as exc:
            texts.show_error(self, exc.message)
            return
        except Exception as exc:
            log.exception("Recovery failed")
            texts.show_error(self, error_text(exc))
            return
        self.accept()
        self.recovered.emit(name)
