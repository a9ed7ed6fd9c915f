"""Everything that happened to a case, oldest first, as a read-only table: date, what, who
and the detail (``views.timeline``) — the identification paper under its step, the agency
responsible for a step, each support entry and its correction, consents, referrals,
handovers, shelter stays, follow-ups and notes."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from desktop.core import i18n
from desktop.core.cases import rules, views
from desktop.core.i18n import _

COLUMNS = (0, 1, 2, 3)  # date, what, who, detail
_KIND_COLOURS = {"correction": "#b00020", "step": "#1f3b70"}


# The record a step makes, shown right under it.
MADE_BY = {rules.REFERRED: "referral", rules.HANDED_OVER: "handover",
           rules.FOLLOWED_UP: "follow_up"}  # fmt: skip
# Within one day: the consent first (a referral or handover needs it), then the steps (in
# their order, each with its record), then everything else.
RANK = {"consent": 0, "step": 1}


def rows(d: views.CaseDetail, agencies: dict[str, str]) -> list[tuple[views.Event, str]]:
    """The timeline's events in date order, each with the detail shown (a step's agency
    added to it). ``views.timeline`` keeps the steps in their order (a stable sort,
    reception first), so the n-th step event after the reception is ``d.steps[n - 1]``."""
    events = views.timeline(d)
    blocks: list[tuple[tuple[dt.date, int, int], list[tuple[views.Event, str]]]] = []
    used: set[int] = set()
    n = 0
    for i, event in enumerate(events):
        if i in used:
            continue
        block = [(event, event.detail)]
        if event.kind == "step":
            step = d.steps[n - 1] if 0 < n <= len(d.steps) else None
            n += 1
            if step is not None and step.agency:
                agency = _("agency: {name}").format(name=agencies.get(step.agency, step.agency))
                block[0] = (event, f"{event.detail} — {agency}" if event.detail else agency)
            made = MADE_BY.get(step.to_status, "") if step is not None else ""
            found = next((j for j, e in enumerate(events) if j not in used and e.kind == made
                          and e.on == event.on), None)  # fmt: skip
            if found is not None:
                used.add(found)
                block.append((events[found], events[found].detail))
        blocks.append(((event.on, RANK.get(event.kind, 2), i), block))
    blocks.sort(key=lambda b: b[0])
    return [row for _key, block in blocks for row in block]


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
        for event, detail in rows(d, self.agencies):
            row = self.rowCount()
            self.insertRow(row)
            for col, text in enumerate((i18n.format_date(event.on), event.what, event.actor,
                                        detail)):  # fmt: skip
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setData(Qt.ItemDataRole.UserRole, event.kind)
                colour = _KIND_COLOURS.get(event.kind)
                if colour and col == 1:
                    item.setForeground(QColor(colour))
                self.setItem(row, col, item)
        self.resizeRowsToContents()
        if self.rowCount():
            self.scrollToBottom()

    def texts(self, column: int) -> list[str]:
        """The column's texts, top to bottom (for tests and screen readers)."""
        items = (self.item(r, column) for r in range(self.rowCount()))
        return [item.text() if item is not None else "" for item in items]
