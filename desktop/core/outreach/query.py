"""Finding events: a filter pushed into SQL that yields the ids of matching events in the
chosen order (the list keeps only ids), and rows for one page of ids at a time.

Text search is accent-insensitive over the folded title, place and notes (every term must
start a word, see ``search_index``: FTS5 on SQLite, LIKE elsewhere); text columns sort by
their Vietnamese sort keys, never by code points.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from desktop.core import places
from desktop.core.db.counting import live_count
from desktop.core.db.models import AdminUnit, Office, ReferenceItem
from desktop.core.db.models_outreach import CampaignPlan, OutreachEvent, PlanTask
from desktop.core.places import COMMUNE, LEGACY_COMMUNE, REFORM_DATE
from desktop.core.profile import OpenProfile
from desktop.core.profile import list_accounts as profile_accounts
from desktop.core.search_index import indexed, like_word_start, starts_words, terms
from desktop.core.security.accounts import SignedIn

SORTS = ("held_on", "title", "kind", "commune", "lead_agency", "audience_total", "state", "author")


@dataclass
class EventFilter:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    commune_code: int | None = None
    kind: str = ""
    agency: str = ""  # lead or partner
    plan_id: str = ""
    task_id: str = ""
    author: str = ""
    state: str = ""
    text: str = ""


@dataclass(frozen=True)
class EventRow:
    id: str
    held_on: dt.date
    held_at: str
    title: str
    kind: str
    commune: str
    village: str
    lead_agency: str
    audience_total: int
    quantity: int
    state: str
    author: str
    plan_task_id: str | None


def visible_offices(session: Session, user: SignedIn) -> set[str] | None:
    """Offices whose events *user* sees; None when it sees the whole province."""
    office = session.get(Office, user.office_id)
    if office is None or office.level == "province":
        return None
    return places.office_scope(session, user.office_id)


def _where(session: Session, f: EventFilter, user: SignedIn) -> list[ColumnElement[bool]]:
    ev = OutreachEvent
    conds: list[ColumnElement[bool]] = [ev.deleted.is_(False)]
    if f.date_from:
        conds.append(ev.held_on >= f.date_from)
    if f.date_to:
        conds.append(ev.held_on <= f.date_to)
    if f.commune_code is not None:
        conds.append(ev.commune_code == f.commune_code)
    if f.kind:
        conds.append(ev.kind == f.kind)
    if f.agency:
        conds.append(
            or_(ev.lead_agency == f.agency, like_word_start(ev.partner_agencies, f.agency))
        )
    if f.task_id:
        conds.append(ev.plan_task_id == f.task_id)
    elif f.plan_id:
        tasks = select(PlanTask.id).where(PlanTask.plan_id == f.plan_id)
        conds.append(ev.plan_task_id.in_(tasks))
    if f.author:
        conds.append(ev.author == f.author)
    if f.state:
        conds.append(ev.state == f.state)
    words = terms(f.text)
    if words:
        if indexed(session, ev.search_fold):
            # "deleted = 0": the list index walked by date, the index's answer a filter.
            conds[0] = ~ev.deleted
        else:
            # Matched by LIKE, a text search scans the covering search index; a plain
            # "deleted" test would steer the planner to the list index and into 100,000
            # wide rows (seconds, not 0.1 s).
            conds[0] = func.coalesce(ev.deleted, False).is_(False)
        conds.append(starts_words(session, ev.search_fold, words))
    scope = visible_offices(session, user)
    if scope is not None:
        conds.append(ev.office_id.in_(scope))
    return conds


def _ordered(q: Select[Any], sort: str, descending: bool) -> Select[Any]:
    ev = OutreachEvent
    key: Any
    if sort == "title":
        key = ev.title_sort
    elif sort in ("kind", "lead_agency"):
        ref = aliased(ReferenceItem)
        kind = "outreach_kind" if sort == "kind" else "agency"
        # (kind, code) is not a database constraint (two offices may add one code): join
        # only the oldest item of a code, so no event is listed twice.
        older = aliased(ReferenceItem)
        first = ~exists().where(older.kind == ref.kind, older.code == ref.code, older.id < ref.id)
        q = q.outerjoin(ref, and_(ref.kind == kind, ref.code == getattr(ev, sort), first))
        key = ref.name_sort
    elif sort == "commune":
        unit = aliased(AdminUnit)
        unit_kind = case((ev.held_on < REFORM_DATE, LEGACY_COMMUNE), else_=COMMUNE)
        q = q.outerjoin(unit, and_(unit.code == ev.commune_code, unit.kind == unit_kind))
        key = unit.name_sort
    elif sort in SORTS:
        key = getattr(ev, sort)
    else:
        key = ev.held_on
    first = key.desc() if descending else key.asc()
    order = [first] if sort == "held_on" else [first, ev.held_on.desc()]
    return q.order_by(*order, ev.id.desc() if descending else ev.id)


def event_ids(
    profile: OpenProfile,
    f: EventFilter,
    sort: str = "held_on",
    descending: bool = True,
) -> list[str]:
    """Ids of the live events matching *f*, in order: what the list model holds."""
    with profile.db.session(read=True) as s:
        q = select(OutreachEvent.id).where(*_where(s, f, profile.user))
        return list(s.execute(_ordered(q, sort, descending)).scalars())


@dataclass
class Names:
    """Display names of codes, loaded once per list (reference lists and communes)."""

    kinds: dict[str, str]
    agencies: dict[str, str]
    units: dict[tuple[int, str], str]

    def commune(self, code: int | None, on: dt.date) -> str:
        if code is None:
            return ""
        kind = LEGACY_COMMUNE if on < REFORM_DATE else COMMUNE
        return self.units.get((code, kind), str(code))


def names(profile: OpenProfile, lang: str = "vi") -> Names:
    with profile.db.session(read=True) as s:
        refs: dict[str, dict[str, str]] = {"outreach_kind": {}, "agency": {}}
        q = select(
            ReferenceItem.kind, ReferenceItem.code, ReferenceItem.name, ReferenceItem.name_en
        )
        for r in s.execute(q.where(ReferenceItem.kind.in_(list(refs)))):
            refs[r.kind][r.code] = r.name_en if lang == "en" and r.name_en else r.name
        uq = select(AdminUnit.code, AdminUnit.kind, AdminUnit.name).where(
            AdminUnit.kind.in_([COMMUNE, LEGACY_COMMUNE]),
            AdminUnit.province_code == profile.node.province_code,
        )
        units = {(r.code, r.kind): r.name for r in s.execute(uq)}
        return Names(refs["outreach_kind"], refs["agency"], units)


def _row_query() -> Select[*tuple[Any, ...]]:
    ev = OutreachEvent
    return select(
        ev.id, ev.held_on, ev.held_at, ev.title, ev.kind, ev.commune_code, ev.village,
        ev.lead_agency, ev.audience_total, ev.quantity, ev.state, ev.author, ev.plan_task_id,
    )  # fmt: skip


def _row(r: Any, n: Names) -> EventRow:
    return EventRow(
        r.id, r.held_on, r.held_at, r.title, n.kinds.get(r.kind, r.kind),
        n.commune(r.commune_code, r.held_on), r.village,
        n.agencies.get(r.lead_agency, r.lead_agency), r.audience_total, r.quantity, r.state,
        r.author, r.plan_task_id,
    )  # fmt: skip


def event_rows(profile: OpenProfile, ids: list[str], n: Names) -> list[EventRow]:
    """Rows for *ids*, in the same order (ids of rows deleted meanwhile are skipped)."""
    with profile.db.session(read=True) as s:
        found = {r.id: r for r in s.execute(_row_query().where(OutreachEvent.id.in_(ids)))}
    return [_row(found[i], n) for i in ids if i in found]


def first_events(
    profile: OpenProfile,
    f: EventFilter,
    limit: int,
    n: Names,
    sort: str = "held_on",
    descending: bool = True,
) -> tuple[list[EventRow], int]:
    """The rows of the first *limit* events of ``event_ids`` and how many events match in
    all, read together: what a list shows at once while every id is fetched in the
    background."""
    with profile.db.session(read=True) as s:
        conds = _where(s, f, profile.user)
        count = live_count(s, OutreachEvent, conds)
        q = _ordered(_row_query().where(*conds), sort, descending).limit(limit)
        return [_row(r, n) for r in s.execute(q)], count


def authors(profile: OpenProfile) -> list[str]:
    """The accounts that may have recorded events (for the author filter): read from the
    accounts, not by scanning every event."""
    return sorted(a.username for a in profile_accounts(profile))


def plan_choices(profile: OpenProfile) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """Plans as (id, "number — title", [(task id, task title)]), newest first."""
    with profile.db.session(read=True) as s:
        plans = s.execute(
            select(CampaignPlan)
            .where(CampaignPlan.deleted.is_(False))
            .order_by(CampaignPlan.issued_on.desc())
        ).scalars()
        out = []
        for p in plans:
            tasks = s.execute(
                select(PlanTask.id, PlanTask.position, PlanTask.title)
                .where(PlanTask.plan_id == p.id, PlanTask.deleted.is_(False))
                .order_by(PlanTask.position)
            )
            out.append(
                (
                    p.id,
                    f"{p.number} — {p.title}",
                    [(t.id, f"{t.position}. {t.title}") for t in tasks],
                )
            )
        return out
