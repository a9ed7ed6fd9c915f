"""Work one case: its facts and history, the next workflow step, support given, shelter
stays, referrals, follow-ups and notes, and its documents. Roles that may not see identity
get the same dialog with the case code in place of the person, and nothing to change."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core import i18n, profile
from desktop.core.cases import config, records, rules, service, views
from desktop.core.errors import KhienError, ValidationError
from desktop.core.i18n import _
from desktop.core.reports import service as reports
from desktop.core.security import roles
from desktop.ui import texts
from desktop.ui.code_list import CodeList
from desktop.ui.forms import required_label, say_why
from desktop.ui.pages.person_dialog import PersonDialog
from desktop.ui.pages.reports_preview import PreviewDialog, generate
from desktop.ui.pdf_view import PdfFile
from desktop.ui.widgets.country_box import CountryBox


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("error")
    label.setStyleSheet("color: #b00020;")
    label.setWordWrap(True)
    return label


def _date_edit(name: str) -> QLineEdit:
    edit = QLineEdit(i18n.format_date(dt.date.today()))
    edit.setObjectName(name)
    edit.setPlaceholderText(_("dd/mm/yyyy"))
    return edit


class CaseDialog(QDialog):
    changed = Signal()

    def __init__(self, opened: profile.OpenProfile, case_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.profile, self.case_id = opened, case_id
        self.editable = roles.can_record(opened.user.role)
        self.read_only_reason = ""  # why nothing can be changed here, in the core's words
        try:
            service.require_recorder(opened)
        except KhienError as exc:
            self.read_only_reason = exc.message
        self.setMinimumSize(760, 560)
        self.header = QLabel()
        self.header.setObjectName("header")
        self.header.setWordWrap(True)
        self.read_only_note = QLabel(self.read_only_reason)
        self.read_only_note.setObjectName("read_only_note")
        self.read_only_note.setWordWrap(True)
        self.read_only_note.setStyleSheet("color: #8a5a00;")
        self.read_only_note.setVisible(bool(self.read_only_reason))
        self.history = QPlainTextEdit()
        self.history.setObjectName("history")
        self.history.setReadOnly(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._step_tab(), _("Workflow"))
        self.tabs.addTab(self._support_tab(), _("Support"))
        self.tabs.addTab(self._records_tab(), _("Shelter, referral, follow-up"))
        self.tabs.addTab(self._facts_tab(), _("Facts and legal regime"))
        self.edit_person = QPushButton(_("Edit person…"))
        self.edit_person.setObjectName("edit_person")
        self.edit_person.setEnabled(self.editable and roles.can_see_identity(opened.user.role))
        self.edit_person.clicked.connect(self.open_person)
        self.person_dialog: PersonDialog | None = None
        self.agencies = {
            i.code: i.name for i in profile.reference_items(opened, "agency", include_inactive=True)
        }
        self.default_agencies = config.step_agencies(opened)
        self.print_record = QPushButton(_("Print reception record…"))
        self.print_record.setObjectName("print_record")
        self.print_summary = QPushButton(_("Print case summary…"))
        self.print_summary.setObjectName("print_summary")
        self.last_pdf: Path | None = None  # where the last document was saved
        self.preview: PreviewDialog | None = None
        for button in (self.print_record, self.print_summary):
            button.setEnabled(roles.can_see_identity(opened.user.role))
        self.print_record.clicked.connect(lambda: self._print("record"))
        self.print_summary.clicked.connect(lambda: self._print("summary"))
        close, _ok = texts.button_box(_("Close"), cancel=False)
        close.accepted.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.edit_person)
        bottom.addWidget(self.print_record)
        bottom.addWidget(self.print_summary)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.read_only_note)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        for w in self.findChildren(QPushButton):
            if w.objectName().startswith("apply"):
                w.setEnabled(self.editable)
        self.reload()

    # -- building ---------------------------------------------------------------------

    def _step_tab(self) -> QWidget:
        tab = QWidget()
        self.next_status = QComboBox()
        self.next_status.setObjectName("next_status")
        self.step_on = _date_edit("step_on")
        self.step_reason = QLineEdit()
        self.step_reason.setObjectName("step_reason")
        self.closure = QComboBox()
        self.closure.setObjectName("closure")
        for code, label in rules.CLOSURE_REASONS.items():
            self.closure.addItem(_(label), code)
        self.step_agency = QComboBox()
        self.step_agency.setObjectName("step_agency")
        self.step_agency.addItem(_("(not set)"), "")
        for item in profile.reference_items(self.profile, "agency", include_inactive=False):
            self.step_agency.addItem(item.name, item.code)
        self.next_status.currentIndexChanged.connect(self._default_agency)
        self.apply_step = QPushButton(_("Record this step"))
        self.apply_step.setObjectName("apply_step")
        self.step_error = _error_label()
        self.apply_step.clicked.connect(self.record_step)
        form = QFormLayout()
        form.addRow(_("Next step:"), self.next_status)
        form.addRow(_("Date:"), self.step_on)
        form.addRow(_("Reason:"), self.step_reason)
        form.addRow(_("Closure reason:"), self.closure)
        form.addRow(_("Responsible agency:"), self.step_agency)
        box = QVBoxLayout(tab)
        box.addWidget(self.history, 1)
        box.addLayout(form)
        box.addWidget(self.step_error)
        box.addWidget(self.apply_step)
        return tab

    def _support_tab(self) -> QWidget:
        tab = QWidget()
        self.support_list = QPlainTextEdit()
        self.support_list.setObjectName("support_list")
        self.support_list.setReadOnly(True)
        self.support_type = QComboBox()
        self.support_type.setObjectName("support_type")
        self.support_on = _date_edit("support_on")
        self.amount = QLineEdit("0")
        self.amount.setObjectName("amount")
        self.provider = QLineEdit()
        self.provider.setObjectName("provider")
        self.funding = QLineEdit()
        self.legal_basis = QLineEdit()
        self.support_reason = QLineEdit()
        self.support_reason.setObjectName("support_reason")
        self.apply_support = QPushButton(_("Add support"))
        self.apply_support.setObjectName("apply_support")
        self.support_error = _error_label()
        self.apply_support.clicked.connect(self.add_support)
        form = QFormLayout()
        form.addRow(_("Type:"), self.support_type)
        form.addRow(_("Date:"), self.support_on)
        form.addRow(_("Amount (đồng):"), self.amount)
        form.addRow(_("Provider:"), self.provider)
        form.addRow(_("Funding source:"), self.funding)
        form.addRow(_("Legal basis:"), self.legal_basis)
        form.addRow(_("Reason (outside entitlement):"), self.support_reason)
        self.child_support_note = QLabel(
            _("Child: offer the support marked for a child first, with the guardian involved.")
        )
        self.child_support_note.setObjectName("child_support_note")
        self.child_support_note.setStyleSheet("color: #b00020;")
        self.child_support_note.setWordWrap(True)
        box = QVBoxLayout(tab)
        box.addWidget(self.child_support_note)
        box.addWidget(self.support_list, 1)
        box.addLayout(form)
        box.addWidget(self.support_error)
        box.addWidget(self.apply_support)
        return tab

    def _records_tab(self) -> QWidget:
        tab = QWidget()
        self.records_list = QPlainTextEdit()
        self.records_list.setObjectName("records_list")
        self.records_list.setReadOnly(True)
        self.facility = QLineEdit()
        self.facility.setObjectName("facility")
        self.admitted_on = _date_edit("admitted_on")
        self.discharged_on = QLineEdit()
        self.discharged_on.setObjectName("discharged_on")
        self.agency = QLineEdit()
        self.agency.setObjectName("agency")
        self.referred_on = _date_edit("referred_on")
        self.finding = QLineEdit()
        self.finding.setObjectName("finding")
        self.visited_on = _date_edit("visited_on")
        self.note_text = QLineEdit()
        self.note_text.setObjectName("note_text")
        self.open_stays = QComboBox()
        self.open_stays.setObjectName("open_stays")
        self.open_stays.setPlaceholderText(_("no open stay"))
        self.discharge_on = _date_edit("discharge_on")
        self.open_referrals = QComboBox()
        self.open_referrals.setObjectName("open_referrals")
        self.open_referrals.setPlaceholderText(_("no referral awaiting an outcome"))
        for box in (self.open_stays, self.open_referrals):  # the placeholder is never cut
            box.setMinimumWidth(box.fontMetrics().horizontalAdvance(box.placeholderText()) + 40)
        self.outcome = QLineEdit()
        self.outcome.setObjectName("outcome")
        self.outcome.setPlaceholderText(_("what came of the referral"))
        self.records_error = _error_label()
        form = QFormLayout()
        rows: list[tuple[str, list[QWidget], str, Callable[[], None]]] = [
            (_("Shelter stay:"), [self.facility, self.admitted_on, self.discharged_on],
             "apply_stay", self.add_stay),
            (_("Referral:"), [self.agency, self.referred_on], "apply_referral", self.add_referral),
            (_("Follow-up:"), [self.finding, self.visited_on], "apply_follow_up",
             self.add_follow_up),
            (_("Note:"), [self.note_text], "apply_note", self.add_note),
            (_("Discharge:"), [self.open_stays, self.discharge_on], "apply_discharge",
             self.discharge),
            (_("Referral outcome:"), [self.open_referrals, self.outcome], "apply_outcome",
             self.record_outcome),
        ]  # fmt: skip
        self.facility.setPlaceholderText(_("facility"))
        self.discharged_on.setPlaceholderText(_("discharged (dd/mm/yyyy)"))
        self.agency.setPlaceholderText(_("to which agency"))
        self.finding.setPlaceholderText(_("what the visit found"))
        for label, widgets, name, slot in rows:
            line = QHBoxLayout()
            for w in widgets:
                line.addWidget(w, 2 if isinstance(w, QLineEdit) and w.text() == "" else 1)
            button = QPushButton(_("Save") if name in ("apply_discharge", "apply_outcome")
                                 else _("Add"))  # fmt: skip
            button.setObjectName(name)
            button.clicked.connect(slot)
            line.addWidget(button)
            form.addRow(label, line)
        box = QVBoxLayout(tab)
        box.addWidget(self.records_list, 1)
        box.addLayout(form)
        box.addWidget(self.records_error)
        return tab

    def _facts_tab(self) -> QWidget:
        tab = QWidget()
        # The usual destinations from Lạng Sơn first.
        self.country = CountryBox(("CN", "LA", "KH", "TH", "MY"), blank="—")
        self.country.setObjectName("country")
        self.place = QLineEdit()
        self.place.setObjectName("place")
        self.place.setPlaceholderText(_("province, city or district"))
        self.exploitation = CodeList([(k, _(v)) for k, v in rules.EXPLOITATION.items()])
        self.exploitation.setObjectName("exploitation")
        rows = self.exploitation.count()
        self.exploitation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.exploitation.setFixedHeight(
            (self.exploitation.sizeHintForRow(0) + 1) * rows
            + 2 * self.exploitation.frameWidth()
            + 8
        )
        self.months_away = QLineEdit()
        self.months_away.setObjectName("months_away")
        self.months_away.setPlaceholderText(_("months, if known"))
        self.recruitment = QPlainTextEdit()
        self.recruitment.setObjectName("recruitment")
        self.recruitment.setFixedHeight(70)
        self.apply_facts = QPushButton(_("Save the facts"))
        self.apply_facts.setObjectName("apply_facts")
        self.apply_facts.clicked.connect(self.save_facts)
        self.facts_error = _error_label()
        self.regime = QComboBox()
        self.regime.setObjectName("regime")
        for code, label in rules.REGIMES.items():
            self.regime.addItem(_(label), code)
        self.regime_reason = QLineEdit()
        self.regime_reason.setObjectName("regime_reason")
        self.regime_reason.setPlaceholderText(_("required: why the regime changes"))
        self.regime_note = QLabel()
        self.regime_note.setWordWrap(True)
        self.apply_regime = QPushButton(_("Change the legal regime"))
        self.apply_regime.setObjectName("apply_regime")
        self.apply_regime.clicked.connect(self.change_regime)
        self.regime_reason.textChanged.connect(self._regime_ready)
        self.regime.currentIndexChanged.connect(self._regime_ready)
        self.regime_error = _error_label()
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow(_("Destination country:"), self.country)
        form.addRow(_("Place:"), self.place)
        form.addRow(_("Forms of exploitation:"), self.exploitation)
        form.addRow(_("Time away (months):"), self.months_away)
        form.addRow(_("How the person was recruited:"), self.recruitment)
        form.addRow("", self.facts_error)
        form.addRow("", self.apply_facts)
        regime = QFormLayout()
        regime.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        regime.addRow(_("Legal regime:"), self.regime)
        regime.addRow(required_label(_("Reason:")), self.regime_reason)
        regime.addRow("", self.regime_note)
        regime.addRow("", self.regime_error)
        regime.addRow("", self.apply_regime)
        self.recruitment.setFixedHeight(56)
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addLayout(form)
        left.addStretch(1)
        right.addLayout(regime)
        right.addStretch(1)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.VLine)
        box = QHBoxLayout(tab)
        box.addLayout(left, 3)
        box.addWidget(line)
        box.addLayout(right, 2)
        return tab

    # -- showing ----------------------------------------------------------------------

    def reload(self) -> None:
        d = views.get_case(self.profile, self.case_id)
        self.detail = d
        self.setWindowTitle(_("Case {code}").format(code=d.code))
        who = html.escape(views.display_name(d))
        parts = [f"<b>{d.code}</b> — {who}" if d.identity else f"<b>{d.code}</b>"]
        if d.is_child:
            parts.append("<span style='color:#b00020'>" + _("Child (under 18)") + "</span>")
        parts.append(_(rules.STATUSES[d.status]))
        if d.due_on and d.status != rules.CLOSED:
            due = _("due {date}").format(date=i18n.format_date(d.due_on))
            parts.append(f"<span style='color:#b00020'>{due}</span>" if d.overdue else due)
        parts.append(_(rules.REGIMES[d.legal_regime]))
        self.header.setText(" · ".join(parts))
        self.history.setPlainText(self._history_text(d))
        self.next_status.clear()
        for status in d.next_statuses:
            self.next_status.addItem(_(rules.ACTIONS[status]), status)
        if d.status == rules.CLOSED:
            self.next_status.addItem(_("Reopen the case"), rules.REOPEN)
        self.support_type.clear()
        for code, for_child in rules.offered_types(d.eligible, d.is_child):
            label = rules.support_label(code)
            if for_child:
                label = _("{type} — priority for a child").format(type=label)
            self.support_type.addItem(label, code)
        self.child_support_note.setVisible(d.is_child)
        for code in rules.SUPPORT_TYPES:
            if code not in d.eligible:
                label = _("{type} — outside entitlement").format(type=rules.support_label(code))
                self.support_type.addItem(label, code)
        self.support_list.setPlainText(
            "\n".join(
                f"{i18n.format_date(e.given_on)}  {rules.support_label(e.support_type)}  "
                f"{i18n.format_money(e.amount)}  {e.provider}"
                + (f"  ({e.reason})" if e.outside_eligibility else "")
                for e in d.support
            )
        )
        self.records_list.setPlainText(self._records_text(d))
        self.open_stays.clear()
        for st in d.stays:
            if st.discharged_on is None:
                since = i18n.format_date(st.admitted_on)
                self.open_stays.addItem(f"{st.facility} ({since})", st.id)
        self.open_referrals.clear()
        for r in d.referrals:
            if not r.outcome:
                self.open_referrals.addItem(
                    f"{r.to_agency} ({i18n.format_date(r.referred_on)})", r.id
                )
        for box in (self.open_stays, self.open_referrals):  # a placeholder selects nothing
            box.setCurrentIndex(0 if box.count() else -1)
        self.country.set_code(d.destination_country)
        self.place.setText(d.destination_place)
        self.exploitation.set_values(list(d.exploitation))
        self.months_away.setText("" if d.months_away is None else str(d.months_away))
        self.recruitment.setPlainText(d.recruitment)
        self.regime.setCurrentIndex(self.regime.findData(d.legal_regime))
        note = _("The dates give: {regime}.").format(regime=_(rules.REGIMES[d.regime_proposed]))
        if d.regime_reason:
            note += " " + _("Set by hand: {reason}").format(reason=d.regime_reason)
        self.regime_note.setText(note)
        self._default_agency()
        for button in self.findChildren(QPushButton):
            if button.objectName().startswith("apply"):
                say_why([button], None, self.read_only_reason)
        say_why(
            [self.apply_discharge],
            None,
            self.read_only_reason
            or ("" if self.open_stays.count() else self.open_stays.placeholderText()),
        )
        say_why(
            [self.apply_outcome],
            None,
            self.read_only_reason
            or ("" if self.open_referrals.count() else self.open_referrals.placeholderText()),
        )
        self._regime_ready()

    def _default_agency(self) -> None:
        """The agency configured for the chosen step (the officer may change it)."""
        code = self.default_agencies.get(self.next_status.currentData() or "", "")
        self.step_agency.setCurrentIndex(max(self.step_agency.findData(code), 0))

    def _regime_ready(self) -> None:
        """The change button says why it waits: the regime shown is the current one (no
        change to make), or the reason the core requires is missing."""
        if self.read_only_reason:
            why = self.read_only_reason
        elif self.regime.currentData() == self.detail.legal_regime:
            why = _("Choose a legal regime other than the current one.")
        elif not self.regime_reason.text().strip():
            why = _("Give a reason for changing the legal regime.")
        else:
            why = ""
        say_why([self.apply_regime], None, why)
        self.regime_error.setText(why if not self.read_only_reason else "")

    def _history_text(self, d: views.CaseDetail) -> str:
        lines = [_("{date}: received").format(date=i18n.format_date(d.received_on))]
        for st in d.steps:
            line = f"{i18n.format_date(st.on)}: {_(rules.STATUSES[st.to_status])} ({st.actor})"
            if st.agency:
                line += " — " + _("agency: {name}").format(
                    name=self.agencies.get(st.agency, st.agency)
                )
            lines.append(line + (f" — {st.reason}" if st.reason else ""))
        return "\n".join(lines)

    def _records_text(self, d: views.CaseDetail) -> str:
        lines = []
        for s in d.stays:
            end = i18n.format_date(s.discharged_on) if s.discharged_on else "…"
            lines.append(f"{_('Shelter')}: {s.facility}, {i18n.format_date(s.admitted_on)} – {end}")
        for r in d.referrals:
            line = f"{_('Referral')}: {r.to_agency}, {i18n.format_date(r.referred_on)}"
            outcome = _("outcome")
            lines.append(line + (f" — {outcome}: {r.outcome}" if r.outcome else ""))
        for f in d.follow_ups:
            lines.append(f"{_('Follow-up')}: {i18n.format_date(f.visited_on)} — {f.finding}")
        for n in d.notes:
            lines.append(f"{_('Note')}: {i18n.format_datetime(n.written_at)} — {n.text}")
        return "\n".join(lines)

    # -- acting -----------------------------------------------------------------------

    def _run(self, error: QLabel, action: Callable[[], object]) -> bool:
        try:
            action()
        except KhienError as exc:
            error.setText(exc.message)
            return False
        error.setText("")
        self.reload()
        self.changed.emit()
        return True

    def record_step(self) -> None:
        status = self.next_status.currentData()
        closure = self.closure.currentData() if status == rules.CLOSED else ""

        def act() -> None:
            on = i18n.parse_date(self.step_on.text())
            service.move(
                self.profile, self.case_id, status, on, self.step_reason.text(), closure,
                agency=self.step_agency.currentData() or "",
            )  # fmt: skip

        if self._run(self.step_error, act):
            self.step_reason.clear()

    def add_support(self) -> None:
        def act() -> None:
            entry = records.SupportInput(
                support_type=self.support_type.currentData(),
                given_on=i18n.parse_date(self.support_on.text()),
                amount=rules.parse_amount(self.amount.text()),
                provider=self.provider.text(), funding_source=self.funding.text(),
                legal_basis=self.legal_basis.text(), reason=self.support_reason.text(),
            )  # fmt: skip
            records.add_support(self.profile, self.case_id, entry)

        if self._run(self.support_error, act):
            self.support_reason.clear()

    def add_stay(self) -> None:
        def act() -> None:
            out = self.discharged_on.text().strip()
            records.add_shelter_stay(
                self.profile, self.case_id, self.facility.text(),
                i18n.parse_date(self.admitted_on.text()), i18n.parse_date(out) if out else None,
            )  # fmt: skip

        self._run(self.records_error, act)

    def add_referral(self) -> None:
        self._run(self.records_error, lambda: records.add_referral(
            self.profile, self.case_id, self.agency.text(),
            i18n.parse_date(self.referred_on.text())))  # fmt: skip

    def add_follow_up(self) -> None:
        self._run(self.records_error, lambda: records.add_follow_up(
            self.profile, self.case_id, i18n.parse_date(self.visited_on.text()),
            self.finding.text()))  # fmt: skip

    def add_note(self) -> None:
        if self._run(self.records_error,
                     lambda: records.add_note(self.profile, self.case_id, self.note_text.text())):  # fmt: skip
            self.note_text.clear()

    @property
    def apply_discharge(self) -> QPushButton:
        return self.findChild(QPushButton, "apply_discharge")

    @property
    def apply_outcome(self) -> QPushButton:
        return self.findChild(QPushButton, "apply_outcome")

    def discharge(self) -> None:
        stay = self.open_stays.currentData()
        if stay is None:
            return
        self._run(self.records_error, lambda: records.discharge(
            self.profile, stay, i18n.parse_date(self.discharge_on.text())))  # fmt: skip

    def record_outcome(self) -> None:
        referral = self.open_referrals.currentData()
        if referral is None:
            return
        if self._run(self.records_error, lambda: records.set_referral_outcome(
                self.profile, referral, self.outcome.text())):  # fmt: skip
            self.outcome.clear()

    def _months(self) -> int | None:
        text = self.months_away.text().strip()
        if not text:
            return None
        if not text.isdigit():
            raise ValidationError(_("Enter the time away as a whole number of months."),
                                  "months_away")  # fmt: skip
        return int(text)

    def save_facts(self) -> None:
        def act() -> None:
            facts = service.FactsInput(
                destination_country=self.country.code(),
                destination_place=self.place.text(),
                exploitation=self.exploitation.values(), months_away=self._months(),
                recruitment=self.recruitment.toPlainText(),
            )  # fmt: skip
            service.update_facts(self.profile, self.case_id, facts)

        self._run(self.facts_error, act)

    def change_regime(self) -> None:
        if self._run(self.regime_error, lambda: service.change_regime(
                self.profile, self.case_id, self.regime.currentData(),
                self.regime_reason.text())):  # fmt: skip
            self.regime_reason.clear()

    def open_person(self) -> None:
        try:
            self.person_dialog = PersonDialog(self.profile, self.case_id, self)
        except KhienError as exc:
            texts.show_error(self, exc.message)
            return
        self.person_dialog.accepted.connect(self._person_saved)
        self.person_dialog.open()

    def _person_saved(self) -> None:
        self.reload()
        self.changed.emit()

    def choose_pdf(self, suggested: str) -> str:
        """Where to write a document (a save dialog; tests replace this)."""
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the document as"), str(Path.home() / suggested), "PDF (*.pdf)"
        )
        return path

    def _print(self, kind: str) -> None:
        """Generate the document (op runner), then show it with Print… and Save as PDF…."""
        report = "reception" if kind == "record" else "case"
        title = _("Reception record") if kind == "record" else _("Case summary")
        name = _("reception-record") if kind == "record" else _("case-summary")
        request = reports.ReportRequest(report, case_id=self.case_id, language=i18n.language())
        try:
            reports.check(self.profile, request)
        except KhienError as exc:
            texts.show_error(self, exc.message)
            return
        self.print_op = generate(self, self.profile, request,
                                 lambda pdf: self._preview(title, pdf, report),
                                 f"{self.detail.code}-{name}")  # fmt: skip

    def _preview(self, title: str, pdf: PdfFile, kind: str) -> None:
        self.preview = PreviewDialog(self.profile, title, pdf, kind, self)
        self.preview.panel.choose_pdf = lambda suggested: self.choose_pdf(suggested)
        self.preview.panel.saved.connect(lambda out: setattr(self, "last_pdf", out))
        self.preview.open()
