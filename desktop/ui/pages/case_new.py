"""Receive a person: the person's identity, how the case started, and a warning of
probable earlier records of the same person with the choice to link to one."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.core import i18n, profile
from desktop.core.cases import duplicates, rules, service
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.ui import texts
from desktop.ui.forms import Form, core_check
from desktop.ui.pages.person_fields import PersonFields, top_aligned


def _choices(name: str, items: list[tuple[str, object]], blank: str = "") -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    if blank:
        box.addItem(blank, None)
    for label, value in items:
        box.addItem(label, value)
    return box


class NewCaseDialog(QDialog):
    def __init__(self, opened: profile.OpenProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = opened
        self.case_id: str | None = None
        self.matches: list[duplicates.Duplicate] = []
        self.setWindowTitle(_("Receive a person"))
        self.setMinimumWidth(600)
        self.resize(640, 720)
        self.full_name = QLineEdit()
        self.full_name.setObjectName("full_name")
        self.sex = _choices("sex", [(_(v), k) for k, v in rules.SEXES.items()])
        self.birth_date = QLineEdit()
        self.birth_date.setObjectName("birth_date")
        self.birth_date.setPlaceholderText(_("dd/mm/yyyy"))
        self.birth_year = QLineEdit()
        self.birth_year.setObjectName("birth_year")
        self.birth_year.setPlaceholderText(_("when the exact date is unknown"))
        communes = [(n, c) for c, n in profile.commune_choices(opened)]
        self.received_on = QLineEdit(i18n.format_date(dt.date.today()))
        self.received_on.setObjectName("received_on")
        self.channel = _choices("channel", [(_(v), k) for k, v in rules.CHANNELS.items()])
        gates = profile.reference_items(opened, "border_gate", include_inactive=False)
        self.gate = _choices("gate", [(g.name, g.code) for g in gates], _("(none)"))
        self.commune = _choices("commune", communes, _("(unknown)"))
        self.dup_note = QLabel()
        self.dup_note.setObjectName("duplicates")
        self.dup_note.setWordWrap(True)
        self.dup_note.setStyleSheet("color: #8a5a00;")
        self.link = QComboBox()
        self.link.setObjectName("link")
        self.buttons, self.ok = texts.button_box(_("Receive"))
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        holder = QWidget()
        fields = QFormLayout(holder)
        self.form = Form(fields, self.ok)
        self.form.add(
            "received_on", _("Received on:"), self.received_on, self._received_check,
            required=True,
        )  # fmt: skip
        self.form.add("channel", _("How the case started:"), self.channel)
        self.form.add("gate", _("Border gate:"), self.gate)
        self.form.add("commune", _("Receiving commune:"), self.commune)
        self.form.add("full_name", _("Full name:"), self.full_name, self._name_check, required=True)
        self.form.add("sex", _("Sex:"), self.sex)
        self.form.add("birth", _("Date of birth:"), self.birth_date, self._birth_check)
        self.form.add("birth_year", _("Year of birth:"), self.birth_year, self._year_check)
        self.child_note = QLabel(_("Child (under 18): the guardian fields are shown."))
        self.child_note.setObjectName("child_note")
        self.child_note.setStyleSheet("color: #b00020; font-weight: bold;")
        fields.addRow("", self.child_note)
        self.more = PersonFields(opened, self.form, fields, self._received_or_none, self._age)
        self.home = self.more.home
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(top_aligned(holder))
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.dup_note)
        layout.addWidget(self.link)
        layout.addWidget(self.form.footer(self.buttons))
        self.dup_note.hide()
        self.link.hide()
        for edit in (self.full_name, self.birth_date, self.birth_year):
            edit.editingFinished.connect(self.check_duplicates)
        self.home.currentIndexChanged.connect(self.check_duplicates)
        for edit in (self.birth_date, self.birth_year, self.received_on):
            edit.textChanged.connect(self._update_rows)
        self._update_rows()
        self.form.validate()

    # -- reading and checking the fields ----------------------------------------------

    def _date(self, edit: QLineEdit) -> dt.date | None:
        text = edit.text().strip()
        return i18n.parse_date(text) if text else None

    def _year(self) -> int | None:
        text = self.birth_year.text().strip()
        if not text:
            return None
        if not text.isdigit():
            raise ValidationError(_("The year of birth is not possible."), "birth_year")
        return int(text)

    def _received_or_none(self) -> dt.date | None:
        try:
            return self._date(self.received_on)
        except ValidationError:
            return None

    def _age(self) -> int | None:
        on = self._received_or_none()
        try:
            birth, year = self._date(self.birth_date), self._year()
        except ValidationError:
            return None
        return rules.age_at(birth, year, on) if on is not None else None

    def _update_rows(self) -> None:
        self.more.update_rows()
        self.child_note.setVisible(rules.is_child(self._age()))

    def _name_check(self) -> str:
        return core_check(lambda: service.check_name(self.full_name.text()))

    def _received_check(self) -> str:
        def check() -> None:
            on = self._date(self.received_on)
            if on is None:
                raise ValidationError(_("Enter the date of reception."))
            service.check_received(on)

        return core_check(check)

    def _birth_check(self) -> str:
        def check() -> None:
            try:
                received = self._date(self.received_on)
            except ValidationError:
                received = None
            service.check_birth(self._date(self.birth_date), None, received)

        return core_check(check)

    def _year_check(self) -> str:
        return core_check(lambda: service.check_birth(None, self._year(), None))

    def check_duplicates(self) -> None:
        try:
            birth, year = self._date(self.birth_date), self._year()
        except ValidationError:
            return
        self.matches = duplicates.find_duplicates(
            self.profile, self.full_name.text(), birth, year, self.home.currentData()
        )
        self.link.clear()
        if not self.matches:
            self.dup_note.hide()
            self.link.hide()
            return
        self.dup_note.setText(
            _("This person may already be recorded. Link the new case to the same person?")
        )
        self.link.addItem(_("No: record a new person"), None)
        for m in self.matches:
            label = _("Yes: {name}, born {year}, cases {codes}").format(
                name=m.full_name, year=m.birth or "?", codes=", ".join(m.case_codes)
            )
            self.link.addItem(label, m.person_id)
        self.dup_note.show()
        self.link.show()

    def _save(self) -> None:
        if not self.form.validate():
            return
        birth, year = self._date(self.birth_date), self._year()
        person = self.more.apply_to(service.PersonInput(
            full_name=self.full_name.text(), sex=self.sex.currentData(), birth_date=birth,
            birth_year=year, birth_estimated=birth is None and year is not None,
        ))  # fmt: skip
        case = service.CaseInput(
            received_on=self._date(self.received_on) or dt.date.today(),
            channel=self.channel.currentData(),
            border_gate=self.gate.currentData() or "",
            commune_code=self.commune.currentData(),
        )
        created = self.form.submit(
            self,
            lambda: service.create_case(
                self.profile, person, case, existing_person_id=self.link.currentData()
            ),
        )
        if created is None:
            return
        self.case_id = created
        self.accept()
