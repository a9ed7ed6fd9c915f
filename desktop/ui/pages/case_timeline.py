"""Everything that happened to a case, oldest first, as a read-only table: date, what, who
and the detail, in the order ``views.timeline`` gives — the identification paper under its
step, the agency responsible for a step, each step's record right under it, each support
entry and its correction, consents, shelter stays and notes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from desktop.core import i18n
from desktop.core.cases import views
from desktop.core.i18n import _
from desktop.ui.forms import alert_colour
from desktop.ui.widgets.figure import ink

COLUMNS = (0, 1, 2, 3)  # date, what, who, detail
STEP_COLOUR = QColor("#1f3b70")


class Timeline(QTableWidget):
    def __init__(self, agencies: dict[str, str]) -> None:
        super().__init__(0, len(COLUMNS))
        self.setObjectName("timeline")
        self.agencies = agencies
        self.setHorizontalHeaderLabels([_("Date"), _("What"), _("Who"), _("Detail")])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.setColumnWidth(1, 340)
        # Wrapped details: row heights follow the columns' widths once laid out.
        header.sectionResized.connect(lambda *_args: self.resizeRowsToContents())

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.resizeRowsToContents()

    def show_case(self, d: views.CaseDetail) -> None:
        self.setRowCount(0)
        for event in views.timeline(d, self.agencies):
            detail = event.detail
            row = self.rowCount()
            self.insertRow(row)
            for col, text in enumerate((i18n.format_date(event.on), event.what, event.actor,
                                        detail)):  # fmt: skip
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setData(Qt.ItemDataRole.UserRole, event.kind)
                if col == 1 and event.kind == "correction":
                    item.setForeground(alert_colour())
                elif col == 1 and event.kind == "step":
                    item.setForeground(ink(self, STEP_COLOUR))  # plain text on a dark base
                self.setItem(row, col, item)
        self.resizeRowsToContents()
        if self.rowCount():
            self.scrollToBottom()

    def texts(self, column: int) -> list[str]:
        """The column's texts, top to bottom (for tests and screen readers)."""
        items = (self.item(r, column) for r in range(self.rowCount()))
        return [item.text() if item is not None else "" for item in items]
