"""Edit the identity of the person of a case: only for roles that record cases and may see
identity (opening it is the audited identity read of ``views.get_case``). The same fields
as the receive form — home province and commune anywhere in Viet Nam, the age at reception
worked out as it is typed — and the person's group in the words of Law 53/2024."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.core import i18n, profile
from desktop.core.cases import persons, rules, service, views
from desktop.core.errors import KhienError, ValidationError
from desktop.core.i18n import _
from desktop.ui import texts
from desktop.ui.forms import Form, core_check, name_fields, set_alert
from desktop.ui.pages.person_fields import (
    PersonFields,
    age_text,
    child_text,
    top_aligned,
)
from desktop.ui.window_state import fit_to_screen


class PersonDialog(QDialog):
    def __init__(
        self, opened: profile.OpenProfile, case_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.profile, self.case_id = opened, case_id
        detail = views.get_case(opened, case_id)
        ident = detail.identity
        if ident is None:  # the case dialog does not offer this to masked roles
            raise KhienError(_("Your role may not see or change a person's identity."))
        self.received = detail.received_on
        self.setWindowTitle(_("Person of case {code}").format(code=detail.code))
        fit_to_screen(self, 700, 720)  # the photo beside the fields, no sideways scrolling
        self.full_name = QLineEdit(ident.full_name)
        self.full_name.setObjectName("full_name")
        self.sex = QComboBox()
        self.sex.setObjectName("sex")
        self.sex.addItem(_("— choose —"), None)
        for code, label in rules.SEXES.items():
            self.sex.addItem(_(label), code)
        self.sex.setCurrentIndex(max(self.sex.findData(detail.sex), 0))
        self.birth_date = QLineEdit(i18n.format_date(ident.birth_date) if ident.birth_date else "")
        self.birth_date.setObjectName("birth_date")
        self.birth_date.setPlaceholderText(_("dd/mm/yyyy"))
        self.birth_year = QLineEdit(
            str(ident.birth_year) if ident.birth_year and not ident.birth_date else ""
        )
        self.birth_year.setObjectName("birth_year")
        self.birth_year.setPlaceholderText(_("when the exact date is unknown"))
        self.age_line = QLabel()
        self.age_line.setObjectName("age_line")
        self.age_line.setWordWrap(True)
        self.child_note = QLabel()
        self.child_note.setObjectName("child_note")
        self.child_note.setWordWrap(True)
        set_alert(self.child_note, bold=True)
        age_cell = QWidget()
        age_box = QVBoxLayout(age_cell)
        age_box.setContentsMargins(0, 0, 0, 0)
        age_box.setSpacing(1)
        age_box.addWidget(self.age_line)
        age_box.addWidget(self.child_note)
        self.status = QComboBox()
        self.status.setObjectName("person_status")
        for code, label in rules.PERSON_STATUSES.items():
            self.status.addItem(_(label), code)
        self.status.setCurrentIndex(max(self.status.findData(detail.person_status), 0))
        self.buttons, self.ok = texts.button_box(_("Save"))
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        holder = QWidget()
        fields = QFormLayout(holder)
        self.form = Form(fields, self.ok)
        self.form.add("full_name", _("Full name:"), self.full_name, self._name_check, required=True)
        self.form.add("sex", _("Sex:"), self.sex, self._sex_check, required=True)
        self.form.add("birth", _("Date of birth:"), self.birth_date, self._birth_check)
        self.form.add("birth_year", _("Year of birth:"), self.birth_year, self._year_check)
        self.form.add("age", _("Age at reception:"), age_cell)
        self.form.add("status", _("Group:"), self.status, self._group_check)
        self.more = PersonFields(opened, self.form, fields, lambda: self.received, self._age)
        self.more.fill(ident)
        self.photo = QLabel()
        self.photo.setObjectName("photo")
        self.photo.setFixedSize(120, 160)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.setFrameShape(QFrame.Shape.Box)
        if ident.has_photo:
            data = persons.get_photo(opened, case_id)  # an audited identity read
            pixmap = QPixmap()
            if data and pixmap.loadFromData(data):
                self.photo.setPixmap(
                    pixmap.scaled(120, 160, Qt.AspectRatioMode.KeepAspectRatio,
                                  Qt.TransformationMode.SmoothTransformation)
                )  # fmt: skip
        else:
            self.photo.setText(_("No photo"))
        for edit in (self.birth_date, self.birth_year):
            edit.textChanged.connect(self._update_rows)
        self.status.currentIndexChanged.connect(self._update_rows)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(top_aligned(holder))
        top = QHBoxLayout()
        top.addWidget(scroll, 1)
        top.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(self.form.footer(self.buttons))
        self._update_rows()
        name_fields(self)  # every input named from its label (screen readers)

    def _update_rows(self) -> None:
        self.more.update_rows()
        age = self._age()
        self.age_line.setText(age_text(age))
        self.child_note.setText(child_text(age))
        self.child_note.setVisible(bool(self.child_note.text()))
        self.form.validate()

    def _date(self) -> dt.date | None:
        text = self.birth_date.text().strip()
        return i18n.parse_date(text) if text else None

    def _year(self) -> int | None:
        text = self.birth_year.text().strip()
        if not text:
            return None
        if not text.isdigit():
            raise ValidationError(_("The year of birth is not possible."), "birth_year")
        return int(text)

    def _estimated(self, birth: dt.date | None, year: int | None) -> bool:
        """A year without the date is approximate (the birthday is unknown)."""
        return birth is None and year is not None

    def _age(self) -> rules.Age | None:
        try:
            birth, year = self._date(), self._year()
        except ValidationError:
            return None
        return rules.reception_age(birth, year, self._estimated(birth, year), self.received)

    def _sex_check(self) -> str:
        return "" if self.sex.currentData() in rules.SEXES else _("Choose the person's sex.")

    def _group_check(self) -> str:
        return core_check(lambda: persons.check_group(self.status.currentData(), self._age()))

    def _name_check(self) -> str:
        return core_check(lambda: service.check_name(self.full_name.text()))

    def _birth_check(self) -> str:
        return core_check(lambda: service.check_birth(self._date(), None, self.received))

    def _year_check(self) -> str:
        return core_check(lambda: service.check_birth(None, self._year(), self.received))

    def _save(self) -> None:
        if not self.form.validate():
            return
        birth, year = self._date(), self._year()
        person = self.more.apply_to(service.PersonInput(
            full_name=self.full_name.text(), sex=self.sex.currentData() or "", birth_date=birth,
            birth_year=year, birth_estimated=self._estimated(birth, year),
            status=self.status.currentData(),
        ))  # fmt: skip
        if self.form.submit(self, lambda: self._write(person)) is None:
            return
        self.accept()

    def _write(self, person: service.PersonInput) -> bool:
        persons.update_person(self.profile, self.case_id, person)
        if self.more.photo_path is not None:
            persons.set_photo(self.profile, self.case_id, self.more.photo_path)
        elif self.more.photo_removed:
            persons.set_photo(self.profile, self.case_id, None)
        return True
