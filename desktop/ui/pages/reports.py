"""The Reports section: choose a report and its period or plan, fill in the document's
header, generate it (in the op runner, with progress and Cancel), look at its pages, print
it, save it as a PDF or export its tables to Excel."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QScrollArea, QSplitter, QWidget

from desktop.core.i18n import N_, _
from desktop.core.profile import OpenProfile
from desktop.core.reports import service
from desktop.ui import texts
from desktop.ui.ops import Op, error_text
from desktop.ui.pages.base import Page
from desktop.ui.pages.reports_form import ReportForm
from desktop.ui.pages.reports_preview import PreviewPanel, generate
from desktop.ui.pdf_view import PdfFile


def file_stem(request: service.ReportRequest, plan_number: str = "") -> str:
    """A file name for the report: its kind and what it covers, with no path characters."""
    if request.kind == "period" and request.date_from and request.date_to:
        stem = _("periodic-report-{start}-{end}").format(
            start=request.date_from.isoformat(), end=request.date_to.isoformat()
        )
    else:
        stem = _("campaign-report-{plan}").format(plan=plan_number or "")
    return re.sub(r"[\\/:*?\"<>|\s]+", "-", stem).strip("-")


class ReportsPage(Page):
    title = N_("Reports")

    def __init__(self, opened: OpenProfile, parent: QWidget | None = None) -> None:
        super().__init__(opened, parent)
        self.form = ReportForm(opened)
        self.form.generate_requested.connect(self.generate)
        scroll = QScrollArea()
        scroll.setObjectName("report_choices")
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(360)

        self.preview = PreviewPanel(opened)
        self.excel_button = QPushButton(_("Export to Excel…"))
        self.excel_button.setObjectName("export_xlsx")
        self.excel_button.clicked.connect(self.export_xlsx)
        self.preview.buttons.insertWidget(2, self.excel_button)
        self.status = QLabel(_("Choose a report on the left and generate it: its pages "
                               "show here."))  # fmt: skip
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview.layout().addWidget(self.status)
        self.preview.saved.connect(
            lambda out: self.status.setText(_("Saved as {path}.").format(path=out))
        )
        self.preview.printed.connect(
            lambda n: self.status.setText(_("Pages sent to the printer: {n}.").format(n=n))
        )

        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(scroll)
        split.addWidget(self.preview)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([410, 490])
        self.layout_.addWidget(split, 1)

        self.op: Op | None = None
        self.excel_op: Op | None = None
        self.shown_request: service.ReportRequest | None = None
        self._show_buttons()

    def refresh(self) -> None:
        self.form.refresh_plans()

    def _show_buttons(self) -> None:
        self.excel_button.setEnabled(self.shown_request is not None)

    def _plan_number(self, plan_id: str | None) -> str:
        index = self.form.plan.findData(plan_id)
        return self.form.plan.itemText(index).split(" — ")[0] if index >= 0 else ""

    # -- generate ---------------------------------------------------------------------

    def generate(self) -> Op | None:
        request = self.form.request()
        if request is None:
            return None
        self.form.remember(request)
        stem = file_stem(request, self._plan_number(request.plan_id))
        self.status.setText("")
        self.op = generate(self, self.profile, request, lambda pdf: self._ready(request, pdf),
                           stem, self._cancelled)  # fmt: skip
        return self.op

    def _ready(self, request: service.ReportRequest, pdf: PdfFile) -> None:
        self.shown_request = request
        self.preview.show_pdf(pdf, request.kind)
        self.status.setText(_("Pages: {n}. Print the report, save it as a PDF or export "
                              "its tables to Excel.").format(n=len(pdf)))  # fmt: skip
        self._show_buttons()
        self.preview.view.scroll.setFocus()

    def _cancelled(self) -> None:
        self.status.setText(_("Generating the report was cancelled."))

    # -- Excel ------------------------------------------------------------------------

    def choose_xlsx(self, suggested: str) -> str:
        """Where to write the workbook (a save dialog; tests replace this)."""
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export the tables to Excel"), str(Path.home() / suggested),
            _("Excel workbook (*.xlsx)"),
        )  # fmt: skip
        return path

    def export_xlsx(self) -> Op | None:
        request = self.shown_request
        if request is None:
            return None
        stem = file_stem(request, self._plan_number(request.plan_id))
        chosen = self.choose_xlsx(f"{stem}.xlsx")
        if not chosen:
            return None
        out = Path(chosen)
        if out.suffix.lower() != ".xlsx":
            out = out.with_name(out.name + ".xlsx")

        def done(path: Path) -> None:
            self.profile.audit("report.export", "report", request.kind, {"file": path.name})
            self.status.setText(_("The tables were exported to {path}.").format(path=path))

        def failed(exc: BaseException) -> None:
            assert self.excel_op is not None
            self.excel_op.error_box = texts.show_error(self, error_text(exc))

        op = Op(self, _("Exporting the tables to Excel…"),
                lambda: service.build_xlsx(self.profile, request, out))  # fmt: skip
        op.on_success(done).on_failure(failed)
        op.on_cancel(lambda: self.status.setText(_("The export was cancelled.")))
        self.excel_op = op
        return op.run()
