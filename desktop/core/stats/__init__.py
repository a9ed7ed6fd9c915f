"""The statistics every report and the dashboard take their figures from (DESIGN.md §6).

``compute`` returns one plain dict: counts of outreach events and reception cases over an
inclusive date range, each broken down by stable codes. Every breakdown adds up to its
total: a missing value is counted under ``UNKNOWN`` (the empty string) rather than dropped.
Tombstoned rows are never counted. The queries are portable SQLAlchemy Core.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, Executable, String, case, cast, extract, func, literal, select
from sqlalchemy.orm import Session, aliased

from desktop.core import other_figures
from desktop.core.db.models import OutreachEvent, Person, ReceptionCase
from desktop.core.db.models_cases import CaseTransition, Referral, ShelterStay, SupportEntry
from desktop.core.places import REFORM_DATE

UNKNOWN = ""
AGE_UNKNOWN = "unknown"
# (label, lowest age, highest age); "0-15" and "16-17" together are the children.
AGE_GROUPS = (("0-15", 0, 15), ("16-17", 16, 17), ("18-29", 18, 29), ("30-49", 30, 49))
AGE_OLDEST = "50+"
CHILD_AGE = 18
# The breakdown of cases into children (under 18 at reception, or presumed so: Law 53/2024,
# Art. 2(1), and the presumption of minority) and adults.
CHILD, ADULT = "child", "adult"


def _key(value: Any) -> str:
    if value is None or value == "":
        return UNKNOWN
    return str(value)


def _fold_groups(
    session: Session,
    query: Executable,
    names: tuple[str, ...],
    key: Callable[[str, Any], str] | None = None,
    multi: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """One grouped query (group columns first, count last) folded into a breakdown per
    name; None and "" share the UNKNOWN bucket, so each breakdown adds up to the total —
    except those named in *multi*, whose value is several space-separated codes, each
    counted (a row with several codes adds to several buckets)."""
    out: dict[str, dict[str, int]] = {name: {} for name in names}
    total = 0
    for *keys, count in session.execute(query):
        n = int(count)
        total += n
        for name, value in zip(names, keys, strict=True):
            bucket = out[name]
            if name in multi:
                for k in str(value or "").split() or [UNKNOWN]:
                    bucket[k] = bucket.get(k, 0) + n
                continue
            k = key(name, value) if key else _key(value)
            bucket[k] = bucket.get(k, 0) + n
    result: dict[str, Any] = {"total": total}
    result.update({name: dict(sorted(b.items())) for name, b in out.items()})
    return result


def _between(
    column: Any, date_from: dt.date | None, date_to: dt.date | None
) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if date_from is not None:
        conds.append(column >= date_from)
    if date_to is not None:
        conds.append(column <= date_to)
    return conds


def _events(session: Session, date_from: dt.date | None, date_to: dt.date | None) -> dict[str, Any]:
    """Three grouped queries, each with few groups: (kind, lead agency) with the sums of the
    audience and quantity columns, which gives the kinds, the agencies and the participants;
    the commune key and the month, each a scan of a covering index. (Grouping by every
    column at once made nearly one group per event, folded in Python: three times slower
    over a year of a province.)"""
    where = [OutreachEvent.deleted.is_(False), *_between(OutreachEvent.held_on, date_from, date_to)]
    total, by_kind, by_agency, participants, kind_totals = _kinds_and_agencies(session, where)
    commune = commune_key(OutreachEvent.commune_code, OutreachEvent.held_on)
    by_commune = _counts(session, select(commune, func.count()).where(*where).group_by(commune))
    year, month = extract("year", OutreachEvent.held_on), extract("month", OutreachEvent.held_on)
    by_month: dict[str, int] = {}
    for y, m, n in session.execute(
        select(year, month, func.count()).where(*where).group_by(year, month)
    ):
        by_month[f"{int(y):04d}-{int(m):02d}"] = int(n)
    return {
        "total": total,
        "by_kind": by_kind,
        "by_commune": by_commune,
        "by_agency": by_agency,
        "by_month": dict(sorted(by_month.items())),
        "participants": participants,
        "kind_totals": kind_totals,
    }


def _counts(session: Session, query: Executable) -> dict[str, int]:
    """(key, count) rows as a breakdown; None and "" share the UNKNOWN bucket."""
    out: dict[str, int] = {}
    for key, n in session.execute(query):
        k = _key(key)
        out[k] = out.get(k, 0) + int(n)
    return dict(sorted(out.items()))


PARTICIPANT_GROUPS = ("total", "women", "men", "youth")


def _kinds_and_agencies(
    session: Session, where: list[ColumnElement[bool]]
) -> tuple[int, dict[str, int], dict[str, int], dict[str, int], dict[str, dict[str, int]]]:
    """Events by kind and by lead agency, the people reached — sums of the audience counts
    (women, men and youth are recorded separately and need not add up to the total) — and,
    per kind, the events, the people reached and the quantity produced (banners…)."""
    columns = (
        OutreachEvent.audience_total,
        OutreachEvent.audience_women,
        OutreachEvent.audience_men,
        OutreachEvent.audience_youth,
        OutreachEvent.quantity,
    )
    q = (
        select(
            OutreachEvent.kind,
            OutreachEvent.lead_agency,
            func.count(),
            *(func.coalesce(func.sum(c), 0) for c in columns),
        )
        .where(*where)
        .group_by(OutreachEvent.kind, OutreachEvent.lead_agency)
    )
    total = 0
    sums = dict.fromkeys(PARTICIPANT_GROUPS, 0)
    by_kind: dict[str, int] = {}
    by_agency: dict[str, int] = {}
    kinds: dict[str, dict[str, int]] = {}
    for kind, agency, count, *values in session.execute(q):
        n = int(count)
        total += n
        for name, v in zip(PARTICIPANT_GROUPS, values, strict=False):
            sums[name] += int(v)
        by_kind[_key(kind)] = by_kind.get(_key(kind), 0) + n
        by_agency[_key(agency)] = by_agency.get(_key(agency), 0) + n
        slot = kinds.setdefault(_key(kind), {"events": 0, "participants": 0, "quantity": 0})
        slot["events"] += n
        slot["participants"] += int(values[0])
        slot["quantity"] += int(values[-1])
    return (
        total,
        dict(sorted(by_kind.items())),
        dict(sorted(by_agency.items())),
        sums,
        dict(sorted(kinds.items())),
    )


LEGACY_PREFIX = "legacy-"


def commune_key(code: Any, on: Any) -> ColumnElement[str]:
    """A commune's key in breakdowns: its code, or ``legacy-<code>`` for a pre-reform unit
    (records dated before 1 July 2025 name the old communes, whose codes overlap)."""
    text_code = cast(code, String)
    expr: ColumnElement[str] = case(
        (code.is_(None), literal(UNKNOWN)),
        (on < REFORM_DATE, literal(LEGACY_PREFIX) + text_code),
        else_=text_code,
    )
    return expr


def age_group(age: int | None, presumed_child: bool = False) -> str:
    """The age-group label of an age in whole years at reception (None → unknown). A
    presumed child (an approximate age that may be under 18) is counted as a child, in the
    group of the youngest age they may be — as the Cases list filters them."""
    if age is None:
        return AGE_UNKNOWN
    if presumed_child:
        age = min(age - 1, CHILD_AGE - 1)
    if age < 0:
        return AGE_UNKNOWN
    for label, low, high in AGE_GROUPS:
        if low <= age <= high:
            return label
    return AGE_OLDEST


def _reception_age() -> ColumnElement[int]:
    """The age at reception the case records (a row of version 0.1 without it: the
    reception year minus the birth year)."""
    return func.coalesce(
        ReceptionCase.age_at_reception,
        extract("year", ReceptionCase.received_on) - Person.birth_year,
    )


def _age_expr() -> ColumnElement[str]:
    """``age_group`` in SQL."""
    age = _reception_age()
    presumed = ReceptionCase.child_presumed.is_(True)
    youngest = case((presumed, age - 1), else_=age)
    whens: list[tuple[ColumnElement[bool], str]] = [(age.is_(None), AGE_UNKNOWN)]
    whens.append((youngest < 0, AGE_UNKNOWN))
    whens += [(youngest <= high, label) for label, _low, high in AGE_GROUPS if high < CHILD_AGE]
    whens.append((presumed, AGE_GROUPS[1][0]))  # never in an adult group
    whens += [(youngest <= high, label) for label, _low, high in AGE_GROUPS if high >= CHILD_AGE]
    return case(*whens, else_=AGE_OLDEST)


def _minor_expr() -> ColumnElement[str]:
    """Child or adult at reception: a presumed child, or one whose age is not known, is a
    child (``rules.reception_age``)."""
    age = _reception_age()
    child = (
        ReceptionCase.is_child.is_(True)
        | ReceptionCase.child_presumed.is_(True)
        | age.is_(None)
        | (age < CHILD_AGE)
    )
    return case((child, CHILD), else_=ADULT)


# The ways of return the Ministry's reports count, each with the channels (``rules.CHANNELS``)
# it takes, in the words of Law 53/2024/QH15 (2011: Arts. 25–26 alike):
# - "self_returned": the person came back from abroad on their own, Art. 30(3) ("tự trở về");
# - "rescued": rescued by the police, the border guard or another competent body, Art. 28
#   ("giải cứu");
# - "handed_over_foreign": handed over by the competent foreign authorities at a border gate,
#   Art. 30(2) ("do cơ quan có thẩm quyền nước ngoài trao trả");
# - "mission_abroad": returned through a Vietnamese mission abroad, Art. 30(1) — a return
#   from abroad that is neither of the two above, so it keeps a row of its own;
# - "in_viet_nam": not a return from abroad — reported by the person or their legal
#   representative (Art. 27, with the "family or hotline 111" channel of version 0.1) or
#   handed over by a body conducting proceedings (Art. 32(1)(a)).
# A channel not in the list is counted under UNKNOWN, so the rows add up to the total.
RETURN_WAYS: dict[str, tuple[str, ...]] = {
    "self_returned": ("self_returned",),
    "rescued": ("rescued",),
    "handed_over_foreign": ("handed_over_border",),
    "mission_abroad": ("mission_abroad",),
    "in_viet_nam": ("self_reported", "handed_over_body", "family_hotline"),
}


def return_way(channel: str | None) -> str:
    """The way of return (``RETURN_WAYS``) a channel is counted under."""
    for way, channels in RETURN_WAYS.items():
        if channel in channels:
            return way
    return UNKNOWN


def _return_expr() -> ColumnElement[str]:
    """``return_way`` in SQL."""
    whens = [(ReceptionCase.channel.in_(chs), literal(way)) for way, chs in RETURN_WAYS.items()]
    return case(*whens, else_=literal(UNKNOWN))


def _case_where(date_from: dt.date | None, date_to: dt.date | None) -> list[ColumnElement[bool]]:
    return [
        ReceptionCase.deleted.is_(False),
        *_between(ReceptionCase.received_on, date_from, date_to),
    ]


def _cases(session: Session, date_from: dt.date | None, date_to: dt.date | None) -> dict[str, Any]:
    """Cases received in the period: each reception counted (a person received twice is
    two cases)."""
    age = _age_expr()
    cols = (
        ReceptionCase.status,
        Person.sex,
        ReceptionCase.channel,
        ReceptionCase.border_gate,
        age,
        Person.ethnic_group,
        ReceptionCase.legal_regime,
        _minor_expr(),
        ReceptionCase.destination_country,
        _return_expr(),
        ReceptionCase.purposes,
    )
    q = (
        select(*cols, func.count())
        .select_from(ReceptionCase)
        .outerjoin(Person, Person.id == ReceptionCase.person_id)
        .where(*_case_where(date_from, date_to))
        .group_by(*cols)
    )
    names = (
        "by_status",
        "by_sex",
        "by_channel",
        "by_border_gate",
        "by_age_group",
        "by_ethnic_group",
        "by_regime",
        "by_minor",
        "by_destination",
        "by_return",
        "by_purpose",
    )
    return _fold_groups(session, q, names, multi=frozenset({"by_purpose"}))


def _persons(
    session: Session, date_from: dt.date | None, date_to: dt.date | None
) -> dict[str, Any]:
    """Persons received in the period: each person once (distinct ``person_id`` of the
    cases received), with the facts of their first reception in the period (the earliest
    ``received_on``, then the case code) for what a case records — the age at reception,
    the destination, the purposes, the way of return — and their own sex, ethnic group and
    home province. Also the persons identified as victims and the persons given support in
    the period (by the date of the step or the support)."""
    rank = func.row_number().over(
        partition_by=ReceptionCase.person_id,
        order_by=(ReceptionCase.received_on, ReceptionCase.case_code, ReceptionCase.id),
    )
    first = (
        select(
            Person.sex.label("sex"),
            _age_expr().label("age"),
            Person.ethnic_group.label("ethnic"),
            Person.home_province_code.label("home"),
            ReceptionCase.destination_country.label("destination"),
            _return_expr().label("way"),
            _minor_expr().label("minor"),
            ReceptionCase.purposes.label("purposes"),
            rank.label("rn"),
        )
        .select_from(ReceptionCase)
        .outerjoin(Person, Person.id == ReceptionCase.person_id)
        .where(*_case_where(date_from, date_to))
        .subquery()
    )
    cols = [c for c in first.c if c.name != "rn"]
    q = select(*cols, func.count()).where(first.c.rn == 1).group_by(*cols)
    names = (
        "by_sex",
        "by_age_group",
        "by_ethnic_group",
        "by_home_province",
        "by_destination",
        "by_return",
        "by_minor",
        "by_purpose",
    )
    out = _fold_groups(session, q, names, multi=frozenset({"by_purpose"}))
    identified = (
        select(func.count(func.distinct(ReceptionCase.person_id)))
        .select_from(CaseTransition)
        .join(ReceptionCase, ReceptionCase.id == CaseTransition.case_id)
        .where(
            CaseTransition.deleted.is_(False),
            ReceptionCase.deleted.is_(False),
            CaseTransition.to_status == "identified",
            CaseTransition.from_status != "closed",
            *_between(CaseTransition.effective_on, date_from, date_to),
        )
    )
    supported = (
        select(func.count(func.distinct(ReceptionCase.person_id)))
        .select_from(SupportEntry)
        .join(ReceptionCase, ReceptionCase.id == SupportEntry.case_id)
        .where(*_support_given(date_from, date_to))
    )
    out["children"] = out["by_minor"].get(CHILD, 0)
    out["identified"] = int(session.execute(identified).scalar_one())
    out["supported"] = int(session.execute(supported).scalar_one())
    return out


def _support_given(date_from: dt.date | None, date_to: dt.date | None) -> list[Any]:
    """Support entries given in the period that stand: not a counter-entry, and not
    cancelled by one (a corrected entry was never given, whenever it was corrected)."""
    # Uncorrelated: SQLite reads the corrected ids once into a temporary index. (A
    # correlated EXISTS on ``corrects_id``, which has no index, scanned every entry for
    # each entry: minutes over a province's year.)
    counter = aliased(SupportEntry)
    cancelled = select(counter.corrects_id).where(
        counter.corrects_id.is_not(None), counter.deleted.is_(False)
    )
    return [
        SupportEntry.deleted.is_(False),
        ReceptionCase.deleted.is_(False),
        SupportEntry.corrects_id.is_(None),
        SupportEntry.id.not_in(cancelled),
        *_between(SupportEntry.given_on, date_from, date_to),
    ]


def _support(
    session: Session, date_from: dt.date | None, date_to: dt.date | None
) -> dict[str, Any]:
    """Support given in the period (by the date it was given): count and amount by type.
    A correction cancels its entry (``_support_given``), so the amounts over all periods
    add up to the cases' net totals."""
    where = _support_given(date_from, date_to)
    q = (
        select(
            SupportEntry.support_type, func.count(), func.coalesce(func.sum(SupportEntry.amount), 0)
        )
        .join(ReceptionCase, ReceptionCase.id == SupportEntry.case_id)
        .where(*where)
        .group_by(SupportEntry.support_type)
    )
    by_type = {str(t): {"count": int(n), "amount": int(a)} for t, n, a in session.execute(q)}
    persons = select(func.count(func.distinct(SupportEntry.case_id))).join(
        ReceptionCase, ReceptionCase.id == SupportEntry.case_id
    ).where(*where)  # fmt: skip
    return {
        "count": sum(v["count"] for v in by_type.values()),
        "amount": sum(v["amount"] for v in by_type.values()),
        "cases": int(session.execute(persons).scalar_one()),
        "by_type": dict(sorted(by_type.items())),
    }


