"""Printing a PDF: Qt's print dialog, then each page rasterised by PDFium at the printer's
resolution (at most 300 dpi) and painted onto the paper, on the worker thread through the
op runner, with progress and Cancel.

Qt has no Vietnamese catalog, and on Linux its print dialog is its own widgets: while the
dialog is open, ``PrintTranslator`` answers its strings from our catalog.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRectF, QSizeF, QTranslator
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from desktop.core.errors import KhienError
from desktop.core.i18n import N_, _
from desktop.core.progress import Job, Progress
from desktop.ui.ops import Op
from desktop.ui.pdf_view import PdfFile

MAX_DPI = 300  # sharper gains nothing on paper and costs 4× the memory per step

# Qt's print dialog strings (Linux), by the context Qt asks them in.
PRINT_STRINGS: dict[str, frozenset[str]] = {
    "QPrintDialog": frozenset({
        N_("&Options >>"), N_("&Options <<"), N_("&Print"), N_("All Pages"), N_("Even Pages"),
        N_("Odd Pages"), N_("Local file"), N_("Print"), N_("Print to File (PDF)"),
        N_("Write PDF file"), N_("Print to File ..."), N_("Print all"), N_("Print range"),
        N_("Print selection"), N_("Print current page"),
    }),
    "QPrintSettingsOutput": frozenset({
        N_("Collate"), N_("Color"), N_("Color Mode"), N_("Copies"), N_("Copies:"),
        N_("Current Page"), N_("Double Sided Printing"), N_("Grayscale"),
        N_("Long side binding"), N_("Off"), N_("Options"), N_("Output Settings"),
        N_("Page &Set:"), N_("Pages"), N_("Pages from"), N_("Print all"), N_("Print range"),
        N_("Reverse"), N_("Selection"), N_("Short side binding"), N_("to"),
        N_("Specify pages or ranges separated by commas. Ranges are specified by two numbers "
           "separated by a hyphen. E.g: 3,5-7,9 prints pages 3, 5, 6, 7 and 9."),
    }),
    "QPrintWidget": frozenset({
        N_("&Name:"), N_("Location:"), N_("Output &file:"), N_("P&roperties"), N_("Preview"),
        N_("Printer"), N_("Type:"),
    }),
    "QPrintPropertiesDialog": frozenset({N_("Printer Properties"), N_("Job Options"),
                                         N_("Page")}),
    "QPageSetupWidget": frozenset({
        N_("Custom"), N_("Height:"), N_("Width:"), N_("Landscape"), N_("Portrait"),
        N_("Reverse landscape"), N_("Reverse portrait"), N_("Margins"), N_("Orientation"),
        N_("Page &order:"), N_("Page Layout"), N_("Page size:"), N_("Pages &per sheet:"),
        N_("Paper"), N_("Paper source:"), N_("top margin"), N_("bottom margin"),
        N_("left margin"), N_("right margin"), N_("Millimeters (mm)"), N_("Points (pt)"),
        N_("Inches (in)"),
    }),
    "QCupsJobWidget": frozenset({
        N_("Job"), N_("Job Control"), N_("Job &priority:"), N_("Scheduled &printing:"),
        N_("Print Immediately"), N_("Hold Indefinitely"), N_("Specific Time"),
        N_("&Billing information:"), N_("Banner Pages"), N_("&Start:"), N_("&End:"),
    }),
}  # fmt: skip


class PrintTranslator(QTranslator):
    """Answers Qt's print-dialog strings from our catalog (installed while it is open)."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        if source in PRINT_STRINGS.get(context, ()):
            return _(source)
        return None

    def isEmpty(self) -> bool:  # noqa: N802 (Qt's name)
        return False


class PrinterError(KhienError):
    """The printer could not take the document."""


def pages_to_print(printer: QPrinter, count: int, current: int) -> list[int]:
    """The pages (from 0) the print dialog asked for: all, ranges such as "1,3-5", or the
    current one."""
    mode = printer.printRange()
    ranges = printer.pageRanges()
    if mode == QPrinter.PrintRange.PageRange and not ranges.isEmpty():
        return [n - 1 for n in range(1, count + 1) if ranges.contains(n)]
    if mode == QPrinter.PrintRange.CurrentPage and 0 <= current < count:
        return [current]
    return list(range(count))


