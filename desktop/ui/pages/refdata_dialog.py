"""Add or edit one reference item."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from desktop.core import profile, refdata
from desktop.core.i18n import _
from desktop.ui import texts
from desktop.ui.forms import Form


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
        self.buttons, self.ok = texts.button_box(_("Save"))
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        fields = QFormLayout()
        self.form = Form(fields, self.ok)
        self.form.add("code", _("Code:"), self.code, self._code_check, required=True)
        self.form.add("name", _("Name (Vietnamese):"), self.name, self._name_check, required=True)
        self.form.add("name_en", _("Name in English:"), self.name_en)
        self.form.add("detail", _("Note:"), self.detail)
        layout = QVBoxLayout(self)
        layout.addLayout(fields)
        layout.addWidget(self.form.footer(self.buttons))
        self.form.validate()

    def _code_check(self) -> str:
        code = self.code.text().strip()
        if not code or len(code) > 40 or any(ch.isspace() for ch in code):
            return _("A code is one word of at most 40 characters.")
        return ""

    def _name_check(self) -> str:
        return "" if self.name.text().strip() else _("Enter a name.")

    def _save(self) -> None:
        if not self.form.validate():
            return
        result = self.form.submit(
            self,
            lambda: profile.save_reference_item(
                self.profile,
                kind=self.kind,
                code=self.code.text(),
                name=self.name.text(),
                name_en=self.name_en.text(),
                detail=self.detail.text(),
                item_id=self.item.id if self.item else None,
            ),
        )
        if result is None:
            return
        self.saved = result
        self.accept()
