"""Dashboard: the current month at a glance — outreach events and people reached against
last month, plan tasks late, cases awaiting verification or overdue, the last sync — and
charts of events by month and by kind and of cases by status.

Every figure and every bar opens the list behind it: events → the Outreach section with
that kind and period, late tasks → the Plans section on the first late task, cases → the
Cases section with that filter. The figures come from ``desktop.core.stats.dashboard`` (which
takes them from the statistics module), loaded through the op runner so a big profile
never freezes the window; they are loaded again each time the page is shown.
"""

from __future__ import annotations

import datetime as dt
import html

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.core import i18n, profile, refdata
from desktop.core.cases import rules
from desktop.core.i18n import N_, _, format_month, format_number, ngettext
from desktop.core.security import roles
from desktop.core.stats import dashboard
from desktop.ui import theme
from desktop.ui.first_paint import after_first_paint
from desktop.ui.forms import set_alert
from desktop.ui.ops import Op, error_text
from desktop.ui.pages.base import Page, last_sync_text
from desktop.ui.widgets.charts import Bar, BarChart
from desktop.ui.widgets.figure import FigureTile

LEVELS = {"province": N_("Provincial office"), "area": N_("Area office"), "commune": N_("Commune")}
# A refresh never puts up a progress dialog: the page itself says it is loading.
NO_DIALOG_MS = 2**31 - 1
LATE_IN_TOOLTIP = 6


def today() -> dt.date:
    """The day the dashboard's figures are for (one place, so a test can fix the day: a
    test that began before midnight and loads after it must see the same day)."""
    return dt.date.today()


def change_text(diff: int, before: int, month: dt.date) -> tuple[str, str]:
    """The comparison line under a monthly figure and its tone ("up", "down" or "")."""
    values = {"diff": format_number(abs(diff)), "month": format_month(month),
              "value": format_number(before)}  # fmt: skip
    if diff > 0:
        return _("↑ {diff} against {month} ({value})").format(**values), "up"
    if diff < 0:
        return _("↓ {diff} against {month} ({value})").format(**values), "down"
    return _("Same as {month} ({value})").format(**values), ""


