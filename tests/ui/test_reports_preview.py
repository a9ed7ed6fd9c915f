"""The PDF page preview and printing, on PDFs drawn by ReportLab in the test."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QPageRanges
from PySide6.QtPrintSupport import QPrinter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from desktop.core.i18n import _
from desktop.ui import print_pdf
from desktop.ui.pdf_view import PdfFile, PdfView, UnreadablePdf


def make_pdf(path: Path, pages: int) -> Path:
    """A4 pages, each black on its top half and with its number in big type."""
    c = canvas.Canvas(str(path), pagesize=A4)
    w, h = A4
    for n in range(1, pages + 1):
        c.setFillColorRGB(0, 0, 0)
        c.rect(0, h / 2, w, h / 2, stroke=0, fill=1)
        c.setFont("Helvetica", 40)
        c.drawString(72, 100, f"Page {n}")
        c.showPage()
    c.save()
    return path


@pytest.fixture
def view(qtbot):
    widget = PdfView()
    qtbot.addWidget(widget)
    widget.resize(700, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_preview_shows_every_page_and_renders_the_visible_ones(qtbot, view, tmp_path):
    view.load(make_pdf(tmp_path / "doc.pdf", 7))
    assert view.page_count() == 7 == len(PdfReader(tmp_path / "doc.pdf").pages)
    assert view.count_label.text() == _("of {count}").format(count=7)
    assert view.page_spin.maximum() == 7
    qtbot.waitUntil(lambda: view.pages.is_rendered(0))
    # The far pages are not rendered until they come into view.
    assert not view.pages.is_rendered(6)
    # What is painted is the page: black at the top, white at the bottom.
    image = view.pages.grab(view.pages.page_rect(0)).toImage()
    assert image.pixelColor(image.width() // 2, image.height() // 5).lightness() < 30
    assert image.pixelColor(image.width() // 2, image.height() * 9 // 10).lightness() > 220


def test_keyboard_moves_between_pages_and_zooms(qtbot, view, tmp_path):
    view.load(make_pdf(tmp_path / "doc.pdf", 5))
    view.scroll.setFocus()
    assert view.current_page() == 0
    qtbot.keyClick(view.scroll, Qt.Key.Key_PageDown)
    assert view.current_page() == 1
    qtbot.keyClick(view.scroll, Qt.Key.Key_PageDown)
    assert view.current_page() == 2
    assert view.page_spin.value() == 3
    qtbot.waitUntil(lambda: view.pages.is_rendered(2))
    qtbot.keyClick(view.scroll, Qt.Key.Key_PageUp)
    assert view.current_page() == 1
    qtbot.keyClick(view.scroll, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert view.current_page() == 4

    assert view.fit
    fitted = view.pages.page_rect(0).width()
    assert fitted <= view.scroll.viewport().width()
    qtbot.keyClick(view.scroll, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert not view.fit
    assert view.pages.page_rect(0).width() > fitted
    assert view.current_page() == 4  # zooming keeps the page
    zoomed = view.zoom
    qtbot.keyClick(view.scroll, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view.scroll, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom < zoomed
    assert view.zoom_label.text() == f"{round(view.zoom * 100)} %"
    qtbot.keyClick(view.scroll, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.fit and view.pages.page_rect(0).width() == fitted


def test_page_number_box_jumps_to_the_page(qtbot, view, tmp_path):
    view.load(make_pdf(tmp_path / "doc.pdf", 4))
    view.page_spin.setValue(3)
    assert view.current_page() == 2
    top = view.pages.page_rect(2).top()
    assert abs(view.scroll.verticalScrollBar().value() - top) < 20


def test_a_damaged_file_is_refused_in_one_sentence(view, tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(UnreadablePdf) as refused:
        view.load(bad)
    assert refused.value.message.endswith(".")
    assert view.page_count() == 0


def _pdf_printer(out: Path) -> QPrinter:
    pdf = PdfFile.read(make_pdf(out.with_suffix(".src.pdf"), 1))
    printer = print_pdf.prepare_printer(pdf)
    pdf.close()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    printer.setResolution(72)  # small pages keep the test light
    return printer


def test_printing_to_a_pdf_printer_gives_the_same_pages(qtbot, tmp_path):
    source = make_pdf(tmp_path / "doc.pdf", 3).read_bytes()
    out = tmp_path / "printed.pdf"
    op = print_pdf.start_print(None, source, _pdf_printer(out), [0, 1, 2])
    qtbot.waitUntil(lambda: op.done, timeout=20000)
    printed = PdfReader(out)
    assert len(printed.pages) == 3
    box = printed.pages[0].mediabox
    assert abs(float(box.width) - A4[0]) < 2 and abs(float(box.height) - A4[1]) < 2


def test_the_page_range_of_the_dialog_is_honoured(qtbot, tmp_path):
    source = make_pdf(tmp_path / "doc.pdf", 5).read_bytes()
    printer = _pdf_printer(tmp_path / "printed.pdf")
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    ranges = QPageRanges()
    ranges.addRange(2, 3)
    ranges.addPage(5)
    printer.setPageRanges(ranges)
    assert print_pdf.pages_to_print(printer, 5, 0) == [1, 2, 4]
    printer.setPrintRange(QPrinter.PrintRange.CurrentPage)
    assert print_pdf.pages_to_print(printer, 5, 3) == [3]
    printer.setPrintRange(QPrinter.PrintRange.AllPages)
    assert print_pdf.pages_to_print(printer, 5, 3) == [0, 1, 2, 3, 4]
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    op = print_pdf.start_print(None, source, printer, print_pdf.pages_to_print(printer, 5, 0))
    qtbot.waitUntil(lambda: op.done, timeout=20000)
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == 3


def test_cancelled_printing_leaves_no_file(qtbot, tmp_path):
    source = make_pdf(tmp_path / "doc.pdf", 4).read_bytes()
    out = tmp_path / "printed.pdf"
    job = print_pdf.print_job(source, _pdf_printer(out), [0, 1, 2, 3])
    assert next(job).done == 0
    assert next(job).done == 1  # the first page is on the paper
    job.close()  # what the op runner does on Cancel
    assert not out.exists()


def test_print_dialog_speaks_our_language_and_prints_what_it_is_told(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QWidget

    monkeypatch.setattr(print_pdf, "_", lambda s: "[vi] " + s)
    parent = QWidget()
    qtbot.addWidget(parent)
    pdf = PdfFile.read(make_pdf(tmp_path / "doc.pdf", 2))
    printed: list[int] = []
    flow = print_pdf.PrintFlow(parent, pdf, 0, printed.append).open()
    pdf.close()
    texts = {b.text() for b in flow.dialog.findChildren(QPushButton)}
    assert "[vi] P&roperties" in texts and "P&roperties" not in texts
    assert flow.dialog.windowTitle() == "[vi] Print"
    # Print to a PDF file (the last entry of the printer list), as a user would choose.
    printers = flow.dialog.findChild(QComboBox, "printers")
    printers.setCurrentIndex(printers.count() - 1)
    flow.dialog.findChild(QLineEdit, "filename").setText(str(tmp_path / "out.pdf"))
    flow.dialog.accept()
    qtbot.waitUntil(lambda: printed == [2], timeout=20000)
    assert len(PdfReader(tmp_path / "out.pdf").pages) == 2
    # Closed, the dialog's translator is gone: Qt's strings are Qt's again.
    from PySide6.QtCore import QCoreApplication

    assert QCoreApplication.translate("QPrintDialog", "&Print") == "&Print"
