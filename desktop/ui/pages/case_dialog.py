"""Work one case: the next workflow step with that step's record and the person's consent,
the timeline of everything that happened, the support ledger, shelter stays, referrals,
follow-ups and notes, the trafficking facts, the situation and legal regime, and the
documents to print. Roles that may not see identity get the same window with the case
code in place of the person, and nothing to change.

The parts live in ``case_*.py`` beside this file; each shows the case (``show_case``) and
acts through this window (``run``), which shows the case again after any change."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTemporaryDir, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core import i18n, profile
from desktop.core.cases import rules, service, views
from desktop.core.errors import KhienError
from desktop.core.i18n import _
from desktop.core.reports import service as reports
from desktop.core.security import roles
from desktop.ui import texts
from desktop.ui.forms import alert_span, set_tone
from desktop.ui.ops import Op, error_text
from desktop.ui.pages.case_consent import ConsentBox, HandoverList
from desktop.ui.pages.case_facts import FactsTab, SituationTab
from desktop.ui.pages.case_ledger import Ledger
from desktop.ui.pages.case_records import RecordsTab
from desktop.ui.pages.case_steps import StepForm
from desktop.ui.pages.case_timeline import Timeline
from desktop.ui.pages.person_dialog import PersonDialog
from desktop.ui.pages.reports_preview import PreviewDialog, generate
from desktop.ui.pdf_view import PdfFile
from desktop.ui.window_state import fit_to_screen

# The size the window would like; fit_to_screen makes it smaller on a smaller screen (the
# 1280×720 logical of a 1920×1080 screen at 150 %, less the taskbar and the title bar).
MAX_WIDTH, MAX_HEIGHT = 1280, 680


def header_text(d: views.CaseDetail) -> str:
    """The case in one line: code, person, age at reception (≈ when approximate), child,
    status, deadline, regime; the identification paper on a second line."""
    who = html.escape(views.display_name(d))
    parts = [f"<b>{d.code}</b> — {who}" if d.identity else f"<b>{d.code}</b>"]
    if d.age is not None:
        age = f"≈{d.age}" if d.age_approximate else str(d.age)
        parts.append(html.escape(_("age at reception: {age}").format(age=age)))
    if d.child_presumed:
        parts.append(alert_span(html.escape(_("presumed a child (age uncertain)"))))
    elif d.is_child:
        parts.append(alert_span(html.escape(_("Child (under 18)"))))
    parts.append(html.escape(rules.status_label(d.status)))
    if d.due_on and d.status != rules.CLOSED:
        due = html.escape(_("due {date}").format(date=i18n.format_date(d.due_on)))
        parts.append(alert_span(due) if d.overdue else due)
    parts.append(html.escape(_(rules.REGIMES.get(d.legal_regime, d.legal_regime))))
    text = " · ".join(parts)
    if d.document is not None:
        doc = d.document
        paper = _("{kind} No. {number} of {date}, {issuer}").format(
            kind=_(rules.ID_DOCUMENTS.get(doc.doc_type, doc.doc_type)), number=doc.number,
            date=i18n.format_date(doc.issued_on) if doc.issued_on else "", issuer=doc.issuer,
        )  # fmt: skip
        label = _("Identification paper: {paper}").format(paper=paper)
        text += "<br>" + html.escape(label)
    return text


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.viewport().setAutoFillBackground(False)
    widget.setAutoFillBackground(False)
    return area


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
        self.detail: views.CaseDetail  # set by reload(), before any part shows it
        self.setMinimumSize(760, 560)
        self.setMaximumSize(MAX_WIDTH, MAX_HEIGHT + 80)
        fit_to_screen(self, MAX_WIDTH, MAX_HEIGHT)
        self.header = QLabel()
        self.header.setObjectName("header")
        self.header.setWordWrap(True)
        self.read_only_note = QLabel(self.read_only_reason)
        self.read_only_note.setObjectName("read_only_note")
        self.read_only_note.setWordWrap(True)
        set_tone(self.read_only_note, "caution")
        self.read_only_note.setVisible(bool(self.read_only_reason))
        self.agencies = {
            i.code: i.name for i in profile.reference_items(opened, "agency", include_inactive=True)
        }
        self.workflow = StepForm(self)
        self.consent = ConsentBox(self)
        self.handovers = HandoverList(self)
        self.timeline = Timeline(self.agencies)
        self.ledger = Ledger(self)
        self.records = RecordsTab(self)
        self.facts = FactsTab(self)
        self.situation = SituationTab(self)
        self.parts = (self.workflow, self.consent, self.handovers, self.timeline, self.ledger,
                      self.records, self.facts, self.situation)  # fmt: skip
        self.tabs = QTabWidget()
        self.tabs.setObjectName("case_tabs")
        self.tabs.addTab(self._workflow_tab(), _("Workflow"))
        self.tabs.addTab(self.timeline, _("Timeline"))
        self.tabs.addTab(self.ledger, _("Support"))
        self.tabs.addTab(self.records, _("Shelter, referral, follow-up"))
        self.tabs.addTab(_scrolled(self.facts), _("Facts"))
        self.tabs.addTab(self.situation, _("Situation and legal regime"))
        self.edit_person = QPushButton(_("Edit person…"))
        self.edit_person.setObjectName("edit_person")
        self.edit_person.setEnabled(self.editable and roles.can_see_identity(opened.user.role))
        self.edit_person.clicked.connect(self.open_person)
        self.person_dialog: PersonDialog | None = None
        self.print_record = QPushButton(_("Print reception record…"))
        self.print_record.setObjectName("print_record")
        self.print_summary = QPushButton(_("Print case summary…"))
        self.print_summary.setObjectName("print_summary")
        self.last_pdf: Path | None = None  # where the last document was saved
        self.preview: PreviewDialog | None = None
        self.print_op: Op | None = None
        for b in (self.print_record, self.print_summary):
            b.setEnabled(roles.can_see_identity(opened.user.role))
        if not roles.can_see_identity(opened.user.role):
            self.handovers.can_print_reason = _(
                "Your role may not print documents that name a person."
            )
        self.print_record.clicked.connect(lambda: self._print("record"))
        self.print_summary.clicked.connect(lambda: self._print("summary"))
        self.handovers.print_handover.clicked.connect(self.print_handover)
        close = QPushButton(_("Close"))
        close.setObjectName("close")
        close.setAutoDefault(False)
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        for b in (self.edit_person, self.print_record, self.print_summary):
            bottom.addWidget(b)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.read_only_note)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self._aliases()
        # A workspace of several forms: Enter in one must not press another's Apply (the
        # first auto-default button, "Record this step", took every Enter), so none is.
        for b in self.findChildren(QPushButton):
            b.setAutoDefault(False)
        self.reload()

    def _workflow_tab(self) -> QWidget:
        tab = QWidget()
        right = QVBoxLayout()
        right.addWidget(self.consent)
        right.addWidget(self.handovers, 1)
        step = QGroupBox(_("The next step"))
        step.setObjectName("step_box")
        QVBoxLayout(step).addWidget(_scrolled(self.workflow))
        box = QHBoxLayout(tab)
        box.addWidget(step, 3)
        box.addLayout(right, 2)
        return tab

    def _aliases(self) -> None:
        """The widgets other code and tests reach through the window, by their old names."""
        for part, names in (
            (self.workflow, ("next_status", "step_on", "step_reason", "closure", "step_agency",
                             "apply_step", "step_error")),
            (self.ledger, ("support_type", "support_on", "amount", "provider", "apply_support",
                           "support_error", "child_support_note")),
            (self.records, ("records_list", "facility", "admitted_on", "agency", "referred_on",
                            "finding", "visited_on", "note_text", "open_stays", "discharge_on",
                            "open_referrals", "outcome", "records_error", "apply_discharge",
                            "apply_outcome")),
            (self.facts, ("country", "place", "exploitation", "months_away", "recruitment",
                          "apply_facts", "facts_error")),
            (self.situation, ("regime", "regime_reason", "regime_note", "apply_regime",
                              "regime_error")),
        ):  # fmt: skip
            for name in names:
                setattr(self, name, getattr(part, name))

    # -- showing ----------------------------------------------------------------------

    def reload(self) -> None:
        d = views.get_case(self.profile, self.case_id)
        self.detail = d
        self.setWindowTitle(_("Case {code}").format(code=d.code))
        self.header.setText(header_text(d))
        for part in self.parts:
            part.show_case(d)

    def run(self, error: QLabel, action: Callable[[], object]) -> bool:
        try:
            action()
        except KhienError as exc:
            error.setText(exc.message)
            return False
        error.setText("")
        self.case_changed()
        return True

    def case_changed(self) -> None:
        self.reload()
        self.changed.emit()

    # -- the person and documents -----------------------------------------------------

    def open_person(self) -> None:
        try:
            self.person_dialog = PersonDialog(self.profile, self.case_id, self)
        except KhienError as exc:
            texts.show_error(self, exc.message)
            return
        self.person_dialog.accepted.connect(self.case_changed)
        self.person_dialog.open()

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

    def print_handover(self) -> None:
        """The record of the selected handover, generated like the reception record."""
        from desktop.core.reports import case_docs

        handover = self.handovers.selected_id()
        if handover is None:
            return
        folder = QTemporaryDir()
        name = _("handover-record")
        out = Path(folder.path()) / f"{self.detail.code}-{name}.pdf"

        def job() -> Path:
            return case_docs.handover_record(self.profile, handover, out)

        def done(path: Path) -> None:
            try:
                pdf = PdfFile.read(path)
            finally:
                folder.remove()
            self._preview(_("Handover record"), pdf, "handover")

        def failed(exc: BaseException) -> None:
            folder.remove()
            texts.show_error(self, error_text(exc))

        op = Op(self, _("Preparing the document…"), job)
        op.on_success(done).on_failure(failed).on_cancel(folder.remove)
        self.print_op = op.run()

    def _preview(self, title: str, pdf: PdfFile, kind: str) -> None:
        self.preview = PreviewDialog(self.profile, title, pdf, kind, self)
        self.preview.panel.choose_pdf = lambda suggested: self.choose_pdf(suggested)
        self.preview.panel.saved.connect(lambda out: setattr(self, "last_pdf", out))
        self.preview.open()