def print_job(data: bytes, printer: QPrinter, pages: list[int]) -> Job[int]:
    """Paint *pages* of the PDF *data* onto *printer*, one progress step a page; returns how
    many pages were printed. Runs on the worker thread (QPainter on a QPrinter may)."""
    pdf = PdfFile(data)
    painter = QPainter()
    finished, began = not pages, False
    try:
        if not pages:
            return 0
        if not painter.begin(printer):
            raise PrinterError(_("The printer could not be started. Check that it is "
                                 "switched on and connected, then try again."))  # fmt: skip
        began = True
        dpi = min(printer.resolution(), MAX_DPI)
        paper = printer.paperRect(QPrinter.Unit.DevicePixel)
        for n, index in enumerate(pages):
            yield Progress(n, len(pages), _("Page {n} of {total}").format(n=n + 1,
                                                                        total=len(pages)))  # fmt: skip
            if n:
                printer.newPage()
            image = pdf.render(index, dpi / 72.0)
            # Fit the page to the paper, keeping its proportions, centred.
            fit = min(paper.width() / image.width(), paper.height() / image.height())
            w, h = image.width() * fit, image.height() * fit
            target = QRectF((paper.width() - w) / 2, (paper.height() - h) / 2, w, h)
            painter.drawImage(target, image)
        finished = True
        return len(pages)
    finally:
        if not finished and painter.isActive():
            printer.abort()
        if painter.isActive():
            painter.end()
        pdf.close()
        to_file = printer.outputFormat() == QPrinter.OutputFormat.PdfFormat
        if began and not finished and to_file:
            Path(printer.outputFileName()).unlink(missing_ok=True)  # no partial file left


def prepare_printer(pdf: PdfFile) -> QPrinter:
    """A printer set to the document's paper, printing on the whole sheet (the PDF has its
    own margins)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setFullPage(True)
    printer.setDocName(pdf.name)
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and pdf.name:
        # No printer installed: Qt offers printing to a file; suggest one, not a folder.
        printer.setOutputFileName(str(Path.home() / f"{pdf.name}.pdf"))
    if len(pdf):
        w, h = pdf.sizes[0]
        size = QPageSize(
            QSizeF(w, h), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch
        )
        printer.setPageSize(size)
        printer.setPageOrientation(
            QPageLayout.Orientation.Landscape if w > h else QPageLayout.Orientation.Portrait
        )
    return printer


def start_print(
    parent: QWidget | None,
    data: bytes,
    printer: QPrinter,
    pages: list[int],
    done: Callable[[int], object] | None = None,
) -> Op:
    """Print *pages* through the op runner (progress, Cancel); *done* gets the page count."""
    op = Op(parent, _("Printing…"), lambda: print_job(data, printer, pages))
    op.printer = printer  # type: ignore[attr-defined]  # alive until the job is over
    if done is not None:
        op.on_success(done)
    return op.run()


class PrintFlow:
    """Print dialog → printing. Kept by its caller; ``dialog`` and ``op`` are for tests."""

    def __init__(self, parent: QWidget, pdf: PdfFile, current_page: int = 0,
                 done: Callable[[int], object] | None = None) -> None:  # fmt: skip
        self.parent, self.data, self.count = parent, pdf.data, len(pdf)
        self.current, self.done = current_page, done
        self.printer = prepare_printer(pdf)
        self.op: Op | None = None
        self.translator = PrintTranslator()
        QCoreApplication.installTranslator(self.translator)
        dialog = QPrintDialog(self.printer, parent)
        dialog.setWindowTitle(_("Print"))
        dialog.setMinMax(1, max(self.count, 1))
        dialog.setFromTo(1, max(self.count, 1))
        option = QAbstractPrintDialog.PrintDialogOption
        dialog.setOptions(option.PrintPageRange | option.PrintCurrentPage | option.PrintShowPageSize
                          | option.PrintToFile)  # fmt: skip
        dialog.accepted.connect(self._accepted)
        dialog.finished.connect(self._closed)
        self.dialog = dialog

    def open(self) -> PrintFlow:
        QDialog.open(self.dialog)  # PySide's QPrintDialog.open wants a receiver
        return self

    def _closed(self) -> None:
        QCoreApplication.removeTranslator(self.translator)

    def _accepted(self) -> None:
        pages = pages_to_print(self.printer, self.count, self.current)
        self.op = start_print(self.parent, self.data, self.printer, pages, self.done)