def _live_case(model: Any) -> list[ColumnElement[bool]]:
    return [
        model.deleted.is_(False),
        model.case_id.in_(select(ReceptionCase.id).where(ReceptionCase.deleted.is_(False))),
    ]


def _steps(session: Session, date_from: dt.date | None, date_to: dt.date | None) -> dict[str, int]:
    """Cases that took each workflow step in the period (by the step's effective date):
    ``identified`` is the number of persons identified as victims, ``referred`` the cases
    referred (the Refer step makes the case's referral record, ``cases.steps``: it equals
    ``referrals.cases`` unless a case referred before is referred again). A step of
    version 0.1 ("supported") is counted under its own code."""
    q = (
        select(CaseTransition.to_status, func.count(func.distinct(CaseTransition.case_id)))
        .where(*_live_case(CaseTransition),
               # A reopening returns the case to the status it had: no step taken again.
               CaseTransition.from_status != "closed",
               *_between(CaseTransition.effective_on, date_from, date_to))
        .group_by(CaseTransition.to_status)
    )  # fmt: skip
    return {str(k): int(n) for k, n in sorted(session.execute(q).all())}


def _shelter(
    session: Session, date_from: dt.date | None, date_to: dt.date | None
) -> dict[str, Any]:
    """Shelter stays: admitted and discharged in the period, staying at its end; admissions
    by facility."""
    live = _live_case(ShelterStay)
    admitted_q = (
        select(ShelterStay.facility, func.count())
        .where(*live, *_between(ShelterStay.admitted_on, date_from, date_to))
        .group_by(ShelterStay.facility)
    )
    by_facility: dict[str, int] = {}
    for facility, n in session.execute(admitted_q):
        key = _key(" ".join(str(facility or "").split()))
        by_facility[key] = by_facility.get(key, 0) + int(n)
    discharged = select(func.count()).where(
        *live, ShelterStay.discharged_on.is_not(None),
        *_between(ShelterStay.discharged_on, date_from, date_to),
    )  # fmt: skip
    staying_conds = list(live)
    if date_to is not None:
        staying_conds += [
            ShelterStay.admitted_on <= date_to,
            (ShelterStay.discharged_on.is_(None)) | (ShelterStay.discharged_on > date_to),
        ]
    else:
        staying_conds.append(ShelterStay.discharged_on.is_(None))
    staying = select(func.count()).where(*staying_conds)
    return {
        "admitted": sum(by_facility.values()),
        "discharged": int(session.execute(discharged).scalar_one()),
        "staying_at_end": int(session.execute(staying).scalar_one()),
        "by_facility": dict(sorted(by_facility.items())),
    }


