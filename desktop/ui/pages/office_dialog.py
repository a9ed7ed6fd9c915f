"""Add or edit one office: its name, the office it reports to, and the commune(s) it serves."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core import profile
from desktop.core.i18n import N_, _, ngettext
from desktop.core.text import fold
from desktop.ui import texts
from desktop.ui.forms import Form, name_fields
from desktop.ui.widgets.search_box import make_searchable

LEVELS = {
    "province": N_("Province level"),
    "area": N_("Area level"),
    "commune": N_("Commune level"),
}


def level_label(level: str) -> str:
    return _(LEVELS.get(level, level))


class OfficeDialog(QDialog):
    """The level is fixed: chosen by the button that opened the dialog, or the office's own."""

    def __init__(
        self,
        opened: profile.OpenProfile,
        level: str,
        office: profile.OfficeRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.profile, self.level, self.office = opened, level, office
        self.saved: profile.OfficeRow | None = None
        rows = profile.office_rows(opened)
        titles = {
            "province": (_("Edit the province office"), _("Edit the province office")),
            "area": (_("New area office"), _("Edit area office")),
            "commune": (_("New commune office"), _("Edit commune office")),
        }
        self.setWindowTitle(titles[level][1 if office else 0])
        self.setMinimumWidth(560)
        self.name = QLineEdit(office.name if office else "")
        self.name.setObjectName("name")
        self._auto_name = ""  # the name filled in from the commune, while not typed over
        self.buttons, self.ok = texts.button_box(_("Save"))
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        fields = QFormLayout()
        self.form = Form(fields, self.ok)
        if level != "commune":  # a commune office's name follows its commune, below
            self.form.add("name", _("Name:"), self.name, self._name_check, required=True)

        self.parent_box = QComboBox()
        self.parent_box.setObjectName("parent")
        allowed = ("province",) if level == "area" else ("province", "area")
        for row in rows:
            if row.level in allowed and (office is None or row.id != office.id):
                self.parent_box.addItem("    " * row.depth + row.name, row.id)
        if office is not None and office.parent_id:
            self.parent_box.setCurrentIndex(self.parent_box.findData(office.parent_id))
        if level != "province":
            self.form.add(
                "parent", _("Reports to:"), self.parent_box, self._parent_check, required=True
            )

        self.communes = profile.commune_choices(opened)
        self.taken = {
            r.unit_code: r.name
            for r in rows
            if r.level == "commune"
            and r.unit_code is not None
            and (office is None or r.id != office.id)
        }
        self.commune = QComboBox()
        self.commune.setObjectName("unit_code")
        for code, name in self.communes:
            self.commune.addItem(name, code)
        make_searchable(self.commune)  # "dong dang" finds Xã Đồng Đăng
        self.commune.setCurrentIndex(-1)
        if office is not None and office.unit_code is not None:
            self.commune.setCurrentIndex(self.commune.findData(office.unit_code))
        self.commune.lineEdit().setPlaceholderText(_("Type to search…"))
        if level == "commune":
            self.form.add(
                "unit_code", _("Commune:"), self.commune, self._commune_check, required=True
            )
            self.form.add("name", _("Name:"), self.name, self._name_check, required=True)
            self.commune.editTextChanged.connect(self._commune_edited)
            self.commune.currentIndexChanged.connect(self._commune_edited)
            self.name.textEdited.connect(self._name_typed)

        self.covered_filter = QLineEdit()
        self.covered_filter.setObjectName("covered_filter")
        self.covered_filter.setPlaceholderText(_("Filter communes…"))
        self.covered_filter.textChanged.connect(self._filter_covered)
        self.covered_count = QLabel()
        self.covered_count.setObjectName("covered_count")
        self.covered = QListWidget()
        self.covered.setObjectName("area_codes")
        self.covered.setMinimumHeight(220)
        ticked = set(office.area_codes) if office else set()
        for code, name in self.communes:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if code in ticked else Qt.CheckState.Unchecked)
            self.covered.addItem(item)
        if level == "area":
            holder = QWidget()
            box = QVBoxLayout(holder)
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(self.covered_filter)
            box.addWidget(self.covered)
            box.addWidget(self.covered_count)
            self.form.add("area_codes", _("Communes it covers:"), holder, self._covered_check)
            self.covered.itemChanged.connect(self._covered_changed)

        layout = QVBoxLayout(self)
        layout.addLayout(fields)
        layout.addWidget(self.form.footer(self.buttons))
        self.form.validate()
        name_fields(self)  # every input named from its label (screen readers)

    # -- reading the fields ---------------------------------------------------------

    def parent_id(self) -> str | None:
        data = self.parent_box.currentData()
        return str(data) if data else None

    def commune_code(self) -> int | None:
        """The commune whose name is in the box (typed in full or picked), else None."""
        text = " ".join(self.commune.currentText().split())
        index = self.commune.findText(text, Qt.MatchFlag.MatchFixedString)
        return int(self.commune.itemData(index)) if index >= 0 else None

    def covered_codes(self) -> list[int]:
        return [
            int(self.covered.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.covered.count())
            if self.covered.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_covered(self, codes: set[int]) -> None:
        for i in range(self.covered.count()):
            item = self.covered.item(i)
            code = int(item.data(Qt.ItemDataRole.UserRole))
            item.setCheckState(Qt.CheckState.Checked if code in codes else Qt.CheckState.Unchecked)

    # -- checks as the officer types ------------------------------------------------

    def _name_check(self) -> str:
        return "" if self.name.text().strip() else _("Enter the office's name.")

    def _parent_check(self) -> str:
        return "" if self.parent_id() else _("Choose the office this one reports to.")

    def _commune_check(self) -> str:
        code = self.commune_code()
        if code is None:
            return _("Choose one of the province's current communes.")
        if code in self.taken:
            return _("“{name}” already serves this commune.").format(name=self.taken[code])
        return ""

    def _covered_check(self) -> str:
        n = len(self.covered_codes())
        self.covered_count.setText(
            ngettext("{n} commune ticked", "{n} communes ticked", n).format(n=n)
            if n
            else _("No commune ticked yet.")
        )
        return ""

    def _name_typed(self) -> None:
        self._auto_name = ""

    def _commune_edited(self) -> None:
        field = self.form.fields["unit_code"]
        field.touched, field.server_error = True, ""
        code = self.commune_code()
        if code is not None and (not self.name.text().strip() or self._auto_name):
            name = self.commune.itemText(self.commune.findData(code))
            if self.name.text() != name:
                self.name.setText(name)
            self._auto_name = name
        self.form.validate()

    def _covered_changed(self) -> None:
        field = self.form.fields["area_codes"]
        field.touched, field.server_error = True, ""
        self.form.validate()

    def _filter_covered(self, text: str) -> None:
        wanted = fold(text)
        for i in range(self.covered.count()):
            item = self.covered.item(i)
            item.setHidden(bool(wanted) and wanted not in fold(item.text()))

    def _unit_code(self) -> int | None:
        if self.level == "commune":
            return self.commune_code()
        return self.office.unit_code if self.office else None

    # -- saving ---------------------------------------------------------------------

    def _save(self) -> None:
        if not self.form.validate():
            return
        result = self.form.submit(
            self,
            lambda: profile.save_office(
                self.profile,
                level=self.level,
                name=self.name.text(),
                parent_id=self.parent_id() if self.level != "province" else None,
                unit_code=self._unit_code(),
                area_codes=self.covered_codes() if self.level == "area" else (),
                office_id=self.office.id if self.office else None,
            ),
        )
        if result is None:
            return
        self.saved = result
        self.accept()
