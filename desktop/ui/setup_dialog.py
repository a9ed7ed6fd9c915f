"""First run: create the provincial installation and its administrator."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from vietnam_provinces import Province

from desktop.core import profile
from desktop.core.errors import KhienError, ValidationError
from desktop.core.i18n import _
from desktop.core.sync import enrol
from desktop.ui import texts
from desktop.ui.forms import (
    Form,
    ReasonLine,
    footer,
    name_fields,
    password_check,
    password_edit,
    say_why,
    set_tone,
    username_check,
)
from desktop.ui.ops import Op, error_text
from desktop.ui.setup_package import PackageFields

DEFAULT_PROVINCE = 20  # Lạng Sơn
_FIELD_OF = {"username": "username", "password": "password", "full_name": "full_name"}


def office_default(province_name: str) -> str:
    # The same sentence the core uses when no office name is given.
    return _("{province} provincial office").format(province=province_name)


class SetupDialog(QDialog):
    created = Signal(object, str)  # OpenProfile, recovery identity ("" when none)

    def __init__(self, data_dir: Path) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.op: Op | None = None
        self.error_box = None
        self.setWindowTitle(_("Set up Khiên"))
        self.setMinimumWidth(620)
        intro = QLabel(
            _(
                "Khiên has no data on this computer yet. Set it up once; you become its "
                "administrator."
            )
        )
        intro.setWordWrap(True)

        kind_box = QGroupBox(_("What is this computer?"))
        self.as_province = QRadioButton(_("The provincial office: create a new installation"))
        self.as_province.setChecked(True)
        self.from_package = QRadioButton(
            _("A district or commune laptop: start from a setup package")
        )
        self.from_package.setObjectName("from_package")
        package_note = QLabel(
            _(
                "The provincial office gives a new laptop a setup package (on a USB stick) "
                "and a printed slip with its passphrase, user name and first password."
            )
        )
        package_note.setWordWrap(True)
        set_tone(package_note, "note")
        kind_layout = QVBoxLayout(kind_box)
        for w in (self.as_province, self.from_package, package_note):
            kind_layout.addWidget(w)
        self.package = PackageFields()
        self.package.form.validity_changed.connect(lambda _ok: self._update_ok())
        self.as_province.toggled.connect(self._kind_changed)

        self.province = QComboBox()
        self.province.setObjectName("province")
        for p in sorted(Province.iter_all(), key=lambda p: int(p.code)):
            self.province.addItem(p.name, int(p.code))
        self.province.setCurrentIndex(self.province.findData(DEFAULT_PROVINCE))
        self.office = QLineEdit(office_default(self.province.currentText()))
        self._office_edited = False
        self.office.textEdited.connect(self._office_typed)
        self.province.currentIndexChanged.connect(self._province_changed)
        self.username = QLineEdit()
        self.full_name = QLineEdit()
        self.password = password_edit()
        self.confirm = password_edit()
        self.buttons, self.ok = texts.button_box(_("Create"))
        self.buttons.accepted.connect(self._create)
        self.buttons.rejected.connect(self.reject)

        fields = QFormLayout()
        self.form = Form(fields)
        self.form.validity_changed.connect(lambda _ok: self._update_ok())
        self.form.add("province", _("Province:"), self.province)
        self.form.add("office", _("Office name:"), self.office, self._office_check, required=True)
        self.form.add(
            "username",
            _("Administrator's user name:"),
            self.username,
            username_check(self.username),
            required=True,
        )
        self.form.add("full_name", _("Full name:"), self.full_name, self._name_check, required=True)
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
        layout.addWidget(intro)
        layout.addWidget(kind_box)
        self.province_fields = QWidget()
        self.province_fields.setLayout(fields)
        fields.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.province_fields)
        layout.addWidget(self.package)
        self.reason_line = ReasonLine()
        layout.addWidget(footer(self.buttons, self.reason_line))
        self._kind_changed()
        name_fields(self)  # every input named from its label (screen readers)

    def _kind_changed(self) -> None:
        province = self.as_province.isChecked()
        self.province_fields.setVisible(province)
        self.package.setVisible(not province)
        self.ok.setText(_("Create") if province else _("Start"))
        self._update_ok()

    def _update_ok(self) -> None:
        form = self.form if self.as_province.isChecked() else self.package.form
        say_why([self.ok], self.reason_line, form.why_not())

    def _office_typed(self) -> None:
        self._office_edited = True

    def _province_changed(self) -> None:
        if not self._office_edited:
            self.office.setText(office_default(self.province.currentText()))

    def _office_check(self) -> str:
        return "" if self.office.text().strip() else _("Enter the office's name.")

    def _name_check(self) -> str:
        return "" if self.full_name.text().strip() else _("Enter the person's full name.")

    def _confirm_check(self) -> str:
        return "" if self.confirm.text() == self.password.text() else _("The two passwords differ.")

    def _create(self) -> None:
        if not self.as_province.isChecked():
            self._start_from_package()
            return
        if not self.form.validate():
            return
        self.ok.setEnabled(False)
        args = {
            "province_code": int(self.province.currentData()),
            "admin_username": self.username.text().strip(),
            "admin_password": self.password.text(),
            "admin_full_name": self.full_name.text().strip(),
            "office_name": self.office.text().strip(),
        }
        self.op = Op(
            self,
            _("Creating the installation…"),
            lambda: profile.create_province(self.data_dir, **args),
            cancellable=False,
        )
        self.op.on_success(self._done).on_failure(self._failed).run()

    def _start_from_package(self) -> None:
        fields = self.package
        if not fields.form.validate():
            return
        try:
            data = enrol.read_package(fields.path())
        except KhienError as exc:
            fields.form.set_error("file", exc.message)
            return
        self.ok.setEnabled(False)
        args = (fields.passphrase_text(), fields.username.text().strip(), fields.password.text())
        self.op = Op(
            self,
            _("Starting this laptop from the setup package…"),
            lambda: enrol.start_from_package(self.data_dir, data, *args),
            cancellable=False,
        )
        self.op.on_success(lambda opened: self._done((opened, None)))
        self.op.on_failure(self._package_failed).run()

    def _package_failed(self, exc: BaseException) -> None:
        self._update_ok()
        self.error_box = texts.show_error(self, error_text(exc))

    def _failed(self, exc: BaseException) -> None:
        self.form.validate()
        if isinstance(exc, ValidationError) and exc.field in _FIELD_OF:
            self.form.set_error(_FIELD_OF[exc.field], exc.message)
        else:
            texts.show_error(self, error_text(exc))

    def _done(self, result: tuple[profile.OpenProfile, str | None]) -> None:
        opened, identity = result
        self.accept()
        self.created.emit(opened, identity or "")
