"""A table model over one reference list (small lists: loaded whole); items retired, or
no longer valid today, are greyed. The item's code (``womens_union``) is not shown in a
column: officers know items by their names; the code is in each row's tooltip."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.core import i18n, refdata
from desktop.core.i18n import N_, _

COLUMNS = (
    N_("Code"),
    N_("Name"),
    N_("English name"),
    N_("Note"),
    N_("Valid from"),
    N_("Valid to"),
    N_("Status"),
)
CODE, NAME, NOTE = 0, 1, 3  # the code column is hidden (shown in tooltips)
CAPS = {1: 320, 2: 240, 3: 260}  # widest a column grows to fit its texts (px)
Index = QModelIndex | QPersistentModelIndex


class RefDataModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[refdata.ItemView] = []

    def set_items(self, rows: list[refdata.ItemView]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def item(self, row: int) -> refdata.ItemView:
        return self.rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        it = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            status = _("In use") if it.active else _("Retired")
            detail = _("To be checked") if it.detail == refdata.UNCONFIRMED else it.detail
            start, end = i18n.format_date(it.valid_from), i18n.format_date(it.valid_to)
            return (it.code, it.name, it.name_en, detail, start, end, status)[index.column()]
        ended = it.valid_to is not None and it.valid_to < dt.date.today()
        if role == Qt.ItemDataRole.ForegroundRole and (not it.active or ended):
            return QBrush(QColor("#888888"))
        if role == Qt.ItemDataRole.ToolTipRole:
            # The code is the software's handle, not a word for officers: it is kept out of
            # sight (its column hidden) and named here, under the full name and note.
            lines = [refdata.display_name(it, i18n.language())]
            if index.column() == NOTE and it.detail and it.detail != refdata.UNCONFIRMED:
                lines.append(it.detail)
            lines.append(_("Code: {code}").format(code=it.code))
            return "\n".join(lines)
        return None
