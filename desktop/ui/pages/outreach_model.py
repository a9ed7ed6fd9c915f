"""The events list model: holds only the ids matching the filter (fetched in SQL, in the
chosen order) and loads rows a page at a time when the view asks for them (DESIGN.md §7)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.core import i18n
from desktop.core.i18n import N_, _
from desktop.core.outreach import query
from desktop.core.profile import OpenProfile

PAGE = 200
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
Index = QModelIndex | QPersistentModelIndex


class EventTableModel(QAbstractTableModel):
    def __init__(self, profile: OpenProfile) -> None:
        super().__init__()
        self.profile = profile
        self.filter = query.EventFilter()
        self.sort_key, self.descending = "held_on", True
        self.ids: list[str] = []
        self.pages: dict[int, list[query.EventRow]] = {}
        self.names = query.names(profile, i18n.language())

    # -- loading --------------------------------------------------------------------------

    def set_filter(self, f: query.EventFilter) -> None:
        self.filter = f
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.ids = query.event_ids(self.profile, self.filter, self.sort_key, self.descending)
        self.pages = {}
        self.endResetModel()

    def row_at(self, row: int) -> query.EventRow | None:
        if not 0 <= row < len(self.ids):
            return None
        page = row // PAGE
        if page not in self.pages:
            chunk = self.ids[page * PAGE : (page + 1) * PAGE]
            rows = {r.id: r for r in query.event_rows(self.profile, chunk, self.names)}
            self.pages[page] = [rows.get(i) for i in chunk]  # type: ignore[misc]
        return self.pages[page][row % PAGE]

    def id_at(self, row: int) -> str | None:
        return self.ids[row] if 0 <= row < len(self.ids) else None

    def row_of(self, event_id: str) -> int:
        try:
            return self.ids.index(event_id)
        except ValueError:
            return -1

    # -- Qt model -------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(COLUMNS[section][1])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.row_at(index.row())
        if r is None:
            return None
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "held_on":
                return i18n.format_date(r.held_on)
            if key == "audience_total":
                return i18n.format_number(r.audience_total) if r.audience_total else ""
            if key == "state":
                return _("Draft") if r.state == "draft" else _("Final")
            if key == "commune":
                return ", ".join(p for p in (r.village, r.commune) if p)
            return getattr(r, key)
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "audience_total":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and r.state == "draft":
            return QBrush(QColor("#8a5a00"))
        if role == Qt.ItemDataRole.ToolTipRole and key == "title":
            return r.title
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_key = COLUMNS[column][0]
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()
