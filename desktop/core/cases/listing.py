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
    twice. One per cases page. A query counts as audited once its audit line is committed:
    a line that failed to be written is tried again by the next read, and until then no
    name of that query is shown (``audited``)."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    @staticmethod
    def _key(f: CaseFilter) -> str:
        return repr(dataclasses.astuple(f))

    def audited(self, f: CaseFilter) -> bool:
        """True once the audit line of a read of *f* is committed."""
        return self._key(f) in self.seen

    def remember(self, f: CaseFilter) -> None:
        """The audit line of a read of *f* is committed."""
        self.seen.add(self._key(f))


def case_ids(
    profile: OpenProfile,
    f: CaseFilter,
    today: dt.date | None = None,
    reads: ListReads | None = None,
    audit: bool = True,
) -> list[str]:
    """Ids of the cases that pass *f*, newest reception first. A list that shows names is
    audited once per distinct query of *reads* (every time when *reads* is None), in the
    transaction that reads the ids: no id comes back without its committed line. Without
    *audit* nothing is written: the caller writes the line (``audit_list_read``) before it
    shows anything of the answer (the lists: on the GUI thread, not on the worker that
    reads the ids)."""
    by_name = can_see_identity(profile.user.role)
    with profile.db.session(read=not (audit and by_name)) as s:  # reads, then its audit line
        q = _query(s, f, by_name, today or dt.date.today())
        ids = [str(i) for i in s.execute(q).scalars()]
        audited = audit and _audit_list(s, profile, f, len(ids), by_name, reads)
    if audited and reads is not None:
        reads.remember(f)  # committed
    return ids


def first_cases(
    profile: OpenProfile,
    f: CaseFilter,
    limit: int,
    today: dt.date | None = None,
    reads: ListReads | None = None,
    names: bool = True,
) -> tuple[list[CaseRow], int]:
    """The rows of the first *limit* cases of ``case_ids`` and how many cases pass *f* in
    all, read together: what a list shows at once while every id is fetched in the
    background. With *names* (for a role that may see them) audited as ``case_ids`` is,
    with the whole count; without, the rows carry no name and nothing is written (the
    list audits its read with ``audit_list_read`` and reads the names after it) unless
    *f* searches by name: that read uses names, so it is audited and shows them."""
    by_name = can_see_identity(profile.user.role)
    by_name = by_name and (names or bool(terms(f.text)))
    day = today or dt.date.today()
    with profile.db.session(read=not by_name) as s:  # reads, then its audit line
        conds = _where(s, f, by_name, day)
        if f.sex or (by_name and terms(f.text)):  # a condition on the person
            counted = select(func.count()).select_from(ReceptionCase).where(*conds)
            joined = counted.join(Person, Person.id == ReceptionCase.person_id)
            count = int(s.execute(joined).scalar_one())
        else:
            count = live_count(s, ReceptionCase, conds)
        q = _query(s, f, by_name, day).with_only_columns(*_ROW, maintain_column_froms=True)
        rows = [_row(r, by_name, day) for r in s.execute(q.limit(limit))]
        audited = _audit_list(s, profile, f, count, by_name, reads)
    if audited and reads is not None:
        reads.remember(f)
    return rows, count


def audit_list_read(profile: OpenProfile, f: CaseFilter, count: int, reads: ListReads) -> bool:
    """Write (and commit) the audit line of a list read of *f* (*count* cases) that shows
    names, unless *reads* has it already; True when the list may show names (the line is
    committed), False for a role that may not see them. A failure to write raises: no
    name may be shown then."""
    if not can_see_identity(profile.user.role):
        return False
    if not reads.audited(f):
        with profile.db.session() as s:  # the audit chain read, then extended
            _audit_list(s, profile, f, count, True, reads)
        reads.remember(f)  # committed
    return True


