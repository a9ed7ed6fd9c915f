"""The filter bar of the events list: search, period, commune, kind, agency, plan/task,
author and state. Emits ``changed`` with a core EventFilter (text search debounced).

Besides the years and the usual periods, "From … to …" opens two date fields typed as
dd/mm/yyyy (either may stay empty: open on that side). They are checked as they are
typed: a date that is not one, or a first day after the last, is said in one sentence
under them and the list keeps the last range that was valid."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from desktop.core import i18n, profile, refdata
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.outreach import query
from desktop.core.stats.dashboard import month_end
from desktop.ui import icons
from desktop.ui.forms import ReasonLine
from desktop.ui.pages.choice_box import ChoiceBox, Choices

SEARCH_DELAY_MS = 250
CUSTOM = "custom"  # the period entry whose days are typed in the two date fields
Box = TypeVar("Box", bound=QComboBox)


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
        if icons.available():
            self.search.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        this_year = dt.date.today().year
        # Each box is named for screen readers (no caption stands before it).
        self.period = self._combo(
            _("Period"),
            [("", _("Any time")), ("month", _("This month")), ("year", _("This year")),
             ("12m", _("Last 12 months")), (CUSTOM, _("From … to …"))]
            + [(str(y), str(y)) for y in range(this_year, 2018, -1)]
        )  # fmt: skip
        self.range = self._range_fields()
        # Read when first needed (see ChoiceBox): the list's first screen does not wait.
        self.commune = self._lazy(
            _("Commune"), (None, _("All communes")), lambda: profile.commune_choices(opened)
        )
        self.kind = self._lazy(_("Kind"), ("", _("All kinds")), lambda: self._refs("outreach_kind"))
        self.agency = self._lazy(_("Agency"), ("", _("All agencies")), lambda: self._refs("agency"))
        self.plan = self._lazy(_("Plan or task"), (None, _("All plans and tasks")), self._plans)
        self.author = self._lazy(
            _("Recorded by"), ("", _("Anyone")), lambda: [(a, a) for a in query.authors(opened)]
        )
        self.state = self._combo(
            _("Draft or final"),
            [("", _("Drafts and final")), ("draft", _("Drafts")), ("final", _("Final"))],
        )
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.search, 0, 0, 1, 3)
        grid.addWidget(self.period, 0, 3)
        grid.addWidget(self.state, 0, 4)
        for n, w in enumerate((self.commune, self.kind, self.agency, self.plan, self.author)):
            grid.addWidget(w, 1, n)
        grid.addWidget(self.range, 2, 0, 1, 5)
        for n in range(5):
            grid.setColumnStretch(n, 1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.emit_now)
        self.search.textChanged.connect(lambda _t: self.timer.start())
        self.period.currentIndexChanged.connect(self._period_chosen)
        for box in (self.commune, self.kind, self.agency, self.plan, self.author, self.state):
            box.currentIndexChanged.connect(self.emit_now)
        for edit in (self.date_from, self.date_to):
            edit.textChanged.connect(lambda _t: self._range_typed())
            edit.returnPressed.connect(self._range_entered)

    def _combo(self, name: str, items: Choices) -> QComboBox:
        box = QComboBox()
        box.setAccessibleName(name)
        box.setToolTip(name)
        for data, text in items:
            box.addItem(text, data)
        return self._sized(box)

    def _lazy(self, name: str, first: tuple[Any, str], load: Callable[[], Choices]) -> ChoiceBox:
        return self._sized(ChoiceBox(name, first, load))

    def _sized(self, box: Box) -> Box:
        box.setMinimumContentsLength(10)  # as wide as its cell, whatever its items
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        return box

    def _refs(self, kind: str) -> Choices:
        """Every item of a list, those no longer in force too (past events stay
        findable), a ceased one saying until when."""
        return [(c.code, c.label) for c in refdata.filter_choices(self.profile, kind)]

    def _plans(self) -> Choices:
        """Plans, each followed by its tasks (indented)."""
        plans: Choices = []
        for pid, name, tasks in query.plan_choices(self.profile):
            plans.append((("plan", pid), name))
            plans += [(("task", tid), "    " + title) for tid, title in tasks]
        return plans

    def _range_fields(self) -> QWidget:
        """ "From [dd/mm/yyyy] to [dd/mm/yyyy]", and the reason a typed date is refused."""
        self.date_from, self.date_to = QLineEdit(), QLineEdit()
        self.date_from.setObjectName("date_from")
        self.date_to.setObjectName("date_to")
        self.date_from.setAccessibleName(_("First day of the period"))
        self.date_to.setAccessibleName(_("Last day of the period"))
        for edit in (self.date_from, self.date_to):
            edit.setPlaceholderText(_("dd/mm/yyyy"))
            # wide enough for its placeholder ("ngày/tháng/năm") and a typed date
            wide = edit.fontMetrics().horizontalAdvance(edit.placeholderText() + "  ") + 16
            edit.setFixedWidth(max(110, wide))
        self.range_reason = ReasonLine()
        self.range_reason.setObjectName("range_reason")
        self._range: tuple[dt.date | None, dt.date | None] = (None, None)  # last valid
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        start = QLabel(_("From:"))
        start.setBuddy(self.date_from)
        end = QLabel(_("to"))
        end.setBuddy(self.date_to)
        for w in (start, self.date_from, end, self.date_to):
            row.addWidget(w)
        row.addWidget(self.range_reason, 1)
        box.hide()
        return box

    def _typed_range(self) -> tuple[tuple[dt.date | None, dt.date | None], str]:
        """The two typed days (None when empty) and the reason they are refused ("")."""
        days: list[dt.date | None] = []
        for edit in (self.date_from, self.date_to):
            text = edit.text().strip()
            try:
                days.append(i18n.parse_date(text) if text else None)
            except ValidationError as exc:
                return self._range, exc.message
        start, end = days
        if start and end and start > end:
            return self._range, _("The start date comes after the end date.")
        return (start, end), ""

    def _range_typed(self) -> None:
        """Check the range as it is typed; a valid one refreshes the list after a pause."""
        typed, reason = self._typed_range()
        self.range_reason.say(reason)
        if reason:
            self.timer.stop()  # the list keeps the last valid range
            return
        if typed != self._range:
            self._range = typed
            self.timer.start()

    def _range_entered(self) -> None:
        if not self._typed_range()[1]:
            self.emit_now()

    def _period_chosen(self) -> None:
        custom = self.period.currentData() == CUSTOM
        self.range.setVisible(custom)
        if custom and self.isVisible():
            self.date_from.setFocus()
        self.emit_now()

    def current(self) -> query.EventFilter:
        if self.period.currentData() == CUSTOM:
            start, end = self._range
        else:
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
        for w in (*boxes, self.search, self.date_from, self.date_to):
            w.blockSignals(True)
        self.search.clear()
        self.date_from.clear()
        self.date_to.clear()
        self._range = (None, None)
        self.range_reason.say("")
        self.range.hide()
        for box in boxes:
            box.setCurrentIndex(0)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind or "")))
        last = self.period.count() - 1
        if isinstance(self.period.itemData(last), tuple):
            self.period.removeItem(last)  # one custom period at a time
        if date_from is not None or date_to is not None:
            self.period.setCurrentIndex(self._range_item(date_from, date_to))
        for w in (*boxes, self.search, self.date_from, self.date_to):
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
