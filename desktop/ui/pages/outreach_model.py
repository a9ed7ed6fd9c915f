"""The events list model: holds only the ids matching the filter (fetched in SQL, in the
chosen order, off the GUI thread) and loads rows a page at a time when the view asks for
them (DESIGN.md §7, ``lazy_list``). A query is (filter, sort key, descending)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush

from desktop.core import i18n
from desktop.core.i18n import N_, _
from desktop.core.outreach import query
from desktop.core.profile import OpenProfile
from desktop.ui.forms import tone_colour
from desktop.ui.pages.lazy_list import (
    ALIGNMENT,
    DISPLAY,
    FOREGROUND,
    TOOLTIP,
    Index,
    LazyListModel,
)

COLUMNS: tuple[tuple[str, str], ...] = (
    ("held_on", N_("Date")),
    ("title", N_("Title")),
    ("kind", N_("Kind")),
    ("commune", N_("Place")),
    ("lead_agency", N_("Lead agency")),
    ("audience_total", N_("Audience")),
    ("state", N_("State")),
    ("author", N_("Recorded by")),
)
Query = tuple[query.EventFilter, str, bool]
KEYS = [key for key, _title in COLUMNS]
TITLE_COLUMN, AUDIENCE_COLUMN = KEYS.index("title"), KEYS.index("audience_total")
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class EventTableModel(LazyListModel):
    def __init__(self, profile: OpenProfile) -> None:
        super().__init__(profile)
        self.names = query.names(profile, i18n.language())
        self.headers = [_(title) for _key, title in COLUMNS]
        self.wanted: Query = (query.EventFilter(), "held_on", True)

    @property
    def filter(self) -> query.EventFilter:
        """The filter last asked for."""
        return self.wanted[0]

    # -- loading --------------------------------------------------------------------------

    def set_filter(self, f: query.EventFilter) -> None:
        """Show the events of *f* at once: the first page read now, every other id by the
        worker (for a short list, such as a task's events, that is all of them)."""
        self.show_first((f, *self.wanted[1:]))

    def ask_filter(self, f: query.EventFilter) -> None:
        """Ask the worker for the events of *f*; the rows shown stay until they come."""
        self.request((f, *self.wanted[1:]))

    def reload(self) -> None:
        self.request(self.wanted)

    def read_first(self, q: Query, limit: int) -> tuple[list[query.EventRow], int]:
        f, key, descending = q
        return query.first_events(self.profile, f, limit, self.names, key, descending)

    def ids_job(self, q: Query) -> Callable[[], list[str]]:
        opened, (f, key, descending) = self.profile, q
        return lambda: query.event_ids(opened, f, key, descending)

    def read_rows(self, ids: list[str]) -> list[query.EventRow]:
        return query.event_rows(self.profile, ids, self.names)

    def row_texts(self, r: query.EventRow) -> tuple[str, ...]:
        audience = i18n.format_number(r.audience_total) if r.audience_total else ""
        state = _("Draft") if r.state == "draft" else _("Final")
        place = ", ".join(p for p in (r.village, r.commune) if p)
        return (i18n.format_date(r.held_on), r.title, r.kind, place, r.lead_agency, audience,
                state, r.author)  # fmt: skip

    # -- Qt model -------------------------------------------------------------------------

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        # Plain numbers first: a view asks this for every role of every cell it sizes or
        # paints, most of them roles no cell has.
        if role == DISPLAY:
            return self.text_at(index.row(), index.column()) if index.isValid() else None
        if role == ALIGNMENT:
            return RIGHT if index.column() == AUDIENCE_COLUMN and index.isValid() else None
        if role != FOREGROUND and role != TOOLTIP or not index.isValid():
            return None
        if role == TOOLTIP and index.column() != TITLE_COLUMN:
            return None
        r = self.row_at(index.row())
        if r is None:
            return None
        if role == TOOLTIP:
            return r.title
        return QBrush(tone_colour("caution")) if r.state == "draft" else None  # either theme

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        wanted = (self.wanted[0], COLUMNS[column][0], order == Qt.SortOrder.DescendingOrder)
        if wanted != self.wanted:  # the view asks again when sorting is turned on
            self.request(wanted)
