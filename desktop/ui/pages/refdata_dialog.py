"""Add or edit one reference item, with the days it is valid (empty = open)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from desktop.core import i18n, profile, refdata
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.ui import texts
from desktop.ui.forms import Form, name_fields


class RefItemDialog(QDialog):
    def __init__(
        self,
        opened: profile.OpenProfile,
        kind: str,
        item: refdata.ItemView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.profile, self.kind, self.item = opened, kind, item
        self.saved: refdata.ItemView | None = None
        list_name = _(refdata.KINDS[kind])
        title = _("Edit item in “{list}”") if item else _("New item in “{list}”")
        self.setWindowTitle(title.format(list=list_name))
        self.setMinimumWidth(520)
        self.code = QLineEdit(item.code if item else "")
        self.code.setObjectName("code")
        self.name = QLineEdit(item.name if item else "")
        self.name.setObjectName("name")
        self.name_en = QLineEdit(item.name_en if item else "")
        self.detail = QLineEdit(item.detail if item else "")
        self.valid_from = QLineEdit(i18n.format_date(item.valid_from) if item else "")
        self.valid_from.setObjectName("valid_from")
        self.valid_to = QLineEdit(i18n.format_date(item.valid_to) if item else "")
        self.valid_to.setObjectName("valid_to")
        for box in (self.valid_from, self.valid_to):
            box.setPlaceholderText(_("dd/mm/yyyy, empty: no limit"))
        self.buttons, self.ok = texts.button_box(_("Save"))
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        fields = QFormLayout()
        self.form = Form(fields, self.ok)
        self.form.add("code", _("Code:"), self.code, self._code_check, required=True)
        self.form.add("name", _("Name (Vietnamese):"), self.name, self._name_check, required=True)
        self.form.add("name_en", _("Name in English:"), self.name_en)
        self.form.add("detail", _("Note:"), self.detail)
        self.form.add("valid_from", _("Valid from:"), self.valid_from, self._from_check)
        self.form.add("valid_to", _("Valid to:"), self.valid_to, self._to_check)
        self.commune: QComboBox | None = None
        if kind == "border_gate":  # the commune the gate stands in, since July 2025
            self.commune = QComboBox()
            self.commune.setObjectName("unit_code")
            self.commune.addItem(_("— none —"), None)
            for code, name in profile.commune_choices(opened):
                self.commune.addItem(name, code)
            current = item.unit_code if item else None
            self.commune.setCurrentIndex(max(self.commune.findData(current), 0))
            self.form.add("unit_code", _("Commune:"), self.commune)
        layout = QVBoxLayout(self)
        layout.addLayout(fields)
        layout.addWidget(self.form.footer(self.buttons))
        self.form.validate()
        name_fields(self)  # every input named from its label (screen readers)

    def _code_check(self) -> str:
        code = self.code.text().strip()
        if not code or len(code) > 40 or any(ch.isspace() for ch in code):
            return _("A code is one word of at most 40 characters.")
        return ""

    def _name_check(self) -> str:
        return "" if self.name.text().strip() else _("Enter a name.")

    @staticmethod
    def _day(box: QLineEdit) -> dt.date | None:
        """The day typed in *box*, None when empty; raises ValidationError."""
        text = box.text().strip()
        return i18n.parse_date(text) if text else None

    def _from_check(self) -> str:
        try:
            self._day(self.valid_from)
        except ValidationError as exc:
            return exc.message
        return ""

    def _to_check(self) -> str:
        try:
            last = self._day(self.valid_to)
        except ValidationError as exc:
            return exc.message
        try:
            refdata.check_dates(self._day(self.valid_from), last)
        except ValidationError as exc:
            return exc.message  # a bad first day is said next to its own field
        return ""

    def _save(self) -> None:
        if not self.form.validate():
            return
        result = self.form.submit(
            self,
            lambda: refdata.save(
                self.profile,
                kind=self.kind,
                code=self.code.text(),
                name=self.name.text(),
                name_en=self.name_en.text(),
                detail=self.detail.text(),
                item_id=self.item.id if self.item else None,
                valid_from=self._day(self.valid_from),
                valid_to=self._day(self.valid_to),
                unit_code=(
                    self.commune.currentData() if self.commune is not None else refdata.UNCHANGED
                ),
            ),
        )
        if result is None:
            return
        self.saved = result
        self.accept()
