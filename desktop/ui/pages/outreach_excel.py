"""Excel actions of the events list: export the filtered list, save the import template,
and import a filled template after every row was checked (wrong rows are listed with
their column and reason; nothing is written unless the officer imports the good rows)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core import i18n
from desktop.core.errors import KhienError
from desktop.core.i18n import _, ngettext
from desktop.ui import texts
from desktop.ui.ops import Op
from desktop.ui.window_state import fit_to_screen

if TYPE_CHECKING:
    from collections.abc import Callable

    from desktop.core.outreach import excel
    from desktop.core.outreach.query import EventFilter
    from desktop.ui.pages.base import Page

XLSX_FILTER = "Excel (*.xlsx)"


def import_filter() -> str:
    """The file types the import reads: Excel workbooks and OpenDocument spreadsheets."""
    return ";;".join(
        (
            _("Spreadsheets") + " (*.xlsx *.ods)",
            XLSX_FILTER,
            _("OpenDocument spreadsheet") + " (*.ods)",
        )
    )


class ImportReport(QDialog):
    """The rows that are wrong, where and why; and the choice to import the good ones."""

    def __init__(self, check: excel.ImportCheck, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = check
        self.setWindowTitle(_("Rows to correct"))
        fit_to_screen(self, 720, 420)
        bad, good = check.bad_rows, len(check.good)
        summary = QLabel(
            _(
                "{bad} and {good}. Nothing has been imported. Correct the file and import it "
                "again, or import only the correct rows."
            ).format(
                bad=ngettext("{n} row has errors", "{n} rows have errors", bad).format(
                    n=i18n.format_number(bad)
                ),
                good=ngettext("{n} row is correct", "{n} rows are correct", good).format(
                    n=i18n.format_number(good)
                ),
            )
        )
        summary.setWordWrap(True)
        self.table = QTableWidget(len(check.problems), 3)
        self.table.setObjectName("problems")
        self.table.setHorizontalHeaderLabels([_("Row"), _("Column"), _("Why")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)  # whole names
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for n, p in enumerate(check.problems):
            for col, text in enumerate((str(p.row), p.column, p.message)):
                self.table.setItem(n, col, QTableWidgetItem(text))
        self.import_good = QPushButton(
            ngettext(
                "Import only the {n} correct row", "Import only the {n} correct rows", good
            ).format(n=i18n.format_number(good))
        )
        self.import_good.setEnabled(bool(check.good))
        self.import_good.clicked.connect(self.accept)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.import_good)
        layout.addWidget(close)
        # Enter closes: importing only the correct rows is the choice to make deliberately.
        texts.main_action(self, close)


class ExcelActions:
    """The Excel actions of a list of events, in the menu of its "More" button (the row of
    buttons under the list fits a small screen at large text): *page* shows their dialogs
    and is refreshed after an import, *current_filter* gives the events to export."""

    def __init__(
        self, page: Page, current_filter: Callable[[], EventFilter], *, can_record: bool
    ) -> None:
        self.page = page
        self.current_filter = current_filter
        self.op: Op | None = None
        self.report: ImportReport | None = None
        self.last_message = ""
        self.export_action = QAction(_("Export to Excel…"), page)
        self.export_action.triggered.connect(self._ask_export)
        self.import_action = QAction(_("Import from Excel…"), page)
        self.import_action.setEnabled(can_record)
        self.import_action.triggered.connect(self._ask_import)
        self.template_action = QAction(_("Import template…"), page)
        self.template_action.triggered.connect(self._ask_template)
        self.menu = QMenu(page)
        for action in (self.export_action, self.import_action, self.template_action):
            self.menu.addAction(action)
        self.more_btn = QPushButton(_("More"))
        self.more_btn.setObjectName("more")
        self.more_btn.setToolTip(_("Export to Excel, import from Excel, the import template"))
        self.more_btn.setMenu(self.menu)

    def _save_name(self, title: str, name: str) -> Path | None:
        chosen, _f = QFileDialog.getSaveFileName(self.page, title, name, XLSX_FILTER)
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx")

    def _ask_export(self) -> None:
        path = self._save_name(_("Export to Excel"), _("outreach-events") + ".xlsx")
        if path is not None:
            self.export_to(path)

    def _ask_template(self) -> None:
        path = self._save_name(_("Import template"), _("outreach-import-template") + ".xlsx")
        if path is not None:
            self.save_template_to(path)

    def _ask_import(self) -> None:
        chosen, _f = QFileDialog.getOpenFileName(
            self.page, _("Import from Excel"), "", import_filter()
        )
        if chosen:
            self.import_from(Path(chosen))

    def _done(self, text: str) -> None:
        self.last_message = text
        texts.show_info(self.page, text)

    def export_to(self, path: Path) -> Op:
        from desktop.core.outreach import excel  # openpyxl only when Excel is used

        f = self.current_filter()
        self.op = Op(
            self.page, _("Exporting events…"),
            lambda: excel.export_events(self.page.profile, f, path),
        ).on_success(
            lambda n: self._done(
                ngettext(
                    "{n} event was written to {file}.", "{n} events were written to {file}.", n
                ).format(n=i18n.format_number(n), file=path.name)
            )
        )  # fmt: skip
        return self.op.run()

    def save_template_to(self, path: Path) -> None:
        from desktop.core.outreach import excel  # openpyxl only when Excel is used

        try:
            excel.save_template(path)
        except OSError:
            texts.show_error(self.page, _("The file could not be written there."))
            return
        self._done(_("The import template was saved as {file}.").format(file=path.name))

    def import_from(self, path: Path) -> None:
        from desktop.core.outreach import excel  # openpyxl only when Excel is used

        try:
            check = excel.check_file(self.page.profile, path)
        except KhienError as exc:
            self.last_message = exc.message
            texts.show_error(self.page, exc.message)
            return
        if check.problems:
            self.report = ImportReport(check, self.page)
            self.report.accepted.connect(lambda: self._write(check, only_good=True))
            self.report.open()
            return
        self._write(check, only_good=False)

    def _write(self, check: excel.ImportCheck, only_good: bool) -> Op:
        from desktop.core.outreach import excel  # openpyxl only when Excel is used

        def finished(n: int) -> None:
            self.page.refresh()
            self._done(
                ngettext("{n} event was imported.", "{n} events were imported.", n).format(
                    n=i18n.format_number(n)
                )
            )

        self.op = Op(
            self.page, _("Importing events…"),
            lambda: excel.import_events(self.page.profile, check, only_good),
        ).on_success(finished)  # fmt: skip
        return self.op.run()
