"""What the officer chooses before generating a report: the kind, the period or the plan,
the language, small-count suppression, the document date and the document's header.
The threshold, whether small counts are hidden and who signs start as the officer set them
in Settings (``account_settings``); what is typed in the form wins.

Every check is the report service's own (``service.check``), run as the officer types: a
refusal about a field shows under that field once it has been touched, and the first
refusal is always shown beside Generate, which stays disabled while there is one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core import account_settings, i18n, profile
from desktop.core.errors import KhienError, ValidationError
from desktop.core.i18n import N_, _
from desktop.core.outreach import plans
from desktop.core.profile import OpenProfile
from desktop.core.reports import numbers, service
from desktop.ui import icons
from desktop.ui.forms import Form, set_alert, set_tone
from desktop.ui.login_dialog import LANGUAGE_NAMES

KIND_LABELS = {
    "period": N_("Periodic report (outreach and cases)"),
    "campaign": N_("Campaign result report (a plan)"),
}
HEADER_FIELDS = (
    ("superior_agency", N_("Superior agency:")),
    ("agency", N_("Issuing agency:")),
    ("number", N_("Number and symbol:")),
    ("place", N_("Place name:")),
    ("signer_authority", N_("Signing on behalf of:")),
    ("signer_title", N_("Signer's title:")),
    ("signer_name", N_("Signer's name:")),
)
SUPPRESS_SETTING = "report.suppress_below"
DEFAULT_SUPPRESS = 5


@dataclass
class Refusal:
    field: str  # the form field it is about ("" when none)
    message: str


def _section(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: bold; margin-top: 8px;")
    return label


def _date_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(_("dd/mm/yyyy"))
    edit.setMaximumWidth(140)
    return edit


class ReportForm(QWidget):
    """The choices and the header; ``request()`` is the report they ask for."""

    kind_changed = Signal(str)
    generate_requested = Signal()

    def __init__(self, opened: OpenProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.opened = opened
        self._drafts: dict[str, service.ReportHeader] = {}
        self._cache: tuple[object, Refusal | None] | None = None
        layout = QFormLayout()
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.generate = QPushButton(_("Generate the report"))
        self.generate.setObjectName("generate")
        self.generate.setIcon(icons.icon("reports"))
        self.generate.setDefault(True)
        self.generate.setShortcut("Ctrl+Return")
        self.generate.setToolTip("Ctrl+Enter")
        self.generate.clicked.connect(self.generate_requested)
        self.form = Form(layout)
        add = self.form.add

        self.kind = QComboBox()
        for code, label in KIND_LABELS.items():
            self.kind.addItem(_(label), code)
        add("kind", _("Report:"), self.kind)
        self.from_case = QLabel(
            _("The reception record and the case summary are printed from the case itself.")
        )
        self.from_case.setWordWrap(True)
        set_tone(self.from_case, "note")
        layout.addRow(self.from_case)

        self.preset = QComboBox()
        self.preset.setObjectName("preset")
        self.preset.addItem(_("Any dates"), None)
        for label, start, end in service.period_presets(dt.date.today()):
            self.preset.addItem(label, (start, end))
        add("preset", _("Period:"), self.preset)
        self.date_from, self.date_to = _date_edit("date_from"), _date_edit("date_to")
        add("date_from", _("From:"), self.date_from, lambda: self._reason("date_from"))
        add("date_to", _("To:"), self.date_to, lambda: self._reason("date_to"))

        self.plan = QComboBox()
        self.plan.setObjectName("plan")
        self._load_plans()
        add("plan", _("Plan:"), self.plan, lambda: self._reason("plan"))

        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(i18n.language()))
        add("language", _("Language of the report:"), self.language,
            lambda: self._reason("language"))  # fmt: skip

        self.suppress = QCheckBox(_("Hide small counts"))
        self.suppress.setObjectName("suppress")
        self.threshold = QSpinBox()
        self.threshold.setObjectName("threshold")
        self.threshold.setRange(2, service.MAX_SUPPRESSION)
        # The officer's own default (Settings → Documents), else the office's last one.
        mine = account_settings.load(opened)
        saved = profile.get_setting(opened, SUPPRESS_SETTING, "")
        if mine.suppress_below:
            self.threshold.setValue(mine.suppress_below)
        else:
            self.threshold.setValue(int(saved) if saved.isdigit() else DEFAULT_SUPPRESS)
        self.threshold.setPrefix(_("under "))
        self.suppress.setChecked(mine.hide_small_counts)
        self.threshold.setEnabled(mine.hide_small_counts)
        row = QWidget()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.suppress, 1)
        box.addWidget(self.threshold)
        self.suppress_help = QLabel(_("For reports that leave the office: a count under the "
                                      "threshold is printed as “<N”, so no person can be "
                                      "recognised from a table."))  # fmt: skip
        self.suppress_help.setWordWrap(True)
        set_tone(self.suppress_help, "note")
        holder = QWidget()
        col = QVBoxLayout(holder)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(row)
        col.addWidget(self.suppress_help)
        add("suppress", _("Small counts:"), holder, lambda: self._reason("suppress"))

        self.on = _date_edit("on")
        self.on.setText(i18n.format_date(dt.date.today()))
        add("on", _("Date of the document:"), self.on, lambda: self._reason("on"))

        layout.addRow(_section(_("Document header")))
        self.header_edits: dict[str, QLineEdit] = {}
        for name, label in HEADER_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(name)
            self.header_edits[name] = edit
            add(name, _(label), edit, lambda name=name: self._reason(name))
        self.reissue = QCheckBox(_("Re-issue a number already given to another document"))
        self.reissue.setObjectName("reissue")
        self.reissue.toggled.connect(lambda _on: self.form.validate())
        layout.addRow("", self.reissue)
        self._offered = ""  # the number the form last offered (not typed by the officer)
        self.on.editingFinished.connect(self._offer_number)
        self.header_edits["agency"].editingFinished.connect(self._offer_number)
        self.recipients = QPlainTextEdit()
        self.recipients.setObjectName("recipients")
        self.recipients.setTabChangesFocus(True)
        self.recipients.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.recipients.setPlaceholderText(_("One recipient a line"))
        add("recipients", _("Recipients:"), self.recipients)

        self.refusal = QLabel()
        self.refusal.setObjectName("refusal")
        set_alert(self.refusal)
        self.refusal.setWordWrap(True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 8, 0)
        outer.addLayout(layout)
        outer.addWidget(self.refusal)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.generate)
        outer.addLayout(bottom)
        outer.addStretch(1)

        for combo in (self.kind, self.preset, self.plan, self.language):
            # Long items (plan titles) must not widen the column: the combo elides them.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
            combo.setToolTip(combo.currentText())
            combo.currentTextChanged.connect(combo.setToolTip)
        self.kind.currentIndexChanged.connect(self._kind_switched)
        self.preset.activated.connect(self._preset_chosen)
        for edit in (self.date_from, self.date_to):
            edit.textChanged.connect(self._dates_typed)
        self.suppress.toggled.connect(self.threshold.setEnabled)
        self.suppress.toggled.connect(lambda _on: self.form.validate())
        self.threshold.valueChanged.connect(lambda _n: self.form.validate())
        self.form.validity_changed.connect(self._show_refusal)

        self.preset.setCurrentIndex(2)  # last month: what is reported most
        self._preset_chosen(2)
        self._show_kind()
        self._fill_header(service.load_header(opened, self.current_kind()))
        self.form.validate()

    # -- choices ----------------------------------------------------------------------

    def current_kind(self) -> str:
        return str(self.kind.currentData())

    def _load_plans(self) -> None:
        self.plan.clear()
        for p in plans.list_plans(self.opened):
            self.plan.addItem(f"{p.number} — {p.title}", p.id)
        if not self.plan.count():
            self.plan.setPlaceholderText(_("No plans yet"))

    def refresh_plans(self) -> None:
        keep = self.plan.currentData()
        self._load_plans()
        found = self.plan.findData(keep)
        self.plan.setCurrentIndex(found if found >= 0 else min(0, self.plan.count() - 1))
        self.form.validate()

    def _show_kind(self) -> None:
        period = self.current_kind() == "period"
        rows = self.form.layout
        for name in ("preset", "date_from", "date_to"):
            rows.setRowVisible(self.form.labels[name], period)
        rows.setRowVisible(self.form.labels["plan"], not period)

    def _kind_switched(self) -> None:
        new = self.current_kind()
        self._drafts[self._shown_kind] = self.header()
        self._fill_header(self._drafts.get(new) or service.load_header(self.opened, new))
        self._show_kind()
        self.form.validate()
        self.kind_changed.emit(new)

    def _preset_chosen(self, index: int) -> None:
        period = self.preset.itemData(index)
        if period is not None:
            start, end = period
            self.date_from.setText(i18n.format_date(start))
            self.date_to.setText(i18n.format_date(end))
            self.form.validate()

    def _dates_typed(self) -> None:
        """The preset that the dates match, else “any dates”."""
        try:
            typed = (i18n.parse_date(self.date_from.text()), i18n.parse_date(self.date_to.text()))
        except ValidationError:
            typed = None
        index = next((n for n in range(1, self.preset.count())
                      if self.preset.itemData(n) == typed), 0)  # fmt: skip
        self.preset.setCurrentIndex(index)

    # -- header -----------------------------------------------------------------------

    def _fill_header(self, header: service.ReportHeader) -> None:
        self._shown_kind = self.current_kind()
        for name, edit in self.header_edits.items():
            edit.setText(getattr(header, name))
        self.recipients.blockSignals(True)
        self.recipients.setPlainText("\n".join(header.recipients))
        self.recipients.blockSignals(False)
        self._offer_number()

    def _year(self) -> int:
        try:
            return i18n.parse_date(self.on.text()).year
        except ValidationError:
            return dt.date.today().year

    def _ref(self) -> str:
        try:
            return service.document_ref(self._build())
        except KhienError:
            return ""

    def _offer_number(self) -> None:
        """Offer the next number of the office's series for this kind and year (nothing
        is taken until the document is written), unless the number shown is still free,
        is this same document's, or the officer chose to re-issue it."""
        if self.reissue.isChecked():
            return
        edit = self.header_edits["number"]
        offered = numbers.offer(self.opened, self.current_kind(), self._year(), edit.text(),
                                self.header_edits["agency"].text(), self._ref())  # fmt: skip
        if offered != edit.text().strip():
            edit.setText(offered)
            self._offered = offered

    def header(self) -> service.ReportHeader:
        values = {name: edit.text() for name, edit in self.header_edits.items()}
        lines = [line.strip() for line in self.recipients.toPlainText().splitlines()]
        return service.ReportHeader(**values, recipients=[line for line in lines if line])

    # -- the request and its checks ---------------------------------------------------

    def _date(self, edit: QLineEdit, field: str) -> dt.date:
        text = edit.text().strip()
        if not text:
            raise ValidationError(_("Enter the date."), field)
        try:
            return i18n.parse_date(text)
        except ValidationError as exc:
            raise ValidationError(exc.message, field) from None

    def _build(self) -> service.ReportRequest:
        kind = self.current_kind()
        period = kind == "period"
        return service.ReportRequest(
            kind=kind,
            date_from=self._date(self.date_from, "date_from") if period else None,
            date_to=self._date(self.date_to, "date_to") if period else None,
            plan_id=None if period else self.plan.currentData(),
            language=str(self.language.currentData()),
            suppress_below=self.threshold.value() if self.suppress.isChecked() else 0,
            header=self.header(),
            on=self._date(self.on, "on"),
            reissue=self.reissue.isChecked(),
        )

    def _snapshot(self) -> object:
        return (
            self.current_kind(), self.date_from.text(), self.date_to.text(),
            self.plan.currentData(), self.language.currentData(), self.suppress.isChecked(),
            self.threshold.value(), self.on.text(), self.header(), self.reissue.isChecked(),
        )  # fmt: skip

    def refusal_now(self) -> Refusal | None:
        """The first reason the report cannot be generated as chosen, or None."""
        if self._offered and self.header_edits["number"].text().strip() == self._offered:
            self._offer_number()  # the number offered was given meanwhile: offer the next
        snap = self._snapshot()
        if self._cache is not None and self._cache[0] == snap:
            return self._cache[1]
        refusal: Refusal | None = None
        try:
            service.check(self.opened, self._build())
        except ValidationError as exc:
            refusal = Refusal(exc.field or "", exc.message)
        except KhienError as exc:
            refusal = Refusal("", exc.message)
        self._cache = (snap, refusal)
        return refusal

    def _reason(self, field: str) -> str:
        refusal = self.refusal_now()
        return refusal.message if refusal is not None and refusal.field == field else ""

    def _show_refusal(self) -> None:
        refusal = self.refusal_now()
        self.generate.setEnabled(refusal is None)
        self.generate.setToolTip("" if refusal is None else refusal.message)
        shown = refusal is not None and refusal.field in self.form.fields and bool(
            self.form.error_of(refusal.field))  # fmt: skip
        self.refusal.setText("" if refusal is None or shown else refusal.message)
        self.refusal.setVisible(bool(self.refusal.text()))

    def request(self) -> service.ReportRequest | None:
        """The report asked for, or None after showing why it cannot be generated."""
        self._cache = None
        refusal = self.refusal_now()
        if refusal is not None:
            if refusal.field in self.form.fields:
                self.form.set_error(refusal.field, refusal.message)
            self._show_refusal()
            return None
        return self._build()

    def remember(self, request: service.ReportRequest) -> None:
        """Keep the header (per office and kind) and the small-count threshold."""
        assert request.header is not None
        service.save_header(self.opened, request.kind, request.header)
        if request.suppress_below:
            profile.set_setting(self.opened, SUPPRESS_SETTING, str(request.suppress_below))
        self._drafts.pop(request.kind, None)
