"""The next step of a case: the officer chooses it, and the form shows that step's fields
only (``rules.STEP_FIELDS``): the identification paper for "Identify", the agency and the
reason for a referral, the handover's receiver, place and record number, the follow-up's
method and finding, the closure reason for "Close". A referral or handover waits for the
person's consent (``steps.consent_missing``), and says so."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from desktop.core import profile
from desktop.core.cases import config, handover_places, rules, service, steps, views
from desktop.core.errors import KhienError, ValidationError
from desktop.core.i18n import _
from desktop.core.text import fold
from desktop.ui.forms import Form, say_why
from desktop.ui.pages.case_parts import (
    CaseContext,
    Section,
    button,
    date_edit,
    error_label,
    line_edit,
    read_date,
    read_optional_date,
)
from desktop.ui.widgets.search_box import FOLD_ROLE, FoldCompleter, SearchBox, make_searchable

# The form's rows for each key of ``rules.STEP_FIELDS`` (the date is always asked).
ROWS = {
    "agency": ("step_agency",),
    "note": ("reason",),
    "reason": ("reason",),
    "document": ("doc_type", "doc_number", "doc_date", "doc_issuer"),
    "referral": ("to_agency", "referral_reason"),
    "handover": (
        "handover_kind",
        "receiver",
        "receiver_role",
        "province",
        "commune",
        "place",
        "record_number",
        "handover_note",
    ),  # fmt: skip
    "follow_up": ("method", "finding"),
    "closure": ("closure_reason",),
}
# The fields the core refuses empty, for the red asterisk.
REQUIRED = {"closure_reason", "doc_type", "doc_number", "doc_date", "doc_issuer", "to_agency",
            "handover_kind", "receiver", "method", "finding"}  # fmt: skip
# Where the province is required (``steps.check_handover``).
PROVINCE_KINDS = ("home_locality", "other_province")


def _combo(name: str, items: dict[str, str], blank: str | None = None) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    if blank is not None:
        box.addItem(blank, "")
    for code, label in items.items():
        box.addItem(_(label), code)
    return box


def suggest(edit: QLineEdit, names: list[str]) -> None:
    """Offer *names* to a free-text line, matched as a ``SearchBox`` matches (what the
    officer types is kept as it is)."""
    model = QStandardItemModel(edit)
    for name in names:
        item = QStandardItem(name)
        item.setData(fold(name), FOLD_ROLE)
        model.appendRow(item)
    edit.setCompleter(FoldCompleter(model, edit))


def _holder(widget: QWidget) -> QWidget:
    """The row of *widget* in a ``forms.Form`` (the widget and its reason line)."""
    holder = widget.parentWidget()
    assert holder is not None
    return holder


class StepForm(Section):
    def __init__(self, ctx: CaseContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        opened = ctx.profile
        self.default_agencies = config.step_agencies(opened)
        agencies = profile.reference_items(opened, "agency", include_inactive=False)
        self.next_status = QComboBox()
        self.next_status.setObjectName("next_status")
        self.step_on = date_edit("step_on")
        self.step_agency = QComboBox()
        self.step_agency.setObjectName("step_agency")
        self.step_agency.addItem(_("(not set)"), "")
        for item in agencies:
            self.step_agency.addItem(item.name, item.code)
        make_searchable(self.step_agency)
        self.step_reason = line_edit("step_reason")
        self.doc_type = _combo("doc_type", rules.ID_DOCUMENTS, blank="—")
        self.doc_number = line_edit("doc_number")
        self.doc_date = date_edit("doc_date", today=False)
        self.doc_issuer = line_edit("doc_issuer", _("the body that issued the paper"))
        self.to_agency = line_edit("to_agency", _("to which agency"))
        suggest(self.to_agency, [item.name for item in agencies])
        self.referral_reason = line_edit("referral_reason")
        self.handover_kind = _combo("handover_kind", rules.HANDOVER_KINDS, blank="—")
        self.receiver = line_edit("receiver", _("the person or body receiving"))
        self.receiver_role = line_edit("receiver_role", _("relation to the person, or title"))
        self.province = SearchBox(
            [(name, code) for code, name in handover_places.provinces(opened)], blank="—"
        )
        self.province.setObjectName("province")
        self.commune = SearchBox(blank="—")
        self.commune.setObjectName("commune")
        self.place = line_edit("place", _("where the person was handed over"))
        self.record_number = line_edit("record_number", _("number of the handover record"))
        self.handover_note = line_edit("handover_note")
        self.method = _combo("method", rules.FOLLOW_UP_METHODS)
        self.finding = line_edit("finding", _("what the follow-up found"))
        self.closure = _combo("closure", rules.CLOSURE_REASONS, blank="—")
        self.apply_step = button(_("Record this step"), "apply_step", self.record_step)
        self.main_button = self.apply_step
        self.consent_note = error_label("consent_note")
        self.step_error = error_label("step_error")
        layout = QFormLayout()
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form = Form(layout)
        rows: list[tuple[str, str, QWidget]] = [
            ("next_status", _("Next step:"), self.next_status),
            ("on", _("Date:"), self.step_on),
            ("step_agency", _("Responsible agency:"), self.step_agency),
            ("doc_type", _("Identification paper:"), self.doc_type),
            ("doc_number", _("Number:"), self.doc_number),
            ("doc_date", _("Dated:"), self.doc_date),
            ("doc_issuer", _("Issued by:"), self.doc_issuer),
            ("to_agency", _("Referred to:"), self.to_agency),
            ("referral_reason", _("Reason for the referral:"), self.referral_reason),
            ("handover_kind", _("Handed over:"), self.handover_kind),
            ("receiver", _("Received by:"), self.receiver),
            ("receiver_role", _("Relation or title:"), self.receiver_role),
            ("province", _("Province:"), self.province),
            ("commune", _("Commune:"), self.commune),
            ("place", _("Place of handover:"), self.place),
            ("record_number", _("Record number:"), self.record_number),
            ("handover_note", _("Note:"), self.handover_note),
            ("method", _("How:"), self.method),
            ("finding", _("Finding:"), self.finding),
            ("closure_reason", _("Closure reason:"), self.closure),
            ("reason", _("Reason:"), self.step_reason),
        ]
        for name, label, widget in rows:
            self.form.add(name, label, widget)
        self.texts = [w for _n, _l, w in rows if isinstance(w, QLineEdit) and w is not self.step_on]
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(layout)
        box.addWidget(self.consent_note)
        box.addWidget(self.step_error)
        box.addWidget(self.apply_step, 0, Qt.AlignmentFlag.AlignRight)
        box.addStretch(1)
        self.next_status.currentIndexChanged.connect(self._step_chosen)
        self.handover_kind.currentIndexChanged.connect(self._ready)
        self.province.currentIndexChanged.connect(self._province_chosen)

    # -- showing ----------------------------------------------------------------------

    def show_case(self, d: views.CaseDetail) -> None:
        chosen = self.next_status.currentData()
        self.next_status.blockSignals(True)
        self.next_status.clear()
        for status in d.next_statuses:
            self.next_status.addItem(_(rules.ACTIONS[status]), status)
        if d.status == rules.CLOSED:
            self.next_status.addItem(_("Reopen the case"), rules.REOPEN)
        self.next_status.setCurrentIndex(max(self.next_status.findData(chosen), 0))
        self.next_status.blockSignals(False)
        home = d.identity.home_province_code if d.identity else None
        self.province.setCurrentIndex(
            max(self.province.findData(home or self.ctx.profile.node.province_code), 0)
        )
        self._step_chosen()

    def status(self) -> str:
        return str(self.next_status.currentData() or "")

    def fields(self) -> tuple[str, ...]:
        """The keys of ``rules.STEP_FIELDS`` the chosen step asks for."""
        return rules.STEP_FIELDS.get(self.status(), ())

    def _step_chosen(self) -> None:
        status, keys = self.status(), self.fields()
        shown = {"next_status", "on"} | {row for key in keys for row in ROWS[key]}
        if status == rules.REOPEN or not status:
            shown.discard("step_agency")
        for name, field in self.form.fields.items():
            self.form.layout.setRowVisible(_holder(field.widget), name in shown)
            field.server_error, field.touched = "", False
        self.form.set_label("reason", _("Reason:") if "reason" in keys else _("Note:"))
        self.step_error.clear()
        code = self.default_agencies.get(status, "")
        self.step_agency.setCurrentIndex(max(self.step_agency.findData(code), 0))
        self._ready()

    def _province_chosen(self) -> None:
        code = self.province.currentData()
        communes = handover_places.communes_of(self.ctx.profile, code) if code else []
        self.commune.set_items([(name, commune) for commune, name in communes])

    def _ready(self) -> None:
        """Mark what the chosen step requires; a step that needs the consent in force waits
        for it, saying why next to the form."""
        status = self.status()
        required = {"on"} | (REQUIRED & {n for key in self.fields() for n in ROWS[key]})
        if rules.reason_required(status):
            required.add("reason")
        if status == rules.HANDED_OVER and self.handover_kind.currentData() in PROVINCE_KINDS:
            required.add("province")
        self.form.set_required(required)
        why = ""
        if status in rules.CONSENT_STEPS:
            kind = (self.handover_kind.currentData() or "") if status == rules.HANDED_OVER else ""
            why = steps.consent_missing(self.ctx.detail.consent, status, kind)
        self.consent_note.setText(why)
        self.consent_note.setVisible(bool(why))
        if not self.status():
            why = why or _("This case has no further step.")
        say_why([self.apply_step], None, self.ctx.read_only_reason or why)
        self.form.validate()

    # -- acting -----------------------------------------------------------------------

    def agency(self) -> str:
        """The agency answering for the step: chosen in the form where the step asks for
        it, else the one the province set for the step (``config.step_agencies``)."""
        if "agency" in self.fields():
            return str(self.step_agency.currentData() or "")
        return self.default_agencies.get(self.status(), "")

    def details(self) -> steps.StepDetails:
        """The chosen step's record from its fields (the others are not read)."""
        keys, out = self.fields(), steps.StepDetails()
        if "document" in keys:
            out.document = steps.IdDocument(
                self.doc_type.currentData() or "", self.doc_number.text(),
                read_optional_date(self.doc_date, "doc_date"), self.doc_issuer.text(),
            )  # fmt: skip
        if "referral" in keys:
            out.referral = steps.ReferralInput(self.to_agency.text(), self.referral_reason.text())
        if "handover" in keys:
            out.handover = steps.HandoverInput(
                kind=self.handover_kind.currentData() or "", receiver=self.receiver.text(),
                receiver_role=self.receiver_role.text(),
                province_code=self.province.currentData(), commune_code=self.commune.currentData(),
                place=self.place.text(), record_number=self.record_number.text(),
                note=self.handover_note.text(),
            )  # fmt: skip
        if "follow_up" in keys:
            out.follow_up = steps.FollowUpInput(self.finding.text(), self.method.currentData())
        return out

    def record_step(self) -> None:
        status, keys = self.status(), self.fields()
        if not status or not self.apply_step.isEnabled():
            return
        try:
            on = read_date(self.step_on, "on")
            service.move(
                self.ctx.profile, self.ctx.case_id, status, on,
                reason=self.step_reason.text() if {"reason", "note"} & set(keys) else "",
                closure_reason=self.closure.currentData() if "closure" in keys else "",
                agency=self.agency(),
                details=self.details(),
            )  # fmt: skip
        except ValidationError as exc:
            self.refused(exc.message, exc.field)
            return
        except KhienError as exc:
            self.refused(exc.message, None)
            return
        for edit in self.texts:
            edit.clear()
        for combo in (self.handover_kind, self.doc_type, self.closure):
            combo.setCurrentIndex(0)
        self.next_status.setCurrentIndex(-1)  # the first step the case offers now
        self.ctx.case_changed()

    def refused(self, message: str, field: str | None) -> None:
        """The core's refusal under the field it names, or under the form."""
        name = {"closure": "closure_reason", "consent": None}.get(field or "", field)
        if name is not None and name in self.form.fields and self.field_shown(name):
            self.form.set_error(name, message)
            self.step_error.clear()
        else:
            self.step_error.setText(message)

    def message(self) -> str:
        """The refusal shown (under a field or the form), "" when none."""
        if self.step_error.text():
            return self.step_error.text()
        return next((self.form.error_of(n) for n in self.form.fields if self.form.error_of(n)), "")

    def field_shown(self, name: str) -> bool:
        return _holder(self.form.fields[name].widget).isVisibleTo(self)
