"""The cases list model: holds the ordered case ids (read off the GUI thread, see
``lazy_list``), fetches rows a page at a time. Labels of statuses and channels come from
the rules, those of version 0.1 included (old rows and bundles from laptops not yet
updated may carry them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush

from desktop.core import i18n
from desktop.core.cases import listing, rules
from desktop.core.i18n import N_, _
from desktop.core.profile import OpenProfile
from desktop.ui.forms import alert_colour
from desktop.ui.pages.lazy_list import Index, LazyListModel

COLUMNS = (
    N_("Case code"), N_("Name"), N_("Sex"), N_("Age"), N_("Received"), N_("Status"),
    N_("Due"), N_("Regime"), N_("Channel"),
)  # fmt: skip


def channel_label(code: str) -> str:
    """A channel as shown (a channel of version 0.1 included; an unknown code as it is)."""
    label = rules.CHANNELS.get(code) or rules.LEGACY_CHANNELS.get(code)
    return _(label) if label else code


def age_label(r: listing.CaseRow) -> str:
    """The age at reception, "≈" when approximate ("" when unknown)."""
    if r.age is None:
        return ""
    return f"≈ {r.age}" if r.age_approximate else str(r.age)


class CasesModel(LazyListModel):
    """A query is a ``listing.CaseFilter``."""

    def __init__(self, profile: OpenProfile) -> None:
        super().__init__(profile)
        self.reads = listing.ListReads()  # each distinct query audited once

    def read_first(self, flt: listing.CaseFilter, limit: int) -> tuple[list[listing.CaseRow], int]:
        return listing.first_cases(self.profile, flt, limit, reads=self.reads)

    def ids_job(self, flt: listing.CaseFilter) -> Callable[[], list[str]]:
        opened, reads = self.profile, self.reads
        return lambda: listing.case_ids(opened, flt, reads=reads)

    def read_rows(self, ids: list[str]) -> list[listing.CaseRow]:
        return listing.case_rows(self.profile, ids)

    def row_texts(self, r: listing.CaseRow) -> tuple[str, ...]:
        return tuple(self.text(r, column) for column in range(len(COLUMNS)))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(COLUMNS[section])
        return None

    def text(self, r: listing.CaseRow, column: int) -> str:
        if column == 0:
            return r.code + (" ★" if r.is_child else "")
        if column == 1:
            return r.name
        if column == 2:
            return _(rules.SEXES.get(r.sex, r.sex))
        if column == 3:
            return age_label(r)
        if column == 4:
            return i18n.format_date(r.received_on)
        if column == 5:
            return rules.status_label(r.status)
        if column == 6:
            due = i18n.format_date(r.due_on) if r.status != rules.CLOSED else ""
            return _("{date} (overdue)").format(date=due) if r.overdue else due
        if column == 7:  # the law's number, not the regime's code ("2024")
            label = rules.REGIMES.get(r.regime)
            return _(label) if label else r.regime
        return channel_label(r.channel)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text_at(index.row(), index.column())
        if role not in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole):
            return None
        r = self.row_at(index.row())
        if r is None:
            return None
        if role == Qt.ItemDataRole.ForegroundRole and r.overdue and index.column() == 6:
            return QBrush(alert_colour())
        if role == Qt.ItemDataRole.ToolTipRole and r.is_child and index.column() in (0, 3):
            if r.child_presumed:
                return _("Presumed a child: the age at reception is uncertain")
            return _("Child: under 18 at reception")
        if role == Qt.ItemDataRole.ToolTipRole and r.age_approximate and index.column() == 3:
            return _("Approximate: from the year of birth")
        return None
