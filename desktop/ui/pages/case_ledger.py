"""The support given to the person, as a ledger: each entry with its type, date, amount,
provider, funding and note; a wrong entry is never edited but cancelled by a counter-entry
(negative amount, with its reason) that "Correct…" makes; the total is net of them. The
form below offers the support types of the case's legal regime, the entitled ones first
(for a child, those that matter most for a child), and asks a reason for any other."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core import i18n
from desktop.core.cases import records, rules, views
from desktop.core.i18n import _
from desktop.ui import window_state
from desktop.ui.forms import Caption, alert_colour, required_caption, say_why
from desktop.ui.pages.case_parts import (
    CaseContext,
    Section,
    button,
    date_edit,
    error_label,
    line_edit,
    note_label,
    read_date,
)

COLUMNS = 7  # date, type, amount, provider, funding, note or reason, entry
AMOUNT_COLUMN = 2


class Ledger(QWidget):
    def __init__(self, ctx: CaseContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.entitlement = note_label("entitlement")
        self.child_support_note = note_label("child_support_note", alert=True)
        self.child_support_note.setText(
            _("Child: offer the support marked for a child first, with the guardian involved.")
        )
        self.table = QTableWidget(0, COLUMNS)
        self.table.setObjectName("ledger")
        self.table.setHorizontalHeaderLabels([
            _("Date"), _("Type"), _("Amount"), _("Provider"), _("Funding source"),
            _("Note or reason"), _("Entry"),
        ])  # fmt: skip
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The type (the law's long wording) and the note share the room left, wrapped.
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        window_state.rows_follow_columns(self.table)
        self.table.itemSelectionChanged.connect(self._selected)
        self.total = QLabel()
        self.total.setObjectName("support_total")
        self.correct = button(_("Correct…"), "correct_support", self.correct_selected)
        self.correct_error = error_label("correct_error")
        self.support_type = QComboBox()
        self.support_type.setObjectName("support_type")
        self.support_on = date_edit("support_on")
        self.amount = line_edit("amount")
        self.amount.setText("0")
        self.provider = line_edit("provider")
        self.funding = line_edit("funding")
        self.legal_basis = line_edit("legal_basis")
        self.support_note = line_edit("support_note")
        self.support_reason = line_edit("support_reason")
        self.outside_note = note_label("outside_note", alert=True)
        self.reason_label = Caption(_("Reason:"))
        self.reason_label.setTextFormat(Qt.TextFormat.RichText)
        self.apply_support = button(_("Add support"), "apply_support", self.add_support)
        self.support_error = error_label("support_error")
        self.support_type.currentIndexChanged.connect(self._type_chosen)
        form = Section()
        form.main_button = self.apply_support
        grid = QGridLayout(form)
        grid.setContentsMargins(0, 0, 0, 0)
        pairs: list[tuple[str, QWidget]] = [
            (_("Type:"), self.support_type), (_("Date:"), self.support_on),
            (_("Amount (đồng):"), self.amount), (_("Provider:"), self.provider),
            (_("Funding source:"), self.funding), (_("Legal basis:"), self.legal_basis),
            (_("Note:"), self.support_note),
        ]  # fmt: skip
        grid.addWidget(QLabel(pairs[0][0]), 0, 0)
        grid.addWidget(self.support_type, 0, 1, 1, 3)
        for n, (label, widget) in enumerate(pairs[1:]):
            row, col = 1 + n // 2, (n % 2) * 2
            grid.addWidget(QLabel(label), row, col)
            grid.addWidget(widget, row, col + 1)
        grid.addWidget(self.reason_label, 4, 2)
        grid.addWidget(self.support_reason, 4, 3)
        grid.addWidget(self.outside_note, 5, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        under = QHBoxLayout()
        under.addWidget(self.total, 1)
        under.addWidget(self.correct)
        box = QVBoxLayout(self)
        box.addWidget(self.entitlement)
        box.addWidget(self.child_support_note)
        box.addWidget(self.table, 1)
        box.addLayout(under)
        box.addWidget(self.correct_error)
        box.addWidget(form)
        box.addWidget(self.support_error)
        box.addWidget(self.apply_support, 0, Qt.AlignmentFlag.AlignRight)

    # -- showing ----------------------------------------------------------------------

    def show_case(self, d: views.CaseDetail) -> None:
        ent = d.entitlement
        if ent.types:
            text = _("Support under {basis}.").format(basis=ent.basis)
            if ent.case_by_case:
                text += " " + _("The law gives this support case by case.")
        else:
            text = " ".join(x for x in (ent.refusal, ent.basis and f"({ent.basis})") if x)
        self.entitlement.setText(text)
        self.child_support_note.setVisible(d.is_child)
        self.legal_basis.setPlaceholderText(ent.basis)
        chosen = self.support_type.currentData()
        self.support_type.blockSignals(True)
        self.support_type.clear()
        for code, for_child in rules.offered_types(ent.types, d.is_child):
            label = rules.support_label(code)
            if for_child:
                label = _("{type} — priority for a child").format(type=label)
            self.support_type.addItem(label, code)
        for code in rules.regime_types(d.legal_regime):
            if code not in ent.types:
                label = _("{type} — outside entitlement").format(type=rules.support_label(code))
                self.support_type.addItem(label, code)
        self.support_type.setCurrentIndex(max(self.support_type.findData(chosen), 0))
        self.support_type.blockSignals(False)
        self._type_chosen()
        self._fill(d)
        say_why([self.apply_support], None, self.ctx.read_only_reason)

    def _fill(self, d: views.CaseDetail) -> None:
        by_id = {e.id: e for e in d.support}
        corrected = d.corrected
        self.table.setRowCount(0)
        for e in d.support:
            if e.corrects_id:
                first = by_id.get(e.corrects_id)
                mark = _("Correction of the entry of {date}").format(
                    date=i18n.format_date(first.given_on) if first else "?"
                )
            elif e.id in corrected:
                mark = _("Corrected")
            elif e.outside_eligibility:
                mark = _("Outside entitlement")
            else:
                mark = ""
            cells = (i18n.format_date(e.given_on), rules.support_label(e.support_type),
                     i18n.format_money(e.amount), e.provider, e.funding_source,
                     e.reason or e.note, mark)  # fmt: skip
            row = self.table.rowCount()
            self.table.insertRow(row)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, e.id)
                item.setToolTip(text)
                if col == AMOUNT_COLUMN:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if e.corrects_id:
                    item.setForeground(alert_colour())
                elif e.id in corrected:
                    font = QFont(item.font())
                    font.setStrikeOut(True)
                    item.setFont(font)
                    item.setForeground(QColor("#777"))
                self.table.setItem(row, col, item)
        self.total.setText(
            _("Total, corrections deducted: {amount}").format(
                amount=i18n.format_money(d.support_total)
            )
        )
        self._selected()

    def _type_chosen(self) -> None:
        """A type outside the entitlement: why, and the reason becomes required."""
        ent = self.ctx.detail.entitlement
        outside = self.support_type.currentData() not in ent.types
        why = ent.refusal or _(
            "This support is outside what the person is entitled to: give a reason."
        )
        self.outside_note.setText(why if outside else "")
        self.outside_note.setVisible(outside)
        label = _("Reason:")
        self.reason_label.setText(required_caption(label) if outside else label)
        self.support_reason.setPlaceholderText(_("required: why this support") if outside else "")

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _selected(self) -> None:
        chosen = self.selected_id()
        entry = next((e for e in self.ctx.detail.support if e.id == chosen), None)
        if self.ctx.read_only_reason:
            why = self.ctx.read_only_reason
        elif entry is None:
            why = _("Choose the entry to correct in the list.")
        elif entry.corrects_id:
            why = _("A correction cannot itself be corrected.")
        elif entry.id in self.ctx.detail.corrected:
            why = _("This entry has already been corrected.")
        else:
            why = ""
        say_why([self.correct], None, why)

    # -- acting -----------------------------------------------------------------------

    def ask_reason(self) -> str | None:
        """The reason for a correction (a question box; tests replace this)."""
        text, ok = QInputDialog.getText(
            self, _("Correct a support entry"), _("Reason for the correction:")
        )
        return text if ok else None

    def correct_selected(self) -> None:
        entry = self.selected_id()
        if entry is None or not self.correct.isEnabled():
            return
        reason = self.ask_reason()
        if reason is None:
            return
        self.ctx.run(self.correct_error,
                     lambda: records.correct_support(self.ctx.profile, entry, reason))  # fmt: skip

    def add_support(self) -> None:
        def act() -> None:
            entry = records.SupportInput(
                support_type=self.support_type.currentData(),
                given_on=read_date(self.support_on, "given_on"),
                amount=rules.parse_amount(self.amount.text()),
                provider=self.provider.text(), funding_source=self.funding.text(),
                legal_basis=self.legal_basis.text(), note=self.support_note.text(),
                reason=self.support_reason.text(),
            )  # fmt: skip
            records.add_support(self.ctx.profile, self.ctx.case_id, entry)

        if self.ctx.run(self.support_error, act):
            for edit in (self.support_reason, self.support_note, self.legal_basis):
                edit.clear()
            self.amount.setText("0")