class DashboardPage(Page):
    title = N_("Dashboard")
    # A case figure or bar was clicked: "awaiting", "overdue" or a status code.
    open_cases = Signal(str)
    # An events figure or bar was clicked: kind ("" for every kind), first day, last day.
    open_events = Signal(str, object, object)
    # The late tasks were clicked: the plan and task to show ("" when none is late).
    open_plan_task = Signal(str, str)
    # The figures of a load are on the page.
    figures_shown = Signal()

    def __init__(self, opened: profile.OpenProfile, parent: QWidget | None = None) -> None:
        super().__init__(opened, parent)
        self.figures: dashboard.Figures | None = None
        self.op: Op | None = None
        self._again = False
        self._first = True  # the first load waits for the page's first paint
        lang = i18n.language()
        self.kind_names = {
            i.code: refdata.display_name(i, lang)
            for i in profile.reference_items(opened, "outreach_kind", include_inactive=True)
        }
        self.welcome = QLabel(_("Welcome, {name}.").format(name=opened.user.full_name))
        self.welcome.setToolTip(
            f"{opened.node.office_name} ({_(LEVELS.get(opened.node.level, opened.node.level))})"
            f" · {roles.label(opened.user.role)}"
        )
        self.sync = QLabel()
        self.sync.setObjectName("sync")
        self.sync.setStyleSheet("font-weight: bold;")
        self.state = QLabel()
        self.state.setObjectName("state")
        self.reports_due = QLabel()
        self.reports_due.setObjectName("reports_due")
        self.reports_due.setWordWrap(True)
        self.reports_due.setStyleSheet(
            "background: #fff6d6; color: #000000; border: 1px solid #e0c36a;"
            " border-radius: 4px; padding: 6px;"
        )
        self.reports_due.linkActivated.connect(
            lambda plan_id: self.open_plan_task.emit(plan_id, "")
        )
        self.reports_due.hide()
        self.events = FigureTile()
        self.participants = FigureTile()
        self.late = FigureTile(_("Plan tasks late"))
        self.awaiting = FigureTile(_("Cases awaiting verification"))
        self.overdue = FigureTile(_("Cases overdue"))
        tiles = (self.events, self.participants, self.late, self.awaiting, self.overdue)
        names = ("events", "participants", "late", "awaiting", "overdue")
        for tile, name in zip(tiles, names, strict=True):
            tile.setObjectName(name)
        self.events.clicked.connect(self._open_month)
        self.participants.clicked.connect(self._open_month)
        self.late.clicked.connect(self._open_late)
        self.awaiting.clicked.connect(lambda: self.open_cases.emit("awaiting"))
        self.overdue.clicked.connect(lambda: self.open_cases.emit("overdue"))
        self.awaiting.set_hint(_("Open the Cases section with this filter"))
        self.overdue.set_hint(_("Open the Cases section with this filter"))
        self.by_month = BarChart(_("Outreach events by month, last 12 months"))
        self.by_month.setObjectName("by_month")
        self.by_kind = BarChart("", horizontal=True)
        self.by_kind.setObjectName("by_kind")
        self.by_status = BarChart(_("Cases by status (every case)"), horizontal=True)
        self.by_status.setObjectName("by_status")
        self.by_month.bar_clicked.connect(self._month_clicked)
        self.by_kind.bar_clicked.connect(self._kind_clicked)
        self.by_status.bar_clicked.connect(self._status_clicked)
        self._layout(tiles)

    def _layout(self, tiles: tuple[FigureTile, ...]) -> None:
        body = QWidget()
        box = QVBoxLayout(body)
        box.setContentsMargins(0, 0, 4, 0)
        box.setSpacing(10)
        line = QHBoxLayout()
        line.setSpacing(16)
        line.addWidget(self.welcome)
        line.addWidget(self.sync)
        line.addStretch(1)
        line.addWidget(self.state)
        box.addLayout(line)
        box.addWidget(self.reports_due)
        row = QHBoxLayout()
        row.setSpacing(10)
        for tile in tiles:
            row.addWidget(tile, 1)
        box.addLayout(row)
        grid = QGridLayout()
        grid.setSpacing(10)
        grid.addWidget(self.by_month, 0, 0)
        grid.addWidget(self.by_status, 1, 0)
        grid.addWidget(self.by_kind, 0, 1, 2, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)
        box.addLayout(grid, 1)
        scroll = QScrollArea()
        scroll.setObjectName("dashboard_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self.layout_.addWidget(scroll, 1)

    # -- loading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Load the figures again in the background (a load already running is followed by
        one more, so what is shown is never older than this call)."""
        self.sync.setText(last_sync_text(self.profile))
        if self.op is not None and not self.op.done:
            self._again = True
            return
        self._again = False
        self.state.setText(_("Loading the figures…"))
        opened, day, previous = self.profile, today(), self.figures
        # Not parented to the page: a page rebuilt (language switch) while the figures load
        # must not take the running op with it; the callbacks check the page still exists.
        self.op = Op(None, _("Loading the figures…"), lambda: dashboard.load(opened, day, previous),
                     progress_delay_ms=NO_DIALOG_MS)  # fmt: skip
        self.op.on_success(self._loaded).on_failure(self._failed).on_cancel(self._cancelled)
        if self._first:  # the page (the main window's first, often) is painted first
            self._first = False
            after_first_paint(self, self._run_first)
        else:
            self.op.run()

    def _run_first(self) -> None:
        """The first load, once the page is painted (not if the profile closed meanwhile)."""
        if self.op is not None and not self.op.done and not self.profile.closed:
            self.op.run()

    def loading(self) -> bool:
        return self.op is not None and not self.op.done

    def _after(self) -> bool:
        """True when the page still exists (and runs the load asked for meanwhile)."""
        if not shiboken6.isValid(self):
            return False
        if self._again and not self.profile.closed:
            self.refresh()
        return True

    def _failed(self, exc: BaseException) -> None:
        if shiboken6.isValid(self):
            self.state.setText(error_text(exc))
            set_alert(self.state)
            self._after()

    def _cancelled(self) -> None:
        if shiboken6.isValid(self):
            self.state.setText("")
            self._again = False  # a cancelled load (signing out, closing) asks for no other
            self._after()

    def _loaded(self, figures: dashboard.Figures) -> None:
        if not shiboken6.isValid(self):
            return
        self.show_figures(figures)
        self._after()

    # -- showing ------------------------------------------------------------------------------

    def show_figures(self, f: dashboard.Figures) -> None:
        self.figures = f
        this, last = f.this_month, f.last_month
        set_alert(self.state, False)
        self.state.setText(
            _("Figures as of {time}").format(time=i18n.format_datetime(dt.datetime.now()))
        )
        month = format_month(this.start)
        self.events.set_caption(_("Events in {month}").format(month=month))
        line, tone = change_text(f.events_change, last.events, last.start)
        self.events.set_figure(format_number(this.events), line, tone)
        self.events.set_hint(_("Open the events of {month}").format(month=month))
        self.participants.set_caption(_("People reached in {month}").format(month=month))
        line, tone = change_text(f.participants_change, last.participants, last.start)
        self.participants.set_figure(format_number(this.participants), line, tone)
        self.participants.set_hint(
            _("Women {women}, men {men}, young people and students {youth}.").format(
                women=format_number(this.women), men=format_number(this.men),
                youth=format_number(this.youth),
            )
            + "\n"
            + _("Open the events of {month}").format(month=month)
        )  # fmt: skip
        self._show_late(f.late_tasks, f.late_plans)
        self._show_reports_due(f.reports_due)
        self.awaiting.set_figure(format_number(f.awaiting), _("Received or under verification"))
        self.overdue.set_figure(
            format_number(f.overdue),
            _("Not closed, past their step's deadline"),
            "alert" if f.overdue else "",
            alert=f.overdue > 0,
        )
        self._show_charts(f)
        self.figures_shown.emit()

    def _show_late(self, late: list[dashboard.LateTask], in_plans: int) -> None:
        n = len(late)
        detail = (
            ngettext("in {n} plan", "in {n} plans", in_plans).format(n=format_number(in_plans))
            if n
            else _("No task is past its deadline")
        )
        self.late.set_figure(format_number(n), detail, "alert" if n else "", alert=n > 0)
        lines = [
            _("{plan}, task {no}: {title} (deadline {date})").format(
                plan=t.plan_number, no=t.position, title=t.title,
                date=i18n.format_date(t.deadline),
            )
            for t in late[:LATE_IN_TOOLTIP]
        ]  # fmt: skip
        if n > LATE_IN_TOOLTIP:
            more = n - LATE_IN_TOOLTIP
            lines.append(ngettext("and {n} more task", "and {n} more tasks", more).format(n=more))
        lines.append(_("Open the Plans section"))
        self.late.set_hint("\n".join(lines))

    def _show_reports_due(self, due: list[dashboard.ReportDue]) -> None:
        """One line per plan whose result report is due soon or overdue; each opens the
        plan in the Plans section."""
        lines = []
        for r in due:
            values = {"number": r.plan_number, "date": i18n.format_date(r.due_on)}
            if r.overdue:
                days = -r.days_left
                text = ngettext(
                    "The result report of plan {number} was due on {date}: {n} day overdue.",
                    "The result report of plan {number} was due on {date}: {n} days overdue.",
                    days,
                ).format(n=format_number(days), **values)
            elif r.days_left == 0:
                text = _("The result report of plan {number} is due today ({date}).").format(
                    **values
                )
            else:
                text = ngettext(
                    "The result report of plan {number} is due on {date}, in {n} day.",
                    "The result report of plan {number} is due on {date}, in {n} days.",
                    r.days_left,
                ).format(n=format_number(r.days_left), **values)
            # The box is light yellow in either theme: the light theme's red reads on it.
            colour = theme.ALERT_ON_LIGHT if r.overdue else "#1a4f8a"
            lines.append(
                f'<a href="{html.escape(r.plan_id, quote=True)}" style="color: {colour};">'
                f"{html.escape(text)}</a>"
            )
        self.reports_due.setText("<br>".join(lines))
        self.reports_due.setToolTip(_("Open the plan in the Plans section") if due else "")
        self.reports_due.setVisible(bool(due))

    def _show_charts(self, f: dashboard.Figures) -> None:
        hint = _("Click to open the list.")
        current = dashboard.month_start(f.today)
        self.by_month.set_bars(
            [
                Bar(format_month(m), n,
                    ngettext("{label}: {n} event", "{label}: {n} events", n).format(
                        label=format_month(m), n=format_number(n)) + "\n" + hint,
                    highlight=m == current)
                for m, n in f.months
            ]
        )  # fmt: skip
        self.by_kind.title = _("Outreach events by kind, {year}").format(year=f.year_start.year)
        self.by_kind.setAccessibleName(self.by_kind.title)
        kinds = []
        for code, n in f.kinds:
            name = self.kind_names.get(code, code) or _("Unknown")
            tip = ngettext("{label}: {n} event", "{label}: {n} events", n).format(
                label=name, n=format_number(n)
            )
            kinds.append(Bar(name, n, tip + "\n" + hint))
        self.by_kind.set_bars(kinds)
        statuses = []
        for code, n in f.statuses:
            name = rules.status_label(code) if code else _("Unknown")
            tip = ngettext("{label}: {n} case", "{label}: {n} cases", n).format(
                label=name, n=format_number(n)
            )
            statuses.append(Bar(name, n, tip + "\n" + hint))
        self.by_status.set_bars(statuses)

    # -- clicks -------------------------------------------------------------------------------

    def _open_month(self) -> None:
        if self.figures is not None:
            m = self.figures.this_month
            self.open_events.emit("", m.start, m.end)

    def _month_clicked(self, index: int) -> None:
        if self.figures is not None and 0 <= index < len(self.figures.months):
            start = self.figures.months[index][0]
            self.open_events.emit("", start, dashboard.month_end(start))

    def _kind_clicked(self, index: int) -> None:
        f = self.figures
        if f is not None and 0 <= index < len(f.kinds):
            self.open_events.emit(f.kinds[index][0], f.year_start, f.year_end)

    def _status_clicked(self, index: int) -> None:
        if self.figures is not None and 0 <= index < len(self.figures.statuses):
            self.open_cases.emit(self.figures.statuses[index][0])

    def _open_late(self) -> None:
        late = self.figures.late_tasks if self.figures is not None else []
        first = late[0] if late else None
        self.open_plan_task.emit(first.plan_id if first else "", first.task_id if first else "")