def _referrals(
    session: Session, date_from: dt.date | None, date_to: dt.date | None
) -> dict[str, Any]:
    """Referrals made in the period, by the agency referred to, and the cases referred."""
    where = [*_live_case(Referral), *_between(Referral.referred_on, date_from, date_to)]
    q = select(Referral.to_agency, func.count()).where(*where).group_by(Referral.to_agency)
    by_agency: dict[str, int] = {}
    for agency, n in session.execute(q):
        key = _key(" ".join(str(agency or "").split()))
        by_agency[key] = by_agency.get(key, 0) + int(n)
    cases = session.execute(select(func.count(func.distinct(Referral.case_id))).where(*where))
    return {
        "total": sum(by_agency.values()),
        "cases": int(cases.scalar_one()),
        "by_agency": dict(sorted(by_agency.items())),
    }


def overdue_as_of(date_to: dt.date | None, today: dt.date) -> dt.date:
    """The day overdue steps are counted on: the period's last day, or today if sooner."""
    return today if date_to is None or date_to > today else date_to


def _overdue(session: Session, date_to: dt.date | None, today: dt.date) -> dict[str, Any]:
    """Open cases received by the period's end whose current step was due before the day
    they are counted on, by the status waiting for its next step. Deadlines are the cases'
    present ones, so a past period is seen as the cases stand now."""
    as_of = overdue_as_of(date_to, today)
    conds = [
        ReceptionCase.deleted.is_(False),
        ReceptionCase.status != "closed",
        ReceptionCase.due_on < as_of,
        *_between(ReceptionCase.received_on, None, date_to),
    ]
    q = select(ReceptionCase.status, func.count()).where(*conds).group_by(ReceptionCase.status)
    by_status = {str(k): int(n) for k, n in sorted(session.execute(q).all())}
    return {"as_of": as_of.isoformat(), "total": sum(by_status.values()), "by_status": by_status}


