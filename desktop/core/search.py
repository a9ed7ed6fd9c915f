"""Accent-insensitive search over outreach events and reception cases.

The query is folded like the stored search columns (DESIGN.md §3: no diacritics, đ → d,
lower case), split into terms, and every term must start a word of the folded column
("hoa" finds "Hòa" and "Hoàng", not "Khoa"). A case code is matched from any part of it
("00046" finds "LS-2026-00046"). The work is pushed into SQL with portable SQLAlchemy Core
(LIKE with an escape character), so it runs the same on SQLite and PostgreSQL.

Victims' names are confidential: only roles allowed to see identity find cases by name,
and each such search is audited (``search.identity``). Other roles find cases by case code
only and see the code, never the name; statisticians work with aggregates and find no case.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, String, and_, func, literal, select
from sqlalchemy.orm import Session

from desktop.core.db.models import AdminUnit, OutreachEvent, Person, ReceptionCase
from desktop.core.places import COMMUNE, LEGACY_COMMUNE, REFORM_DATE
from desktop.core.profile import OpenProfile
from desktop.core.security import audit
from desktop.core.security.roles import Role, can_see_identity
from desktop.core.text import fold

ESCAPE = "\\"
MAX_TERMS = 8


@dataclass(frozen=True)
class Hit:
    """One search result. ``kind`` is "event" or "case"; ``title`` is what a list shows."""

    kind: str
    id: str
    title: str
    date: dt.date
    place: str


def terms(text: str) -> list[str]:
    """The folded, distinct terms of a query (at most MAX_TERMS)."""
    out: list[str] = []
    for term in fold(text).split(" "):
        if term and term not in out:
            out.append(term)
    return out[:MAX_TERMS]


def _escaped(term: str) -> str:
    return term.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")


def _like(column: Any, term: str) -> ColumnElement[bool]:
    """*term* starts a word of *column* (words are separated by spaces in folded text)."""
    spaced = literal(" ", String) + column
    result: ColumnElement[bool] = spaced.like(f"% {_escaped(term)}%", escape=ESCAPE)
    return result


def _all_terms(column: Any, words: list[str]) -> ColumnElement[bool]:
    return and_(*(_like(column, w) for w in words))


def _anywhere(column: Any, words: list[str]) -> ColumnElement[bool]:
    """Every term occurs somewhere in *column* (a case code: "00046", "2026-000")."""
    return and_(*(column.like(f"%{_escaped(w)}%", escape=ESCAPE) for w in words))


def _unit_names(session: Session, wanted: set[tuple[int, str]]) -> dict[tuple[int, str], str]:
    if not wanted:
        return {}
    codes = {code for code, _kind in wanted}
    q = select(AdminUnit.code, AdminUnit.kind, AdminUnit.name).where(AdminUnit.code.in_(codes))
    return {(r.code, r.kind): r.name for r in session.execute(q) if (r.code, r.kind) in wanted}


def _unit_key(code: int | None, on: dt.date) -> tuple[int, str] | None:
    if code is None:
        return None
    return code, LEGACY_COMMUNE if on < REFORM_DATE else COMMUNE


def _events(session: Session, words: list[str], limit: int) -> list[Hit]:
    q = (
        select(
            OutreachEvent.id,
            OutreachEvent.title,
            OutreachEvent.held_on,
            OutreachEvent.village,
            OutreachEvent.commune_code,
        )
        .where(OutreachEvent.deleted.is_(False), _all_terms(OutreachEvent.search_fold, words))
        .order_by(OutreachEvent.held_on.desc(), OutreachEvent.id)
        .limit(limit)
    )
    rows = list(session.execute(q))
    keys = {k for r in rows if (k := _unit_key(r.commune_code, r.held_on))}
    names = _unit_names(session, keys)
    hits = []
    for r in rows:
        key = _unit_key(r.commune_code, r.held_on)
        place = ", ".join(p for p in (r.village, names.get(key, "") if key else "") if p)
        hits.append(Hit("event", r.id, r.title, r.held_on, place))
    return hits


def _cases(session: Session, words: list[str], limit: int, by_name: bool) -> list[Hit]:
    matches = [_anywhere(func.lower(ReceptionCase.case_code), words)]
    if by_name:
        matches.append(_all_terms(Person.name_fold, words))
    found: dict[str, Any] = {}
    for match in matches:  # one simple query each: both stay index-friendly
        q = (
            select(
                ReceptionCase.id,
                ReceptionCase.case_code,
                ReceptionCase.received_on,
                ReceptionCase.commune_code,
                Person.full_name,
            )
            .join(Person, Person.id == ReceptionCase.person_id)
            .where(ReceptionCase.deleted.is_(False), match)
            .order_by(ReceptionCase.received_on.desc(), ReceptionCase.id)
            .limit(limit)
        )
        for r in session.execute(q):
            found.setdefault(r.id, r)
    rows = sorted(found.values(), key=lambda r: (r.received_on, r.id), reverse=True)[:limit]
    keys = {k for r in rows if (k := _unit_key(r.commune_code, r.received_on))}
    names = _unit_names(session, keys)
    hits = []
    for r in rows:
        title = f"{r.case_code} — {r.full_name}" if by_name else r.case_code
        key = _unit_key(r.commune_code, r.received_on)
        hits.append(Hit("case", r.id, title, r.received_on, names.get(key, "") if key else ""))
    return hits


def search(profile: OpenProfile, text: str, limit: int = 50) -> list[Hit]:
    """Find events and cases matching every term of *text*, newest first.

    Names of persons are searched (and shown) only for roles that may see identity; such a
    search is an audit event whatever it finds.
    """
    words = terms(text)
    if not words or limit <= 0:
        return []
    role = profile.user.role
    by_name = can_see_identity(role)
    with profile.db.session() as s:
        hits = _events(s, words, limit)
        if role != Role.STATISTICIAN:
            found = _cases(s, words, limit, by_name)
            if by_name:
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
