"""Accent-insensitive search over outreach events, campaign plans and reception cases.

The query is folded like the stored search columns (DESIGN.md §3: no diacritics, đ → d,
lower case), split into terms, and every term must start a word of the folded column
("hoa" finds "Hòa" and "Hoàng", not "Khoa"). A case code is matched from any part of it
("00046" finds "LS-2026-00046"). The conditions come from ``search_index``: answered by
SQLite's FTS5 index on a profile, by portable LIKE patterns on other databases.

Victims' names are confidential: only roles allowed to see identity find cases by name,
and each such search that shows a case (so its victim's name) is audited
(``search.identity``). Other roles find cases by case code only and see the code, never
the name; statisticians work with aggregates and find no case.

A search is typed key by key and must answer in a few milliseconds, often less than one:
each statement is built once per shape of its text condition (``search_index.Match``) and
run again with new values, on the session's connection (building a statement costs more
than running it), and a part the index finds nothing for is not asked at all.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, Select, and_, bindparam, case, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import aliased

from desktop.core.db.models import AdminUnit, OutreachEvent, Person, ReceptionCase
from desktop.core.db.models_outreach import CampaignPlan
from desktop.core.places import COMMUNE, LEGACY_COMMUNE, REFORM_DATE
from desktop.core.profile import OpenProfile
from desktop.core.search_index import CODE, WORDS, Match, find, live, terms
from desktop.core.security import audit
from desktop.core.security.roles import Role, can_see_identity

__all__ = ["Hit", "search", "terms"]


@dataclass(frozen=True)
class Hit:
    """One search result. ``kind`` is "event", "plan" or "case"; ``title`` is what a list
    shows."""

    kind: str
    id: str
    title: str
    date: dt.date
    place: str


_LIMIT = bindparam("limit", type_=Integer)
_STATEMENTS: dict[Hashable, Select[*tuple[Any, ...]]] = {}


def _statement(
    key: Hashable, build: Callable[[], Select[*tuple[Any, ...]]]
) -> Select[*tuple[Any, ...]]:
    """The statement of *key*, built on first use (two threads may both build it: the
    same statement)."""
    stmt = _STATEMENTS.get(key)
    if stmt is None:
        stmt = _STATEMENTS[key] = build()
    return stmt


def _run(conn: Connection, stmt: Select[*tuple[Any, ...]], match: Match, limit: int) -> list[Any]:
    params = {**match.params(), "limit": limit}
    return list(conn.execute(stmt, params).all())  # one fetch, not one per row


def _commune(code: Any, on: Any) -> Any:
    """The commune of *code* as the units were on the date *on* (left-joined: a row
    without commune, or with a code no unit has, keeps an empty place)."""
    unit = aliased(AdminUnit)
    kind = case((on < REFORM_DATE, LEGACY_COMMUNE), else_=COMMUNE)
    return unit, and_(unit.code == code, unit.kind == kind)


def _events_statement(match: Match) -> Select[*tuple[Any, ...]]:
    ev = OutreachEvent
    unit, on = _commune(ev.commune_code, ev.held_on)
    return (
        select(ev.id, ev.title, ev.held_on, ev.village, unit.name.label("commune"))
        .outerjoin(unit, on)
        # "deleted = 0": the list index, walked by date (unless the rows are a few rowids)
        .where(live(ev.deleted, match), match.condition())
        .order_by(ev.held_on.desc(), ev.id)
        .limit(_LIMIT)
    )


def _events(conn: Connection, match: Match, limit: int) -> list[Hit]:
    if match.nothing:
        return []
    stmt = _statement(("events", match.shape), functools.partial(_events_statement, match))
    hits = []
    for id_, title, on, village, commune in _run(conn, stmt, match, limit):
        place = f"{village}, {commune}" if village and commune else village or commune or ""
        hits.append(Hit("event", id_, title, on, place))
    return hits


def _cases_statement(match: Match) -> Select[*tuple[Any, ...]]:
    rc = ReceptionCase
    unit, on = _commune(rc.commune_code, rc.received_on)
    return (
        select(rc.id, rc.case_code, rc.received_on, unit.name.label("commune"), Person.full_name)
        .join(Person, Person.id == rc.person_id)
        .outerjoin(unit, on)
        .where(live(rc.deleted, match), match.condition())
        .order_by(rc.received_on.desc(), rc.id)
        .limit(_LIMIT)
    )


def _cases(conn: Connection, matches: list[Match], limit: int, by_name: bool) -> list[Hit]:
    found: dict[str, Any] = {}
    for match in matches:  # one simple query each: both stay index-friendly
        if match.nothing:
            continue
        stmt = _statement(("cases", match.shape), functools.partial(_cases_statement, match))
        for r in _run(conn, stmt, match, limit):
            found.setdefault(r.id, r)
    rows = sorted(found.values(), key=lambda r: (r.received_on, r.id), reverse=True)[:limit]
    hits = []
    for r in rows:
        title = f"{r.case_code} — {r.full_name}" if by_name else r.case_code
        hits.append(Hit("case", r.id, title, r.received_on, r.commune or ""))
    return hits


def _plans_statement(match: Match) -> Select[*tuple[Any, ...]]:
    cp = CampaignPlan
    return (
        select(cp.id, cp.number, cp.title, cp.issued_on, cp.issuer)
        .where(live(cp.deleted, match), match.condition())
        .order_by(cp.issued_on.desc(), cp.id)
        .limit(_LIMIT)
    )


def _plans(conn: Connection, match: Match, limit: int) -> list[Hit]:
    if match.nothing:
        return []
    stmt = _statement(("plans", match.shape), functools.partial(_plans_statement, match))
    return [
        Hit("plan", r.id, f"{r.number} — {r.title}", r.issued_on, r.issuer)
        for r in _run(conn, stmt, match, limit)
    ]


def search(profile: OpenProfile, text: str, limit: int = 50) -> list[Hit]:
    """Find events, plans and cases matching every term of *text*, newest first.

    Names of persons are searched (and shown) only for roles that may see identity. A
    search that shows cases to such a role is audited with the query and the cases shown;
    one that shows no case writes nothing: DESIGN.md §4 audits every read of a victim's
    identity, and it read none (the cases list, which may show every name, audits its own
    reads).
    """
    words = terms(text)
    if not words or limit <= 0:
        return []
    role = profile.user.role
    by_name = can_see_identity(role)
    wanted = [(OutreachEvent.search_fold, WORDS), (CampaignPlan.search_fold, WORDS)]
    if role != Role.STATISTICIAN:
        wanted.append((ReceptionCase.case_code, CODE))  # a case by its code: every role
        if by_name:
            wanted.append((Person.name_fold, WORDS))
    with profile.db.session(read=not by_name) as s:  # reads, then maybe its audit line
        events, plans, *cases = find(s, wanted, words, first=limit)
        conn = s.connection()
        hits = _events(conn, events, limit) + _plans(conn, plans, limit)
        if cases:
            found = _cases(conn, cases, limit, by_name)
            # No case shown, no name read: no line (and no commit to wait for, most of
            # the cost of a search that finds no case).
            if by_name and found:
                audit.record(
                    s,
                    profile.node.node_id,
                    profile.user.username,
                    "search.identity",
                    "case",
                    details={"query": text[:200], "cases": [h.id for h in found]},
                )
            hits += found
    hits.sort(key=lambda h: (h.date, h.kind == "case"), reverse=True)
    return hits[:limit]
