"""The Reports section: choose a report and its period or plan, fill in the document's
header, generate it (in the op runner, with progress and Cancel), look at its pages, print
it, save it as a PDF or export its tables to Excel; and the register of the numbers the
office gave this year (reports, case summaries, records), where a document is marked as
sent (“Mark as sent…”: the date and, optionally, to whom)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core import i18n
from desktop.core.errors import ValidationError
from desktop.core.i18n import N_, _
from desktop.core.profile import OpenProfile
from desktop.core.reports import numbers, service
from desktop.ui import icons, texts
from desktop.ui.forms import Form
from desktop.ui.ops import Op, error_text
from desktop.ui.pages.base import Page
from desktop.ui.pages.reports_figures import OtherFiguresPanel
from desktop.ui.pages.reports_form import ReportForm
from desktop.ui.pages.reports_preview import PreviewPanel, generate
from desktop.ui.pdf_view import PdfFile
from desktop.ui.window_state import fit_to_screen


def file_stem(request: service.ReportRequest, plan_number: str = "") -> str:
    """A file name for the report: its kind and what it covers, with no path characters."""
    if request.kind == "period" and request.date_from and request.date_to:
        stem = _("periodic-report-{start}-{end}").format(
            start=request.date_from.isoformat(), end=request.date_to.isoformat()
        )
    else:
        stem = _("campaign-report-{plan}").format(plan=plan_number or "")
    return re.sub(r"[\\/:*?\"<>|\s]+", "-", stem).strip("-")


REGISTER_COLUMNS = (
    N_("Number"), N_("Document"), N_("About"), N_("Written on"), N_("Sent on"), N_("Sent to"),
)  # fmt: skip


class SentDialog(QDialog):
    """“Mark as sent…”: the date the document was sent (today by default) and, optionally,
    to whom; checked as typed by the core's own rule (``numbers.check_sent``), Enter marks
    it, Escape leaves it unchanged."""

    def __init__(self, opened: OpenProfile, doc: service.NumberedDocument,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.opened = opened
        self.doc = doc
        self.marked: numbers.Given | None = None
        g = doc.given
        self.setWindowTitle(_("Mark as sent"))
        what = QLabel(
            _("{kind} No. {number}: {about}").format(
                kind=doc.kind_name, number=g.shown_number(), about=doc.about
            )
        )
        what.setObjectName("sent_what")
        what.setWordWrap(True)
        layout = QFormLayout()
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.box, self.ok = texts.button_box(_("Mark as sent"))
        self.form = Form(layout, self.ok)
        self.sent_on = QLineEdit(i18n.format_date(g.sent_on or dt.date.today()))
        self.sent_on.setObjectName("sent_on")
        self.sent_on.setPlaceholderText(_("dd/mm/yyyy"))
        self.sent_on.setMaximumWidth(140)
        self.sent_to = QLineEdit(g.sent_to)
        self.sent_to.setObjectName("sent_to")
        self.sent_to.setPlaceholderText(_("e.g. the Provincial People's Committee"))
        self.sent_to.setMaxLength(numbers.MAX_SENT_TO + 20)
        self.form.add("sent_on", _("Sent on:"), self.sent_on, lambda: self._reason("sent_on"),
                      required=True)  # fmt: skip
        self.form.add("sent_to", _("Sent to (optional):"), self.sent_to,
                      lambda: self._reason("sent_to"))  # fmt: skip
        self.box.accepted.connect(self.mark)
        self.box.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addWidget(what)
        outer.addLayout(layout)
        outer.addWidget(self.form.footer(self.box))
        self.sent_on.selectAll()
        self.sent_on.setFocus()
        fit_to_screen(self, max(self.sizeHint().width(), 460), self.sizeHint().height())
        self.form.validate()

    def _date(self) -> dt.date:
        text = self.sent_on.text().strip()
        if not text:
            raise ValidationError(_("Enter the date it was sent."), "sent_on")
        try:
            return i18n.parse_date(text)
        except ValidationError as exc:
            raise ValidationError(exc.message, "sent_on") from None

    def _reason(self, field: str) -> str:
        try:
            numbers.check_sent(self.doc.given, self._date(), self.sent_to.text())
        except ValidationError as exc:
            return exc.message if exc.field == field else ""
        return ""

    def mark(self) -> None:
        if not self.form.validate():
            return
        marked = self.form.submit(self, lambda: service.mark_sent(
            self.opened, self.doc.given, self._date(), self.sent_to.text()))  # fmt: skip
        if marked is not None:
            self.marked = marked
            self.accept()


class NumberRegister(QWidget):
    """The documents given a number in a year: number, kind, what it is about, its date,
    and when (and to whom) it was sent; “Mark as sent…” for the selected one."""

    def __init__(self, opened: OpenProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.opened = opened
        self.docs: list[service.NumberedDocument] = []
        self.dialog: SentDialog | None = None
        self.year = QSpinBox()
        self.year.setObjectName("register_year")
        self.year.setRange(2000, 2100)
        self.year.setValue(dt.date.today().year)
        self.year.setToolTip(_("Numbers start again at 01 each year."))
        self.year.valueChanged.connect(lambda _y: self.reload())
        year_label = QLabel(_("Numbers given in:"))
        year_label.setBuddy(self.year)
        self.table = QTableWidget(0, len(REGISTER_COLUMNS))
        self.table.setObjectName("register")
        self.table.setHorizontalHeaderLabels([_(c) for c in REGISTER_COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        # A plan's title and the addressees wrap (rows as tall as they need): nothing cut.
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head = self.table.horizontalHeader()
        for column in range(len(REGISTER_COLUMNS)):
            head.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._enable)
        self.table.activated.connect(lambda _index: self.mark_selected())
        self.empty = QLabel(_("No document has been given a number in this year."))
        self.empty.setObjectName("register_empty")
        self.empty.setStyleSheet("color: #555;")
        self.mark_button = QPushButton(_("Mark as sent…"))
        self.mark_button.setObjectName("mark_sent")
        self.mark_button.setIcon(icons.icon("send"))
        self.mark_button.clicked.connect(self.mark_selected)
        self.note = QLabel()
        self.note.setObjectName("register_note")
        self.note.setWordWrap(True)
        self.note.hide()
        top = QHBoxLayout()
        top.addWidget(year_label)
        top.addWidget(self.year)
        top.addStretch(1)
        top.addWidget(self.mark_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 4, 0, 0)
        box.addLayout(top)
        box.addWidget(self.table, 1)
        box.addWidget(self.empty)
        box.addWidget(self.note)
        self.reload()

    def reload(self) -> None:
        keep = self.selected()
        self.docs = service.numbered_documents(self.opened, self.year.value())
        self.table.setRowCount(len(self.docs))
        for row, doc in enumerate(self.docs):
            g = doc.given
            cells = [
                g.shown_number(), doc.kind_name, doc.about,
                i18n.format_date(g.written_on) if g.written_on else "",
                i18n.format_date(g.sent_on) if g.sent_on else _("not yet"), g.sent_to,
            ]  # fmt: skip
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 4 and g.sent_on is None:
                    item.setForeground(Qt.GlobalColor.darkGray)
                self.table.setItem(row, column, item)
            if keep is not None and (g.symbol, g.number) == (keep.given.symbol, keep.given.number):
                self.table.selectRow(row)
        self.empty.setVisible(not self.docs)
        self._enable()

    def selected(self) -> service.NumberedDocument | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.docs):
            return None
        return self.docs[rows[0].row()]

    def _enable(self) -> None:
        doc = self.selected()
        self.mark_button.setEnabled(doc is not None)
        self.mark_button.setToolTip(
            "" if doc is not None else _("Choose a document in the list first.")
        )

    def mark_selected(self) -> SentDialog | None:
        doc = self.selected()
        if doc is None:
            return None
        self.dialog = SentDialog(self.opened, doc, self)
        self.dialog.accepted.connect(self._marked)
        self.dialog.open()
        return self.dialog

    def _marked(self) -> None:
        assert self.dialog is not None
        marked = self.dialog.marked
        self.reload()
        if marked is not None and marked.sent_on is not None:
            self.note.setText(
                _("Number {number} is marked as sent on {date}.").format(
                    number=marked.shown_number(), date=i18n.format_date(marked.sent_on)
                )
            )
            self.note.show()


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
        self.excel_button.setIcon(icons.icon("excel"))
        self.preview.print_button.setIcon(icons.icon("print"))
        self.preview.save_button.setIcon(icons.icon("save_pdf"))
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

        self.register = NumberRegister(opened)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("report_tabs")
        self.tabs.addTab(self.preview, _("Document"))
        self.tabs.addTab(self.register, _("Numbers given"))
        self.figures = OtherFiguresPanel(opened)
        self.figures.deleted.connect(self.deleted)  # the status bar's "Deleted: … — Undo"
        self.tabs.addTab(self.figures, _("Figures of other bodies"))
        self.tabs.currentChanged.connect(self._tab_shown)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(scroll)
        split.addWidget(self.tabs)
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
        self.register.reload()

    def restored(self, table: str, row_id: str) -> None:
        self.figures.restored(table, row_id)

    def _tab_shown(self, index: int) -> None:
        if self.tabs.widget(index) is self.register:
            self.register.reload()
        elif self.tabs.widget(index) is self.figures:
            self.figures.reload()

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
        self.tabs.setCurrentWidget(self.preview)
        self.register.reload()  # the report's number is now given
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
