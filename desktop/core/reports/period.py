"""The periodic report (month, quarter, six months, year or any range) of outreach and
reception cases.

Every figure comes from ``stats.compute`` — the same call ``khien stats`` and the dashboard
make — and is only arranged and named here: kinds, agencies, gates and ethnic groups by
their reference-list names, communes by their names, statuses and channels by their labels.
Tables about cases are ``suppressible`` (their counts may be printed as "<N"); tables about
outreach events are not, since they count activities, not persons.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy.orm import Session

from desktop.core import i18n, places, refdata, stats
from desktop.core.cases import rules
from desktop.core.i18n import _
from desktop.core.outreach import kinds
from desktop.core.profile import OpenProfile
from desktop.core.reports.content import Cell, ChartData, ReportContent, Section, TableData

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
AGE_ORDER = [label for label, _lo, _hi in stats.AGE_GROUPS] + [stats.AGE_OLDEST, stats.AGE_UNKNOWN]
# The steps table: the steps that conclude something, in the workflow's order. A
# step of version 0.1 ("supported": support is a record now, not a step) is shown, under
# its legacy label, only in a period where old history has one.
STEP_ROWS = (rules.IDENTIFIED, rules.NOT_VICTIM, rules.REFERRED, rules.HANDED_OVER,
             rules.REINTEGRATED, rules.FOLLOWED_UP, rules.CLOSED)  # fmt: skip
STATUS_ORDER = (*rules.STATUSES, *rules.LEGACY_STATUSES)
CHANNEL_ORDER = (*rules.CHANNELS, *rules.LEGACY_CHANNELS)


# -- the period's name -------------------------------------------------------------------


def _month_end(day: dt.date) -> dt.date:
    nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)


def period_phrase(date_from: dt.date, date_to: dt.date) -> str:
    """How the title names the period: "tháng 07 năm 2026", "quý III năm 2026", "6 tháng
    đầu năm 2026", "năm 2026", else "từ ngày 01/07/2026 đến ngày 15/08/2026"."""
    y = date_from.year
    whole_months = date_from.day == 1 and date_to == _month_end(date_to)
    if whole_months and date_to.year == y:
        first, last = date_from.month, date_to.month
        if first == last:
            return _("month {month} of {year}").format(month=f"{first:02d}", year=y)
        if (first, last) == (1, 12):
            return _("the year {year}").format(year=y)
        if (first, last) == (1, 6):
            return _("the first six months of {year}").format(year=y)
        if (first, last) == (7, 12):
            return _("the last six months of {year}").format(year=y)
        if (first - 1) % 3 == 0 and last == first + 2:
            return _("quarter {quarter} of {year}").format(quarter=ROMAN[first // 3], year=y)
        if first == 1 and last == 9:
            return _("the first nine months of {year}").format(year=y)
    return _("the period from {start} to {end}").format(
        start=i18n.format_date(date_from), end=i18n.format_date(date_to)
    )


# -- names ---------------------------------------------------------------------------------


class Names:
    """Display names of the codes a report prints, in the current language."""

    def __init__(self, session: Session) -> None:
        lang = i18n.language()
        self._ref: dict[str, dict[str, str]] = {}
        self._order: dict[str, dict[str, int]] = {}
        for kind in ("agency", "border_gate", "ethnic_group", "outreach_kind"):
            found = refdata.items(session, kind, include_inactive=True)
            self._ref[kind] = {i.code: refdata.display_name(i, lang) for i in found}
            self._order[kind] = {i.code: n for n, i in enumerate(found)}
        self._session = session
        self._communes: dict[str, str] = {}

    def ref(self, kind: str, code: str) -> str:
        if code == stats.UNKNOWN:
            return _("Not recorded")
        return self._ref[kind].get(code, code)

    def ref_order(self, kind: str) -> Callable[[str], tuple[int, int, str]]:
        order = self._order[kind]
        return lambda code: (code == stats.UNKNOWN, order.get(code, len(order)), code)

    def commune(self, key: str) -> str:
        if key == stats.UNKNOWN:
            return _("Not recorded")
        if key not in self._communes:
            if key.startswith(stats.LEGACY_PREFIX):
                code = int(key.removeprefix(stats.LEGACY_PREFIX))
                name = places.unit_name(self._session, code, places.LEGACY_COMMUNE)
                self._communes[key] = _("{name} (former)").format(name=name)
            else:
                self._communes[key] = places.unit_name(self._session, int(key))
        return self._communes[key]


def _label(table: dict[str, str], code: str) -> str:
    if code == stats.UNKNOWN:
        return _("Not recorded")
    return _(table[code]) if code in table else code


def status_name(code: str) -> str:
    """A status, or a step, as printed (a status of version 0.1 under its legacy label)."""
    return _("Not recorded") if code == stats.UNKNOWN else rules.status_label(code)


def channel_name(code: str) -> str:
    """How a case started (a channel of version 0.1 under its legacy label)."""
    return _label({**rules.CHANNELS, **rules.LEGACY_CHANNELS}, code)


def _fixed_order(keys: Iterable[str]) -> Callable[[str], tuple[int, int, str]]:
    order = {k: n for n, k in enumerate(keys)}
    return lambda code: (code == stats.UNKNOWN, order.get(code, len(order)), code)


def _by_name(label: Callable[[str], str]) -> Callable[[str], tuple[bool, str]]:
    from desktop.core.text import sort_key

    return lambda code: (code == stats.UNKNOWN, sort_key(label(code)))


# -- tables ----------------------------------------------------------------------------------


def breakdown_table(
    title: str,
    what: str,
    counted: str,
    breakdown: dict[str, int],
    label: Callable[[str], str],
    order: Callable[[str], Any],
    *,
    suppressible: bool,
    total: int | None = None,
) -> TableData:
    """A numbered table of one breakdown with a total row: No. | *what* | *counted*."""
    rows: list[list[Cell]] = []
    for n, code in enumerate(sorted(breakdown, key=order), start=1):
        rows.append([n, label(code), breakdown[code]])
    if rows:
        rows.append([None, _("Total"), sum(breakdown.values()) if total is None else total])
    return TableData(
        title, [_("No."), what, counted], rows, counts={2}, total_row=bool(rows),
        suppressible=suppressible, widths=[0.9, 7.0, 2.4],
    )  # fmt: skip


def _chart(title: str, breakdown: dict[str, int], label: Callable[[str], str],
           order: Callable[[str], Any], **kw: Any) -> ChartData:  # fmt: skip
    keys = sorted(breakdown, key=order)
    return ChartData(title, [label(k) for k in keys], [breakdown[k] for k in keys], **kw)


def _months(date_from: dt.date, date_to: dt.date) -> list[str]:
    out, day = [], date_from.replace(day=1)
    while day <= date_to:
        out.append(f"{day.year:04d}-{day.month:02d}")
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return out


def _outreach(fig: dict[str, Any], names: Names, date_from: dt.date, date_to: dt.date,
              number: str) -> Section:  # fmt: skip
    ev = fig["events"]
    heading = f"{number}. " + _("Outreach and prevention")
    if not ev["total"]:
        return Section(heading, empty_text=_("No outreach activity was recorded in the period."))
    p = ev["participants"]
    paragraphs = [
        _(
            "In the period, {events} outreach activities were held, reaching {people} people "
            "({women} women, {men} men and {youth} young people, as recorded)."
        ).format(
            events=i18n.format_number(ev["total"]),
            people=i18n.format_number(p["total"]),
            women=i18n.format_number(p["women"]),
            men=i18n.format_number(p["men"]),
            youth=i18n.format_number(p["youth"]),
        )  # fmt: skip
    ]

    def kind_name(code: str) -> str:
        return names.ref("outreach_kind", code)

    kind_order = names.ref_order("outreach_kind")
    rows: list[list[Cell]] = []
    totals = ev["kind_totals"]
    for n, code in enumerate(sorted(totals, key=kind_order), start=1):
        t = totals[code]
        fields = kinds.fields_for(code)
        unit = fields.quantity_label if t["quantity"] else ""
        people = t["participants"] if fields.audience or t["participants"] else None
        rows.append([n, kind_name(code), t["events"], people, t["quantity"] or None, unit])
    rows.append([None, _("Total"), ev["total"], p["total"], None, None])
    by_kind = TableData(
        _("Table {n}. {title}").format(n=1, title=_("Outreach activities by kind")),
        [_("No."), _("Kind of activity"), _("Activities"), _("People reached"), _("Quantity"),
         _("What the quantity counts")],
        rows, counts={2, 3, 4}, total_row=True, suppressible=False,
        widths=[0.9, 4.6, 1.9, 1.9, 1.6, 3.6],
    )  # fmt: skip
    groups = TableData(
        _("Table {n}. {title}").format(n=2, title=_("People reached by group")),
        [_("No."), _("Group"), _("People reached")],
        [[1, _("All participants"), p["total"]], [2, _("of whom women"), p["women"]],
         [3, _("of whom men"), p["men"]], [4, _("of whom young people"), p["youth"]]],
        counts={2}, suppressible=False, widths=[0.9, 7.0, 2.4],
    )  # fmt: skip
    by_agency = breakdown_table(
        _("Table {n}. {title}").format(n=3, title=_("Outreach activities by lead agency")), _("Lead agency"),
        _("Activities"), ev["by_agency"], lambda c: names.ref("agency", c),
        names.ref_order("agency"), suppressible=False,
    )  # fmt: skip
    by_commune = breakdown_table(
        _("Table {n}. {title}").format(n=4, title=_("Outreach activities by commune")), _("Commune or ward"),
        _("Activities"), ev["by_commune"], names.commune, _by_name(names.commune),
        suppressible=False,
    )  # fmt: skip
    months = _months(date_from, date_to)
    charts = []
    if len(months) > 1:
        labels = [f"{m[5:]}/{m[:4]}" for m in months]
        charts.append(ChartData(_("Outreach activities by month"), labels,
                                [ev["by_month"].get(m, 0) for m in months], vertical=True,
                                after_table=1))  # fmt: skip
    charts.append(_chart(_("Outreach activities by kind"), ev["by_kind"], kind_name, kind_order,
                         after_table=0))  # fmt: skip
    return Section(heading, paragraphs, [by_kind, groups, by_agency, by_commune], charts)


def _reception(fig: dict[str, Any], names: Names, first_table: int, number: str) -> Section:
    cs, steps = fig["cases"], fig["steps"]
    heading = f"{number}. " + _("Reception and identification of victims")
    if not cs["total"] and not any(steps.values()):
        return Section(heading, empty_text=_("No case was received in the period."))
    paragraphs = [
        _(
            "In the period, {cases} cases were received and {identified} persons were "
            "identified as victims of trafficking."
        ).format(
            cases=i18n.format_number(cs["total"]),
            identified=i18n.format_number(steps.get(rules.IDENTIFIED, 0)),
        )
    ]
    n = iter(range(first_table, first_table + 20))

    def table(title: str, what: str, key: str, label: Callable[[str], str],
              order: Callable[[str], Any]) -> TableData:  # fmt: skip
        return breakdown_table(
            _("Table {n}. {title}").format(n=next(n), title=title), what, _("Cases"), cs[key],
            label, order, suppressible=True,
        )  # fmt: skip

    channel, status = channel_name, status_name
    minors = cs.get("by_minor", {})
    if minors.get(stats.CHILD):
        paragraphs.append(
            _("Of the cases received, {children} were children (under 18 at reception, or "
              "presumed so while their age is uncertain).").format(
                children=i18n.format_number(minors[stats.CHILD]))
        )  # fmt: skip
    tables = [
        table(_("Cases received by how they started"), _("How the case started"), "by_channel",
              channel, _fixed_order(CHANNEL_ORDER)),
        table(_("Cases received by border gate"), _("Border gate"), "by_border_gate",
              lambda c: names.ref("border_gate", c) if c else _("Not through a border gate"),
              names.ref_order("border_gate")),
        table(_("Cases received by sex"), _("Sex"), "by_sex", lambda c: _label(rules.SEXES, c),
              _fixed_order(rules.SEXES)),
        table(_("Cases received by age group"), _("Age at reception"), "by_age_group",
              _age_label, _fixed_order(AGE_ORDER)),
        table(_("Cases received by ethnic group"), _("Ethnic group"), "by_ethnic_group",
              lambda c: names.ref("ethnic_group", c), names.ref_order("ethnic_group")),
        table(_("Cases received by legal regime"), _("Legal regime"), "by_regime",
              lambda c: _label(rules.REGIMES, c), _fixed_order(rules.REGIMES)),
        table(_("Present status of the cases received"), _("Status"), "by_status", status,
              _fixed_order(STATUS_ORDER)),
    ]  # fmt: skip
    shown = [*STEP_ROWS, *(code for code in rules.LEGACY_STATUSES if steps.get(code))]
    step_rows: list[list[Cell]] = [
        [i, status_name(code), steps.get(code, 0)] for i, code in enumerate(shown, start=1)
    ]
    tables.append(
        TableData(
            _("Table {n}. {title}").format(
                n=next(n), title=_("Steps taken on cases in the period")
            ),
            [_("No."), _("Step"), _("Cases")],
            step_rows,
            counts={2},
            suppressible=True,
            widths=[0.9, 7.0, 2.4],
        )  # fmt: skip
    )
    charts = [
        _chart(_("Cases received by how they started"), cs["by_channel"], channel,
               _fixed_order(CHANNEL_ORDER), suppressible=True, after_table=0),
        _chart(_("Present status of the cases received"), cs["by_status"], status,
               _fixed_order(STATUS_ORDER), kind="pie", suppressible=True, after_table=6),
    ]  # fmt: skip
    return Section(heading, paragraphs, tables, charts)


def _age_label(code: str) -> str:
    if code == stats.AGE_UNKNOWN:
        return _("Age not known")
    if code == stats.AGE_OLDEST:
        return _("50 and over")
    low, high = code.split("-")
    return _("{low} to {high}").format(low=low, high=high)


def _support(fig: dict[str, Any], first_table: int, number: str) -> Section:
    sup, shelter, refs = fig["support"], fig["shelter"], fig["referrals"]
    heading = f"{number}. " + _("Support, shelter and referral")
    if not sup["count"] and not shelter["admitted"] and not shelter["discharged"] and not (
        shelter["staying_at_end"]) and not refs["total"]:  # fmt: skip
        return Section(heading, empty_text=_("No support, shelter stay or referral was "
                                             "recorded in the period."))  # fmt: skip
    paragraphs = [
        _(
            "Support was given {times} times to {cases} cases, worth {amount} in total; "
            "{admitted} persons were admitted to a shelter and {referred} referrals were made "
            "for {referred_cases} cases."
        ).format(
            times=i18n.format_number(sup["count"]),
            cases=i18n.format_number(sup["cases"]),
            amount=i18n.format_money(sup["amount"]),
            admitted=i18n.format_number(shelter["admitted"]),
            referred=i18n.format_number(refs["total"]),
            referred_cases=i18n.format_number(refs.get("cases", 0)),
        )  # fmt: skip
    ]
    n = iter(range(first_table, first_table + 10))
    rows: list[list[Cell]] = []
    by_type = sup["by_type"]
    for i, code in enumerate(sorted(by_type, key=_fixed_order(rules.ALL_SUPPORT_TYPES)), start=1):
        label = rules.support_label(code)  # the 2011 law's types under their own names
        rows.append([i, label, by_type[code]["count"], by_type[code]["amount"]])
    if rows:
        rows.append([None, _("Total"), sup["count"], sup["amount"]])
    support = TableData(
        _("Table {n}. {title}").format(n=next(n), title=_("Support given by type")),
        [_("No."), _("Type of support"), _("Times given"), _("Amount")], rows,
        counts={2}, money={3}, total_row=bool(rows), suppressible=True,
        widths=[0.9, 5.6, 1.8, 2.6],
    )  # fmt: skip
    stays = TableData(
        _("Table {n}. {title}").format(n=next(n), title=_("Shelter stays")),
        [_("No."), _("Shelter stays"), _("Persons")],
        [[1, _("Admitted in the period"), shelter["admitted"]],
         [2, _("Discharged in the period"), shelter["discharged"]],
         [3, _("Staying at the end of the period"), shelter["staying_at_end"]]],
        counts={2}, suppressible=True, widths=[0.9, 7.0, 2.4],
    )  # fmt: skip
    tables = [support, stays]
    if shelter["by_facility"]:
        tables.append(breakdown_table(
            _("Table {n}. {title}").format(n=next(n), title=_("Admissions by facility")),
            _("Facility"), _("Persons"), shelter["by_facility"],
            lambda c: c or _("Not recorded"), _by_name(lambda c: c), suppressible=True,
        ))  # fmt: skip
    tables.append(breakdown_table(
        _("Table {n}. {title}").format(n=next(n), title=_("Referrals by agency referred to")),
        _("Agency referred to"), _("Referrals"), refs["by_agency"],
        lambda c: c or _("Not recorded"), _by_name(lambda c: c), suppressible=True,
    ))  # fmt: skip
    return Section(heading, paragraphs, tables)


def _overdue(fig: dict[str, Any], first_table: int, number: str) -> Section:
    od = fig["overdue"]
    as_of = dt.date.fromisoformat(od["as_of"])
    heading = f"{number}. " + _("Overdue steps")
    if not od["total"]:
        return Section(heading, empty_text=_("No case step was overdue on {date}.").format(
            date=i18n.format_date(as_of)))  # fmt: skip
    paragraphs = [
        _("On {date}, {n} open cases had a step past its deadline.").format(
            date=i18n.format_date(as_of), n=i18n.format_number(od["total"]))
    ]  # fmt: skip
    table = breakdown_table(
        _("Table {n}. {title}").format(n=first_table, title=_("Overdue steps by status")),
        _("Status waiting for its next step"), _("Cases"), od["by_status"],
        status_name, _fixed_order(STATUS_ORDER), suppressible=True,
    )  # fmt: skip
    return Section(heading, paragraphs, [table])


def figures(opened: OpenProfile, date_from: dt.date, date_to: dt.date,
            today: dt.date | None = None) -> dict[str, Any]:  # fmt: skip
    """The report's figures: exactly ``stats.compute`` over the period."""
    with opened.db.session() as s:
        return stats.compute(s, date_from, date_to, today)


def build(
    opened: OpenProfile, date_from: dt.date, date_to: dt.date, today: dt.date | None = None
) -> ReportContent:
    """The periodic report's content in the current language."""
    fig = figures(opened, date_from, date_to, today)
    return content_from(opened, fig, date_from, date_to)


def content_from(
    opened: OpenProfile, fig: dict[str, Any], date_from: dt.date, date_to: dt.date
) -> ReportContent:
    """The content for figures already computed (the benchmark times the two apart)."""
    phrase = period_phrase(date_from, date_to)
    title = _("Results of the work against human trafficking in {period}").format(period=phrase)
    with opened.db.session() as s:
        names = Names(s)
        outreach = _outreach(fig, names, date_from, date_to, ROMAN[0])
        first = len(outreach.tables) + 1
        reception = _reception(fig, names, first, ROMAN[1])
        first += len(reception.tables)
        support = _support(fig, first, ROMAN[2])
        overdue = _overdue(fig, first + len(support.tables), ROMAN[3])
    intro = _(
        "This report gives the figures of outreach and of the reception of victims from "
        "{start} to {end}, as recorded in Khiên."
    ).format(start=i18n.format_date(date_from), end=i18n.format_date(date_to))
    outreach.paragraphs.insert(0, intro)
    notes = [
        _("Figures cover {start} to {end}, both days included; deleted records are not "
          "counted.").format(start=i18n.format_date(date_from), end=i18n.format_date(date_to)),
        _("Participants are counted as recorded for each activity: a person who attended "
          "two activities is counted twice."),
        _("Cases are counted by their date of reception; steps, support, shelter stays and "
          "referrals by the date they happened; the status is the present one."),
        _("Ages are the age at reception; a person whose age is uncertain is presumed a "
          "child and counted among the children, in the youngest group their age allows."),
        _("A support entry cancelled by a correction is not counted, nor is its correction."),
    ]  # fmt: skip
    if any(fig["steps"].get(code) for code in rules.LEGACY_STATUSES):
        notes.append(_("A step marked as recorded before version 0.2 is one of the old "
                       "workflow, kept as it was recorded."))  # fmt: skip
    if any(k.startswith(stats.LEGACY_PREFIX) for k in fig["events"]["by_commune"]):
        notes.append(_("A commune marked “(former)” is a unit as it was before the "
                       "reorganisation of 1 July 2025: activities held before that day are "
                       "counted under it."))  # fmt: skip
    # Empty: nothing happened in the period (persons still in a shelter and steps overdue
    # are states carried over, not work of the period).
    empty = not (
        fig["events"]["total"] or fig["cases"]["total"] or any(fig["steps"].values())
        or fig["support"]["count"] or fig["shelter"]["admitted"]
        or fig["shelter"]["discharged"] or fig["referrals"]["total"]
    )  # fmt: skip
    return ReportContent(
        kind="period",
        title=title,
        sections=[outreach, reception, support, overdue],
        notes=notes,
        empty=empty,
        empty_text=_(
            "No outreach activity, case, support or referral was recorded from {start} to "
            "{end}: there is nothing to report for this period."
        ).format(start=i18n.format_date(date_from), end=i18n.format_date(date_to)),
        doc_type=_("Report"),
    )
