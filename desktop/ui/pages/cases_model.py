"""The cases list model: holds the ordered case ids (read off the GUI thread, see
``lazy_list``), fetches rows a page at a time. Labels of statuses and channels come from
the rules, those of version 0.1 included (old rows and bundles from laptops not yet
updated may carry them).

Names (for a role that may see them) show only once the audit line of the list's read is
committed: the first screen comes without them (no write before it is painted); right
after it is painted the line is written and only then are the first rows' names read
(``listing.audited_names``); a line that cannot be written shows no name and says so. The
answer to a query asked of the worker (its ids) is audited when it arrives, before any of
its rows is read; a line that cannot be written keeps the rows shown and says so.

The lines are written on the GUI thread, not on the worker: a write on the worker while
the GUI thread is inside a transaction that read and then writes (a dialog saving a case)
leaves that transaction's snapshot stale, and SQLite refuses its write ("database is
locked"): the tests of the case dialog met it."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush

from desktop.core import i18n
from desktop.core.cases import listing, rules
from desktop.core.i18n import N_, _
from desktop.core.profile import OpenProfile
from desktop.core.security.roles import can_see_identity
from desktop.ui.forms import alert_colour
from desktop.ui.pages.lazy_list import DISPLAY, FOREGROUND, TOOLTIP, Index, LazyListModel

COLUMNS = (
    N_("Case code"), N_("Name"), N_("Sex"), N_("Age"), N_("Received"), N_("Status"),
    N_("Due"), N_("Regime"), N_("Channel"),
)  # fmt: skip
NAME_COLUMN, AGE_COLUMN, DUE_COLUMN = 1, 3, 6


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

    names_shown = Signal()  # the first screen's names came once its read was audited

    def __init__(self, profile: OpenProfile) -> None:
        super().__init__(profile)
        self.reads = listing.ListReads()  # each distinct query audited once
        self.by_name = can_see_identity(profile.user.role)
        self.headers = tuple(_(c) for c in COLUMNS)

    def named(self, flt: listing.CaseFilter | None) -> bool:
        """True when the rows of *flt* may show names: its read's audit line is committed."""
        return flt is not None and self.by_name and self.reads.audited(flt)

    def read_first(self, flt: listing.CaseFilter, limit: int) -> tuple[list[listing.CaseRow], int]:
        # No audit line written on the GUI thread: the names come once it is (after_first).
        names = self.named(flt)
        return listing.first_cases(self.profile, flt, limit, reads=self.reads, names=names)

    def wants_after_first(self, flt: listing.CaseFilter) -> bool:
        return self.by_name and not self.reads.audited(flt)

    def after_first(self, flt: listing.CaseFilter, total: int) -> None:
        """Write the audit line of the first screen's read, then fill in its names."""
        names = listing.audited_names(self.profile, flt, total, self.reads, list(self.ids))
        if not names or flt != self.query or not self.ids:
            return
        for n, rows in self.pages.items():
            self.pages[n] = [
                dataclasses.replace(r, name=names[r.id]) if r and r.id in names else r for r in rows
            ]
        self.texts = {}  # formatted again as shown
        first, last = self.index(0, NAME_COLUMN), self.index(len(self.ids) - 1, NAME_COLUMN)
        self.dataChanged.emit(first, last)
        self.names_shown.emit()

    def ids_job(self, flt: listing.CaseFilter) -> Callable[[], list[str]]:
        opened = self.profile
        return lambda: listing.case_ids(opened, flt, audit=False)  # audited as it arrives

    def before_shown(self, flt: listing.CaseFilter, ids: list[str]) -> None:
        """Write the audit line of a read that shows names before any row of it is shown."""
        if self.by_name:
            listing.audit_list_read(self.profile, flt, len(ids), self.reads)

    def read_rows(self, ids: list[str]) -> list[listing.CaseRow]:
        return listing.case_rows(self.profile, ids, names=self.named(self.query))

    def row_texts(self, r: listing.CaseRow) -> tuple[str, ...]:
        return tuple(self.text(r, column) for column in range(len(COLUMNS)))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:  # noqa: N802
        if role == DISPLAY and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
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

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        # Plain numbers first: a view asks this for every role of every cell it sizes or
        # paints, most of them roles no cell has.
        if role == DISPLAY:
            return self.text_at(index.row(), index.column()) if index.isValid() else None
        if role != FOREGROUND and role != TOOLTIP or not index.isValid():
            return None
        r = self.row_at(index.row())
        if r is None:
            return None
        column = index.column()
        if role == FOREGROUND:
            return QBrush(alert_colour()) if r.overdue and column == DUE_COLUMN else None
        if r.is_child and column in (0, AGE_COLUMN):
            if r.child_presumed:
                return _("Presumed a child: the age at reception is uncertain")
            return _("Child: under 18 at reception")
        if r.age_approximate and column == AGE_COLUMN:
            return _("Approximate: from the year of birth")
        return None
