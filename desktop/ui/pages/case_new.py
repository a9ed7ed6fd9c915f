"""Receive a person: how the case started (the six channels of Law 53/2024, each with its
article), the person's identity with the age at reception worked out as it is typed (and
the presumption of minority when it is uncertain), a minor accompanying another received
person, and a warning of probable earlier records of the same person with the choice to
link to one. The form scrolls; its buttons stay in view on a 1366×768 screen."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
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
from desktop.core.cases import duplicates, listing, persons, rules, service
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.ui import texts
from desktop.ui.forms import Form, core_check, name_fields, set_alert, set_tone
from desktop.ui.pages.person_fields import (
    PersonFields,
    age_text,
    child_text,
    section,
    top_aligned,
)
from desktop.ui.widgets.search_box import SearchBox
from desktop.ui.window_state import fit_to_screen

# The groups a person is received in: the others follow from the workflow's steps.
RECEIVED_GROUPS = ("under_verification", "accompanying_minor")


def _choices(name: str, items: list[tuple[str, object]], blank: str = "") -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    if blank:
        box.addItem(blank, None)
    for label, value in items:
        box.addItem(label, value)
    return box


def _beside(main: QWidget, note: QLabel) -> QWidget:
    """*main* with a short note at its right (the article of a channel, a case found)."""
    row = QWidget()
    box = QHBoxLayout(row)
    box.setContentsMargins(0, 0, 0, 0)
    box.addWidget(main, 1)
    box.addWidget(note)
    return row


def _over(main: QWidget, note: QLabel) -> QWidget:
    """*main* with a note under it (the article that sets a channel's steps)."""
    cell = QWidget()
    box = QVBoxLayout(cell)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(1)
    box.addWidget(main)
    box.addWidget(note)
    return cell


def _note(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    set_tone(label, "note")
    return label


class NewCaseDialog(QDialog):
    def __init__(self, opened: profile.OpenProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = opened
        self.case_id: str | None = None
        self.matches: list[duplicates.Duplicate] = []
        self.notice_edited = False  # the notice date follows the reception until edited
        self.setWindowTitle(_("Receive a person"))
        self.setMinimumWidth(600)
        fit_to_screen(self, 720, 720)
        # -- reception ----------------------------------------------------------------
        self.received_on = QLineEdit(i18n.format_date(dt.date.today()))
        self.received_on.setObjectName("received_on")
        self.received_on.setPlaceholderText(_("dd/mm/yyyy"))
        self.channel = _choices("channel", [(_(v), k) for k, v in rules.CHANNELS.items()])
        self.channel_basis = _note("channel_basis")
        self.channel_basis.setWordWrap(True)
        self.notified_on = QLineEdit(self.received_on.text())
        self.notified_on.setObjectName("notified_on")
        self.notified_on.setPlaceholderText(_("dd/mm/yyyy"))
        self.notified_on.setToolTip(
            _(
                "The day the commune's notice reached the receiving authority: the 3 days "
                "for the initial verification run from it (Art. 27(2), Law 53/2024/QH15)."
            )
        )
        gates = profile.reference_items(opened, "border_gate", include_inactive=False)
        self.gate = _choices("gate", [(g.name, g.code) for g in gates], _("(none)"))
        communes = [(n, c) for c, n in profile.commune_choices(opened)]
        self.commune = SearchBox(communes, _("(unknown)"), _("Type to search…"))
        self.commune.setObjectName("commune")
        # -- the person -----------------------------------------------------------------
        self.full_name = QLineEdit()
        self.full_name.setObjectName("full_name")
        self.sex = _choices("sex", [(_(v), k) for k, v in rules.SEXES.items()], _("— choose —"))
        self.birth_date = QLineEdit()
        self.birth_date.setObjectName("birth_date")
        self.birth_date.setPlaceholderText(_("dd/mm/yyyy"))
        self.birth_year = QLineEdit()
        self.birth_year.setObjectName("birth_year")
        self.birth_year.setPlaceholderText(_("when the exact date is unknown"))
        self.age_line = QLabel()
        self.age_line.setObjectName("age_line")
        self.age_line.setWordWrap(True)
        self.child_note = QLabel()
        self.child_note.setObjectName("child_note")
        self.child_note.setWordWrap(True)
        set_alert(self.child_note, bold=True)
        self.group = _choices(
            "person_status", [(_(rules.PERSON_STATUSES[g]), g) for g in RECEIVED_GROUPS]
        )
        self.accompanied = QLineEdit()
        self.accompanied.setObjectName("accompanied")
        self.accompanied.setPlaceholderText(_("the case code, or part of it"))
        self.accompanied_found = _note("accompanied_found")
        # -- where the person is (Law 53/2024, Art. 37(3) and (4)) -----------------------
        self.abroad = QCheckBox(_("Still abroad (Art. 37(3))"))
        self.abroad.setObjectName("abroad")
        self.trafficked_in_vn = QCheckBox(_("A foreigner trafficked in Viet Nam (Art. 37(4))"))
        self.trafficked_in_vn.setObjectName("trafficked_in_vn")
        # -- duplicates and buttons -----------------------------------------------------
        self.dup_note = QLabel()
        self.dup_note.setObjectName("duplicates")
        self.dup_note.setWordWrap(True)
        set_tone(self.dup_note, "caution")
        self.link = QComboBox()
        self.link.setObjectName("link")
        self.buttons, self.ok = texts.button_box(_("&Receive"))  # Alt+R as well as Enter
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        holder = QWidget()
        fields = QFormLayout(holder)
        fields.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields = fields
        self.form = Form(fields, self.ok)
        add = self.form.add
        section(fields, _("Reception"))
        add("received_on", _("Received on:"), self.received_on, self._received_check,
            required=True)  # fmt: skip
        add("channel", _("How the case started:"), _over(self.channel, self.channel_basis))
        add("notified_on", _("Notice received on:"), self.notified_on, self._notice_check)
        add("gate", _("Border gate:"), self.gate)
        add("commune", _("Receiving commune:"), self.commune)
        section(fields, _("The person"))
        add("full_name", _("Full name:"), self.full_name, self._name_check, required=True)
        add("sex", _("Sex:"), self.sex, self._sex_check, required=True)
        add("birth", _("Date of birth:"), self.birth_date, self._birth_check)
        add("birth_year", _("Year of birth:"), self.birth_year, self._year_check)
        add("age", _("Age at reception:"), _over(self.age_line, self.child_note))
        add("status", _("Group:"), self.group, self._group_check)
        add("accompanied", _("Accompanied person's case:"),
            _beside(self.accompanied, self.accompanied_found), self._accompanied_check)  # fmt: skip
        self.more = PersonFields(
            opened, self.form, fields, self._received_or_none, self._age,
            situation=(("abroad", "", self.abroad), ("trafficked_in_vn", "", self.trafficked_in_vn)),
            nationality_changed=self._update_rows,
        )  # fmt: skip
        self.home = self.more.home
        for edit in (self.full_name, self.birth_date, self.birth_year):
            edit.editingFinished.connect(self.check_duplicates)
        self.home.currentIndexChanged.connect(self.check_duplicates)
        for edit in (self.birth_date, self.birth_year, self.received_on):
            edit.textChanged.connect(self._update_rows)
        self.received_on.textChanged.connect(self._follow_reception)
        self.notified_on.textEdited.connect(self._notice_edited)
        self.channel.currentIndexChanged.connect(self._update_rows)
        self.group.currentIndexChanged.connect(self._update_rows)
        self.accompanied.textChanged.connect(self._accompanied_changed)
        # Only the rows the choices call for, before the form goes into its scroll area:
        # the area sizes its form once, when given it, and never narrower than the form's
        # minimum then (with every row shown, the long check boxes' at 150 % text made it
        # wider than the window, its right side cut until something resized the area).
        self._update_rows()
        scroll = QScrollArea()
        scroll.setObjectName("form_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(top_aligned(holder))
        self.form_scroll = scroll
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.dup_note)
        layout.addWidget(self.link)
        layout.addWidget(self.form.footer(self.buttons))
        self.dup_note.hide()
        self.link.hide()
        self.form.validate()
        name_fields(self)  # every input named from its label (screen readers)

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

    def _age(self) -> rules.Age | None:
        """The age at reception from the fields (None while a date cannot be read)."""
        on = self._received_or_none()
        try:
            birth, year = self._date(self.birth_date), self._year()
        except ValidationError:
            return None
        if on is None:
            return None
        return rules.reception_age(birth, year, birth is None and year is not None, on)

    def _counted_from_notice(self) -> bool:
        rule = rules.CHANNEL_RULES.get(self.channel.currentData())
        return rule is not None and rule.counted_from_notice

    def _set_row(self, name: str, visible: bool) -> None:
        holder = self.form.fields[name].widget.parentWidget()
        self.fields.setRowVisible(holder, visible)

    def _update_rows(self) -> None:
        """The rows the choices so far call for, and the notes beside them."""
        self.more.update_rows()
        age = self._age()
        self.age_line.setText(age_text(age))
        self.child_note.setText(child_text(age))
        self.child_note.setVisible(bool(self.child_note.text()))
        on = self._received_or_none()
        regime = rules.propose_regime(on) if on is not None else "2024"
        self.channel_basis.setText(rules.channel_basis(self.channel.currentData(), regime))
        self._set_row("notified_on", self._counted_from_notice())
        self._set_row("accompanied", self.group.currentData() == "accompanying_minor")
        self._set_row("abroad", self.more.citizen())
        foreign = not self.more.citizen() and not self.more.stateless_resident()
        self._set_row("trafficked_in_vn", foreign)
        self.form.validate()

    def _follow_reception(self) -> None:
        if not self.notice_edited:
            self.notified_on.setText(self.received_on.text())

    def _notice_edited(self) -> None:
        self.notice_edited = True

    def _accompanied_changed(self) -> None:
        found = self._accompanied_case()
        self.accompanied_found.setText(f"→ {found[1]}" if found else "")
        self.form.validate()

    def _accompanied_case(self) -> tuple[str, str] | None:
        text = self.accompanied.text().strip()
        return listing.find_case_by_code(self.profile, text) if text else None

    def _name_check(self) -> str:
        return core_check(lambda: service.check_name(self.full_name.text()))

    def _sex_check(self) -> str:
        return "" if self.sex.currentData() in rules.SEXES else _("Choose the person's sex.")

    def _received_check(self) -> str:
        def check() -> None:
            on = self._date(self.received_on)
            if on is None:
                raise ValidationError(_("Enter the date of reception."))
            service.check_received(on)

        return core_check(check)

    def _notice_check(self) -> str:
        if not self._counted_from_notice():
            return ""

        def check() -> None:
            notified = self._date(self.notified_on)
            if notified is None:
                raise ValidationError(_("Enter the day the notice was received."))
            received = self._received_or_none()
            if received is not None and notified < received:
                raise ValidationError(_("The notice is before the reception."))
            if notified > service.today():
                raise ValidationError(_("The date is in the future."))

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

    def _group_check(self) -> str:
        return core_check(lambda: persons.check_group(self.group.currentData(), self._age()))

    def _accompanied_check(self) -> str:
        text = self.accompanied.text().strip()
        if self.group.currentData() != "accompanying_minor" or not text:
            return ""
        found = listing.match_case_codes(self.profile, text, limit=2)
        if not found:
            return _("No case has a code containing “{text}”.").format(text=text)
        if len(found) > 1:
            return _("Several cases have a code containing “{text}”: type more of it.").format(
                text=text
            )
        return ""

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

    # -- receiving ----------------------------------------------------------------------

    def person_input(self) -> service.PersonInput:
        birth, year = self._date(self.birth_date), self._year()
        return self.more.apply_to(service.PersonInput(
            full_name=self.full_name.text(), sex=self.sex.currentData() or "",
            birth_date=birth, birth_year=year,
            birth_estimated=birth is None and year is not None,
            status=self.group.currentData(),
        ))  # fmt: skip

    def case_input(self) -> service.CaseInput:
        received = self._date(self.received_on) or dt.date.today()
        accompanied = self._accompanied_case()
        minor = self.group.currentData() == "accompanying_minor"
        citizen = self.more.citizen()
        return service.CaseInput(
            received_on=received,
            channel=self.channel.currentData(),
            border_gate=self.gate.currentData() or "",
            commune_code=self.commune.currentData(),
            notified_on=self._date(self.notified_on) if self._counted_from_notice() else None,
            abroad=citizen and self.abroad.isChecked(),
            trafficked_in_vn=(
                not citizen
                and not self.more.stateless_resident()
                and self.trafficked_in_vn.isChecked()
            ),
            accompanied_case_id=accompanied[0] if minor and accompanied else None,
        )

    def _save(self) -> None:
        if not self.form.validate():
            return
        person, case = self.person_input(), self.case_input()
        existing = self.link.currentData()

        def receive() -> str:
            if existing is None:
                persons.check_person(person, case.received_on)
                persons.check_home(
                    self.profile, person.home_province_code, person.home_commune_code
                )
            return service.create_case(self.profile, person, case, existing_person_id=existing)

        created = self.form.submit(self, receive)
        if created is None:
            return
        self.case_id = created
        self.accept()
