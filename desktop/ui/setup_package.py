"""First run from a setup package: the fields a district or commune laptop needs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop.core.i18n import _
from desktop.core.sync import enrol
from desktop.ui.forms import Form, password_edit, username_check


class PackageFields(QWidget):
    """Package file, passphrase, user name and password, checked as the officer types."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.file = QLineEdit()
        self.file.setObjectName("package_file")
        self.browse = QPushButton(_("Choose…"))
        self.browse.clicked.connect(self._browse)
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.file, 1)
        row.addWidget(self.browse)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setPlaceholderText("xxxx-xxxx-xxxx-xxxx-xxxx-xxxx")
        self.username = QLineEdit()
        self.username.setObjectName("package_username")
        self.password = password_edit()
        self.password.setObjectName("package_password")
        self.layout_ = QFormLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.form = Form(self.layout_)
        self.form.add("file", _("Setup package:"), holder, self._file_check, required=True)
        self.form.fields["file"].widget = self.file
        self.file.textEdited.connect(lambda: self._touch("file"))
        self.form.add(
            "passphrase", _("Passphrase from the slip:"), self.passphrase, self._pass_check,
            required=True,
        )  # fmt: skip
        self.form.add(
            "username", _("User name:"), self.username, username_check(self.username),
            required=True,
        )  # fmt: skip
        self.form.add(
            "password", _("First password:"), self.password, self._password_check, required=True
        )

    def _touch(self, name: str) -> None:
        self.form.fields[name].touched = True
        self.form.validate()

    def choose_file(self) -> Path | None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the setup package"), str(Path.home()),
            _("Khiên setup packages (*.khs);;All files (*)"),
        )  # fmt: skip
        return Path(name) if name else None

    def _browse(self) -> None:
        path = self.choose_file()
        if path is not None:
            self.file.setText(str(path))
            self._touch("file")

    def path(self) -> Path:
        return Path(self.file.text().strip())

    def _file_check(self) -> str:
        if not self.file.text().strip():
            return _("Choose the setup package file.")
        if not self.path().is_file():
            return _("There is no file at this place.")
        if self.path().stat().st_size > enrol.MAX_PACKAGE:
            return _("This file is too large to be a setup package.")
        return ""

    def _pass_check(self) -> str:
        text = self.passphrase_text()
        if len(text) < 12:
            return _("Type the passphrase exactly as printed on the slip.")
        return ""

    def passphrase_text(self) -> str:
        return "".join(self.passphrase.text().split()).lower()

    def _password_check(self) -> str:
        return "" if self.password.text() else _("Type the first password from the slip.")
