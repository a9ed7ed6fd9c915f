"""The cases list: filters and search pushed into SQL, ids first, rows fetched by page.

The UI's lazy table holds the ordered ids from ``case_ids`` and asks ``case_rows`` for the
rows it is about to show. Names appear (and are searched) only for roles that may see
identity; such a list read is audited once per query (``case.identity.list``). A case code
is found from any part of it ("00046" finds "LS-2025-00046"); a name from the starts of its
words, without diacritics.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from desktop.core.cases import rules
from desktop.core.db.counting import live_count
from desktop.core.db.models_cases import Person, ReceptionCase
from desktop.core.profile import OpenProfile
from desktop.core.search_index import contains_all, starts_words, terms
from desktop.core.security import audit
from desktop.core.security.roles import can_see_identity
from desktop.core.stats import AGE_GROUPS, AGE_OLDEST, AGE_UNKNOWN

AWAITING = (rules.RECEIVED, rules.VERIFYING)
CHILD_AGE = 18


@dataclass
class CaseFilter:
    status: str = ""
    awaiting_verification: bool = False  # received or under verification
    overdue: bool = False
    regime: str = ""
    channel: str = ""
    border_gate: str = ""
    commune_code: int | None = None
    age_group: str = ""
    sex: str = ""
    children: bool = False
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    text: str = ""


@dataclass(frozen=True)
class CaseRow:
    id: str
    code: str
    name: str  # empty for roles that may not see it
    sex: str
    age: int | None
    is_child: bool
    received_on: dt.date
    status: str
    due_on: dt.date | None
    overdue: bool
    regime: str
    channel: str
    border_gate: str
    commune_code: int | None
    age_approximate: bool = False  # from the year of birth or an estimate: "≈"
    child_presumed: bool = False  # age uncertain, possibly under 18: presumed a child


def _age_condition(group: str) -> ColumnElement[bool]:
    """The cases of an age group by the age at reception. A presumed child (an approximate
    age that may be under 18) counts as a child: in the group of the youngest age they may
    be, never in an adult group."""
    age = ReceptionCase.age_at_reception
    presumed = ReceptionCase.child_presumed.is_(True)
    if group == AGE_UNKNOWN:
        return age.is_(None)
    if group == AGE_OLDEST:
        return and_(age >= AGE_GROUPS[-1][2] + 1, ~presumed)
    low, high = next((lo, hi) for label, lo, hi in AGE_GROUPS if label == group)
    if low >= CHILD_AGE:  # an adult group
        return and_(age >= low, age <= high, ~presumed)
    youngest = age - 1
    return or_(
        and_(age >= low, age <= high, ~presumed),
        and_(presumed, youngest >= low, youngest <= high),
    )


def _where(
    session: Session, f: CaseFilter, by_name: bool, today: dt.date
) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = [ReceptionCase.deleted.is_(False)]
    simple = {
        ReceptionCase.status: f.status,
        ReceptionCase.legal_regime: f.regime,
        ReceptionCase.channel: f.channel,
        ReceptionCase.border_gate: f.border_gate,
        Person.sex: f.sex,
    }
    conds += [col == value for col, value in simple.items() if value]
    if f.awaiting_verification:
        conds.append(ReceptionCase.status.in_(AWAITING))
    if f.overdue:
        conds += [ReceptionCase.due_on < today, ReceptionCase.status != rules.CLOSED]
    if f.commune_code is not None:
        conds.append(ReceptionCase.commune_code == f.commune_code)
    if f.age_group:
        conds.append(_age_condition(f.age_group))
    if f.children:
        conds.append(ReceptionCase.is_child.is_(True))
    if f.date_from is not None:
        conds.append(ReceptionCase.received_on >= f.date_from)
    if f.date_to is not None:
        conds.append(ReceptionCase.received_on <= f.date_to)
    words = terms(f.text)
    if words:
        match = contains_all(session, ReceptionCase.case_code, words)
        if by_name:
            match = or_(match, starts_words(session, Person.name_fold, words))
        conds.append(match)
    return conds


def _query(session: Session, f: CaseFilter, by_name: bool, today: dt.date) -> Select[Any]:
    return (
        select(ReceptionCase.id)
        .join(Person, Person.id == ReceptionCase.person_id)
        .where(*_where(session, f, by_name, today))
        .order_by(ReceptionCase.received_on.desc(), ReceptionCase.id.desc())
    )


class ListReads:
    """The list reads one viewer has already audited: a list shown again with the same
    query (after a case changes, or while the officer types and deletes) is not audited
    twice. One per cases page."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def first(self, f: CaseFilter) -> bool:
        """True the first time *f* is read (and remembers it)."""
        key = repr(dataclasses.astuple(f))
        if key in self.seen:
            return False
        self.seen.add(key)
        return True


def case_ids(
    profile: OpenProfile,
    f: CaseFilter,
    today: dt.date | None = None,
    reads: ListReads | None = None,
) -> list[str]:
    """Ids of the cases that pass *f*, newest reception first. A list that shows names is
    audited once per distinct query of *reads* (every time when *reads* is None)."""
    by_name = can_see_identity(profile.user.role)
    with profile.db.session() as s:
        q = _query(s, f, by_name, today or dt.date.today())
        ids = [str(i) for i in s.execute(q).scalars()]
        _audit_list(s, profile, f, len(ids), by_name, reads)
    return ids


