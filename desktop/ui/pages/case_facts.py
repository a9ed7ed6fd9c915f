"""What the case records about the trafficking — the purposes of Law 53/2024, Art. 2, and
the coded facts of the international case standard (``facts``) — and the person's
situation and legal regime, which decide their support (Art. 37)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.cases import facts, rules, service, views
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.reports import service as reports
from desktop.ui.code_list import CodeList
from desktop.ui.forms import required_label, say_why
from desktop.ui.pages.case_parts import (
    CaseContext,
    Section,
    at_right,
    button,
    error_label,
    note_label,
)
from desktop.ui.widgets.country_box import CountryBox
from desktop.ui.widgets.search_box import make_searchable

NO_AGE = -1  # the age spin box's "not known"


def _codes(name: str, items: dict[str, str], rows: int) -> CodeList:
    box = CodeList([(k, _(v)) for k, v in items.items()])
    box.setObjectName(name)
    box.setFixedHeight(rows * (box.sizeHintForRow(0) + 1) + 2 * box.frameWidth() + 4)
    return box


def _titled(title: str, widget: QWidget) -> QWidget:
    holder = QWidget()
    box = QVBoxLayout(holder)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(2)
    label = QLabel(title)
    label.setBuddy(widget)
    box.addWidget(label)
    box.addWidget(widget)
    return holder


class FactsTab(Section):
    def __init__(self, ctx: CaseContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.purposes = _codes("purposes", facts.PURPOSES, len(facts.PURPOSES))
        self.exploitation = _codes("exploitation", facts.EXPLOITATION, 7)
        self.recruitment_methods = _codes("recruitment_methods", facts.RECRUITMENT, 8)
        self.control_means = _codes("control_means", facts.CONTROL, 8)
        # The usual destinations from Lạng Sơn first.
        self.country = CountryBox(("CN", "LA", "KH", "TH", "MY"), blank="—")
        make_searchable(self.country)
        self.country.setObjectName("country")
        self.place = QLineEdit()
        self.place.setObjectName("place")
        self.place.setPlaceholderText(_("province, city or district"))
        self.months_away = QLineEdit()
        self.months_away.setObjectName("months_away")
        self.months_away.setPlaceholderText(_("months, if known"))
        self.age_trafficked = QSpinBox()
        self.age_trafficked.setObjectName("age_trafficked")
        self.age_trafficked.setRange(NO_AGE, 120)
        self.age_trafficked.setSpecialValueText("—")
        self.recruiter_relation = QComboBox()
        self.recruiter_relation.setObjectName("recruiter_relation")
        self.recruiter_relation.addItem("—", "")
        for code, label in facts.RECRUITER_RELATIONS.items():
            self.recruiter_relation.addItem(_(label), code)
        self.recruitment = QPlainTextEdit()
        self.recruitment.setObjectName("recruitment")
        self.recruitment.setTabChangesFocus(True)
        self.recruitment.setFixedHeight(64)
        self.apply_facts = button(_("Save the facts"), "apply_facts", self.save)
        self.main_button = self.apply_facts
        self.facts_error = error_label("facts_error")
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(_("Destination country:"), self.country)
        form.addRow(_("Place:"), self.place)
        form.addRow(_("Time away (months):"), self.months_away)
        form.addRow(_("Age when trafficked:"), self.age_trafficked)
        form.addRow(_("Relation to the recruiter:"), self.recruiter_relation)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(_titled(_("How the person was recruited:"), self.recruitment))
        right.addWidget(self.facts_error)
        right.addWidget(self.apply_facts, 0, Qt.AlignmentFlag.AlignRight)
        right.addStretch(1)
        left, middle = QVBoxLayout(), QVBoxLayout()
        left.addWidget(_titled(_("Purposes (Art. 2, Law 53/2024/QH15):"), self.purposes))
        left.addWidget(_titled(_("Forms of exploitation:"), self.exploitation))
        left.addStretch(1)
        middle.addWidget(_titled(_("Means of recruitment:"), self.recruitment_methods))
        middle.addWidget(_titled(_("Means of control:"), self.control_means))
        middle.addStretch(1)
        box = QHBoxLayout(self)
        box.addLayout(left, 1)
        box.addLayout(middle, 1)
        box.addLayout(right, 1)

    def show_case(self, d: views.CaseDetail) -> None:
        self.purposes.set_values(list(d.purposes))
        self.exploitation.set_values(list(d.exploitation))
        self.recruitment_methods.set_values(list(d.recruitment_methods))
        self.control_means.set_values(list(d.control_means))
        self.country.set_code(d.destination_country)
        self.place.setText(d.destination_place)
        self.months_away.setText("" if d.months_away is None else str(d.months_away))
        self.age_trafficked.setValue(NO_AGE if d.age_trafficked is None else d.age_trafficked)
        found = self.recruiter_relation.findData(d.recruiter_relation)
        if found < 0:  # a code this version does not know: shown as it is
            self.recruiter_relation.addItem(d.recruiter_relation, d.recruiter_relation)
            found = self.recruiter_relation.count() - 1
        self.recruiter_relation.setCurrentIndex(found)
        self.recruitment.setPlainText(d.recruitment)
        say_why([self.apply_facts], None, self.ctx.read_only_reason)

    def _months(self) -> int | None:
        text = self.months_away.text().strip()
        if not text:
            return None
        if not text.isdigit():
            raise ValidationError(_("Enter the time away as a whole number of months."),
                                  "months_away")  # fmt: skip
        return int(text)

    def values(self) -> service.FactsInput:
        age = self.age_trafficked.value()
        return service.FactsInput(
            destination_country=self.country.code(), destination_place=self.place.text(),
            exploitation=self.exploitation.values(), months_away=self._months(),
            recruitment=self.recruitment.toPlainText(), purposes=self.purposes.values(),
            recruitment_methods=self.recruitment_methods.values(),
            control_means=self.control_means.values(),
            recruiter_relation=self.recruiter_relation.currentData() or "",
            age_trafficked=None if age == NO_AGE else age,
        )  # fmt: skip

    def save(self) -> None:
        self.ctx.run(self.facts_error,
                     lambda: service.update_facts(self.ctx.profile, self.ctx.case_id,
                                                  self.values()))  # fmt: skip


class SituationTab(QWidget):
    """Where the person is and whom a minor accompanies (Art. 37), and the legal regime."""

    def __init__(self, ctx: CaseContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.abroad = QCheckBox(_("The person is abroad (Art. 37(3))"))
        self.abroad.setObjectName("abroad")
        self.trafficked_in_vn = QCheckBox(_("A foreigner trafficked in Viet Nam (Art. 37(4))"))
        self.trafficked_in_vn.setObjectName("trafficked_in_vn")
        self.accompanied = QLineEdit()
        self.accompanied.setObjectName("accompanied")
        self.accompanied.setPlaceholderText(_("case code, e.g. LS-06040-2025-00001"))
        self.accompanied_note = note_label("accompanied_note")
        self.accompanied_note.setText(
            _("For a minor accompanying a victim: the case of the person accompanied.")
        )
        self.apply_situation = button(_("Save the situation"), "apply_situation", self.save)
        self.situation_error = error_label("situation_error")
        situation = Section()
        situation.main_button = self.apply_situation
        form = QFormLayout(situation)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow(self.abroad)
        form.addRow(self.trafficked_in_vn)
        form.addRow(_("Accompanying the person of case:"), self.accompanied)
        form.addRow(self.accompanied_note)
        form.addRow(self.situation_error)
        form.addRow(at_right(self.apply_situation))
        self.regime = QComboBox()
        self.regime.setObjectName("regime")
        for code, label in rules.REGIMES.items():
            self.regime.addItem(_(label), code)
        self.regime_reason = QLineEdit()
        self.regime_reason.setObjectName("regime_reason")
        self.regime_reason.setPlaceholderText(_("required: why the regime changes"))
        self.regime_note = note_label("regime_note")
        self.apply_regime = button(_("Change the legal regime"), "apply_regime", self.change_regime)
        self.regime_error = error_label("regime_error")
        self.regime_reason.textChanged.connect(self._regime_ready)
        self.regime.currentIndexChanged.connect(self._regime_ready)
        regime = Section()
        regime.main_button = self.apply_regime
        rform = QFormLayout(regime)
        rform.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        rform.addRow(_("Legal regime:"), self.regime)
        rform.addRow(required_label(_("Reason:")), self.regime_reason)
        rform.addRow(self.regime_note)
        rform.addRow(self.regime_error)
        rform.addRow(at_right(self.apply_regime))
        left = QGroupBox(_("Situation"))
        QVBoxLayout(left).addWidget(situation)
        right = QGroupBox(_("Legal regime"))
        QVBoxLayout(right).addWidget(regime)
        box = QHBoxLayout(self)
        box.addWidget(left, 1, Qt.AlignmentFlag.AlignTop)
        box.addWidget(right, 1, Qt.AlignmentFlag.AlignTop)

    def show_case(self, d: views.CaseDetail) -> None:
        self.abroad.setChecked(d.abroad)
        self.trafficked_in_vn.setChecked(d.trafficked_in_vn)
        self.accompanied.setText(d.accompanied_code)
        say_why([self.apply_situation], None, self.ctx.read_only_reason)
        self.regime.setCurrentIndex(self.regime.findData(d.legal_regime))
        note = _("The dates give: {regime}.").format(regime=_(rules.REGIMES[d.regime_proposed]))
        if d.regime_reason:
            note += " " + _("Set by hand: {reason}").format(reason=d.regime_reason)
        self.regime_note.setText(note)
        self._regime_ready()

    def _regime_ready(self) -> None:
        """The change button says why it waits: the regime shown is the current one (no
        change to make), or the reason the core requires is missing."""
        if self.ctx.read_only_reason:
            why = self.ctx.read_only_reason
        elif self.regime.currentData() == self.ctx.detail.legal_regime:
            why = _("Choose a legal regime other than the current one.")
        elif not self.regime_reason.text().strip():
            why = _("Give a reason for changing the legal regime.")
        else:
            why = ""
        say_why([self.apply_regime], None, why)
        self.regime_error.setText(why if not self.ctx.read_only_reason else "")

    def save(self) -> None:
        def act() -> None:
            code = self.accompanied.text().strip()
            accompanied = reports.resolve_case(self.ctx.profile, code) if code else None
            situation = service.Situation(
                self.abroad.isChecked(), self.trafficked_in_vn.isChecked(), accompanied
            )
            service.update_situation(self.ctx.profile, self.ctx.case_id, situation)

        self.ctx.run(self.situation_error, act)

    def change_regime(self) -> None:
        if self.ctx.run(self.regime_error, lambda: service.change_regime(
                self.ctx.profile, self.ctx.case_id, self.regime.currentData(),
                self.regime_reason.text())):  # fmt: skip
            self.regime_reason.clear()
