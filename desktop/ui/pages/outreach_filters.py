"""The filter bar of the events list: search, period, commune, kind, agency, plan/task,
author and state. Emits ``changed`` with a core EventFilter (text search debounced)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLineEdit, QWidget

from desktop.core import i18n, profile, refdata
from desktop.core.dashboard import month_end
from desktop.core.i18n import _
from desktop.core.outreach import query

SEARCH_DELAY_MS = 250


def _period(code: Any, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    if isinstance(code, tuple):  # ("range", first day, last day) from apply_preset
        return code[1], code[2]
    if code == "month":
        return today.replace(day=1), today
    if code == "year":
        return today.replace(month=1, day=1), today
    if code == "12m":
        return today - dt.timedelta(days=365), today
    if code.isdigit():
        year = int(code)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    return None, None


class FilterBar(QWidget):
    changed = Signal(object)

    def __init__(self, opened: profile.OpenProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = opened
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(_("Search title, place and notes (accents optional)"))
        self.search.setClearButtonEnabled(True)
        this_year = dt.date.today().year
        self.period = self._combo(
            [("", _("Any time")), ("month", _("This month")), ("year", _("This year")),
             ("12m", _("Last 12 months"))] + [(str(y), str(y)) for y in range(this_year, 2018, -1)]
        )  # fmt: skip
        self.commune = self._combo(
            [(None, _("All communes"))] + list(profile.commune_choices(opened))
        )
        # Every item, those no longer in force too (past events stay findable), a ceased
        # one saying until when.
        refs = lambda kind: [  # noqa: E731
            (c.code, c.label) for c in refdata.filter_choices(opened, kind)
        ]
        self.kind = self._combo([("", _("All kinds"))] + refs("outreach_kind"))
        self.agency = self._combo([("", _("All agencies"))] + refs("agency"))
        plans: list[tuple[Any, str]] = [(None, _("All plans and tasks"))]
        for pid, name, tasks in query.plan_choices(opened):
            plans.append((("plan", pid), name))
            plans += [(("task", tid), "    " + title) for tid, title in tasks]
        self.plan = self._combo(plans)
        self.author = self._combo([("", _("Anyone"))] + [(a, a) for a in query.authors(opened)])
        self.state = self._combo(
            [("", _("Drafts and final")), ("draft", _("Drafts")), ("final", _("Final"))]
        )
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.search, 0, 0, 1, 3)
        grid.addWidget(self.period, 0, 3)
        grid.addWidget(self.state, 0, 4)
        for n, w in enumerate((self.commune, self.kind, self.agency, self.plan, self.author)):
            grid.addWidget(w, 1, n)
        for n in range(5):
            grid.setColumnStretch(n, 1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.emit_now)
        self.search.textChanged.connect(lambda _t: self.timer.start())
        for box in (self.period, self.commune, self.kind, self.agency, self.plan, self.author,
                    self.state):  # fmt: skip
            box.currentIndexChanged.connect(self.emit_now)

    def _combo(self, items: list[tuple[Any, str]]) -> QComboBox:
        box = QComboBox()
        for data, name in items:
            box.addItem(name, data)
        box.setMinimumContentsLength(10)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        return box

    def current(self) -> query.EventFilter:
        start, end = _period(self.period.currentData() or "", dt.date.today())
        plan = self.plan.currentData()
        return query.EventFilter(
            date_from=start,
            date_to=end,
            commune_code=self.commune.currentData(),
            kind=self.kind.currentData() or "",
            agency=self.agency.currentData() or "",
            plan_id=plan[1] if plan and plan[0] == "plan" else "",
            task_id=plan[1] if plan and plan[0] == "task" else "",
            author=self.author.currentData() or "",
            state=self.state.currentData() or "",
            text=self.search.text(),
        )

    def apply_preset(
        self, kind: str = "", date_from: dt.date | None = None, date_to: dt.date | None = None
    ) -> None:
        """Show the events of *kind* (every kind when empty) held from *date_from* to
        *date_to* (inclusive, either open), every other filter cleared; emits once."""
        self.timer.stop()
        boxes = (self.period, self.commune, self.kind, self.agency, self.plan, self.author,
                 self.state)  # fmt: skip
        for w in (*boxes, self.search):
            w.blockSignals(True)
        self.search.clear()
        for box in boxes:
            box.setCurrentIndex(0)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind or "")))
        last = self.period.count() - 1
        if isinstance(self.period.itemData(last), tuple):
            self.period.removeItem(last)  # one custom period at a time
        if date_from is not None or date_to is not None:
            self.period.setCurrentIndex(self._range_item(date_from, date_to))
        for w in (*boxes, self.search):
            w.blockSignals(False)
        self.emit_now()

    def _range_item(self, start: dt.date | None, end: dt.date | None) -> int:
        """The period entry for *start*–*end*: a year already listed, or one added."""
        listed = self.period.findData(str(end.year)) if end else -1
        if (
            listed >= 0
            and start
            and end
            and (start, end.month, end.day) == (dt.date(end.year, 1, 1), 12, 31)
        ):
            return listed
        if start and end and start.day == 1 and end == month_end(start):
            label = _("Month {month}").format(month=i18n.format_month(start))
        elif start and end:
            label = f"{i18n.format_date(start)} – {i18n.format_date(end)}"
        elif start:
            label = _("From {date}").format(date=i18n.format_date(start))
        else:
            label = _("Until {date}").format(date=i18n.format_date(end))
        self.period.addItem(label, ("range", start, end))
        return self.period.count() - 1

    def emit_now(self) -> None:
        self.timer.stop()
        self.changed.emit(self.current())
