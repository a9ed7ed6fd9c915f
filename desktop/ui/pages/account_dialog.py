"""Create an account: user name, full name, role, office, password twice."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from desktop.core import profile
from desktop.core.i18n import _
from desktop.core.security import roles
from desktop.ui import texts
from desktop.ui.forms import Form, name_fields, password_check, password_edit, username_check


class AccountDialog(QDialog):
    def __init__(self, opened: profile.OpenProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = opened
        self.created_id: str | None = None
        self.setWindowTitle(_("New account"))
        self.setMinimumWidth(540)
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.full_name = QLineEdit()
        self.full_name.setObjectName("full_name")
        self.role = QComboBox()
        for role in roles.Role:
            self.role.addItem(roles.label(role), role.value)
        self.role.setCurrentIndex(self.role.findData(roles.Role.COMMUNE_OFFICER.value))
        self.office = QComboBox()
        for office_id, name, depth in profile.office_choices(opened):
            self.office.addItem("    " * depth + name, office_id)
        self.password = password_edit()
        self.confirm = password_edit()
        self.buttons, self.ok = texts.button_box(_("Create account"))
        self.buttons.accepted.connect(self._create)
        self.buttons.rejected.connect(self.reject)
        fields = QFormLayout()
        self.form = Form(fields, self.ok)
        self.form.add(
            "username", _("User name:"), self.username, username_check(self.username),
            required=True,
        )  # fmt: skip
        self.form.add("full_name", _("Full name:"), self.full_name, self._name_check, required=True)
        self.form.add("role", _("Role:"), self.role)
        self.form.add("office", _("Office:"), self.office, self._office_check, required=True)
        self.form.add(
            "password", _("Password:"), self.password, password_check(self.password),
            required=True,
        )  # fmt: skip
        self.form.add(
            "confirm", _("Repeat the password:"), self.confirm, self._confirm_check,
            required=True,
        )  # fmt: skip
        self.password.textEdited.connect(lambda: self.form.validate())
        layout = QVBoxLayout(self)
        layout.addLayout(fields)
        layout.addWidget(self.form.footer(self.buttons))
        self.form.validate()
        name_fields(self)  # every input named from its label (screen readers)

    def _name_check(self) -> str:
        return "" if self.full_name.text().strip() else _("Enter the person's full name.")

    def _office_check(self) -> str:
        return "" if self.office.currentData() else _("Choose the account's office.")

    def _confirm_check(self) -> str:
        return "" if self.confirm.text() == self.password.text() else _("The two passwords differ.")

    def _create(self) -> None:
        if not self.form.validate():
            return
        result = self.form.submit(
            self,
            lambda: self.profile.create_account(
                username=self.username.text().strip(),
                full_name=self.full_name.text().strip(),
                role=str(self.role.currentData()),
                office_id=str(self.office.currentData()),
                password=self.password.text(),
            ),
        )
        if result is None:
            return
        self.created_id = result
        self.accept()
