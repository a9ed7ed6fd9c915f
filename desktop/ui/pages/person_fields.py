"""The identity fields of a received person, shared by the receive form and the "Edit
person" dialog: other names, ethnic group, nationality (and, for a person without
Vietnamese nationality, whether a stateless permanent resident), identity number, home
province and commune (any of the 34 provinces, searched without diacritics; plus this
province's legacy unit for dates before 1 July 2025), addresses, contact, languages,
guardian (for a child or a person presumed one at reception) and a photo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core import profile
from desktop.core.cases import persons, rules, service, views
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.places import REFORM_DATE
from desktop.ui.code_list import CodeList
from desktop.ui.forms import Form
from desktop.ui.widgets.country_box import CountryBox
from desktop.ui.widgets.search_box import SearchBox, make_searchable


def _combo(name: str, items: list[tuple[str, object]], blank: str = "") -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    if blank:
        box.addItem(blank, None)
    for label, value in items:
        box.addItem(label, value)
    return box


def _line(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    return edit


def age_text(age: rules.Age | None) -> str:
    """The age at reception as the forms show it: "≈" when approximate, and the presumption
    of minority when the age is uncertain ("" while the dates cannot be read)."""
    if age is None:
        return ""
    if age.years is None:
        return _("Unknown — presumed a child (age uncertain)")
    years = _("{years} years old").format(years=age.years)
    if age.approximate:
        years = "≈ " + years + " " + _("(from the year of birth)")
    if age.presumed_child:
        years += " — " + _("presumed a child (age uncertain)")
    return years


def child_text(age: rules.Age | None) -> str:
    """The line under the age: why the guardian rows are shown ("" for an adult)."""
    if age is None or not age.child:
        return ""
    if age.presumed_child:
        return _("Presumed a child: the guardian fields are shown.")
    return _("Child (under 18): the guardian fields are shown.")


def section(layout: QFormLayout, title: str) -> QLabel:
    """A heading between groups of rows."""
    label = QLabel(title)
    label.setObjectName("section")
    label.setStyleSheet("font-weight: bold; margin-top: 6px;")
    layout.addRow(label)
    return label


def narrow_combos(holder: QWidget, letters: int = 24) -> None:
    """Let the combo boxes of *holder* be narrower than their longest item (which they
    show whole in their list), so the form never grows wider than its dialog."""
    for box in holder.findChildren(QComboBox):
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(letters)


def top_aligned(form: QWidget) -> QWidget:
    """*form* at the top of a scrolled area (extra height goes below it, not between rows)."""
    outer = QWidget()
    box = QVBoxLayout(outer)
    box.setContentsMargins(0, 0, 0, 0)
    box.addWidget(form)
    box.addStretch(1)
    narrow_combos(form)
    return outer


class PersonFields:
    """Adds the person's further fields to *form* (below whatever is already there).

    *received_on* gives the date of reception (None while it cannot be read): it decides
    whether the legacy home commune is shown; *age* the age at reception (None while the
    dates cannot be read): the guardian rows are shown for a child or a presumed child.
    *situation* rows (name, label, widget) go right after the nationality rows;
    *nationality_changed* is called when the nationality or the stateless box changes.
    """

    def __init__(
        self,
        opened: profile.OpenProfile,
        form: Form,
        layout: QFormLayout,
        received_on: Callable[[], dt.date | None],
        age: Callable[[], rules.Age | None],
        situation: tuple[tuple[str, str, QWidget], ...] = (),
        nationality_changed: Callable[[], None] | None = None,
    ) -> None:
        self.profile, self.form, self.layout = opened, form, layout
        self.received_on, self.age = received_on, age
        self.nationality_changed = nationality_changed
        self.own_province = opened.node.province_code
        self.photo_data = ""  # base64 JPEG, from persons.photo_from_file
        self.photo_path: Path | None = None
        self.photo_removed = False
        refs = {
            kind: [(i.name, i.code) for i in profile.reference_items(opened, kind, False)]
            for kind in ("ethnic_group", "language")
        }
        self.other_names = _line("other_names", _("names also used, aliases"))
        self.ethnic = _combo("ethnic_group", refs["ethnic_group"], _("(unknown)"))
        make_searchable(self.ethnic, _("Type to search…"))
        self.nationality = CountryBox(("VN", "CN", "LA", "KH"))  # Vietnam and neighbours first
        self.nationality.setObjectName("nationality")
        make_searchable(self.nationality, _("Type to search…"))
        self.stateless = QCheckBox(_("Stateless, permanently residing in Viet Nam"))
        self.stateless.setToolTip(
            _("Supported as a Vietnamese citizen (Art. 37(1), Law 53/2024/QH15).")
        )
        self.stateless.setObjectName("stateless_resident")
        self.id_number = _line("id_number", _("identity card or passport"))
        provinces = [(n, c) for c, n in persons.province_choices(opened)]
        self.province = SearchBox(provinces, _("(unknown)"), _("Type to search…"))
        self.province.setObjectName("home_province")
        self.province.choose(self.own_province)
        self.home = SearchBox((), _("(unknown)"), _("Type to search…"))
        self.home.setObjectName("home_commune")
        self._fill_communes()
        legacy = persons.home_commune_choices(opened, REFORM_DATE - dt.timedelta(days=1))
        self.legacy = _combo("legacy_commune", [(n, c) for c, n in legacy], _("(unknown)"))
        make_searchable(self.legacy, _("Type to search…"))
        self.address = _line("address", _("home address"))
        self.current_address = _line("current_address", _("where the person stays now"))
        self.contact = _line("contact", _("telephone or other contact"))
        self.languages = CodeList([(c, n) for n, c in refs["language"]])
        self.languages.setObjectName("languages")
        self.guardian = _line("guardian")
        self.guardian_contact = _line("guardian_contact")
        self.photo_label = QLabel(_("No photo"))
        self.photo_label.setObjectName("photo_label")
        self.choose_photo = QPushButton(_("Choose a photo…"))
        self.choose_photo.setObjectName("choose_photo")
        self.remove_photo = QPushButton(_("Remove"))
        self.remove_photo.setObjectName("remove_photo")
        photo = QWidget()
        row = QHBoxLayout(photo)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.photo_label, 1)
        row.addWidget(self.choose_photo)
        row.addWidget(self.remove_photo)
        for button in (self.choose_photo, self.remove_photo):
            button.setAutoDefault(False)  # Enter in a field never opens the file dialog
        self.remove_photo.hide()
        self.choose_photo.clicked.connect(self._choose_photo)
        self.remove_photo.clicked.connect(self._remove_photo)
        add = form.add
        add("other_names", _("Other names:"), self.other_names)
        add("ethnic_group", _("Ethnic group:"), self.ethnic)
        add(
            "nationality", _("Nationality:"), self.nationality, self._nationality_check,
            required=True,
        )  # fmt: skip
        add("stateless", "", self.stateless)
        for name, label, widget in situation:
            add(name, label, widget)
        add("id_number", _("ID or passport number:"), self.id_number, self._id_check)
        add("home_province", _("Home province:"), self.province)
        add("home", _("Home commune:"), self.home)
        add("legacy_home", _("Home commune before 1/7/2025:"), self.legacy)
        add("address", _("Home address:"), self.address)
        add("current_address", _("Current address:"), self.current_address)
        add("contact", _("Contact:"), self.contact)
        add("languages", _("Languages:"), self.languages)
        add("guardian", _("Guardian's name:"), self.guardian)
        add("guardian_contact", _("Guardian's contact:"), self.guardian_contact)
        add("photo", _("Photo:"), photo, self._photo_check)
        self.photo_error = ""
        self.province.currentIndexChanged.connect(self._province_changed)
        self.nationality.currentIndexChanged.connect(self._nationality_changed)
        self.stateless.toggled.connect(self._nationality_changed)
        self.update_rows()

    # -- rows shown by the dates ------------------------------------------------------

    def _set_row(self, name: str, visible: bool) -> None:
        holder = self.form.fields[name].widget.parentWidget()
        self.layout.setRowVisible(holder, visible)

    def _fill_communes(self) -> None:
        self.home.set_items([(n, c) for c, n in persons.commune_choices(
            self.profile, self.province.currentData()
        )])  # fmt: skip

    def _province_changed(self) -> None:
        self._fill_communes()
        self.update_rows()

    def _nationality_changed(self) -> None:
        self.update_rows()
        if self.nationality_changed is not None:
            self.nationality_changed()

    def citizen(self) -> bool:
        """A Vietnamese citizen (by the nationality chosen)."""
        return self.nationality.code() == "VN"

    def stateless_resident(self) -> bool:
        return not self.citizen() and self.stateless.isChecked()

    def legacy_shown(self) -> bool:
        """This province's legacy communes, for a reception before the reform of a person
        whose home province is this one (other provinces' old units are not loaded)."""
        on = self.received_on()
        own = self.province.currentData() in (None, self.own_province)
        return on is not None and on < REFORM_DATE and own

    def child(self) -> bool:
        age = self.age()
        return age is not None and age.child

    def update_rows(self) -> None:
        """Legacy commune only for a reception before the reform; stateless only without
        Vietnamese nationality; guardian only for a child or a presumed child."""
        self._set_row("legacy_home", self.legacy_shown())
        self._set_row("stateless", not self.citizen())
        child = self.child()
        self._set_row("guardian", child)
        self._set_row("guardian_contact", child)

    # -- checks -----------------------------------------------------------------------

    def _nationality_check(self) -> str:
        return "" if self.nationality.code() else _("Enter the nationality (VN: Vietnam).")

    def _id_check(self) -> str:
        if len(self.id_number.text().strip()) > 40:
            return _("The identity or passport number is too long.")
        return ""

    def _photo_check(self) -> str:
        return self.photo_error

    def pick_photo_file(self) -> str:
        """Ask for an image file (tests replace this)."""
        path, _filter = QFileDialog.getOpenFileName(
            self.choose_photo, _("Choose a photo"), str(Path.home()),
            _("Images") + " (*.jpg *.jpeg *.png)",
        )  # fmt: skip
        return path

    def _choose_photo(self) -> None:
        path = self.pick_photo_file()
        if not path:
            return
        try:
            self.photo_data = persons.photo_from_file(Path(path))
        except ValidationError as exc:
            self.photo_error = exc.message
            self.form.set_error("photo", exc.message)
            return
        self.photo_error, self.photo_path, self.photo_removed = "", Path(path), False
        self.form.fields["photo"].server_error = ""
        self.photo_label.setText(Path(path).name)
        self.remove_photo.show()
        self.form.validate()

    def _remove_photo(self) -> None:
        self.photo_data, self.photo_path, self.photo_removed = "", None, True
        self.photo_label.setText(_("No photo"))
        self.remove_photo.hide()

    # -- reading and filling ----------------------------------------------------------

    def fill(self, ident: views.Identity) -> None:
        """Show a person's current identity."""
        self.other_names.setText(ident.other_names)
        self.ethnic.setCurrentIndex(max(self.ethnic.findData(ident.ethnic_group or None), 0))
        self.nationality.set_code(ident.nationality)
        self.stateless.setChecked(ident.stateless_resident)
        self.id_number.setText(ident.id_number)
        province = ident.home_province_code
        if province is None and ident.home_commune_code is not None:
            try:
                province = persons.check_home(self.profile, None, ident.home_commune_code)
            except ValidationError:
                province = None
        self.province.choose(province if province is not None else self.own_province)
        self.home.setCurrentIndex(max(self.home.findData(ident.home_commune_code), 0))
        self.legacy.setCurrentIndex(max(self.legacy.findData(ident.legacy_commune_code), 0))
        self.address.setText(ident.address)
        self.current_address.setText(ident.current_address)
        self.contact.setText(ident.contact)
        self.languages.set_values(ident.languages.split())
        self.guardian.setText(ident.guardian_name)
        self.guardian_contact.setText(ident.guardian_contact)
        if ident.has_photo:
            self.photo_label.setText(_("A photo is stored"))
            self.remove_photo.show()
        self.update_rows()

    def apply_to(self, p: service.PersonInput) -> service.PersonInput:
        """*p* with these fields set (guardian, legacy commune and stateless only where
        shown)."""
        child = self.child()
        p.other_names = self.other_names.text().strip()
        p.ethnic_group = self.ethnic.currentData() or ""
        p.nationality = self.nationality.code() or "VN"
        p.stateless_resident = self.stateless_resident()
        p.id_number = self.id_number.text().strip()
        p.home_province_code = self.province.currentData()
        p.home_commune_code = self.home.currentData()
        p.legacy_commune_code = self.legacy.currentData() if self.legacy_shown() else None
        p.address = self.address.text().strip()
        p.current_address = self.current_address.text().strip()
        p.contact = self.contact.text().strip()
        p.languages = " ".join(self.languages.values())
        p.guardian_name = self.guardian.text().strip() if child else ""
        p.guardian_contact = self.guardian_contact.text().strip() if child else ""
        p.photo = self.photo_data
        return p
