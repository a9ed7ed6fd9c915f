"""The periodic report (month, quarter, six months, year or any range) of outreach and
reception cases.

Every figure comes from ``stats.compute`` — the same call ``khien stats`` and the dashboard
make — and is only arranged and named here: kinds, agencies, gates and ethnic groups by
their reference-list names, communes by their names, statuses and channels by their labels.
Each table gives the same period of the previous year ("cùng kỳ", ``stats.previous_period``)
beside the period and the change (``change_cells``), except the overdue steps (a state of
the cases now) and, across the 2025 reform, the communes (not the same units). Tables of
persons count each person once (``stats`` "persons"); tables of cases each reception.
Tables about cases are ``suppressible`` (their counts may be printed as "<N"); tables about
outreach events are not, since they count activities, not persons.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy.orm import Session

from desktop.core import i18n, other_figures, places, refdata, stats
from desktop.core.cases import facts, rules
from desktop.core.i18n import N_, _
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

    def province(self, key: str) -> str:
        if key == stats.UNKNOWN:
            return _("Not recorded")
        return places.unit_name(self._session, int(key), places.PROVINCE)

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

# The ways of return (``stats.RETURN_WAYS``) as printed, in the law's order of the
# Ministry's report: self-returned, rescued, handed over by the foreign side.
RETURN_LABELS = {
    "self_returned": N_("Self-returned"),
    "rescued": N_("Rescued"),
    "handed_over_foreign": N_("Handed over by foreign authorities"),
    "mission_abroad": N_("Returned through a Vietnamese mission abroad"),
    "in_viet_nam": N_("Received in Viet Nam (reported, or handed over by a body conducting "
                      "proceedings)"),
}  # fmt: skip
COMPARE_WIDTHS = [0.9, 5.4, 1.7, 1.9, 1.6, 1.6]


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


def change_cells(current: int, previous: int, money: bool = False) -> list[Cell]:
    """The change from the same period of the previous year as printed: the difference
    with its sign ("+3", "-2", "0") and the percentage of the previous figure ("+12,5%",
    "—" when the previous figure is 0)."""
    diff, pct = stats.change(current, previous)
    sign = "+" if diff > 0 else "-" if diff < 0 else ""
    size = i18n.format_money(abs(diff)) if money else i18n.format_number(abs(diff))
    percent = "—" if pct is None else f"{sign}{i18n.format_number(abs(pct), 1)}%"
    return [sign + size, percent]


def compare_columns(what: str) -> list[str]:
    return [_("No."), what, _("This period"), _("Same period last year"), _("Change"),
            _("Change (%)")]  # fmt: skip


def compare_table(
    title: str,
    what: str,
    rows: list[tuple[str, int, int]],
    *,
    suppressible: bool,
    total: tuple[str, int, int] | None = None,
    money: bool = False,
) -> TableData:
    """A numbered table of (label, this period, same period last year) rows with the
    change beside each: No. | *what* | this period | same period last year | change |
    change (%); *total* is its last row (printed bold)."""
    body: list[list[Cell]] = [
        [n, label, now, before, *change_cells(now, before, money)]
        for n, (label, now, before) in enumerate(rows, start=1)
    ]
    if total is not None and body:
        label, now, before = total
        body.append([None, label, now, before, *change_cells(now, before, money)])
    return TableData(
        title, compare_columns(what), body,
        counts={4, 5} if money else {2, 3, 4, 5}, money={2, 3} if money else set(),
        total_row=total is not None and bool(body), suppressible=suppressible,
        widths=[0.9, 4.3, 2.3, 2.3, 2.3, 1.3] if money else COMPARE_WIDTHS,
        derived={4: (2, 3), 5: (2, 3)},  # the change: blank beside a hidden count
    )  # fmt: skip


def compare_breakdown(
    title: str,
    what: str,
    now: dict[str, int],
    before: dict[str, int],
    label: Callable[[str], str],
    order: Callable[[str], Any],
    *,
    suppressible: bool,
    totals: tuple[int, int] | None = None,
    total_label: str | None = None,
) -> TableData:
    """One breakdown of both periods: a row for every code either has, and a total row
    (the sums of the rows, or *totals* when the rows may add up to more)."""
    codes = sorted(set(now) | set(before), key=order)
    rows = [(label(c), now.get(c, 0), before.get(c, 0)) for c in codes]
    if totals is None:
        totals = (sum(now.values()), sum(before.values()))
    return compare_table(title, what, rows, suppressible=suppressible,
                         total=(total_label or _("Total"), *totals))  # fmt: skip


def _by_count(now: dict[str, int], before: dict[str, int],
              label: Callable[[str], str]) -> Callable[[str], Any]:  # fmt: skip
    """The largest first (this period, then the previous one), then by name; not recorded
    last."""
    from desktop.core.text import sort_key

    return lambda c: (c == stats.UNKNOWN, -now.get(c, 0), -before.get(c, 0), sort_key(label(c)))


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


def _numbered(first: int) -> Callable[[str], str]:
    counter = iter(range(first, first + 40))
    return lambda title: _("Table {n}. {title}").format(n=next(counter), title=title)


def _across_reform(date_from: dt.date, date_to: dt.date) -> bool:
    """True when the period and the same period of the previous year lie on different
    sides of the reorganisation of 1 July 2025 (their communes are not the same units)."""
    before_from, _before_to = stats.previous_period(date_from, date_to)
    return before_from < places.REFORM_DATE <= date_to


def _outreach(fig: dict[str, Any], prev: dict[str, Any], names: Names, date_from: dt.date,
              date_to: dt.date, number: str) -> Section:  # fmt: skip
    ev, pev = fig["events"], prev["events"]
    heading = f"{number}. " + _("Outreach and prevention")
    if not ev["total"] and not pev["total"]:
        return Section(heading, empty_text=_("No outreach activity was recorded in the period."))
    p, pp = ev["participants"], pev["participants"]
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
        ),  # fmt: skip
        _(
            "In the same period of the previous year, {events} activities were held, reaching "
            "{people} people."
        ).format(
            events=i18n.format_number(pev["total"]), people=i18n.format_number(pp["total"])
        ),  # fmt: skip
    ]

    def kind_name(code: str) -> str:
        return names.ref("outreach_kind", code)

    kind_order = names.ref_order("outreach_kind")
    table = _numbered(1)
    totals, ptotals = ev["kind_totals"], pev["kind_totals"]
    kinds_shown = sorted(set(totals) | set(ptotals), key=kind_order)
    zero = {"events": 0, "participants": 0, "quantity": 0}

    def measure(name: str) -> list[tuple[str, int, int]]:
        return [(kind_name(c), totals.get(c, zero)[name], ptotals.get(c, zero)[name])
                for c in kinds_shown]  # fmt: skip

    by_kind = compare_table(
        table(_("Outreach activities by kind")), _("Kind of activity"), measure("events"),
        suppressible=False, total=(_("Total"), ev["total"], pev["total"]),
    )  # fmt: skip
    people = compare_table(
        table(_("People reached by kind of activity")), _("Kind of activity"),
        [r for r, c in zip(measure("participants"), kinds_shown, strict=True)
         if kinds.fields_for(c).audience or r[1] or r[2]],
        suppressible=False, total=(_("Total"), p["total"], pp["total"]),
    )  # fmt: skip
    tables = [by_kind, people]
    quantities = [
        (_("{kind} ({unit})").format(kind=label, unit=kinds.fields_for(c).quantity_label),
         now, before)
        for (label, now, before), c in zip(measure("quantity"), kinds_shown, strict=True)
        if now or before
    ]  # fmt: skip
    if quantities:
        tables.append(compare_table(
            table(_("Quantities produced by kind of activity")), _("Kind of activity (unit)"),
            quantities, suppressible=False,
        ))  # fmt: skip
    groups_at = len(tables)
    tables.append(compare_table(
        table(_("People reached by group")), _("Group"),
        [(_("All participants"), p["total"], pp["total"]),
         (_("of whom women"), p["women"], pp["women"]),
         (_("of whom men"), p["men"], pp["men"]),
         (_("of whom young people"), p["youth"], pp["youth"])],
        suppressible=False,
    ))  # fmt: skip
    tables.append(compare_breakdown(
        table(_("Outreach activities by lead agency")), _("Lead agency"), ev["by_agency"],
        pev["by_agency"], lambda c: names.ref("agency", c), names.ref_order("agency"),
        suppressible=False,
    ))  # fmt: skip
    communes = table(_("Outreach activities by commune"))
    if _across_reform(date_from, date_to):
        tables.append(breakdown_table(
            communes, _("Commune or ward"), _("Activities"), ev["by_commune"], names.commune,
            _by_name(names.commune), suppressible=False,
        ))  # fmt: skip
    else:
        tables.append(compare_breakdown(
            communes, _("Commune or ward"), ev["by_commune"], pev["by_commune"],
            names.commune, _by_name(names.commune), suppressible=False,
        ))  # fmt: skip
    months = _months(date_from, date_to)
    charts = []
    if len(months) > 1:
        labels = [f"{m[5:]}/{m[:4]}" for m in months]
        charts.append(ChartData(_("Outreach activities by month"), labels,
                                [ev["by_month"].get(m, 0) for m in months], vertical=True,
                                after_table=groups_at))  # fmt: skip
    if ev["by_kind"]:
        charts.append(_chart(_("Outreach activities by kind"), ev["by_kind"], kind_name,
                             kind_order, after_table=0))  # fmt: skip
    return Section(heading, paragraphs, tables, charts)


def _reception(fig: dict[str, Any], prev: dict[str, Any], names: Names, home: int,
               first_table: int, number: str) -> Section:  # fmt: skip
    cs, steps, ps = fig["cases"], fig["steps"], fig["persons"]
    pcs, psteps, pps = prev["cases"], prev["steps"], prev["persons"]
    heading = f"{number}. " + _("Reception and identification of victims")
    if not (cs["total"] or any(steps.values()) or pcs["total"] or any(psteps.values())):
        return Section(heading, empty_text=_("No case was received in the period."))
    paragraphs = [
        _(
            "In the period, {cases} cases were received and {identified} persons were "
            "identified as victims of trafficking."
        ).format(
            cases=i18n.format_number(cs["total"]),
            identified=i18n.format_number(ps["identified"]),
        ),
        _(
            "The cases received are those of {persons} persons ({children} of them "
            "children); in the same period of the previous year, {before_cases} cases of "
            "{before_persons} persons were received."
        ).format(
            persons=i18n.format_number(ps["total"]),
            children=i18n.format_number(ps["children"]),
            before_cases=i18n.format_number(pcs["total"]),
            before_persons=i18n.format_number(pps["total"]),
        ),
    ]
    if ps["total"]:
        inside = ps["by_home_province"].get(str(home), 0)
        unknown = ps["by_home_province"].get(stats.UNKNOWN, 0)
        paragraphs.append(
            _("Of the persons received, {inside} have their home in {province}, {outside} in "
              "other provinces, and {unknown} have no home province recorded.").format(
                inside=i18n.format_number(inside), province=names.province(str(home)),
                outside=i18n.format_number(ps["total"] - inside - unknown),
                unknown=i18n.format_number(unknown))
        )  # fmt: skip
    table = _numbered(first_table)

    def persons(title: str, what: str, key: str, label: Callable[[str], str],
                order: Callable[[str], Any], **kw: Any) -> TableData:  # fmt: skip
        return compare_breakdown(table(title), what, ps[key], pps[key], label, order,
                                 suppressible=True, **kw)  # fmt: skip

    def cases(title: str, what: str, key: str, label: Callable[[str], str],
              order: Callable[[str], Any]) -> TableData:  # fmt: skip
        return compare_breakdown(table(title), what, cs[key], pcs[key], label, order,
                                 suppressible=True)  # fmt: skip

    def home_order(code: str) -> tuple[bool, bool, Any]:
        from desktop.core.text import sort_key

        return (code == stats.UNKNOWN, code != str(home), sort_key(names.province(code)))

    def country(code: str) -> str:
        return i18n.country_name(code) if code else _("Not recorded")

    def purpose(code: str) -> str:
        return _label(facts.PURPOSES, code)

    def way(code: str) -> str:
        return _label(RETURN_LABELS, code)

    summary = compare_table(
        table(_("Persons and cases received")), _("Figure"),
        [(_("Cases received (each reception)"), cs["total"], pcs["total"]),
         (_("Persons received (each person once)"), ps["total"], pps["total"]),
         (_("of whom children"), ps["children"], pps["children"]),
         (_("Persons identified as victims in the period"), ps["identified"],
          pps["identified"]),
         (_("Persons given support in the period"), ps["supported"], pps["supported"])],
        suppressible=True,
    )  # fmt: skip
    tables = [
        summary,
        persons(_("Persons received by sex"), _("Sex"), "by_sex",
                lambda c: _label(rules.SEXES, c), _fixed_order(rules.SEXES)),
        persons(_("Persons received by age group at reception"), _("Age at reception"),
                "by_age_group", _age_label, _fixed_order(AGE_ORDER)),
        persons(_("Persons received by ethnic group"), _("Ethnic group"), "by_ethnic_group",
                lambda c: names.ref("ethnic_group", c), names.ref_order("ethnic_group")),
        persons(_("Persons received by home province"), _("Home province"),
                "by_home_province", names.province, home_order),
        persons(_("Persons received by destination country"), _("Country of destination"),
                "by_destination", country,
                _by_count(ps["by_destination"], pps["by_destination"], country)),
        persons(_("Persons received by purpose of trafficking"), _("Purpose of trafficking"),
                "by_purpose", purpose, _fixed_order(facts.PURPOSES),
                totals=(ps["total"], pps["total"]),
                total_label=_("Persons received (each person once)")),
        persons(_("Persons received by way of return"), _("Way of return"), "by_return", way,
                _fixed_order(RETURN_LABELS)),
        cases(_("Cases received by how they started"), _("How the case started"), "by_channel",
              channel_name, _fixed_order(CHANNEL_ORDER)),
        cases(_("Cases received by border gate"), _("Border gate"), "by_border_gate",
              lambda c: names.ref("border_gate", c) if c else _("Not through a border gate"),
              names.ref_order("border_gate")),
        cases(_("Cases received by legal regime"), _("Legal regime"), "by_regime",
              lambda c: _label(rules.REGIMES, c), _fixed_order(rules.REGIMES)),
        cases(_("Present status of the cases received"), _("Status"), "by_status",
              status_name, _fixed_order(STATUS_ORDER)),
    ]  # fmt: skip
    channel_at, status_at = 8, 11
    legacy = [c for c in rules.LEGACY_STATUSES if steps.get(c) or psteps.get(c)]
    tables.append(compare_table(
        table(_("Steps taken on cases in the period")), _("Step"),
        [(status_name(c), steps.get(c, 0), psteps.get(c, 0)) for c in (*STEP_ROWS, *legacy)],
        suppressible=True,
    ))  # fmt: skip
    charts = []
    if cs["by_channel"]:
        charts.append(_chart(_("Cases received by how they started"), cs["by_channel"],
                             channel_name, _fixed_order(CHANNEL_ORDER), suppressible=True,
                             after_table=channel_at))  # fmt: skip
    if cs["by_status"]:
        charts.append(_chart(_("Present status of the cases received"), cs["by_status"],
                             status_name, _fixed_order(STATUS_ORDER), kind="pie",
                             suppressible=True, after_table=status_at))  # fmt: skip
    return Section(heading, paragraphs, tables, charts)


def _age_label(code: str) -> str:
    if code == stats.AGE_UNKNOWN:
        return _("Age not known")
    if code == stats.AGE_OLDEST:
        return _("50 and over")
    low, high = code.split("-")
    return _("{low} to {high}").format(low=low, high=high)


def _support(fig: dict[str, Any], prev: dict[str, Any], first_table: int,
             number: str) -> Section:  # fmt: skip
    sup, shelter, refs = fig["support"], fig["shelter"], fig["referrals"]
    psup, pshelter, prefs = prev["support"], prev["shelter"], prev["referrals"]
    heading = f"{number}. " + _("Support, shelter and referral")

    def nothing(sup: dict[str, Any], shelter: dict[str, Any], refs: dict[str, Any]) -> bool:
        return not (sup["count"] or shelter["admitted"] or shelter["discharged"]
                    or shelter["staying_at_end"] or refs["total"])  # fmt: skip

    if nothing(sup, shelter, refs) and nothing(psup, pshelter, prefs):
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
        ),  # fmt: skip
        _(
            "In the same period of the previous year, support worth {amount} was given {times} "
            "times."
        ).format(
            amount=i18n.format_money(psup["amount"]), times=i18n.format_number(psup["count"])
        ),  # fmt: skip
    ]
    table = _numbered(first_table)
    by_type, pby_type = sup["by_type"], psup["by_type"]
    types = sorted(set(by_type) | set(pby_type), key=_fixed_order(rules.ALL_SUPPORT_TYPES))
    none = {"count": 0, "amount": 0}

    def measure(name: str) -> list[tuple[str, int, int]]:
        # the 2011 law's types under their own names
        return [(rules.support_label(c), by_type.get(c, none)[name], pby_type.get(c, none)[name])
                for c in types]  # fmt: skip

    tables = [
        compare_table(table(_("Support given by type: times given")), _("Type of support"),
                      measure("count"), suppressible=True,
                      total=(_("Total"), sup["count"], psup["count"])),
        compare_table(table(_("Support given by type: amounts")), _("Type of support"),
                      measure("amount"), suppressible=False, money=True,
                      total=(_("Total"), sup["amount"], psup["amount"])),
        compare_table(table(_("Shelter stays")), _("Shelter stays"),
                      [(_("Admitted in the period"), shelter["admitted"], pshelter["admitted"]),
                       (_("Discharged in the period"), shelter["discharged"],
                        pshelter["discharged"]),
                       (_("Staying at the end of the period"), shelter["staying_at_end"],
                        pshelter["staying_at_end"])],
                      suppressible=True),
    ]  # fmt: skip
    if shelter["by_facility"] or pshelter["by_facility"]:
        tables.append(compare_breakdown(
            table(_("Admissions by facility")), _("Facility"), shelter["by_facility"],
            pshelter["by_facility"], lambda c: c or _("Not recorded"), _by_name(lambda c: c),
            suppressible=True,
        ))  # fmt: skip
    tables.append(compare_breakdown(
        table(_("Referrals by agency referred to")), _("Agency referred to"), refs["by_agency"],
        prefs["by_agency"], lambda c: c or _("Not recorded"), _by_name(lambda c: c),
        suppressible=True,
    ))  # fmt: skip
    return Section(heading, paragraphs, tables)


def _other_bodies(fig: dict[str, Any], prev: dict[str, Any], first_table: int,
                  number: str) -> Section:  # fmt: skip
    """The figures other bodies gave (``other_figures``), printed as given: this period's
    and the same period last year's, and the source of every entry counted."""
    now, before = fig["other_bodies"], prev["other_bodies"]
    heading = f"{number}. " + _("Figures reported by other bodies")
    codes = [c for c in other_figures.FIGURES if c in now["by_figure"] or c in before["by_figure"]]
    partial = now["partial"]
    if not codes and not partial:
        return Section(heading, empty_text=_(
            "No figure from another body (police, procuracy, court) was entered for this "
            "period or the same period last year."))  # fmt: skip
    table = _numbered(first_table)

    def value(part: dict[str, Any], code: str) -> int | None:
        given = part["by_figure"].get(code)
        return None if given is None else int(given["value"])

    # A figure not given for a period is "—", not 0: no body said it was nought.
    rows: list[list[Cell]] = []
    for n, code in enumerate(codes, start=1):
        a, b = value(now, code), value(before, code)
        change = change_cells(a, b) if a is not None and b is not None else [None, None]
        rows.append([n, other_figures.figure_name(code), NOT_GIVEN if a is None else a,
                     NOT_GIVEN if b is None else b, *change])  # fmt: skip
    paragraphs = [_(
        "These figures are those the bodies named reported to the Steering Committee, as "
        "the provincial office entered them; Khiên does not compute them. “—” means no "
        "figure was given for that period."
    )]  # fmt: skip
    tables = []
    if rows:
        tables.append(TableData(
            table(_("Figures reported by other bodies")), compare_columns(_("Figure")), rows,
            counts={2, 3, 4, 5}, suppressible=False, widths=COMPARE_WIDTHS,
        ))  # fmt: skip
    sources: list[list[Cell]] = []
    for part in (now, before):
        for code in codes:
            for e in part["by_figure"].get(code, {}).get("entries", []):
                sources.append(_source_row(len(sources) + 1, e, ""))
    for e in partial:
        sources.append(_source_row(len(sources) + 1, e, _("not counted: covers days outside "
                                                            "the period")))  # fmt: skip
    tables.append(TableData(
        table(_("Sources of the figures reported by other bodies")),
        [_("No."), _("Figure"), _("Days covered"), _("Figure given"), _("Source")], sources,
        counts={3}, suppressible=False, widths=[0.9, 3.2, 2.6, 1.6, 4.6],
    ))  # fmt: skip
    return Section(heading, paragraphs, tables)


