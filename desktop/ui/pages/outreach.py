"""The Outreach section: the events list (lazy, id-backed, its queries answered off the
GUI thread), its filters and count, the event form, and Excel export and import of the
filtered list."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from desktop.core import i18n
from desktop.core.errors import KhienError
from desktop.core.i18n import N_, _, ngettext
from desktop.core.outreach import events, query
from desktop.core.profile import OpenProfile
from desktop.core.security import roles
from desktop.ui import icons, keys, texts, window_state
from desktop.ui.empty_note import EmptyNote, no_match, nothing_yet
from desktop.ui.event_dialog import EventDialog
from desktop.ui.pages.base import Page
from desktop.ui.pages.lazy_list import select_id
from desktop.ui.pages.outreach_excel import ExcelActions
from desktop.ui.pages.outreach_filters import FilterBar
from desktop.ui.pages.outreach_model import EventTableModel

EVENTS_TABLE = "outreach_events"  # as core.trash names it (Undo)
FIT_ROWS = 20  # the rows a column's width is fitted to: about a screen


class OutreachPage(Page):
    title = N_("Outreach")

    def __init__(self, opened: OpenProfile, parent: QWidget | None = None) -> None:
        super().__init__(opened, parent)
        self.dialog: EventDialog | None = None
        self.can_record = roles.can_record(opened.user.role)
        self.select_after: str | None = None  # an event to choose once the list has it
        self.filters = FilterBar(opened)
        self.model = EventTableModel(opened)
        self.model.set_filter(self.filters.current())  # the first screen, at once
        self.table = QTableView()
        self.table.setObjectName("events")
        # The row header hidden before the model comes: a shown one measures the first and
        # last hundred rows' headers through the Python model when it is set.
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setModel(self.model)
        self.model.watch(self.table)
        # Newest first, as the model was asked: turning sorting on asks for no other order.
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # The columns fit their headers and the first screen's rows (window_state.size_columns,
        # in _shown), once: then a reload keeps them, as do the widths the officer dragged.
        header.setResizeContentsPrecision(FIT_ROWS)
        # Never wider than this for their rows (the title, stretched, keeps the room left);
        # never narrower than their header ("Số người dự" is wider than its numbers).
        self.widest = {0: 85, 2: 140, 3: 170, 4: 150, 5: 75, 6: 80, 7: 75}
        self.table.doubleClicked.connect(lambda index: self.edit_row(index.row()))
        self.count = QLabel()
        self.count.setObjectName("count")
        self.empty_note = EmptyNote(self.table)
        self.new_btn = QPushButton(_("New event…"))
        self.new_btn.setToolTip(keys.with_key(_("New event…"), keys.NEW))
        self.new_btn.setEnabled(self.can_record)
        self.new_btn.setIcon(icons.icon("add"))
        self.new_btn.clicked.connect(self.new_event)
        self.edit_btn = QPushButton(_("Open…"))
        self.edit_btn.setToolTip(keys.with_key(_("Open…"), "Enter"))
        self.edit_btn.setIcon(icons.icon("open"))
        self.edit_btn.clicked.connect(lambda: self.edit_row(self.current_row()))
        self.delete_btn = QPushButton(_("Delete event"))
        self.delete_btn.setEnabled(False)
        self.delete_btn.setIcon(icons.icon("delete"))
        self.delete_btn.clicked.connect(self.delete_selected)
        self.delete_btn.setToolTip(keys.with_key(_("Delete event"), "Del"))
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selection())
        self.excel = ExcelActions(self, self.filters.current, can_record=self.can_record)
        self.excel.export_action.setIcon(icons.icon("excel"))
        self.excel.import_action.setIcon(icons.icon("import"))
        self.excel.more_btn.setIcon(icons.icon("excel"))
        QShortcut(QKeySequence(keys.NEW), self, activated=self.new_event)
        QShortcut(QKeySequence(keys.FIND), self, activated=self.filters.search.setFocus)
        self.filters.search.setToolTip(keys.with_key(_("Search"), keys.FIND))
        keys.list_keys(self.table, lambda: self.edit_row(self.current_row()), self.delete_selected)
        self.filters.changed.connect(self.apply_filter)
        self.model.shown.connect(self._shown)
        self.model.failed.connect(self._failed)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        for b in (self.excel.more_btn, self.delete_btn, self.edit_btn, self.new_btn):
            bottom.addWidget(b)
        self.layout_.addWidget(self.filters)
        self.layout_.addWidget(self.table, 1)
        self.layout_.addLayout(bottom)
        self._shown()

    def apply_filter(self, f: query.EventFilter) -> None:
        """Ask for the events of *f*; the list shows the old ones until they come."""
        self.model.ask_filter(f)

    def _failed(self, text: str) -> None:
        texts.show_error(self, text)  # (a method: a lambda would keep the page alive)

    def _shown(self) -> None:
        """The list shows new events: say how many, and what to do when there are none."""
        n = self.model.total
        self.count.setText(ngettext("{n} event", "{n} events", n).format(n=i18n.format_number(n)))
        self.empty_note.set_text(self.empty_text(self.model.query[0]))
        window_state.size_columns(self.table, self.widest)
        if self.select_after is not None and not self.model.loading():
            select_id(self.table, self.model, self.select_after)
            self.select_after = None
        self._selection()

    def empty_text(self, f: query.EventFilter) -> str:
        """What the empty list tells the officer to do next."""
        if f != query.EventFilter():
            return no_match(_("No event"), f.text)
        if self.can_record:
            return nothing_yet(_("No event yet"), self.new_btn.text(), keys.NEW)
        return _("No event yet: events recorded by the offices appear here once imported.")

    def apply_preset(
        self,
        kind: str | None = None,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
    ) -> None:
        """Show the events of *kind* (every kind when None) from *date_from* to *date_to*
        (inclusive), every other filter cleared (from the dashboard)."""
        self.filters.apply_preset(kind or "", date_from, date_to)

    def _selection(self) -> None:
        self.delete_btn.setEnabled(self.can_edit_selected())

    def refresh(self) -> None:
        self.apply_filter(self.filters.current())

    def current_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def new_event(self) -> None:
        if self.can_record:
            self._open(None)

    def edit_row(self, row: int) -> None:
        event_id = self.model.id_at(row)
        if event_id is not None:
            self._open(event_id)

    def _open(self, event_id: str | None) -> None:
        self.dialog = EventDialog(self.profile, event_id, self)
        self.dialog.saved.connect(self._saved)
        self.dialog.open()

    def _saved(self, event_id: str) -> None:
        self.select_after = event_id  # once the list read again has it
        self.refresh()

    def can_edit_selected(self) -> bool:
        row = self.model.row_at(self.current_row())
        return row is not None and events.can_edit(self.profile, row.author)

    def delete_selected(self) -> None:
        """Delete the chosen event after the officer confirms (only its author or a
        supervisor may: the core refuses others too)."""
        row = self.model.row_at(self.current_row())
        event_id = self.model.id_at(self.current_row())
        if row is None or event_id is None or not self.can_edit_selected():
            return
        title, date = row.title, i18n.format_date(row.held_on)
        question = _(
            "Delete the event “{title}” of {date}? You can undo it from the status bar for a "
            "few seconds."
        ).format(title=title, date=date)
        what = _("the event “{title}” of {date}").format(title=title, date=date)
        if not texts.ask(self, question, _("Delete event"), destructive=True):
            return
        try:
            events.delete_event(self.profile, event_id)
        except KhienError as exc:
            texts.show_error(self, exc.message)
            return
        self.refresh()
        self.deleted.emit(what, EVENTS_TABLE, event_id)

    def restored(self, table: str, row_id: str) -> None:
        if table == EVENTS_TABLE:
            self._saved(row_id)  # the list shows it again, chosen