def audited_names(
    profile: OpenProfile, f: CaseFilter, count: int, reads: ListReads, ids: Sequence[str]
) -> dict[str, str]:
    """The names of the persons of the cases *ids* (case id → name) listed by *f*, read
    only once the audit line of the list's read is committed (``audit_list_read``): what a
    list shown without names at first fills them in with. Empty for a role that may not
    see them; a failure to write the line raises before any name is read. An empty list's
    read is audited too (it tells that nobody matches)."""
    if not audit_list_read(profile, f, count, reads) or not ids:
        return {}
    q = (
        select(ReceptionCase.id, Person.full_name)
        .join(Person, Person.id == ReceptionCase.person_id)
        .where(ReceptionCase.id.in_(list(ids)))
    )
    with profile.db.session(read=True) as s:
        return {str(case_id): name for case_id, name in s.execute(q)}


def _audit_list(
    s: Session,
    profile: OpenProfile,
    f: CaseFilter,
    count: int,
    by_name: bool,
    reads: ListReads | None,
) -> bool:
    """Audit a list that shows names, once per distinct query of *reads* (every time
    when *reads* is None). True when a line was added (the caller remembers the query in
    *reads* once it is committed)."""
    if not by_name or (reads is not None and reads.audited(f)):
        return False
    audit.record(
        s, profile.node.node_id, profile.user.username, "case.identity.list", "case",
        details={"count": count, "query": f.text[:200]},
    )  # fmt: skip
    return True


# The columns a row shows, not whole ORM objects: a list reads them for every page.
_ROW = (
    ReceptionCase.id, ReceptionCase.case_code, Person.full_name, Person.sex,
    ReceptionCase.age_at_reception, ReceptionCase.is_child, ReceptionCase.received_on,
    ReceptionCase.status, ReceptionCase.due_on, ReceptionCase.legal_regime,
    ReceptionCase.channel, ReceptionCase.border_gate, ReceptionCase.commune_code,
    ReceptionCase.age_approximate, ReceptionCase.child_presumed,
)  # fmt: skip


def _row(r: Any, by_name: bool, day: dt.date) -> CaseRow:
    (case_id, code, name, sex, age, is_child, received_on, status, due_on, regime, channel,
     gate, commune, approximate, presumed) = r  # fmt: skip
    return CaseRow(
        str(case_id), code, name if by_name else "", sex, age, bool(is_child), received_on,
        status, due_on, rules.is_overdue(due_on, status, day), regime, channel, gate,
        commune, bool(approximate), bool(presumed),
    )  # fmt: skip


def case_rows(
    profile: OpenProfile, ids: Sequence[str], today: dt.date | None = None, names: bool = True
) -> list[CaseRow]:
    """The rows for *ids*, in the same order (missing ids are skipped). Names only for a
    role that may see them and with *names* (a list whose read is audited)."""
    if not ids:
        return []
    by_name = can_see_identity(profile.user.role) and names
    day = today or dt.date.today()
    q = (
        select(*_ROW)
        .join(Person, Person.id == ReceptionCase.person_id)
        .where(ReceptionCase.id.in_(list(ids)))
    )
    with profile.db.session(read=True) as s:
        found = {str(r[0]): _row(r, by_name, day) for r in s.execute(q)}
    return [found[i] for i in ids if i in found]


def overdue_count(profile: OpenProfile, today: dt.date | None = None) -> int:
    """Open cases past their step's deadline (for the dashboard)."""
    day = today or dt.date.today()
    q = select(func.count()).select_from(ReceptionCase).where(
        ReceptionCase.deleted.is_(False), ReceptionCase.due_on < day,
        ReceptionCase.status != rules.CLOSED,
    )  # fmt: skip
    with profile.db.session(read=True) as s:
        return int(s.execute(q).scalar_one())


def awaiting_count(profile: OpenProfile) -> int:
    """Open cases received and not yet through verification (for the dashboard)."""
    q = (
        select(func.count())
        .select_from(ReceptionCase)
        .where(ReceptionCase.deleted.is_(False), ReceptionCase.status.in_(AWAITING))
    )
    with profile.db.session(read=True) as s:
        return int(s.execute(q).scalar_one())


def match_case_codes(
    profile: OpenProfile, text: str, limit: int = 10, exclude: str | None = None
) -> list[tuple[str, str]]:
    """Live cases whose code contains *text* (case-insensitive) as (id, code), newest
    reception first; an exact code alone when one matches. Codes are not identity."""
    wanted = "".join(text.split()).lower()
    if not wanted:
        return []
    with profile.db.session(read=True) as s:
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