NOT_GIVEN = "—"


def _source_row(n: int, entry: dict[str, Any], remark: str) -> list[Cell]:
    start = dt.date.fromisoformat(entry["period_start"])
    end = dt.date.fromisoformat(entry["period_end"])
    source = other_figures.source_text(entry["source_body"], entry["source_document"],
                                       dt.date.fromisoformat(entry["source_date"]))  # fmt: skip
    if remark:
        source = f"{source} ({remark})"
    days = _("{start} to {end}").format(start=i18n.format_date(start), end=i18n.format_date(end))
    return [n, other_figures.figure_name(entry["figure"]), days, int(entry["value"]), source]


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
    """The report's figures: exactly ``stats.compute`` over the period, with the same period
    of the previous year under ``"previous"`` (as ``khien stats --json`` gives them)."""
    with opened.db.session(read=True) as s:
        return stats.compute(s, date_from, date_to, today, compare=True)


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
    prev = fig["previous"]
    home = opened.node.province_code
    with opened.db.session(read=True) as s:
        names = Names(s)
        outreach = _outreach(fig, prev, names, date_from, date_to, ROMAN[0])
        first = len(outreach.tables) + 1
        reception = _reception(fig, prev, names, home, first, ROMAN[1])
        first += len(reception.tables)
        support = _support(fig, prev, first, ROMAN[2])
        first += len(support.tables)
        others = _other_bodies(fig, prev, first, ROMAN[3])
        overdue = _overdue(fig, first + len(others.tables), ROMAN[4])
        home_name = names.province(str(home))
    before_from, before_to = stats.previous_period(date_from, date_to)
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
        _("“Same period last year” is {start} to {end}; the change is this period's figure "
          "less that one, and its percentage of that one (“—” when it was 0).").format(
            start=i18n.format_date(before_from), end=i18n.format_date(before_to)),
        _("Tables of persons count each person once, with the facts of their first "
          "reception in the period; tables of cases count each reception, so a person "
          "received twice is one person and two cases."),
        _("A person may have been trafficked for several purposes and is then counted under "
          "each: the rows of the table by purpose add up to more than the persons received."),
        _("Ways of return (Law No. 53/2024/QH15): self-returned, Art. 30(3); rescued, Art. "
          "28; handed over by foreign authorities at the border, Art. 30(2); returned through "
          "a Vietnamese mission abroad, Art. 30(1); received in Viet Nam: reported by the "
          "person or their legal representative, Art. 27, or handed over by a body "
          "conducting proceedings, Art. 32(1)(a)."),
        _("The home province is the one recorded for the person; “{province}” is this "
          "province.").format(province=home_name),
        _("Overdue steps are the cases as they stand now: they have no same period last "
          "year."),
    ]  # fmt: skip
    if fig["other_bodies"]["by_figure"] or fig["other_bodies"]["partial"]:
        notes.append(_("A figure reported by another body is counted when the days it covers "
                       "lie within the period; figures for parts of the period are added "
                       "up."))  # fmt: skip
    if _across_reform(date_from, date_to):
        notes.append(_("The communes were reorganised on 1 July 2025: activities by commune "
                       "are not compared with the same period last year."))  # fmt: skip
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
        or fig["other_bodies"]["by_figure"]
    )  # fmt: skip
    return ReportContent(
        kind="period",
        title=title,
        sections=[outreach, reception, support, others, overdue],
        notes=notes,
        empty=empty,
        empty_text=_(
            "No outreach activity, case, support or referral was recorded from {start} to "
            "{end}: there is nothing to report for this period."
        ).format(start=i18n.format_date(date_from), end=i18n.format_date(date_to)),
        doc_type=_("Report"),
    )
