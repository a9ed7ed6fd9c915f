"""Beside the step form: the person's consent to referral and to sharing their information
(Law 53/2024, Art. 3(10)) — the one in force and a form to record a new one (a withdrawal
is a new consent with both unticked) — and the handovers made, each with its record."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core import i18n
from desktop.core.cases import records, rules, steps, views
from desktop.core.i18n import _
from desktop.ui.forms import required_label, say_why
from desktop.ui.pages.case_parts import (
    CaseContext,
    Section,
    at_right,
    button,
    date_edit,
    error_label,
    note_label,
    read_date,
)


def consent_text(c: steps.Consent | None) -> str:
    """The consent in force in one sentence."""
    if c is None:
        return _("No consent recorded.")
    by = _(rules.CONSENT_BY.get(c.given_by, c.given_by))
    if c.representative:
        by = f"{by} ({c.representative})"
    return _("In force since {date}; given by: {by}; {referral}, {sharing}.").format(
        date=i18n.format_date(c.given_on),
        by=by,
        referral=_("referral: yes") if c.referral else _("referral: no"),
        sharing=_("sharing: yes") if c.sharing else _("sharing: no"),
    )


class ConsentBox(QGroupBox):
    def __init__(self, ctx: CaseContext, parent: QWidget | None = None) -> None:
        super().__init__(_("Consent to referral and sharing"), parent)
        self.setObjectName("consent_box")
        self.ctx = ctx
        self.in_force = note_label("consent_in_force")
        self.consent_referral = QCheckBox(_("Consents to referral"))
        self.consent_referral.setObjectName("consent_referral")
        self.consent_sharing = QCheckBox(_("Consents to sharing their information"))
        self.consent_sharing.setObjectName("consent_sharing")
        self.consent_on = date_edit("consent_on")
        self.consent_by = QComboBox()
        self.consent_by.setObjectName("consent_by")
        for code, label in rules.CONSENT_BY.items():
            self.consent_by.addItem(_(label), code)
        self.representative = QLineEdit()
        self.representative.setObjectName("representative")
        self.representative.setPlaceholderText(_("the legal representative's name"))
        self.apply_consent = button(_("Record the consent"), "apply_consent", self.record)
        self.consent_error = error_label("consent_error")
        section = Section()
        section.main_button = self.apply_consent
        form = QFormLayout(section)
        form.setContentsMargins(0, 0, 0, 0)
        checks = QHBoxLayout()
        checks.addWidget(self.consent_referral)
        checks.addWidget(self.consent_sharing)
        checks.addStretch(1)
        form.addRow(checks)
        form.addRow(_("Date:"), self.consent_on)
        form.addRow(_("Given by:"), self.consent_by)
        self.representative_label = required_label(_("Representative:"))
        form.addRow(self.representative_label, self.representative)
        form.addRow(self.consent_error)
        form.addRow(at_right(self.apply_consent))
        self.form = form
        box = QVBoxLayout(self)
        box.addWidget(self.in_force)
        box.addWidget(section)
        self.consent_by.currentIndexChanged.connect(self._by_chosen)
        self._by_chosen()

    def _by_chosen(self) -> None:
        self.form.setRowVisible(
            self.representative, self.consent_by.currentData() == "representative"
        )

    def show_case(self, d: views.CaseDetail) -> None:
        self.in_force.setText(consent_text(d.consent))
        if d.consent is not None:
            self.consent_referral.setChecked(d.consent.referral)
            self.consent_sharing.setChecked(d.consent.sharing)
        elif d.is_child:  # a child's consent is their legal representative's
            self.consent_by.setCurrentIndex(self.consent_by.findData("representative"))
            if d.identity is not None and not self.representative.text():
                self.representative.setText(d.identity.guardian_name)
        say_why([self.apply_consent], None, self.ctx.read_only_reason)

    def record(self) -> None:
        def act() -> None:
            records.record_consent(
                self.ctx.profile,
                self.ctx.case_id,
                records.ConsentInput(
                    referral=self.consent_referral.isChecked(),
                    sharing=self.consent_sharing.isChecked(),
                    given_on=read_date(self.consent_on, "given_on"),
                    given_by=self.consent_by.currentData(),
                    representative=self.representative.text(),
                ),
            )

        if self.ctx.run(self.consent_error, act):
            self.representative.clear()


class HandoverList(QGroupBox):
    """The handovers of the case, newest last; the selected one's record can be printed."""

    COLUMNS = 4

    def __init__(self, ctx: CaseContext, parent: QWidget | None = None) -> None:
        super().__init__(_("Handovers"), parent)
        self.ctx = ctx
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setObjectName("handovers")
        self.table.setHorizontalHeaderLabels(
            [_("Date"), _("Handed over"), _("Received by"), _("Record number")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(90)
        self.print_handover = button(_("Print handover record…"), "print_handover", lambda: None)
        self.table.itemSelectionChanged.connect(self._selected)
        box = QVBoxLayout(self)
        box.addWidget(self.table, 1)
        box.addWidget(self.print_handover, 0, Qt.AlignmentFlag.AlignRight)
        self.can_print_reason = ""

    def show_case(self, d: views.CaseDetail) -> None:
        self.table.setRowCount(0)
        for h in d.handovers:
            row = self.table.rowCount()
            self.table.insertRow(row)
            cells = [i18n.format_date(h.handed_on), _(rules.HANDOVER_KINDS.get(h.kind, h.kind)),
                     ", ".join(x for x in (h.receiver, h.receiver_role) if x), h.record_number]  # fmt: skip
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, h.id)
                item.setToolTip(text)
                self.table.setItem(row, col, item)
        if self.table.rowCount():
            self.table.selectRow(self.table.rowCount() - 1)
        self._selected()

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _selected(self) -> None:
        why = self.can_print_reason
        if not why and self.selected_id() is None:
            why = _("Choose a handover in the list.")
        say_why([self.print_handover], None, why)
