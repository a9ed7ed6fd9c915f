"""The dashboard's figures: the current month against the last, plan tasks late, plan
reports due soon or overdue, cases awaiting verification or overdue, and the series its
charts draw.

No figure is counted here: event and case counts come from the one statistics module
(``stats.compute``), task status from ``outreach.plans``, the case counts needing attention
from ``cases.listing`` — the very functions the reports and the filtered lists use, so a
figure and the list it opens agree. ``load`` is a core job (a generator of Progress) for
the op runner; ``figures`` runs it to the end. The page asks again each time it is shown:
when no synced row was written since (the node's change counter stands still) on the same
day, the figures it has are handed back without counting anything.

Periods are calendar months and the calendar year, first and last day included. A plan's
result report is reminded of from ``REPORT_SOON_DAYS`` days before the day it is due, and
for ``REPORT_OVERDUE_DAYS`` days after it (the reminder then says it is overdue), until
the campaign report of that plan is marked as sent on the Reports page (a local mark kept
with the series of numbers, ``reports.numbers``: it changes no synced row, so the figures
are counted again when the marks change too).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from desktop.core import stats
from desktop.core.cases import listing, rules
from desktop.core.db.models import NodeState
from desktop.core.i18n import _
from desktop.core.outreach import plans
from desktop.core.profile import OpenProfile
from desktop.core.progress import Job, Progress, run_job
from desktop.core.reports import numbers

MONTHS_SHOWN = 12
REPORT_SOON_DAYS = 14
REPORT_OVERDUE_DAYS = 30


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    """The last day of *day*'s month."""
    first_next = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first_next - dt.timedelta(days=1)


def previous_month(day: dt.date) -> dt.date:
    """The first day of the month before *day*'s."""
    return month_start(month_start(day) - dt.timedelta(days=1))


def last_months(today: dt.date, count: int = MONTHS_SHOWN) -> list[dt.date]:
    """The first days of the *count* months ending with *today*'s, oldest first."""
    out = [month_start(today)]
    while len(out) < count:
        out.insert(0, previous_month(out[0]))
    return out


@dataclass(frozen=True)
class MonthFigures:
    """Outreach in one calendar month: events (drafts and final) and people reached."""

    start: dt.date
    end: dt.date
    events: int
    participants: int
    women: int
    men: int
    youth: int


@dataclass(frozen=True)
class LateTask:
    plan_id: str
    plan_number: str
    task_id: str
    position: int
    title: str
    deadline: dt.date | None


@dataclass(frozen=True)
class ReportDue:
    """A plan whose result report is due soon (``days_left`` ≥ 0) or overdue (< 0)."""

    plan_id: str
    plan_number: str
    title: str
    due_on: dt.date
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


@dataclass(frozen=True)
class Figures:
    today: dt.date
    this_month: MonthFigures
    last_month: MonthFigures
    # (first day of the month, events), the last twelve months, oldest first.
    months: list[tuple[dt.date, int]]
    year_start: dt.date
    year_end: dt.date
    # Events of the calendar year by kind code, most first.
    kinds: list[tuple[str, int]]
    late_tasks: list[LateTask]
    awaiting: int
    overdue: int
    # Live cases (every reception date) by status code, in the statuses' order.
    statuses: list[tuple[str, int]] = field(default_factory=list)
    version: int = 0  # data_version when loaded
    # Plan reports due within REPORT_SOON_DAYS or overdue by at most REPORT_OVERDUE_DAYS,
    # the most pressing first.
    reports_due: list[ReportDue] = field(default_factory=list)
    # The documents marked as sent when loaded (``numbers.sent_refs``).
    sent: frozenset[str] = frozenset()

    @property
    def events_change(self) -> int:
        return self.this_month.events - self.last_month.events

    @property
    def participants_change(self) -> int:
        return self.this_month.participants - self.last_month.participants

    @property
    def late_plans(self) -> int:
        return len({t.plan_id for t in self.late_tasks})


def _month(profile: OpenProfile, start: dt.date) -> MonthFigures:
    end = month_end(start)
    with profile.db.session(read=True) as s:
        events = stats.compute(s, start, end)["events"]
    people: dict[str, Any] = events["participants"]
    return MonthFigures(
        start,
        end,
        int(events["total"]),
        int(people["total"]),
        int(people["women"]),
        int(people["men"]),
        int(people["youth"]),
    )