def first_cases(
    profile: OpenProfile,
    f: CaseFilter,
    limit: int,
    today: dt.date | None = None,
    reads: ListReads | None = None,
) -> tuple[list[CaseRow], int]:
    """The rows of the first *limit* cases of ``case_ids`` and how many cases pass *f* in
    all, read together: what a list shows at once while every id is fetched in the
    background. Audited as ``case_ids`` is, with the whole count."""
    by_name = can_see_identity(profile.user.role)
    day = today or dt.date.today()
    with profile.db.session() as s:
        conds = _where(s, f, by_name, day)
        if f.sex or (by_name and terms(f.text)):  # a condition on the person
            counted = select(func.count()).select_from(ReceptionCase).where(*conds)
            joined = counted.join(Person, Person.id == ReceptionCase.person_id)
            count = int(s.execute(joined).scalar_one())
        else:
            count = live_count(s, ReceptionCase, conds)
        q = _query(s, f, by_name, day).with_only_columns(*_ROW, maintain_column_froms=True)
        rows = [_row(r, by_name, day) for r in s.execute(q.limit(limit))]
        _audit_list(s, profile, f, count, by_name, reads)
    return rows, count


def _audit_list(
    s: Session,
    profile: OpenProfile,
    f: CaseFilter,
    count: int,
    by_name: bool,
    reads: ListReads | None,
) -> None:
    """Audit a list that shows names, once per distinct query of *reads* (every time
    when *reads* is None)."""
    if by_name and (reads is None or reads.first(f)):
        audit.record(
            s, profile.node.node_id, profile.user.username, "case.identity.list", "case",
            details={"count": count, "query": f.text[:200]},
        )  # fmt: skip


_ROW = (ReceptionCase, Person.full_name, Person.sex)


def _row(r: Any, by_name: bool, day: dt.date) -> CaseRow:
    rc, name, sex = r
    return CaseRow(
        rc.id, rc.case_code, name if by_name else "", sex, rc.age_at_reception,
        rc.is_child, rc.received_on, rc.status, rc.due_on,
        rules.is_overdue(rc.due_on, rc.status, day), rc.legal_regime, rc.channel,
        rc.border_gate, rc.commune_code, bool(rc.age_approximate), bool(rc.child_presumed),
    )  # fmt: skip


def case_rows(
    profile: OpenProfile, ids: Sequence[str], today: dt.date | None = None
) -> list[CaseRow]:
    """The rows for *ids*, in the same order (missing ids are skipped)."""
    if not ids:
        return []
    by_name = can_see_identity(profile.user.role)
    day = today or dt.date.today()
    q = (
        select(*_ROW)
        .join(Person, Person.id == ReceptionCase.person_id)
        .where(ReceptionCase.id.in_(list(ids)))
    )
    with profile.db.session() as s:
        found = {r[0].id: _row(r, by_name, day) for r in s.execute(q)}
    return [found[i] for i in ids if i in found]


def overdue_count(profile: OpenProfile, today: dt.date | None = None) -> int:
    """Open cases past their step's deadline (for the dashboard)."""
    day = today or dt.date.today()
    q = select(func.count()).select_from(ReceptionCase).where(
        ReceptionCase.deleted.is_(False), ReceptionCase.due_on < day,
        ReceptionCase.status != rules.CLOSED,
    )  # fmt: skip
    with profile.db.session() as s:
        return int(s.execute(q).scalar_one())


def awaiting_count(profile: OpenProfile) -> int:
    """Open cases received and not yet through verification (for the dashboard)."""
    q = (
        select(func.count())
        .select_from(ReceptionCase)
        .where(ReceptionCase.deleted.is_(False), ReceptionCase.status.in_(AWAITING))
    )
    with profile.db.session() as s:
        return int(s.execute(q).scalar_one())


def match_case_codes(
    profile: OpenProfile, text: str, limit: int = 10, exclude: str | None = None
) -> list[tuple[str, str]]:
    """Live cases whose code contains *text* (case-insensitive) as (id, code), newest
    reception first; an exact code alone when one matches. Codes are not identity."""
    wanted = "".join(text.split()).lower()
    if not wanted:
        return []
    with profile.db.session() as s:
        found = [
            (str(i), str(code)) for i, code in s.execute(_codes_query(s, wanted, limit, exclude))
        ]
    exact = [row for row in found if row[1].lower() == wanted]
    return exact[:1] or found[:limit]


def _codes_query(
    session: Session, wanted: str, limit: int, exclude: str | None
) -> Select[str, str]:
    q = (
        select(ReceptionCase.id, ReceptionCase.case_code)
        .where(
            ReceptionCase.deleted.is_(False),
            contains_all(session, ReceptionCase.case_code, [wanted]),
        )
        .order_by(
            (func.lower(ReceptionCase.case_code) == wanted).desc(),  # an exact code first
            ReceptionCase.received_on.desc(),
            ReceptionCase.id.desc(),
        )
        .limit(limit + 1)
    )
    if exclude is not None:
        q = q.where(ReceptionCase.id != exclude)
    return q


def find_case_by_code(
    profile: OpenProfile, text: str, exclude: str | None = None
) -> tuple[str, str] | None:
    """The one live case whose code is *text* or contains it, as (id, code); None when
    no case or several match."""
    found = match_case_codes(profile, text, limit=2, exclude=exclude)
    return found[0] if len(found) == 1 else None
