"""Administration → Enrol a laptop: write a setup package and print the slip.

The passphrase and the first password exist only in this dialog and on the slip: the
province keeps nothing of the passphrase."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.core import i18n, profile
from desktop.core.errors import KhienError, ValidationError
from desktop.core.i18n import _, ngettext
from desktop.core.security import roles
from desktop.core.security.roles import Role
from desktop.core.sync import enrol
from desktop.core.text import matches
from desktop.ui import texts
from desktop.ui.forms import Form, name_fields, password_check, username_check
from desktop.ui.ops import Op, error_text
from desktop.ui.pages.office_dialog import level_label
from desktop.ui.widgets.search_box import FoldCompleter
from desktop.ui.window_state import fit_to_screen

ROLES = {"commune": Role.COMMUNE_OFFICER, "area": Role.DISTRICT_OFFICER}
_PASSWORD_LETTERS = "abcdefghjkmnpqrstuvwxyz23456789"


def new_first_password() -> str:
    """A first password that is easy to type from the slip: 10 letters and digits."""
    return "".join(secrets.choice(_PASSWORD_LETTERS) for _n in range(10))


def write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".part")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise KhienError(_("The setup package could not be written to the chosen file.")) from exc


class PackageWriter:
    """What the enrol and the replace-a-laptop dialogs share: the file chosen, the package
    written by the op runner, the slip shown. The dialog provides the fields below."""

    profile: profile.OpenProfile
    form: Form
    ok: QPushButton
    username: QLineEdit
    full_name: QLineEdit
    password: QLineEdit
    passphrase: str
    op: Op | None
    slip: SlipDialog | None
    written: Path | None

    def slip_office(self) -> str:
        raise NotImplementedError

    def choose_target(self) -> Path | None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save the setup package"), str(Path.home() / "khien-setup.khs"),  # type: ignore[arg-type]
            _("Khiên setup packages (*.khs)"),
        )  # fmt: skip
        return Path(name) if name else None

    def start_writing(self, make: Callable[[], bytes]) -> Op | None:
        """Ask for the file, then write the package *make* returns (in the op runner)."""
        if not self.form.validate():
            return None
        target = self.choose_target()
        if target is None:
            return None

        def job() -> Path:
            write_atomically(target, make())
            return target

        self.ok.setEnabled(False)
        self.op = Op(self, _("Writing the setup package…"), job, cancellable=False)  # type: ignore[arg-type]
        self.op.on_success(self._written).on_failure(self._failed).run()
        return self.op

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError) and exc.field in self.form.fields:
            self.form.set_error(exc.field, exc.message)
        else:
            self.form.validate()
            texts.show_error(self, error_text(exc))  # type: ignore[arg-type]

    def _written(self, path: Path) -> None:
        self.written = path
        self.slip = SlipDialog(
            slip_html(
                office=self.slip_office(), username=self.username.text().strip(),
                full_name=self.full_name.text().strip(), password=self.password.text(),
                passphrase=self.passphrase, file_name=path.name,
            ),
            self,  # type: ignore[arg-type]
        )  # fmt: skip
        self.slip.finished.connect(lambda _r: self.accept())  # type: ignore[attr-defined]
        self.slip.open()


class EnrolDialog(PackageWriter, QDialog):
    def __init__(self, opened: profile.OpenProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = opened
        self.op: Op | None = None
        self.slip: SlipDialog | None = None
        self.written: Path | None = None
        self.setWindowTitle(_("Enrol a laptop"))
        self.setMinimumWidth(600)
        intro = QLabel(
            _(
                "Khiên writes a setup package for the new laptop and a slip to print. Carry "
                "the package on a USB stick and the slip by hand, separately."
            )
        )
        intro.setWordWrap(True)
        self.level = QComboBox()
        self.level.setObjectName("level")
        for level in ("commune", "area"):
            self.level.addItem(level_label(level), level)
        self.level.currentIndexChanged.connect(self._level_changed)
        rows = profile.office_rows(opened)
        self.taken = {r.unit_code: r.name for r in rows if r.level == "commune" and r.unit_code}
        self.parent_box = QComboBox()
        self.parent_box.setObjectName("parent")
        self.parent_levels: dict[str, str] = {}
        for row in rows:
            if row.level in ("province", "area"):
                self.parent_box.addItem("    " * row.depth + row.name, row.id)
                self.parent_levels[row.id] = row.level
        self.commune = QComboBox()
        self.commune.setObjectName("unit_code")
        self.commune.setEditable(True)
        self.commune.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for code, name in profile.commune_choices(opened):
            self.commune.addItem(name, code)
        # Offers the communes the typed words match, without diacritics, anywhere.
        self.commune.setCompleter(FoldCompleter(self.commune.model(), self.commune))
        self.commune.setCurrentIndex(-1)
        self.commune.lineEdit().setPlaceholderText(_("Type to search…"))
        self.commune.editTextChanged.connect(self._commune_edited)
        self.commune.currentIndexChanged.connect(self._commune_edited)
        # An area office covers some of the province's communes: ticked in a filtered list.
        self.covered_filter = QLineEdit()
        self.covered_filter.setObjectName("covered_filter")
        self.covered_filter.setPlaceholderText(_("Filter communes…"))
        self.covered_filter.textChanged.connect(self._filter_covered)
        self.covered = QListWidget()
        self.covered.setObjectName("area_codes")
        self.covered.setMinimumHeight(160)
        for code, name in profile.commune_choices(opened):
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.covered.addItem(item)
        self.covered.itemChanged.connect(lambda _item: self.form.validate())
        self.covered_count = QLabel()
        self.covered_count.setObjectName("covered_count")
        covered_box = QWidget()
        covered_layout = QVBoxLayout(covered_box)
        covered_layout.setContentsMargins(0, 0, 0, 0)
        covered_layout.addWidget(self.covered_filter)
        covered_layout.addWidget(self.covered)
        covered_layout.addWidget(self.covered_count)
        self.office = QLineEdit()
        self.office.setObjectName("office_name")
        self._auto_name = ""
        self.office.textEdited.connect(self._office_typed)
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.full_name = QLineEdit()
        self.full_name.setObjectName("full_name")
        self.role = QComboBox()
        self.role.setObjectName("role")
        self.password = QLineEdit(new_first_password())
        self.password.setObjectName("password")
        self.passphrase = enrol.new_passphrase()
        self.buttons, self.ok = texts.button_box(_("Write the setup package…"))
        self.buttons.accepted.connect(self.write_package)
        self.buttons.rejected.connect(self.reject)

        fields = QFormLayout()
        self.fields_layout = fields
        self.form = Form(fields, self.ok)
        self.form.add("level", _("Level:"), self.level)
        self.form.add("unit_code", _("Commune:"), self.commune, self._commune_check, required=True)
        self.form.add(
            "parent", _("Reports to:"), self.parent_box, self._parent_check, required=True
        )
        self.form.add("area_codes", _("Communes it covers:"), covered_box, self._covered_check)
        self.form.add(
            "office_name", _("Office name:"), self.office, self._office_check, required=True
        )
        self.form.add(
            "username", _("First officer's user name:"), self.username,
            username_check(self.username), required=True,
        )  # fmt: skip
        self.form.add("full_name", _("Full name:"), self.full_name, self._name_check, required=True)
        self.form.add("role", _("Role:"), self.role)
        self.form.add(
            "password", _("First password:"), self.password, password_check(self.password),
            required=True,
        )  # fmt: skip
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(fields)
        layout.addWidget(self.form.footer(self.buttons))
        self._level_changed()
        name_fields(self)  # every input named from its label (screen readers)

    # -- fields ---------------------------------------------------------------------

    def chosen_level(self) -> str:
        return str(self.level.currentData())

    def commune_code(self) -> int | None:
        text = " ".join(self.commune.currentText().split())
        index = self.commune.findText(text, Qt.MatchFlag.MatchFixedString)
        return int(self.commune.itemData(index)) if index >= 0 else None

    def covered_codes(self) -> list[int]:
        """The communes ticked for an area office."""
        return [
            int(self.covered.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.covered.count())
            if self.covered.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _filter_covered(self, text: str) -> None:
        for i in range(self.covered.count()):
            item = self.covered.item(i)
            item.setHidden(not matches(text, item.text()))

    def _covered_check(self) -> str:
        n = len(self.covered_codes())
        self.covered_count.setText(
            ngettext("{n} commune ticked", "{n} communes ticked", n).format(n=n)
            if n
            else _("No commune ticked yet.")
        )
        return ""

    def _level_changed(self) -> None:
        commune = self.chosen_level() == "commune"
        self.commune.setEnabled(commune)
        self.form.labels["unit_code"].setEnabled(commune)
        self.fields_layout.setRowVisible(self.form.labels["unit_code"], commune)
        self.fields_layout.setRowVisible(self.form.labels["area_codes"], not commune)
        self.role.clear()
        role = ROLES[self.chosen_level()]
        self.role.addItem(roles.label(role), role.value)
        self.form.validate()

    def _commune_edited(self) -> None:
        field = self.form.fields["unit_code"]
        field.touched, field.server_error = True, ""
        code = self.commune_code()
        if code is not None and (not self.office.text().strip() or self._auto_name):
            name = self.commune.itemText(self.commune.findData(code))
            self.office.setText(name)
            self._auto_name = name
        self.form.validate()

    def _office_typed(self) -> None:
        self._auto_name = ""

    def _commune_check(self) -> str:
        if self.chosen_level() != "commune":
            return ""
        code = self.commune_code()
        if code is None:
            return _("Choose one of the province's current communes.")
        if code in self.taken:
            return _("“{name}” already serves this commune.").format(name=self.taken[code])
        return ""

    def _parent_check(self) -> str:
        parent = self.parent_box.currentData()
        if not parent:
            return _("Choose the office this one reports to.")
        if self.chosen_level() == "area" and self.parent_levels.get(str(parent)) != "province":
            return _("An area office reports to the province office.")
        return ""

    def _office_check(self) -> str:
        return "" if self.office.text().strip() else _("Enter the office's name.")

    def _name_check(self) -> str:
        return "" if self.full_name.text().strip() else _("Enter the person's full name.")

    # -- writing --------------------------------------------------------------------

    def slip_office(self) -> str:
        return self.office.text().strip()

    def write_package(self) -> Op | None:
        level = self.chosen_level()
        args = {
            "level": level,
            "unit_code": self.commune_code() if level == "commune" else None,
            "office_name": self.office.text().strip(),
            "parent_office_id": str(self.parent_box.currentData()),
            "username": self.username.text().strip(),
            "full_name": self.full_name.text().strip(),
            "role": str(self.role.currentData()),
            "password": self.password.text(),
            "passphrase": self.passphrase,
            "area_codes": self.covered_codes() if level == "area" else [],
        }
        return self.start_writing(lambda: enrol.make_setup_package(self.profile, **args))


def slip_html(
    *, office: str, username: str, full_name: str, password: str, passphrase: str, file_name: str
) -> str:
    def esc(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    rows = [
        (_("Office"), office),
        (_("Officer"), full_name),
        (_("User name"), username),
        (_("First password"), password),
        (_("Setup passphrase"), passphrase),
        (_("Setup package file"), file_name),
    ]
    cells = "".join(
        f"<tr><td style='padding:4px 12px 4px 0'>{esc(k)}</td>"
        f"<td style='padding:4px 0; font-family: monospace; font-size: 13pt'><b>{esc(v)}</b></td>"
        "</tr>"
        for k, v in rows
    )
    title = _("Khiên — setup slip for a new laptop")
    printed = _("Printed on {date}.").format(date=i18n.format_date(dt.date.today()))
    how = _(
        "On the new laptop, start Khiên, choose “start from a setup package”, pick the "
        "package file and type the passphrase, the user name and the first password "
        "exactly as printed here."
    )
    keep = _(
        "Keep this slip apart from the USB stick and destroy it once the laptop is "
        "started: the passphrase opens the package, and the province keeps no copy of it."
    )
    return (
        f"<h2>{esc(title)}</h2><p>{esc(printed)}</p><table>{cells}</table>"
        f"<p>{esc(how)}</p><p><b>{esc(keep)}</b></p>"
    )


class SlipDialog(QDialog):
    """The slip on screen, with Print… and Save as PDF…"""

    def __init__(self, html: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.html = html
        self.setWindowTitle(_("Setup slip"))
        fit_to_screen(self, 640, 560)
        self.view = QTextBrowser()
        self.view.setObjectName("slip")
        self.view.setAccessibleName(self.windowTitle())
        self.view.setHtml(html)
        self.print_button = QPushButton(_("Print…"))
        self.print_button.clicked.connect(self.print_slip)
        self.pdf_button = QPushButton(_("Save slip as PDF…"))
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        box, self.ok = texts.button_box(_("Close"), cancel=False)
        box.addButton(self.print_button, box.ButtonRole.ActionRole)
        box.addButton(self.pdf_button, box.ButtonRole.ActionRole)
        box.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(_("The package is written. Print this slip now: it is shown only once."))
        )
        layout.addWidget(self.view, 1)
        layout.addWidget(box)
        name_fields(self)  # every input named from its label (screen readers)

    def document(self) -> QTextDocument:
        doc = QTextDocument()
        doc.setHtml(self.html)
        return doc

    def print_slip(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        dlg = QPrintDialog(printer, self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self.document().print_(printer)

    def choose_pdf(self) -> Path | None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save slip as PDF…"), str(Path.home() / "khien-slip.pdf"), "PDF (*.pdf)"
        )
        return Path(name) if name else None

    def save_pdf(self, path: Path | None = None) -> Path | None:
        path = path or self.choose_pdf()
        if path is None:
            return None
        writer = QPdfWriter(str(path))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setPageMargins(QMarginsF(20, 20, 20, 20), QPageLayout.Unit.Millimeter)
        self.document().print_(writer)
        return path
