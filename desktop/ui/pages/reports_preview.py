"""A generated document on screen: its pages, Print… and Save as PDF…; and the way a report
is generated for it (through the op runner, into a temporary folder that is emptied as soon
as the pages are in memory, so no copy of a document naming a person stays on the disk).

Used by the Reports page (with Export to Excel… beside) and by the case dialog (reception
record, case summary) in a dialog of its own.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTemporaryDir, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import KhienError
from desktop.core.i18n import _
from desktop.core.profile import OpenProfile
from desktop.core.reports import service
from desktop.ui import texts
from desktop.ui.ops import Op, error_text
from desktop.ui.pdf_view import PdfFile, PdfView
from desktop.ui.window_state import fit_to_screen

if TYPE_CHECKING:
    from desktop.ui.print_pdf import PrintFlow


class CannotSave(KhienError):
    """The chosen destination cannot be written."""


def write_atomically(data: bytes, out: Path) -> Path:
    """Write *data* beside *out* and rename it into place; on any failure nothing is left
    and the refusal is one sentence."""
    tmp = out.with_name(out.name + ".part")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise CannotSave(
            _("The file could not be saved in {folder}: choose another folder, one you may "
              "write to and with room on its disk.").format(folder=out.parent)
        ) from exc  # fmt: skip
    return out


def generate(
    parent: QWidget,
    opened: OpenProfile,
    request: service.ReportRequest,
    ready: Callable[[PdfFile], object],
    name: str = "report",
    cancelled: Callable[[], object] | None = None,
) -> Op:
    """Build the report's PDF through the op runner (progress, Cancel) and hand it to
    *ready* in memory. The temporary folder goes when the job ends, whatever the outcome."""
    folder = QTemporaryDir()
    if not folder.isValid():
        raise CannotSave(_("The temporary folder for the report could not be made."))
    out = Path(folder.path()) / f"{name}.pdf"

    def job() -> object:
        return service.build_pdf(opened, request, out)

    def succeeded(path: Path) -> None:
        try:
            pdf = PdfFile.read(path)
        finally:
            folder.remove()
        ready(pdf)

    op = Op(parent, _("Preparing the document…"), job)

    def failed(exc: BaseException) -> None:
        folder.remove()
        op.error_box = texts.show_error(parent, error_text(exc))

    def on_cancel() -> None:
        folder.remove()
        if cancelled is not None:
            cancelled()

    op.on_success(succeeded).on_failure(failed).on_cancel(on_cancel)
    op.temp_dir = folder  # type: ignore[attr-defined]  # for tests: gone when the job ends
    return op.run()


class PreviewPanel(QWidget):
    """The pages of a document with Print… and Save as PDF… (and room for more buttons)."""

    saved = Signal(object)  # the Path written
    printed = Signal(int)  # pages sent to the printer

    def __init__(self, opened: OpenProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.opened = opened
        self.kind = ""
        self.view = PdfView()
        self.print_button = QPushButton(_("Print…"))
        self.print_button.setObjectName("print")
        self.print_button.setShortcut("Ctrl+P")
        self.print_button.setToolTip("Ctrl+P")
        self.save_button = QPushButton(_("Save as PDF…"))
        self.save_button.setObjectName("save_pdf")
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.setToolTip("Ctrl+S")
        self.print_button.clicked.connect(self.print_)
        self.save_button.clicked.connect(self.save_as)
        self.buttons = QHBoxLayout()
        self.buttons.setContentsMargins(0, 0, 0, 0)
        self.buttons.addWidget(self.print_button)
        self.buttons.addWidget(self.save_button)
        self.buttons.addStretch(1)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.view, 1)
        box.addLayout(self.buttons)
        self.print_flow: PrintFlow | None = None
        self.error_box: object = None
        self._enable()

    def show_pdf(self, pdf: PdfFile, kind: str) -> None:
        self.kind = kind
        self.view.show_pdf(pdf)
        self._enable()

    def clear(self) -> None:
        self.view.clear()
        self._enable()

    def _enable(self) -> None:
        has = self.view.page_count() > 0
        self.print_button.setEnabled(has)
        self.save_button.setEnabled(has)

    # -- save -------------------------------------------------------------------------

    def choose_pdf(self, suggested: str) -> str:
        """Where to save the document (a save dialog; tests replace this)."""
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the document as"), str(Path.home() / suggested), "PDF (*.pdf)"
        )
        return path

    def save_as(self) -> Path | None:
        pdf = self.view.pdf
        if pdf is None:
            return None
        chosen = self.choose_pdf(f"{pdf.name}.pdf")
        if not chosen:
            return None
        out = Path(chosen)
        if out.suffix.lower() != ".pdf":
            out = out.with_name(out.name + ".pdf")
        try:
            write_atomically(pdf.data, out)
        except KhienError as exc:
            self.error_box = texts.show_error(self, exc.message)
            return None
        self.opened.audit("report.save", "report", self.kind, {"file": out.name})
        self.saved.emit(out)
        return out

    # -- print ------------------------------------------------------------------------

    def print_(self) -> PrintFlow | None:
        pdf = self.view.pdf
        if pdf is None:
            return None
        from desktop.ui.print_pdf import PrintFlow  # Qt's printing, loaded to print

        self.print_flow = PrintFlow(self, pdf, max(self.view.current_page(), 0), self._printed)
        return self.print_flow.open()

    def _printed(self, pages: int) -> None:
        self.opened.audit("report.print", "report", self.kind, {"pages": pages})
        self.printed.emit(pages)


class PreviewDialog(QDialog):
    """A generated document in a window of its own (documents printed from a case)."""

    def __init__(self, opened: OpenProfile, title: str, pdf: PdfFile, kind: str,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(title)
        fit_to_screen(self, 820, 760)  # the page scrolls inside; Print and Close stay in view
        self.panel = PreviewPanel(opened, self)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        self.panel.buttons.addWidget(close)
        box = QVBoxLayout(self)
        box.addWidget(self.panel)
        self.panel.show_pdf(pdf, kind)
        self.finished.connect(lambda _result: self.panel.clear())