def _late_tasks(profile: OpenProfile, today: dt.date) -> list[LateTask]:
    out = [
        LateTask(p.id, p.number, t.id, t.position, t.title, t.deadline)
        for p in plans.list_plans(profile)
        for t in plans.plan_progress(profile, p.id, today)
        if t.status == plans.LATE
    ]
    out.sort(key=lambda t: (t.deadline or dt.date.max, t.plan_number, t.position))
    return out


def reports_due(
    profile: OpenProfile, today: dt.date, sent: frozenset[str] | None = None
) -> list[ReportDue]:
    """The plans whose result report is due soon or overdue on *today* and not yet marked
    as sent (see the module; *sent*: ``numbers.sent_refs``, read when not given)."""
    if sent is None:
        sent = numbers.sent_refs(profile)
    out = []
    for p in plans.list_plans(profile):
        if p.report_due_on is None or f"campaign:{p.id}" in sent:
            continue
        left = (p.report_due_on - today).days
        if -REPORT_OVERDUE_DAYS <= left <= REPORT_SOON_DAYS:
            out.append(ReportDue(p.id, p.number, p.title, p.report_due_on, left))
    out.sort(key=lambda r: (r.due_on, r.plan_number))
    return out


def data_version(profile: OpenProfile) -> int:
    """A number that grows with every write of a synced row (recorded here, imported or
    generated): figures loaded at the same version on the same day are still right."""
    with profile.db.session(read=True) as s:
        return int(s.execute(select(NodeState.change_seq)).scalar_one())


def load(
    profile: OpenProfile, today: dt.date | None = None, previous: Figures | None = None
) -> Job[Figures]:
    """The dashboard's figures on *today* (a job: it yields between its steps, so a
    cancelled load stops at the next one). *previous* figures are returned as they are
    when nothing was written since they were loaded, on the same day."""
    day = today or dt.date.today()
    version = data_version(profile)
    sent = numbers.sent_refs(profile)
    if previous is not None and (previous.version, previous.today, previous.sent) == (
        version, day, sent,
    ):  # fmt: skip
        return previous
    steps = 5
    yield Progress(0, steps, _("Outreach this month"))
    this_month = _month(profile, month_start(day))
    last_month = _month(profile, previous_month(day))
    yield Progress(1, steps, _("Outreach by month"))
    # Every date at once: the months of the chart and the cases by status (of every case,
    # as the Cases list filtered by a status shows them).
    with profile.db.session(read=True) as s:
        everything = stats.compute(s)
    by_month = everything["events"]["by_month"]
    series = [(m, int(by_month.get(f"{m.year:04d}-{m.month:02d}", 0))) for m in last_months(day)]
    # The statuses' order; a status of version 0.1 still on a case (a bundle from a laptop
    # not yet updated) after them.
    order = {code: n for n, code in enumerate((*rules.STATUSES, *rules.LEGACY_STATUSES))}
    statuses = sorted(
        ((code, int(n)) for code, n in everything["cases"]["by_status"].items() if n),
        key=lambda cn: (order.get(cn[0], len(order)), cn[0]),
    )
    yield Progress(2, steps, _("Outreach by kind"))
    year_start, year_end = dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    with profile.db.session(read=True) as s:
        by_kind = stats.compute(s, year_start, year_end)["events"]["by_kind"]
    kinds = sorted(((k, int(n)) for k, n in by_kind.items() if n), key=lambda kn: (-kn[1], kn[0]))
    yield Progress(3, steps, _("Plan tasks"))
    late = _late_tasks(profile, day)
    due = reports_due(profile, day, sent)
    yield Progress(4, steps, _("Cases"))
    awaiting = listing.awaiting_count(profile)
    overdue = listing.overdue_count(profile, day)
    yield Progress(5, steps)
    return Figures(
        day, this_month, last_month, series, year_start, year_end, kinds, late,
        awaiting, overdue, statuses, version, due, sent,
    )  # fmt: skip


def figures(profile: OpenProfile, today: dt.date | None = None) -> Figures:
    """``load`` run to the end (for the CLI and tests)."""
    return run_job(load(profile, today))