def year_earlier(day: dt.date) -> dt.date:
    """The same day one year earlier (29 February → 28 February)."""
    if day.month == 2 and day.day == 29:
        return day.replace(year=day.year - 1, day=28)
    return day.replace(year=day.year - 1)


def previous_period(date_from: dt.date, date_to: dt.date) -> tuple[dt.date, dt.date]:
    """The same period of the previous year ("cùng kỳ"): the same dates one year earlier."""
    return year_earlier(date_from), year_earlier(date_to)


def change(current: int, previous: int) -> tuple[int, float | None]:
    """The change from the same period of the previous year: the difference, and the
    percentage of the previous figure (None when the previous figure is 0)."""
    diff = current - previous
    return diff, (diff * 100 / previous if previous else None)


def compute(
    session: Session,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    today: dt.date | None = None,
    compare: bool = False,
) -> dict[str, Any]:
    """Counts of events and cases between *date_from* and *date_to* (inclusive, either open).

    Shape::

        {"events": {"total", "by_kind", "by_commune", "by_agency", "by_month",
                    "participants": {"total", "women", "men", "youth"},
                    "kind_totals": {kind: {"events", "participants", "quantity"}}},
         "cases": {"total", "by_status", "by_sex", "by_channel", "by_border_gate",
                   "by_age_group", "by_ethnic_group", "by_regime",
                   "by_minor": {"child", "adult"}, "by_destination", "by_return",
                   "by_purpose"},
         "persons": {"total", "children", "identified", "supported", "by_sex",
                     "by_age_group", "by_ethnic_group", "by_home_province",
                     "by_destination", "by_return", "by_purpose", "by_minor"},
         "support": {"count", "amount", "cases", "by_type": {type: {"count", "amount"}}},
         "steps": {status: cases that moved to it in the period},
         "shelter": {"admitted", "discharged", "staying_at_end", "by_facility"},
         "referrals": {"total", "cases", "by_agency"},
         "overdue": {"as_of", "total", "by_status"},
         "other_bodies": {"by_figure": {figure: {"value", "entries"}}, "partial"}}

    Keys are stable codes: kind and agency codes, commune codes as text, months as
    "YYYY-MM"; age is the age at reception the case records (``age_group``: a presumed
    child counts as a child), support leaves out corrected entries and their counter-entries
    (``_support_given``). Facilities and agencies
    referred to are free text, grouped as typed (spaces tidied). *today* is the day
    overdue steps are counted against when the period runs past it (default: today).

    ``cases`` counts receptions, ``persons`` each person once (``_persons``); destinations
    are ISO country codes, home provinces province codes as text, ways of return the keys
    of ``RETURN_WAYS``. ``by_purpose`` counts a case (a person) under each purpose it
    records, so it adds up to more than the total when one records several.

    ``other_bodies`` holds the figures other bodies gave (the police's cases detected…),
    as the province entered them: those whose period lies within this one, summed per
    figure with their sources, and those straddling its edges, not counted
    (``other_figures.in_period``).

    With *compare* and both dates given, the result also has ``"period": {"from", "to"}``
    and ``"previous"``: the same figures for the same period of the previous year
    (``previous_period``), with its own ``"period"``.
    """
    result = _compute(session, date_from, date_to, today)
    if compare and date_from is not None and date_to is not None:
        prev_from, prev_to = previous_period(date_from, date_to)
        result["period"] = {"from": date_from.isoformat(), "to": date_to.isoformat()}
        previous = _compute(session, prev_from, prev_to, today)
        previous["period"] = {"from": prev_from.isoformat(), "to": prev_to.isoformat()}
        result["previous"] = previous
    return result


def _compute(
    session: Session, date_from: dt.date | None, date_to: dt.date | None, today: dt.date | None
) -> dict[str, Any]:
    return {
        "events": _events(session, date_from, date_to),
        "cases": _cases(session, date_from, date_to),
        "persons": _persons(session, date_from, date_to),
        "support": _support(session, date_from, date_to),
        "steps": _steps(session, date_from, date_to),
        "shelter": _shelter(session, date_from, date_to),
        "referrals": _referrals(session, date_from, date_to),
        "overdue": _overdue(session, date_to, today or dt.date.today()),
        "other_bodies": other_figures.in_period(session, date_from, date_to),
    }
