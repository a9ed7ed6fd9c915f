"""Accent-insensitive search over outreach events, campaign plans and reception cases.

The query is folded like the stored search columns (DESIGN.md §3: no diacritics, đ → d,
lower case), split into terms, and every term must start a word of the folded column
("hoa" finds "Hòa" and "Hoàng", not "Khoa"). A case code is matched from any part of it
("00046" finds "LS-2026-00046"). The conditions come from ``search_index``: answered by
SQLite's FTS5 index on a profile, by portable LIKE patterns on other databases.

Victims' names are confidential: only roles allowed to see identity find cases by name,
and each such search is audited (``search.identity``). Other roles find cases by case code
only and see the code, never the name; statisticians work with aggregates and find no case.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.db.models import AdminUnit, OutreachEvent, Person, ReceptionCase
from desktop.core.db.models_outreach import CampaignPlan
from desktop.core.places import COMMUNE, LEGACY_COMMUNE, REFORM_DATE
from desktop.core.profile import OpenProfile
from desktop.core.search_index import contains_all, starts_words, terms
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
        .where(
            ~OutreachEvent.deleted,  # "deleted = 0": the list index, walked by date
            starts_words(session, OutreachEvent.search_fold, words, first=limit),
        )
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
    matches = [contains_all(session, ReceptionCase.case_code, words)]
    if by_name:
        matches.append(starts_words(session, Person.name_fold, words, first=limit))
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
            .where(~ReceptionCase.deleted, match)
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


def _plans(session: Session, words: list[str], limit: int) -> list[Hit]:
    q = (
        select(
            CampaignPlan.id,
            CampaignPlan.number,
            CampaignPlan.title,
            CampaignPlan.issued_on,
            CampaignPlan.issuer,
        )
        .where(
            CampaignPlan.deleted.is_(False),
            starts_words(session, CampaignPlan.search_fold, words, first=limit),
        )
        .order_by(CampaignPlan.issued_on.desc(), CampaignPlan.id)
        .limit(limit)
    )
    return [
        Hit("plan", r.id, f"{r.number} — {r.title}", r.issued_on, r.issuer)
        for r in session.execute(q)
    ]


def search(profile: OpenProfile, text: str, limit: int = 50) -> list[Hit]:
    """Find events, plans and cases matching every term of *text*, newest first.

    Names of persons are searched (and shown) only for roles that may see identity; such a
    search is an audit event whatever it finds.
    """
    words = terms(text)
    if not words or limit <= 0:
        return []
    role = profile.user.role
    by_name = can_see_identity(role)
    with profile.db.session() as s:
        hits = _events(s, words, limit) + _plans(s, words, limit)
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
